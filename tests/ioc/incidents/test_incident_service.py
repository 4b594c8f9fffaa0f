"""The incident life cycle in the state store (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from ioc.auth import Principal
from ioc.incidents import audit
from ioc.incidents.service import AccessDenied, IncidentDraft, IncidentInputError, NotFound
from ioc.incidents.workflow import TransitionError
from ioc.store import Alert


def walk_to_forwarded(service, people, incident_id, now=None):
    for action, who in (("start_verification", "staff"), ("verify", "staff"), ("approve", "lead")):
        service.transition(incident_id, action, people[who], now=now)
    return service.transition(incident_id, "forward", people["staff"], agency="SGTVT", now=now)


def test_citizen_report_life_cycle_is_audited(citizen_draft, service, people, store):
    incident = service.open_incident(citizen_draft(), Principal.system())
    assert incident.procedure == "timed" and incident.state == "received"
    assert incident.tracking_code.startswith("PA") and incident.deadline is not None
    walk_to_forwarded(service, people, incident.id)
    service.transition(incident.id, "accept", people["sgtvt"])
    service.transition(incident.id, "resolve", people["sgtvt"], comment="Đã vá ổ gà, thảm lại nhựa")
    done = service.transition(incident.id, "close", people["staff"])
    assert done.state == "closed" and done.on_time is True

    rows = audit.entries(store, entity=f"incident:{incident.id}")
    assert [r.action for r in rows] == [
        "open",
        "start_verification",
        "verify",
        "approve",
        "forward",
        "accept",
        "resolve",
        "close",
    ]
    assert [r.actor for r in rows][1:] == ["staff", "staff", "lead", "staff", "sgtvt", "sgtvt", "staff"]
    assert rows[6].comment == "Đã vá ổ gà, thảm lại nhựa"
    assert rows[4].before["state"] == "approved" and rows[4].after["agency_code"] == "SGTVT"
    assert audit.verify_chain(store) == []

    status = service.public_status(incident.tracking_code)
    assert status["state"] == "closed" and status["note"] == "Đã vá ổ gà, thảm lại nhựa"
    assert [s["state"] for s in status["history"]][-3:] == ["in_progress", "resolved", "closed"]


def test_alert_becomes_incident_once(service, store, people):
    with store.session() as session:
        alert = Alert(
            dedupe_key="aqi|st1|1",
            rule_id="aqi",
            origin="rule",
            domain="environment",
            category="air_quality",
            severity="high",
            title="AQI xấu tại trạm 1",
            message="VN_AQI 180",
            observed_at=datetime.now(UTC),
        )
        session.add(alert)
        session.commit()
    first = service.open_from_alert(alert.id, Principal.system())
    again = service.open_from_alert(alert.id, people["lead"])
    assert first.id == again.id and first.domain == "environment" and first.tracking_code is None
    with store.session() as session:
        assert session.get(Alert, alert.id).incident_id == first.id


def test_same_source_key_is_idempotent(citizen_draft, service):
    one = service.open_incident(citizen_draft(source_key="<msg-1@example.vn>", channel="email"), Principal.system())
    two = service.open_incident(citizen_draft(source_key="<msg-1@example.vn>", channel="email"), Principal.system())
    assert one.id == two.id


def test_immediate_procedure_and_hot_flag(service, people):
    fire = service.open_incident(
        IncidentDraft(domain="public_order", category="fire", title="Cháy nhà dân", origin="camera"), Principal.system()
    )
    assert fire.procedure == "immediate" and fire.hot is False
    dispatched = service.transition(fire.id, "dispatch", people["lead"], agency="CA")
    assert dispatched.state == "dispatched" and dispatched.agency_code == "CA"
    assert service.transition(fire.id, "arrive", people["lead"]).on_time is True

    riot = service.open_incident(
        IncidentDraft(domain="public_order", category="riot", title="Tụ tập đông người", origin="post"),
        Principal.system(),
    )
    assert riot.hot is True
    assert [i["id"] for i in service.command_incidents(people["leader"])] == [riot.id]
    with pytest.raises(AccessDenied):
        service.command_incidents(people["sgtvt"])


def test_wrong_state_role_and_missing_comment(citizen_draft, service, people):
    incident = service.open_incident(citizen_draft(), Principal.system())
    with pytest.raises(TransitionError) as wrong:
        service.transition(incident.id, "approve", people["lead"])
    assert wrong.value.code == "wrong_state"
    service.transition(incident.id, "start_verification", people["staff"])
    service.transition(incident.id, "verify", people["staff"])
    with pytest.raises(AccessDenied):  # domain staff may not approve (Điều 14: the IOC lead does)
        service.transition(incident.id, "approve", people["staff"])
    with pytest.raises(AccessDenied):  # staff of another domain
        service.transition(incident.id, "start_verification", people["env_staff"])
    service.transition(incident.id, "approve", people["deputy"])
    with pytest.raises(IncidentInputError):
        service.transition(incident.id, "forward", people["staff"], agency="SGTVX")
    service.transition(incident.id, "forward", people["staff"], agency="SGTVT")
    service.transition(incident.id, "accept", people["sgtvt"])
    with pytest.raises(TransitionError) as missing:
        service.transition(incident.id, "resolve", people["sgtvt"], comment="  ")
    assert missing.value.code == "missing_fields"


def test_agency_sees_and_acts_only_on_its_incidents(citizen_draft, service, people):
    mine = service.open_incident(citizen_draft(), Principal.system())
    other = service.open_incident(citizen_draft(title="Đèn đường hỏng", category="street_lighting"), Principal.system())
    walk_to_forwarded(service, people, mine.id)
    assert [i["id"] for i in service.list(people["sgtvt"])] == [mine.id]
    assert service.list(people["sxd"]) == []
    with pytest.raises(AccessDenied):
        service.get(mine.id, people["sxd"])
    with pytest.raises(AccessDenied):
        service.transition(mine.id, "accept", people["sxd"])
    with pytest.raises(AccessDenied):
        service.get(other.id, people["sgtvt"])
    with pytest.raises(NotFound):
        service.get(99999, people["lead"])
    assert {i["id"] for i in service.list(people["staff"])} == {mine.id, other.id}
    assert service.list(people["env_staff"]) == []


def test_pii_masked_for_roles_without_the_right(citizen_draft, service, people):
    incident = service.open_incident(citizen_draft(), Principal.system())
    walk_to_forwarded(service, people, incident.id)
    full = service.get(incident.id, people["staff"])
    assert full["reporter_phone"] == "0912345678" and full["reporter_national_id"] == "077123456789"
    for viewer in ("sgtvt", "leader", "admin"):
        seen = service.get(incident.id, people[viewer])
        assert "0912345678" not in str(seen), viewer
        assert "077123456789" not in str(seen) and "an.nguyen@example.vn" not in str(seen)
        assert seen["reporter_phone"].endswith("78") and "*" in seen["reporter_phone"]
        assert "12/3" not in seen["address"] and "Lê Lợi" in seen["address"]
        assert seen["reporter_name"] == "N. V. A."


def test_return_to_ioc_and_reopen(citizen_draft, service, people):
    incident = service.open_incident(citizen_draft(), Principal.system())
    walk_to_forwarded(service, people, incident.id)
    back = service.transition(incident.id, "return_to_ioc", people["sgtvt"], comment="Không thuộc thẩm quyền")
    assert back.state == "approved" and back.agency_code is None
    service.transition(incident.id, "forward", people["staff"], agency="SXD")
    service.transition(incident.id, "accept", people["sxd"])
    service.transition(incident.id, "resolve", people["sxd"], comment="Đã xử lý")
    reopened = service.transition(incident.id, "reopen", people["lead"], comment="Người dân báo chưa khắc phục")
    assert reopened.state == "reopened" and reopened.resolved_at is None


def test_escalate_overdue_marks_once_and_notifies(citizen_draft, service, people, store, settings):
    received = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 09:00 in Vũng Tàu
    incident = service.open_incident(citizen_draft(received_at=received), Principal.system())
    forwarded = walk_to_forwarded(service, people, incident.id, now=received + timedelta(hours=1))
    deadline = forwarded.deadline.replace(tzinfo=UTC) if forwarded.deadline.tzinfo is None else forwarded.deadline
    assert service.escalate_overdue(now=deadline - timedelta(minutes=1)) == []
    notes = service.escalate_overdue(now=deadline + timedelta(hours=1))
    assert len(notes) == 1 and notes[0].template == "incident_overdue"
    assert notes[0].context["incident_code"] == incident.tracking_code
    assert service.escalate_overdue(now=deadline + timedelta(days=2)) == []  # only once
    assert service.load(incident.id).overdue is True
    assert [r.action for r in audit.entries(store, entity=f"incident:{incident.id}")][-1] == "escalate"
    service.transition(incident.id, "accept", people["sgtvt"], now=deadline + timedelta(days=3))
    late = service.transition(incident.id, "resolve", people["sgtvt"], comment="Xong", now=deadline + timedelta(days=3))
    assert late.on_time is False


def test_bad_drafts_are_refused(citizen_draft, service, people):
    with pytest.raises(IncidentInputError, match="title"):
        service.open_incident(citizen_draft(title=" "), Principal.system())
    with pytest.raises(IncidentInputError, match="lat/long"):
        service.open_incident(citizen_draft(lat=None), Principal.system())
    with pytest.raises(IncidentInputError, match="channel"):
        service.open_incident(citizen_draft(channel="fax"), Principal.system())
    with pytest.raises(AccessDenied):
        service.open_incident(citizen_draft(origin="staff"), people["sgtvt"])
    with service.store.session() as session:
        assert session.scalars(select(Alert)).all() == []
