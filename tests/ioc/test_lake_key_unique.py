"""Key-uniqueness kept at commit: append-only tables are read without de-duplication.

A write that repeats no stored key leaves the table key-unique (the marker beside it moves
to the new version); a correction lists its files as fresh, so reads de-duplicate only
where its keys lie, until compaction folds it in. Whatever the marker says, reads give
exactly the latest row per key of everything stored (checked against pandas over the
full history), including for readers racing a write.
"""

from __future__ import annotations

import threading

import pandas as pd
import pytest
from lake_tables import CASES, READINGS

from ioc.datalayer import DataLayer, current_rows
from ioc.tables import Column, Table


def readings(start: str, hours: int, sids=("a", "b"), value: float = 1.0) -> pd.DataFrame:
    times = pd.date_range(start, periods=hours, freq="h", tz="UTC")
    return pd.DataFrame(
        [{"sid": sid, "time": time, "value": value + n} for sid in sids for n, time in enumerate(times)]
    )


@pytest.fixture
def dl(sqlite_settings):
    layer = DataLayer(sqlite_settings, tables=[READINGS, CASES])
    yield layer
    layer.close()


def view_sql(dl, name):
    dl.sql(f"SELECT count(*) FROM {name}")  # (re)build the views
    schema, view = name.split(".")
    return dl.sql(f"SELECT sql FROM duckdb_views() WHERE schema_name = '{schema}' AND view_name = '{view}'")["sql"][0]


def deduplicates(dl, name):
    sql = view_sql(dl, name)
    return "row_number" in sql or "ANTI JOIN" in sql


def expected(dl, name):
    """The latest stored row per key, from the full history in pandas (the reference)."""
    table = dl.table(name)
    history = dl.read(name, history=True)
    rows = current_rows(history, table.key)[table.column_names]
    return rows.sort_values(list(table.key)).reset_index(drop=True)


def current(dl, name):
    key = list(dl.table(name).key)
    return dl.read(name).sort_values(key).reset_index(drop=True)


def state(dl, name):
    return dl.storage.compacted_state(dl.table(name))


def test_an_append_only_table_stays_key_unique(dl):
    for start in ("2025-01-30T00:00Z", "2025-01-31T12:00Z", "2025-02-02T00:00Z"):  # across a month end
        result = dl.write("demo.readings", readings(start, 24))
        assert state(dl, "demo.readings") == (result.lake_version, frozenset())
    assert not deduplicates(dl, "demo.readings")
    pd.testing.assert_frame_equal(current(dl, "demo.readings"), expected(dl, "demo.readings"))
    assert len(current(dl, "demo.readings")) == 3 * 24 * 2


def test_a_correction_is_read_correctly_then_folded_in_by_compaction(dl):
    dl.write("demo.readings", readings("2025-01-01T00:00Z", 48))
    corrected = dl.write("demo.readings", readings("2025-01-01T12:00Z", 2, sids=("a",), value=50))
    assert corrected.superseded == 2
    marker = state(dl, "demo.readings")
    assert marker.version == corrected.lake_version and len(marker.fresh) == 1
    assert deduplicates(dl, "demo.readings")
    rows = current(dl, "demo.readings")
    pd.testing.assert_frame_equal(rows, expected(dl, "demo.readings"))
    assert rows.set_index(["sid", "time"]).loc[("a", pd.Timestamp("2025-01-01T13:00Z")), "value"] == 51

    # a later append that repeats no key joins the key-unique part; the correction stays fresh
    appended = dl.write("demo.readings", readings("2025-01-05T00:00Z", 6))
    assert state(dl, "demo.readings") == (appended.lake_version, marker.fresh)
    before = expected(dl, "demo.readings")
    pd.testing.assert_frame_equal(current(dl, "demo.readings"), before)

    assert dl.compact("demo.readings")["superseded"] == 2
    assert state(dl, "demo.readings").fresh == frozenset()
    assert not deduplicates(dl, "demo.readings")
    pd.testing.assert_frame_equal(current(dl, "demo.readings"), before)


def test_a_key_stored_in_another_month_is_found(dl):
    """The batch's months alone would miss it: the check looks at every month when the time
    column is not part of the key."""
    dl.write("demo.cases", pd.DataFrame({"case_id": ["x", "y"], "updated": ["2025-01-05T00:00Z"] * 2, "status": "mới"}))
    assert state(dl, "demo.cases").fresh == frozenset()
    moved = dl.write("demo.cases", pd.DataFrame({"case_id": ["x"], "updated": ["2025-03-01T00:00Z"], "status": "xong"}))
    assert len(state(dl, "demo.cases").fresh) == 1, moved
    assert current(dl, "demo.cases")["status"].tolist() == ["xong", "mới"]
    pd.testing.assert_frame_equal(current(dl, "demo.cases"), expected(dl, "demo.cases"))


def test_a_key_repeated_within_the_first_batch_is_deduplicated(dl):
    batch = pd.DataFrame({"case_id": ["x", "x"], "updated": ["2025-01-05T00:00Z"] * 2, "status": ["mới", "xong"]})
    dl.write("demo.cases", batch)
    assert state(dl, "demo.cases") == (0, frozenset({dl.storage.relative(CASES, dl.files("demo.cases")[0])}))
    assert deduplicates(dl, "demo.cases")
    assert current(dl, "demo.cases")["status"].tolist() == ["xong"]


def test_an_exact_duplicate_keeps_the_table_key_unique(dl):
    first = dl.write("demo.readings", readings("2025-01-01T00:00Z", 4))
    again = dl.write("demo.readings", readings("2025-01-01T00:00Z", 6))  # 8 duplicates, 4 new rows
    assert (again.duplicate, again.accepted, again.superseded) == (8, 4, 0)
    assert state(dl, "demo.readings") == (first.lake_version + 1, frozenset())
    assert not deduplicates(dl, "demo.readings")
    pd.testing.assert_frame_equal(current(dl, "demo.readings"), expected(dl, "demo.readings"))


def test_a_reader_between_commit_and_marker_reads_the_new_rows_correctly(sqlite_settings):
    """The marker moves after the Delta commit: a reader in between treats the new files
    as fresh (they are not covered by the marker yet), so a correction is already applied."""
    writer = DataLayer(sqlite_settings, tables=[READINGS])
    reader = DataLayer(sqlite_settings, tables=[READINGS])
    writer.write("demo.readings", readings("2025-01-01T00:00Z", 4))
    assert len(reader.read("demo.readings")) == 8
    seen = []
    mark = writer.storage.mark_compacted

    def read_then_mark(table, version, fresh=()):
        assert reader.version("demo.readings") == version  # committed, marker not moved yet
        seen.append(current(reader, "demo.readings"))
        mark(table, version, fresh)

    writer.storage.mark_compacted = read_then_mark
    writer.write("demo.readings", readings("2025-01-02T00:00Z", 4))  # new keys
    writer.write("demo.readings", readings("2025-01-01T00:00Z", 2, value=9))  # a correction
    assert len(seen) == 2
    assert len(seen[0]) == 16
    pd.testing.assert_frame_equal(seen[1], expected(writer, "demo.readings"))
    pd.testing.assert_frame_equal(current(reader, "demo.readings"), seen[1])
    writer.close()
    reader.close()


def test_concurrent_readers_see_whole_writes_only(sqlite_settings):
    """A reader (its own connection, as another process would have) queried while batches
    and corrections are written sees the rows of some number of whole writes, never a part."""
    batches = [readings(f"2025-01-{day:02d}T00:00Z", 6, value=day) for day in range(1, 9)]
    batches[3] = readings("2025-01-02T00:00Z", 6, value=100)  # a correction of the second day
    states = []  # the expected current rows after each write, computed in pandas
    stored = pd.DataFrame()
    for batch in batches:
        stored = pd.concat([stored, batch]).drop_duplicates(["sid", "time"], keep="last")
        states.append(stored.sort_values(["sid", "time"])["value"].round(6).tolist())

    writer = DataLayer(sqlite_settings, tables=[READINGS])
    writer.write("demo.readings", batches[0])
    reader = DataLayer(sqlite_settings, tables=[READINGS])
    observed, done = [], threading.Event()

    def read_loop():
        while not done.is_set():
            rows = reader.read("demo.readings")
            observed.append(rows.sort_values(["sid", "time"])["value"].round(6).tolist())

    thread = threading.Thread(target=read_loop)
    thread.start()
    try:
        for batch in batches[1:]:
            writer.write("demo.readings", batch)
    finally:
        done.set()
        thread.join()
    observed.append(reader.read("demo.readings").sort_values(["sid", "time"])["value"].round(6).tolist())
    assert observed and all(rows in states for rows in observed)
    assert observed[-1] == states[-1]
    writer.close()
    reader.close()


def test_a_table_re_created_at_its_path_does_not_inherit_the_old_marker(dl):
    import shutil

    dl.write("demo.cases", pd.DataFrame({"case_id": ["x"], "updated": ["2025-01-05T00:00Z"], "status": "mới"}))
    shutil.rmtree(dl.storage.uri(CASES))  # the table is dropped by hand; its marker stays beside it
    batch = pd.DataFrame({"case_id": ["y", "y"], "updated": ["2025-01-06T00:00Z"] * 2, "status": ["mới", "xong"]})
    assert dl.write("demo.cases", batch).lake_version == 0
    assert current(dl, "demo.cases")["status"].tolist() == ["xong"]


def _case(case_id, month, status="mới"):
    return pd.DataFrame({"case_id": [case_id], "updated": [f"2025-{month}-05T00:00Z"], "status": [status]})


def test_a_writer_that_writes_again_and_again_looks_keys_up_in_memory_and_stays_exact(sqlite_settings):
    """From its second key look-up on, a process holds the table's keys: a key stored in
    another month is still found (fresh files), another writer in between is noticed."""
    mine = DataLayer(sqlite_settings, tables=[READINGS, CASES])
    other = DataLayer(sqlite_settings, tables=[READINGS, CASES])
    try:
        asked = []  # the lake was asked: a pruned look-up, or every key read into memory
        for name in ("_shares_key", "_load_keys"):
            method = getattr(mine, name)
            setattr(mine, name, lambda *args, _name=name, _method=method: (asked.append(_name), _method(*args))[1])
        for number in range(6):  # new keys, months apart: key-unique throughout
            mine.write("demo.cases", _case(f"c{number}", f"{number + 1:02d}"))
            assert state(mine, "demo.cases").fresh == frozenset()
        # the first write is the table's first version; then one look-up, one load, three from memory
        assert asked == ["_shares_key", "_shares_key", "_load_keys"]
        moved = mine.write("demo.cases", _case("c1", "07", "xong"))  # c1 is stored in February
        assert moved.superseded == 0 and len(state(mine, "demo.cases").fresh) == 1
        assert asked.count("_load_keys") == 1 and len(asked) == 3  # answered from memory
        other.write("demo.cases", _case("c9", "08"))  # another process: the held keys are stale
        mine.write("demo.cases", _case("c9", "09", "xong"))
        assert len(state(mine, "demo.cases").fresh) == 2
        assert asked[3:] == ["_shares_key", "_load_keys"]  # read again, not trusted
        rows = current(mine, "demo.cases")
        assert rows.set_index("case_id")["status"].to_dict() == {f"c{n}": "mới" for n in range(6)} | {
            "c1": "xong",
            "c9": "xong",
        }
        pd.testing.assert_frame_equal(rows, expected(mine, "demo.cases"))
    finally:
        mine.close()
        other.close()


PARTS = Table(
    name="demo.parts",
    columns=(Column("case_id", required=True), Column("part"), Column("updated", "timestamp"), Column("status")),
    key=("case_id", "part"),
    time_column="updated",
)


def test_a_key_with_a_null_part_is_superseded_like_any_other(sqlite_settings):
    """A key part may be null (``part`` is not required): two rows of ("x", null) are one
    key, in the view and in compaction, as in the de-duplication at write."""
    layer = DataLayer(sqlite_settings, tables=[PARTS])
    try:
        first = pd.DataFrame({"case_id": ["x", "x", "y"], "part": [None, "a", None], "status": "mới"})
        layer.write("demo.parts", first.assign(updated="2025-01-05T00:00Z"))
        later = pd.DataFrame({"case_id": ["x"], "part": [None], "status": ["xong"], "updated": ["2025-01-06T00:00Z"]})
        layer.write("demo.parts", later)
        for _ in ("before compaction", "after"):
            rows = layer.read("demo.parts").sort_values(["case_id", "part"], na_position="first")
            assert rows[["case_id", "status"]].values.tolist() == [["x", "xong"], ["x", "mới"], ["y", "mới"]]
            pd.testing.assert_frame_equal(
                rows.reset_index(drop=True),
                expected(layer, "demo.parts")
                .sort_values(["case_id", "part"], na_position="first")
                .reset_index(drop=True),
            )
            assert layer.compact("demo.parts")["superseded"] == 1 or _ == "after"
    finally:
        layer.close()
