"""Tables of the social domain (mạng xã hội và báo chí, Điều 6.6).

- ``social.sources``: outlets, pages and groups the IOC follows (one row per source);
- ``social.items``: articles, posts, comments and replies, with their author (PII, masked on
  display), text, address and engagement counts. Engagement changes while a post spreads: a
  later collection of the same item supersedes the row and the earlier counts stay in the
  table's history (``social.items__history``), which is the counts-over-time record;
- ``social.labels``: sentiment, topic and sensitivity from the promoted NLP models with the
  model version, and the watch-list hits; re-labelling after a promotion supersedes the row
  of each item (one current row per item, never a duplicate);
- ``social.story_items``: which story each item belongs to;
- ``social.stories``: clusters of items about one event, with their running totals;
- ``social.spread``: per story and hour, the cumulative volume, reach, sources and negative share;
- ``social.feed_state``: the HTTP validators (ETag, Last-Modified) of each collected feed, so
  the next collection asks only for what changed.
"""

from __future__ import annotations

from ioc.tables import Column, Table

KINDS = ("article", "post", "comment", "reply")
SOURCE_KINDS = ("news", "facebook_page", "facebook_group", "forum", "video", "other")
PLATFORMS = ("web", "facebook", "youtube", "tiktok", "zalo", "forum", "other")
#: The NLP tasks whose labels every item gets.
TASKS = ("sentiment", "topic", "sensitivity")

SOURCES = Table(
    name="social.sources",
    description="Nguồn theo dõi: báo điện tử, trang, nhóm mạng xã hội",
    columns=(
        Column("source_id", required=True, description="mã nguồn, ví dụ baobariavungtau.com.vn, fb:123"),
        Column("name", required=True, description="tên hiển thị"),
        Column("kind", required=True, choices=SOURCE_KINDS),
        Column("platform", choices=PLATFORMS),
        Column("url", description="trang chủ hoặc địa chỉ nguồn cấp"),
        Column("owner", description="cơ quan chủ quản / quản trị trang"),
    ),
    key=("source_id",),
)

ITEMS = Table(
    name="social.items",
    description="Bài báo, bài đăng, bình luận và trả lời (tác giả là dữ liệu cá nhân, được che)",
    columns=(
        Column("item_id", required=True, description="url:<hash> cho trang web, fb:<id> cho Facebook …"),
        Column("source_id", required=True),
        Column("kind", required=True, choices=KINDS),
        Column("parent_id", description="bài gốc của một bình luận / trả lời"),
        Column(
            "author_name",
            pii=True,
            description="tên hoặc tài khoản người đăng (dữ liệu cá nhân, che thành chữ cái đầu)",
        ),
        Column("published_at", "timestamp", required=True, description="thời điểm đăng, UTC"),
        Column("title"),
        Column(
            "text",
            pii=True,
            description="nội dung (văn bản thuần; số điện thoại, e-mail, CCCD bên trong được che khi hiển thị)",
        ),
        Column("url"),
        Column("url_normalised", description="địa chỉ đã chuẩn hóa (bỏ tham số theo dõi, AMP …)"),
        Column("reactions", "int", minimum=0, description="số lượt cảm xúc khi thu thập"),
        Column("shares", "int", minimum=0),
        Column("comments", "int", minimum=0),
        Column("language", description="mã ngôn ngữ ISO 639-1"),
        Column("fingerprint", description="SimHash 64 bit của nội dung (16 chữ số hex)"),
        Column("duplicate_of", description="bài gốc khi bài này là bản sao / gần trùng"),
        Column("collector", description="cách thu thập: rss, article, facebook_graph, export, jsonl, demo"),
    ),
    key=("item_id",),
    time_column="published_at",
)

LABELS = Table(
    name="social.labels",
    description="Nhãn NLP (cảm xúc, chủ đề, nhạy cảm) kèm phiên bản mô hình và từ khóa theo dõi trúng",
    columns=(
        Column("item_id", required=True),
        Column("published_at", "timestamp", required=True),
        *(
            column
            for task in TASKS
            for column in (
                Column(f"{task}_label"),
                Column(f"{task}_score", "float", minimum=0, maximum=1),
                Column(f"{task}_model", description="mã mô hình trong kho, ví dụ sentiment/v0002"),
            )
        ),
        Column("watch_hits", description="mã các mục theo dõi xuất hiện, cách nhau bởi dấu phẩy"),
        Column("watch_kinds", description="loại của từng mục (keyword, organisation, person, place)"),
    ),
    key=("item_id",),
    time_column="published_at",
)

STORY_ITEMS = Table(
    name="social.story_items",
    description="Bài thuộc câu chuyện (sự kiện) nào",
    columns=(
        Column("item_id", required=True),
        Column("story_id", required=True),
        Column("published_at", "timestamp", required=True),
        Column("source_id", required=True),
        Column("similarity", "float", minimum=0, maximum=1, description="độ giống với câu chuyện khi gán"),
    ),
    key=("item_id",),
    time_column="published_at",
)

STORIES = Table(
    name="social.stories",
    description="Câu chuyện: các bài về cùng một sự kiện, với tổng số bài, nguồn, lượt tương tác",
    columns=(
        Column("story_id", required=True),
        Column("first_seen", "timestamp", required=True),
        Column("last_seen", "timestamp", required=True),
        Column("headline", description="tiêu đề của bài đầu tiên"),
        Column("keywords", description="từ khóa chính, cách nhau bởi dấu phẩy"),
        Column("terms", description="trọng số từ (JSON) để gán bài mới"),
        Column("topic", description="chủ đề thường gặp nhất của các bài"),
        Column("items", "int", minimum=0),
        Column("sources", "int", minimum=0),
        Column("reach", "int", minimum=0, description="tổng lượt chia sẻ và bình luận"),
        Column("negative_share", "float", minimum=0, maximum=1),
    ),
    key=("story_id",),
    time_column="first_seen",
)

SPREAD = Table(
    name="social.spread",
    description="Mức lan truyền của câu chuyện theo giờ (lũy kế)",
    columns=(
        Column("story_id", required=True),
        Column("window_start", "timestamp", required=True),
        Column("new_items", "int", minimum=0),
        Column("items", "int", minimum=0, description="lũy kế"),
        Column("sources", "int", minimum=0, description="số nguồn khác nhau, lũy kế"),
        Column("reach", "int", minimum=0, description="lượt chia sẻ + bình luận, lũy kế"),
        Column("negative_share", "float", minimum=0, maximum=1),
    ),
    key=("story_id", "window_start"),
    time_column="window_start",
)

FEED_STATE = Table(
    name="social.feed_state",
    description="Trạng thái thu thập nguồn cấp RSS/Atom (ETag, Last-Modified)",
    columns=(
        Column("feed_url", required=True),
        Column("etag"),
        Column("last_modified"),
        Column("fetched_at", "timestamp", required=True),
        Column("entries", "int", minimum=0),
    ),
    key=("feed_url",),
)

TABLES = (SOURCES, ITEMS, LABELS, STORY_ITEMS, STORIES, SPREAD, FEED_STATE)
