"""The fields of a batch of EVE lines parsed by Arrow's JSON reader, mapped with Arrow kernels.

The columnar mapping of :mod:`~ioc_plugins.infosec.adapters.suricata` reads each field of
each decoded record with one Python ``dict.get`` (thirteen comprehensions over the batch),
checks each value's type, then builds Arrow columns from the lists. Arrow's reader parses
the same lines in C++ **without holding the GIL**, so it runs on a second thread while the
Python thread makes the records' content ids (which need the decoded records); the
mapping is then a few Arrow kernels per column.

The reader is given an explicit schema with exactly the fields the mapping reads and is
strict about them: a value of another type anywhere in the batch (a port as text, an
``alert`` that is not an object, a number beyond 64 bits, a key written twice) makes it
refuse the batch, and :func:`parse_fields` returns ``None``: the caller then maps that batch
as before (columnar in Python, unusual records one by one), so Arrow only ever takes the
batches whose every value is of the usual type, where both mappings agree (tested).

The times are read there too: Arrow's cast of ISO 8601 text with an offset (with or without
its colon) to UTC microseconds takes about 2 ms for 32 768 values, pandas' parser about
25 ms on the Python thread. The cast is all or nothing: one value it does not read (no
offset, a 31st of February, nanoseconds, a leap second) and the batch's times are left to
pandas (:data:`TIME` absent). Where Arrow reads a time, pandas reads the same instant (tested).
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

from ioc_plugins.infosec.assets import AgencyResolver


def _struct(**fields: pa.DataType) -> pa.StructType:
    return pa.struct([pa.field(name, kind) for name, kind in fields.items()])


_TEXT = pa.string()
#: What the mapping reads, typed as the columnar mapping accepts it (``_unusual`` there), and
#: the alert and anomaly fields typed as Suricata writes them: a batch where one is of another
#: type (a signature id as text, a malware family not in a list …) falls back.
SCHEMA = pa.schema(
    [
        ("event_type", _TEXT),
        ("timestamp", _TEXT),
        ("src_ip", _TEXT),
        ("dest_ip", _TEXT),
        ("src_port", pa.int64()),
        ("dest_port", pa.int64()),
        ("proto", _TEXT),
        ("app_proto", _TEXT),
        ("host", _TEXT),
        ("sensor_name", _TEXT),
        (
            "alert",
            _struct(
                signature_id=pa.int64(),
                signature=_TEXT,
                category=_TEXT,
                severity=pa.int64(),
                action=_TEXT,
                metadata=_struct(malware_family=pa.list_(_TEXT)),
            ),
        ),
        ("anomaly", _struct(event=_TEXT, type=_TEXT)),
        ("dns", _struct(rrname=_TEXT, queries=pa.list_(_struct(rrname=_TEXT)))),
        ("http", _struct(hostname=_TEXT)),
        ("tls", _struct(sni=_TEXT)),
        ("fileinfo", _struct(filename=_TEXT, sha256=_TEXT, md5=_TEXT)),
    ]
)
#: The column :func:`parse_fields` adds: the times read (UTC, microseconds), when all were.
TIME = "_time"
_UTC_MICROS = pa.timestamp("us", tz="UTC")
_OPTIONS = pj.ParseOptions(explicit_schema=SCHEMA, unexpected_field_behavior="ignore")
_SERIAL = pj.ReadOptions(use_threads=False, block_size=1 << 22)


def parse_fields(texts: list[str]) -> pa.Table | None:
    """The fields of ``texts`` (one JSON object each, no newline inside), one row per text,
    and their times read (:data:`TIME`) when Arrow reads them all; ``None`` when Arrow refuses
    one of the texts (then the batch is mapped in Python)."""
    if not texts:
        return None
    try:
        data = "\n".join(texts).encode("utf-8")
        table = pj.read_json(io.BytesIO(data), read_options=_SERIAL, parse_options=_OPTIONS)
    except (UnicodeEncodeError, pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None
    if table.num_rows != len(texts):
        return None
    try:
        return table.append_column(TIME, pc.cast(table["timestamp"], _UTC_MICROS))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return table  # one time Arrow does not read: pandas reads the batch's (parse_raw_times)


def usual_rows(fields: pa.Table, skipped: frozenset[str]) -> np.ndarray:
    """Which rows the columnar mapping takes: a type and a time, and not a skipped type."""
    kinds, times = fields["event_type"], fields["timestamp"]
    usual = pc.and_(
        pc.and_(pc.is_valid(kinds), pc.is_valid(times)), pc.invert(pc.is_in(kinds, pa.array(sorted(skipped))))
    )
    return usual.to_numpy(zero_copy_only=False).astype(bool)


def _truthy(values: pa.ChunkedArray) -> pa.ChunkedArray:
    """Python's truth of text cells: present and not empty."""
    return pc.fill_null(pc.not_equal(values, ""), False)


def _or(*values: pa.ChunkedArray) -> pa.ChunkedArray:
    """Python's ``a or b or c`` over text columns: the first truthy value, else the last one."""
    result = values[-1]
    for value in reversed(values[:-1]):
        result = pc.if_else(_truthy(value), value, result)
    return result


def arrow_columns(fields: pa.Table, resolver: AgencyResolver, sensor: str) -> dict[str, Any]:
    """The event columns the Arrow fields give (those of the columnar mapping but the ids,
    times, raw texts and the alert / anomaly columns, which come from the decoded records)."""
    count = fields.num_rows
    fields = fields.combine_chunks()
    proto = fields["proto"]
    dns, http, tls, fileinfo = (fields[name] for name in ("dns", "http", "tls", "fileinfo"))
    domain = _or(pc.struct_field(dns, "rrname"), pc.struct_field(http, "hostname"), pc.struct_field(tls, "sni"))
    queries = pc.struct_field(dns, "queries")
    # EVE version 3 dns answers: the first query's name, where nothing else named a domain
    answered = pc.fill_null(pc.and_(pc.is_null(domain), pc.greater(pc.list_value_length(queries), 0)), False)
    if pc.any(answered).as_py():
        first = pc.struct_field(pc.list_element(pc.filter(queries, answered), 0), "rrname")
        domain = pc.replace_with_mask(domain.combine_chunks(), answered.combine_chunks(), first.combine_chunks())
    return {
        "observer_name": _or(
            fields["host"], fields["sensor_name"], pa.chunked_array([pa.array([sensor] * count, _TEXT)])
        ),
        "network_transport": pc.if_else(_truthy(proto), pc.utf8_lower(proto), pa.scalar(None, _TEXT)),
        "app_protocol": fields["app_proto"],
        "agency": resolver.resolve_many(fields["dest_ip"], fields["src_ip"]),
        "url_domain": domain,
        "file_name": pc.struct_field(fileinfo, "filename"),
        "file_hash": _or(pc.struct_field(fileinfo, "sha256"), pc.struct_field(fileinfo, "md5")),
        "source_ip": fields["src_ip"],
        "source_port": fields["src_port"],
        "destination_ip": fields["dest_ip"],
        "destination_port": fields["dest_port"],
        "event_dataset": fields["event_type"],
    }


def detection_columns(fields: pa.Table, family_prefixes: tuple[str, ...]) -> dict[str, Any] | None:
    """The alert and anomaly columns of a batch (those of ``suricata._detections``, which reads
    them record by record), or ``None`` for a batch that names a malware family ``null``.

    A column appears only where its event type does in the batch, as there: alert rows give
    ``rule_id`` (the signature id as text), ``rule_name``, ``rule_category`` (empty: null),
    ``severity`` (Suricata's 1 / 2 / other as 3 / 2 / 1), ``action`` and ``malware_family``
    (the first of ``metadata.malware_family``, else the word after one of
    ``family_prefixes`` in the signature); anomaly rows give ``rule_name`` (the anomaly's
    event, else its type), ``rule_category`` "anomaly" and severity 1.
    """
    kinds = fields["event_type"].combine_chunks()
    alerts, anomalies = (pc.fill_null(pc.equal(kinds, kind), False) for kind in ("alert", "anomaly"))
    has_alerts, has_anomalies = pc.any(alerts).as_py(), pc.any(anomalies).as_py()
    columns: dict[str, Any] = {}
    severity = np.zeros(fields.num_rows, dtype="int64")
    if has_alerts:
        alert = fields["alert"].combine_chunks()
        family = _malware_family(alert, family_prefixes)
        if family is None:
            return None
        level = pc.struct_field(alert, "severity")
        category = pc.struct_field(alert, "category")
        values = {
            "rule_id": pc.cast(pc.struct_field(alert, "signature_id"), _TEXT),
            "rule_name": pc.struct_field(alert, "signature"),
            "rule_category": pc.if_else(_truthy(category), category, pa.scalar(None, _TEXT)),
            "action": pc.struct_field(alert, "action"),
            "malware_family": family,
        }
        columns = {name: pc.if_else(alerts, value, pa.scalar(None, _TEXT)) for name, value in values.items()}
        mapped = pc.if_else(pc.equal(level, 1), 3, pc.if_else(pc.equal(level, 2), 2, 1))
        where = alerts.to_numpy(zero_copy_only=False)
        severity[where] = pc.fill_null(mapped, 1).to_numpy(zero_copy_only=False)[where]
    if has_anomalies:
        anomaly = fields["anomaly"].combine_chunks()
        for name, value in (
            ("rule_name", _or(pc.struct_field(anomaly, "event"), pc.struct_field(anomaly, "type"))),
            ("rule_category", pa.scalar("anomaly", _TEXT)),
        ):
            columns[name] = pc.if_else(anomalies, value, columns.get(name, pa.scalar(None, _TEXT)))
        severity[anomalies.to_numpy(zero_copy_only=False)] = 1
    if has_alerts or has_anomalies:
        columns["severity"] = severity
    return columns


def _malware_family(alert: pa.StructArray, prefixes: tuple[str, ...]) -> pa.Array | None:
    """Each alert's malware family (see :func:`detection_columns`); ``None`` when a family
    list starts with a null (the record-by-record mapping writes that one as "None")."""
    named = pc.struct_field(pc.struct_field(alert, "metadata"), "malware_family")
    listed = pc.fill_null(pc.greater(pc.list_value_length(named), 0), False)
    first = pc.list_element(pc.filter(named, listed), 0)
    if first.null_count:
        return None
    signature = pc.struct_field(alert, "signature")
    family = pa.nulls(len(alert), _TEXT)
    for prefix in prefixes:
        rest = pc.utf8_slice_codeunits(signature, len(prefix))
        word = pc.list_element(pc.split_pattern(rest, " ", max_splits=1), 0)
        family = pc.if_else(pc.fill_null(pc.starts_with(signature, prefix), False), word, family)
    family = pc.if_else(_truthy(family), family, pa.scalar(None, _TEXT))  # "ET MALWARE " alone: none
    return pc.replace_with_mask(family, listed, first) if len(first) else family
