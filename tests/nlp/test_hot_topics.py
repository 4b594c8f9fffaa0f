"""Tests for nlp.hot_topics: grouping, baselines, sensitivity weighting and planted bursts."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from nlp.hot_topics import HotTopicDetector, evaluate_planted_bursts, make_planted_traffic


def _posts(rows):
    return pd.DataFrame(rows, columns=["time", "text", "sensitive"])


def test_related_posts_share_a_topic_and_unrelated_do_not():
    t0 = pd.Timestamp("2025-05-01T08:00:00Z")
    texts = [
        "Cháy lớn ở chợ Xóm Lưới, khói đen bốc cao",
        "chay lon o cho Xom Luoi, khoi den boc cao qua",  # same event, no diacritics
        "Mọi người ơi cháy lớn chợ Xóm Lưới rồi",
        "Giá xăng RON 95 giảm 300 đồng từ chiều nay",
        "Cho hỏi thủ tục tách thửa ở Hòa Long cần gì",
    ]
    detector = HotTopicDetector()
    topics = detector.fit_transform(_posts([(t0 + pd.Timedelta(minutes=i), t, 0.0) for i, t in enumerate(texts)]))
    ids = topics["topic_id"].tolist()
    assert ids[0] == ids[1] == ids[2]
    assert len({ids[0], ids[3], ids[4]}) == 3
    assert set(topics.columns) == {"topic_id", "window_start", "similarity", "sensitive"}
    assert (topics["window_start"] == t0.floor("1h")).all()
    assert "chợ" in detector.keywords(ids[0]) or "cháy" in detector.keywords(ids[0])


def test_assignments_keep_the_input_index_and_order():
    t0 = pd.Timestamp("2025-05-01T08:00:00Z")
    posts = _posts([(t0 + pd.Timedelta(hours=2), "b", 0.0), (t0, "a a", 0.0)])
    posts.index = ["second", "first"]
    topics = HotTopicDetector().fit_transform(posts)
    assert list(topics.index) == ["second", "first"]
    assert topics.loc["first", "window_start"] < topics.loc["second", "window_start"]


def _steady_then_burst(burst_sensitive: float, burst_size: int = 15):
    """A steady topic for 30 hours, then one hour with a burst of a new event."""
    t0 = pd.Timestamp("2025-05-01T00:00:00Z")
    rows = []
    for hour in range(30):
        for k in range(6):
            rows.append(
                (t0 + pd.Timedelta(hours=hour, minutes=9 * k), f"kẹt xe quốc lộ 51 đoạn Phú Mỹ giờ cao điểm {k}", 0.0)
            )
    for k in range(burst_size):
        rows.append(
            (
                t0 + pd.Timedelta(hours=30, minutes=3 * k),
                f"Hỗn chiến bằng mã tấu ở phường Thắng Nhất, nhiều người bị thương {k}",
                burst_sensitive,
            )
        )
    for k in range(6):  # the steady topic goes on at its usual rate
        rows.append(
            (t0 + pd.Timedelta(hours=30, minutes=9 * k), f"kẹt xe quốc lộ 51 đoạn Phú Mỹ giờ cao điểm {k}", 0.0)
        )
    return _posts(rows)


def test_a_sensitive_burst_alerts_and_a_steady_topic_does_not():
    detector = HotTopicDetector()
    bursts = detector.detect(_steady_then_burst(burst_sensitive=1.0))
    alerts = bursts[bursts["alert"]]
    assert len(alerts) == 1
    alert = alerts.iloc[0]
    assert alert["count"] == 15 and alert["sensitive_share"] == 1.0
    assert alert["window_start"] == pd.Timestamp("2025-05-02T06:00:00Z")
    assert alert["score"] >= 3.0 and alert["baseline"] < 1.0
    assert any("mã" in k or "tấu" in k or "hỗn" in k for k in alert["keywords"])
    steady = bursts[bursts["count"] == 6]
    assert len(steady) >= 20 and not steady["alert"].any()
    # The steady topic's baseline has converged on its rate.
    assert steady.iloc[-1]["baseline"] == pytest.approx(6.0, abs=0.5)


def test_sensitivity_weighting_suppresses_the_same_burst_when_it_is_not_sensitive():
    # 8 posts from nothing: z = 8, so score 8 when sensitive and 8 × 0.25 = 2 when not.
    sensitive = HotTopicDetector().detect(_steady_then_burst(burst_sensitive=1.0, burst_size=8))
    ordinary = HotTopicDetector().detect(_steady_then_burst(burst_sensitive=0.0, burst_size=8))
    assert sensitive["alert"].sum() == 1
    top_sensitive = sensitive.loc[sensitive["score"].idxmax()]
    top_ordinary = ordinary.loc[ordinary["score"].idxmax()]
    assert top_ordinary["score"] == pytest.approx(top_sensitive["score"] * 0.25)
    assert not ordinary["alert"].any()


def test_min_count_and_warmup_hold_alerts_back():
    posts = _steady_then_burst(burst_sensitive=1.0, burst_size=4)
    assert not HotTopicDetector(min_count=5).detect(posts)["alert"].any()
    assert HotTopicDetector(min_count=3).detect(posts)["alert"].any()
    # The same burst inside the warm-up never alerts.
    assert not HotTopicDetector(warmup_windows=40).detect(_steady_then_burst(1.0))["alert"].any()


def test_sensitivity_callable_is_used_without_a_column():
    posts = _steady_then_burst(burst_sensitive=1.0).drop(columns="sensitive")
    seen = []

    def scorer(texts):
        seen.append(len(texts))
        return [1.0 if "mã tấu" in t else 0.0 for t in texts]

    bursts = HotTopicDetector(sensitivity=scorer).detect(posts)
    assert seen == [len(posts)]
    assert bursts["alert"].sum() == 1


def test_default_sensitivity_uses_keyword_rules():
    posts = _steady_then_burst(burst_sensitive=1.0).drop(columns="sensitive")
    topics = HotTopicDetector().fit_transform(posts)
    burst_rows = posts["text"].str.contains("mã tấu")
    assert topics.loc[burst_rows, "sensitive"].eq(1.0).all()
    assert topics.loc[~burst_rows, "sensitive"].eq(0.0).all()


def test_planted_bursts_are_found():
    results = [evaluate_planted_bursts(HotTopicDetector(), n_topics=6, seed=seed) for seed in (0, 1)]
    for result in results:
        assert result["bursts"] == 6
        assert result["precision"] >= 0.8, result
        assert result["recall"] >= 0.8, result
        assert 0 <= result["mean_detection_delay_windows"] <= 2, result


def test_planted_bursts_with_the_detectors_own_sensitivity_rules():
    result = evaluate_planted_bursts(HotTopicDetector(), n_topics=6, seed=1, gold_sensitivity=False)
    assert result["precision"] >= 0.8 and result["recall"] >= 0.6, result


def test_no_alert_on_a_flat_background():
    posts, bursts = make_planted_traffic(n_topics=0, seed=4, background_per_window=40)
    assert bursts == [] and (posts["burst"] == -1).all()
    # Even letting two posts in an hour count as a burst, nothing stands out of a flat background.
    found = HotTopicDetector(min_count=2).detect(posts[["time", "text", "sensitive"]])
    assert len(found) > 0
    assert not found["alert"].any()


def test_planted_traffic_is_reproducible_and_shaped_as_asked():
    first, bursts = make_planted_traffic(n_topics=3, seed=7, days=2, burst_profile=(2, 5, 3))
    again, _ = make_planted_traffic(n_topics=3, seed=7, days=2, burst_profile=(2, 5, 3))
    pd.testing.assert_frame_equal(first, again)
    assert first["time"].is_monotonic_increasing
    assert [len(first[first["burst"] == b["burst"]]) for b in bursts] == [10, 10, 10]
    assert all(b["end_window"] - b["start_window"] == 2 for b in bursts)
    with pytest.raises(ValueError, match="cannot hold"):
        make_planted_traffic(n_topics=30, seed=0, days=1)


def test_empty_posts_give_empty_results():
    empty = _posts([])
    assert HotTopicDetector().fit_transform(empty).empty
    result = HotTopicDetector().detect(empty)
    assert result.empty and "alert" in result.columns


@pytest.mark.parametrize(
    ("posts", "message"),
    [
        (pd.DataFrame({"text": ["a"]}), "lack column"),
        (pd.DataFrame({"time": ["not a time"], "text": ["a"]}), "not parseable"),
        (pd.DataFrame({"time": ["2025-01-01"], "text": [3]}), "strings only"),
        (pd.DataFrame({"time": ["2025-01-01"], "text": ["a"], "sensitive": [1.5]}), r"\[0, 1\]"),
    ],
    ids=["no-time", "bad-time", "bad-text", "bad-sensitive"],
)
def test_bad_posts_give_clear_errors(posts, message):
    with pytest.raises(ValueError, match=message):
        HotTopicDetector().fit_transform(posts)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"similarity": 0}, "similarity"),
        ({"baseline_windows": 1}, "baseline_windows"),
        ({"sensitivity_floor": 2}, "sensitivity_floor"),
    ],
)
def test_bad_settings_give_clear_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        HotTopicDetector(**kwargs)


def test_baseline_is_an_ewma_of_earlier_windows_only():
    detector = HotTopicDetector(baseline_windows=3)
    counts = np.array([[4.0, 4.0, 4.0, 10.0]])
    mean, variance = detector._baseline(counts)
    assert mean[0, 0] == 0.0  # nothing seen before the first window
    assert mean[0, 1] == pytest.approx(4.0) and mean[0, 3] == pytest.approx(4.0)
    assert variance[0, 3] == pytest.approx(0.0)
    # A topic born later has real zeros before it: its first posts are a jump.
    mean, variance = detector._baseline(np.array([[0.0, 0.0, 6.0, 6.0]]))
    assert mean[0, 2] == 0.0 and mean[0, 3] == pytest.approx(3.0) and variance[0, 3] > 0
    assert not math.isnan(mean.sum())
