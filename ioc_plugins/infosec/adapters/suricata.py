"""Suricata EVE JSON (``eve.json``): alert, anomaly, dns, http, tls, flow, netflow, fileinfo, smtp …

Quirks handled (``shared/data/SOURCES.md``): offsets without a colon (``-0500``), offsets
changing inside one file (each record is parsed on its own), records out of time order
(nothing assumes order), ``stats`` records (engine counters stamped with the processing
time, not traffic: skipped and counted in ``frame.attrs["skipped"]``), old files without
``flow_id`` (the key then hashes the whole line), pretty-printed JSON arrays instead of one
object per line, and a malformed or newline-less last line (quarantined / read).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ioc.config import Settings
from ioc_plugins.infosec.adapters.common import collect, resolver_from, sensor_name
from ioc_plugins.infosec.model import canonical, event_id, suricata_severity
from ioc_plugins.infosec.records import iter_json_records

#: Engine counters, not traffic: never events (skipped, counted).
SKIPPED_TYPES = frozenset({"stats"})
#: Detections; every other event type is protocol metadata with severity 0.
DETECTION_TYPES = frozenset({"alert", "anomaly"})


def read_suricata_eve(path: str | Path, *, settings: Settings | None = None) -> pd.DataFrame:
    """Read an EVE log (line-per-record or array) into ``infosec.events`` rows."""
    resolver = resolver_from(settings)
    sensor = sensor_name(path)

    def mapper(record: Mapping[str, Any], text: str) -> dict[str, Any] | None:
        kind = record.get("event_type")
        if kind in SKIPPED_TYPES:
            return None
        return eve_row(record, text, resolver, sensor)

    return collect(path, iter_json_records(path), mapper, module="suricata", raw_time="timestamp")


def eve_row(record: Mapping[str, Any], text: str, resolver: Any, sensor: str) -> dict[str, Any]:
    """One EVE record → one event row (``_error`` set when it has no usable time or type)."""
    kind = record.get("event_type")
    alert = record.get("alert") or {}
    anomaly = record.get("anomaly") or {}
    src, dst = record.get("src_ip"), record.get("dest_ip")
    host = record.get("host") or record.get("sensor_name")
    row: dict[str, Any] = {
        # the record's content is its identity (one DNS answer per line shares flow, time and tx;
        # old files lack flow_id): the same record read again, from a line or an array, dedupes
        "event_id": event_id("suricata", canonical(record)),
        "time": record.get("timestamp"),  # parsed for the whole file at once (see collect)
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
        row.update(
            rule_id=str(alert.get("signature_id")) if alert.get("signature_id") is not None else None,
            rule_name=alert.get("signature"),
            rule_category=alert.get("category") or None,
            severity=suricata_severity(alert.get("severity")),
            action=alert.get("action"),
            malware_family=_malware_family(alert),
        )
    elif kind == "anomaly":
        row.update(rule_name=anomaly.get("event") or anomaly.get("type"), rule_category="anomaly", severity=1)
    _add_protocol_details(row, record)
    if kind is None:
        row["_error"] = "event_type: thiếu loại sự kiện (missing event_type)"
    elif record.get("timestamp") is None:
        row["_error"] = "timestamp: thiếu thời điểm (missing timestamp)"
    return row


def _malware_family(alert: Mapping[str, Any]) -> str | None:
    """ET rules name the family in ``metadata.malware_family`` or in "ET MALWARE <family> …"."""
    metadata = alert.get("metadata") or {}
    family = metadata.get("malware_family")
    if isinstance(family, list) and family:
        return str(family[0])
    signature = str(alert.get("signature") or "")
    for prefix in ("ET MALWARE ", "ET TROJAN ", "ETPRO MALWARE ", "ET CNC "):
        if signature.startswith(prefix):
            return signature[len(prefix) :].split(" ")[0] or None
    return None


def _add_protocol_details(row: dict[str, Any], record: Mapping[str, Any]) -> None:
    dns, http, tls = record.get("dns") or {}, record.get("http") or {}, record.get("tls") or {}
    fileinfo = record.get("fileinfo") or {}
    domain = dns.get("rrname") or http.get("hostname") or tls.get("sni")
    if domain is None and isinstance(dns.get("queries"), list) and dns["queries"]:
        domain = dns["queries"][0].get("rrname")  # EVE version 3 dns answers
    row["url_domain"] = domain
    if fileinfo:
        row["file_name"] = fileinfo.get("filename")
        row["file_hash"] = fileinfo.get("sha256") or fileinfo.get("md5")
