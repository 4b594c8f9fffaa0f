"""Monthly report cost on the demo data and on ten times as much, as ratios (the cost must grow
no faster than the data).

The 10× data is the demo over ten times as many days of the same month (``--days`` and
``10 × --days`` days ending 28/11/2026, both inside November), so every plugin gives ten
times its rows; ``ioc demo --scale 10`` would not do that (the economy and public-order
demos do not grow with ``--scale``: about 2× the rows in all). Measured at each size:

* ``build_report`` — the numbers (plugins' tiles over the lake, alerts, incidents,
  narrative): the part that depends on the data; mean of three runs after a warm-up;
* the whole rendering (papermill → HTML → PDF with Chromium), once (``--no-render`` skips
  it): mostly a fixed cost (a Jupyter kernel, imports, Chromium).

Prints the time at each size, the ratio 10× / 1× and the ratio of the rows (lake rows written,
and alerts + incidents in the period, which the report reads).

    PYTHONPATH=. .venv/bin/python bench/bench_report.py [--days 2] [--no-render]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ioc.alerts import alerts_between
from ioc.config import load_settings
from ioc.datalayer import DataLayer
from ioc.demo import run_demo
from ioc.reports.content import build_report, incidents_between, parse_period
from ioc.reports.render import render_report

NOW = pd.Timestamp("2026-11-28T05:00Z")
PERIOD = "11/2026"


@dataclass
class Size:
    """One data size: what was generated and what the report cost."""

    days: int
    rows: int
    events: int
    build: float
    render: float | None


def measure(days: int, render: bool, root: Path) -> Size:
    settings = load_settings(data_dir=root / f"days-{days}")
    layer = DataLayer(settings)
    try:
        totals = run_demo(layer, days=days, progress=False, now=NOW)
        rows = sum(t["accepted"] for t in totals.values())
        period = parse_period("monthly", PERIOD, settings.site.timezone)
        events = len(alerts_between(layer.store, period.start, period.end))
        events += len(incidents_between(layer.store, period.start, period.end))
        build_report(layer, "monthly", PERIOD)  # warm caches and imports once
        start = time.perf_counter()
        for _ in range(3):
            build_report(layer, "monthly", PERIOD)
        build = (time.perf_counter() - start) / 3
    finally:
        layer.close()
    rendered = None
    if render:
        start = time.perf_counter()
        render_report(settings, "monthly", PERIOD, output_dir=root / f"out-{days}")
        rendered = time.perf_counter() - start
    return Size(days, rows, events, build, rendered)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=2, help="days of demo data at 1× (10× is ten times as many)")
    parser.add_argument("--no-render", dest="render", action="store_false", help="skip the notebook → PDF rendering")
    args = parser.parse_args()
    if args.days * 10 > 27:
        parser.error("--days × 10 must stay inside November (at most 2)")
    with tempfile.TemporaryDirectory(prefix="ioc-bench-report-") as folder:
        base = measure(args.days, args.render, Path(folder))
        big = measure(10 * args.days, args.render, Path(folder))
    rows, events = big.rows / base.rows, big.events / max(base.events, 1)
    print(f"data 1×:  {base.days} days, {base.rows} lake rows, {base.events} alerts + incidents in {PERIOD}")
    print(f"data 10×: {big.days} days, {big.rows} lake rows, {big.events} alerts + incidents in {PERIOD}")
    print(f"ratio rows 10×/1× = {rows:.2f}, alerts + incidents {events:.2f}")
    print(f"build_report 1×: {base.build:.3f} s · 10×: {big.build:.3f} s · ratio {big.build / base.build:.2f}")
    if args.render:
        print(f"render (PDF) 1×: {base.render:.1f} s · 10×: {big.render:.1f} s · ratio {big.render / base.render:.2f}")
    verdict = "no faster" if big.build / base.build <= rows else "FASTER"
    print(f"build_report grows {verdict} than the data ({big.build / base.build:.2f} vs {rows:.2f})")


if __name__ == "__main__":
    main()
