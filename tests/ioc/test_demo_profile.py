"""``ioc demo --profile province-year --scale F``: calibrated, streaming, deterministic.

A toy plugin whose generator is linear in ``scale`` stands in for the domains (the real
generators run in their own plugin tests); the profile's plan is checked against its
target, batches are consumed one at a time, and two runs with the same seed store the
same rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from demo_toy import DAILY, TICKS, toy_daily
from typer.testing import CliRunner

from ioc.datalayer import DataLayer
from ioc.demo import PROFILES, Profile, profile_plan, run_profile
from ioc.plugins import Plugin, Registry

PRODUCED = [0]  # batches the toy generator has yielded so far


def toy_demo(context):
    rng = np.random.default_rng(context.seed)
    sensors = max(1, round(10 * context.scale))
    for day in range(context.days):  # one batch per day: sensors × 24 hourly readings
        times = pd.date_range(context.start + pd.Timedelta(days=day), periods=24, freq="h")
        PRODUCED[0] += 1
        yield (
            "toy.ticks",
            pd.DataFrame(
                {
                    "sensor": np.repeat([f"t{i}" for i in range(sensors)], 24),
                    "time": np.tile(times, sensors),
                    "value": rng.random(sensors * 24).round(3),
                }
            ),
        )


def toy_registry():
    return Registry([Plugin(name="toy", title="Toy", tables=(TICKS,), demo=toy_demo)])


NOW = pd.Timestamp("2025-06-30T12:00Z")
SMALL = Profile("small-year", days=20, rows_per_year={"toy": 365 * 24 * 100})  # 100 sensors a year


def test_the_plan_reaches_the_profile_target():
    plan = profile_plan(SMALL, 0.5, toy_registry(), now=NOW)
    scale, rows = plan["toy"]
    assert scale == pytest.approx(5.0)  # 1 day at scale 1 = 240 rows; half of 100 sensors = 50 = 5 × 10
    assert rows == 20 * 24 * 50


def test_every_province_year_target_names_an_installed_plugin_and_table():
    """A key that names no plugin would leave that domain at the default size (it happened)."""
    from ioc.plugins import registry

    reg = registry()
    names = {plugin.name for plugin in reg}
    tables = {table.name for plugin in reg for table in plugin.tables}
    for key in PROFILES["province-year"].rows_per_year:
        assert key.partition(".")[0] in names, key
        assert "." not in key or key in tables, key
    assert {"environment", "public_order", "social", "feedback", "public_admin", "infosec"} <= {
        key.partition(".")[0] for key in PROFILES["province-year"].rows_per_year
    }


def test_profile_run_streams_and_is_deterministic(tmp_path, sqlite_settings, monkeypatch):
    from ioc import demo
    from ioc.config import load_settings

    seen = []  # batches generated when each write started: streaming means exactly one more each time

    def recording(*args, **kwargs):
        seen.append(PRODUCED[0])
        return process_batch(*args, **kwargs)

    process_batch = demo.process_batch
    monkeypatch.setattr(demo, "process_batch", recording)
    first = DataLayer(sqlite_settings, tables=[TICKS])
    totals = run_profile(first, SMALL, fraction=0.5, reg=toy_registry(), progress=False, now=NOW)
    assert totals["toy.ticks"]["accepted"] == 20 * 24 * 50
    assert [n - seen[0] for n in seen] == list(range(20))  # never a batch generated ahead of its write
    second = DataLayer(load_settings(data_dir=tmp_path / "again"), tables=[TICKS])
    run_profile(second, SMALL, fraction=0.5, reg=toy_registry(), progress=False, now=NOW)
    pd.testing.assert_frame_equal(
        first.read("toy.ticks").sort_values(["sensor", "time"]).reset_index(drop=True),
        second.read("toy.ticks").sort_values(["sensor", "time"]).reset_index(drop=True),
    )


def test_cli_rejects_an_unknown_profile():
    from workbench.cli import app

    result = CliRunner().invoke(app, ["demo", "--profile", "province-yaer", "--scale", "0.1"], catch_exceptions=False)
    assert result.exit_code == 1 and "province-year" in result.output


def test_cli_names_an_unknown_plugin_before_generating_anything(tmp_path, monkeypatch):
    from workbench.cli import app

    monkeypatch.setenv("IOC_DATA_DIR", str(tmp_path / "data"))
    result = CliRunner().invoke(app, ["demo", "--plugin", "economy", "--plugin", "socal", "--days", "1"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "'socal'" in result.output and "social" in result.output
    assert not (tmp_path / "data" / "lake").exists()


def test_a_target_may_count_one_table_of_a_plugin():
    """``plugin.table`` keys: the scale is chosen on that table (camera events, not minute counters)."""
    from ioc.demo import profile_target

    def with_counters(context):
        yield from toy_demo(context)
        yield "toy.counters", pd.DataFrame({"n": range(1000)})  # a side table that does not scale

    reg = Registry([Plugin(name="toy", title="Toy", tables=(TICKS,), demo=with_counters)])
    by_table = Profile("t", days=20, rows_per_year={"toy.ticks": 365 * 24 * 100})
    assert profile_target(by_table, "toy") == (365 * 24 * 100, ("toy.ticks",))
    assert profile_target(by_table, "other") == (by_table.default_rows_per_year, ())
    scale, rows = profile_plan(by_table, 0.5, reg, now=NOW)["toy"]
    assert scale == pytest.approx(5.0)  # as without the side table
    assert rows == 1000 + 20 * 24 * 50  # the bar counts every table: the side table once, not per day
    by_plugin = Profile("p", days=20, rows_per_year={"toy": 365 * 24 * 100})
    natural = Profile("n", days=20, rows_per_year={"toy": 0})  # the plugin's own size: scale 1
    assert profile_plan(natural, 0.5, reg, now=NOW)["toy"] == (1.0, 1000 + 20 * 240)
    # the side table counted as data (once, not per day): 24 000 rows asked of 1 000 + 240 a day
    assert profile_plan(by_plugin, 0.5, reg, now=NOW)["toy"][0] == pytest.approx(24_000 / (1000 + 240 * 20))


def test_the_progress_counts_derived_rows_and_its_total_firms_up():
    from ioc.demo import ProfileProgress

    rows = ProfileProgress({"a": (1.0, 1000), "b": (2.0, 500)})
    assert (rows.count, rows.total) == (0, 1500)  # before any batch: the calibrated generator rows
    rows.batch("a", generated=100, stored=150)  # a derives half a row per generated row
    assert (rows.count, rows.total) == (150, 1500 + 500)  # a: 1 000 × 1.5, b still at its plan
    rows.batch("a", generated=900, stored=1200)
    rows.finish("a")
    assert (rows.count, rows.total) == (1350, 1350 + 500)  # a finished: exactly what it stored


def test_the_time_left_times_the_running_plugin_at_its_own_rate():
    """A slow plugin (a desk per report) must not make the estimate of the fast ones hours long."""
    from ioc.demo import ProfileProgress

    now = [0.0]
    rows = ProfileProgress({"fast": (1.0, 10_000), "slow": (1.0, 100), "next": (1.0, 10_000)}, clock=lambda: now[0])
    assert rows.seconds_left() is None  # nothing stored yet: no rate to go by
    rows.start("fast")
    now[0] = 10.0
    rows.batch("fast", generated=10_000, stored=10_000)
    rows.finish("fast")
    rows.start("slow")
    now[0] = 20.0
    rows.batch("slow", generated=50, stored=50)  # 5 rows a second, the run's average 505
    # slow: 50 rows at its own 5 a second; next: 10 000 at the run's average
    assert rows.seconds_left() == pytest.approx(50 / 5 + 10_000 / (10_050 / 20))


def test_profile_bar_counts_every_stored_row_and_ends_at_its_total(sqlite_settings, capsys):
    reg = Registry([Plugin(name="toy", title="Toy", tables=(TICKS, DAILY), demo=toy_demo, derive=toy_daily)])
    layer = DataLayer(sqlite_settings, tables=[TICKS, DAILY])
    totals = run_profile(layer, SMALL, fraction=0.05, reg=reg, progress=True, now=NOW)
    stored = sum(counts["accepted"] for counts in totals.values())
    assert totals["toy.daily"]["accepted"] > 0
    # every row written counts, a daily mean corrected by the next batch too (its history)
    assert stored == len(layer.read("toy.ticks", history=True)) + len(layer.read("toy.daily", history=True))
    assert stored > 20 * 24 * 5  # more than the generator gave: the plan's estimate alone fell short
    last = capsys.readouterr().err.replace("\r", "\n").strip().splitlines()[-1]
    shown = f"{stored / 1000:.2f}k"  # tqdm's unit_scale
    assert "100%" in last and f"{shown}/{shown}" in last, last  # the total met at the end


def test_rows_that_cover_only_the_last_days_are_not_planned_for_every_day():
    """Public order's minute counters cover its last 3 days only: planned as daily rows, a tenth
    of the year's public order was estimated at 5.4 M rows for 0.56 M generated."""

    def with_recent(context):
        yield from toy_demo(context)
        for _day in range(max(0, context.days - 3), context.days):  # the last 3 days only
            yield "toy.recent", pd.DataFrame({"n": range(100)})

    reg = Registry([Plugin(name="toy", title="Toy", tables=(TICKS,), demo=with_recent)])
    natural = Profile("n", days=20, rows_per_year={"toy": 0})
    assert profile_plan(natural, 1.0, reg, now=NOW)["toy"] == (1.0, 20 * 240 + 3 * 100)
