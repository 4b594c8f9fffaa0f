"""Storing alerts: one per dedupe key, its warnings, updates of a flapping condition."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import func, select

from ioc.alerts import store_alerts
from ioc.rules import AlertDraft, Audience
from ioc.store import Alert, Warning_, open_store

T0 = pd.Timestamp("2025-03-01T01:00:00Z")


def draft(entity: str, value: float, severity: str = "warning", minutes: int = 0, agencies=("SYT",)) -> AlertDraft:
    return AlertDraft(
        rule_id="demo.rule",
        domain="demo",
        category="test",
        severity=severity,
        title=f"{entity} {value}",
        message=f"{entity} reached {value}",
        observed_at=T0 + pd.Timedelta(minutes=minutes),
        entity_id=entity,
        value=value,
        audiences=tuple(Audience("agency", a) for a in agencies),
    )


@pytest.fixture
def store(settings):
    return open_store(settings.database_url)


def counts(store) -> tuple[int, int]:
    with store.session() as session:
        return session.scalar(select(func.count(Alert.id))), session.scalar(select(func.count(Warning_.id)))


def test_new_alerts_get_one_warning_per_audience(store):
    created = store_alerts(store, [draft("a", 1, agencies=("SYT", "CA")), draft("b", 2, agencies=())])
    assert [alert.entity_id for alert in created] == ["a", "b"] and all(alert.id for alert in created)
    assert counts(store) == (2, 2)
    with store.session() as session:
        warned = session.scalars(select(Warning_.agency_code).order_by(Warning_.agency_code)).all()
    assert warned == ["CA", "SYT"]


def test_one_key_twice_in_a_call_and_again_later_stays_one_alert(store):
    # the same condition within one dedupe window: the alert keeps the highest value and the
    # worst severity, whether the repeat comes in the same call or a later one
    created = store_alerts(store, [draft("a", 5), draft("a", 9, "high", minutes=10), draft("a", 7, minutes=20)])
    assert len(created) == 1
    assert store_alerts(store, [draft("a", 12, "critical", minutes=30), draft("a", 3, minutes=40)]) == []
    with store.session() as session:
        (alert,) = session.scalars(select(Alert)).all()
        assert (alert.value, alert.severity, alert.title) == (12, "critical", "a 12")
    assert counts(store) == (1, 1)  # one warning: the one of its first draft


def test_many_drafts_are_stored_once_each(store):
    drafts = [draft(f"host-{n}", n, agencies=("SYT",)) for n in range(1_203)]
    assert len(store_alerts(store, drafts[:600])) == 600
    # a batch over the query chunk: the 600 known keys are found, the rest is new
    assert len(store_alerts(store, drafts)) == 603
    assert counts(store) == (1_203, 1_203)
