"""Cross-domain situation fusion: alerts and incidents of every domain, grouped by place and time.

A flood on one street shows up in several domains at once: a water-level alarm
(environment), traffic-jam camera events (public order), citizen reports (feedback) and
negative posts (social). Each domain raises its own alerts; :func:`fuse` joins those that
happened *near each other* (the same administrative unit, or within ``radius_km``) and
*close in time* (within ``window``) into one :class:`Situation`, with the evidence listed
per domain, so the leaders see one situation instead of four unrelated rows.

Linking is single-linkage (a chain of near events forms one situation) — a project choice:
it keeps a flood that moves along a street as one situation. The core knows no domain:
everything here reads the shared ``alerts`` and ``incidents`` records.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pandas as pd
from sqlalchemy import select

from ioc.alerts import alerts_between
from ioc.incidents.models import Incident
from ioc.rules import SEVERITIES
from ioc.store import Store
from ioc.timestamps import as_utc

#: Columns of the event frame :func:`fuse` reads.
EVENT_COLUMNS = ("kind", "id", "domain", "severity", "title", "unit_code", "lon", "lat", "observed_at")

#: Defaults (project choice): a street-scale distance and the time a flood or jam lasts.
DEFAULT_RADIUS_KM = 2.0
DEFAULT_WINDOW = timedelta(hours=3)


@dataclass(frozen=True)
class Situation:
    """Events of one or more domains at one place and time.

    Attributes
    ----------
    key
        Stable identifier (``"S-<kind>-<id>"`` of the earliest event).
    unit_code
        The administrative unit most events name (``None`` when none does).
    lon, lat
        Mean position of the located events (``None`` when none is located).
    start, end
        First and last observation (UTC).
    severity
        The worst severity among the events.
    domains
        The domains with evidence, sorted.
    evidence
        Per domain, the events as records (kind, id, severity, title, observed_at …).
    """

    key: str
    unit_code: str | None
    lon: float | None
    lat: float | None
    start: pd.Timestamp
    end: pd.Timestamp
    severity: str
    domains: tuple[str, ...]
    evidence: dict[str, list[dict[str, Any]]] = field(compare=False)

    @property
    def cross_domain(self) -> bool:
        """Whether more than one domain saw it."""
        return len(self.domains) > 1

    @property
    def size(self) -> int:
        return sum(len(items) for items in self.evidence.values())


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance (haversine, Earth radius 6371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def _code(value: Any) -> str | None:
    """A unit code, ``None`` for missing values (``None``, NaN, empty)."""
    return value if isinstance(value, str) and value else None


def _near(a: Any, b: Any, radius_km: float) -> bool:
    if _code(a.unit_code) and a.unit_code == b.unit_code:
        return True
    located = all(v is not None and not pd.isna(v) for v in (a.lon, a.lat, b.lon, b.lat))
    return located and distance_km(a.lon, a.lat, b.lon, b.lat) <= radius_km


def fuse(
    events: pd.DataFrame, *, radius_km: float = DEFAULT_RADIUS_KM, window: timedelta = DEFAULT_WINDOW
) -> list[Situation]:
    """Group events into situations by place and time (single linkage).

    Parameters
    ----------
    events : pandas.DataFrame
        One row per alert or incident with :data:`EVENT_COLUMNS`.
    radius_km : float
        Two located events at most this far apart are near (same unit also counts).
    window : datetime.timedelta
        Two events at most this far apart in time are concurrent.

    Returns
    -------
    list of Situation
        Worst severity first, then the most domains, then the newest.
    """
    if events.empty:
        return []
    frame = events.assign(observed_at=pd.to_datetime(events["observed_at"], utc=True))
    frame = frame.sort_values(["observed_at", "kind", "id"]).reset_index(drop=True)
    rows = list(frame.itertuples(index=False))
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(rows):  # sorted by time: stop scanning once past the window
        for j in range(i + 1, len(rows)):
            b = rows[j]
            if b.observed_at - a.observed_at > window:
                break
            if _near(a, b, radius_km):
                parent[root(j)] = root(i)
    groups: dict[int, list[Any]] = {}
    for i, row in enumerate(rows):
        groups.setdefault(root(i), []).append(row)
    situations = [_situation(members) for members in groups.values()]
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(situations, key=lambda s: (-rank.get(s.severity, 0), -len(s.domains), -s.end.value))


def _situation(members: list[Any]) -> Situation:
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    units = pd.Series([m.unit_code for m in members if _code(m.unit_code)], dtype=object)
    located = [(m.lon, m.lat) for m in members if m.lon is not None and m.lat is not None and not pd.isna(m.lon)]
    evidence: dict[str, list[dict[str, Any]]] = {}
    for m in members:
        evidence.setdefault(str(m.domain), []).append(
            {
                "kind": m.kind,
                "id": m.id,
                "severity": m.severity,
                "title": m.title,
                "unit_code": _code(m.unit_code),
                "observed_at": m.observed_at,
            }
        )
    first = members[0]
    return Situation(
        key=f"S-{first.kind}-{first.id}",
        unit_code=str(units.mode().iloc[0]) if len(units) else None,
        lon=sum(p[0] for p in located) / len(located) if located else None,
        lat=sum(p[1] for p in located) / len(located) if located else None,
        start=min(m.observed_at for m in members),
        end=max(m.observed_at for m in members),
        severity=max((m.severity for m in members), key=lambda s: rank.get(s, 0)),
        domains=tuple(sorted(evidence)),
        evidence=evidence,
    )


def situation_events(store: Store, start: Any, end: Any) -> pd.DataFrame:
    """Alerts observed and incidents received in ``[start, end)``, as :func:`fuse` reads them.

    Incidents opened from an alert are left out (the alert already stands for them).
    """
    alerts = alerts_between(store, start, end)
    frame = pd.DataFrame(
        {
            "kind": "alert",
            "id": alerts["id"],
            "domain": alerts["domain"],
            "severity": alerts["severity"],
            "title": alerts["title"],
            "unit_code": alerts["unit_code"],
            "lon": alerts["lon"],
            "lat": alerts["lat"],
            "observed_at": alerts["observed_at"],
        },
        columns=list(EVENT_COLUMNS),
    )
    lower, upper = (pd.Timestamp(v) for v in (start, end))
    lower = lower.tz_localize("UTC") if lower.tzinfo is None else lower
    upper = upper.tz_localize("UTC") if upper.tzinfo is None else upper
    query = select(Incident).where(
        Incident.received_at >= lower.to_pydatetime(),
        Incident.received_at < upper.to_pydatetime(),
        Incident.alert_id.is_(None),
        Incident.duplicate_of.is_(None),
    )
    with store.session() as session:
        incidents = [
            {
                "kind": "incident",
                "id": r.id,
                "domain": r.domain,
                "severity": r.severity,
                "title": r.title,
                "unit_code": r.unit_code,
                "lon": r.lon,
                "lat": r.lat,
                "observed_at": r.received_at,
            }
            for r in session.scalars(query)
        ]
    if not incidents:
        return frame
    extra = pd.DataFrame(incidents, columns=list(EVENT_COLUMNS))
    return extra if frame.empty else pd.concat([frame, extra], ignore_index=True)


def current_situations(
    store: Store,
    now: Any,
    *,
    lookback: timedelta = timedelta(hours=24),
    radius_km: float = DEFAULT_RADIUS_KM,
    window: timedelta = DEFAULT_WINDOW,
) -> list[Situation]:
    """Situations from the events of the ``lookback`` before ``now`` (the overview's list)."""
    stamp = as_utc(now)
    events = situation_events(store, stamp - lookback, stamp + timedelta(seconds=1))
    return fuse(events, radius_km=radius_km, window=window)


def hot_unacknowledged(store: Store) -> list[dict[str, Any]]:
    """Hot incidents nobody has acted on yet: the video wall takes over for each.

    *Acknowledged* means the incident left the ``received`` state (someone started to
    verify or dispatched a team) — the workflow's own first step, so acknowledging needs
    no separate button. Newest first; only what the wall shows (no personal data).
    """
    query = (
        select(Incident)
        .where(Incident.hot.is_(True), Incident.state == "received")
        .order_by(Incident.received_at.desc(), Incident.id.desc())
    )
    with store.session() as session:
        return [
            {
                "id": r.id,
                "tracking_code": r.tracking_code,
                "domain": r.domain,
                "category": r.category,
                "severity": r.severity,
                "title": r.title,
                "description": r.description,
                "unit_code": r.unit_code,
                "lon": r.lon,
                "lat": r.lat,
                "received_at": pd.Timestamp(r.received_at).tz_localize("UTC")
                if r.received_at.tzinfo is None
                else pd.Timestamp(r.received_at),
                "state": r.state,
            }
            for r in session.scalars(query)
        ]
