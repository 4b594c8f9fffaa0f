"""The environment domain: air quality (VN_AQI), water quality (VN_WQI), water level / flood.

Registered through the ``ioc`` entry-point group like any external plugin
(``environment = "ioc_plugins.environment:plugin"``).
"""

from __future__ import annotations

from ioc.plugins import Plugin
from ioc_plugins.environment.adapters import ADAPTERS
from ioc_plugins.environment.config import EnvironmentConfig
from ioc_plugins.environment.demo import generate
from ioc_plugins.environment.derive import derive
from ioc_plugins.environment.registration import prepare
from ioc_plugins.environment.rules import default_rules
from ioc_plugins.environment.tables import TABLES


def plugin() -> Plugin:
    """Build the plugin (called once by discovery)."""

    return Plugin(
        name="environment",
        title="Tài nguyên - Môi trường",
        titles={"en": "Natural resources and environment"},
        figures=("worst_aqi", "poor_air_stations", "water_alarm_stations", "alerts_24h"),
        description="Quan trắc không khí, chất lượng nước, mực nước và cảnh báo ngập",
        tables=TABLES,
        adapters=ADAPTERS,
        rules=default_rules(),
        config=EnvironmentConfig,
        demo=generate,
        derive=derive,
        prepare=prepare,
        commands={
            "collect open-meteo": "ioc_plugins.environment.commands:open_meteo",
            "collect openaq": "ioc_plugins.environment.commands:openaq",
        },
        overview="ioc_plugins.environment.queries:overview_tile",
        dashboards={"environment": "dashboards.environment:EnvironmentDashboard"},
    )
