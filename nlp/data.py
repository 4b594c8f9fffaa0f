"""Training data: read labelled and unlabelled texts, split them, preprocess them.

Files may be CSV, TSV, JSONL, JSON, Parquet or TXT (one text per line); the seed corpus
(:mod:`nlp.corpus`) comes with its own train/dev/test splits. :func:`prepare_data` applies
the same :func:`nlp.preprocess.preprocess` options that inference will apply, so training
and inference never drift apart.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlp.arguments import DataArguments
from nlp.corpus import load_corpus, load_style_shift
from nlp.corpus.unlabelled import unlabelled_texts as generated_unlabelled
from nlp.model_info import preprocess_texts
from nlp.preprocess import DiacriticRestorer, augment_without_diacritics, strip_diacritics
from nlp.restoration import learn_restorer

logger = logging.getLogger(__name__)

READABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".json", ".parquet", ".txt")

#: The held-out sets every variant is scored on, besides dev: the test split, the same test
#: split with every diacritic stripped (text as typed on many phones), and the style-shift set
#: written apart from the training data. Model cards report all three, each beside TF-IDF.
EVALUATION_SETS = ("test", "test_stripped", "style_shift")


# --------------------------------------------------------------------------- files
def read_frame(path: str | Path) -> Any:
    """Read a CSV, TSV, JSONL, JSON, Parquet or TXT (one text per line) file into a frame."""
    import pandas as pd

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"không tìm thấy tệp dữ liệu: {path}")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return pd.read_csv(path)
    if suffix == ".tsv":
        return pd.read_csv(path, sep="\t")
    if suffix == ".jsonl":
        return pd.read_json(path, lines=True)
    if suffix == ".json":
        return pd.read_json(path)
    if suffix == ".parquet":
        return pd.read_parquet(path)
    if suffix == ".txt":
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        return pd.DataFrame({"text": [line for line in lines if line]})
    raise ValueError(f"định dạng không hỗ trợ: {path.name}; dùng {', '.join(READABLE_SUFFIXES)}")


def read_texts(path: str | Path, text_column: str = "text") -> list[str]:
    """Non-empty texts of a data file (see :func:`read_frame` for formats)."""
    frame = read_frame(path)
    if text_column not in frame.columns:
        raise KeyError(f"{path}: không có cột {text_column!r}; các cột hiện có: {', '.join(map(str, frame.columns))}")
    return [t for t in frame[text_column].tolist() if isinstance(t, str) and t.strip()]


def labelled_frame(frame: Any, text_column: str, label_column: str, source: str = "") -> Any:
    """Keep ``text``/``label`` columns, dropping (and reporting) rows missing either."""
    import pandas as pd

    missing = [c for c in (text_column, label_column) if c not in frame.columns]
    if missing:
        raise KeyError(
            f"{source}: thiếu cột {', '.join(missing)}; các cột hiện có: {', '.join(map(str, frame.columns))}"
        )
    out = pd.DataFrame({"text": frame[text_column], "label": frame[label_column]})
    usable = out["text"].map(lambda t: isinstance(t, str) and bool(t.strip())) & out["label"].notna()
    if (~usable).any():
        logger.warning("%s: bỏ qua %d dòng thiếu văn bản hoặc nhãn", source, int((~usable).sum()))
    out = out[usable].reset_index(drop=True)
    out["label"] = out["label"].astype(str)
    return out


# --------------------------------------------------------------------------- splits
def load_splits(data_args: DataArguments, seed: int) -> dict[str, Any]:
    """Return ``{"train", "dev", ["test"]}`` frames with ``text`` and ``label`` columns."""
    if data_args.dataset == "seed":
        raw = {split: load_corpus(split) for split in ("train", "dev", "test")}
        raw["style_shift"] = load_style_shift()
    else:
        raw = {"train": read_frame(data_args.train_file)}
        if data_args.validation_file:
            raw["dev"] = read_frame(data_args.validation_file)
        if data_args.test_file:
            raw["test"] = read_frame(data_args.test_file)
    if data_args.shift_test_file:
        raw["style_shift"] = read_frame(data_args.shift_test_file)
    splits = {
        name: labelled_frame(frame, data_args.text_column, data_args.label_column, name) for name, frame in raw.items()
    }
    if data_args.max_train_samples:
        splits["train"] = (
            splits["train"]
            .sample(n=min(data_args.max_train_samples, len(splits["train"])), random_state=seed)
            .reset_index(drop=True)
        )
    if "dev" not in splits:
        splits["train"], splits["dev"] = _split_dev(splits["train"], data_args.dev_fraction, seed)
    if splits["train"]["label"].nunique() < 2:
        raise ValueError("dữ liệu huấn luyện cần ít nhất hai nhãn khác nhau")
    return splits


def _split_dev(frame: Any, fraction: float, seed: int) -> tuple[Any, Any]:
    from sklearn.model_selection import train_test_split

    counts = frame["label"].value_counts()
    stratify = frame["label"] if counts.min() >= 2 else None
    train, dev = train_test_split(frame, test_size=fraction, random_state=seed, stratify=stratify)
    return train.reset_index(drop=True), dev.reset_index(drop=True)


# --------------------------------------------------------------------------- preprocessing
@dataclass
class Prepared:
    """Preprocessed texts and labels per split, label names and the shared model info.

    ``restorer`` (with ``--restore-diacritics``) is learnt from the preprocessed training
    texts typed with diacritics; the transformers are trained and saved with it.
    """

    splits: dict[str, Any]
    texts: dict[str, list[str]]
    labels: dict[str, list[str]]
    label_names: list[str]
    info: dict[str, Any]
    restorer: DiacriticRestorer | None = None


def prepare_data(data_args: DataArguments, seed: int, task: str) -> Prepared:
    """Load the splits and apply the same ``preprocess()`` that inference will apply."""
    splits = load_splits(data_args, seed)
    train_raw, train_labels = splits["train"]["text"].tolist(), splits["train"]["label"].tolist()
    if data_args.augment_no_diacritics > 0:
        train_raw, train_labels = augment_without_diacritics(
            train_raw, train_labels, data_args.augment_no_diacritics, seed=seed
        )
    options = {"segment": data_args.segment, "lowercase": data_args.lowercase}
    texts = {"train": preprocess_texts(train_raw, options)}
    labels = {"train": [str(x) for x in train_labels]}
    for name in ("dev", "test", "style_shift"):
        if name in splits:
            texts[name] = preprocess_texts(splits[name]["text"].tolist(), options)
            labels[name] = splits[name]["label"].tolist()
    if "test" in splits:
        stripped = [strip_diacritics(text) for text in splits["test"]["text"].tolist()]
        texts["test_stripped"] = preprocess_texts(stripped, options)
        labels["test_stripped"] = labels["test"]
    label_names = sorted(set(labels["train"]))
    for name in ("dev", *EVALUATION_SETS):
        unseen = sorted(set(labels.get(name, [])) - set(label_names))
        if unseen:
            logger.warning("%s có nhãn không có trong tập huấn luyện: %s", name, unseen)
    info = {"task": task, "labels": label_names, "preprocess": options}
    # Learnt from the training split only (the stripped copies add nothing to it), so dev and
    # test words the training texts never had stay as typed.
    restorer = learn_restorer(texts["train"]) if data_args.restore_diacritics else None
    return Prepared(splits, texts, labels, label_names, info, restorer)


def unlabelled_texts(data_args: DataArguments, options: dict) -> list[str]:
    """The preprocessed texts of ``--unlabelled-file`` and ``--unlabelled-generated``, or none."""
    texts = read_texts(data_args.unlabelled_file, data_args.text_column) if data_args.unlabelled_file else []
    if data_args.unlabelled_generated > 0:
        texts += generated_unlabelled(data_args.unlabelled_generated)
    return preprocess_texts(texts, options) if texts else []
