"""The social media and news dashboard ("Mạng xã hội và báo chí", Điều 6.6).

Volume and sentiment over time, the hot stories with their spread curves and sample items,
the watch-list hits, the followed sources and the domain's open alerts. The leaders' view
(a user whose only role is ``leader``, or ``leader_view=True``) shows stories only — totals,
spread curves, alerts — and never an item, a text or an author. Elsewhere sample items show
their author masked unless the user may see personal data.

Data come from :mod:`ioc_plugins.social.queries`; this module only labels and draws them.
Untrusted text (titles, post texts, source names) reaches the page only as Tabulator cell
text, Bokeh tooltip text or through :func:`html.escape`.
"""

from __future__ import annotations

from datetime import timedelta
from html import escape
from typing import Any

import holoviews as hv
import pandas as pd
import panel as pn
import param

from dashboards import plots, theme
from dashboards.base import BaseDashboard
from dashboards.i18n import format_datetime, register_texts, to_local
from ioc_plugins.social import queries

PERIODS = {"24h": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30)}
BUCKETS = {"24h": "1h", "7d": "6h", "30d": "1D"}

register_texts(
    {
        "vi": {
            "social_title": "Mạng xã hội và báo chí",
            "social_period": "Khoảng thời gian",
            "social_leader_view": "Chế độ lãnh đạo (chỉ câu chuyện)",
            "social_story": "Câu chuyện",
            "social_volume": "Số bài theo thời gian và sắc thái",
            "social_items": "Số bài",
            "social_time": "Thời gian",
            "social_sentiment_negative": "Tiêu cực",
            "social_sentiment_neutral": "Trung tính",
            "social_sentiment_positive": "Tích cực",
            "social_sentiment_unlabelled": "Chưa gắn nhãn",
            "social_hot_stories": "Câu chuyện nóng",
            "social_no_stories": "Chưa có câu chuyện nào trong khoảng thời gian này.",
            "social_spread": "Mức lan truyền: {headline}",
            "social_spread_items": "Số bài (lũy kế)",
            "social_spread_sources": "Số nguồn (lũy kế)",
            "social_samples": "Bài tiêu biểu của câu chuyện",
            "social_no_samples": "Chưa chọn câu chuyện hoặc câu chuyện chưa có bài.",
            "social_watch": "Từ khóa theo dõi được nhắc đến",
            "social_no_watch": "Chưa có từ khóa theo dõi nào được nhắc đến.",
            "social_mentions": "Lượt nhắc",
            "social_negative_mentions": "Trong đó tiêu cực",
            "social_sources": "Nguồn theo dõi",
            "social_no_sources": "Chưa có nguồn nào.",
            "social_summary": "{items} bài · {negative} tiêu cực · {hot} câu chuyện nóng · {alerts} cảnh báo lan truyền",
            "social_col_headline": "Câu chuyện",
            "social_col_keywords": "Từ khóa",
            "social_col_topic": "Chủ đề",
            "social_col_items": "Số bài",
            "social_col_recent": "Bài mới",
            "social_col_sources": "Số nguồn",
            "social_col_reach": "Chia sẻ + bình luận",
            "social_col_negative": "Tỉ lệ tiêu cực",
            "social_col_growth": "Điểm tăng",
            "social_col_alert": "Cảnh báo",
            "social_col_time": "Thời điểm",
            "social_col_source": "Nguồn",
            "social_col_kind": "Loại",
            "social_col_author": "Người đăng",
            "social_col_title": "Tiêu đề",
            "social_col_text": "Nội dung",
            "social_col_sentiment": "Sắc thái",
            "social_col_name": "Tên",
            "social_col_platform": "Nền tảng",
            "social_col_owner": "Chủ quản",
            "social_col_latest": "Bài mới nhất",
            "social_col_entry": "Mục theo dõi",
            "social_col_entry_kind": "Loại mục",
            "social_yes": "Có",
        },
        "en": {
            "social_title": "Social media and news",
            "social_period": "Period",
            "social_leader_view": "Leaders' view (stories only)",
            "social_story": "Story",
            "social_volume": "Items over time by sentiment",
            "social_items": "Items",
            "social_time": "Time",
            "social_sentiment_negative": "Negative",
            "social_sentiment_neutral": "Neutral",
            "social_sentiment_positive": "Positive",
            "social_sentiment_unlabelled": "Unlabelled",
            "social_hot_stories": "Hot stories",
            "social_no_stories": "No story in this period yet.",
            "social_spread": "Spread: {headline}",
            "social_spread_items": "Items (cumulative)",
            "social_spread_sources": "Sources (cumulative)",
            "social_samples": "Sample items of the story",
            "social_no_samples": "No story chosen, or the story has no items yet.",
            "social_watch": "Watch-list mentions",
            "social_no_watch": "No watch-list entry mentioned yet.",
            "social_mentions": "Mentions",
            "social_negative_mentions": "Of which negative",
            "social_sources": "Followed sources",
            "social_no_sources": "No source yet.",
            "social_summary": "{items} items · {negative} negative · {hot} hot stories · {alerts} spread alerts",
            "social_col_headline": "Story",
            "social_col_keywords": "Keywords",
            "social_col_topic": "Topic",
            "social_col_items": "Items",
            "social_col_recent": "New items",
            "social_col_sources": "Sources",
            "social_col_reach": "Shares + comments",
            "social_col_negative": "Negative share",
            "social_col_growth": "Growth score",
            "social_col_alert": "Alert",
            "social_col_time": "Time",
            "social_col_source": "Source",
            "social_col_kind": "Kind",
            "social_col_author": "Author",
            "social_col_title": "Title",
            "social_col_text": "Text",
            "social_col_sentiment": "Sentiment",
            "social_col_name": "Name",
            "social_col_platform": "Platform",
            "social_col_owner": "Owner",
            "social_col_latest": "Newest item",
            "social_col_entry": "Watch-list entry",
            "social_col_entry_kind": "Kind",
            "social_yes": "Yes",
        },
    }
)


def _table(frame: pd.DataFrame, page_size: int = 10, **params: Any) -> pn.widgets.Tabulator:
    """A read-only table: Tabulator shows cell values as text, never as HTML."""
    return pn.widgets.Tabulator(
        frame,
        disabled=True,
        show_index=False,
        pagination="local",
        page_size=page_size,
        layout="fit_data_stretch",
        sizing_mode="stretch_width",
        **params,
    )


class SocialDashboard(BaseDashboard):
    """Dashboard of the social domain (Mạng xã hội và báo chí).

    Filters are parameters: ``period`` and ``story`` (the story whose spread and items are
    shown; default the hottest). ``leader_view`` hides everything below story level.
    """

    domain = "social"
    title_key = "social_title"
    freshness_table = "social.items"
    fresh_within = timedelta(hours=3)
    late_within = timedelta(hours=12)

    period = param.Selector(
        default="7d",
        objects=list(PERIODS),
        doc="""
        How far back the charts go, counted back from the newest item.""",
    )
    story = param.Selector(
        default=None,
        objects=[],
        allow_None=True,
        doc="""
        story_id of the story whose spread and sample items are shown (default: the hottest).""",
    )
    leader_view = param.Boolean(
        default=False,
        doc="""
        Show stories only (no item, text or author); always on for a user whose role is leader.""",
    )

    # ------------------------------------------------------------------ who and when

    @property
    def stories_only(self) -> bool:
        """Whether the leaders' view is shown (asked for, or the user is a leader)."""
        return self.leader_view or queries.is_leader_view(self.principal)

    def latest_time(self, table: str | None = None) -> pd.Timestamp | None:
        """The newest item's publication time (UTC); ``None`` without items."""
        return queries.latest_time(self.datalayer)

    def _now(self) -> pd.Timestamp:
        """The end of the period: the newest item (demo and archives are not 'now')."""
        return self.latest_time() or pd.Timestamp.now(tz="UTC")

    # ------------------------------------------------------------------ data
    @param.depends("language", watch=True, on_init=True)
    def _label_choices(self) -> None:
        self.param.period.objects = {self.t(f"period_{p}"): p for p in PERIODS}

    @param.depends("period", "data_version", watch=True, on_init=True)
    def _load_stories(self) -> None:
        """Offer the hot stories of the period; keep the choice or pick the hottest."""
        stories = self.hot_stories()
        choices = {f"{str(h)[:80]} ({s})": s for s, h in zip(stories["story_id"], stories["headline"])}
        target = (
            self.story if self.story in choices.values() else (stories["story_id"].iloc[0] if len(stories) else None)
        )
        self.param.story.objects = choices
        self.story = target

    def hot_stories(self, period: str | None = None) -> pd.DataFrame:
        """The hottest stories of the period (see :func:`ioc_plugins.social.queries.hot_stories`).

        Kept for the data version: the summary, the table, the story picker and the spread
        chart's title all show them, and scoring every active story's growth is the page's
        costliest query (one answer per refresh, not four)."""
        period = period or self.period
        key = (period, self.data_version)
        memo = self.__dict__.setdefault("_hot_memo", {})
        if key not in memo:
            hours = int(PERIODS[period].total_seconds() // 3600)
            if len(memo) >= len(PERIODS):  # older data versions are never asked again
                memo.clear()
            memo[key] = queries.hot_stories(self.datalayer, self._now(), hours=hours, limit=10)
        return memo[key].copy()

    def stories_frame(self, stories: pd.DataFrame) -> pd.DataFrame:
        """The hot stories as the table shows them."""
        return pd.DataFrame(
            {
                self.t("social_col_headline"): stories["headline"].fillna("").astype(str).to_numpy(),
                self.t("social_col_keywords"): stories["keywords"].fillna("").astype(str).to_numpy(),
                self.t("social_col_topic"): stories["topic"].fillna("").astype(str).to_numpy(),
                self.t("social_col_recent"): stories["recent_items"].astype(int).to_numpy(),
                self.t("social_col_items"): stories["items"].astype(int).to_numpy(),
                self.t("social_col_sources"): stories["sources"].astype(int).to_numpy(),
                self.t("social_col_reach"): stories["reach"].astype(int).to_numpy(),
                self.t("social_col_negative"): [_percent(v) for v in stories["negative_share"]],
                self.t("social_col_growth"): [f"{float(v):.1f}" for v in stories["growth"]],
                self.t("social_col_alert"): [self.t("social_yes") if a else "" for a in stories["alert"]],
            }
        )

    def volume(self, period: str | None = None) -> pd.DataFrame:
        """Items per time bucket and sentiment, with local times and translated sentiment."""
        period = period or self.period
        end = self._now() + pd.Timedelta(seconds=1)
        frame = queries.volume(self.datalayer, end - PERIODS[period], end, freq=BUCKETS[period])
        frame["label"] = [self.t(f"social_sentiment_{s}") for s in frame["sentiment"]]
        frame["time_text"] = [format_datetime(t, self.timezone) for t in frame["time"]]
        frame["time"] = to_local(frame["time"], self.timezone)
        return frame

    def samples_frame(self, story: str | None) -> pd.DataFrame:
        """Sample items of the story (author masked unless the user may see it); empty for leaders."""
        if not story or self.stories_only:
            return pd.DataFrame()
        items = queries.story_items(self.datalayer, story, self.principal, limit=8)
        return pd.DataFrame(
            {
                self.t("social_col_time"): [format_datetime(t, self.timezone) for t in items["published_at"]],
                self.t("social_col_source"): items["source_id"].astype(str).to_numpy(),
                self.t("social_col_kind"): items["kind"].astype(str).to_numpy(),
                self.t("social_col_author"): items["author_name"].fillna("").astype(str).to_numpy(),
                self.t("social_col_title"): items["title"].fillna("").astype(str).to_numpy(),
                self.t("social_col_text"): [_short(t) for t in items["text"]],
                self.t("social_col_sentiment"): [
                    self.t(f"social_sentiment_{s}") if isinstance(s, str) else "" for s in items["sentiment"]
                ],
            }
        )

    # ------------------------------------------------------------------ views
    def summary_view(self, period: str, language: str, data_version: int) -> pn.pane.HTML:
        volume = self.volume(period)
        stories = self.hot_stories(period)
        negative = int(volume.loc[volume["sentiment"] == "negative", "count"].sum()) if len(volume) else 0
        text = self.t(
            "social_summary",
            items=int(volume["count"].sum()) if len(volume) else 0,
            negative=negative,
            hot=int((stories["growth"] >= 3).sum()) if len(stories) else 0,
            alerts=int(stories["alert"].sum()) if len(stories) else 0,
        )
        return theme.html_pane(f"<p><b>{escape(text)}</b></p>", name="summary")

    def volume_view(self, period: str, language: str, data_version: int) -> Any:
        frame = self.volume(period)
        if frame.empty:
            return pn.pane.Alert(self.t("no_data"), alert_type="light", name="no-volume")
        curves = []
        for sentiment, colour in queries.SENTIMENT_COLOURS.items():
            part = frame[frame["sentiment"] == sentiment]
            if part.empty:
                continue
            curve = hv.Curve(part, "time", ["count", "label", "time_text"], label=part["label"].iloc[0])
            curves.append(
                curve.opts(
                    color=colour,
                    line_width=2,
                    tools=["hover"],
                    hover_tooltips=[
                        (self.t("social_col_sentiment"), "@label"),
                        (self.t("social_col_time"), "@time_text"),
                        (self.t("social_items"), "@count"),
                    ],
                )
            )
        overlay = hv.Overlay(curves).opts(
            title=self.t("social_volume"),
            xlabel=self.t("social_time"),
            ylabel=self.t("social_items"),
            height=300,
            responsive=True,
            show_grid=True,
            legend_position="top_left",
            **plots.date_axis(),
        )
        return self.plot_pane(overlay, name="volume")

    def stories_view(self, period: str, language: str, data_version: int) -> Any:
        stories = self.hot_stories(period)
        if stories.empty:
            return theme.note(self.t("social_no_stories"), name="no-stories")
        ids = stories["story_id"].tolist()
        table = _table(self.stories_frame(stories), selectable=1)

        def pick(event: Any) -> None:
            if event.new:
                self.story = ids[event.new[0]]

        table.param.watch(pick, "selection")
        return table

    def spread_view(self, story: str | None, language: str, data_version: int) -> Any:
        curves = queries.spread_curves(self.datalayer, [story] if story else [])
        if curves.empty:
            return theme.note(self.t("social_no_stories"), name="no-spread")
        curves = curves.sort_values("window_start")
        frame = pd.DataFrame(
            {
                "time": to_local(curves["window_start"], self.timezone),
                "items": curves["items"].astype(int).to_numpy(),
                "sources": curves["sources"].astype(int).to_numpy(),
                "time_text": [format_datetime(t, self.timezone) for t in curves["window_start"]],
            }
        )
        headline = self._headline(story)
        items = hv.Curve(frame, "time", ["items", "time_text"], label=self.t("social_spread_items"))
        sources = hv.Curve(frame, "time", ["sources", "time_text"], label=self.t("social_spread_sources"))
        tooltips = [
            (self.t("social_col_time"), "@time_text"),
            (self.t("social_col_items"), "@items"),
            (self.t("social_col_sources"), "@sources"),
        ]
        overlay = hv.Overlay(
            [
                items.opts(
                    interpolation="steps-post", color="#1565c0", line_width=2, tools=["hover"], hover_tooltips=tooltips
                ),
                sources.opts(
                    interpolation="steps-post", color="#d32f2f", line_width=2, tools=["hover"], hover_tooltips=tooltips
                ),
            ]
        ).opts(
            # the wall's type is twice as large: a shorter headline keeps the title within the chart
            title=self.t("social_spread", headline=headline[: 36 if self.wall else 70]),
            xlabel=self.t("social_time"),
            ylabel="",
            height=280,
            responsive=True,
            show_grid=True,
            legend_position="top_left",
            **plots.date_axis(),
        )
        return self.plot_pane(overlay, name="spread")

    def _headline(self, story: str | None) -> str:
        stories = self.hot_stories()
        found = stories[stories["story_id"] == story]["headline"]
        return str(found.iloc[0]) if len(found) and pd.notna(found.iloc[0]) else str(story or "")

    def samples_view(self, story: str | None, leader_view: bool, language: str, data_version: int) -> Any:
        frame = self.samples_frame(story)
        if frame.empty:
            return theme.note(self.t("social_no_samples"), name="no-samples")
        return _table(frame, page_size=8)

    def watch_view(self, period: str, language: str, data_version: int) -> Any:
        end = self._now() + pd.Timedelta(seconds=1)
        hits = queries.watch_hits(self.datalayer, end - PERIODS[period], end)
        if hits.empty:
            return theme.note(self.t("social_no_watch"), name="no-watch")
        top = hits.head(12).assign(label=lambda f: f["name"].astype(str))
        bars = plots.count_bars(
            top,
            category="label",
            series=[
                ("mentions", self.t("social_mentions"), "#1565c0", 0.8),
                ("negative", self.t("social_negative_mentions"), "#d32f2f", 0.45),
            ],
            title=self.t("social_watch"),
        )
        return self.plot_pane(bars, name="watch-hits")

    def sources_view(self, language: str, data_version: int) -> Any:
        sources = queries.sources_table(self.datalayer)
        if sources.empty:
            return theme.note(self.t("social_no_sources"), name="no-sources")
        frame = pd.DataFrame(
            {
                self.t("social_col_name"): sources["name"].astype(str).to_numpy(),
                self.t("social_col_source"): sources["source_id"].astype(str).to_numpy(),
                self.t("social_col_kind"): sources["kind"].astype(str).to_numpy(),
                self.t("social_col_platform"): sources["platform"].fillna("").astype(str).to_numpy(),
                self.t("social_col_owner"): sources["owner"].fillna("").astype(str).to_numpy(),
                self.t("social_col_items"): sources["items"].astype(int).to_numpy(),
                self.t("social_col_latest"): [format_datetime(t, self.timezone) for t in sources["latest"]],
            }
        )
        return _table(frame)

    # ------------------------------------------------------------------ layout
    def filters(self) -> list[Any]:
        return [
            pn.widgets.Select.from_param(self.param.period, name=self.t("social_period")),
            pn.widgets.Select.from_param(self.param.story, name=self.t("social_story")),
            pn.widgets.Checkbox.from_param(self.param.leader_view, name=self.t("social_leader_view")),
        ]

    def _heading(self, key: str) -> pn.pane.HTML:
        return theme.html_pane(pn.bind(lambda language: f"<h3>{escape(self.t(key))}</h3>", self.param.language))

    def wall_area(self) -> list[Any]:
        """On the wall: posts in 24 hours, their negative share, hot stories and spread alerts;
        the spread of the chosen story (default the hottest) beside the hottest stories
        (headline, recent posts, negative share, alert); never an item, text or author."""

        def figures() -> list[tuple[str, str]]:
            return self.wall_tile_figures(queries.overview_tile(self.datalayer, self._now()))

        def stories(period: str, language: str, data_version: int) -> Any:
            hot = self.hot_stories(period)
            if hot.empty:
                return theme.note(self.t("social_no_stories"), name="no-stories")
            frame = self.stories_frame(hot)
            headline = self.t("social_col_headline")
            keep = [self.t(f"social_col_{k}") for k in ("recent", "negative", "alert")]
            shown = frame[[headline, *keep]].assign(**{headline: [_short(h, 30) for h in frame[headline]]})
            return self.wall_table(shown, name="hot-stories")

        data = (self.param.language, self.param.data_version)
        return self.wall_panels(
            figures=figures,
            chart=pn.bind(self.spread_view, self.param.story, *data),
            chart_name="spread",
            side=pn.bind(stories, self.param.period, *data),
        )

    def main_area(self) -> list[Any]:
        data = (self.param.language, self.param.data_version)
        summary = pn.bind(self.summary_view, self.param.period, *data)
        stories = pn.Column(
            self._heading("social_hot_stories"),
            pn.panel(pn.bind(self.stories_view, self.param.period, *data), sizing_mode="stretch_width"),
            pn.panel(pn.bind(self.spread_view, self.param.story, *data), sizing_mode="stretch_width"),
            sizing_mode="stretch_width",
        )

        def details(leader_view: bool, language: str, data_version: int) -> Any:
            if self.stories_only:
                return pn.Column(sizing_mode="stretch_width")
            return pn.Column(
                self._heading("social_samples"),
                pn.panel(
                    pn.bind(self.samples_view, self.param.story, self.param.leader_view, *data),
                    sizing_mode="stretch_width",
                ),
                pn.panel(pn.bind(self.volume_view, self.param.period, *data), sizing_mode="stretch_width"),
                pn.panel(pn.bind(self.watch_view, self.param.period, *data), sizing_mode="stretch_width"),
                self._heading("social_sources"),
                pn.panel(pn.bind(self.sources_view, *data), sizing_mode="stretch_width"),
                sizing_mode="stretch_width",
            )

        return [
            pn.panel(summary, sizing_mode="stretch_width"),
            stories,
            pn.panel(pn.bind(details, self.param.leader_view, *data), sizing_mode="stretch_width"),
            self.alert_table(),
        ]


def _percent(value: Any) -> str:
    return "" if value is None or pd.isna(value) else f"{float(value):.0%}"


def _short(text: Any, length: int = 200) -> str:
    if not isinstance(text, str):
        return ""
    return text if len(text) <= length else text[: length - 1] + "…"
