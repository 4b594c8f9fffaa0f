"""Suricata EVE ingest and dashboard queries vs bare baselines, as ratios in one run.

1. Ingest: the ``suricata_eve`` adapter + ``DataLayer.write`` (validation, dedup by key, atomic
   Delta commit) against a bare ``orjson`` parse of the same lines into a ``pyarrow`` table
   written to Parquet. Target (issue 11): workbench throughput ≥ 0.5× the baseline.
   Bare and workbench runs alternate (best of 3 after a pair not counted), and CPU time is printed next to wall time:
   on a loaded shared machine the CPU ratio is the steadier one.
2. Queries: the SQL the dashboard's reads (:mod:`ioc_plugins.infosec.queries`) send, through
   ``DataLayer.sql`` against the same SQL in raw DuckDB on views of the same names over the
   same Parquet files (run alternately, best of 7). Target: ≤ 1.2× raw DuckDB.

``python bench/bench_infosec.py [events] [--queries-only]`` (default 200 000; the issue's year
is 2 000 000: ``--queries-only`` ingests it once and times the queries only).
Derived tables and rules are switched off for the ingest comparison, then timed separately.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import duckdb
import orjson
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from common import paired_best, scratch_dir, scratch_settings

FIELDS = ("timestamp", "event_type", "src_ip", "src_port", "dest_ip", "dest_port", "proto")


def eve_lines(count: int, seed: int = 7) -> list[str]:
    """``count`` EVE records over a year: alerts (20 %), dns and flow, 13 agencies' ranges."""
    rng = random.Random(seed)
    start = pd.Timestamp("2025-01-01", tz="UTC").value // 1000
    lines = []
    for number in range(count):
        micros = start + rng.randrange(365 * 86_400_000_000)
        stamp = pd.Timestamp(micros, unit="us", tz="UTC").strftime("%Y-%m-%dT%H:%M:%S.%f") + "+0000"
        record = {
            "timestamp": stamp,
            "flow_id": number,
            "src_ip": f"203.0.113.{rng.randint(1, 60)}",
            "src_port": rng.randint(1024, 65535),
            "dest_ip": f"10.77.{rng.randint(1, 12)}.{rng.randint(2, 250)}",
            "dest_port": rng.choice([22, 80, 443, 53]),
            "proto": "TCP",
        }
        kind = rng.random()
        if kind < 0.2:
            sid = rng.randint(1, 40)
            record |= {
                "event_type": "alert",
                "alert": {
                    "signature_id": 2_000_000 + sid,
                    "signature": f"ET SCAN demo {sid}",
                    "severity": rng.randint(1, 3),
                },
            }
        elif kind < 0.6:
            record |= {
                "event_type": "dns",
                "dns": {"type": "query", "rrname": f"h{number % 500}.gov.vn", "rrtype": "A"},
            }
        else:
            record |= {"event_type": "flow", "flow": {"pkts_toserver": 3, "bytes_toserver": 300}}
        lines.append(json.dumps(record, separators=(",", ":")))
    return lines


def bare_parse(path: Path, target: Path) -> None:
    """The baseline: orjson per line, the flat fields and the alert's into Arrow, then Parquet."""
    columns: dict[str, list] = {name: [] for name in (*FIELDS, "signature_id", "signature", "severity", "raw")}
    with open(path, "rb") as handle:
        for line in handle:
            record = orjson.loads(line)
            for name in FIELDS:
                columns[name].append(record.get(name))
            alert = record.get("alert") or {}
            columns["signature_id"].append(alert.get("signature_id"))
            columns["signature"].append(alert.get("signature"))
            columns["severity"].append(alert.get("severity"))
            columns["raw"].append(line.decode())
    table = pa.table(columns)
    table = table.set_column(0, "timestamp", pa.array(pd.to_datetime(columns["timestamp"], utc=True, format="ISO8601")))
    pq.write_table(table, target)


REPEAT = 3


def timed(function: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds (every thread of the process) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - wall, time.process_time() - cpu


def compare_ingest(
    count: int, eve: Path, work: Path, workbench: Callable[[], None], fresh_layer: Callable[[], object]
) -> None:
    """The ingest comparison (part 1), printed."""
    from ioc.ingest import ingest_files

    # alternately, so both meet the same moments of a shared machine's load; CPU time (all the
    # process's threads) moves far less than wall time there, so both ratios are printed. A
    # first pair is not counted: the process's first batches of this size pay for fresh memory
    # (page faults, counted as CPU) and lazy set-ups (0.55-0.65 s of CPU against 0.38-0.43 s after)
    bare_parse(eve, work / "bare.parquet")
    workbench()
    runs = [(timed(lambda: bare_parse(eve, work / "bare.parquet")), timed(workbench)) for _ in range(REPEAT)]
    (raw_s, raw_cpu), (ioc_s, ioc_cpu) = ([min(run[side][kind] for run in runs) for kind in (0, 1)] for side in (0, 1))
    full_layer = fresh_layer()
    full_s, full_cpu = timed(lambda: ingest_files(full_layer, "suricata_eve", [eve], progress=False))
    print(f"Suricata EVE ingest, {count:,} events (best of {REPEAT}, wall / CPU)")
    print(f"  bare orjson+pyarrow → Parquet : {count / raw_s:>12,.0f} events/s   CPU {raw_cpu:.2f} s")
    print(
        f"  workbench adapter + write     : {count / ioc_s:>12,.0f} events/s   CPU {ioc_cpu:.2f} s   "
        f"throughput ratio {raw_s / ioc_s:.2f}× wall, {raw_cpu / ioc_cpu:.2f}× CPU (target ≥ 0.5×)"
    )
    print(
        f"  + derived tables and rules    : {count / full_s:>12,.0f} events/s   CPU {full_cpu:.2f} s   "
        f"ratio {raw_s / full_s:.2f}× wall, {raw_cpu / full_cpu:.2f}× CPU"
    )


def main() -> None:
    from ioc.datalayer import DataLayer
    from ioc.plugins import registry
    from ioc_plugins.infosec import queries

    count = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 200_000
    work = scratch_dir("ioc-bench-infosec-")
    eve = work / "ids" / "eve.json"
    eve.parent.mkdir()
    eve.write_text("\n".join(eve_lines(count)) + "\n", encoding="utf-8")
    adapter = registry().adapter("suricata_eve")
    layers = iter([DataLayer(scratch_settings(work / f"run{run}")) for run in range(REPEAT + 2)])

    def workbench() -> None:
        layer = next(layers)
        result = layer.write(adapter.table, adapter.read(eve, settings=layer.settings), source="bench", path=eve)
        assert result.rejected == 0, result.summary()

    if "--queries-only" in sys.argv:  # the year (2 M events): one ingest, then the queries
        workbench()
    else:
        compare_ingest(count, eve, work, workbench, lambda: next(layers))

    layer = DataLayer(scratch_settings(work / "run0"))
    start, end = pd.Timestamp("2025-01-01", tz="UTC"), pd.Timestamp("2026-01-01", tz="UTC")
    calls = {
        "top_signatures": lambda: queries.top_signatures(layer, start, end),
        "alerts_over_time": lambda: queries.alerts_over_time(layer, start, end, freq="1 day"),
        "source_agency_flows": lambda: queries.source_agency_flows(layer, start, end),
    }
    # the raw baseline runs the very SQL each dashboard function sends, on views of the same
    # names over the same Parquet files (no de-duplication, no version checks)
    duck = duckdb.connect()
    duck.execute("CREATE SCHEMA infosec")
    listed = ", ".join("'" + f.replace("'", "''") + "'" for f in layer.files("infosec.events"))
    duck.execute(f"CREATE VIEW infosec.events AS SELECT * FROM read_parquet([{listed}], hive_partitioning=true)")
    print(f"Dashboard SQL over {count:,} events (DataLayer.sql, uncached)")
    for name, call in calls.items():
        sent = []
        cached_sql = layer.cached_sql
        layer.cached_sql = lambda query, params=None: sent.append((query, params)) or cached_sql(query, params)
        call()
        del layer.cached_sql

        def ours(sent=sent) -> None:
            for query, params in sent:
                layer.sql(query, params)

        def raw(sent=sent) -> None:
            for query, params in sent:
                duck.execute(query, params or []).df()

        raw_q, ioc_q = paired_best(raw, ours, repeat=7)
        print(
            f"  {name:<22} raw {raw_q * 1000:>8.1f} ms   workbench {ioc_q * 1000:>8.1f} ms   ratio {ioc_q / raw_q:.2f}× (target ≤ 1.2×)"
        )


if __name__ == "__main__":
    main()
