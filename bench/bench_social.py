"""Benchmark of the social plugin: labelling throughput and hot-story detection delay.

1. **Labelling** (texts/s on this machine's cores): the social plugin's labelling path
   (:func:`ioc_plugins.social.labels.label_items`: the promoted models of the registry plus the
   watch-list) on the seed corpus test split, against the TF-IDF baseline trained on the train
   split and timed on the same texts in the same run. Without a promoted model only the
   watch-list runs (the script says so).
2. **Detection delay** on a simulated stream at ``--rate`` items a day (default one million):
   seed-corpus posts on 50 sources, ingested in ``--batch-minutes`` batches through the real path
   (data layer, derive, stories, spread, :class:`~ioc_plugins.social.rules.SpreadRule`), with a
   spreading negative story planted after ``--warmup-minutes``. Reported: stream minutes from the
   story's first item to the batch whose alert names it, and how much faster than real time the
   stream was processed. Sentiment comes from the corpus annotations (the detector is measured,
   not a model).

Prints numbers and ratios; asserts nothing. Run:
``python bench/bench_social.py [--registry DIR] [--rate 1000000] [--minutes 60]``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import random
import tempfile
import time
from pathlib import Path

import pandas as pd

os.environ.setdefault("HF_HUB_OFFLINE", "1")

PLANTED = [
    "Sập giàn giáo công trình trên đường Trần Phú, Vũng Tàu: 3 công nhân bị thương",
    "sap gian giao cong trinh duong Tran Phu Vung Tau, 3 cong nhan bi thuong, qua buc xuc",
    "Công trình đường Trần Phú sập giàn giáo mn ơi, công nhân bị thương, ko ai kiểm tra an toàn hả",
]


def labelling(registry: Path | None) -> None:
    from ioc_plugins.social.adapters.common import items_frame
    from ioc_plugins.social.labels import label_items, load_watchlist, promoted_models
    from nlp.baseline import TfidfModel
    from nlp.corpus import load_corpus
    from nlp.registry import default_registry_root

    registry = registry or default_registry_root()
    texts = load_corpus("test")["text"].tolist()
    frame = items_frame(
        [{"source_id": "b", "kind": "post", "published_at": "2025-12-01T00:00:00Z", "text": t} for t in texts],
        collector="bench",
        settings=None,
    )
    watchlist = load_watchlist()
    models = promoted_models(registry)
    label_items(frame.head(16), registry, watchlist)  # warm-up: loads the models
    started = time.perf_counter()
    label_items(frame, registry, watchlist)
    ours = len(texts) / (time.perf_counter() - started)

    train = load_corpus("train")
    baseline = TfidfModel(info={"task": "sentiment"}).fit(train["text"].tolist(), train["sentiment"].tolist())
    baseline.predict_proba(texts[:16])
    started = time.perf_counter()
    baseline.predict_proba(texts)
    tfidf = len(texts) / (time.perf_counter() - started)
    print(f"labelling, {len(texts)} texts of the seed corpus test split, {os.cpu_count()} CPU cores")
    print(f"  promoted models: {', '.join(models.values()) or 'none (watch-list only)'}")
    print(f"  social labelling path: {ours:10.1f} texts/s")
    print(f"  TF-IDF baseline (one task): {tfidf:10.1f} texts/s")
    print(f"  ratio social / TF-IDF: {ours / tfidf:.2f}")


def detection(rate: float, minutes: int, batch_minutes: int, warmup_minutes: int, seed: int = 3) -> None:
    from ioc.alerts import open_alerts
    from ioc.config import load_settings
    from ioc.datalayer import DataLayer
    from ioc.ingest import process_batch
    from ioc.plugins import Registry
    from ioc_plugins.social import plugin
    from ioc_plugins.social.adapters.common import items_frame
    from ioc_plugins.social.labels import label_items
    from nlp.corpus import load_corpus

    derive_module = importlib.import_module("ioc_plugins.social.derive")
    corpus = load_corpus("all")
    gold = dict(zip(corpus["text"], corpus["sentiment"]))

    def gold_labels(frame, models, watchlist=None, **_):
        result = label_items(frame, models, watchlist)
        texts = frame.set_index("item_id")["text"]
        result["sentiment_label"] = [gold.get(texts[i], "negative") for i in result["item_id"]]
        return result

    derive_module.label_items = gold_labels
    rng = random.Random(seed)
    start = pd.Timestamp("2025-12-01T00:00:00Z")
    per_minute = rate / (24 * 60)
    texts = corpus["text"].tolist()
    rows = []
    for minute in range(minutes):
        for _ in range(int(per_minute) + (1 if rng.random() < per_minute % 1 else 0)):
            rows.append(
                {
                    "source_id": f"fb:{rng.randrange(50)}",
                    "kind": "post",
                    "published_at": start + pd.Timedelta(minutes=minute, seconds=rng.randrange(60)),
                    # two corpus sentences: a 3,700-text corpus would otherwise repeat itself
                    "text": f"{rng.choice(texts)} {rng.choice(texts)}",
                }
            )
    planted_at = start + pd.Timedelta(minutes=warmup_minutes)
    for n in range(12):  # the story every 2 minutes, on eight outlets in turn
        rows.append(
            {
                "source_id": f"news-{n % 8}",
                "kind": "article",
                "published_at": planted_at + pd.Timedelta(minutes=2 * n),
                "text": PLANTED[n % len(PLANTED)],
            }
        )
    frame = items_frame(rows, collector="bench", settings=None)
    frame["item_id"] = [f"b:{i}" for i in range(len(frame))]
    with tempfile.TemporaryDirectory() as folder:
        layer = DataLayer(load_settings(data_dir=Path(folder)))
        registry = Registry([plugin()])
        detected, busy, planted_ids = None, 0.0, set(frame.loc[frame["text"].isin(PLANTED), "item_id"])
        for batch_start in pd.date_range(start, periods=max(1, minutes // batch_minutes), freq=f"{batch_minutes}min"):
            batch_end = batch_start + pd.Timedelta(minutes=batch_minutes)
            batch = frame[(frame["published_at"] >= batch_start) & (frame["published_at"] < batch_end)]
            started = time.perf_counter()
            process_batch(layer, "social.items", batch, plugins=registry, now=batch_end)
            busy += time.perf_counter() - started
            alerted = set(open_alerts(layer.store, "social", limit=10_000)["entity_id"].dropna())
            if detected is None and alerted:
                members = layer.read("social.story_items", columns=["item_id", "story_id"])
                if alerted & set(members.loc[members["item_id"].isin(planted_ids), "story_id"]):
                    detected = batch_end
        background_alerts = len(alerted) - (detected is not None)
        layer.close()
    stream_s = minutes * 60
    print(f"detection on a simulated stream of {rate:,.0f} items/day: {len(frame):,} items in {minutes} min")
    print(f"  processed in {busy:.1f} s: {stream_s / busy:.1f}× faster than real time")
    print(f"  alerts on background stories: {background_alerts}")
    if detected is None:
        print("  the planted story was not detected within the stream")
    else:
        print(
            f"  planted story detected {(detected - planted_at).total_seconds() / 60:.0f} stream minutes after it began"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry", type=Path, default=None, help="model registry (default: the deployment's)")
    parser.add_argument("--rate", type=float, default=1_000_000, help="simulated items per day")
    parser.add_argument("--minutes", type=int, default=60, help="minutes of simulated stream")
    parser.add_argument("--batch-minutes", type=int, default=5, help="minutes of stream per ingested batch")
    parser.add_argument("--warmup-minutes", type=int, default=20, help="stream minutes before the planted story")
    args = parser.parse_args()
    labelling(args.registry)
    detection(args.rate, args.minutes, args.batch_minutes, args.warmup_minutes)


if __name__ == "__main__":
    main()
