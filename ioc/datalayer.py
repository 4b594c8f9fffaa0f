"""The shared data layer: validated, atomic, idempotent writes and DuckDB queries.

Plugins declare tables; the data layer owns storage. ``write`` validates a frame row by
row, quarantines rejected rows with a reason, drops exact duplicates of current rows,
appends new values and corrections in one atomic Delta commit, and records the batch in
the ingest log. ``sql`` / ``read`` query the *current* rows (latest value per natural
key) through DuckDB; ``<table>__history`` views keep every superseded value auditable.

A marker beside each table records which of its files hold one row per key: a write that
repeats no stored key keeps the table key-unique, so append-only tables are read as they
are; a correction's files are marked fresh, and reads remove the rows they supersede (found
once per table version). Lake maintenance (:meth:`DataLayer.compact`, ``optimize``,
``vacuum``, ``maintain``; ``ioc lake …``) moves superseded rows into an archive table beside
each table and marks the rewritten snapshot key-unique again.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import re
import shutil
import threading
import time
import uuid
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np
import pandas as pd
import psutil
import pyarrow as pa
import pyarrow.compute as pc
from deltalake import DeltaTable, write_deltalake

from ioc import lake
from ioc.auth import mask_frame
from ioc.config import Settings, suggest
from ioc.dedup import ALL_MONTHS, CurrentHashes, StoredKeys, key_hashes, typed_keys
from ioc.derivations import pending_tables
from ioc.plugins import registry
from ioc.store import IngestLog, Store, open_store
from ioc.tables import DTYPES, Table, row_hash

if TYPE_CHECKING:  # heavy imports stay lazy
    import geopandas as gpd
    import xarray as xr

logger = logging.getLogger(__name__)


#: Rows per Arrow batch that ``compact`` streams from DuckDB into a month's rewrite.
COMPACT_BATCH_ROWS = 64_000
MAX_MATERIALISED_LOSERS = 2_000_000
"""Most superseded rows a current-rows view keeps in memory (some tens of MB) instead of windowing."""
#: Answers ``cached_sql`` keeps (least recently used go first). Project choice: a page asks a
#: few dozen queries; a served process with every dashboard open holds a few hundred, each a
#: small aggregate, and answers of tables' older versions are dropped as soon as seen stale.
MAX_CACHED_ANSWERS = 512
#: Commits of this process a kept Delta table object is carried over before it is opened
#: afresh (project choice: an open costs tens of ms; what the object keeps of each commit it
#: made adds up over a listener's day, see ``DataLayer._latest_delta``).
MAX_KEPT_COMMITS = 50
#: Table views (re)built on one DuckDB connection before it is replaced by a fresh one.
#: Measured (a reader querying a table that another process commits to as fast as it can,
#: optimized and vacuumed every 200 commits, 500 of its versions read): the reader grew
#: 434 → 627 MB with one connection, 430 → 500 MB (none over the last 100) renewing it
#: every 50: what DuckDB keeps per replaced view and per file read goes with the connection.
#: A renewal costs each table's view one rebuild on its next use (tens of ms; a pending
#: correction's window once); a served process following a listener that commits every 2 s
#: renews about every 100 s.
RENEW_CONNECTION_AFTER_VIEWS = 50
#: Suffix of the view that shows a table's current rows with their ``_month`` partition
#: (``environment.air_readings__by_month``): what :meth:`DataLayer.read` prunes a time range by.
BY_MONTH = "__by_month"
#: Prefix of the Arrow tables a :meth:`DataLayer.read` with ``values`` joins with, registered
#: on the DuckDB connection for that one query (unlike the tables' views, the name has no dot).
_VALUES_RELATION = "_ioc_values_"


class StorageFullError(OSError):
    """The lake's disk (or quarantine folder) ran out of space during a write.

    Nothing of the batch was committed (Delta commits last), the stored data is intact,
    and the same write succeeds once space is freed; ``ioc lake vacuum`` removes the
    partial files the failed write left behind.
    """


def _is_disk_full(error: BaseException) -> bool:
    return getattr(error, "errno", None) == errno.ENOSPC or "No space left on device" in str(error)


class UnknownTableError(KeyError):
    """A table name that no plugin declares."""

    def __str__(self) -> str:  # KeyError quotes its message; keep it readable
        return str(self.args[0])


@dataclass
class WriteResult:
    """What one write did; printed by ``ioc ingest`` and stored in the ingest log."""

    table: str
    batch_id: str
    rows_in: int = 0
    accepted: int = 0
    rejected: int = 0
    duplicate: int = 0
    superseded: int = 0
    quarantine_path: Path | None = None
    lake_version: int | None = None
    duration_s: float = 0.0
    written: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    def summary(self) -> str:
        """One line for people: counts and where the rejects went."""
        text = f"{self.table}: {self.counts_text()}"
        if self.quarantine_path:
            text += f" — dòng lỗi: {self.quarantine_path}"
        return text

    def counts_text(self) -> str:
        """The counts for people, in both languages."""
        return (
            f"{self.accepted} nhận (accepted), {self.rejected} loại (rejected), "
            f"{self.duplicate} trùng (duplicates), {self.superseded} thay thế (superseded)"
        )


_BATCH_ID = re.compile(r"\d{8}T\d{6}-[0-9a-f]{8}")


def new_batch_id(now: pd.Timestamp) -> str:
    """The id of one write: its time and a random part (every row it stores carries it)."""
    return f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a source's bytes (the ingest log's identity of a source).

    A folder (a Maildir, a Shapefile directory) hashes the relative names and bytes of
    every file inside it, in a stable order.
    """
    path = Path(path)
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir():
            digest.update(str(file.relative_to(path)).encode("utf-8") + b"\0")
        with open(file, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


class DataLayer:
    """Lake + state store + query engine for one deployment.

    Parameters
    ----------
    settings
        The deployment settings (data directory, state-store URL, tolerances).
    tables
        Tables to know; defaults to every table of every registered plugin.
    """

    def __init__(self, settings: Settings, tables: Iterable[Table] | None = None) -> None:
        self.settings = settings
        self.lake_dir = settings.lake_dir
        self.storage = lake.Storage(settings.lake_root, settings.lake.storage_options())
        self.quarantine_dir = settings.quarantine_dir
        self.store: Store = open_store(settings.state_url)
        if tables is None:  # the installed plugins: their settings sections are checked once here
            plugins = registry()
            plugins.check_settings(settings)
            tables = plugins.tables()
        self._tables: dict[str, Table] = {t.name: t for t in tables}
        self._lock = threading.RLock()
        self._spill = _spill_folder(settings.paths.spill)
        self._duck = self._connect()
        self._views_built = 0
        # per table: each live data file's column names (see _mixed_columns)
        self._file_columns: dict[str, dict[str, tuple[str, ...]]] = {}
        self._view_versions: dict[str, int | None] = {}
        self._referenced_cache: dict[str, list[str]] = {}
        # answers of cached_sql, least recently used first, each with the versions it was read at
        self._cache: OrderedDict[tuple[str, tuple[Any, ...]], pd.DataFrame] = OrderedDict()
        self._cache_versions: dict[tuple[str, tuple[Any, ...]], tuple[tuple[str, int | None], ...]] = {}
        self._hashes = CurrentHashes()
        self._stored_keys = StoredKeys()
        # per table: the Delta table object last used, the stamp of its commit and the version
        # it was opened at (see _latest_delta)
        self._deltas: dict[str, tuple[DeltaTable, tuple[int, int, int], int]] = {}
        self._key_misses: Counter[str] = Counter()  # key-unique look-ups in the lake, per table
        self._targets: dict[tuple[str, str], tuple[int, set[str]]] = {}

    # ------------------------------------------------------------------ tables
    @property
    def tables(self) -> dict[str, Table]:
        return dict(self._tables)

    def register_table(self, table: Table) -> None:
        """Make a table known (plugins' tables are registered automatically)."""
        self._tables[table.name] = table
        self._referenced_cache.clear()

    def table(self, name: str) -> Table:
        """Return a declared table; unknown names suggest the nearest."""
        try:
            return self._tables[name]
        except KeyError:
            raise UnknownTableError(f"unknown table {name!r}{suggest(name, list(self._tables))}") from None

    def version(self, name: str) -> int | None:
        """The lake version of a table (``None`` before its first write)."""
        return self.storage.version(self.table(name))

    # ------------------------------------------------------------------ writes
    def write(
        self,
        table: str | Table,
        frame: pd.DataFrame,
        *,
        source: str = "api",
        path: str | Path | None = None,
        file_hash: str | None = None,
        now: pd.Timestamp | None = None,
        batch_id: str | None = None,
    ) -> WriteResult:
        """Validate and store one batch atomically.

        Rows that fail validation go to ``<data>/quarantine/<table>/<batch>.csv`` with a
        reason each; rows identical to a current row are counted as duplicates and not
        stored again; a different value for an existing key is stored and supersedes it.
        ``batch_id``: the id the stored rows carry (:func:`new_batch_id`; a new one when not
        given), for a caller that must record it before the write (:mod:`ioc.derivations`).
        """
        table = table if isinstance(table, Table) else self.table(table)
        started = time.perf_counter()
        now = now or pd.Timestamp.now(tz="UTC")
        batch_id = batch_id or new_batch_id(now)
        result = WriteResult(table=table.name, batch_id=batch_id, rows_in=len(frame))
        good, rejected = table.validate(
            frame,
            now=now,
            future_tolerance=timedelta(minutes=self.settings.future_tolerance_minutes),
            known=self.known_references(table),
        )
        try:
            if len(rejected):
                result.rejected = len(rejected)
                result.quarantine_path = self._quarantine(table, batch_id, rejected, source, path)
            with self._lock, self._writer(table):
                # the table's log is replayed once per write: the same object looks the batch's
                # keys up, commits (deltalake moves it to the new version) and lists the files
                delta = self._latest_delta(table)
                fresh, result.duplicate, result.superseded = self._new_rows(table, good, delta)
                if len(fresh):
                    stored = self._with_bookkeeping(table, fresh, batch_id, now)
                    result.lake_version = lake.append(
                        self.storage.uri(table), table, stored, self.storage.options, delta=delta
                    )
                    self._hashes.written(table, result.lake_version, stored)
                    self._keep_key_unique(table, stored, result.lake_version, result.superseded, delta)
                    self._keep_delta(table, delta)  # moved to our commit by deltalake
                    self._clear_cache()
                result.accepted = len(fresh)
                result.written = fresh
        except Exception as error:
            self._deltas.pop(table.name, None)  # a failed commit may have left it anywhere
            if not _is_disk_full(error):
                raise
            raise StorageFullError(
                errno.ENOSPC,
                f"Hết dung lượng lưu trữ khi ghi {table.name} (no space left on device): lô {batch_id} "
                f"({len(frame)} dòng) không được ghi, dữ liệu đã lưu vẫn nguyên vẹn; giải phóng dung lượng rồi "
                f"chạy lại, sau đó `ioc lake vacuum` để dọn tệp dở dang",
            ) from None
        result.duration_s = time.perf_counter() - started
        self._log(result, source=source, path=path, file_hash=file_hash, now=now)
        return result

    def written_rows(self, name: str, batch_id: str) -> pd.DataFrame:
        """The rows one write stored (``WriteResult.written``: the table's columns and
        ``_row_hash``, in the batch's order), superseded since or not; none when that write
        never committed."""
        table = self.table(name)
        if self.version(name) is None:
            return pd.DataFrame(columns=[*table.column_names, "_row_hash"])
        columns = ", ".join(_quote(c) for c in (*table.column_names, "_row_hash"))
        query = f"SELECT {columns} FROM {name}__history WHERE _batch_id = ? ORDER BY _seq"
        return _restore_dtypes(self.sql(query, [batch_id]), table)

    def undo_write(self, name: str, batch_id: str) -> int:
        """Remove the rows one write stored (a Delta delete: one atomic commit); rows they
        superseded are current again. How many rows went.

        For :mod:`ioc.derivations` only: a killed process's partial derivations are undone
        before they are derived again. ``compact`` leaves a table with such writes pending
        alone, so the rows they superseded are still in the table, not archived.
        """
        if not _BATCH_ID.fullmatch(batch_id):
            raise ValueError(f"not a batch id: {batch_id!r}")
        table = self.table(name)
        with self._lock, self._writer(table):
            delta = self.storage.open(table)
            if delta is None:
                return 0
            metrics = delta.delete(f"_batch_id = '{batch_id}'")
            self._deltas.pop(table.name, None)
            self._clear_cache()
        return int(metrics.get("num_deleted_rows", 0) or 0)

    def known_references(self, table: Table) -> dict[str, set[str]]:
        """Values each foreign key of ``table`` accepts: the referenced table's current
        rows in the lake plus the reference's shipped registry."""
        known: dict[str, set[str]] = {}
        for reference in table.references:
            stored = (
                self._stored_targets(reference.table, reference.target) if reference.table in self._tables else set()
            )
            # the cached set itself when nothing is shipped (read only): no copy of every stored target per batch
            known[reference.column] = stored | set(reference.known()) if reference.known else stored
        return known

    def _stored_targets(self, name: str, target: str) -> set[str]:
        """The distinct values of ``target`` in the current rows of ``name``, read once per version
        (a reference table such as a station registry changes far less often than it is used)."""
        version = self.version(name)
        if version is None:
            return set()
        cached = self._targets.get((name, target))
        if cached is None or cached[0] != version:
            stored = self.sql(f"SELECT DISTINCT {_quote(target)} AS v FROM {name}")["v"]
            cached = self._targets[(name, target)] = (version, set(stored.dropna().astype(str)))
        return cached[1]

    def _latest_delta(self, table: Table) -> DeltaTable | None:
        """The table at its latest commit, its log replayed.

        The object this process last wrote or read the table with, when that commit is
        still the latest and the very same file (local disk: a table re-created up to the
        same version has other commit files); otherwise opened again. Opening replays the
        log since the last checkpoint (39 ms for a table of a year of daily commits), which
        every read after a write paid a second time. An object carried over more than
        :data:`MAX_KEPT_COMMITS` of this process's commits is opened afresh: it keeps
        something of each commit it made (measured: 0.12 MB a commit carried, 0.05 MB opened
        afresh each time; a listener commits thousands of times a day).
        """
        version = self.storage.version(table)
        kept = self._deltas.get(table.name)
        if (
            kept is not None
            and version is not None
            and kept[0].version() == version
            and version - kept[2] < MAX_KEPT_COMMITS
            and self.storage.commit_stamp(table, version) == kept[1]
        ):
            return kept[0]
        delta = self.storage.open(table)
        self._keep_delta(table, delta, opened=True)
        return delta

    def _keep_delta(self, table: Table, delta: DeltaTable | None, *, opened: bool = False) -> None:
        stamp = self.storage.commit_stamp(table, delta.version()) if delta is not None else None
        if stamp is None:
            self._deltas.pop(table.name, None)
            return
        kept = self._deltas.get(table.name)
        since = delta.version() if opened or kept is None or kept[0] is not delta else kept[2]
        self._deltas[table.name] = (delta, stamp, since)

    def _new_rows(self, table: Table, good: pd.DataFrame, delta: DeltaTable | None) -> tuple[pd.DataFrame, int, int]:
        """Drop exact duplicates (in the batch and against current rows); count corrections."""
        if good.empty:
            return good, 0, 0
        good = good.assign(_row_hash=row_hash(good, table.column_names))
        keys = list(table.key)
        # a batch whose keys are all distinct (the usual one) holds neither an exact duplicate
        # nor an in-batch correction: one pass over the keys instead of two
        repeats = bool(good.duplicated(subset=keys).any())
        duplicates = 0
        if repeats:
            in_batch = good.duplicated(subset=[*keys, "_row_hash"], keep="first")
            duplicates = int(in_batch.sum())
            if duplicates:
                good = good.loc[~in_batch]
        stored_hash, stored = self._current_hashes(table, good, delta)
        same = stored & (stored_hash == good["_row_hash"].to_numpy(dtype="int64"))
        duplicates += int(same.sum())
        superseded = int((stored & ~same).sum())
        if same.any():
            good = good.loc[~same]
        if repeats:  # a key repeated with different values inside one batch: the later row wins
            superseded += int(good.duplicated(subset=keys, keep="last").sum())
        return good.reset_index(drop=True), duplicates, superseded

    def _current_hashes(
        self, table: Table, good: pd.DataFrame, delta: DeltaTable | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The current ``_row_hash`` stored for each key of ``good`` in the batch's months, and
        whether the key is stored there at all (cached per month, see :mod:`ioc.dedup`);
        ``delta``: the table as the write opened it."""
        if delta is None:  # nothing stored yet: no key to hash, nothing to look up
            self._hashes.forget(table.name)
            return np.zeros(len(good), dtype="int64"), np.zeros(len(good), dtype=bool)
        keys = key_hashes(good, table.key)
        columns = ", ".join(_quote(k) for k in table.key)

        def fetch(months: list[str] | None) -> pd.DataFrame:
            # only the files of these months; every stored version: the cache keeps the latest per key
            files = delta.file_uris(file_pruning_predicate=[("_month", "in", months)] if months is not None else None)
            if not files:
                return pd.DataFrame(columns=[*table.key, "_row_hash", "_ingested_us", "_seq", "_month"])
            with self._lock:
                return self._duck.execute(
                    f"SELECT {columns}, _row_hash, epoch_us(_ingested_at) AS _ingested_us, _seq, "
                    f"CAST(_month AS VARCHAR) AS _month FROM {self._relation(table, files, 'hashes')}"
                ).df()

        token = (delta.metadata().id, delta.version())
        # a key holding its time is only ever stored in that time's month (``_keys_in_months``)
        own = _month_labels(good[table.time_column]) if self._keys_in_months(table) else None
        return self._hashes.lookup(table, token, _batch_months(table, good), keys, fetch, key_months=own)

    def _with_bookkeeping(self, table: Table, fresh: pd.DataFrame, batch_id: str, now: pd.Timestamp) -> pd.DataFrame:
        # a new frame over the same column arrays (copy-on-write): only the added columns cost memory
        stored = pd.DataFrame({name: fresh[name] for name in table.column_names}, copy=False)
        stored["_batch_id"] = batch_id
        stored["_ingested_at"] = now
        stored["_seq"] = _write_ordinals(len(stored))
        stored["_row_hash"] = fresh["_row_hash"].to_numpy()
        if table.time_column:
            stored["_month"] = _month_labels(stored[table.time_column])
        else:
            stored["_month"] = "all"
        return stored

    def _keep_key_unique(
        self, table: Table, stored: pd.DataFrame, version: int, superseded: int, delta: DeltaTable | None = None
    ) -> None:
        """Carry the key-unique marker over one append (runs under the table's writer lock).

        When the snapshot before this write was fully described by the marker, the new
        batch joins the key-unique *base* if none of its keys occurs twice in it nor in any
        row already stored; otherwise its files are listed as *fresh*, so reads
        de-duplicate only them. Append-only tables (readings, events, items) thus never pay
        the de-duplication window, and a correction costs reads only its own rows until
        ``ioc lake compact`` folds it in. The check is exact: it does not rely on
        ``superseded`` (which only short-cuts it) and reads only the key columns, pruned by
        the batch's key ranges (and months when the time column is in the key).
        """
        keys = list(table.key)
        # no key repeats inside the batch when nothing was superseded: ``_new_rows`` counts
        # every repeat of a key among the rows it keeps as superseded (no second pass here)
        clean = superseded == 0 and not stored[keys].isna().any(axis=None)
        if version == 0:  # a new table: its first batch is all there is (a stale marker of a
            # table deleted and re-created at this path is replaced either way)
            first = [] if clean else self.storage.open(table, version=0).file_uris()
            self.storage.mark_compacted(table, 0, {self.storage.relative(table, f) for f in first})
            return
        state = self.storage.compacted_state(table)
        if state is None or state.version != version - 1:
            return  # not key-unique before (or another writer committed in between): reads window it
        # pinned: files of a commit after ours must not be taken for this batch's (the
        # write's own table object is at our version unless it was created by this write)
        if delta is None or delta.version() != version:
            delta = self.storage.open(table, version=version)
        files = delta.file_uris()
        shared = False
        if not self._keys_in_months(table):
            token = (delta.metadata().id, version)
            shared = self._held_keys_shared(table, stored, token)
            if shared is None and clean:
                shared = self._shares_key(table, files, stored, token)
        if clean and not shared:
            self.storage.mark_compacted(table, version, state.fresh)
            return
        previous = {self.storage.relative(table, f) for f in self.storage.open(table, version=version - 1).file_uris()}
        added = {self.storage.relative(table, f) for f in files} - previous
        self.storage.mark_compacted(table, version, state.fresh | added)

    @staticmethod
    def _keys_in_months(table: Table) -> bool:
        """Whether a key can only ever be stored in one month: its time is part of it.

        Then ``_new_rows`` has already looked every key of the batch up in the current rows
        of the batch's months (``superseded == 0``: none was there), and no other row can hold
        it: a superseded version of a key shares its month, and is only ever kept beside a
        current one. The batch shares no key; no scan of the table is needed."""
        return bool(table.time_column) and table.time_column in table.key

    def _held_keys_shared(self, table: Table, stored: pd.DataFrame, token: tuple[str, int]) -> bool | None:
        """Whether a key of the batch ``stored`` (just committed, now at ``token``) was stored
        before it, from this process's set of the table's keys (:class:`ioc.dedup.StoredKeys`);
        ``None`` when the set is not held at the version before the batch."""
        before = (token[0], token[1] - 1)
        if not self._stored_keys.at(table.name, before):
            self._stored_keys.forget(table.name)
            return None
        return self._stored_keys.advance(table.name, token, key_hashes(stored, table.key))

    def _shares_key(self, table: Table, files: Sequence[str], stored: pd.DataFrame, token: tuple[str, int]) -> bool:
        """Whether a row of the snapshot ``files`` (at ``token``), other than the batch ``stored``
        itself, has the natural key of a row of ``stored``.

        The first time in a process, a pruned look-up of the batch's keys in the files; the
        next time the same table is asked (a process that writes it again and again), every
        stored key is read once and held (:class:`ioc.dedup.StoredKeys`), so later writes
        look their keys up in memory.
        """
        if self._key_misses[table.name] and table.name not in self._stored_keys.too_large:
            return self._load_keys(table, files, stored, token)
        self._key_misses[table.name] += 1
        keys = list(table.key)
        # an exact condition on every key column, so that Parquet statistics (and the
        # ``_month`` folders when the time column is in the key) skip what cannot match
        bounds = ["NOT (_s._batch_id = $batch)"]
        for key in keys:
            dtype = table.column(key).dtype
            if dtype == "bool":
                continue
            low, high = stored[key].min(), stored[key].max()
            cast = lake.duckdb_type(dtype)
            bounds.append(f"_s.{_quote(key)} BETWEEN {_literal(low, cast)} AND {_literal(high, cast)}")
        if table.time_column in keys:
            months = ", ".join(_literal(m, "VARCHAR") for m in sorted(stored["_month"].unique()))
            bounds.append(f"_s._month IN ({months})")
        source = self._relation(table, files, f"{table.name}:check")
        self._duck.register("ioc_new_keys", stored[keys])
        try:
            found = self._duck.execute(
                f"SELECT 1 FROM {source} AS _s SEMI JOIN ioc_new_keys AS _n USING ({', '.join(_quote(k) for k in keys)}) "
                f"WHERE {' AND '.join(bounds)} LIMIT 1",
                {"batch": str(stored["_batch_id"].iloc[0])},
            ).fetchall()
        finally:
            self._duck.unregister("ioc_new_keys")
        return bool(found)

    def _load_keys(self, table: Table, files: Sequence[str], stored: pd.DataFrame, token: tuple[str, int]) -> bool:
        """Read every stored key of the snapshot ``files`` (at ``token``) into the held set;
        whether one outside the batch ``stored`` has a key of the batch."""
        columns = ", ".join(f"_s.{_quote(k)}" for k in table.key)
        rows = self._duck.execute(
            f"SELECT {columns}, _s._batch_id = $batch AS _mine FROM {self._relation(table, files, f'{table.name}:keys')} AS _s",
            {"batch": str(stored["_batch_id"].iloc[0])},
        ).df()
        every = key_hashes(typed_keys(rows, table), table.key)
        mine = key_hashes(stored, table.key)
        self._stored_keys.load(table.name, token, every)
        return bool(np.isin(mine, every[~rows["_mine"].to_numpy(dtype=bool)]).any())

    def _quarantine(
        self, table: Table, batch_id: str, rejected: pd.DataFrame, source: str, path: str | Path | None
    ) -> Path:
        """Write rejected rows next to the lake, atomically (temp file + rename)."""
        folder = self.quarantine_dir / table.name
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{batch_id}.csv"
        rejected = rejected.assign(source=source, source_path=str(path) if path else None)
        temporary = target.with_suffix(".csv.tmp")
        try:
            rejected.to_csv(temporary, index=False, encoding="utf-8")
        except OSError:
            temporary.unlink(missing_ok=True)  # never leave half a quarantine file
            raise
        temporary.replace(target)
        return target

    def _log(
        self, result: WriteResult, *, source: str, path: str | Path | None, file_hash: str | None, now: pd.Timestamp
    ) -> None:
        with self.store.session() as session:
            session.add(
                IngestLog(
                    batch_id=result.batch_id,
                    source=source,
                    table_name=result.table,
                    path=str(path) if path else None,
                    file_hash=file_hash,
                    rows_in=result.rows_in,
                    accepted=result.accepted,
                    rejected=result.rejected,
                    duplicate=result.duplicate,
                    superseded=result.superseded,
                    quarantine_path=str(result.quarantine_path) if result.quarantine_path else None,
                    lake_version=result.lake_version,
                    duration_s=result.duration_s,
                    status="ok" if result.rejected == 0 else "partial",
                    started_at=now.to_pydatetime(),
                )
            )
            session.commit()

    def log_failure(self, *, source: str, table: str, path: str | Path | None, message: str) -> None:
        """Record a source that could not be read at all (nothing was written)."""
        with self.store.session() as session:
            session.add(
                IngestLog(
                    batch_id=uuid.uuid4().hex[:16],
                    source=source,
                    table_name=table,
                    path=str(path) if path else None,
                    rows_in=0,
                    accepted=0,
                    rejected=0,
                    duplicate=0,
                    superseded=0,
                    duration_s=0.0,
                    status="failed",
                    message=message,
                )
            )
            session.commit()

    def ingest_log(self, limit: int = 50) -> pd.DataFrame:
        """The most recent ingest-log entries, newest first."""
        with self.store.engine.connect() as connection:
            return pd.read_sql_query(f"SELECT * FROM ingest_log ORDER BY id DESC LIMIT {int(limit)}", connection)

    # ------------------------------------------------------------------ queries
    def sql(
        self, query: str, params: Sequence[Any] | None = None, *, relations: Mapping[str, pa.Table] | None = None
    ) -> pd.DataFrame:
        """Run DuckDB SQL over the lake; tables are views named like ``environment.air_readings``
        (current rows) and ``environment.air_readings__history`` (every stored version).

        ``relations``: Arrow tables the query may read by name (names without a dot), e.g. a
        batch not stored yet joined with the stored rows it completes; visible to this query only.
        """
        with self._lock:
            if self._views_built >= RENEW_CONNECTION_AFTER_VIEWS:
                self._renew_connection()
            self._refresh_views(query)
            # registered on the connection the query runs on (a renewal above replaced it)
            for name, data in (relations or {}).items():
                self._duck.register(name, data)
            try:
                return self._duck.execute(query, params or []).df()
            finally:
                for name in relations or {}:
                    self._duck.unregister(name)

    def _connect(self) -> duckdb.DuckDBPyConnection:
        connection = duckdb.connect()
        # data files are immutable (a rewrite is a new file): their footers can stay cached
        connection.execute("SET parquet_metadata_cache = true")
        # where a site bounds it, a year's de-duplication window or story figures spill to disk
        # rather than grow the process (see LakeSettings.query_memory); spills go to this
        # data layer's own folder either way
        if self.settings.lake.query_memory:
            connection.execute(f"SET memory_limit = '{self.settings.lake.query_memory}'")
        connection.execute(f"SET temp_directory = {_literal(str(self._spill), 'VARCHAR')}")
        return connection

    def _renew_connection(self) -> None:
        """Replace the DuckDB connection by a fresh one (see :data:`RENEW_CONNECTION_AFTER_VIEWS`);
        the views are built again on their next use. Only between two queries, under the
        lock: nothing read through the old connection is still in use."""
        self._duck.close()
        self._duck = self._connect()
        self._view_versions.clear()
        self._views_built = 0

    def cached_sql(self, query: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        """Like :meth:`sql`, cached until a referenced table gets a new version (dashboards)."""
        names = self._referenced(query)
        versions = tuple((n, self.version(n)) for n in names)
        key = (query, (tuple(params or ()), tuple(v for _, v in versions)))
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key].copy()
            # an answer read at an older version of a table is never asked for again, whatever
            # its parameters: drop them all (a served process under a live ingest would otherwise
            # keep one answer per version and per clock value for ever); then a cap on the rest
            current = dict(versions)
            for stale in [
                k
                for k, read_at in self._cache_versions.items()
                if any(name in current and current[name] != version for name, version in read_at)
            ]:
                self._forget_cached(stale)
            self._cache[key] = self.sql(query, params)
            self._cache_versions[key] = versions
            while len(self._cache) > MAX_CACHED_ANSWERS:
                self._forget_cached(next(iter(self._cache)))
            return self._cache[key].copy()

    def _clear_cache(self) -> None:
        self._cache.clear()
        self._cache_versions.clear()

    def _forget_cached(self, key: tuple[str, tuple[Any, ...]]) -> None:
        self._cache.pop(key, None)
        self._cache_versions.pop(key, None)

    def read(
        self,
        name: str,
        *,
        start: Any = None,
        end: Any = None,
        columns: Sequence[str] | None = None,
        where: str | None = None,
        history: bool = False,
        mask_pii: bool = False,
        where_params: Sequence[Any] = (),
        values: Mapping[str, Iterable[Any]] | None = None,
    ) -> pd.DataFrame:
        """Current rows of one table, optionally within ``[start, end)`` of its time column.

        ``mask_pii`` masks the table's declared PII columns (for display and export to
        people without the right to see personal data). ``where_params`` are the values of
        the ``?`` placeholders in ``where`` (a short list as one list parameter,
        ``"station_id" IN (SELECT UNNEST(?))``, is bound, not parsed as SQL text).
        ``values``: column → the values it may hold, for a long list (a year's story members:
        hundreds of thousands of ids). They reach DuckDB as an Arrow table it joins with:
        500 000 ids cost 0.14 s that way, against 0.76 s bound as one list parameter, plus
        the Python list itself (0.4-2.6 s to build from a text column; measured).
        """
        table = self.table(name)
        conditions, params = [], []
        if start is not None and table.time_column:
            conditions.append(f"{_quote(table.time_column)} >= ?")
            params.append(
                pd.Timestamp(start).tz_localize("UTC") if pd.Timestamp(start).tzinfo is None else pd.Timestamp(start)
            )
        if end is not None and table.time_column:
            conditions.append(f"{_quote(table.time_column)} < ?")
            params.append(
                pd.Timestamp(end).tz_localize("UTC") if pd.Timestamp(end).tzinfo is None else pd.Timestamp(end)
            )
        view = f"{name}__history" if history else name
        if table.time_column and (start is not None or end is not None):
            # the month folders outside the range are not opened at all: a range read of a
            # table written in daily batches otherwise reads every file's footer (a day of
            # camera counts: 55 ms over 398 files, 13 ms over its month's 26). A day's margin
            # on each side: a month label is the wall-clock month of the time as it was written
            conditions += _month_range(
                params[0] if start is not None else None, params[-1] if end is not None else None
            )
            columns = columns or (None if history else table.column_names)
            view = view if history else name + BY_MONTH
        if where:
            conditions.append(f"({where})")
            params.extend(where_params)
        relations = {}
        for number, (column, allowed) in enumerate((values or {}).items()):
            relation = f"{_VALUES_RELATION}{number}"
            relations[relation] = pa.table({"value": _distinct_values(allowed)})
            conditions.append(f"{_quote(column)} IN (SELECT value FROM {relation})")
        select = ", ".join(_quote(c) for c in columns) if columns else "*"
        query = f"SELECT {select} FROM {view}"
        if conditions:
            query += " WHERE " + " AND ".join(conditions)
        if table.time_column:
            query += f" ORDER BY {_quote(table.time_column)}"
        # through sql() (what code measuring or replaying a reader's queries wraps); the
        # keyword only when it is used, so a wrapper of the plain signature still fits
        frame = _restore_dtypes(
            self.sql(query, params, relations=relations) if relations else self.sql(query, params), table
        )
        if mask_pii and table.pii_columns:
            frame = mask_frame(frame, table.pii_columns)
        return frame

    def read_geo(self, name: str, **kwargs: Any) -> gpd.GeoDataFrame:
        """Current rows as a GeoDataFrame of points (EPSG:4326).

        ``geodata.lookup.read_units(dl, name, units="district")`` also gives each point
        the administrative unit it lies in.
        """
        import geopandas as gpd

        table = self.table(name)
        if not table.geometry:
            raise ValueError(f"table {name} has no geometry columns")
        frame = self.read(name, **kwargs)
        lon, lat = table.geometry
        return gpd.GeoDataFrame(
            frame, geometry=gpd.points_from_xy(frame[lon].astype(float), frame[lat].astype(float)), crs="EPSG:4326"
        )

    def cube(self, name: str, dims: Sequence[str], value: str, **kwargs: Any) -> xr.DataArray:
        """Current rows as an xarray cube, e.g. station × parameter × time."""
        frame = self.read(name, columns=[*dims, value], **kwargs)
        frame[value] = frame[value].astype("float64")
        for dim in dims:
            if isinstance(frame[dim].dtype, pd.DatetimeTZDtype):
                frame[dim] = frame[dim].dt.tz_convert("UTC").dt.tz_localize(None)
        series = frame.groupby(list(dims))[value].last()
        return series.to_xarray().rename(value)

    def files(self, name: str) -> list[str]:
        """The Parquet files of the committed version of a table (for Dask or other engines)."""
        delta = self.storage.open(self.table(name))
        return [] if delta is None else delta.file_uris()

    def dask_frame(self, name: str, columns: Sequence[str] | None = None):
        """A Dask DataFrame over the table's committed files: every stored version
        (``__history`` semantics); de-duplicate with :func:`ioc.datalayer.current_rows`."""
        import dask.dataframe as dd

        files = self.files(name)
        if not files:
            raise ValueError(f"table {name} has no data yet")
        return dd.read_parquet(files, columns=list(columns) if columns else None)

    def apply_retention(self, now: pd.Timestamp | None = None) -> dict[str, int]:
        """Delete rows older than each table's retention (a Delta delete: one atomic commit)."""
        now = now or pd.Timestamp.now(tz="UTC")
        deleted = {}
        for name, table in self._tables.items():
            if not (table.retention_days and table.time_column):
                continue
            delta = self.storage.open(table)
            if delta is None:
                continue
            cutoff = (now - pd.Timedelta(days=table.retention_days)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            metrics = delta.delete(
                f"{table.time_column} < arrow_cast('{cutoff}', 'Timestamp(Microsecond, Some(\"UTC\"))')"
            )
            deleted[name] = int(metrics.get("num_deleted_rows", 0) or 0)
        self._clear_cache()
        return deleted

    def _referenced(self, query: str) -> list[str]:
        # dashboards repeat the same few query texts: scanning every table name each time
        # costs as much as a small query's own overhead
        names = self._referenced_cache.get(query)
        if names is None:
            names = [
                n for n in self._tables if re.search(rf"(?<![\w.]){re.escape(n)}(?:__history|{BY_MONTH})?\b", query)
            ]
            if len(self._referenced_cache) >= 1024:
                self._referenced_cache.clear()
            self._referenced_cache[query] = names
        return names

    def _refresh_views(self, query: str) -> None:
        for name in self._referenced(query):
            table = self._tables[name]
            version = self.storage.version(table)
            if name in self._view_versions and self._view_versions[name] == version:
                continue
            state = self.storage.compacted_state(table) if version is not None else None
            delta = self._latest_delta(table) if version is not None else None
            if delta is not None and delta.version() != version:  # a commit in between: describe what is read
                version = delta.version()
            schema, view = name.split(".", 1)
            self._duck.execute(f"CREATE SCHEMA IF NOT EXISTS {_quote(schema)}")
            files = delta.file_uris() if delta is not None else []
            base, fresh = _split_compacted(self.storage, table, delta, files, state=state)
            archive = self.storage.open(table, lake.SUPERSEDED) if delta is not None else None
            archived = archive.file_uris() if archive is not None else []
            self._forget_files(name, files, archived)
            source = self._relation(table, files, f"{name}:all")
            if archived:
                # a row in both (compaction between its archive append and its month
                # rewrite, or interrupted there) is shown once
                kept = self._relation(table, archived, f"{name}:archive")
                source = (
                    f"(SELECT * FROM {source} UNION ALL BY NAME SELECT _a.* FROM {kept} AS _a "
                    f"ANTI JOIN {source} AS _m USING (_batch_id, _seq))"
                )
            columns = ", ".join(_quote(c) for c in table.column_names)
            history = f"{_quote(schema)}.{_quote(view + '__history')}"
            self._duck.execute(f"CREATE OR REPLACE VIEW {history} AS SELECT * FROM {source}")
            current = self._current_rows(table, files, base, fresh)
            self._duck.execute(
                f"CREATE OR REPLACE VIEW {_quote(schema)}.{_quote(view)} AS SELECT {columns} FROM {current}"
            )
            # the same rows with their partition, for reads of a time range (see ``read``)
            self._duck.execute(
                f"CREATE OR REPLACE VIEW {_quote(schema)}.{_quote(view + BY_MONTH)} AS "
                f"SELECT {columns}, _month FROM {current}"
            )
            self._view_versions[name] = version
            self._views_built += 1

    def _current_rows(self, table: Table, files: list[str], base: list[str], fresh: list[str]) -> str:
        """The source of the current-rows view: the table's files, less the superseded rows.

        Key-unique (no ``fresh`` files, or fresh files that repeat no key): the files as
        they are. Otherwise the superseded rows are found once per table version, by the
        de-duplication window over the rows whose key may repeat (:meth:`_key_bounds`), and
        kept in a small in-memory table that every query anti-joins: a dashboard query then
        costs one scan, not a window. Beyond :data:`MAX_MATERIALISED_LOSERS` superseded
        rows (a table with many corrections, never compacted) queries run the window.
        """
        name = table.name
        rows = self._relation(table, files, f"{name}:all")
        losers = _quote("ioc_losers__" + re.sub(r"\W", "_", name))
        self._duck.execute(f"DROP TABLE IF EXISTS temp.{losers}")
        if not fresh:
            return rows
        bounds = self._key_bounds(table, fresh, f"{name}:fresh") if base else None
        # local files name themselves (DuckDB's ``filename`` column): only those holding a
        # superseded row need the anti-join, the others are read as they are
        file = "_b.filename" if not self.storage.remote else "NULL"
        ranked = f"(SELECT _b.*, {file} AS _file FROM {rows} AS _b WHERE {bounds or 'true'})"
        self._duck.execute(
            f"CREATE TEMP TABLE {losers} AS SELECT _batch_id, _seq, _file FROM "
            f"{_superseded(table, ranked, ['_batch_id', '_seq', '_file'])} LIMIT {MAX_MATERIALISED_LOSERS + 1}"
        )
        count = self._duck.execute(f"SELECT count(*) FROM temp.{losers}").fetchall()[0][0]
        if count == 0:
            return rows
        if count > MAX_MATERIALISED_LOSERS:
            self._duck.execute(f"DROP TABLE temp.{losers}")
            return _current_select(table, rows, key_unique=False, bounds=bounds)
        holding = {f for (f,) in self._duck.execute(f"SELECT DISTINCT _file FROM temp.{losers}").fetchall()}
        clean = [f for f in files if f not in holding]
        if self.storage.remote or not clean or not holding <= set(files):
            return f"(SELECT _b.* FROM {rows} AS _b ANTI JOIN temp.{losers} AS _l USING (_batch_id, _seq))"
        dirty = self._relation(table, [f for f in files if f in holding], f"{name}:superseding")
        return (
            f"(SELECT * FROM {self._relation(table, clean, f'{name}:clean')} UNION ALL BY NAME "
            f"SELECT _b.* FROM {dirty} AS _b ANTI JOIN temp.{losers} AS _l USING (_batch_id, _seq))"
        )

    def _key_bounds(self, table: Table, fresh: Sequence[str], alias: str) -> str | None:
        """A condition (on the alias ``_b``) that holds for every row whose key may repeat.

        Base rows hold one row per key, so a key repeats only where a ``fresh`` row has it:
        within the fresh rows' range of every key column (a correction of yesterday's
        readings: yesterday). Rows outside are read as they are. The ranges are constants,
        so that Parquet statistics skip row groups. ``None`` when a fresh key is null.
        """
        keys = [_quote(k) for k in table.key]
        extremes = ", ".join(f"min({k}), max({k})" for k in keys)
        nulls = " OR ".join(f"{k} IS NULL" for k in keys)
        source = self._relation(table, fresh, alias)
        values = self._duck.execute(f"SELECT count(*) FILTER (WHERE {nulls}), {extremes} FROM {source}").fetchall()[0]
        if values[0] or any(v is None for v in values[1:]):
            return None
        conditions = []
        for index, key in enumerate(table.key):
            cast = lake.duckdb_type(table.column(key).dtype)
            low, high = (_literal(v, cast) for v in values[1 + 2 * index : 3 + 2 * index])
            conditions.append(f"_b.{_quote(key)} BETWEEN {low} AND {high}")
        return " AND ".join(conditions)

    def _relation(self, table: Table, files: Sequence[str], alias: str) -> str:
        """A DuckDB source over these Parquet files of ``table`` (with the ``_month`` partition).

        On local disk DuckDB reads the files itself; on an object store (DuckDB's httpfs
        extension may not be installable offline) pyarrow's S3 filesystem serves them as an
        Arrow dataset registered under a name derived from ``alias``.
        """
        if not files:
            return _empty_select(table)
        if not self.storage.remote:
            # by name across files only where a column was added since some were written:
            # unifying costs reading every file's footer before the query even starts
            union = ", union_by_name=true" if self._mixed_columns(table.name, files) else ""
            return f"read_parquet({_sql_list(files)}, hive_partitioning=true{union})"
        name = "ioc_" + re.sub(r"\W", "_", alias)
        self._duck.register(name, lake.remote_dataset(self.storage, table, files))
        return name

    def _mixed_columns(self, name: str, files: Sequence[str]) -> bool:
        """Whether these local Parquet files of table ``name`` differ in their columns (its
        schema grew).

        Each file's column names are read once (data files never change; DuckDB caches
        their footers too); files with the same columns share one tuple of names.
        """
        known = self._file_columns.setdefault(name, {})
        unseen = [f for f in files if f not in known]
        if unseen:
            listed = self._duck.execute(
                f"SELECT file_name, list(name ORDER BY name) FROM parquet_schema({_sql_list(unseen)}) GROUP BY ALL"
            ).fetchall()
            shared = {names: names for names in known.values()}
            for file, names in listed:
                names = tuple(names)
                known[file] = shared.setdefault(names, names)
        return len({known.get(f) for f in files}) > 1

    def _forget_files(self, name: str, *live: Sequence[str]) -> None:
        """Drop the column names of files no longer in table ``name`` (compacted, vacuumed):
        a process following a listener sees a new file every few seconds, all day."""
        known = self._file_columns.get(name)
        if known:
            current = set().union(*live)
            self._file_columns[name] = {f: names for f, names in known.items() if f in current}

    @contextlib.contextmanager
    def _writer(self, table: Table) -> Iterator[None]:
        """One writer per table across processes (ingest, listeners, maintenance) on local disk."""
        with lake.writer_lock(self.storage, table):
            yield

    # ------------------------------------------------------------------ maintenance
    def compact(self, name: str) -> dict[str, int]:
        """Rewrite a table so that it holds only its current rows, in few files.

        Superseded rows move (append first, so none is ever lost) to the archive table
        ``<table>__superseded``, which the ``__history`` view still reads; each month
        that held one is rewritten by an atomic partition overwrite; small files are
        bin-packed (Delta ``OPTIMIZE``); the resulting snapshot is marked key-unique
        (beside the table) so that reads skip the de-duplication window for it. Readers
        see the same current rows before, during and after. When the table is marked
        already, only the keys of its fresh files are ranked (a table that writes kept
        key-unique is only bin-packed).
        """
        table = self.table(name)
        uri, options = self.storage.uri(table), self.storage.options
        with self._lock, self._writer(table):
            delta = self.storage.open(table)
            if delta is None:
                return {"files_before": 0, "files_after": 0, "superseded": 0, "months": 0}
            if name in pending_tables(self.store):
                # a killed process's derivation may be undone (ioc.derivations): the rows it
                # superseded must stay in the table, not move to the archive
                logger.warning("%s: có dẫn xuất dở dang, bỏ qua nén lần này (pending derivations: not compacted)", name)
                files = len(delta.file_uris())
                return {"files_before": files, "files_after": files, "superseded": 0, "months": 0}
            files = delta.file_uris()
            source = self._relation(table, files, f"{name}:compact")
            base, fresh = _split_compacted(self.storage, table, delta, files)
            # only keys a fresh row has can repeat: a table kept key-unique by its writes has none
            bounds = self._key_bounds(table, fresh, f"{name}:compact-fresh") if base and fresh else None
            if base and not fresh:
                ranked = _empty_select(table)
            elif bounds:
                ranked = f"(SELECT _b.* FROM {source} AS _b WHERE {bounds})"
            else:
                ranked = source
            losers = self._duck.sql(
                f"SELECT _batch_id, _seq, CAST(_month AS VARCHAR) AS _month FROM "
                f"{_superseded(table, ranked, ['_batch_id', '_seq', '_month'])}"
            ).to_arrow_table()
            schema = lake.arrow_schema(table)
            if losers.num_rows:
                self._duck.register("ioc_losers", losers.select(["_batch_id", "_seq"]))
                moved = self._duck.sql(
                    f"SELECT * FROM {source} SEMI JOIN ioc_losers USING (_batch_id, _seq)"
                ).to_arrow_table()
                archive = self.storage.open(table, lake.SUPERSEDED)
                if archive is not None and archive.file_uris():  # a re-run after a crash: archive once
                    self._duck.register("ioc_moved", moved)
                    archived = self._relation(table, archive.file_uris(), f"{name}:archived")
                    moved = self._duck.sql(
                        f"SELECT * FROM ioc_moved ANTI JOIN {archived} USING (_batch_id, _seq)"
                    ).to_arrow_table()
                if moved.num_rows:
                    lake.append(self.storage.uri(table, lake.SUPERSEDED), table, moved.select(schema.names), options)
                del moved  # a year's superseded rows: not held through the months' rewrites
                for month in sorted(set(losers.column("_month").to_pylist())):
                    keep = self._duck.sql(
                        f"SELECT * FROM {source} ANTI JOIN ioc_losers USING (_batch_id, _seq) "
                        f"WHERE CAST(_month AS VARCHAR) = $month",
                        params={"month": month},
                    ).to_arrow_reader(COMPACT_BATCH_ROWS)
                    _overwrite_month(uri, schema, keep, month, options)
                self._duck.unregister("ioc_losers")
            DeltaTable(uri, storage_options=options).optimize.compact()
            compacted = DeltaTable(uri, storage_options=options)
            after = len(compacted.file_uris())
            self.storage.mark_compacted(table, compacted.version())
        self._clear_cache()
        return {
            "files_before": len(files),
            "files_after": after,
            "superseded": losers.num_rows,
            "months": len(set(losers.column("_month").to_pylist())),
        }

    def optimize(self, name: str) -> dict[str, int]:
        """Bin-pack small files (Delta ``OPTIMIZE``); a clean compacted table stays marked."""
        table = self.table(name)
        with self._lock, self._writer(table):
            delta = self.storage.open(table)
            if delta is None:
                return {"files_before": 0, "files_after": 0}
            before = delta.file_uris()
            base, fresh = _split_compacted(self.storage, table, delta, before)
            delta.optimize.compact()
            delta = self.storage.open(table)
            if base and not fresh:  # it was key-unique and still is: keep reads window-free
                self.storage.mark_compacted(table, delta.version())
        self._clear_cache()
        return {"files_before": len(before), "files_after": len(delta.file_uris())}

    def vacuum(self, name: str, retention_hours: int = 168) -> int:
        """Delete files no version newer than ``retention_hours`` references (Delta
        ``VACUUM``; also the orphans of a writer killed mid-batch). Returns files deleted.

        Delta's default is 7 days (168 h) so that a long-running reader or time travel
        within a week still finds its files; ``0`` is for a quiet lake only.
        """
        table = self.table(name)
        deleted = 0
        with self._lock, self._writer(table):
            for suffix in ("", lake.SUPERSEDED):
                delta = self.storage.open(table, suffix)
                if delta is not None:
                    deleted += len(
                        delta.vacuum(retention_hours=retention_hours, dry_run=False, enforce_retention_duration=False)
                    )
        return deleted

    def maintain(self, now: pd.Timestamp | None = None, retention_hours: int = 168) -> dict[str, dict[str, int]]:
        """The scheduled job: retention, compaction (with optimize) and vacuum of every table."""
        deleted = self.apply_retention(now)
        report = {}
        for name in self._tables:
            if self.version(name) is None:
                continue
            report[name] = {**self.compact(name), "retention_deleted": deleted.get(name, 0)}
            report[name]["vacuumed"] = self.vacuum(name, retention_hours)
        return report

    def close(self) -> None:
        self._duck.close()
        shutil.rmtree(self._spill, ignore_errors=True)


def _superseded(table: Table, rows: str, columns: list[str]) -> str:
    """A source of ``columns`` of the ``rows`` that a later row of the same key supersedes.

    Only the keys held more than once are ranked: a hash aggregate of the keys first, then
    the window over those keys' rows alone. Windowing every row (all columns carried
    through a sort by key) took 1.3 GB and 2.0 s for a third of a province-year's social
    items; this, 1.1 GB and 1.3-1.9 s (and DuckDB spills beyond ``lake.query_memory`` when set).
    """
    keys = ", ".join(_quote(k) for k in table.key)
    # a null key part is a value here, as in the window's partitions (and in ``_new_rows``)
    same = " AND ".join(f"_r.{_quote(k)} IS NOT DISTINCT FROM _k.{_quote(k)}" for k in table.key)
    wanted = ", ".join(columns)
    return (
        f"(WITH _rows AS (SELECT * FROM {rows}), _repeated AS (SELECT {keys} FROM _rows GROUP BY {keys} HAVING count(*) > 1) "
        f"SELECT {wanted} FROM (SELECT {', '.join('_r.' + c for c in columns)}, row_number() OVER "
        f"(PARTITION BY {', '.join('_r.' + _quote(k) for k in table.key)} "
        f"ORDER BY _r._ingested_at DESC, _r._seq DESC) AS _rank "
        f"FROM _rows AS _r SEMI JOIN _repeated AS _k ON {same}) WHERE _rank > 1)"
    )


def _spill_folder(root: Path) -> Path:
    """A spill folder of this data layer's own under ``root`` (DuckDB names its temp files
    alike in every database, so two must not share one), and the folders of processes that
    are gone removed (a killed process cannot remove its own)."""
    if root.is_dir():
        for folder in root.iterdir():
            pid = folder.name.split("-", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and not psutil.pid_exists(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)
    # DuckDB makes the last folder of the path only when it first spills, not its parents
    root.mkdir(parents=True, exist_ok=True)
    return root / f"{os.getpid()}-{uuid.uuid4().hex[:8]}"


def _split_compacted(
    storage: lake.Storage,
    table: Table,
    delta: DeltaTable | None,
    files: list[str],
    *,
    state: lake.CompactedState | bool | None = True,
) -> tuple[list[str], list[str]]:
    """Split a table's files into the key-unique ``base`` and the ``fresh`` rest.

    The marker beside the table (:meth:`ioc.lake.Storage.compacted_state`, written by
    compaction and by writes that keep the table key-unique) names a version and the
    files of it that may repeat keys; every other file of that snapshot still in the table
    is part of ``base`` (a subset of a key-unique set is key-unique), everything written
    or rewritten since, and every listed file, is ``fresh``. ``state``: the marker when the
    caller has read it already (``True``: read it here).
    """
    if delta is None or not files:
        return [], files
    if state is True:
        state = storage.compacted_state(table)
    if state is None or state.version > delta.version():  # none, or a table re-created since
        return [], files
    if delta.version() == state.version:
        known = None  # the marker describes this very snapshot
    else:
        snapshot = storage.open(table, version=state.version)
        known = set(snapshot.file_uris()) if snapshot is not None else set()
    base, fresh = [], []
    for file in files:
        in_base = (known is None or file in known) and storage.relative(table, file) not in state.fresh
        (base if in_base else fresh).append(file)
    return base, fresh


def _current_select(table: Table, rows: str, *, key_unique: bool, bounds: str | None = None) -> str:
    """The current rows (every column) of ``rows``, the table's stored rows.

    ``key_unique``: no key repeats, the rows are read as they are. Otherwise ``bounds``, a
    condition on the alias ``_b`` that holds for every row whose key may repeat (see
    :meth:`DataLayer._key_bounds`), confines the de-duplication window to those rows and
    the rest is read as it is; without it the window runs over every row. The result is
    the same either way: the latest ``_ingested_at`` (then ``_seq``) per key.
    """
    if key_unique:
        return rows
    keys = ", ".join(_quote(k) for k in table.key)
    window = f"row_number() OVER (PARTITION BY {keys} ORDER BY _ingested_at DESC, _seq DESC)"
    if bounds is None:
        return f"(SELECT * EXCLUDE (_rank) FROM (SELECT *, {window} AS _rank FROM {rows}) WHERE _rank = 1)"
    # the same files twice, under a condition and its negation: Parquet statistics skip
    # the row groups of the windowed part outside the bounds
    return (
        f"(SELECT _b.* FROM {rows} AS _b WHERE ({bounds}) IS NOT TRUE UNION ALL BY NAME "
        f"SELECT * EXCLUDE (_rank) FROM (SELECT _b.*, {window} AS _rank FROM {rows} AS _b WHERE {bounds}) "
        f"WHERE _rank = 1)"
    )


def _overwrite_month(
    uri: str, schema: pa.Schema, rows: pa.RecordBatchReader, month: str, options: dict[str, str] | None
) -> None:
    """Replace one ``_month`` partition by ``rows`` in one atomic commit, streamed: a month
    of a province's social items is hundreds of MB of text."""
    predicate = "_month = '" + month.replace("'", "''") + "'"
    typed = pa.RecordBatchReader.from_batches(schema, (b.select(schema.names).cast(schema) for b in rows))
    write_deltalake(
        uri,
        typed,
        mode="overwrite",
        predicate=predicate,
        partition_by=["_month"],
        storage_options=options,
    )


def _batch_months(table: Table, good: pd.DataFrame) -> list[str] | None:
    """The ``_month`` partitions a batch's keys are looked up in: every month between its
    earliest and latest time (``None``: no time to go by, the whole table)."""
    if not table.time_column:
        return [ALL_MONTHS]
    times = good[table.time_column]
    if not times.notna().any():
        return None
    low, high = times.min(), times.max()
    return list(pd.period_range(low.tz_localize(None), high.tz_localize(None), freq="M").strftime("%Y-%m"))


_last_ordinal = 0
_ordinal_lock = threading.Lock()


def _write_ordinals(count: int) -> np.ndarray:
    """``_seq`` values for one batch: increasing across every write, not only inside a batch.

    Two writes of the same key may carry the same ``_ingested_at`` (a caller's ``now``, or
    a clock that did not tick between them); the latest row per key is then the one with
    the higher ``_seq``, so it must be the one written later, in this process and in the
    next. The base is the wall clock in nanoseconds (another process writing later starts
    higher), kept strictly above the last one handed out here (a clock that stands still or
    steps back cannot reorder two writes of one process).
    """
    global _last_ordinal
    with _ordinal_lock:
        start = max(time.time_ns(), _last_ordinal + 1)
        _last_ordinal = start + count
    return np.arange(start, start + count, dtype="int64")


def _month_range(start: pd.Timestamp | None, end: pd.Timestamp | None) -> list[str]:
    """Conditions on ``_month`` that keep every partition holding a time in ``[start, end)``,
    whatever the offset the times were labelled in (a day's margin each side)."""
    conditions = []
    if start is not None:
        conditions.append(f"_month >= {_literal(f'{start - pd.Timedelta(days=1):%Y-%m}', 'VARCHAR')}")
    if end is not None:
        conditions.append(f"_month <= {_literal(f'{end + pd.Timedelta(days=1):%Y-%m}', 'VARCHAR')}")
    return conditions


def _month_labels(times: pd.Series) -> np.ndarray:
    """``YYYY-MM`` of each time (``unknown`` where missing), formatted once per distinct month."""
    wall = times.dt.tz_localize(None) if isinstance(times.dtype, pd.DatetimeTZDtype) else times
    months = wall.to_numpy(dtype="datetime64[us]").astype("datetime64[M]")
    codes, distinct = pd.factorize(months.view("int64"))
    labels = np.array(
        [
            "unknown" if np.isnat(month) else pd.Timestamp(month).strftime("%Y-%m")
            for month in distinct.astype("int64").view("datetime64[M]")
        ],
        dtype=object,
    )
    return labels[codes] if len(codes) else np.array([], dtype=object)


def current_rows(frame: pd.DataFrame, key: Sequence[str]) -> pd.DataFrame:
    """Keep the latest stored version per key (what the DuckDB views do, for pandas/Dask)."""
    ordered = frame.sort_values(["_ingested_at", "_seq"])
    return ordered.drop_duplicates(subset=list(key), keep="last")


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(value: Any, cast: str) -> str:
    """A constant for SQL text (constants, unlike parameters, prune Parquet row groups)."""
    if isinstance(value, pd.Timestamp):
        value = value.isoformat()
    text = "'" + str(value).replace("'", "''") + "'"
    return f"CAST({text} AS {cast})"


def _sql_list(items: Sequence[str]) -> str:
    return "[" + ", ".join("'" + i.replace("'", "''") + "'" for i in items) + "]"


def _empty_select(table: Table) -> str:
    columns = [f"CAST(NULL AS {lake.duckdb_type(c.dtype)}) AS {_quote(c.name)}" for c in table.columns]
    columns += [
        "CAST(NULL AS VARCHAR) AS _batch_id",
        "CAST(NULL AS TIMESTAMPTZ) AS _ingested_at",
        "CAST(NULL AS BIGINT) AS _seq",
        "CAST(NULL AS BIGINT) AS _row_hash",
        "CAST(NULL AS VARCHAR) AS _month",
    ]
    return f"(SELECT {', '.join(columns)} WHERE false)"


def _distinct_values(values: Iterable[Any]) -> pa.Array:
    """The distinct non-null values as one Arrow array, without a Python object per value
    where they come as an Arrow-backed column (a pandas ``Series`` or array)."""
    if isinstance(values, pd.Series | pd.Index | pd.api.extensions.ExtensionArray | np.ndarray):
        array = pa.array(values, from_pandas=True)
    else:
        array = pa.array(list(values), from_pandas=True)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return pc.unique(array.drop_null())


def _restore_dtypes(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """DuckDB returns numpy dtypes; give declared columns their nullable pandas dtypes."""

    for column in table.columns:
        if column.name in frame:
            target = DTYPES[column.dtype]
            if column.dtype == "timestamp":
                frame[column.name] = pd.to_datetime(frame[column.name], utc=True).astype(target)
            else:
                frame[column.name] = frame[column.name].astype(target)
    return frame
