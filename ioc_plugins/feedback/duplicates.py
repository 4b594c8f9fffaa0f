"""Duplicate detection for citizen reports.

Two reports describe the same problem when they have the same category, are within
``distance_m`` of each other, arrived within ``window_days`` and their texts are similar
(character-trigram cosine on text folded to plain letters, so a report typed without
diacritics still matches one with them). The new report is linked to the older one
and the citizen is told which report it joined.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from ioc.incidents.models import Incident
from ioc.store import Store

_WORD = re.compile(r"[a-z0-9]+")
# Words that carry no information about *what* is wrong.
_STOPWORDS = frozenset(
    """
va cua co la tai tren duoi cho nay kia thi ma nhung cac mot hai da dang se rat qua lam bi duoc
voi khi den tu ve nguoi dan toi chung em anh chi xin phan anh de nghi kinh gui giup kiem tra xu ly
duong pho phuong xa gan nhieu khu vuc so nha hem kiet ngo
""".split()
)


@dataclass(frozen=True)
class DuplicatePolicy:
    """When two reports count as one (configurable in ``plugins.feedback.duplicates``)."""

    distance_m: float = 150.0
    window_days: int = 14
    min_similarity: float = 0.35


#: The policy used when a deployment configures none.
DEFAULT_POLICY = DuplicatePolicy()


def plain_words(text: str | None) -> list[str]:
    """Lowercase words without Vietnamese diacritics (``đ`` → ``d``): letters and digits only."""
    if not text:
        return []
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return _WORD.findall("".join(c for c in text if unicodedata.category(c) != "Mn"))


def fold(text: str | None) -> str:
    """:func:`plain_words` without the words that say nothing about the problem."""
    return " ".join(w for w in plain_words(text) if w not in _STOPWORDS)


def _trigrams(text: str) -> Counter[str]:
    padded = f"  {text} "
    return Counter(padded[i : i + 3] for i in range(len(padded) - 2))


def similarity(a: str | None, b: str | None) -> float:
    """Cosine similarity of the character trigrams of two folded texts (0 … 1)."""
    ta, tb = _trigrams(fold(a)), _trigrams(fold(b))
    if not ta or not tb:
        return 0.0
    dot = sum(count * tb[gram] for gram, count in ta.items())
    return dot / math.sqrt(sum(v * v for v in ta.values()) * sum(v * v for v in tb.values()))


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def find_duplicate(
    store: Store,
    *,
    category: str,
    text: str,
    lon: float | None,
    lat: float | None,
    received_at: datetime,
    policy: DuplicatePolicy = DEFAULT_POLICY,
) -> Incident | None:
    """The earlier open report the new one duplicates (the most similar), or ``None``.

    Reports without coordinates are never linked automatically: text alone is too weak
    a signal to merge two citizens' reports.
    """
    if lon is None or lat is None:
        return None
    since = received_at - timedelta(days=policy.window_days)
    # A cheap bounding box before the exact distance: 1° latitude ≈ 111 km.
    dlat = policy.distance_m / 111_000
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    query = select(Incident).where(
        Incident.category == category,
        Incident.tracking_code.is_not(None),
        Incident.duplicate_of.is_(None),
        Incident.state.not_in(("closed", "dismissed")),
        Incident.received_at >= since,
        Incident.lat.between(lat - dlat, lat + dlat),
        Incident.lon.between(lon - dlon, lon + dlon),
    )
    best, best_score = None, policy.min_similarity
    with store.session() as session:
        for candidate in session.scalars(query):
            if distance_m(lon, lat, candidate.lon, candidate.lat) > policy.distance_m:
                continue
            score = similarity(text, f"{candidate.title} {candidate.description}")
            if score >= best_score:
                best, best_score = candidate, score
    return best


def as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
