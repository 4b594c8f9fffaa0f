"""The lake: one Delta Lake table per declared table, partitioned by month.

Delta's transaction log is what makes writes all-or-nothing: Parquet files of a batch
become visible only when the commit file lands, so a writer killed mid-batch (even by
``kill -9``) leaves at most unreferenced files that no reader sees and ``vacuum`` removes.
Every stored row carries bookkeeping columns:

``_batch_id``   the ingest batch that wrote it
``_ingested_at`` when (UTC)
``_seq``        its order inside the batch
``_row_hash``   a content hash, to tell an exact duplicate from a correction
``_month``      the partition (``YYYY-MM`` of the time column)
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
from deltalake import DeltaTable, write_deltalake
from deltalake.exceptions import TableNotFoundError

from ioc.tables import Table

META_COLUMNS = ("_batch_id", "_ingested_at", "_seq", "_row_hash", "_month")

_ARROW = {
    "string": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "timestamp": pa.timestamp("us", tz="UTC"),
    "date": pa.timestamp("us"),
}

_DUCK = {
    "string": "VARCHAR",
    "int": "BIGINT",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "timestamp": "TIMESTAMPTZ",
    "date": "TIMESTAMP",
}


def arrow_schema(table: Table) -> pa.Schema:
    """The Arrow schema a table is stored with (declared columns + bookkeeping)."""
    fields = [pa.field(c.name, _ARROW[c.dtype]) for c in table.columns]
    fields += [
        pa.field("_batch_id", pa.string()),
        pa.field("_ingested_at", pa.timestamp("us", tz="UTC")),
        pa.field("_seq", pa.int64()),
        pa.field("_row_hash", pa.int64()),
        pa.field("_month", pa.string()),
    ]
    return pa.schema(fields)


def duckdb_type(dtype: str) -> str:
    return _DUCK[dtype]


def table_path(lake_dir: Path, table: Table) -> Path:
    plugin, name = table.name.split(".", 1)
    return lake_dir / plugin / name


def open_delta(path: Path) -> DeltaTable | None:
    """Open the Delta table at ``path``; ``None`` when nothing was ever committed."""
    try:
        return DeltaTable(str(path))
    except TableNotFoundError:
        return None


def committed_version(path: Path) -> int | None:
    """The latest committed version, read from the names in ``_delta_log`` (cheap: no log
    replay). Commit files are written atomically by Delta, so a listed one is complete."""
    log = path / "_delta_log"
    try:
        versions = [
            int(entry.name[:-5])
            for entry in os.scandir(log)
            if entry.name.endswith(".json") and entry.name[:-5].isdigit()
        ]
    except FileNotFoundError:
        return None
    return max(versions) if versions else None


def append(path: Path, table: Table, frame: pd.DataFrame) -> int:
    """Append one batch atomically and return the new table version."""
    data = pa.Table.from_pandas(frame, preserve_index=False).cast(arrow_schema(table))
    path.mkdir(parents=True, exist_ok=True)
    # "merge": a column a plugin adds to its table later (nullable) extends the stored schema;
    # without it the first write after the upgrade fails with a schema mismatch
    write_deltalake(str(path), data, mode="append", partition_by=["_month"], schema_mode="merge")
    return DeltaTable(str(path)).version()
