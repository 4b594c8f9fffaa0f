"""Faults: ``kill -9`` of ``ioc ingest`` at random points, and a full disk during a write.

After every kill a re-run converges to exactly the rows of the files, none twice (Delta
commits are atomic and writes are idempotent by natural key). A full disk gives a clear
:class:`ioc.datalayer.StorageFullError`, leaves the stored data readable and intact, and
the same write succeeds once space is freed. The runs print their figures.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tests_support import write_long_air_csv

from ioc import lake
from ioc.datalayer import DataLayer, StorageFullError
from ioc.tables import Column, Table

REPO = Path(__file__).resolve().parents[2]
READINGS = Table(
    name="demo.readings",
    columns=(Column("sid", required=True), Column("time", "timestamp", required=True), Column("value", "float")),
    key=("sid", "time"),
    time_column="time",
)


def readings(n: int, start: str, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "sid": [f"s{i:09d}" for i in rng.integers(0, 10**9, n)],
            "time": pd.date_range(start, periods=n, freq="s", tz="UTC"),
            "value": rng.random(n),
        }
    )


@pytest.fixture
def tiny_disk(tmp_path):
    """A 2 MiB tmpfs (needs root; skipped with the reason otherwise)."""
    mountpoint = tmp_path / "tiny"
    mountpoint.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a full-disk test needs root to mount a 2 MiB tmpfs (mount -t tmpfs -o size=2m)")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mountpoint)], capture_output=True, text=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip()}): full-disk test skipped")
    yield mountpoint
    subprocess.run(["umount", "-l", str(mountpoint)], check=False)


def test_a_full_disk_is_a_clear_error_and_corrupts_nothing(tiny_disk, tmp_path):
    from ioc.config import load_settings

    settings = load_settings(data_dir=tiny_disk / "data", database_url=f"sqlite:///{tmp_path / 'state.db'}")
    dl = DataLayer(settings, tables=[READINGS])
    assert dl.write("demo.readings", readings(10, "2025-01-01")).accepted == 10
    before = dl.read("demo.readings")
    with pytest.raises(StorageFullError, match="Hết dung lượng") as caught:
        dl.write("demo.readings", readings(400_000, "2025-02-01", seed=1))
    assert caught.value.errno == 28 and "không được ghi" in str(caught.value)
    # nothing of the failed batch is visible; a fresh reader agrees
    pd.testing.assert_frame_equal(before, dl.read("demo.readings"))
    fresh = DataLayer(settings, tables=[READINGS])
    assert len(fresh.read("demo.readings", history=True)) == 10
    assert not list((tiny_disk / "data").rglob("*.tmp"))
    # free the space the failed write took (its unreferenced files), then the write works
    dl.vacuum("demo.readings", retention_hours=0)
    assert dl.write("demo.readings", readings(1000, "2025-03-01", seed=2)).accepted == 1000
    assert len(dl.read("demo.readings")) == 1010
    print(f"\nfull disk: 1 failed write of 400000 rows, {len(dl.read('demo.readings'))} rows intact after")


def _commits(folder: Path) -> int:
    return len(list((folder / "_delta_log").glob("*.json"))) if (folder / "_delta_log").exists() else 0


@pytest.mark.slow
def test_kill_9_of_ingest_at_random_points_then_rerun(tmp_path):
    rng = random.Random(20251204)  # seeded: the same kill points on every run
    files, rows = [], 0
    for index in range(8):
        values = [round(5 + (index * 37 + i) % 90, 1) for i in range(300)]
        start = pd.Timestamp("2025-01-01T00:00+07:00") + pd.Timedelta(days=14 * index)
        files.append(write_long_air_csv(tmp_path / f"air_long_{index}.csv", pm25=values, start=start.isoformat()))
        rows += len(values)
    env = {
        **os.environ,
        "IOC_DATA_DIR": str(tmp_path / "data"),
        "IOC_CONFIG": str(tmp_path / "absent.yaml"),
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    env.pop("IOC_DATABASE_URL", None)
    command = [sys.executable, "-m", "workbench.cli", "ingest", "air_long_csv", *map(str, files)]
    table_dir = tmp_path / "data" / "lake" / "environment" / "air_readings"
    kills = 0
    for _attempt in range(4):
        target = _commits(table_dir) + rng.randint(1, 3)
        with subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as process:
            deadline = time.monotonic() + 120
            while _commits(table_dir) < target and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.002)
            time.sleep(rng.uniform(0, 0.05))  # somewhere inside the next file's validation or write
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                kills += 1
    assert kills >= 2, "the ingest finished before it could be killed: raise the file sizes"
    final = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert final.returncode == 0, final.stdout + final.stderr

    from ioc.config import load_settings

    dl = DataLayer(load_settings(data_dir=tmp_path / "data"))
    name = "environment.air_readings"
    counts = dl.sql(
        f"SELECT count(*) AS n, count(DISTINCT (station_id, parameter, time)) AS keys FROM {name}__history"
    ).iloc[0]
    assert int(counts["n"]) == int(counts["keys"]) == rows, counts.to_dict()
    assert len(dl.read(name)) == rows
    print(f"\nkill -9 loop: {kills} kills survived, {rows} rows exact, 0 duplicates, lake v{dl.version(name)}")
    assert lake.committed_version(table_dir) == dl.version(name)
    # and what is derived from them (hourly AQI): a kill between the readings' commit and the
    # AQI's left those hours without an index, which the re-run (readings all duplicates)
    # never derived; the killed process's pending derivations are now finished by the next
    from ioc.ingest import ingest_files

    whole = DataLayer(load_settings(data_dir=tmp_path / "whole"))
    ingest_files(whole, "air_long_csv", files, progress=False)
    aqi = "environment.aqi_hourly"
    key = ["station_id", "time"]
    pd.testing.assert_frame_equal(
        dl.read(aqi).sort_values(key).reset_index(drop=True), whole.read(aqi).sort_values(key).reset_index(drop=True)
    )
    from ioc.derivations import PendingDerivation

    with dl.store.session() as session:  # every killed run's record finished and dropped
        assert session.query(PendingDerivation).count() == 0


PROFILE_RUN = """
import sys
import pandas as pd
from ioc.config import load_settings
from ioc.datalayer import DataLayer
from ioc.demo import run_profile
layer = DataLayer(load_settings(data_dir=sys.argv[1]))
run_profile(layer, "province-year", fraction=0.0005, plugins=["social"], progress=False,
            now=pd.Timestamp("2026-11-30T10:00Z"), resume=True)
"""


def _checkpointed_batches(data_dir: Path) -> int:
    import sqlite3

    database = data_dir / "state.db"
    if not database.exists():
        return 0
    try:
        with sqlite3.connect(database) as connection:
            row = connection.execute("SELECT max(batches) FROM demo_checkpoints").fetchone()
    except sqlite3.Error:  # not migrated yet
        return 0
    return row[0] or 0


def test_kill_9_of_a_social_profile_run_then_resume_equals_one_whole_run(tmp_path):
    """The social plugin's derivations read what they wrote before (stories, memberships,
    near-duplicates): killed anywhere, a resumed run must still store what one whole run
    stores, version for version (ioc.demo_checkpoints, ioc.derivations)."""
    rng = random.Random(20261207)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    env.pop("IOC_DATABASE_URL", None)

    def run(data_dir: Path) -> subprocess.Popen:
        with open(tmp_path / f"{data_dir.name}.log", "ab") as log:  # the child keeps its own descriptor
            return subprocess.Popen(
                [sys.executable, "-c", PROFILE_RUN, str(data_dir)], env=env, stdout=subprocess.DEVNULL, stderr=log
            )

    def log(name: str) -> str:
        return (tmp_path / f"{name}.log").read_text(errors="replace")[-3000:]

    whole = run(tmp_path / "whole")
    kills = 0
    killed = tmp_path / "killed"
    for _attempt in range(3):
        target = _checkpointed_batches(killed) + 1
        with run(killed) as process:
            deadline = time.monotonic() + 300
            while _checkpointed_batches(killed) < target and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(rng.uniform(0, 1.5))  # somewhere in the next batch: generation, write or derivation
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                kills += 1
    assert kills >= 2, "the run finished before it could be killed"
    with run(killed) as final:
        assert final.wait(timeout=600) == 0, log("killed")
    assert whole.wait(timeout=600) == 0, log("whole")

    from ioc.config import load_settings

    ours, theirs = (DataLayer(load_settings(data_dir=tmp_path / name)) for name in ("killed", "whole"))
    tables = sorted(name for name in ours.tables if name.startswith("social.") and ours.version(name) is not None)
    assert {"social.items", "social.labels", "social.stories", "social.story_items", "social.spread"} <= set(tables)
    for name in tables:
        columns = ours.table(name).column_names
        current, expected = (
            layer.read(name)[columns].astype(str).sort_values(columns).reset_index(drop=True)
            for layer in (ours, theirs)
        )
        pd.testing.assert_frame_equal(current, expected, obj=name)
        assert len(ours.read(name, history=True)) == len(theirs.read(name, history=True)), name
    print(f"\nsocial profile kill -9 loop: {kills} kills survived, {len(tables)} tables as one whole run")
