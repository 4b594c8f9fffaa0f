"""Dashboard queries through the data layer vs the same SQL in raw DuckDB.

The raw baseline gets views of the same names over the same Parquet files, with no
current-row de-duplication, no version checks and no dtype restoration: the ratio is what
the data layer's guarantees cost (``sql``) and what caching saves (``cached_sql``). Raw and
ours run alternately (best of ``--repeat``), so a shared machine's load hits both alike.

    python bench/bench_queries.py [--scales 1 10] [--repeat 15]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import duckdb
from common import best_of, paired_best, scratch_dir, scratch_settings

QUERIES = {
    "latest AQI per station": """
        SELECT station_id, arg_max(aqi, time) AS aqi, arg_max(band, time) AS band, max(time) AS time
        FROM environment.aqi_hourly GROUP BY station_id ORDER BY station_id""",
    "7-day AQI series, one station": """
        SELECT time, aqi, band FROM environment.aqi_hourly
        WHERE station_id = (SELECT min(station_id) FROM environment.aqi_hourly)
          AND time >= (SELECT max(time) FROM environment.aqi_hourly) - INTERVAL 7 DAY ORDER BY time""",
    "daily mean PM2.5 per station": """
        SELECT station_id, date_trunc('day', time) AS day, avg(value) AS pm25
        FROM environment.air_readings WHERE parameter = 'pm25' GROUP BY ALL ORDER BY ALL""",
    "water level vs alarm, latest": """
        SELECT station_id, arg_max(level_m, time) AS level_m, arg_max(alarm_1, time) AS alarm_1
        FROM environment.water_levels GROUP BY station_id""",
}


def raw_connection(dl) -> duckdb.DuckDBPyConnection:
    from ioc import lake

    connection = duckdb.connect()
    for name in ("environment.aqi_hourly", "environment.air_readings", "environment.water_levels"):
        files = lake.open_delta(lake.table_path(dl.lake_dir, dl.table(name))).file_uris()
        schema, view = name.split(".")
        connection.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        listed = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
        connection.execute(
            f"CREATE VIEW {schema}.{view} AS SELECT * FROM read_parquet([{listed}], hive_partitioning=true)"
        )
    return connection


def main() -> None:
    from ioc.datalayer import DataLayer
    from ioc.demo import run_demo

    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", nargs="+", type=float, default=[1, 10])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    print(f"{'size':>5} {'query':<32} {'raw ms':>8} {'sql ms':>8} {'ratio':>7} {'cached ms':>10} {'ratio':>7}")
    for scale in args.scales:
        dl = DataLayer(scratch_settings(scratch_dir("ioc-bench-q-")))
        run_demo(dl, days=14, scale=scale, plugins=["environment"], progress=False)
        raw = raw_connection(dl)
        for label, query in QUERIES.items():
            dl.sql(query)  # the views are built once per table version
            raw_s, sql_s = paired_best(lambda: raw.execute(query).df(), lambda: dl.sql(query), args.repeat)
            dl.cached_sql(query)
            cached_s = best_of(lambda: dl.cached_sql(query), repeat=args.repeat)
            print(
                f"{scale:>4g}x {label:<32} {raw_s * 1e3:>8.1f} {sql_s * 1e3:>8.1f} {sql_s / raw_s:>6.2f}x "
                f"{cached_s * 1e3:>10.2f} {cached_s / raw_s:>6.2f}x"
            )
        dl.close()


if __name__ == "__main__":
    main()
