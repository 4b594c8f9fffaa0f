"""The social/news-style part of the seed corpus: threads, comments, reviews, posts, headlines.

The template part of the corpus (:mod:`nlp.corpus.build_corpus`) reads like letters and short
reports; real posts are replies inside comment threads, emoji comments, reviews with stars,
long first-person posts mixing several complaints, news headlines, often typed without
diacritics or in teencode. A model trained on templates only lost 23 macro-F1 points on the
held-out style-shift set (``style_shift.csv``). This module composes such texts from the
hand-written snippets of :mod:`nlp.corpus.social_snippets`:

* ``thread``: a reply, ``@Tên …``, sometimes with a second commenter's reaction;
* ``emoji``: a comment with mixed punctuation, emoji and stretched letters;
* ``review``: stars (``⭐⭐``, ``5/5``) and a negative or positive claim, for the topics
  people review (tourism, health, public services, schools, prices, transport, utilities);
* ``long_post``: a personal opening, two or three claims of the same topic and stance joined
  by connectors, and a closing; some praise a thing and then complain (labelled negative, as
  the guide says);
* ``headline``: a news headline, sometimes with a tag and a lead sentence;
* ``teencode`` / ``no_diacritics``: one of the above typed that way.

Splits are decided **per snippet** before any text is composed (within each topic and
sentiment one claim goes to dev, one to test, the rest to train; headlines 4/1/1 per topic),
and a long post only combines snippets of one split, so no paraphrase crosses splits. A text
whose character n-grams come close to a style-shift text (cosine ≥
:data:`MAX_SHIFT_SIMILARITY`) is dropped, so the style-shift set stays held out.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Protocol

import pandas as pd

from nlp.corpus import load_style_shift
from nlp.corpus.social_snippets import CLAIMS, HEADLINES
from nlp.preprocess import preprocess

SENTIMENT_NAMES = {"neg": "negative", "neu": "neutral", "pos": "positive"}
#: A composed text at least this close to a style-shift text (cosine of character 3–5-gram
#: TF-IDF vectors after ``preprocess``) is dropped.
MAX_SHIFT_SIMILARITY = 0.45
#: Topics whose claims also appear as reviews with stars.
REVIEW_TOPICS = ("tourism", "health", "public_service", "education", "prices", "traffic", "other")

NAMES = [
    "Ngọc Hân",
    "Minh Tú",
    "Thanh Tâm",
    "Quốc Bảo",
    "Hoàng Long",
    "Bảo Ngọc",
    "Kim Chi",
    "Thu Hà",
    "Đức Anh",
    "Phương Thảo",
    "Hải Yến",
    "Trọng Nghĩa",
    "Mỹ Linh",
    "Gia Huy",
    "Khánh Vy",
    "Tấn Phát",
    "Út Em",
    "Bé Na",
]
# Reply openings are shared by every stance: the reply's content carries the label.
REPLY_OPENINGS = [
    "",
    "",
    "",
    "mình ở gần đó nên biết, ",
    "bổ sung nè: ",
    "thật ra ",
    "ủa ",
    "nói thêm là ",
    "góp một ý: ",
    "đúng rồi đó, ",
]
REACTIONS = {
    "neg": ["thiệt hả trời", "bực thật sự", "chỗ mình cũng y chang", "phải lên tiếng thôi", "+1", "chuẩn"],
    "neu": ["cảm ơn thông tin nha", "hóng thêm", "mình cũng đang cần hỏi", "ai biết trả lời giúp với", "+1", "lưu lại"],
    "pos": ["tuyệt vời", "đáng khen thật", "mong nơi khác học theo", "nghe mà vui", "+1", "chuẩn"],
}
PUNCTUATION = {
    "neg": ["!!!", "...", "?!", "!!", ".", ""],
    "neu": ["?", "...", " nha", ".", "", "!!"],
    "pos": ["!!!", " =))", "...", "!", ".", ""],
}
STARS = {
    "neg": ["⭐", "⭐⭐", "⭐️", "⭐️⭐️", "1/5", "2/5", "1 sao."],
    "pos": ["⭐⭐⭐⭐⭐", "⭐⭐⭐⭐", "⭐️⭐️⭐️⭐️⭐️", "5/5", "4/5", "5 sao."],
}
REVIEW_TAILS = {
    "neg": ["Không quay lại nữa.", "Thất vọng.", "Ai tính đi thì cân nhắc.", "Mong chấn chỉnh.", ""],
    "pos": ["Sẽ quay lại.", "Recommend mọi người.", "10 điểm.", "Rất đáng.", ""],
}
POST_OPENINGS = [
    "Mình ở {ward} được {num} năm rồi.",
    "Kể mọi người nghe chuyện [hôm qua|tuần rồi].",
    "Bài hơi dài, mong admin duyệt giúp.",
    "Nhà mình ngay {place}.",
    "Viết lên đây cho ai cần biết.",
    "Không biết nên đăng ở đâu nên đăng đây.",
    "",
]
CONNECTORS = ["Chưa hết, ", "Thêm nữa, ", "Còn nữa, ", "Rồi thì ", "Ngoài ra ", "Mà "]
POST_CLOSINGS = {
    "neg": [
        "Mong các cấp xem xét giúp.",
        "Ai có cách gì chỉ mình với.",
        "Không biết tới bao giờ.",
        "Cảm ơn mọi người đã đọc.",
    ],
    "neu": ["Ai biết thêm thì bổ sung giúp.", "Mình chia sẻ để mọi người nắm.", "Cảm ơn mọi người đã đọc."],
    "pos": ["Viết mấy dòng để cảm ơn.", "Mong được nhân rộng.", "Cảm ơn mọi người đã đọc."],
}
BUT = [", nhưng ", ". Có điều ", ". Tiếc là ", ", mà "]
HEADLINE_TAGS = ["", "", "", "VIDEO:", "Tin địa phương:", "Bà Rịa - Vũng Tàu:", "(Ảnh)"]
HEADLINE_LEADS = [
    "Thông tin được cập nhật {time}.",
    "Chi tiết trong bài.",
    "Mời bạn đọc theo dõi.",
    "(Nguồn: bạn đọc gửi)",
]


class Maker(Protocol):
    """What this module needs of :class:`nlp.corpus.build_corpus.TextMaker`."""

    rng: random.Random

    def expand(self, template: str) -> str: ...

    def apply_register(self, text: str, register: str, sentiment: str) -> str: ...


_QUESTION = re.compile(r"(cho (mình |em )?hỏi|ai (biết|rành|có)|có ai|không (ạ|vậy)|(vậy|không) ạ|\bkhông$|vậy$)")


def _sentence(text: str) -> str:
    """Capitalise the first letter; end with ``?`` for a question, else ``.`` (unless ``.?!``)."""
    text = text.strip()
    text = text[0].upper() + text[1:]
    if text[-1] in ".?!":
        return text
    return text + ("?" if _QUESTION.search(text.lower()) else ".")


def _join(*parts: str) -> str:
    """Join the non-empty parts with one space."""
    return " ".join(p.strip() for p in parts if p and p.strip())


def snippet_table() -> pd.DataFrame:
    """Every claim and headline with its labels and an id (``claim:traffic:3``)."""
    rows = []
    for kind, table in (("claim", CLAIMS), ("headline", HEADLINES)):
        for topic, entries in table.items():
            for number, (sentiment, sensitive, text) in enumerate(entries):
                rows.append(
                    dict(
                        snippet=f"{kind}:{topic}:{number}",
                        kind=kind,
                        topic=topic,
                        sentiment=sentiment,
                        sensitive=sensitive,
                        template=text,
                    )
                )
    return pd.DataFrame(rows)


def assign_snippet_splits(snippets: pd.DataFrame, rng: random.Random) -> pd.DataFrame:
    """Give every snippet a split before any text is made from it.

    Claims: within each (topic, sentiment), one to dev, one to test, the rest to train.
    Headlines: within each topic, one to dev, one to test, the rest to train.
    """
    snippets = snippets.copy()
    snippets["split"] = "train"
    cells = [("claim", ["topic", "sentiment"]), ("headline", ["topic"])]
    for kind, keys in cells:
        for _, cell in snippets[snippets["kind"] == kind].groupby(keys, sort=True):
            order = list(cell.index)
            rng.shuffle(order)
            snippets.loc[order[0], "split"] = "dev"
            snippets.loc[order[1], "split"] = "test"
    return snippets


def shift_similarity() -> Callable[[list[str]], list[float]]:
    """A function giving, for each text, its highest cosine similarity to a style-shift text.

    Character 3–5-gram TF-IDF after ``preprocess`` (diacritics kept), fitted on the
    style-shift texts, so that a paraphrase with the same phrases scores high whatever its
    wrapper.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    shift = [preprocess(t) for t in load_style_shift()["text"]]
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit(shift)
    shift_matrix = vectorizer.transform(shift)

    def score(texts: list[str]) -> list[float]:
        if not texts:
            return []
        similarity = vectorizer.transform([preprocess(t) for t in texts]) @ shift_matrix.T
        return similarity.max(axis=1).toarray().ravel().tolist()

    return score


class SocialComposer:
    """Composes the styled texts of one snippet or a group of snippets (one seeded RNG)."""

    def __init__(self, maker: Maker) -> None:
        self.maker = maker
        self.rng = maker.rng

    def pick(self, options: list[str]) -> str:
        return self.maker.expand(self.rng.choice(options))

    def thread(self, claim: str, sentiment: str) -> str:
        name = self.rng.choice(NAMES)
        text = _join(f"@{name}", self.pick(REPLY_OPENINGS), claim) + self.rng.choice(PUNCTUATION[sentiment])
        if self.rng.random() < 0.35:  # a second commenter reacts below
            other = self.rng.choice([n for n in NAMES if n != name])
            text = f"{_sentence(claim)} ↳ {other}: {self.rng.choice(REACTIONS[sentiment])}"
        return text

    def comment(self, claim: str, sentiment: str) -> str:
        text = claim + self.rng.choice(PUNCTUATION[sentiment])
        return self.maker.apply_register(text, "emoji", sentiment)

    def review(self, claim: str, sentiment: str) -> str:
        return _join(self.rng.choice(STARS[sentiment]), _sentence(claim), self.rng.choice(REVIEW_TAILS[sentiment]))

    def headline(self, text: str, with_lead: bool) -> str:
        text = _join(self.pick(HEADLINE_TAGS), text[0].upper() + text[1:])
        if with_lead:
            text = _join(text + ".", self.pick(HEADLINE_LEADS))
        return text

    def long_post(self, claims: list[str], sentiment: str) -> str:
        sentences = [_sentence(claims[0])]
        for claim in claims[1:]:
            sentences.append(_sentence(self.rng.choice(CONNECTORS) + claim))
        return _join(self.pick(POST_OPENINGS), *sentences, self.pick(POST_CLOSINGS[sentiment]))

    def praise_then_complaint(self, praise: str, complaint: str) -> str:
        return _join(self.pick(POST_OPENINGS), _sentence(praise.rstrip(".") + self.rng.choice(BUT) + complaint))


def generate_social(maker: Maker, seen: set[str], seed: int) -> pd.DataFrame:
    """Compose the social/news-style texts, already split.

    Parameters
    ----------
    maker
        The template expander (:class:`nlp.corpus.build_corpus.TextMaker`) with its own RNG.
    seen
        ``preprocess``-ed texts already in the corpus; composed duplicates are skipped and
        new texts are added.
    seed
        Seed of the split of the snippets.

    Returns
    -------
    pandas.DataFrame
        Columns ``text, sentiment, topic, sensitivity, register, group, split``.
    """
    snippets = assign_snippet_splits(snippet_table(), random.Random(seed + 2))
    composer = SocialComposer(maker)
    rng = maker.rng
    rows: list[dict] = []

    def add(text: str, sentiment: str, topic: str, sensitive: int, register: str, group: str, split: str) -> None:
        rows.append(
            dict(
                text=text,
                sentiment=SENTIMENT_NAMES[sentiment],
                topic=topic,
                sensitivity="sensitive" if sensitive else "normal",
                register=register,
                group=group,
                split=split,
            )
        )

    for row in snippets.itertuples():
        s, labels = row.sentiment, (row.topic, row.sensitive)
        if row.kind == "headline":
            add(composer.headline(maker.expand(row.template), False), s, *labels, "headline", row.snippet, row.split)
            add(composer.headline(maker.expand(row.template), True), s, *labels, "headline", row.snippet, row.split)
            if rng.random() < 0.4:
                plain = maker.apply_register(maker.expand(row.template), "no_diacritics", s)
                add(plain, s, *labels, "no_diacritics", row.snippet, row.split)
            continue
        add(composer.thread(maker.expand(row.template), s), s, *labels, "thread", row.snippet, row.split)
        add(composer.comment(maker.expand(row.template), s), s, *labels, "emoji", row.snippet, row.split)
        typed = "teencode" if rng.random() < 0.5 else "no_diacritics"
        base = composer.thread if rng.random() < 0.5 else (lambda c, _s: c)
        add(
            maker.apply_register(base(maker.expand(row.template), s), typed, s),
            s,
            *labels,
            typed,
            row.snippet,
            row.split,
        )
        if s != "neu" and row.topic in REVIEW_TOPICS:
            add(composer.review(maker.expand(row.template), s), s, *labels, "review", row.snippet, row.split)

    claims = snippets[snippets["kind"] == "claim"]
    # Long posts: two or three claims of one topic, stance and split.
    for (topic, sentiment, split), cell in claims.groupby(["topic", "sentiment", "split"], sort=True):
        members = list(cell.itertuples())
        for _ in range(max(1, round(0.6 * len(members)))):
            chosen = rng.sample(members, min(len(members), rng.choice([2, 3])))
            text = composer.long_post([maker.expand(m.template) for m in chosen], sentiment)
            sensitive = max(m.sensitive for m in chosen)
            register = "long_post"
            if rng.random() < 0.25:
                text, register = maker.apply_register(text, "no_diacritics", sentiment), "no_diacritics"
            group = "+".join(m.snippet for m in chosen)
            add(text, sentiment, topic, sensitive, register, group, split)
    # Praise, then "but" and a complaint about the same topic: negative (labelling guide).
    for (topic, split), cell in claims.groupby(["topic", "split"], sort=True):
        praise = list(cell[cell["sentiment"] == "pos"].itertuples())
        complaints = list(cell[cell["sentiment"] == "neg"].itertuples())
        for p, c in zip(rng.sample(praise, len(praise)), rng.sample(complaints, len(complaints))):
            text = composer.praise_then_complaint(maker.expand(p.template), maker.expand(c.template))
            add(text, "neg", topic, max(p.sensitive, c.sensitive), "long_post", f"{p.snippet}+{c.snippet}", split)

    frame = pd.DataFrame(rows)
    keys = frame["text"].map(preprocess)
    similarity = shift_similarity()(frame["text"].tolist())
    keep = []
    for key, close in zip(keys, similarity):
        keep.append(key not in seen and close < MAX_SHIFT_SIMILARITY)
        seen.add(key)
    kept = frame[keep].reset_index(drop=True)
    kept.attrs["shift_dropped"] = int(sum(close >= MAX_SHIFT_SIMILARITY for close in similarity))
    return kept
