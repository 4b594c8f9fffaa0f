"""A fast-spreading topic among citizen reports raises one alert; a flat stream none."""

import numpy as np
import pandas as pd

from ioc.alerts import open_alerts, store_alerts
from ioc.datalayer import DataLayer
from ioc.rules import evaluate_schedule
from ioc_plugins.feedback.rules import HotTopicRule
from nlp.corpus import load_corpus

NOW = pd.Timestamp("2025-03-04T00:00Z")
BURST = [
    "Người dân tụ tập đông phản đối bãi rác Tóc Tiên bốc mùi, chặn xe rác trên đường {n}",
    "Hàng trăm người chặn xe chở rác vào bãi rác Tóc Tiên để phản đối ô nhiễm, đường {n} kẹt cứng",
    "Dân Tóc Tiên chặn đường phản đối bãi rác gây ô nhiễm, căng thẳng ở đường {n}",
]


def reports(burst: bool) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    texts = load_corpus("train")["text"].sample(160, random_state=3).tolist()
    times = NOW - pd.to_timedelta(rng.uniform(1, 72, len(texts)), unit="h")
    rows = [
        {"channel": "web", "source_id": f"bg-{i}", "received_at": t, "description": text}
        for i, (t, text) in enumerate(zip(times, texts))
    ]
    if burst:
        rows += [
            {
                "channel": "web",
                "source_id": f"burst-{i}",
                "description": BURST[i % 3].format(n=i % 4 + 1),
                "received_at": NOW - pd.Timedelta(minutes=50) + pd.Timedelta(minutes=3 * i),
            }
            for i in range(14)
        ]
    return pd.DataFrame(rows).assign(category="other")


def test_a_planted_burst_raises_one_hot_topic_alert(sqlite_settings):
    dl = DataLayer(sqlite_settings)
    assert dl.write("feedback.submissions", reports(burst=True)).rejected == 0
    drafts = evaluate_schedule([HotTopicRule()], dl, NOW)
    assert len(drafts) >= 1
    draft = drafts[0]
    assert draft.category == "hot_topic" and draft.rule_id == "feedback.hot_topic"
    assert "tóc tiên" in draft.title.lower() or "rác" in draft.title.lower()
    assert draft.observed_at >= NOW - pd.Timedelta(hours=1)
    created = store_alerts(dl.store, drafts)
    assert len(created) == len(drafts) and len(store_alerts(dl.store, drafts)) == 0
    assert "Chủ đề nóng" in open_alerts(dl.store, domain="feedback")["title"].iloc[0]


def test_a_flat_stream_raises_nothing(sqlite_settings):
    dl = DataLayer(sqlite_settings)
    dl.write("feedback.submissions", reports(burst=False))
    assert evaluate_schedule([HotTopicRule()], dl, NOW) == []
