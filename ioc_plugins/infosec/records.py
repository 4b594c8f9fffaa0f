"""Streaming readers of the security tools' files: JSON records, one per line or in an array.

Suricata's EVE log and Wazuh's ``alerts.json`` write one JSON object per line, but exports
(``jq -s``, Kibana downloads, test fixtures) are often one pretty-printed JSON **array**.
:func:`iter_json_records` reads either form in fixed-size chunks, so a file of any size never
sits whole in memory, and yields ``(line_number, text, record_or_error)`` so a broken record
becomes one quarantined row with its reason instead of failing the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from ioc.plugins import AdapterError

CHUNK = 1 << 20
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
    with open_text(path) as handle:
        head = handle.read(CHUNK)
        stripped = head.lstrip("\ufeff \t\r\n")
        if not stripped:
            return
        if stripped.startswith("["):
            skipped = head[: len(head) - len(stripped)]
            yield from _array_records(handle, stripped[1:], 1 + skipped.count("\n"))
        else:
            yield from _line_records(handle, head)


def parse_line(text: str) -> dict[str, Any] | str:
    """One JSON object from one line, or the reason it is not one."""
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        return f"JSON không hợp lệ (invalid JSON: {str(exc).split(':')[0]})"
    if not isinstance(value, dict):
        return f"không phải đối tượng JSON (not a JSON object: {type(value).__name__})"
    return value


def _line_records(handle: IO[str], head: str) -> Iterator[tuple[int, str, dict[str, Any] | str]]:
    number = 0
    buffer = head
    while True:
        lines = buffer.split("\n")
        buffer = lines.pop()  # an unfinished line waits for the next chunk
        for line in lines:
            number += 1
            text = line.strip().lstrip("\ufeff")
            if text:
                yield number, text, parse_line(text)
        chunk = handle.read(CHUNK)
        if not chunk:
            break
        buffer += chunk
    text = buffer.strip()
    if text:  # a last line without a newline: parsed like any other (a cut-off one fails)
        yield number + 1, text, parse_line(text)


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
        yield (
            line,
            text,
            value
            if isinstance(value, dict)
            else f"không phải đối tượng JSON (not a JSON object: {type(value).__name__})",
        )
        line += text.count("\n")
        buffer = buffer[end:]
        if len(buffer) < CHUNK // 2 and not done:
            chunk = handle.read(CHUNK)
            done = not chunk
            buffer += chunk


def require_records(path: str | Path, count: int) -> None:
    """Raise :class:`AdapterError` for a file that held nothing at all."""
    if count == 0:
        raise AdapterError(f"{path}: tệp rỗng, không có bản ghi (empty file, no records)")
