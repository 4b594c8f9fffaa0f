"""Suricata EVE JSON (``eve.json``): alert, anomaly, dns, http, tls, flow, netflow, fileinfo, smtp …

Quirks handled (``shared/data/SOURCES.md``): offsets without a colon (``-0500``), offsets
changing inside one file (each record is parsed on its own), records out of time order
(nothing assumes order), ``stats`` records (engine counters stamped with the processing
time, not traffic: skipped and counted in ``frame.attrs["skipped"]``), old files without
``flow_id`` (the key then hashes the whole line), pretty-printed JSON arrays instead of one
object per line, and a malformed or newline-less last line (quarantined / read).

The file is read in batches (:func:`~ioc_plugins.infosec.records.iter_json_batches`) and each
batch is mapped **column by column**: one list comprehension per field, the agency of each
distinct address looked up once, times parsed for the whole column. A sensor writes tens of
millions of records a year; one Python call and one dict per record (then a frame built from
those dicts) cost several times the parse itself. A record of an unusual shape (a field of an
unexpected type, no event type or time, a ``stats`` record, unreadable JSON) is mapped on its
own by :func:`eve_row`, the reference the columnar mapping must agree with.

The fields of a batch (times, alert and anomaly fields included) are read by Arrow's JSON
reader on a second thread, one batch ahead, while this one makes the records' content ids
from their texts (:mod:`~ioc_plugins.infosec.adapters.eve_arrow`). Those records are decoded
only to be hashed, never kept: a usual batch needs no Python record, and the few the columnar
mapping leaves (``stats``, no time …) are decoded again one by one (:class:`Decoded`). A batch
holding a value of an unusual type anywhere is refused by that strict reader and decoded and
mapped by the Python comprehensions instead, with the same result (tested); one holding a
line that is not a JSON object is decoded before Arrow parses its objects.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from pathlib import Path
from types import NoneType
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ioc.config import Settings
from ioc.plugins import BATCH_ROWS
from ioc.tables import ERROR_COLUMN
from ioc_plugins.infosec.adapters.common import ALL_ROWS, map_record, parse_raw_times, resolver_from, sensor_name, whole
from ioc_plugins.infosec.adapters.eve_arrow import TIME, arrow_columns, detection_columns, parse_fields, usual_rows
from ioc_plugins.infosec.assets import AgencyResolver
from ioc_plugins.infosec.model import (
    EVENT_FIELDS,
    OBJECT_FIELDS,
    canonical,
    content_ids,
    event_id,
    suricata_severity,
    text_column,
    text_content_ids,
    typed_column,
)
from ioc_plugins.infosec.records import BATCH, iter_json_batches, parse_line, parse_lines, paused_gc, require_records

#: Engine counters, not traffic: never events (skipped, counted).
SKIPPED_TYPES = frozenset({"stats"})
#: Detections; every other event type is protocol metadata with severity 0.
DETECTION_TYPES = frozenset({"alert", "anomaly"})
#: The record's sub-objects the mapping reads (each a JSON object when present).
OBJECTS = ("alert", "anomaly", "dns", "http", "tls", "fileinfo")
#: Signature prefixes of Emerging Threats rules that name a malware family next.
FAMILY_PREFIXES = ("ET MALWARE ", "ET TROJAN ", "ETPRO MALWARE ", "ET CNC ")
ALERT_COLUMNS = ("rule_id", "rule_name", "rule_category", "severity", "action", "malware_family")
ANOMALY_COLUMNS = ("rule_name", "rule_category", "severity")
_FRAME_COLUMNS = (*EVENT_FIELDS, ERROR_COLUMN, "_line")


def read_suricata_eve(path: str | Path, *, settings: Settings | None = None) -> pd.DataFrame:
    """Read an EVE log (line-per-record or array) into ``infosec.events`` rows."""
    return whole(iter_suricata_eve(path, settings=settings, rows=ALL_ROWS))


def iter_suricata_eve(
    path: str | Path, *, settings: Settings | None = None, rows: int = BATCH_ROWS
) -> Iterator[pd.DataFrame]:
    """The rows of :func:`read_suricata_eve` in frames of about ``rows`` (``ioc ingest``'s way
    through a log of any size); ``attrs["skipped"]`` counts each frame's skipped records."""
    resolver = resolver_from(settings)
    sensor = sensor_name(path)
    frames: list[pd.DataFrame] = []
    seen = skipped = held = handed = 0
    # one thread beside this one: Arrow parses a batch's fields there, off the GIL (eve_arrow)
    with ThreadPoolExecutor(1, thread_name_prefix="eve-arrow") as arrow:
        batches = _parsed_ahead(iter_json_batches(path, min(rows, BATCH), decode=False), arrow, resolver, sensor)
        while True:
            # the collector is paused while batches are decoded (paused_gc) and runs again
            # while a frame is out (the caller stores it before asking for the next)
            with paused_gc():
                for (lines, texts, records), objects, parsing in batches:
                    seen += len(lines)
                    frame, dropped = _batch_frame(lines, texts, records, objects, parsing, resolver, sensor, str(path))
                    frames.append(frame)
                    skipped += dropped
                    held += len(frame)
                    if held >= rows:
                        break
                full = _joined(frames, skipped) if held >= rows else None
            if full is None:
                break
            yield full
            frames, skipped, held, handed = [], 0, 0, handed + 1
    require_records(path, seen)
    if held or skipped or not handed:
        with paused_gc():
            last = _joined(frames, skipped)
        yield last


def _joined(frames: list[pd.DataFrame], skipped: int) -> pd.DataFrame:
    """One frame of a file's batches (``_line`` dropped), with its count of skipped records."""
    frame = whole(iter(frames)).drop(columns="_line")
    frame.attrs["skipped"] = skipped
    return frame


Batch = tuple[list[int], list[str], list[Any] | None]


def _parsed_ahead(
    batches: Iterator[Batch], arrow: Executor, resolver: AgencyResolver, sensor: str
) -> Iterator[tuple[Batch, list[int], Future]]:
    """Each batch, the positions of its JSON objects, and Arrow's parse of their fields
    (:func:`~ioc_plugins.infosec.adapters.eve_arrow.parse_fields`) with the columns mapped
    from it (:func:`_parsed_and_mapped`), running on ``arrow``. Mapping there as well took
    the 200 000 events of ``bench/bench_infosec.py`` from 1.21–1.38 to 1.14–1.21 s (best of
    7, three alternated runs each; the hashing thread no longer maps): a small gain, which a
    later comparison of the whole write, on a busier machine, did not tell from its noise.
    A batch of lines not decoded (``records`` ``None``) counts every line as an object:
    :func:`_batch_frame` finds out otherwise when it makes their ids.

    A batch is handed on only once the next one is read and sent to Arrow: while this thread
    reads batch *n + 1* and then hashes batch *n*, the other parses *n* and
    *n + 1* in turn, so its result is ready when asked for. Handed on at once, a batch's
    parse would overlap the hashing only (about half of it; the rest was a wait).
    """
    ahead = None
    for batch in batches:
        records = batch[2]
        if records is None:
            objects = list(range(len(batch[1])))
        else:
            objects = [position for position, record in enumerate(records) if type(record) is dict]
        texts = batch[1] if len(objects) == len(batch[1]) else [batch[1][p] for p in objects]
        current = (batch, objects, arrow.submit(_parsed_and_mapped, texts, resolver, sensor))
        if ahead is not None:
            yield ahead
        ahead = current
    if ahead is not None:
        yield ahead


def _parsed_and_mapped(
    texts: list[str], resolver: AgencyResolver, sensor: str
) -> tuple[pa.Table | None, np.ndarray | None, dict[str, Any] | None]:
    """Arrow's parse of ``texts``, which of its rows the columnar mapping takes
    (:func:`~ioc_plugins.infosec.adapters.eve_arrow.usual_rows`), and the columns
    :func:`_arrow_frame` maps from those rows (all ``None`` where Arrow refuses the batch):
    run on the Arrow thread, whose kernels do not hold the GIL, while this one makes the
    batch's content ids."""
    parsed = parse_fields(texts)
    if parsed is None:
        return None, None, None
    taken = usual_rows(parsed, SKIPPED_TYPES)
    usual = parsed if taken.all() else parsed.filter(pa.array(taken))  # a real log's `stats` lines
    return parsed, taken, _mapped_columns(usual, resolver, sensor)


def _batch_frame(
    lines: list[int],
    texts: list[str],
    records: list[Any] | None,
    objects: list[int],
    parsing: Future,
    resolver: AgencyResolver,
    sensor: str,
    source: str,
) -> tuple[pd.DataFrame, int]:
    """One batch → its rows in record order (with ``_line``), and how many records were skipped.
    ``records``: the decoded records, or ``None`` (lines not decoded); ``objects``: the
    positions of its JSON objects; ``parsing``: Arrow's parse of their fields."""
    # Arrow parses the objects' fields on the other thread while this one hashes their content
    ids = text_content_ids("suricata", texts) if records is None else None
    parse_again = records is None and ids is None
    if ids is None:
        if parse_again:  # a line that is not one JSON object: the batch is decoded after all,
            # and Arrow parses its objects again (its parse of every line is not used)
            records = parse_lines(texts)
            objects = [position for position, record in enumerate(records) if type(record) is dict]
        every = len(objects) == len(records)
        ids = content_ids("suricata", records if every else [records[p] for p in objects])
    if parse_again:
        parsed, mapped = parse_fields([texts[p] for p in objects]), None
        taken = usual_rows(parsed, SKIPPED_TYPES) if parsed is not None else None
    else:
        parsed, taken, mapped = parsing.result()
    if parsed is not None:
        usual = [position for position, keep in zip(objects, taken.tolist(), strict=True) if keep]
        fast = _arrow_frame(
            parsed if taken.all() else parsed.filter(pa.array(taken)),
            mapped,
            ids if taken.all() else ids.filter(pa.array(taken)),
            [records[p] for p in usual] if records is not None else Decoded(texts, usual),
            [texts[p] for p in usual] if len(usual) < len(texts) else texts,
            [lines[p] for p in usual] if len(usual) < len(lines) else lines,
            resolver,
            sensor,
        )
    else:  # a value of an unusual type somewhere in the batch: mapped in Python
        records = records if records is not None else parse_lines(texts)
        usual, fast = _python_frame(objects, ids, lines, texts, records, resolver, sensor)
    if not isinstance(fast["time"].dtype, pd.DatetimeTZDtype):  # Arrow did not read the times
        parse_raw_times(fast, "timestamp")
    if len(usual) == len(texts):
        return fast, 0
    # the rest, one record at a time: the reference mapping (quarantine rows, stats skipped)
    taken = set(usual)
    rest = [position for position in range(len(texts)) if position not in taken]

    def mapper(record: Mapping[str, Any], text: str) -> dict[str, Any] | None:
        return None if record.get("event_type") in SKIPPED_TYPES else eve_row(record, text, resolver, sensor)

    rows, positions = [], []
    decoded = records if records is not None else Decoded(texts)
    for position in rest:
        row = map_record(lines[position], texts[position], decoded[position], mapper, module="suricata", source=source)
        if row is not None:
            rows.append(row)
            positions.append(position)
    if not rows:
        return fast, len(rest)
    slow = _frame({name: [row.get(name) for row in rows] for name in _FRAME_COLUMNS})
    parse_raw_times(slow, "timestamp")
    if not len(fast):
        return slow, len(rest) - len(rows)
    order = np.argsort(np.array(usual + positions), kind="stable")
    return pd.concat([fast, slow], ignore_index=True).take(order).reset_index(drop=True), len(rest) - len(rows)


def _python_frame(
    objects: list[int],
    ids: pa.StringArray,
    lines: list[int],
    texts: list[str],
    records: list[Any],
    resolver: AgencyResolver,
    sensor: str,
) -> tuple[list[int], pd.DataFrame]:
    """The columnar mapping in Python of a batch's usual records (Arrow refused the batch):
    their positions, and their rows. ``ids`` are the content ids of the ``objects``."""
    usual = [
        position
        for position in objects
        if type(records[position].get("event_type")) is str
        and records[position]["event_type"] not in SKIPPED_TYPES
        and type(records[position].get("timestamp")) is str
    ]
    fields = _fields([records[position] for position in usual])
    odd = _unusual(fields)
    if odd:
        usual = [position for index, position in enumerate(usual) if index not in odd]
        fields = {
            name: [value for index, value in enumerate(values) if index not in odd] for name, values in fields.items()
        }
    index_of = np.full(len(records), -1, dtype="int64")
    index_of[objects] = np.arange(len(objects))
    usual_ids = ids.take(pa.array(index_of[usual], type=pa.int64()))
    return usual, _columns(fields, usual_ids, [texts[p] for p in usual], [lines[p] for p in usual], resolver, sensor)


class Decoded:
    """Records decoded as they are asked for: ``self[i]`` is the record of ``texts[positions[i]]``
    (of ``texts[i]`` without ``positions``), or the reason its text is not one.

    A batch whose ids come from its texts and whose fields Arrow read needs only the few
    records the columnar mapping leaves (``stats``, a record with no time …); decoding
    the whole batch again for those would cost what not keeping its records saved.
    """

    def __init__(self, texts: list[str], positions: list[int] | None = None) -> None:
        self._texts, self._positions = texts, positions

    def __getitem__(self, index: int) -> dict[str, Any] | str:
        return parse_line(self._texts[index if self._positions is None else self._positions[index]])


def _arrow_frame(
    parsed: pa.Table,
    mapped: dict[str, Any] | None,
    ids: pa.StringArray,
    records: list[dict[str, Any]] | Decoded,
    texts: list[str],
    lines: list[int],
    resolver: AgencyResolver,
    sensor: str,
) -> pd.DataFrame:
    """The rows of usual records from their Arrow-parsed fields (the twin of :func:`_columns`);
    ``mapped``: :func:`_mapped_columns` of ``parsed``, when the Arrow thread made them
    (``None``: made here)."""
    count = parsed.num_rows
    mapped = mapped if mapped is not None else _mapped_columns(parsed, resolver, sensor)
    columns: dict[str, Any] = mapped["fields"] | {
        "event_id": ids,
        "time": parsed[TIME if TIME in parsed.column_names else "timestamp"].combine_chunks(),
        "event_module": ["suricata"] * count,
        "severity": np.zeros(count, dtype="int64"),
        "raw": texts,
        "_line": lines,
    }
    detections = mapped["detections"]
    if detections is None:  # a family listed as null: the records' own objects are read
        kinds = parsed["event_type"].combine_chunks()

        def positions_of(kind: str) -> np.ndarray:
            return np.flatnonzero(pc.equal(kinds, kind).to_numpy(zero_copy_only=False))

        _detections(columns, positions_of, records, count)
    else:
        columns |= detections
    return _frame({name: _array(value) for name, value in columns.items()}, count)


def _mapped_columns(parsed: pa.Table, resolver: AgencyResolver, sensor: str) -> dict[str, Any]:
    """The columns of :func:`_arrow_frame` that come from Arrow's fields alone, as pandas
    columns (``fields``), and the detection columns (``detections``; ``None``: read from the
    records)."""
    fields = {
        name: typed_column(_array(value), name) for name, value in arrow_columns(parsed, resolver, sensor).items()
    }
    detections = detection_columns(parsed, FAMILY_PREFIXES)
    if detections is not None:
        detections = {name: typed_column(_array(value), name) for name, value in detections.items()}
    return {"fields": fields, "detections": detections}


def _array(values: Any) -> Any:
    """One column for :func:`_frame`: Arrow chunks joined, anything else as given."""
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def _detections(
    columns: dict[str, Any], positions_of: Any, records: list[dict[str, Any]] | Decoded, count: int
) -> None:
    """Add the alert and anomaly columns of a batch (only those rows have them), from the
    records' own objects (one row in five or fewer: the usual batch is mostly metadata)."""
    for kind, names, describe in (
        ("alert", ALERT_COLUMNS, _alert_fields),
        ("anomaly", ANOMALY_COLUMNS, _anomaly_fields),
    ):
        positions = positions_of(kind)
        if len(positions):
            described = zip(*[describe(records[index].get(kind) or {}) for index in positions.tolist()], strict=True)
            for name, values in zip(names, described, strict=True):
                column = columns.setdefault(name, np.full(count, None, dtype=object))
                # fromiter: one cell per value, never a list value spread over cells
                column[positions] = np.fromiter(values, dtype=column.dtype, count=len(positions))


def _fields(records: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """The top-level values the mapping reads, one list per field."""
    names = ("event_type", "timestamp", "src_ip", "dest_ip", "src_port", "dest_port", "proto", *OBJECTS)
    return {name: [record.get(name) for record in records] for name in names} | {"_record": records}


def _unusual(fields: dict[str, list[Any]]) -> set[int]:
    """Positions whose values are of a type the columnar mapping does not take (mapped one by one)."""
    odd: set[int] = set()
    for names, allowed in (
        (("src_ip", "dest_ip", "proto"), {str, NoneType}),
        (("src_port", "dest_port"), {int, NoneType}),  # not bool, not float: validation reads those
        (OBJECTS, {dict, NoneType}),
    ):
        for name in names:
            values = fields[name]
            if not set(map(type, values)) <= allowed:  # one C-level pass when all is usual
                odd.update(index for index, value in enumerate(values) if type(value) not in allowed)
    alerts, dnses = fields["alert"], fields["dns"]
    odd.update(
        index
        for index in _positions(fields["event_type"], "alert")
        if type(alerts[index]) is dict and type(alerts[index].get("metadata")) not in (dict, NoneType)
    )
    odd.update(
        index
        for index, dns in enumerate(dnses)
        if type(dns) is dict
        and type(queries := dns.get("queries")) is list
        and queries
        and type(queries[0]) is not dict
    )
    return odd


def _positions(kinds: list[Any], kind: str) -> np.ndarray:
    """Where ``kinds`` (texts) equals ``kind``, compared in C."""
    return np.flatnonzero(np.asarray(kinds, dtype=object) == kind)


def _columns(
    fields: dict[str, list[Any]],
    ids: pa.StringArray,
    texts: list[str],
    lines: list[int],
    resolver: AgencyResolver,
    sensor: str,
) -> pd.DataFrame:
    """The event rows of usual records, column by column (the columnar twin of :func:`eve_row`)."""
    records = fields["_record"]
    kinds = fields["event_type"]
    count = len(records)
    columns: dict[str, Any] = {
        "event_id": ids,
        "time": fields["timestamp"],
        "observer_name": [record.get("host") or record.get("sensor_name") or sensor for record in records],
        "event_module": ["suricata"] * count,
        "event_dataset": kinds,
        "source_ip": fields["src_ip"],
        "source_port": fields["src_port"],
        "destination_ip": fields["dest_ip"],
        "destination_port": fields["dest_port"],
        "network_transport": [proto.lower() or None if proto else None for proto in fields["proto"]],
        "app_protocol": [record.get("app_proto") for record in records],
        "agency": resolver.resolve_many(fields["dest_ip"], fields["src_ip"]),
        "severity": np.zeros(count, dtype="int64"),
        "url_domain": [
            _domain(dns, http, tls) if dns or http or tls else None
            for dns, http, tls in zip(fields["dns"], fields["http"], fields["tls"], strict=True)
        ],
        "file_name": [fileinfo.get("filename") if fileinfo else None for fileinfo in fields["fileinfo"]],
        "file_hash": [
            fileinfo.get("sha256") or fileinfo.get("md5") if fileinfo else None for fileinfo in fields["fileinfo"]
        ],
        "raw": texts,
        "_line": lines,
    }
    _detections(columns, lambda kind: _positions(kinds, kind), records, count)
    return _frame(columns, count)


def _frame(columns: dict[str, Any], count: int | None = None) -> pd.DataFrame:
    """Columns (lists or arrays) → the adapter's frame (``time`` still the source's text)."""
    count = len(columns["event_id"]) if count is None else count
    built = {}
    for name in _FRAME_COLUMNS:
        values = columns.get(name)
        if isinstance(values, pd.Series):  # typed already (_mapped_columns)
            built[name] = values
        elif values is None:  # a column no record of the batch has
            values = pa.nulls(count, pa.string()) if name not in OBJECT_FIELDS else np.full(count, None, dtype=object)
            built[name] = typed_column(values, name)
        elif name == "time" and isinstance(values, pa.Array) and pa.types.is_timestamp(values.type):
            built[name] = values.to_pandas()  # the times Arrow read (eve_arrow.TIME)
        elif name == "time":
            built[name] = text_column(values) if type(values) is list or isinstance(values, pa.Array) else None
            if built[name] is None:
                built[name] = pd.Series(values, dtype=object)
        else:
            built[name] = typed_column(values, name)
    return pd.DataFrame(built)


def eve_row(record: Mapping[str, Any], text: str, resolver: Any, sensor: str) -> dict[str, Any]:
    """One EVE record → one event row (``_error`` set when it has no usable time or type)."""
    kind = record.get("event_type")
    src, dst = record.get("src_ip"), record.get("dest_ip")
    host = record.get("host") or record.get("sensor_name")
    row: dict[str, Any] = {
        # the record's content is its identity (one DNS answer per line shares flow, time and tx;
        # old files lack flow_id): the same record read again, from a line or an array, dedupes
        "event_id": event_id("suricata", canonical(record)),
        "time": record.get("timestamp"),  # parsed for the whole batch at once (parse_raw_times)
        "observer_name": host or sensor,
        "event_module": "suricata",
        "event_dataset": kind,
        "source_ip": src,
        "source_port": record.get("src_port"),
        "destination_ip": dst,
        "destination_port": record.get("dest_port"),
        "network_transport": (record.get("proto") or "").lower() or None,
        "app_protocol": record.get("app_proto"),
        "agency": resolver.resolve(destination=dst, source=src),
        "severity": 0,
        "raw": text,
    }
    if kind == "alert":
        row.update(zip(ALERT_COLUMNS, _alert_fields(record.get("alert") or {}), strict=True))
    elif kind == "anomaly":
        row.update(zip(ANOMALY_COLUMNS, _anomaly_fields(record.get("anomaly") or {}), strict=True))
    dns, http, tls = record.get("dns") or {}, record.get("http") or {}, record.get("tls") or {}
    row["url_domain"] = _domain(dns, http, tls)
    fileinfo = record.get("fileinfo") or {}
    if fileinfo:
        row["file_name"] = fileinfo.get("filename")
        row["file_hash"] = fileinfo.get("sha256") or fileinfo.get("md5")
    if kind is None:
        row["_error"] = "event_type: thiếu loại sự kiện (missing event_type)"
    elif record.get("timestamp") is None:
        row["_error"] = "timestamp: thiếu thời điểm (missing timestamp)"
    return row


def _alert_fields(alert: Mapping[str, Any]) -> tuple[Any, ...]:
    """An alert's :data:`ALERT_COLUMNS`."""
    sid = alert.get("signature_id")
    return (
        str(sid) if sid is not None else None,
        alert.get("signature"),
        alert.get("category") or None,
        suricata_severity(alert.get("severity")),
        alert.get("action"),
        _malware_family(alert),
    )


def _anomaly_fields(anomaly: Mapping[str, Any]) -> tuple[Any, ...]:
    """An anomaly's :data:`ANOMALY_COLUMNS` (decoder and stream anomalies: low)."""
    return anomaly.get("event") or anomaly.get("type"), "anomaly", 1


def _domain(dns: Mapping[str, Any] | None, http: Mapping[str, Any] | None, tls: Mapping[str, Any] | None) -> Any:
    """The DNS query, HTTP host or TLS SNI of a record."""
    dns, http, tls = dns or {}, http or {}, tls or {}
    domain = dns.get("rrname") or http.get("hostname") or tls.get("sni")
    if domain is None and isinstance(dns.get("queries"), list) and dns["queries"]:
        domain = dns["queries"][0].get("rrname")  # EVE version 3 dns answers
    return domain


def _malware_family(alert: Mapping[str, Any]) -> str | None:
    """ET rules name the family in ``metadata.malware_family`` or in "ET MALWARE <family> …"."""
    metadata = alert.get("metadata") or {}
    family = metadata.get("malware_family")
    if isinstance(family, list) and family:
        return str(family[0])
    signature = str(alert.get("signature") or "")
    if not signature.startswith(FAMILY_PREFIXES):  # most alerts: one C-level test
        return None
    for prefix in FAMILY_PREFIXES:
        if signature.startswith(prefix):
            return signature[len(prefix) :].split(" ")[0] or None
    return None
