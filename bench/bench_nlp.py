"""Benchmark: texts per second of the default NLP model on 2 CPU cores.

Compared, in the same process and on the same texts (the seed corpus test split):

* the default transformer (from the registry when a default task's current model is a
  transformer or hybrid, otherwise a freshly initialised model of the default architecture:
  speed does not depend on the weights), and that hybrid when there is one;
* an encoder the size of PhoBERT-base (BertConfig: hidden 768, 12 layers, 12 heads,
  intermediate 3072, vocabulary 64001) with random weights, fed the same token ids, with the
  same maximum sequence length;
* the TF-IDF baseline.

Each model is timed end to end (``preprocess`` + tokenisation + forward pass) after one
warm-up batch. The script prints throughputs and ratios; it asserts nothing.

Run: ``python bench/bench_nlp.py [--texts 128] [--registry DIR]``.

``--large`` instead answers whether training on a user's labelled CSV pays at scale: it builds
a synthetic sentiment set of at least ``--large-train`` (default 10,000) training texts with the
seed corpus's own generator (template part ×3 and four renderings of the social/news-style
part, split by template and by snippet as the corpus is; no public Vietnamese sentiment set
can be installed from a package registry here), writes it as CSV files, and runs
``ioc nlp train --train-file … --preset default`` on them exactly as a user would (2 threads).
It prints each variant's macro-F1 on dev, test and the style-shift set beside TF-IDF, which
variant dev selected, and the training time.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def texts_per_second(model, texts: list[str], batch_size: int, repeats: int = 1) -> float:
    """Throughput of ``model.predict_proba`` on ``texts`` after one warm-up batch."""
    model.predict_proba(texts[:batch_size], batch_size)
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        model.predict_proba(texts, batch_size)
        best = min(best, time.perf_counter() - started)
    return len(texts) / best


def registered_transformer(registry_root: str | None):
    """The first default task whose current model is a transformer or hybrid, loaded."""
    from nlp.defaults import DEFAULT_TASKS
    from nlp.inference import load_model
    from nlp.registry import ModelRegistry

    registry = ModelRegistry(registry_root)
    for task in DEFAULT_TASKS if registry.root.is_dir() else ():
        current = registry.current(task)
        if current is not None and current.kind in ("transformer", "hybrid"):
            return load_model(current.path), current.id
    return None, None


def default_classifier(registry_root: str | None):
    """A registered default transformer (and its hybrid), or the default architecture untrained."""
    from nlp.corpus import load_corpus
    from nlp.inference import TransformerModel, preprocess_texts
    from nlp.presets import DEFAULT_PRESET, Preset

    model, version = registered_transformer(registry_root)
    if model is not None:
        if model.kind == "hybrid":
            return model.transformer, version, model
        return model, version, None
    from transformers import AutoModelForSequenceClassification

    from nlp.modeling import scratch_config
    from nlp.preprocess import PLACEHOLDERS
    from nlp.tokenizer import train_tokenizer

    model_args = Preset.load(DEFAULT_PRESET).model_arguments()
    corpus = preprocess_texts(load_corpus("train")["text"].tolist())
    tokenizer = train_tokenizer(
        corpus,
        vocab_size=model_args.vocab_size,
        model_max_length=model_args.max_length,
        extra_tokens=PLACEHOLDERS,
    )
    labels = ["negative", "neutral", "positive"]
    model = AutoModelForSequenceClassification.from_config(
        scratch_config(model_args, tokenizer, labels, "sentiment")
    ).eval()
    info = {"task": "sentiment", "labels": labels, "max_length": model_args.max_length}
    return (
        TransformerModel(model, tokenizer, info),
        "kiến trúc mặc định (trọng số ngẫu nhiên)",
        None,
    )


def phobert_sized(reference):
    """A randomly initialised PhoBERT-base-sized encoder using the reference tokenizer."""
    from transformers import BertConfig, BertForSequenceClassification

    from nlp.inference import TransformerModel

    config = BertConfig(
        vocab_size=64001,
        hidden_size=768,
        num_hidden_layers=12,
        num_attention_heads=12,
        intermediate_size=3072,
        max_position_embeddings=258,
        num_labels=len(reference.labels),
        pad_token_id=reference.tokenizer.pad_token_id,
    )
    model = BertForSequenceClassification(config).eval()
    return TransformerModel(model, reference.tokenizer, {**reference.info, "labels": reference.labels})


def tfidf_baseline():
    """The TF-IDF baseline fitted on the seed corpus sentiment labels."""
    from nlp.baseline import TfidfModel
    from nlp.corpus import load_corpus

    train = load_corpus("train")
    return TfidfModel(C=4.0).fit(train["text"].tolist(), train["sentiment"].tolist())


def large_synthetic_set(folder, min_train: int = 10_000):
    """Write train/dev/test CSVs (``text``, ``sentiment``) with at least ``min_train`` training texts.

    The template part of the seed corpus generator at a larger ``scale`` (split by template)
    plus renderings of the social/news-style part with other RNG seeds (same snippet split),
    duplicates removed across all of it.
    """
    import random
    from pathlib import Path

    import pandas as pd

    from nlp.corpus.build_corpus import SEED, TextMaker, generate, split
    from nlp.corpus.social import generate_social
    from nlp.preprocess import preprocess

    scale = max(1.0, min_train / 3300)
    frames = [split(generate(SEED, scale=scale), SEED)]
    seen = set(frames[0]["text"].map(preprocess))
    rendering = 0
    while sum((f["split"] == "train").sum() for f in frames) < min_train:
        frames.append(generate_social(TextMaker(random.Random(SEED + 10 + rendering)), seen, SEED))
        rendering += 1
    frame = pd.concat(frames, ignore_index=True)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name in ("train", "dev", "test"):
        part = frame.loc[frame["split"] == name, ["text", "sentiment"]].sample(frac=1.0, random_state=0)
        paths[name] = folder / f"{name}.csv"
        part.to_csv(paths[name], index=False)
    return paths, {name: int((frame["split"] == name).sum()) for name in ("train", "dev", "test")}


def large_comparison(min_train: int, work_dir: str | None = None, threads: int = 2) -> dict:
    """Train the default preset on the large synthetic set as a user would; print the comparison."""
    import tempfile
    import time
    from pathlib import Path

    from nlp.corpus import HERE
    from nlp.presets import DEFAULT_PRESET, Preset
    from nlp.tokenizer import quiet_transformers
    from nlp.train import run_training

    quiet_transformers()
    folder = Path(work_dir or tempfile.mkdtemp(prefix="bench-nlp-large-"))
    paths, sizes = large_synthetic_set(folder / "data", min_train)
    config = Preset.load(DEFAULT_PRESET).config(
        train_file=paths["train"],
        validation_file=paths["dev"],
        test_file=paths["test"],
        shift_test_file=HERE / "style_shift.csv",
        label_column="sentiment",
        output_dir=folder / "run",
        seed=42,
        num_threads=threads,
        progress=False,
    )
    started = time.perf_counter()
    result = run_training(config)
    wall = time.perf_counter() - started
    print(f"tập tổng hợp lớn: train {sizes['train']}, dev {sizes['dev']}, test {sizes['test']} văn bản (cảm xúc)")
    print(f"huấn luyện (preset default, {threads} luồng): {wall:.0f} giây; chọn theo dev: {result['selected']}")
    print(f"{'biến thể':<14}{'dev':>8}{'test':>8}{'test bỏ dấu':>13}{'style-shift':>13}{'giây':>8}")
    for name, variant in result["variants"].items():
        scores = [variant.get(split) for split in ("dev", "test", "test_stripped", "style_shift")]
        cells = "".join(f"{s['macro_f1']:>{w}.3f}" if s else f"{'—':>{w}}" for s, w in zip(scores, (8, 8, 13, 13)))
        print(f"{name:<14}{cells}{variant['seconds']:>8.0f}")
    return {"sizes": sizes, "wall_seconds": wall, "selected": result["selected"], "variants": result["variants"]}


def main(argv: list[str] | None = None) -> dict[str, float]:
    """Run the benchmark and print throughputs and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=128, help="number of texts timed")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument(
        "--registry",
        default=None,
        help="registry root (default: the deployment's models folder, <data_dir>/models)",
    )
    parser.add_argument("--large", action="store_true", help="train on a ≥ 10,000-text synthetic set instead")
    parser.add_argument("--large-train", type=int, default=10_000, help="training texts of --large")
    parser.add_argument("--work-dir", default=None, help="where --large writes its data and run")
    parser.add_argument("--threads", type=int, default=2, help="torch threads of --large (1 on a busy machine)")
    args = parser.parse_args(argv)
    if args.large:
        return large_comparison(args.large_train, args.work_dir, args.threads)

    import torch

    from nlp.corpus import load_corpus
    from nlp.tokenizer import quiet_transformers

    torch.set_num_threads(2)
    torch.manual_seed(0)
    quiet_transformers()
    texts = load_corpus("test")["text"].tolist()
    texts = (texts * (args.texts // len(texts) + 1))[: args.texts]

    default, label, hybrid = default_classifier(args.registry)
    big = phobert_sized(default)
    tfidf = tfidf_baseline()
    lengths = [
        len(ids) for ids in default.tokenizer(texts, truncation=True, max_length=default.max_length)["input_ids"]
    ]
    results = {
        "default": texts_per_second(default, texts, args.batch_size, repeats=3),
        "phobert_sized": texts_per_second(big, texts, args.batch_size),
        "tfidf": texts_per_second(tfidf, texts, args.batch_size, repeats=3),
    }
    if hybrid is not None:
        results["hybrid"] = texts_per_second(hybrid, texts, args.batch_size, repeats=3)
    params = {
        name: sum(p.numel() for p in m.model.parameters()) for name, m in (("default", default), ("phobert_sized", big))
    }
    print(
        f"{len(texts)} văn bản, {sum(lengths) / len(lengths):.1f} token trung bình "
        f"(tối đa {default.max_length}), 2 luồng CPU, lô {args.batch_size}"
    )
    print(f"mô hình mặc định: {label} ({params['default'] / 1e6:.2f} M tham số)")
    print(f"  mặc định        {results['default']:10.1f} văn bản/giây")
    print(
        f"  cỡ PhoBERT-base {results['phobert_sized']:10.1f} văn bản/giây "
        f"({params['phobert_sized'] / 1e6:.1f} M tham số)"
    )
    print(f"  TF-IDF          {results['tfidf']:10.1f} văn bản/giây")
    if hybrid is not None:
        print(f"  hybrid          {results['hybrid']:10.1f} văn bản/giây (transformer + TF-IDF)")
    print(f"tỉ lệ mặc định / cỡ PhoBERT-base: {results['default'] / results['phobert_sized']:.1f}×")
    print(f"tỉ lệ mặc định / TF-IDF:          {results['default'] / results['tfidf']:.2f}×")
    return results


if __name__ == "__main__":
    main()
