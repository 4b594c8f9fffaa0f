"""Evaluation reports for text classifiers: accuracy, macro-F1, per-class scores,
confusion matrix and calibration.

Every model (transformer, TF-IDF baseline, hybrid) is scored by the same code so the
numbers in the registry and the model cards are comparable.

Conventions (the same as scikit-learn's defaults):

* macro-F1 averages over the labels that occur in the gold labels or in the predictions;
* a precision, recall or F1 whose denominator is zero counts as 0;
* calibration uses the top-class probability ("confidence") in ``n_bins`` equal-width bins;
  ``ece = sum(count_b / n * |accuracy_b - confidence_b|)``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nlp.baseline import TfidfModel
from nlp.inference import TextClassifier


def classification_metrics(
    y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str] | None = None
) -> dict[str, Any]:
    """Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix.

    Parameters
    ----------
    y_true, y_pred
        Gold and predicted labels (same length, at least one item).
    labels
        Label order for the per-class table and the matrix; labels seen in the data but not
        listed are appended.

    Returns
    -------
    dict
        ``n``, ``accuracy``, ``macro_f1``, ``per_class`` (label → precision, recall, f1,
        support) and ``confusion_matrix`` (``labels``; ``matrix[i][j]`` counts items of
        gold label ``i`` predicted as ``j``).
    """
    y_true = [str(y) for y in y_true]
    y_pred = [str(y) for y in y_pred]
    if len(y_true) != len(y_pred):
        raise ValueError(f"{len(y_true)} gold labels but {len(y_pred)} predictions")
    if not y_true:
        raise ValueError("không có mẫu nào để đánh giá")
    order = list(dict.fromkeys([*(labels or []), *y_true, *y_pred]))
    index = {label: i for i, label in enumerate(order)}
    matrix = np.zeros((len(order), len(order)), dtype=np.int64)
    for gold, pred in zip(y_true, y_pred):
        matrix[index[gold], index[pred]] += 1

    per_class: dict[str, dict[str, float]] = {}
    present_f1 = []
    for label, i in index.items():
        tp = matrix[i, i]
        predicted, support = matrix[:, i].sum(), matrix[i, :].sum()
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {
            "precision": float(precision),
            "recall": float(recall),
            "f1": float(f1),
            "support": int(support),
        }
        if support or predicted:
            present_f1.append(f1)
    return {
        "n": len(y_true),
        "accuracy": float(np.trace(matrix) / len(y_true)),
        "macro_f1": float(np.mean(present_f1)),
        "per_class": per_class,
        "confusion_matrix": {"labels": order, "matrix": matrix.tolist()},
    }


def calibration(confidences: Sequence[float], correct: Sequence[bool], n_bins: int = 10) -> dict[str, Any]:
    """Expected calibration error and a reliability table.

    Parameters
    ----------
    confidences
        Probability the model gave to its predicted label, per item (0–1).
    correct
        Whether that prediction was right, per item.
    n_bins
        Number of equal-width confidence bins; bin ``b`` holds ``(b/n, (b+1)/n]`` and the
        first bin also holds 0.

    Returns
    -------
    dict
        ``ece`` and ``bins``: one row per bin with ``lower``, ``upper``, ``count``,
        ``confidence`` (mean) and ``accuracy`` (``None`` for empty bins).
    """
    confidences = np.asarray(confidences, dtype=np.float64)
    correct = np.asarray(correct, dtype=bool)
    if confidences.shape != correct.shape:
        raise ValueError("confidences and correct must have the same length")
    if confidences.size and (confidences.min() < 0 or confidences.max() > 1):
        raise ValueError("confidences must lie in [0, 1]")
    if n_bins < 1:
        raise ValueError("n_bins must be at least 1")
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    # ceil(conf * n) - 1 puts an exact edge value into the lower bin: (lower, upper].
    which = np.clip(np.ceil(confidences * n_bins).astype(int) - 1, 0, n_bins - 1)
    bins, ece = [], 0.0
    for b in range(n_bins):
        mask = which == b
        count = int(mask.sum())
        row: dict[str, Any] = {
            "lower": float(edges[b]),
            "upper": float(edges[b + 1]),
            "count": count,
            "confidence": None,
            "accuracy": None,
        }
        if count:
            row["confidence"] = float(confidences[mask].mean())
            row["accuracy"] = float(correct[mask].mean())
            ece += count / confidences.size * abs(row["accuracy"] - row["confidence"])
        bins.append(row)
    return {"ece": float(ece), "n_bins": n_bins, "bins": bins}


def report_from_proba(
    proba: np.ndarray, model_labels: Sequence[str], y_true: Sequence[str], n_bins: int = 10
) -> dict[str, Any]:
    """Build the full report from a probability matrix (columns in ``model_labels`` order)."""
    proba = np.asarray(proba, dtype=np.float64)
    if proba.ndim != 2 or proba.shape[1] != len(model_labels):
        raise ValueError(f"proba has shape {proba.shape}, expected (n, {len(model_labels)})")
    if proba.shape[0] != len(y_true):
        raise ValueError(f"{proba.shape[0]} predictions but {len(y_true)} gold labels")
    best = proba.argmax(axis=1)
    y_pred = [str(model_labels[i]) for i in best]
    report = classification_metrics(y_true, y_pred, labels=[str(x) for x in model_labels])
    confidences = np.clip(proba[np.arange(len(best)), best], 0.0, 1.0)
    correct = np.array([p == str(t) for p, t in zip(y_pred, y_true)], dtype=bool)
    report["calibration"] = calibration(confidences, correct, n_bins)
    unknown = sorted(set(map(str, y_true)) - set(map(str, model_labels)))
    if unknown:
        # The model cannot predict these; they count as errors but deserve a visible note.
        report["labels_unknown_to_model"] = unknown
    return report


def evaluate(
    model: Any,
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    batch_size: int = 64,
    n_bins: int = 10,
    registry: Any = None,
) -> dict[str, Any]:
    """Score ``model`` on labelled texts.

    Parameters
    ----------
    model
        Anything with ``labels`` and ``predict_proba(texts, batch_size)`` (a loaded model,
        a :class:`nlp.inference.TextClassifier`), or a model directory / task name, which is
        wrapped in a ``TextClassifier``.
    texts, labels
        Raw texts and their gold labels.
    registry
        Where a task name is looked up: a :class:`nlp.registry.ModelRegistry` or its root;
        by default the deployment's models folder (``<data_dir>/models``).

    Returns
    -------
    dict
        See :func:`classification_metrics` and :func:`calibration`; plus ``model`` (its
        version or kind) and ``calibration``.
    """
    if isinstance(model, (str, os.PathLike)):
        model = TextClassifier(model, registry=registry)
    texts, labels = list(texts), list(labels)
    if len(texts) != len(labels):
        raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
    proba = model.predict_proba(texts, batch_size)
    report = report_from_proba(proba, list(model.labels), labels, n_bins)
    report["model"] = getattr(model, "model_version", None) or getattr(model, "kind", "model")
    return report


def parse_label_map(items: Sequence[str] | None) -> dict[str, str]:
    """``["positive=pos", "negative=neg,neutral=neu"]`` → ``{"positive": "pos", ...}``.

    Each pair maps a label of the data (left) onto a label of the model (right); several
    pairs may share one option, separated by commas.

    Raises
    ------
    ValueError
        For a pair without ``=`` or with an empty side, or a data label mapped twice.
    """
    mapping: dict[str, str] = {}
    for item in items or ():
        for pair in str(item).split(","):
            if not pair.strip():
                continue
            source, sep, target = (part.strip() for part in pair.partition("="))
            if not sep or not source or not target:
                raise ValueError(f"--label-map: cần dạng nhãn_dữ_liệu=nhãn_mô_hình, nhận {pair.strip()!r}")
            if source in mapping and mapping[source] != target:
                raise ValueError(f"--label-map: nhãn {source!r} được ánh xạ hai lần")
            mapping[source] = target
    return mapping


def map_labels(labels: Sequence[str], mapping: dict[str, str], model_labels: Sequence[str]) -> list[str]:
    """The data's labels in the model's vocabulary (labels without a mapping stay as they are).

    Raises
    ------
    ValueError
        When a mapping targets a label the model does not have, or when, after mapping, no
        gold label is one the model knows (a label map is then almost surely missing).
    """
    known = set(model_labels)
    wrong = sorted({target for target in mapping.values() if target not in known})
    if wrong:
        raise ValueError(f"--label-map: mô hình không có nhãn {wrong}; nhãn của mô hình: {sorted(known)}")
    mapped = [mapping.get(str(label), str(label)) for label in labels]
    if mapped and not known.intersection(mapped):
        raise ValueError(
            f"không nhãn nào của dữ liệu ({sorted(set(mapped))[:10]}) là nhãn của mô hình ({sorted(known)}): "
            "dùng --label-map nhãn_dữ_liệu=nhãn_mô_hình"
        )
    return mapped


def baseline_reference(
    texts: Sequence[str], labels: Sequence[str], *, folds: int = 5, seed: int = 0, n_bins: int = 10
) -> dict[str, Any] | None:
    """The TF-IDF baseline trained *on the evaluated file itself*, scored out of fold.

    A reference for how hard the file is: a stratified ``folds``-fold cross-validation of
    :class:`nlp.baseline.TfidfModel`, every text predicted by the fold that did not see it.
    A model that does worse than this on a user's data would gain from being retrained on
    it. Returns ``None`` when some label has fewer than two texts (no stratified split).
    """
    from sklearn.model_selection import StratifiedKFold

    texts, labels = list(texts), [str(label) for label in labels]
    counts = {label: labels.count(label) for label in set(labels)}
    if len(counts) < 2 or min(counts.values()) < 2:
        return None
    folds = max(2, min(folds, min(counts.values())))
    order = sorted(counts)
    proba = np.zeros((len(texts), len(order)))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_index, test_index in splitter.split(texts, labels):
        model = TfidfModel().fit([texts[i] for i in train_index], [labels[i] for i in train_index])
        fold_proba = model.predict_proba([texts[i] for i in test_index])
        columns = [order.index(label) for label in model.labels]
        proba[np.ix_(test_index, columns)] = fold_proba
    report = report_from_proba(proba, order, labels, n_bins)
    report["model"] = f"tfidf ({folds}-fold cross-validation on this file)"
    report["folds"] = folds
    return report


def summary(report: dict[str, Any]) -> dict[str, float]:
    """The headline numbers of a report: ``accuracy``, ``macro_f1``, ``ece``, ``n``."""
    return {
        "accuracy": report["accuracy"],
        "macro_f1": report["macro_f1"],
        "ece": report["calibration"]["ece"] if "calibration" in report else None,
        "n": report["n"],
    }


# --------------------------------------------------------------------------- rendering
def report_markdown(report: dict[str, Any], title: str = "Báo cáo đánh giá") -> str:
    """Render a report as Markdown (headline, per-class table, confusion, reliability)."""
    lines = [f"# {title}", ""]
    if report.get("model"):
        lines += [f"Mô hình: `{report['model']}`", ""]
    lines += [
        f"- Số mẫu: {report['n']}",
        f"- Accuracy: {report['accuracy']:.4f}",
        f"- Macro-F1: {report['macro_f1']:.4f}",
    ]
    if "calibration" in report:
        lines.append(f"- ECE (sai số hiệu chuẩn kỳ vọng): {report['calibration']['ece']:.4f}")
    if report.get("labels_unknown_to_model"):
        lines.append(f"- Nhãn mô hình không biết: {', '.join(report['labels_unknown_to_model'])}")
    lines += ["", "## Theo từng nhãn", "", "| nhãn | precision | recall | F1 | số mẫu |"]
    lines.append("|---|---:|---:|---:|---:|")
    for label, row in report["per_class"].items():
        lines.append(f"| {label} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1']:.3f} | {row['support']} |")
    matrix = report["confusion_matrix"]
    lines += ["", "## Ma trận nhầm lẫn (hàng: nhãn thật, cột: dự đoán)", ""]
    lines.append("| | " + " | ".join(matrix["labels"]) + " |")
    lines.append("|---|" + "---:|" * len(matrix["labels"]))
    for label, row in zip(matrix["labels"], matrix["matrix"]):
        lines.append(f"| **{label}** | " + " | ".join(str(v) for v in row) + " |")
    if report.get("label_map"):
        pairs = ", ".join(f"{k} → {v}" for k, v in report["label_map"].items())
        lines += ["", f"Ánh xạ nhãn (dữ liệu → mô hình): {pairs}"]
    if report.get("baseline"):
        base = report["baseline"]
        lines += [
            "",
            "## So với TF-IDF huấn luyện trên chính tệp này",
            "",
            f"Tham chiếu: {base['model']}.",
            "",
            "| mô hình | accuracy | macro-F1 |",
            "|---|---:|---:|",
            f"| {report.get('model') or 'model'} | {report['accuracy']:.4f} | {report['macro_f1']:.4f} |",
            f"| {base['model']} | {base['accuracy']:.4f} | {base['macro_f1']:.4f} |",
        ]
    if "calibration" in report:
        lines += ["", "## Độ tin cậy (reliability)", "", "| khoảng | số mẫu | độ tin TB | đúng |"]
        lines.append("|---|---:|---:|---:|")
        for row in report["calibration"]["bins"]:
            conf = "–" if row["confidence"] is None else f"{row['confidence']:.3f}"
            acc = "–" if row["accuracy"] is None else f"{row['accuracy']:.3f}"
            lines.append(f"| ({row['lower']:.1f}, {row['upper']:.1f}] | {row['count']} | {conf} | {acc} |")
    return "\n".join(lines) + "\n"


def comparison_markdown(reports: dict[str, dict[str, Any]], title: str = "So sánh mô hình") -> str:
    """A table comparing several reports on the same data (one row per model)."""
    lines = [f"# {title}", "", "| mô hình | accuracy | macro-F1 | ECE | số mẫu |"]
    lines.append("|---|---:|---:|---:|---:|")
    for name, report in reports.items():
        ece = report.get("calibration", {}).get("ece")
        ece_text = "–" if ece is None else f"{ece:.4f}"
        lines.append(f"| {name} | {report['accuracy']:.4f} | {report['macro_f1']:.4f} | {ece_text} | {report['n']} |")
    return "\n".join(lines) + "\n"


def write_report(report: dict[str, Any], out_dir: str | os.PathLike, name: str = "report") -> dict[str, Path]:
    """Write ``<name>.json`` and ``<name>.md`` into ``out_dir``; returns both paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / f"{name}.json", out_dir / f"{name}.md"
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    md_path.write_text(report_markdown(report), encoding="utf-8")
    return {"json": json_path, "markdown": md_path}
