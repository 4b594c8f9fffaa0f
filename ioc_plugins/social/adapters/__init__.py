"""Source adapters of the social domain, one per real format.

Each reads a file into ``social.items`` rows (values may still be text: validation types
them), marks rows it cannot parse with a reason in ``_error`` (quarantined, never silently
dropped) and raises :class:`ioc.plugins.AdapterError` when the whole file is unusable.
Naive times are the site's local time.
"""

from __future__ import annotations

from ioc.plugins import Adapter
from ioc_plugins.social.adapters.article import read_article_html
from ioc_plugins.social.adapters.export import read_jsonl, read_listening_export
from ioc_plugins.social.adapters.facebook import read_graph_json
from ioc_plugins.social.adapters.rss import read_rss

ITEMS = "social.items"

ADAPTERS: tuple[Adapter, ...] = (
    Adapter(
        "rss",
        ITEMS,
        read_rss,
        "Nguồn cấp RSS 2.0 / Atom của báo điện tử (RSS/Atom news feed, tolerant of broken XML)",
        ("*.rss", "*rss*.xml", "*atom*.xml", "*feed*.xml"),
    ),
    Adapter(
        "article_html",
        ITEMS,
        read_article_html,
        "Trang bài báo đã lưu (.html): trích nội dung chính (saved article page, main text)",
        ("*.html", "*.htm"),
    ),
    Adapter(
        "facebook_graph",
        ITEMS,
        read_graph_json,
        "Facebook Graph API: bài đăng, bình luận lồng nhau, lượt cảm xúc (Graph API posts JSON)",
        ("*graph*.json", "*facebook*.json", "*fb_posts*.json"),
    ),
    Adapter(
        "listening_export",
        ITEMS,
        read_listening_export,
        "Tệp xuất của công cụ lắng nghe mạng xã hội, tiêu đề tiếng Việt (.csv/.xlsx social-listening export)",
        ("*lang_nghe*.csv", "*lang_nghe*.xlsx", "*listening*.csv", "*listening*.xlsx", "*social_export*.*"),
    ),
    Adapter(
        "jsonl",
        ITEMS,
        read_jsonl,
        "Bài đăng dạng JSON Lines (one item per line)",
        ("*social*.jsonl", "*posts*.jsonl", "*items*.jsonl"),
    ),
)

__all__ = ["ADAPTERS"]
