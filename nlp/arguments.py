"""The arguments of training and pretraining, as dataclasses.

Each field carries its ``help=`` text, so :class:`transformers.HfArgumentParser` turns the
dataclasses into the command lines of :mod:`nlp.train` and :mod:`nlp.pretrain`, and code
(presets, :func:`nlp.defaults.ensure_default_models`, notebooks, tests) builds the same
objects directly instead of writing argument lists:

:class:`DataArguments`, :class:`ModelArguments`, :class:`TrainingArguments`
    where the labelled data comes from, which transformer to train and how; bundled, and
    checked, as one :class:`TrainConfig`;
:class:`PretrainArguments`
    masked-LM pretraining (:mod:`nlp.pretrain`); :func:`pretrain_arguments_for` derives them
    from a training configuration so that the pretrained encoder has the size of the model
    fine-tuned after it.

Named sets of values live in :mod:`nlp.presets`. This module imports nothing else of
:mod:`nlp`: everything that trains depends on it, never the other way round.
"""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

VARIANTS = ("tfidf", "transformer", "transformer_mlm", "transformer_distilled", "hybrid")


# --------------------------------------------------------------------------- training
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
    train_file: str | None = field(default=None, metadata={"help": "Training data: CSV, TSV, JSONL, JSON or Parquet."})
    validation_file: str | None = field(
        default=None,
        metadata={"help": "Dev data for model selection; split off the training data if absent."},
    )
    test_file: str | None = field(default=None, metadata={"help": "Held-out test data (scored, never used to choose)."})
    shift_test_file: str | None = field(
        default=None,
        metadata={
            "help": "A second test set written apart from the training data (other sources or styles), "
            "reported beside the test split; the seed corpus uses its own style-shift set."
        },
    )
    text_column: str = field(default="text", metadata={"help": "Column holding the text."})
    label_column: str = field(
        default="label",
        metadata={"help": "Column holding the label (sentiment|topic|sensitivity for the seed corpus)."},
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
    # Default 1.0 (a stripped copy of every text): with 0.0 a model trained on text with
    # diacritics lost 6-7 macro-F1 points (transformer, hybrid) on the same test typed without
    # them; with 1.0 at most 1.7 (seed corpus, sentiment; nlp/README.md "Text without diacritics").
    augment_no_diacritics: float = field(
        default=1.0,
        metadata={
            "help": "Add this share of training texts again without diacritics (0-1; default 1.0, "
            "every text, so the model holds up on text typed without diacritics)."
        },
    )
    # On by default: with the stripped copies alone the transformers of the seed corpus still
    # lost 2.4-6.1 macro-F1 points on text typed without diacritics (nlp/README.md).
    restore_diacritics: bool = field(
        default=True,
        metadata={
            "help": "Transformers also score a text typed without diacritics with its diacritics restored "
            "(a dictionary learnt from the training texts, saved with the model) and average the two."
        },
    )
    unlabelled_file: str | None = field(
        default=None,
        metadata={
            "help": "Extra unlabelled texts (CSV/JSONL/TXT) for the domain tokenizer, inline MLM "
            "pretraining and distillation."
        },
    )
    unlabelled_generated: int = field(
        default=0,
        metadata={
            "help": "Add this many unlabelled texts generated from the seed corpus's training material "
            "(nlp.corpus.unlabelled; never a dev, test or style-shift text), as --unlabelled-file does."
        },
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
    teacher_model: str | None = field(
        default=None,
        metadata={
            "help": "A trained model directory (any kind: a fine-tuned large checkpoint, a hybrid) that "
            "teaches 'transformer_distilled'; without it, the run's own 'transformer' fine-tuned from "
            "--base-model is the teacher."
        },
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
    intermediate_size: int = field(default=512, metadata={"help": "Feed-forward size (from scratch)."})
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
        metadata={"help": f"Comma-separated variants among {', '.join(VARIANTS)} (tfidf always runs)."},
    )
    epochs: int = field(default=10, metadata={"help": "Fine-tuning epochs (best dev epoch kept)."})
    patience: int = field(default=3, metadata={"help": "Stop after this many epochs without dev improvement."})
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
    mlm_epochs: int = field(default=0, metadata={"help": "Inline MLM pretraining epochs for 'transformer_mlm'."})
    mlm_probability: float = field(default=0.15, metadata={"help": "Share of tokens masked."})
    distill_alpha: float = field(
        default=0.5,
        metadata={"help": "'transformer_distilled': weight of the label loss (1 - it: the teacher's)."},
    )
    distill_temperature: float = field(
        default=2.0, metadata={"help": "'transformer_distilled': softening temperature of the teacher and student."}
    )
    tfidf_c: str = field(default="1,4,16", metadata={"help": "Comma-separated C values tried for the baseline."})
    calibrate_temperature: bool = field(
        default=True,
        metadata={
            "help": "Fit a temperature on dev for each variant and store it with the model when it lowers "
            "the dev ECE (confidences only: the predicted class never changes)."
        },
    )
    seed: int = field(default=42, metadata={"help": "Random seed (data split, init, order)."})
    device: str = field(default="cpu", metadata={"help": "Device.", "choices": ["cpu", "cuda", "auto"]})
    fp16: bool = field(default=False, metadata={"help": "float16 mixed precision (CUDA)."})
    bf16: bool = field(default=False, metadata={"help": "bfloat16 mixed precision."})
    num_threads: int = field(default=2, metadata={"help": "CPU threads for torch (0 = torch default)."})
    progress: bool = field(default=True, metadata={"help": "Show progress bars."})
    register: bool = field(default=False, metadata={"help": "Register the selected variant in the model registry."})
    registry_root: str | None = field(
        default=None,
        metadata={"help": "Registry directory; by default the deployment's models folder (<data_dir>/models)."},
    )
    promote: bool = field(
        default=False,
        metadata={"help": "After --register, promote it (refused unless it beats the baseline)."},
    )


def variant_list(train_args: TrainingArguments) -> list[str]:
    """Requested variants in canonical order; the baseline is always included."""
    asked = {v.strip() for v in train_args.variants.split(",") if v.strip()}
    return [v for v in VARIANTS if v in asked | {"tfidf"}] + sorted(asked - set(VARIANTS))


@dataclass
class TrainConfig:
    """Everything one training run needs: its data, model and training arguments.

    Built by :func:`nlp.train.parse_args` from a command line, or by
    :meth:`nlp.presets.Preset.config` in code; :func:`nlp.train.run_training` takes it.
    """

    data: DataArguments
    model: ModelArguments
    training: TrainingArguments

    @property
    def task(self) -> str:
        """Task name for the registry: ``training.task``, else the label column."""
        return self.training.task or self.data.label_column

    @property
    def variants(self) -> list[str]:
        """The requested variants, in canonical order (see :func:`variant_list`)."""
        return variant_list(self.training)

    def as_dict(self) -> dict[str, dict[str, Any]]:
        """``{"data": .., "model": .., "training": ..}``, as stored in ``summary.json``."""
        return {
            "data": asdict(self.data),
            "model": asdict(self.model),
            "training": asdict(self.training),
        }

    def validate(self) -> None:
        """Raise a clear error (in Vietnamese, for the command line) on inconsistent values.

        Raises
        ------
        ValueError
            For values that contradict each other or lie out of range.
        FileNotFoundError
            When ``--base-model`` or ``--mlm-checkpoint`` is not a directory.
        """
        data, model, training = self.data, self.model, self.training
        if data.dataset is None and data.train_file is None:
            raise ValueError("cần --train-file hoặc --dataset seed")
        if data.dataset not in (None, "seed"):
            raise ValueError(f"--dataset không hợp lệ: {data.dataset!r} (chỉ có 'seed')")
        unknown = set(self.variants) - set(VARIANTS)
        if unknown:
            raise ValueError(f"biến thể không hợp lệ: {sorted(unknown)}; chọn trong {VARIANTS}")
        if not 0.0 < data.dev_fraction < 0.9:
            raise ValueError("--dev-fraction phải nằm trong (0, 0.9)")
        if "transformer_mlm" in self.variants and not model.mlm_checkpoint and training.mlm_epochs <= 0:
            raise ValueError("biến thể transformer_mlm cần --mlm-epochs > 0 hoặc --mlm-checkpoint")
        has_teacher = model.teacher_model or (model.base_model and "transformer" in self.variants)
        if "transformer_distilled" in self.variants and not has_teacher:
            raise ValueError(
                "biến thể transformer_distilled cần --teacher-model, hoặc --base-model cùng biến thể transformer"
            )
        if not 0.0 <= training.distill_alpha <= 1.0 or training.distill_temperature <= 0:
            raise ValueError("--distill-alpha phải nằm trong [0, 1] và --distill-temperature phải dương")
        for name in ("base_model", "mlm_checkpoint", "teacher_model"):
            path = getattr(model, name)
            if path and not Path(path).is_dir():
                raise FileNotFoundError(f"--{name.replace('_', '-')}: không có thư mục {path}")
        if training.epochs < 1:
            raise ValueError("--epochs phải ít nhất là 1")
        if training.fp16 and training.bf16:
            raise ValueError("chọn một trong --fp16 hoặc --bf16")
        if model.hidden_size % model.num_heads:
            raise ValueError("--hidden-size phải chia hết cho --num-heads")


#: The argument dataclasses of a training run, in command-line order.
TRAIN_ARGUMENT_CLASSES = (DataArguments, ModelArguments, TrainingArguments)


def field_names(cls: type) -> list[str]:
    """The names of the fields of an argument dataclass."""
    return [f.name for f in dataclasses.fields(cls)]


# --------------------------------------------------------------------------- pretraining
@dataclass
class PretrainArguments:
    """Arguments of masked-LM pretraining."""

    input_file: str = field(metadata={"help": "Unlabelled texts: CSV/TSV/JSONL/JSON/Parquet or TXT."})
    output_dir: str = field(metadata={"help": "Checkpoint directory to write."})
    text_column: str = field(default="text", metadata={"help": "Column holding the text."})
    base_model: str | None = field(
        default=None, metadata={"help": "Local checkpoint to keep pretraining (else from scratch)."}
    )
    tokenizer_dir: str | None = field(
        default=None, metadata={"help": "Reuse this tokenizer instead of learning one (scratch)."}
    )
    model_type: str = field(
        default="bert",
        metadata={"help": "Architecture from scratch.", "choices": ["bert", "roberta"]},
    )
    vocab_size: int = field(default=8000, metadata={"help": "Tokenizer vocabulary (scratch)."})
    hidden_size: int = field(default=128, metadata={"help": "Hidden size (scratch)."})
    num_layers: int = field(default=2, metadata={"help": "Layers (scratch)."})
    num_heads: int = field(default=4, metadata={"help": "Attention heads (scratch)."})
    intermediate_size: int = field(default=512, metadata={"help": "Feed-forward size (scratch)."})
    max_length: int = field(default=96, metadata={"help": "Longest input in tokens."})
    epochs: int = field(default=3, metadata={"help": "Passes over the texts."})
    batch_size: int = field(default=32, metadata={"help": "Batch size."})
    learning_rate: float | None = field(
        default=None, metadata={"help": "Peak LR; 1e-3 from scratch, 5e-5 for --base-model."}
    )
    mlm_probability: float = field(default=0.15, metadata={"help": "Share of tokens masked."})
    segment: bool = field(default=False, metadata={"help": "Word-segment in preprocess()."})
    lowercase: bool = field(default=True, metadata={"help": "Lower-case in preprocess()."})
    seed: int = field(default=42, metadata={"help": "Random seed."})
    device: str = field(default="cpu", metadata={"help": "Device.", "choices": ["cpu", "cuda", "auto"]})
    fp16: bool = field(default=False, metadata={"help": "float16 mixed precision (CUDA)."})
    bf16: bool = field(default=False, metadata={"help": "bfloat16 mixed precision."})
    num_threads: int = field(default=2, metadata={"help": "CPU threads (0 = torch default)."})
    progress: bool = field(default=True, metadata={"help": "Show progress bars."})

    def validate(self) -> None:
        """Raise a clear error on a missing base model or a non-positive epoch count."""
        if self.base_model and not Path(self.base_model).is_dir():
            raise FileNotFoundError(f"--base-model: không có thư mục {self.base_model}")
        if self.epochs < 1:
            raise ValueError("--epochs phải ít nhất là 1")


#: Fields a pretraining run takes over from the training configuration it serves.
_PRETRAIN_FROM_MODEL = (
    "base_model",
    "model_type",
    "vocab_size",
    "hidden_size",
    "num_layers",
    "num_heads",
    "intermediate_size",
    "max_length",
)
_PRETRAIN_FROM_TRAINING = (
    "batch_size",
    "mlm_probability",
    "seed",
    "device",
    "fp16",
    "bf16",
    "num_threads",
    "progress",
)


def pretrain_arguments_for(config: TrainConfig, **overrides: Any) -> PretrainArguments:
    """Masked-LM pretraining arguments for the encoder that ``config`` fine-tunes.

    The architecture and tokenizer size come from ``config.model``, the batch size, seed,
    device and precision from ``config.training``, the preprocessing options from
    ``config.data``, and the number of epochs is ``config.training.mlm_epochs``. The
    pretraining learning rate keeps its own default (fine-tuning rates are another scale).

    Parameters
    ----------
    config
        The training configuration.
    **overrides
        Values that win, e.g. ``input_file``, ``output_dir`` or ``num_threads``.
    """
    values: dict[str, Any] = {
        "input_file": "",
        "output_dir": "",
        "epochs": config.training.mlm_epochs,
        "segment": config.data.segment,
        "lowercase": config.data.lowercase,
    }
    values.update({name: getattr(config.model, name) for name in _PRETRAIN_FROM_MODEL})
    values.update({name: getattr(config.training, name) for name in _PRETRAIN_FROM_TRAINING})
    values.update(overrides)
    return PretrainArguments(**values)
