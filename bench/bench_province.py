"""The province-year profile at two scales: ingest per table, dashboards' first render, the report.

Issue 17 asks for the cost of a province's year (``ioc demo --profile province-year``) at
``--scale 0.1`` and ``1`` where the disk allows, and for the growth between the two: cost
must grow no faster than the data. This bench runs the profile at each scale given
(``--scales 0.001 0.01`` by default: about 10 minutes on a 2-core machine; ``--scales 0.1 1`` on a
machine with the time and disk, see docs/scale-and-reliability.md) into a scratch data
directory and measures, at each scale:

* **ingest, per table**: the seconds the data layer spent storing the table's batches
  (validation, de-duplication, the atomic commit: ``ingest_log.duration_s``), as rows/s,
  against a **raw pyarrow baseline** on the same rows: their CSV read by
  ``pyarrow.csv.read_csv`` and written by ``pyarrow.parquet.write_table`` (best of 3);
* **each dashboard's first render**: a new :class:`~ioc.datalayer.DataLayer` (nothing
  cached), the page object built and turned into its Bokeh document (``server_doc``, as ``ioc serve`` does), timed;
  the SQL it sent is then replayed uncached through ``DataLayer.sql`` and on a **bare
  DuckDB connection** with views of the same names over the same Parquet files (no
  de-duplication), paired best of 5;
* **the monthly report**'s numbers (``build_report`` for the last whole month, mean of 3).

Then the growth from the smaller scale to the larger: rows ×, and each cost ×. With
``--work-dir``, a scale whose profile finished there before is measured again without
generating it anew.

    PYTHONPATH=. .venv/bin/python bench/bench_province.py [--scales 0.001 0.01] [--work-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import itertools

import duckdb
import numpy as np
import pandas as pd
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from common import best_of, paired_best, scratch_dir


@dataclass
class Scale:
    """What one scale cost."""

    scale: float
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    ingest_s: dict[str, float] = field(default_factory=dict)
    raw_ingest_s: dict[str, float] = field(default_factory=dict)
    batches: dict[str, int] = field(default_factory=dict)
    raw_batched_s: dict[str, float] = field(default_factory=dict)
    render_s: dict[str, float] = field(default_factory=dict)
    sql_s: dict[str, float] = field(default_factory=dict)
    raw_sql_s: dict[str, float] = field(default_factory=dict)
    report_s: float = 0.0


def raw_pyarrow_seconds(layer, table: str, folder: Path, batches: int = 1) -> tuple[float, float]:
    """CSV → Parquet with bare pyarrow on the table's stored rows (best of 3): in one file, and
    in as many files as the profile wrote batches (a streamed table pays a commit per batch;
    bare pyarrow then pays a file per batch, so the second ratio shows what the batching costs)."""
    columns = [c.name for c in layer.table(table).columns]
    rows = layer.sql(f"SELECT {', '.join(chr(34) + c + chr(34) for c in columns)} FROM {table}")
    source, target = folder / f"{table}.csv", folder / f"{table}.parquet"
    rows.to_csv(source, index=False)
    options = pacsv.ParseOptions(newlines_in_values=True)  # free text (posts, comments) has line breaks
    seconds = best_of(lambda: pq.write_table(pacsv.read_csv(source, parse_options=options), target), repeat=3)
    source.unlink()
    target.unlink()
    if batches <= 1:
        return seconds, seconds
    parts = [folder / f"{table}.{number}.csv" for number in range(batches)]
    for part, chunk in zip(parts, np.array_split(np.arange(len(rows)), batches), strict=True):
        rows.iloc[chunk].to_csv(part, index=False)

    def each() -> None:
        for part in parts:
            pq.write_table(pacsv.read_csv(part, parse_options=options), part.with_suffix(".parquet"))

    batched = best_of(each, repeat=3)
    for part in parts:
        part.unlink()
        part.with_suffix(".parquet").unlink(missing_ok=True)
    return seconds, batched


def raw_connection(layer) -> duckdb.DuckDBPyConnection:
    """Bare DuckDB: every stored table as a view of its Parquet files (no de-duplication)."""
    duck = duckdb.connect()
    for name in layer.tables:
        files = layer.files(name)
        if not files:
            continue
        schema, view = name.split(".", 1)
        listed = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
        duck.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        for suffix in ("", "__history"):
            duck.execute(
                f'CREATE VIEW "{schema}"."{view}{suffix}" AS SELECT * FROM '
                f"read_parquet([{listed}], hive_partitioning=true, union_by_name=true)"
            )
    return duck


def first_renders(settings, measured: Scale) -> None:
    """Each dashboard built cold, timed; then its SQL replayed, ours vs bare DuckDB."""
    import panel as pn
    from bokeh.document import Document

    from dashboards import theme
    from dashboards.serve import dashboard_class, dashboard_targets
    from ioc.datalayer import DataLayer

    theme.use_offline_resources()
    for name in dashboard_targets():
        layer = DataLayer(settings)
        sent: list[tuple[str, object]] = []
        plain_sql = layer.sql
        layer.sql = lambda query, params=None, plain_sql=plain_sql, sent=sent: (
            sent.append((query, params)) or plain_sql(query, params)
        )
        started = time.perf_counter()
        page = dashboard_class(name)(datalayer=layer)
        view = page.__panel__()  # a template (server pages) or a layout
        (view if hasattr(view, "server_doc") else pn.panel(view)).server_doc(Document())
        measured.render_s[name] = time.perf_counter() - started
        del layer.sql
        raw = raw_connection(layer)
        replayable = []
        for query, params in sent:
            try:
                raw.execute(query, params or []).df()
            except duckdb.Error:
                continue  # a query on something the bare connection has no view for (e.g. a registry)
            replayable.append((query, params))
        if replayable:

            def ours(replayable=replayable, layer=layer) -> None:
                for query, params in replayable:
                    layer.sql(query, params)

            def bare(replayable=replayable, raw=raw) -> None:
                for query, params in replayable:
                    raw.execute(query, params or []).df()

            measured.raw_sql_s[name], measured.sql_s[name] = paired_best(bare, ours, repeat=5)
        raw.close()
        layer.close()


def measure(scale: float, root: Path) -> Scale:
    from ioc.config import load_settings
    from ioc.datalayer import DataLayer
    from ioc.demo import run_profile
    from ioc.reports.content import build_report

    settings = load_settings(data_dir=root / f"scale-{scale:g}" / "data")
    measured = Scale(scale)
    layer = DataLayer(settings)
    done = settings.data_dir / "profile-done.txt"
    if done.exists():  # a --work-dir measured before: the lake and its ingest log are reused
        measured.seconds = float(done.read_text())
    else:
        started = time.perf_counter()
        run_profile(layer, "province-year", fraction=scale, progress=True)
        measured.seconds = time.perf_counter() - started
        done.write_text(f"{measured.seconds:.1f}")
    log = layer.ingest_log(limit=10_000_000)
    for table, rows in log.groupby("table_name"):
        accepted = int(rows["accepted"].sum())
        if accepted == 0 or table not in layer.tables:
            continue
        measured.rows[table] = accepted
        measured.ingest_s[table] = float(rows["duration_s"].sum())
        measured.batches[table] = int((rows["accepted"] > 0).sum())
        measured.raw_ingest_s[table], measured.raw_batched_s[table] = raw_pyarrow_seconds(
            layer, table, root, measured.batches[table]
        )
    month = (pd.Timestamp.now(tz="UTC").tz_localize(None).to_period("M") - 1).strftime("%m/%Y")
    build_report(layer, "monthly", month)  # imports and caches once
    report_started = time.perf_counter()
    for _ in range(3):
        build_report(layer, "monthly", month)
    measured.report_s = (time.perf_counter() - report_started) / 3
    layer.close()
    first_renders(settings, measured)
    return measured


def print_scale(measured: Scale) -> None:
    total = sum(measured.rows.values())
    print(f"\n== scale {measured.scale:g}: {total:,} rows stored in {measured.seconds:.0f} s (generation included)")
    print(
        f"{'table':<36} {'rows':>10} {'ours rows/s':>12} {'raw rows/s':>11} {'ratio':>7} "
        f"{'batches':>8} {'ms/batch':>9} {'ratio, raw batched alike':>25}"
    )
    for table in sorted(measured.rows, key=measured.rows.get, reverse=True):
        rows, ours, raw = measured.rows[table], measured.ingest_s[table], measured.raw_ingest_s[table]
        batches = measured.batches.get(table, 1)
        batched = measured.raw_batched_s.get(table, raw)
        print(
            f"{table:<36} {rows:>10,} {rows / ours:>12,.0f} {rows / raw:>11,.0f} {ours / raw:>6.1f}× "
            f"{batches:>8,} {ours / max(batches, 1) * 1e3:>9.0f} {ours / batched:>24.1f}×"
        )
    print(f"{'dashboard':<20} {'first render s':>14} {'its SQL: ours ms':>17} {'raw ms':>8} {'ratio':>7}")
    for name, seconds in measured.render_s.items():
        if name in measured.sql_s:
            ours, raw = measured.sql_s[name] * 1e3, measured.raw_sql_s[name] * 1e3
            print(f"{name:<20} {seconds:>14.2f} {ours:>17.1f} {raw:>8.1f} {ours / raw:>6.2f}×")
        else:
            print(f"{name:<20} {seconds:>14.2f} {'(no SQL)':>17}")
    print(f"monthly report numbers (build_report): {measured.report_s:.2f} s")


def print_growth(small: Scale, large: Scale) -> None:
    rows = sum(large.rows.values()) / max(sum(small.rows.values()), 1)
    print(f"\n== growth ×{small.scale:g} → ×{large.scale:g}: rows {rows:.1f}× (cost must grow no faster)")
    ingest = sum(large.ingest_s.values()) / max(sum(small.ingest_s.values()), 1e-9)
    print(f"ingest (all tables) {ingest:.1f}×; profile wall time {large.seconds / max(small.seconds, 1e-9):.1f}×")
    for name in large.render_s:
        if name in small.render_s:
            render = large.render_s[name] / small.render_s[name]
            sql = large.sql_s.get(name, 0) / small.sql_s[name] if small.sql_s.get(name) else float("nan")
            print(f"  {name:<20} first render {render:>5.2f}×   its SQL {sql:>5.2f}×")
    print(f"monthly report numbers {large.report_s / max(small.report_s, 1e-9):.2f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[0.001, 0.01], help="fractions of province-year")
    parser.add_argument("--work-dir", type=Path, help="where the lakes go (default: a temp dir, removed at exit)")
    args = parser.parse_args()
    root = args.work_dir or scratch_dir("ioc-bench-province-")
    os.environ.setdefault("IOC_CONFIG", str(root / "absent.yaml"))  # the bench's own defaults, not a site's
    results = []
    for scale in sorted(args.scales):
        results.append(measure(scale, root))
        print_scale(results[-1])
    for small, large in itertools.pairwise(results):
        print_growth(small, large)
    print(f"\npeak RSS of the bench process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
