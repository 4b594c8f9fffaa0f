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


#: History read before a period to warm the baseline up, in spans (project choice). The
#: baseline forgets a count at ``1 - 2 / (span + 1)`` per hour: after 20 spans what came
#: before weighs 0.92**480 ≈ 4e-18, under double precision; a story's score over the period
#: is then the one its whole history gives, without reading months of it.
WARMUP_SPANS = 20


def peak_growth(
    windows: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, span: int = BASELINE_SPAN, block: int = 4096
) -> pd.Series:
    """The highest hourly :func:`growth_scores` from ``start`` on, of many stories at once.

    ``windows``: ``story_id, window_start, new_items`` (hourly, from ``start`` minus the
    warm-up of :data:`WARMUP_SPANS` spans or earlier). Each story's hours run from its first
    window (zeros before: the baseline starts at zero, as in :func:`growth_scores`) to its last
    window or ``end`` floored to the hour, whichever is later. The recurrence runs over the
    hours once for a block of stories (a matrix row each), not once per story in Python.
    Returns the score per ``story_id`` (0.0 for a story with no hour from ``start`` on).
    """
    if windows.empty:
        return pd.Series(dtype="float64")
    origin = (start - pd.Timedelta(hours=WARMUP_SPANS * span)).floor("h")
    times = pd.to_datetime(windows["window_start"], utc=True)
    codes, stories = pd.factorize(windows["story_id"].astype(str))
    # a story silent since before the warm-up has a forgotten baseline: its hours score 0
    recent = (times >= origin).to_numpy()
    kept, times, codes = windows.loc[recent], times[recent], codes[recent]
    hour = ((times - origin) // pd.Timedelta(hours=1)).to_numpy(dtype="int64")
    last = max(int(hour.max()) if len(hour) else 0, int((end.floor("h") - origin) // pd.Timedelta(hours=1)))
    first_hour = np.full(len(stories), last + 1, dtype="int64")
    np.minimum.at(first_hour, codes, hour)
    end_hour = np.full(len(stories), int((end.floor("h") - origin) // pd.Timedelta(hours=1)), dtype="int64")
    np.maximum.at(end_hour, codes, hour)
    from_hour = max(int((start - origin) // pd.Timedelta(hours=1)), 0)
    if (start - origin) % pd.Timedelta(hours=1):
        from_hour += 1  # the first whole hour at or after ``start``
    counts = kept["new_items"].astype(float).fillna(0).to_numpy()
    alpha = 2.0 / (span + 1.0)
    peaks = np.full(len(stories), -np.inf)
    for low in range(0, len(stories), block):
        rows = slice(low, min(low + block, len(stories)))
        if first_hour[rows].min() > last:
            continue  # none of these stories has an hour since the warm-up
        inside = (codes >= rows.start) & (codes < rows.stop)
        grid = np.zeros((rows.stop - rows.start, last + 1))
        grid[codes[inside] - rows.start, hour[inside]] = counts[inside]
        mean = np.zeros(rows.stop - rows.start)
        variance = np.zeros(rows.stop - rows.start)
        started, ends, peak = first_hour[rows], end_hour[rows], peaks[rows]
        for h in range(int(started.min()), last + 1):
            count = grid[:, h]
            if h >= from_hour:
                live = (h >= started) & (h <= ends)
                scores = (count - mean) / np.sqrt(np.maximum(variance, mean) + 1.0)
                peak[live] = np.maximum(peak[live], scores[live])
            delta = count - mean
            mean = mean + alpha * delta
            variance = (1 - alpha) * (variance + alpha * delta * delta)
    return pd.Series(np.where(np.isfinite(peaks), peaks, 0.0), index=stories)


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
