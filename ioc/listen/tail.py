"""Tail a growing log file into the data layer through a plugin's adapter (``ioc listen file``).

:class:`FileTailer` reads the complete lines appended to a file since its last committed
position, hands them to the source adapter named on the command line (looked up in the
plugin registry: the core never imports a domain), writes them with
:func:`ioc.ingest.process_batch` (validation, quarantine, rules, derived tables) and only
then commits the new position to the state store (table ``listen_positions``). So:

* **no line is skipped**: the position moves only after the batch is written; a line still
  being written (no newline yet) waits for the next poll;
* **no line is stored twice**: a crash between the write and the position commit re-reads
  that batch on restart, and the data layer drops rows identical to stored ones (every
  adapter gives each record a natural key);
* **rotation** (the file renamed, a new one created): the position remembers the device and
  inode; when the path names another inode, the rest of the old file is read from where it
  was left (found by its inode among its siblings: ``eve.json.1``, ``conn.log.2024…``), then
  the files rotated after it, oldest first (several rotations while the tailer was down),
  then the new file from its start;
* **truncation** (``copytruncate``, or an admin emptying the file): a file shorter than the
  position, or whose first bytes changed, is read again from the start — a rotated file
  too (truncated, written again and rotated away before the tailer came back to it).

Multi-line records (OSSEC ``alerts.log``) are consumed whole with ``records="blank"``: the
position stops after the last blank line. Header lines (``#…``) at the top of a file (Zeek
TSV ``#fields``) are given again with every batch, so each batch reads on its own.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import BigInteger, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ioc.datalayer import DataLayer, WriteResult
from ioc.ingest import process_batch
from ioc.listen.recycle import MemoryBound
from ioc.plugins import AdapterError, Registry, registry
from ioc.store import Base, utcnow

logger = logging.getLogger(__name__)

#: At most this many bytes are read into one batch (a large backlog is read in steps).
MAX_BATCH_BYTES = 8 << 20
#: How often a pause between polls looks for a stop (seconds).
STOP_CHECK_S = 0.2
#: How many leading bytes identify a file's content (a truncated-and-rewritten file differs).
FINGERPRINT_BYTES = 256
RECORD_MODES = ("lines", "blank")
#: Rotated files with these endings are compressed: never read as log lines.
COMPRESSED_SUFFIXES = frozenset({".gz", ".bz2", ".xz", ".zst", ".lz4", ".zip"})


class ListenPosition(Base):
    """Where a listener has read a file to (committed after each written batch)."""

    __tablename__ = "listen_positions"
    key: Mapped[str] = mapped_column(String(500), primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    adapter: Mapped[str] = mapped_column(String(200))
    device: Mapped[int] = mapped_column(BigInteger)
    inode: Mapped[int] = mapped_column(BigInteger)
    offset: Mapped[int] = mapped_column(BigInteger)
    fingerprint: Mapped[str] = mapped_column(String(64))
    lines: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


@dataclass
class Position:
    """A file identity (device, inode, leading bytes) and an offset in it."""

    device: int
    inode: int
    offset: int
    fingerprint: str
    lines: int = 0


def _fingerprint(path: Path, length: int) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read(min(length, FINGERPRINT_BYTES))).hexdigest()


def _rewritten(path: Path, state: Position) -> bool:
    """Whether ``path`` (the file of ``state``) was truncated or rewritten since ``state`` was taken."""
    if path.stat().st_size >= state.offset and _fingerprint(path, state.offset) == state.fingerprint:
        return False
    logger.warning("%s: tệp bị cắt ngắn hoặc ghi lại, đọc lại từ đầu (truncated: reading from the start)", path)
    return True


def _boundary(data: bytes, records: str, final: bool) -> int:
    """How many bytes of ``data`` end on a complete record."""
    if final:
        return len(data)
    if records == "blank":
        end = data.rfind(b"\n\n")
        return end + 2 if end >= 0 else 0
    return data.rfind(b"\n") + 1


def _header(path: Path) -> bytes:
    """The ``#`` lines at the top of the file (Zeek TSV), repeated with each batch."""
    lines = []
    with open(path, "rb") as handle:
        for line in handle:
            if not line.startswith(b"#"):
                break
            lines.append(line)
            if len(lines) > 50:
                break
    return b"".join(lines)


class FileTailer:
    """Follow one file with one source adapter.

    Parameters
    ----------
    datalayer
        Where batches are written (and the state store the position is kept in).
    path
        The file to follow (it may not exist yet).
    source
        The adapter's name as ``ioc ingest`` takes it (``suricata_eve`` or ``infosec.suricata_eve``).
    records
        ``"lines"`` (one record a line) or ``"blank"`` (records separated by a blank line).
    plugins
        The registry to find the adapter in (default: the installed plugins).
    stop
        Asked between batches: ``True`` ends the reading there, with the position of the last
        batch committed (``None``: never).
    """

    def __init__(
        self,
        datalayer: DataLayer,
        path: str | Path,
        source: str,
        *,
        records: str = "lines",
        plugins: Registry | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> None:
        if records not in RECORD_MODES:
            raise ValueError(f"records must be one of {RECORD_MODES}, not {records!r}")
        self.datalayer = datalayer
        self.path = Path(path).absolute()
        self.source = source
        self.records = records
        self.plugins = plugins or registry()
        self.adapter = self.plugins.adapter(source)
        self.key = f"file:{self.path}#{source}"
        self.results: list[WriteResult] = []
        #: set by :func:`follow_file` when the run ended for the memory bound
        self.restart_due = False
        self.stop = stop

    # ------------------------------------------------------------------ state
    def position(self) -> Position | None:
        """The committed position (``None`` before the first batch)."""
        with self.datalayer.store.session() as session:
            row = session.get(ListenPosition, self.key)
            if row is None:
                return None
            return Position(row.device, row.inode, row.offset, row.fingerprint, row.lines)

    def _commit(self, position: Position) -> None:
        with self.datalayer.store.session() as session:
            row = session.get(ListenPosition, self.key)
            if row is None:
                row = ListenPosition(key=self.key, path=str(self.path), adapter=self.source)
                session.add(row)
            row.device, row.inode, row.offset = position.device, position.inode, position.offset
            row.fingerprint, row.lines, row.updated_at = position.fingerprint, position.lines, utcnow()
            session.commit()

    # ------------------------------------------------------------------ reading
    def poll(self) -> int:
        """Read everything complete that is new; return the number of lines handed over."""
        state = self.position()
        handed = 0
        if state is not None:
            rotated = self._rotated_file(state)
            if rotated is not None:  # finish the old file first, then start the new one
                if _rewritten(rotated, state):  # truncated, written again, then rotated before we read it
                    state = Position(state.device, state.inode, 0, _fingerprint(rotated, 0), state.lines)
                handed += self._drain(rotated, state, final=True)
                # rotated more than once while we were away: the files in between, oldest first
                for later in self._rotated_since(rotated):
                    if self._stopping():  # before the position moves on: the old file may not be done
                        return handed
                    stat = later.stat()
                    begin = Position(stat.st_dev, stat.st_ino, 0, _fingerprint(later, 0))
                    self._commit(begin)  # a crash resumes inside it, then goes on to the newer ones
                    handed += self._drain(later, begin, final=True)
                state = None
        if not self.path.exists() or self._stopping():
            return handed
        stat = self.path.stat()
        if state is None or (state.device, state.inode) != (stat.st_dev, stat.st_ino) or _rewritten(self.path, state):
            state = Position(stat.st_dev, stat.st_ino, 0, _fingerprint(self.path, 0))
            self._commit(state)
        return handed + self._drain(self.path, state, final=False)

    def _rotated_file(self, state: Position) -> Path | None:
        """The old file (by device and inode) when the path now names another one."""
        try:
            stat = self.path.stat()
            if (stat.st_dev, stat.st_ino) == (state.device, state.inode):
                return None
        except FileNotFoundError:
            pass
        folder = self.path.parent
        for candidate in sorted(folder.iterdir()) if folder.exists() else []:
            try:
                other = candidate.stat()
            except OSError:
                continue
            if (other.st_dev, other.st_ino) == (state.device, state.inode) and candidate.is_file():
                return candidate
        logger.warning("%s: không tìm thấy tệp cũ sau khi xoay vòng (rotated file gone)", self.path)
        return None

    def _rotated_since(self, rotated: Path) -> list[Path]:
        """Rotated siblings written after ``rotated`` (``eve.json.2``, ``.1`` …), oldest first.

        The log's own name starts theirs; compressed ones (``.gz`` …) are left alone: the
        rotation that compressed them ran after their lines were due, which only a tailer
        stopped for longer than that misses.
        """
        try:
            current = self.path.stat()
            skip = {(current.st_dev, current.st_ino)}
        except FileNotFoundError:
            skip = set()
        since = rotated.stat()
        skip.add((since.st_dev, since.st_ino))
        found = []
        for candidate in self.path.parent.iterdir():
            if not candidate.name.startswith(self.path.name) or candidate.suffix in COMPRESSED_SUFFIXES:
                continue
            try:
                stat = candidate.stat()
            except OSError:
                continue
            if candidate.is_file() and (stat.st_dev, stat.st_ino) not in skip and stat.st_mtime_ns >= since.st_mtime_ns:
                found.append((stat.st_mtime_ns, candidate))
        return [path for _, path in sorted(found)]

    def _drain(self, path: Path, state: Position, *, final: bool) -> int:
        """Read ``path`` from ``state.offset`` in batches, committing after each."""
        handed = 0
        header = _header(path)
        while not self._stopping():
            with open(path, "rb") as handle:
                # the fingerprint is taken now, with the batch: taken after the write, it could
                # describe a file truncated and written again meanwhile, whose new lines would
                # then be skipped as already read
                head = handle.read(FINGERPRINT_BYTES)
                handle.seek(state.offset)
                data = handle.read(MAX_BATCH_BYTES)
            if hashlib.sha256(head[: state.offset]).hexdigest() != state.fingerprint:
                return handed  # rewritten under us: the next poll reads it from the start
            size = _boundary(data, self.records, final and len(data) < MAX_BATCH_BYTES)
            if size == 0:
                return handed
            chunk = data[:size]
            lines = chunk.count(b"\n") + (0 if chunk.endswith(b"\n") else 1)
            # a batch from the file's start already holds the header
            prefix = header if state.offset > 0 and header and not chunk.startswith(b"#") else b""
            self._feed(path, prefix + chunk)
            state = Position(
                state.device,
                state.inode,
                state.offset + size,
                hashlib.sha256(head[: state.offset + size]).hexdigest(),
                state.lines + lines,
            )
            self._commit(state)  # a rotated file's position too: a crash resumes inside it
            handed += lines
        return handed

    def _stopping(self) -> bool:
        return self.stop is not None and self.stop()

    def _feed(self, path: Path, payload: bytes) -> None:
        """Hand one batch to the adapter through a scratch file named like the source."""
        if not any(line.strip() and not line.startswith(b"#") for line in payload.splitlines()):
            return
        with tempfile.TemporaryDirectory(prefix="ioc-tail-") as scratch:
            # the adapter sees the same folder and file name (sensor names, log kinds come from them)
            target = Path(scratch) / self.path.parent.name / self.path.name
            target.parent.mkdir(parents=True)
            target.write_bytes(payload)
            try:
                frame = self.adapter.read(target, settings=self.datalayer.settings)
            except AdapterError as exc:
                self.datalayer.log_failure(source=self.source, table=self.adapter.table, path=path, message=str(exc))
                logger.error("%s: %s", path, exc)
                return
        self.results.extend(
            process_batch(
                self.datalayer,
                self.adapter.table,
                frame,
                source=f"listen:{self.source}",
                path=path,
                plugins=self.plugins,
            )
        )

    def run(self, *, interval: float = 1.0, memory: MemoryBound | None = None) -> bool:
        """Poll until :attr:`stop` says so (or forever); return ``True`` when it stopped because
        ``memory`` was passed after a batch (the command then restarts the process in place)."""
        while not self._stopping():
            if self.poll() and memory is not None and memory.passed():
                return True  # the position of what was read is committed: a fresh start resumes there
            self._pause(interval)
        return False

    def _pause(self, seconds: float) -> None:
        """Wait ``seconds`` between two polls, or until a stop is asked for (a long
        ``--interval`` does not hold a ``systemctl stop`` up)."""
        end = time.monotonic() + seconds
        while not self._stopping() and (left := end - time.monotonic()) > 0:
            time.sleep(min(left, STOP_CHECK_S))


def follow_file(
    datalayer: DataLayer,
    path: str | Path,
    source: str,
    *,
    records: str = "lines",
    once: bool = False,
    interval: float = 1.0,
    memory: MemoryBound | None = None,
    stop: Callable[[], bool] | None = None,
    plugins: Registry | None = None,
) -> FileTailer:
    """Tail ``path`` with the adapter ``source``; ``once`` reads what is there and returns.

    Otherwise it runs until ``stop()`` says so (checked between batches, also by ``once``;
    ``None``: never) or until ``memory`` is passed after a batch (``None``: no bound); then
    the tailer's ``restart_due`` is set (:mod:`ioc.listen.recycle`). ``plugins``: as
    :class:`FileTailer` takes them.
    """
    tailer = FileTailer(datalayer, path, source, records=records, plugins=plugins, stop=stop)
    if once:
        tailer.poll()  # a long first read ends between two batches on a stop too
    else:
        tailer.restart_due = tailer.run(interval=interval, memory=memory)
    return tailer


__all__ = ["FileTailer", "ListenPosition", "Position", "follow_file"]
