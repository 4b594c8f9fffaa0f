"""The hash-chained audit log detects edited and deleted rows (SQLite and PostgreSQL)."""

from __future__ import annotations

import itertools

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from ioc.auth import Principal
from ioc.incidents import audit


@pytest.fixture
def chained(service, people, citizen_draft):
    """An incident walked through four steps: audit rows 1..(users)+5."""
    incident = service.open_incident(citizen_draft(), Principal.system())
    for action, who in (("start_verification", "staff"), ("verify", "staff"), ("approve", "lead")):
        service.transition(incident.id, action, people[who], comment=f"bước {action}")
    service.transition(incident.id, "forward", people["staff"], agency="SGTVT")
    return incident


def _drop_guards(store) -> None:
    """What an attacker with DDL rights would do first: remove the append-only triggers."""
    with store.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("DROP TRIGGER audit_log_no_change ON audit_log"))
        else:
            connection.execute(sa.text("DROP TRIGGER audit_log_no_update"))
            connection.execute(sa.text("DROP TRIGGER audit_log_no_delete"))


def _row_id(store, action):
    with store.engine.connect() as connection:
        return connection.execute(sa.text("SELECT id FROM audit_log WHERE action = :a"), {"a": action}).scalar_one()


def test_intact_chain_verifies(chained, store):
    rows = audit.entries(store)
    assert audit.verify_chain(store) == []
    assert rows[0].prev_hash == audit.GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(rows))
    assert all(audit.row_hash(r.record(), r.prev_hash) == r.hash for r in rows)


def test_database_refuses_update_and_delete(chained, store):
    with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as connection:
        connection.execute(sa.text("UPDATE audit_log SET actor = 'someone' WHERE id = 1"))
    with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM audit_log WHERE id = 1"))
    assert audit.verify_chain(store) == []


def test_edited_row_is_detected(chained, store):
    target = _row_id(store, "verify")
    _drop_guards(store)
    with store.engine.begin() as connection:
        connection.execute(sa.text("UPDATE audit_log SET comment = 'đã sửa lén' WHERE id = :id"), {"id": target})
    problems = audit.verify_chain(store)
    assert len(problems) == 1 and f"id {target}" in problems[0] and "edited" in problems[0]


def test_edited_row_with_recomputed_hash_breaks_the_next_link(chained, store):
    target = _row_id(store, "approve")
    row = next(r for r in audit.entries(store) if r.id == target)
    record = row.record() | {"actor": "deputy"}
    forged = audit.row_hash(record, row.prev_hash)
    _drop_guards(store)
    with store.engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE audit_log SET actor = 'deputy', hash = :h WHERE id = :id"), {"h": forged, "id": target}
        )
    problems = audit.verify_chain(store)
    assert any(f"id {target + 1}" in p and "chain broken" in p for p in problems)


def test_deleted_rows_are_detected(chained, store):
    middle = _row_id(store, "verify")
    _drop_guards(store)
    with store.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM audit_log WHERE id = :id"), {"id": middle})
    problems = audit.verify_chain(store)
    assert any("missing" in p for p in problems) and any("chain broken" in p for p in problems)


def test_deleted_tail_is_detected_through_the_incident_state(chained, store):
    last = _row_id(store, "forward")
    _drop_guards(store)
    with store.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM audit_log WHERE id = :id"), {"id": last})
    problems = audit.verify_chain(store)
    assert problems == [
        f"incident {chained.id}: trạng thái 'forwarded' khác nhật ký 'approved' (state differs from the audit log)"
    ]


def test_blank_actor_is_refused(store):
    with pytest.raises(ValueError, match="actor"):
        audit.log(store, actor=" ", action="x", entity="y")
