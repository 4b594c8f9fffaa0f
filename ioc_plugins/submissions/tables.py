"""Tables of the submissions domain: the values agencies report by template, and the receipts."""

from __future__ import annotations

from ioc.tables import Column, Table

RECEIPT_STATUSES = ("accepted", "partial", "rejected")
CHANNELS = ("file", "email", "upload", "demo")

VALUES = Table(
    name="submissions.values",
    description="Số liệu các cơ quan gửi theo biểu mẫu thứ Hai, thứ Năm (template values, Đ15.2)",
    columns=(
        Column("agency", required=True),
        Column("report_date", "date", required=True, description="the Monday or Thursday reported for"),
        Column("indicator_code", required=True),
        Column("unit_code", required=True),
        Column("period", "date", required=True, description="first day of the month/quarter/year of the value"),
        Column("value", "float", required=True),
        Column("status", choices=("Ước tính", "Chính thức")),
        Column("note"),
        Column("submission_id", required=True, description="hash of the workbook the value came in"),
        Column("received_at", "timestamp", required=True),
    ),
    # a later workbook for the same report and cell is a correction: it supersedes, history keeps both
    key=("agency", "report_date", "indicator_code", "unit_code", "period"),
    time_column="received_at",
)

RECEIPTS = Table(
    name="submissions.receipts",
    description="Biểu mẫu đã nhận: đơn vị, kỳ báo cáo, thời điểm, kết quả kiểm tra (submission receipts)",
    columns=(
        Column("submission_id", required=True),
        Column("agency", required=True),
        Column("report_date", "date", required=True),
        Column("received_at", "timestamp", required=True),
        Column("channel", choices=CHANNELS),
        Column("file_name"),
        Column("sender", pii=True, description="e-mail address of the sender"),
        Column("status", required=True, choices=RECEIPT_STATUSES),
        Column("rows_accepted", "int", minimum=0),
        Column("rows_rejected", "int", minimum=0),
        Column("detail", description="why the workbook or some of its rows were refused"),
    ),
    key=("submission_id",),
    time_column="received_at",
)

TABLES = (VALUES, RECEIPTS)
