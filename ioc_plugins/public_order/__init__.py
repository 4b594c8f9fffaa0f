"""The public-order domain: camera registry, camera events (Frigate, DeepStream, vendors' exports),
counts per zone and minute, crowd/congestion/intrusion/fire rules and citizen warnings.

Registered through the ``ioc`` entry-point group like any external plugin
(``public_order = "ioc_plugins.public_order:plugin"``). Live events arrive through the
core's ``ioc listen mqtt`` (topics mapped to this plugin's adapters by name).
"""

from __future__ import annotations

from ioc.plugins import Plugin
from ioc_plugins.public_order.adapters import ADAPTERS
from ioc_plugins.public_order.config import PublicOrderConfig
from ioc_plugins.public_order.demo import generate
from ioc_plugins.public_order.derive import derive
from ioc_plugins.public_order.rules import default_rules
from ioc_plugins.public_order.tables import TABLES


def plugin() -> Plugin:
    """Build the plugin (called once by discovery)."""

    return Plugin(
        name="public_order",
        title="Trật tự công cộng",
        titles={"en": "Public order"},
        figures=("cameras_working", "open_alerts", "events_24h"),
        description="Camera giám sát: đám đông, ùn tắc, xâm nhập, cháy khói; cảnh báo người dân",
        tables=TABLES,
        adapters=ADAPTERS,
        rules=default_rules(),
        config=PublicOrderConfig,
        demo=generate,
        derive=derive,
        dashboards={"public_order": "dashboards.public_order:PublicOrderDashboard"},
        overview="ioc_plugins.public_order.queries:overview_tile",
    )
