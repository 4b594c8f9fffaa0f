"""Source adapters of the infosec domain, one per real format of the security tools.

Every adapter streams its file, reads line-per-record and JSON-array forms, marks records
it cannot read with a reason in ``_error`` (quarantined by the data layer, never dropped
silently) and raises :class:`ioc.plugins.AdapterError` for a file with no record at all.
``read`` returns the whole file's rows; ``batches`` yields them in frames of about
:data:`ioc.plugins.BATCH_ROWS`, which ``ioc ingest`` stores one commit each, so that a log
of any size is ingested in bounded memory. ``ioc listen file PATH --adapter <name>`` tails
a growing log through the same adapters.
"""

from __future__ import annotations

from ioc.plugins import Adapter
from ioc_plugins.infosec.adapters.suricata import iter_suricata_eve, read_suricata_eve
from ioc_plugins.infosec.adapters.wazuh import iter_ossec_log, iter_wazuh_alerts, read_ossec_log, read_wazuh_alerts
from ioc_plugins.infosec.adapters.zeek import iter_zeek_conn, iter_zeek_logs, read_zeek_conn, read_zeek_logs
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
        batches=iter_suricata_eve,
    ),
    Adapter(
        "wazuh_alerts",
        EVENTS,
        read_wazuh_alerts,
        "Wazuh 3.x/4.x hoặc OSSEC alerts.json (host alerts, JSON)",
        ("alerts*.json", "*wazuh*.json", "*ossec*.json"),
        batches=iter_wazuh_alerts,
    ),
    Adapter(
        "ossec_log",
        EVENTS,
        read_ossec_log,
        "OSSEC alerts.log (nhiều dòng / multi-line text)",
        ("alerts*.log",),
        batches=iter_ossec_log,
    ),
    Adapter(
        "zeek_conn",
        "infosec.connections",
        read_zeek_conn,
        "Zeek conn.log (TSV với #fields hoặc JSON)",
        ("conn*.log", "*_conn.log", "conn*.json"),
        batches=iter_zeek_conn,
    ),
    Adapter(
        "zeek_logs",
        EVENTS,
        read_zeek_logs,
        "Zeek dns/http/ssl/notice/files (TSV hoặc JSON)",
        ("dns*.log", "http*.log", "ssl*.log", "notice*.log", "files*.log"),
        batches=iter_zeek_logs,
    ),
)

__all__ = ["ADAPTERS", "read_ossec_log", "read_suricata_eve", "read_wazuh_alerts", "read_zeek_conn", "read_zeek_logs"]
