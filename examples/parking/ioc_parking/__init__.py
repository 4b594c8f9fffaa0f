"""Example plugin: occupancy of the city's parking lots (bãi đỗ xe).

The smallest complete plugin in the one plugin shape (README, "Writing a plugin"):
:mod:`.tables`, :mod:`.adapters`, :mod:`.rules`, :mod:`.demo`, :mod:`.queries` and a
dashboard (:mod:`.dashboard`; built-in domains keep theirs in ``dashboards/<domain>.py``).
Registered under the entry-point group ``ioc`` in its own ``pyproject.toml``.
"""

from __future__ import annotations

from ioc.plugins import Plugin
from ioc_parking.adapters import ADAPTERS
from ioc_parking.demo import generate
from ioc_parking.rules import FULL
from ioc_parking.tables import TABLES


def plugin() -> Plugin:
    """Build the plugin (called once by discovery)."""
    return Plugin(
        name="parking",
        title="Bãi đỗ xe",
        description="Tỉ lệ lấp đầy các bãi đỗ xe công cộng",
        tables=TABLES,
        adapters=ADAPTERS,
        rules=(FULL,),
        demo=generate,
        dashboards={"parking": "ioc_parking.dashboard:ParkingDashboard"},
    )
