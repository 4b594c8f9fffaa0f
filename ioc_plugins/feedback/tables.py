"""Tables of the feedback domain.

``feedback.submissions`` keeps every report as it arrived from the e-mail and hotline
adapters (and the demo), before it becomes an incident: the raw record stays auditable
in the lake, the life cycle lives in the state store (``incidents``). Personal data
columns are declared PII, so the data layer masks them on display and export.
"""

from __future__ import annotations

import pandas as pd

from ioc.tables import Column, Table
from ioc_plugins.feedback.catalogue import default_categories

CHANNELS = ("web", "email", "hotline", "open311", "app")


def _known_category(frame: pd.DataFrame) -> pd.Series:

    known = frame["category"].isna() | frame["category"].isin(list(default_categories())).fillna(False)
    return known.map({True: None, False: "category: loại phản ánh không có trong danh mục (unknown category)"})


SUBMISSIONS = Table(
    name="feedback.submissions",
    description="Phản ánh hiện trường như khi tiếp nhận (thư điện tử, tổng đài, cổng thông tin)",
    columns=(
        Column("channel", required=True, choices=CHANNELS, description="kênh tiếp nhận"),
        Column("source_id", required=True, description="Message-ID của thư, mã cuộc gọi …"),
        Column("received_at", "timestamp", required=True, description="thời điểm tiếp nhận, UTC"),
        Column("category", description="loại phản ánh (trống: phân loại theo từ khóa)"),
        Column("title"),
        Column(
            "description",
            required=True,
            pii=True,
            description="nội dung phản ánh (văn bản tự do: số điện thoại, e-mail, CCCD bên trong được che)",
        ),
        Column("address", pii=True, description="địa chỉ chính xác"),
        Column("lon", "float", minimum=-180, maximum=180),
        Column("lat", "float", minimum=-90, maximum=90),
        Column("unit_code", description="mã đơn vị hành chính cấp xã"),
        Column("reporter_name", pii=True),
        Column("reporter_phone", pii=True),
        Column("reporter_email", pii=True),
        Column("reporter_national_id", pii=True, description="CCCD/CMND"),
        Column("media_url", description="ảnh đính kèm"),
        Column("attachments", "int", minimum=0, description="số tệp đính kèm"),
    ),
    key=("channel", "source_id"),
    time_column="received_at",
    geometry=("lon", "lat"),
    checks=(_known_category,),
)

#: The NLP tasks whose labels are kept for each report.
TASKS = ("sentiment", "topic", "sensitivity")

TEXT_LABELS = Table(
    name="feedback.text_labels",
    description="Nhãn NLP của phản ánh (cảm xúc, chủ đề, nhạy cảm) kèm phiên bản mô hình",
    columns=(
        Column("channel", required=True),
        Column("source_id", required=True),
        Column("received_at", "timestamp", required=True),
        *(
            column
            for task in TASKS
            for column in (
                Column(f"{task}_label"),
                Column(f"{task}_score", "float", minimum=0, maximum=1),
                Column(f"{task}_model", description="registry id of the model, e.g. topic/v0001"),
            )
        ),
    ),
    key=("channel", "source_id"),
    time_column="received_at",
)

TABLES = (SUBMISSIONS, TEXT_LABELS)
