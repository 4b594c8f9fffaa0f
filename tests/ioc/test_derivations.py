"""Derivations a killed process left are finished by the next ``process_batch`` (:mod:`ioc.derivations`).

The kill is real: a child process stores a batch of ticks and is killed with SIGKILL while
its derive hook runs (the toy hook waits there), so the ticks are committed and their daily
means are not. The next batch, in this process, must first derive the orphaned batch's
means, and leave every record finished. Records of processes still running are not taken.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pandas as pd
import psutil
import pytest
from derivation_toy import DAILY, PLAIN, TICKS, daily_means, ticks, toy_registry

from ioc.datalayer import DataLayer
from ioc.derivations import RETRY_FIRST, RETRY_MAX, STALE_AFTER, Derivations, PendingDerivation
from ioc.ingest import finish_derivations, process_batch
from ioc.plugins import Plugin, Registry
from ioc.store import utcnow
from ioc.timestamps import as_utc

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]

CHILD = """
import sys
from derivation_toy import TICKS, DAILY, PLAIN, ticks, toy_registry
from ioc.config import load_settings
from ioc.datalayer import DataLayer
from ioc.ingest import process_batch
layer = DataLayer(load_settings(data_dir=sys.argv[1]), tables=[TICKS, DAILY, PLAIN])
process_batch(layer, "toy.ticks", ticks(sys.argv[2]), source="child", plugins=toy_registry())
"""


@pytest.fixture
def layer(sqlite_settings):
    """On SQLite: the killed children open the data folder's own state store."""
    return DataLayer(sqlite_settings, tables=[TICKS, DAILY, PLAIN])


@pytest.fixture
def any_layer(settings):
    """On SQLite and on PostgreSQL (the tests without a child process)."""
    return DataLayer(settings, tables=[TICKS, DAILY, PLAIN])


def records(layer: DataLayer) -> list[PendingDerivation]:
    with layer.store.session() as session:
        return list(session.query(PendingDerivation))


def kill_inside_derive(data_dir: Path, tmp_path: Path, at: str = "toy.ticks", day: str = "2025-03-01") -> None:
    """A child stores a day of ticks from ``day`` and is SIGKILLed inside the derive hook
    asked about table ``at`` (``toy.daily``: the means are stored by then)."""
    hold = tmp_path / "holding"
    env = {
        **os.environ,
        "IOC_TOY_HOLD": str(hold),
        "IOC_TOY_HOLD_AT": at,
        "PYTHONPATH": os.pathsep.join([str(HERE), str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    env.pop("IOC_DATABASE_URL", None)
    with subprocess.Popen([sys.executable, "-c", CHILD, str(data_dir), day], env=env, stderr=subprocess.PIPE) as child:
        deadline = time.monotonic() + 120
        while not hold.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert hold.exists(), child.stderr.read().decode() if child.poll() is not None else "the child never derived"
        child.send_signal(signal.SIGKILL)


def daily(layer: DataLayer) -> pd.DataFrame:
    return layer.read("toy.daily").sort_values(["sensor", "day"]).reset_index(drop=True)


def test_a_batch_whose_process_was_killed_before_its_derivation_is_derived_by_the_next(
    layer, sqlite_settings, tmp_path
):
    kill_inside_derive(sqlite_settings.data_dir, tmp_path)
    assert len(layer.read("toy.ticks")) == 3 * 24  # the ticks were committed …
    assert layer.version("toy.daily") is None  # … their means never were
    (orphan,) = records(layer)
    assert (orphan.table_name, orphan.source) == ("toy.ticks", "child")

    results = process_batch(layer, "toy.ticks", ticks("2025-03-02"), plugins=toy_registry())
    assert results[0].table == "toy.ticks" and results[0].accepted == 3 * 24  # the batch's own result first
    assert [r.table for r in results[1:]] == ["toy.daily", "toy.daily"]  # its means, then the orphan's
    assert results[2].accepted == 3  # three sensors' means of 1 March
    assert records(layer) == []
    means = daily(layer)
    assert means["day"].dt.day.tolist() == [1, 2] * 3
    # the same as one process that was never killed
    whole = DataLayer(sqlite_settings.model_copy(update={"data_dir": tmp_path / "whole"}), tables=[TICKS, DAILY])
    for day in ("2025-03-01", "2025-03-02"):
        process_batch(whole, "toy.ticks", ticks(day), plugins=toy_registry())
    pd.testing.assert_frame_equal(means, daily(whole))


def test_a_re_run_of_the_killed_batch_finds_its_rows_duplicate_and_still_gets_them_derived(
    layer, sqlite_settings, tmp_path
):
    kill_inside_derive(sqlite_settings.data_dir, tmp_path)
    results = process_batch(layer, "toy.ticks", ticks("2025-03-01"), plugins=toy_registry())
    assert results[0].duplicate == 3 * 24 and results[0].accepted == 0
    assert len(daily(layer)) == 3 and records(layer) == []


def test_a_half_written_chain_is_undone_before_it_is_derived_again(layer, sqlite_settings, tmp_path):
    """Killed after the means were stored (in the hook asked about them): deriving again on
    top of them would count the batch twice; the chain's writes are undone first."""
    kill_inside_derive(sqlite_settings.data_dir, tmp_path, at="toy.daily")
    assert daily(layer)["derivations"].tolist() == [1, 1, 1]  # stored by the killed process
    assert sorted(r.table_name for r in records(layer)) == ["toy.daily", "toy.ticks"]  # the root and its chain
    daily_version = layer.version("toy.daily")

    process_batch(layer, "toy.ticks", ticks("2025-03-02"), plugins=toy_registry())
    assert records(layer) == []
    means = daily(layer)
    assert means["derivations"].tolist() == [1, 1, 1, 1, 1, 1]  # each day derived once, not twice
    assert len(layer.read("toy.daily", history=True)) == 6  # the killed process's rows are gone, not superseded
    assert layer.version("toy.daily") > daily_version + 1  # an undo commit and the writes again
    whole = DataLayer(sqlite_settings.model_copy(update={"data_dir": tmp_path / "whole"}), tables=[TICKS, DAILY])
    for day in ("2025-03-01", "2025-03-02"):
        process_batch(whole, "toy.ticks", ticks(day), plugins=toy_registry())
    pd.testing.assert_frame_equal(means, daily(whole))


def test_only_one_process_finishes_a_chain(layer, sqlite_settings, tmp_path):
    kill_inside_derive(sqlite_settings.data_dir, tmp_path)
    first, second = Derivations(layer.store), Derivations(layer.store)
    (orphan,) = first.orphans()
    assert first.claim(orphan)
    second.pid += 1  # another process of this machine, still running as far as it knows
    assert not second.claim(orphan)  # the record is no longer the dead owner's


def test_compaction_leaves_a_table_with_derived_writes_pending_alone(layer, sqlite_settings, tmp_path):
    """An undone write's superseded rows must still be in the table, not archived."""
    process_batch(layer, "toy.ticks", ticks("2025-03-01"), plugins=toy_registry())
    # noon to noon: the means of 1 March superseded, those of 2 March new
    kill_inside_derive(sqlite_settings.data_dir, tmp_path, at="toy.daily", day="2025-03-01T12:00")
    files = len(layer.files("toy.daily"))
    report = layer.compact("toy.daily")
    assert report["files_after"] == report["files_before"] == files and report["superseded"] == 0
    # the root is never undone: its table is compacted (12 hours of 1 March superseded, 3 sensors)
    assert layer.compact("toy.ticks")["superseded"] == 3 * 12
    process_batch(layer, "toy.plain", pd.DataFrame({"name": ["a"]}), plugins=toy_registry())  # finishes the chain
    means = daily(layer)
    assert means["derivations"].tolist() == [2, 1] * 3  # 1 March derived by both batches, once each
    assert layer.compact("toy.daily")["superseded"] == 3


def test_a_record_whose_batch_never_committed_is_dropped(any_layer):
    derivations = Derivations(any_layer.store)
    with any_layer.store.session() as session:  # a dead process (pid 0 never is one of ours)
        session.add(
            PendingDerivation(
                table_name="toy.ticks",
                batch_id="20250301T000000-deadbeef",
                root_batch_id="20250301T000000-deadbeef",
                source="gone",
                host=derivations.host,
                pid=2**31 - 1,
                process_started=0.0,
            )
        )
        session.commit()
    results = process_batch(any_layer, "toy.plain", pd.DataFrame({"name": ["a"]}), plugins=toy_registry())
    assert [r.table for r in results] == ["toy.plain"] and records(any_layer) == []


def test_records_of_running_processes_are_not_taken(any_layer):
    derivations = Derivations(any_layer.store)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        started = psutil.Process(sleeper.pid).create_time()
        now = pd.Timestamp.now(tz="UTC")
        rows = [
            ("alive", derivations.host, sleeper.pid, started, utcnow()),
            ("mine", derivations.host, derivations.pid, derivations.started, utcnow()),
            ("pid reused", derivations.host, sleeper.pid, started - 100, utcnow()),  # another process's pid now
            ("elsewhere, recent", "another-host", 1, 0.0, utcnow() - STALE_AFTER / 2),
            ("elsewhere, stale", "another-host", 1, 0.0, utcnow() - STALE_AFTER - timedelta(minutes=1)),
        ]
        with any_layer.store.session() as session:
            for name, host, pid, when, created in rows:
                session.add(
                    PendingDerivation(
                        table_name="toy.ticks",
                        batch_id=name,
                        root_batch_id=name,
                        source="t",
                        host=host,
                        pid=pid,
                        process_started=when,
                        created_at=created,
                    )
                )
            session.commit()
        assert sorted(r.batch_id for r in derivations.orphans(now)) == ["elsewhere, stale", "pid reused"]
        sleeper.kill()
        sleeper.wait()
        assert sorted(r.batch_id for r in derivations.orphans(now)) == ["alive", "elsewhere, stale", "pid reused"]
    finally:
        sleeper.kill()


def test_only_batches_with_derivations_or_rules_are_recorded_and_none_is_left(any_layer, monkeypatch):
    begun = []
    begin = Derivations.begin

    def counting(self, table, batch_id, **options):
        begun.append(table)
        return begin(self, table, batch_id, **options)

    monkeypatch.setattr(Derivations, "begin", counting)
    process_batch(any_layer, "toy.plain", pd.DataFrame({"name": ["a", "b"]}), plugins=toy_registry())
    process_batch(any_layer, "toy.ticks", ticks("2025-03-01"), plugins=toy_registry())
    # the toy's two tables (its hook is asked about each), not the plain plugin's
    assert begun == ["toy.ticks", "toy.daily"]
    assert records(any_layer) == []


class Flaky:
    """A toy derive hook that raises while ``broken`` (a bug, a database gone) and counts its calls."""

    def __init__(self) -> None:
        self.broken, self.calls = True, 0

    def __call__(self, datalayer, table, written):
        self.calls += 1
        if self.broken:
            raise RuntimeError("a bug in a hook")
        yield from daily_means(datalayer, table, written)


def flaky_registry(hook: Flaky) -> Registry:
    return Registry(
        [
            Plugin(name="toy", title="Toy", tables=(TICKS, DAILY), derive=hook),
            Plugin(name="plain", title="Plain", tables=(PLAIN,)),
        ]
    )


def make_due(layer: DataLayer) -> None:
    """The retry time of every failed chain has come (as if the wait had passed)."""
    with layer.store.session() as session:
        for record in session.query(PendingDerivation).filter(PendingDerivation.retry_after.is_not(None)):
            record.retry_after = utcnow() - timedelta(seconds=1)
        session.commit()


def test_a_derive_hook_that_raises_marks_its_chain_failed_and_this_process_retries_it_when_due(any_layer):
    hook = Flaky()
    with pytest.raises(RuntimeError, match="a bug in a hook"):
        process_batch(any_layer, "toy.ticks", ticks("2025-03-01"), plugins=flaky_registry(hook))
    (left,) = records(any_layer)
    assert (left.failures, left.last_error) == (1, "RuntimeError: a bug in a hook")
    waited = as_utc(left.retry_after) - pd.Timestamp.now(tz="UTC")
    assert RETRY_FIRST - timedelta(seconds=30) < waited <= RETRY_FIRST
    # not before its time: the next batch of this process leaves it (and is stored)
    calls = hook.calls
    plain = process_batch(any_layer, "toy.plain", pd.DataFrame({"name": ["a"]}), plugins=flaky_registry(hook))
    assert [r.table for r in plain] == ["toy.plain"] and hook.calls == calls and len(records(any_layer)) == 1

    # when due, the same long-running process finishes it at its next batch, once the hook works
    hook.broken = False
    make_due(any_layer)
    results = process_batch(any_layer, "toy.plain", pd.DataFrame({"name": ["b"]}), plugins=flaky_registry(hook))
    assert [r.table for r in results] == ["toy.plain", "toy.daily"] and results[1].accepted == 3
    assert records(any_layer) == [] and daily(any_layer)["derivations"].tolist() == [1, 1, 1]


def test_a_retry_that_raises_again_is_logged_backs_off_and_does_not_stop_the_new_batch(any_layer, caplog):
    hook = Flaky()
    with pytest.raises(RuntimeError):
        process_batch(any_layer, "toy.ticks", ticks("2025-03-01"), plugins=flaky_registry(hook))
    make_due(any_layer)
    # the retry raises again: logged, marked (a longer wait), and the batch that found it is stored
    results = process_batch(any_layer, "toy.plain", pd.DataFrame({"name": ["a"]}), plugins=flaky_registry(hook))
    assert [r.table for r in results] == ["toy.plain"] and results[0].accepted == 1
    assert "lỗi lần 2" in caplog.text and "a bug in a hook" in caplog.text
    (left,) = records(any_layer)
    assert left.failures == 2
    waited = as_utc(left.retry_after) - pd.Timestamp.now(tz="UTC")
    assert 2 * RETRY_FIRST - timedelta(seconds=30) < waited <= 2 * RETRY_FIRST
    with any_layer.store.session() as session:  # many failures: the wait stops growing
        session.query(PendingDerivation).update({"failures": 40})
        session.commit()
    make_due(any_layer)
    process_batch(any_layer, "toy.plain", pd.DataFrame({"name": ["b"]}), plugins=flaky_registry(hook))
    (left,) = records(any_layer)
    assert left.failures == 41 and as_utc(left.retry_after) - pd.Timestamp.now(tz="UTC") <= RETRY_MAX


def test_finish_derivations_retries_failed_chains_at_once_and_raises_what_they_raise(any_layer):
    hook = Flaky()
    with pytest.raises(RuntimeError):
        process_batch(any_layer, "toy.ticks", ticks("2025-03-01"), plugins=flaky_registry(hook))
    with pytest.raises(RuntimeError, match="a bug in a hook"):  # not due yet: tried all the same
        finish_derivations(any_layer, plugins=flaky_registry(hook))
    assert records(any_layer)[0].failures == 2
    hook.broken = False
    results = finish_derivations(any_layer, plugins=flaky_registry(hook))
    assert [r.table for r in results] == ["toy.daily"] and records(any_layer) == []


def test_a_failed_chain_is_claimed_once_even_by_two_threads_of_one_process(any_layer):
    hook = Flaky()
    with pytest.raises(RuntimeError):
        process_batch(any_layer, "toy.ticks", ticks("2025-03-01"), plugins=flaky_registry(hook))
    make_due(any_layer)
    derivations = Derivations(any_layer.store)
    (root,) = derivations.orphans()
    (same,) = derivations.orphans()  # what a second thread read at the same moment
    assert derivations.claim(root) and not derivations.claim(same)
    assert list(derivations.orphans()) == []  # claimed: in flight in this process, no longer failed
