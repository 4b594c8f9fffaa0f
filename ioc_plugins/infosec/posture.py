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
    """Posture rows for every agency with events on each site-local ``day``."""
    now = now or pd.Timestamp.now(tz="UTC")
    zone = site_timezone(datalayer.settings)
    resolver = resolver_for(infosec_config(datalayer.settings).assets)
    rows = []
    alerts = alert_agencies(datalayer, now)
    for day in sorted({pd.Timestamp(d).normalize() for d in days}):
        start = day.tz_localize(zone).tz_convert("UTC")
        end = (day + pd.Timedelta(days=1)).tz_localize(zone).tz_convert("UTC")
        events = datalayer.read(
            "infosec.events",
            start=start,
            end=end,
            columns=["agency", "severity", "source_ip"],
            where="agency IS NOT NULL",
        )
        malware = datalayer.read("infosec.malware", columns=["agency", "host", "last_seen"], where="agency IS NOT NULL")
        malware = malware[(malware["last_seen"] >= start) & (malware["last_seen"] < end)]
        for agency, group in events.groupby("agency"):
            detections = group[group["severity"] >= 1]
            mine = alerts[(alerts["agency"] == agency) & (alerts["observed_at"] < end)] if len(alerts) else alerts
            recent = mine[mine["observed_at"] >= end - pd.Timedelta(days=30)] if len(mine) else mine
            open_high = (
                int(((mine["status"] == "open") & mine["severity"].isin(["high", "critical"])).sum())
                if len(mine)
                else 0
            )
            ack = float(recent["ack_hours"].median()) if len(recent) else None
            hosts = int(malware.loc[malware["agency"] == agency, "host"].nunique())
            exposure = len(external_sources(detections["source_ip"].dropna().astype(str), resolver))
            rows.append(
                {
                    "agency": agency,
                    "day": day.tz_localize(None) if day.tzinfo else day,
                    "score": score(open_high, hosts, exposure, ack),
                    "open_high": open_high,
                    "malware": hosts,
                    "exposure": exposure,
                    "ack_hours": None if ack is None else round(ack, 2),
                    "events": len(group),
                }
            )
    return pd.DataFrame(
        rows, columns=["agency", "day", "score", "open_high", "malware", "exposure", "ack_hours", "events"]
    )
