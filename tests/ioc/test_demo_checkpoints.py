"""``ioc demo --profile … --resume``: a stopped profile run goes on where it stopped.

A toy plugin (two tables, a derive hook) stands in for the domains, as in
``test_demo_profile``. A run is stopped by an exception at a chosen batch (what a kill
leaves is the same: the batches before it stored, their checkpoints recorded) and resumed;
the lake must then hold what one uninterrupted run stores, with nothing twice, and the
counts printed must be the whole run's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from demo_toy import DAILY, TICKS, toy_daily
from typer.testing import CliRunner

from ioc.datalayer import DataLayer
from ioc.demo import ProfileProgress, run_profile
from ioc.demo_checkpoints import Checkpoints, PluginProgress, run_key
from ioc.plugins import Plugin, Registry
from ioc.tables import Table

OTHER = Table(name="toy.other", columns=TICKS.columns, key=TICKS.key, time_column="time")
NOW = pd.Timestamp("2025-06-30T12:00Z")


class Stop(RuntimeError):
    """The run is stopped here (a kill, a session's end)."""


class Toy:
    """A generator whose batches are drawn from one random stream (batch n depends on the
    draws before it), that can be stopped at a batch, and counts its profile runs and what
    they yield (not the plan's calibration runs)."""

    def __init__(self, stop_at: int | None = None, table: str = "toy.ticks") -> None:
        self.stop_at, self.table, self.yielded, self.runs = stop_at, table, 0, 0

    def demo(self, context):
        profile_run = context.days == PROFILE_DAYS  # not the plan's calibration runs (4 and 5 days)
        self.runs += profile_run
        rng = np.random.default_rng(context.seed)
        for day in range(context.days):
            values = rng.random(5 * 24).round(3)  # drawn even for a batch a resume does not store
            if day == self.stop_at and profile_run:
                raise Stop(f"stopped at batch {day}")
            self.yielded += profile_run
            times = pd.date_range(context.start + pd.Timedelta(days=day), periods=24, freq="h")
            yield (
                self.table,
                pd.DataFrame(
                    {"sensor": np.repeat([f"t{i}" for i in range(5)], 24), "time": np.tile(times, 5), "value": values}
                ),
            )


def toy_registry(toy: Toy, name: str = "toy") -> Registry:
    return Registry([Plugin(name=name, title="Toy", tables=(TICKS, DAILY), demo=toy.demo, derive=toy_daily)])


PROFILE_DAYS = 12


def small_profile():
    from ioc.demo import Profile

    return Profile("small-year", days=PROFILE_DAYS, rows_per_year={"toy": 0})  # the toy's own size


def stored(layer: DataLayer, table: str, history: bool = False) -> pd.DataFrame:
    key = ["sensor", "time"] if table == "toy.ticks" else ["sensor", "day"]
    frame = layer.read(table, history=history).sort_values(key).reset_index(drop=True)
    return frame[[column.name for column in (TICKS if table == "toy.ticks" else DAILY).columns]]


def uninterrupted(tmp_path) -> tuple[DataLayer, dict]:
    from ioc.config import load_settings

    layer = DataLayer(load_settings(data_dir=tmp_path / "whole"), tables=[TICKS, DAILY])
    totals = run_profile(layer, small_profile(), reg=toy_registry(Toy()), progress=False, now=NOW)
    return layer, totals


def test_a_stopped_run_resumed_stores_what_one_whole_run_stores(tmp_path, sqlite_settings):
    whole, whole_totals = uninterrupted(tmp_path)
    layer = DataLayer(sqlite_settings, tables=[TICKS, DAILY])
    with pytest.raises(Stop):
        run_profile(layer, small_profile(), reg=toy_registry(Toy(stop_at=7)), progress=False, now=NOW)
    assert len(stored(layer, "toy.ticks")) == 7 * 5 * 24  # the seven batches before the stop

    toy = Toy()
    # no ``now``: the resumed run takes the year the stopped one started with
    totals = run_profile(layer, small_profile(), reg=toy_registry(toy), progress=False, resume=True)
    assert toy.yielded == PROFILE_DAYS  # generated from the start (one stream) …
    for table in ("toy.ticks", "toy.daily"):
        pd.testing.assert_frame_equal(stored(layer, table), stored(whole, table))
        # … and the stored batches not written again: nothing superseded, nothing duplicate
        assert len(layer.read(table, history=True)) == len(whole.read(table, history=True))
    assert totals == whole_totals  # the counts of the whole run, the part before the stop included


def test_a_resume_stores_only_the_batches_after_the_stop(tmp_path, sqlite_settings, monkeypatch):
    from ioc import demo

    layer = DataLayer(sqlite_settings, tables=[TICKS, DAILY])
    with pytest.raises(Stop):
        run_profile(layer, small_profile(), reg=toy_registry(Toy(stop_at=4)), progress=False, now=NOW)
    written = []
    process_batch = demo.process_batch

    def recording(datalayer, table, frame, **options):
        written.append(frame["time"].min())
        return process_batch(datalayer, table, frame, **options)

    monkeypatch.setattr(demo, "process_batch", recording)
    run_profile(layer, small_profile(), reg=toy_registry(Toy()), progress=False, resume=True)
    start = NOW.floor("h") - pd.Timedelta(days=PROFILE_DAYS)
    assert written == [start + pd.Timedelta(days=day) for day in range(4, PROFILE_DAYS)]


def test_a_finished_plugin_is_not_generated_again_and_a_finished_run_changes_nothing(tmp_path, sqlite_settings):
    first, second = Toy(), Toy(stop_at=5, table="toy.other")
    reg = Registry(
        [
            Plugin(name="a", title="A", tables=(TICKS, DAILY), demo=first.demo, derive=toy_daily),
            Plugin(name="b", title="B", tables=(OTHER,), demo=second.demo),
        ]
    )
    layer = DataLayer(sqlite_settings, tables=[TICKS, DAILY, OTHER])
    with pytest.raises(Stop):
        run_profile(layer, small_profile(), reg=reg, progress=False, now=NOW)
    runs_of_a = first.runs
    second.stop_at = None
    totals = run_profile(layer, small_profile(), reg=reg, progress=False, resume=True)
    assert first.runs == runs_of_a  # a: finished before the stop, not generated again
    assert totals["toy.ticks"]["accepted"] == totals["toy.other"]["accepted"] == PROFILE_DAYS * 5 * 24

    def every_version(table: str) -> pd.DataFrame:  # the stored rows, superseded ones included
        rows = layer.read(table, history=True)
        return rows.sort_values(list(rows.columns)).reset_index(drop=True)

    before = {table: every_version(table) for table in ("toy.ticks", "toy.other")}
    again = run_profile(layer, small_profile(), reg=reg, progress=False, resume=True)
    assert again == totals and (first.runs, second.runs) == (runs_of_a, 2)  # nothing generated
    for table, rows in before.items():
        pd.testing.assert_frame_equal(every_version(table), rows)


def test_a_batch_stored_but_not_recorded_is_counted_not_stored_again(tmp_path, sqlite_settings, monkeypatch):
    """The lake and the state store are two stores: a run stopped between a batch's write and
    its checkpoint. The resume finds the batch's rows by the id recorded before the write:
    it counts them and does not send the batch again."""
    from ioc import demo

    whole, whole_totals = uninterrupted(tmp_path)
    layer = DataLayer(sqlite_settings, tables=[TICKS, DAILY])
    record = Checkpoints.record
    process_batch = demo.process_batch

    def lost_after_the_sixth(self, plugin, progress):
        if progress.batches == 6 and not progress.finished:
            raise Stop("killed after the write, before the checkpoint")
        record(self, plugin, progress)

    monkeypatch.setattr(Checkpoints, "record", lost_after_the_sixth)
    with pytest.raises(Stop):
        run_profile(layer, small_profile(), reg=toy_registry(Toy()), progress=False, now=NOW)
    monkeypatch.setattr(Checkpoints, "record", record)
    (in_flight,) = layer.sql("SELECT _batch_id FROM toy.ticks__history ORDER BY _seq DESC LIMIT 1")["_batch_id"]
    assert Checkpoints(layer.store, run_key("small-year", 1.0, 7)).progress("toy").in_flight == in_flight

    sent = []
    monkeypatch.setattr(
        demo, "process_batch", lambda *a, **k: sent.append(a[2]["time"].min()) or process_batch(*a, **k)
    )
    totals = run_profile(layer, small_profile(), reg=toy_registry(Toy()), progress=False, resume=True)
    start = NOW.floor("h") - pd.Timedelta(days=PROFILE_DAYS)
    assert sent == [start + pd.Timedelta(days=day) for day in range(6, PROFILE_DAYS)]  # not the sixth (day 5)
    for table in ("toy.ticks", "toy.daily"):
        pd.testing.assert_frame_equal(stored(layer, table), stored(whole, table))
    # the sixth batch's rows counted as the stopped run stored them (what it derived from them
    # then, it did not record: those counts are lost, the rows are stored)
    assert totals["toy.ticks"] == whole_totals["toy.ticks"]
    assert totals["toy.daily"]["accepted"] < whole_totals["toy.daily"]["accepted"]


def test_a_run_not_resumed_starts_again_and_a_resume_keeps_its_year(sqlite_settings):
    layer = DataLayer(sqlite_settings, tables=[TICKS, DAILY])
    with pytest.raises(Stop):
        run_profile(layer, small_profile(), reg=toy_registry(Toy(stop_at=3)), progress=False, now=NOW)
    with pytest.raises(ValueError, match="2025-06-30T12:00:00"):
        run_profile(
            layer, small_profile(), reg=toy_registry(Toy()), progress=False, resume=True, now=NOW + pd.Timedelta(days=1)
        )
    toy = Toy()
    later = NOW + pd.Timedelta(days=1)
    run_profile(layer, small_profile(), reg=toy_registry(toy), progress=False, now=later)  # not resumed
    key = run_key("small-year", 1.0, 7)
    checkpoints = Checkpoints(layer.store, key)
    assert checkpoints.begin(None, resume=True) == (later, True)  # the fresh run's year replaced the old
    assert checkpoints.progress("toy").finished and checkpoints.progress("toy").batches == PROFILE_DAYS
    # another fraction or seed is another run
    assert Checkpoints(layer.store, run_key("small-year", 0.5, 7)).progress("toy") == PluginProgress()


def test_resuming_with_nothing_recorded_starts_afresh(sqlite_settings):
    layer = DataLayer(sqlite_settings, tables=[TICKS, DAILY])
    totals = run_profile(layer, small_profile(), reg=toy_registry(Toy()), progress=False, resume=True, now=NOW)
    assert totals["toy.ticks"]["accepted"] == PROFILE_DAYS * 5 * 24


def test_the_time_left_of_a_resumed_run_counts_only_its_own_rate():
    now = [0.0]
    rows = ProfileProgress({"a": (1.0, 1000)}, clock=lambda: now[0])
    rows.resume("a", generated=600, stored=600)  # stored by the stopped run, hours ago
    rows.start("a")
    now[0] = 50.0  # the stored batches generated again, nothing stored
    assert rows.seconds_left() is None
    rows.start("a")  # the first batch to store
    now[0] = 60.0
    rows.batch("a", generated=100, stored=100)  # 10 rows a second from here
    assert (rows.count, rows.total) == (700, 1000)
    assert rows.seconds_left() == pytest.approx(300 / 10)


def test_a_resumed_run_times_its_plugin_from_its_first_new_batch_only(sqlite_settings, monkeypatch):
    """The rate of the time left starts again once the stored batches are generated again, and
    only then (restarted at every batch, the time left was minutes for a run of hours)."""
    starts = []
    start = ProfileProgress.start

    def recording(self, plugin):
        starts.append(self.generated[plugin])
        return start(self, plugin)

    monkeypatch.setattr(ProfileProgress, "start", recording)
    layer = DataLayer(sqlite_settings, tables=[TICKS, DAILY])
    with pytest.raises(Stop):
        run_profile(layer, small_profile(), reg=toy_registry(Toy(stop_at=5)), progress=False, now=NOW)
    assert starts == [0]  # a fresh run: once, at its start
    starts.clear()
    run_profile(layer, small_profile(), reg=toy_registry(Toy()), progress=False, resume=True)
    assert starts == [5 * 120, 5 * 120]  # at the start, and after the five stored batches


def test_cli_resume_needs_a_profile(tmp_path, monkeypatch):
    from workbench.cli import app

    monkeypatch.setenv("IOC_DATA_DIR", str(tmp_path / "data"))
    result = CliRunner().invoke(app, ["demo", "--resume", "--days", "1"])
    assert result.exit_code == 1 and "--profile" in result.output
    assert not (tmp_path / "data" / "lake").exists()
