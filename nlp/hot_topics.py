"""Hot topics (*chủ đề nóng*): related posts whose volume jumps above their own baseline.

:class:`HotTopicDetector` does three things with a frame of posts (``time``, ``text`` and
optionally ``sensitive``):

1. **Group related posts.** Texts are normalised with :func:`nlp.preprocess.preprocess`, stripped
   of diacritics (so ``cháy chợ`` and ``chay cho`` meet) and turned into TF-IDF vectors of words
   and word pairs. Posts are clustered incrementally, one time window after another: a post
   joins the most similar recent topic when the cosine similarity to its centroid reaches
   ``similarity``, otherwise it starts a new topic (single-pass "leader" clustering, which needs
   no number of topics and follows a stream).
2. **Count per window against the topic's own baseline.** For every topic and window the post
   count is compared with an exponentially weighted mean and variance of the topic's counts in
   the previous windows (span ``baseline_windows``), giving
   ``z = (count - mean) / sqrt(max(variance, mean) + 1)``; the Poisson floor ``mean`` and the
   ``+ 1`` keep a new topic from scoring infinity on its first few posts.
3. **Weight by sensitivity and alert.** The burst ``score`` is ``z`` times
   ``floor + (1 - floor) * sensitive_share``, where ``sensitive_share`` is the mean sensitivity of
   the window's posts in that topic (a ``sensitive`` column of probabilities or booleans, a
   callable, or by default the keyword rules of :mod:`nlp.corpus.annotator`). A window alerts
   when ``score >= threshold`` and ``count >= min_count``, once the detector has seen
   ``warmup_windows`` windows of history (before that every topic looks new).

:func:`evaluate_planted_bursts` measures detection on synthetic traffic made of corpus texts:
a flat background plus planted bursts of near-duplicate posts about one sensitive event.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from nlp.corpus import load_corpus
from nlp.corpus.annotator import label_sensitivity
from nlp.preprocess import preprocess, strip_diacritics

__all__ = ["HotTopicDetector", "evaluate_planted_bursts", "make_planted_traffic"]

# Function words that would otherwise make unrelated posts look alike (diacritics stripped).
STOP_WORDS = sorted(
    {
        strip_diacritics(w)
        for w in """
    và của là ở tại có không được đã đang sẽ thì mà này kia đó các những một hai cho với về từ
    đến trong ngoài trên dưới như nhưng nên vì do bị rất quá lắm rồi vậy nha nhé ạ ơi thế gì
    ai nào đâu cũng còn mới vẫn lại ra vào lên xuống hết nữa chứ hay hoặc khi lúc nay hôm ngày
    giờ người mọi tôi mình bạn anh chị em ông bà cô chú nhà xin hỏi cảm ơn ghê thật chỉ
    url email phone mention plate
""".split()
    }
)


def _default_sensitivity(texts: Sequence[str]) -> np.ndarray:
    return np.array([label_sensitivity(t) == "sensitive" for t in texts], dtype=float)


@dataclass
class _Topic:
    """Running state of one topic: summed member vectors (pruned) and size."""

    vector: dict[int, float]
    size: int
    last_window: int
    first_window: int
    term_counts: Counter = field(default_factory=Counter)


class HotTopicDetector:
    """Find topics whose volume of posts rises fast above their own baseline.

    Parameters
    ----------
    window : str, default "1h"
        Length of a counting window (a pandas offset alias: ``"30min"``, ``"1h"``, ``"1D"``).
    baseline_windows : int, default 24
        Span of the exponentially weighted baseline, in windows.
    threshold : float, default 3.0
        Score at or above which a window alerts.
    min_count : int, default 5
        Posts a topic needs in a window to alert at all.
    similarity : float, default 0.35
        Cosine similarity to a topic's centroid needed to join it.
    sensitivity : callable, optional
        ``texts -> probabilities`` used when the posts have no ``sensitive`` column. Defaults to
        the keyword rules of :mod:`nlp.corpus.annotator`; pass a trained classifier here.
    sensitivity_floor : float, default 0.25
        Weight of a burst with no sensitive posts; a fully sensitive burst has weight 1.
    warmup_windows : int, optional
        Windows of history needed before alerts; default ``max(3, baseline_windows // 4)``.
    active_windows : int, optional
        A topic silent for longer than this no longer attracts posts; default
        ``baseline_windows``.
    max_features : int, default 20000
        Vocabulary size of the TF-IDF vectoriser.
    """

    def __init__(
        self,
        window: str = "1h",
        baseline_windows: int = 24,
        threshold: float = 3.0,
        min_count: int = 5,
        similarity: float = 0.35,
        *,
        sensitivity: Callable[[Sequence[str]], Sequence[float]] | None = None,
        sensitivity_floor: float = 0.25,
        warmup_windows: int | None = None,
        active_windows: int | None = None,
        max_features: int = 20000,
    ) -> None:
        self.window = pd.Timedelta(pd.tseries.frequencies.to_offset(window))
        if self.window <= pd.Timedelta(0):
            raise ValueError(f"window must be positive, got {window!r}")
        if baseline_windows < 2:
            raise ValueError(f"baseline_windows must be at least 2, got {baseline_windows}")
        if not 0.0 < similarity <= 1.0:
            raise ValueError(f"similarity must be within (0, 1], got {similarity}")
        if not 0.0 <= sensitivity_floor <= 1.0:
            raise ValueError(f"sensitivity_floor must be within [0, 1], got {sensitivity_floor}")
        self.window_label = window
        self.baseline_windows = baseline_windows
        self.threshold = threshold
        self.min_count = min_count
        self.similarity = similarity
        self.sensitivity = sensitivity
        self.sensitivity_floor = sensitivity_floor
        self.warmup_windows = max(3, baseline_windows // 4) if warmup_windows is None else warmup_windows
        self.active_windows = baseline_windows if active_windows is None else active_windows
        self.max_features = max_features
        self.topics_: list[_Topic] = []
        self.vocabulary_: list[str] = []
        self._display_forms: dict[str, Counter] = {}

    def __repr__(self) -> str:
        return (
            f"HotTopicDetector(window={self.window_label!r}, baseline_windows={self.baseline_windows}, "
            f"threshold={self.threshold}, min_count={self.min_count}, similarity={self.similarity})"
        )

    # --------------------------------------------------------------------------------------
    # Grouping
    # --------------------------------------------------------------------------------------

    def _validate(self, posts: pd.DataFrame) -> pd.DataFrame:
        if not isinstance(posts, pd.DataFrame):
            raise TypeError(f"posts must be a pandas DataFrame, got {type(posts).__name__}")
        missing = [c for c in ("time", "text") if c not in posts.columns]
        if missing:
            raise ValueError(f"posts lack column(s) {missing}; need 'time' and 'text' (and optionally 'sensitive')")
        frame = posts.copy()
        try:
            frame["time"] = pd.to_datetime(frame["time"], utc=True)
        except (ValueError, TypeError) as error:
            raise ValueError(f"column 'time' is not parseable as timestamps: {error}") from None
        if frame["time"].isna().any():
            raise ValueError(f"{int(frame['time'].isna().sum())} post(s) have no time")
        if frame["text"].map(lambda t: not isinstance(t, str)).any():
            raise ValueError("column 'text' must contain strings only")
        if "sensitive" in frame.columns:
            values = pd.to_numeric(frame["sensitive"].astype("float64"), errors="raise")
            if ((values < 0) | (values > 1)).any() or values.isna().any():
                raise ValueError("column 'sensitive' must hold probabilities in [0, 1] or booleans")
            frame["sensitive"] = values
        else:
            scorer = self.sensitivity or _default_sensitivity
            frame["sensitive"] = np.asarray(scorer(list(frame["text"])), dtype=float)
        return frame

    def _vectorise(self, texts: Sequence[str]):
        from sklearn.feature_extraction.text import TfidfVectorizer

        normalised = [preprocess(t) for t in texts]
        for text in normalised:  # remember how stripped words are usually spelt, for keywords
            for token in text.split():
                if token.isalpha():
                    self._display_forms.setdefault(strip_diacritics(token), Counter())[token] += 1
        stripped = [strip_diacritics(t) for t in normalised]
        vectoriser = TfidfVectorizer(
            ngram_range=(1, 2),
            sublinear_tf=True,
            stop_words=STOP_WORDS,
            max_features=self.max_features,
            token_pattern=r"(?u)\b\w+\b",
        )
        try:
            matrix = vectoriser.fit_transform(stripped)
        except ValueError:  # no word at all (only emoji, placeholders, stop words): no grouping
            from scipy import sparse

            self.vocabulary_ = []
            return sparse.csr_matrix((len(texts), 0))
        self.vocabulary_ = list(vectoriser.get_feature_names_out())
        return matrix.tocsr()

    def fit_transform(self, posts: pd.DataFrame) -> pd.DataFrame:
        """Assign every post to a topic.

        Parameters
        ----------
        posts : pandas.DataFrame
            Columns ``time`` (timestamps; naive ones are taken as UTC), ``text`` and optionally
            ``sensitive`` (probability or boolean per post).

        Returns
        -------
        pandas.DataFrame
            Indexed like ``posts``: ``topic_id`` (int), ``window_start`` (UTC timestamp),
            ``similarity`` (to the topic's centroid when the post joined; 1.0 for a topic's
            first post) and ``sensitive`` (the probability used).
        """
        frame = self._validate(posts)
        self.topics_ = []
        self._display_forms = {}
        if frame.empty:
            self.origin_ = None
            return pd.DataFrame(
                {
                    "topic_id": pd.Series(dtype="int64"),
                    "window_start": pd.Series(dtype="datetime64[ns, UTC]"),
                    "similarity": pd.Series(dtype="float64"),
                    "sensitive": pd.Series(dtype="float64"),
                }
            )
        order = np.argsort(frame["time"].to_numpy(), kind="stable")
        frame = frame.iloc[order]
        matrix = self._vectorise(list(frame["text"]))
        self.origin_ = frame["time"].min().floor(self.window)
        window_index = ((frame["time"] - self.origin_) // self.window).to_numpy().astype(int)
        topic_ids = np.empty(len(frame), dtype=int)
        similarities = np.empty(len(frame), dtype=float)
        for window in np.unique(window_index):
            rows = np.flatnonzero(window_index == window)
            self._cluster_window(matrix, rows, int(window), topic_ids, similarities)
        result = pd.DataFrame(
            {
                "topic_id": topic_ids,
                "window_start": self.origin_ + window_index * self.window,
                "similarity": similarities,
                "sensitive": frame["sensitive"].to_numpy(),
            },
            index=frame.index,
        )
        return result.loc[posts.index]

    def _centroids(self, window: int) -> tuple[list[int], object]:
        """Sparse matrix of the unit-normalised centroids of topics active near ``window``."""
        from scipy import sparse

        active = [i for i, t in enumerate(self.topics_) if window - t.last_window <= self.active_windows]
        if not active:
            return active, None
        data, indices, indptr = [], [], [0]
        for i in active:
            vector = self.topics_[i].vector
            norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
            indices.extend(vector)
            data.extend(v / norm for v in vector.values())
            indptr.append(len(indices))
        shape = (len(active), len(self.vocabulary_))
        return active, sparse.csr_matrix((data, indices, indptr), shape=shape)

    def _cluster_window(self, matrix, rows: np.ndarray, window: int, topic_ids, similarities) -> None:
        """Assign the posts of one window: to recent topics, else to leaders within the window."""
        active, centroids = self._centroids(window)
        block = matrix[rows]
        best_sim = np.zeros(len(rows))
        best_topic = np.full(len(rows), -1)
        if centroids is not None:
            sims = (block @ centroids.T).toarray()
            best = sims.argmax(axis=1)
            best_sim = sims[np.arange(len(rows)), best]
            best_topic = np.where(best_sim >= self.similarity, np.array(active)[best], -1)
        # Posts matching no recent topic: single-pass leader clustering among themselves.
        leaders: list[tuple[int, int]] = []  # (index in `pending`, topic id) of new topics here
        pending = np.flatnonzero(best_topic < 0)
        pending_sims = (block[pending] @ block[pending].T).toarray() if len(pending) else None
        for k, position in enumerate(pending):
            if leaders:
                candidate = pending_sims[k, [index for index, _ in leaders]]
                j = int(candidate.argmax())
                if candidate[j] >= self.similarity:
                    best_topic[position] = leaders[j][1]
                    best_sim[position] = candidate[j]
                    continue
            self.topics_.append(_Topic(vector={}, size=0, last_window=window, first_window=window))
            leaders.append((k, len(self.topics_) - 1))
            best_topic[position] = len(self.topics_) - 1
            best_sim[position] = 1.0
        for position, topic_id in enumerate(best_topic):
            self._add_to_topic(int(topic_id), block[position], window)
        topic_ids[rows] = best_topic
        similarities[rows] = best_sim

    def _add_to_topic(self, topic_id: int, vector, window: int, keep: int = 200) -> None:
        topic = self.topics_[topic_id]
        for index, value in zip(vector.indices, vector.data):
            topic.vector[int(index)] = topic.vector.get(int(index), 0.0) + float(value)
            topic.term_counts[int(index)] += 1
        if len(topic.vector) > keep:  # keep the centroid sparse: its strongest terms only
            strongest = sorted(topic.vector.items(), key=lambda kv: -kv[1])[:keep]
            topic.vector = dict(strongest)
        topic.size += 1
        topic.last_window = window

    def keywords(self, topic_id: int, n: int = 5) -> list[str]:
        """The ``n`` strongest words of a topic, spelt as its posts usually spell them.

        Only single words are shown: word pairs are features for grouping, but after stop-word
        removal a pair may join words that were not adjacent in any post.
        """
        topic = self.topics_[topic_id]
        ranked = sorted(topic.vector.items(), key=lambda kv: -kv[1])
        words = [self.vocabulary_[i] for i, _ in ranked if " " not in self.vocabulary_[i]]
        return [self._display(w) for w in words[:n]]

    def _display(self, stripped_word: str) -> str:
        forms = self._display_forms.get(stripped_word)
        return forms.most_common(1)[0][0] if forms else stripped_word

    # --------------------------------------------------------------------------------------
    # Bursts
    # --------------------------------------------------------------------------------------

    def detect(self, posts: pd.DataFrame) -> pd.DataFrame:
        """Score every topic-window with at least ``min_count`` posts and flag the alerts.

        Parameters
        ----------
        posts : pandas.DataFrame
            As for :meth:`fit_transform`.

        Returns
        -------
        pandas.DataFrame
            One row per topic and window with ``count >= min_count``: ``topic_id``,
            ``window_start``, ``count``, ``baseline`` (expected count), ``score``,
            ``sensitive_share``, ``keywords`` (list of str) and ``alert`` (bool); sorted by window
            then score. Windows during warm-up never alert.
        """
        assignments = self.assignments_ = self.fit_transform(posts)
        columns = ["topic_id", "window_start", "count", "baseline", "score", "sensitive_share", "keywords", "alert"]
        if assignments.empty:
            return pd.DataFrame(columns=columns)
        window_index = ((assignments["window_start"] - self.origin_) // self.window).astype(int)
        grouped = assignments.assign(window=window_index).groupby(["topic_id", "window"])
        counts = grouped.size().unstack(fill_value=0)
        shares = grouped["sensitive"].mean().unstack()
        n_windows = int(window_index.max()) + 1
        counts = counts.reindex(columns=range(n_windows), fill_value=0)
        mean, variance = self._baseline(counts.to_numpy(dtype=float))
        z = (counts.to_numpy() - mean) / np.sqrt(np.maximum(variance, mean) + 1.0)
        rows = []
        for t, w in zip(*np.nonzero(counts.to_numpy() >= self.min_count)):
            topic_id = int(counts.index[t])
            share = float(shares.loc[topic_id, w])
            score = float(z[t, w]) * (self.sensitivity_floor + (1 - self.sensitivity_floor) * share)
            rows.append(
                {
                    "topic_id": topic_id,
                    "window_start": self.origin_ + int(w) * self.window,
                    "count": int(counts.iat[t, w]),
                    "baseline": float(mean[t, w]),
                    "score": score,
                    "sensitive_share": share,
                    "keywords": self.keywords(topic_id),
                    "alert": bool(score >= self.threshold and w >= self.warmup_windows),
                }
            )
        if not rows:
            return pd.DataFrame(columns=columns)
        return pd.DataFrame(rows, columns=columns).sort_values(
            ["window_start", "score"], ascending=[True, False], ignore_index=True
        )

    def _baseline(self, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """EWMA mean and variance of each row, using only the windows before each column.

        The running state starts from the first window's counts (not from zero), so a topic
        that is already steady when the data begin is not taken for a jump; a topic born later
        has real zeros before it and its first posts are a real jump.
        """
        alpha = 2.0 / (self.baseline_windows + 1.0)
        mean = np.zeros_like(counts)
        variance = np.zeros_like(counts)
        if counts.shape[1] == 0:
            return mean, variance
        running_mean = counts[:, 0].copy()
        running_var = np.zeros(counts.shape[0])
        for w in range(1, counts.shape[1]):
            mean[:, w], variance[:, w] = running_mean, running_var
            delta = counts[:, w] - running_mean
            running_mean = running_mean + alpha * delta
            running_var = (1 - alpha) * (running_var + alpha * delta * delta)
        return mean, variance


# ------------------------------------------------------------------------------------------
# Evaluation on planted bursts
# ------------------------------------------------------------------------------------------

_BURST_PREFIXES = [
    "",
    "",
    "Nóng: ",
    "Mọi người ơi, ",
    "Share gấp: ",
    "Nghe nói ",
    "Cập nhật: ",
    "Tin nhanh: ",
    "Ai ở gần đó không, ",
    "Trời ơi, ",
]
_BURST_SUFFIXES = [
    "",
    "",
    " Mọi người cẩn thận.",
    " Ai biết thêm thông tin không?",
    " Đau lòng quá.",
    " Cầu mong mọi người an toàn.",
    " Cơ quan chức năng vào cuộc chưa?",
    " 😭",
    " 😱",
    " 🙏",
]


def _burst_variant(seed_text: str, rng: random.Random) -> str:
    """A post about the same event as ``seed_text``: reframed, maybe without diacritics."""
    words = seed_text.split()
    if len(words) > 12 and rng.random() < 0.5:  # people quote part of the story
        cut = rng.randint(10, len(words))
        words = words[:cut]
    text = rng.choice(_BURST_PREFIXES) + " ".join(words) + rng.choice(_BURST_SUFFIXES)
    if rng.random() < 0.25:
        text = strip_diacritics(text)
    return text


def make_planted_traffic(
    n_topics: int = 6,
    seed: int = 0,
    *,
    days: int = 3,
    background_per_window: float = 20.0,
    burst_profile: Sequence[int] = (4, 12, 20, 14, 8),
    window: str = "1h",
    warmup_windows: int = 12,
) -> tuple[pd.DataFrame, list[dict]]:
    """Synthetic posts: flat background from the corpus plus ``n_topics`` planted bursts.

    The background draws texts at random from the seed corpus at a constant Poisson rate. Each
    burst takes one sensitive corpus text as the event and posts variants of it (reframed,
    truncated, some without diacritics) with per-window counts ``burst_profile``, starting at a
    random window after ``warmup_windows``. Bursts do not overlap in time.

    Returns
    -------
    (pandas.DataFrame, list of dict)
        Posts with ``time``, ``text``, ``burst`` (burst number, ``-1`` for background) and
        ``sensitive`` (the corpus label: 1.0 for every burst post), and per burst its
        ``start_window``, ``end_window`` and ``seed_text``.
    """
    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    step = pd.Timedelta(pd.tseries.frequencies.to_offset(window))
    n_windows = int(pd.Timedelta(days=days) / step)
    corpus = load_corpus("all")
    sensitive = corpus[corpus["sensitivity"] == "sensitive"]["text"].tolist()
    seeds = rng.sample(sensitive, n_topics)
    pool = corpus[~corpus["text"].isin(seeds)]
    background_pool = list(zip(pool["text"], pool["sensitivity"] == "sensitive"))
    origin = pd.Timestamp("2025-03-01T00:00:00Z")
    rows = []
    for w in range(n_windows):
        for _ in range(np_rng.poisson(background_per_window)):
            offset = pd.Timedelta(seconds=float(np_rng.uniform(0, step.total_seconds())))
            text, is_sensitive = rng.choice(background_pool)
            rows.append((origin + w * step + offset, text, -1, float(is_sensitive)))
    # Bursts start in distinct, non-overlapping stretches after the warm-up.
    length = len(burst_profile)
    slots = list(range(warmup_windows, n_windows - length, length + 2))
    if len(slots) < n_topics:
        raise ValueError(f"{days} day(s) of {window} windows cannot hold {n_topics} bursts of {length} windows")
    starts = sorted(rng.sample(slots, n_topics))
    bursts = []
    for number, (start, seed_text) in enumerate(zip(starts, seeds)):
        for k, count in enumerate(burst_profile):
            for _ in range(count):
                offset = pd.Timedelta(seconds=float(np_rng.uniform(0, step.total_seconds())))
                rows.append((origin + (start + k) * step + offset, _burst_variant(seed_text, rng), number, 1.0))
        bursts.append(
            {"burst": number, "start_window": start, "end_window": start + length - 1, "seed_text": seed_text}
        )
    posts = pd.DataFrame(rows, columns=["time", "text", "burst", "sensitive"])
    posts = posts.sort_values("time", ignore_index=True)
    return posts, bursts


def evaluate_planted_bursts(
    detector: HotTopicDetector, n_topics: int = 6, seed: int = 0, *, gold_sensitivity: bool = True, **traffic
) -> dict:
    """Measure a detector on synthetic traffic with planted bursts.

    An *alert event* is a run of consecutive alerting windows of one topic. It is a true
    positive when most of its posts belong to one planted burst; a burst is detected when some
    true-positive event matches it. Delay is counted from the burst's first window to the first
    alerting window of its earliest matching event.

    Parameters
    ----------
    detector : HotTopicDetector
        The detector to evaluate (its window should match ``traffic["window"]``, default 1h).
    n_topics : int, default 6
        Number of planted bursts.
    seed : int, default 0
        Seed of the synthetic traffic.
    gold_sensitivity : bool, default True
        Give the detector the corpus's sensitivity labels (measures grouping and burst scoring
        alone); with False the detector's own ``sensitivity`` scorer labels the posts, so its
        mistakes count too.
    **traffic
        Passed to :func:`make_planted_traffic` (``days``, ``background_per_window``,
        ``burst_profile``, ``window``, ``warmup_windows``).

    Returns
    -------
    dict
        ``precision``, ``recall``, ``mean_detection_delay_windows`` (NaN when nothing was
        detected), and the counts ``alert_events``, ``true_positive_events``, ``bursts``,
        ``detected_bursts``.
    """
    traffic.setdefault("window", detector.window_label)
    traffic.setdefault("warmup_windows", detector.warmup_windows)
    posts, bursts = make_planted_traffic(n_topics, seed, **traffic)
    columns = ["time", "text", "sensitive"] if gold_sensitivity else ["time", "text"]
    bursts_found = detector.detect(posts[columns])
    assignments = detector.assignments_
    alerts = bursts_found[bursts_found["alert"]]
    window_of = ((assignments["window_start"] - detector.origin_) // detector.window).astype(int)
    labelled = posts.assign(topic_id=assignments["topic_id"], window=window_of)
    events = []
    for topic_id, group in alerts.groupby("topic_id"):
        windows = sorted(((group["window_start"] - detector.origin_) // detector.window).astype(int))
        run = [windows[0]]
        for w in [*windows[1:], None]:
            if w is not None and w == run[-1] + 1:
                run.append(w)
                continue
            members = labelled[(labelled["topic_id"] == topic_id) & labelled["window"].isin(run)]
            top = members["burst"].value_counts()
            owner = int(top.index[0]) if len(top) and top.iloc[0] > len(members) / 2 else -1
            events.append({"topic_id": topic_id, "first_window": run[0], "burst": owner})
            if w is not None:
                run = [w]
    true_events = [e for e in events if e["burst"] >= 0]
    delays = []
    for burst in bursts:
        matching = [e["first_window"] for e in true_events if e["burst"] == burst["burst"]]
        if matching:
            delays.append(min(matching) - burst["start_window"])
    return {
        "precision": len(true_events) / len(events) if events else 1.0,
        "recall": len(delays) / len(bursts) if bursts else 1.0,
        "mean_detection_delay_windows": float(np.mean(delays)) if delays else float("nan"),
        "alert_events": len(events),
        "true_positive_events": len(true_events),
        "bursts": len(bursts),
        "detected_bursts": len(delays),
    }
