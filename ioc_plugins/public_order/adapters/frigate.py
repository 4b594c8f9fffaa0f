"""Frigate NVR over MQTT: ``frigate/events``, ``frigate/reviews``, ``frigate/tracked_object_update``.

The payloads (Frigate's MQTT integration, docs/integrations/mqtt.md):

- ``frigate/events``: ``{"type": "new"|"update"|"end", "before": {…}, "after": {…}}``; the
  ``after`` object is the current state of one tracked object (``id``, ``camera``,
  ``label``, ``sub_label`` — null, a string or ``[name, score]`` —, ``start_time`` /
  ``end_time`` / ``frame_time`` as float epoch seconds, ``box`` in pixels
  ``[x1, y1, x2, y2]``, ``current_zones``, ``entered_zones``, ``has_snapshot``,
  ``recognized_license_plate`` …). Version 0.12 payloads lack the newer keys.
- ``frigate/reviews``: the same envelope around a review item (``severity`` alert or
  detection, ``data.objects``, ``data.zones``, ``data.detections``).
- ``frigate/tracked_object_update``: ``description`` (GenAI), ``face``, ``lpr`` and
  ``classification`` updates of a tracked object; a ``description`` carries no time, so
  the time it was received is used.
- ``frigate/triggers``: a semantic-search trigger fired for an event.

Snapshots are referred to by Frigate's own storage path (``clips/<camera>-<id>.jpg``
under its media folder); the dashboard shows a placeholder when the file is not there.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from ioc_plugins.public_order.adapters.common import (
    BadMessage,
    box,
    epoch,
    file_messages,
    flag,
    number,
    rows_from,
    seconds,
    strings,
    text,
)
from ioc_plugins.public_order.config import public_order_config
from ioc_plugins.public_order.tables import CAMERA_EVENTS, OBJECT_UPDATES, REVIEWS

ENVELOPE_TYPES = ("new", "update", "end")
#: Where Frigate keeps snapshots, relative to its media folder (``/media/frigate``).
SNAPSHOT_PATH = "clips/{camera}-{id}.jpg"


def _state(message: dict[str, Any]) -> dict[str, Any]:
    """The ``after`` object of an envelope (``before`` when a broken sender omits it)."""
    kind = message.get("type")
    if kind not in ENVELOPE_TYPES:
        raise BadMessage(f"type: {kind!r:.40} không phải new/update/end (not a Frigate event envelope)")
    state = message.get("after") if message.get("after") is not None else message.get("before")
    if not isinstance(state, dict):
        raise BadMessage("after: thiếu trạng thái đối tượng (missing the 'after' object)")
    return state


def _sub_label(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value or None
    if isinstance(value, list) and value and isinstance(value[0], str):
        return value[0]
    raise BadMessage("after.sub_label: cần chuỗi hoặc [tên, điểm] (expected a string or [name, score])")


#: The row's time columns and the message fields they come from (float epoch seconds).
EVENT_TIMES = {"time": "start_time", "end_time": "end_time", "last_seen": "frame_time"}


def event_row(message: dict[str, Any], frame_size: tuple[int, int] | None = None) -> dict[str, Any]:
    """One ``frigate/events`` message as a ``public_order.camera_events`` row."""
    row = _event_values(message, frame_size)
    for column in EVENT_TIMES:
        row[column] = epoch(row[column])
    return row


def _event_values(message: dict[str, Any], frame_size: tuple[int, int] | None) -> dict[str, Any]:
    """:func:`event_row` with its times still epoch seconds (checked; converted a column at a time)."""
    after = _state(message)
    w = "after."
    event_id = text(after, "id", required=True, where=w)
    camera = text(after, "camera", required=True, where=w)
    x1, y1, x2, y2 = box(after.get("box"), where="after.box")
    zones = strings(after, "current_zones", where=w)
    entered = strings(after, "entered_zones", where=w)
    has_snapshot = flag(after, "has_snapshot", where=w)
    speed = number(after, "average_estimated_speed", where=w)
    return {
        "event_id": event_id,
        "camera_id": camera,
        "time": seconds(number(after, "start_time", required=True, where=w)),
        "end_time": seconds(number(after, "end_time", where=w)),
        "last_seen": seconds(number(after, "frame_time", where=w)),
        "event_type": message["type"],
        "label": text(after, "label", required=True, where=w),
        "sub_label_name": _sub_label(after.get("sub_label")),
        "zone": (zones or entered or [None])[0],
        "zones": ",".join(dict.fromkeys(entered + zones)) or None,
        "score": number(after, "score", where=w),
        "top_score": number(after, "top_score", where=w),
        "box_x1": x1,
        "box_y1": y1,
        "box_x2": x2,
        "box_y2": y2,
        "frame_width": frame_size[0] if frame_size else None,
        "frame_height": frame_size[1] if frame_size else None,
        "track_id": event_id,
        "stationary": flag(after, "stationary", where=w),
        "speed": speed,
        "plate": text(after, "recognized_license_plate", where=w),
        "plate_score": number(after, "recognized_license_plate_score", where=w),
        "snapshot": SNAPSHOT_PATH.format(camera=camera, id=event_id) if has_snapshot else None,
        "source": "frigate",
    }


def review_row(message: dict[str, Any]) -> dict[str, Any]:
    """One ``frigate/reviews`` message as a ``public_order.reviews`` row."""
    after = _state(message)
    w = "after."
    data = after.get("data") or {}
    if not isinstance(data, dict):
        raise BadMessage("after.data: cần một đối tượng (expected an object)")
    detections = data.get("detections") or []
    if not isinstance(detections, list):
        raise BadMessage("after.data.detections: cần danh sách (expected a list)")
    return {
        "review_id": text(after, "id", required=True, where=w),
        "camera_id": text(after, "camera", required=True, where=w),
        "time": epoch(number(after, "start_time", required=True, where=w)),
        "end_time": epoch(number(after, "end_time", where=w)),
        "event_type": message["type"],
        "severity": text(after, "severity", required=True, where=w),
        "objects": ",".join(strings(data, "objects", where="after.data.")) or None,
        "zones": ",".join(strings(data, "zones", where="after.data.")) or None,
        "detections": len(detections),
        "thumb_path": text(after, "thumb_path", where=w),
        "source": "frigate",
    }


def update_row(message: dict[str, Any], received: pd.Timestamp) -> dict[str, Any]:
    """One ``frigate/tracked_object_update`` (or ``frigate/triggers``) message as an update row."""
    kind = text(message, "type", required=True)
    if "event_id" in message and "name" in message and kind not in ("description", "face", "lpr", "classification"):
        # frigate/triggers: {"name", "camera", "event_id", "type": "thumbnail"|"description", "score"}
        return {
            "event_id": text(message, "event_id", required=True),
            "kind": "trigger",
            "time": received,
            "camera_id": text(message, "camera"),
            "model": kind,
            "value": text(message, "name"),
            "score": number(message, "score"),
        }
    stamp = number(message, "timestamp")
    return {
        "event_id": text(message, "id", required=True),
        "kind": kind,
        "time": epoch(stamp) if stamp is not None else received,
        "camera_id": text(message, "camera"),
        "name": text(message, "name") if kind != "classification" else None,
        "plate": text(message, "plate"),
        "description": text(message, "description"),
        "model": text(message, "model"),
        "value": text(message, "sub_label") or text(message, "attribute"),
        "score": number(message, "score"),
    }


def _frame_size(settings: Any) -> tuple[int, int] | None:
    if settings is None:
        return None
    config = public_order_config(settings)
    return (config.frame_width, config.frame_height)


def parse_events(payloads: Iterable[bytes], *, settings: Any = None, **_: Any) -> pd.DataFrame:
    """``frigate/events`` payloads → ``public_order.camera_events`` rows (bad ones with ``_error``)."""
    size = _frame_size(settings)
    frame = rows_from(payloads, lambda m: _event_values(m, size), CAMERA_EVENTS.column_names)
    for column in EVENT_TIMES:  # one conversion per column, not a Timestamp per value
        frame[column] = pd.to_datetime(frame[column].astype("float64"), unit="s", utc=True)
    return frame


def parse_reviews(payloads: Iterable[bytes], **_: Any) -> pd.DataFrame:
    """``frigate/reviews`` payloads → ``public_order.reviews`` rows."""
    return rows_from(payloads, review_row, REVIEWS.column_names)


def parse_updates(payloads: Iterable[bytes], *, received: Any = None, **_: Any) -> pd.DataFrame:
    """``frigate/tracked_object_update`` and ``frigate/triggers`` payloads → update rows.

    ``received`` is when the messages arrived (UTC; now by default): the time of updates
    that carry none.
    """
    when = pd.Timestamp(received) if received is not None else pd.Timestamp.now(tz="UTC")
    when = when.tz_localize("UTC") if when.tzinfo is None else when
    return rows_from(payloads, lambda m: update_row(m, when), OBJECT_UPDATES.column_names)


def read_events(path: str | Path, **options: Any) -> pd.DataFrame:
    """A file of ``frigate/events`` messages (one, a JSON array, or NDJSON)."""
    return parse_events(file_messages(path), **options)


def read_reviews(path: str | Path, **options: Any) -> pd.DataFrame:
    """A file of ``frigate/reviews`` messages."""
    return parse_reviews(file_messages(path), **options)


def read_updates(path: str | Path, **options: Any) -> pd.DataFrame:
    """A file of ``frigate/tracked_object_update`` messages; times default to the file's mtime."""
    options.setdefault("received", pd.Timestamp(Path(path).stat().st_mtime, unit="s", tz="UTC"))
    return parse_updates(file_messages(path), **options)
