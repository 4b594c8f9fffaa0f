"""The national portal's dossier sync (Cổng DVCQG, "Hệ thống điều phối"): a JSON batch.

One file holds a batch of dossiers: a JSON array, or an object whose ``data`` (or
``DanhSachHoSo``) is that array. Each dossier uses the portal's field names
(``shared/reference/public-admin.md``): ``MaHoSo``, ``MaTTHC``, ``KenhThucHien``,
``NgayTiepNhan``, ``NgayHenTra``, ``NgayKetThucXuLy``, ``TrangThaiHoSo``,
``ThoiGianGiaiQuyet``, ``DonViTinh``, ``MaKetQua``, ``DuongDanTepTinKetQua``,
``HoSoCoThanhPhanSoHoa``, ``TaiKhoanDuocXacThucVoiVNeID``, ``DuocThanhToanTrucTuyen``, the
nested ``TaiLieuNop[]`` (``DuocSoHoa``, ``DuocLayTuKhoDMQG``) and ``DanhSachPhiLePhi[]``
(``Gia``). The agency, unit, submission time and applicant fields are not in the reference;
the names read here (``MaCoQuan``, ``MaDonVi``, ``NgayNopHoSo``, ``ChuHoSo``,
``SoDienThoai``, ``SoDinhDanh``) are the project's choice, with common alternatives.

A dossier that is not an object, lacks ``MaHoSo`` or has an unknown status or an unreadable
time becomes a row with an ``_error`` reason (quarantined); malformed JSON fails the file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from ioc.config import Settings
from ioc.plugins import AdapterError
from ioc_plugins.public_admin.adapters.common import ParseError, blank, frame_of, parse_flag, parse_status, parse_time
from ioc_plugins.public_admin.tables import DOSSIERS

_ALIASES = {
    "agency_code": ("MaCoQuan", "MaCoQuanXuLy", "MaDonViXuLy"),
    "unit_code": ("MaDonVi", "MaDonViTiepNhan", "MaXa"),
    "submitted_at": ("NgayNopHoSo", "NgayNop"),
    "applicant_name": ("ChuHoSo", "TenChuHoSo", "HoTenNguoiNop"),
    "applicant_phone": ("SoDienThoai", "SoDienThoaiChuHoSo"),
    "applicant_id": ("SoDinhDanh", "SoCMND", "SoCCCD"),
}


def read_portal_json(path: str | Path, settings: Settings | None = None, **_: Any) -> pd.DataFrame:
    """Read one DVCQG dossier-sync batch into rows of ``public_admin.dossiers``.

    Raises
    ------
    AdapterError
        When the file is not JSON or holds no list of dossiers.
    """
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AdapterError(f"{path}: không phải JSON hợp lệ (malformed JSON: {error})") from error
    records = dossier_records(document)
    if records is None:
        raise AdapterError(
            f"{path}: không thấy danh sách hồ sơ (no list of dossiers; expected [...] or {{'data': [...]}})"
        )
    return frame_of([dossier_row(record, i, settings) for i, record in enumerate(records)], DOSSIERS.column_names)


def dossier_records(document: Any) -> list[Any] | None:
    """The list of dossiers in a sync document (``None`` when there is none)."""
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for key in ("data", "DanhSachHoSo", "HoSo", "result"):
            if isinstance(document.get(key), list):
                return document[key]
        if "MaHoSo" in document:
            return [document]
    return None


def _first(record: dict[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        if not blank(record.get(name)):
            return record[name]
    return None


def dossier_row(record: Any, index: int, settings: Settings | None = None) -> dict[str, Any]:
    """One portal dossier object as a table row (``_error`` set when it cannot be read)."""
    if not isinstance(record, dict):
        return {"code": f"#{index + 1}", "_error": f"hồ sơ thứ {index + 1} không phải đối tượng JSON (not an object)"}
    row: dict[str, Any] = {"code": record.get("MaHoSo")}
    try:
        if blank(row["code"]):
            raise ParseError("MaHoSo: thiếu mã hồ sơ (missing dossier code)")
        row["status"] = parse_status(record.get("TrangThaiHoSo"))
        for column, field in (
            ("received_at", "NgayTiepNhan"),
            ("due_at", "NgayHenTra"),
            ("finished_at", "NgayKetThucXuLy"),
        ):
            row[column] = parse_time(record.get(field), field, settings)
        row["submitted_at"] = parse_time(_first(record, _ALIASES["submitted_at"]), "NgayNopHoSo", settings)
        documents = record.get("TaiLieuNop") or []
        fees = record.get("DanhSachPhiLePhi") or []
        if not isinstance(documents, list) or not all(isinstance(d, dict) for d in documents):
            raise ParseError("TaiLieuNop: phải là danh sách đối tượng (must be a list of objects)")
        if not isinstance(fees, list) or not all(isinstance(f, dict) for f in fees):
            raise ParseError("DanhSachPhiLePhi: phải là danh sách đối tượng (must be a list of objects)")
        row["fee_total"] = sum(_price(f.get("Gia")) for f in fees)
    except ParseError as error:
        row["_error"] = str(error)
        return row
    channel = record.get("KenhThucHien")
    row["channel"] = 1 if blank(channel) else channel  # null means at the desk (reference)
    row["procedure_code"] = record.get("MaTTHC")
    for column, names in _ALIASES.items():
        if column not in row:
            row[column] = _first(record, names)
    row["duration"] = record.get("ThoiGianGiaiQuyet")
    row["duration_unit"] = record.get("DonViTinh")
    row["result_code"] = record.get("MaKetQua")
    row["result_url"] = record.get("DuongDanTepTinKetQua")
    row["documents"] = len(documents)
    row["documents_digitized"] = sum(parse_flag(d.get("DuocSoHoa")) is True for d in documents)
    row["documents_reused"] = sum(parse_flag(d.get("DuocLayTuKhoDMQG")) is True for d in documents)
    row["digitized"] = bool(parse_flag(record.get("HoSoCoThanhPhanSoHoa"))) or row["documents_digitized"] > 0
    row["vneid"] = parse_flag(record.get("TaiKhoanDuocXacThucVoiVNeID"))
    row["fee_lines"] = len(fees)
    paid = str(record.get("DuocThanhToanTrucTuyen") or "").strip()
    row["paid_online"] = int(paid) if paid in ("1", "2") else None  # 0/empty: not paid online
    row["synced"] = True  # it came through the portal's sync
    return row


def _price(value: Any) -> float:
    if blank(value):
        return 0.0
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        raise ParseError(f"DanhSachPhiLePhi.Gia: không phải số {value!r} (not a number)") from None
