"""Demo data of the public-order domain: cameras along the site's roads and beaches.

:func:`generate` yields the camera registry, then per-minute counts and camera events:

* **Counts** for the last :data:`COUNT_DAYS` days (what the cameras' own counters send):
  people on the beaches and squares with a daily cycle (morning swim, evening crowd),
  vehicles on the main roads with morning and evening rush hours (dwell grows with load).
* **A festival crowd** on Bãi Sau the evening before the end (19:00–22:30 local, more
  than twice the crowd threshold: a critical alert and a hot ``mass_gathering`` incident).
* **A traffic jam** on QL51 at Phú Mỹ the last morning rush that is over (vehicles and dwell over the
  congestion thresholds).
* **A fire** seen by the Vũng Tàu market camera six hours before the end (an immediate
  incident), **an intrusion** at the Cái Mép port gate at 02:00, a trickle of detections
  with snapshots (some snapshot files missing on purpose: the dashboard's placeholder).
  When ``ioc.yaml`` configures a broker (``listen.mqtt`` with a topic for
  ``public_order.frigate_events``), these detections are published to it as Frigate messages
  and written by the MQTT listener (:mod:`.live`); otherwise they are ingested directly.
* **A dead camera**: the Long Hải camera stops ten hours before the end (the silence rule).

Everything is seeded: the same :class:`~ioc.plugins.DemoContext` gives identical frames.
``scale`` multiplies the counts (busier cameras), not the number of cameras.

A sizing profile (``ioc demo --profile province-year``, ``context.full_span``) adds a year of
detections: :data:`PROFILE_EVENTS_PER_DAY` × ``scale`` a day on every day, one batch a
day, written straight to the lake (never through a broker), before the counts.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import numpy as np
import pandas as pd

from ioc.config import site_timezone
from ioc.plugins import DemoContext
from ioc_plugins.public_order.adapters.frigate import SNAPSHOT_PATH
from ioc_plugins.public_order.live import publish_through_broker
from ioc_plugins.public_order.tables import CAMERA_EVENTS, CAMERAS, COUNTS

COUNT_DAYS = 3
#: (id, name, lon, lat, unit_code, agency, kind, role, zone); role: beach, square, road, port.
CAMERA_SITES = (
    (
        "cam_baisau_01",
        "Bãi Sau - Thùy Vân (Bãi tắm Thùy Dương)",
        107.0953,
        10.3412,
        "747",
        "CA",
        "ptz",
        "beach",
        "bai_tam",
    ),
    ("cam_baisau_02", "Bãi Sau - Thùy Vân (Quảng trường)", 107.0872, 10.3465, "747", "CA", "fixed", "beach", "bai_tam"),
    ("cam_baitruoc_01", "Bãi Trước - Quang Trung", 107.0710, 10.3462, "747", "CA", "ptz", "square", "cong_vien"),
    ("cam_chuavt_01", "Chợ Vũng Tàu - Bà Triệu", 107.0775, 10.3501, "747", "CA", "fixed", "square", "cho"),
    (
        "cam_lhp_01",
        "Lê Hồng Phong - Nam Kỳ Khởi Nghĩa",
        107.0838,
        10.3530,
        "747",
        "SGTVT",
        "fixed",
        "road",
        "lan_duong",
    ),
    (
        "cam_32_01",
        "Đường 3/2 - Vòng xoay Lê Hồng Phong",
        107.0897,
        10.3645,
        "747",
        "SGTVT",
        "anpr",
        "road",
        "lan_duong",
    ),
    ("cam_32_02", "Đường 3/2 - Cầu Cửa Lấp", 107.1220, 10.4011, "747", "SGTVT", "anpr", "road", "lan_duong"),
    ("cam_ql51_01", "QL51 - Ngã ba Long Sơn", 107.1300, 10.4550, "748", "SGTVT", "anpr", "road", "lan_duong"),
    ("cam_ql51_02", "QL51 - Ngã tư Phú Mỹ", 107.0530, 10.5840, "754", "SGTVT", "anpr", "road", "lan_duong"),
    (
        "cam_baria_01",
        "Bà Rịa - Vòng xoay Quảng trường tỉnh",
        107.1700,
        10.4970,
        "748",
        "CA",
        "ptz",
        "square",
        "quang_truong",
    ),
    ("cam_longhai_01", "Long Hải - Bãi tắm Long Hải", 107.2340, 10.3860, "752", "CA", "ptz", "beach", "bai_tam"),
    ("cam_hotram_01", "Hồ Tràm - Đường ven biển", 107.4300, 10.4850, "751", "SGTVT", "fixed", "road", "lan_duong"),
    ("cam_caimep_01", "Cảng Cái Mép - Cổng cảng", 107.0200, 10.5300, "754", "CA", "fixed", "port", "cong_cang"),
)
FESTIVAL_CAMERA = "cam_baisau_01"
JAM_CAMERA = "cam_ql51_02"
FIRE_CAMERA = "cam_chuavt_01"
DEAD_CAMERA = "cam_longhai_01"
INTRUSION_CAMERA = "cam_caimep_01"
CROWD_THRESHOLD = 150
VEHICLE_THRESHOLD = 60
#: Detections a day at scale 1 in a sizing profile: 5 M camera events a year (issue 17's figure).
PROFILE_EVENTS_PER_DAY = 5_000_000 / 365


def cameras() -> pd.DataFrame:
    """The demo camera registry."""
    rows = []
    for camera_id, name, lon, lat, unit, agency, kind, role, _zone in CAMERA_SITES:
        rows.append(
            {
                "camera_id": camera_id,
                "name": name,
                "lon": lon,
                "lat": lat,
                "unit_code": unit,
                "agency": agency,
                "kind": kind,
                "status": "active",
                "address": name,
                "expected_interval_min": 30,
                "frame_width": 1920,
                "frame_height": 1080,
                "crowd_threshold": CROWD_THRESHOLD if role in ("beach", "square") else None,
                "vehicle_threshold": VEHICLE_THRESHOLD if role == "road" else None,
                "restricted_zone": "cong_cang" if role == "port" else None,
                "allowed_hours": "05:00-22:00" if role == "port" else None,
            }
        )
    return pd.DataFrame(rows, columns=CAMERAS.column_names)


def _hour_curve(hours: np.ndarray, peaks: tuple[tuple[float, float, float], ...], base: float) -> np.ndarray:
    """A daily cycle: ``base`` plus Gaussian peaks ``(hour, height, width)``."""
    curve = np.full(hours.shape, base, dtype="float64")
    for hour, height, width in peaks:
        distance = np.minimum(np.abs(hours - hour), 24 - np.abs(hours - hour))
        curve += height * np.exp(-0.5 * (distance / width) ** 2)
    return curve


PROFILES = {
    "beach": (("person",), ((6.0, 50, 1.2), (17.5, 90, 1.8)), 4),
    "square": (("person",), ((9.5, 30, 2.0), (19.5, 70, 1.8)), 3),
    "road": (("car", "motorcycle"), ((7.25, 20, 1.0), (17.25, 22, 1.2)), 2),
    "port": (("truck", "person"), ((10.0, 8, 3.0),), 1),
}


def counts(context: DemoContext, end: pd.Timestamp, zone: str) -> Iterator[pd.DataFrame]:
    """Per-minute counts for each camera over the last :data:`COUNT_DAYS` days."""
    rng = np.random.default_rng(context.seed + 11)
    days = min(COUNT_DAYS, context.days)
    minutes = pd.date_range(end - pd.Timedelta(days=days), end, freq="min", inclusive="left")
    local = minutes.tz_convert(zone)
    hours = (local.hour + local.minute / 60).to_numpy(dtype="float64")
    for camera_id, _name, *_rest, role, count_zone in CAMERA_SITES:
        labels, peaks, base = PROFILES[role]
        curve = _hour_curve(hours, peaks, base) * context.scale
        alive = np.ones(len(minutes), dtype=bool)
        if camera_id == DEAD_CAMERA:
            alive = np.asarray(minutes < end - pd.Timedelta(hours=10))
        shares = (0.6, 1.4) if role == "road" else (1.0, 0.5)
        means = {}
        for share, label in zip(shares, labels):
            mean = curve * share
            if camera_id == FESTIVAL_CAMERA and label == "person":
                festival = _local_window(local, end, zone, 1, 19.0, 22.5)
                mean = np.where(festival, CROWD_THRESHOLD * 2.4, mean)
            if camera_id == JAM_CAMERA:
                jam = _local_window(local, end, zone, _last_morning(end, zone), 6.75, 8.0)
                mean = np.where(jam, VEHICLE_THRESHOLD * share * 0.62, mean)
            means[label] = mean
        # vehicles dwell longer as the road fills up (a jam is slow traffic, not just busy traffic)
        load = sum(means.values()) / VEHICLE_THRESHOLD
        for label, mean in means.items():
            values = rng.poisson(np.maximum(mean, 0))
            dwell = 20 + 100 * np.clip(load, 0, 1.5) ** 2 + rng.normal(0, 5, len(mean))
            keep = alive & (values > 0)
            frame = pd.DataFrame(
                {
                    "camera_id": camera_id,
                    "zone": count_zone,
                    "label": label,
                    "time": minutes[keep],
                    "count": values[keep],
                    "dwell_s": np.round(np.clip(dwell[keep], 1, None), 1),
                    "place": f"{camera_id}/{count_zone}",
                }
            )
            yield frame[COUNTS.column_names]


def _last_morning(end: pd.Timestamp, zone: str) -> int:
    """0 when today's morning rush is over by the end of the demo, else 1 (yesterday's)."""
    local = end.tz_convert(zone)
    return 0 if local.hour + local.minute / 60 >= 8.5 else 1


def _local_window(
    local: pd.DatetimeIndex, end: pd.Timestamp, zone: str, days_before: int, start_h: float, end_h: float
):
    """Minutes inside ``[start_h, end_h)`` local time on the day ``days_before`` the last one."""
    last_day = end.tz_convert(zone).normalize() - pd.Timedelta(days=days_before)
    hours = (local.hour + local.minute / 60).to_numpy(dtype="float64")
    on_day = np.asarray(local.normalize() == last_day)
    return on_day & (hours >= start_h) & (hours < end_h)


def events(context: DemoContext, end: pd.Timestamp, zone: str) -> pd.DataFrame:
    """Detections with snapshots, the fire and the intrusion."""
    rng = np.random.default_rng(context.seed + 23)
    start = end - pd.Timedelta(days=min(COUNT_DAYS, context.days))
    rows = []
    live = [site for site in CAMERA_SITES if site[0] != DEAD_CAMERA]
    for number in range(int(160 * max(context.scale, 0.1))):
        camera_id, _name, *_rest, role, _zone = live[int(rng.integers(len(live)))]
        labels = PROFILES[role][0]
        when = start + pd.Timedelta(seconds=int(rng.integers(0, int((end - start).total_seconds()))))
        label = labels[int(rng.integers(len(labels)))]
        x1, y1 = int(rng.integers(0, 1500)), int(rng.integers(0, 800))
        rows.append(
            _event(f"demo-{number:05d}", camera_id, when, label, "loi_vao", float(rng.uniform(0.6, 0.97)), (x1, y1))
        )
        if label in ("car", "truck") and rng.random() < 0.5:
            rows[-1]["plate"] = f"72A-{int(rng.integers(100, 999))}.{int(rng.integers(10, 99))}"
    fire_at = end - pd.Timedelta(hours=6)
    rows.append(_event("demo-fire-1", FIRE_CAMERA, fire_at, "smoke", "mai_cho", 0.81, (600, 200)))
    rows.append(
        _event("demo-fire-2", FIRE_CAMERA, fire_at + pd.Timedelta(minutes=2), "fire", "mai_cho", 0.88, (640, 260))
    )
    night = (end.tz_convert(zone).normalize() - pd.Timedelta(days=1) + pd.Timedelta(hours=2)).tz_convert("UTC")
    rows.append(_event("demo-intrusion-1", INTRUSION_CAMERA, night, "person", "cong_cang", 0.91, (900, 500)))
    frame = pd.DataFrame(rows)
    return frame.reindex(columns=CAMERA_EVENTS.column_names)


def _event(event_id: str, camera_id: str, when: pd.Timestamp, label: str, zone: str, score: float, corner) -> dict:
    x1, y1 = corner
    row = _detection_columns(event_id, camera_id, when, label, zone, round(score, 3), x1, y1)
    row["snapshot"] = SNAPSHOT_PATH.format(camera=camera_id, id=event_id)
    return row


def _detection_columns(event_id, camera_id, when, label, zone, score, x1, y1) -> dict:
    """A finished 40-second Frigate detection in a 1920×1080 frame (scalars or whole columns)."""
    return {
        "event_id": event_id,
        "camera_id": camera_id,
        "time": when,
        "end_time": when + pd.Timedelta(seconds=40),
        "last_seen": when + pd.Timedelta(seconds=40),
        "event_type": "end",
        "label": label,
        "zone": zone,
        "zones": zone,
        "score": score,
        "top_score": score,
        "box_x1": x1,
        "box_y1": y1,
        "box_x2": x1 + 160,
        "box_y2": y1 + 240,
        "frame_width": 1920,
        "frame_height": 1080,
        "track_id": event_id,
        "source": "demo",
    }


def daily_detections(context: DemoContext, day: int) -> pd.DataFrame:
    """One day of a sizing profile's detections (vectorised: a profile asks for millions).

    Cameras, labels and boxes are drawn as in :func:`events`; the day's count is Poisson
    around :data:`PROFILE_EVENTS_PER_DAY` × ``scale``; one in four vehicles carries a plate.
    No snapshot files are written for them.
    """
    rng = np.random.default_rng([context.seed, 29, day])
    live = [site for site in CAMERA_SITES if site[0] != DEAD_CAMERA]
    count = int(rng.poisson(PROFILE_EVENTS_PER_DAY * context.scale))
    site = rng.integers(len(live), size=count)
    camera = np.array([s[0] for s in live], dtype=object)[site]
    zone = np.array([s[-1] for s in live], dtype=object)[site]
    choices = [PROFILES[s[-2]][0] for s in live]
    pick = rng.random(count)
    label = np.array([choices[i][int(p * len(choices[i]))] for i, p in zip(site, pick)], dtype=object)
    start = context.start + pd.Timedelta(days=day)
    when = start + pd.to_timedelta(np.sort(rng.integers(0, 86_400, size=count)), unit="s")
    x1, y1 = rng.integers(0, 1500, size=count), rng.integers(0, 800, size=count)
    score = np.round(rng.uniform(0.6, 0.97, size=count), 3)
    plate = np.where(
        np.isin(label, ("car", "truck")) & (rng.random(count) < 0.25),
        [f"72A-{a}.{b}" for a, b in zip(rng.integers(100, 999, size=count), rng.integers(10, 99, size=count))],
        None,
    )
    ids = [f"yr-{day:03d}-{n:06d}" for n in range(count)]
    frame = pd.DataFrame(_detection_columns(ids, camera, when, label, zone, score, x1, y1)).assign(plate=plate)
    return frame.reindex(columns=CAMERA_EVENTS.column_names)


def write_snapshots(context: DemoContext, frame: pd.DataFrame) -> None:
    """Small placeholder photos for three in four demo snapshots (the rest stay missing)."""
    if context.settings is None:
        return
    from PIL import Image, ImageDraw

    root = context.settings.paths.media("public_order")
    colours = {"person": (66, 133, 244), "fire": (229, 57, 53), "smoke": (120, 120, 120)}
    for index, (snapshot, label, camera) in enumerate(zip(frame["snapshot"], frame["label"], frame["camera_id"])):
        if index % 4 == 3:
            continue
        path = root / snapshot
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        image = Image.new("RGB", (320, 180), colours.get(label, (67, 160, 71)))
        ImageDraw.Draw(image).text((10, 10), f"{camera}\n{label}", fill=(255, 255, 255))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=70)
        path.write_bytes(buffer.getvalue())


def generate(context: DemoContext) -> Iterator[tuple[str, pd.DataFrame]]:
    """The demo batches: cameras, then counts per camera and label, then events."""
    zone = site_timezone(context.settings)
    end = context.start + pd.Timedelta(days=context.days)
    yield CAMERAS.name, cameras()
    detected = events(context, end, zone)
    write_snapshots(context, detected)
    if context.full_span:  # a sizing profile: a year of detections, one batch a day
        # the counters' last days after the year's detections: stored before, they lie above
        # every minute the detections' counter has seen, and it would read each day back
        for day in range(context.days):
            yield CAMERA_EVENTS.name, daily_detections(context, day)
        yield CAMERA_EVENTS.name, detected
        for frame in counts(context, end, zone):
            yield COUNTS.name, frame
        return
    for frame in counts(context, end, zone):
        yield COUNTS.name, frame
    # with a broker configured (listen.mqtt), the detections take the live path: published as
    # Frigate messages and written by the MQTT listener; otherwise they are ingested like a file
    if publish_through_broker(context.settings, detected) is None:
        yield CAMERA_EVENTS.name, detected
