"""Where a sizing-profile demo run stands, kept in the state store so a stopped run resumes.

A province-year run takes hours (the social year alone: about 49 M rows stored, about
four hours on two cores, extrapolated from its first fifth). A run stopped part-way — a session's end, ``kill``, a reboot —
would otherwise start again from the first batch. ``ioc demo --profile … --resume`` goes on
from here instead.

What is recorded, per run (profile, fraction, seed) and plugin, after each generated batch
*and everything derived from it* is stored:

- the run's ``now`` (the hour its data ends at): the generators are deterministic for a
  seed *and* a ``now``, so a resumed run must generate the same year, not one ending today;
- how many of the plugin's batches are stored, the rows generated and stored, and the
  counts per table so far (what the command prints at the end);
- whether the plugin's generator is exhausted.

A resumed run skips the finished plugins without generating anything, and runs the
unfinished plugin's generator again from its start, storing nothing for the batches
already stored. The batches are generated again, not skipped, because a generator is a
stream: batch *n* follows from the random draws (and the side effects, such as a citizen
report's steps at the desk) of the batches before it.

The lake and the state store are two stores, so a batch is recorded twice: before it is
stored, with the id its rows will carry (``in_flight``), and after. A run stopped in between
finds out on resume whether that batch's rows were committed. If they were, the batch is
not stored again: its derivations, which the stopped run may have left half done, are
finished (:mod:`ioc.derivations`), and its rows are counted. Sent again instead, it would be
taken for a correction of the rows its own derivations had since changed (a social item
marked as a copy of another). If they were not, the batch is stored as usual.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
from sqlalchemy import BigInteger, Boolean, DateTime, String, Text, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from ioc.store import Base, Store, utcnow
from ioc.timestamps import as_utc


class DemoCheckpoint(Base):
    """How far one plugin of one profile run has got."""

    __tablename__ = "demo_checkpoints"
    run: Mapped[str] = mapped_column(String(200), primary_key=True)
    plugin: Mapped[str] = mapped_column(String(100), primary_key=True)
    now: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    batches: Mapped[int] = mapped_column(BigInteger, default=0)
    generated: Mapped[int] = mapped_column(BigInteger, default=0)
    stored: Mapped[int] = mapped_column(BigInteger, default=0)
    totals: Mapped[str] = mapped_column(Text, default="{}")
    finished: Mapped[bool] = mapped_column(Boolean, default=False)
    in_flight: Mapped[str | None] = mapped_column(String(64), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


Counts = dict[str, dict[str, int]]


@dataclass
class PluginProgress:
    """One plugin's part of a run: batches stored, rows generated and stored, counts per table."""

    batches: int = 0
    generated: int = 0
    stored: int = 0
    totals: Counts = field(default_factory=dict)
    finished: bool = False
    #: The id the next batch's rows carry while it is being stored (a stopped run's batch
    #: may be stored though not counted here yet)
    in_flight: str | None = None


def run_key(profile: str, fraction: float, seed: int) -> str:
    """What identifies a run: the same profile, fraction and seed generate the same data."""
    return f"{profile}|{float(fraction)!r}|{seed}"


class Checkpoints:
    """The checkpoints of one profile run in the state store.

    Parameters
    ----------
    store
        The state store.
    run
        :func:`run_key` of the run.
    """

    def __init__(self, store: Store, run: str) -> None:
        self.store, self.run = store, run
        self.now: pd.Timestamp | None = None

    def begin(self, now: pd.Timestamp | None, *, resume: bool) -> tuple[pd.Timestamp, bool]:
        """Start the run, or go on with the recorded one: its ``now``, and whether it resumes.

        A fresh run forgets what an earlier run with the same key recorded. Resuming takes the
        recorded ``now``; asked to resume at another ``now``, it refuses (that would be a
        different year of data). Resuming a run nothing was recorded for starts it afresh.
        """
        with self.store.session() as session:
            recorded = session.scalars(
                select(DemoCheckpoint.now).where(DemoCheckpoint.run == self.run).limit(1)
            ).first()
            if resume and recorded is not None:
                recorded = as_utc(recorded)
                if now is not None and as_utc(now).floor("h") != recorded:
                    raise ValueError(
                        f"lần chạy {self.run} đã ghi now={recorded.isoformat()}, không phải "
                        f"{as_utc(now).floor('h').isoformat()} (a resumed run keeps the year it started with)"
                    )
                self.now = recorded
                return recorded, True
            session.execute(delete(DemoCheckpoint).where(DemoCheckpoint.run == self.run))
            session.commit()
        self.now = as_utc(now if now is not None else pd.Timestamp.now(tz="UTC")).floor("h")
        return self.now, False

    def progress(self, plugin: str) -> PluginProgress:
        """What ``plugin`` has stored in this run so far (nothing: a fresh start)."""
        with self.store.session() as session:
            row = session.get(DemoCheckpoint, (self.run, plugin))
            if row is None:
                return PluginProgress()
            return PluginProgress(
                row.batches, row.generated, row.stored, json.loads(row.totals), row.finished, row.in_flight
            )

    def record(self, plugin: str, progress: PluginProgress) -> None:
        """``progress`` is stored: a resumed run starts after it."""
        if self.now is None:
            raise RuntimeError("Checkpoints.begin() first")
        with self.store.session() as session:
            row = session.get(DemoCheckpoint, (self.run, plugin)) or DemoCheckpoint(run=self.run, plugin=plugin)
            row.now = self.now.to_pydatetime()
            row.batches, row.generated, row.stored = progress.batches, progress.generated, progress.stored
            row.totals, row.finished = json.dumps(progress.totals, sort_keys=True), progress.finished
            row.in_flight = progress.in_flight
            session.add(row)
            session.commit()
