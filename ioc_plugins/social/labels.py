"""Labels of social items on arrival: the promoted NLP models and the watch-lists.

Every new item gets, in ``social.labels``:

- sentiment, topic and sensitivity from the models currently promoted in the deployment's
  model registry (``<data>/models``, see :mod:`nlp.registry`), each with its score and the
  model version (``sentiment/v0002``), so every label can be traced to a model;
- the watch-list hits: the ids of the followed keywords and entities (leaders, agencies,
  places, projects) the title or text mentions, found with :class:`nlp.watchlist.Watchlist`
  with and without diacritics, abbreviated, and after teencode expansion (``ko`` → ``không``).

Without a promoted model the NLP columns stay empty, a warning says how to get models
(``ioc demo --models`` or ``ioc nlp train``) and the items are stored all the same: the
watch-lists work without any model. :func:`relabel` labels the stored items again after a
promotion; a label row that did not change is a duplicate the data layer does not store, so
running it twice changes nothing.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

import nlp
from ioc_plugins.social.tables import LABELS, TASKS
from nlp.inference import TextClassifier
from nlp.preprocess import expand_teencode
from nlp.registry import ModelRegistry
from nlp.watchlist import Watchlist

log = logging.getLogger(__name__)
_WARNED: set[str] = set()

#: The site's default watch-list, shipped with the NLP library.
DEFAULT_WATCHLIST = Path(nlp.__file__).resolve().parent / "resources" / "watchlist_brvt.yaml"
NO_MODEL_MESSAGE = (
    "social: chưa có mô hình NLP nào được công bố — bài vẫn được lưu, chỉ gắn từ khóa theo dõi "
    "(no promoted NLP model: run `ioc demo --models` or `ioc nlp train`, then `ioc social relabel`)"
)


@lru_cache(maxsize=4)
def load_watchlist(path: str | None = None) -> Watchlist:
    """The watch-list at ``path`` (YAML, see :meth:`nlp.watchlist.Watchlist.from_yaml`), or the site's default."""
    return Watchlist.from_yaml(path or DEFAULT_WATCHLIST)


def promoted_models(models: Path) -> dict[str, str]:
    """Task → id of the promoted model, for the tasks that have one."""
    registry = ModelRegistry(models)
    found = {}
    for task in TASKS:
        version = registry.current(task)
        if version is not None:
            found[task] = version.id
    return found


@lru_cache(maxsize=4)
def _classifiers(registry_root: str, promoted: tuple[tuple[str, str], ...]) -> tuple[Any, ...]:
    """Loaded classifiers, cached per promotion state (a new promotion loads the new models)."""
    registry = ModelRegistry(registry_root)
    return tuple(TextClassifier(task, registry) for task, _version in promoted)


def classifiers(models: Path) -> tuple[Any, ...]:
    """The promoted classifier of each task that has one (empty when none, or without torch)."""
    try:
        promoted = tuple(sorted(promoted_models(models).items()))
        return _classifiers(str(models), promoted) if promoted else ()
    except ImportError as exc:  # torch/transformers missing: labelling is optional
        log.warning("social: NLP labels skipped (%s)", exc)
        return ()


def item_text(items: pd.DataFrame) -> pd.Series:
    """Title and text of each item as one string (what the models and watch-lists read)."""
    title = items["title"].fillna("").astype(str) if "title" in items else ""
    text = items["text"].fillna("").astype(str)
    return (title + ". " + text).str.strip(". \n")


def watch_hits(texts: pd.Series, watchlist: Watchlist) -> tuple[list[str | None], list[str | None]]:
    """Ids and kinds of the watch-list entries each text mentions (comma-separated; ``None``: none)."""
    ids, kinds = [], []
    for text in texts:
        found: dict[str, str] = {}
        expanded = expand_teencode(text)
        # most texts have no teencode: the same text again would find the same entries
        for variant in (text,) if expanded == text else (text, expanded):
            for match in watchlist.find(variant):
                found.setdefault(match.entry_id, match.kind)
        ids.append(",".join(sorted(found)) or None)
        kinds.append(",".join(found[k] for k in sorted(found)) or None)
    return ids, kinds


def label_items(
    items: pd.DataFrame, models: Path, watchlist: Watchlist | None = None, *, batch_size: int = 64
) -> pd.DataFrame:
    """``social.labels`` rows for ``items`` (``item_id``, ``published_at``, ``title``, ``text``).

    Parameters
    ----------
    items
        The items to label.
    models
        The deployment's model registry (``settings.paths.models``).
    watchlist
        The watch-list (default: :func:`load_watchlist`).
    """
    if items.empty:
        return LABELS.empty_frame()
    watchlist = watchlist or load_watchlist()
    text = item_text(items)
    frame = items[["item_id", "published_at"]].assign(_text=text.to_numpy())
    found = classifiers(models)
    if not found and str(models) not in _WARNED:
        _WARNED.add(str(models))  # once per registry and process: a demo writes many batches
        log.warning(NO_MODEL_MESSAGE)
    for classifier in found:
        frame = classifier.predict_frame(frame, "_text", batch_size=batch_size)
    for task in TASKS:
        for suffix, dtype in (("label", "string"), ("score", "float64"), ("model", "string")):
            if f"{task}_{suffix}" not in frame:
                frame[f"{task}_{suffix}"] = pd.Series(pd.NA if dtype == "string" else float("nan"), index=frame.index)
    frame["watch_hits"], frame["watch_kinds"] = watch_hits(frame["_text"], watchlist)
    return frame.drop(columns="_text")[LABELS.column_names]


def relabel(datalayer: Any, *, watchlist: Watchlist | None = None, start: Any = None, end: Any = None) -> Any:
    """Label the stored items again with the models promoted now (after a promotion).

    Returns the data layer's :class:`~ioc.datalayer.WriteResult`: ``superseded`` counts the
    items whose labels changed, ``duplicate`` those that stayed the same; no row is added
    twice, so a second run right after the first accepts nothing.
    """
    items = datalayer.read("social.items", start=start, end=end, columns=["item_id", "published_at", "title", "text"])
    labels = label_items(items, datalayer.settings.paths.models, watchlist)
    return datalayer.write(LABELS.name, labels, source="social:relabel")
