"""What a write compares its batch with: the current content hash of every stored key.

:meth:`ioc.datalayer.DataLayer.write` stores a row only when its natural key is new or its
content differs from the key's current row. Reading the stored ``(key, _row_hash)`` of
the batch's months from the lake on every write costs time that grows with the lake
(every micro-batch of a listener re-reads its month), so :class:`CurrentHashes` keeps
them in memory, month by month, and trusts them only for the Delta version they were
read at:

* a month is read once per process (a DuckDB window over that month's files only; a
  month without files is known empty without reading anything);
* a write that lands exactly one version after the cached one is this process's own
  commit, so its rows are merged into the cached months; any other version (another
  process wrote, compaction, retention, a re-created table) drops the table's entries;
* memory is bounded (least recently used months go first).

Keys are compared by a 64-bit hash of their typed values (:func:`key_hashes`), kept sorted
per month, so a lookup costs a binary search per batch row, not a pass over the month.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ioc.tables import DTYPES, Table

#: Months of a table without a time column: one partition holds every row.
ALL_MONTHS = "*"

#: Most key hashes kept over all tables (32 bytes each: about 64 MB).
MAX_ROWS = 2_000_000


def key_hashes(frame: pd.DataFrame, key: Sequence[str]) -> np.ndarray:
    """A 64-bit hash of each row's natural key (typed values: equal keys, equal hashes)."""
    return pd.util.hash_pandas_object(frame[list(key)], index=False).to_numpy().view("int64")


def typed_keys(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """The key columns of stored rows (as DuckDB returns them) in the dtypes validation gives."""
    out = {}
    for name in table.key:
        column = table.column(name)
        values = frame[name]
        if column.dtype == "timestamp":
            values = pd.to_datetime(values, utc=True)
        out[name] = values.astype(DTYPES[column.dtype])
    return pd.DataFrame(out, index=frame.index)


@dataclass
class _Month:
    """The latest ``(row hash, ingested-at µs, seq)`` per key hash of one month, sorted by key hash."""

    keys: np.ndarray
    hashes: np.ndarray
    ingested: np.ndarray
    seq: np.ndarray

    @classmethod
    def build(cls, keys: np.ndarray, hashes: np.ndarray, ingested: np.ndarray, seq: np.ndarray) -> _Month:
        """One entry per key: the one written last (``_ingested_at``, then ``_seq``)."""
        order = np.lexsort((seq, ingested, keys))
        keys, hashes, ingested, seq = keys[order], hashes[order], ingested[order], seq[order]
        last = np.ones(len(keys), dtype=bool)
        last[:-1] = keys[1:] != keys[:-1]
        return cls(keys[last], hashes[last], ingested[last], seq[last])

    @classmethod
    def empty(cls) -> _Month:
        nothing = np.empty(0, dtype="int64")
        return cls(nothing, nothing, nothing, nothing)

    def __len__(self) -> int:
        return len(self.keys)

    def find(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions of ``keys`` here and whether each is present."""
        position = np.searchsorted(self.keys, keys)
        inside = position < len(self.keys)
        found = np.zeros(len(keys), dtype=bool)
        found[inside] = self.keys[position[inside]] == keys[inside]
        return np.minimum(position, max(len(self.keys) - 1, 0)), found

    def merge(self, written: _Month) -> _Month:
        """This month after ``written`` (one entry per key, already the latest of its batch) was appended."""
        position, found = self.find(written.keys)
        hashes, ingested, seq = self.hashes.copy(), self.ingested.copy(), self.seq.copy()
        at = position[found]
        # an explicit, earlier ``now`` can write rows that do not supersede: compare as the readers do
        newer = (written.ingested[found] > ingested[at]) | (
            (written.ingested[found] == ingested[at]) & (written.seq[found] > seq[at])
        )
        hashes[at[newer]] = written.hashes[found][newer]
        ingested[at[newer]] = written.ingested[found][newer]
        seq[at[newer]] = written.seq[found][newer]
        fresh = ~found
        slots = np.searchsorted(self.keys, written.keys[fresh])
        return _Month(
            np.insert(self.keys, slots, written.keys[fresh]),
            np.insert(hashes, slots, written.hashes[fresh]),
            np.insert(ingested, slots, written.ingested[fresh]),
            np.insert(seq, slots, written.seq[fresh]),
        )


#: Reads the latest ``(key…, _row_hash, _ingested_us, _seq, _month)`` per key and month of the given months.
Fetch = Callable[[list[str] | None], pd.DataFrame]


class CurrentHashes:
    """Per-process cache of the current row hash of each stored key, by table and month."""

    def __init__(self, max_rows: int = MAX_ROWS) -> None:
        self.max_rows = max_rows
        self._tokens: dict[str, tuple[str, int]] = {}
        self._months: OrderedDict[tuple[str, str], _Month] = OrderedDict()
        self._rows = 0

    def lookup(
        self,
        table: Table,
        token: tuple[str, int],
        months: list[str] | None,
        keys: np.ndarray,
        fetch: Fetch,
        key_months: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The current row hash of each key (and whether the key is stored) over ``months``.

        ``token`` is the table's (Delta id, version) now; ``months`` the ``_month`` values
        to look in (``None``: every row of the table, uncached); ``fetch`` reads months
        that are not cached. ``key_months``: each key's own ``_month``, for a table whose key
        holds its time (a key is then only ever stored in that month): each key is looked
        up there alone, not in every month of the batch's span.
        """
        if months is None:
            return _latest(_from_rows(table, fetch(None)), keys)
        if self._tokens.get(table.name) != token:
            self.forget(table.name)
            self._tokens[table.name] = token
        missing = [m for m in months if (table.name, m) not in self._months]
        if missing:
            rows = fetch(None if missing == [ALL_MONTHS] else missing)
            by_month = None if missing == [ALL_MONTHS] else missing
            for month, entry in zip(missing, _from_rows(table, rows, by_month), strict=True):
                self._keep(table.name, month, entry)
        entries = []
        for month in months:
            self._months.move_to_end((table.name, month))
            entries.append(self._months[(table.name, month)])
        self._trim()  # the months of this batch were used last: they go last
        if key_months is None:
            return _latest(entries, keys)
        # a batch of a year's keys spans twelve months: one search per key, not twelve
        return _latest(entries, keys, _positions_by_label(key_months, months))

    def written(self, table: Table, version: int | None, stored: pd.DataFrame) -> None:
        """Merge this process's own commit (``stored`` rows, now at ``version``) into the cache.

        Trusted only when ``version`` directly follows the cached version of the same table:
        then no other commit came between. Otherwise the table's entries are dropped.
        """
        cached = self._tokens.get(table.name)
        if cached is None or version is None or cached[1] != version - 1:
            self.forget(table.name)
            return
        self._tokens[table.name] = (cached[0], version)
        months = stored["_month"].to_numpy(dtype=object) if table.time_column else np.full(len(stored), ALL_MONTHS)
        touched = [m for m in pd.unique(months) if (table.name, m) in self._months]
        if not touched:
            return  # none was read: they are read from the lake when a batch needs them
        keys = key_hashes(stored, table.key)
        hashes = stored["_row_hash"].to_numpy(dtype="int64")
        ingested = _epoch_us(stored["_ingested_at"])
        seq = stored["_seq"].to_numpy(dtype="int64")
        for month, rows in zip(touched, _positions_by_label(months, touched), strict=True):
            before = self._months[(table.name, month)]
            after = before.merge(_Month.build(keys[rows], hashes[rows], ingested[rows], seq[rows]))
            self._months[(table.name, month)] = after
            self._rows += len(after) - len(before)
        self._trim()

    def forget(self, name: str) -> None:
        """Drop everything cached for table ``name``."""
        self._tokens.pop(name, None)
        for entry in [k for k in self._months if k[0] == name]:
            self._rows -= len(self._months.pop(entry))

    def _keep(self, name: str, month: str, entry: _Month) -> None:
        self._months[(name, month)] = entry
        self._rows += len(entry)

    def _trim(self) -> None:
        while self._rows > self.max_rows and self._months:
            _, entry = self._months.popitem(last=False)
            self._rows -= len(entry)


def _epoch_us(times: pd.Series) -> np.ndarray:
    """Microseconds since the epoch of UTC times (what DuckDB's ``epoch_us`` gives for stored rows)."""
    return times.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[us]").view("int64")


def _from_rows(table: Table, rows: pd.DataFrame, months: list[str] | None = None) -> list[_Month]:
    """Entries from stored rows: one of every row, or one for each of ``months``.

    The key columns are typed and hashed once for all the months (a piece of a file in station
    order spans years: per month, the text keys were converted to Arrow some seventy times
    per write), then the rows are split by ``_month``.
    """
    if rows.empty:
        return [_Month.empty() for _ in months or [None]]
    keys = key_hashes(typed_keys(rows, table), table.key)
    hashes, ingested = rows["_row_hash"].to_numpy(dtype="int64"), rows["_ingested_us"].to_numpy(dtype="int64")
    seq = rows["_seq"].to_numpy(dtype="int64")
    if months is None:
        return [_Month.build(keys, hashes, ingested, seq)]
    return [
        _Month.build(keys[at], hashes[at], ingested[at], seq[at])
        for at in _positions_by_label(rows["_month"].to_numpy(dtype=object), months)
    ]


def _latest(
    entries: list[_Month], keys: np.ndarray, rows: list[np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Row hash of the latest stored version of each key over several months.

    ``rows``: for each entry, the positions of the keys to look up in it (every key when ``None``).
    """
    hashes = np.zeros(len(keys), dtype="int64")
    found = np.zeros(len(keys), dtype=bool)
    best_ingested = np.full(len(keys), np.iinfo("int64").min, dtype="int64")
    best_seq = np.full(len(keys), np.iinfo("int64").min, dtype="int64")
    every = np.arange(len(keys)) if rows is None else None
    for number, entry in enumerate(entries):
        at = every if rows is None else rows[number]
        if not len(entry) or not len(at):
            continue
        position, present = entry.find(keys[at])
        ingested, seq = entry.ingested[position], entry.seq[position]
        better = present & (
            ~found[at] | (ingested > best_ingested[at]) | ((ingested == best_ingested[at]) & (seq > best_seq[at]))
        )
        hashes[at[better]] = entry.hashes[position[better]]
        best_ingested[at[better]], best_seq[at[better]] = ingested[better], seq[better]
        found[at[present]] = True
    return hashes, found


def _positions_by_label(labels: np.ndarray, wanted: Sequence[str]) -> list[np.ndarray]:
    """For each of ``wanted``, the positions of ``labels`` equal to it, in order (one sort, not
    a comparison of every label per wanted one: a batch spans many months)."""
    codes, distinct = pd.factorize(labels)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(distinct) + 1))
    index = {label: number for number, label in enumerate(distinct)}
    empty = np.empty(0, dtype=np.intp)
    return [order[bounds[index[label]] : bounds[index[label] + 1]] if label in index else empty for label in wanted]


#: Most stored key hashes kept over all tables for the key-unique check (8 bytes each: 160 MB).
MAX_KEYS = 20_000_000


class _KeySet:
    """Sorted unique key hashes: a base and a few small sorted runs merged in when they grow."""

    def __init__(self, keys: np.ndarray) -> None:
        self.base = np.unique(keys)
        self.runs: list[np.ndarray] = []

    def __len__(self) -> int:
        return len(self.base) + sum(len(run) for run in self.runs)

    def holds_any(self, keys: np.ndarray) -> bool:
        return any(_present(part, keys).any() for part in (self.base, *self.runs))

    def add(self, keys: np.ndarray) -> None:
        self.runs.append(np.unique(keys))
        # a small batch appended to millions of keys must not copy them every time: runs are
        # merged into the base once they hold a sixteenth of it (amortised linear)
        if sum(len(run) for run in self.runs) > max(4096, len(self.base) // 16):
            self.base = np.unique(np.concatenate([self.base, *self.runs]))
            self.runs = []


def _present(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    if not len(sorted_keys):
        return np.zeros(len(keys), dtype=bool)
    position = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return sorted_keys[position] == keys


class StoredKeys:
    """Per-process set of every key stored in a table (current or superseded), by key hash.

    The key-unique marker (:meth:`ioc.datalayer.DataLayer.write`) must know whether a
    batch's keys occur anywhere else in a table keyed by an id alone (events, items,
    dossiers): read from the lake, that is a scan of the key column of every file on each
    write, a cost that grows with the table. A process that writes a table again and again
    (a listener, a profile run) keeps the table's key hashes here instead, trusted as
    :class:`CurrentHashes` is: for one Delta table id and version, its own next commit
    merged in, anything else forgotten. A hash collision can only make a new key look
    stored: its batch's files are then de-duplicated by reads until compaction (a cost,
    never a wrong answer).
    """

    def __init__(self, max_keys: int = MAX_KEYS) -> None:
        self.max_keys = max_keys
        self._sets: dict[str, tuple[tuple[str, int], _KeySet]] = {}
        self.too_large: set[str] = set()

    def at(self, name: str, token: tuple[str, int]) -> bool:
        """Whether table ``name``'s keys are held as they were at ``token`` (Delta id, version)."""
        entry = self._sets.get(name)
        return entry is not None and entry[0] == token

    def advance(self, name: str, token: tuple[str, int], keys: np.ndarray) -> bool:
        """Whether any of ``keys`` (a batch just committed, now at ``token``) was stored before;
        the batch's keys join the set, which moves to ``token``. Only after :meth:`at` the version before."""
        _, keyset = self._sets[name]
        shared = keyset.holds_any(keys)
        keyset.add(keys)
        self._sets[name] = (token, keyset)
        self._trim(name)
        return shared

    def load(self, name: str, token: tuple[str, int], keys: np.ndarray) -> None:
        """Hold ``keys``, every key hash of table ``name`` at ``token``, unless too many."""
        self._sets[name] = (token, _KeySet(keys))
        self._trim(name)

    def forget(self, name: str) -> None:
        self._sets.pop(name, None)

    def _trim(self, name: str) -> None:
        if sum(len(keyset) for _, keyset in self._sets.values()) > self.max_keys:
            self.forget(name)
            self.too_large.add(name)  # the lake scan stays cheaper than reloading it every write
