"""Build the workbench's default classifiers from the seed corpus when none exist.

On a fresh machine (``make demo``, first use) the registry is empty and nothing can be
downloaded, so :func:`ensure_default_models` trains one model per task from the project's
own labelled seed corpus (:mod:`nlp.corpus`), registers it and promotes it. Training is
seeded, so two machines build the same models. The budget is 10 minutes for all tasks on
2 CPU cores; the settings below were chosen to fit it with room to spare.

What is trained per task (preset ``default``): the TF-IDF baseline, a small BERT from
scratch with the domain tokenizer, and the hybrid of the transformer with the baseline. The
dev set picks the winner; a transformer that does not beat the baseline is not promoted, the
baseline is. Preset ``with_mlm`` adds the variant fine-tuned after masked-LM pretraining on the
corpus text (pretrained once, shared by all tasks); it roughly doubles the time and did not
win on the seed corpus, so it is not the default.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

logger = logging.getLogger("nlp.defaults")

DEFAULT_TASKS = ("sentiment", "topic", "sensitivity")

#: Training settings per preset; ``tiny`` is for tests and notebooks (seconds, not minutes).
_SMALL_MODEL = ["--hidden-size", "128", "--num-layers", "2", "--num-heads", "4", "--intermediate-size", "512",
                "--vocab-size", "6000", "--max-length", "64"]
_SMALL_TRAINING = ["--epochs", "6", "--patience", "2", "--batch-size", "32", "--learning-rate", "1e-3",
                   "--tfidf-c", "1,4,16"]

PRESETS: dict[str, dict[str, Any]] = {
    "default": {
        "model": _SMALL_MODEL,
        "training": _SMALL_TRAINING,
        "variants": "tfidf,transformer,hybrid",
        "mlm_epochs": 0,
        "max_train_samples": None,
    },
    # Adds masked-LM pretraining on the corpus text; about twice the time of "default".
    "with_mlm": {
        "model": _SMALL_MODEL,
        "training": _SMALL_TRAINING,
        "variants": "tfidf,transformer,transformer_mlm,hybrid",
        "mlm_epochs": 20,
        "max_train_samples": None,
    },
    "tiny": {
        "model": [
            "--hidden-size",
            "32",
            "--num-layers",
            "1",
            "--num-heads",
            "2",
            "--intermediate-size",
            "64",
            "--vocab-size",
            "400",
            "--max-length",
            "32",
        ],
        "training": [
            "--epochs",
            "2",
            "--patience",
            "1",
            "--batch-size",
            "32",
            "--learning-rate",
            "3e-3",
            "--tfidf-c",
            "4",
        ],
        "variants": "tfidf,transformer,hybrid",
        "mlm_epochs": 0,
        "max_train_samples": 300,
    },
}
REPORT_FILE = "defaults_report.json"


def train_argv(
    task: str,
    output_dir: Path,
    registry_root: Path,
    preset: str = "default",
    mlm_checkpoint: Path | None = None,
    progress: bool = True,
    num_threads: int = 2,
) -> list[str]:
    """The :func:`nlp.train.main` arguments that build the default model of ``task``."""
    settings = PRESETS[preset]
    argv = [
        "--dataset",
        "seed",
        "--label-column",
        task,
        "--output-dir",
        str(output_dir),
        "--register",
        "--promote",
        "--registry-root",
        str(registry_root),
        "--seed",
        "42",
        "--num-threads",
        str(num_threads),
        *settings["model"],
        *settings["training"],
    ]
    variants = settings["variants"]
    if mlm_checkpoint is None:
        variants = ",".join(v for v in variants.split(",") if v != "transformer_mlm")
    else:
        argv += ["--mlm-checkpoint", str(mlm_checkpoint)]
    argv += ["--variants", variants]
    if settings["max_train_samples"]:
        argv += ["--max-train-samples", str(settings["max_train_samples"])]
    if not progress:
        argv.append("--no-progress")
    return argv


def shared_mlm_checkpoint(
    root: Path, preset: str, progress: bool, num_threads: int = 2
) -> Path | None:
    """Pretrain (once) a masked LM on the seed corpus training texts, cached under ``root``.

    All tasks share it: the texts are the same, only the labels differ. Only the training
    split is used, so dev and test stay unseen.
    """
    settings = PRESETS[preset]
    if not settings["mlm_epochs"]:
        return None
    target = root / "_pretrained" / f"seed-mlm-{preset}"
    if (target / "config.json").is_file():
        return target
    from nlp.corpus import load_corpus
    from nlp.inference import preprocess_texts
    from nlp.pretrain import PretrainArguments, pretrain_model

    model = dict(zip(settings["model"][::2], settings["model"][1::2]))
    args = PretrainArguments(
        input_file="seed:train",
        output_dir=str(target),
        hidden_size=int(model["--hidden-size"]),
        num_layers=int(model["--num-layers"]),
        num_heads=int(model["--num-heads"]),
        intermediate_size=int(model["--intermediate-size"]),
        vocab_size=int(model["--vocab-size"]),
        max_length=int(model["--max-length"]),
        epochs=settings["mlm_epochs"],
        batch_size=32,
        seed=42,
        num_threads=num_threads,
        progress=progress,
    )
    pretrain_model(args, preprocess_texts(load_corpus("train")["text"].tolist()))
    return target


def ensure_default_models(
    root: str | Path | None = None,
    tasks: Sequence[str] = DEFAULT_TASKS,
    progress: bool = True,
    *,
    preset: str = "default",
    num_threads: int = 2,
) -> dict[str, str]:
    """Make sure every task has a promoted model; train the missing ones from the seed corpus.

    Parameters
    ----------
    root
        Registry directory; ``$IOC_DATA_DIR/models`` (or ``./data/models``) by default.
    tasks
        Tasks to check; each is a label column of the seed corpus.
    progress
        Show progress bars.
    preset
        ``"default"`` or ``"tiny"`` (tests, notebooks).
    num_threads
        CPU threads for torch; the 10-minute budget is stated for 2.

    Returns
    -------
    dict
        Task → id of its current model, e.g. ``{"sentiment": "sentiment/v0001"}``.
    """
    import torch
    from tqdm.auto import tqdm

    from nlp.registry import ModelRegistry
    from nlp.train import main as train_main

    if preset not in PRESETS:
        raise ValueError(f"preset không hợp lệ: {preset!r}; chọn {sorted(PRESETS)}")
    registry = ModelRegistry(root)
    missing = [task for task in tasks if registry.current(task) is None]
    if missing:
        started, cpu_started = time.perf_counter(), time.process_time()
        threads = torch.get_num_threads()
        work = registry.root / "_work"
        timings: dict[str, Any] = {}
        tick = time.perf_counter()
        if num_threads > 0:
            torch.set_num_threads(num_threads)
        checkpoint = shared_mlm_checkpoint(registry.root, preset, progress, num_threads)
        timings["mlm_pretraining"] = round(time.perf_counter() - tick, 2)
        for task in tqdm(missing, desc="Huấn luyện mô hình mặc định", disable=not progress):
            tick = time.perf_counter()
            result = train_main(
                train_argv(
                    task, work / task, registry.root, preset, checkpoint, progress, num_threads
                )
            )
            timings[task] = {
                "seconds": round(time.perf_counter() - tick, 2),
                "selected": result["selected"],
                "version": result["registered"],
                "promoted": result["promoted"],
                "dev_macro_f1": {n: v["dev"]["macro_f1"] for n, v in result["variants"].items()},
                "test_macro_f1": {
                    n: v["test"]["macro_f1"] for n, v in result["variants"].items() if v["test"]
                },
            }
            if not result["promoted"]:
                logger.warning("%s: %s", task, result.get("promotion_message"))
        torch.set_num_threads(threads)
        report = {
            "preset": preset,
            "tasks": missing,
            "wall_seconds": round(time.perf_counter() - started, 2),
            "cpu_seconds": round(time.process_time() - cpu_started, 2),
            "torch_threads": num_threads,
            "steps": timings,
        }
        (registry.root / REPORT_FILE).write_text(
            json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        logger.info("mô hình mặc định: %.0f giây", report["wall_seconds"])
    return {task: registry.get(task, "current").id for task in tasks}
