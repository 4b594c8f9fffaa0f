"""The lake: one Delta Lake table per declared table, partitioned by month.

Delta's transaction log is what makes writes all-or-nothing: Parquet files of a batch
become visible only when the commit file lands, so a writer killed mid-batch (even by
``kill -9``) leaves at most unreferenced files that no reader sees and ``vacuum`` removes.
Every stored row carries bookkeeping columns:

``_batch_id``   the ingest batch that wrote it
``_ingested_at`` when (UTC)
``_seq``        its write ordinal: increasing inside a batch and across writes (ties of ``_ingested_at``)
``_row_hash``   a content hash, to tell an exact duplicate from a correction
``_month``      the partition (``YYYY-MM`` of the time column)
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import pyarrow as pa
from deltalake import DeltaTable, write_deltalake
from deltalake.exceptions import TableNotFoundError

from ioc.tables import Table

SUPERSEDED = "__superseded"
"""Suffix of the archive table that compaction moves superseded rows into."""


class CompactedState(NamedTuple):
    """The key-unique part of a table, as recorded beside it.

    The files of snapshot ``version`` that are not listed in ``fresh`` (paths relative to
    the table) are the *base*: together they hold at most one row per natural key. A key
    may repeat among the ``fresh`` files and between a fresh and a base file; files added
    after ``version`` are not covered (readers treat them as fresh).
    """

    version: int
    fresh: frozenset[str] = frozenset()


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


class Storage:
    """Where the lake lives: a local folder or an object-store URI (``s3://bucket/lake``).

    deltalake's object-store support reads and writes the same Delta tables on S3-compatible
    storage (MinIO, Ceph, AWS S3); ``options`` are its storage options (endpoint, keys,
    ``AWS_ALLOW_HTTP``), see :meth:`ioc.config.LakeSettings.storage_options`.
    """

    def __init__(self, root: str | Path, options: dict[str, str] | None = None) -> None:
        self.root = str(root)
        self.options = dict(options) if options else None

    @property
    def remote(self) -> bool:
        return "://" in self.root and not self.root.startswith("file://")

    def uri(self, table: Table, suffix: str = "") -> str:
        """The table's location (``suffix="__superseded"``: its archive of superseded rows)."""
        plugin, name = table.name.split(".", 1)
        if self.remote:
            return f"{self.root.rstrip('/')}/{plugin}/{name}{suffix}"
        return str(Path(self.root) / plugin / f"{name}{suffix}")

    def open(self, table: Table, suffix: str = "", version: int | None = None) -> DeltaTable | None:
        return open_delta(self.uri(table, suffix), self.options, version=version)

    def version(self, table: Table, suffix: str = "") -> int | None:
        return committed_version(self.uri(table, suffix), self.options)

    def commit_stamp(self, table: Table, version: int) -> tuple[int, int, int] | None:
        """What tells the commit file of ``version`` from any other (inode, mtime, size), on
        local disk; ``None`` on an object store or when the file is not there. A table
        deleted and re-created up to the same version has other commit files."""
        if self.remote:
            return None
        try:
            stat = os.stat(Path(self.uri(table)) / "_delta_log" / f"{version:020d}.json")
        except OSError:
            return None
        return stat.st_ino, stat.st_mtime_ns, stat.st_size

    def filesystem(self):
        """A pyarrow filesystem for the lake (S3 with the same endpoint and keys, or local)."""
        from pyarrow import fs

        if not self.remote:
            return fs.LocalFileSystem()
        options = self.options or {}
        endpoint = options.get("AWS_ENDPOINT_URL", "")
        return fs.S3FileSystem(
            access_key=options.get("AWS_ACCESS_KEY_ID"),
            secret_key=options.get("AWS_SECRET_ACCESS_KEY"),
            region=options.get("AWS_REGION", "us-east-1"),
            endpoint_override=endpoint.split("://", 1)[-1] or None,
            scheme="http" if endpoint.startswith("http://") else "https",
        )

    def _marker(self, table: Table) -> str:
        path = self.uri(table, "__compacted.json")
        return path.split("://", 1)[1] if self.remote else path

    def compacted_state(self, table: Table) -> CompactedState | None:
        """What is known key-unique about ``table`` (``None``: nothing, e.g. never compacted).

        Kept in a small object beside the table (``<table>__compacted.json``), not in the
        Delta log: Delta's own table properties cannot be altered on every object store.
        Compaction writes it, and so does every write that keeps the table key-unique
        (:meth:`ioc.datalayer.DataLayer.write`).
        """
        import json

        try:
            with self.filesystem().open_input_stream(self._marker(table)) as handle:
                body = json.loads(handle.read())
            return CompactedState(int(body["version"]), frozenset(str(f) for f in body.get("fresh", ())))
        except (FileNotFoundError, OSError, ValueError, KeyError, TypeError):
            return None

    def compacted_version(self, table: Table) -> int | None:
        """The version of the last :meth:`compacted_state` (``None``: none recorded)."""
        state = self.compacted_state(table)
        return None if state is None else state.version

    def mark_compacted(self, table: Table, version: int, fresh: Iterable[str] = ()) -> None:
        """Record that ``version`` of ``table`` holds one row per key outside the ``fresh``
        files (paths relative to the table, see :meth:`relative`); atomic replace."""
        import json

        body = json.dumps({"version": version, "fresh": sorted(fresh)}).encode()
        target = self._marker(table)
        if self.remote:  # one PUT is atomic on S3
            with self.filesystem().open_output_stream(target) as handle:
                handle.write(body)
            return
        temporary = Path(target + ".tmp")
        temporary.write_bytes(body)
        temporary.replace(target)

    def relative(self, table: Table, file: str) -> str:
        """A data file's path inside its table (what the marker stores: it survives a moved lake)."""
        root = self.uri(table).rstrip("/") + "/"
        file = file.removeprefix("file://")
        return file[len(root) :] if file.startswith(root) else file

    def __repr__(self) -> str:  # never the options: they hold the secret key
        return f"Storage({self.root!r})"


def table_path(lake_dir: Path, table: Table) -> Path:
    """The local folder of a table in a lake on local disk."""
    plugin, name = table.name.split(".", 1)
    return lake_dir / plugin / name


def open_delta(path: str | Path, storage_options: dict[str, str] | None = None, version: int | None = None):
    """Open the Delta table at ``path``; ``None`` when nothing was ever committed."""
    try:
        return DeltaTable(str(path), version=version, storage_options=storage_options)
    except TableNotFoundError:
        return None


def committed_version(path: str | Path, storage_options: dict[str, str] | None = None) -> int | None:
    """The latest committed version. On local disk it is read from the names in
    ``_delta_log`` (cheap: no log replay; commit files are written atomically by Delta,
    so a listed one is complete); on object storage deltalake lists the log."""
    if "://" in str(path) and not str(path).startswith("file://"):
        delta = open_delta(path, storage_options)
        return None if delta is None else delta.version()
    log = Path(path) / "_delta_log"
    try:
        versions = [
            int(entry.name[:-5])
            for entry in os.scandir(log)
            if entry.name.endswith(".json") and entry.name[:-5].isdigit()
        ]
    except FileNotFoundError:
        return None
    return max(versions) if versions else None


def append(
    path: str | Path,
    table: Table,
    frame: pd.DataFrame | pa.Table,
    storage_options: dict[str, str] | None = None,
    *,
    delta: DeltaTable | None = None,
) -> int:
    """Append one batch atomically and return the new table version.

    ``delta``: the table at ``path`` as the caller opened it (``None``: not created yet, or
    not at hand). deltalake commits through it and moves it to the new version (a commit of
    another writer in between included), so its log is not replayed again here.
    """
    schema = arrow_schema(table)
    if isinstance(frame, pa.Table):
        data = frame.select(schema.names).cast(schema)
    else:
        data = pa.Table.from_pandas(frame, preserve_index=False).cast(schema)
    if "://" not in str(path):
        Path(path).mkdir(parents=True, exist_ok=True)
    # "merge": a column a plugin adds to its table later (nullable) extends the stored schema;
    # without it the first write after the upgrade fails with a schema mismatch
    if delta is not None:
        write_deltalake(delta, data, mode="append", partition_by=["_month"], schema_mode="merge")
        return delta.version()
    write_deltalake(
        str(path), data, mode="append", partition_by=["_month"], schema_mode="merge", storage_options=storage_options
    )
    return DeltaTable(str(path), storage_options=storage_options).version()


@contextlib.contextmanager
def writer_lock(storage: Storage, table: Table) -> Iterator[None]:
    """Hold the table's writer lock: an ``flock`` on ``<lake>/.locks/<table>.lock``.

    Delta's optimistic concurrency keeps appends safe, but a compaction that overwrites a
    month must not race an append to it; processes on one machine take this lock. On an
    object store (no shared file system) one writer per table is a deployment rule.
    """
    if storage.remote:
        yield
        return
    folder = Path(storage.root) / ".locks"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{table.name}.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remote_dataset(storage: Storage, table: Table, files: list[str]):
    """An Arrow dataset over Parquet files on the object store, with the ``_month`` partition."""
    import pyarrow.dataset as ds

    filesystem = storage.filesystem()
    base = storage.uri(table).split("://", 1)[1]
    paths = [f.split("://", 1)[1] for f in files]
    schema = arrow_schema(table)
    return ds.dataset(
        paths,
        schema=schema,
        format="parquet",
        filesystem=filesystem,
        partitioning=ds.partitioning(pa.schema([schema.field("_month")]), flavor="hive"),
        partition_base_dir=base,
    )
