"""A small hand-made public-order lake for the dashboard tests: cameras, events, counts, alerts.

One camera's name and one event's zone carry markup (``XSS_NAME``, ``XSS_ZONE``); one
snapshot exists on disk, one does not (the placeholder).
"""

from __future__ import annotations

import io

import pandas as pd

from ioc.datalayer import DataLayer
from ioc.ingest import process_batch
from ioc.plugins import Registry
from ioc_plugins.public_order import plugin

XSS_NAME = '<img src=x onerror="window.__xss=1">Cam <b id="xss-name">đậm</b>'
XSS_ZONE = '<script>window.__xss="zone"</script>cổng'
XSS_LABEL = '<svg onload="window.__xss=2">person'
LATEST = pd.Timestamp.now(tz="UTC").floor("min") - pd.Timedelta(minutes=5)


def jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 18), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def fill_lake(layer: DataLayer) -> None:
    """Cameras, events (one with an XSS zone, one fire), per-minute counts and their alerts."""
    plugins = Registry([plugin()])
    cameras = pd.DataFrame(
        [
            {"camera_id": "cam_xss", "name": XSS_NAME, "lon": 107.09, "lat": 10.34, "unit_code": "747"},
            {"camera_id": "cam_road", "name": "QL51 Phú Mỹ", "lon": 107.05, "lat": 10.58, "unit_code": "754"},
            {"camera_id": "cam_off", "name": "Long Hải", "lon": 107.23, "lat": 10.39, "status": "maintenance"},
        ]
    )
    process_batch(layer, "public_order.cameras", cameras, plugins=plugins)
    snapshots = layer.settings.paths.media("public_order")
    (snapshots / "clips").mkdir(parents=True, exist_ok=True)
    (snapshots / "clips" / "cam_xss-e1.jpg").write_bytes(jpeg())
    base = {"score": 0.9, "source": "frigate", "box_x1": 1, "box_y1": 1, "box_x2": 50, "box_y2": 50}
    events = pd.DataFrame(
        [
            {
                **base,
                "event_id": "e1",
                "camera_id": "cam_xss",
                "label": "person",
                "zone": XSS_ZONE,
                "time": LATEST - pd.Timedelta(minutes=3),
                "snapshot": "clips/cam_xss-e1.jpg",
            },
            {
                **base,
                "event_id": "e2",
                "camera_id": "cam_road",
                "label": "car",
                "zone": "lan",
                "time": LATEST - pd.Timedelta(minutes=2),
                "snapshot": "clips/missing.jpg",
                "plate": "72A-123.45",
            },
            {
                **base,
                "event_id": "e3",
                "camera_id": "cam_xss",
                "label": "fire",
                "zone": "bai",
                "time": LATEST - pd.Timedelta(minutes=1),
            },
            {**base, "event_id": "e4", "camera_id": "cam_xss", "label": XSS_LABEL, "time": LATEST},
        ]
    )
    process_batch(layer, "public_order.camera_events", events, plugins=plugins)
    minutes = [LATEST - pd.Timedelta(minutes=m) for m in range(30)]
    counts = pd.DataFrame(
        {
            "camera_id": "cam_xss",
            "zone": "bai",
            "label": "person",
            "time": minutes,
            "count": [200] * 30,
            "dwell_s": 60.0,
            "place": "cam_xss/bai",
        }
    )
    process_batch(layer, "public_order.counts", counts, plugins=plugins)
