"""Deadlines on the working-day calendar, across weekends and Tết."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from ioc.auth import Principal
from ioc.incidents.deadlines import DeadlinePolicy, Sla

SITE = ZoneInfo("Asia/Ho_Chi_Minh")


def local(*args) -> datetime:
    return datetime(*args, tzinfo=SITE)


def test_forward_deadline_skips_tet_2026():
    # Tết Bính Ngọ: 17/02/2026; the official break runs Sat 14/02 to Sun 22/02.
    policy = DeadlinePolicy({"road_damage": Sla(verify_days=1, resolve_days=5)})
    due = policy.forward_deadline("road_damage", local(2026, 2, 13, 9, 30))
    assert due.astimezone(SITE) == local(2026, 2, 27, 9, 30)  # 23, 24, 25, 26, 27 February
    assert due.tzinfo is not None and due.utcoffset().total_seconds() == 0


def test_intake_deadline_on_a_friday_is_monday():
    policy = DeadlinePolicy({"road_damage": Sla(verify_days=1)})
    due = policy.intake_deadline("timed", "road_damage", local(2026, 3, 6, 16, 0))
    assert due.astimezone(SITE) == local(2026, 3, 9, 16, 0)


def test_immediate_deadline_runs_around_the_clock():
    policy = DeadlinePolicy({"fire": Sla(response_minutes=15)})
    due = policy.intake_deadline("immediate", "fire", local(2026, 2, 17, 0, 5))  # first day of Tết
    assert due.astimezone(SITE) == local(2026, 2, 17, 0, 20)


def test_unknown_category_gets_the_default_and_bad_sla_is_refused():
    assert DeadlinePolicy().sla("anything") == Sla()
    with pytest.raises(ValueError, match="resolve_days"):
        Sla(resolve_days=0)
    with pytest.raises(ValueError, match="valid"):
        Sla.from_mapping({"resolve_day": 3})


def test_service_forward_uses_the_category_sla(store, settings, people, citizen_draft):
    from ioc.incidents.service import IncidentService

    service = IncidentService(
        store, settings=settings, policy=DeadlinePolicy({"road_damage": Sla(verify_days=2, resolve_days=5)})
    )
    received = local(2026, 2, 12, 10, 0).astimezone(UTC)  # Thursday before Tết
    incident = service.open_incident(citizen_draft(received_at=received), Principal.system())
    assert incident.deadline.replace(tzinfo=UTC).astimezone(SITE) == local(2026, 2, 23, 10, 0)
    forward_at = local(2026, 2, 13, 9, 30)
    for action, who in (("start_verification", "staff"), ("verify", "staff"), ("approve", "lead")):
        service.transition(incident.id, action, people[who], now=forward_at)
    forwarded = service.transition(incident.id, "forward", people["staff"], agency="SGTVT", now=forward_at)
    assert forwarded.deadline.replace(tzinfo=UTC).astimezone(SITE) == local(2026, 2, 27, 9, 30)
