"""Demo data: the security tools' own files for the site's agencies, read back through the adapters.

The generator writes what the agencies' tools would write — Suricata ``eve.json`` (one
sensor line-per-record with ``stats`` records and a cut-off last line, another exported as a
pretty-printed array), Wazuh 3.x ``alerts.json`` (``decoder: {}``, ``dstip`` with a port),
OSSEC ``alerts.json`` (``rule.comment``, epoch-ms ``TimeStamp``) and ``alerts.log`` (text),
Zeek ``conn.log`` (TSV, no ``#close``) and ``dns.log`` in JSON — under
``<data>/demo/infosec/`` (a temporary folder without a deployment), then reads them with the
real adapters, so ``make demo`` exercises every format and quirk.

Planted on top of background noise (all addresses from the RFC 5737 documentation ranges):

* a **campaign**: 192.0.2.77 scans and attacks five agencies within three hours, with a burst
  of one signature against the People's Committee office (VPUBND) — campaign, burst and
  severity alerts;
* a **malware outbreak**: Emotet found by ClamAV on hosts of the health and education
  departments, one of them beaconing to the blocklisted 198.51.100.5;
* a **silent sensor**: the ward's IDS stops a day before the end.
"""

from __future__ import annotations

import json
import random
import tempfile
import textwrap
from collections.abc import Iterable, Iterator
from datetime import timedelta
from pathlib import Path

import pandas as pd

from ioc.plugins import DemoContext
from ioc_plugins.infosec.adapters import (
    read_ossec_log,
    read_suricata_eve,
    read_wazuh_alerts,
    read_zeek_conn,
    read_zeek_logs,
)
from ioc_plugins.infosec.assets import DEFAULT_ASSETS, read_assets

#: Records per demo log file; a longer log is written as rotated files (see ``_rotated``).
#: A year's central EVE log at province-year ×1 (1.3 M records) read back as one file held
#: 5.3 GB while it was stored.
ROTATE_RECORDS = 100_000
OFFSET = "+0700"  # the site's offset, written without a colon as Suricata and Wazuh do
LOCAL = timedelta(hours=7)
CAMPAIGN_SOURCE = "192.0.2.77"
C2 = "198.51.100.5"
AGENCIES = {
    "STTTT": 1,
    "STNMT": 2,
    "SXD": 3,
    "SGTVT": 4,
    "SYT": 5,
    "SGDDT": 6,
    "SDL": 7,
    "SKHDT": 8,
    "STC": 9,
    "CA": 10,
    "VPUBND": 11,
    "UBND_VT": 12,
}
SIGNATURES = (
    (2001219, "ET SCAN Potential SSH Scan", "Attempted Information Leak", 2),
    (2010935, "ET SCAN Suspicious inbound to MSSQL port 1433", "Potentially Bad Traffic", 2),
    (2024792, "ET WEB_SERVER Possible SQL Injection Attempt UNION SELECT", "Web Application Attack", 1),
    (2019401, "ET POLICY SSLv3 outbound connection from client", "Potential Corporate Privacy Violation", 3),
    (2100498, "GPL ATTACK_RESPONSE id check returned root", "Potentially Bad Traffic", 2),
)
EXPLOIT = (
    2031502,
    "ET EXPLOIT Apache HTTP Server Path Traversal (CVE-2021-41773)",
    "Attempted Administrator Privilege Gain",
    1,
)
BEACON = (2030000, "ET MALWARE Emotet CnC Beacon", "A Network Trojan was detected", 1)


def _ip(agency: str, host: int) -> str:
    return f"10.77.{AGENCIES[agency]}.{host}"


def _external(rng: random.Random) -> str:
    return f"203.0.113.{rng.randint(1, 60)}"  # RFC 5737 TEST-NET-3 (.66 is blocklisted: never drawn)


def _eve_time(t: pd.Timestamp) -> str:
    return f"{(t + LOCAL).strftime('%Y-%m-%dT%H:%M:%S.%f')}{OFFSET}"


def _eve_alert(t: pd.Timestamp, src: str, dst: str, port: int, signature: tuple, flow: int) -> dict:
    sid, text, category, severity = signature
    return {
        "timestamp": _eve_time(t),
        "flow_id": flow,
        "in_iface": "eth1",
        "event_type": "alert",
        "src_ip": src,
        "src_port": 40000 + flow % 20000,
        "dest_ip": dst,
        "dest_port": port,
        "proto": "TCP",
        "alert": {
            "action": "allowed",
            "gid": 1,
            "signature_id": sid,
            "rev": 3,
            "signature": text,
            "category": category,
            "severity": severity,
        },
    }


def _eve_dns(t: pd.Timestamp, src: str, name: str, flow: int) -> dict:
    return {
        "timestamp": _eve_time(t),
        "flow_id": flow,
        "event_type": "dns",
        "src_ip": src,
        "src_port": 53000 + flow % 1000,
        "dest_ip": "10.77.100.53",
        "dest_port": 53,
        "proto": "UDP",
        "dns": {"type": "query", "id": flow % 65535, "rrname": name, "rrtype": "A", "tx_id": 0},
    }


def _stats(t: pd.Timestamp) -> dict:
    return {"timestamp": _eve_time(t), "event_type": "stats", "stats": {"uptime": 3600, "decoder": {"pkts": 12345}}}


def _wazuh(
    t: pd.Timestamp,
    rule_id: str,
    level: int,
    text: str,
    groups: list,
    host: str,
    full_log: str,
    number: int,
    data: dict | None = None,
) -> dict:
    record = {
        "timestamp": f"{(t + LOCAL).strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3]}{OFFSET}",
        "rule": {
            "level": level,
            "description": text,
            "id": rule_id,
            "firedtimes": 1,
            "mail": level >= 12,
            "groups": groups,
        },
        "agent": {"id": f"{number % 50:03d}", "name": host},
        "manager": {"name": "wazuh-dc"},
        "id": f"{int(t.timestamp())}.{number}",
        "full_log": full_log,
        "decoder": {},
        "location": "/var/log/syslog",
    }
    if data:
        record["data"] = data
    return record


def _ossec_json(t: pd.Timestamp, rule_id: int, level: int, text: str, host: str, srcip: str, full_log: str) -> dict:
    return {
        "rule": {"level": level, "comment": text, "sidid": rule_id, "group": "syslog,sshd,authentication_failed,"},
        "srcip": srcip,
        "full_log": full_log,
        "hostname": host,
        "program_name": "sshd",
        "location": "/var/log/auth.log",
        "TimeStamp": int(t.timestamp() * 1000),
    }


def _ossec_block(
    t: pd.Timestamp, number: int, host: str, rule_id: int, level: int, text: str, groups: str, src: str | None, log: str
) -> str:
    lines = [
        f"** Alert {int(t.timestamp())}.{number}: - {groups}",
        f"{(t + LOCAL):%Y %b %d %H:%M:%S} {host}->/var/log/clamav/clamav.log",
        f"Rule: {rule_id} (level {level}) -> '{text}'",
    ]
    if src:
        lines.append(f"Src IP: {src}")
    lines.append(log)
    return "\n".join(lines) + "\n\n"


def _zeek_conn_header() -> str:
    return (
        "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n#open\t2025-01-01-00-00-00\n"
        "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\n"
        "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]\n"
    )


def write_demo_files(folder: Path, context: DemoContext) -> dict[str, list[Path]]:
    """Write the demo logs under ``folder``; returns the files by source adapter name."""
    rng = random.Random(context.seed)
    now = pd.Timestamp.now(tz="UTC") - pd.Timedelta(minutes=20)
    start = (
        pd.Timestamp(context.start).tz_convert("UTC")
        if pd.Timestamp(context.start).tzinfo
        else pd.Timestamp(context.start, tz="UTC")
    )
    end = min(start + pd.Timedelta(days=context.days), now)
    span = max((end - start).total_seconds(), 3600.0)
    per_day = max(10, round(60 * context.scale))
    total = max(1, round(per_day * span / 86400))
    # records are kept as their text, not as dicts: a year at ×1 held as dicts took 5.9 GB
    central: list[str] = []  # EVE lines
    ward: list[str] = []  # elements of a pretty-printed JSON array
    wazuh: list[str] = []  # alerts.json lines
    flow = 10_000
    agencies = [a for a in AGENCIES if a != "UBND_VT"]

    def at(fraction: float) -> pd.Timestamp:
        return start + pd.Timedelta(seconds=span * fraction)

    for _ in range(total):  # background: scans and probes from outside, DNS inside
        flow += 1
        t = at(rng.random())
        agency = rng.choice(agencies)
        central.append(
            _eve_line(
                _eve_alert(
                    t,
                    _external(rng),
                    _ip(agency, rng.randint(10, 40)),
                    rng.choice([22, 80, 443, 1433]),
                    rng.choice(SIGNATURES),
                    flow,
                )
            )
        )
        central.append(
            _eve_line(
                _eve_dns(
                    t + pd.Timedelta(seconds=2),
                    _ip(agency, rng.randint(10, 40)),
                    rng.choice(["dichvucong.gov.vn", "baria-vungtau.gov.vn", "update.microsoft.com"]),
                    flow,
                )
            )
        )
    # the ward's IDS: a steady trickle (at least 30 alerts, so it is watched) until it stops
    ward_stop = end - pd.Timedelta(days=1) if context.days > 2 else end
    ward_span = max((ward_stop - start).total_seconds(), 3600.0)
    for number in range(max(30, round(total * 0.3))):
        t = start + pd.Timedelta(seconds=ward_span * rng.random())
        target = _ip("UBND_VT", rng.randint(10, 20))
        ward.append(_array_element(_eve_alert(t, _external(rng), target, 80, rng.choice(SIGNATURES), 500_000 + number)))
    ward.append(
        _array_element(
            _eve_alert(
                ward_stop - pd.Timedelta(minutes=5), _external(rng), _ip("UBND_VT", 11), 443, SIGNATURES[0], 999_999
            )
        )
    )
    # the campaign, three days before the end: five agencies in three hours, a burst on VPUBND
    campaign = end - pd.Timedelta(days=min(3, max(context.days - 1, 0)), hours=5)
    for number, agency in enumerate(["STTTT", "SYT", "STC", "CA", "VPUBND"]):
        flow += 1
        central.append(
            _eve_line(
                _eve_alert(
                    campaign + pd.Timedelta(minutes=35 * number), CAMPAIGN_SOURCE, _ip(agency, 10), 443, EXPLOIT, flow
                )
            )
        )
    for second in range(0, 25 * 20, 20):
        flow += 1
        central.append(
            _eve_line(
                _eve_alert(
                    campaign + pd.Timedelta(hours=2, seconds=second),
                    CAMPAIGN_SOURCE,
                    _ip("VPUBND", 10),
                    443,
                    EXPLOIT,
                    flow,
                )
            )
        )
    # the outbreak: ClamAV finds Emotet on health and education hosts; one beacons to the C2
    outbreak = end - pd.Timedelta(days=min(2, max(context.days - 1, 0)), hours=3)
    blocks = []
    for number, (agency, host) in enumerate([("SYT", "syt-his01"), ("SYT", "syt-pc17"), ("SGDDT", "sgddt-web01")]):
        t = outbreak + pd.Timedelta(hours=4 * number)
        log = f"{(t + LOCAL):%a %b %d %H:%M:%S %Y} -> /home/ketoan/Downloads/hoadon.doc: Win.Trojan.Emotet-9953291-0 FOUND"
        if agency == "SYT":
            wazuh.append(
                json.dumps(
                    _wazuh(
                        t,
                        "52502",
                        12,
                        "ClamAV: Virus detected",
                        ["clamd", "freshclam", "virus"],
                        host,
                        log,
                        900 + number,
                    )
                )
            )
        else:
            blocks.append(
                _ossec_block(t, 700 + number, host, 52502, 12, "ClamAV: Virus detected", "clamd,virus,", None, log)
            )
    for minute in range(0, 60, 15):
        flow += 1
        central.append(
            _eve_line(
                _eve_alert(outbreak + pd.Timedelta(hours=1, minutes=minute), _ip("SYT", 17), C2, 443, BEACON, flow)
            )
        )
    # host alerts: failed logins (Wazuh 3.x, dstip with a port) and OSSEC JSON sshd failures
    for number in range(max(5, total // 4)):
        t = at(rng.random())
        agency = rng.choice(agencies)
        src = _external(rng)
        wazuh.append(
            json.dumps(
                _wazuh(
                    t,
                    "5710",
                    5,
                    "sshd: Attempt to login using a non-existent user",
                    ["syslog", "sshd", "invalid_login"],
                    f"{agency.lower()}-app01",
                    f"sshd[1234]: Invalid user admin from {src}",
                    number,
                    {"srcip": src, "dstip": f"{_ip(agency, 5)}:22"},
                )
            )
        )
    ossec_json = [
        json.dumps(
            _ossec_json(
                at(rng.random()),
                5716,
                5,
                "SSHD authentication failed.",
                "syt-his01",
                _external(rng),
                "sshd: Failed password for root",
            )
        )
        for _ in range(max(3, total // 10))
    ]
    # Zeek: connections at the data centre, including the beacon; DNS in JSON with dotted keys
    conn_lines, dns_lines = [], []
    for number in range(max(10, total // 2)):
        t = at(rng.random())
        agency = rng.choice(agencies)
        service = rng.choice(["ssl", "dns", "http", "-"])
        conn_lines.append(
            "\t".join(
                map(
                    str,
                    [
                        f"{t.timestamp():.6f}",
                        f"Cdemo{context.seed}{number:06d}",
                        _ip(agency, rng.randint(10, 40)),
                        rng.randint(40000, 60000),
                        _external(rng),
                        443,
                        "tcp",
                        service,
                        f"{rng.random():.6f}",
                        rng.randint(0, 9000),
                        rng.randint(0, 90000),
                        "SF",
                        "T",
                        "F",
                        0,
                        "ShADadFf",
                        10,
                        900,
                        8,
                        9000,
                        "(empty)",
                    ],
                )
            )
        )
        dns_lines.append(
            json.dumps(
                {
                    "ts": round(t.timestamp(), 6),
                    "uid": f"Ddemo{number:06d}",
                    "id.orig_h": _ip(agency, 20),
                    "id.orig_p": 51000,
                    "id.resp_h": "10.77.100.53",
                    "id.resp_p": 53,
                    "proto": "udp",
                    "trans_id": number,
                    "query": rng.choice(["dichvucong.gov.vn", "mail.baria-vungtau.gov.vn"]),
                    "qtype_name": "A",
                    "rcode_name": "NOERROR",
                    "_path": "dns",
                }
            )
        )
    beacon = outbreak + pd.Timedelta(hours=1, minutes=2)
    conn_lines.append(
        "\t".join(
            map(
                str,
                [
                    f"{beacon.timestamp():.6f}",
                    f"Cdemo{context.seed}beacon",
                    _ip("SYT", 17),
                    49152,
                    C2,
                    443,
                    "tcp",
                    "ssl",
                    "1.5",
                    512,
                    2048,
                    "SF",
                    "T",
                    "F",
                    0,
                    "ShADadFf",
                    6,
                    800,
                    5,
                    2300,
                    "-",
                ],
            )
        )
    )
    rng.shuffle(conn_lines)  # Zeek rows are not time-ordered

    files: dict[str, list[Path]] = {}

    def put(source: str, relative: str, *parts: str | Iterable[str]) -> None:
        """Write a file from texts and runs of texts, one at a time (a year is never one string)."""
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            for part in parts:
                handle.writelines([part] if isinstance(part, str) else part)
        files.setdefault(source, []).append(path)

    rng.shuffle(central)  # EVE records are not in time order
    central.insert(len(central) // 2, json.dumps(_stats(at(0.5))))
    truncated = '{"timestamp":"2025-01-01T00:00:00.000000+0700","event_type":"alert","src_'
    for name, part, current in _rotated("ids-dc/eve.json", central):
        put("suricata_eve", name, _separated(part, "\n"), "\n" + truncated if current else "\n")
    for name, part, _ in _rotated("ids-ubndvt/eve.json", ward):  # exported JSON arrays
        put("suricata_eve", name, "[\n", _separated(part, ",\n"), "\n]")
    for source, relative, lines in (
        ("wazuh_alerts", "wazuh-dc/alerts.json", wazuh),
        ("wazuh_alerts", "ossec-syt/alerts.json", ossec_json),
    ):
        for name, part, _ in _rotated(relative, lines):
            put(source, name, (line + "\n" for line in part))
    put("ossec_log", "ossec-sgddt/alerts.log", blocks)
    for name, part, _ in _rotated("zeek-dc/conn.log", conn_lines):
        put("zeek_conn", name, _zeek_conn_header(), _separated(part, "\n"), "\n")  # no #close
    for name, part, _ in _rotated("zeek-dc/dns.json", dns_lines):
        put("zeek_logs", name, _separated(part, "\n"), "\n")
    return files


def _rotated(relative: str, records: list[str]) -> Iterator[tuple[str, list[str], bool]]:
    """A log of more than :data:`ROTATE_RECORDS` records as logrotate's ``size`` rotation
    leaves it, oldest first: ``(file, its records, whether it is the current file)``:
    ``eve.json.2``, ``eve.json.1``, then ``eve.json`` (each file is read back as one batch,
    so a province's year of a sensor never sits in one frame)."""
    parts = max(1, -(-len(records) // ROTATE_RECORDS))
    for number in range(parts):
        rotation = parts - 1 - number
        part = records[number * ROTATE_RECORDS : (number + 1) * ROTATE_RECORDS]
        yield (f"{relative}.{rotation}" if rotation else relative), part, rotation == 0


def _eve_line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)


def _array_element(record: dict) -> str:
    """A record as ``json.dumps(records, indent=2)`` writes it inside the array."""
    return textwrap.indent(json.dumps(record, indent=2), "  ")


def _separated(texts: list[str], separator: str) -> Iterator[str]:
    """``separator.join(texts)``, a text at a time."""
    for number, text in enumerate(texts):
        yield text if number == 0 else separator + text


READERS = {
    "suricata_eve": read_suricata_eve,
    "wazuh_alerts": read_wazuh_alerts,
    "ossec_log": read_ossec_log,
    "zeek_conn": read_zeek_conn,
    "zeek_logs": read_zeek_logs,
}


def generate(context: DemoContext) -> Iterator[tuple[str, pd.DataFrame]]:
    """Plugin hook: the asset registry, then every demo log read through its adapter."""
    yield "infosec.assets", read_assets(DEFAULT_ASSETS)
    if context.settings is not None:
        folder = Path(context.settings.data_dir) / "demo" / "infosec"
        yield from _read_back(write_demo_files(folder, context), context)
        return
    with tempfile.TemporaryDirectory(prefix="ioc-infosec-demo-") as scratch:
        yield from _read_back(write_demo_files(Path(scratch), context), context)


def _read_back(files: dict[str, list[Path]], context: DemoContext) -> Iterator[tuple[str, pd.DataFrame]]:
    for source, paths in files.items():
        table = "infosec.connections" if source == "zeek_conn" else "infosec.events"
        for path in paths:
            yield table, READERS[source](path, settings=context.settings)
