"""The data layer: idempotent, superseding, quarantining, atomic writes and queries."""

import os
import re
import signal
import subprocess
import sys
import textwrap
import time

import pandas as pd
import pytest
import sqlalchemy as sa

from geodata.lookup import read_units
from ioc.datalayer import DataLayer, UnknownTableError
from ioc.tables import Column, Table

READINGS = Table(
    name="demo.readings",
    columns=(
        Column("sid", required=True),
        Column("time", "timestamp", required=True),
        Column("value", "float", minimum=0),
        Column("lon", "float"),
        Column("lat", "float"),
    ),
    key=("sid", "time"),
    time_column="time",
    geometry=("lon", "lat"),
)


def frame(values=("1.5", "2", "3"), sids=("a", "a", "b")):
    return pd.DataFrame(
        {
            "sid": list(sids),
            "time": ["2025-01-01T00:00Z", "2025-01-01T01:00Z", "2025-02-01T00:00Z"][: len(sids)],
            "value": list(values),
            "lon": [107.08, 107.08, 107.17][: len(sids)],
            "lat": [10.35, 10.35, 10.5][: len(sids)],
        }
    )


@pytest.fixture
def dl(settings):
    layer = DataLayer(settings, tables=[READINGS])
    yield layer
    layer.close()


def test_rewriting_the_same_batch_adds_nothing(dl):
    first = dl.write("demo.readings", frame(), source="test")
    second = dl.write("demo.readings", frame(), source="test")
    assert (first.accepted, first.duplicate) == (3, 0)
    assert (second.accepted, second.duplicate, second.lake_version) == (0, 3, None)
    assert len(dl.read("demo.readings")) == 3
    assert len(dl.read("demo.readings", history=True)) == 3


def test_a_column_added_to_a_table_later_extends_the_stored_lake(settings):
    """A plugin upgrade that adds a nullable column keeps working on an existing lake."""
    with_note = Table(
        name=READINGS.name,
        columns=(*READINGS.columns, Column("note")),
        key=READINGS.key,
        time_column=READINGS.time_column,
        geometry=READINGS.geometry,
    )
    before = DataLayer(settings, tables=[READINGS])
    before.write("demo.readings", frame(values=("1",), sids=("a",)))
    before.close()
    after = DataLayer(settings, tables=[with_note])
    result = after.write("demo.readings", frame(values=("2", "3"), sids=("a", "b")).iloc[1:].assign(note="mới"))
    assert result.accepted == 1
    rows = after.read("demo.readings").sort_values("sid")
    after.close()
    assert rows["sid"].tolist() == ["a", "b"]
    assert pd.isna(rows["note"].iloc[0]) and rows["note"].iloc[1] == "mới"


def test_a_correction_supersedes_and_stays_auditable(dl):
    dl.write("demo.readings", frame())
    result = dl.write("demo.readings", frame(values=("1.5", "20", "3")))
    assert (result.accepted, result.superseded, result.duplicate) == (1, 1, 2)
    current = dl.read("demo.readings").set_index("time")["value"]
    assert current[pd.Timestamp("2025-01-01T01:00Z")] == 20
    history = dl.read("demo.readings", history=True)
    assert sorted(history.loc[history["time"] == pd.Timestamp("2025-01-01T01:00Z"), "value"].tolist()) == [2, 20]


def test_a_time_range_read_prunes_months_and_returns_what_the_whole_table_holds_there(dl):
    """``read(start=, end=)`` skips month folders outside the range; the rows are the same as
    the whole table's cut to the range, at month edges too, corrections included."""
    hours = pd.date_range("2025-01-30T20:00", "2025-03-01T04:00", freq="h", tz="Asia/Ho_Chi_Minh")
    readings = pd.DataFrame(
        {
            "sid": "a",
            "time": hours.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "value": range(len(hours)),
            "lon": None,
            "lat": None,
        }
    )
    for day in range(0, len(hours), 24):  # daily batches, as a stream writes them
        dl.write("demo.readings", readings.iloc[day : day + 24])
    corrected = readings.iloc[[5, 400]].assign(value=[1000, 2000])  # one each side of February
    assert dl.write("demo.readings", corrected).superseded == 2
    whole = dl.read("demo.readings")
    edges = ["2025-01-31T16:59Z", "2025-01-31T17:00Z", "2025-02-01T00:00Z", "2025-02-28T17:00Z", "2025-03-01T00:00Z"]
    for start in [None, *edges]:
        for end in [None, *edges]:
            if start is None and end is None:
                continue
            got = dl.read("demo.readings", start=start, end=end)
            mask = pd.Series(True, index=whole.index)
            if start is not None:
                mask &= whole["time"] >= pd.Timestamp(start)
            if end is not None:
                mask &= whole["time"] < pd.Timestamp(end)
            expected = whole[mask].reset_index(drop=True)
            pd.testing.assert_frame_equal(got.reset_index(drop=True), expected, check_dtype=False)
    assert list(dl.read("demo.readings", start=edges[0], columns=["value"]).columns) == ["value"]
    history = dl.read("demo.readings", end=edges[2], history=True)
    assert 5 in set(history["value"]) and 1000 in set(history["value"])  # both versions, as stored
    # the query a February day's read sends opens February's files only (DuckDB's own count)
    sent = []
    sql = dl.sql
    dl.sql = lambda query, params=None: sent.append((query, params)) or sql(query, params)
    dl.read("demo.readings", start="2025-02-10T00:00Z", end="2025-02-11T00:00Z")
    del dl.sql
    plan = " ".join(
        str(cell) for row in dl.sql("EXPLAIN ANALYZE " + sent[0][0], sent[0][1]).itertuples() for cell in row
    )
    opened = sum(int(n) for n in re.findall(r"Total Files Read: (\d+)", plan))
    files = dl.files("demo.readings")
    february = [f for f in files if "_month=2025-02" in f]
    assert 0 < opened <= len(february) < len(files), (opened, len(february), len(files))


def test_a_read_by_a_long_list_of_values_gives_the_rows_of_the_list_parameter(dl, monkeypatch):
    """``read(values={column: ids})`` (the ids as an Arrow table DuckDB joins with) returns the
    rows the same read with the ids bound as one list parameter returns, whatever the ids come
    as; nothing stays registered on the connection, a renewal before the query included."""
    import ioc.datalayer

    sids = [f"s{n}" for n in range(40)]
    hours = pd.date_range("2025-01-01", periods=3, freq="h", tz="UTC").strftime("%Y-%m-%dT%H:%MZ")
    readings = pd.DataFrame(
        [
            {"sid": s, "time": t, "value": n, "lon": None, "lat": None}
            for n, (s, t) in enumerate((s, t) for s in sids for t in hours)
        ]
    )
    dl.write("demo.readings", readings)
    dl.write("demo.readings", readings.iloc[[4]].assign(value=1000))  # a correction: its current row only
    stored = dl.read("demo.readings")["sid"]
    wanted = [f"s{n}" for n in range(1, 40, 3)] + ["not stored"]

    def by_parameter(ids):
        return dl.read("demo.readings", where='"sid" IN (SELECT UNNEST(?::VARCHAR[]))', where_params=[sorted(set(ids))])

    def ordered(rows):  # the read orders by time only; rows of one time come in any order
        return rows.sort_values(["time", "sid"], ignore_index=True)

    expected = ordered(by_parameter(wanted))
    assert len(expected) == 3 * 13 and 1000 in set(expected["value"])
    for ids in (
        wanted,
        set(wanted),
        pd.Series(wanted, dtype="string[pyarrow]"),
        pd.Series([*wanted, None, wanted[0]], dtype=object),  # a missing id matches nothing
        stored[stored.isin(wanted)],  # a column as read back, each id three times
    ):
        got = dl.read("demo.readings", values={"sid": ids})
        pd.testing.assert_frame_equal(ordered(got), expected)
    assert dl.read("demo.readings", values={"sid": []}).empty
    both = dl.read("demo.readings", columns=["sid", "value"], values={"sid": wanted, "value": [1000, 5]})
    assert sorted(both["value"]) == [5, 1000]
    monkeypatch.setattr(ioc.datalayer, "RENEW_CONNECTION_AFTER_VIEWS", 0)  # a new connection for the next query
    before = dl._duck
    pd.testing.assert_frame_equal(ordered(dl.read("demo.readings", values={"sid": wanted})), expected)
    assert dl._duck is not before
    assert dl.sql("SHOW TABLES").empty  # the views live in their schemas; no values table is left


def test_a_correction_written_later_with_the_same_now_wins(dl, settings):
    """Two writes may share ``now`` (a caller's clock): the later one is the current row.

    The stored row of ``b`` sits third in the first batch and first in the correction, so a
    tie broken by the position inside a batch would keep the old value.
    """
    now = pd.Timestamp("2025-03-01T00:00Z")
    dl.write("demo.readings", frame(), now=now)
    result = dl.write("demo.readings", frame(values=("30",), sids=("b",)).assign(time="2025-02-01T00:00Z"), now=now)
    assert (result.accepted, result.superseded) == (1, 1)
    assert dl.read("demo.readings").set_index("sid").loc["b", "value"] == 30
    dl.maintain(now=now + pd.Timedelta(days=30))  # compaction keeps the same row
    reopened = DataLayer(settings, tables=[READINGS])
    try:
        assert reopened.read("demo.readings").set_index("sid").loc["b", "value"] == 30
        # and the duplicate check of a new process compares with that row, not the old one
        again = reopened.write("demo.readings", frame(values=("30",), sids=("b",)).assign(time="2025-02-01T00:00Z"))
        assert (again.accepted, again.duplicate) == (0, 1)
    finally:
        reopened.close()


def test_in_batch_duplicates_and_corrections(dl):
    batch = pd.concat([frame(), frame().iloc[[0]], frame(values=("1.5", "2", "30")).iloc[[2]]])
    result = dl.write("demo.readings", batch)
    assert (result.accepted, result.duplicate, result.superseded) == (4, 1, 1)
    assert dl.read("demo.readings").set_index("sid").loc["b", "value"] == 30


def test_rejected_rows_are_quarantined_with_reasons_and_logged(dl, settings):
    bad = frame(values=("1", "oops", "-3"))
    result = dl.write("demo.readings", bad, source="unit-test", path="x.csv", file_hash="abc")
    assert (result.accepted, result.rejected) == (1, 2)
    quarantined = pd.read_csv(result.quarantine_path)
    assert quarantined["value"].astype(str).tolist() == ["oops", "-3"]
    assert quarantined["reason"].str.contains("value").all()
    log = dl.ingest_log()
    assert log.loc[0, ["source", "accepted", "rejected", "file_hash", "status"]].tolist() == [
        "unit-test",
        1,
        2,
        "abc",
        "partial",
    ]
    assert str(settings.quarantine_dir) in str(result.quarantine_path)


def test_queries_return_pandas_geopandas_and_xarray(dl):
    dl.write("demo.readings", frame())
    by_sql = dl.sql("SELECT sid, sum(value) AS total FROM demo.readings GROUP BY sid ORDER BY sid")
    assert by_sql["total"].tolist() == [3.5, 3.0]
    geo = dl.read_geo("demo.readings")
    assert geo.crs.to_epsg() == 4326 and geo.geometry.x.round(2).tolist() == [107.08, 107.08, 107.17]
    cube = dl.cube("demo.readings", ["sid", "time"], "value")
    assert cube.dims == ("sid", "time") and float(cube.sel(sid="b").max()) == 3.0
    january = dl.read("demo.readings", start="2025-01-01", end="2025-02-01")
    assert len(january) == 2


def test_cached_queries_refresh_after_a_write(dl):
    dl.write("demo.readings", frame().iloc[:1])
    query = "SELECT count(*) AS n FROM demo.readings"
    assert dl.cached_sql(query)["n"].item() == 1
    dl.write("demo.readings", frame())
    assert dl.cached_sql(query)["n"].item() == 3


def test_empty_and_unknown_tables(dl):
    assert dl.read("demo.readings").empty
    with pytest.raises(UnknownTableError, match=r"did you mean 'demo\.readings'"):
        dl.read("demo.reading")


WRITER = textwrap.dedent("""
    import sys, pandas as pd
    from ioc.config import load_settings
    from ioc.datalayer import DataLayer
    sys.path.insert(0, {tests!r})
    from test_datalayer import READINGS
    dl = DataLayer(load_settings(data_dir={data!r}, database_url={url!r}), tables=[READINGS])
    n = 1_000_000
    times = pd.date_range("2019-01-01", periods=n, freq="min", tz="UTC")
    big = pd.DataFrame({{"sid": "big", "time": times, "value": 1.0, "lon": 107.0, "lat": 10.0}})
    print("writing", flush=True)
    dl.write("demo.readings", big)
    print("committed", flush=True)
""")


@pytest.mark.slow
def test_kill_9_mid_write_leaves_no_partial_batch(sqlite_settings):
    settings = sqlite_settings
    dl = DataLayer(settings, tables=[READINGS])
    dl.write("demo.readings", frame())
    table_dir = settings.lake_dir / "demo" / "readings"
    before = set(table_dir.rglob("*.parquet"))
    script = WRITER.format(tests=os.path.dirname(__file__), data=str(settings.data_dir), url=settings.state_url)
    for _attempt in range(3):
        # leaving the with block closes the pipe and reaps the killed writer
        with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True) as process:
            assert process.stdout.readline().strip() == "writing"
            deadline = time.monotonic() + 120
            while (
                not (set(table_dir.rglob("*.parquet")) - before)
                and process.poll() is None
                and time.monotonic() < deadline
            ):
                time.sleep(0.005)
            process.send_signal(signal.SIGKILL)
        orphans = set(table_dir.rglob("*.parquet")) - before
        if orphans and len(dl.read("demo.readings", history=True)) == 3:
            break
    # files of the killed batch are on disk, yet readers see exactly the committed rows
    assert orphans, "the writer was never caught mid-batch"
    fresh = DataLayer(settings, tables=[READINGS])
    assert len(fresh.read("demo.readings", history=True)) == 3
    assert fresh.sql("SELECT count(*) AS n FROM demo.readings WHERE sid = 'big'")["n"].item() == 0
    # and the next write works normally
    assert fresh.write("demo.readings", frame(values=("1.5", "2", "4"))).accepted == 1


def test_state_store_is_migrated(settings):
    dl = DataLayer(settings, tables=[READINGS])
    inspector = sa.inspect(dl.store.engine)
    assert {"ingest_log", "alerts", "warnings", "alembic_version"} <= set(inspector.get_table_names())
    if settings.state_url.startswith("sqlite"):
        with dl.store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_retention_deletes_old_rows_atomically(sqlite_settings):
    table = Table(name="demo.short", columns=READINGS.columns, key=READINGS.key, time_column="time", retention_days=30)
    dl = DataLayer(sqlite_settings, tables=[table])
    dl.write("demo.short", frame())
    deleted = dl.apply_retention(now=pd.Timestamp("2025-02-15T00:00Z"))
    assert deleted == {"demo.short": 2}
    assert dl.read("demo.short")["sid"].tolist() == ["b"]


@pytest.mark.slow
def test_a_real_dask_cluster_reads_the_same_lake(sqlite_settings):
    from dask.distributed import Client, LocalCluster

    from ioc.datalayer import current_rows

    dl = DataLayer(sqlite_settings, tables=[READINGS])
    dl.write("demo.readings", frame())
    dl.write("demo.readings", frame(values=("1.5", "20", "3")))
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster),
    ):
        stored = dl.dask_frame("demo.readings").compute()
    assert len(stored) == 4
    latest = current_rows(stored, READINGS.key)
    by_sql = dl.read("demo.readings")
    assert sorted(latest["value"].tolist()) == sorted(by_sql["value"].tolist()) == [1.5, 3.0, 20.0]


def test_points_get_their_administrative_unit(sqlite_settings):
    dl = DataLayer(sqlite_settings, tables=[READINGS])
    dl.write("demo.readings", frame())
    districts = read_units(dl, "demo.readings", units="district")
    assert districts.set_index("sid")["unit_code"].to_dict() == {"a": "747", "b": "748"}
    communes = read_units(dl, "demo.readings", units="commune", period="current")
    assert communes["unit_code"].notna().all() and communes["unit_name"].str.len().gt(0).all()


def test_cached_queries_keep_one_answer_while_another_process_writes(dl):
    """A served process under a live ingest (listeners write from another process) stays bounded."""
    writer = DataLayer(dl.settings, tables=[READINGS])  # another process's data layer on the same lake
    query = "SELECT count(*) AS n FROM demo.readings"
    for number in range(1, 6):
        writer.write("demo.readings", frame(values=(str(number),), sids=(f"s{number}",)))
        assert dl.cached_sql(query)["n"].item() == number
        assert dl.cached_sql("SELECT max(value) AS v FROM demo.readings")["v"].item() == number
    assert len(dl._cache) == 2  # one answer per query, the current version's
    writer.close()


def test_cached_answers_of_older_versions_go_whatever_their_parameters(dl, monkeypatch):
    # dashboards pass the clock as a parameter: each refresh asks a new key; when the table
    # gets a new version, the answers read at the older one are all dropped, and a cap bounds
    # the rest (least recently used first)
    import ioc.datalayer as datalayer

    writer = DataLayer(dl.settings, tables=[READINGS])
    query = "SELECT count(*) AS n FROM demo.readings WHERE value > ?"
    writer.write("demo.readings", frame(values=("1",), sids=("s1",)))
    for minute in range(5):
        assert dl.cached_sql(query, [-minute])["n"].item() == 1
    assert len(dl._cache) == 5
    writer.write("demo.readings", frame(values=("2",), sids=("s2",)))
    assert dl.cached_sql(query, [-9])["n"].item() == 2
    assert len(dl._cache) == 1  # the five answers of the older version are gone
    monkeypatch.setattr(datalayer, "MAX_CACHED_ANSWERS", 3)
    for minute in range(10, 16):
        dl.cached_sql(query, [-minute])
    dl.cached_sql(query, [-13])  # used again: kept before the older ones
    dl.cached_sql(query, [-20])
    kept = sorted(params[0] for (_, (params, _)) in dl._cache)
    assert kept == [-20, -15, -13]
    writer.close()


def test_a_long_running_reader_renews_its_duckdb_connection_and_answers_alike(sqlite_settings, monkeypatch):
    """A served process reading tables under ingest builds a view per new table version;
    every few hundred it moves to a fresh DuckDB connection (what DuckDB keeps per replaced
    view goes with the old one). Here every 2 views: the answers stay those of a fresh reader,
    corrections (the superseded rows' anti-join) included."""
    import ioc.datalayer

    monkeypatch.setattr(ioc.datalayer, "RENEW_CONNECTION_AFTER_VIEWS", 2)
    writer = DataLayer(sqlite_settings, tables=[READINGS])
    reader = DataLayer(sqlite_settings, tables=[READINGS])
    connections = []  # held, so that each one's identity is its own
    queries = (
        "SELECT sid, time, value FROM demo.readings ORDER BY sid, time",
        "SELECT count(*) AS n FROM demo.readings__history",
    )
    for step in range(6):
        writer.write("demo.readings", frame(values=(str(step + 10), "2", "3")))  # the first row corrected
        answers = [reader.sql(query) for query in queries]
        connections.append(reader._duck)
        fresh = DataLayer(sqlite_settings, tables=[READINGS])
        for answer, query in zip(answers, queries, strict=True):
            pd.testing.assert_frame_equal(answer, fresh.sql(query))
        fresh.close()
        assert answers[0]["value"].tolist() == [step + 10, 2, 3]
        assert answers[1]["n"].iloc[0] == 3 + step
    assert len({id(connection) for connection in connections}) >= 3
    writer.close()
    reader.close()


def test_lake_queries_run_within_the_query_memory_and_spill_to_their_own_folder(tmp_path):
    """DuckDB's memory for the lake's queries is ``lake.query_memory``; a query that needs
    more still answers (it spills to disk), in a folder of its own data layer, removed at close;
    a folder left by a killed process is removed by the next data layer."""
    from ioc.config import load_settings

    cfg = load_settings(data_dir=tmp_path / "data", lake={"query_memory": "64MB"})
    # grouping 5 M keys (~360 MB) cannot be held in 64 MB: DuckDB writes to its spill folder
    spilling = (
        "SELECT count(*) AS n, sum(c) AS total FROM (SELECT s, count(*) AS c FROM "
        "(SELECT md5(i::VARCHAR) || repeat('x', 40) AS s FROM range(5000000) t(i)) GROUP BY s)"
    )
    dl = DataLayer(cfg, tables=[])  # a new data folder: no spill folder yet
    try:
        assert dl.sql("SELECT current_setting('memory_limit') AS m")["m"][0] in {"61.0 MiB", "64.0 MB"}
        answer = dl.sql(spilling)
        assert (answer["n"][0], answer["total"][0]) == (5_000_000, 5_000_000)
        own = dl._spill
        assert own.parent == cfg.paths.spill and own.name.startswith(f"{os.getpid()}-")
        assert own.is_dir()  # DuckDB made it to spill into
    finally:
        dl.close()
    assert not own.exists()

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = cfg.paths.spill / f"{int(gone.stdout)}-0a1b2c3d"
    left.mkdir()
    (left / "duckdb_temp_block-0.block").write_bytes(b"x")
    live = cfg.paths.spill / f"{os.getppid()}-00000000"  # a running process's: kept
    live.mkdir()
    dl = DataLayer(cfg, tables=[])
    try:
        assert not left.exists() and live.exists()
        assert dl.sql(spilling)["n"][0] == 5_000_000
    finally:
        dl.close()
