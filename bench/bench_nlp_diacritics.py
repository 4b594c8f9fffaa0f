"""Benchmark: how much each model kind loses on text typed without diacritics, over seeds.

For every finished training run given (``run_training`` output directories on the seed
corpus, any variants), each model is scored on the test split and on the same split with
every diacritic stripped, twice: as the run saved it without a restorer (the settings before
test-time restoration) and with the restorer that ``--restore-diacritics`` (the default) learns
from the run's training texts (:mod:`nlp.restoration`). Only the restorer differs: the weights,
the best epoch and the hybrid weight are those of the run.

``--train`` first trains the missing runs of the default preset
(``tfidf,transformer,hybrid``) for ``--seeds`` into ``--work-dir/<task>/default-s<seed>``.

Prints a Markdown table per task (mean and worst loss over the runs of one kind) and writes
``diacritics_<task>.md`` (with the ECE each model would have with the temperature that
``--calibrate-temperature`` fits on dev) and the scores per run (``diacritics_<task>.json``, reused when the
same run is given again) in ``--work-dir``. It asserts nothing.

Run: ``OMP_NUM_THREADS=1 python bench/bench_nlp_diacritics.py --work-dir /tmp/diacritics --task topic --train
--seeds 42,43,44``; add other runs (MLM, distilled) with ``--runs mlm=DIR ...``.
"""

from __future__ import annotations

import argparse
import json
import os
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

TRANSFORMERS = ("transformer", "transformer_mlm", "transformer_distilled")
SPLITS = ("dev", "test", "test_stripped", "style_shift")


def train_defaults(work: Path, task: str, seeds: list[int], threads: int) -> list[Path]:
    """Train (or reuse) the default preset's runs, one per seed; returns their directories."""
    from nlp.presets import Preset
    from nlp.train import run_training

    runs = []
    for seed in seeds:
        out = work / task / f"default-s{seed}"
        if not (out / "summary.json").is_file():
            config = Preset.load("default").config(
                dataset="seed", label_column=task, output_dir=out, seed=seed, num_threads=threads, progress=False
            )
            run_training(config)
        runs.append(out)
    return runs


def score_run(run: Path, kind: str, data) -> list[dict]:
    """Rows for every variant of ``run``: test and stripped test, without and with the restorer."""
    from nlp.evaluate import report_from_proba
    from nlp.inference import load_model

    summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
    rows = []
    for variant in summary["variants"]:
        model = load_model(run / "variants" / variant)
        transformer = model if variant in TRANSFORMERS else getattr(model, "transformer", None)
        row = {"run": str(run), "kind": kind, "seed": summary["args"]["training"]["seed"], "variant": variant}
        if variant == "hybrid":
            row["variant"] = f"hybrid ({summary['variants']['hybrid']['transformer_variant']})"
        settings = {"before": None, "after": data.restorer} if transformer is not None else {"before": None}
        for setting, restorer in settings.items():
            if transformer is not None:
                transformer.restorer = restorer
            proba = {split: model.predict_proba(data.texts[split], preprocessed=True) for split in SPLITS}
            for split in ("test", "test_stripped"):
                row[f"{setting}_{split}"] = report_from_proba(proba[split], data.label_names, data.labels[split])[
                    "macro_f1"
                ]
            row[f"{setting}_loss"] = row[f"{setting}_test"] - row[f"{setting}_test_stripped"]
        row.update(temperature_effect(proba, data))
        rows.append(row)
    return rows


def temperature_effect(proba: dict, data) -> dict:
    """ECE with and without the temperature training would fit on dev (``--calibrate-temperature``)."""
    from nlp.calibration import apply_temperature, fit_temperature
    from nlp.evaluate import report_from_proba
    from nlp.variants import MIN_ECE_GAIN

    temperature = fit_temperature(proba["dev"], data.labels["dev"], data.label_names)
    out = {"temperature": temperature}
    for split, p in proba.items():
        for name, q in (("raw", p), ("T", apply_temperature(p, temperature))):
            out[f"ece_{split}_{name}"] = report_from_proba(q, data.label_names, data.labels[split])["calibration"][
                "ece"
            ]
    out["temperature_applied"] = temperature != 1.0 and out["ece_dev_raw"] - out["ece_dev_T"] >= MIN_ECE_GAIN
    return out


def markdown(rows: list[dict], task: str) -> str:
    """Mean over the runs of each variant, and the worst loss."""
    by_variant = defaultdict(list)
    for row in rows:
        by_variant[f"{row['kind']}: {row['variant']}"].append(row)
    lines = [
        f"{task}, macro-F1: test / test without diacritics / loss in points (mean over seeds; worst loss)",
        "",
        "| model | seeds | before: test | stripped | loss (worst) | after: test | stripped | loss (worst) |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for variant, group in by_variant.items():
        cells = [variant, ",".join(str(r["seed"]) for r in group)]
        for setting in ("before", "after"):
            if f"{setting}_test" not in group[0]:
                cells += ["–", "–", "= before"]
                continue
            mean = {k: sum(r[f"{setting}_{k}"] for r in group) / len(group) for k in ("test", "test_stripped", "loss")}
            worst = max(r[f"{setting}_loss"] for r in group)
            cells += [
                f"{mean['test']:.3f}",
                f"{mean['test_stripped']:.3f}",
                f"{100 * mean['loss']:.1f} ({100 * worst:.1f})",
            ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "ECE (mean over seeds) without / with the temperature fitted on dev; applied: runs where it lowers the "
        "dev ECE by at least 0.005",
        "",
        "| model | T (mean) | applied | dev | test | test without diacritics | style-shift |",
        "|---|---:|---:|---|---|---|---|",
    ]
    for variant, group in by_variant.items():
        mean = {k: sum(r[k] for r in group) / len(group) for k in group[0] if k.startswith(("ece_", "temperature"))}
        cells = [
            f"{mean[f'ece_{split}_raw']:.3f} → {mean[f'ece_{split}_T']:.3f}"
            for split in ("dev", "test", "test_stripped", "style_shift")
        ]
        applied = sum(bool(r["temperature_applied"]) for r in group)
        lines.append(f"| {variant} | {mean['temperature']:.2f} | {applied}/{len(group)} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> list[dict]:
    """Train what is asked, score every run, print and write the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work-dir", default="/tmp/bench-nlp-diacritics")
    parser.add_argument("--task", default="sentiment", choices=["sentiment", "topic", "sensitivity"])
    parser.add_argument("--train", action="store_true", help="train the default preset's runs for --seeds")
    parser.add_argument("--seeds", default="42,43,44")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (1 on a shared machine)")
    parser.add_argument(
        "--runs",
        nargs="*",
        default=[],
        help="more finished run directories of --task, as KIND=DIR (KIND names the row group, e.g. mlm)",
    )
    args = parser.parse_args(argv)

    import torch

    from nlp.arguments import DataArguments
    from nlp.data import prepare_data

    torch.set_num_threads(args.threads)
    work = Path(args.work_dir)
    runs = [(kind, Path(path)) for kind, _, path in (r.rpartition("=") for r in args.runs)]
    runs = [(kind or path.name, path) for kind, path in runs]
    if args.train:
        trained = train_defaults(work, args.task, [int(s) for s in args.seeds.split(",")], args.threads)
        runs = [("default", path) for path in trained] + runs
    # The seed corpus's training split is the same for every seed: one restorer serves all runs.
    data = prepare_data(DataArguments(dataset="seed", label_column=args.task), 42, args.task)
    # Scores are kept per run directory, so adding runs later scores only the new ones.
    cache_path = work / f"diacritics_{args.task}.json"
    cache = json.loads(cache_path.read_text(encoding="utf-8")) if cache_path.is_file() else {}
    rows = []
    for kind, run in runs:
        if str(run) not in cache:
            cache[str(run)] = score_run(run, kind, data)
        rows += [{**row, "kind": kind} for row in cache[str(run)]]
    table = markdown(rows, args.task)
    print(table)
    work.mkdir(parents=True, exist_ok=True)
    cache_path.write_text(json.dumps(cache, indent=2), encoding="utf-8")
    (work / f"diacritics_{args.task}.md").write_text(table, encoding="utf-8")
    return rows


if __name__ == "__main__":
    main()
