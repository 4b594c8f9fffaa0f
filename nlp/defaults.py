"""Build the workbench's default classifiers from the seed corpus when none exist.

On a fresh machine (``make demo``, first use) the registry is empty and nothing can be
downloaded, so :func:`ensure_default_models` trains one model per task from the project's
own labelled seed corpus (:mod:`nlp.corpus`), registers it and promotes it. Training is
seeded, so two machines build the same models. The budget is 10 minutes for all tasks on
2 CPU cores; the settings of preset ``default`` (``nlp/resources/presets/default.json``, see
:mod:`nlp.presets`) were chosen to fit it with room to spare.

What is trained per task (preset ``default``): the TF-IDF baseline, a small BERT from
scratch with the domain tokenizer, and the hybrid of the transformer with the baseline. The
dev set picks the winner; a transformer that does not beat the baseline is not promoted, the
baseline is. Preset ``with_mlm`` adds the variant fine-tuned after masked-LM pretraining on the
corpus text and 4,000 generated unlabelled texts (pretrained once, shared by all tasks); it
roughly doubles the time; measured in ``bench/bench_nlp_levers.py`` (nlp/README.md, "Quality
levers"), it is not the default.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nlp.arguments import TrainConfig
from nlp.corpus import load_corpus
from nlp.corpus.unlabelled import unlabelled_texts
from nlp.model_info import preprocess_texts
from nlp.presets import DEFAULT_PRESET, Preset
from nlp.pretrain import pretrain_model
from nlp.registry import ModelRegistry
from nlp.train import run_training

logger = logging.getLogger("nlp.defaults")

DEFAULT_TASKS = ("sentiment", "topic", "sensitivity")
REPORT_FILE = "defaults_report.json"
#: Seed of every default model, so that two machines build the same ones.
SEED = 42


def default_config(
    task: str,
    output_dir: Path,
    registry_root: Path,
    preset: str | Preset = DEFAULT_PRESET,
    mlm_checkpoint: Path | None = None,
    progress: bool = True,
    num_threads: int = 2,
) -> TrainConfig:
    """The training configuration that builds the default model of ``task``.

    The preset's settings on the seed corpus, seeded, registered in ``registry_root`` and
    promoted (when it beats the baseline). ``transformer_mlm`` is trained only from a
    ready ``mlm_checkpoint`` (see :func:`shared_mlm_checkpoint`).
    """
    preset = Preset.load(preset)
    config = preset.config(
        dataset="seed",
        label_column=task,
        output_dir=output_dir,
        register=True,
        promote=True,
        registry_root=registry_root,
        seed=SEED,
        num_threads=num_threads,
        progress=progress,
    )
    if mlm_checkpoint is None:
        config.training.variants = ",".join(v for v in config.training.variants.split(",") if v != "transformer_mlm")
    else:
        config.model.mlm_checkpoint = str(mlm_checkpoint)
    # The generated unlabelled text serves the shared pretraining only; learnt into the plain
    # transformer's tokenizer it lost 1.5 dev points (bench/bench_nlp_levers.py).
    config.data.unlabelled_generated = 0
    return config


def shared_mlm_checkpoint(root: Path, preset: str | Preset, progress: bool, num_threads: int = 2) -> Path | None:
    """Pretrain (once) a masked LM on the seed corpus training texts, cached under ``root``.

    All tasks share it: the texts are the same, only the labels differ. Only the training
    split is used, so dev and test stay unseen; the preset's ``unlabelled_generated`` adds
    that many generated texts made from the same training material (nlp.corpus.unlabelled). ``None`` when the preset asks for no
    masked-LM pretraining (``mlm_epochs`` 0).
    """
    preset = Preset.load(preset)
    if not preset.training.get("mlm_epochs"):
        return None
    target = root / "_pretrained" / f"seed-mlm-{preset.name}"
    if (target / "config.json").is_file():
        return target
    args = preset.pretrain_arguments(
        input_file="seed:train",
        output_dir=target,
        seed=SEED,
        num_threads=num_threads,
        progress=progress,
    )
    texts = load_corpus("train")["text"].tolist()
    generated = preset.data.get("unlabelled_generated", 0)
    if generated:
        texts += unlabelled_texts(generated)
    pretrain_model(args, preprocess_texts(texts))
    return target


def ensure_default_models(
    root: str | Path | None = None,
    tasks: Sequence[str] = DEFAULT_TASKS,
    progress: bool = True,
    *,
    preset: str | Preset = DEFAULT_PRESET,
    num_threads: int = 2,
) -> dict[str, str]:
    """Make sure every task has a promoted model; train the missing ones from the seed corpus.

    Parameters
    ----------
    root
        Registry directory; by default the deployment's models folder (``<data_dir>/models``),
        looked up at call time.
    tasks
        Tasks to check; each is a label column of the seed corpus.
    progress
        Show progress bars.
    preset
        A :class:`nlp.presets.Preset`, or its name or JSON file: ``"default"``,
        ``"with_mlm"`` or ``"tiny"`` (tests, notebooks).
    num_threads
        CPU threads for torch; the 10-minute budget is stated for 2.

    Returns
    -------
    dict
        Task → id of its current model, e.g. ``{"sentiment": "sentiment/v0001"}``.
    """
    import torch
    from tqdm.auto import tqdm

    preset = Preset.load(preset)  # an unknown name fails before anything is trained
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
            result = run_training(
                default_config(task, work / task, registry.root, preset, checkpoint, progress, num_threads)
            )
            timings[task] = {
                "seconds": round(time.perf_counter() - tick, 2),
                "selected": result["selected"],
                "version": result["registered"],
                "promoted": result["promoted"],
                "dev_macro_f1": {n: v["dev"]["macro_f1"] for n, v in result["variants"].items()},
                "test_macro_f1": {n: v["test"]["macro_f1"] for n, v in result["variants"].items() if v["test"]},
            }
            if not result["promoted"]:
                logger.warning("%s: %s", task, result.get("promotion_message"))
        torch.set_num_threads(threads)
        report = {
            "preset": preset.name,
            "tasks": missing,
            "wall_seconds": round(time.perf_counter() - started, 2),
            "cpu_seconds": round(time.process_time() - cpu_started, 2),
            "torch_threads": num_threads,
            "steps": timings,
        }
        (registry.root / REPORT_FILE).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        logger.info("mô hình mặc định: %.0f giây", report["wall_seconds"])
    return {task: registry.get(task, "current").id for task in tasks}
