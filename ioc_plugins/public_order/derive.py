"""After each write: counts per camera, zone, label and minute; incidents for hot alerts.

Counts
    An object is counted in every minute it was in view, from its start to its end (or its
    latest frame), at most :data:`MAX_MINUTES` minutes (project choice: a car parked all
    day is not traffic). Each written event recounts the minutes it touches from every
    stored event of its camera (kept in memory between writes, :mod:`.counting`), so a
    ``new → update → end`` stream, a redelivered message or a re-ingested file gives the same
    counts (the count for a key supersedes); a key its last object left is written once as 0.
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
from ioc_plugins.public_order.counting import (
    MAX_MINUTES,
    NO_ZONE,
    MinuteCounter,
    contributions,
    counter_for,
    counts_frame,
)
from ioc_plugins.public_order.tables import CAMERA_EVENTS, COUNTS

log = logging.getLogger(__name__)

__all__ = ["MAX_MINUTES", "NO_ZONE", "derive", "minute_counts", "open_incidents", "recount"]
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
    counter = MinuteCounter()
    for parts in contributions(events).values():
        counter._add(parts, np.iinfo("int64").min)
    keys = list(counter.totals)
    if minutes is not None:
        wanted = {(str(c), pd.Timestamp(m).value) for c, m in minutes}
        keys = [k for k in keys if (k[0], k[3]) in wanted]
    return counts_frame(counter.totals, keys)


def recount(datalayer: Any, written: pd.DataFrame) -> pd.DataFrame:
    """Counts of every minute the written events touch (and their previous versions touched).

    Kept in memory between writes and checked against the lake (:mod:`.counting`): the
    result is what counting every stored event of those minutes would give.
    """
    return counter_for(datalayer).update(datalayer, written)


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
