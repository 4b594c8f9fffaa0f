"""Stories: items about one event grouped together, and how each story spreads over time.

Grouping is incremental and deterministic, so a story keeps its id while items keep arriving:

1. an exact or near copy of an earlier item (``duplicate_of``, see :mod:`.text`) joins the
   original's story, and a comment or reply joins its post's story;
2. any other item is compared with the stories active in the last :attr:`StoryClusterer.active`
   (cosine similarity of TF-IDF weights of words and word pairs, diacritics stripped so
   ``ngập`` and ``ngap`` meet, function words left out, document frequencies from the seed
   corpus so that words every local post uses count little) and joins the most similar one at
   :attr:`StoryClusterer.similarity` or above (single-pass "leader" clustering, as in
   :class:`nlp.hot_topics.HotTopicDetector`: no number of stories to choose);
3. otherwise it starts a new story whose id is a hash of the item's id.

A story's word weights are kept in ``social.stories.terms`` (its strongest terms only), so
the next batch continues from the stored state. After each batch the touched stories get
their totals (items, sources, reach = shares + comments, negative share from the sentiment
labels) and their hourly spread snapshots (cumulative items, sources, reach, negative share).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from operator import itemgetter
from typing import Any

import pandas as pd
import pyarrow as pa

from ioc.tables import text_isin
from ioc_plugins.social.tables import LABELS, SPREAD, STORIES, STORY_ITEMS
from ioc_plugins.social.text import short_hash, words
from nlp.corpus import load_corpus
from nlp.hot_topics import STOP_WORDS

_STOP = frozenset(STOP_WORDS)
#: Terms a story keeps for matching (project choice: enough to describe one event).
KEEP_TERMS = 60
SPREAD_WINDOW = "1h"
#: The item's heaviest terms a story must share to be compared at all (project choice).
CANDIDATE_TERMS = 12
#: How long a story without new items still attracts them (project choice).
ACTIVE = pd.Timedelta(days=3)


def _terms(text: str) -> Counter:
    tokens = [t for t in words(text) if t not in _STOP and len(t) > 1 and not t.isdigit()]
    counts = Counter(tokens)
    counts.update(f"{a} {b}" for a, b in pairwise(tokens))
    return counts


@lru_cache(maxsize=1)
def _document_frequencies() -> tuple[dict[str, int], int]:
    """How many texts of the seed corpus use each term: what is common in local posts."""
    texts = load_corpus("all")["text"].tolist()
    frequencies: Counter = Counter()
    for text in texts:
        frequencies.update(set(_terms(text)))
    return dict(frequencies), len(texts)


@lru_cache(maxsize=500_000)  # a look-up instead of a logarithm per term of every item; bounded
def idf(term: str) -> float:
    """Inverse document frequency of ``term`` in the seed corpus (smoothed; unseen terms weigh most).

    Words every local post uses (``vũng tàu``, ``đường``, ``công trình``) then count little
    and the words of the event itself (``giàn giáo``, ``sập``) decide which story an item joins.
    """
    frequencies, total = _document_frequencies()
    return math.log((total + 1) / (frequencies.get(term, 0) + 1)) + 1.0


def term_vector(text: str) -> dict[str, float]:
    """TF-IDF weights of the words and word pairs of ``text`` (function words left out)."""
    return {term: (1.0 + math.log(count)) * idf(term) for term, count in _terms(text).items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine similarity of two sparse weight vectors."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) < len(b) else (b, a)
    dot = sum(weight * large.get(term, 0.0) for term, weight in small.items())
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def _top(vector: dict[str, float], keep: int = KEEP_TERMS) -> dict[str, float]:
    """The ``keep`` heaviest terms, heaviest first, ties by term: two C-level sorts (by term,
    then a stable one by weight) instead of a key function called per term."""
    return dict(sorted(sorted(vector.items()), key=itemgetter(1), reverse=True)[:keep])


@dataclass
class _Story:
    story_id: str
    terms: dict[str, float]
    first_seen: pd.Timestamp
    last_seen: pd.Timestamp
    headline: str | None
    #: ``(terms, norm)``: the norm of the terms object it was computed for (terms are replaced, not changed)
    norm: tuple[dict[str, float], float] | None = None


@dataclass(frozen=True)
class StoryClusterer:
    """Assign items to stories (see the module docstring).

    Parameters
    ----------
    similarity
        Cosine similarity to a story's terms needed to join it (project choice, checked on the
        demo and test streams: rewrites of one event score 0.7–0.9, with and without
        diacritics; different news about the same street or place 0.1–0.25).
    active
        How long a story without new items still attracts them.
    """

    similarity: float = 0.3
    active: pd.Timedelta = ACTIVE

    def assign(
        self, items: pd.DataFrame, stories: pd.DataFrame, known: pd.DataFrame
    ) -> tuple[pd.DataFrame, dict[str, _Story]]:
        """Story of each new item.

        Parameters
        ----------
        items
            New items (``item_id, source_id, kind, parent_id, published_at, title, text,
            duplicate_of``); those already in ``known`` keep their story.
        stories
            Current ``social.stories`` rows (with ``terms``) that may still be active.
        known
            Current ``social.story_items`` rows of the items the new ones may refer to.

        Returns
        -------
        (pandas.DataFrame, dict)
            The new ``social.story_items`` rows, and the touched stories by id.
        """
        active = {row.story_id: _story_from_row(row) for row in stories.itertuples(index=False)}
        index = _ActiveIndex(active, self.active)
        story_of = dict(zip(known["item_id"], known["story_id"])) if len(known) else {}
        touched: dict[str, _Story] = {}
        rows = []
        for item in items.sort_values(["published_at", "item_id"]).itertuples(index=False):
            if item.item_id in story_of:
                continue
            text = " ".join(str(v) for v in (item.title, item.text) if isinstance(v, str))
            vector = term_vector(text)
            story_id, similarity = self._linked(item, story_of)
            if story_id is None:
                story_id, similarity = self._nearest(vector, item.published_at, active, index)
            if story_id is None or story_id not in active:
                story_id = story_id or f"s-{short_hash(str(item.item_id), 12)}"
                headline = item.title if isinstance(item.title, str) and item.title else text[:120] or None
                active[story_id] = _Story(story_id, {}, item.published_at, item.published_at, headline)
                similarity = 1.0
            story = active[story_id]
            merged = Counter(story.terms)
            merged.update(vector)
            story.terms = _top(dict(merged))
            story.last_seen = max(story.last_seen, item.published_at)
            story.first_seen = min(story.first_seen, item.published_at)
            index.joined(story)
            touched[story_id] = story
            story_of[item.item_id] = story_id
            rows.append(
                (item.item_id, story_id, item.published_at, item.source_id, round(min(max(similarity, 0.0), 1.0), 4))
            )
        frame = pd.DataFrame(rows, columns=STORY_ITEMS.column_names)
        return frame, touched

    @staticmethod
    def _linked(item: Any, story_of: dict[str, str]) -> tuple[str | None, float]:
        """The story of the item's original (a copy) or of its post (a comment)."""
        for link in (item.duplicate_of, item.parent_id):
            if isinstance(link, str) and link in story_of:
                return story_of[link], 1.0
        return None, 0.0

    def _nearest(
        self, vector: dict[str, float], time: pd.Timestamp, active: dict[str, _Story], index: _ActiveIndex
    ) -> tuple[str | None, float]:
        """The most similar active story sharing one of the item's strongest terms.

        Only stories that have one of the item's :data:`CANDIDATE_TERMS` heaviest terms are
        compared (an inverted index): a story similar enough to join shares them, and a
        stream of a million items a day is not compared with every story.
        """
        strongest = sorted(vector, key=lambda term: (-vector[term], term))[:CANDIDATE_TERMS]
        candidates = index.candidates(strongest, time)
        if not candidates:
            return None, 0.0
        norm = math.sqrt(sum(w * w for w in vector.values()))
        best, best_score = None, 0.0
        for story_id in sorted(candidates):
            story = active[story_id]
            score = _cosine_with(vector, norm, story)
            if score > best_score or (score == best_score and best is not None and story_id < best):
                best, best_score = story_id, score
        return (best, best_score) if best_score >= self.similarity else (None, 0.0)


class _ActiveIndex:
    """Inverted index term → stories, holding only the stories an item at the current time may join.

    Items are assigned in time order, so a story is a candidate from ``first_seen - active``
    until ``last_seen + active``. Stories read from the lake (which may lie later than the
    batch's first items) wait, sorted by their window's start, until the sweep reaches it; a story
    whose window has passed is dropped from the term lists the first time it is met there,
    and comes back (with every term it was ever indexed under) if an item joins it anyway
    (a comment or a copy follows its post whatever the time). The candidates are exactly
    those of a plain index of every story filtered by the window, without visiting the
    year's quiet stories for every item.
    """

    def __init__(self, stories: dict[str, _Story], active: pd.Timedelta) -> None:
        self.active = active
        self.stories = stories
        # story → every term it was indexed under; a stored story starts with the terms it was
        # read with, even when an item joins it before its window opens (and replaces them)
        self.terms: dict[str, set[str]] = {story_id: set(story.terms) for story_id, story in stories.items()}
        self.index: dict[str, set[str]] = {}  # term → stories in the index now
        self.listed: set[str] = set()
        self.waiting = sorted((story.first_seen - active, story.story_id) for story in stories.values())
        self.waiting.reverse()  # a stack: the earliest window on top

    def _list(self, story: _Story) -> None:
        known = self.terms.setdefault(story.story_id, set())
        if story.story_id in self.listed:  # indexed under every known term already: add the new ones
            added = [term for term in story.terms if term not in known]
        else:
            known.update(story.terms)
            added = list(known)
            self.listed.add(story.story_id)
        known.update(added)
        for term in added:
            self.index.setdefault(term, set()).add(story.story_id)

    def joined(self, story: _Story) -> None:
        """An item joined ``story``: its new terms (and the story itself, if dropped) go in."""
        self._list(story)

    def candidates(self, strongest: list[str], time: pd.Timestamp) -> set[str]:
        """Stories in their window at ``time`` that were ever indexed under one of ``strongest``."""
        while self.waiting and self.waiting[-1][0] <= time:
            _, story_id = self.waiting.pop()
            if story_id not in self.listed:
                self._list(self.stories[story_id])
        found: set[str] = set()
        for term in strongest:
            ids = self.index.get(term)
            if not ids:
                continue
            ended = []
            for story_id in ids:
                story = self.stories[story_id]
                if time - story.last_seen > self.active:
                    ended.append(story_id)  # never again, unless an item joins it anyway
                elif story.first_seen - time <= self.active:
                    found.add(story_id)
            for story_id in ended:
                self._drop(story_id)
        return found

    def _drop(self, story_id: str) -> None:
        for term in self.terms.get(story_id, ()):
            ids = self.index.get(term)
            if ids is not None:
                ids.discard(story_id)
        self.listed.discard(story_id)


def _cosine_with(vector: dict[str, float], norm: float, story: _Story) -> float:
    """:func:`cosine` of an item's vector (its norm given) and a story's terms (their norm cached)."""
    terms = story.terms
    if not vector or not terms:
        return 0.0
    cached = story.norm
    if cached is None or cached[0] is not terms:
        cached = story.norm = (terms, math.sqrt(sum(w * w for w in terms.values())))
    denominator = norm * cached[1]
    if not denominator:
        return 0.0
    small, large = (vector, terms) if len(vector) < len(terms) else (terms, vector)
    return sum(weight * large.get(term, 0.0) for term, weight in small.items()) / denominator


def _story_from_row(row: Any) -> _Story:
    try:
        terms = json.loads(row.terms) if isinstance(row.terms, str) else {}
    except ValueError:
        terms = {}
    return _Story(row.story_id, terms, pd.Timestamp(row.first_seen), pd.Timestamp(row.last_seen), row.headline)


def keywords(terms: dict[str, float], n: int = 5) -> str:
    """The ``n`` strongest single words of a story, comma-separated."""
    single = [term for term, _ in sorted(terms.items(), key=lambda kv: (-kv[1], kv[0])) if " " not in term]
    return ", ".join(single[:n])


def item_reach(items: pd.DataFrame) -> pd.Series:
    """Each item's reach: shares + comments, a missing count as 0 (as ``_MEMBERS`` in SQL)."""
    return items["shares"].fillna(0).astype("int64") + items["comments"].fillna(0).astype("int64")


def story_members(members: pd.DataFrame, items: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    """Members of stories with what the totals need: ``reach`` and ``negative`` (1/0/NaN)."""
    frame = members.merge(items[["item_id", "shares", "comments"]], on="item_id", how="left")
    frame["reach"] = item_reach(frame)
    sentiment = (
        labels[["item_id", "sentiment_label"]] if len(labels) else pd.DataFrame(columns=["item_id", "sentiment_label"])
    )
    frame = frame.merge(sentiment, on="item_id", how="left")
    label = frame["sentiment_label"]
    frame["negative"] = (label == "negative").astype("float64").where(label.notna())
    return frame


def story_rows(members: pd.DataFrame, touched: dict[str, _Story], topics: pd.Series | None = None) -> pd.DataFrame:
    """``social.stories`` rows of the touched stories from all their members (see :func:`story_members`).

    One group-by over the members (a year's batch touches every story of the year: a
    filter per story would be quadratic). The definition :func:`update_stories` computes in
    DuckDB instead (:func:`_figures`), and the reference it is tested against.
    """
    ids = sorted(touched)
    group = members[text_isin(members["story_id"], touched)].groupby("story_id", sort=True)
    totals = pd.DataFrame(
        {
            "first_seen": group["published_at"].min(),
            "last_seen": group["published_at"].max(),
            "items": group.size(),
            "sources": group["source_id"].nunique(),
            "reach": group["reach"].sum(),
            "negative_sum": group["negative"].sum(),
            "labelled": group["negative"].count(),
        }
    )
    topic = pd.Series(None, index=ids, dtype=object)
    if topics is not None and len(members):
        found = members[["story_id", "item_id"]].assign(topic=members["item_id"].map(topics)).dropna(subset=["topic"])
        found = found[text_isin(found["story_id"], touched)]
        if len(found):
            counts = found.groupby(["story_id", "topic"]).size().rename("n").reset_index()
            # the most frequent topic; on a tie the first in order (as ``Series.mode().iloc[0]``)
            counts = counts.sort_values(["story_id", "n", "topic"], ascending=[True, False, True])
            first = counts.drop_duplicates("story_id").set_index("story_id")["topic"]
            topic.loc[first.index] = first.to_numpy()
    return _story_frame(totals, topic, touched)


def _story_frame(totals: pd.DataFrame, topic: pd.Series, touched: dict[str, _Story]) -> pd.DataFrame:
    """``social.stories`` rows from each touched story's totals over its members (indexed by
    story id; a story without a member has none) and its most frequent topic."""
    ids = sorted(touched)
    totals = totals.reindex(ids)
    rows = []
    for story_id, items, first_seen, last_seen, sources, reach, negative, labelled, story_topic in zip(
        ids,
        totals["items"],
        totals["first_seen"],
        totals["last_seen"],
        totals["sources"],
        totals["reach"],
        totals["negative_sum"],
        totals["labelled"],
        topic.reindex(ids),
    ):
        story = touched[story_id]
        present = items == items and items > 0  # NaN: the story has no member here
        rows.append(
            {
                "story_id": story_id,
                "first_seen": first_seen if present else story.first_seen,
                "last_seen": last_seen if present else story.last_seen,
                "headline": story.headline,
                "keywords": keywords(story.terms),
                "terms": json.dumps(story.terms, ensure_ascii=False, sort_keys=True),
                "topic": story_topic if isinstance(story_topic, str) else None,
                "items": int(items) if present else 0,
                "sources": int(sources) if present else 0,
                "reach": int(reach) if present else 0,
                "negative_share": round(float(negative) / labelled, 4) if present and labelled else None,
            }
        )
    return pd.DataFrame(rows, columns=STORIES.column_names)


def spread_rows(members: pd.DataFrame, window: str = SPREAD_WINDOW) -> pd.DataFrame:
    """Hourly cumulative spread of each story in ``members`` (windows with new items only).

    Reach is counted with each item's engagement as last collected, in the window the item
    was published (project choice: the history of ``social.items`` has the counts over time
    when a finer curve is needed).
    """
    if members.empty:
        return pd.DataFrame(columns=SPREAD.column_names)
    frame = members.assign(window_start=pd.to_datetime(members["published_at"], utc=True).dt.floor(window))
    frame = frame.sort_values(["story_id", "published_at", "item_id"])
    frame["first_of_source"] = ~frame.duplicated(["story_id", "source_id"])
    frame["labelled"] = frame["negative"].notna().astype(int)
    frame["negative_count"] = frame["negative"].fillna(0)
    grouped = frame.groupby(["story_id", "window_start"], sort=True).agg(
        new_items=("item_id", "size"),
        new_sources=("first_of_source", "sum"),
        reach=("reach", "sum"),
        labelled=("labelled", "sum"),
        negative=("negative_count", "sum"),
    )
    cumulative = grouped.groupby(level="story_id").cumsum()
    return _spread_frame(cumulative.assign(new_items=grouped["new_items"], items=cumulative["new_items"]).reset_index())


def _spread_frame(windows: pd.DataFrame) -> pd.DataFrame:
    """``social.spread`` rows from each window's ``new_items`` and the cumulative ``items``,
    ``new_sources``, ``reach``, ``labelled`` and ``negative`` up to it."""
    share = (windows["negative"] / windows["labelled"]).where(windows["labelled"] > 0).round(4)
    return windows.assign(sources=windows["new_sources"], negative_share=share)[SPREAD.column_names]


def changed_spread(members: pd.DataFrame, changed: Any, window: str = SPREAD_WINDOW) -> pd.DataFrame:
    """The :func:`spread_rows` of each story from the window of its earliest ``changed``
    member on (a new item, or one collected again with new counts). Like :func:`story_rows`,
    the definition :func:`_figures` computes in DuckDB and is tested against.

    The windows before it hold the same cumulative figures as already stored: a story that
    lives all year would otherwise write its year of snapshots again with every batch that
    touches it (at province-year ×0.1 in parts: 14.7 M repeated rows for 2.5 M stored).
    """
    rows = spread_rows(members, window)
    if rows.empty:
        return rows
    affected = members[text_isin(members["item_id"], set(changed))]
    since = pd.to_datetime(affected["published_at"], utc=True).dt.floor(window).groupby(affected["story_id"]).min()
    # a story with no changed member (none is expected) keeps every window
    start = rows["story_id"].map(since).fillna(rows["window_start"].min())
    return rows[rows["window_start"] >= start].reset_index(drop=True)


def update_stories(
    datalayer: Any,
    items: pd.DataFrame,
    labels: pd.DataFrame,
    clusterer: StoryClusterer | None = None,
    row_hashes: pd.Series | None = None,
) -> list[tuple[str, pd.DataFrame]]:
    """New story memberships, and the touched stories' totals and spread, for newly written items.

    ``labels`` are the new items' labels (not yet in the lake when this runs). ``row_hashes``:
    the stored ``_row_hash`` of each written item (by item id), to find the version each one
    superseded; without them every item that is a member already counts as changed.
    """
    clusterer = clusterer or StoryClusterer()
    if items.empty:
        return []
    earliest = items["published_at"].min() - clusterer.active
    stories = _read(datalayer, STORIES.name, where=f"\"last_seen\" >= TIMESTAMPTZ '{earliest.isoformat()}'")
    stories = stories if stories is not None else STORIES.empty_frame()
    references = set(items["item_id"]) | set(items["duplicate_of"].dropna()) | set(items["parent_id"].dropna())
    known = _read_in(datalayer, STORY_ITEMS.name, "item_id", references) if references else None
    known = known if known is not None else pd.DataFrame(columns=STORY_ITEMS.column_names)
    new_members, touched = clusterer.assign(items, stories, known)
    # items collected again with new counts, or labelled otherwise, change their stories'
    # figures: recompute those too. A copy mark alone (``duplicate_of``, written as a
    # superseding row by ``derive``) changes neither, and at province scale its stories'
    # figures cost as much as the batch's own (the same ~2 M members read again, for nothing)
    members_again = known[text_isin(known["item_id"], items["item_id"])]
    changed = _figures_changed(datalayer, items, labels, set(members_again["item_id"]), row_hashes)
    again = set(members_again.loc[text_isin(members_again["item_id"], changed), "story_id"]) - set(touched)
    if again:
        listed = stories[text_isin(stories["story_id"], again)]
        missing = again - set(listed["story_id"])
        stored = _read_in(datalayer, STORIES.name, "story_id", missing) if missing else None
        for frame in (listed, stored):
            if frame is not None:
                for row in frame.drop_duplicates("story_id").itertuples(index=False):
                    touched[row.story_id] = _story_from_row(row)
    if not touched:
        return [(STORY_ITEMS.name, new_members)] if len(new_members) else []
    totals, topic, spread = _figures(datalayer, touched, new_members, items, labels)
    batches = [
        (STORY_ITEMS.name, new_members),
        (STORIES.name, _story_frame(totals, topic, touched)),
        (SPREAD.name, spread),
    ]
    return [(name, frame) for name, frame in batches if len(frame)]


#: Each written item's reach in the version it superseded: the latest stored before the
#: written row itself (found by its row hash; a later version another batch wrote since is
#: not the one this batch's figures replace).
_PREVIOUS_REACH = """
WITH versions AS (
    SELECT h.item_id, h._row_hash, w._row_hash AS written_hash,
        coalesce(h.shares, 0)::BIGINT + coalesce(h.comments, 0)::BIGINT AS reach,
        row_number() OVER (PARTITION BY h.item_id ORDER BY h._ingested_at DESC, h._seq DESC) AS age
    FROM social.items__history AS h JOIN _written AS w USING (item_id)
),
written AS (SELECT item_id, min(age) AS age FROM versions WHERE _row_hash = written_hash GROUP BY item_id)
SELECT v.item_id, v.reach FROM versions AS v JOIN written AS w ON v.item_id = w.item_id AND v.age = w.age + 1
"""


def _figures_changed(
    datalayer: Any, items: pd.DataFrame, labels: pd.DataFrame, members: set[str], row_hashes: pd.Series | None
) -> set[str]:
    """The ``members`` (ids of written items that belong to a story already) whose reach or
    sentiment and topic labels differ from those of the version they superseded: the ones
    whose stories' figures change."""
    if not members or row_hashes is None:
        return members
    hashes = row_hashes[text_isin(pd.Series(row_hashes.index), members).to_numpy()]
    written = pa.table({"item_id": pa.array(hashes.index.astype(str)), "_row_hash": pa.array(hashes.to_numpy())})
    previous = datalayer.sql(_PREVIOUS_REACH, relations={"_written": written}).set_index("item_id")["reach"]
    batch = items.drop_duplicates("item_id", keep="last").set_index("item_id")
    now = item_reach(batch)
    changed = {i for i in members if i not in previous.index or i not in now.index or previous[i] != now[i]}
    if len(labels):
        columns = ["item_id", "sentiment_label", "topic_label"]
        new = labels.drop_duplicates("item_id", keep="last").set_index("item_id")[columns[1:]]
        stored = _read_in(datalayer, LABELS.name, "item_id", members - changed, columns=columns)
        stored = stored.set_index("item_id")[columns[1:]] if stored is not None else new.iloc[0:0]
        for item_id in members - changed:
            if item_id not in new.index:  # no new label: the stored one stays in the figures
                continue
            if item_id not in stored.index or not _same_labels(new.loc[item_id], stored.loc[item_id]):
                changed.add(item_id)
    return changed


def _same_labels(a: pd.Series, b: pd.Series) -> bool:
    """Equal label values, a missing label equal to a missing one."""
    return all((pd.isna(x) and pd.isna(y)) if pd.isna(x) or pd.isna(y) else x == y for x, y in zip(a, b, strict=True))


#: The touched stories' members with what their totals and spread need: the stored members
#: and the batch's new ones (which win), each with its item's reach (the batch's counts win
#: over the stored ones) and sentiment and topic labels (the batch's win). Only the
#: ``relations`` of :func:`_figures` and the lake's current rows are read.
_MEMBERS = """
members AS (
    SELECT item_id, story_id, published_at, source_id FROM _new_members
    UNION ALL
    SELECT item_id, story_id, published_at, source_id FROM social.story_items
    WHERE story_id IN (SELECT story_id FROM _touched) AND item_id NOT IN (SELECT item_id FROM _new_members)
),
counts AS (
    SELECT item_id, shares, comments FROM _batch_items
    UNION ALL
    SELECT item_id, shares, comments FROM social.items
    WHERE item_id IN (SELECT item_id FROM members) AND item_id NOT IN (SELECT item_id FROM _batch_items)
),
labelled AS (
    SELECT item_id, sentiment_label, topic_label FROM _batch_labels
    UNION ALL
    SELECT item_id, sentiment_label, topic_label FROM social.labels
    WHERE item_id IN (SELECT item_id FROM members) AND item_id NOT IN (SELECT item_id FROM _batch_labels)
),
detailed AS MATERIALIZED (
    SELECT m.story_id, m.item_id, m.published_at, m.source_id,
        coalesce(c.shares, 0)::BIGINT + coalesce(c.comments, 0)::BIGINT AS reach,
        CASE WHEN l.sentiment_label IS NULL THEN NULL WHEN l.sentiment_label = 'negative' THEN 1.0 ELSE 0.0 END
            AS negative,
        l.topic_label AS topic
    FROM members AS m LEFT JOIN counts AS c USING (item_id) LEFT JOIN labelled AS l USING (item_id)
)"""

_TOTALS = f"""
WITH {_MEMBERS},
topics AS (SELECT story_id, topic, count(*) AS n FROM detailed WHERE topic IS NOT NULL GROUP BY story_id, topic)
SELECT d.story_id, min(d.published_at) AS first_seen, max(d.published_at) AS last_seen, count(*) AS items,
    count(DISTINCT d.source_id) AS sources, sum(d.reach)::BIGINT AS reach,
    coalesce(sum(d.negative), 0) AS negative_sum, count(d.negative) AS labelled,
    -- the most frequent topic; on a tie the first in order (as story_rows)
    (SELECT first(t.topic ORDER BY t.n DESC, t.topic) FROM topics AS t WHERE t.story_id = d.story_id) AS topic
FROM detailed AS d GROUP BY d.story_id
"""

#: :func:`changed_spread` in SQL: hourly windows of the members (UTC hours), each source
#: counted in the window of its first item, sums from the story's first window on, and only
#: the windows from the earliest one a batch item falls in.
_SPREAD = f"""
WITH {_MEMBERS},
windows AS (
    SELECT story_id, item_id, reach, negative,
        date_trunc('hour', published_at AT TIME ZONE 'UTC') AS window_start,
        row_number() OVER (PARTITION BY story_id, source_id ORDER BY published_at, item_id) = 1 AS first_of_source
    FROM detailed
),
per_window AS (
    SELECT story_id, window_start, count(*) AS new_items, sum(first_of_source::BIGINT) AS new_sources,
        sum(reach)::BIGINT AS reach, count(negative) AS labelled, sum(coalesce(negative, 0)) AS negative
    FROM windows GROUP BY story_id, window_start
),
since AS (
    SELECT story_id, min(window_start) AS since FROM windows
    WHERE item_id IN (SELECT item_id FROM _batch_items) GROUP BY story_id
)
SELECT * FROM (
    SELECT w.story_id, w.window_start, w.new_items,
        (sum(w.new_items) OVER running)::BIGINT AS items, (sum(w.new_sources) OVER running)::BIGINT AS new_sources,
        (sum(w.reach) OVER running)::BIGINT AS reach, (sum(w.labelled) OVER running)::BIGINT AS labelled,
        sum(w.negative) OVER running AS negative,
        s.since
    FROM per_window AS w LEFT JOIN since AS s USING (story_id)
    WINDOW running AS (PARTITION BY w.story_id ORDER BY w.window_start ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
-- the unchanged windows stay here (a year-long story has thousands): sums first, then the cut
WHERE since IS NULL OR window_start >= since
"""


def _figures(
    datalayer: Any, touched: dict[str, _Story], new_members: pd.DataFrame, items: pd.DataFrame, labels: pd.DataFrame
) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame]:
    """The touched stories' totals (by story id), most frequent topics and changed spread rows,
    as :func:`story_rows` and :func:`changed_spread` give them over :func:`story_members`.

    Computed by DuckDB next to the lake: a story that lives all year has hundreds of
    thousands of members at province scale, and reading them, their items and labels into
    pandas for every batch that touches it grew with the year (45 % of a province-year ×1
    run by its sixth percent). The batch's rows, not stored yet, join as Arrow tables.
    """
    relations = {
        "_touched": pa.table({"story_id": pa.array(sorted(touched), pa.string())}),
        "_new_members": _arrow(new_members, ["item_id", "story_id", "published_at", "source_id"]),
        "_batch_items": _arrow(items.drop_duplicates("item_id", keep="last"), ["item_id", "shares", "comments"]),
        "_batch_labels": _arrow(
            labels.drop_duplicates("item_id", keep="last") if len(labels) else LABELS.empty_frame(),
            ["item_id", "sentiment_label", "topic_label"],
        ),
    }
    totals = datalayer.sql(_TOTALS, relations=relations).set_index("story_id")
    for column in ("first_seen", "last_seen"):
        totals[column] = pd.to_datetime(totals[column], utc=True)
    topic = totals.pop("topic").astype(object).where(totals["items"] > 0)
    windows = datalayer.sql(_SPREAD, relations=relations)
    windows["window_start"] = pd.to_datetime(windows["window_start"]).dt.tz_localize("UTC")
    windows = windows.sort_values(["story_id", "window_start"], ignore_index=True)
    return totals, topic, _spread_frame(windows)


def _arrow(frame: pd.DataFrame, columns: list[str]) -> pa.Table:
    """``columns`` of ``frame`` as an Arrow table (DuckDB reads it in place)."""
    return pa.Table.from_pandas(frame[columns], preserve_index=False)


def _read_in(
    datalayer: Any, table: str, column: str, values: Any, columns: list[str] | None = None
) -> pd.DataFrame | None:
    """Current rows of ``table`` whose ``column`` is one of ``values`` (``None`` before its first write).

    A year's batch names hundreds of thousands of ids (the members of its stories): they
    reach DuckDB as an Arrow table (``DataLayer.read``'s ``values``), not as SQL text nor as
    a Python list bound as one parameter (for a million ids: 2.6 s to build that list alone).
    """
    if datalayer.version(table) is None:
        return None
    if isinstance(values, set | dict):
        values = [str(v) for v in values]
    return datalayer.read(table, columns=columns, values={column: values})


def _read(datalayer: Any, table: str, where: str) -> pd.DataFrame | None:
    """Current rows of ``table`` matching ``where`` (``None`` before the table's first write)."""
    if datalayer.version(table) is None:
        return None
    return datalayer.read(table, where=where)
