"""``ioc listen file`` on a Suricata EVE log, in a real subprocess killed with SIGKILL.

The log is appended to while the tailer runs, the tailer is killed (``kill -9``) in the
middle, the log is rotated (renamed, a new one created) while it is down and truncated
(copytruncate) later: every record ends in the lake exactly once.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ioc.config import load_settings
from ioc.datalayer import DataLayer

REPO = Path(__file__).resolve().parents[3]
STARTED: list[subprocess.Popen] = []
WAIT_S = 90.0  # a deadline for the subprocess to catch up, never a performance assert


def record(number: int) -> str:
    return json.dumps(
        {
            "timestamp": f"2025-03-01T08:{number // 60:02d}:{number % 60:02d}.000000+0700",
            "flow_id": 1_000_000 + number,
            "event_type": "dns",
            "src_ip": "10.77.1.20",
            "dest_ip": "10.77.100.53",
            "dest_port": 53,
            "proto": "UDP",
            "dns": {"type": "query", "rrname": f"host{number}.baria-vungtau.gov.vn", "rrtype": "A"},
        }
    )


def append(path: Path, numbers: range) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        for number in numbers:
            handle.write(record(number) + "\n")
            handle.flush()


@pytest.fixture
def deployment(tmp_path):
    data_dir = tmp_path / "data"
    env = dict(os.environ, IOC_DATA_DIR=str(data_dir), IOC_CONFIG=str(tmp_path / "absent.yaml"), PYTHONPATH=str(REPO))
    env.pop("IOC_DATABASE_URL", None)
    layer = DataLayer(load_settings(data_dir=data_dir))
    yield env, layer
    layer.close()
    for process in STARTED:  # a failed test never leaves a tailer running
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
    STARTED.clear()


def start(env: dict[str, str], log: Path, tmp_path: Path, *options: str) -> subprocess.Popen:
    command = [sys.executable, "-c", "from ioc.listen.cli import app; app()", "file", str(log)]
    command += ["--adapter", "suricata_eve", "--interval", "0.05", *options]
    with open(tmp_path / "tailer.log", "a", encoding="utf-8") as output:  # the child keeps its own copy
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT, cwd=tmp_path)
    STARTED.append(process)
    return process


def stored(layer: DataLayer) -> tuple[int, int]:
    """(current rows, every stored row version) of the events table."""
    if layer.version("infosec.events") is None:
        return 0, 0
    counts = layer.sql(
        "SELECT (SELECT count(*) FROM infosec.events) AS current, (SELECT count(*) FROM infosec.events__history) AS stored"
    ).iloc[0]
    return int(counts["current"]), int(counts["stored"])


def wait_for(layer: DataLayer, rows: int, process: subprocess.Popen, tmp_path: Path) -> None:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if stored(layer)[0] >= rows:
            return
        if process.poll() is not None:
            pytest.fail(f"the tailer exited ({process.returncode}): {(tmp_path / 'tailer.log').read_text()}")
        time.sleep(0.1)
    pytest.fail(f"only {stored(layer)} of {rows} rows after {WAIT_S} s: {(tmp_path / 'tailer.log').read_text()}")


def kill_9(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def test_append_kill_rotate_truncate_loses_and_duplicates_nothing(deployment, tmp_path):
    env, layer = deployment
    log = tmp_path / "ids-dc" / "eve.json"
    log.parent.mkdir()
    append(log, range(40))
    tailer = start(env, log, tmp_path)
    wait_for(layer, 40, tailer, tmp_path)
    append(log, range(40, 80))
    kill_9(tailer)  # maybe mid-batch: written, position not yet committed, or not even read
    append(log, range(80, 100))
    log.rename(log.with_name("eve.json.1"))  # rotation while the tailer is down
    append(log, range(100, 130))
    tailer = start(env, log, tmp_path)
    wait_for(layer, 130, tailer, tmp_path)
    with open(log, "r+", encoding="utf-8") as handle:  # copytruncate
        handle.truncate(0)
    append(log, range(130, 150))
    wait_for(layer, 150, tailer, tmp_path)
    kill_9(tailer)

    events = layer.sql("SELECT observer_name, url_domain FROM infosec.events")
    assert sorted(events["url_domain"]) == sorted(f"host{n}.baria-vungtau.gov.vn" for n in range(150))
    assert stored(layer) == (150, 150)  # no record stored twice, even across the kill
    assert set(events["observer_name"]) == {"ids-dc/eve"}  # the tailer's batches keep the sensor name


def test_sigterm_stops_the_tailer_cleanly_after_its_batch(deployment, tmp_path):
    """A service manager's stop (SIGTERM, then SIGINT as from a terminal): the batch in hand is
    committed with its position, the run ends with exit 0 and its count, and the next run
    reads on from there. The pause between two polls (an hour here) does not hold it up."""
    env, layer = deployment
    log = tmp_path / "ids-dc" / "eve.json"
    log.parent.mkdir()
    append(log, range(40))
    for signum, numbers in ((signal.SIGTERM, range(40, 70)), (signal.SIGINT, range(70, 90))):
        tailer = start(env, log, tmp_path, "--interval", "3600")
        wait_for(layer, numbers.start, tailer, tmp_path)
        tailer.send_signal(signum)
        assert tailer.wait(timeout=60) == 0, (tmp_path / "tailer.log").read_text()
        assert "dòng mới được ghi" in (tmp_path / "tailer.log").read_text()
        append(log, numbers)
    tailer = start(env, log, tmp_path)
    wait_for(layer, 90, tailer, tmp_path)
    kill_9(tailer)
    assert stored(layer) == (90, 90)


def test_past_its_memory_bound_the_tailer_restarts_in_place_and_loses_nothing(deployment, tmp_path):
    """``--max-rss-mb 1``: every batch puts the tailer past its bound, so it re-executes itself
    after each one (same process id, position kept) while the log keeps growing."""
    env, layer = deployment
    log = tmp_path / "ids-dc" / "eve.json"
    log.parent.mkdir()
    output = tmp_path / "tailer.log"

    def announced(restart: int) -> None:
        deadline = time.monotonic() + WAIT_S
        while f"khởi động lại lần {restart} (restart {restart})" not in output.read_text():
            if tailer.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"no restart {restart} (exit code {tailer.poll()}): {output.read_text()}")
            time.sleep(0.1)

    append(log, range(30))
    tailer = start(env, log, tmp_path, "--max-rss-mb", "1")
    for restart, end in enumerate((30, 55, 80), start=1):
        if end > 30:  # written once the image before has started: it is a batch of its own
            append(log, range(end - 25, end))
        wait_for(layer, end, tailer, tmp_path)
        announced(restart)
    time.sleep(1.0)  # a second read of anything would show up now
    text = output.read_text()
    assert tailer.poll() is None, text  # one process all along: the restarts were in place
    assert text.count("vượt giới hạn 1 MB") == 3 and "lần 3 (restarting in place)" in text, text
    kill_9(tailer)
    assert stored(layer) == (80, 80)  # nothing read twice across the restarts


def rotate(log: Path) -> None:
    """logrotate's default: shift ``eve.json.N`` to ``.N+1``, rename the log to ``.1``, create a new one."""
    numbered = [p for p in log.parent.glob(log.name + ".*") if p.suffix[1:].isdigit()]
    numbered.sort(key=lambda p: int(p.suffix[1:]), reverse=True)
    for old in numbered:
        old.rename(log.with_name(f"{log.name}.{int(old.suffix[1:]) + 1}"))
    log.rename(log.with_name(log.name + ".1"))
    log.touch()


def copytruncate(log: Path, copies: int) -> None:
    """logrotate's ``copytruncate``: copy the log aside, then empty it in place (same inode)."""
    log.with_name(f"{log.name}-copy{copies}").write_bytes(log.read_bytes())
    with open(log, "r+b") as handle:
        handle.truncate(0)


@pytest.mark.slow
def test_kill_9_loop_with_rotations_and_truncations_stores_each_record_once(deployment, tmp_path):
    """SIGKILL of ``ioc listen file`` at seeded random points while Suricata writes, with rotations
    (while the tailer is down and while it runs) and truncations in between; restarted each time."""
    env, layer = deployment
    rng = random.Random(20251206)  # seeded: the same writes, kill points, rotations every run
    log = tmp_path / "ids-dc" / "eve.json"
    log.parent.mkdir()
    log.touch()
    written, kills, rotations, truncations = 0, 0, 0, 0
    partial = ""  # the second half of a record the writer has not finished yet

    def write_burst(count: int, *, leave_partial: bool) -> None:
        nonlocal written, partial
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(partial)
            partial = ""
            for _ in range(count):
                handle.write(record(written) + "\n")
                written += 1
            if leave_partial:  # Suricata flushed half a line: the tailer must wait for the rest
                line = record(written) + "\n"
                cut = rng.randint(1, len(line) - 2)
                handle.write(line[:cut])
                partial, written = line[cut:], written + 1

    def current() -> int:
        return stored(layer)[0]

    tailer = start(env, log, tmp_path)
    for _round in range(6):
        for _ in range(rng.randint(2, 5)):  # bursts while the tailer runs
            write_burst(rng.randint(5, 40), leave_partial=rng.random() < 0.3)
            time.sleep(rng.uniform(0, 0.2))
        complete = written - (1 if partial else 0)
        target = rng.randint(min(current() + 1, complete), complete)
        wait_for(layer, target, tailer, tmp_path)
        time.sleep(rng.uniform(0, 0.3))  # somewhere in the next batch: read, write, position commit
        kill_9(tailer)
        kills += 1
        write_burst(rng.randint(0, 30), leave_partial=False)  # the log grows while the tailer is down
        if rng.random() < 0.5:
            rotate(log)
            rotations += 1
            write_burst(rng.randint(1, 30), leave_partial=False)
        tailer = start(env, log, tmp_path)
        if rng.random() < 0.5:  # copytruncate once the tailer has caught up (before, the rest is only in the copy)
            wait_for(layer, written, tailer, tmp_path)
            copytruncate(log, truncations)
            truncations += 1
            write_burst(rng.randint(1, 30), leave_partial=False)
        if rng.random() < 0.3:
            rotate(log)  # under the running tailer
            rotations += 1
    write_burst(10, leave_partial=False)
    wait_for(layer, written, tailer, tmp_path)
    time.sleep(1.0)  # a second read of anything would show up now
    kill_9(tailer)

    domains = layer.sql("SELECT url_domain FROM infosec.events")["url_domain"]
    assert sorted(domains) == sorted(f"host{n}.baria-vungtau.gov.vn" for n in range(written))
    assert stored(layer) == (written, written)  # none stored twice, in the current view or ever
    assert kills == 6 and rotations >= 2 and truncations >= 2, (kills, rotations, truncations)
    print(
        f"\ntail kill -9 loop: {kills} kills survived, {rotations} rotations, {truncations} truncations, "
        f"{written} records exact, 0 duplicates"
    )
