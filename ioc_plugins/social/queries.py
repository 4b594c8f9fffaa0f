"""Queries of the social domain for the dashboard, notebooks and the overview tile.

Every read the dashboard "Mạng xã hội và báo chí" does goes through these functions. They
return plain frames; texts stay as stored (the dashboard shows them as text, never HTML).
Items come back with the author masked unless the viewer may see personal data
(:func:`may_see_personal_data`); the leaders' view uses only the story-level functions
(:func:`hot_stories`, :func:`spread_curves`), which carry no item text and no author.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ioc.alerts import open_alerts
from ioc.auth import PII_ROLES, Principal, get_principal, mask_frame
from ioc.datalayer import DataLayer
from ioc.overview import Figure, Tile
from ioc.timestamps import as_utc
from ioc_plugins.social.labels import load_watchlist
from ioc_plugins.social.rules import BASELINE_SPAN, WARMUP_SPANS, peak_growth
from ioc_plugins.social.tables import ITEMS, LABELS, SOURCES, SPREAD, STORIES, STORY_ITEMS

SENTIMENTS = ("negative", "neutral", "positive")
SENTIMENT_COLOURS = {"negative": "#d32f2f", "neutral": "#90a4ae", "positive": "#388e3c", "unlabelled": "#cfd8dc"}
#: Hours a story's recent activity is counted over on the dashboard (project choice).
RECENT_HOURS = 48


def _has(datalayer: DataLayer, table: str) -> bool:
    return datalayer.version(table) is not None


def principal(datalayer: DataLayer, username: str | None) -> Principal | None:
    """The active user ``username`` (``None`` for a guest or unknown user)."""
    if not username or username == "guest":
        return None
    return get_principal(datalayer.store, username)


def may_see_personal_data(viewer: Principal | None) -> bool:
    """Whether ``viewer`` may read authors' names (IOC lead/deputy, staff of the social domain)."""
    if viewer is None:
        return False
    if viewer.has("ioc_lead", "ioc_deputy"):
        return True
    return bool(set(viewer.roles) & PII_ROLES) and viewer.covers_domain("social")


def is_leader_view(viewer: Principal | None) -> bool:
    """Leaders (without an analyst role) see stories only, never items or personal data."""
    return viewer is not None and viewer.has("leader") and not viewer.has("ioc_lead", "ioc_deputy", "domain_staff")


def latest_time(datalayer: DataLayer) -> pd.Timestamp | None:
    """When the newest item was published (UTC); ``None`` without items."""
    if not _has(datalayer, ITEMS.name):
        return None
    value = datalayer.cached_sql("SELECT max(published_at) AS t FROM social.items")["t"].iloc[0]
    return None if value is None or pd.isna(value) else pd.Timestamp(value).tz_convert("UTC")


def volume(datalayer: DataLayer, start: Any, end: Any, freq: str = "1h") -> pd.DataFrame:
    """Items per period and sentiment: ``time`` (UTC), ``sentiment`` (or ``unlabelled``), ``count``."""
    columns = ["time", "sentiment", "count"]
    if not _has(datalayer, ITEMS.name):
        return pd.DataFrame(columns=columns)
    items = datalayer.read(ITEMS.name, start=start, end=end, columns=["item_id", "published_at"])
    if items.empty:
        return pd.DataFrame(columns=columns)
    if _has(datalayer, LABELS.name):
        labels = datalayer.read(LABELS.name, start=start, end=end, columns=["item_id", "sentiment_label"])
        items = items.merge(labels, on="item_id", how="left")
    else:
        items["sentiment_label"] = None
    items["sentiment"] = items["sentiment_label"].astype("object").where(items["sentiment_label"].notna(), "unlabelled")
    items["time"] = pd.to_datetime(items["published_at"], utc=True).dt.floor(freq)
    counts = items.groupby(["time", "sentiment"]).size().rename("count").reset_index()
    return counts[columns]


def hot_stories(datalayer: DataLayer, now: Any, *, hours: int = RECENT_HOURS, limit: int = 10) -> pd.DataFrame:
    """The stories most active in the last ``hours``, hottest first.

    Returns ``story_id, headline, keywords, topic, items, sources, reach, negative_share,
    recent_items, growth`` (the highest hourly growth score of the period) and ``alert``
    (an open spread alert names the story). No item text, no author: safe for leaders.
    """
    columns = [
        "story_id",
        "headline",
        "keywords",
        "topic",
        "first_seen",
        "last_seen",
        "items",
        "sources",
        "reach",
        "negative_share",
        "recent_items",
        "growth",
        "alert",
    ]
    if not _has(datalayer, SPREAD.name) or not _has(datalayer, STORIES.name):
        return pd.DataFrame(columns=columns)
    now = pd.Timestamp(now)
    now = now.tz_localize("UTC") if now.tzinfo is None else now
    start = now - pd.Timedelta(hours=hours)
    recent = datalayer.read(SPREAD.name, start=start, end=now + pd.Timedelta(hours=1))
    if recent.empty:
        return pd.DataFrame(columns=columns)
    activity = recent.groupby("story_id")["new_items"].sum().rename("recent_items")
    stories = datalayer.read(STORIES.name, where=_in("story_id", activity.index))
    stories = stories.merge(activity, left_on="story_id", right_index=True)
    # the stories' hours since the baseline's warm-up, all stories scored together (peak_growth)
    warmup = start - pd.Timedelta(hours=WARMUP_SPANS * BASELINE_SPAN)
    history = datalayer.read(
        SPREAD.name,
        start=warmup.floor("h"),
        where=_in("story_id", activity.index),
        columns=["story_id", "window_start", "new_items"],
    )
    growth = peak_growth(history, start, now)
    stories["growth"] = stories["story_id"].astype(str).map(growth).fillna(0.0)
    alerted = set(open_alerts(datalayer.store, "social", limit=1000)["entity_id"].dropna())
    stories["alert"] = stories["story_id"].isin(alerted)
    stories = stories.sort_values(["alert", "growth", "recent_items"], ascending=False).head(limit)
    return stories[columns].reset_index(drop=True)


def spread_curves(datalayer: DataLayer, story_ids: Any) -> pd.DataFrame:
    """Hourly cumulative spread (``window_start, items, sources, reach, negative_share``) of stories."""
    story_ids = list(story_ids)
    if not story_ids or not _has(datalayer, SPREAD.name):
        return pd.DataFrame(columns=SPREAD.column_names)
    return datalayer.read(SPREAD.name, where=_in("story_id", story_ids))


def story_items(datalayer: DataLayer, story_id: str, viewer: Principal | None, limit: int = 5) -> pd.DataFrame:
    """Sample items of a story (most shared first) with the author masked unless ``viewer`` may see it.

    Leaders get an empty frame: their view never shows items.
    """
    columns = [
        "item_id",
        "source_id",
        "kind",
        "author_name",
        "published_at",
        "title",
        "text",
        "url",
        "reach",
        "sentiment",
    ]
    if is_leader_view(viewer) or not _has(datalayer, STORY_ITEMS.name):
        return pd.DataFrame(columns=columns)
    members = datalayer.read(STORY_ITEMS.name, where=_in("story_id", [story_id]), columns=["item_id"])
    if members.empty:
        return pd.DataFrame(columns=columns)
    items = datalayer.read(ITEMS.name, where=_in("item_id", members["item_id"]))
    if not may_see_personal_data(viewer):
        # missing values as None first: ioc.auth.mask_frame cannot compare pandas' NA
        personal = dict.fromkeys(ITEMS.pii_columns, object)
        items = mask_frame(items.astype(personal).where(items.notna(), None), ITEMS.pii_columns)
    items["reach"] = items["shares"].fillna(0).astype("int64") + items["comments"].fillna(0).astype("int64")
    if _has(datalayer, LABELS.name):
        labels = datalayer.read(
            LABELS.name, where=_in("item_id", items["item_id"]), columns=["item_id", "sentiment_label"]
        )
        items = items.merge(labels, on="item_id", how="left").rename(columns={"sentiment_label": "sentiment"})
    else:
        items["sentiment"] = None
    items = items.sort_values(["reach", "published_at"], ascending=[False, True]).head(limit)
    return items[columns].reset_index(drop=True)


def watch_hits(datalayer: DataLayer, start: Any, end: Any, watchlist_path: str | None = None) -> pd.DataFrame:
    """How often each watch-list entry was mentioned: ``entry_id, name, kind, mentions, negative``."""
    columns = ["entry_id", "name", "kind", "mentions", "negative"]
    if not _has(datalayer, LABELS.name):
        return pd.DataFrame(columns=columns)
    labels = datalayer.read(LABELS.name, start=start, end=end, columns=["watch_hits", "sentiment_label"])
    labels = labels[labels["watch_hits"].notna()]
    if labels.empty:
        return pd.DataFrame(columns=columns)
    exploded = labels.assign(entry_id=labels["watch_hits"].str.split(",")).explode("entry_id")
    # an item stored while no sentiment model was promoted has no label: not negative (a
    # comparison with a missing label is missing, and cannot be counted)
    exploded["is_negative"] = exploded["sentiment_label"].eq("negative").fillna(False).astype(int)
    counts = exploded.groupby("entry_id").agg(mentions=("entry_id", "size"), negative=("is_negative", "sum"))
    watchlist = load_watchlist(watchlist_path)
    names, kinds = [], []
    for entry_id in counts.index:
        try:
            entry = watchlist.entry(entry_id)
            names.append(entry.name)
            kinds.append(entry.kind)
        except KeyError:
            names.append(entry_id)
            kinds.append("")
    counts = counts.assign(name=names, kind=kinds).reset_index().sort_values("mentions", ascending=False)
    return counts[columns].reset_index(drop=True)


def sources_table(datalayer: DataLayer) -> pd.DataFrame:
    """The followed sources with their item counts and newest item: ``source_id, name, kind, platform, items, latest``."""
    columns = ["source_id", "name", "kind", "platform", "owner", "items", "latest"]
    if not _has(datalayer, SOURCES.name):
        return pd.DataFrame(columns=columns)
    sources = datalayer.read(SOURCES.name)
    if _has(datalayer, ITEMS.name):
        counts = datalayer.cached_sql(
            "SELECT source_id, count(*) AS items, max(published_at) AS latest FROM social.items GROUP BY source_id"
        )
        sources = sources.merge(counts, on="source_id", how="left")
    else:
        sources = sources.assign(items=0, latest=pd.NaT)
    sources["items"] = sources["items"].fillna(0).astype("int64")
    return sources.sort_values("items", ascending=False)[columns].reset_index(drop=True)


def overview_tile(datalayer: DataLayer, now: Any) -> Tile:
    """The social domain's tile: items in 24 h, negative share, hot stories, spread alerts."""
    now = as_utc(now)
    title = "Mạng xã hội và báo chí"
    latest = latest_time(datalayer)
    if latest is None:
        return Tile(domain="social", title=title, status="unknown", page="social")
    day = volume(datalayer, now - pd.Timedelta(hours=24), now, freq="1h")
    before = volume(datalayer, now - pd.Timedelta(hours=48), now - pd.Timedelta(hours=24), freq="1h")
    total, previous = int(day["count"].sum()), int(before["count"].sum())
    labelled = day[day["sentiment"] != "unlabelled"]["count"].sum()
    negative = day[day["sentiment"] == "negative"]["count"].sum()
    share = float(negative / labelled) if labelled else None
    stories = hot_stories(datalayer, now, hours=24, limit=50)
    alerts = int(stories["alert"].sum()) if len(stories) else 0
    hot = int((stories["growth"] >= 3).sum()) if len(stories) else 0
    hourly = day.groupby("time")["count"].sum() if len(day) else pd.Series(dtype="int64")
    status = "alert" if alerts else ("watch" if hot or (share or 0) >= 0.4 else "ok")
    if now - latest > pd.Timedelta(hours=24):
        status = "unknown"
    return Tile(
        domain="social",
        title=title,
        figures=(
            Figure(
                "Bài trong 24 giờ",
                total,
                "bài",
                (total - previous) / previous if previous else None,
                "down",
                key="posts_24h",
                labels={"en": "Posts (24 h)"},
                units={"en": "posts"},
            ),
            Figure(
                "Tỉ lệ tiêu cực",
                None if share is None else round(share * 100, 1),
                "%",
                None,
                "down",
                key="negative_share",
                labels={"en": "Negative share"},
            ),
            Figure("Câu chuyện nóng", hot, "", None, "down", key="hot_stories", labels={"en": "Hot stories"}),
            Figure(
                "Cảnh báo lan truyền", alerts, "", None, "down", key="spread_alerts", labels={"en": "Spread alerts"}
            ),
        ),
        status=status,
        sparkline=hourly,
        sparkline_label="Số bài mỗi giờ",
        as_of=latest,
        page="social",
    )


def _in(column: str, values: Any) -> str:
    quoted = ", ".join("'" + str(v).replace("'", "''") + "'" for v in sorted(set(values)))
    return f'"{column}" IN ({quoted})' if quoted else "FALSE"
