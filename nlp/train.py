"""Train Vietnamese text classifiers: TF-IDF baseline, transformers and their hybrid.

A script in the style of transformers' ``run_classification.py``: dataclass arguments with
``help=`` metadata (:mod:`nlp.arguments`), one linear :func:`run_training`, generic CSV/JSONL
input. It trains, on the same data and scored the same way:

``tfidf``
    the TF-IDF linear baseline (:mod:`nlp.baseline`), always trained;
``transformer``
    a small BERT trained from scratch with a tokenizer learnt on the training text, or any
    local Hugging Face checkpoint fine-tuned with ``--base-model PATH`` (PhoBERT, ViSoBERT,
    XLM-R, or a checkpoint from :mod:`nlp.pretrain`);
``transformer_mlm``
    the same after domain-adaptive masked-LM pretraining (``--mlm-epochs N`` inline, or a
    ready ``--mlm-checkpoint DIR`` made by :mod:`nlp.pretrain`);
``transformer_distilled``
    the small from-scratch model taught by a larger one (``--teacher-model DIR``, or this
    run's ``transformer`` fine-tuned from ``--base-model``), on the training texts and
    ``--unlabelled-file``;
``hybrid``
    the best transformer and the baseline averaged, ``w * p_transformer + (1 - w) * p_tfidf``,
    with ``w`` tuned on the dev set.

The variant with the best dev macro-F1 is *selected* (ties go to the simpler one); every
variant is also scored on the test split when there is one. Output directory::

    variants/<name>/         loadable model directories (nlp.inference.load_model)
    reports/<name>/{dev,test}.{json,md}, reports/comparison_{dev,test}.md
    summary.json             scores, selection, timings, arguments

``--preset NAME`` (or a preset JSON file, see :mod:`nlp.presets`) sets the model size and
schedule; options given explicitly win over it.

The steps live in their own modules, called in this order: :mod:`nlp.data` (read, split,
preprocess), :mod:`nlp.variants` (train and score each variant, with
:mod:`nlp.training_loop` and :mod:`nlp.modeling`), :mod:`nlp.results` (save, report,
register).

Examples
--------
``python -m nlp.train --dataset seed --label-column sentiment --output-dir out/sentiment``

``python -m nlp.train --preset tiny --dataset seed --label-column topic --output-dir out/quick``

``python -m nlp.train --train-file posts.csv --label-column topic --base-model /models/phobert-base
--segment --output-dir out/topic --register``

In code::

    from nlp.presets import Preset
    from nlp.train import run_training

    result = run_training(Preset.load("default").config(dataset="seed", label_column="topic",
                                                         output_dir="out/topic"))
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nlp.arguments import (
    TRAIN_ARGUMENT_CLASSES,
    VARIANTS,
    DataArguments,
    ModelArguments,
    TrainConfig,
    TrainingArguments,
)
from nlp.data import prepare_data
from nlp.presets import Preset, parse_with_preset
from nlp.results import register_result, run_summary, save_outputs
from nlp.tokenizer import offline_hub, quiet_transformers
from nlp.training_loop import seed_everything
from nlp.variants import train_variants

__all__ = [
    "VARIANTS",
    "DataArguments",
    "ModelArguments",
    "TrainConfig",
    "TrainingArguments",
    "main",
    "parse_args",
    "run_training",
]

logger = logging.getLogger("nlp.train")


def parse_args(argv: Sequence[str] | None = None) -> TrainConfig:
    """Parse command-line arguments into a checked :class:`~nlp.arguments.TrainConfig`.

    ``--preset`` (a name or a JSON file) sets the defaults of the other options.
    """
    data_args, model_args, train_args = parse_with_preset(
        TRAIN_ARGUMENT_CLASSES,
        argv,
        "Huấn luyện bộ phân loại văn bản tiếng Việt (TF-IDF, transformer, hybrid).",
        Preset.values,
    )
    config = TrainConfig(data_args, model_args, train_args)
    config.validate()
    return config


def run_training(config: TrainConfig) -> dict[str, Any]:
    """Train, compare and save all variants; returns the summary (also ``summary.json``).

    Parameters
    ----------
    config
        From :func:`parse_args` or :meth:`nlp.presets.Preset.config`; checked here.

    Returns
    -------
    dict
        Task, labels, the selected variant and its directory, per-variant dev/test scores,
        timings, data sizes, the arguments, and what was registered or promoted.
    """
    import torch

    started = time.perf_counter()
    config.validate()
    args = config.training
    offline_hub()
    quiet_transformers()
    if args.num_threads > 0:
        torch.set_num_threads(args.num_threads)
    seed_everything(args.seed)
    out_dir = Path(args.output_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    data = prepare_data(config.data, args.seed, config.task)
    run = train_variants(data, config, out_dir)
    held_out = save_outputs(run, data, out_dir)
    result = run_summary(config, data, run, held_out, out_dir, time.perf_counter() - started)
    if args.register:
        result.update(register_result(result, args))
    (out_dir / "summary.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    dev_f1 = {name: round(v["dev"]["macro_f1"], 4) for name, v in result["variants"].items()}
    logger.info("%s: chọn %s; macro-F1 dev %s", config.task, result["selected"], dev_f1)
    return result


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """The command line: parse ``argv`` (``sys.argv`` by default), then :func:`run_training`."""
    return run_training(parse_args(argv))


if __name__ == "__main__":  # pragma: no cover - exercised through main()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    main()
