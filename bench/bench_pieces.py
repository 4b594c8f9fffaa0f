"""A large environment CSV through ``ioc ingest``: in pieces (one commit each) against one commit.

Generates hourly air readings (nine stations × six parameters, ``--hours`` hours) as a long
CSV in time order or in station order, and ingests it into an empty lake twice, each in its
own process: read whole (``pieces.LINES`` larger than the file: one piece, the file itself)
and in pieces of the default size. Prints each run's wall time and peak RSS, and the ratios
(pieces / whole); both runs must store the same rows.

``python bench/bench_pieces.py [--hours 52584] [--order time|station]`` (the default is six
years: 2.84 M readings, 134 MB; figures of 2026-12-06 in docs/scale-and-reliability.md).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from common import scratch_dir

STATIONS = (
    "air_vungtau_center air_vungtau_baisau air_baria air_phumy1 air_myxuan_a air_caimep air_longdien "
    "air_chauduc air_xuyenmoc"
).split()
PARAMETERS = (
    ("pm25", "µg/m³"),
    ("pm10", "µg/m³"),
    ("no2", "µg/m³"),
    ("o3", "µg/m³"),
    ("co", "mg/m³"),
    ("so2", "µg/m³"),
)

#: Run in a child process: ingest the file, print rows stored, wall seconds and peak RSS (MB).
CHILD = """
import json, resource, sys, time
from pathlib import Path
from ioc.config import load_settings
from ioc.datalayer import DataLayer
from ioc.ingest import ingest_files
from ioc_plugins.environment.adapters import pieces
if sys.argv[3] == "whole":
    pieces.LINES = 10**12
layer = DataLayer(load_settings(data_dir=Path(sys.argv[2])))
started = time.perf_counter()
results = ingest_files(layer, "air_long_csv", [sys.argv[1]], progress=False)
wall = time.perf_counter() - started
readings = [r for r in results if r.table == "environment.air_readings"]
print(json.dumps({
    "commits": len(readings),
    "accepted": sum(r.accepted for r in readings),
    "wall_s": wall,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def write_readings(path: Path, hours: int, order: str) -> int:
    """The long CSV; returns its number of readings."""
    times = pd.date_range("2020-01-01", periods=hours, freq="h").strftime("%Y-%m-%dT%H:%M").to_numpy()
    per_hour = len(STATIONS) * len(PARAMETERS)
    if order == "time":  # every station and parameter of an hour, hour after hour
        frame = pd.DataFrame(
            {
                "station_id": np.tile(np.repeat(STATIONS, len(PARAMETERS)), hours),
                "time": np.repeat(times, per_hour),
                "parameter": np.tile([p for p, _ in PARAMETERS], hours * len(STATIONS)),
                "unit": np.tile([u for _, u in PARAMETERS], hours * len(STATIONS)),
            }
        )
    else:  # one station's series of one parameter after another
        frame = pd.DataFrame(
            {
                "station_id": np.repeat(STATIONS, hours * len(PARAMETERS)),
                "time": np.tile(times, per_hour),
                "parameter": np.tile(np.repeat([p for p, _ in PARAMETERS], hours), len(STATIONS)),
                "unit": np.tile(np.repeat([u for _, u in PARAMETERS], hours), len(STATIONS)),
            }
        )
    frame.insert(3, "value", np.random.default_rng(1).gamma(2, 10, len(frame)).round(1))
    frame.to_csv(path, index=False)
    return len(frame)


def ingest(path: Path, lake: Path, mode: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(lake), mode], check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=int, default=52_584)
    parser.add_argument("--order", choices=("time", "station"), default="time")
    options = parser.parse_args()
    work = scratch_dir("ioc-bench-pieces-")
    path = work / "air_long.csv"
    rows = write_readings(path, options.hours, options.order)
    print(f"{rows:,} readings in {options.order} order, {path.stat().st_size / 1e6:.0f} MB")
    whole = ingest(path, work / "whole", "whole")
    pieced = ingest(path, work / "pieces", "pieces")
    assert whole["accepted"] == pieced["accepted"], (whole, pieced)
    for name, run in (("one commit", whole), ("pieces", pieced)):
        print(f"  {name:<10} {run['commits']:>4} commits  {run['wall_s']:>7.1f} s  peak RSS {run['peak_mb']:>7,.0f} MB")
    print(
        f"  pieces / one commit: time {pieced['wall_s'] / whole['wall_s']:.2f}×, "
        f"peak RSS {pieced['peak_mb'] / whole['peak_mb']:.2f}×"
    )


if __name__ == "__main__":
    main()
