"""A log of any size: the adapters' ``batches`` and ``ioc ingest`` storing them one commit each."""

from __future__ import annotations

import dataclasses
import gc
import itertools
import re
from functools import partial

import pandas as pd
import pytest

from ioc.datalayer import DataLayer
from ioc.ingest import ingest_files, totals
from ioc.plugins import Registry, registry
from ioc_plugins.infosec import records
from ioc_plugins.infosec.adapters.suricata import iter_suricata_eve
from ioc_plugins.infosec.adapters.wazuh import iter_ossec_log, iter_wazuh_alerts
from ioc_plugins.infosec.adapters.zeek import iter_zeek_conn

EVE = "security/suricata/eve-2.json"
WAZUH = "security/wazuh/ossec_insect.json"
ZEEK = "security/zeek/brimdata-zed_conn.log"

pytestmark = pytest.mark.requires_sample(EVE, WAZUH, ZEEK)

#: source → its batches function and a real sample
STREAMING = {
    "suricata_eve": (iter_suricata_eve, EVE),
    "wazuh_alerts": (iter_wazuh_alerts, WAZUH),
    "zeek_conn": (iter_zeek_conn, ZEEK),
}

OSSEC_BLOCK = """** Alert 1714525200.{n}: mail  - syslog,sshd,authentication_failed,
2024 May 01 08:00:{second:02d} agency-a->/var/log/auth.log
Rule: 5716 (level 5) -> 'SSHD authentication failed.'
Src IP: 203.0.113.{n}
User: root
sshd[{n}]: Failed password for root from 203.0.113.{n} port 4{n:04d} ssh2
"""


def assert_same_rows(table: str, joined: pd.DataFrame, whole: pd.DataFrame) -> None:
    """The same rows stored and the same reasons quarantined, in the same order (a column
    all empty in one frame may hold ``None`` where another holds ``<NA>``: validation types both)."""
    declared = {t.name: t for t in registry().get("infosec").tables}[table]
    now = pd.Timestamp("2030-01-01", tz="UTC")
    (good, bad), (good_whole, bad_whole) = declared.validate(joined, now=now), declared.validate(whole, now=now)
    assert len(good) + len(bad) == len(whole) and len(good)
    pd.testing.assert_frame_equal(good.reset_index(drop=True), good_whole.reset_index(drop=True))
    assert bad["reason"].tolist() == bad_whole["reason"].tolist()


def _frames_and_whole(source: str, path, rows: int) -> tuple[list[pd.DataFrame], pd.DataFrame]:
    batches = STREAMING[source][0] if source in STREAMING else iter_ossec_log
    return list(batches(path, rows=rows)), registry().adapter(source).read(path)


@pytest.fixture
def small_chunks(monkeypatch):
    """Files read 16 KiB at a time (1 MiB otherwise: a sample would be one chunk, and a
    frame holds the records of whole chunks)."""
    monkeypatch.setattr(records, "CHUNK", 1 << 14)


@pytest.mark.parametrize("source", sorted(STREAMING))
def test_batches_hold_the_rows_read_returns_in_frames_of_bounded_size(source, sample_path, small_chunks):
    # a sample split in about four frames: together, the very rows (and reasons, and the
    # skipped count) that read returns for the whole file, in the same order
    path = sample_path(STREAMING[source][1])
    rows = max(1, len(registry().adapter(source).read(path)) // 4)
    frames, whole = _frames_and_whole(source, path, rows)
    assert len(frames) >= 4
    assert all(len(frame) <= 2 * rows for frame in frames)
    assert sum(frame.attrs["skipped"] for frame in frames) == whole.attrs["skipped"]
    assert_same_rows(registry().adapter(source).table, pd.concat(frames, ignore_index=True), whole)


def test_ossec_text_log_batches_hold_its_alerts_and_garbage(tmp_path):
    path = tmp_path / "manager" / "alerts.log"
    path.parent.mkdir()
    blocks = [OSSEC_BLOCK.format(n=n, second=n % 60) for n in range(1, 41)]
    path.write_text("\n".join(blocks[:20]) + "\nnot an alert\n\n" + "\n".join(blocks[20:]), encoding="utf-8")
    frames, whole = _frames_and_whole("ossec_log", path, rows=7)
    assert [len(frame) for frame in frames] == [7, 7, 7, 7, 7, 6]  # 40 alerts and one garbage row
    assert whole["_error"].notna().sum() == 1
    assert_same_rows("infosec.events", pd.concat(frames, ignore_index=True), whole)


def _infosec(rows: int | None) -> Registry:
    """The infosec plugin alone, its EVE source streaming in frames of ``rows`` (``None``: read whole)."""
    plugin = registry().get("infosec")
    batches = partial(iter_suricata_eve, rows=rows) if rows else None
    adapters = tuple(
        dataclasses.replace(adapter, batches=batches) if adapter.name == "suricata_eve" else adapter
        for adapter in plugin.adapters
    )
    return Registry([dataclasses.replace(plugin, adapters=adapters)])


def _stored(layer: DataLayer) -> pd.DataFrame:
    events = layer.read("infosec.events")
    return events.drop(columns=[c for c in events.columns if c.startswith("_")]).sort_values(
        "event_id", ignore_index=True
    )


def test_a_log_ingested_in_batches_is_stored_as_read_whole_and_a_rerun_after_a_crash_stores_the_rest_once(
    tmp_path, sample_path, sqlite_settings, monkeypatch, small_chunks
):
    # the real sample with garbage, a repeated line and a cut-off last line: one commit per
    # frame of 500 stores what one commit of the whole file stores; a crash at the third
    # commit leaves the first two whole, and the re-run stores the rest exactly once
    lines = sample_path(EVE).read_text(encoding="utf-8").splitlines()
    lines[700:700] = ["garbage", lines[10]]
    path = tmp_path / "ids" / "eve.json"
    path.parent.mkdir()
    path.write_text("\n".join(lines) + '\n{"timestamp": "2024', encoding="utf-8")

    def layer(name: str) -> DataLayer:
        return DataLayer(sqlite_settings.model_copy(update={"data_dir": tmp_path / name}))

    whole_layer, batched_layer, crashed_layer = layer("whole"), layer("batched"), layer("crashed")
    at_once = totals(ingest_files(whole_layer, "suricata_eve", [path], plugins=_infosec(None), progress=False))
    results = [
        r
        for r in ingest_files(batched_layer, "suricata_eve", [path], plugins=_infosec(500), progress=False)
        if r.table == "infosec.events"
    ]
    assert len(results) >= 4 and max(r.rows_in for r in results) <= 1000
    assert totals(results) == at_once and at_once["rejected"] == 2 and at_once["duplicate"] == 1
    pd.testing.assert_frame_equal(_stored(batched_layer), _stored(whole_layer))

    write, calls = DataLayer.write, []

    def crashing_write(self, table, frame, **options):
        if getattr(table, "name", table) == "infosec.events":
            calls.append(len(frame))
            if len(calls) == 3:
                raise RuntimeError("killed during the third commit")
        return write(self, table, frame, **options)

    monkeypatch.setattr(DataLayer, "write", crashing_write)
    with pytest.raises(RuntimeError, match="third commit"):
        ingest_files(crashed_layer, "suricata_eve", [path], plugins=_infosec(500), progress=False)
    first_two = results[0].accepted + results[1].accepted
    assert len(_stored(crashed_layer)) == first_two
    monkeypatch.setattr(DataLayer, "write", write)
    rerun = totals(
        r
        for r in ingest_files(crashed_layer, "suricata_eve", [path], plugins=_infosec(500), progress=False)
        if r.table == "infosec.events"
    )
    assert rerun["accepted"] == at_once["accepted"] - first_two
    assert rerun["duplicate"] == at_once["duplicate"] + first_two
    pd.testing.assert_frame_equal(_stored(crashed_layer), _stored(whole_layer))


def test_collected_frames_count_each_skipped_record_once(tmp_path, sample_path):
    # the record-by-record mapping skips Suricata's engine counters: over frames of 300 rows
    # each skipped record is counted in the frame that passed it, once (the sample's
    # counters moved to its start)
    from ioc_plugins.infosec.adapters.common import collect, resolver_from
    from ioc_plugins.infosec.adapters.suricata import SKIPPED_TYPES, eve_row
    from ioc_plugins.infosec.records import iter_json_records

    lines = sample_path(EVE).read_text(encoding="utf-8").splitlines()
    counters = [line for line in lines if '"event_type":"stats"' in line.replace(" ", "")]
    path, resolver = tmp_path / "eve.json", resolver_from(None)
    path.write_text("\n".join(counters + [line for line in lines if line not in counters]) + "\n", encoding="utf-8")

    def mapper(record, text):
        return None if record.get("event_type") in SKIPPED_TYPES else eve_row(record, text, resolver, "ids/eve")

    frames = list(collect(path, iter_json_records(path), mapper, module="suricata", raw_time="timestamp", rows=300))
    assert len(counters) == 1 and [len(frame) for frame in frames] == [300] * 8
    assert [frame.attrs["skipped"] for frame in frames] == [1] + [0] * 7


def test_ingest_progress_shows_the_rows_of_a_large_file_as_its_batches_are_stored(
    tmp_path, sample_path, sqlite_settings, small_chunks, capsys
):
    layer = DataLayer(sqlite_settings.model_copy(update={"data_dir": tmp_path / "data"}))
    results = ingest_files(layer, "suricata_eve", [sample_path(EVE)], plugins=_infosec(500), progress=True)
    stored = list(itertools.accumulate(r.rows_in for r in results if r.table == "infosec.events"))
    shown = re.findall(r"eve-2\.json: ([\d.]+) dòng", capsys.readouterr().err)
    assert len(stored) >= 4 and stored[-1] == 2400
    assert [int(count.replace(".", "")) for count in dict.fromkeys(shown)] == stored


@pytest.mark.parametrize("source", sorted(STREAMING))
def test_the_garbage_collector_runs_while_a_frame_is_stored(source, sample_path, small_chunks):
    # reading pauses Python's cyclic collector (decoded JSON has no cycles); storing a frame
    # (rules, derived tables, the state store) must not run with it paused
    assert gc.isenabled()
    path = sample_path(STREAMING[source][1])
    frames = STREAMING[source][0](path, rows=max(1, len(registry().adapter(source).read(path)) // 4))
    seen = [gc.isenabled() for _frame in frames]
    assert len(seen) >= 4 and all(seen) and gc.isenabled()
