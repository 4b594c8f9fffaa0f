"""Each agency's security posture per day: a 0–100 score and the four things it is made of.

* ``open_high`` — the agency's infosec alerts of severity high/critical still open;
* ``malware`` — hosts of the agency with malware seen that day;
* ``exposure`` — unique external (non-private, non-agency) sources with detections against it;
* ``ack_hours`` — median hours from an alert's observation to its incident being opened (acknowledged),
  over the agency's alerts of the 30 days up to that day (still-unacknowledged ones count until now).

Score (project choice, documented in ``docs/infosec.md``):
``100 − min(40, 8·open_high) − min(25, 12·malware) − min(15, 5·log2(1 + exposure))
− min(20, 10·ack_hours/24)``. 100 is a quiet, well-kept agency; a league table sorts by it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ioc.config import site_timezone
from ioc_plugins.infosec.assets import external_sources, resolver_for
from ioc_plugins.infosec.config import infosec_config

if TYPE_CHECKING:
    from ioc.datalayer import DataLayer


def score(open_high: int, malware: int, exposure: int, ack_hours: float | None) -> float:
    """The posture score from its parts (see the module docstring)."""
    penalty = min(40.0, 8.0 * open_high) + min(25.0, 12.0 * malware) + min(15.0, 5.0 * math.log2(1 + exposure))
    penalty += min(20.0, 10.0 * (ack_hours or 0.0) / 24.0)
    return round(max(0.0, 100.0 - penalty), 1)


def alert_agencies(datalayer: DataLayer, now: pd.Timestamp) -> pd.DataFrame:
    """The infosec alerts naming an agency, with their status and hours to acknowledge (open: until ``now``)."""
    query = (
        "SELECT a.entity_id, a.severity, a.status, a.observed_at, i.received_at AS acknowledged_at "
        "FROM alerts a LEFT JOIN incidents i ON i.id = a.incident_id WHERE a.domain = 'infosec'"
    )
    with datalayer.store.engine.connect() as connection:
        frame = pd.read_sql_query(query, connection)
    if frame.empty:
        return frame.assign(agency=pd.Series(dtype=object), ack_hours=pd.Series(dtype=float))
    frame["agency"] = frame["entity_id"].astype(str).str.split("|").str[0]
    frame = frame[~frame["agency"].isin(["-", "*", ""])]
    raised = pd.to_datetime(frame["observed_at"], utc=True).astype("datetime64[us, UTC]")
    acked = pd.to_datetime(frame["acknowledged_at"], utc=True).astype("datetime64[us, UTC]")
    acked = acked.where(acked.notna(), pd.Timestamp(now).tz_convert("UTC").as_unit("us"))
    frame["ack_hours"] = ((acked - raised).dt.total_seconds() / 3600).clip(lower=0)
    frame["observed_at"] = raised
    return frame


def compute_posture(datalayer: DataLayer, days: list[pd.Timestamp], now: pd.Timestamp | None = None) -> pd.DataFrame:
    """Posture rows for every agency with events on each site-local ``day``.

    One aggregate query over the days' span (grouped by agency, local day and source), so a
    batch touching a year of days costs one scan, not one per day.
    """
    columns = ["agency", "day", "score", "open_high", "malware", "exposure", "ack_hours", "events"]
    wanted = sorted(
        {
            pd.Timestamp(d).tz_localize(None).normalize() if pd.Timestamp(d).tzinfo else pd.Timestamp(d).normalize()
            for d in days
        }
    )
    if not wanted or datalayer.version("infosec.events") is None:
        return pd.DataFrame(columns=columns)
    now = now or pd.Timestamp.now(tz="UTC")
    zone = site_timezone(datalayer.settings)
    resolver = resolver_for(infosec_config(datalayer.settings).assets)
    start = wanted[0].tz_localize(zone).tz_convert("UTC")
    end = (wanted[-1] + pd.Timedelta(days=1)).tz_localize(zone).tz_convert("UTC")
    grouped = datalayer.sql(
        "SELECT agency, CAST(timezone(?, time) AS DATE) AS day, source_ip, count(*) AS n, max(severity) AS top "
        "FROM infosec.events WHERE agency IS NOT NULL AND time >= ? AND time < ? GROUP BY 1, 2, 3",
        [zone, start, end],
    )
    grouped["day"] = pd.to_datetime(grouped["day"])
    grouped = grouped[grouped["day"].isin(wanted)]
    if grouped.empty:
        return pd.DataFrame(columns=columns)
    external = {ip: bool(external_sources([ip], resolver)) for ip in grouped["source_ip"].dropna().unique()}
    grouped["external"] = grouped["source_ip"].map(external).fillna(False).astype(bool) & (grouped["top"] >= 1)
    table = grouped.groupby(["agency", "day"]).agg(events=("n", "sum"), exposure=("external", "sum")).reset_index()
    malware = datalayer.read("infosec.malware", columns=["agency", "host", "last_seen"], where="agency IS NOT NULL")
    malware["day"] = malware["last_seen"].dt.tz_convert(zone).dt.tz_localize(None).dt.normalize()
    infected = malware.groupby(["agency", "day"])["host"].nunique().rename("malware")
    table = table.join(infected, on=["agency", "day"]).fillna({"malware": 0})
    open_high, ack = _alert_parts(alert_agencies(datalayer, now), table, zone)
    table["open_high"], table["ack_hours"] = open_high, ack
    table["malware"] = table["malware"].astype(int)
    table["exposure"] = table["exposure"].astype(int)
    table["score"] = [
        score(*parts)
        for parts in zip(table["open_high"], table["malware"], table["exposure"], table["ack_hours"], strict=True)
    ]
    return table[columns]


def _alert_parts(alerts: pd.DataFrame, table: pd.DataFrame, zone: str) -> tuple[list[int], list[float | None]]:
    """Per (agency, day) row: open high alerts observed before the day's end, and the median
    hours to acknowledge over the 30 days up to it (sorted arrays and binary search)."""
    by_agency = {}
    for agency, mine in alerts.groupby("agency") if len(alerts) else []:
        mine = mine.sort_values("observed_at")
        times = _naive_utc(mine["observed_at"])
        high = mine[(mine["status"] == "open") & mine["severity"].isin(["high", "critical"])]
        by_agency[agency] = (times, mine["ack_hours"].to_numpy(dtype=float), _naive_utc(high["observed_at"]))
    # each row's day end (UTC) for all rows at once, then one search per agency
    day_ends = _naive_utc((table["day"] + pd.Timedelta(days=1)).dt.tz_localize(zone))
    month_agos = day_ends - np.timedelta64(30, "D")
    open_high = np.zeros(len(table), dtype="int64")
    ack: list[float | None] = [None] * len(table)
    agencies = table["agency"].to_numpy(dtype=object)
    for agency, (times, hours, high) in by_agency.items():
        rows = np.flatnonzero(agencies == agency)
        open_high[rows] = np.searchsorted(high, day_ends[rows], side="left")
        firsts = np.searchsorted(times, month_agos[rows], side="left")
        ends = np.searchsorted(times, day_ends[rows], side="left")
        for row, first, end in zip(rows.tolist(), firsts.tolist(), ends.tolist(), strict=True):
            if end > first:
                ack[row] = round(float(np.median(hours[first:end])), 2)
    return open_high.tolist(), ack


def _naive_utc(values: pd.Series) -> np.ndarray:
    return values.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[us]")
