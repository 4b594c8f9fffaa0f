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
#: What the mapping reads, typed as the columnar mapping accepts it (``_unusual`` there). The
#: ``alert`` / ``anomaly`` objects are read from the decoded records (a few rows); declaring
#: them as objects here only makes a batch where one is not an object fall back.
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
        ("alert", _struct(metadata=pa.struct([]))),
        ("anomaly", pa.struct([])),
        ("dns", _struct(rrname=_TEXT, queries=pa.list_(_struct(rrname=_TEXT)))),
        ("http", _struct(hostname=_TEXT)),
        ("tls", _struct(sni=_TEXT)),
        ("fileinfo", _struct(filename=_TEXT, sha256=_TEXT, md5=_TEXT)),
    ]
)
_OPTIONS = pj.ParseOptions(explicit_schema=SCHEMA, unexpected_field_behavior="ignore")
_SERIAL = pj.ReadOptions(use_threads=False, block_size=1 << 22)


def parse_fields(texts: list[str]) -> pa.Table | None:
    """The fields of ``texts`` (one JSON object each, no newline inside), one row per text;
    ``None`` when Arrow refuses one of them (then the batch is mapped in Python)."""
    if not texts:
        return None
    try:
        data = "\n".join(texts).encode("utf-8")
        table = pj.read_json(io.BytesIO(data), read_options=_SERIAL, parse_options=_OPTIONS)
    except (UnicodeEncodeError, pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None
    return table if table.num_rows == len(texts) else None


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
