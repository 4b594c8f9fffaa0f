"""Benchmark: which levers close the quality gap of the default NLP model at CPU speed.

Each lever is measured against the default (preset ``default``, seed corpus, seed 42) in the
same process, on the same texts, and reported as macro-F1 on dev (where the choice is made),
the in-corpus test, the same test without diacritics and the style-shift set, with ECE on
the test split and texts per second (end to end, ``--threads`` torch threads):

``default``
    TF-IDF, the from-scratch transformer and their hybrid, as ``ensure_default_models`` builds.
``mlm``
    the transformer after masked-LM pretraining on the unlabelled text the project has
    (``nlp.corpus.unlabelled``: generator output made from training-split material only),
    tokenizer learnt on the same text.
``bpe_unlabelled`` / ``wordpiece``
    the tokenizer alone learnt on that text (BPE as the default, or WordPiece), no pretraining.
``teacher`` / ``distilled``
    a larger model (4 layers, hidden 192) trained here for a few minutes, with TF-IDF as its
    hybrid, stands in for a user's checkpoint; the default-size student is taught by that
    hybrid (``--teacher-model``) on the training texts and the unlabelled ones.
``seeds2``
    ensemble of two default transformers (seeds 42, 43), and of both with TF-IDF.
``+T`` / ``+offsets``
    temperature scaling and per-class decision offsets fitted on dev (:mod:`nlp.calibration`).

Results are cached per step in ``--work-dir`` (``steps.json``), so an interrupted run resumes.
The script prints a Markdown table (also written to ``levers.md`` and ``levers.json`` in the
work directory; ``--resource`` copies the JSON into ``nlp/resources/`` for the model cards).
It asserts nothing. ``--quick`` runs the same steps on a few hundred texts with a tiny model
(the test suite uses it).

Run: ``OMP_NUM_THREADS=1 python bench/bench_nlp_levers.py --work-dir /tmp/levers [--task sentiment]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

SETS = ("dev", "test", "test_stripped", "style_shift")
RESOURCE_DIR = Path(__file__).resolve().parents[1] / "nlp" / "resources"


def _config(task: str, out: Path, quick: bool, **values):
    """The default preset (or the tests' tiny one with ``quick``) on the seed corpus."""
    from nlp.presets import DEFAULT_PRESET, Preset

    preset = Preset.load(DEFAULT_PRESET)
    if quick:
        values = {
            "max_train_samples": 300,
            "hidden_size": 32,
            "num_layers": 1,
            "num_heads": 2,
            "intermediate_size": 64,
            "vocab_size": 400,
            "max_length": 32,
            "epochs": 2,
            "tfidf_c": "4",
            **values,
        }
    values.setdefault("progress", False)
    return preset.config(dataset="seed", label_column=task, output_dir=out, **values)


def _train(step: str, work: Path, task: str, quick: bool, threads: int, **values) -> dict:
    from nlp.train import run_training

    out = work / step
    if (out / "summary.json").is_file():
        return json.loads((out / "summary.json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    result = run_training(_config(task, out, quick, num_threads=threads, **values))
    print(f"[{step}] {time.perf_counter() - started:.0f} s, chọn {result['selected']}", flush=True)
    return result


def run_steps(work: Path, task: str, quick: bool, threads: int, n_unlabelled: int, mlm_epochs: int) -> dict:
    """Train every step once (cached); returns ``{step: summary}``."""
    from nlp.corpus.unlabelled import write_unlabelled

    unlabelled = work / "unlabelled.txt"
    if not unlabelled.is_file():
        write_unlabelled(unlabelled, n_unlabelled)
    summaries = {"default": _train("default", work, task, quick, threads)}
    summaries["mlm"] = _train(
        "mlm",
        work,
        task,
        quick,
        threads,
        variants="tfidf,transformer_mlm,hybrid",
        unlabelled_file=str(unlabelled),
        mlm_epochs=mlm_epochs,
    )
    summaries["bpe_unlabelled"] = _train(
        "bpe_unlabelled", work, task, quick, threads, variants="tfidf,transformer", unlabelled_file=str(unlabelled)
    )
    summaries["wordpiece"] = _train(
        "wordpiece",
        work,
        task,
        quick,
        threads,
        variants="tfidf,transformer",
        unlabelled_file=str(unlabelled),
        tokenizer_algorithm="wordpiece",
    )
    big = {} if quick else {"hidden_size": 192, "num_layers": 4, "intermediate_size": 768, "epochs": 4}
    summaries["teacher"] = _train("teacher", work, task, quick, threads, variants="tfidf,transformer,hybrid", **big)
    summaries["distilled"] = _train(
        "distilled",
        work,
        task,
        quick,
        threads,
        variants="tfidf,transformer_distilled,hybrid",
        # The teacher's hybrid (its larger transformer + TF-IDF): the strongest model at hand.
        teacher_model=summaries["teacher"]["variants"]["hybrid"]["dir"],
        unlabelled_file=str(unlabelled),
    )
    summaries["seed43"] = _train("seed43", work, task, quick, threads, variants="tfidf,transformer", seed=43)
    return summaries


class _Mean:
    """An unweighted or weighted average of models' probabilities (an ensemble)."""

    def __init__(self, models, weights=None):
        self.models = models
        self.weights = weights or [1.0 / len(models)] * len(models)
        self.labels = models[0].labels

    def predict_proba(self, texts, batch_size=64, *, preprocessed=False):
        return sum(
            w * m.predict_proba(texts, batch_size, preprocessed=preprocessed) for m, w in zip(self.models, self.weights)
        )


def _speed(model, texts: list[str], batch_size: int = 64) -> float:
    model.predict_proba(texts[:batch_size], batch_size)
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        model.predict_proba(texts, batch_size)
        best = min(best, time.perf_counter() - started)
    return len(texts) / best


def measure(summaries: dict, task: str, quick: bool, n_speed: int) -> list[dict]:
    """Score every lever's model on the four sets, with ECE and throughput."""
    import numpy as np

    from nlp.calibration import apply_offsets, apply_temperature, fit_offsets, fit_temperature
    from nlp.data import prepare_data
    from nlp.evaluate import report_from_proba
    from nlp.inference import load_model
    from nlp.variants import tune_hybrid

    config = _config(task, Path("unused"), quick)
    data = prepare_data(config.data, 42, task)
    names = data.label_names
    raw = data.splits["test"]["text"].tolist()
    speed_texts = (raw * (n_speed // len(raw) + 1))[:n_speed]

    def model(step: str, variant: str):
        return load_model(summaries[step]["variants"][variant]["dir"])

    rows: list[tuple[str, str, object]] = [
        ("default: TF-IDF", "baseline", model("default", "tfidf")),
        ("default: transformer", "baseline", model("default", "transformer")),
        ("default: hybrid", "baseline", model("default", "hybrid")),
        ("MLM on unlabelled text: transformer", "mlm", model("mlm", "transformer_mlm")),
        ("MLM: hybrid", "mlm", model("mlm", "hybrid")),
        ("tokenizer BPE on unlabelled text: transformer", "tokenizer", model("bpe_unlabelled", "transformer")),
        ("tokenizer WordPiece on unlabelled text: transformer", "tokenizer", model("wordpiece", "transformer")),
        ("teacher: transformer (4 layers × 192)", "distillation", model("teacher", "transformer")),
        ("teacher: hybrid (the teacher used)", "distillation", model("teacher", "hybrid")),
        ("distilled student: transformer", "distillation", model("distilled", "transformer_distilled")),
        ("distilled student: hybrid", "distillation", model("distilled", "hybrid")),
    ]
    t42, t43, tfidf = model("default", "transformer"), model("seed43", "transformer"), model("default", "tfidf")
    rows.append(("ensemble: 2 transformers (seeds 42, 43)", "ensemble", _Mean([t42, t43])))
    two = _Mean([t42, t43])
    weight, _ = tune_hybrid(
        two.predict_proba(data.texts["dev"], preprocessed=True),
        tfidf.predict_proba(data.texts["dev"], preprocessed=True),
        names,
        data.labels["dev"],
    )
    rows.append(
        (
            "ensemble: 2 transformers + TF-IDF",
            "ensemble",
            _Mean([t42, t43, tfidf], [weight / 2, weight / 2, 1 - weight]),
        )
    )

    results = []
    for name, lever, clf in rows:
        proba = {s: clf.predict_proba(data.texts[s], preprocessed=True) for s in SETS if s in data.texts}
        row = {"name": name, "lever": lever}
        for s, p in proba.items():
            report = report_from_proba(p, names, data.labels[s])
            row[s] = round(report["macro_f1"], 4)
            row[f"{s}_ece"] = round(report["calibration"]["ece"], 4)
        row["texts_per_s"] = round(_speed(clf, speed_texts), 0)
        results.append(row)
        # Calibration of the two default candidates: temperature (ECE) and class offsets (F1).
        if name in ("default: transformer", "default: hybrid"):
            temperature = fit_temperature(proba["dev"], data.labels["dev"], names)
            offsets = fit_offsets(proba["dev"], data.labels["dev"], names)
            calibrated = {"name": f"{name} + temperature T={temperature:.2f}", "lever": "calibration"}
            shifted = {"name": f"{name} + class offsets {np.round(offsets, 1).tolist()}", "lever": "calibration"}
            for s, p in proba.items():
                report = report_from_proba(apply_temperature(p, temperature), names, data.labels[s])
                calibrated[s], calibrated[f"{s}_ece"] = (
                    round(report["macro_f1"], 4),
                    round(report["calibration"]["ece"], 4),
                )
                predicted = [names[i] for i in apply_offsets(p, offsets)]
                one_hot = np.eye(len(names))[[names.index(x) for x in predicted]]
                shifted[s] = round(report_from_proba(one_hot, names, data.labels[s])["macro_f1"], 4)
            calibrated["texts_per_s"] = shifted["texts_per_s"] = row["texts_per_s"]
            results += [calibrated, shifted]
    return results


def markdown(results: list[dict], task: str, meta: dict) -> str:
    """The levers table as Markdown."""
    base = next(r for r in results if r["name"] == "default: transformer")["texts_per_s"]
    lines = [
        f"{task}, macro-F1 (ECE on test); {meta['threads']} torch thread(s), {meta['when']}",
        "",
        "| lever | dev | test | test without diacritics | style-shift | ECE test | texts/s (× default transformer) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        cells = " | ".join(f"{r[s]:.3f}" if s in r else "—" for s in SETS)
        ece = f"{r['test_ece']:.3f}" if "test_ece" in r else "—"
        lines.append(f"| {r['name']} | {cells} | {ece} | {r['texts_per_s']:.0f} ({r['texts_per_s'] / base:.2f}) |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> list[dict]:
    """Run (or resume) the steps, measure, print and write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work-dir", default="/tmp/bench-nlp-levers")
    parser.add_argument("--task", default="sentiment", choices=["sentiment", "topic", "sensitivity"])
    parser.add_argument("--threads", type=int, default=1, help="torch threads (1 on a shared machine)")
    parser.add_argument("--unlabelled", type=int, default=4000, help="unlabelled texts generated")
    parser.add_argument("--mlm-epochs", type=int, default=4)
    parser.add_argument("--speed-texts", type=int, default=512)
    parser.add_argument("--quick", action="store_true", help="a few hundred texts and a tiny model (tests)")
    parser.add_argument("--resource", action="store_true", help="copy levers.json to nlp/resources/ for the cards")
    args = parser.parse_args(argv)

    import torch

    from nlp.tokenizer import quiet_transformers

    torch.set_num_threads(args.threads)
    quiet_transformers()
    work = Path(args.work_dir) / args.task
    work.mkdir(parents=True, exist_ok=True)
    n_unlabelled = min(args.unlabelled, 300) if args.quick else args.unlabelled
    mlm_epochs = 1 if args.quick else args.mlm_epochs
    summaries = run_steps(work, args.task, args.quick, args.threads, n_unlabelled, mlm_epochs)
    results = measure(summaries, args.task, args.quick, 64 if args.quick else args.speed_texts)
    meta = {
        "task": args.task,
        "threads": args.threads,
        "when": time.strftime("%Y-%m-%d"),
        "unlabelled_texts": n_unlabelled,
        "mlm_epochs": mlm_epochs,
        "quick": args.quick,
        "training_seconds": {step: s["total_seconds"] for step, s in summaries.items()},
    }
    table = markdown(results, args.task, meta)
    print(table)
    payload = {"meta": meta, "rows": results, "markdown": table}
    (work / "levers.json").write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    (work / "levers.md").write_text(table, encoding="utf-8")
    if args.resource and not args.quick:
        shutil.copy(work / "levers.json", RESOURCE_DIR / f"levers_{args.task}.json")
    return results


if __name__ == "__main__":
    main()
