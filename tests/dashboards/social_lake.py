"""A small social lake for the dashboard tests: a spreading negative story whose titles and
texts carry markup, a few other items, sources, labels by a keyword classifier and the spread alert.

Items go through the normal ingestion path (labels, stories, spread rule); the titles and
texts are set after the adapters' HTML-to-text step, as a feed that escaped its markup
(``&lt;script&gt;``) would leave them.
"""

from __future__ import annotations

import re

import pandas as pd

from ioc.ingest import process_batch
from ioc.plugins import Registry
from ioc_plugins.social import plugin
from ioc_plugins.social.adapters.common import items_frame

LATEST = pd.Timestamp("2025-12-01T10:00:00Z")
TITLE_XSS = '<script>window.__xss="title"</script>Sập giàn giáo đường Trần Phú'
TEXT_XSS = "<img src=x onerror=\"window.__xss='img'\"> 3 công nhân bị thương, bức xúc <b>quá</b>"
AUTHOR = "Nguyễn Văn Hùng"
NEGATIVE = re.compile(r"bị thương|bức xúc|buc xuc|ẩu|nguy hiểm", re.IGNORECASE)


class KeywordSentiment:
    """A stand-in for a promoted sentiment model (same ``predict_frame`` contract)."""

    task = "sentiment"
    model_version = "sentiment/v0042"

    def predict_frame(self, frame, text_column, *, batch_size=64, prefix=None):
        result = frame.copy()
        negative = result[text_column].fillna("").str.contains(NEGATIVE)
        result["sentiment_label"] = negative.map({True: "negative", False: "neutral"}).astype("string")
        result["sentiment_score"] = 0.9
        result["sentiment_model"] = self.model_version
        return result


def records() -> list[dict]:
    rows = []
    for n in range(6):
        rows.append(
            {
                "item_id": f"demo:story-{n}",
                "source_id": f"fb:10000{n}",
                "kind": "post",
                "author": AUTHOR,
                "published_at": LATEST - pd.Timedelta(minutes=40 * (5 - n)),
                "title": "Sập giàn giáo đường Trần Phú",
                "text": "Sập giàn giáo ở công trình đường Trần Phú Vũng Tàu, 3 công nhân bị thương, bức xúc",
                "shares": 10 * n,
                "comments": n,
            }
        )
    for n, text in enumerate(["Giá xăng giảm nhẹ chiều nay", "Bãi Sau sáng nay rất sạch đẹp, cảm ơn các bạn"]):
        rows.append(
            {
                "item_id": f"demo:other-{n}",
                "source_id": "vnexpress.net",
                "kind": "article",
                "published_at": LATEST - pd.Timedelta(hours=20 + n),
                "title": text,
                "text": text + ". UBND tỉnh Bà Rịa - Vũng Tàu cho biết.",
            }
        )
    return rows


def fill_social_lake(layer, monkeypatch) -> None:
    """Ingest the items with the keyword classifier standing in for the promoted model."""
    monkeypatch.setattr("ioc_plugins.social.labels.classifiers", lambda models: (KeywordSentiment(),))
    frame = items_frame(records(), collector="test", settings=layer.settings)
    first = frame["item_id"] == "demo:story-0"
    frame.loc[first, "title"] = TITLE_XSS
    frame.loc[first, "text"] = TEXT_XSS
    process_batch(layer, "social.items", frame, plugins=Registry([plugin()]), now=LATEST + pd.Timedelta(hours=1))
