"""Tables of the information-security domain (Điều 6.7 of the IOC regulation).

Column names of ``infosec.events`` follow the Elastic Common Schema, flattened with ``_``
(see :mod:`.model`). The raw source record is kept in ``raw`` and declared personal data
(it carries user names, mail addresses, URLs with tokens): masked on export and shown on
the dashboard only to the ``security`` role.
"""

from __future__ import annotations

from ioc.tables import Column, Table
from ioc_plugins.infosec.assets import CRITICALITIES

MODULES = ("suricata", "wazuh", "ossec", "zeek")

ASSETS = Table(
    name="infosec.assets",
    description="Danh mục tài sản: dải mạng, máy chủ của từng cơ quan (agency network ranges)",
    columns=(
        Column("agency", required=True, description="agency code of the site profile"),
        Column("cidr", required=True, description="network range, e.g. 10.77.1.0/24"),
        Column("hostnames", description="host names, separated by ';'"),
        Column("criticality", choices=CRITICALITIES),
        Column("description"),
    ),
    key=("agency", "cidr"),
)

EVENTS = Table(
    name="infosec.events",
    description="Sự kiện an toàn thông tin (Suricata, Wazuh/OSSEC, Zeek) chuẩn hoá một mô hình",
    columns=(
        Column("event_id", required=True, description="module + hash of the record's identity"),
        Column("time", "timestamp", required=True, description="@timestamp, UTC"),
        Column("observer_name", description="sensor / manager that saw it (observer.name)"),
        Column("event_module", required=True, choices=MODULES),
        Column("event_dataset", description="alert, dns, http, tls, flow, fileinfo, anomaly, conn …"),
        Column("rule_id", description="signature id (Suricata sid, Wazuh rule id)"),
        Column("rule_name", description="signature text"),
        Column("rule_category"),
        Column("severity", "int", required=True, minimum=0, maximum=4, description="0 info … 4 critical"),
        Column("source_ip"),
        Column("source_port", "int", minimum=0, maximum=65535),
        Column("destination_ip"),
        Column("destination_port", "int", minimum=0, maximum=65535),
        Column("network_transport"),
        Column("app_protocol"),
        Column("agency", description="agency resolved from the asset ranges"),
        Column("host_name"),
        Column("url_domain", description="DNS query, HTTP host or TLS SNI"),
        Column("file_name"),
        Column("file_hash", description="SHA-256 (or MD5) of a file seen"),
        Column("malware_family"),
        Column("action", description="allowed / blocked"),
        Column("raw", pii=True, description="the source record as read"),
    ),
    key=("event_id",),
    time_column="time",
    retention_days=730,  # project choice: two years of events online (Nghị định 85/2016 asks logs be kept)
)

CONNECTIONS = Table(
    name="infosec.connections",
    description="Tóm tắt kết nối mạng (Zeek conn.log)",
    columns=(
        Column("uid", required=True),
        Column("time", "timestamp", required=True),
        Column("observer_name"),
        Column("source_ip", required=True),
        Column("source_port", "int", minimum=0, maximum=65535),
        Column("destination_ip", required=True),
        Column("destination_port", "int", minimum=0, maximum=65535),
        Column("network_transport"),
        Column("service"),
        Column("duration_s", "float", minimum=0),
        Column("source_bytes", "int", minimum=0),
        Column("destination_bytes", "int", minimum=0),
        Column("conn_state"),
        Column("agency"),
    ),
    key=("uid",),
    time_column="time",
    retention_days=365,
)

MALWARE = Table(
    name="infosec.malware",
    description="Mã độc phát hiện trên máy (malware sightings: hash, family, host)",
    columns=(
        Column("indicator", required=True, description="file hash, or the family when no hash"),
        Column("host", required=True, description="host name or address"),
        Column("agency"),
        Column("family"),
        Column("file_hash"),
        Column("first_seen", "timestamp", required=True),
        Column("last_seen", "timestamp", required=True),
        Column("sightings", "int", minimum=1),
        Column("event_module"),
    ),
    key=("indicator", "host"),
    time_column="first_seen",
)

POSTURE = Table(
    name="infosec.posture",
    description="Điểm an toàn thông tin theo cơ quan, theo ngày (posture score 0–100)",
    columns=(
        Column("agency", required=True),
        Column("day", "date", required=True, description="site-local day"),
        Column("score", "float", required=True, minimum=0, maximum=100),
        Column("open_high", "int", minimum=0),
        Column("malware", "int", minimum=0),
        Column("exposure", "int", minimum=0, description="unique external sources hitting the agency"),
        Column("ack_hours", "float", minimum=0, description="median time to acknowledge high alerts"),
        Column("events", "int", minimum=0),
    ),
    key=("agency", "day"),
)

TABLES = (ASSETS, EVENTS, CONNECTIONS, MALWARE, POSTURE)
