"""Streaming readers of the security tools' files: JSON records, one per line or in an array.

Suricata's EVE log and Wazuh's ``alerts.json`` write one JSON object per line, but exports
(``jq -s``, Kibana downloads, test fixtures) are often one pretty-printed JSON **array**.
:func:`iter_json_records` reads either form in fixed-size chunks, so a file of any size never
sits whole in memory, and yields ``(line_number, text, record_or_error)`` so a broken record
becomes one quarantined row with its reason instead of failing the file.
"""

from __future__ import annotations

import contextlib
import gc
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from ioc.plugins import AdapterError

CHUNK = 1 << 20
#: Records per batch of :func:`iter_json_batches`.
BATCH = 32_768
_DECODER = json.JSONDecoder()


def open_text(path: str | Path) -> IO[str]:
    """Open a log as UTF-8 text; undecodable bytes become U+FFFD (logs carry binary payloads)."""
    return open(path, encoding="utf-8", errors="replace", newline="")


def iter_json_records(path: str | Path) -> Iterator[tuple[int, str, dict[str, Any] | str]]:
    """Yield ``(line, text, record)`` for each JSON object of a line-per-record or array file.

    ``record`` is the parsed object, or a reason string when the text is not one JSON
    object (a garbage line, a truncated last line). ``line`` is the 1-based line where
    the record starts.
    """
    for lines, texts, records in iter_json_batches(path):
        yield from zip(lines, texts, records, strict=True)


def iter_json_batches(
    path: str | Path, size: int = BATCH, *, decode: bool = True
) -> Iterator[tuple[list[int], list[str], list[Any] | None]]:
    """:func:`iter_json_records` in batches of about ``size`` records: ``(lines, texts, records)``.

    Columnar adapters map a batch with one list comprehension per field instead of one
    Python call per record. Memory stays bounded: a batch holds about ``size`` records
    plus one read chunk. ``decode=False``: the records of a line-per-record file are left
    to the caller (``None``; :func:`parse_lines` gives them), whose other parser may need
    none; an array's are decoded all the same (that is how its records are found).
    """
    with open_text(path) as handle:
        head = handle.read(CHUNK)
        stripped = head.lstrip("\ufeff \t\r\n")
        if not stripped:
            return
        if stripped.startswith("["):
            skipped = head[: len(head) - len(stripped)]
            batch: tuple[list[int], list[str], list[Any]] = ([], [], [])
            for line, text, record in _array_records(handle, stripped[1:], 1 + skipped.count("\n")):
                for column, value in zip(batch, (line, text, record), strict=True):
                    column.append(value)
                if len(batch[0]) >= size:
                    yield batch
                    batch = ([], [], [])
            if batch[0]:
                yield batch
        else:
            yield from _line_batches(handle, head, size, decode)


def parse_line(text: str) -> dict[str, Any] | str:
    """One JSON object from one line, or the reason it is not one."""
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        return f"JSON không hợp lệ (invalid JSON: {str(exc).split(':')[0]})"
    return value if isinstance(value, dict) else _not_an_object(value)


def parse_lines(texts: list[str]) -> list[dict[str, Any] | str]:
    """:func:`parse_line` for many lines: one comprehension when all are JSON objects (the
    usual case), line by line only for a chunk that holds a bad one."""
    try:
        values = [orjson.loads(text) for text in texts]
    except orjson.JSONDecodeError:
        return [parse_line(text) for text in texts]
    if all(type(value) is dict for value in values):
        return values
    return [value if isinstance(value, dict) else _not_an_object(value) for value in values]


def _not_an_object(value: Any) -> str:
    return f"không phải đối tượng JSON (not a JSON object: {type(value).__name__})"


def _line_batches(
    handle: IO[str], head: str, size: int, decode: bool
) -> Iterator[tuple[list[int], list[str], list[Any] | None]]:
    number = 0
    buffer = head
    lines: list[int] = []
    texts: list[str] = []
    records: list[Any] = []
    while True:
        marked = "\ufeff" in buffer  # one scan of the chunk: a byte-order mark is rare
        parts = buffer.split("\n")
        buffer = parts.pop()  # an unfinished line waits for the next chunk
        stripped = [part.strip().lstrip("\ufeff") for part in parts] if marked else [part.strip() for part in parts]
        if all(stripped):  # no blank line (the usual chunk): every line is kept, numbered in order
            kept = stripped
            lines += range(number + 1, number + 1 + len(stripped))
        else:
            kept = [text for text in stripped if text]
            lines += [line for line, text in enumerate(stripped, number + 1) if text]
        texts += kept
        if decode:
            records += parse_lines(kept)
        number += len(parts)
        if len(lines) >= size:
            yield lines, texts, records if decode else None
            lines, texts, records = [], [], []
        chunk = handle.read(CHUNK)
        if not chunk:
            break
        buffer += chunk
    text = buffer.strip()
    if text:  # a last line without a newline: parsed like any other (a cut-off one fails)
        lines.append(number + 1)
        texts.append(text)
        if decode:
            records.append(parse_line(text))
    if lines:
        yield lines, texts, records if decode else None


def _array_records(handle: IO[str], buffer: str, line: int) -> Iterator[tuple[int, str, dict[str, Any] | str]]:
    """Objects of a JSON array, decoded one at a time from a sliding buffer."""
    done = False
    while True:
        stripped = buffer.lstrip(" \t\r\n,")
        line += buffer[: len(buffer) - len(stripped)].count("\n")
        buffer = stripped
        if buffer.startswith("]"):
            return
        try:
            value, end = _DECODER.raw_decode(buffer)
        except json.JSONDecodeError as exc:
            chunk = "" if done else handle.read(CHUNK)
            if chunk:
                buffer += chunk
                continue
            done = True
            if not buffer.strip():
                return
            text = buffer.strip()
            yield line, text[:2000], f"JSON không hợp lệ (invalid JSON in array: {exc.msg})"
            return
        text = buffer[:end]
        yield line, text, value if isinstance(value, dict) else _not_an_object(value)
        line += text.count("\n")
        buffer = buffer[end:]
        if len(buffer) < CHUNK // 2 and not done:
            chunk = handle.read(CHUNK)
            done = not chunk
            buffer += chunk


_GC_LOCK = threading.Lock()
_gc_pauses = 0  # readers inside paused_gc now, in any thread
_gc_was_enabled = False  # what the first of them found


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a batch of decoded records is alive.

    A batch holds tens of thousands of freshly decoded dicts; each allocation round makes the
    collector walk all of them again (a third of the reading time, measured). Decoded JSON
    has no reference cycles, so reference counting frees it all the same. The collector is
    process-wide: pauses of several threads (listeners in one served process) overlap, so it
    is switched back on (if it was on before the first) when the *last* of them ends, even
    on an error — not by the first to end, nor left off by one that began inside another's.
    """
    global _gc_pauses, _gc_was_enabled
    with _GC_LOCK:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


def require_records(path: str | Path, count: int) -> None:
    """Raise :class:`AdapterError` for a file that held nothing at all."""
    if count == 0:
        raise AdapterError(f"{path}: tệp rỗng, không có bản ghi (empty file, no records)")
