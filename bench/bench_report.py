"""Monthly report cost on the demo data at 1× and 10× scale, as a ratio (the cost must grow no
faster than the data).

Measures :func:`ioc.reports.content.build_report` (the numbers: tiles, alerts, incidents,
narrative) and, with ``--render``, the whole notebook → HTML → PDF rendering. Prints the time
of each scale and the ratio 10× / 1× next to the ratio of their row counts.

    PYTHONPATH=. .venv/bin/python bench/bench_report.py [--days 7] [--render]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd

from ioc.config import load_settings
from ioc.datalayer import DataLayer
from ioc.demo import run_demo
from ioc.reports.content import build_report
from ioc.reports.render import render_report

NOW = pd.Timestamp("2026-11-28T05:00Z")


def measure(scale: float, days: int, render: bool, root: Path) -> tuple[float, int]:
    settings = load_settings(data_dir=root / f"scale-{scale:g}")
    layer = DataLayer(settings)
    totals = run_demo(layer, days=days, scale=scale, progress=False, now=NOW)
    rows = sum(t["accepted"] for t in totals.values())
    build_report(layer, "monthly", "11/2026")  # warm caches and imports once
    start = time.perf_counter()
    if render:
        render_report(settings, "monthly", "11/2026", output_dir=root / f"out-{scale:g}")
    else:
        for _ in range(3):
            build_report(layer, "monthly", "11/2026")
    elapsed = (time.perf_counter() - start) / (1 if render else 3)
    layer.close()
    return elapsed, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=7, help="days of demo data")
    parser.add_argument("--render", action="store_true", help="time the full notebook → PDF rendering")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ioc-bench-report-") as folder:
        base_time, base_rows = measure(1, args.days, args.render, Path(folder))
        big_time, big_rows = measure(10, args.days, args.render, Path(folder))
    what = "render" if args.render else "build_report"
    print(f"{what} 1×:  {base_time:.3f} s ({base_rows} rows)")
    print(f"{what} 10×: {big_time:.3f} s ({big_rows} rows)")
    print(f"ratio time 10×/1× = {big_time / base_time:.2f} (rows ratio {big_rows / base_rows:.2f})")


if __name__ == "__main__":
    main()
