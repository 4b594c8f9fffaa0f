"""The description file of a model directory, and the preprocessing it records.

A *model directory* is what training writes and the registry stores. It always holds a
small JSON file, :data:`MODEL_INFO_FILE`, whose ``kind`` says how to load the rest
(``transformer``, ``tfidf`` or ``hybrid``, see :mod:`nlp.inference`). The file also records
the task, the label order and the :func:`nlp.preprocess.preprocess` options used in
training, so inference applies exactly the same normalisation.

This module is the small shared piece that the model kinds (:mod:`nlp.baseline`,
:mod:`nlp.inference`), the registry and the training script all read and write; it imports
nothing else of :mod:`nlp` but :mod:`nlp.preprocess`, so they can all depend on it without
depending on each other.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nlp.preprocess import preprocess

MODEL_INFO_FILE = "nlp_model.json"
KINDS = ("transformer", "tfidf", "hybrid")
DEFAULT_PREPROCESS = {"segment": False, "lowercase": True}


def read_model_info(model_dir: str | os.PathLike) -> dict[str, Any]:
    """Read the model description of ``model_dir``.

    A plain Hugging Face classifier checkpoint without our file (for example a model
    fine-tuned elsewhere) is described from its ``config.json``.

    Raises
    ------
    FileNotFoundError
        When the directory holds neither file.
    """
    model_dir = Path(model_dir)
    info_path = model_dir / MODEL_INFO_FILE
    if info_path.is_file():
        info = json.loads(info_path.read_text(encoding="utf-8"))
        if info.get("kind") not in KINDS:
            raise ValueError(f"{info_path}: kind {info.get('kind')!r} is not one of {KINDS}")
        return info
    config_path = model_dir / "config.json"
    if config_path.is_file():
        config = json.loads(config_path.read_text(encoding="utf-8"))
        id2label = config.get("id2label") or {}
        labels = [id2label[k] for k in sorted(id2label, key=int)]
        return {
            "kind": "transformer",
            "task": config.get("finetuning_task") or "label",
            "labels": labels,
            "preprocess": dict(DEFAULT_PREPROCESS),
        }
    raise FileNotFoundError(f"{model_dir} không phải thư mục mô hình (thiếu {MODEL_INFO_FILE} hoặc config.json)")


def write_model_info(model_dir: str | os.PathLike, info: dict[str, Any]) -> Path:
    """Write ``info`` as the model description of ``model_dir`` (stamping ``created_utc``)."""
    if info.get("kind") not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {info.get('kind')!r}")
    info = dict(info)
    info.setdefault("created_utc", datetime.now(UTC).isoformat(timespec="seconds"))
    info.setdefault("preprocess", dict(DEFAULT_PREPROCESS))
    path = Path(model_dir) / MODEL_INFO_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def preprocess_texts(texts: Sequence[str], options: dict[str, Any] | None = None) -> list[str]:
    """Apply the shared :func:`nlp.preprocess.preprocess` to each text.

    Training and inference both call this, with the options stored in the model info.
    """
    options = {**DEFAULT_PREPROCESS, **(options or {})}
    return [preprocess(check_text(t), **options) for t in texts]


def check_text(text: Any) -> str:
    """Return ``text`` when it is a string; a clear ``TypeError`` otherwise."""
    if not isinstance(text, str):
        raise TypeError(f"văn bản phải là chuỗi (str), nhận được {type(text).__name__}: {text!r}")
    return text
