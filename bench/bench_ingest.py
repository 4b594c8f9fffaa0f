"""Ingest throughput: the workbench's ingest path vs raw pyarrow CSV → Parquet.

Prints rows/s of both and the ratio (workbench time / raw time) at 1× and 10× demo size.
The workbench does more (row validation, duplicate detection, atomic Delta commit, ingest
log, derived AQI and rules are *not* included: derivation is switched off for a fair
read/validate/store comparison, then measured separately).

Raw and workbench runs alternate (best of 3 each), and the ratio of CPU time (every thread
of the process) is printed next to the wall-time one: on a loaded shared machine the raw
baseline's wall time alone moves by 2×, its CPU time far less.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from bench_infosec import timed
from common import best_of, demo_air_frame, scratch_dir, scratch_settings, station_frame

from ioc.config import site_timezone


def main() -> None:
    from ioc.datalayer import DataLayer, file_sha256
    from ioc.ingest import ingest_files
    from ioc.plugins import registry

    reg = registry()
    adapter = reg.adapter("air_long_csv")
    print(
        f"{'size':>5} {'rows':>9} {'raw rows/s':>12} {'ioc rows/s':>12} {'ratio':>7} {'CPU ratio':>10} {'+derive+rules':>14}"
    )
    for scale in (1, 10):
        frame = demo_air_frame(scale)
        work = scratch_dir("ioc-bench-ingest-")
        csv = work / "air_long.csv"
        frame["time"] = frame["time"].dt.tz_convert(site_timezone()).dt.strftime("%Y-%m-%dT%H:%M:%S%z")
        frame.to_csv(csv, index=False)

        def raw() -> None:
            pq.write_table(pacsv.read_csv(csv), work / "raw.parquet")

        # each timed run gets a fresh deployment prepared beforehand (store migrated, stations in)
        layers = []
        for run in range(4):
            dl = DataLayer(scratch_settings(work / f"run{run}"))
            dl.write("environment.stations", station_frame(scale))  # readings refer to the stations
            layers.append(dl)
        fresh = iter(layers)

        def workbench() -> None:
            dl = next(fresh)
            result = dl.write(adapter.table, adapter.read(csv), source="bench", path=csv, file_hash=file_sha256(csv))
            assert result.rejected == 0, result.summary()

        def full() -> None:
            ingest_files(next(fresh), "air_long_csv", [csv], progress=False)

        # alternately, so both meet the same moments of a shared machine's load
        runs = [(timed(raw), timed(workbench)) for _ in range(3)]
        (raw_s, raw_cpu), (ioc_s, ioc_cpu) = (
            [min(run[side][kind] for run in runs) for kind in (0, 1)] for side in (0, 1)
        )
        full_s = best_of(full, repeat=1)
        print(
            f"{scale:>4}x {len(frame):>9} {len(frame) / raw_s:>12,.0f} {len(frame) / ioc_s:>12,.0f} "
            f"{ioc_s / raw_s:>6.1f}x {ioc_cpu / raw_cpu:>9.1f}x {full_s / raw_s:>13.1f}x"
        )


if __name__ == "__main__":
    main()
