"""Public administration: per-event rule checking vs parsing alone; 766 scoring vs a plain group-by.

1. **Per-event checks.** The demo's dossier events as NDJSON lines. Baseline: decode each line
   (``json.loads``) and nothing else. Measured: decode, map to a table row and run the
   dossier's :class:`~ioc_plugins.public_admin.checks.DossierTracker` on it (every rule, working
   days on the Tết-aware calendar). Prints events/s of both, the ratio and the p99 latency of
   one event. The issue's goal: ≥ 50 000 events/s on 2 cores, p99 ≤ 1 ms. Wall time on a
   shared machine swings with the neighbours' load, so both are also timed in CPU time
   (``time.process_time``), the steadier ratio; baseline and checks are interleaved, best of 5.
2. **766 scoring.** The same demo written to the lake; :func:`index766.index_for` for the year
   vs a plain DuckDB group-by (dossiers and on-time dossiers per agency) over the same Parquet
   files. Prints both times and the ratio.

``python bench/bench_public_admin.py [--scale S] [--days D]``; the issue's full size
(500 000 dossiers / 5 M events) is roughly ``--days 365 --scale 60``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import duckdb
import numpy as np
import pandas as pd
from common import best_of, scratch_dir, scratch_settings


def best_cpu(function, repeat: int = 5) -> float:
    """Minimum CPU time (this process) of ``repeat`` runs: steady under other processes' load."""
    timings = []
    for _ in range(repeat):
        started = time.process_time()
        function()
        timings.append(time.process_time() - started)
    return min(timings)


def demo(days: int, scale: float) -> dict[str, pd.DataFrame]:
    from ioc.plugins import DemoContext
    from ioc_plugins.public_admin.demo import generate

    start = pd.Timestamp.now(tz="UTC").floor("D") - pd.Timedelta(days=days)
    return dict(generate(DemoContext(start=start, days=days, scale=scale, seed=11)))


def ndjson_lines(events: pd.DataFrame) -> list[str]:
    records = events.astype(object).where(events.notna(), None).to_dict(orient="records")
    return [
        json.dumps(
            {"MaSuKien": r["event_id"], "MaHoSo": r["dossier_code"], "HanhDong": r["action"],
             "ThoiGian": pd.Timestamp(r["at"]).isoformat(), "CanBo": r.get("actor"), "BuocXuLy": r.get("step"),
             "DinhMucNgay": r.get("quota_days"), "LyDo": r.get("stated_reason")},
            ensure_ascii=False,
        )
        for r in sorted(records, key=lambda r: r["at"])
    ]  # fmt: skip


def per_event(dossiers: pd.DataFrame, lines: list[str]) -> None:
    from ioc.calendar import WorkingCalendar
    from ioc_plugins.public_admin.checks import DossierTracker
    from ioc_plugins.public_admin.config import PublicAdminConfig

    def parse() -> None:
        [json.loads(line) for line in lines]

    calendar, config = WorkingCalendar(), PublicAdminConfig()
    rows = {r["code"]: r for r in dossiers.astype(object).where(dossiers.notna(), None).to_dict(orient="records")}
    latencies = np.empty(len(lines))
    found = 0

    def run() -> None:
        nonlocal found
        trackers: dict[str, DossierTracker] = {}
        found = 0
        for i, line in enumerate(lines):
            started = time.perf_counter()
            record = json.loads(line)
            event = {"event_id": record["MaSuKien"], "action": record["HanhDong"], "at": datetime.fromisoformat(record["ThoiGian"]),
                     "actor": record["CanBo"], "step": record["BuocXuLy"], "quota_days": record["DinhMucNgay"],
                     "stated_reason": record["LyDo"]}  # fmt: skip
            code = record["MaHoSo"]
            tracker = trackers.get(code)
            if tracker is None:
                tracker = trackers[code] = DossierTracker.for_dossier(rows[code], calendar, config)
            found += len(tracker.apply(event))
            latencies[i] = time.perf_counter() - started

    # baseline and checks interleaved, best of 5 each: a burst of the neighbours' load hits both alike
    parse_s = check_s = parse_cpu = check_cpu = float("inf")
    for _ in range(5):
        parse_s, parse_cpu = min(parse_s, best_of(parse, repeat=1)), min(parse_cpu, best_cpu(parse, repeat=1))
        check_s, check_cpu = min(check_s, best_of(run, repeat=1)), min(check_cpu, best_cpu(run, repeat=1))
    n = len(lines)
    print(f"per-event checks: {n} events, {found} violations")
    print(f"  parse only      {n / parse_s:>12,.0f} events/s wall {n / parse_cpu:>12,.0f} events/s CPU")
    print(f"  parse + rules   {n / check_s:>12,.0f} events/s wall {n / check_cpu:>12,.0f} events/s CPU")
    print(f"  ratio to parse-only: {check_s / parse_s:.2f}x wall, {check_cpu / parse_cpu:.2f}x CPU")
    print(f"  latency per event: p50 {np.percentile(latencies, 50) * 1e6:.0f} µs, p99 {np.percentile(latencies, 99) * 1e6:.0f} µs")  # fmt: skip


def scoring(frames: dict[str, pd.DataFrame]) -> None:
    from ioc import lake
    from ioc.datalayer import DataLayer
    from ioc_plugins.public_admin import index766
    from ioc_plugins.public_admin.tables import TABLES

    layer = DataLayer(scratch_settings(scratch_dir("ioc-bench-pa-")), tables=TABLES)
    for name in ("public_admin.procedures", "public_admin.dossiers", "public_admin.dossier_events", "public_admin.feedback"):  # fmt: skip
        if name in frames:
            layer.write(name, frames[name])
    raw = duckdb.connect()
    for name in ("public_admin.dossiers", "public_admin.dossier_events"):
        files = lake.open_delta(lake.table_path(layer.lake_dir, layer.table(name))).file_uris()
        listed = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
        raw.execute(
            f"CREATE VIEW {name.split('.')[1]} AS SELECT * FROM read_parquet([{listed}], hive_partitioning=true)"
        )
    plain = """SELECT d.agency_code, count(*) AS dossiers,
                      count(*) FILTER (WHERE coalesce(e.done, d.finished_at) <= d.due_at) AS on_time
               FROM dossiers d LEFT JOIN (SELECT dossier_code, min("at") AS done FROM dossier_events
                                          WHERE action = 'finished' GROUP BY 1) e ON e.dossier_code = d.code
               GROUP BY 1"""
    year = pd.Timestamp.now().year
    plain_s = best_of(lambda: raw.execute(plain).df())
    index_s = best_of(lambda: index766.index_for(layer, "year", year))
    print(f"766 scoring over {len(frames['public_admin.dossiers'])} dossiers:")
    print(f"  plain DuckDB group-by {plain_s * 1e3:>9.1f} ms")
    print(f"  index766.index_for    {index_s * 1e3:>9.1f} ms   ({index_s / plain_s:.1f}x)")
    layer.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--days", type=int, default=60)
    options = parser.parse_args()
    frames = demo(options.days, options.scale)
    per_event(frames["public_admin.dossiers"], ndjson_lines(frames["public_admin.dossier_events"]))
    scoring(frames)


if __name__ == "__main__":
    main()
