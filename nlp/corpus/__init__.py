"""The project's labelled Vietnamese seed corpus (citizen reports and posts, Bà Rịa - Vũng Tàu).

The texts, their labels and how they were written are described in ``DATASHEET.md`` next to this
file; ``build_corpus.py`` regenerates them. Load a split with :func:`load_corpus`.

Examples
--------
>>> from nlp.corpus import load_corpus, topic_agency
>>> train = load_corpus("train")
>>> sorted(train.columns)
['id', 'register', 'sensitivity', 'sentiment', 'text', 'topic']
>>> topic_agency("environment")
'Sở Tài nguyên và Môi trường'
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

__all__ = [
    "COLUMNS",
    "SENSITIVITIES",
    "SENTIMENTS",
    "SPLITS",
    "TOPICS",
    "load_corpus",
    "load_style_shift",
    "load_topics",
    "topic_agency",
]

HERE = Path(__file__).resolve().parent
SPLITS = ("train", "dev", "test")
COLUMNS = ("id", "text", "sentiment", "topic", "sensitivity", "register")
SENTIMENTS = ("negative", "neutral", "positive")
SENSITIVITIES = ("normal", "sensitive")


def _read_topics() -> list[dict[str, str]]:
    with open(HERE / "topics.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


#: The IOC topics, in the order of ``topics.csv``.
TOPICS: tuple[str, ...] = tuple(row["topic"] for row in _read_topics())


def load_corpus(split: str = "train"):
    """Load one split of the seed corpus.

    Parameters
    ----------
    split : {"train", "dev", "test", "all"}, default "train"
        Which split; ``"all"`` concatenates the three and adds a ``split`` column.

    Returns
    -------
    pandas.DataFrame
        Columns ``id, text, sentiment, topic, sensitivity, register``, all strings.

    Raises
    ------
    ValueError
        For an unknown split name.
    FileNotFoundError
        When the CSV is missing (rebuild it with ``python -m nlp.corpus.build_corpus``).
    """
    import pandas as pd  # pandas is only needed here; keep `import nlp.corpus` light

    if split == "all":
        frames = [load_corpus(name).assign(split=name) for name in SPLITS]
        return pd.concat(frames, ignore_index=True)
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; choose one of {', '.join(SPLITS)} or 'all'")
    path = HERE / f"{split}.csv"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; run `python -m nlp.corpus.build_corpus`")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{path} lacks columns {missing}")
    return frame[list(COLUMNS)]


def load_style_shift():
    """The style-shift test set (``style_shift.csv``): texts written apart from the corpus.

    Long reviews, comment-thread replies, headlines, long posts, text without diacritics and
    teencode with emoji (see :mod:`nlp.corpus.style_shift`), labelled like the corpus and used
    only for evaluation. Columns ``id, text, sentiment, topic, sensitivity, style``.
    """
    import pandas as pd

    return pd.read_csv(HERE / "style_shift.csv", dtype=str, keep_default_na=False, encoding="utf-8")


@functools.lru_cache(maxsize=1)
def load_topics() -> dict[str, dict[str, str]]:
    """The topic table: topic → its Vietnamese name, agency (before and from 2025) and scope."""
    return {row["topic"]: row for row in _read_topics()}


def topic_agency(topic: str, *, as_of_2025: bool = False) -> str:
    """Name the agency responsible for a topic.

    Parameters
    ----------
    topic : str
        One of :data:`TOPICS`.
    as_of_2025 : bool, default False
        Give the agency after the 2025 mergers of provincial departments instead.

    Returns
    -------
    str
        The agency, in Vietnamese (several separated by ``"; "``).

    Raises
    ------
    ValueError
        For an unknown topic; the message lists the known ones.
    """
    topics = load_topics()
    if topic not in topics:
        raise ValueError(f"unknown topic {topic!r}; known topics: {', '.join(TOPICS)}")
    return topics[topic]["agency_from_2025" if as_of_2025 else "agency"]
