"""Queries of the infosec domain: everything the dashboard, notebooks and reports read.

Each function takes a :class:`~ioc.datalayer.DataLayer` and returns a pandas frame (or a
plain value); the SQL lives here, so a view only labels and draws. Times come back in UTC.
Raw source records are returned only when the caller asks for them (``with_raw``); the
dashboard asks only for the ``security`` role.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ioc.datalayer import DataLayer
from ioc.overview import Figure, Tile
from ioc.timestamps import as_utc
from ioc_plugins.infosec.model import SEVERITY_LABELS, SEVERITY_LABELS_VI

__all__ = [
    "SEVERITY_LABELS",
    "SEVERITY_LABELS_VI",
    "agency_names",
    "alerts_over_time",
    "latest_time",
    "malware_board",
    "overview_tile",
    "posture_table",
    "posture_trend",
    "recent_events",
    "source_agency_flows",
    "top_signatures",
]

EVENTS = "infosec.events"
#: Columns of :func:`recent_events` (``raw`` added only on request).
EVENT_COLUMNS = [
    "time",
    "event_module",
    "observer_name",
    "event_dataset",
    "rule_id",
    "rule_name",
    "severity",
    "source_ip",
    "destination_ip",
    "destination_port",
    "agency",
    "host_name",
]


def _has(datalayer: DataLayer, table: str) -> bool:
    return datalayer.version(table) is not None


def _window(start: Any, end: Any) -> tuple[pd.Timestamp, pd.Timestamp]:
    return pd.Timestamp(start), pd.Timestamp(end)


def agency_names(datalayer: DataLayer) -> dict[str, str]:
    """Agency code → Vietnamese name, from the site profile."""
    return {agency.code: agency.name for agency in datalayer.settings.site.agencies}


def latest_time(datalayer: DataLayer, table: str = EVENTS) -> pd.Timestamp | None:
    """The newest event time (UTC); ``None`` without data."""
    if not _has(datalayer, table):
        return None
    column = datalayer.table(table).time_column or "day"
    value = datalayer.cached_sql(f'SELECT max("{column}") AS t FROM {table}')["t"].iloc[0]
    if value is None or pd.isna(value):
        return None
    return as_utc(value)


def posture_table(datalayer: DataLayer, day: Any = None) -> pd.DataFrame:
    """The league table of one day (default: the latest): one row per agency, best first,
    with ``rank``, ``name`` and ``trend`` (score minus the agency's mean of the 7 days before)."""
    columns = [
        "rank",
        "agency",
        "name",
        "day",
        "score",
        "trend",
        "open_high",
        "malware",
        "exposure",
        "ack_hours",
        "events",
    ]
    if not _has(datalayer, "infosec.posture"):
        return pd.DataFrame(columns=columns)
    history = datalayer.cached_sql("SELECT * FROM infosec.posture ORDER BY day")
    if history.empty:
        return pd.DataFrame(columns=columns)
    history["day"] = pd.to_datetime(history["day"])
    day = pd.Timestamp(day).normalize() if day is not None else history["day"].max()
    today = history[history["day"] == day].copy()
    before = history[(history["day"] < day) & (history["day"] >= day - pd.Timedelta(days=7))]
    baseline = before.groupby("agency")["score"].mean()
    today["trend"] = (today["score"] - today["agency"].map(baseline)).round(1)
    today["name"] = today["agency"].map(agency_names(datalayer)).fillna(today["agency"])
    today = today.sort_values(["score", "agency"], ascending=[False, True]).reset_index(drop=True)
    today["rank"] = range(1, len(today) + 1)
    return today[columns]


def posture_trend(datalayer: DataLayer, days: int = 30) -> pd.DataFrame:
    """Daily scores of every agency over the last ``days`` days of data (``day, agency, score``)."""
    if not _has(datalayer, "infosec.posture"):
        return pd.DataFrame(columns=["day", "agency", "score"])
    frame = datalayer.cached_sql(
        "SELECT day, agency, score FROM infosec.posture "
        "WHERE day > (SELECT max(day) FROM infosec.posture) - to_days(CAST(? AS INTEGER)) ORDER BY day, agency",
        [int(days)],
    )
    frame["day"] = pd.to_datetime(frame["day"])
    return frame


def alerts_over_time(
    datalayer: DataLayer, start: Any, end: Any, *, by: str = "severity", freq: str = "1 hour"
) -> pd.DataFrame:
    """Detections (severity ≥ 1) per time bucket and ``by`` (``severity`` or ``agency``): ``time, key, count``."""
    if by not in ("severity", "agency"):
        raise ValueError(f"by must be 'severity' or 'agency', not {by!r}")
    if not _has(datalayer, EVENTS):
        return pd.DataFrame(columns=["time", "key", "count"])
    start, end = _window(start, end)
    key = "CAST(severity AS VARCHAR)" if by == "severity" else "coalesce(agency, '—')"
    frame = datalayer.cached_sql(
        f"SELECT time_bucket(INTERVAL '{freq}', time) AS time, {key} AS key, count(*) AS count FROM {EVENTS} "
        "WHERE severity >= 1 AND time >= ? AND time < ? GROUP BY 1, 2 ORDER BY 1, 2",
        [start, end],
    )
    frame["time"] = pd.to_datetime(frame["time"], utc=True)
    return frame


def top_signatures(datalayer: DataLayer, start: Any, end: Any, limit: int = 10) -> pd.DataFrame:
    """The most frequent detection signatures: ``rule_id, rule_name, severity, count, sources, agencies``."""
    columns = ["rule_id", "rule_name", "severity", "count", "sources", "agencies"]
    if not _has(datalayer, EVENTS):
        return pd.DataFrame(columns=columns)
    start, end = _window(start, end)
    return datalayer.cached_sql(
        f"SELECT rule_id, any_value(rule_name) AS rule_name, max(severity) AS severity, count(*) AS count, "
        f"count(DISTINCT source_ip) AS sources, count(DISTINCT agency) AS agencies FROM {EVENTS} "
        "WHERE severity >= 1 AND time >= ? AND time < ? GROUP BY rule_id ORDER BY count DESC, rule_id LIMIT ?",
        [start, end, int(limit)],
    )


def malware_board(datalayer: DataLayer, limit: int = 50) -> pd.DataFrame:
    """Malware sightings, newest first: ``family, indicator, host, agency, first_seen, last_seen, sightings``."""
    columns = ["family", "indicator", "host", "agency", "first_seen", "last_seen", "sightings", "event_module"]
    if not _has(datalayer, "infosec.malware"):
        return pd.DataFrame(columns=columns)
    return datalayer.cached_sql(
        f"SELECT {', '.join(columns)} FROM infosec.malware ORDER BY last_seen DESC LIMIT ?", [int(limit)]
    )


def source_agency_flows(datalayer: DataLayer, start: Any, end: Any, limit: int = 30) -> pd.DataFrame:
    """Who attacks whom: detections per (source address, agency), the largest first."""
    if not _has(datalayer, EVENTS):
        return pd.DataFrame(columns=["source_ip", "agency", "count", "max_severity"])
    start, end = _window(start, end)
    return datalayer.cached_sql(
        f"SELECT source_ip, agency, count(*) AS count, max(severity) AS max_severity FROM {EVENTS} "
        "WHERE severity >= 1 AND agency IS NOT NULL AND source_ip IS NOT NULL AND time >= ? AND time < ? "
        "AND (destination_ip IS NULL OR destination_ip <> source_ip) "
        "GROUP BY 1, 2 ORDER BY count DESC, source_ip, agency LIMIT ?",
        [start, end, int(limit)],
    )


def recent_events(
    datalayer: DataLayer, start: Any, end: Any, *, min_severity: int = 1, limit: int = 200, with_raw: bool = False
) -> pd.DataFrame:
    """The newest events at or above ``min_severity``; ``raw`` only with ``with_raw`` (security role)."""
    columns = EVENT_COLUMNS + (["raw"] if with_raw else [])
    if not _has(datalayer, EVENTS):
        return pd.DataFrame(columns=columns)
    start, end = _window(start, end)
    return datalayer.cached_sql(
        f"SELECT {', '.join(columns)} FROM {EVENTS} WHERE severity >= ? AND time >= ? AND time < ? "
        "ORDER BY time DESC, event_id LIMIT ?",
        [int(min_severity), start, end, int(limit)],
    )


def overview_tile(datalayer: DataLayer, now: pd.Timestamp) -> Tile:
    """The domain's tile: high detections in the last 24 h, malware hosts, worst agency score."""
    now = pd.Timestamp(now)
    latest = latest_time(datalayer)
    if latest is None:
        return Tile(domain="infosec", title="An toàn thông tin", status="unknown", page="infosec")
    day_ago, two_days = now - pd.Timedelta(hours=24), now - pd.Timedelta(hours=48)
    counts = datalayer.cached_sql(
        f"SELECT count(*) FILTER (WHERE time >= ?) AS now, count(*) FILTER (WHERE time < ?) AS before FROM {EVENTS} "
        "WHERE severity >= 3 AND time >= ? AND time <= ?",
        [day_ago, day_ago, two_days, now],
    ).iloc[0]
    high, before = int(counts["now"]), int(counts["before"])
    malware = malware_board(datalayer)
    recent_malware = (
        malware[pd.to_datetime(malware["last_seen"], utc=True) >= now - pd.Timedelta(days=7)]
        if len(malware)
        else malware
    )
    posture = posture_table(datalayer)
    worst = posture.iloc[-1] if len(posture) else None
    hourly = alerts_over_time(datalayer, day_ago, now)
    sparkline = hourly.groupby("time")["count"].sum() if len(hourly) else None
    status = "alert" if len(recent_malware) or high >= 10 else "watch" if high else "ok"
    if now - latest > pd.Timedelta(hours=24):
        status = "unknown"
    figures = [
        Figure(
            "Cảnh báo mức cao (24 giờ)",
            high,
            "sự kiện",
            None if not before else (high - before) / before,
            "down",
            key="high_24h",
            labels={"en": "High-severity detections (24 h)"},
            units={"en": "events"},
        ),
        Figure(
            "Máy nhiễm mã độc (7 ngày)",
            int(recent_malware["host"].nunique()) if len(recent_malware) else 0,
            "máy",
            None,
            "down",
            key="malware_hosts_7d",
            labels={"en": "Hosts with malware (7 days)"},
            units={"en": "hosts"},
        ),
    ]
    if worst is not None:
        figures.append(
            Figure(
                f"Điểm thấp nhất: {worst['agency']}",
                float(worst["score"]),
                "/100",
                None,
                "up",
                key="lowest_score",
                labels={"en": f"Lowest score: {worst['agency']}"},
            )
        )
    return Tile(
        domain="infosec",
        title="An toàn thông tin",
        figures=tuple(figures),
        status=status,
        sparkline=sparkline,
        sparkline_label="Sự kiện phát hiện theo giờ",
        as_of=latest,
        page="infosec",
    )
