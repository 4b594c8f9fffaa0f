"""Queries of the public-order domain: what the dashboard, notebooks and the overview show.

Each function takes a :class:`~ioc.datalayer.DataLayer` and returns a pandas frame (or a
plain value); the SQL lives here, so a view only renders frames. Times come back in UTC.
Personal data (plates, recognised names) come back masked unless asked otherwise.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import text as sql_text

from geodata.boundaries import site_boundaries
from ioc.auth import mask_frame
from ioc.config import Settings
from ioc.datalayer import DataLayer
from ioc.overview import Figure, Tile
from ioc.timestamps import as_utc
from ioc_plugins.public_order.cameras import registry
from ioc_plugins.public_order.tables import CAMERA_EVENTS, COUNTS, LABELS, PEOPLE, VEHICLES

__all__ = [
    "GROUPS",
    "LABELS",
    "STATUS_COLOURS",
    "admin_boundaries",
    "camera_status",
    "event_feed",
    "latest_time",
    "overview_tile",
    "snapshot_image",
    "top_cameras",
    "zone_counts",
]

#: Label groups a view offers for counts.
GROUPS = {"people": PEOPLE, "vehicles": VEHICLES}
#: Map colours by camera state: working, alert open, silent, maintenance/retired.
STATUS_COLOURS = {"ok": "#43a047", "alert": "#e53935", "silent": "#9e9e9e", "maintenance": "#1e88e5"}
#: Alert states that still need attention (an alert that became an incident stays active).
ACTIVE_ALERT_STATES = ("open", "incident")
#: A camera is drawn silent after this long without a message (the rule uses each camera's own interval).
SILENT_AFTER = timedelta(hours=1)
#: Snapshot files this large or larger are not shown (a broken export, not a photo).
MAX_SNAPSHOT_BYTES = 5 * 1024 * 1024
SNAPSHOT_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


def _has(datalayer: DataLayer, table: str) -> bool:
    return datalayer.version(table) is not None


def latest_time(datalayer: DataLayer) -> pd.Timestamp | None:
    """The newest event or count time (UTC); ``None`` without data."""
    latest = None
    for table in (CAMERA_EVENTS.name, COUNTS.name):
        frame = datalayer.cached_sql(f"SELECT max(time) AS latest FROM {table}")
        value = frame["latest"].iloc[0] if len(frame) else None
        if value is not None and not pd.isna(value):
            latest = max(latest, as_utc(value)) if latest is not None else as_utc(value)
    return latest


def domain_alerts(datalayer: DataLayer, since: pd.Timestamp | None = None) -> pd.DataFrame:
    """The domain's alerts (open or not) since a time: ``id``, ``rule_id``, ``severity``,
    ``camera_id`` (from the alert's entity), ``status``, ``observed_at``."""
    query = (
        "SELECT id, rule_id, severity, entity_id, status, observed_at, title FROM alerts WHERE domain = 'public_order'"
    )
    params: dict[str, Any] = {}
    if since is not None:
        query += " AND observed_at >= :since"
        params["since"] = since.to_pydatetime()
    with datalayer.store.engine.connect() as connection:
        frame = pd.read_sql_query(sql_text(query), connection, params=params)
    frame["camera_id"] = frame["entity_id"].fillna("").astype(str).str.split("/").str[0]
    return frame


def camera_status(datalayer: DataLayer, now: Any = None) -> pd.DataFrame:
    """One row per camera: registry, last message, open alerts and the state it is drawn in.

    Cameras seen in events but missing from the registry are included under their id
    (without a location: the map leaves them out, the tables show them).

    Returns
    -------
    pandas.DataFrame
        ``camera_id``, ``name``, ``lon``, ``lat``, ``unit_code``, ``agency``, ``kind``,
        ``status``, ``last_seen`` (UTC), ``open_alerts``, ``state`` (ok, alert, silent,
        maintenance) and ``colour``, ordered by ``camera_id``.
    """
    now = as_utc(now) if now is not None else pd.Timestamp.now(tz="UTC")
    cameras = registry(datalayer)[["camera_id", "name", "lon", "lat", "unit_code", "agency", "kind", "status"]]
    seen = _last_seen(datalayer)
    merged = cameras.merge(seen, on="camera_id", how="outer")
    alerts = domain_alerts(datalayer)
    open_counts = alerts[alerts["status"].isin(ACTIVE_ALERT_STATES)].groupby("camera_id").size().rename("open_alerts")
    merged = merged.merge(open_counts, left_on="camera_id", right_index=True, how="left")
    merged["open_alerts"] = merged["open_alerts"].fillna(0).astype("int64")
    merged["name"] = merged["name"].fillna(merged["camera_id"]).astype(str)
    merged["camera_id"] = merged["camera_id"].astype(str)
    reference = latest_time(datalayer) or now
    reference = min(reference, now)
    states = []
    registered_status = merged["status"].astype(object).where(merged["status"].notna(), None)
    for status, last, count in zip(registered_status, merged["last_seen"], merged["open_alerts"]):
        if status in ("maintenance", "retired"):
            states.append("maintenance")
        elif last is None or pd.isna(last) or reference - as_utc(last) > SILENT_AFTER:
            states.append("silent")
        elif count:
            states.append("alert")
        else:
            states.append("ok")
    merged["state"] = states
    merged["colour"] = merged["state"].map(STATUS_COLOURS)
    return merged.sort_values("camera_id").reset_index(drop=True)


def _last_seen(datalayer: DataLayer) -> pd.DataFrame:
    parts = [
        f"SELECT camera_id, max({column}) AS seen FROM {table} GROUP BY 1"
        for table, column in ((CAMERA_EVENTS.name, "coalesce(last_seen, time)"), (COUNTS.name, "time"))
    ]
    frame = datalayer.cached_sql(
        f"SELECT camera_id, max(seen) AS last_seen FROM ({' UNION ALL '.join(parts)}) GROUP BY 1"
    )
    frame["camera_id"] = frame["camera_id"].astype(str)
    frame["last_seen"] = pd.to_datetime(frame["last_seen"], utc=True)
    return frame


def event_feed(
    datalayer: DataLayer, *, limit: int = 30, camera: str | None = None, mask_pii: bool = True
) -> pd.DataFrame:
    """The newest camera events, newest first, with the camera's name.

    Returns
    -------
    pandas.DataFrame
        ``event_id``, ``time`` (UTC), ``camera_id``, ``camera_name``, ``label``, ``zone``,
        ``score``, ``plate`` (masked by default), ``snapshot``, ``source``.
    """
    where = "WHERE e.camera_id = ?" if camera else ""
    names = "public_order.cameras" if _has(datalayer, "public_order.cameras") else None
    join = f"LEFT JOIN {names} c ON c.camera_id = e.camera_id" if names else ""
    name = "coalesce(c.name, e.camera_id)" if names else "e.camera_id"
    frame = datalayer.cached_sql(
        f"SELECT e.event_id, e.time, e.camera_id, {name} AS camera_name, e.label, e.zone, e.score, e.plate, "
        f"e.snapshot, e.source FROM public_order.camera_events e {join} {where} "
        f"ORDER BY e.time DESC, e.event_id LIMIT {int(limit)}",
        [camera] if camera else None,
    )
    frame["time"] = pd.to_datetime(frame["time"], utc=True)
    if mask_pii:
        frame = mask_frame(frame, ["plate"])
    return frame


def snapshot_image(settings: Settings, snapshot: str | None) -> bytes | None:
    """The image bytes of a snapshot reference, or ``None`` when there is no such file.

    References are paths relative to the domain's media folder (``<data>/media/public_order``,
    where a site mounts or syncs its cameras' snapshot store); anything that climbs out of it,
    an absolute path, a URL or a file that is not an image gives ``None`` (the view shows a
    placeholder).
    """
    if not isinstance(snapshot, str) or not snapshot or "://" in snapshot:
        return None
    root = settings.paths.media("public_order").resolve()
    relative = Path(str(snapshot).lstrip("/"))
    if relative.parts[:2] == ("media", "frigate"):
        relative = Path(*relative.parts[2:])
    path = (root / relative).resolve()
    if root not in path.parents or path.suffix.lower() not in SNAPSHOT_SUFFIXES or not path.is_file():
        return None
    if path.stat().st_size >= MAX_SNAPSHOT_BYTES:
        return None
    return path.read_bytes()


def zone_counts(
    datalayer: DataLayer, group: str = "people", period: timedelta = timedelta(hours=24), bucket_minutes: int = 15
) -> pd.DataFrame:
    """Objects of a label group per place (camera/zone) over time, in buckets.

    The period is counted back from the newest count. Each bucket holds the mean count
    per minute (how many were in view), so buckets of different sizes compare.

    Returns
    -------
    pandas.DataFrame
        ``time`` (UTC, start of the bucket), ``place``, ``camera_id``, ``count`` (float),
        ordered by place and time.
    """
    labels = GROUPS[group]
    end = datalayer.cached_sql("SELECT max(time) AS t FROM public_order.counts")["t"].iloc[0]
    if end is None or pd.isna(end):
        return pd.DataFrame(
            {
                "time": pd.Series(dtype="datetime64[ns, UTC]"),
                "place": pd.Series(dtype=object),
                "camera_id": pd.Series(dtype=object),
                "count": pd.Series(dtype="float64"),
            }
        )
    start = as_utc(end) - period
    label_list = ", ".join(f"'{label}'" for label in labels)
    seconds = int(bucket_minutes) * 60
    frame = datalayer.cached_sql(
        "SELECT to_timestamp(floor(epoch(time) / ?) * ?) AS time, place, camera_id, "
        "sum(count) / count(DISTINCT time) AS count FROM public_order.counts "
        f"WHERE label IN ({label_list}) AND time > ? GROUP BY 1, 2, 3 ORDER BY 2, 1",
        [seconds, seconds, start.to_pydatetime()],
    )
    frame["time"] = pd.to_datetime(frame["time"], utc=True)
    frame["count"] = frame["count"].astype("float64")
    return frame


def top_cameras(datalayer: DataLayer, *, limit: int = 10, since: pd.Timestamp | None = None) -> pd.DataFrame:
    """Cameras with the most alerts (open or not), most first.

    Returns
    -------
    pandas.DataFrame
        ``camera_id``, ``name``, ``alerts``, ``open_alerts``.
    """
    alerts = domain_alerts(datalayer, since)
    if alerts.empty:
        return pd.DataFrame({"camera_id": [], "name": [], "alerts": [], "open_alerts": []}).astype(
            {"alerts": "int64", "open_alerts": "int64"}
        )
    grouped = alerts.groupby("camera_id").agg(
        alerts=("id", "size"), open_alerts=("status", lambda s: int(s.isin(ACTIVE_ALERT_STATES).sum()))
    )
    names = registry(datalayer).set_index("camera_id")["name"].astype(str)
    grouped["name"] = [names.get(c, c) for c in grouped.index]
    top = grouped.reset_index().sort_values(["alerts", "camera_id"], ascending=[False, True]).head(limit)
    return top[["camera_id", "name", "alerts", "open_alerts"]].reset_index(drop=True)


def overview_tile(datalayer: DataLayer, now: Any = None) -> Tile:
    """The public-order tile: cameras working, open alerts, people in view, events today."""
    now = as_utc(now) if now is not None else pd.Timestamp.now(tz="UTC")
    latest = latest_time(datalayer)
    if latest is None:
        return Tile(domain="public_order", title="Trật tự công cộng", status="unknown", page="public_order")
    status = camera_status(datalayer, now)
    working = int((status["state"].isin(["ok", "alert"])).sum())
    open_alerts = int(status["open_alerts"].sum())
    day = now - pd.Timedelta(hours=24)
    events = datalayer.cached_sql(
        "SELECT count(*) AS n FROM public_order.camera_events WHERE time > ?", [day.to_pydatetime()]
    )["n"].iloc[0]
    people = zone_counts(datalayer, "people", timedelta(hours=24), bucket_minutes=60)
    sparkline = people.groupby("time")["count"].sum() if len(people) else None
    alerts = domain_alerts(datalayer)
    severe = alerts[alerts["status"].isin(ACTIVE_ALERT_STATES) & alerts["severity"].isin(["high", "critical"])]
    tile_status = "alert" if len(severe) else "watch" if open_alerts else "ok"
    return Tile(
        domain="public_order",
        title="Trật tự công cộng",
        figures=(
            Figure(
                "Camera hoạt động", f"{working}/{len(status)}", key="cameras_working", labels={"en": "Cameras working"}
            ),
            Figure("Cảnh báo đang mở", open_alerts, better="down", key="open_alerts", labels={"en": "Open alerts"}),
            Figure("Sự kiện 24 giờ", int(events), key="events_24h", labels={"en": "Events (24 h)"}),
        ),
        status=tile_status,
        sparkline=sparkline,
        sparkline_label="Số người trong khung hình (trung bình mỗi giờ)",
        as_of=latest,
        page="public_order",
    )


def admin_boundaries(settings: Settings, level: str = "district", period: str = "pre2025") -> Any:
    """The administrative-unit polygons the camera map is drawn over."""
    return site_boundaries(settings, level, period)
