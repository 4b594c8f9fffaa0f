"""The demo writes feeds, pages and exports in the real formats; ingested, it shows one hot story."""

import re

import pandas as pd
import pytest

from ioc.alerts import open_alerts
from ioc.demo import run_demo
from ioc.plugins import DemoContext
from ioc_plugins.social.demo import STORY_TITLES, generate, parts, write_demo_files
from ioc_plugins.social.queries import hot_stories

NEGATIVE = re.compile(r"bị thương|bức xúc|buc xuc|bi thuong|thi công ẩu|nguy hiểm", re.IGNORECASE)


class KeywordSentiment:
    """Stands in for a promoted sentiment model (the demo's own texts decide the label)."""

    task = "sentiment"
    model_version = "sentiment/v0007"

    def predict_frame(self, frame, text_column, *, batch_size=64, prefix=None):
        result = frame.copy()
        negative = result[text_column].fillna("").str.contains(NEGATIVE)
        result["sentiment_label"] = negative.map({True: "negative", False: "positive"}).astype("string")
        result["sentiment_score"] = 0.8
        result["sentiment_model"] = self.model_version
        return result


def _context(days=2):
    return DemoContext(start=pd.Timestamp("2025-12-01T00:00:00Z"), days=days, seed=5)


def test_demo_files_are_in_the_real_formats(tmp_path):
    files = write_demo_files(_context(), tmp_path)
    names = {path.name for _, path in files}
    assert {"rss_baobariavungtau.xml", "graph_100001.json", "lang_nghe_mxh.csv", "lang_nghe_mxh.xlsx"} <= names
    assert any(n.endswith(".html") for n in names) and "zalo_posts.jsonl" in names
    feed = (tmp_path / "rss_vnexpress.xml").read_bytes()
    assert feed.startswith(b'<?xml version="1.0" encoding="iso-8859-1"?>')  # declared wrongly, as real feeds do
    assert re.search(rb"<title>[^<]*& ", (tmp_path / "rss_baobariavungtau.xml").read_bytes())  # a bare '&'
    header = (tmp_path / "lang_nghe_mxh.csv").read_text("utf-8-sig").splitlines()[0]
    assert header.startswith("Mã bài,Nguồn,Nền tảng,Loại,Tác giả,Thời gian đăng,Nội dung")
    graph = pd.read_json(tmp_path / "graph_100001.json")
    assert "next" in graph["paging"].iloc[0]


def test_demo_is_seeded_and_readable():
    first = list(generate(_context()))
    again = list(generate(_context()))
    assert [(t, len(f)) for t, f in first] == [(t, len(f)) for t, f in again]
    items = pd.concat([f for t, f in first if t == "social.items"], ignore_index=True)
    assert items["_error"].isna().all()
    texts = " ".join(items["text"].dropna())
    assert "sap gian giao" in texts  # text without diacritics
    assert items["duplicate_of"].notna().sum() >= 2  # the syndicated copies
    assert set(items["kind"]) == {"article", "post", "comment"}


@pytest.mark.slow
def test_demo_shows_one_hot_story_with_a_spread_alert(social_layer, social_registry, monkeypatch):
    monkeypatch.setattr("ioc_plugins.social.labels.classifiers", lambda models: (KeywordSentiment(),))
    now = pd.Timestamp("2025-12-05T00:00:00Z")
    run_demo(social_layer, days=4, plugins=["social"], reg=social_registry, progress=False, now=now)
    alerts = open_alerts(social_layer.store, "social")
    assert len(alerts) == 1 and "giàn giáo" in alerts.iloc[0]["title"]
    top = hot_stories(social_layer, now, hours=24).iloc[0]
    assert top["alert"] and top["headline"] == STORY_TITLES[0] and top["sources"] >= 8


def test_a_profile_writes_its_span_in_parts_with_the_same_items(monkeypatch):
    """A sizing profile reads a long span back part by part: memory holds a part, not the year."""
    monkeypatch.setattr("ioc_plugins.social.demo.POSTS_PER_PART", 60)
    whole = DemoContext(start=pd.Timestamp("2025-12-01T00:00:00Z"), days=22, seed=5, scale=0.5)
    profile = DemoContext(start=whole.start, days=whole.days, seed=whole.seed, scale=whole.scale, full_span=True)
    assert len(parts(whole)) == 1
    spans = parts(profile)
    assert [end - start for start, end in spans] == [pd.Timedelta(days=7)] * 3 + [pd.Timedelta(days=1)]
    assert spans[0][0] == whole.start and spans[-1][1] == whole.start + pd.Timedelta(days=22)

    def items(context):
        batches = [frame for table, frame in generate(context) if table == "social.items"]
        return batches, pd.concat(batches, ignore_index=True)

    one_batch_each, at_once = items(whole)
    in_parts, parted = items(profile)
    assert len(in_parts) > len(one_batch_each) and max(map(len, in_parts)) < len(at_once) / 2
    order = ["item_id", "collector"]  # a story's article page supersedes its feed entry: same id
    assert not parted.duplicated(order).any()
    # an adapter marks copies within its batch (the write marks those of stored items): not compared
    pd.testing.assert_frame_equal(
        parted.drop(columns="duplicate_of").sort_values(order, ignore_index=True),
        at_once.drop(columns="duplicate_of").sort_values(order, ignore_index=True),
        check_dtype=False,  # an empty part's column concatenates as object
    )
