"""Ingestion: adapter → validation → atomic write → derived tables → rules → alerts.

Column mapping (``ioc ingest SOURCE FILE --map timestamp=time --set unit=ug/m3 --tz ZONE``,
a saved ``ingest_profiles:`` entry of ``ioc.yaml``, or the keyword arguments of
:func:`ingest_files`) works for every adapter that reads delimited text: the file is
rewritten to a temporary copy whose header carries the adapter's names (and the constant
columns), and the adapter reads that copy with all its own rules (quarantine with reasons,
idempotence). The ingest log keeps the original path and SHA-256.
"""

from __future__ import annotations

import codecs
import csv
import inspect
import io
import logging
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
from tqdm.auto import tqdm

from ioc.alerts import store_alerts
from ioc.config import MappingProfile, Settings, suggest
from ioc.datalayer import DataLayer, WriteResult, file_sha256, new_batch_id
from ioc.derivations import Derivations, PendingDerivation
from ioc.plugins import Adapter, AdapterError, Registry, registry
from ioc.rules import evaluate_batch

#: Suffixes of the delimited-text files a mapping can rewrite.
TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ColumnMapping:
    """How to read a file whose columns do not carry the adapter's names.

    Parameters
    ----------
    rename
        File column → adapter column (``--map timestamp=time``).
    constants
        Adapter column → one value for every line (``--set unit=ug/m3``); replaces a column
        of that name when the file has one.
    timezone
        IANA zone of the file's naive times (``--tz Asia/Bangkok``); the site's by default.
    """

    rename: Mapping[str, str] = field(default_factory=dict)
    constants: Mapping[str, str] = field(default_factory=dict)
    timezone: str | None = None

    def __bool__(self) -> bool:
        return bool(self.rename or self.constants or self.timezone)

    @classmethod
    def build(
        cls,
        *,
        mapping: Mapping[str, str] | None = None,
        constants: Mapping[str, str] | None = None,
        tz: str | None = None,
        profile: str | None = None,
        settings: Settings | None = None,
    ) -> ColumnMapping:
        """Merge a saved profile (if any) with explicit options (which win)."""
        saved = MappingProfile()
        if profile:
            profiles = settings.ingest_profiles if settings is not None else {}
            if profile not in profiles:
                raise AdapterError(
                    f"không có hồ sơ ánh xạ {profile!r} trong ingest_profiles của ioc.yaml"
                    f"{suggest(profile, sorted(profiles))} (unknown mapping profile)"
                )
            saved = profiles[profile]
        zone = tz or saved.tz
        if zone:
            try:
                ZoneInfo(zone)
            except (ZoneInfoNotFoundError, ValueError):
                raise AdapterError(f"--tz: múi giờ không hợp lệ {zone!r}, ví dụ Asia/Bangkok (unknown zone)") from None
        rename = {**saved.map, **(mapping or {})}
        targets = list(rename.values())
        doubled = sorted({t for t in targets if targets.count(t) > 1})
        if doubled:
            raise AdapterError(f"--map: nhiều cột cùng ánh xạ vào {doubled} (several columns mapped to one name)")
        return cls(rename=rename, constants={**saved.set, **(constants or {})}, timezone=zone)


def parse_pairs(values: Iterable[str], option: str) -> dict[str, str]:
    """``["a=b", "c=d"]`` → ``{"a": "b", "c": "d"}``; a value without ``=`` is an error."""
    pairs: dict[str, str] = {}
    for value in values:
        name, equals, target = value.partition("=")
        if not equals or not name.strip() or not target.strip():
            raise AdapterError(f"{option} {value!r}: cần dạng cột=giá_trị, ví dụ timestamp=time (expected a=b)")
        pairs[name.strip()] = target.strip()
    return pairs


def _encoding(path: Path) -> str:
    """The file's encoding among UTF-8 (with or without BOM) and Windows-1258, read in blocks."""
    for encoding in ("utf-8-sig", "cp1258"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with open(path, "rb") as handle:
                for block in iter(lambda handle=handle: handle.read(1 << 20), b""):
                    decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise AdapterError(f"{path.name}: không đọc được mã ký tự (neither UTF-8 nor Windows-1258)")


def mapped_text(path: Path, mapping: ColumnMapping) -> str:
    """The file's text with the header renamed and the constant columns added (:func:`write_mapped`)."""
    out = io.StringIO(newline="")
    write_mapped(path, mapping, out)
    return out.getvalue()


def write_mapped(path: Path, mapping: ColumnMapping, out: TextIO) -> None:
    """Write the file's text to ``out`` with the header renamed and the constant columns added.

    Line by line: a file of any size costs memory for one line (the adapters that read a
    large file in pieces then read the copy the same way).

    Raises
    ------
    AdapterError
        The file is not delimited text, has no header, or a ``--map`` names a column that
        is not in the file (the message lists the file's columns and the nearest name), or
        a target name already exists in the file and is not itself mapped away.
    """
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise AdapterError(
            f"{path.name}: --map/--set chỉ áp dụng cho tệp văn bản phân cách (CSV/TSV), không cho "
            f"{path.suffix or 'tệp không đuôi'} (mapping applies to delimited text only)"
        )
    with open(path, encoding=_encoding(path), newline="") as handle:
        first = next((line for line in handle if line.strip()), "")
        # the delimiter that splits the header into the most fields (a sniffer guesses wrong on
        # dates with spaces and decimal commas); "," on a tie
        delimiter = max(",;\t|", key=lambda d: (len(next(csv.reader([first], delimiter=d))), d == ","))
        handle.seek(0)
        rows = csv.reader(handle, delimiter=delimiter)
        start = 0
        for row in rows:
            if any(cell.strip() for cell in row):
                header = [cell.strip() for cell in row]
                break
            start += 1
        else:
            raise AdapterError(f"{path.name}: tệp rỗng (empty file)")
        keep, renamed = _mapped_header(path, header, mapping)
        writer = csv.writer(out, lineterminator="\n")
        for _ in range(start):
            writer.writerow([])  # leading blank lines stay: line numbers in quarantine are the file's
        writer.writerow([renamed[i] for i in keep] + list(mapping.constants))
        values = list(mapping.constants.values())
        for row in rows:
            if not any(cell.strip() for cell in row):
                writer.writerow(row)  # keep blank lines: line numbers in quarantine stay the file's
                continue
            writer.writerow([row[i] if i < len(row) else "" for i in keep] + row[len(header) :] + values)


def _mapped_header(path: Path, header: list[str], mapping: ColumnMapping) -> tuple[list[int], list[str]]:
    """The positions of the file's columns kept, and every column's new name (errors: see :func:`write_mapped`)."""
    folded = {_folded(name): name for name in header}
    # a --map name matches the file's header exactly, else ignoring case (adapters fold case too)
    # and Unicode composition: "Thời gian" typed in a terminal (NFC) is the header a Mac or an
    # old Excel export wrote with combining tone marks (NFD), though they look the same
    rename = {
        (name if name in header else folded.get(_folded(name), name)): target for name, target in mapping.rename.items()
    }
    unknown = [name for name in rename if name not in header]
    if unknown:
        hints = "".join(suggest(name, header) for name in unknown)
        raise AdapterError(
            f"{path.name}: --map: không có cột {unknown} trong tệp{hints}; các cột của tệp: {header} (unknown column)"
        )
    renamed = [rename.get(name, name) for name in header]
    clashes = sorted({t for t in rename.values() if t in header and t not in rename and t not in mapping.constants})
    if clashes:
        raise AdapterError(
            f"{path.name}: --map: tệp đã có cột {clashes}; ánh xạ cột đó sang tên khác trước "
            f"(target column already in the file)"
        )
    return [i for i, name in enumerate(renamed) if name not in mapping.constants], renamed


def _folded(name: str) -> str:
    """A column name as :func:`_mapped_header` compares it: composed (NFC), in lower case."""
    return unicodedata.normalize("NFC", name).lower()


@contextmanager
def mapped_file(path: Path, mapping: ColumnMapping) -> Iterator[Path]:
    """A temporary copy of ``path`` rewritten by :func:`write_mapped` (the path itself without a mapping)."""
    if not (mapping.rename or mapping.constants):
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="ioc-map-") as folder:
        copy = Path(folder) / path.name  # same name: adapters quote it in their messages
        with open(copy, "w", encoding="utf-8", newline="") as out:
            write_mapped(path, mapping, out)
        yield copy


def read_with_mapping(
    adapter: Adapter, path: Path, mapping: ColumnMapping, settings: Settings
) -> Iterator[pd.DataFrame]:
    """Run the adapter on ``path`` seen through ``mapping``: its ``batches`` where it streams
    (frames of about :data:`~ioc.plugins.BATCH_ROWS` rows), else ``read``'s one frame."""
    options: dict[str, object] = {"settings": settings}
    if mapping.timezone:
        parameters = inspect.signature(adapter.read).parameters
        if "timezone" in parameters:
            options["timezone"] = mapping.timezone
        else:  # an adapter that reads the zone from the site profile only
            options["settings"] = settings.model_copy(
                update={"site": settings.site.model_copy(update={"timezone": mapping.timezone})}
            )
    with mapped_file(path, mapping) as readable:
        if adapter.batches is not None:
            yield from adapter.batches(readable, **options)
        else:
            yield adapter.read(readable, **options)


def process_batch(
    datalayer: DataLayer,
    table: str,
    frame: pd.DataFrame,
    *,
    source: str = "api",
    path: str | Path | None = None,
    file_hash: str | None = None,
    plugins: Registry | None = None,
    now: pd.Timestamp | None = None,
    batch_id: str | None = None,
) -> list[WriteResult]:
    """Write one batch, then its derived batches, evaluating rules on each written set.

    The derivations a killed process left unfinished, and failed ones due for a retry, are
    finished first (:mod:`ioc.derivations`; one that raises again is logged and left for
    later, not raised here); their results follow the batch's own in the list returned
    (the first result is always the batch's). ``batch_id``: the id the batch's rows are to
    carry (:func:`~ioc.datalayer.new_batch_id`), for a caller that records it first.

    Raises what the write or a derivation of this batch raises, with the batch's chain
    marked failed (retried later by the first ``process_batch`` after its retry time).
    """
    plugins = plugins or registry()
    derivations = Derivations(datalayer.store)
    recovered = _finish_orphans(datalayer, plugins, derivations, now)
    own = _process(datalayer, [(table, frame, path, file_hash)], plugins, derivations, source, now, batch_id=batch_id)
    return own + recovered


def finish_derivations(datalayer: DataLayer, *, plugins: Registry | None = None) -> list[WriteResult]:
    """Finish now the derivations killed processes left and the failed ones, due or not
    (what the next :func:`process_batch` does first, with the failed ones when due).

    Raises the first error a failed chain raises again (after marking it failed again, and
    trying every other chain)."""
    plugins = plugins or registry()
    errors: list[Exception] = []
    results = _finish_orphans(datalayer, plugins, Derivations(datalayer.store), None, retry_now=True, errors=errors)
    if errors:
        raise errors[0]
    return results


Pending = list[tuple[str, pd.DataFrame, str | Path | None, str | None]]  # table, frame, path, file hash


def _process(
    datalayer: DataLayer,
    pending: Pending,
    plugins: Registry,
    derivations: Derivations,
    source: str,
    now: pd.Timestamp | None,
    root: str | None = None,
    batch_id: str | None = None,
) -> list[WriteResult]:
    """:func:`process_batch` of the ``pending`` batches, in order, then of what is derived
    from them, without looking for orphans. ``root``: the batch they were derived from (their
    chain's root), when they are derived batches; ``batch_id``: the id of the first one's
    rows, when the caller chose it."""
    results = []
    pending = list(pending)
    rules = plugins.rules()
    begun: list[tuple[str, str]] = []
    chain_root = root
    try:
        while pending:
            name, batch, batch_path, batch_hash = pending.pop(0)
            for plugin in plugins:
                if plugin.prepare is not None and name in {t.name for t in plugin.tables}:
                    for first_table, first in plugin.prepare(datalayer, name, batch):
                        results.extend(
                            _process(datalayer, [(first_table, first, None, None)], plugins, derivations, source, now)
                        )
            batch_id = batch_id or new_batch_id(now or pd.Timestamp.now(tz="UTC"))
            # recorded before the write: a kill after it leaves a trace. Every derived batch is
            # (it may have to be undone); a root only when something is derived or evaluated from it
            if root is not None or _derives(plugins, rules, name):
                derivations.begin(
                    name,
                    batch_id,
                    root=root or batch_id,
                    source=source,
                    path=None if batch_path is None else str(batch_path),
                )
                begun.append((name, batch_id))
            root = root or batch_id
            result = datalayer.write(
                name, batch, source=source, path=batch_path, file_hash=batch_hash, now=now, batch_id=batch_id
            )
            batch_id = None  # the derived batches get their own
            results.append(result)
            if not result.written.empty:
                pending.extend(
                    (derived_table, derived, batch_path, None)
                    for derived_table, derived in _derived(datalayer, plugins, rules, name, result.written)
                )
    except Exception as error:
        if chain_root is None and begun:  # the chain this call started: its first record is the root
            _mark_failed(derivations, begun[0][1], error)
        raise
    derivations.done(begun)
    return results


def _derives(plugins: Registry, rules: list, table: str) -> bool:
    """Whether rows written to ``table`` have rules evaluated or batches derived from them."""
    return any(rule.table == table for rule in rules) or any(
        plugin.derive is not None and table in {t.name for t in plugin.tables} for plugin in plugins
    )


def _derived(
    datalayer: DataLayer, plugins: Registry, rules: list, table: str, written: pd.DataFrame
) -> Iterator[tuple[str, pd.DataFrame]]:
    """Evaluate the rules on rows just written to ``table`` (alerts stored), and the batches
    the plugins derive from them."""
    store_alerts(datalayer.store, evaluate_batch(rules, table, written, datalayer))
    for plugin in plugins:
        if plugin.derive is not None and table in {t.name for t in plugin.tables}:
            yield from plugin.derive(datalayer, table, written)


def _finish_orphans(
    datalayer: DataLayer,
    plugins: Registry,
    derivations: Derivations,
    now: pd.Timestamp | None,
    *,
    retry_now: bool = False,
    errors: list[Exception] | None = None,
) -> list[WriteResult]:
    """Finish the chains of derivations killed processes left, and the failed ones due for a
    retry (every failed one with ``retry_now``; :mod:`ioc.derivations`): undo their derived
    writes, then derive again from their roots. A chain that raises is logged, marked failed
    again and appended to ``errors``; the others are still finished."""
    results = []
    rules = plugins.rules()
    known = datalayer.tables
    for root in derivations.orphans(retry_now=retry_now):
        chain = derivations.chain(root)
        if any(record.table_name not in known for record in (root, *chain)):
            continue  # left for a process that knows every table of it
        if not derivations.claim(root):
            continue  # another process is finishing it
        try:
            results.extend(_finish_chain(datalayer, plugins, rules, derivations, root, chain, now))
        except Exception as error:
            logger.exception(
                "dẫn xuất của lô %s (%s) lỗi lần %d, sẽ thử lại sau (derivation failed, retried later)",
                root.batch_id,
                root.table_name,
                (root.failures or 0) + 1,
            )
            _mark_failed(derivations, root.batch_id, error)
            if errors is not None:
                errors.append(error)
    return results


def _mark_failed(derivations: Derivations, root: str, error: Exception) -> None:
    """Mark the chain of ``root`` failed; a state store that cannot even take that (a database
    gone) is logged, and the chain stays this process's in flight: the next process finishes it."""
    try:
        derivations.failed([root], error)
    except Exception:  # the error being handled is the one to raise
        logger.exception("không ghi được lỗi dẫn xuất của lô %s (could not mark the chain failed)", root)


def _finish_chain(
    datalayer: DataLayer,
    plugins: Registry,
    rules: list,
    derivations: Derivations,
    root: PendingDerivation,
    chain: list[PendingDerivation],
    now: pd.Timestamp | None,
) -> list[WriteResult]:
    """Undo the derived writes of ``root``'s chain, newest first, then derive again from the
    root's rows (none: the root never committed, and nothing is derived)."""
    for record in reversed(chain):
        datalayer.undo_write(record.table_name, record.batch_id)
    results = []
    written = datalayer.written_rows(root.table_name, root.batch_id)
    if not written.empty:
        # all derived first, then written, as after the root's own write
        derived = [
            (table, frame, root.path, None)
            for table, frame in _derived(datalayer, plugins, rules, root.table_name, written)
        ]
        results = _process(datalayer, derived, plugins, derivations, root.source, now, root=root.batch_id)
    # the records of the undone writes, and of the root: the re-derived ones were dropped by _process
    derivations.done([(record.table_name, record.batch_id) for record in (root, *chain)])
    return results


def ingest_files(
    datalayer: DataLayer,
    source: str,
    paths: Sequence[str | Path],
    *,
    plugins: Registry | None = None,
    progress: bool = True,
    mapping: Mapping[str, str] | None = None,
    constants: Mapping[str, str] | None = None,
    tz: str | None = None,
    profile: str | None = None,
) -> list[WriteResult]:
    """Read each file with the named source adapter and ingest it.

    A file that cannot be read at all raises :class:`AdapterError` after being
    recorded in the ingest log; nothing from it is written. An adapter that streams
    (:attr:`~ioc.plugins.Adapter.batches`) has each of its batches stored as one commit
    (one result each): a file of any size is read in bounded memory, and an error or a
    crash part-way leaves the batches before it stored whole, which a re-run counts as
    duplicates.

    Parameters
    ----------
    mapping
        File column → adapter column, e.g. ``{"timestamp": "time", "location": "station_id"}``
        (the ``--map`` options).
    constants
        Columns with one value for every line, e.g. ``{"unit": "ug/m3"}`` (``--set``).
    tz
        Zone of naive times in the file (``--tz``); the site's time zone by default.
    profile
        A saved ``ingest_profiles:`` entry of ``ioc.yaml``; explicit options win over it.

    Examples
    --------
    In a notebook::

        ingest_files(dl, "air_wide_csv", ["tam_thang.csv"],
                     mapping={"timestamp": "time", "location": "station_id"})
    """
    plugins = plugins or registry()
    adapter = plugins.adapter(source)
    saved = datalayer.settings.ingest_profiles.get(profile or "")
    if saved is not None and saved.source and saved.source not in (source, source.rpartition(".")[2]):
        raise AdapterError(f"hồ sơ ánh xạ {profile!r} dành cho nguồn {saved.source!r}, không phải {source!r}")
    columns = ColumnMapping.build(
        mapping=mapping, constants=constants, tz=tz, profile=profile, settings=datalayer.settings
    )
    results: list[WriteResult] = []
    bar = tqdm(list(map(Path, paths)), desc=f"Nhập {source}", unit="tệp", disable=not progress)
    for path in bar:
        if not path.exists():
            raise AdapterError(f"{path}: không tìm thấy tệp (file not found)")
        digest = file_sha256(path)
        read = 0
        with closing(read_with_mapping(adapter, path, columns, datalayer.settings)) as frames:
            while True:
                # a streaming adapter's batch is read only after the previous one is stored:
                # memory holds one batch, whatever the file's size
                try:
                    frame = next(frames, None)
                except AdapterError as exc:
                    datalayer.log_failure(source=source, table=adapter.table, path=path, message=str(exc))
                    raise
                if frame is None:
                    break
                results.extend(
                    process_batch(
                        datalayer, adapter.table, frame, source=source, path=path, file_hash=digest, plugins=plugins
                    )
                )
                read += len(frame)
                # a large log is many batches: the rows stored so far show the file moving on
                shown = f"{read:,}".replace(",", ".")  # Vietnamese groups thousands with dots
                bar.set_postfix_str(f"{path.name}: {shown} dòng", refresh=True)
    return results


def table_summaries(results: Iterable[WriteResult]) -> list[str]:
    """One line per table for people, in the order the tables were first written.

    A streamed file is stored one commit per batch (and its derived tables as many): its
    table gets its counts summed over the batches instead of a line per commit, and the
    quarantine files are named once (the folder, when there are several).
    """
    by_table: dict[str, list[WriteResult]] = {}
    for result in results:
        by_table.setdefault(result.table, []).append(result)
    lines = []
    for table, written in by_table.items():
        if len(written) == 1:
            lines.append(written[0].summary())
            continue
        summed = WriteResult(table=table, batch_id="", **totals(written))
        line = f"{table}: {len(written)} lô (batches), {summed.counts_text()}"
        quarantined = [result.quarantine_path for result in written if result.quarantine_path]
        if len(quarantined) == 1:
            line += f" — dòng lỗi: {quarantined[0]}"
        elif quarantined:
            line += f" — dòng lỗi: {len(quarantined)} tệp trong {Path(quarantined[0]).parent}"
        lines.append(line)
    return lines


def totals(results: Iterable[WriteResult]) -> dict[str, int]:
    """Sum the counts of several write results."""
    keys = ("rows_in", "accepted", "rejected", "duplicate", "superseded")
    out = dict.fromkeys(keys, 0)
    for result in results:
        for key in keys:
            out[key] += getattr(result, key)
    return out
