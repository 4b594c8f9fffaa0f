"""Spread alerts: one on a planted spreading negative story, none on a flat background.

The stream is a flat background of seed-corpus posts on twelve sources for three days, fed
in twelve-hour batches as a collector would; the planted story is a scaffolding collapse
reported by six sources within five hours. Sentiment comes from the corpus annotations
(the planted texts are negative), so the test checks the detector, not a model.
"""

import importlib
import random

import numpy as np
import pandas as pd
import pytest
from social_support import items

from ioc.alerts import open_alerts
from ioc.ingest import process_batch
from ioc_plugins.social.labels import label_items
from ioc_plugins.social.rules import growth_scores
from nlp.corpus import load_corpus

START = pd.Timestamp("2025-12-01T00:00:00Z")
PLANTED = [
    "Sập giàn giáo công trình trên đường Trần Phú, Vũng Tàu: 3 công nhân bị thương",
    "sap gian giao cong trinh duong Tran Phu Vung Tau, 3 cong nhan bi thuong, qua buc xuc",
    "Công trình đường Trần Phú sập giàn giáo mn ơi, 3 công nhân bị thương, ko ai kiểm tra an toàn hả",
    "Lại sập giàn giáo ở đường Trần Phú Vũng Tàu, công nhân bị thương, thi công ẩu nguy hiểm quá",
]


@pytest.fixture
def gold_sentiment(monkeypatch):
    """Label sentiment with the corpus annotation of each text (planted texts: negative)."""
    corpus = load_corpus("all")
    gold = dict(zip(corpus["text"], corpus["sentiment"]))

    def labels(frame, models, watchlist=None, **_):
        result = label_items(frame, models, watchlist)
        texts = frame.set_index("item_id")["text"]
        result["sentiment_label"] = [gold.get(texts[i], "negative") for i in result["item_id"]]
        result["sentiment_model"] = "sentiment/gold"
        return result

    # the module, not the package's `derive` hook of the same name
    monkeypatch.setattr(importlib.import_module("ioc_plugins.social.derive"), "label_items", labels)


def _stream(planted: bool, seed: int = 11) -> pd.DataFrame:
    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    corpus = load_corpus("all")["text"].tolist()
    rows = []
    for hour in range(72):
        for _ in range(np_rng.poisson(3)):
            rows.append(
                {
                    "source_id": f"fb:{rng.randrange(12)}",
                    "kind": "post",
                    "published_at": START + pd.Timedelta(hours=hour, minutes=rng.randrange(60)),
                    "text": rng.choice(corpus),
                }
            )
    if planted:
        for n in range(14):
            rows.append(
                {
                    "source_id": f"news-{n % 6}",
                    "kind": "post",
                    "published_at": START + pd.Timedelta(hours=60, minutes=20 * n),
                    "text": PLANTED[n % len(PLANTED)],
                }
            )
    frame = items(rows)
    return frame.assign(item_id=[f"p:{i}" for i in range(len(frame))])


def _feed(layer, registry, frame):
    for start in pd.date_range(START, periods=6, freq="12h"):
        batch = frame[(frame["published_at"] >= start) & (frame["published_at"] < start + pd.Timedelta(hours=12))]
        if len(batch):
            process_batch(layer, "social.items", batch, plugins=registry, now=start + pd.Timedelta(hours=12))


def test_a_planted_spreading_story_raises_one_alert_for_leaders_and_agencies(
    social_layer, social_registry, gold_sentiment
):
    _feed(social_layer, social_registry, _stream(planted=True))
    alerts = open_alerts(social_layer.store, "social")
    assert len(alerts) == 1, alerts[["title", "entity_id"]]
    alert = alerts.iloc[0]
    assert alert["severity"] in ("high", "critical") and alert["category"] == "spread"
    assert "giàn giáo" in alert["title"]
    story_ids = social_layer.read("social.story_items").set_index("item_id")["story_id"]
    texts = social_layer.read("social.items").set_index("item_id")["text"]
    planted_story = {story_ids[i] for i in texts[texts.isin(PLANTED)].index}
    assert planted_story == {alert["entity_id"]}
    from sqlalchemy import select

    from ioc.store import Warning_

    with social_layer.store.session() as session:
        agencies = {w.agency_code for w in session.scalars(select(Warning_))}
    assert "STTTT" in agencies  # the agency following the social domain on this site


def test_a_flat_background_raises_no_alert(social_layer, social_registry, gold_sentiment):
    _feed(social_layer, social_registry, _stream(planted=False))
    assert open_alerts(social_layer.store, "social").empty
    assert len(social_layer.read("social.stories")) > 20  # the background did form stories


def test_growth_score_against_the_story_baseline():
    flat = growth_scores(pd.Series([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]))
    burst = growth_scores(pd.Series([1, 1, 1, 1, 1, 1, 1, 1, 1, 12]))
    assert flat.max() < 2 and burst.iloc[-1] > 4


def test_peak_growth_of_many_stories_is_each_story_scored_on_its_own():
    # the dashboards score every active story at once (peak_growth, from the warm-up on);
    # each must get the highest score its whole hourly history gives over the period,
    # including stories that began long before the warm-up, or after the period started
    from ioc_plugins.social.rules import WARMUP_SPANS, peak_growth

    rng = np.random.default_rng(3)
    now = pd.Timestamp("2026-03-10T12:34", tz="UTC")
    start = now - pd.Timedelta(hours=48)
    rows = []
    for story in range(120):
        first = (now - pd.Timedelta(hours=int(rng.integers(1, 1200)))).floor("h")
        span = int((now - first) / pd.Timedelta(hours=1)) + 3
        for hour in sorted(set(rng.integers(0, span, size=int(rng.integers(1, 40))).tolist())):
            rows.append(
                {
                    "story_id": f"s{story}",
                    "window_start": first + pd.Timedelta(hours=hour),
                    "new_items": int(rng.integers(0, 30)),
                }
            )
    windows = pd.DataFrame(rows)
    expected = {}
    for story, history in windows.groupby("story_id"):
        series = history.set_index("window_start")["new_items"].sort_index()
        hours = pd.date_range(series.index.min(), max(series.index.max(), now.floor("h")), freq="1h")
        scores = growth_scores(series.reindex(hours, fill_value=0))
        expected[story] = float(scores[scores.index >= start].max()) if (scores.index >= start).any() else 0.0
    warmup = start - pd.Timedelta(hours=WARMUP_SPANS * 24)
    assert (windows.groupby("story_id")["window_start"].min() < warmup).sum() > 20  # some began before it
    got = peak_growth(windows, start, now, block=16)  # several blocks of stories
    assert set(got.index) == set(expected)
    assert max(abs(got[story] - value) for story, value in expected.items()) < 1e-9
    assert max(expected.values()) > 3  # bursts are there to be found
