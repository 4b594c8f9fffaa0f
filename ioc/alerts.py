"""Storing alerts and the warnings they address to agencies and citizens."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import select

from ioc.rules import SEVERITIES, AlertDraft
from ioc.store import Alert, Store, Warning_
from ioc.timestamps import as_utc


def store_alerts(store: Store, drafts: Iterable[AlertDraft]) -> list[Alert]:
    """Insert new alerts (one per dedupe key) and their warnings; return the new ones.

    A draft whose dedupe key already exists updates the stored alert's latest value
    instead of raising a second alert, so a flapping condition stays one alert.
    """
    created: list[Alert] = []
    with store.session() as session:
        for draft in drafts:
            existing = session.scalar(select(Alert).where(Alert.dedupe_key == draft.dedupe_key))
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
            session.flush()
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
            created.append(alert)
        session.commit()
    return created


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
