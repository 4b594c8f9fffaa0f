"""The submissions domain: the agencies' Monday/Thursday templates (biểu mẫu, Điều 15.2).

``ioc submissions template AGENCY --date DD/MM/YYYY`` writes an agency's ``.xlsx`` template
(:mod:`.template`) from the indicator catalogue, read from the lake table ``economy.indicators``
by name (plugins never import each other). Returned workbooks arrive as files, e-mail attachments
or uploads and are validated (:mod:`.intake`); compliance per agency and report date, reminders
the working day before and an alert when a report is missed (:mod:`.compliance`,
:mod:`.reminders`, :mod:`.rules`).

Registered through the ``ioc`` entry-point group (``submissions = "ioc_plugins.submissions:plugin"``).
"""

from __future__ import annotations

from ioc.plugins import Plugin
from ioc_plugins.submissions.adapters import ADAPTERS
from ioc_plugins.submissions.config import SubmissionsConfig
from ioc_plugins.submissions.demo import generate
from ioc_plugins.submissions.derive import derive
from ioc_plugins.submissions.rules import default_rules
from ioc_plugins.submissions.tables import TABLES


def plugin() -> Plugin:
    """Build the plugin (called once by discovery)."""

    return Plugin(
        name="submissions",
        title="Báo cáo của đơn vị",
        titles={"en": "Agencies' reports"},
        figures=("on_time_4w", "missing", "late"),
        description="Biểu mẫu số liệu thứ Hai, thứ Năm của các cơ quan: tạo, tiếp nhận, kiểm tra, tuân thủ",
        tables=TABLES,
        adapters=ADAPTERS,
        rules=default_rules(),
        config=SubmissionsConfig,
        demo=generate,
        derive=derive,
        dashboards={"submissions": "dashboards.submissions:SubmissionsDashboard"},
        commands={"submissions": "ioc_plugins.submissions.commands:app"},
        overview="ioc_plugins.submissions.queries:overview_tile",
    )
