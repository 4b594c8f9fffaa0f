"""The one event model every adapter maps onto (ECS-like field names, flattened with ``_``).

Field names follow the Elastic Common Schema where it has one (``source_ip`` for
``source.ip``, ``rule_name`` for ``rule.name``, ``observer_name`` for ``observer.name`` …),
flattened with ``_`` because DuckDB column names with dots need quoting everywhere. So one
rule ("severity ≥ high", "the same ``source_ip`` hits several agencies") works on Suricata,
Wazuh, OSSEC and Zeek rows alike.

Severity is normalised to one scale (:data:`SEVERITY_LABELS`):
0 info (no detection: dns, flow, conn …), 1 low, 2 medium, 3 high, 4 critical.
Mappings (project choices, after Security Onion's and Wazuh's documentation):

* Suricata ``alert.severity`` 1 → 3 high, 2 → 2 medium, 3 and 4 → 1 low (1 is the most
  severe in Suricata's classification.config);
* Wazuh/OSSEC ``rule.level`` 0–15 (Wazuh "rules classification"): 0–4 → 1 low,
  5–7 → 2 medium, 8–11 → 3 high, 12–15 → 4 critical ("high importance event");
* Zeek ``notice`` → 2 medium; other Zeek logs → 0 info.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from itertools import repeat
from types import NoneType
from typing import Any

import numpy as np
import orjson
import pandas as pd
import pyarrow as pa

from ioc.tables import ERROR_COLUMN

SEVERITY_LABELS = {0: "info", 1: "low", 2: "medium", 3: "high", 4: "critical"}
SEVERITY_LABELS_VI = {0: "Thông tin", 1: "Thấp", 2: "Trung bình", 3: "Cao", 4: "Nghiêm trọng"}
HIGH = 3

#: The columns of ``infosec.events`` in order (see :mod:`.tables`).
EVENT_FIELDS = (
    "event_id",
    "time",
    "observer_name",
    "event_module",
    "event_dataset",
    "rule_id",
    "rule_name",
    "rule_category",
    "severity",
    "source_ip",
    "source_port",
    "destination_ip",
    "destination_port",
    "network_transport",
    "app_protocol",
    "agency",
    "host_name",
    "url_domain",
    "file_name",
    "file_hash",
    "malware_family",
    "action",
    "raw",
)

# 2022-02-23T10:11:12.123456-0500 → -05:00 (Suricata and Wazuh write offsets without a colon)
_OFFSET = re.compile(r"([+-])(\d{2})(\d{2})$")
_ISO_ZONED = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})"
_EPOCH = re.compile(r"\d{9,13}(\.\d+)?")
_IP_PORT = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$")
_IPV6_PORT = re.compile(r"^\[([0-9a-fA-F:.]+)\]:(\d{1,5})$")


def suricata_severity(value: Any) -> int:
    """Suricata ``alert.severity`` (1 most severe) on the project scale."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return {1: 3, 2: 2}.get(number, 1)


def wazuh_severity(level: Any) -> int:
    """Wazuh/OSSEC ``rule.level`` (0–15) on the project scale."""
    try:
        number = int(level)
    except (TypeError, ValueError):
        return 1
    if number >= 12:
        return 4
    if number >= 8:
        return 3
    if number >= 5:
        return 2
    return 1


def parse_time(value: Any) -> pd.Timestamp | None:
    """An ISO 8601 time with or without a colon in the offset, or epoch seconds/milliseconds.

    Each record is parsed on its own, so offsets that change inside a file (daylight
    saving) are honoured. Returns UTC; ``None`` when unreadable.
    """
    if value is None or value == "":
        return None
    try:
        if isinstance(value, int | float) or (isinstance(value, str) and _EPOCH.fullmatch(value)):
            return _epoch(str(value))
        text = _OFFSET.sub(r"\1\2:\3", str(value).strip())
        stamp = pd.Timestamp(text)
    except (ValueError, OverflowError):
        return None
    if stamp.tzinfo is None:
        return None  # a naive time has no place in a security log: the caller decides
    return stamp.tz_convert("UTC")


def parse_times(values: pd.Series) -> pd.Series:
    """:func:`parse_time` for a whole column: ISO 8601 with an offset (colon or not) in one
    vectorised pass, anything else (epoch numbers, odd forms) one by one. Naive times stay
    unread (``NaT``), as in :func:`parse_time`."""
    text = values.astype("string")
    if text.str.fullmatch(_ISO_ZONED).fillna(False).all():
        # the usual column (Suricata, Wazuh): every value a full ISO time with an offset, which
        # pandas' ISO 8601 parser reads with or without the colon: no rewriting needed
        normal = text
    else:
        zoned = text.str.contains(r"(?:Z|[+-]\d{2}:?\d{2})$", regex=True).fillna(False).astype(bool)
        normal = text.where(zoned).str.replace(r"([+-]\d{2})(\d{2})$", r"\1:\2", regex=True)
    parsed = pd.to_datetime(normal, utc=True, format="ISO8601", errors="coerce")
    rest = np.flatnonzero((parsed.isna() & values.notna()).to_numpy(dtype=bool))
    if len(rest):
        result = list(parsed)
        for position in rest:
            result[position] = parse_time(values.iloc[position]) or pd.NaT
        parsed = pd.Series(pd.to_datetime(result, utc=True), index=values.index)
    return parsed.astype("datetime64[us, UTC]")


def _epoch(text: str) -> pd.Timestamp:
    """Epoch seconds (Zeek ``ts``, exact to the microsecond: no float rounding) or
    milliseconds (Wazuh 4 / OSSEC ``TimeStamp``, 13 digits)."""
    whole, _, fraction = text.partition(".")
    if len(whole) >= 12 and not fraction:
        return pd.Timestamp(int(whole), unit="ms", tz="UTC")
    micros = int(whole) * 1_000_000 + int((fraction + "000000")[:6])
    return pd.Timestamp(micros, unit="us", tz="UTC")


def split_ip_port(value: Any) -> tuple[str | None, int | None]:
    """``"10.0.0.1:80"`` → ``("10.0.0.1", 80)``; a bare address keeps no port (Wazuh ``dstip``)."""
    if value is None:
        return None, None
    text = str(value).strip()
    if not text or text == "-":
        return None, None
    match = _IP_PORT.match(text) or _IPV6_PORT.match(text)
    if match:
        return match.group(1), int(match.group(2))
    return text, None


def event_id(module: str, *parts: Any) -> str:
    """A stable natural key: the module and a SHA-1 of identifying parts (re-reads deduplicate)."""
    digest = hashlib.sha1(usedforsecurity=False)
    for part in parts:
        digest.update(
            part if isinstance(part, bytes) else ("" if part is None else str(part)).encode("utf-8", "replace")
        )
        digest.update(b"\x1f")
    return f"{module}:{digest.hexdigest()[:24]}"


def content_ids(module: str, records: Iterable[Mapping[str, Any]]) -> pa.StringArray:
    """``event_id(module, canonical(record))`` for many records, as one Arrow string array.

    One comprehension keeps the first 12 bytes of each digest; their hex text (what
    ``hexdigest()[:24]`` gives) and the ``module:`` prefix are laid out for all records at
    once in one buffer, so no Python string is made per id.
    """
    dumps, sha1, option = orjson.dumps, hashlib.sha1, orjson.OPT_SORT_KEYS
    digests = b"".join(
        [
            sha1(dumps(record, option=option, default=str) + _PART_END, usedforsecurity=False).digest()[:12]
            for record in records
        ]
    )
    count = len(digests) // 12
    prefix = np.frombuffer(f"{module}:".encode(), dtype=np.uint8)
    width = len(prefix) + 24
    if (count + 1) * width >= 2**31:  # beyond 32-bit offsets (batches are far smaller)
        hexed = digests.hex()
        return pa.array([f"{module}:{hexed[i * 24 : i * 24 + 24]}" for i in range(count)], type=pa.string())
    cells = np.empty((count, width), dtype=np.uint8)
    cells[:, : len(prefix)] = prefix
    cells[:, len(prefix) :] = np.frombuffer(digests.hex().encode("ascii"), dtype=np.uint8).reshape(count, 24)
    offsets = np.arange(0, (count + 1) * width, width, dtype=np.int32)
    return pa.StringArray.from_buffers(count, pa.py_buffer(offsets), pa.py_buffer(cells))


def text_content_ids(module: str, texts: list[str]) -> pa.StringArray | None:
    """:func:`content_ids` of the records ``texts`` hold, one JSON object each, each decoded
    only to be hashed; ``None`` when one of them is not a JSON object.

    The records are not kept: a batch's 32 768 dicts alive at once cost more to build and
    free than the hashing (0.70 → 0.50 s for 200 000 EVE lines, measured). Readers whose
    fields another parser reads (Arrow, :mod:`~.adapters.eve_arrow`) need no records at all.
    """
    if not all(map(str.startswith, texts, repeat("{"))):  # valid JSON opened by "{" is an object
        return None
    try:
        return content_ids(module, map(orjson.loads, texts))
    except orjson.JSONDecodeError:
        return None


_PART_END = b"\x1f"  # what event_id writes after each part


def canonical(record: Mapping[str, Any]) -> bytes:
    """The record as key-sorted compact JSON: the same for a line and a pretty-printed copy."""
    return orjson.dumps(record, option=orjson.OPT_SORT_KEYS, default=str)


def raw_text(record: Mapping[str, Any] | str) -> str:
    """The source record kept as compact JSON text (shown only to the security role)."""
    if isinstance(record, str):
        return record
    return orjson.dumps(record, default=str).decode("utf-8")


def error_row(reason: str, raw: str, *, module: str, line: int, source: str) -> dict[str, Any]:
    """A row the adapter could not read: it goes to quarantine with its reason and line."""
    return {
        "event_id": event_id(module, source, line, raw[:200]),
        "event_module": module,
        "raw": raw[:4000],
        ERROR_COLUMN: f"dòng {line}: {reason}",
    }


def to_frame(rows: Iterable[Mapping[str, Any]], fields: tuple[str, ...] = EVENT_FIELDS) -> pd.DataFrame:
    """Rows (dicts) → a frame with exactly ``fields`` plus ``_error``, built column by column
    (one comprehension per field; :func:`text_column`, :func:`whole_column`)."""
    rows = list(rows)
    return pd.DataFrame(
        {name: typed_column([row.get(name) for row in rows], name) for name in (*fields, ERROR_COLUMN)},
        index=pd.RangeIndex(len(rows)),
    )


#: Columns of the infosec tables that hold whole numbers.
WHOLE_FIELDS = frozenset({"severity", "source_port", "destination_port", "source_bytes", "destination_bytes"})
#: Columns kept as the Python objects the adapter gave (parsed later, or by validation).
OBJECT_FIELDS = frozenset({ERROR_COLUMN, "_line"})


def typed_column(values: Any, name: str) -> pd.Series:
    """One adapter column: Arrow-backed text, nullable integers for :data:`WHOLE_FIELDS` when
    every value is one, times as pandas infers them, and the Python objects otherwise (numbers
    where text is expected, mixed values: validation types and reports them). Arrow reads a
    list of texts in one C pass, where ``DataFrame.from_records`` infers every cell in Python
    (and turned whole numbers next to a null into ``80.0``)."""
    if name == "time":
        return pd.Series(values)
    if isinstance(values, pa.Array) and values.null_count == len(values):
        values = np.full(len(values), None, dtype=object) if name in WHOLE_FIELDS | OBJECT_FIELDS else values
    if name in WHOLE_FIELDS:
        column = whole_column(values)
    elif name in OBJECT_FIELDS:
        column = None
    else:
        column = text_column(values)
    return column if column is not None else pd.Series(values, dtype=object)


def text_column(values: Any) -> pd.Series | None:
    """``values`` as an Arrow-backed text column, or ``None`` when one is not a text (or null)."""
    if isinstance(values, pa.Array):
        return pd.Series(pd.arrays.ArrowStringArray(values.cast(pa.string())))
    try:
        array = pa.array(values, type=pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    return pd.Series(pd.arrays.ArrowStringArray(array))


def whole_column(values: Any) -> pd.Series | None:
    """``values`` as a nullable integer column, or ``None`` when one is not an ``int`` (or null)."""
    if isinstance(values, np.ndarray) and values.dtype.kind == "i":
        return pd.Series(pd.arrays.IntegerArray(values.astype("int64"), np.zeros(len(values), dtype=bool)))
    if isinstance(values, pa.Array) and pa.types.is_integer(values.type):  # Arrow-parsed (eve_arrow)
        nulls = values.is_null().to_numpy(zero_copy_only=False)
        return pd.Series(pd.arrays.IntegerArray(values.fill_null(0).to_numpy().astype("int64"), nulls))
    if isinstance(values, np.ndarray) and values.dtype == object and not pd.notna(values).any():
        return pd.Series(pd.arrays.IntegerArray(np.zeros(len(values), dtype="int64"), np.ones(len(values), dtype=bool)))
    if not set(map(type, values)) <= {int, NoneType}:  # not bool, not float (pyarrow would truncate)
        return None
    try:
        array = pa.array(values, type=pa.int64())
    except (pa.ArrowInvalid, OverflowError):
        return None  # beyond 64 bits: validation reports it
    nulls = array.is_null().to_numpy(zero_copy_only=False)
    return pd.Series(pd.arrays.IntegerArray(array.fill_null(0).to_numpy(), nulls))
