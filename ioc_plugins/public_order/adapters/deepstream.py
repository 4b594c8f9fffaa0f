"""NVIDIA DeepStream messages (``nvmsgconv`` full schema 1.0, ``nv-schema.json``).

One message per detection: ``messageid``, ``@timestamp`` (ISO with ``Z``), ``place``
(with an ``aisle``, ``parkingSpot`` or ``entrance`` sub-place), ``sensor`` (the camera),
``object`` (``id`` — the tracker id —, ``speed``, ``bbox`` with ``topleftx`` …
``bottomrighty``, and one of ``vehicle``, ``person``, ``face`` …), ``event``
(``type``: moving, parked, empty, entry, exit …). ``"UNKNOWN"`` and ``""`` mean null.
The same messages come as NDJSON files or over MQTT. A sensor maps onto a camera through
``plugins.public_order.deepstream_sensors`` (sensor id → camera id; unmapped sensors keep
their own id).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from ioc_plugins.public_order.adapters.common import BadMessage, file_messages, number, rows_from, text
from ioc_plugins.public_order.config import public_order_config
from ioc_plugins.public_order.tables import CAMERA_EVENTS

NULLS = {"", "UNKNOWN", "unknown"}
#: DeepStream vehicle types → the IOC's labels (others: the generic "vehicle").
VEHICLE_TYPES = {
    "sedan": "car",
    "suv": "car",
    "car": "car",
    "van": "car",
    "coupe": "car",
    "hatchback": "car",
    "truck": "truck",
    "pickup": "truck",
    "bus": "bus",
    "motorbike": "motorcycle",
    "motorcycle": "motorcycle",
    "scooter": "motorcycle",
    "bicycle": "bicycle",
}
SUB_PLACES = ("aisle", "parkingSpot", "entrance")


def _clean(value: Any) -> Any:
    return None if isinstance(value, str) and value.strip() in NULLS else value


def _object_label(obj: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    if isinstance(obj.get("vehicle"), dict):
        vehicle = obj["vehicle"]
        kind = _clean(vehicle.get("type"))
        return VEHICLE_TYPES.get(str(kind).lower(), "vehicle") if kind else "vehicle", vehicle
    for key in ("person", "face"):
        if isinstance(obj.get(key), dict):
            return "person", obj[key]
    for key in ("fire", "smoke"):
        if isinstance(obj.get(key), dict):
            return key, obj[key]
    raise BadMessage("object: không có vehicle/person/face (unknown object kind)")


def _zone(place: Any) -> str | None:
    if not isinstance(place, dict):
        return None
    for key in SUB_PLACES:
        sub = place.get(key)
        if isinstance(sub, dict):
            return _clean(sub.get("name")) or _clean(sub.get("id"))
    return _clean(place.get("name"))


def message_row(message: dict[str, Any], sensors: dict[str, str]) -> dict[str, Any]:
    """One DeepStream message as a ``public_order.camera_events`` row."""
    sensor = message.get("sensor")
    obj = message.get("object")
    event = message.get("event") or {}
    if not isinstance(sensor, dict) or not isinstance(obj, dict) or not isinstance(event, dict):
        raise BadMessage("sensor/object/event: cần đối tượng JSON (expected objects)")
    sensor_id = text(sensor, "id", required=True, where="sensor.")
    stamp = text(message, "@timestamp", required=True)
    time = pd.to_datetime(stamp, utc=True, errors="coerce")
    if pd.isna(time):
        raise BadMessage(f"@timestamp: không đọc được thời điểm {stamp!r:.40} (cannot parse)")
    label, detail = _object_label(obj)
    bbox = obj.get("bbox") or {}
    if not isinstance(bbox, dict):
        raise BadMessage("object.bbox: cần đối tượng (expected an object)")
    corners = [number(bbox, k, where="object.bbox.") for k in ("topleftx", "toplefty", "bottomrightx", "bottomrighty")]
    if all(c == 0 for c in corners):  # an "empty" parking-spot event has no object, hence no box
        corners = [None, None, None, None]
    plate = _clean(detail.get("license")) if label != "person" else None
    confidence = detail.get("confidence")
    return {
        "event_id": text(message, "messageid", required=True),
        "camera_id": sensors.get(sensor_id, sensor_id),
        "time": time,
        "last_seen": time,
        "event_type": _clean(text(event, "type", where="event.")),
        "label": label,
        "zone": _zone(message.get("place")),
        "zones": _zone(message.get("place")),
        # DeepStream's 0.0 confidence means "not computed", not "certainly wrong"
        "score": confidence if isinstance(confidence, (int, float)) and confidence > 0 else None,
        "box_x1": None if corners[0] is None else int(corners[0]),
        "box_y1": None if corners[1] is None else int(corners[1]),
        "box_x2": None if corners[2] is None else int(corners[2]),
        "box_y2": None if corners[3] is None else int(corners[3]),
        "track_id": text(obj, "id", where="object."),
        "speed": number(obj, "speed", where="object."),
        "plate": plate,
        "snapshot": _clean(text(message, "videoPath")),
        "source": "deepstream",
    }


def parse_messages(payloads: Iterable[bytes], *, settings: Any = None, **_: Any) -> pd.DataFrame:
    """DeepStream payloads → ``public_order.camera_events`` rows (bad ones with ``_error``)."""
    config = public_order_config(settings)
    sensors = dict(config.deepstream_sensors)
    frame = rows_from(payloads, lambda m: message_row(m, sensors), CAMERA_EVENTS.column_names)
    frame["frame_width"] = frame["frame_width"].fillna(config.frame_width)
    frame["frame_height"] = frame["frame_height"].fillna(config.frame_height)
    return frame


def read_messages(path: str | Path, **options: Any) -> pd.DataFrame:
    """A DeepStream NDJSON file (or a JSON array of messages)."""
    return parse_messages(file_messages(path), **options)
