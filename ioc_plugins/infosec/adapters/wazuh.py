"""Wazuh / OSSEC host alerts: ``alerts.json`` (Wazuh 3.x, 4.x, OSSEC 2.9) and OSSEC ``alerts.log``.

The JSON variants differ (``shared/data/SOURCES.md``): the rule text is ``rule.description``
(Wazuh) or ``rule.comment`` (OSSEC), the rule id ``rule.id`` or ``rule.sidid``, the time an
ISO ``timestamp`` with an offset without colon or epoch milliseconds (``TimeStamp``),
``decoder`` may be ``{}``, addresses sit under ``data`` (Wazuh) or at the top (OSSEC), and
``data.dstip`` may carry a port (``192.168.10.21:80``). ``alerts.log`` is OSSEC's text
format: one multi-line block per alert, separated by blank lines, with times in the
manager's local time (``plugins.infosec.ossec_timezone``, default the site's zone).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ioc.config import Settings, site_timezone
from ioc.plugins import BATCH_ROWS
from ioc_plugins.infosec.adapters.common import ALL_ROWS, collect, resolver_from, sensor_name, whole
from ioc_plugins.infosec.config import infosec_config
from ioc_plugins.infosec.model import event_id, parse_time, split_ip_port, wazuh_severity
from ioc_plugins.infosec.records import iter_json_records, open_text

#: Rule groups that mean malicious code was found on the host (Wazuh ruleset groups).
MALWARE_GROUPS = frozenset({"virus", "malware", "rootcheck", "trojan", "virustotal", "clamd", "yara"})
_CLAM_FOUND = re.compile(r":\s*(\S+)\s+FOUND\b")


def read_wazuh_alerts(path: str | Path, *, settings: Settings | None = None) -> pd.DataFrame:
    """Read a Wazuh 3.x/4.x or OSSEC ``alerts.json`` (line-per-record or array)."""
    return whole(iter_wazuh_alerts(path, settings=settings, rows=ALL_ROWS))


def iter_wazuh_alerts(
    path: str | Path, *, settings: Settings | None = None, rows: int = BATCH_ROWS
) -> Iterator[pd.DataFrame]:
    """The rows of :func:`read_wazuh_alerts` in frames of ``rows``."""
    resolver = resolver_from(settings)
    sensor = sensor_name(path)
    mapper = lambda r, t: wazuh_row(r, t, resolver, sensor)  # noqa: E731
    return collect(path, iter_json_records(path), mapper, module="wazuh", rows=rows)


def wazuh_row(record: Mapping[str, Any], text: str, resolver: Any, sensor: str) -> dict[str, Any]:
    """One Wazuh/OSSEC JSON alert → one event row."""
    rule = record.get("rule") or {}
    data = record.get("data") or {}
    agent = record.get("agent") or {}
    ossec = "comment" in rule or "TimeStamp" in record
    module = "ossec" if ossec else "wazuh"
    stamp = record.get("timestamp", record.get("TimeStamp"))
    time = parse_time(stamp)
    src = data.get("srcip") or data.get("src_ip") or record.get("srcip")
    dst_raw = data.get("dstip") or data.get("dest_ip") or record.get("dstip")
    dst, dst_port = split_ip_port(dst_raw)
    src, src_port = split_ip_port(src)
    host = agent.get("name") or record.get("hostname") or (record.get("predecoder") or {}).get("hostname")
    groups = rule.get("groups") or str(rule.get("group") or "").strip(",").split(",")
    groups = [str(g).strip() for g in groups if str(g).strip()]
    rule_id = rule.get("id", rule.get("sidid"))
    description = rule.get("description", rule.get("comment"))
    manager = (record.get("manager") or {}).get("name") or sensor
    row = {
        "event_id": event_id(module, manager, record.get("id"), stamp, rule_id, None if record.get("id") else text),
        "time": time,
        "observer_name": manager,
        "event_module": module,
        "event_dataset": "alert",
        "rule_id": None if rule_id is None else str(rule_id),
        "rule_name": description,
        "rule_category": ",".join(groups) or None,
        "severity": wazuh_severity(rule.get("level")),
        "source_ip": src,
        "source_port": data.get("srcport") or data.get("src_port") or src_port,
        "destination_ip": dst,
        "destination_port": data.get("dstport") or data.get("dest_port") or dst_port,
        "network_transport": (str(data.get("proto") or data.get("protocol") or "").lower() or None),
        "host_name": host,
        "agency": resolver.resolve(destination=dst, source=src, host=host) or resolver.agency_of_ip(agent.get("ip")),
        "malware_family": _malware(groups, record),
        "file_hash": _file_hash(record),
        "raw": text,
    }
    if time is None:
        row["_error"] = f"timestamp: thời điểm không đọc được {stamp!r} (unreadable timestamp)"
    elif rule_id is None:
        row["_error"] = "rule: thiếu mã luật (missing rule id)"
    return row


def _malware(groups: list[str], record: Mapping[str, Any]) -> str | None:
    """The malware family an alert reports, or ``None``.

    The ``virus`` group alone is not a detection (Wazuh puts ClamAV's database updates in it):
    a detection is a ClamAV ``FOUND`` line, a malicious VirusTotal verdict, or a rule of the
    ``malware``/``yara``/``trojan`` groups.
    """
    if not MALWARE_GROUPS & set(groups):
        return None
    virustotal = ((record.get("data") or {}).get("virustotal")) or {}
    if virustotal:  # Wazuh's VirusTotal integration: malicious "0" is a clean file
        return None if str(virustotal.get("malicious", "1")) in ("0", "false", "False") else "VirusTotal"
    found = _CLAM_FOUND.search(str(record.get("full_log") or ""))
    if found:
        return found.group(1)
    if {"malware", "yara", "trojan"} & set(groups):
        return (record.get("rule") or {}).get("description") or "malware"
    return None


def _file_hash(record: Mapping[str, Any]) -> str | None:
    syscheck = record.get("syscheck") or {}
    data = record.get("data") or {}
    virustotal = (data.get("virustotal") or {}).get("source") or {}
    return syscheck.get("sha256_after") or virustotal.get("sha256") or virustotal.get("sha1") or data.get("sha256")


# ---------------------------------------------------------------- OSSEC alerts.log (text)
_HEADER = re.compile(r"^\*\* Alert (?P<id>\d+\.\d+):(?P<mail>\s*mail)?\s*-\s*(?P<groups>.*)$")
_WHERE = re.compile(r"^(?P<time>\d{4} \w{3} \d{2} \d{2}:\d{2}:\d{2}) (?P<host>.+?)->(?P<location>.*)$")
_RULE = re.compile(r"^Rule: (?P<id>\d+) \(level (?P<level>\d+)\) -> '(?P<text>.*)'$")
_FIELDS = {
    "Src IP": "source_ip",
    "Src Port": "source_port",
    "Dst IP": "destination_ip",
    "Dst Port": "destination_port",
    "User": "user",
}


def read_ossec_log(path: str | Path, *, settings: Settings | None = None) -> pd.DataFrame:
    """Read OSSEC's multi-line ``alerts.log`` into ``infosec.events`` rows."""
    return whole(iter_ossec_log(path, settings=settings, rows=ALL_ROWS))


def iter_ossec_log(
    path: str | Path, *, settings: Settings | None = None, rows: int = BATCH_ROWS
) -> Iterator[pd.DataFrame]:
    """The rows of :func:`read_ossec_log` in frames of ``rows``."""
    resolver = resolver_from(settings)
    zone = infosec_config(settings).ossec_timezone or site_timezone(settings)
    sensor = sensor_name(path)
    mapper = lambda r, t: ossec_row(r, t, resolver, sensor, zone)  # noqa: E731
    return collect(path, _blocks(path), mapper, module="ossec", rows=rows)


def _blocks(path: str | Path) -> Iterator[tuple[int, str, Mapping[str, Any] | str]]:
    """Each alert block as ``{"lines": [...]}``; text outside a block is a garbage row."""
    block: list[str] = []
    start = 0
    with open_text(path) as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\r\n")
            if line.startswith("** Alert "):
                if block:
                    yield start, "\n".join(block), {"lines": block}
                block, start = [line], number
            elif not line.strip():
                if block:
                    yield start, "\n".join(block), {"lines": block}
                block = []
            elif block:
                block.append(line)
            else:
                yield number, line, "dòng nằm ngoài khối cảnh báo (text outside an alert block)"
    if block:
        yield start, "\n".join(block), {"lines": block}


def ossec_row(record: Mapping[str, Any], text: str, resolver: Any, sensor: str, zone: str) -> dict[str, Any]:
    """One ``alerts.log`` block → one event row (``_error`` when the block is cut short)."""
    lines = record["lines"]
    header = _HEADER.match(lines[0])
    where = _WHERE.match(lines[1]) if len(lines) > 1 else None
    rule = _RULE.match(lines[2]) if len(lines) > 2 else None
    row: dict[str, Any] = {"event_id": event_id("ossec", sensor, text), "event_module": "ossec", "raw": text}
    if not (header and where and rule):
        row["_error"] = "khối cảnh báo không đủ dòng tiêu đề/luật (incomplete alert block)"
        return row
    fields: dict[str, str] = {}
    log: list[str] = []
    for line in lines[3:]:
        name, sep, value = line.partition(": ")
        if sep and name in _FIELDS and _FIELDS[name] not in fields:
            fields[_FIELDS[name]] = value.strip()
        else:
            log.append(line)
    time = pd.Timestamp(where["time"]).tz_localize(zone).tz_convert("UTC")
    host = where["host"].strip()
    agent = re.match(r"^\((?P<name>[^)]+)\)\s*(?P<ip>\S*)$", host)
    host_name = agent["name"] if agent else host
    groups = [g.strip() for g in header["groups"].split(",") if g.strip()]
    src, dst = fields.get("source_ip"), fields.get("destination_ip")
    row.update(
        event_id=event_id("ossec", sensor, header["id"], rule["id"]),
        time=time,
        observer_name=sensor,
        event_dataset="alert",
        rule_id=rule["id"],
        rule_name=rule["text"],
        rule_category=",".join(groups) or None,
        severity=wazuh_severity(rule["level"]),
        source_ip=src,
        source_port=fields.get("source_port"),
        destination_ip=dst,
        destination_port=fields.get("destination_port"),
        host_name=host_name,
        agency=resolver.resolve(destination=dst, source=src, host=host_name)
        or resolver.agency_of_ip(agent["ip"] if agent else None),
        malware_family=_malware(groups, {"full_log": "\n".join(log), "rule": {"description": rule["text"]}}),
    )
    return row
