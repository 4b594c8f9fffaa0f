"""Tables of the public-order domain: cameras, camera events, reviews, object updates, counts.

A camera event is one tracked object as the camera's analytics reported it (a Frigate
event, a DeepStream message, a line of a vendor's export): the last message about an object
supersedes the earlier ones (the natural key is the event id), so the ``new → update →
end`` stream of one object is one row that ends with its final state. Counts per camera,
zone, label and minute are derived from the events (or written by a camera's own
counter). Licence plates and recognised names are personal data (``pii=True``): masked
outside the police role.
"""

from __future__ import annotations

import pandas as pd

from ioc.tables import Column, Table

#: Object labels the IOC accepts (Frigate's COCO labels that matter on streets and beaches,
#: plus Frigate+ fire/smoke and DeepStream's generic vehicle). Anything else is quarantined.
PEOPLE = ("person",)
VEHICLES = ("car", "motorcycle", "bicycle", "truck", "bus", "vehicle")
HAZARDS = ("fire", "smoke")
OTHER_LABELS = ("boat", "dog", "cat", "bird", "horse", "cow", "backpack", "handbag", "suitcase", "package")
LABELS = PEOPLE + VEHICLES + HAZARDS + OTHER_LABELS

#: Where a row came from.
SOURCES = ("frigate", "deepstream", "vendor", "demo", "counter")
CAMERA_KINDS = ("fixed", "ptz", "anpr", "dome", "thermal")
CAMERA_STATUSES = ("active", "maintenance", "retired")
#: Frame size assumed when the camera registry gives none (project choice: 4K UHD, the
#: largest stream the site's cameras send); a box outside its frame is rejected.
DEFAULT_FRAME = (3840, 2160)


def _box_inside_frame(frame: pd.DataFrame) -> pd.Series:
    """Reason for a bounding box that is not inside its frame (pixels, x1 < x2, y1 < y2)."""
    x1, y1, x2, y2 = (frame[c].astype("Float64") for c in ("box_x1", "box_y1", "box_x2", "box_y2"))
    width = frame["frame_width"].astype("Float64").fillna(DEFAULT_FRAME[0])
    height = frame["frame_height"].astype("Float64").fillna(DEFAULT_FRAME[1])
    outside = (x1 < 0) | (y1 < 0) | (x2 > width) | (y2 > height) | (x2 <= x1) | (y2 <= y1)
    outside = outside.fillna(False).astype(bool)
    reason = "box: khung đối tượng nằm ngoài khung hình (bounding box out of frame)"
    return pd.Series([reason if bad else None for bad in outside], index=frame.index, dtype=object)


def _ends_after_start(frame: pd.DataFrame) -> pd.Series:
    bad = (frame["end_time"] < frame["time"]).fillna(False).astype(bool)
    reason = "end_time: kết thúc trước khi bắt đầu (ends before it starts)"
    return pd.Series([reason if b else None for b in bad], index=frame.index, dtype=object)


CAMERAS = Table(
    name="public_order.cameras",
    description="Danh mục camera (camera registry): vị trí, đơn vị, cơ quan quản lý, loại, trạng thái",
    columns=(
        Column("camera_id", required=True),
        Column("name", required=True),
        Column("lon", "float", minimum=-180, maximum=180),
        Column("lat", "float", minimum=-90, maximum=90),
        Column("unit_code", description="GSO code of the administrative unit"),
        Column("agency", description="owner agency code (CA, SGTVT …)"),
        Column("kind", choices=CAMERA_KINDS),
        Column("status", choices=CAMERA_STATUSES),
        Column("address"),
        Column("expected_interval_min", "int", minimum=1, description="silence longer than 3× this is an alert"),
        Column("frame_width", "int", minimum=1, maximum=16384),
        Column("frame_height", "int", minimum=1, maximum=16384),
        Column("crowd_threshold", "int", minimum=1, description="people in view that make a crowd"),
        Column("vehicle_threshold", "int", minimum=1, description="vehicles in view that make a jam"),
        Column("restricted_zone", description="zone watched for intrusion ('*': the whole view)"),
        Column("allowed_hours", description="local hours when people may be there, e.g. 05:00-22:00"),
    ),
    key=("camera_id",),
    geometry=("lon", "lat"),
)

CAMERA_EVENTS = Table(
    name="public_order.camera_events",
    description="Sự kiện camera (tracked objects): Frigate, DeepStream, tệp xuất của nhà cung cấp",
    columns=(
        Column("event_id", required=True),
        Column("camera_id", required=True),
        Column("time", "timestamp", required=True, description="start of the object's track, UTC"),
        Column("end_time", "timestamp", description="end of the track (None while it is active)"),
        Column("last_seen", "timestamp", description="frame time of the latest message"),
        Column("event_type", description="new | update | end (Frigate), moving | parked … (DeepStream)"),
        Column("label", required=True, choices=LABELS),
        Column("sub_label_name", pii=True, description="Frigate sub_label: a recognised name (face) or sub-class"),
        Column("zone", description="first current zone (counts are per zone)"),
        Column("zones", description="every zone entered, comma-separated"),
        Column("score", "float", minimum=0, maximum=1),
        Column("top_score", "float", minimum=0, maximum=1),
        Column("box_x1", "int"),
        Column("box_y1", "int"),
        Column("box_x2", "int"),
        Column("box_y2", "int"),
        Column("frame_width", "int", minimum=1, maximum=16384),
        Column("frame_height", "int", minimum=1, maximum=16384),
        Column("track_id"),
        Column("stationary", "bool"),
        Column("speed", "float", minimum=0, maximum=400, unit="km/h"),
        Column("plate", pii=True, description="recognised licence plate"),
        Column("plate_score", "float", minimum=0, maximum=1),
        Column("snapshot", description="path or URL of the snapshot image"),
        Column("source", required=True, choices=SOURCES),
    ),
    key=("event_id",),
    time_column="time",
    retention_days=365,
    checks=(_box_inside_frame, _ends_after_start),
)

REVIEWS = Table(
    name="public_order.reviews",
    description="Mục xem lại của Frigate (review items: alert / detection)",
    columns=(
        Column("review_id", required=True),
        Column("camera_id", required=True),
        Column("time", "timestamp", required=True),
        Column("end_time", "timestamp"),
        Column("event_type"),
        Column("severity", required=True, choices=("alert", "detection")),
        Column("objects", description="labels seen, comma-separated"),
        Column("zones"),
        Column("detections", "int", minimum=0, description="number of tracked objects in the review"),
        Column("thumb_path"),
        Column("source", required=True, choices=SOURCES),
    ),
    key=("review_id",),
    time_column="time",
    retention_days=365,
)

OBJECT_UPDATES = Table(
    name="public_order.object_updates",
    description="Cập nhật đối tượng (Frigate tracked_object_update: mô tả, khuôn mặt, biển số, phân loại)",
    columns=(
        Column("event_id", required=True),
        Column("kind", required=True, choices=("description", "face", "lpr", "classification", "trigger")),
        Column("time", "timestamp", required=True),
        Column("camera_id"),
        Column("name", pii=True, description="recognised person or known plate owner"),
        Column("plate", pii=True),
        Column("description"),
        Column("model"),
        Column("value", description="sub-label or attribute of a classification"),
        Column("score", "float", minimum=0, maximum=1),
    ),
    key=("event_id", "kind", "time"),
    time_column="time",
    retention_days=365,
)

COUNTS = Table(
    name="public_order.counts",
    description="Số đối tượng theo camera, vùng, loại và phút (derived counts per minute)",
    columns=(
        Column("camera_id", required=True),
        Column("zone", required=True, description="'*' when the event has no zone"),
        Column("label", required=True, choices=LABELS),
        Column("time", "timestamp", required=True, description="start of the minute, UTC"),
        Column("count", "int", required=True, minimum=0),
        Column("dwell_s", "float", minimum=0, description="mean time the counted objects had been in view"),
        Column("place", required=True, description="camera_id/zone (the entity rules watch)"),
    ),
    key=("camera_id", "zone", "label", "time"),
    time_column="time",
    retention_days=730,
)

TABLES = (CAMERAS, CAMERA_EVENTS, REVIEWS, OBJECT_UPDATES, COUNTS)
