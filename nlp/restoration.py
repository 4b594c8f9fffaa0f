"""Text typed without diacritics: tell it apart, and show a model both forms of it.

Many phone users type Vietnamese without diacritics. Training adds a stripped copy of every
text (``--augment-no-diacritics``), which keeps TF-IDF within 2 macro-F1 points of its score
on the same texts typed with them, but not a small transformer (3 to 6 points lost on the seed
corpus). A transformer therefore also gets **test-time restoration**: when a text carries (almost)
no diacritics, the model scores it twice, as typed and with its diacritics restored by a
:class:`~nlp.preprocess.DiacriticRestorer` learnt from the run's own training texts, and
averages the two probability rows. A text typed with diacritics is scored once, as before.

The restorer is saved in the model directory (:data:`RESTORER_FILE`), so a model trained on a
user's data (``ioc nlp train --train-file``) restores with the words of that data.

This module imports nothing of :mod:`nlp` but :mod:`nlp.preprocess`.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from nlp.preprocess import DiacriticRestorer

__all__ = [
    "NO_DIACRITICS_SHARE",
    "RESTORER_FILE",
    "diacritic_share",
    "learn_restorer",
    "load_restorer",
    "predict_with_restoration",
    "save_restorer",
    "typed_without_diacritics",
]

#: A text is taken as typed without diacritics when fewer than this share of its words carry
#: one. Not zero: preprocessing expands teencode into words with diacritics (``ko`` →
#: ``không``), so a stripped post may keep a few. On the seed corpus's test split, 95 % of the
#: stripped texts fall below 0.12 and 75 % of the texts as typed lie above 0.74.
NO_DIACRITICS_SHARE = 0.2

#: The restorer's file inside a transformer's model directory.
RESTORER_FILE = "diacritic_restorer.json.gz"

_WORD = re.compile(r"[^\W\d_]+")


def diacritic_share(text: str) -> float:
    """Share of the words of ``text`` that carry a diacritic (0 for a text without words).

    Any non-ASCII letter counts, so words of other scripts count as carrying one: such a text
    is then scored once, as typed, which is what it needs.
    """
    words = _WORD.findall(text)
    if not words:
        return 0.0
    # A word with a non-ASCII letter: a Vietnamese one carries a diacritic (and đ is one too).
    # Cheaper than stripping each word, which matters on the path of every prediction.
    return sum(not word.isascii() for word in words) / len(words)


def typed_without_diacritics(texts: Sequence[str]) -> np.ndarray:
    """Boolean mask: which texts have words, fewer than :data:`NO_DIACRITICS_SHARE` with diacritics."""
    return np.array(
        [bool(_WORD.search(text)) and diacritic_share(text) < NO_DIACRITICS_SHARE for text in texts], dtype=bool
    )


def learn_restorer(texts: Iterable[str]) -> DiacriticRestorer:
    """A restorer learnt from the texts typed with diacritics among ``texts``.

    Texts without them (stripped training copies, posts typed that way) are left out: they
    would teach that a bare word is its own accented form.
    """
    return DiacriticRestorer(t for t in texts if diacritic_share(t) >= NO_DIACRITICS_SHARE)


def save_restorer(restorer: DiacriticRestorer, model_dir: str | os.PathLike) -> Path:
    """Write ``restorer`` into ``model_dir`` (gzip-compressed JSON)."""
    path = Path(model_dir) / RESTORER_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(restorer.to_dict(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # mtime=0: the same restorer gives the same bytes, so re-saving a model changes nothing.
    path.write_bytes(gzip.compress(data, mtime=0))
    return path


def load_restorer(model_dir: str | os.PathLike) -> DiacriticRestorer | None:
    """The restorer saved in ``model_dir``, or ``None`` when the model has none."""
    path = Path(model_dir) / RESTORER_FILE
    if not path.is_file():
        return None
    return DiacriticRestorer.from_dict(json.loads(gzip.decompress(path.read_bytes()).decode("utf-8")))


def predict_with_restoration(
    predict: Callable[[list[str]], np.ndarray], texts: Sequence[str], restorer: DiacriticRestorer | None
) -> np.ndarray:
    """Probabilities from ``predict``, averaged with the restored form of texts without diacritics.

    Parameters
    ----------
    predict
        Maps preprocessed texts to class probabilities (one row per text).
    texts
        Preprocessed texts.
    restorer
        Learnt from the model's training texts; ``None`` scores every text once, as typed.

    Returns
    -------
    numpy.ndarray
        One row per text. For a text typed without diacritics, the mean of the rows of the
        text as typed and of its restored form: the average keeps what the model learnt from
        stripped copies and adds what it knows of the accented words; on the seed corpus it
        lost less than either form alone (``nlp/README.md``, "Text without diacritics").
    """
    texts = list(texts)
    proba = predict(texts)
    if restorer is None or not texts:
        return proba
    bare = np.flatnonzero(typed_without_diacritics(texts))
    restored = [restorer.restore(texts[i]) for i in bare]
    changed = [k for k, i in enumerate(bare) if restored[k] != texts[i]]
    if changed:
        rows = bare[changed]
        proba = proba.copy()
        proba[rows] = (proba[rows] + predict([restored[k] for k in changed])) / 2.0
    return proba
