"""NLP labels of citizen reports: sentiment, topic and sensitivity with the model version.

Written by the feedback plugin's ``derive`` hook when new submissions arrive, with the
models currently promoted in the registry (``<data>/models``). Without promoted models
(``make demo`` trains them, or ``ioc nlp train``) nothing is labelled and ingestion goes on.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from ioc_plugins.feedback.tables import TASKS
from nlp.inference import TextClassifier
from nlp.registry import ModelRegistry

log = logging.getLogger(__name__)


def _classifiers(registry_root: str) -> tuple[Any, ...]:
    """The promoted classifier of each task; reloaded only when a promotion changes."""

    registry = ModelRegistry(registry_root)
    current = {task: registry.current(task) for task in TASKS}
    promoted = tuple((task, str(version.path)) for task, version in current.items() if version is not None)
    return _load(registry_root, promoted)


@lru_cache(maxsize=4)
def _load(registry_root: str, promoted: tuple[tuple[str, str], ...]) -> tuple[Any, ...]:

    registry = ModelRegistry(registry_root)
    return tuple(TextClassifier(task, registry) for task, _path in promoted)


def label_submissions(written: pd.DataFrame, models: Path) -> pd.DataFrame:
    """Labels of the newly written submissions (empty when no model is promoted).

    ``models`` is the deployment's model registry (``settings.paths.models``).
    """
    try:
        classifiers = _classifiers(str(models))
    except ImportError as exc:  # torch/transformers missing: labelling is optional
        log.warning("feedback: NLP labels skipped (%s)", exc)
        return pd.DataFrame()
    if not classifiers or written.empty:
        return pd.DataFrame()
    text = written["title"].fillna("").astype(str) + ". " + written["description"].fillna("").astype(str)
    frame = written[["channel", "source_id", "received_at"]].assign(_text=text.str.strip(". "))
    for classifier in classifiers:
        frame = classifier.predict_frame(frame, "_text")
    return frame.drop(columns="_text")
