"""The variants a training run compares: TF-IDF, transformers and their hybrid.

``tfidf`` (C tuned on dev) always runs; ``transformer`` is a small BERT from scratch with
a tokenizer learnt on the training text, or a local checkpoint fine-tuned (option a);
``transformer_mlm`` is the same after masked-LM pretraining (option b);
``transformer_distilled`` is the small from-scratch model taught by a larger one (a trained
``--teacher-model`` directory, or this run's ``transformer`` fine-tuned from ``--base-model``)
on the training texts and the unlabelled ones; ``hybrid`` averages the best transformer with
the baseline, its weight tuned on dev (option c). Every variant is scored on dev the same way;
:func:`select_variant` picks the winner.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from nlp.arguments import ModelArguments, TrainConfig, TrainingArguments, pretrain_arguments_for
from nlp.baseline import TfidfModel
from nlp.calibration import apply_temperature, fit_temperature
from nlp.data import Prepared, unlabelled_texts
from nlp.evaluate import report_from_proba
from nlp.inference import HybridModel, TransformerModel, load_model
from nlp.modeling import checkpoint_max_length, classifier_from_checkpoint, scratch_config
from nlp.preprocess import PLACEHOLDERS
from nlp.pretrain import pretrain_model
from nlp.tokenizer import load_tokenizer, train_tokenizer
from nlp.training_loop import fine_tune, seed_everything

logger = logging.getLogger(__name__)


@dataclass
class Trained:
    """The models of one run, with per-variant details, timings and dev probabilities."""

    models: dict[str, Any] = field(default_factory=dict)
    extras: dict[str, dict] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    dev_proba: dict[str, np.ndarray] = field(default_factory=dict)
    dev_reports: dict[str, dict] = field(default_factory=dict)


def train_baseline(texts: dict, labels: dict, info: dict, c_grid: list[float]) -> tuple[Any, dict]:
    """Fit the TF-IDF baseline for each C and keep the best on dev macro-F1."""
    best, scores = None, {}
    for c in c_grid:
        model = TfidfModel(C=c, info=info).fit(texts["train"], labels["train"], preprocessed=True)
        proba = model.predict_proba(texts["dev"], preprocessed=True)
        scores[c] = report_from_proba(proba, model.labels, labels["dev"])["macro_f1"]
        if best is None or scores[c] > scores[best[0]]:
            best = (c, model)
    return best[1], {"C": best[0], "dev_macro_f1_by_C": {str(k): v for k, v in scores.items()}}


def train_transformer(
    init_from: str | None,
    tokenizer: Any,
    texts: dict,
    labels: dict,
    label_names: list[str],
    info: dict,
    model_args: ModelArguments,
    args: TrainingArguments,
    desc: str,
    soft_targets: np.ndarray | None = None,
    restorer: Any = None,
) -> tuple[Any, dict]:
    """Fine-tune a classifier from a checkpoint, or from scratch with ``tokenizer``.

    ``texts["train"]``/``labels["train"]`` may hold unlabelled texts (label ``None``) when
    ``soft_targets`` (a teacher's probabilities for every training text) are given. With a
    ``restorer`` (:attr:`nlp.data.Prepared.restorer`) the model scores texts typed without
    diacritics in both forms, on dev while it trains and after it is saved.
    """
    seed_everything(args.seed)
    task = info["task"]
    if init_from:
        tokenizer = load_tokenizer(init_from)
        model = classifier_from_checkpoint(init_from, label_names, task)
        max_length = checkpoint_max_length(init_from, model_args.max_length)
        learning_rate = args.learning_rate or 3e-5
    else:
        from transformers import AutoModelForSequenceClassification

        config = scratch_config(model_args, tokenizer, label_names, task)
        model = AutoModelForSequenceClassification.from_config(config)
        max_length = model_args.max_length
        learning_rate = args.learning_rate or 1e-3
    info = {**info, "max_length": max_length, "base_model": init_from}
    label_index = {label: i for i, label in enumerate(label_names)}
    train_ids = [-1 if label is None else label_index[label] for label in labels["train"]]
    model, history = fine_tune(
        model,
        tokenizer,
        (texts["train"], train_ids),
        (texts["dev"], labels["dev"]),
        info,
        args,
        learning_rate,
        desc,
        soft_targets=soft_targets,
        restorer=restorer,
    )
    extra = {
        "history": history,
        "learning_rate": learning_rate,
        "parameters": int(sum(p.numel() for p in model.parameters())),
        "base_model": init_from,
    }
    return TransformerModel(model, tokenizer, info, restorer), extra


def tune_hybrid(
    p_transformer: np.ndarray, p_tfidf: np.ndarray, label_names: list[str], dev_labels: list[str]
) -> tuple[float, dict[str, float]]:
    """Pick the transformer weight in 0.1…0.9 with the best dev macro-F1."""
    scores = {}
    for weight in np.round(np.arange(0.1, 0.91, 0.1), 2):
        proba = weight * p_transformer + (1 - weight) * p_tfidf
        scores[float(weight)] = report_from_proba(proba, label_names, dev_labels)["macro_f1"]
    best = max(scores, key=lambda w: (scores[w], -abs(w - 0.5)))
    return best, {str(k): v for k, v in scores.items()}


def mlm_checkpoint_for(config: TrainConfig, tokenizer: Any, texts: list[str], out_dir: Path) -> str:
    """Run inline masked-LM pretraining and return the checkpoint directory."""
    target = out_dir / "mlm_checkpoint"
    # num_threads=0: the training run has set torch's threads already.
    pretrain_args = pretrain_arguments_for(config, output_dir=str(target), num_threads=0)
    pretrain_model(pretrain_args, texts, tokenizer=None if config.model.base_model else tokenizer)
    return str(target)


def train_variants(data: Prepared, config: TrainConfig, out_dir: Path) -> Trained:
    """Train the baseline and the requested transformer variants; score them on dev."""
    model_args, args = config.model, config.training
    run, variants, task = Trained(), config.variants, data.info["task"]
    tick = time.perf_counter()
    run.models["tfidf"], run.extras["tfidf"] = train_baseline(
        data.texts, data.labels, data.info, [float(c) for c in args.tfidf_c.split(",")]
    )
    run.seconds["tfidf"] = time.perf_counter() - tick
    unlabelled = unlabelled_texts(config.data, data.info["preprocess"])

    # Option (a): a tokenizer learnt on the domain text, shared by the scratch variants.
    tokenizer = None
    scratch = {"transformer_distilled"} | (set() if model_args.base_model else {"transformer", "transformer_mlm"})
    if scratch & set(variants):
        tick = time.perf_counter()
        tokenizer = train_tokenizer(
            data.texts["train"] + unlabelled,
            vocab_size=model_args.vocab_size,
            algorithm=model_args.tokenizer_algorithm,
            model_max_length=model_args.max_length,
            extra_tokens=PLACEHOLDERS,
        )
        run.seconds["tokenizer"] = time.perf_counter() - tick
    for name in ("transformer", "transformer_mlm"):
        if name not in variants:
            continue
        tick = time.perf_counter()
        init_from = model_args.base_model
        if name == "transformer_mlm":
            # Option (b): domain-adaptive masked-LM pretraining before fine-tuning.
            init_from = model_args.mlm_checkpoint or mlm_checkpoint_for(
                config, tokenizer, data.texts["train"] + unlabelled, out_dir
            )
        run.models[name], run.extras[name] = train_transformer(
            init_from,
            tokenizer,
            data.texts,
            data.labels,
            data.label_names,
            data.info,
            model_args,
            args,
            desc=f"{task}: {name}",
            restorer=data.restorer,
        )
        run.seconds[name] = time.perf_counter() - tick
    if "transformer_distilled" in variants:
        tick = time.perf_counter()
        run.models["transformer_distilled"], run.extras["transformer_distilled"] = train_distilled(
            run, data, config, tokenizer, unlabelled
        )
        run.seconds["transformer_distilled"] = time.perf_counter() - tick
    for name, model in run.models.items():
        run.dev_proba[name] = model.predict_proba(data.texts["dev"], preprocessed=True)
        run.dev_reports[name] = report_from_proba(run.dev_proba[name], data.label_names, data.labels["dev"])
    if "hybrid" in variants:
        add_hybrid(run, data)
    if args.calibrate_temperature:
        calibrate(run, data)
    return run


#: A dev-fitted temperature is kept only when it lowers the dev ECE by at least this much: it
#: is fitted on the same dev set, so a smaller gain is as likely noise.
MIN_ECE_GAIN = 0.005


def calibrate(run: Trained, data: Prepared) -> None:
    """Fit a temperature on dev for every variant; store it where it lowers the dev ECE.

    A temperature never changes the predicted class, so macro-F1 stays as it is. It is fitted
    after the hybrid, whose weight is tuned on (and which always combines) the raw
    probabilities of its components. The dev probabilities and reports become the calibrated
    ones; ``run.extras[name]["temperature"]`` records the fit either way.
    """
    for name, model in run.models.items():
        raw = run.dev_proba[name]
        temperature = fit_temperature(raw, data.labels["dev"], data.label_names)
        scaled = apply_temperature(raw, temperature)
        report = report_from_proba(scaled, data.label_names, data.labels["dev"])
        before, after = run.dev_reports[name]["calibration"]["ece"], report["calibration"]["ece"]
        kept = temperature != 1.0 and before - after >= MIN_ECE_GAIN
        run.extras[name]["temperature"] = {
            "value": temperature,
            "applied": kept,
            "dev_ece_before": round(before, 4),
            "dev_ece_after": round(after, 4),
        }
        if kept:
            model.info["temperature"] = temperature
            model.info["temperature_dev_ece"] = [round(before, 4), round(after, 4)]
            run.dev_proba[name], run.dev_reports[name] = scaled, report


def train_distilled(
    run: Trained, data: Prepared, config: TrainConfig, tokenizer: Any, unlabelled: list[str]
) -> tuple[Any, dict]:
    """A from-scratch model of the run's size taught by a larger teacher.

    The teacher is ``--teacher-model`` (any model directory), else this run's ``transformer``
    (fine-tuned from ``--base-model``). It labels the training texts and the unlabelled ones
    with its probabilities; the student learns from both (labels where there are any).
    """
    source = config.model.teacher_model
    teacher = load_model(source) if source else run.models["transformer"]
    if list(teacher.labels) != list(data.label_names):
        raise ValueError(f"mô hình thầy có nhãn {teacher.labels}, dữ liệu có {data.label_names}")
    texts = data.texts["train"] + unlabelled
    soft = teacher.predict_proba(texts, preprocessed=True)
    student_texts = {**data.texts, "train": texts}
    student_labels = {**data.labels, "train": data.labels["train"] + [None] * len(unlabelled)}
    # The student is always the small from-scratch model: that is the point of distilling.
    model, extra = train_transformer(
        None,
        tokenizer,
        student_texts,
        student_labels,
        data.label_names,
        data.info,
        config.model,
        config.training,
        desc=f"{data.info['task']}: transformer_distilled",
        soft_targets=soft,
        restorer=data.restorer,
    )
    extra.update(
        teacher=source or "transformer (--base-model)",
        teacher_kind=teacher.kind,
        distill_alpha=config.training.distill_alpha,
        distill_temperature=config.training.distill_temperature,
        unlabelled_texts=len(unlabelled),
    )
    return model, extra


def add_hybrid(run: Trained, data: Prepared) -> None:
    """Option (c): average the best transformer with the baseline, weight tuned on dev."""
    candidates = [n for n in ("transformer", "transformer_mlm", "transformer_distilled") if n in run.models]
    if not candidates:
        logger.warning("bỏ qua biến thể hybrid: không có transformer nào được huấn luyện")
        return
    tick = time.perf_counter()
    best = max(candidates, key=lambda n: run.dev_reports[n]["macro_f1"])
    weight, by_weight = tune_hybrid(run.dev_proba[best], run.dev_proba["tfidf"], data.label_names, data.labels["dev"])
    run.models["hybrid"] = HybridModel(
        run.models[best], run.models["tfidf"], weight, {**data.info, "transformer_variant": best}
    )
    run.extras["hybrid"] = {
        "weight": weight,
        "transformer_variant": best,
        "dev_macro_f1_by_weight": by_weight,
    }
    run.dev_proba["hybrid"] = run.models["hybrid"].predict_proba(data.texts["dev"], preprocessed=True)
    run.dev_reports["hybrid"] = report_from_proba(run.dev_proba["hybrid"], data.label_names, data.labels["dev"])
    run.seconds["hybrid"] = time.perf_counter() - tick + run.seconds[best] + run.seconds["tfidf"]


def select_variant(dev_reports: dict[str, dict]) -> str:
    """The variant with the best dev macro-F1; a later (more complex) one must be strictly
    better to win, so ties go to the baseline."""
    selected = "tfidf"
    for name in dev_reports:
        if dev_reports[name]["macro_f1"] > dev_reports[selected]["macro_f1"]:
            selected = name
    return selected
