"""The file tailer: append, rotation, truncation, restart — nothing lost, nothing stored twice."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from ioc.datalayer import DataLayer
from ioc.listen.tail import FileTailer, follow_file
from ioc.plugins import Adapter, Plugin, Registry
from ioc.tables import Column, Table

LINES = Table(
    name="toy.lines",
    columns=(Column("id", required=True), Column("sensor"), Column("header")),
    key=("id",),
)


def read_lines(path, *, settings=None):
    """A toy adapter: one id a line; ``#`` lines are a header it reports on each row."""
    text = Path(path).read_text(encoding="utf-8")
    header = ";".join(line for line in text.splitlines() if line.startswith("#"))
    rows = [
        {"id": line.strip(), "sensor": Path(path).parent.name, "header": header or None}
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return pd.DataFrame(rows, columns=["id", "sensor", "header"])


def read_blocks(path, *, settings=None):
    blocks = [b for b in Path(path).read_text(encoding="utf-8").split("\n\n") if b.strip()]
    return pd.DataFrame({"id": [b.replace("\n", "+") for b in blocks]})


TOY = Plugin(
    name="toy",
    title="Toy",
    tables=(LINES,),
    adapters=(Adapter("toy_lines", "toy.lines", read_lines), Adapter("toy_blocks", "toy.lines", read_blocks)),
)


@pytest.fixture
def layer(settings):
    """A data layer on SQLite and on PostgreSQL (the position table on both dialects)."""
    datalayer = DataLayer(settings, tables=[LINES])
    yield datalayer
    datalayer.close()


def tailer(layer, path, source="toy_lines", **options):
    return FileTailer(layer, path, source, plugins=Registry([TOY]), **options)


def stored(layer) -> list[str]:
    if layer.version("toy.lines") is None:
        return []
    history = layer.sql("SELECT id FROM toy.lines__history ORDER BY id")["id"].tolist()
    assert len(history) == len(set(history)), "a line was stored twice"
    return history


def append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)


def ids(*numbers: int) -> list[str]:
    return sorted(f"r{n:03d}" for n in numbers)


def test_append_waits_for_the_end_of_a_line(layer, tmp_path):
    log = tmp_path / "ids-a" / "eve.json"
    log.parent.mkdir()
    log.write_text("r001\nr002\nr0", encoding="utf-8")
    follow = tailer(layer, log)
    assert follow.poll() == 2
    assert stored(layer) == ids(1, 2)
    append(log, "03\nr004\n")
    assert follow.poll() == 2
    assert follow.poll() == 0
    assert stored(layer) == ids(1, 2, 3, 4)
    assert layer.sql("SELECT DISTINCT sensor FROM toy.lines")["sensor"].tolist() == ["ids-a"]


def test_restart_resumes_from_the_committed_position(layer, tmp_path):
    log = tmp_path / "eve.json"
    log.write_text("r001\nr002\n", encoding="utf-8")
    tailer(layer, log).poll()
    append(log, "r003\n")
    again = tailer(layer, log)  # a new process: the position comes from the state store
    assert again.position().offset == len("r001\nr002\n")
    assert again.poll() == 1
    assert stored(layer) == ids(1, 2, 3)


def test_rotation_reads_the_rest_of_the_old_file_then_the_new_one(layer, tmp_path):
    log = tmp_path / "eve.json"
    log.write_text("r001\n", encoding="utf-8")
    follow = tailer(layer, log)
    follow.poll()
    append(log, "r002\nr003")  # written before the rotation, after the last poll; no final newline
    log.rename(tmp_path / "eve.json.1")
    log.write_text("r004\n", encoding="utf-8")
    assert follow.poll() == 3
    assert stored(layer) == ids(1, 2, 3, 4)
    append(log, "r005\n")
    assert tailer(layer, log).poll() == 1
    assert stored(layer) == ids(1, 2, 3, 4, 5)


def test_a_stop_between_batches_of_a_rotated_file_resumes_inside_it(layer, tmp_path, monkeypatch):
    """A stop asked for during a long read ends it after the batch in hand: the position stays
    inside the rotated file (not moved on to the new one), and the next run reads the rest."""
    monkeypatch.setattr("ioc.listen.tail.MAX_BATCH_BYTES", len("r001\n") * 2)  # two lines a batch
    log = tmp_path / "eve.json"
    log.write_text("r001\n", encoding="utf-8")
    tailer(layer, log).poll()
    append(log, "".join(f"r{n:03d}\n" for n in range(2, 8)))
    log.rename(tmp_path / "eve.json.1")
    log.write_text("r008\n", encoding="utf-8")
    batches = []
    follow = tailer(layer, log, stop=lambda: len(batches) >= 2)  # asked for during the second batch
    original = follow._feed
    monkeypatch.setattr(follow, "_feed", lambda path, payload: (batches.append(payload), original(path, payload)))
    assert follow.poll() == 4
    assert stored(layer) == ids(1, 2, 3, 4, 5)
    assert follow.position().inode == (tmp_path / "eve.json.1").stat().st_ino  # still the old file
    assert tailer(layer, log).poll() == 3  # r006, r007, then the new file's r008
    assert stored(layer) == ids(*range(1, 9))


def test_a_one_shot_read_stops_between_batches_too(layer, tmp_path, monkeypatch):
    monkeypatch.setattr("ioc.listen.tail.MAX_BATCH_BYTES", len("r001\n") * 2)  # two lines a batch
    log = tmp_path / "eve.json"
    log.write_text("".join(f"r{n:03d}\n" for n in range(1, 7)), encoding="utf-8")
    once = follow_file(
        layer, log, "toy_lines", once=True, stop=lambda: len(stored(layer)) >= 4, plugins=Registry([TOY])
    )
    assert stored(layer) == ids(1, 2, 3, 4)  # two batches, then the stop
    assert once.position().lines == 4
    assert tailer(layer, log).poll() == 2


def test_rotation_while_stopped_and_the_new_file_not_yet_created(layer, tmp_path):
    log = tmp_path / "eve.json"
    log.write_text("r001\n", encoding="utf-8")
    tailer(layer, log).poll()
    append(log, "r002\n")
    log.rename(tmp_path / "eve.json.1")
    assert tailer(layer, log).poll() == 1
    log.write_text("r003\n", encoding="utf-8")
    assert tailer(layer, log).poll() == 1
    assert stored(layer) == ids(1, 2, 3)


def test_several_rotations_while_stopped_read_every_file_in_order(layer, tmp_path):
    log = tmp_path / "eve.json"
    log.write_text("r001\n", encoding="utf-8")
    tailer(layer, log).poll()
    append(log, "r002\n")
    for number in (3, 4):  # logrotate twice while the tailer is down: .1 → .2, log → .1, new log
        if (tmp_path / "eve.json.1").exists():
            (tmp_path / "eve.json.1").rename(tmp_path / "eve.json.2")
        log.rename(tmp_path / "eve.json.1")
        log.write_text(f"r{number:03d}\n", encoding="utf-8")
    (tmp_path / "eve.json.3.gz").write_bytes(b"\x1f\x8b compressed, never read as lines")
    follow = tailer(layer, log)
    assert follow.poll() == 3
    assert stored(layer) == ids(1, 2, 3, 4)
    assert follow.poll() == 0 and tailer(layer, log).poll() == 0


def test_a_file_truncated_written_again_and_rotated_is_read_from_its_start(layer, tmp_path):
    log = tmp_path / "eve.json"
    log.write_text("r001\nr002\nr003\n", encoding="utf-8")
    tailer(layer, log).poll()
    with open(log, "r+", encoding="utf-8") as handle:  # copytruncate, shorter new content, then rotated
        handle.truncate(0)
    append(log, "r004\n")
    log.rename(tmp_path / "eve.json.1")
    log.write_text("r005\n", encoding="utf-8")
    assert tailer(layer, log).poll() == 2
    assert stored(layer) == ids(1, 2, 3, 4, 5)


def test_a_truncation_during_the_write_of_a_batch_is_still_seen(layer, tmp_path):
    """The file is emptied and written again, to the same length, while its last batch is written."""
    log = tmp_path / "eve.json"
    log.write_text("r001\nr002\n", encoding="utf-8")

    def read_then_rewrite(path, *, settings=None):
        frame = read_lines(path, settings=settings)
        if "r001" in frame["id"].tolist():  # the writer truncates and goes on while we store
            log.write_text("r003\nr004\n", encoding="utf-8")
        return frame

    racing = Plugin(
        name="toy", title="Toy", tables=(LINES,), adapters=(Adapter("toy_race", "toy.lines", read_then_rewrite),)
    )
    follow = FileTailer(layer, log, "toy_race", plugins=Registry([racing]))
    assert follow.poll() == 2
    assert follow.poll() == 2
    assert stored(layer) == ids(1, 2, 3, 4)


def test_truncation_restarts_from_the_beginning(layer, tmp_path):
    log = tmp_path / "eve.json"
    log.write_text("r001\nr002\nr003\n", encoding="utf-8")
    follow = tailer(layer, log)
    follow.poll()
    with open(log, "r+", encoding="utf-8") as handle:  # copytruncate: same inode, emptied
        handle.truncate(0)
    append(log, "r004\n")
    assert follow.poll() == 1
    # truncated and rewritten past the old position: the first bytes differ, still detected
    inode = os.stat(log).st_ino
    log.write_text("r005\nr006\nr007\nr008\n", encoding="utf-8")
    assert os.stat(log).st_ino == inode
    assert follow.poll() == 4
    assert stored(layer) == ids(1, 2, 3, 4, 5, 6, 7, 8)


def test_header_lines_go_with_every_batch(layer, tmp_path):
    log = tmp_path / "conn.log"
    log.write_text("#fields\tts\tuid\nr001\n", encoding="utf-8")
    follow = tailer(layer, log)
    follow.poll()
    append(log, "r002\n")
    follow.poll()
    assert layer.sql("SELECT header FROM toy.lines WHERE id = 'r002'")["header"].tolist() == ["#fields\tts\tuid"]


def test_blank_separated_records_are_consumed_whole(layer, tmp_path):
    log = tmp_path / "alerts.log"
    log.write_text("a1\na2\n\nb1\n", encoding="utf-8")
    follow = tailer(layer, log, source="toy_blocks", records="blank")
    follow.poll()
    append(log, "b2\n\n")
    follow.poll()
    assert stored(layer) == ["a1+a2", "b1+b2"]


def test_unknown_record_mode_and_source_are_refused(layer, tmp_path):
    with pytest.raises(ValueError, match="records"):
        tailer(layer, tmp_path / "x", records="json")
    with pytest.raises(LookupError, match="toy_lines"):
        tailer(layer, tmp_path / "x", source="toy_line")
