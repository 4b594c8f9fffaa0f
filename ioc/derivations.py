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
again. ``compact`` skips a table with a derived write pending (the rows an undone write had
superseded must still be in the table, not archived).

A chain whose derivation *raised* (a bug in a hook, a database gone for a moment) is marked
failed (:meth:`Derivations.failed`: how many times, the error, and when to try again: after
:data:`RETRY_FIRST`, doubling up to :data:`RETRY_MAX`). From then on it is finished like an
orphan by the first ``process_batch`` of any process, this one included, after that time: a
long-running listener does not carry it until it restarts. A retry that raises again is
logged and marked again; it does not stop the batch that found it (one broken chain must not
hold up every later one). ``ioc doctor`` shows the failed chains and their errors, and ``ioc
lake recover`` tries them at once.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta

import pandas as pd
import psutil
from sqlalchemy import BigInteger, DateTime, Float, Integer, String, Text, delete, select, update
from sqlalchemy.orm import Mapped, mapped_column

from ioc.store import Base, Store, utcnow
from ioc.timestamps import as_utc

#: A record of another machine's process is taken as orphaned after this long (project
#: choice: its liveness cannot be checked from here; one batch and its derivations take
#: seconds to a minute, the largest measured a province-year social batch of about 47 000
#: items, about a minute on two cores).
STALE_AFTER = timedelta(hours=1)
#: A failed chain is tried again after this long, then after twice as long each time it fails
#: again, at most :data:`RETRY_MAX` (project choices: a database back after a restart is
#: caught within a minute; a bug in a hook costs one try an hour until it is fixed).
RETRY_FIRST = timedelta(minutes=1)
RETRY_MAX = timedelta(hours=1)


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
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: Set while the chain is failed (its derivation raised): not tried again before then.
    retry_after: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


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
        """Make ``root``'s chain this process's (``False``: another process, or another
        thread of this one, claimed it first). A failed chain stops being failed: its owner
        alone is not enough to tell who claims it (it may be this process already)."""
        failed = root.retry_after is not None
        with self.store.session() as session:
            claimed = session.execute(
                update(PendingDerivation)
                .where(
                    PendingDerivation.table_name == root.table_name,
                    PendingDerivation.batch_id == root.batch_id,
                    PendingDerivation.host == root.host,
                    PendingDerivation.pid == root.pid,
                    PendingDerivation.process_started == root.process_started,
                    PendingDerivation.retry_after.is_not(None) if failed else PendingDerivation.retry_after.is_(None),
                )
                .values(host=self.host, pid=self.pid, process_started=self.started, retry_after=None)
            ).rowcount
            session.commit()
        return claimed == 1

    def failed(self, roots: Iterable[str], error: BaseException) -> None:
        """The derivations of the chains of ``roots`` raised ``error``: mark them failed, to
        be tried again later (:data:`RETRY_FIRST`, doubling up to :data:`RETRY_MAX`)."""
        roots = sorted(set(roots))
        if not roots:
            return
        text = f"{type(error).__name__}: {error}"[:2000]
        with self.store.session() as session:
            chains: dict[str, list[PendingDerivation]] = {}
            for record in session.scalars(select(PendingDerivation).where(PendingDerivation.root_batch_id.in_(roots))):
                chains.setdefault(record.root_batch_id, []).append(record)
            for chain in chains.values():
                failures = max(record.failures or 0 for record in chain) + 1
                retry_after = utcnow() + min(RETRY_FIRST * 2 ** min(failures - 1, 12), RETRY_MAX)
                for record in chain:
                    record.failures, record.last_error, record.retry_after = failures, text, retry_after
            session.commit()

    def failed_chains(self) -> list[PendingDerivation]:
        """The roots of the chains whose derivation raised, oldest first (``ioc doctor``)."""
        with self.store.session() as session:
            return list(
                session.scalars(
                    select(PendingDerivation)
                    .where(
                        PendingDerivation.batch_id == PendingDerivation.root_batch_id,
                        PendingDerivation.retry_after.is_not(None),
                    )
                    .order_by(PendingDerivation.created_at, PendingDerivation.batch_id)
                )
            )

    def orphans(self, now: pd.Timestamp | None = None, *, retry_now: bool = False) -> Iterator[PendingDerivation]:
        """The roots of chains to finish, oldest first: those whose process is gone, and the
        failed ones whose retry time has come (all failed ones with ``retry_now``)."""
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
            if record.retry_after is not None:  # failed: owned by no process until retried
                if retry_now or as_utc(record.retry_after) <= now:
                    yield record
                continue
            if record.host == self.host:
                if (record.pid, record.process_started) == (self.pid, self.started):
                    continue  # in flight in this process (another thread's batch)
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
