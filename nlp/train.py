"""Train Vietnamese text classifiers: TF-IDF baseline, transformers and their hybrid.

A script in the style of transformers' ``run_classification.py``: dataclass arguments with
``help=`` metadata, one linear :func:`main`, generic CSV/JSONL input. It trains, on the same
data and scored the same way:

``tfidf``
    the TF-IDF linear baseline (:mod:`nlp.baseline`), always trained;
``transformer``
    a small BERT trained from scratch with a tokenizer learnt on the training text, or any
    local Hugging Face checkpoint fine-tuned with ``--base-model PATH`` (PhoBERT, ViSoBERT,
    XLM-R, or a checkpoint from :mod:`nlp.pretrain`);
``transformer_mlm``
    the same after domain-adaptive masked-LM pretraining (``--mlm-epochs N`` inline, or a
    ready ``--mlm-checkpoint DIR`` made by :mod:`nlp.pretrain`);
``hybrid``
    the better transformer and the baseline averaged, ``w * p_transformer + (1 - w) * p_tfidf``,
    with ``w`` tuned on the dev set.

The variant with the best dev macro-F1 is *selected* (ties go to the simpler one); every
variant is also scored on the test split when there is one. Output directory::

    variants/<name>/         loadable model directories (nlp.inference.load_model)
    reports/<name>/{dev,test}.{json,md}, reports/comparison_{dev,test}.md
    summary.json             scores, selection, timings, arguments

Examples
--------
``python -m nlp.train --dataset seed --label-column sentiment --output-dir out/sentiment``

``python -m nlp.train --train-file posts.csv --label-column topic --base-model /models/phobert-base
--segment --output-dir out/topic --register``
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections import Counter
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger("nlp.train")

VARIANTS = ("tfidf", "transformer", "transformer_mlm", "hybrid")
READABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".json", ".parquet", ".txt")


# --------------------------------------------------------------------------- arguments
@dataclass
class DataArguments:
    """Where the labelled data comes from and how it is normalised."""

    dataset: str | None = field(
        default=None,
        metadata={
            "help": "Built-in dataset: 'seed' = the project's seed corpus (nlp.corpus), "
            "with its train/dev/test splits. Overrides the *_file arguments."
        },
    )
    train_file: str | None = field(
        default=None, metadata={"help": "Training data: CSV, TSV, JSONL, JSON or Parquet."}
    )
    validation_file: str | None = field(
        default=None,
        metadata={"help": "Dev data for model selection; split off the training data if absent."},
    )
    test_file: str | None = field(
        default=None, metadata={"help": "Held-out test data (scored, never used to choose)."}
    )
    text_column: str = field(default="text", metadata={"help": "Column holding the text."})
    label_column: str = field(
        default="label",
        metadata={
            "help": "Column holding the label (sentiment|topic|sensitivity for the seed corpus)."
        },
    )
    dev_fraction: float = field(
        default=0.15, metadata={"help": "Share of training rows held out as dev when no dev file."}
    )
    max_train_samples: int | None = field(
        default=None, metadata={"help": "Use at most this many training rows (quick runs)."}
    )
    segment: bool = field(
        default=False,
        metadata={"help": "Word-segment the text (pyvi), e.g. for PhoBERT which expects it."},
    )
    lowercase: bool = field(default=True, metadata={"help": "Lower-case in preprocess()."})
    augment_no_diacritics: float = field(
        default=0.0,
        metadata={"help": "Add this share of training texts again without diacritics (0-1)."},
    )
    unlabelled_file: str | None = field(
        default=None,
        metadata={"help": "Extra unlabelled texts (CSV/JSONL/TXT) for inline MLM pretraining."},
    )


@dataclass
class ModelArguments:
    """Which transformer to train: a local checkpoint, or a small one from scratch."""

    base_model: str | None = field(
        default=None,
        metadata={
            "help": "Local Hugging Face checkpoint directory to fine-tune (PhoBERT, ViSoBERT, "
            "XLM-R, or an nlp.pretrain output). Nothing is downloaded."
        },
    )
    mlm_checkpoint: str | None = field(
        default=None,
        metadata={"help": "Ready MLM-pretrained checkpoint (nlp.pretrain) for 'transformer_mlm'."},
    )
    model_type: str = field(
        default="bert",
        metadata={"help": "Architecture trained from scratch.", "choices": ["bert", "roberta"]},
    )
    tokenizer_algorithm: str = field(
        default="bpe",
        metadata={
            "help": "Subword algorithm of the domain tokenizer (bpe is reproducible run to run).",
            "choices": ["bpe", "wordpiece"],
        },
    )
    vocab_size: int = field(default=8000, metadata={"help": "Domain tokenizer vocabulary size."})
    hidden_size: int = field(default=128, metadata={"help": "Hidden size (from scratch)."})
    num_layers: int = field(default=2, metadata={"help": "Transformer layers (from scratch)."})
    num_heads: int = field(default=4, metadata={"help": "Attention heads (from scratch)."})
    intermediate_size: int = field(
        default=512, metadata={"help": "Feed-forward size (from scratch)."}
    )
    dropout: float = field(default=0.1, metadata={"help": "Dropout (from scratch)."})
    max_length: int = field(default=96, metadata={"help": "Longest input in tokens."})


@dataclass
class TrainingArguments:
    """How to train, select, save and register."""

    output_dir: str = field(metadata={"help": "Directory for models, reports and summary.json."})
    task: str | None = field(
        default=None, metadata={"help": "Task name for the registry; the label column by default."}
    )
    variants: str = field(
        default="tfidf,transformer,hybrid",
        metadata={
            "help": f"Comma-separated variants among {', '.join(VARIANTS)} (tfidf always runs)."
        },
    )
    epochs: int = field(default=10, metadata={"help": "Fine-tuning epochs (best dev epoch kept)."})
    patience: int = field(
        default=3, metadata={"help": "Stop after this many epochs without dev improvement."}
    )
    batch_size: int = field(default=32, metadata={"help": "Training batch size."})
    learning_rate: float | None = field(
        default=None,
        metadata={"help": "Peak learning rate; default 1e-3 from scratch, 3e-5 for --base-model."},
    )
    weight_decay: float = field(default=0.01, metadata={"help": "AdamW weight decay."})
    warmup_ratio: float = field(default=0.1, metadata={"help": "Share of steps for LR warm-up."})
    class_weight: str = field(
        default="none",
        metadata={"help": "Loss weighting of classes.", "choices": ["none", "balanced"]},
    )
    mlm_epochs: int = field(
        default=0, metadata={"help": "Inline MLM pretraining epochs for 'transformer_mlm'."}
    )
    mlm_probability: float = field(default=0.15, metadata={"help": "Share of tokens masked."})
    tfidf_c: str = field(
        default="1,4,16", metadata={"help": "Comma-separated C values tried for the baseline."}
    )
    seed: int = field(default=42, metadata={"help": "Random seed (data split, init, order)."})
    device: str = field(
        default="cpu", metadata={"help": "Device.", "choices": ["cpu", "cuda", "auto"]}
    )
    fp16: bool = field(default=False, metadata={"help": "float16 mixed precision (CUDA)."})
    bf16: bool = field(default=False, metadata={"help": "bfloat16 mixed precision."})
    num_threads: int = field(
        default=2, metadata={"help": "CPU threads for torch (0 = torch default)."}
    )
    progress: bool = field(default=True, metadata={"help": "Show progress bars."})
    register: bool = field(
        default=False, metadata={"help": "Register the selected variant in the model registry."}
    )
    registry_root: str | None = field(
        default=None, metadata={"help": "Registry directory ($IOC_DATA_DIR/models by default)."}
    )
    promote: bool = field(
        default=False,
        metadata={"help": "After --register, promote it (refused unless it beats the baseline)."},
    )


def parse_args(argv: Sequence[str] | None = None):
    """Parse command-line arguments into the three argument dataclasses."""
    from transformers import HfArgumentParser

    parser = HfArgumentParser((DataArguments, ModelArguments, TrainingArguments))
    parser.description = "Huấn luyện bộ phân loại văn bản tiếng Việt (TF-IDF, transformer, hybrid)."
    data_args, model_args, train_args = parser.parse_args_into_dataclasses(
        args=list(argv) if argv is not None else None
    )
    _validate(data_args, model_args, train_args)
    return data_args, model_args, train_args


def _validate(data_args: DataArguments, model_args: ModelArguments, train_args: TrainingArguments):
    if data_args.dataset is None and data_args.train_file is None:
        raise ValueError("cần --train-file hoặc --dataset seed")
    if data_args.dataset not in (None, "seed"):
        raise ValueError(f"--dataset không hợp lệ: {data_args.dataset!r} (chỉ có 'seed')")
    unknown = set(variant_list(train_args)) - set(VARIANTS)
    if unknown:
        raise ValueError(f"biến thể không hợp lệ: {sorted(unknown)}; chọn trong {VARIANTS}")
    if not 0.0 < data_args.dev_fraction < 0.9:
        raise ValueError("--dev-fraction phải nằm trong (0, 0.9)")
    if "transformer_mlm" in variant_list(train_args) and not model_args.mlm_checkpoint and train_args.mlm_epochs <= 0:
        raise ValueError("biến thể transformer_mlm cần --mlm-epochs > 0 hoặc --mlm-checkpoint")
    for name in ("base_model", "mlm_checkpoint"):
        path = getattr(model_args, name)
        if path and not Path(path).is_dir():
            raise FileNotFoundError(f"--{name.replace('_', '-')}: không có thư mục {path}")
    if train_args.epochs < 1:
        raise ValueError("--epochs phải ít nhất là 1")
    if train_args.fp16 and train_args.bf16:
        raise ValueError("chọn một trong --fp16 hoặc --bf16")
    if model_args.hidden_size % model_args.num_heads:
        raise ValueError("--hidden-size phải chia hết cho --num-heads")


def variant_list(train_args: TrainingArguments) -> list[str]:
    """Requested variants in canonical order; the baseline is always included."""
    asked = {v.strip() for v in train_args.variants.split(",") if v.strip()}
    return [v for v in VARIANTS if v in asked | {"tfidf"}] + sorted(asked - set(VARIANTS))


# --------------------------------------------------------------------------- data
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


def labelled_frame(frame: Any, text_column: str, label_column: str, source: str = "") -> Any:
    """Keep ``text``/``label`` columns, dropping (and reporting) rows missing either."""
    import pandas as pd

    missing = [c for c in (text_column, label_column) if c not in frame.columns]
    if missing:
        raise KeyError(
            f"{source}: thiếu cột {', '.join(missing)}; các cột hiện có: "
            f"{', '.join(map(str, frame.columns))}"
        )
    out = pd.DataFrame({"text": frame[text_column], "label": frame[label_column]})
    usable = (
        out["text"].map(lambda t: isinstance(t, str) and bool(t.strip())) & out["label"].notna()
    )
    if (~usable).any():
        logger.warning("%s: bỏ qua %d dòng thiếu văn bản hoặc nhãn", source, int((~usable).sum()))
    out = out[usable].reset_index(drop=True)
    out["label"] = out["label"].astype(str)
    return out


def load_splits(data_args: DataArguments, seed: int) -> dict[str, Any]:
    """Return ``{"train", "dev", ["test"]}`` frames with ``text`` and ``label`` columns."""
    if data_args.dataset == "seed":
        from nlp.corpus import load_corpus

        raw = {split: load_corpus(split) for split in ("train", "dev", "test")}
    else:
        raw = {"train": read_frame(data_args.train_file)}
        if data_args.validation_file:
            raw["dev"] = read_frame(data_args.validation_file)
        if data_args.test_file:
            raw["test"] = read_frame(data_args.test_file)
    splits = {
        name: labelled_frame(frame, data_args.text_column, data_args.label_column, name)
        for name, frame in raw.items()
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


# --------------------------------------------------------------------------- torch helpers
def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and torch."""
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def resolve_device(name: str) -> Any:
    """``cpu``, ``cuda`` or ``auto`` (CUDA when available) as a ``torch.device``."""
    import torch

    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    if name == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("--device cuda được chọn nhưng không có GPU CUDA")
    return torch.device(name)


def precision_of(fp16: bool, bf16: bool) -> str | None:
    """``"fp16"``, ``"bf16"`` or ``None``."""
    return "fp16" if fp16 else "bf16" if bf16 else None


def autocast_context(device: Any, precision: str | None):
    """Mixed precision around forward passes, or nothing in full precision."""
    import torch

    if precision is None:
        return nullcontext()
    dtype = torch.float16 if precision == "fp16" else torch.bfloat16
    return torch.autocast(device_type=device.type, dtype=dtype)


def make_optimizer(
    model: Any, learning_rate: float, weight_decay: float, total_steps: int, warmup_ratio: float
) -> tuple[Any, Any]:
    """AdamW (no decay on biases and LayerNorm) with linear warm-up and decay."""
    import torch

    decay, no_decay = [], []
    for name, parameter in model.named_parameters():
        if not parameter.requires_grad:
            continue
        (no_decay if parameter.ndim < 2 or "LayerNorm" in name else decay).append(parameter)
    optimizer = torch.optim.AdamW(
        [
            {"params": decay, "weight_decay": weight_decay},
            {"params": no_decay, "weight_decay": 0.0},
        ],
        lr=learning_rate,
    )
    warmup = max(1, int(total_steps * warmup_ratio))

    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.0, (total_steps - step) / max(1, total_steps - warmup))

    return optimizer, torch.optim.lr_scheduler.LambdaLR(optimizer, factor)


def grad_scaler(device: Any, precision: str | None) -> Any:
    """A gradient scaler for float16 (needed to avoid underflow), else ``None``."""
    import torch

    if precision == "fp16" and device.type == "cuda":
        return torch.amp.GradScaler("cuda")
    return None


def optimizer_step(loss: Any, model: Any, optimizer: Any, scheduler: Any, scaler: Any) -> None:
    """Backward pass, gradient clipping at 1.0 and one optimiser step."""
    import torch

    if scaler is not None:
        scaler.scale(loss).backward()
        scaler.unscale_(optimizer)
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        scaler.step(optimizer)
        scaler.update()
    else:
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
    scheduler.step()
    optimizer.zero_grad(set_to_none=True)


# --------------------------------------------------------------------------- models
def scratch_config(model_args: ModelArguments, tokenizer: Any, labels: list[str], task: str) -> Any:
    """A small BERT/RoBERTa configuration for training from scratch."""
    from transformers import BertConfig, RobertaConfig

    common = dict(
        vocab_size=len(tokenizer),
        hidden_size=model_args.hidden_size,
        num_hidden_layers=model_args.num_layers,
        num_attention_heads=model_args.num_heads,
        intermediate_size=model_args.intermediate_size,
        hidden_dropout_prob=model_args.dropout,
        attention_probs_dropout_prob=model_args.dropout,
        pad_token_id=tokenizer.pad_token_id,
        **label_config(labels, task),
    )
    if model_args.model_type == "roberta":
        # RoBERTa numbers positions from pad_token_id + 1, hence the two extra slots.
        return RobertaConfig(
            max_position_embeddings=model_args.max_length + 2,
            type_vocab_size=1,
            bos_token_id=tokenizer.cls_token_id,
            eos_token_id=tokenizer.sep_token_id,
            **common,
        )
    return BertConfig(max_position_embeddings=model_args.max_length, **common)


def label_config(labels: list[str], task: str) -> dict[str, Any]:
    """``label2id``/``id2label`` for a model config (the task name lives in nlp_model.json)."""
    return {
        "num_labels": len(labels),
        "id2label": dict(enumerate(labels)),
        "label2id": {label: i for i, label in enumerate(labels)},
        "problem_type": "single_label_classification",
    }


def checkpoint_max_length(path: str, wanted: int) -> int:
    """Longest input a checkpoint accepts, capped at ``wanted``."""
    from transformers import AutoConfig

    config = AutoConfig.from_pretrained(path)
    positions = getattr(config, "max_position_embeddings", wanted)
    # RoBERTa-family checkpoints reserve pad_token_id + 1 positions.
    offset = 2 if config.model_type in {"roberta", "xlm-roberta", "camembert"} else 0
    return max(8, min(wanted, positions - offset))


def classifier_from_checkpoint(path: str, labels: list[str], task: str) -> Any:
    """Load a local checkpoint with a fresh classification head for ``labels``."""
    from transformers import AutoConfig, AutoModelForSequenceClassification

    config = AutoConfig.from_pretrained(path, **label_config(labels, task))
    return AutoModelForSequenceClassification.from_pretrained(
        path, config=config, ignore_mismatched_sizes=True
    )


def fine_tune(
    model: Any,
    tokenizer: Any,
    train: tuple[list[str], list[int]],
    dev: tuple[list[str], list[str]],
    info: dict[str, Any],
    args: TrainingArguments,
    learning_rate: float,
    desc: str,
) -> tuple[Any, list[dict[str, float]]]:
    """Fine-tune a sequence classifier; keep the weights of the best dev epoch.

    Returns the model (best state loaded, on CPU) and the per-epoch history.
    """
    import torch
    from tqdm.auto import tqdm

    from nlp.evaluate import report_from_proba
    from nlp.inference import TransformerModel, model_inputs

    device = resolve_device(args.device)
    precision = precision_of(args.fp16, args.bf16)
    texts, label_ids = train
    encodings = tokenizer(texts, truncation=True, max_length=info["max_length"])["input_ids"]
    steps_per_epoch = (len(texts) + args.batch_size - 1) // args.batch_size
    total = steps_per_epoch * args.epochs
    model.to(device)
    optimizer, scheduler = make_optimizer(
        model, learning_rate, args.weight_decay, total, args.warmup_ratio
    )
    scaler = grad_scaler(device, precision)
    loss_fn = torch.nn.CrossEntropyLoss(weight=_class_weights(label_ids, info, args, device))
    generator = torch.Generator().manual_seed(args.seed)
    wrapper = TransformerModel(model, tokenizer, info)
    best_f1, best_state, history, stale = -1.0, None, [], 0
    bar = tqdm(total=total, desc=desc, disable=not args.progress, leave=False)
    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(len(texts), generator=generator).tolist()
        running = 0.0
        for start in range(0, len(order), args.batch_size):
            index = order[start : start + args.batch_size]
            batch = tokenizer.pad(
                {"input_ids": [encodings[i] for i in index]}, return_tensors="pt"
            ).to(device)
            target = torch.tensor([label_ids[i] for i in index], device=device)
            with autocast_context(device, precision):
                logits = model(**model_inputs(model, batch)).logits
            loss = loss_fn(logits.float(), target)
            optimizer_step(loss, model, optimizer, scheduler, scaler)
            running += loss.item()
            bar.update(1)
        proba = wrapper.predict_proba(dev[0], preprocessed=True)
        dev_f1 = report_from_proba(proba, wrapper.labels, dev[1])["macro_f1"]
        history.append(
            {"epoch": epoch + 1, "loss": running / steps_per_epoch, "dev_macro_f1": dev_f1}
        )
        bar.set_postfix(
            epoch=epoch + 1, loss=f"{running / steps_per_epoch:.3f}", dev_f1=f"{dev_f1:.3f}"
        )
        if dev_f1 > best_f1:
            best_f1, stale = dev_f1, 0
            best_state = {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}
        else:
            stale += 1
            if stale >= args.patience:
                break
    bar.close()
    model.load_state_dict(best_state)
    model.to("cpu").eval()
    return model, history


def _class_weights(label_ids: list[int], info: dict, args: TrainingArguments, device: Any) -> Any:
    if args.class_weight != "balanced":
        return None
    import torch

    counts = np.bincount(label_ids, minlength=len(info["labels"])).astype(np.float64)
    weights = len(label_ids) / (len(counts) * np.maximum(counts, 1.0))
    return torch.tensor(weights, dtype=torch.float32, device=device)


# --------------------------------------------------------------------------- variants
def train_baseline(texts: dict, labels: dict, info: dict, c_grid: list[float]) -> tuple[Any, dict]:
    """Fit the TF-IDF baseline for each C and keep the best on dev macro-F1."""
    from nlp.baseline import TfidfModel
    from nlp.evaluate import report_from_proba

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
) -> tuple[Any, dict]:
    """Fine-tune a classifier from a checkpoint, or from scratch with ``tokenizer``."""
    from nlp.inference import TransformerModel
    from nlp.tokenizer import load_tokenizer

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
    train_ids = [label_index[label] for label in labels["train"]]
    model, history = fine_tune(
        model,
        tokenizer,
        (texts["train"], train_ids),
        (texts["dev"], labels["dev"]),
        info,
        args,
        learning_rate,
        desc,
    )
    extra = {
        "history": history,
        "learning_rate": learning_rate,
        "parameters": int(sum(p.numel() for p in model.parameters())),
        "base_model": init_from,
    }
    return TransformerModel(model, tokenizer, info), extra


def tune_hybrid(
    p_transformer: np.ndarray, p_tfidf: np.ndarray, label_names: list[str], dev_labels: list[str]
) -> tuple[float, dict[str, float]]:
    """Pick the transformer weight in 0.1…0.9 with the best dev macro-F1."""
    from nlp.evaluate import report_from_proba

    scores = {}
    for weight in np.round(np.arange(0.1, 0.91, 0.1), 2):
        proba = weight * p_transformer + (1 - weight) * p_tfidf
        scores[float(weight)] = report_from_proba(proba, label_names, dev_labels)["macro_f1"]
    best = max(scores, key=lambda w: (scores[w], -abs(w - 0.5)))
    return best, {str(k): v for k, v in scores.items()}


def mlm_checkpoint_for(
    model_args: ModelArguments,
    args: TrainingArguments,
    tokenizer: Any,
    texts: list[str],
    out_dir: Path,
) -> str:
    """Run inline masked-LM pretraining and return the checkpoint directory."""
    from nlp.pretrain import PretrainArguments, pretrain_model

    target = out_dir / "mlm_checkpoint"
    pretrain_args = PretrainArguments(
        input_file="",
        output_dir=str(target),
        base_model=model_args.base_model,
        model_type=model_args.model_type,
        hidden_size=model_args.hidden_size,
        num_layers=model_args.num_layers,
        num_heads=model_args.num_heads,
        intermediate_size=model_args.intermediate_size,
        max_length=model_args.max_length,
        epochs=args.mlm_epochs,
        batch_size=args.batch_size,
        mlm_probability=args.mlm_probability,
        seed=args.seed,
        device=args.device,
        fp16=args.fp16,
        bf16=args.bf16,
        num_threads=0,
        progress=args.progress,
    )
    pretrain_model(pretrain_args, texts, tokenizer=None if model_args.base_model else tokenizer)
    return str(target)


# --------------------------------------------------------------------------- main
@dataclass
class Prepared:
    """Preprocessed texts and labels per split, label names and the shared model info."""

    splits: dict[str, Any]
    texts: dict[str, list[str]]
    labels: dict[str, list[str]]
    label_names: list[str]
    info: dict[str, Any]


@dataclass
class Trained:
    """The models of one run, with per-variant details, timings and dev probabilities."""

    models: dict[str, Any] = field(default_factory=dict)
    extras: dict[str, dict] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    dev_proba: dict[str, np.ndarray] = field(default_factory=dict)
    dev_reports: dict[str, dict] = field(default_factory=dict)


def prepare_data(data_args: DataArguments, seed: int, task: str) -> Prepared:
    """Load the splits and apply the same ``preprocess()`` that inference will apply."""
    from nlp.inference import preprocess_texts

    splits = load_splits(data_args, seed)
    train_raw, train_labels = splits["train"]["text"].tolist(), splits["train"]["label"].tolist()
    if data_args.augment_no_diacritics > 0:
        from nlp.preprocess import augment_without_diacritics

        train_raw, train_labels = augment_without_diacritics(
            train_raw, train_labels, data_args.augment_no_diacritics, seed=seed
        )
    options = {"segment": data_args.segment, "lowercase": data_args.lowercase}
    texts = {"train": preprocess_texts(train_raw, options)}
    labels = {"train": [str(x) for x in train_labels]}
    for name in ("dev", "test"):
        if name in splits:
            texts[name] = preprocess_texts(splits[name]["text"].tolist(), options)
            labels[name] = splits[name]["label"].tolist()
    label_names = sorted(set(labels["train"]))
    for name in ("dev", "test"):
        unseen = sorted(set(labels.get(name, [])) - set(label_names))
        if unseen:
            logger.warning("%s có nhãn không có trong tập huấn luyện: %s", name, unseen)
    info = {"task": task, "labels": label_names, "preprocess": options}
    return Prepared(splits, texts, labels, label_names, info)


def train_variants(
    data: Prepared,
    data_args: DataArguments,
    model_args: ModelArguments,
    args: TrainingArguments,
    out_dir: Path,
) -> Trained:
    """Train the baseline and the requested transformer variants; score them on dev."""
    from nlp.evaluate import report_from_proba
    from nlp.tokenizer import train_tokenizer

    run, variants, task = Trained(), variant_list(args), data.info["task"]
    tick = time.perf_counter()
    run.models["tfidf"], run.extras["tfidf"] = train_baseline(
        data.texts, data.labels, data.info, [float(c) for c in args.tfidf_c.split(",")]
    )
    run.seconds["tfidf"] = time.perf_counter() - tick
    unlabelled = _unlabelled_texts(data_args, data.info["preprocess"])

    # Option (a): a tokenizer learnt on the domain text, shared by the scratch variants.
    tokenizer = None
    if not model_args.base_model and {"transformer", "transformer_mlm"} & set(variants):
        from nlp.preprocess import PLACEHOLDERS

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
                model_args, args, tokenizer, data.texts["train"] + unlabelled, out_dir
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
        )
        run.seconds[name] = time.perf_counter() - tick
    for name, model in run.models.items():
        run.dev_proba[name] = model.predict_proba(data.texts["dev"], preprocessed=True)
        run.dev_reports[name] = report_from_proba(
            run.dev_proba[name], data.label_names, data.labels["dev"]
        )
    if "hybrid" in variants:
        add_hybrid(run, data)
    return run


def add_hybrid(run: Trained, data: Prepared) -> None:
    """Option (c): average the better transformer with the baseline, weight tuned on dev."""
    from nlp.evaluate import report_from_proba
    from nlp.inference import HybridModel

    candidates = [n for n in ("transformer", "transformer_mlm") if n in run.models]
    if not candidates:
        logger.warning("bỏ qua biến thể hybrid: không có transformer nào được huấn luyện")
        return
    tick = time.perf_counter()
    best = max(candidates, key=lambda n: run.dev_reports[n]["macro_f1"])
    weight, by_weight = tune_hybrid(
        run.dev_proba[best], run.dev_proba["tfidf"], data.label_names, data.labels["dev"]
    )
    run.models["hybrid"] = HybridModel(
        run.models[best], run.models["tfidf"], weight, {**data.info, "transformer_variant": best}
    )
    run.extras["hybrid"] = {
        "weight": weight,
        "transformer_variant": best,
        "dev_macro_f1_by_weight": by_weight,
    }
    run.dev_proba["hybrid"] = run.models["hybrid"].predict_proba(
        data.texts["dev"], preprocessed=True
    )
    run.dev_reports["hybrid"] = report_from_proba(
        run.dev_proba["hybrid"], data.label_names, data.labels["dev"]
    )
    run.seconds["hybrid"] = time.perf_counter() - tick + run.seconds[best] + run.seconds["tfidf"]


def select_variant(dev_reports: dict[str, dict]) -> str:
    """The variant with the best dev macro-F1; a later (more complex) one must be strictly
    better to win, so ties go to the baseline."""
    selected = "tfidf"
    for name in dev_reports:
        if dev_reports[name]["macro_f1"] > dev_reports[selected]["macro_f1"]:
            selected = name
    return selected


def save_outputs(run: Trained, data: Prepared, out_dir: Path) -> dict[str, dict]:
    """Score on test, save every variant and write the reports; returns the test reports."""
    from nlp.evaluate import comparison_markdown, report_from_proba, write_report

    task = data.info["task"]
    test_reports = {}
    if "test" in data.texts:
        test_reports = {
            name: report_from_proba(
                model.predict_proba(data.texts["test"], preprocessed=True),
                data.label_names,
                data.labels["test"],
            )
            for name, model in run.models.items()
        }
    for name, model in run.models.items():
        model.info.update(
            task=task, variant=name, training_seconds=round(run.seconds.get(name, 0.0), 2)
        )
        model.save(out_dir / "variants" / name)
        write_report({**run.dev_reports[name], "model": name}, out_dir / "reports" / name, "dev")
        if name in test_reports:
            write_report({**test_reports[name], "model": name}, out_dir / "reports" / name, "test")
    (out_dir / "reports" / "comparison_dev.md").write_text(
        comparison_markdown(run.dev_reports, f"{task}: so sánh trên tập dev"), encoding="utf-8"
    )
    if test_reports:
        (out_dir / "reports" / "comparison_test.md").write_text(
            comparison_markdown(test_reports, f"{task}: so sánh trên tập test"), encoding="utf-8"
        )
    return test_reports


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Train, compare and save all variants; returns the summary (also ``summary.json``)."""
    import torch

    from nlp.evaluate import summary
    from nlp.tokenizer import offline_hub, quiet_transformers

    started = time.perf_counter()
    data_args, model_args, args = parse_args(argv)
    offline_hub()
    quiet_transformers()
    if args.num_threads > 0:
        torch.set_num_threads(args.num_threads)
    seed_everything(args.seed)
    task = args.task or data_args.label_column
    out_dir = Path(args.output_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    data = prepare_data(data_args, args.seed, task)
    run = train_variants(data, data_args, model_args, args, out_dir)
    selected = select_variant(run.dev_reports)
    test_reports = save_outputs(run, data, out_dir)

    result = {
        "task": task,
        "labels": data.label_names,
        "selected": selected,
        "selected_dir": str(out_dir / "variants" / selected),
        "variants": {
            name: {
                "dev": summary(run.dev_reports[name]),
                "test": summary(test_reports[name]) if name in test_reports else None,
                "seconds": round(run.seconds.get(name, 0.0), 2),
                "dir": str(out_dir / "variants" / name),
                **run.extras.get(name, {}),
            }
            for name in run.models
        },
        "data": _data_summary(data, data_args),
        "seconds": {k: round(v, 2) for k, v in run.seconds.items()},
        "total_seconds": round(time.perf_counter() - started, 2),
        "args": {"data": asdict(data_args), "model": asdict(model_args), "training": asdict(args)},
        "registered": None,
        "promoted": False,
    }
    if args.register:
        result.update(register_result(result, args))
    (out_dir / "summary.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    logger.info(
        "%s: chọn %s; macro-F1 dev %s",
        task,
        selected,
        {n: round(r["macro_f1"], 4) for n, r in run.dev_reports.items()},
    )
    return result


def _unlabelled_texts(data_args: DataArguments, options: dict) -> list[str]:
    if not data_args.unlabelled_file:
        return []
    from nlp.inference import preprocess_texts
    from nlp.pretrain import read_texts

    return preprocess_texts(read_texts(data_args.unlabelled_file, data_args.text_column), options)


def _data_summary(data: Prepared, data_args: DataArguments) -> dict[str, Any]:
    source = (
        "kho ngữ liệu hạt giống của dự án (nlp.corpus)"
        if data_args.dataset == "seed"
        else (data_args.train_file)
    )
    return {
        "source": source,
        "label_column": data_args.label_column,
        "sizes": {name: len(frame) for name, frame in data.splits.items()},
        "train_label_counts": dict(Counter(data.labels["train"]).most_common()),
        "augment_no_diacritics": data_args.augment_no_diacritics,
    }


def registry_metrics(result: dict[str, Any], variant: str) -> dict[str, Any]:
    """The ``metrics`` a registry entry stores for ``variant`` of a training run (a copy)."""
    chosen, baseline = result["variants"][variant], result["variants"]["tfidf"]
    metrics = {"dev": dict(chosen["dev"]), "baseline": {"dev": dict(baseline["dev"])}}
    if chosen.get("test"):
        metrics["test"] = dict(chosen["test"])
        metrics["baseline"]["test"] = dict(baseline["test"])
    metrics["variants"] = {
        name: {
            "dev_macro_f1": v["dev"]["macro_f1"],
            "test_macro_f1": v["test"]["macro_f1"] if v.get("test") else None,
        }
        for name, v in result["variants"].items()
    }
    return metrics


def card_info_for(result: dict[str, Any], variant: str) -> dict[str, Any]:
    """The model-card details of ``variant`` of a training run."""
    data = result["data"]
    sizes = ", ".join(f"{k}: {v}" for k, v in data["sizes"].items())
    counts = ", ".join(f"{k}: {v}" for k, v in data["train_label_counts"].items())
    chosen = result["variants"][variant]
    base = chosen.get("base_model")
    if variant == "hybrid":
        base = result["variants"][chosen["transformer_variant"]].get("base_model")
    return {
        "variant": variant,
        "data": f"Nguồn: {data['source']} (cột nhãn `{data['label_column']}`). "
        f"Số mẫu: {sizes}. Phân bố nhãn (train): {counts}.",
        "base_model": base,
        "training_seconds": round(result["total_seconds"], 1),
        "variants": {name: v["dev"]["macro_f1"] for name, v in result["variants"].items()},
        "hyperparameters": {
            "model": result["args"]["model"],
            "training": {
                k: result["args"]["training"][k]
                for k in (
                    "epochs",
                    "batch_size",
                    "learning_rate",
                    "seed",
                    "class_weight",
                    "mlm_epochs",
                )
            },
            "variant": {
                k: v for k, v in chosen.items() if k not in ("history", "dev", "test", "dir")
            },
        },
    }


def register_result(result: dict[str, Any], args: TrainingArguments) -> dict[str, Any]:
    """Register the selected variant (and promote it when asked); returns what happened."""
    from nlp.registry import ModelRegistry, PromotionRefused

    registry = ModelRegistry(args.registry_root)
    variant = result["selected"]
    version_id = registry.register(
        result["selected_dir"],
        result["task"],
        registry_metrics(result, variant),
        card_info_for(result, variant),
    )
    outcome: dict[str, Any] = {"registered": version_id, "promoted": False}
    if args.promote:
        try:
            registry.promote(result["task"], version_id.split("/")[1])
            outcome["promoted"] = True
        except PromotionRefused as refusal:
            outcome["promotion_message"] = str(refusal)
    return outcome


if __name__ == "__main__":  # pragma: no cover - exercised through main()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    main()
