"""Queries of the public-administration domain for the dashboards, notebooks and the API.

Every read the "Hành chính công" dashboard does goes through here: live counters, the
violations feed, the Decision 766 league table and its drill-down, the heat map by unit,
the monthly trend, the overview tile and the citizen look-up. Dossier lists are returned
with the applicant's personal data masked.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ioc.alerts import open_alerts
from ioc.auth import Principal, get_principal, mask_frame
from ioc.calendar import WorkingCalendar
from ioc.datalayer import DataLayer
from ioc.incidents.service import IncidentService
from ioc.overview import Figure, Tile
from ioc_plugins.public_admin import index766
from ioc_plugins.public_admin.checks import KINDS
from ioc_plugins.public_admin.codes import CHANNEL_LABELS, STATUS_LABELS
from ioc_plugins.public_admin.config import public_admin_config
from ioc_plugins.public_admin.index766 import GROUPS, PERIOD_KINDS, period_bounds, period_label
from ioc_plugins.public_admin.lookup import NOT_FOUND, RATE_LIMITED, RateLimiter, answer_no_faster_than, lookup

__all__ = [
    "GROUPS",
    "PERIOD_KINDS",
    "period_bounds",
    "period_label",
    "KINDS",
    "NOT_FOUND",
    "RATE_LIMITED",
    "RateLimiter",
    "agency_dossiers",
    "counters",
    "dossier_agencies",
    "heatmap",
    "index_table",
    "indicator_table",
    "latest_time",
    "league_table",
    "lookup",
    "lookup_answer",
    "lookup_limit",
    "open_incident",
    "overview_tile",
    "trend",
    "violations",
]

DOSSIERS = "public_admin.dossiers"
EVENTS = "public_admin.dossier_events"
OPEN = "status NOT IN (3, 7, 8, 9, 10)"


def _ready(datalayer: DataLayer, table: str = DOSSIERS) -> bool:
    return datalayer.version(table) is not None


def calendar_of(datalayer: DataLayer) -> WorkingCalendar:
    """The working-day calendar in the site's time zone."""
    return WorkingCalendar(time_zone=datalayer.settings.site.timezone)


def latest_time(datalayer: DataLayer) -> pd.Timestamp | None:
    """The newest event or dossier reception time (UTC); ``None`` without data."""
    times = []
    if _ready(datalayer, EVENTS):
        times.append(datalayer.cached_sql(f'SELECT max("at") AS t FROM {EVENTS}')["t"].iloc[0])
    if _ready(datalayer):
        times.append(datalayer.cached_sql(f"SELECT max(received_at) AS t FROM {DOSSIERS}")["t"].iloc[0])
    times = [pd.Timestamp(t) for t in times if t is not None and not pd.isna(t)]
    return max(times).tz_convert("UTC") if times else None


def counters(datalayer: DataLayer, now: pd.Timestamp) -> dict[str, int]:
    """Live counters: received today (site day), overdue now, due within 2 working days."""
    if not _ready(datalayer):
        return {"received_today": 0, "overdue": 0, "due_soon": 0, "open": 0}
    zone = datalayer.settings.site.timezone
    now = pd.Timestamp(now).tz_convert("UTC")
    day_start = now.tz_convert(zone).normalize().tz_convert("UTC")
    soon = pd.Timestamp(calendar_of(datalayer).add_working_days(now.to_pydatetime(), 2))
    frame = datalayer.cached_sql(
        f"""SELECT count(*) FILTER (WHERE received_at >= ? AND received_at <= ?) AS received_today,
                   count(*) FILTER (WHERE {OPEN} AND due_at < ?) AS overdue,
                   count(*) FILTER (WHERE {OPEN} AND due_at >= ? AND due_at <= ?) AS due_soon,
                   count(*) FILTER (WHERE {OPEN}) AS open
            FROM {DOSSIERS}""",
        [day_start, now, now, now, soon],
    )
    return {k: int(v) for k, v in frame.iloc[0].fillna(0).items()}


def backlog_by_agency(datalayer: DataLayer, now: pd.Timestamp, limit: int = 10) -> pd.DataFrame:
    """Open and overdue dossiers per agency at ``now``, most overdue first (the video wall).

    Returns
    -------
    pandas.DataFrame
        Columns ``agency_code``, ``open``, ``overdue``; at most ``limit`` agencies with an
        open dossier, ties broken by the open count, then the code (a stable order).
    """
    if not _ready(datalayer):
        return pd.DataFrame({"agency_code": [], "open": [], "overdue": []})
    now = pd.Timestamp(now).tz_convert("UTC")
    # not cached: ``now`` differs on every call, so a cached answer would never be asked for again
    frame = datalayer.sql(
        f"""SELECT agency_code, count(*) AS open, count(*) FILTER (WHERE due_at < ?) AS overdue
            FROM {DOSSIERS} WHERE {OPEN} GROUP BY agency_code
            ORDER BY overdue DESC, open DESC, agency_code LIMIT {int(limit)}""",
        [now],
    )
    return frame.astype({"open": int, "overdue": int})


def violations(datalayer: DataLayer, limit: int = 200) -> pd.DataFrame:
    """Open violation alerts of the domain, newest first (for the feed)."""
    return open_alerts(datalayer.store, "public_admin", limit=limit)


def dossier_agencies(datalayer: DataLayer, codes: list[str]) -> dict[str, str]:
    """The agency of each dossier ``codes`` (to route or filter its violations)."""
    if not codes or not _ready(datalayer):
        return {}
    listed = ", ".join("'" + str(c).replace("'", "''") + "'" for c in sorted(set(codes)))
    frame = datalayer.sql(f"SELECT code, agency_code FROM {DOSSIERS} WHERE code IN ({listed})")
    return dict(zip(frame["code"].astype(str), frame["agency_code"], strict=True))


def index_table(datalayer: DataLayer, kind: str, year: int, index: int = 1, by: str = "agency_code") -> pd.DataFrame:
    """Every indicator of the Decision 766 index per agency or unit (see :mod:`.index766`)."""
    if not _ready(datalayer) and not _ready(datalayer, "public_admin.procedures"):
        return pd.DataFrame(columns=["entity", "group", "code", "name", "numerator", "denominator", "ratio", "target", "max_points", "points"])  # fmt: skip
    return index766.index_for(datalayer, kind, year, index, by=by)


def league_table(indicators: pd.DataFrame, names: dict[str, str] | None = None) -> pd.DataFrame:
    """The league table (rank, name, group scores, total) of an :func:`index_table`."""
    table = index766.summary(indicators)
    table.insert(0, "rank", range(1, len(table) + 1))
    table.insert(2, "name", table["entity"].map(lambda e: (names or {}).get(e, e)))
    return table


def indicator_table(indicators: pd.DataFrame, entity: str) -> pd.DataFrame:
    """One entity's indicators with numerator, denominator, ratio, target and points."""
    return index766.explain(indicators, entity)


def agency_dossiers(
    datalayer: DataLayer, entity: str, by: str = "agency_code", start: Any = None, end: Any = None, limit: int = 500
) -> pd.DataFrame:
    """An agency's (or unit's) dossiers received in ``[start, end)``, applicant data masked."""
    if not _ready(datalayer) or by not in ("agency_code", "unit_code"):
        return pd.DataFrame(columns=["code", "procedure_code", "status", "received_at", "due_at", "applicant_name"])
    escaped = str(entity).replace("'", "''")
    frame = datalayer.read(DOSSIERS, start=start, end=end, where=f"{by} = '{escaped}'")
    frame = mask_frame(frame, datalayer.table(DOSSIERS).pii_columns)
    frame = frame.sort_values("received_at", ascending=False).head(limit)
    frame["status_label"] = frame["status"].map(lambda s: STATUS_LABELS.get(int(s), "?") if pd.notna(s) else "?")
    frame["channel_label"] = frame["channel"].map(lambda c: CHANNEL_LABELS.get(int(c), "") if pd.notna(c) else "")
    columns = ["code", "procedure_code", "unit_code", "channel_label", "status_label", "received_at", "due_at", "finished_at", "applicant_name", "applicant_phone"]  # fmt: skip
    return frame[columns].reset_index(drop=True)


def heatmap(datalayer: DataLayer, start: Any, end: Any) -> pd.DataFrame:
    """Share of dossiers overdue (finished after NgayHenTra, or open past it) per unit and month."""
    if not _ready(datalayer):
        return pd.DataFrame(columns=["unit_code", "month", "dossiers", "late", "late_pct"])
    zone = datalayer.settings.site.timezone
    frame = datalayer.cached_sql(
        f"""SELECT coalesce(unit_code, '—') AS unit_code,
                   strftime(timezone(?, received_at), '%Y-%m') AS month,
                   count(*) AS dossiers,
                   count(*) FILTER (WHERE due_at IS NOT NULL AND coalesce(finished_at, ?) > due_at) AS late
            FROM {DOSSIERS} WHERE received_at >= ? AND received_at < ? GROUP BY 1, 2 ORDER BY 1, 2""",
        [zone, pd.Timestamp.now(tz="UTC"), pd.Timestamp(start), pd.Timestamp(end)],
    )
    frame["late_pct"] = (100 * frame["late"] / frame["dossiers"]).round(1)
    return frame


def trend(datalayer: DataLayer) -> pd.DataFrame:
    """Dossiers received, finished and finished on time per month (site time)."""
    if not _ready(datalayer):
        return pd.DataFrame(columns=["month", "received", "finished", "on_time", "on_time_pct"])
    zone = datalayer.settings.site.timezone
    frame = datalayer.cached_sql(
        f"""SELECT strftime(timezone(?, received_at), '%Y-%m') AS month, count(*) AS received,
                   count(*) FILTER (WHERE finished_at IS NOT NULL) AS finished,
                   count(*) FILTER (WHERE finished_at IS NOT NULL AND (due_at IS NULL OR finished_at <= due_at))
                     AS on_time
            FROM {DOSSIERS} WHERE received_at IS NOT NULL GROUP BY 1 ORDER BY 1""",
        [zone],
    )
    frame["on_time_pct"] = (100 * frame["on_time"] / frame["finished"].where(frame["finished"] > 0)).round(1)
    return frame


def lookup_answer(
    datalayer: DataLayer, code: str, phone_last4: str, min_seconds: float | None = None
) -> dict[str, Any] | None:
    """:func:`~.lookup.lookup`, answered no faster than ``min_seconds`` (default: the configured time)."""
    seconds = public_admin_config(datalayer.settings).lookup_min_seconds if min_seconds is None else min_seconds
    return answer_no_faster_than(seconds, lambda: lookup(datalayer, code, phone_last4))


def lookup_limit(datalayer: DataLayer) -> int:
    """Look-ups allowed per client and minute (``plugins.public_admin.lookup_per_minute``)."""
    return public_admin_config(datalayer.settings).lookup_per_minute


def open_incident(datalayer: DataLayer, alert_id: int, username: str | None = None) -> dict[str, Any]:
    """Open the timed incident of a violation alert (the incident service checks the user's roles)."""
    actor = (get_principal(datalayer.store, username) if username else None) or Principal.system()
    incident = IncidentService(datalayer.store, settings=datalayer.settings).open_from_alert(alert_id, actor)
    return {"id": incident.id, "procedure": incident.procedure, "state": incident.state, "deadline": incident.deadline}


def overview_tile(datalayer: DataLayer, now: pd.Timestamp) -> Tile:
    """The domain's tile: open, overdue and due-soon dossiers, open violations; received per day."""
    page = "public_admin"
    if not _ready(datalayer):
        return Tile(domain="public_admin", title="Hành chính công", status="unknown", page=page)
    live = counters(datalayer, now)
    alerts = violations(datalayer, limit=1000)
    days = datalayer.cached_sql(
        f"""SELECT date_trunc('day', received_at) AS day, count(*) AS n FROM {DOSSIERS}
            WHERE received_at >= ? AND received_at < ? GROUP BY 1 ORDER BY 1""",
        [pd.Timestamp(now) - pd.Timedelta(days=30), pd.Timestamp(now)],
    )
    spark = pd.Series(days["n"].to_numpy(), index=pd.to_datetime(days["day"], utc=True)) if len(days) else None
    status = "alert" if live["overdue"] else ("watch" if live["due_soon"] or len(alerts) else "ok")
    return Tile(
        domain="public_admin",
        title="Hành chính công",
        figures=(
            Figure(
                "Hồ sơ đang xử lý",
                live["open"],
                "hồ sơ",
                key="open",
                labels={"en": "Applications in progress"},
                units={"en": "applications"},
            ),
            Figure(
                "Quá hạn",
                live["overdue"],
                "hồ sơ",
                better="down",
                key="overdue",
                labels={"en": "Overdue"},
                units={"en": "applications"},
            ),
            Figure(
                "Đến hạn trong 2 ngày làm việc",
                live["due_soon"],
                "hồ sơ",
                better="down",
                key="due_soon",
                labels={"en": "Due within 2 working days"},
                units={"en": "applications"},
            ),
            Figure(
                "Cảnh báo vi phạm",
                len(alerts),
                "",
                better="down",
                key="violation_alerts",
                labels={"en": "Violation alerts"},
            ),
        ),
        status=status,
        sparkline=spark,
        sparkline_label="Hồ sơ tiếp nhận mỗi ngày",
        as_of=latest_time(datalayer),
        page=page,
    )
