"""Source adapters of the public-order domain, one per real format.

Each adapter reads a file into rows of one table and, for the live formats, also parses
the payloads a broker delivers (``Adapter.parse``: a list of message bodies, as bytes):
the same mapping serves ``ioc ingest`` and ``ioc listen mqtt``. A message that cannot be
used is a row with an ``_error`` reason (quarantined with its raw payload); a file that
cannot be read at all raises :class:`ioc.plugins.AdapterError`.
"""

from __future__ import annotations

from ioc.plugins import Adapter
from ioc_plugins.public_order.adapters.deepstream import parse_messages, read_messages
from ioc_plugins.public_order.adapters.frigate import (
    parse_events,
    parse_reviews,
    parse_updates,
    read_events,
    read_reviews,
    read_updates,
)
from ioc_plugins.public_order.adapters.vendor import read_vendor_cameras, read_vendor_events

EVENTS = "public_order.camera_events"

ADAPTERS: tuple[Adapter, ...] = (
    Adapter(
        "frigate_events",
        EVENTS,
        read_events,
        "Frigate frigate/events: {type: new|update|end, before, after} (JSON, JSON array hoặc NDJSON)",
        ("*frigate*event*.json", "*frigate*event*.ndjson", "*mqtt*events*.json"),
        parse=parse_events,
    ),
    Adapter(
        "frigate_reviews",
        "public_order.reviews",
        read_reviews,
        "Frigate frigate/reviews: mục xem lại alert/detection (review items)",
        ("*frigate*review*.json", "*mqtt*reviews*.json"),
        parse=parse_reviews,
    ),
    Adapter(
        "frigate_updates",
        "public_order.object_updates",
        read_updates,
        "Frigate frigate/tracked_object_update và frigate/triggers: mô tả, khuôn mặt, biển số, phân loại",
        ("*tracked_object_update*.json", "*frigate*trigger*.json", "*mqtt*triggers*.json"),
        parse=parse_updates,
    ),
    Adapter(
        "deepstream",
        EVENTS,
        read_messages,
        "NVIDIA DeepStream nvmsgconv (schema 1.0), NDJSON hoặc MQTT",
        ("*deepstream*.ndjson", "*deepstream*.json", "*smart_parking*.ndjson"),
        parse=parse_messages,
    ),
    Adapter(
        "vendor_events",
        EVENTS,
        read_vendor_events,
        "Tệp xuất sự kiện của nhà cung cấp camera (CSV/Excel, tiêu đề tiếng Việt)",
        ("*su_kien_camera*.csv", "*su_kien_camera*.xlsx", "*camera*events*.csv", "*camera*events*.xlsx"),
    ),
    Adapter(
        "vendor_cameras",
        "public_order.cameras",
        read_vendor_cameras,
        "Danh mục camera của nhà cung cấp (CSV/Excel, tiêu đề tiếng Việt)",
        ("*danh_muc_camera*.csv", "*danh_muc_camera*.xlsx", "*camera*registry*.csv", "*camera*registry*.xlsx"),
    ),
)

__all__ = [
    "ADAPTERS",
    "parse_events",
    "parse_messages",
    "parse_reviews",
    "parse_updates",
    "read_events",
    "read_messages",
    "read_reviews",
    "read_updates",
    "read_vendor_cameras",
    "read_vendor_events",
]
