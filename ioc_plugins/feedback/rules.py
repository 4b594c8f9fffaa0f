"""Hot topics among citizen reports: a scheduled rule that raises an alert when a
sensitive topic spreads fast (Điều 6.6 applied to phản ánh hiện trường).

The rule runs with the other scheduled rules (``ioc rules check``): it groups the recent
reports into topics with :class:`nlp.hot_topics.HotTopicDetector`, compares each topic's
volume per window with its own baseline, and turns the windows it flags into alerts.
The sensitivity of a report comes from the promoted NLP model when the report was
labelled at ingest (``feedback.text_labels``), else from the detector's keyword rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pandas as pd

from ioc.rules import AlertDraft, Audience
from nlp.hot_topics import HotTopicDetector


@dataclass(frozen=True)
class HotTopicRule:
    """Scheduled rule: bursts of related reports, weighted by their sensitivity."""

    id: str = "feedback.hot_topic"
    table: str = "feedback.submissions"
    domain: str = "feedback"
    lookback: timedelta = timedelta(days=3)
    window: str = "1h"
    baseline_windows: int = 24
    threshold: float = 3.0
    min_count: int = 5
    audiences: tuple[Audience, ...] = (Audience("agency", "VPUBND"),)

    def evaluate_at(self, datalayer: Any, now: pd.Timestamp) -> list[AlertDraft]:

        posts = self._posts(datalayer, now)
        if len(posts) < self.min_count:
            return []
        detector = HotTopicDetector(
            window=self.window,
            baseline_windows=self.baseline_windows,
            threshold=self.threshold,
            min_count=self.min_count,
        )
        bursts = detector.detect(posts)
        drafts = []
        for burst in bursts[bursts["alert"]].itertuples():
            keywords = ", ".join(burst.keywords[:5])
            drafts.append(
                AlertDraft(
                    rule_id=self.id,
                    domain=self.domain,
                    category="hot_topic",
                    severity="critical" if burst.sensitive_share >= 0.5 else "high",
                    title=f"Chủ đề nóng trong phản ánh: {keywords}",
                    message=(
                        f"{burst.count} phản ánh trong {self.window} từ {burst.window_start:%d/%m/%Y %H:%M} UTC "
                        f"(bình thường ≈ {burst.baseline:.1f}); điểm bùng phát {burst.score:.1f}, "
                        f"tỉ lệ nhạy cảm {burst.sensitive_share:.0%}."
                    ),
                    observed_at=pd.Timestamp(burst.window_start),
                    table_name=self.table,
                    entity_id=keywords,
                    value=float(burst.score),
                    audiences=self.audiences,
                    dedupe_window=timedelta(hours=12),
                    source_rows=[
                        {"topic_id": int(burst.topic_id), "count": int(burst.count), "keywords": list(burst.keywords)}
                    ],
                )
            )
        return drafts

    def _posts(self, datalayer: Any, now: pd.Timestamp) -> pd.DataFrame:
        """Recent reports as ``time, text[, sensitive]`` for the detector."""
        reports = datalayer.read(
            self.table,
            start=now - self.lookback,
            end=now,
            columns=["channel", "source_id", "received_at", "title", "description"],
        )
        if reports.empty:
            return pd.DataFrame(columns=["time", "text"])
        text = (reports["title"].fillna("") + ". " + reports["description"].fillna("")).str.strip(". ")
        posts = pd.DataFrame(
            {
                "time": reports["received_at"],
                "text": text.astype(str),
                "channel": reports["channel"],
                "source_id": reports["source_id"],
            }
        )
        if datalayer.version("feedback.text_labels") is not None:
            labels = datalayer.read(
                "feedback.text_labels",
                start=now - self.lookback,
                end=now,
                columns=["channel", "source_id", "sensitivity_label"],
            )
            posts = posts.merge(labels, on=["channel", "source_id"], how="left")
            if posts["sensitivity_label"].notna().all():
                posts["sensitive"] = (posts["sensitivity_label"] == "sensitive").astype(float)
            posts = posts.drop(columns="sensitivity_label")
        return posts.drop(columns=["channel", "source_id"])
