"""The append-only, hash-chained audit log (table ``audit_log``).

Every state change (incident transitions, escalations, user and token changes) appends
one row: who (``actor``), when (``at``), what (``action`` on ``entity``), the fields
before and after, and the comment. Each row carries ``prev_hash`` (the hash of the row
before it) and ``hash = sha256(canonical JSON of the row + prev_hash)``, so editing or
deleting a row breaks the chain and :func:`verify_chain` reports where.

Two more guards: the database refuses UPDATE and DELETE on the table (triggers created by
the migration), and ``prev_hash`` is unique, so two writers can never fork the chain.
Deleting the *last* rows leaves a valid shorter chain; :func:`verify_chain` therefore also
checks that every incident's current state matches its latest audit row.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text, func, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from ioc.incidents.models import Incident
from ioc.store import Base, Store, iso_utc, utcnow

#: ``prev_hash`` of the first row.
GENESIS_HASH = "0" * 64

# One writer at a time in this process; PostgreSQL also takes an advisory lock so
# several processes (API workers, Panel) append in turn. The unique prev_hash is the
# last line of defence for anything else (e.g. two processes on one SQLite file).
_CHAIN_LOCK = threading.RLock()
_ADVISORY_LOCK_KEY = 0x10C_A0D1


class AuditEntry(Base):
    """One row of the audit log (never updated, never deleted)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(100), index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    comment: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)

    def record(self) -> dict[str, Any]:
        """The row as the canonical mapping that is hashed (everything but the hashes)."""
        return {
            "id": self.id,
            "at": iso_utc(self.at),
            "actor": self.actor,
            "action": self.action,
            "entity": self.entity,
            "before": self.before,
            "after": self.after,
            "comment": self.comment,
        }


def canonical_json(value: Any) -> str:
    """Canonical JSON: sorted keys, no spaces, UTF-8 kept, non-JSON values as strings."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def row_hash(record: dict[str, Any], prev_hash: str) -> str:
    """``sha256(canonical_json(record) + prev_hash)`` as hex."""
    return hashlib.sha256((canonical_json(record) + prev_hash).encode("utf-8")).hexdigest()


def _jsonable(value: Any) -> Any:
    # Store exactly what was hashed: a JSON round trip turns datetimes into strings and
    # tuples into lists, so reading the row back yields the same canonical text.
    return None if value is None else json.loads(canonical_json(value))


@contextmanager
def chain_lock(session: Session) -> Iterator[None]:
    """Hold the audit-chain lock for the rest of ``session``'s transaction.

    Take it *before* reading the rows a state change depends on, so two writers never
    interleave; the advisory lock is released by PostgreSQL at commit or rollback.
    """
    with _CHAIN_LOCK:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY})
        yield


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    comment: str | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Append one row to the chain inside ``session``'s transaction (caller commits).

    Call it under :func:`chain_lock`. Raises ``ValueError`` when actor, action or entity
    is blank.
    """
    for name, value in (("actor", actor), ("action", action), ("entity", entity)):
        if not value or not str(value).strip():
            raise ValueError(f"audit: thiếu {name} (missing {name})")
    last = session.execute(select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    entry = AuditEntry(
        id=(last.id + 1) if last else 1,
        at=at or utcnow(),
        actor=str(actor),
        action=str(action),
        entity=str(entity),
        before=_jsonable(before),
        after=_jsonable(after),
        comment=comment,
        prev_hash=last.hash if last else GENESIS_HASH,
    )
    entry.hash = row_hash(entry.record(), entry.prev_hash)
    session.add(entry)
    session.flush()
    return entry


def log(store: Store, **fields: Any) -> AuditEntry:
    """Append one row in its own transaction (for changes outside an incident)."""
    with store.session() as session, chain_lock(session):
        entry = append(session, **fields)
        session.commit()
        return entry


def entries(store: Store, entity: str | None = None, limit: int | None = None) -> list[AuditEntry]:
    """Audit rows in chain order, optionally of one entity (``"incident:12"``)."""
    query = select(AuditEntry).order_by(AuditEntry.id)
    if entity:
        query = query.where(AuditEntry.entity == entity)
    if limit:
        query = query.limit(limit)
    with store.session() as session:
        return list(session.scalars(query))


def verify_chain(store: Store) -> list[str]:
    """Check the whole audit log; return the problems found (empty when intact).

    Detects an edited row (its hash no longer matches), a deleted or inserted row (a
    gap in ids or a ``prev_hash`` that is not the previous row's hash) and incidents
    whose current state disagrees with their latest audit row (tail rows removed, or
    the incident edited outside the service).
    """
    problems: list[str] = []
    previous_hash, previous_id = GENESIS_HASH, 0
    latest_after: dict[str, dict[str, Any]] = {}
    with store.session() as session:
        for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)).yield_per(1000):
            if entry.id != previous_id + 1:
                problems.append(
                    f"audit_log: thiếu dòng {previous_id + 1}..{entry.id - 1} (rows missing before id {entry.id})"
                )
            if entry.prev_hash != previous_hash:
                problems.append(
                    f"audit_log id {entry.id}: prev_hash không khớp dòng trước "
                    f"(chain broken: prev_hash does not match the previous row)"
                )
            if row_hash(entry.record(), entry.prev_hash) != entry.hash:
                problems.append(f"audit_log id {entry.id}: nội dung đã bị sửa (row edited: hash mismatch)")
            if entry.after and "state" in entry.after:
                latest_after[entry.entity] = entry.after
            previous_hash, previous_id = entry.hash, entry.id
        problems.extend(_incident_mismatches(session, latest_after))
    return problems


def _incident_mismatches(session: Session, latest_after: dict[str, dict[str, Any]]) -> list[str]:

    problems = []
    count = session.scalar(select(func.count()).select_from(Incident)) or 0
    if not count:
        return problems
    for incident_id, state in session.execute(select(Incident.id, Incident.state)):
        after = latest_after.get(f"incident:{incident_id}")
        if after is None:
            problems.append(f"incident {incident_id}: không có dòng nhật ký nào (no audit row)")
        elif after.get("state") != state:
            problems.append(
                f"incident {incident_id}: trạng thái '{state}' khác nhật ký "
                f"'{after.get('state')}' (state differs from the audit log)"
            )
    return problems
