"""The feedback domain: citizen field reports (phản ánh hiện trường, Điều 6.3).

Reports arrive 24/7 through the web form, e-mail, the hotline and Open311 (the mobile
app); each becomes a *timed* incident with a public tracking code, routed by category ×
commune to the responsible agency, with a deadline from the category's SLA counted in
working days, and linked to an earlier report when it describes the same problem.

Registered through the ``ioc`` entry-point group like any external plugin
(``feedback = "ioc_plugins.feedback:plugin"``). Modules: :mod:`.catalogue` (categories,
SLA), :mod:`.routing`, :mod:`.duplicates`, :mod:`.desk` (intake), :mod:`.adapters`
(e-mail, hotline), :mod:`.intake` (derive hook), :mod:`.stats`, :mod:`.demo`.
"""

from __future__ import annotations

from ioc.plugins import Plugin
from ioc_plugins.feedback.tables import TABLES


def plugin() -> Plugin:
    """Build the plugin (called once by discovery)."""
    from ioc_plugins.feedback.adapters import ADAPTERS
    from ioc_plugins.feedback.demo import generate
    from ioc_plugins.feedback.hot_topics import HotTopicRule
    from ioc_plugins.feedback.intake import derive

    return Plugin(
        name="feedback",
        title="Phản ánh hiện trường",
        description="Tiếp nhận phản ánh của người dân qua cổng thông tin, thư điện tử, tổng đài, ứng dụng; "
                    "phân công, theo dõi, thống kê",
        tables=TABLES,
        adapters=ADAPTERS,
        demo=generate,
        derive=derive,
        rules=(HotTopicRule(),),
        dashboards={"feedback": "dashboards.feedback:FeedbackDashboard",
                    "feedback_form": "dashboards.feedback:CitizenReportForm",
                    "command": "dashboards.command:CommandDashboard"},
        public_dashboards=("feedback_form",),
    )
