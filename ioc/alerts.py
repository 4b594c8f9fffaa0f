"""Storing alerts and the warnings they address to agencies and citizens."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ioc.rules import SEVERITIES, AlertDraft
from ioc.store import Alert, Store, Warning_
from ioc.timestamps import as_utc


def store_alerts(store: Store, drafts: Iterable[AlertDraft]) -> list[Alert]:
    """Insert new alerts (one per dedupe key) and their warnings; return the new ones.

    A draft whose dedupe key already exists (stored, or new in the same call) updates that
    alert's latest value instead of raising a second alert, so a flapping condition stays
    one alert. The stored alerts of the drafts' keys are read in a few queries and the new
    ones inserted in one flush: a year's batch of security events raises about 500 alerts,
    which cost a query and a round trip each before (0.7 s).
    """
    drafts = list(drafts)
    created: list[tuple[Alert, AlertDraft]] = []
    with store.session() as session:
        known = _stored_alerts(session, {draft.dedupe_key for draft in drafts})
        for draft in drafts:
            existing = known.get(draft.dedupe_key)
            if existing is not None:
                if draft.value is not None and (existing.value is None or draft.value > existing.value):
                    existing.value = draft.value
                    existing.title, existing.message = draft.title, draft.message
                    if SEVERITIES.index(draft.severity) > SEVERITIES.index(existing.severity):
                        existing.severity = draft.severity
                continue
            alert = Alert(
                dedupe_key=draft.dedupe_key,
                rule_id=draft.rule_id,
                origin="rule",
                domain=draft.domain,
                category=draft.category,
                severity=draft.severity,
                title=draft.title,
                message=draft.message,
                table_name=draft.table_name,
                entity_id=draft.entity_id,
                unit_code=draft.unit_code,
                lon=draft.lon,
                lat=draft.lat,
                value=draft.value,
                observed_at=pd.Timestamp(draft.observed_at).to_pydatetime(),
                source_rows=draft.source_rows,
            )
            session.add(alert)
            known[draft.dedupe_key] = alert
            created.append((alert, draft))
        session.flush()  # the new alerts' ids, for their warnings
        for alert, draft in created:
            for audience in draft.audiences:
                session.add(
                    Warning_(
                        alert_id=alert.id,
                        audience=audience.kind,
                        agency_code=audience.agency_code,
                        unit_code=draft.unit_code,
                        title=draft.title,
                        message=draft.message,
                    )
                )
        session.commit()
    return [alert for alert, _ in created]


#: Dedupe keys per query (well under the bound parameters SQLite and PostgreSQL take).
_KEYS_PER_QUERY = 500


def _stored_alerts(session: Session, keys: set[str]) -> dict[str, Alert]:
    """The stored alerts of ``keys``, by dedupe key."""
    ordered = sorted(keys)
    found: dict[str, Alert] = {}
    for first in range(0, len(ordered), _KEYS_PER_QUERY):
        chunk = ordered[first : first + _KEYS_PER_QUERY]
        found |= {
            alert.dedupe_key: alert for alert in session.scalars(select(Alert).where(Alert.dedupe_key.in_(chunk)))
        }
    return found


def open_alerts(store: Store, domain: str | None = None, limit: int = 200) -> pd.DataFrame:
    """Open alerts, newest observation first, as a frame for dashboards and reports."""
    query = select(Alert).where(Alert.status == "open").order_by(Alert.observed_at.desc()).limit(limit)
    if domain:
        query = query.where(Alert.domain == domain)
    with store.session() as session:
        rows = session.scalars(query).all()
    columns = [
        "id",
        "rule_id",
        "domain",
        "category",
        "severity",
        "title",
        "message",
        "entity_id",
        "unit_code",
        "lon",
        "lat",
        "value",
        "observed_at",
        "raised_at",
        "status",
    ]
    return pd.DataFrame([{c: getattr(r, c) for c in columns} for r in rows], columns=columns)


def pending_warnings(store: Store) -> pd.DataFrame:
    """Warnings not yet sent by a notification channel."""
    with store.engine.connect() as connection:
        return pd.read_sql_query("SELECT * FROM warnings WHERE status = 'pending' ORDER BY id", connection)


def alerts_between(store: Store, start: object, end: object, domain: str | None = None) -> pd.DataFrame:
    """Alerts observed in ``[start, end)`` (any status), oldest first, for tiles and reports.

    Unlike :func:`open_alerts` this looks at a time span, so a report for a past month
    counts that month's alerts whether or not they are still open.
    """
    lower, upper = as_utc(start), as_utc(end)
    query = (
        select(Alert)
        .where(Alert.observed_at >= lower.to_pydatetime(), Alert.observed_at < upper.to_pydatetime())
        .order_by(Alert.observed_at, Alert.id)
    )
    if domain:
        query = query.where(Alert.domain == domain)
    with store.session() as session:
        rows = session.scalars(query).all()
    return pd.DataFrame([{c: getattr(r, c) for c in _ALERT_COLUMNS} for r in rows], columns=list(_ALERT_COLUMNS))


_ALERT_COLUMNS = (
    "id",
    "rule_id",
    "domain",
    "category",
    "severity",
    "title",
    "message",
    "entity_id",
    "unit_code",
    "lon",
    "lat",
    "value",
    "observed_at",
    "raised_at",
    "status",
)
