"""The economy domain: socio-economic indicators, plan targets and forecasts (Điều 6.1–6.2).

The indicator catalogue (:mod:`.catalogue`, ``catalogue.yaml``) is loaded into the declared
table ``economy.indicators``; values arrive from GSO-style workbooks (TCVN3 legacy text
included), the World Bank national benchmark and the agencies' templates; targets (kế hoạch)
per indicator and year; forecasts with Prophet and Tết effects, backtested against a
seasonal-naive baseline and used only where they beat it (:mod:`.forecast`).

Registered through the ``ioc`` entry-point group like any external plugin
(``economy = "ioc_plugins.economy:plugin"``).
"""

from __future__ import annotations

from ioc.plugins import Plugin
from ioc_plugins.economy.adapters import ADAPTERS
from ioc_plugins.economy.config import EconomyConfig
from ioc_plugins.economy.demo import generate
from ioc_plugins.economy.rules import default_rules
from ioc_plugins.economy.tables import TABLES


def plugin() -> Plugin:
    """Build the plugin (called once by discovery)."""

    return Plugin(
        name="economy",
        title="Kinh tế - xã hội",
        titles={"en": "Economy and society"},
        figures=("retail_sales", "budget_revenue", "budget_plan_ratio", "tourist_arrivals", "cpi"),
        description="Chỉ tiêu kinh tế - xã hội, y tế, giáo dục, du lịch; kế hoạch; dự báo",
        tables=TABLES,
        adapters=ADAPTERS,
        rules=default_rules(),
        config=EconomyConfig,
        demo=generate,
        dashboards={
            "economy": "dashboards.economy:EconomyDashboard",
            "sectors": "dashboards.economy:SectorsDashboard",
        },
        commands={"economy": "ioc_plugins.economy.commands:app"},
        overview="ioc_plugins.economy.queries:overview_tile",
    )
