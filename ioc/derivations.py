"""Derivations in flight, kept in the state store so a killed process's are finished later.

:func:`ioc.ingest.process_batch` writes a batch, then evaluates the rules on the rows it
stored and writes what the plugins derive from them (hourly AQI of air readings, a social
item's labels, story and spread, a security event's posture …). Those are separate commits.
A process killed after the batch's commit but before its derived ones leaves the batch
stored and its derivations missing or half written. A re-run cannot mend that by itself:
the batch's rows are then duplicates, and only rows a write stores are derived from.

So ``process_batch`` records here, before each write, the batch (table, the id its rows
will carry, the owning process) and the *root* of its chain: the batch it was derived from,
however indirectly (a batch that starts a chain is its own root; one whose table has no
derive hook and no rule starts none and is not recorded). The records of a chain are deleted
together once the root and everything derived from it are stored.

A chain whose owner is gone (a process of this machine no longer running, or one of another
machine whose records are older than :data:`STALE_AFTER`) is *orphaned*. The next
``process_batch`` of any process (an ingest re-run, a resumed demo, a restarted listener)
finishes it first, as the killed process would have:

1. it claims the root (one process does, not two);
2. it undoes the chain's derived writes that committed (:meth:`~ioc.datalayer.DataLayer.undo_write`),
   newest first: a derive hook may read what it wrote before (social stories read their
   memberships), so a half-written derivation derived again would not give what one
   uninterrupted run gives (measured on the social demo: other story totals and spread);
3. it reads the root's rows back (:meth:`~ioc.datalayer.DataLayer.written_rows`; none: the
   root never committed, and the re-run writes it) and runs the rules (alerts are idempotent
   by their dedupe key) and the derive hooks on them.

The root itself is never undone: it may have come from a request that will not be sent
again. A record of this very process is left alone too: a derive hook that raised leaves
its chain, which the next process retries. ``compact`` skips a table with a derived write
pending (the rows an undone write had superseded must still be in the table, not archived).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from datetime import datetime, timedelta

import pandas as pd
import psutil
from sqlalchemy import BigInteger, DateTime, Float, String, Text, delete, select, update
from sqlalchemy.orm import Mapped, mapped_column

from ioc.store import Base, Store, utcnow
from ioc.timestamps import as_utc

#: A record of another machine's process is taken as orphaned after this long (project
#: choice: its liveness cannot be checked from here; one batch and its derivations take
#: seconds to a minute, the largest measured a province-year social batch of about 47 000
#: items, about a minute on two cores).
STALE_AFTER = timedelta(hours=1)


class PendingDerivation(Base):
    """A batch being written whose derivations may not all be stored yet."""

    __tablename__ = "pending_derivations"
    table_name: Mapped[str] = mapped_column(String(200), primary_key=True)
    batch_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    root_batch_id: Mapped[str] = mapped_column(String(64), index=True)
    source: Mapped[str] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(Text, nullable=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(BigInteger)
    process_started: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


_IDENTITY: dict[int, tuple[str, int, float]] = {}


def _this_process() -> tuple[str, int, float]:
    """This process: its machine, pid and start time (a pid alone may be reused); looked up
    once per process (a forked child has its own pid)."""
    pid = os.getpid()
    if pid not in _IDENTITY:
        _IDENTITY[pid] = (socket.gethostname(), pid, psutil.Process(pid).create_time())
    return _IDENTITY[pid]


def _is_running(pid: int, started: float) -> bool:
    """Whether the process ``pid`` that started at ``started`` still runs on this machine."""
    try:
        return abs(psutil.Process(pid).create_time() - started) < 1.0
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return False


class Derivations:
    """The pending derivations in one state store, as this process sees them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.host, self.pid, self.started = _this_process()

    def begin(self, table: str, batch_id: str, *, root: str, source: str, path: str | None = None) -> None:
        """Record that ``batch_id`` of ``table``, of the chain of ``root``, is about to be written."""
        with self.store.session() as session:
            session.add(
                PendingDerivation(
                    table_name=table,
                    batch_id=batch_id,
                    root_batch_id=root,
                    source=source,
                    path=path,
                    host=self.host,
                    pid=self.pid,
                    process_started=self.started,
                )
            )
            session.commit()

    def done(self, batches: list[tuple[str, str]]) -> None:
        """The ``(table, batch_id)`` batches and their derivations are all stored."""
        if not batches:
            return
        with self.store.session() as session:
            for table, batch_id in batches:
                session.execute(
                    delete(PendingDerivation).where(
                        PendingDerivation.table_name == table, PendingDerivation.batch_id == batch_id
                    )
                )
            session.commit()

    def chain(self, root: PendingDerivation) -> list[PendingDerivation]:
        """The derived batches of ``root``'s chain recorded so far (whoever wrote them), oldest first."""
        with self.store.session() as session:
            return list(
                session.scalars(
                    select(PendingDerivation)
                    .where(
                        PendingDerivation.root_batch_id == root.batch_id,
                        PendingDerivation.batch_id != root.batch_id,
                    )
                    .order_by(PendingDerivation.created_at, PendingDerivation.batch_id)
                )
            )

    def claim(self, root: PendingDerivation) -> bool:
        """Make ``root``'s chain this process's (``False``: another process claimed it first)."""
        with self.store.session() as session:
            claimed = session.execute(
                update(PendingDerivation)
                .where(
                    PendingDerivation.table_name == root.table_name,
                    PendingDerivation.batch_id == root.batch_id,
                    PendingDerivation.host == root.host,
                    PendingDerivation.pid == root.pid,
                    PendingDerivation.process_started == root.process_started,
                )
                .values(host=self.host, pid=self.pid, process_started=self.started)
            ).rowcount
            session.commit()
        return claimed == 1

    def orphans(self, now: pd.Timestamp | None = None) -> Iterator[PendingDerivation]:
        """The roots of chains whose process is gone, oldest first."""
        now = as_utc(now if now is not None else pd.Timestamp.now(tz="UTC"))
        with self.store.session() as session:
            records = list(
                session.scalars(
                    select(PendingDerivation)
                    .where(PendingDerivation.batch_id == PendingDerivation.root_batch_id)
                    .order_by(PendingDerivation.created_at, PendingDerivation.batch_id)
                )
            )
        for record in records:
            if record.host == self.host:
                if (record.pid, record.process_started) == (self.pid, self.started):
                    continue  # this process's own (a hook raised): the next process retries it
                if _is_running(record.pid, record.process_started):
                    continue
            elif now - as_utc(record.created_at) < STALE_AFTER:
                continue
            yield record


def pending_tables(store: Store) -> set[str]:
    """The tables with a derived write pending (in flight, or orphaned): one that may be undone."""
    with store.session() as session:
        return set(
            session.scalars(
                select(PendingDerivation.table_name)
                .where(PendingDerivation.batch_id != PendingDerivation.root_batch_id)
                .distinct()
            )
        )
