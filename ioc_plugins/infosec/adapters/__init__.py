"""Source adapters of the infosec domain, one per real format of the security tools.

Every adapter streams its file (never whole in memory), reads line-per-record and
JSON-array forms, marks records it cannot read with a reason in ``_error`` (quarantined by
the data layer, never dropped silently) and raises :class:`ioc.plugins.AdapterError` for a
file with no record at all. ``ioc listen file PATH --adapter <name>`` tails a growing log
through the same adapters.
"""

from __future__ import annotations

from ioc.plugins import Adapter
from ioc_plugins.infosec.adapters.suricata import read_suricata_eve
from ioc_plugins.infosec.adapters.wazuh import read_ossec_log, read_wazuh_alerts
from ioc_plugins.infosec.adapters.zeek import read_zeek_conn, read_zeek_logs
from ioc_plugins.infosec.assets import read_assets

EVENTS = "infosec.events"

ADAPTERS: tuple[Adapter, ...] = (
    Adapter(
        "infosec_assets_csv",
        "infosec.assets",
        read_assets,
        "Danh mục tài sản: agency, cidr, hostnames, criticality (agency network ranges CSV)",
        ("*tai_san*.csv", "*assets*.csv"),
    ),
    Adapter(
        "suricata_eve",
        EVENTS,
        read_suricata_eve,
        "Suricata EVE JSON: alert, anomaly, dns, http, tls, flow, fileinfo … (eve.json, line or array)",
        ("eve*.json", "*.eve.json"),
    ),
    Adapter(
        "wazuh_alerts",
        EVENTS,
        read_wazuh_alerts,
        "Wazuh 3.x/4.x hoặc OSSEC alerts.json (host alerts, JSON)",
        ("alerts*.json", "*wazuh*.json", "*ossec*.json"),
    ),
    Adapter("ossec_log", EVENTS, read_ossec_log, "OSSEC alerts.log (nhiều dòng / multi-line text)", ("alerts*.log",)),
    Adapter(
        "zeek_conn",
        "infosec.connections",
        read_zeek_conn,
        "Zeek conn.log (TSV với #fields hoặc JSON)",
        ("conn*.log", "*_conn.log", "conn*.json"),
    ),
    Adapter(
        "zeek_logs",
        EVENTS,
        read_zeek_logs,
        "Zeek dns/http/ssl/notice/files (TSV hoặc JSON)",
        ("dns*.log", "http*.log", "ssl*.log", "notice*.log", "files*.log"),
    ),
)

__all__ = ["ADAPTERS", "read_ossec_log", "read_suricata_eve", "read_wazuh_alerts", "read_zeek_conn", "read_zeek_logs"]
