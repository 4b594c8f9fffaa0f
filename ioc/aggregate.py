"""Heavy group-by aggregations over a table's current rows, on DuckDB or on a Dask cluster.

One machine's DuckDB answers a province-year comfortably; when a job outgrows it (many
years, model labelling of every item), the same aggregation runs on a Dask distributed
cluster named by ``IOC_DASK_SCHEDULER=tcp://host:8786`` (``dask_scheduler`` in ioc.yaml)
and gives the same answer. Both engines aggregate the **current** rows (latest value per
natural key): DuckDB through the data layer's views, Dask by shuffling the stored rows on
the key and keeping the latest per key (skipped for a compacted table, whose files already
hold one row per key).

Example
-------
>>> group_aggregate(dl, "environment.air_readings", by=["station_id"],
...                 aggregations={"pm25_mean": ("value", "mean"), "n": ("value", "count")})
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import pandas as pd

from ioc import lake
from ioc.datalayer import DataLayer, _quote, _restore_dtypes, _split_compacted, current_rows

Engine = Literal["auto", "duckdb", "dask"]
FUNCTIONS = {"sum": "sum", "mean": "avg", "count": "count", "min": "min", "max": "max"}
"""Aggregations both engines compute identically (pandas name → DuckDB name)."""


def group_aggregate(
    datalayer: DataLayer,
    table: str,
    *,
    by: Sequence[str],
    aggregations: Mapping[str, tuple[str, str]],
    engine: Engine = "auto",
    scheduler: Any = None,
) -> pd.DataFrame:
    """Aggregate a table's current rows by ``by``: ``{output: (column, function)}``.

    Parameters
    ----------
    engine
        ``"duckdb"``, ``"dask"``, or ``"auto"``: Dask when a scheduler is given or set in
        the settings (``IOC_DASK_SCHEDULER``), DuckDB otherwise.
    scheduler
        A ``distributed.Client``, a scheduler address, or ``None`` for the settings' one.

    Returns
    -------
    pandas.DataFrame
        One row per group, the ``by`` columns first, sorted by them (the same on both engines).
    """
    spec = datalayer.table(table)
    by = list(by)
    for output, (column, function) in aggregations.items():
        if function not in FUNCTIONS:
            raise ValueError(f"{output}: unsupported aggregation {function!r}; use one of {sorted(FUNCTIONS)}")
        if column not in spec.column_names:
            raise ValueError(f"{output}: {table} has no column {column!r}")
    scheduler = scheduler or datalayer.settings.dask_scheduler
    use_dask = engine == "dask" or (engine == "auto" and scheduler is not None)
    frame = (
        _on_dask(datalayer, table, by, aggregations, scheduler)
        if use_dask
        else _on_duckdb(datalayer, table, by, aggregations)
    )
    frame = _restore_dtypes(frame.sort_values(by).reset_index(drop=True), spec)  # same dtypes from both
    for output, (_column, function) in aggregations.items():
        frame[output] = frame[output].astype("int64" if function == "count" else "float64")
    return frame[[*by, *aggregations]]


def _on_duckdb(datalayer: DataLayer, table: str, by: list[str], aggregations: Mapping[str, tuple[str, str]]):
    groups = ", ".join(_quote(c) for c in by)
    outputs = ", ".join(
        f"{FUNCTIONS[function]}({_quote(column)}) AS {_quote(output)}"
        for output, (column, function) in aggregations.items()
    )
    return datalayer.sql(f"SELECT {groups}, {outputs} FROM {table} GROUP BY {groups}")


def _on_dask(datalayer, table, by, aggregations, scheduler):
    import dask.dataframe as dd
    from distributed import Client

    spec = datalayer.table(table)
    delta = datalayer.storage.open(spec)
    files = delta.file_uris() if delta is not None else []
    if not files:
        return pd.DataFrame({c: [] for c in [*by, *aggregations]})
    _base, fresh = _split_compacted(datalayer.storage, spec, delta, files)
    columns = sorted({*by, *spec.key, *(c for c, _ in aggregations.values())})
    needs_dedup = bool(fresh)
    read = columns + (["_ingested_at", "_seq"] if needs_dedup else [])
    options = datalayer.storage.options
    client = scheduler if isinstance(scheduler, Client) else Client(scheduler) if scheduler else None
    try:
        # one partition per file, read by pyarrow on the worker (dask's own parquet reader
        # trips pandas deprecations; the file list is the committed Delta snapshot anyway)
        meta = lake.arrow_schema(spec).empty_table().select(read).to_pandas()
        rows = dd.from_map(_read_file, files, columns=read, options=options, meta=meta)
        if needs_dedup:  # every version of a key to one partition, then the latest per key
            key = list(spec.key)
            rows = rows.shuffle(on=key).map_partitions(
                lambda part: current_rows(part, key)[columns], meta=rows._meta[columns]
            )
        named = {output: (column, function) for output, (column, function) in aggregations.items()}
        result = rows.groupby(by, dropna=False).agg(**named).compute()
    finally:
        if client is not None and client is not scheduler:
            client.close()
    return result.reset_index()


def _read_file(path: str, columns: list[str], options: dict[str, str] | None) -> pd.DataFrame:
    """One Parquet file of the lake as pandas (runs on a Dask worker)."""
    import pyarrow.parquet as pq

    if "://" in path and not path.startswith("file://"):
        filesystem = lake.Storage(path, options).filesystem()
        return pq.read_table(path.split("://", 1)[1], columns=columns, filesystem=filesystem).to_pandas()
    return pq.read_table(path.removeprefix("file://"), columns=columns).to_pandas()
