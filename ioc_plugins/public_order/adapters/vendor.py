"""Vendors' CSV/Excel exports with Vietnamese headers, for cameras without a live feed.

Two exports: the events a camera's own analytics recorded (``Mã camera``, ``Thời gian``,
``Loại đối tượng``, ``Vùng``, ``Độ tin cậy``, ``Biển số``, ``Ảnh`` …) and the camera
registry (``Mã camera``, ``Tên camera``, ``Kinh độ``, ``Vĩ độ``, ``Đơn vị``,
``Cơ quan quản lý``, ``Loại``, ``Trạng thái``). Headers are matched without case,
diacritics or punctuation; values in Vietnamese (``Người``, ``Xe máy``, ``Hoạt động`` …)
are mapped onto the tables' codes, unknown ones are left for validation to reject. Times
without an offset are the site's local time, written ``dd/mm/yyyy HH:MM[:SS]``.
"""

from __future__ import annotations

import csv
import hashlib
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd

from ioc.config import site_timezone
from ioc.plugins import AdapterError
from ioc.tables import ERROR_COLUMN
from ioc_plugins.public_order.adapters.common import plain

EVENT_HEADERS = {
    "event_id": ("ma su kien", "id su kien", "event id", "event_id"),
    "camera_id": ("ma camera", "camera", "camera id", "camera_id", "ma thiet bi"),
    "time": ("thoi gian", "thoi diem", "thoi gian bat dau", "time", "bat dau"),
    "end_time": ("thoi gian ket thuc", "ket thuc", "end time", "end_time"),
    "label": ("loai doi tuong", "doi tuong", "loai", "label"),
    "zone": ("vung", "khu vuc", "zone"),
    "score": ("do tin cay", "diem", "score", "confidence"),
    "plate": ("bien so", "bien kiem soat", "plate"),
    "snapshot": ("anh", "anh chup", "hinh anh", "snapshot"),
    "speed": ("toc do", "toc do km h", "speed"),
}
CAMERA_HEADERS = {
    "camera_id": ("ma camera", "camera id", "camera_id", "ma thiet bi"),
    "name": ("ten camera", "ten", "name", "ten thiet bi"),
    "lon": ("kinh do", "lon", "longitude"),
    "lat": ("vi do", "lat", "latitude"),
    "unit_code": ("ma don vi", "don vi", "unit code", "ma xa phuong"),
    "agency": ("co quan quan ly", "don vi quan ly", "agency"),
    "kind": ("loai camera", "loai", "kind"),
    "status": ("trang thai", "status"),
    "address": ("dia chi", "vi tri", "address"),
}
LABEL_WORDS = {
    "nguoi": "person",
    "nguoi di bo": "person",
    "o to": "car",
    "oto": "car",
    "xe con": "car",
    "xe may": "motorcycle",
    "xe gan may": "motorcycle",
    "xe tai": "truck",
    "xe buyt": "bus",
    "xe khach": "bus",
    "xe dap": "bicycle",
    "phuong tien": "vehicle",
    "chay": "fire",
    "lua": "fire",
    "dam chay": "fire",
    "khoi": "smoke",
}
KIND_WORDS = {"co dinh": "fixed", "quay quet": "ptz", "ptz": "ptz", "nhan dang bien so": "anpr", "anpr": "anpr"}
STATUS_WORDS = {"hoat dong": "active", "dang hoat dong": "active", "bao tri": "maintenance", "ngung": "retired"}


def _table(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return pd.read_excel(path, dtype=str, engine="openpyxl")
        for encoding in ("utf-8-sig", "cp1258"):
            try:
                return pd.read_csv(path, dtype=str, sep=None, engine="python", encoding=encoding)
            except UnicodeDecodeError:
                continue
    except (ValueError, OSError, KeyError, pd.errors.ParserError, csv.Error, zipfile.BadZipFile) as error:
        # openpyxl raises BadZipFile/KeyError on a damaged workbook, the csv sniffer csv.Error
        raise AdapterError(f"{path}: không đọc được bảng (cannot read the table: {error})") from None
    raise AdapterError(f"{path}: bảng mã không nhận ra (unknown encoding)")


def _rename(frame: pd.DataFrame, headers: dict[str, tuple[str, ...]], required: tuple[str, ...], path: Path):
    wanted = {alias: column for column, aliases in headers.items() for alias in aliases}
    renamed = {}
    for header in frame.columns:
        column = wanted.get(plain(header))
        if column and column not in renamed.values():
            renamed[header] = column
    frame = frame.rename(columns=renamed)[list(renamed.values())]
    missing = [c for c in required if c not in frame]
    if missing:
        raise AdapterError(f"{path}: thiếu cột {missing} (missing columns; headers: {list(renamed)})")
    return frame


def _words(values: pd.Series, table: dict[str, str]) -> pd.Series:
    return values.map(lambda v: table.get(plain(v), plain(v).replace(" ", "_")) if isinstance(v, str) else v)


def _local_times(values: pd.Series, zone: str) -> pd.Series:
    """Day-first local times (or ISO with an offset) → UTC; unparsable text stays as it was."""
    out = []
    for value in values:
        if not isinstance(value, str) or not value.strip():
            out.append(None)
            continue
        iso = "T" in value or value[:4].isdigit()
        stamp = pd.to_datetime(value, errors="coerce", dayfirst=not iso)
        if pd.isna(stamp):
            out.append(value)  # validation reports it
        else:
            out.append(stamp.tz_localize(zone) if stamp.tzinfo is None else stamp.tz_convert("UTC"))
    return pd.Series(out, index=values.index, dtype=object)


def _score(values: pd.Series) -> pd.Series:
    def one(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        value = value.strip().replace(",", ".")
        if value.endswith("%"):
            try:
                return float(value[:-1]) / 100
            except ValueError:
                return value
        return value

    return values.map(one)


def read_vendor_events(path: str | Path, *, settings: Any = None, **_: Any) -> pd.DataFrame:
    """A vendor's export of camera events (CSV or Excel, Vietnamese headers)."""
    path = Path(path)
    frame = _rename(_table(path), EVENT_HEADERS, ("camera_id", "time", "label"), path)
    zone = site_timezone(settings)
    frame["label"] = _words(frame["label"], LABEL_WORDS)
    frame["time"] = _local_times(frame["time"], zone)
    if "end_time" in frame:
        frame["end_time"] = _local_times(frame["end_time"], zone)
    if "score" in frame:
        frame["score"] = _score(frame["score"])
    if "zone" in frame:
        frame["zones"] = frame["zone"]
    if "event_id" not in frame:  # a stable id: re-importing the same export stores nothing twice
        keys = frame[["camera_id", "time", "label"]].astype(str).agg("|".join, axis=1)
        if "zone" in frame:
            keys = keys + "|" + frame["zone"].astype(str)
        frame["event_id"] = ["vendor-" + hashlib.sha1(k.encode()).hexdigest()[:16] for k in keys]
    frame["last_seen"] = frame["time"]
    frame["event_type"] = "end"
    frame["source"] = "vendor"
    frame[ERROR_COLUMN] = None
    return frame


def read_vendor_cameras(path: str | Path, **_: Any) -> pd.DataFrame:
    """A vendor's camera registry (CSV or Excel, Vietnamese headers)."""
    path = Path(path)
    frame = _rename(_table(path), CAMERA_HEADERS, ("camera_id", "name"), path)
    if "kind" in frame:
        frame["kind"] = _words(frame["kind"], KIND_WORDS)
    if "status" in frame:
        frame["status"] = _words(frame["status"], STATUS_WORDS)
    return frame
