"""Tests for the seed corpus: sizes, splits, leakage, label sets, topics and the generator."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from nlp.corpus import (
    COLUMNS,
    SENSITIVITIES,
    SENTIMENTS,
    SPLITS,
    TOPICS,
    load_corpus,
    load_topics,
    topic_agency,
)
from nlp.preprocess import expand_teencode, preprocess, strip_diacritics


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return load_corpus("all")


def test_corpus_is_large_enough_with_the_promised_columns(corpus):
    assert len(corpus) >= 3000
    for split in SPLITS:
        frame = load_corpus(split)
        assert list(frame.columns) == list(COLUMNS)
        assert (frame["text"].str.strip() != "").all()


def test_splits_are_about_70_15_15(corpus):
    shares = corpus["split"].value_counts(normalize=True)
    assert shares["train"] == pytest.approx(0.70, abs=0.04)
    assert shares["dev"] == pytest.approx(0.15, abs=0.03)
    assert shares["test"] == pytest.approx(0.15, abs=0.03)


def test_label_sets(corpus):
    assert set(corpus["sentiment"]) == set(SENTIMENTS)
    assert set(corpus["topic"]) == set(TOPICS)
    assert set(corpus["sensitivity"]) == set(SENSITIVITIES)
    assert set(corpus["register"]) == {
        "formal",
        "colloquial",
        "news",
        "teencode",
        "no_diacritics",
        "emoji",
        "thread",
        "review",
        "long_post",
        "headline",
    }
    assert len(TOPICS) == 12 and "other" in TOPICS


def test_every_split_has_every_label(corpus):
    for split, frame in corpus.groupby("split"):
        for column, values in [("sentiment", SENTIMENTS), ("topic", TOPICS), ("sensitivity", SENSITIVITIES)]:
            counts = frame[column].value_counts()
            assert set(counts.index) == set(values), (split, column)
            assert counts.min() >= 10, (split, column, counts.idxmin())


def test_stratified_label_shares_are_close_across_splits(corpus):
    for column in ["sentiment", "sensitivity", "topic"]:
        table = pd.crosstab(corpus[column], corpus["split"], normalize="columns")
        spread = (table.max(axis=1) - table.min(axis=1)).max()
        assert spread < 0.06, (column, table)


def test_no_text_occurs_twice_even_after_preprocessing(corpus):
    assert corpus["id"].is_unique
    assert corpus["text"].is_unique
    keys = corpus["text"].map(preprocess)
    assert keys.is_unique
    by_split = {split: set(keys[corpus["split"] == split]) for split in SPLITS}
    assert not by_split["train"] & by_split["dev"]
    assert not by_split["train"] & by_split["test"]
    assert not by_split["dev"] & by_split["test"]


def test_registers_look_like_their_name(corpus):
    stripped = corpus[corpus["register"] == "no_diacritics"]["text"]
    assert (stripped.map(strip_diacritics) == stripped).all()
    emoji = corpus[corpus["register"] == "emoji"]["text"]
    has_emoji = emoji.str.contains(r"[\U0001F000-\U0001FAFF\u2100-\u27BF\u2B00-\u2BFF]|:\)|:\(", regex=True)
    assert has_emoji.mean() > 0.95
    teencode = corpus[corpus["register"] == "teencode"]["text"].str.lower()
    assert (teencode.map(expand_teencode) != teencode).all()


def test_texts_are_about_the_province(corpus):
    places = [
        "Vũng Tàu",
        "Bà Rịa",
        "Phú Mỹ",
        "Long Điền",
        "Đất Đỏ",
        "Xuyên Mộc",
        "Châu Đức",
        "Côn Đảo",
        "Thùy Vân",
        "Bãi Sau",
        "Bãi Trước",
        "QL51",
        "Long Sơn",
        "Hồ Tràm",
    ]
    text = " ".join(corpus["text"])
    plain = strip_diacritics(text).lower()
    for place in places:
        assert strip_diacritics(place).lower() in plain, place


def test_no_label_is_given_away_by_one_fixed_word(corpus):
    # For each label value, no single word occurs in (nearly) all of its texts and (nearly) none
    # of the others; a classifier has to read the content.
    words = corpus["text"].map(lambda t: set(re.findall(r"\w+", preprocess(t))))
    for column in ["sentiment", "topic", "sensitivity"]:
        for value in corpus[column].unique():
            inside = words[corpus[column] == value]
            outside = words[corpus[column] != value]
            in_counts = pd.Series([w for ws in inside for w in ws]).value_counts() / len(inside)
            out_counts = pd.Series([w for ws in outside for w in ws]).value_counts() / len(outside)
            leak = in_counts.sub(out_counts, fill_value=0)
            word = leak.idxmax()
            assert not (in_counts[word] > 0.9 and out_counts.get(word, 0) < 0.05), (column, value, word)


def test_topics_map_to_agencies():
    topics = load_topics()
    assert tuple(topics) == TOPICS
    assert "Giao thông" in topic_agency("traffic")
    assert "Cảnh sát giao thông" in topic_agency("traffic")
    assert topic_agency("environment") == "Sở Tài nguyên và Môi trường"
    assert "Nông nghiệp và Môi trường" in topic_agency("environment", as_of_2025=True)
    for topic in TOPICS:
        assert topic_agency(topic).strip()
        assert topics[topic]["name_vi"].strip()


def test_unknown_topic_and_split_are_clear_errors():
    with pytest.raises(ValueError, match="known topics: traffic"):
        topic_agency("weather")
    with pytest.raises(ValueError, match="unknown split"):
        load_corpus("validation")


def test_generator_is_deterministic_and_reproduces_the_shipped_splits(tmp_path):
    from nlp.corpus.build_corpus import build

    build(tmp_path)
    for split in SPLITS:
        shipped = load_corpus(split)
        rebuilt = pd.read_csv(tmp_path / f"{split}.csv", dtype=str, keep_default_na=False)
        pd.testing.assert_frame_equal(rebuilt, shipped)
    sheet = (tmp_path / "DATASHEET.md").read_text(encoding="utf-8")
    assert "{{" not in sheet
    assert "Cohen's kappa" in sheet and "tiêu cực" in sheet


def test_datasheet_reports_kappa_per_dimension():
    from nlp.corpus import HERE

    sheet = (HERE / "DATASHEET.md").read_text(encoding="utf-8")
    for column in ["sentiment", "topic", "sensitivity"]:
        match = re.search(rf"\| {column} \| (-?[0-9.]+) \| ([0-9.]+)% \|", sheet)
        assert match, column
        assert 0.3 < float(match.group(1)) <= 1.0


def test_split_by_template_keeps_most_paraphrases_apart():
    from nlp.corpus.build_corpus import generate, split

    frame = split(generate())
    # Templates with enough siblings in their cell never cross splits.
    cell_size = frame.groupby(["topic", "sentiment", "sensitivity"])["group"].transform("nunique")
    grouped = frame[cell_size >= 5]
    assert len(grouped) > 0.75 * len(frame)
    assert (grouped.groupby("group")["split"].nunique() == 1).all()


def test_second_annotator_labels_from_cues_only():
    from nlp.corpus.annotator import annotate

    assert annotate("Cháy lớn ở dãy nhà trọ đường Bình Giã, lửa lan nhanh") == {
        "sentiment": "negative",
        "topic": "security",
        "sensitivity": "sensitive",
    }
    assert annotate("Cho hỏi thủ tục cấp đổi căn cước ở phường 7 cần gì ạ?")["sentiment"] == "neutral"
    assert annotate("Cán bộ một cửa hướng dẫn tận tình, cảm ơn nhiều")["sentiment"] == "positive"
    assert annotate("duong Thuy Van ngap sau 40cm sau mua")["topic"] == "flooding"


def test_social_part_is_several_hundred_texts_in_the_styles_of_real_posts(corpus):
    social = corpus[corpus["id"].str.startswith("brvt-s")]
    assert len(social) >= 600
    assert set(social["register"]) >= {
        "thread",
        "review",
        "long_post",
        "headline",
        "teencode",
        "no_diacritics",
        "emoji",
    }
    for split, frame in social.groupby("split"):  # every split holds every stance and topic of it
        assert set(frame["sentiment"]) == set(SENTIMENTS), split
        assert set(frame["topic"]) == set(TOPICS), split
    threads = social[social["register"] == "thread"]["text"]
    assert threads.str.contains(r"^@\w|↳", regex=True).all()
    reviews = social[social["register"] == "review"]
    stars = reviews["text"].str.extract(r"^(⭐️?)+|^(\d)/5|^(\d) sao", expand=True).notna().any(axis=1)
    assert stars.all()
    # Reviews rate complaints low and praise high.
    rating = reviews["text"].map(lambda t: t.count("⭐") or int(re.match(r"(\d)", t).group(1)))
    assert (rating[reviews["sentiment"] == "negative"] <= 2).all()
    assert (rating[reviews["sentiment"] == "positive"] >= 4).all()
    posts = social[social["register"] == "long_post"]["text"].str.split().str.len()
    assert posts.median() > corpus[~corpus["id"].str.startswith("brvt-s")]["text"].str.split().str.len().median()
    teencode = " ".join(social[social["register"] == "teencode"]["text"]).lower().split()
    assert {"ko", "k", "dc", "đc", "j", "vs", "bt", "mn", "r"} & set(teencode)


def test_social_part_keeps_paraphrases_in_one_split_and_leaves_templates_as_they_were():
    import random

    from nlp.corpus.build_corpus import TextMaker, assign_ids, generate, social_part, split
    from nlp.corpus.social import generate_social

    frame = generate_social(TextMaker(random.Random(1)), set(), 7)
    # a group names the snippets a text was made from; each snippet lives in one split
    snippet_split = {}
    for group, name in zip(frame["group"], frame["split"]):
        for snippet in group.split("+"):
            assert snippet_split.setdefault(snippet, name) == name, snippet
    template_part = assign_ids(split(generate()))
    shipped = load_corpus("all")
    assert shipped[~shipped["id"].str.startswith("brvt-s")]["text"].tolist() == template_part["text"].tolist()
    social = social_part(template_part)
    assert not set(social["text"].map(preprocess)) & set(template_part["text"].map(preprocess))


def test_style_shift_set_stays_held_out_from_the_social_part(corpus):
    from nlp.corpus.social import MAX_SHIFT_SIMILARITY, shift_similarity

    closeness = shift_similarity()
    social = corpus[corpus["id"].str.startswith("brvt-s")]["text"].tolist()
    assert max(closeness(social)) < MAX_SHIFT_SIMILARITY
    # the measure does flag a paraphrase of a style-shift text
    from nlp.corpus import load_style_shift

    shift = load_style_shift()["text"].tolist()
    assert min(closeness([f"@Lan {text} 😡" for text in shift[:20]])) > MAX_SHIFT_SIMILARITY
