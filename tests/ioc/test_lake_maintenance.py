"""Lake maintenance: compaction, optimize, vacuum, the scheduled job and ``ioc lake``.

The current rows and the full history read the same before and after; the table ends
in fewer files; the compacted snapshot is read without the de-duplication window and a
write after compaction is still de-duplicated correctly against it.
"""

from __future__ import annotations

import pandas as pd
import pytest
from lake_tables import CASES, READINGS
from typer.testing import CliRunner

from ioc import lake
from ioc.datalayer import DataLayer
from ioc.tables import Table


def batch(values, sids=("a", "b", "c"), month="2025-01"):
    times = [f"{month}-0{i + 1}T00:00Z" for i in range(len(sids))]
    return pd.DataFrame({"sid": list(sids), "time": times, "value": list(values)})


@pytest.fixture
def dl(sqlite_settings):
    layer = DataLayer(sqlite_settings, tables=[READINGS, CASES])
    # many small commits with corrections, over two months
    layer.write("demo.readings", batch([1, 2, 3]))
    layer.write("demo.readings", batch([1, 20, 3]))
    layer.write("demo.readings", batch([1, 20, 300]))
    layer.write("demo.readings", batch([5, 6, 7], month="2025-02"))
    layer.write("demo.readings", batch([50, 6, 7], month="2025-02"))
    layer.write(
        "demo.cases", pd.DataFrame({"case_id": ["x", "y"], "updated": ["2025-01-05T00:00Z"] * 2, "status": "mới"})
    )
    layer.write("demo.cases", pd.DataFrame({"case_id": ["x"], "updated": ["2025-03-01T00:00Z"], "status": "đã xử lý"}))
    layer.write("demo.cases", pd.DataFrame({"case_id": ["z"], "updated": ["2025-01-09T00:00Z"], "status": "mới"}))
    yield layer
    layer.close()


def snapshot(dl, name):
    key = list(dl.table(name).key)
    current = dl.read(name).sort_values(key).reset_index(drop=True)
    history = dl.read(name, history=True)
    history = history.sort_values([*key, "_batch_id"]).reset_index(drop=True)
    return current, history[[*dl.table(name).column_names, "_batch_id", "_seq"]]


def view_sql(dl, name):
    dl.sql(f"SELECT count(*) FROM {name}")  # refresh the views
    schema, view = name.split(".")
    return dl.sql(f"SELECT sql FROM duckdb_views() WHERE schema_name = '{schema}' AND view_name = '{view}'")["sql"][0]


def deduplicates(dl, name):
    """Whether the current-rows view removes superseded rows (a window, or an anti-join
    with the superseded rows found once per version) rather than reading files as they are."""
    sql = view_sql(dl, name)
    return "row_number" in sql or "ANTI JOIN" in sql


@pytest.mark.parametrize("name", ["demo.readings", "demo.cases"])
def test_compaction_keeps_results_and_shrinks_files(dl, name):
    before = snapshot(dl, name)
    files_before = len(dl.files(name))
    assert deduplicates(dl, name)
    done = dl.compact(name)
    after = snapshot(dl, name)
    pd.testing.assert_frame_equal(before[0], after[0])
    pd.testing.assert_frame_equal(before[1], after[1])
    assert done["superseded"] == (3 if name == "demo.readings" else 1)
    assert done["files_after"] < files_before == done["files_before"]
    # the compacted snapshot is read as it is: no window over the whole table
    assert not deduplicates(dl, name)
    # compaction is idempotent: nothing to move, the archive is not doubled
    assert dl.compact(name)["superseded"] == 0
    pd.testing.assert_frame_equal(before[1], snapshot(dl, name)[1])


def test_writes_after_compaction_still_supersede(dl):
    dl.compact("demo.readings")
    dl.compact("demo.cases")
    dl.write("demo.readings", batch([1, 21, 3]))  # one correction, two duplicates
    result = dl.write("demo.readings", batch([9], sids=("d",), month="2025-02"))
    assert result.accepted == 1
    current = dl.read("demo.readings").set_index(["sid", "time"])["value"]
    assert current.loc[("b", pd.Timestamp("2025-01-02T00:00Z"))] == 21
    assert len(current) == 7
    assert deduplicates(dl, "demo.readings")  # the correction is pending until the next compaction
    dl.write("demo.cases", pd.DataFrame({"case_id": ["y"], "updated": ["2025-04-01T00:00Z"], "status": "đã xử lý"}))
    assert dl.read("demo.cases").set_index("case_id")["status"].to_dict() == {
        "x": "đã xử lý",
        "y": "đã xử lý",
        "z": "mới",
    }
    history = dl.read("demo.readings", history=True)
    assert sorted(history.loc[history["sid"] == "b", "value"].tolist()) == [2, 6, 20, 21]


def test_optimize_and_vacuum_shrink_the_files_on_disk(dl, sqlite_settings):
    folder = lake.table_path(sqlite_settings.lake_dir, READINGS)
    before = snapshot(dl, "demo.readings")
    on_disk = len(list(folder.rglob("*.parquet")))
    optimized = dl.optimize("demo.readings")
    assert optimized["files_after"] < optimized["files_before"]
    assert dl.vacuum("demo.readings", retention_hours=0) > 0
    assert len(list(folder.rglob("*.parquet"))) < on_disk
    pd.testing.assert_frame_equal(before[0], snapshot(dl, "demo.readings")[0])


def test_a_reader_forgets_the_files_a_rewrite_replaced(dl):
    """The column names a process keeps per data file (to know whether a schema grew) are
    those of live files only: a reader following a listener sees a new file every few seconds."""
    dl.sql("SELECT count(*) FROM demo.readings")
    before = set(dl._file_columns["demo.readings"])
    assert before == set(dl.files("demo.readings"))
    dl.optimize("demo.readings")
    dl.sql("SELECT count(*) FROM demo.readings")
    after = set(dl._file_columns["demo.readings"])
    assert after == set(dl.files("demo.readings")) and len(after) < len(before)
    assert len(set(dl._file_columns["demo.readings"].values())) == 1  # one shared tuple of names


def test_optimize_keeps_a_compacted_table_window_free(dl):
    dl.compact("demo.readings")
    dl.optimize("demo.readings")
    assert not deduplicates(dl, "demo.readings")


def test_scheduled_maintenance_applies_retention(sqlite_settings):
    short = Table(name="demo.short", columns=READINGS.columns, key=READINGS.key, time_column="time", retention_days=30)
    layer = DataLayer(sqlite_settings, tables=[short])
    layer.write("demo.short", batch([1, 2, 3]))
    layer.write("demo.short", batch([4, 5], sids=("a", "b"), month="2025-02"))
    layer.write("demo.short", batch([40], sids=("a",), month="2025-02"))
    report = layer.maintain(now=pd.Timestamp("2025-02-20T00:00Z"), retention_hours=0)
    assert report["demo.short"]["retention_deleted"] == 3
    assert report["demo.short"]["superseded"] == 1
    assert report["demo.short"]["vacuumed"] > 0
    assert layer.read("demo.short")["value"].tolist() == [40, 5]


def test_ioc_lake_commands(tmp_path):
    from tests_support import write_long_air_csv

    from workbench.cli import app

    runner = CliRunner()
    for values in ([20, 30, 40], [20, 35, 40]):  # the second file corrects one reading
        path = write_long_air_csv(tmp_path / f"air-{values[1]}.csv", pm25=values)
        assert runner.invoke(app, ["ingest", "air_long_csv", str(path)], catch_exceptions=False).exit_code == 0
    unknown = runner.invoke(app, ["lake", "optimize", "environment.air_reading"], catch_exceptions=False)
    assert unknown.exit_code == 1 and "environment.air_readings" in unknown.output
    compact = runner.invoke(app, ["lake", "compact", "environment.air_readings"], catch_exceptions=False)
    flat = " ".join(compact.output.split())
    assert compact.exit_code == 0 and "environment.air_readings: 2 → 1 tệp, 1 dòng cũ" in flat, flat
    for command in (["optimize"], ["vacuum", "--retention-hours", "0"], ["maintain"]):
        result = runner.invoke(app, ["lake", *command], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert "environment.air_readings" in result.output


def test_history_is_exact_after_a_compaction_interrupted_after_archiving(dl, monkeypatch):
    """Killed between the archive append and the month rewrite: no row shows twice, and the
    next compaction finishes the job without archiving anything twice."""
    from ioc import datalayer as module

    before = snapshot(dl, "demo.readings")

    def crash(*_args, **_kwargs):
        raise KeyboardInterrupt("killed mid-compaction")

    monkeypatch.setattr(module, "_overwrite_month", crash)
    with pytest.raises(KeyboardInterrupt):
        dl.compact("demo.readings")
    for want, got in zip(before, snapshot(dl, "demo.readings"), strict=True):
        pd.testing.assert_frame_equal(want, got)
    monkeypatch.undo()
    assert dl.compact("demo.readings")["superseded"] == 3
    for want, got in zip(before, snapshot(dl, "demo.readings"), strict=True):
        pd.testing.assert_frame_equal(want, got)
    archived = dl.storage.open(dl.table("demo.readings"), lake.SUPERSEDED).to_pyarrow_table()
    assert archived.num_rows == 3
