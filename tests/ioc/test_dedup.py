"""The write path's memory of current row hashes: right after other writers, re-created
tables, earlier ``now`` stamps and eviction; and read once per month, not per write."""

import shutil

import numpy as np
import pandas as pd
import pytest

from ioc.datalayer import DataLayer, _month_labels
from ioc.dedup import CurrentHashes, StoredKeys, key_hashes
from ioc.tables import Column, Table

READINGS = Table(
    name="demo.readings",
    columns=(Column("sid", required=True), Column("time", "timestamp", required=True), Column("value", "float")),
    key=("sid", "time"),
    time_column="time",
)
PLACES = Table(name="demo.places", columns=(Column("place_id", required=True), Column("name")), key=("place_id",))


def readings(values=("1", "2", "3"), months=("01", "01", "02")):
    return pd.DataFrame(
        {
            "sid": ["a", "b", "a"][: len(values)],
            "time": [f"2025-{m}-01T00:00Z" for m in months][: len(values)],
            "value": list(values),
        }
    )


@pytest.fixture
def layers(sqlite_settings):
    """Two data layers on one lake: this process and "another process"."""
    first = DataLayer(sqlite_settings, tables=[READINGS, PLACES])
    second = DataLayer(sqlite_settings, tables=[READINGS, PLACES])
    yield first, second
    first.close()
    second.close()


def values(layer):
    return layer.read("demo.readings").sort_values(["time", "sid"])["value"].tolist()


def counts(result):
    return result.accepted, result.duplicate, result.superseded


def test_rows_another_writer_stored_are_seen(layers):
    mine, other = layers
    assert counts(mine.write("demo.readings", readings())) == (3, 0, 0)
    assert counts(mine.write("demo.readings", readings())) == (0, 3, 0)  # now cached
    assert counts(other.write("demo.readings", readings(values=("9", "2", "3")))) == (1, 2, 1)
    # the other writer's correction is current: writing the old value again is a correction back
    assert counts(mine.write("demo.readings", readings())) == (1, 2, 1)
    assert values(mine) == [1.0, 2.0, 3.0]


def test_a_recreated_table_is_not_answered_from_memory(layers, sqlite_settings):
    mine, other = layers
    mine.write("demo.readings", readings())
    mine.write("demo.readings", readings())  # cached at version 0
    shutil.rmtree(sqlite_settings.lake_dir / "demo" / "readings")
    other.write("demo.readings", readings(values=("7",), months=("01",)))  # a new table, version 0 again
    assert counts(mine.write("demo.readings", readings())) == (3, 0, 1)
    assert values(mine) == [1.0, 2.0, 3.0]


def test_a_write_stamped_earlier_does_not_become_current(layers):
    mine, _ = layers
    late, early = pd.Timestamp("2025-06-02T00:00Z"), pd.Timestamp("2025-06-01T00:00Z")
    mine.write("demo.readings", readings(), now=late)
    mine.write("demo.readings", readings(), now=late)  # the months are now in memory
    assert counts(mine.write("demo.readings", readings(values=("5", "2", "3")), now=early)) == (1, 2, 1)
    # the later-stamped 1 is still current, as the readers see it
    assert values(mine) == [1.0, 2.0, 3.0]
    assert counts(mine.write("demo.readings", readings(), now=late + pd.Timedelta(hours=1))) == (0, 3, 0)


def test_compaction_and_retention_in_between_are_noticed(layers):
    mine, _ = layers
    mine.write("demo.readings", readings())
    mine.write("demo.readings", readings(values=("4", "2", "3")))
    mine.compact("demo.readings")
    assert counts(mine.write("demo.readings", readings(values=("4", "2", "3")))) == (0, 3, 0)
    assert counts(mine.write("demo.readings", readings())) == (1, 2, 1)


def test_tables_without_a_time_column(layers):
    mine, other = layers
    places = pd.DataFrame({"place_id": ["p1", "p2"], "name": ["Bà Rịa", "Vũng Tàu"]})
    assert counts(mine.write("demo.places", places)) == (2, 0, 0)
    assert counts(mine.write("demo.places", places)) == (0, 2, 0)
    other.write("demo.places", places.assign(name=["Bà Rịa", "Côn Đảo"]))
    assert counts(mine.write("demo.places", places)) == (1, 1, 1)


def _entries(count, month="2025-01"):
    keys = pd.DataFrame({"k": [f"k{i}" for i in range(count)]}, dtype="string")
    return pd.DataFrame(
        {
            "k": keys["k"],
            "_row_hash": np.arange(count, dtype="int64"),
            "_ingested_us": np.full(count, 1, dtype="int64"),
            "_seq": np.arange(count, dtype="int64"),
            "_month": month,
        }
    )


def test_a_month_is_read_once_and_memory_is_bounded():
    table = Table(
        "demo.keys", (Column("k", required=True), Column("time", "timestamp")), key=("k",), time_column="time"
    )
    reads = []

    def fetch(months):
        reads.append(months)
        return pd.concat([_entries(100, month) for month in months], ignore_index=True)

    cache = CurrentHashes(max_rows=250)
    wanted = key_hashes(pd.DataFrame({"k": ["k5", "zz"]}, dtype="string"), ["k"])
    hashes, found = cache.lookup(table, ("id", 1), ["2025-01"], wanted, fetch)
    assert found.tolist() == [True, False] and hashes[0] == 5
    cache.lookup(table, ("id", 1), ["2025-01"], wanted, fetch)
    assert reads == [["2025-01"]]  # the second batch was answered from memory
    cache.lookup(table, ("id", 1), ["2025-02", "2025-03"], wanted, fetch)
    assert reads[-1] == ["2025-02", "2025-03"]
    cache.lookup(table, ("id", 1), ["2025-01"], wanted, fetch)
    assert reads[-1] == ["2025-01"]  # evicted: 300 keys are over the bound of 250
    cache.lookup(table, ("id", 2), ["2025-01"], wanted, fetch)
    assert len(reads) == 4  # a new version of the table: read again


def test_month_labels_match_strftime():
    times = pd.Series(
        pd.to_datetime(["2026-11-30T23:30Z", None, "1969-12-31T23:00Z", "2026-12-01T00:00Z"], utc=True)
    ).astype("datetime64[us, UTC]")
    assert _month_labels(times).tolist() == times.dt.strftime("%Y-%m").fillna("unknown").tolist()


def test_held_keys_answer_for_one_version_merge_small_runs_and_give_up_when_too_many():
    held = StoredKeys(max_keys=20_000)
    rng = np.random.default_rng(3)
    first = rng.integers(-(2**63), 2**63 - 1, size=10_000, dtype="int64")
    held.load("t", ("id", 4), first)
    assert held.at("t", ("id", 4)) and not held.at("t", ("id", 5)) and not held.at("t", ("other", 4))
    assert held.advance("t", ("id", 5), first[:1])  # a stored key
    seen = [first]
    for version in range(6, 300):  # small batches of new keys: merged into the base now and then
        batch = rng.integers(-(2**63), 2**63 - 1, size=30, dtype="int64")
        assert not held.advance("t", ("id", version), batch)
        seen.append(batch)
    keyset = held._sets["t"][1]
    assert len(keyset.runs) < 50 and len(keyset) == len(np.unique(np.concatenate(seen)))
    assert held.advance("t", ("id", 300), seen[150]) and not held.advance("t", ("id", 301), np.array([7], "int64"))
    held.advance("t", ("id", 302), rng.integers(0, 2**62, size=15_000, dtype="int64"))  # past the bound
    assert not held.at("t", ("id", 302)) and "t" in held.too_large


def opens_of(layer):
    """The ``(table, suffix, version)`` of every Delta table ``layer`` opens from now on."""
    opened = []
    original = layer.storage.open

    def open_and_note(table, suffix="", version=None):
        opened.append((table.name, suffix, version))
        return original(table, suffix, version)

    layer.storage.open = open_and_note
    return opened


def test_reads_and_writes_after_this_process_own_commit_do_not_replay_the_log_again(layers):
    mine, other = layers
    mine.write("demo.readings", readings())
    opened = opens_of(mine)
    assert values(mine) == [1.0, 2.0, 3.0]
    latest = [entry for entry in opened if entry == ("demo.readings", "", None)]
    assert len(latest) == 1  # the first read opens the table (the first write created it)
    mine.write("demo.readings", readings(values=("4", "5", "6"), months=("03", "03", "04")))
    assert values(mine) == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    assert [entry for entry in opened if entry == ("demo.readings", "", None)] == latest  # kept, moved along
    other.write("demo.readings", readings(values=("9",), months=("05",)))  # another process commits
    assert values(mine)[-1] == 9.0
    assert len([entry for entry in opened if entry == ("demo.readings", "", None)]) == 2


def test_a_kept_table_object_is_opened_afresh_after_some_commits(layers, monkeypatch):
    mine, _ = layers
    monkeypatch.setattr("ioc.datalayer.MAX_KEPT_COMMITS", 3)
    mine.write("demo.readings", readings())
    opened = opens_of(mine)
    for number in range(7):  # versions 1 to 7, each a new key
        mine.write("demo.readings", readings(values=(str(10 + number),), months=(f"{number + 3:02d}",)))
    # opened at version 0 (the first write of this loop) and again each time it had carried three commits
    assert [entry for entry in opened if entry == ("demo.readings", "", None)] == [("demo.readings", "", None)] * 3
    assert len(values(mine)) == 10


def test_a_key_holding_its_time_is_looked_up_in_its_own_month_only(layers, monkeypatch):
    from ioc import dedup

    rng = np.random.default_rng(11)
    months = [f"2025-{m:02d}" for m in range(1, 13)]
    stored = pd.concat(_entries(300, month).assign(k=lambda f, m=month: m + "/" + f["k"]) for month in months)
    stored["_row_hash"] = rng.integers(0, 2**62, len(stored))
    stored["_ingested_us"] = rng.integers(0, 5, len(stored))
    stored = stored.astype({"k": "string"})
    wanted = pd.Series([f"{months[rng.integers(12)]}/k{rng.integers(400)}" for _ in range(2_000)], dtype="string")
    keys = key_hashes(pd.DataFrame({"k": wanted}), ["k"])
    own = wanted.str.slice(0, 7).to_numpy(dtype=object)  # each key's month is part of it

    def fetch(wanted_months):
        return stored[stored["_month"].isin(wanted_months)]

    table = Table(
        "demo.keys", (Column("k", required=True), Column("time", "timestamp")), key=("k",), time_column="time"
    )
    every = CurrentHashes().lookup(table, ("id", 1), months, keys, fetch)
    alone = CurrentHashes().lookup(table, ("id", 1), months, keys, fetch, key_months=own)
    assert 0 < every[1].sum() < len(keys)  # some stored, some not
    # the reference: the last written row of each key, as readers take it
    last = stored.sort_values(["_ingested_us", "_seq"]).drop_duplicates("k", keep="last").set_index("k")
    expected = last["_row_hash"].astype("Int64").reindex(wanted.to_numpy())
    np.testing.assert_array_equal(every[1], expected.notna().to_numpy())
    np.testing.assert_array_equal(every[0][every[1]], expected.dropna().astype("int64").to_numpy())
    np.testing.assert_array_equal(alone[0], every[0])
    np.testing.assert_array_equal(alone[1], every[1])

    # the write path: a batch of a year, each key searched once (not once per month of the year)
    mine, _ = layers
    year = pd.DataFrame(
        {"sid": "a", "time": pd.date_range("2025-01-01", periods=365, freq="D", tz="UTC"), "value": 1.0}
    )
    mine.write("demo.readings", year)
    searched = []
    latest = dedup._latest

    def noted(entries, keys, rows=None):
        searched.append(sum(map(len, rows)) if rows is not None else len(keys) * len(entries))
        return latest(entries, keys, rows)

    monkeypatch.setattr(dedup, "_latest", noted)
    assert counts(mine.write("demo.readings", year.assign(value=np.arange(365.0) % 2))) == (183, 182, 183)
    assert searched == [365]  # not 12 × 365
