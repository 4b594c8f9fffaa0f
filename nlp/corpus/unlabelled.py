"""Unlabelled Vietnamese text from the corpus generator, for pretraining and distillation.

The project has no collected posts of its own on a fresh machine; what it can produce without
labels is more text from the seed corpus's own generator: the template part at a larger
``scale`` and the social/news-style part rendered with other random seeds. Only material the
training split is made from is used — templates whose every text lies in the training split,
snippets assigned to training — and any text equal (after ``preprocess``) to a dev, test or
style-shift text is dropped, so pretraining on it never sees a held-out text. A user's own
unlabelled posts (``--unlabelled-file``) are the better source; this one measures the levers.

``python -m nlp.corpus.unlabelled OUT.txt [--texts 8000]`` writes one text per line.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Sequence
from pathlib import Path

from nlp.corpus import load_corpus, load_style_shift
from nlp.corpus.build_corpus import SEED, TextMaker, generate, split
from nlp.corpus.social import generate_social
from nlp.preprocess import preprocess

__all__ = ["unlabelled_texts", "write_unlabelled"]


def _held_out() -> set[str]:
    frames = [load_corpus("dev"), load_corpus("test"), load_style_shift()]
    return {preprocess(text) for frame in frames for text in frame["text"]}


def unlabelled_texts(n_texts: int = 8000, seed: int = 1) -> list[str]:
    """Up to ``n_texts`` generated texts made only from training-split material.

    Parameters
    ----------
    n_texts
        How many texts at most (the template part gives about 3 × 2,000, each social
        rendering about 600 more; rendering stops at ``n_texts``).
    seed
        Offset of the RNG seeds of the extra renderings (the corpus itself uses offset 0).

    Returns
    -------
    list of str
        Raw texts (not preprocessed), without duplicates, in a seeded random order.
    """
    # A template is used only if, in the shipped split (scale 1), all of its texts are in train:
    # the split of a larger generation assigns templates differently.
    shipped = split(generate(SEED, scale=1.0), SEED)
    per_group = shipped.groupby("group")["split"].agg(set)
    train_groups = {group for group, splits in per_group.items() if splits == {"train"}}
    held_out = _held_out()
    seen = set(held_out) | {preprocess(text) for text in load_corpus("train")["text"]}
    texts: list[str] = []

    def keep(candidates: Sequence[str]) -> None:
        for text in candidates:
            key = preprocess(text)
            if key not in seen:
                seen.add(key)
                texts.append(text)

    larger = generate(SEED + 100 * seed, scale=3.0)
    keep(larger.loc[larger["group"].isin(train_groups), "text"].tolist())
    rendering = 0
    while len(texts) < n_texts and rendering < 40:
        # The snippet split is seeded by SEED alone, so "train" means the corpus's train snippets.
        social = generate_social(TextMaker(random.Random(SEED + 1000 * seed + rendering)), set(), SEED)
        keep(social.loc[social["split"] == "train", "text"].tolist())
        rendering += 1
    random.Random(seed).shuffle(texts)
    return texts[:n_texts]


def write_unlabelled(path: str | Path, n_texts: int = 8000, seed: int = 1) -> Path:
    """Write :func:`unlabelled_texts` to ``path``, one text per line (a TXT data file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [" ".join(text.split()) for text in unlabelled_texts(n_texts, seed)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> Path:
    """Command line: write the unlabelled texts to a file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", help="TXT file to write (one text per line)")
    parser.add_argument("--texts", type=int, default=8000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    return write_unlabelled(args.output, args.texts, args.seed)


if __name__ == "__main__":  # pragma: no cover - exercised through main()
    main()
