"""The three real formats: the portal's dossier-sync JSON, the one-stop export, the event stream.

Fixtures are built here from the field names of the reference (``TrangThaiHoSo``,
``NgayTiepNhan``, ``TaiLieuNop[].DuocSoHoa`` …), including what real feeds get wrong:
malformed JSON, unknown status codes, events out of order, twice, or before their dossier.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from ioc.datalayer import DataLayer
from ioc.plugins import AdapterError
from ioc_plugins.public_admin.adapters import read_events_ndjson, read_onestop, read_portal_json
from ioc_plugins.public_admin.tables import TABLES

ZONE = "Asia/Ho_Chi_Minh"


def local(text: str) -> pd.Timestamp:
    return pd.Timestamp(text).tz_localize(ZONE).tz_convert("UTC")


def portal_dossier(code: str = "000.00.12.H05-260302-0001", status: object = 4, **extra) -> dict:
    record = {
        "MaHoSo": code,
        "MaTTHC": "1.001757",
        "MaCoQuan": "STP",
        "MaDonVi": "P.BARIA",
        "KenhThucHien": 2,
        "NgayNopHoSo": "20260302080000",
        "NgayTiepNhan": "20260302093000",
        "NgayHenTra": "20260316093000",
        "NgayKetThucXuLy": None,
        "TrangThaiHoSo": status,
        "ThoiGianGiaiQuyet": 10,
        "DonViTinh": "Ngày làm việc",
        "HoSoCoThanhPhanSoHoa": 0,
        "TaiKhoanDuocXacThucVoiVNeID": 1,
        "DuocThanhToanTrucTuyen": 1,
        "ChuHoSo": "Trần Thị Bích",
        "SoDienThoai": "0912 345 678",
        "SoDinhDanh": "077190001234",
        "TaiLieuNop": [
            {"TenTepDinhKem": "to_khai.pdf", "DuocSoHoa": 1, "DuocLayTuKhoDMQG": 1},
            {"TenTepDinhKem": "cccd.pdf", "DuocSoHoa": 1, "DuocLayTuKhoDMQG": 0},
            {"TenTepDinhKem": "anh.jpg", "DuocSoHoa": 0},
        ],
        "DanhSachPhiLePhi": [{"MaPhiLePhi": "LP1", "Gia": 200000}, {"MaPhiLePhi": "LP2", "Gia": "0"}],
    }
    record.update(extra)
    return record


def test_portal_batch_maps_nested_documents_and_fees(tmp_path):
    path = tmp_path / "dvcqg_dong_bo.json"
    path.write_text(json.dumps({"data": [portal_dossier()]}, ensure_ascii=False), encoding="utf-8")
    row = read_portal_json(path).iloc[0]
    assert pd.isna(row["_error"])
    assert row["received_at"] == local("2026-03-02 09:30").isoformat()
    assert (row["documents"], row["documents_digitized"], row["documents_reused"]) == (3, 2, 1)
    assert bool(row["digitized"]) and bool(row["vneid"])
    assert (row["fee_total"], row["fee_lines"], row["paid_online"]) == (200000.0, 2, 1)
    assert (row["agency_code"], row["unit_code"], row["status"], row["channel"]) == ("STP", "P.BARIA", 4, 2)


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        (portal_dossier(status=11), "unknown status code"),
        (portal_dossier(status="Đang chờ"), "unknown status code"),
        (portal_dossier(status=None), "missing status"),
        (portal_dossier(NgayTiepNhan="32/13/2026"), "cannot parse time"),
        (portal_dossier(TaiLieuNop={"DuocSoHoa": 1}), "TaiLieuNop"),
        (portal_dossier(DanhSachPhiLePhi=[{"Gia": "miễn phí"}]), "not a number"),
        (portal_dossier(code=None), "missing dossier code"),
        ("not an object", "not an object"),
    ],
    ids=["status-11", "status-text", "status-missing", "bad-time", "documents-object", "fee-text", "no-code", "string"],
)
def test_portal_rows_that_cannot_be_read_are_quarantined_with_a_reason(tmp_path, record, reason):
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([portal_dossier("OK-1"), record], ensure_ascii=False), encoding="utf-8")
    frame = read_portal_json(path)
    assert pd.isna(frame["_error"].iloc[0])
    assert reason in frame["_error"].iloc[1]


def test_status_given_as_vietnamese_label_is_understood(tmp_path):
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([portal_dossier(status="Đã trả kết quả")], ensure_ascii=False), encoding="utf-8")
    assert read_portal_json(path)["status"].iloc[0] == 10


@pytest.mark.parametrize("text", ['{"data": [', "", '{"khac": 1}', "[1, 2"], ids=["cut", "empty", "no-list", "open"])
def test_malformed_portal_json_fails_the_file(tmp_path, text):
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AdapterError):
        read_portal_json(path)


ONESTOP_CSV = """SỔ THEO DÕI HỒ SƠ,,,,,,,,,
Bộ phận Một cửa tỉnh,,,,,,,,,
,,,,,,,,,
STT,Mã hồ sơ,Mã TTHC,Cơ quan,Đơn vị,Kênh nộp,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái,Người nộp,Số điện thoại
1,H01,1.001757,STP,P.BARIA,Trực tuyến,02/03/2026 09:30,16/03/2026 09:30,Đang xử lý,Lê Văn Cường,0987654321
2,H02,1.001193,STP,P.BARIA,1,03/03/2026 14:05,04/03/2026 14:05,10,Phạm Thị Dung,0901112223
3,H03,1.001193,STP,P.BARIA,Trực tiếp,31/02/2026 08:00,04/03/2026 14:05,4,Ngô Văn E,0901112224
4,H04,1.001193,STP,P.BARIA,Trực tiếp,03/03/2026 08:00,04/03/2026 14:05,Chờ duyệt,Ngô Văn F,0901112225
,,,,,,,,,
"""


def test_onestop_csv_with_title_rows_vietnamese_headers_and_local_times(tmp_path):
    path = tmp_path / "so_mot_cua.csv"
    path.write_text(ONESTOP_CSV, encoding="utf-8-sig")
    frame = read_onestop(path)
    assert list(frame["code"]) == ["H01", "H02", "H03", "H04"]
    assert frame["received_at"].iloc[0] == local("2026-03-02 09:30").isoformat()
    assert (frame["channel"].iloc[0], frame["status"].iloc[0]) == (2, 4)
    assert (frame["channel"].iloc[1], frame["status"].iloc[1]) == ("1", 10)
    assert "cannot parse time" in frame["_error"].iloc[2]
    assert "unknown status" in frame["_error"].iloc[3]
    assert frame["_error"].iloc[:2].isna().all()


def test_onestop_excel_export(tmp_path):
    header = ["STT", "Mã hồ sơ", "Mã TTHC", "Cơ quan", "Kênh nộp", "Ngày tiếp nhận", "Ngày hẹn trả", "Trạng thái",
              "Số điện thoại"]  # fmt: skip
    rows = [["Sổ theo dõi hồ sơ"] + [None] * 8, header, [1, "H10", "1.001757", "STP", "Trực tuyến", "02/03/2026 09:30", "16/03/2026 09:30", 9, 912345678]]  # fmt: skip
    path = tmp_path / "mot_cua.xlsx"
    pd.DataFrame(rows).to_excel(path, header=False, index=False)
    frame = read_onestop(path)
    assert frame["code"].tolist() == ["H10"]
    assert frame["status"].iloc[0] == 9 and frame["applicant_phone"].iloc[0] == "912345678"


def test_onestop_without_header_fails_the_file(tmp_path):
    path = tmp_path / "mot_cua.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(AdapterError, match="Mã hồ sơ"):
        read_onestop(path)


def ndjson(*records) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records) + "\n"


def test_event_stream_reorders_dedupes_and_quarantines(tmp_path):
    path = tmp_path / "su_kien.ndjson"
    path.write_text(
        ndjson(
            {"MaSuKien": "e2", "MaHoSo": "H01", "HanhDong": "finished", "ThoiGian": "2026-03-05T10:00:00+07:00"},
            {"MaSuKien": "e1", "MaHoSo": "H01", "HanhDong": "assigned", "ThoiGian": "20260302100000", "CanBo": "cb.an"},
            {"MaSuKien": "e1", "MaHoSo": "H01", "HanhDong": "assigned", "ThoiGian": "20260302100000", "CanBo": "cb.an"},
            {"MaSuKien": "e2", "MaHoSo": "H01", "HanhDong": "paused", "ThoiGian": "2026-03-05T10:00:00+07:00"},
            '{"MaHoSo": "H01", "HanhDong": ',
            {"MaHoSo": "H01", "ThoiGian": "20260302100000"},
            {"MaHoSo": "H01", "HanhDong": "received", "ThoiGian": "02/03/2026 09:00"},
        ),
        encoding="utf-8",
    )
    frame = read_events_ndjson(path)
    good = frame[frame["_error"].isna()]
    assert good["action"].tolist() == ["received", "assigned", "assigned", "finished"]  # in time order
    assert good["event_id"].iloc[0].startswith("ev-")  # a stable id from the content
    errors = frame["_error"].dropna().tolist()
    assert any("conflicting duplicate" in e for e in errors)
    assert any("JSON" in e for e in errors)
    assert any("missing action" in e for e in errors)
    assert frame.attrs["notes"]


@pytest.fixture
def layer(sqlite_settings):
    datalayer = DataLayer(sqlite_settings, tables=TABLES)
    yield datalayer
    datalayer.close()


def test_write_quarantines_unknown_codes_and_events_before_their_dossier(layer, tmp_path):
    batch = tmp_path / "dvcqg.json"
    batch.write_text(json.dumps([portal_dossier("H01"), portal_dossier("H99", status=42)]), encoding="utf-8")
    result = layer.write("public_admin.dossiers", read_portal_json(batch))
    assert (result.accepted, result.rejected) == (1, 1)
    quarantined = pd.read_csv(result.quarantine_path)
    assert "unknown status code" in quarantined["reason"].iloc[0]
    stream = tmp_path / "su_kien.ndjson"
    stream.write_text(
        ndjson(
            {"MaSuKien": "a", "MaHoSo": "H01", "HanhDong": "received", "ThoiGian": "20260302093000"},
            {"MaSuKien": "b", "MaHoSo": "H02", "HanhDong": "received", "ThoiGian": "20260302093000"},
            {"MaSuKien": "c", "MaHoSo": "H01", "HanhDong": "teleported", "ThoiGian": "20260302093000"},
            {"MaSuKien": "a", "MaHoSo": "H01", "HanhDong": "received", "ThoiGian": "20260302093000"},
        ),
        encoding="utf-8",
    )
    events = layer.write("public_admin.dossier_events", read_events_ndjson(stream))
    assert (events.accepted, events.rejected, events.duplicate) == (1, 2, 1)
    reasons = pd.read_csv(events.quarantine_path).set_index("event_id")["reason"]
    assert "event before its dossier" in reasons["b"]
    assert "unknown action" in reasons["c"]
    again = layer.write("public_admin.dossier_events", read_events_ndjson(stream))
    assert again.accepted == 0  # re-sending the stream stores nothing twice


def test_pii_columns_are_declared_and_masked(layer, tmp_path):
    batch = tmp_path / "dvcqg.json"
    batch.write_text(json.dumps([portal_dossier("H01")], ensure_ascii=False), encoding="utf-8")
    layer.write("public_admin.dossiers", read_portal_json(batch))
    masked = layer.read("public_admin.dossiers", mask_pii=True).iloc[0]
    assert "Trần Thị Bích" not in str(masked["applicant_name"])
    assert "345 678" not in str(masked["applicant_phone"]) and masked["applicant_id"] != "077190001234"
