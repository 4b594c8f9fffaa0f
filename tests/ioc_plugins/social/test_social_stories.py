"""Stories: de-duplication of syndicated items across batches, clustering, spread snapshots."""

import random

import pandas as pd
from social_support import items

from ioc.ingest import process_batch
from ioc_plugins.social.stories import StoryClusterer, _ActiveIndex, _Story, spread_rows, story_members
from ioc_plugins.social.tables import STORIES, STORY_ITEMS

BODY = (
    "Tuyến đường ven biển mới nối Vũng Tàu với Long Hải được khởi công hôm nay, dự kiến hoàn thành sau 24 tháng, "
    "góp phần giảm ùn tắc cho quốc lộ 51 vào mùa du lịch."
)


def _article(item_url, source, time, title, text=BODY):
    return {"url": item_url, "source_id": source, "kind": "article", "published_at": time, "title": title, "text": text}


def test_a_syndicated_article_is_one_story_and_marked_as_a_copy(social_layer, social_registry):
    original = _article(
        "https://baobariavungtau.com.vn/giao-thong/khoi-cong-duong-ven-bien-1.html?utm_source=rss",
        "baobariavungtau.com.vn",
        "2025-12-01T02:00:00Z",
        "Vũng Tàu khởi công tuyến đường ven biển mới",
    )
    process_batch(social_layer, "social.items", items([original]), plugins=social_registry)
    copies = [
        # the same page again from another feed: the same item, not a second row
        {**original, "url": "https://m.baobariavungtau.com.vn/giao-thong/khoi-cong-duong-ven-bien-1.html/amp"},
        # the text copied by two outlets (one without diacritics in the title)
        _article(
            "https://nld.com.vn/khoi-cong-duong-ven-bien-2.html",
            "nld.com.vn",
            "2025-12-01T03:00:00Z",
            "Vũng Tàu khởi công tuyến đường ven biển mới",
        ),
        _article(
            "https://plo.vn/khoi-cong-duong-ven-bien-3.html",
            "plo.vn",
            "2025-12-01T03:30:00Z",
            "Vung Tau khoi cong tuyen duong ven bien moi",
            BODY.replace("hôm nay", "sáng nay"),
        ),
    ]
    process_batch(social_layer, "social.items", items(copies), plugins=social_registry)
    stored = social_layer.read("social.items").set_index("source_id")
    assert len(stored) == 3
    first = stored.loc["baobariavungtau.com.vn", "item_id"]
    assert pd.isna(stored.loc["baobariavungtau.com.vn", "duplicate_of"])
    assert stored.loc["nld.com.vn", "duplicate_of"] == first and stored.loc["plo.vn", "duplicate_of"] == first
    stories = social_layer.read("social.story_items")
    assert stories["story_id"].nunique() == 1
    story = social_layer.read("social.stories").iloc[0]
    assert (story["items"], story["sources"]) == (3, 3)


def _item(item_id, time, text, source="fb:1", kind="post", parent=None, title=None):
    return {
        "item_id": item_id,
        "source_id": source,
        "kind": kind,
        "parent_id": parent,
        "published_at": pd.Timestamp(time),
        "title": title,
        "text": text,
        "duplicate_of": None,
    }


def test_rewritten_reports_of_one_event_meet_and_unrelated_news_does_not():
    frame = pd.DataFrame(
        [
            _item(
                "a",
                "2025-12-01T01:00Z",
                "Sập giàn giáo công trình trên đường Trần Phú, Vũng Tàu: 3 công nhân bị thương",
            ),
            _item(
                "b",
                "2025-12-01T02:00Z",
                "sap gian giao cong trinh duong Tran Phu Vung Tau, 3 cong nhan bi thuong",
                "fb:2",
            ),
            _item("c", "2025-12-01T02:10Z", "Thi công ẩu quá, ai chịu trách nhiệm", "fb:2", "comment", parent="b"),
            _item("d", "2025-12-01T03:00Z", "Giá xăng dầu giảm nhẹ từ chiều nay, người dân phấn khởi", "fb:3"),
            _item("e", "2025-12-06T03:00Z", "Sập giàn giáo công trình đường Trần Phú Vũng Tàu", "fb:3"),  # days later
        ]
    )
    members, touched = StoryClusterer().assign(frame, STORIES.empty_frame(), STORY_ITEMS.empty_frame())
    story = dict(zip(members["item_id"], members["story_id"]))
    assert story["a"] == story["b"] == story["c"]  # without diacritics too; the comment joins its post
    assert story["d"] != story["a"]
    assert story["e"] != story["a"]  # the story went quiet for more than 3 days
    assert len(touched) == 3


def test_stories_continue_from_the_stored_state():
    clusterer = StoryClusterer()
    first = pd.DataFrame([_item("a", "2025-12-01T01:00Z", "Cháy lớn tại chợ Bà Rịa, nhiều ki-ốt bị thiêu rụi")])
    members, touched = clusterer.assign(first, STORIES.empty_frame(), STORY_ITEMS.empty_frame())
    detailed = story_members(members, first.assign(shares=0, comments=0), pd.DataFrame())
    from ioc_plugins.social.stories import story_rows

    stored = story_rows(detailed, touched)
    later = pd.DataFrame([_item("b", "2025-12-01T05:00Z", "chay lon tai cho Ba Ria, nhieu ki ot bi thieu rui", "fb:9")])
    more, _ = clusterer.assign(later, stored, members)
    assert more["story_id"].iloc[0] == members["story_id"].iloc[0]


def test_spread_snapshots_are_cumulative_per_hour():
    members = pd.DataFrame(
        {
            "item_id": ["a", "b", "c", "d"],
            "story_id": "s",
            "published_at": pd.to_datetime(
                ["2025-12-01T01:10Z", "2025-12-01T01:40Z", "2025-12-01T03:05Z", "2025-12-01T03:50Z"]
            ),
            "source_id": ["x", "x", "y", "z"],
            "reach": [5, 1, 10, 0],
            "negative": [1.0, float("nan"), 0.0, 1.0],
        }
    )
    rows = spread_rows(members)
    assert rows["window_start"].dt.hour.tolist() == [1, 3]
    assert rows["new_items"].tolist() == [2, 2] and rows["items"].tolist() == [2, 4]
    assert rows["sources"].tolist() == [1, 3] and rows["reach"].tolist() == [6, 16]
    assert rows["negative_share"].tolist() == [1.0, round(2 / 3, 4)]


def test_the_active_index_offers_exactly_the_stories_in_their_window_revivals_included():
    """The sweep's index gives what a plain index of every story, filtered by time, gives.

    Seeded walk in time order: stories read from the lake (some later than the sweep), new
    stories, items joining a story whose window had passed (a comment follows its post at any
    time: the story comes back with every term it was ever indexed under) and candidate look-ups.
    """
    rng = random.Random(11)
    active = pd.Timedelta(days=3)
    vocabulary = [f"t{n}" for n in range(14)]
    start = pd.Timestamp("2025-12-01T00:00:00Z")

    def terms():
        return {term: rng.random() for term in rng.sample(vocabulary, rng.randrange(1, 5))}

    stored = {}
    for number in range(25):
        first = start + pd.Timedelta(hours=rng.randrange(-24 * 6, 24 * 8))
        stored[f"s{number:02d}"] = _Story(
            f"s{number:02d}", terms(), first, first + pd.Timedelta(hours=rng.randrange(0, 48)), None
        )
    ever = {story_id: set(story.terms) for story_id, story in stored.items()}
    index = _ActiveIndex(stored, active)
    time, revived = start, 0
    for step in range(3000):
        time += pd.Timedelta(minutes=rng.randrange(0, 20))
        action = rng.random()
        if action < 0.1:  # an item joins a story, whatever its window (a comment, a copy)
            story = stored[rng.choice(sorted(stored))]
            revived += time - story.last_seen > active
            story.terms = terms()
            ever[story.story_id] |= set(story.terms)
            story.last_seen, story.first_seen = max(story.last_seen, time), min(story.first_seen, time)
            index.joined(story)
        elif action < 0.13:  # a new story
            story_id = f"n{step:04d}"
            stored[story_id] = _Story(story_id, terms(), time, time, None)
            ever[story_id] = set(stored[story_id].terms)
            index.joined(stored[story_id])
        else:
            strongest = rng.sample(vocabulary, 3)
            expected = {
                story_id
                for story_id, story in stored.items()
                if ever[story_id] & set(strongest)
                and time - story.last_seen <= active
                and story.first_seen - time <= active
            }
            assert index.candidates(strongest, time) == expected, (step, time)
    assert revived >= 20  # the walk did bring ended stories back


def test_a_later_batch_writes_the_spread_from_its_own_window_on_and_the_whole_curve_stays_right(
    social_layer, social_registry
):
    """A story touched again does not write its earlier snapshots again; what is stored is
    still the cumulative curve of all its members."""
    hosts = ("baobariavungtau.com.vn", "nld.com.vn", "plo.vn", "vnexpress.net", "tuoitre.vn")

    def copy(number, time):
        host = hosts[number % len(hosts)]
        return _article(
            f"https://{host}/ven-bien-{number}.html", host, time, "Vũng Tàu khởi công tuyến đường ven biển mới"
        )

    process_batch(
        social_layer,
        "social.items",
        items([copy(0, "2025-12-01T01:00:00Z"), copy(1, "2025-12-01T02:10:00Z"), copy(2, "2025-12-01T03:20:00Z")]),
        plugins=social_registry,
    )
    assert len(social_layer.read("social.spread")) == 3
    results = process_batch(
        social_layer, "social.items", items([copy(3, "2025-12-01T10:05:00Z")]), plugins=social_registry
    )
    # the item is written, then marked as a copy (a superseding row): the first pass offers the
    # 10:00 window alone (the whole curve was 4 windows a pass: 1 new row and 7 repeats); the
    # copy mark changes no reach nor label, so its pass offers nothing (it offered the same window)
    spread = [r for r in results if r.table == "social.spread"]
    assert [(r.accepted, r.duplicate) for r in spread] == [(1, 0)]
    assert any(r.table == "social.items" and r.superseded == 1 for r in results[1:])  # the copy mark
    members = social_layer.read("social.story_items")
    assert members["story_id"].nunique() == 1 and len(members) == 4
    detailed = story_members(members, social_layer.read("social.items"), social_layer.read("social.labels"))
    columns = ["story_id", "window_start", "new_items", "items", "sources", "reach"]
    pd.testing.assert_frame_equal(
        social_layer.read("social.spread").sort_values("window_start", ignore_index=True)[columns],
        spread_rows(detailed)[columns],
        check_dtype=False,
    )


def test_a_storys_terms_are_the_heaviest_first_ties_by_term():
    import random

    from ioc_plugins.social.stories import _top

    rng = random.Random(1)
    for _ in range(500):
        vector = {
            f"t{rng.randint(0, 200)}": rng.choice([1.0, 2.0, rng.random() * 5]) for _ in range(rng.randint(0, 150))
        }
        expected = sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:60]
        assert list(_top(vector).items()) == expected


def test_the_story_figures_duckdb_computes_are_those_of_the_members_read_into_pandas(social_layer):
    """Totals, topics and changed spread of the touched stories, computed next to the lake
    (``stories._figures``), equal what the pandas functions give over the members, their items
    and labels read back and overridden by the batch: new members, an item moved to another
    story, items collected again with new counts, labels negative, other and missing, topic
    ties, a member without a stored item and a touched story without members."""
    from ioc_plugins.social.stories import _figures, _story_frame, changed_spread, story_rows
    from ioc_plugins.social.tables import LABELS

    rng = random.Random(11)
    hosts = ("baobariavungtau.com.vn", "nld.com.vn", "plo.vn", "vnexpress.net")
    start = pd.Timestamp("2025-12-01T00:00:00Z")

    def articles(first, count, hours):
        rows = []
        for number in range(first, first + count):
            host = rng.choice(hosts)
            time = start + pd.Timedelta(minutes=rng.randrange(hours * 60))
            rows.append(
                _article(
                    f"https://{host}/bai-{number}.html", host, time.isoformat(), f"Tin {number}", f"Nội dung {number}"
                )
            )
        return items(rows).assign(
            shares=[rng.choice([None, 0, 3, 40]) for _ in rows], comments=[rng.randrange(9) for _ in rows]
        )

    def labelled(frame, share):
        chosen = frame[[rng.random() < share for _ in range(len(frame))]]
        labels = pd.DataFrame({name: [None] * len(chosen) for name in LABELS.column_names})
        labels["item_id"] = chosen["item_id"].to_numpy()
        labels["published_at"] = chosen["published_at"].to_numpy()
        labels["sentiment_label"] = [rng.choice(["negative", "positive", "neutral", None]) for _ in range(len(chosen))]
        labels["topic_label"] = [rng.choice(["giao_thong", "moi_truong", None]) for _ in range(len(chosen))]
        return labels

    def members_of(frame, stories):
        return pd.DataFrame(
            {
                "item_id": frame["item_id"].to_numpy(),
                "story_id": [rng.choice(stories) for _ in range(len(frame))],
                "published_at": frame["published_at"].to_numpy(),
                "source_id": frame["source_id"].to_numpy(),
                "similarity": 0.5,
            }
        )

    stored = articles(0, 80, 72)
    social_layer.write("social.items", stored.iloc[:-3])  # the last three members have no stored item
    social_layer.write("social.labels", labelled(stored, 0.7))
    social_layer.write("social.story_items", members_of(stored, ["s-a", "s-b", "s-c", "s-d"]))

    fresh = articles(80, 25, 96)
    again = stored.iloc[[1, 5, 9, 30]].assign(shares=[7, 0, 100, None], comments=[1, 2, 3, 4])  # new counts
    tie = articles(200, 2, 24)  # a story whose two topics have one item each
    batch = pd.concat([fresh, again, tie], ignore_index=True)
    tie_labels = labelled(tie, 1.0).assign(sentiment_label="neutral", topic_label=["moi_truong", "giao_thong"])
    batch_labels = pd.concat([labelled(fresh, 0.8), tie_labels], ignore_index=True)
    new_members = pd.concat(
        [
            members_of(fresh, ["s-a", "s-b", "s-new"]),
            members_of(stored.iloc[[12]], ["s-b"]),  # one moves story
            members_of(tie, ["s-tie"]),
        ],
        ignore_index=True,
    )
    touched = {
        story_id: _Story(story_id, {"đường": 1.0}, start, start, f"Tin {story_id}")
        for story_id in ("s-a", "s-b", "s-c", "s-new", "s-tie", "s-empty")
    }

    # the reference: what update_stories read into pandas before
    read_members = social_layer.read("social.story_items")
    members = pd.concat(
        [read_members[read_members["story_id"].isin(list(touched))], new_members], ignore_index=True
    ).drop_duplicates("item_id", keep="last")
    member_items = pd.concat(
        [
            social_layer.read("social.items")[["item_id", "shares", "comments"]],
            batch[["item_id", "shares", "comments"]],
        ],
        ignore_index=True,
    ).drop_duplicates("item_id", keep="last")
    labels = pd.concat(
        [social_layer.read("social.labels")[["item_id", "sentiment_label", "topic_label"]], batch_labels],
        ignore_index=True,
    ).drop_duplicates("item_id", keep="last")
    detailed = story_members(members, member_items, labels)
    expected_stories = story_rows(detailed, touched, labels.set_index("item_id")["topic_label"])
    expected_spread = changed_spread(detailed, batch["item_id"])

    totals, topic, spread = _figures(social_layer, touched, new_members, batch, batch_labels)
    stories = _story_frame(totals, topic, touched)
    assert set(stories["story_id"]) == set(touched) and stories.set_index("story_id").loc["s-empty", "items"] == 0
    assert stories.set_index("story_id").loc["s-tie", "topic"] == "giao_thong"  # a tie: the first in order
    assert stories["topic"].notna().sum() >= 3 and stories["negative_share"].notna().sum() >= 3
    pd.testing.assert_frame_equal(stories, expected_stories, check_dtype=False)
    assert len(expected_spread) > 20 and expected_spread["story_id"].nunique() == 5
    pd.testing.assert_frame_equal(
        spread.sort_values(["story_id", "window_start"], ignore_index=True),
        expected_spread.sort_values(["story_id", "window_start"], ignore_index=True),
        check_dtype=False,
    )


def test_a_story_s_figures_are_recomputed_for_new_counts_but_not_for_a_change_that_moves_none(
    social_layer, social_registry, monkeypatch
):
    """An item collected again with new counts changes its story's reach: the figures are
    computed again. The same counts with another field changed (an author's name, or the copy
    mark ``derive`` writes) change no figure: the story's members are not read again for it."""
    import importlib

    stories = importlib.import_module("ioc_plugins.social.stories")
    computed = []
    figures = stories._figures
    monkeypatch.setattr(
        stories,
        "_figures",
        lambda layer, touched, *rest: computed.append(sorted(touched)) or figures(layer, touched, *rest),
    )
    original = _article(
        "https://baobariavungtau.com.vn/ven-bien-1.html", "baobariavungtau.com.vn", "2025-12-01T02:00:00Z", "Khởi công"
    )
    copy = _article("https://nld.com.vn/ven-bien-2.html", "nld.com.vn", "2025-12-01T03:00:00Z", "Khởi công")
    process_batch(social_layer, "social.items", items([original, copy]), plugins=social_registry)
    (story_id,) = social_layer.read("social.stories")["story_id"]
    assert computed == [[story_id]]

    again = process_batch(
        social_layer, "social.items", items([{**original, "shares": 10, "comments": 2}]), plugins=social_registry
    )
    assert computed[1:] == [[story_id]]
    assert social_layer.read("social.stories")["reach"].tolist() == [12]
    assert any(r.table == "social.stories" and r.accepted == 1 for r in again)

    renamed = process_batch(
        social_layer,
        "social.items",
        items([{**original, "shares": 10, "comments": 2, "author_name": "Phóng viên"}]),
        plugins=social_registry,
    )
    assert renamed[0].accepted == 1  # a new version of the item, stored
    assert computed[2:] == []
    assert not [r for r in renamed if r.table in {"social.stories", "social.spread"}]
    assert social_layer.read("social.stories")["reach"].tolist() == [12]
