"""Spread alerts: a negative story that reaches many sources or grows faster than its baseline.

:class:`SpreadRule` runs on every written batch of ``social.spread`` (the hourly snapshots the
``derive`` hook writes as items arrive), so the hot-topic detector follows the stream in real
time. For each story window in the batch it raises an alert when the story is negative
(share of negative items ≥ ``negative_share``) and

- at least ``sources`` distinct sources (outlets, pages, groups) took it up within 24 hours:
  the story is spreading across the media; or
- its new items in the hour score ≥ ``growth_score`` above the story's own baseline, with at
  least ``min_new_items`` of them. The score is the one of :mod:`nlp.hot_topics`:
  ``z = (count - mean) / sqrt(max(variance, mean) + 1)`` against an exponentially weighted mean
  and variance of the story's previous hourly counts (span 24 h, zeros before it started).

The alert is ``critical`` when both hold, else ``high``, so it shows on the leaders' command
view (which lists high and critical alerts of every domain); it also goes to the agency whose
topic the story is (``topic → agency`` from the site profile's ``agencies[].domains``, or
``plugins.social.topic_agencies``) and to the agency following the social domain.
One alert per story per day (``dedupe_window``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import numpy as np
import pandas as pd

from ioc.rules import AlertDraft, Audience
from ioc_plugins.social.config import SpreadSettings, social_config

#: Span of the baseline in windows (hours), as HotTopicDetector's default.
BASELINE_SPAN = 24
#: Sources must be reached within this many hours to count as spreading (project choice: a day).
SOURCE_WINDOW_HOURS = 24


def growth_scores(new_items: pd.Series, span: int = BASELINE_SPAN) -> pd.Series:
    """Score of each hour's new items against the exponentially weighted past (index: hours)."""
    counts = new_items.astype(float).to_numpy()
    alpha = 2.0 / (span + 1.0)
    mean, variance = 0.0, 0.0
    scores = np.empty(len(counts))
    for i, count in enumerate(counts):
        scores[i] = (count - mean) / np.sqrt(max(variance, mean) + 1.0)
        delta = count - mean
        mean += alpha * delta
        variance = (1 - alpha) * (variance + alpha * delta * delta)
    return pd.Series(scores, index=new_items.index)


def topic_agency(topic: str | None, settings: Any, overrides: dict[str, str]) -> str | None:
    """The agency whose domain the topic is (``None``: none named)."""
    if not topic:
        return None
    if topic in overrides:
        return overrides[topic]
    for agency in settings.site.agencies if settings is not None else ():
        if topic in agency.domains:
            return agency.code
    return None


def social_agency(settings: Any) -> str | None:
    """The agency that follows the social domain (Sở Thông tin và Truyền thông on this site)."""
    for agency in settings.site.agencies if settings is not None else ():
        if "social" in agency.domains:
            return agency.code
    return None


@dataclass(frozen=True)
class SpreadRule:
    """Batch rule on ``social.spread`` (see the module docstring).

    ``thresholds`` overrides ``plugins.social.spread`` (tests, backtests).
    """

    id: str = "social.spread"
    table: str = "social.spread"
    domain: str = "social"
    thresholds: SpreadSettings | None = None

    def evaluate(self, batch: pd.DataFrame, datalayer: Any = None) -> list[AlertDraft]:
        if batch.empty or datalayer is None:
            return []
        options = social_config(datalayer.settings)
        limits = self.thresholds or options.spread
        # only windows that could alert: negative, and enough sources or new items
        negative = batch["negative_share"].astype("Float64").fillna(0) >= limits.negative_share
        candidates = batch[
            negative & ((batch["sources"] >= limits.sources) | (batch["new_items"] >= limits.min_new_items))
        ]
        if candidates.empty:
            return []
        ids = sorted(set(candidates["story_id"].astype(str)))
        where = '"story_id" IN (' + ", ".join("'" + i.replace("'", "''") + "'" for i in ids) + ")"
        histories = datalayer.read(self.table, where=where)
        drafts = []
        for story_id, rows in candidates.groupby("story_id"):
            history = histories[histories["story_id"] == story_id]
            if history.empty:
                continue
            draft = self._check(story_id, history, set(rows["window_start"]), limits, datalayer, options)
            if draft is not None:
                drafts.append(draft)
        return drafts

    def _check(
        self, story_id: str, history: pd.DataFrame, windows: set, limits: SpreadSettings, datalayer: Any, options: Any
    ) -> AlertDraft | None:
        series = history.set_index("window_start").sort_index()
        hours = pd.date_range(series.index.min(), series.index.max(), freq="1h")
        new = series["new_items"].reindex(hours, fill_value=0).fillna(0)
        scores = growth_scores(new)
        sources = series["sources"].astype(float).reindex(hours).ffill()
        recent_sources = (sources - sources.shift(SOURCE_WINDOW_HOURS).fillna(0)).reindex(series.index)
        negative = series["negative_share"].astype("Float64").fillna(0) >= limits.negative_share
        crossing = negative & (recent_sources >= limits.sources)
        growing = (
            negative
            & (series["new_items"] >= limits.min_new_items)
            & (scores.reindex(series.index) >= limits.growth_score)
        )
        hits = series.index[(crossing | growing) & series.index.isin(list(windows))]
        if len(hits) == 0:
            return None
        first = hits[0]
        row = series.loc[first]
        both = bool(crossing.loc[first] and (growing.loc[:first].any()))
        story = datalayer.read("social.stories", where=f"\"story_id\" = '{str(story_id).replace(chr(39), '')}'")
        headline = str(story["headline"].iloc[0]) if len(story) and pd.notna(story["headline"].iloc[0]) else story_id
        topic = str(story["topic"].iloc[0]) if len(story) and pd.notna(story["topic"].iloc[0]) else None
        audiences = tuple(
            Audience("agency", code)
            for code in dict.fromkeys(
                (
                    topic_agency(topic, datalayer.settings, options.topic_agencies),
                    social_agency(datalayer.settings),
                )
            )
            if code
        )
        reason = (
            f"đã lan ra {int(recent_sources.loc[first])} nguồn trong {SOURCE_WINDOW_HOURS} giờ"
            if crossing.loc[first]
            else f"{int(row['new_items'])} bài mới trong 1 giờ, điểm tăng {float(scores.loc[first]):.1f}"
        )
        return AlertDraft(
            rule_id=self.id,
            domain=self.domain,
            category="spread",
            severity="critical" if both else "high",
            title=f"Tin tiêu cực lan nhanh: {headline[:120]}",
            message=(
                f"Câu chuyện {reason}; tổng {int(row['items'])} bài, lượt chia sẻ và bình luận {int(row['reach'])}, "
                f"tỉ lệ tiêu cực {float(row['negative_share']):.0%} (từ {first:%d/%m/%Y %H:%M} UTC)."
            ),
            observed_at=pd.Timestamp(first),
            table_name=self.table,
            entity_id=story_id,
            value=float(row["sources"]),
            audiences=audiences,
            dedupe_window=timedelta(days=1),
            source_rows=[
                {
                    "story_id": story_id,
                    "topic": topic,
                    "items": int(row["items"]),
                    "sources": int(row["sources"]),
                    "reach": int(row["reach"]),
                }
            ],
        )
