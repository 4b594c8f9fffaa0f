"""Lake maintenance and scale-out: what compaction buys, and how cost grows with the data.

For the demo environment data at 1× and 10× (``--scales``), each dashboard query of
``bench_queries`` is timed through ``DataLayer.sql`` (uncached) against the same SQL in a
bare DuckDB connection over the same Parquet files, **before** and **after** ``ioc lake
compact``; then the growth ratio between the two sizes (cost must grow no faster than the
data), and one group-by through :func:`ioc.aggregate.group_aggregate` on DuckDB and on a
two-worker Dask ``LocalCluster``. Ratios only; never an assertion on time.

    python bench/bench_lake.py [--scales 1 10] [--no-dask]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_queries import QUERIES, raw_connection
from common import best_of, scratch_settings

TABLES = ("environment.aqi_hourly", "environment.air_readings", "environment.water_levels")


def measure(dl) -> dict[str, tuple[float, float]]:
    raw = raw_connection(dl)
    out = {}
    for label, query in QUERIES.items():
        raw_s = best_of(lambda: raw.execute(query).df(), repeat=5)
        sql_s = best_of(lambda: dl.sql(query), repeat=5)
        out[label] = (raw_s, sql_s)
    raw.close()
    return out


def main() -> None:
    from ioc.aggregate import group_aggregate
    from ioc.datalayer import DataLayer
    from ioc.demo import run_demo

    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", nargs="+", type=float, default=[1, 10])
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    totals: dict[float, dict[str, float]] = {}
    print(f"{'size':>5} {'query':<32} {'raw ms':>8} {'before':>8} {'ratio':>7} {'after':>8} {'ratio':>7}")
    for scale in args.scales:
        dl = DataLayer(scratch_settings(Path(tempfile.mkdtemp(prefix="ioc-bench-lake-"))))
        run_demo(dl, days=14, scale=scale, plugins=["environment"], progress=False)
        # a day of corrections, as late data does, so the de-duplication window has work
        rows = dl.read("environment.air_readings")
        dl.write("environment.air_readings", rows.tail(len(rows) // 14).assign(value=lambda f: f["value"] * 1.01))
        before = measure(dl)
        files = {name: len(dl.files(name)) for name in TABLES}
        for name in TABLES:
            dl.compact(name)
        after = measure(dl)
        for label in QUERIES:
            raw_s, before_s = before[label]
            raw_after, after_s = after[label]
            print(
                f"{scale:>4g}x {label:<32} {raw_s * 1e3:>8.1f} {before_s * 1e3:>8.1f} {before_s / raw_s:>6.2f}x "
                f"{after_s * 1e3:>8.1f} {after_s / raw_after:>6.2f}x"
            )
        print(
            "       files before → after: "
            + ", ".join(f"{n.split('.')[1]} {files[n]}→{len(dl.files(n))}" for n in TABLES)
        )
        totals[scale] = {
            "rows": float(len(dl.read("environment.air_readings", columns=["station_id"]))),
            "before": sum(v[1] for v in before.values()),
            "after": sum(v[1] for v in after.values()),
        }
        if not args.no_dask:
            aggregations = {"mean": ("value", "mean"), "n": ("value", "count")}
            by = ["station_id", "parameter"]
            duck_s = best_of(lambda: group_aggregate(dl, "environment.air_readings", by=by, aggregations=aggregations))
            from dask.distributed import Client, LocalCluster

            with (
                LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0") as cluster,
                Client(cluster) as client,
            ):
                dask_s = best_of(
                    lambda: group_aggregate(
                        dl, "environment.air_readings", by=by, aggregations=aggregations, scheduler=client
                    )
                )
            print(
                f"       group-by mean/count per station×parameter: DuckDB {duck_s * 1e3:.1f} ms, "
                f"Dask (2 workers) {dask_s * 1e3:.1f} ms = {dask_s / duck_s:.1f}× DuckDB"
            )
        dl.close()
    if len(totals) >= 2:
        small, large = sorted(totals)[0], sorted(totals)[-1]
        data = totals[large]["rows"] / totals[small]["rows"]
        for phase in ("before", "after"):
            cost = totals[large][phase] / totals[small][phase]
            print(f"growth {small:g}x → {large:g}x ({phase} compaction): data ×{data:.1f}, query time ×{cost:.1f}")


if __name__ == "__main__":
    main()
