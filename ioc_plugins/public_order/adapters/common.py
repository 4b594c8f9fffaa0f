"""What the camera adapters share: splitting a file into messages, decoding one, typed checks.

Live messages (MQTT) and files meet here: a file holds one JSON message, a JSON array of
messages or one message per line (NDJSON); a broker hands over the payloads themselves.
Either way each message becomes one row, and a message that cannot be used becomes a row
with an ``_error`` reason (quarantined by the data layer with its raw payload), never an
exception that would lose the rest of the batch.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import orjson
import pandas as pd

from ioc.plugins import AdapterError
from ioc.tables import ERROR_COLUMN

#: How much of a bad payload the quarantine file keeps (enough to see what was wrong).
PAYLOAD_KEPT = 2000


class BadMessage(ValueError):
    """One message that cannot be mapped; the text is the quarantine reason."""


def file_messages(path: str | Path) -> list[bytes]:
    """The messages of a file: one JSON value, a JSON array of them, or NDJSON lines.

    A pretty-printed message that is cut off stays one (bad) message; in an NDJSON file
    each bad line is its own bad message.

    Raises
    ------
    AdapterError
        The file is empty.
    """
    data = Path(path).read_bytes()
    if not data.strip():
        raise AdapterError(f"{path}: tệp rỗng (empty file)")
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        lines = [line for line in data.splitlines() if line.strip()]
        if len(lines) > 1 and _is_object(lines[0]):
            return lines
        return [data]
    if isinstance(value, list):
        return [orjson.dumps(item) for item in value]
    return [data]


def _is_object(line: bytes) -> bool:
    try:
        return isinstance(orjson.loads(line), dict)
    except orjson.JSONDecodeError:
        return False


def decode(payload: bytes | str) -> dict[str, Any]:
    """One message as a JSON object, or :class:`BadMessage`."""
    try:
        value = orjson.loads(payload)
    except orjson.JSONDecodeError as error:
        raise BadMessage(f"payload: JSON hỏng hoặc bị cắt (malformed or truncated JSON: {error})") from None
    if not isinstance(value, dict):
        raise BadMessage(f"payload: cần một đối tượng JSON, nhận {type(value).__name__} (expected a JSON object)")
    return value


def rows_from(
    payloads: Iterable[bytes | str], mapper: Callable[[dict[str, Any]], dict[str, Any]], columns: Sequence[str]
) -> pd.DataFrame:
    """Map every payload to a row; a failure becomes a row with ``_error`` and the payload."""
    rows = []
    for payload in payloads:
        try:
            rows.append(mapper(decode(payload)))
        except BadMessage as error:
            text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload)
            rows.append({ERROR_COLUMN: str(error), "payload": text[:PAYLOAD_KEPT]})
    frame = pd.DataFrame(rows, columns=[*columns, ERROR_COLUMN, "payload"])
    return frame


# --------------------------------------------------------------------------- typed fields
def text(record: dict[str, Any], key: str, *, required: bool = False, where: str = "") -> str | None:
    """A string field (numbers are accepted as their text); anything else is a bad message."""
    value = record.get(key)
    if value is None or value == "":
        if required:
            raise BadMessage(f"{where}{key}: thiếu giá trị bắt buộc (missing required value)")
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise BadMessage(f"{where}{key}: cần chuỗi, nhận {type(value).__name__} (wrong type)")
    return str(value)


def number(record: dict[str, Any], key: str, *, required: bool = False, where: str = "") -> float | None:
    """A numeric field; a string, a list or a boolean is a bad message."""
    value = record.get(key)
    if value is None:
        if required:
            raise BadMessage(f"{where}{key}: thiếu giá trị bắt buộc (missing required value)")
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BadMessage(f"{where}{key}: cần số, nhận {type(value).__name__} {value!r:.40} (wrong type)")
    return float(value)


def flag(record: dict[str, Any], key: str, *, where: str = "") -> bool | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise BadMessage(f"{where}{key}: cần true/false, nhận {type(value).__name__} (wrong type)")
    return value


def strings(record: dict[str, Any], key: str, *, where: str = "") -> list[str]:
    """A list of strings (``None`` is an empty list)."""
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise BadMessage(f"{where}{key}: cần danh sách chuỗi (expected a list of strings)")
    return value


def box(value: Any, *, where: str = "box") -> tuple[int, int, int, int] | tuple[None, None, None, None]:
    """A pixel box ``[x1, y1, x2, y2]``; the frame check is the table's."""
    if value is None:
        return (None, None, None, None)
    # exact types: bool is an int subclass, and this runs for every message of a live stream
    if type(value) is not list or len(value) != 4 or any(type(v) not in (int, float) for v in value):
        raise BadMessage(f"{where}: cần [x1, y1, x2, y2] (expected four numbers)")
    x1, y1, x2, y2 = value
    return (round(x1), round(y1), round(x2), round(y2))


#: Epoch seconds a pandas timestamp can hold (about 1677–2262).
EPOCH_LIMIT = 9.2e9


def seconds(value: float | None) -> float | None:
    """Epoch seconds that :func:`epoch` can convert (checked here, converted later by column)."""
    if value is not None and not -EPOCH_LIMIT < value < EPOCH_LIMIT:
        raise BadMessage(f"time: {value!r} không phải thời điểm hợp lệ (not a valid epoch time)")
    return value


def epoch(value: float | None) -> pd.Timestamp | None:
    """Frigate's float epoch seconds as a UTC time (``None`` stays ``None``)."""
    if value is None:
        return None
    try:
        return pd.Timestamp(value, unit="s", tz="UTC")
    except (OverflowError, ValueError, pd.errors.OutOfBoundsDatetime):
        raise BadMessage(f"time: {value!r} không phải thời điểm hợp lệ (not a valid epoch time)") from None


def plain(name: str) -> str:
    """A header without case, diacritics or punctuation: ``"Mã camera"`` → ``"ma camera"``."""
    decomposed = unicodedata.normalize("NFD", str(name).replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join("".join(c if c.isalnum() else " " for c in stripped).split())
