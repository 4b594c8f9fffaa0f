"""The feedback domain: citizen field reports (phản ánh hiện trường, Điều 6.3).

Reports arrive 24/7 through the web form, e-mail, the hotline and Open311 (the mobile
app); each becomes a *timed* incident with a public tracking code, routed by category ×
commune to the responsible agency, with a deadline from the category's SLA counted in
working days, and linked to an earlier report when it describes the same problem.

Registered through the ``ioc`` entry-point group like any external plugin
(``feedback = "ioc_plugins.feedback:plugin"``), in the one plugin shape: :mod:`.tables`,
:mod:`.adapters` (e-mail, hotline), :mod:`.rules` (hot topics), :mod:`.derive` (reports
opened from new submissions), :mod:`.demo`, :mod:`.queries` (for the dashboards) and
:mod:`.api` (Open311 and the citizen routes). Domain logic: :mod:`.catalogue` (categories,
SLA), :mod:`.routing`, :mod:`.duplicates`, :mod:`.desk` (intake), :mod:`.stats`,
:mod:`.labels` (NLP labels), :mod:`.media` (photos).
"""

from __future__ import annotations

from ioc.plugins import Plugin
from ioc_plugins.feedback.adapters import ADAPTERS
from ioc_plugins.feedback.config import FeedbackConfig
from ioc_plugins.feedback.demo import generate
from ioc_plugins.feedback.derive import derive
from ioc_plugins.feedback.rules import HotTopicRule
from ioc_plugins.feedback.tables import TABLES


def plugin() -> Plugin:
    """Build the plugin (called once by discovery)."""

    return Plugin(
        name="feedback",
        title="Phản ánh hiện trường",
        titles={"en": "Citizen reports"},
        figures=("received_24h", "pending", "overdue", "on_time_30d"),
        description="Tiếp nhận phản ánh của người dân qua cổng thông tin, thư điện tử, tổng đài, ứng dụng; "
        "phân công, theo dõi, thống kê",
        tables=TABLES,
        adapters=ADAPTERS,
        demo=generate,
        derive=derive,
        rules=(HotTopicRule(),),
        routes=("ioc_plugins.feedback.api:install",),
        config=FeedbackConfig,
        overview="ioc_plugins.feedback.queries:overview_tile",
        dashboards={
            "feedback": "dashboards.feedback:FeedbackDashboard",
            "feedback_form": "dashboards.feedback:CitizenReportForm",
        },
        public_dashboards=("feedback_form",),
    )
