"""Tables of the public-administration domain (Điều 6.4 of the IOC regulation).

- ``public_admin.procedures``: the catalogue of administrative procedures (TTHC) with what
  the Decision 766 index needs about each (announcement and publication dates, online level,
  fees, connection to the population database);
- ``public_admin.dossiers``: one current row per dossier (hồ sơ), as synced to the national
  portal; a later sync of the same code supersedes the earlier row, which stays auditable.
  The applicant's name, phone and ID number are personal data (masked on display);
- ``public_admin.dossier_events``: one row per action on a dossier (received, assigned,
  supplement requested …) with the officer and the time; an event whose dossier is not in
  the lake yet is quarantined with that reason (and can be ingested again later);
- ``public_admin.feedback``: citizens' feedback and petitions (PAKN) about procedures and staff.
"""

from __future__ import annotations

import pandas as pd

from ioc.tables import Column, Reference, Table
from ioc_plugins.public_admin.codes import ACTIONS, ONLINE_LEVELS, PAKN_DEADLINES, PAKN_KINDS, STATUS_LABELS

PROCEDURES = Table(
    name="public_admin.procedures",
    description="Danh mục thủ tục hành chính (TTHC) và các thông tin dùng tính Bộ chỉ số 766",
    columns=(
        Column("code", required=True, description="mã TTHC trên CSDL quốc gia về TTHC"),
        Column("name", required=True, description="tên TTHC"),
        Column("agency_code", required=True, description="cơ quan giải quyết"),
        Column("level", choices=("province", "district", "commune"), description="cấp thực hiện"),
        Column("duration_days", "int", minimum=0, description="thời hạn giải quyết theo quy định, ngày làm việc"),
        Column("fee", "float", minimum=0, unit="VND", description="phí, lệ phí"),
        Column("has_fee", "bool", description="TTHC có nghĩa vụ tài chính"),
        Column("online_level", choices=ONLINE_LEVELS, description="mức DVCTT: none / partial / full"),
        Column("subjects", description="đối tượng thực hiện, cách nhau bởi ';' (citizen, foreigner, business …)"),
        Column("paper_result", "bool", description="TTHC trả kết quả bản giấy"),
        Column("announced_on", "date", description="ngày QĐ công bố"),
        Column("effective_on", "date", description="ngày có hiệu lực của văn bản quy định TTHC"),
        Column("published_on", "date", description="ngày bấm 'Công khai' trên CSDL quốc gia"),
        Column(
            "publication_status",
            choices=("public", "public_amended", "repealed", "draft"),
            description="Đang công khai / Đang công khai sửa đổi bổ sung / Bãi bỏ / chưa",
        ),
        Column(
            "content_parts", "int", minimum=0, maximum=7, description="số bộ phận được công khai (NĐ 63/2010 đ.8.2)"
        ),
        Column("payment_integrated", "bool", description="tích hợp thanh toán trực tuyến trên DVCQG"),
        Column("population_data", "bool", description="kết nối CSDL quốc gia về dân cư"),
        Column("certification", "bool", description="TTHC chứng thực bản sao điện tử từ bản chính"),
    ),
    key=("code",),
)


def _known_status(frame: pd.DataFrame) -> pd.Series:
    bad = frame["status"].notna() & ~frame["status"].isin(list(STATUS_LABELS)).fillna(False)
    return bad.map({True: "status: mã TrangThaiHoSo không có trong danh mục 1–10 (unknown status code)", False: None})


def _due_after_received(frame: pd.DataFrame) -> pd.Series:
    bad = (frame["due_at"] < frame["received_at"]).fillna(False)
    return bad.map({True: "due_at: NgayHenTra trước NgayTiepNhan (due before received)", False: None})


DOSSIERS = Table(
    name="public_admin.dossiers",
    description="Hồ sơ TTHC (đồng bộ với Cổng DVCQG)",
    columns=(
        Column("code", required=True, description="MaHoSo"),
        Column("procedure_code", required=True, description="MaTTHC"),
        Column("agency_code", required=True, description="cơ quan giải quyết"),
        Column("unit_code", description="đơn vị (sở/ngành, xã) tiếp nhận"),
        Column("channel", "int", minimum=1, maximum=3, description="KenhThucHien: 1 trực tiếp, 2 trực tuyến, 3 BCCI"),
        Column("submitted_at", "timestamp", description="thời điểm nộp trực tuyến"),
        Column("received_at", "timestamp", description="NgayTiepNhan, UTC"),
        Column("due_at", "timestamp", description="NgayHenTra, UTC"),
        Column("finished_at", "timestamp", description="NgayKetThucXuLy, UTC"),
        Column("status", "int", required=True, description="TrangThaiHoSo 1–10"),
        Column("duration", "float", minimum=0, description="ThoiGianGiaiQuyet"),
        Column("duration_unit", description="DonViTinh"),
        Column("result_code", description="MaKetQua"),
        Column("result_url", description="DuongDanTepTinKetQua"),
        Column("digitized", "bool", description="HoSoCoThanhPhanSoHoa hoặc có tài liệu DuocSoHoa"),
        Column("documents", "int", minimum=0, description="số tài liệu nộp (TaiLieuNop)"),
        Column("documents_digitized", "int", minimum=0, description="số tài liệu DuocSoHoa = 1"),
        Column("documents_reused", "int", minimum=0, description="số tài liệu DuocLayTuKhoDMQG = 1"),
        Column("vneid", "bool", description="TaiKhoanDuocXacThucVoiVNeID"),
        Column("fee_total", "float", minimum=0, unit="VND", description="tổng DanhSachPhiLePhi[].Gia"),
        Column("fee_lines", "int", minimum=0, description="số dòng phí, lệ phí"),
        Column("paid_online", "int", minimum=1, maximum=2, description="DuocThanhToanTrucTuyen: 1 DVCQG, 2 cổng khác"),
        Column("synced", "bool", description="đã đồng bộ lên Cổng DVCQG"),
        Column("disliked", "bool", description="người dân đánh giá không hài lòng"),
        Column("applicant_name", pii=True, description="chủ hồ sơ"),
        Column("applicant_phone", pii=True, description="số điện thoại"),
        Column("applicant_id", pii=True, description="số CCCD/định danh"),
    ),
    key=("code",),
    time_column="received_at",
    checks=(_known_status, _due_after_received),
)


def _known_action(frame: pd.DataFrame) -> pd.Series:
    bad = frame["action"].notna() & ~frame["action"].isin(list(ACTIONS)).fillna(False)
    return bad.map({True: "action: hành động không có trong danh mục (unknown action)", False: None})


EVENTS = Table(
    name="public_admin.dossier_events",
    description="Sự kiện xử lý hồ sơ, mỗi hành động một dòng",
    columns=(
        Column("event_id", required=True, description="mã sự kiện (duy nhất)"),
        Column("dossier_code", required=True, description="MaHoSo"),
        Column("action", required=True, description="hành động (xem codes.ACTIONS)"),
        Column("at", "timestamp", required=True, description="thời điểm, UTC"),
        Column("actor", description="cán bộ thực hiện"),
        Column("step", description="bước xử lý"),
        Column("quota_days", "float", minimum=0, description="định mức thời gian của bước, ngày làm việc"),
        Column("stated_reason", description="lý do nêu ra (bắt buộc khi dừng, từ chối)"),
        Column("agency_code"),
        Column("unit_code"),
        Column(
            "implied_by",
            description="sự kiện suy ra từ đồng bộ trạng thái (không do hệ thống gửi): lý do suy ra; trống nếu được gửi",
        ),
    ),
    key=("event_id",),
    time_column="at",
    checks=(_known_action,),
    references=(
        Reference(
            "dossier_code",
            "public_admin.dossiers",
            "code",
            "sự kiện đến trước hồ sơ; nhập lại sau khi có hồ sơ (event before its dossier)",
        ),
    ),
)

FEEDBACK = Table(
    name="public_admin.feedback",
    description="Phản ánh, kiến nghị (PAKN) về TTHC và cán bộ",
    columns=(
        Column("feedback_id", required=True),
        Column("agency_code", required=True),
        Column("unit_code"),
        Column("dossier_code", description="hồ sơ liên quan (nếu có)"),
        Column("kind", choices=PAKN_KINDS, description="tthc: quy định/TTHC; staff: hành vi cán bộ"),
        Column("sent_at", "timestamp", required=True, description="thời điểm gửi"),
        Column("forwarded_at", "timestamp", description="thời điểm VPCP/bộ, tỉnh khác chuyển đến"),
        Column("action", choices=tuple(PAKN_DEADLINES), description="refuse / supplement / answer / publish"),
        Column("handled_at", "timestamp", description="thời điểm xử lý"),
        Column("likes", "int", minimum=0),
        Column("dislikes", "int", minimum=0),
        Column("repeated_dissatisfied", "bool", description="phản ánh lại do không hài lòng"),
        Column("content", pii=True, description="nội dung"),
    ),
    key=("feedback_id",),
    time_column="sent_at",
)

TABLES = (PROCEDURES, DOSSIERS, EVENTS, FEEDBACK)
