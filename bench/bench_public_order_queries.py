"""The public-order dashboard's queries over a year of camera events vs raw DuckDB.

Writes ``N`` camera events spread over a year (default 500,000; the issue's size is
``--events 5000000``) and their per-minute counts through :meth:`DataLayer.write`, then times
the queries the dashboard runs — the event feed, the cameras' last message, the counts per
zone over 24 hours — through ``DataLayer.sql`` (current-row views) and ``cached_sql``, against
the same SQL in a bare DuckDB connection over the same Parquet files (no de-duplication).
Target of the issue: ≤ 1.2× the raw query.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import duckdb
import numpy as np
import pandas as pd
from common import best_of, paired_best, scratch_dir, scratch_settings

QUERIES = {
    "event feed (30 newest)": """
        SELECT event_id, time, camera_id, label, zone, score, plate, snapshot, source
        FROM public_order.camera_events ORDER BY time DESC, event_id LIMIT 30""",
    "last message per camera": """
        SELECT camera_id, max(coalesce(last_seen, time)) AS seen FROM public_order.camera_events GROUP BY 1""",
    "people per zone, 24 h, 15 min": """
        SELECT to_timestamp(floor(epoch(time) / 900) * 900) AS time, place, camera_id,
               sum(count) / count(DISTINCT time) AS count
        FROM public_order.counts
        WHERE label = 'person' AND time > (SELECT max(time) FROM public_order.counts) - INTERVAL 24 HOUR
        GROUP BY 1, 2, 3 ORDER BY 2, 1""",
    "events per camera and label, 30 days": """
        SELECT camera_id, label, count(*) AS n FROM public_order.camera_events
        WHERE time > (SELECT max(time) FROM public_order.camera_events) - INTERVAL 30 DAY GROUP BY 1, 2""",
}
TABLES = ("public_order.camera_events", "public_order.counts")


def events(total: int, seed: int = 5, cameras: int = 60) -> Iterator[pd.DataFrame]:
    """The events, a month at a time: numbers for the year up front, text only per month
    (5 M events as one frame of Python strings would take gigabytes)."""
    rng = np.random.default_rng(seed)
    end = pd.Timestamp.now(tz="UTC").floor("h")
    offsets = np.sort(rng.integers(0, 365 * 86400, total))
    start = end - pd.Timedelta(days=365) + pd.to_timedelta(offsets, unit="s")
    labels = np.array(["person", "car", "motorcycle", "truck"])
    camera_names = np.array([f"cam_{c:03d}" for c in range(cameras)], dtype=object)
    camera = rng.integers(0, cameras, total)
    duration = rng.integers(2, 120, total)
    label = rng.integers(0, len(labels), total)
    score = rng.uniform(0.5, 1.0, total).round(3)
    months = start.strftime("%Y-%m")
    bounds = np.flatnonzero(np.r_[True, months[1:] != months[:-1], True])
    for first, after in itertools.pairwise(bounds):
        part = slice(first, after)
        yield pd.DataFrame(
            {
                "event_id": np.char.add("b-", np.char.zfill(np.arange(first, after).astype(str), 8)).astype(object),
                "camera_id": camera_names[camera[part]],
                "time": start[part],
                "end_time": start[part] + pd.to_timedelta(duration[part], unit="s"),
                "label": labels[label[part]].astype(object),
                "zone": "z1",
                "score": score[part],
                "source": "frigate",
            }
        )


def counts(frame: pd.DataFrame) -> pd.DataFrame:
    minutes = frame.assign(time=frame["time"].dt.floor("min"))
    grouped = minutes.groupby(["camera_id", "zone", "label", "time"], as_index=False).size()
    grouped = grouped.rename(columns={"size": "count"})
    grouped["place"] = grouped["camera_id"] + "/" + grouped["zone"]
    return grouped


def raw_connection(dl) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    for name in TABLES:
        files = dl.files(name)
        schema, view = name.split(".")
        connection.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        listed = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
        connection.execute(
            f"CREATE VIEW {schema}.{view} AS SELECT * FROM read_parquet([{listed}], hive_partitioning=true)"
        )
    return connection


def main() -> None:
    from ioc.datalayer import DataLayer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500_000)
    args = parser.parse_args()
    dl = DataLayer(scratch_settings(scratch_dir("ioc-bench-po-")))
    for month in events(args.events):
        dl.write("public_order.camera_events", month, source="bench")
        dl.write("public_order.counts", counts(month), source="bench")
    raw = raw_connection(dl)
    print(f"{args.events:,} events")
    print(f"{'query':<38} {'raw ms':>8} {'sql ms':>8} {'ratio':>7} {'cached ms':>10} {'ratio':>7}")
    for label, query in QUERIES.items():
        dl.sql(query)  # the views are built once per table version
        raw_s, sql_s = paired_best(lambda: raw.execute(query).df(), lambda: dl.sql(query), repeat=15)
        dl.cached_sql(query)
        cached_s = best_of(lambda: dl.cached_sql(query), repeat=5)
        print(
            f"{label:<38} {raw_s * 1e3:>8.1f} {sql_s * 1e3:>8.1f} {sql_s / raw_s:>6.2f}x "
            f"{cached_s * 1e3:>10.2f} {cached_s / raw_s:>6.2f}x"
        )
    dl.close()


if __name__ == "__main__":
    main()
