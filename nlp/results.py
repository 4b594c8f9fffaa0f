"""What a training run leaves behind: saved variants, reports, its summary, a registry entry.

Output directory::

    variants/<name>/         loadable model directories (nlp.inference.load_model)
    reports/<name>/{dev,test}.{json,md}, reports/comparison_{dev,test}.md
    summary.json             scores, selection, timings, arguments

:func:`registry_metrics` and :func:`card_info_for` turn a summary into what the registry
stores with a version (also used by the retraining notebook to register a run by hand).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from nlp.arguments import DataArguments, TrainConfig, TrainingArguments
from nlp.data import EVALUATION_SETS, Prepared
from nlp.evaluate import comparison_markdown, report_from_proba, summary, write_report
from nlp.registry import ModelRegistry, PromotionRefused
from nlp.variants import Trained, select_variant


# --------------------------------------------------------------------------- run outputs
def save_outputs(run: Trained, data: Prepared, out_dir: Path) -> dict[str, dict[str, dict]]:
    """Score on the held-out sets, save every variant and write the reports.

    Returns ``{set: {variant: report}}`` for each of :data:`nlp.data.EVALUATION_SETS` the data
    has (the test split, its stripped copy, the style-shift set).
    """
    task = data.info["task"]
    held_out = {
        split: {
            name: report_from_proba(
                model.predict_proba(data.texts[split], preprocessed=True), data.label_names, data.labels[split]
            )
            for name, model in run.models.items()
        }
        for split in EVALUATION_SETS
        if split in data.texts
    }
    for name, model in run.models.items():
        model.info.update(task=task, variant=name, training_seconds=round(run.seconds.get(name, 0.0), 2))
        model.save(out_dir / "variants" / name)
        write_report({**run.dev_reports[name], "model": name}, out_dir / "reports" / name, "dev")
        for split, reports in held_out.items():
            write_report({**reports[name], "model": name}, out_dir / "reports" / name, split)
    (out_dir / "reports" / "comparison_dev.md").write_text(
        comparison_markdown(run.dev_reports, f"{task}: so sánh trên tập dev"), encoding="utf-8"
    )
    for split, reports in held_out.items():
        (out_dir / "reports" / f"comparison_{split}.md").write_text(
            comparison_markdown(reports, f"{task}: so sánh trên tập {split}"), encoding="utf-8"
        )
    return held_out


def run_summary(
    config: TrainConfig,
    data: Prepared,
    run: Trained,
    held_out: dict[str, dict[str, dict]],
    out_dir: Path,
    seconds: float,
) -> dict[str, Any]:
    """The summary of a run (``summary.json``): scores, selection, timings, arguments."""
    selected = select_variant(run.dev_reports)
    return {
        "task": config.task,
        "labels": data.label_names,
        "selected": selected,
        "selected_dir": str(out_dir / "variants" / selected),
        "variants": {
            name: {
                "dev": summary(run.dev_reports[name]),
                **{split: summary(held_out[split][name]) if split in held_out else None for split in EVALUATION_SETS},
                "seconds": round(run.seconds.get(name, 0.0), 2),
                "dir": str(out_dir / "variants" / name),
                **run.extras.get(name, {}),
            }
            for name in run.models
        },
        "data": data_summary(data, config.data),
        "seconds": {k: round(v, 2) for k, v in run.seconds.items()},
        "total_seconds": round(seconds, 2),
        "args": config.as_dict(),
        "registered": None,
        "promoted": False,
    }


def data_summary(data: Prepared, data_args: DataArguments) -> dict[str, Any]:
    """Where the data came from, split sizes and the training label counts."""
    source = "kho ngữ liệu hạt giống của dự án (nlp.corpus)" if data_args.dataset == "seed" else (data_args.train_file)
    return {
        "source": source,
        "label_column": data_args.label_column,
        "sizes": {name: len(frame) for name, frame in data.splits.items()},
        "train_label_counts": dict(Counter(data.labels["train"]).most_common()),
        "augment_no_diacritics": data_args.augment_no_diacritics,
        "restore_diacritics": data_args.restore_diacritics,
    }


# --------------------------------------------------------------------------- registry
def registry_metrics(result: dict[str, Any], variant: str) -> dict[str, Any]:
    """The ``metrics`` a registry entry stores for ``variant`` of a training run (a copy)."""
    chosen, baseline = result["variants"][variant], result["variants"]["tfidf"]
    metrics = {"dev": dict(chosen["dev"]), "baseline": {"dev": dict(baseline["dev"])}}
    for split in EVALUATION_SETS:
        if chosen.get(split):
            metrics[split] = dict(chosen[split])
            metrics["baseline"][split] = dict(baseline[split])
    metrics["variants"] = {
        name: {
            "dev_macro_f1": v["dev"]["macro_f1"],
            "test_macro_f1": v["test"]["macro_f1"] if v.get("test") else None,
        }
        for name, v in result["variants"].items()
    }
    return metrics


#: Where ``bench/bench_nlp_levers.py --resource`` leaves its measurements for the cards.
LEVERS_DIR = Path(__file__).resolve().parent / "resources"


def measured_levers(result: dict[str, Any]) -> dict[str, Any] | None:
    """The levers measured on the seed corpus for this run's task, when the run is on it too."""
    if result["args"]["data"].get("dataset") != "seed":
        return None
    path = LEVERS_DIR / f"levers_{result['args']['data']['label_column']}.json"
    if not path.is_file():
        return None
    measured = json.loads(path.read_text(encoding="utf-8"))
    return {"meta": measured["meta"], "rows": measured["rows"]}


def card_info_for(result: dict[str, Any], variant: str) -> dict[str, Any]:
    """The model-card details of ``variant`` of a training run.

    For a run on the seed corpus the card also gets the quality levers measured on it by
    ``bench/bench_nlp_levers.py`` (``nlp/resources/levers_<task>.json``), when there are any.
    """
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
        "levers": measured_levers(result),
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
            "variant": {k: v for k, v in chosen.items() if k not in ("history", "dev", *EVALUATION_SETS, "dir")},
        },
    }


def register_result(result: dict[str, Any], args: TrainingArguments) -> dict[str, Any]:
    """Register the selected variant (and promote it when asked); returns what happened.

    The registry is ``args.registry_root``, or the deployment's models folder
    (``<data_dir>/models``) when it is not given.
    """
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
