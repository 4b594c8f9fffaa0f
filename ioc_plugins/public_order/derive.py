"""After each write: counts per camera, zone, label and minute; incidents for hot alerts.

Counts
    An object is counted in every minute it was in view, from its start to its end (or its
    latest frame), at most :data:`MAX_MINUTES` minutes (project choice: a car parked all
    day is not traffic). Each written event recounts the minutes it touches from every
    stored event of its camera, so a ``new → update → end`` stream, a redelivered message
    or a re-ingested file gives the same counts (the count for a key supersedes).
Incidents
    A fire/smoke alert opens an incident with the immediate procedure; a critical crowd
    alert opens a ``mass_gathering`` incident, a hot category that opens the command view
    (:mod:`ioc.incidents.workflow`). Opening is idempotent: an alert gets one incident.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import select

from ioc.auth import Principal
from ioc.incidents.service import IncidentService
from ioc.store import Alert
from ioc_plugins.public_order.tables import CAMERA_EVENTS, COUNTS

log = logging.getLogger(__name__)

MAX_MINUTES = 60
NO_ZONE = "*"
#: Alerts that open an incident: rule id → (incident category, lowest severity that opens one).
INCIDENT_RULES = {"public_order.fire": ("fire", "critical"), "public_order.crowd": ("mass_gathering", "critical")}


def minute_counts(events: pd.DataFrame, minutes: set[tuple[str, pd.Timestamp]] | None = None) -> pd.DataFrame:
    """Count objects per ``camera_id``, ``zone``, ``label`` and minute.

    Parameters
    ----------
    events : pandas.DataFrame
        ``public_order.camera_events`` rows.
    minutes : set of (camera_id, minute), optional
        Only these minutes (all by default).

    Returns
    -------
    pandas.DataFrame
        The :data:`~.tables.COUNTS` columns; ``dwell_s`` is the mean time the counted
        objects had been in view at the end of the minute.
    """
    events = events[events["event_type"].fillna("") != "empty"]  # a parking spot left empty: nothing in view
    if events.empty:
        return COUNTS.empty_frame()
    start = events["time"].dt.floor("min")
    end_source = events["end_time"].fillna(events["last_seen"]).fillna(events["time"])
    # an object that left at 10:01:00 was not in view during the minute 10:01
    end = (end_source - pd.Timedelta(microseconds=1)).clip(lower=events["time"]).dt.floor("min")
    spans = ((end - start).dt.total_seconds() // 60).clip(upper=MAX_MINUTES).astype("int64").to_numpy() + 1
    index = np.repeat(np.arange(len(events)), spans)
    offsets = np.concatenate([np.arange(n) for n in spans]) if len(spans) else np.array([], dtype="int64")
    expanded = events.iloc[index].reset_index(drop=True)
    expanded["minute"] = start.iloc[index].reset_index(drop=True) + pd.to_timedelta(offsets, unit="min")
    expanded["dwell"] = (
        (
            (expanded["minute"] + pd.Timedelta(minutes=1)).clip(upper=end_source.iloc[index].reset_index(drop=True))
            - expanded["time"]
        )
        .dt.total_seconds()
        .clip(lower=0)
    )
    if minutes is not None:
        wanted = pd.Series(list(zip(expanded["camera_id"].astype(str), expanded["minute"]))).isin(minutes)
        expanded = expanded[wanted.to_numpy()]
    expanded["zone"] = expanded["zone"].fillna(NO_ZONE).astype(str)
    # one object is one track: DeepStream sends a message (an event id) per detection of a track
    expanded["object"] = (
        expanded["track_id"].fillna(expanded["event_id"]) if "track_id" in expanded else expanded["event_id"]
    )
    counts = (
        expanded.groupby(["camera_id", "zone", "label", "minute"], as_index=False)
        .agg(count=("object", "nunique"), dwell_s=("dwell", "mean"))
        .rename(columns={"minute": "time"})
    )
    counts["place"] = counts["camera_id"].astype(str) + "/" + counts["zone"]
    return counts[COUNTS.column_names]


def recount(datalayer: Any, written: pd.DataFrame) -> pd.DataFrame:
    """Counts of every minute the written events touch, from all stored events of their cameras."""
    touched = minute_counts(written)
    if touched.empty:
        return touched
    minutes = set(zip(touched["camera_id"].astype(str), touched["time"]))
    cameras = ", ".join("'" + str(c).replace("'", "''") + "'" for c in touched["camera_id"].unique())
    stored = datalayer.read(
        CAMERA_EVENTS.name,
        start=touched["time"].min() - pd.Timedelta(minutes=MAX_MINUTES + 1),
        end=touched["time"].max() + pd.Timedelta(minutes=1),
        where=f"camera_id IN ({cameras})",
    )
    return minute_counts(stored, minutes)


def open_incidents(datalayer: Any) -> list[int]:
    """Open the incident of every alert of :data:`INCIDENT_RULES` that has none yet."""
    with datalayer.store.session() as session:
        alerts = session.scalars(
            select(Alert).where(
                Alert.rule_id.in_(list(INCIDENT_RULES)), Alert.incident_id.is_(None), Alert.status == "open"
            )
        ).all()
        wanted = [(a.id, a.rule_id) for a in alerts if a.severity == INCIDENT_RULES[a.rule_id][1]]
    if not wanted:
        return []
    service = IncidentService(datalayer.store, settings=datalayer.settings)
    opened = []
    for alert_id, rule_id in wanted:
        incident = service.open_from_alert(alert_id, Principal.system(), category=INCIDENT_RULES[rule_id][0])
        opened.append(incident.id)
    return opened


def derive(datalayer: Any, table: str, written: pd.DataFrame) -> Iterator[tuple[str, pd.DataFrame]]:
    """Plugin hook: events → counts per minute; hot alerts → incidents."""
    if table in (CAMERA_EVENTS.name, COUNTS.name) and not written.empty:
        open_incidents(datalayer)
    if table == CAMERA_EVENTS.name and not written.empty:
        counts = recount(datalayer, written)
        if not counts.empty:
            yield COUNTS.name, counts
