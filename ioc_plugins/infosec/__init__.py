"""The information-security domain (Điều 6.7): Suricata, Wazuh/OSSEC and Zeek, per-agency posture.

The IOC reads the security tools the province's agencies already run, in their own formats
(quirks included), normalises them to one ECS-like event model, resolves the agency from
the agencies' network ranges, raises alerts to the agency's focal point and scores each
agency's posture per day. Registered through the ``ioc`` entry-point group
(``infosec = "ioc_plugins.infosec:plugin"``).

Roles: the events' raw records are personal data (``raw`` is a PII column) and the
dashboard shows them only to the ``security`` role (``ioc.auth``: "Cán bộ an toàn thông
tin"); other roles see the normalised fields. Alerts go to the agency's focal point.
"""

from __future__ import annotations

from ioc.plugins import Plugin
from ioc_plugins.infosec.adapters import ADAPTERS
from ioc_plugins.infosec.config import InfosecConfig
from ioc_plugins.infosec.demo import generate
from ioc_plugins.infosec.derive import derive
from ioc_plugins.infosec.rules import default_rules
from ioc_plugins.infosec.tables import TABLES


def plugin() -> Plugin:
    """Build the plugin (called once by discovery)."""

    return Plugin(
        name="infosec",
        title="An toàn thông tin",
        titles={"en": "Information security"},
        figures=("high_24h", "malware_hosts_7d", "lowest_score"),
        description="Cảnh báo IDS/HIDS (Suricata, Wazuh/OSSEC, Zeek), mã độc, điểm an toàn theo cơ quan",
        tables=TABLES,
        adapters=ADAPTERS,
        rules=default_rules(),
        config=InfosecConfig,
        demo=generate,
        derive=derive,
        dashboards={"infosec": "dashboards.infosec:InfosecDashboard"},
        overview="ioc_plugins.infosec.queries:overview_tile",
    )
