"""Zeek logs: ``conn`` into ``infosec.connections``; ``dns``, ``http``, ``ssl``, ``notice``,
``files`` into ``infosec.events``. Both of Zeek's writers are read:

* **TSV** (the default ASCII writer): header lines ``#separator \\x09``, ``#set_separator``,
  ``#empty_field``, ``#unset_field``, ``#path``, ``#fields``, ``#types``; ``-`` is null,
  ``(empty)`` an empty set; rows are not time-ordered; a file may lack ``#close`` (still being
  written or cut) and may hold several header blocks (concatenated rotations);
* **JSON** (``LogAscii::use_json``): one object per line (or an array), keys dotted like
  ``id.orig_h``; the log's kind comes from ``_path`` or the file name.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ioc.config import Settings
from ioc.plugins import BATCH_ROWS, AdapterError
from ioc_plugins.infosec.adapters.common import ALL_ROWS, collect, resolver_from, sensor_name, whole
from ioc_plugins.infosec.model import event_id, parse_time
from ioc_plugins.infosec.records import iter_json_records, open_text

CONNECTION_FIELDS = (
    "uid",
    "time",
    "observer_name",
    "source_ip",
    "source_port",
    "destination_ip",
    "destination_port",
    "network_transport",
    "service",
    "duration_s",
    "source_bytes",
    "destination_bytes",
    "conn_state",
    "agency",
)
EVENT_LOGS = ("dns", "http", "ssl", "notice", "files", "weird")


def _is_tsv(path: str | Path) -> bool:
    with open_text(path) as handle:
        head = handle.read(4096).lstrip("\ufeff")
    return head.startswith(("#separator", "#fields"))


def _unescape_separator(value: str) -> str:
    return value.encode("utf-8").decode("unicode_escape") if "\\x" in value else value


def iter_tsv_records(path: str | Path) -> Iterator[tuple[int, str, Mapping[str, Any] | str]]:
    """Records of a Zeek TSV log as dicts keyed by the ``#fields`` names (``_path`` added)."""
    separator, unset, empty = "\t", "-", "(empty)"
    fields: list[str] | None = None
    kind = None
    with open_text(path) as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\r\n")
            if not line:
                continue
            if line.startswith("#"):
                name, _, value = line[1:].partition(" " if line.startswith("#separator") else separator)
                if name == "separator":
                    separator = _unescape_separator(value.strip())
                elif name == "unset_field":
                    unset = value
                elif name == "empty_field":
                    empty = value
                elif name == "path":
                    kind = value
                elif name == "fields":
                    fields = value.split(separator)
                continue
            if fields is None:
                yield number, line, "dòng dữ liệu trước dòng #fields (data before the #fields header)"
                continue
            values = line.split(separator)
            if len(values) != len(fields):
                yield number, line, f"số cột {len(values)} khác {len(fields)} của #fields (wrong number of columns)"
                continue
            record: dict[str, Any] = {"_path": kind}
            for field, value in zip(fields, values, strict=True):
                record[field] = None if value == unset else ("" if value == empty else value)
            yield number, line, record


def _records(path: str | Path) -> Iterator[tuple[int, str, Mapping[str, Any] | str]]:
    return iter_tsv_records(path) if _is_tsv(path) else iter_json_records(path)


def _kind(record: Mapping[str, Any], path: str | Path) -> str:
    return str(record.get("_path") or Path(path).name.split(".")[0])


def read_zeek_conn(path: str | Path, *, settings: Settings | None = None) -> pd.DataFrame:
    """Read a Zeek ``conn`` log (TSV or JSON) into ``infosec.connections`` rows."""
    return whole(iter_zeek_conn(path, settings=settings, rows=ALL_ROWS))


def iter_zeek_conn(
    path: str | Path, *, settings: Settings | None = None, rows: int = BATCH_ROWS
) -> Iterator[pd.DataFrame]:
    """The rows of :func:`read_zeek_conn` in frames of ``rows``."""
    resolver = resolver_from(settings)
    sensor = sensor_name(path)

    def mapper(record: Mapping[str, Any], text: str) -> dict[str, Any] | None:
        kind = _kind(record, path)
        if kind != "conn" and not kind.endswith("conn"):
            raise AdapterError(f"{path}: đây là log Zeek '{kind}', không phải conn (use the zeek_logs source)")
        src, dst = record.get("id.orig_h"), record.get("id.resp_h")
        row = {
            "uid": record.get("uid"),
            "time": parse_time(record.get("ts")),
            "observer_name": sensor,
            "source_ip": src,
            "source_port": record.get("id.orig_p"),
            "destination_ip": dst,
            "destination_port": record.get("id.resp_p"),
            "network_transport": record.get("proto"),
            "service": record.get("service"),
            "duration_s": record.get("duration"),
            "source_bytes": record.get("orig_bytes"),
            "destination_bytes": record.get("resp_bytes"),
            "conn_state": record.get("conn_state"),
            "agency": resolver.resolve(destination=dst, source=src),
        }
        if row["time"] is None:
            row["_error"] = f"ts: thời điểm không đọc được {record.get('ts')!r} (unreadable ts)"
        return row

    return collect(path, _records(path), mapper, module="zeek", fields=CONNECTION_FIELDS, rows=rows)


def read_zeek_logs(path: str | Path, *, settings: Settings | None = None) -> pd.DataFrame:
    """Read a Zeek ``dns``/``http``/``ssl``/``notice``/``files`` log into ``infosec.events`` rows."""
    return whole(iter_zeek_logs(path, settings=settings, rows=ALL_ROWS))


def iter_zeek_logs(
    path: str | Path, *, settings: Settings | None = None, rows: int = BATCH_ROWS
) -> Iterator[pd.DataFrame]:
    """The rows of :func:`read_zeek_logs` in frames of ``rows``."""
    resolver = resolver_from(settings)
    sensor = sensor_name(path)

    def mapper(record: Mapping[str, Any], text: str) -> dict[str, Any] | None:
        kind = _kind(record, path)
        if kind == "conn":
            raise AdapterError(f"{path}: log Zeek 'conn' thuộc nguồn zeek_conn (use the zeek_conn source)")
        src, dst = record.get("id.orig_h") or record.get("src"), record.get("id.resp_h") or record.get("dst")
        notice = kind == "notice"
        row = {
            "event_id": event_id(
                "zeek",
                kind,
                record.get("uid") or record.get("fuid") or text,
                record.get("ts"),
                record.get("trans_id"),
                record.get("query"),
            ),
            "time": parse_time(record.get("ts")),
            "observer_name": sensor,
            "event_module": "zeek",
            "event_dataset": kind,
            "rule_name": record.get("note") if notice else None,
            "rule_category": "notice" if notice else None,
            "severity": 2 if notice else 0,
            "source_ip": src,
            "source_port": record.get("id.orig_p") or record.get("p"),
            "destination_ip": dst,
            "destination_port": record.get("id.resp_p"),
            "network_transport": record.get("proto"),
            "app_protocol": {"ssl": "tls"}.get(kind, kind if kind in ("dns", "http") else None),
            "agency": resolver.resolve(destination=dst, source=src),
            "url_domain": record.get("query") or record.get("host") or record.get("server_name"),
            "file_name": record.get("filename"),
            "file_hash": record.get("sha256") or record.get("md5"),
            "raw": text,
        }
        if row["time"] is None:
            row["_error"] = f"ts: thời điểm không đọc được {record.get('ts')!r} (unreadable ts)"
        return row

    return collect(path, _records(path), mapper, module="zeek", rows=rows)
