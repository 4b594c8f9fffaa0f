"""Post-hoc calibration of class probabilities, fitted on the dev set.

Two independent steps, both on predicted probabilities so they apply to every model kind
(transformer, TF-IDF, hybrid, ensembles):

* **temperature**: ``p_T ∝ p ** (1 / T)``. For a softmax model this is exactly dividing its
  logits by ``T``; ``T`` is chosen on dev by negative log-likelihood. It changes confidences
  (ECE), never the predicted class.
* **class offsets** ("calibrated thresholds"): ``argmax(log p + b)`` with one offset ``b_k``
  per class, tuned on dev by coordinate ascent on macro-F1. It moves the decision thresholds
  between classes, so it can change macro-F1 (for better or, off dev, for worse).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = [
    "apply_offsets",
    "apply_temperature",
    "fit_offsets",
    "fit_temperature",
    "macro_f1",
    "with_stored_temperature",
]

_EPS = 1e-12


def apply_temperature(proba: np.ndarray, temperature: float) -> np.ndarray:
    """Probabilities sharpened (``T < 1``) or softened (``T > 1``); rows still sum to one."""
    if temperature <= 0:
        raise ValueError(f"temperature must be positive, got {temperature}")
    logp = np.log(np.clip(np.asarray(proba, dtype=np.float64), _EPS, 1.0)) / temperature
    logp -= logp.max(axis=1, keepdims=True)
    out = np.exp(logp)
    return out / out.sum(axis=1, keepdims=True)


def with_stored_temperature(proba: np.ndarray, info: dict) -> np.ndarray:
    """``proba`` with the temperature a model stores in its info (``"temperature"``), if any.

    Training stores one when it lowers the dev ECE (:func:`nlp.variants.calibrate`); models
    saved before, or without it, are returned unchanged.
    """
    temperature = info.get("temperature")
    if not temperature or float(temperature) == 1.0 or len(proba) == 0:
        return proba
    return apply_temperature(proba, float(temperature))


def _label_ids(labels: Sequence[str], label_names: Sequence[str]) -> np.ndarray:
    index = {label: i for i, label in enumerate(label_names)}
    return np.array([index.get(label, -1) for label in labels])


def fit_temperature(
    proba: np.ndarray, labels: Sequence[str], label_names: Sequence[str], grid: Sequence[float] | None = None
) -> float:
    """The temperature with the lowest negative log-likelihood on ``labels`` (dev).

    Parameters
    ----------
    proba
        Dev probabilities, columns in ``label_names`` order.
    labels
        True dev labels; labels absent from ``label_names`` are ignored.
    grid
        Temperatures tried; by default 61 values from 0.25 to 4 on a log scale (and 1).
    """
    ids = _label_ids(labels, label_names)
    known = ids >= 0
    if not known.any():
        return 1.0
    grid = np.unique(np.r_[np.geomspace(0.25, 4.0, 61), 1.0]) if grid is None else np.asarray(grid)
    rows = np.asarray(proba)[known]
    nll = [-np.log(apply_temperature(rows, t)[np.arange(known.sum()), ids[known]] + _EPS).mean() for t in grid]
    return float(grid[int(np.argmin(nll))])


def macro_f1(predicted: np.ndarray, ids: np.ndarray, n_classes: int) -> float:
    """Macro-F1 over the classes present in ``ids`` or ``predicted`` (integer class ids)."""
    scores = []
    for k in range(n_classes):
        tp = np.sum((predicted == k) & (ids == k))
        fp = np.sum((predicted == k) & (ids != k))
        fn = np.sum((predicted != k) & (ids == k))
        if tp + fp + fn:
            scores.append(2 * tp / (2 * tp + fp + fn))
    return float(np.mean(scores)) if scores else 0.0


def apply_offsets(proba: np.ndarray, offsets: Sequence[float]) -> np.ndarray:
    """Predicted class ids with per-class log-offsets added before the argmax."""
    return np.argmax(np.log(np.clip(np.asarray(proba), _EPS, 1.0)) + np.asarray(offsets), axis=1)


def fit_offsets(
    proba: np.ndarray,
    labels: Sequence[str],
    label_names: Sequence[str],
    steps: Sequence[float] = tuple(np.round(np.arange(-1.0, 1.01, 0.1), 2)),
    rounds: int = 3,
) -> np.ndarray:
    """Per-class log-offsets that maximise dev macro-F1 (coordinate ascent from zero).

    An offset moves only when it improves dev macro-F1 strictly, so with nothing to gain
    the offsets stay zero (plain argmax). The first class stays at zero (offsets are
    relative).
    """
    ids = _label_ids(labels, label_names)
    known = ids >= 0
    proba, ids = np.asarray(proba)[known], ids[known]
    n = len(label_names)
    offsets = np.zeros(n)
    best = macro_f1(apply_offsets(proba, offsets), ids, n)
    for _ in range(rounds):
        moved = False
        for k in range(1, n):
            for step in steps:
                trial = offsets.copy()
                trial[k] = step
                score = macro_f1(apply_offsets(proba, trial), ids, n)
                if score > best + 1e-9:
                    best, offsets, moved = score, trial, True
        if not moved:
            break
    return offsets
