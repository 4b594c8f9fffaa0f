"""Twenty dashboard and wall sessions for ten minutes while ingest runs (issue 17's load test).

The real ``serve()`` on loopback, ``--sessions`` concurrent Bokeh websocket clients (a
probe page that counts rows per batch tag, and every fifth client going round the
environment, overview and command pages and the video wall), tagged ``DataLayer.write``
batches meanwhile, and the environment demo's data behind the real pages. Printed:
sessions, page sessions opened and how long they took to open, probe reads, batches,
errors, torn reads (a page showing part of a batch) and the server's RSS at the start, peak
and end. Baseline: the same probe page opened alone before the load (the ratio is the
slow-down under load). See ``bench/load_harness.py``; ``tests/dashboards/test_load.py`` is
the short run of the normal suite.

Usage: ``python bench/bench_load.py [--minutes 10] [--sessions 20] [--rows 200] [--every 2]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_harness import run_load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long the load runs")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent clients")
    parser.add_argument("--rows", type=int, default=200, help="rows per ingest batch")
    parser.add_argument("--every", type=float, default=2.0, help="seconds between two ingest batches")
    parser.add_argument("--demo-days", type=int, default=2, help="days of environment demo behind the real pages")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ioc-bench-load-") as folder:
        report = run_load(
            Path(folder),
            sessions=args.sessions,
            seconds=args.minutes * 60,
            rows=args.rows,
            batch_every_s=args.every,
            demo_days=args.demo_days,
            baseline_opens=5,
            progress=True,
        )
    print("\n".join(report.lines()))
    for line in (report.errors + report.torn)[:20]:
        print("  ", line)


if __name__ == "__main__":
    main()
