"""Inference: load a trained text classifier and label texts or data frames.

A *model directory* is what training writes and the registry stores. It always holds a
small JSON file, :data:`MODEL_INFO_FILE` (read and written by :mod:`nlp.model_info`, whose
names this module re-exports), whose ``kind`` says how to load the rest:

``transformer``
    a Hugging Face sequence classifier (``config.json`` with ``id2label``, weights, tokenizer);
``tfidf``
    the scikit-learn TF-IDF baseline (:mod:`nlp.baseline`);
``hybrid``
    a transformer and a TF-IDF model in ``components/`` whose probabilities are averaged with
    a weight tuned on the dev set.

The file also records the task, the label order and the :func:`nlp.preprocess.preprocess`
options used in training, so inference applies exactly the same normalisation.

:class:`TextClassifier` is the entry point for the rest of the workbench::

    clf = TextClassifier("sentiment")            # current version in the registry
    clf.predict(["Đường ngập quá, không đi được"])
    frame = clf.predict_frame(posts, "text")     # adds sentiment_label/_score/_model
"""

from __future__ import annotations

import inspect
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from nlp.baseline import TfidfModel
from nlp.calibration import with_stored_temperature
from nlp.model_info import (
    DEFAULT_PREPROCESS,
    KINDS,
    MODEL_INFO_FILE,
    check_text,
    preprocess_texts,
    read_model_info,
    write_model_info,
)
from nlp.registry import ENTRY_FILE, ModelRegistry
from nlp.restoration import RESTORER_FILE, load_restorer, predict_with_restoration, save_restorer
from nlp.tokenizer import load_tokenizer, offline_hub, quiet_transformers

__all__ = [
    "DEFAULT_PREPROCESS",
    "KINDS",
    "MODEL_INFO_FILE",
    "HybridModel",
    "Prediction",
    "TextClassifier",
    "TransformerModel",
    "load_model",
    "model_inputs",
    "preprocess_texts",
    "read_model_info",
    "write_model_info",
]


# --------------------------------------------------------------------------- model kinds
class TransformerModel:
    """A Hugging Face sequence classifier with its tokenizer and preprocessing options.

    Parameters
    ----------
    model
        A ``transformers`` ``*ForSequenceClassification`` module.
    tokenizer
        The matching tokenizer.
    info
        The model description (task, labels, preprocess options, max_length …).
    restorer
        A :class:`nlp.preprocess.DiacriticRestorer` learnt from the training texts: a text
        typed without diacritics is then scored as typed and restored, and the two averaged
        (:func:`nlp.restoration.predict_with_restoration`). ``None`` scores every text as typed.
    """

    kind = "transformer"

    def __init__(self, model: Any, tokenizer: Any, info: dict[str, Any], restorer: Any = None):
        self.model = model
        self.tokenizer = tokenizer
        self.info = dict(info)
        self.restorer = restorer
        id2label = model.config.id2label
        self.labels = [str(id2label[i]) for i in range(len(id2label))]
        self.max_length = int(info.get("max_length") or min(tokenizer.model_max_length, 512))

    @classmethod
    def load(cls, model_dir: str | os.PathLike, info: dict[str, Any] | None = None):
        """Load the classifier saved in ``model_dir`` (CPU, evaluation mode)."""
        offline_hub()
        quiet_transformers()
        from transformers import AutoModelForSequenceClassification

        info = info or read_model_info(model_dir)
        tokenizer = load_tokenizer(model_dir)
        model = AutoModelForSequenceClassification.from_pretrained(str(model_dir))
        model.eval()
        return cls(model, tokenizer, info, load_restorer(model_dir))

    def save(self, model_dir: str | os.PathLike) -> Path:
        """Save weights, tokenizer and model info into ``model_dir``."""
        model_dir = Path(model_dir)
        model_dir.mkdir(parents=True, exist_ok=True)
        self.model.save_pretrained(str(model_dir))
        self.tokenizer.save_pretrained(str(model_dir))
        info = {**self.info, "kind": self.kind, "labels": self.labels}
        info.pop("restore_diacritics", None)
        if self.restorer is not None:
            save_restorer(self.restorer, model_dir)
            info["restore_diacritics"] = {"file": RESTORER_FILE, "words": len(self.restorer.unigrams)}
        write_model_info(model_dir, info)
        return model_dir

    def predict_proba(
        self, texts: Sequence[str], batch_size: int = 64, *, preprocessed: bool = False, calibrated: bool = True
    ) -> np.ndarray:
        """Class probabilities, one row per text, columns in :attr:`labels` order.

        With a :attr:`restorer`, a text typed without diacritics gets the mean of the rows of
        its two forms, as typed and restored. ``calibrated`` applies the temperature stored in
        :attr:`info`, if any (a hybrid asks its components for raw probabilities).
        """
        if not preprocessed:
            texts = preprocess_texts(texts, self.info.get("preprocess"))
        proba = predict_with_restoration(lambda batch: self._proba(batch, batch_size), texts, self.restorer)
        return with_stored_temperature(proba, self.info) if calibrated else proba

    def _proba(self, texts: list[str], batch_size: int) -> np.ndarray:
        import torch

        out = np.zeros((len(texts), len(self.labels)), dtype=np.float64)
        if not texts:
            return out
        # Sorting by length keeps padding (wasted work) small inside each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        device = next(self.model.parameters()).device
        was_training = self.model.training
        self.model.eval()
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                index = order[start : start + batch_size]
                batch = self.tokenizer(
                    [texts[i] for i in index],
                    padding=True,
                    truncation=True,
                    max_length=self.max_length,
                    return_tensors="pt",
                ).to(device)
                logits = self.model(**model_inputs(self.model, batch)).logits.float()
                out[index] = torch.softmax(logits, dim=-1).cpu().numpy()
        self.model.train(was_training)
        return out


def model_inputs(model: Any, batch: Any) -> dict[str, Any]:
    """Keep only the tokenizer outputs that ``model.forward`` accepts.

    Some encoders (DistilBERT, for one) take no ``token_type_ids`` although their
    tokenizers may return them.
    """
    accepted = inspect.signature(model.forward).parameters
    return {key: value for key, value in batch.items() if key in accepted}


class HybridModel:
    """An ensemble of a transformer and the TF-IDF baseline.

    ``p = weight * p_transformer + (1 - weight) * p_tfidf``; the weight is tuned on the dev
    set by the training script (:func:`nlp.variants.tune_hybrid`).
    """

    kind = "hybrid"

    def __init__(self, transformer: TransformerModel, tfidf: Any, weight: float, info: dict):
        if list(transformer.labels) != list(tfidf.labels):
            raise ValueError(f"components disagree on labels: {transformer.labels} vs {tfidf.labels}")
        if not 0.0 <= weight <= 1.0:
            raise ValueError(f"hybrid weight must lie in [0, 1], got {weight}")
        self.transformer = transformer
        self.tfidf = tfidf
        self.weight = float(weight)
        self.labels = list(transformer.labels)
        self.info = dict(info)

    @classmethod
    def load(cls, model_dir: str | os.PathLike, info: dict[str, Any] | None = None):
        """Load both components from ``model_dir/components``."""
        model_dir = Path(model_dir)
        info = info or read_model_info(model_dir)
        transformer = TransformerModel.load(model_dir / "components" / "transformer")
        tfidf = TfidfModel.load(model_dir / "components" / "tfidf")
        return cls(transformer, tfidf, info["weight"], info)

    def save(self, model_dir: str | os.PathLike) -> Path:
        """Save both components and the weight into ``model_dir``."""
        model_dir = Path(model_dir)
        self.transformer.save(model_dir / "components" / "transformer")
        self.tfidf.save(model_dir / "components" / "tfidf")
        info = {**self.info, "kind": self.kind, "labels": self.labels, "weight": self.weight}
        info.pop("restore_diacritics", None)
        if self.transformer.restorer is not None:
            info["restore_diacritics"] = {
                "file": f"components/transformer/{RESTORER_FILE}",
                "words": len(self.transformer.restorer.unigrams),
            }
        write_model_info(model_dir, info)
        return model_dir

    def predict_proba(
        self, texts: Sequence[str], batch_size: int = 64, *, preprocessed: bool = False, calibrated: bool = True
    ) -> np.ndarray:
        """Weighted average of the two components' probabilities.

        The components' own temperatures are not applied (the weight was tuned on their raw
        probabilities); ``calibrated`` applies the hybrid's, if any.
        """
        if not preprocessed:
            texts = preprocess_texts(texts, self.info.get("preprocess"))
        p_transformer = self.transformer.predict_proba(texts, batch_size, preprocessed=True, calibrated=False)
        p_tfidf = self.tfidf.predict_proba(texts, batch_size, preprocessed=True, calibrated=False)
        proba = self.weight * p_transformer + (1.0 - self.weight) * p_tfidf
        return with_stored_temperature(proba, self.info) if calibrated else proba


def load_model(model_dir: str | os.PathLike) -> Any:
    """Load any model directory (transformer, tfidf or hybrid) by its ``kind``.

    The result has ``labels``, ``info`` and ``predict_proba(texts, batch_size)``.
    """
    model_dir = Path(model_dir)
    if not model_dir.is_dir():
        raise FileNotFoundError(f"không tìm thấy thư mục mô hình: {model_dir}")
    info = read_model_info(model_dir)
    if info["kind"] == "transformer":
        return TransformerModel.load(model_dir, info)
    if info["kind"] == "tfidf":
        return TfidfModel.load(model_dir)
    return HybridModel.load(model_dir, info)


# --------------------------------------------------------------------------- public API
@dataclass(frozen=True)
class Prediction:
    """One predicted label.

    Attributes
    ----------
    label
        The predicted class (for example ``"negative"``).
    score
        Its probability under the model (0–1).
    model_version
        Which model produced it, e.g. ``"sentiment/v0003"``; stored next to the label so
        every labelled row can be traced to a model.
    """

    label: str
    score: float
    model_version: str


class TextClassifier:
    """Classify Vietnamese texts with a registered model or a model directory.

    The model is loaded lazily on the first prediction, so building a classifier is cheap
    (dashboards and ingestion jobs can create one up front).

    Parameters
    ----------
    task_or_model_dir
        A task name (``"sentiment"``, ``"topic"``, ``"sensitivity"``) resolved through the
        registry, a registry id (``"sentiment/v0003"``), or the path of a model directory.
    registry
        A :class:`nlp.registry.ModelRegistry` or its root directory; by default the
        deployment's models folder (``<data_dir>/models``), looked up when the model is
        first loaded.
    version
        Which registered version to use for a task name: ``"current"`` (default, the
        promoted one), ``"latest"`` or ``"v0003"``.
    """

    def __init__(
        self,
        task_or_model_dir: str | os.PathLike,
        registry: Any = None,
        *,
        version: str = "current",
    ):
        self._source = task_or_model_dir
        self._registry = registry
        self._version = version
        self._model: Any = None
        self._model_version: str | None = None
        self._task: str | None = None

    # -- resolution
    def _resolve(self) -> None:
        if self._model is not None:
            return
        source = self._source
        path = Path(source)
        if path.is_dir():
            info = read_model_info(path)
            self._task = info.get("task") or "label"
            self._model_version = _version_of_dir(path, info)
            self._model = load_model(path)
            return
        registry = self._registry
        if not isinstance(registry, ModelRegistry):
            registry = ModelRegistry(registry)
        task, _, version = str(source).partition("/")
        entry = registry.get(task, version or self._version)
        self._task = entry.task
        self._model_version = entry.id
        self._model = load_model(entry.path)

    @property
    def task(self) -> str:
        """The task name (loads the model description if needed)."""
        self._resolve()
        return self._task  # type: ignore[return-value]

    @property
    def model_version(self) -> str:
        """The id of the model in use, e.g. ``"sentiment/v0003"``."""
        self._resolve()
        return self._model_version  # type: ignore[return-value]

    @property
    def labels(self) -> list[str]:
        """The classes the model can predict."""
        self._resolve()
        return list(self._model.labels)

    def predict_proba(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Class probabilities (rows: texts, columns: :attr:`labels`)."""
        self._resolve()
        return self._model.predict_proba(_as_text_list(texts), batch_size)

    def predict(self, texts: Sequence[str], batch_size: int = 64) -> list[Prediction]:
        """Predict one label per text.

        Parameters
        ----------
        texts
            Raw texts (preprocessing is applied here, as in training).
        batch_size
            Texts per forward pass.
        """
        texts = _as_text_list(texts)
        if not texts:
            return []
        proba = self.predict_proba(texts, batch_size)
        best = proba.argmax(axis=1)
        labels = self.labels
        version = self.model_version
        return [Prediction(labels[j], float(proba[i, j]), version) for i, j in enumerate(best)]

    def predict_frame(self, frame: Any, text_column: str, *, batch_size: int = 64, prefix: str | None = None) -> Any:
        """Return a copy of ``frame`` with three columns added.

        ``<task>_label``, ``<task>_score`` and ``<task>_model`` (the model version). Rows whose
        text is missing or blank get missing values instead of a guess; no row is dropped.

        Parameters
        ----------
        frame
            A pandas DataFrame.
        text_column
            Column holding the text to classify.
        prefix
            Column prefix; the task name by default.
        """
        import pandas as pd

        if text_column not in frame.columns:
            columns = ", ".join(map(str, frame.columns))
            raise KeyError(f"không có cột {text_column!r}; các cột hiện có: {columns}")
        result = frame.copy()
        prefix = prefix or self.task
        texts = result[text_column]
        usable = texts.map(lambda t: isinstance(t, str) and bool(t.strip())).to_numpy(bool)
        labels = pd.Series(pd.NA, index=result.index, dtype="string")
        scores = pd.Series(np.nan, index=result.index, dtype="float64")
        models = pd.Series(pd.NA, index=result.index, dtype="string")
        if usable.any():
            predictions = self.predict(texts[usable].tolist(), batch_size)
            labels[usable] = [p.label for p in predictions]
            scores[usable] = [p.score for p in predictions]
            models[usable] = self.model_version
        result[f"{prefix}_label"] = labels
        result[f"{prefix}_score"] = scores
        result[f"{prefix}_model"] = models
        return result


def _as_text_list(texts: Any) -> list[str]:
    if isinstance(texts, str):
        raise TypeError("truyền vào một danh sách văn bản, không phải một chuỗi đơn lẻ")
    return [check_text(t) for t in texts]


def _version_of_dir(path: Path, info: dict[str, Any]) -> str:
    """The registry id when ``path`` is a registered version, else ``task@dirname``."""
    entry = path / ENTRY_FILE
    if entry.is_file():
        data = json.loads(entry.read_text(encoding="utf-8"))
        return f"{data['task']}/{data['version']}"
    return f"{info.get('task') or 'label'}@{path.resolve().name}"
