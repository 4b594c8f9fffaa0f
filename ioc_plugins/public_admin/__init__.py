"""The public-administration domain: dossiers of administrative procedures (Điều 6.4).

Every dossier (hồ sơ) of every agency arrives as the national portal's sync batches, the
one-stop-shop export or a live stream of events; each action is checked against the rules
as it arrives (:mod:`.checks`, :mod:`.rules`) on the working-day calendar, violations become
alerts routed to the agency and, when the IOC decides, timed incidents; agencies and units
are scored with the Decision 766 index (:mod:`.index766`); citizens look up their dossier
by code and the last digits of their phone (:mod:`.lookup`, :mod:`.api`).

Registered through the ``ioc`` entry-point group like any external plugin
(``public_admin = "ioc_plugins.public_admin:plugin"``), in the one plugin shape.
"""

from __future__ import annotations

from ioc.plugins import Plugin
from ioc_plugins.public_admin.adapters import ADAPTERS
from ioc_plugins.public_admin.config import PublicAdminConfig
from ioc_plugins.public_admin.demo import generate
from ioc_plugins.public_admin.derive import derive
from ioc_plugins.public_admin.rules import default_rules
from ioc_plugins.public_admin.tables import TABLES


def plugin() -> Plugin:
    """Build the plugin (called once by discovery)."""

    return Plugin(
        name="public_admin",
        title="Hành chính công",
        titles={"en": "Public administration"},
        figures=("open", "overdue", "due_soon", "violation_alerts"),
        description="Giám sát giải quyết TTHC theo từng hồ sơ, cảnh báo vi phạm, Bộ chỉ số 766, tra cứu hồ sơ",
        tables=TABLES,
        adapters=ADAPTERS,
        rules=default_rules(),
        config=PublicAdminConfig,
        demo=generate,
        derive=derive,
        routes=("ioc_plugins.public_admin.api:install",),
        dashboards={
            "public_admin": "dashboards.public_admin:PublicAdminDashboard",
            "public_admin_lookup": "dashboards.public_admin:DossierLookupPage",
        },
        public_dashboards=("public_admin_lookup",),
        overview="ioc_plugins.public_admin.queries:overview_tile",
        commands={"public_admin": "ioc_plugins.public_admin.commands:app"},
    )
