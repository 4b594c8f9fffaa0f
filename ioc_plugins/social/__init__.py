"""The social domain: online news and social media (mạng xã hội và báo chí, Điều 6.6).

The IOC follows what the press and social networks say about the province: news articles
(RSS/Atom feeds, article pages), public posts and comments (Facebook Graph API, exports of
social-listening tools, JSON Lines). Each item is de-duplicated (normalised URL, SimHash of
its text), labelled on arrival with the promoted NLP models (sentiment, topic, sensitivity,
with the model version) and the watch-lists, grouped into stories whose spread is tracked
hour by hour; a negative story that reaches many sources or grows faster than its baseline
raises an alert for the leaders' command view and the agency of its topic.

Registered through the ``ioc`` entry-point group like any external plugin
(``social = "ioc_plugins.social:plugin"``), in the one plugin shape: :mod:`.tables`,
:mod:`.adapters`, :mod:`.rules` (spread), :mod:`.derive` (labels, stories), :mod:`.demo`,
:mod:`.queries`, :mod:`.config`, :mod:`.commands` (``ioc collect rss|article|facebook``,
``ioc social relabel``). Domain logic: :mod:`.text` (URLs, SimHash), :mod:`.labels`,
:mod:`.stories`, :mod:`.collect` (polite HTTP, conditional GET).
"""

from __future__ import annotations

from ioc.plugins import Plugin
from ioc_plugins.social.adapters import ADAPTERS
from ioc_plugins.social.config import SocialConfig
from ioc_plugins.social.demo import generate
from ioc_plugins.social.derive import derive
from ioc_plugins.social.rules import SpreadRule
from ioc_plugins.social.tables import TABLES


def plugin() -> Plugin:
    """Build the plugin (called once by discovery)."""

    return Plugin(
        name="social",
        title="Mạng xã hội và báo chí",
        titles={"en": "Social media and press"},
        figures=("posts_24h", "negative_share", "hot_stories", "spread_alerts"),
        description="Thu thập báo điện tử và mạng xã hội, từ khóa theo dõi, cảm xúc, chủ đề nóng, cảnh báo lan truyền",
        tables=TABLES,
        adapters=ADAPTERS,
        rules=(SpreadRule(),),
        demo=generate,
        derive=derive,
        config=SocialConfig,
        dashboards={"social": "dashboards.social:SocialDashboard"},
        commands={
            "collect rss": "ioc_plugins.social.commands:collect_rss",
            "collect article": "ioc_plugins.social.commands:collect_article",
            "collect facebook": "ioc_plugins.social.commands:collect_facebook",
            "social": "ioc_plugins.social.commands:app",
        },
        overview="ioc_plugins.social.queries:overview_tile",
    )
