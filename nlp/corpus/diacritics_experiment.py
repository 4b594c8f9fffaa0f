"""Measure how to handle text typed without diacritics: augment training, or restore at inference.

Run ``python -m nlp.corpus.diacritics_experiment``. For each label (sentiment, topic,
sensitivity) a TF-IDF (word 1–2-grams and character 2–5-grams) + logistic regression model is
trained on the corpus train split in four set-ups and scored (macro-F1) on the dev split as it
is, and on the dev split with every text stripped of diacritics:

* ``plain`` — train on train as it is;
* ``augment`` — add stripped copies of 50 % of the training texts
  (:func:`nlp.preprocess.augment_without_diacritics`);
* ``restore`` — train on train as it is; at inference, texts without diacritics are first passed
  through the dictionary restorer learnt from the train split (:class:`DiacriticRestorer`);
* ``restore_pyvi`` — the same with pyvi's CRF restorer (``ViUtils.add_accents``) when pyvi is
  installed;
* ``augment+restore`` — both.

The restorer is learnt from train only, so dev measures what it does on unseen phrasings.
"""

from __future__ import annotations

import argparse

import pandas as pd

from nlp.corpus import load_corpus
from nlp.preprocess import DiacriticRestorer, augment_without_diacritics, preprocess, strip_diacritics

LABELS = ("sentiment", "topic", "sensitivity")


def _model():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(
        TfidfVectorizer(preprocessor=preprocess, ngram_range=(1, 2), sublinear_tf=True, min_df=1),
        TfidfVectorizer(preprocessor=preprocess, analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
    )
    return make_pipeline(features, LogisticRegression(max_iter=2000, C=5.0, class_weight="balanced"))


def _has_no_diacritics(text: str) -> bool:
    return strip_diacritics(text) == text


def _restorers(train_texts: list[str]) -> dict:
    own = DiacriticRestorer(train_texts)
    restorers = {"restore": own.restore}
    try:
        from pyvi import ViUtils
    except ImportError:
        return restorers

    def pyvi_restore(text: str) -> str:
        try:
            return ViUtils.add_accents(text)
        except KeyError:  # pyvi 0.1.1 fails on some character sequences; keep the text then
            return text

    restorers["restore_pyvi"] = pyvi_restore
    return restorers


def run(fraction: float = 0.5, seed: int = 0) -> pd.DataFrame:
    """Train and score every set-up; return one row per (set-up, label, dev variant)."""
    from sklearn.metrics import f1_score

    train, dev = load_corpus("train"), load_corpus("dev")
    dev_variants = {"dev": list(dev["text"]), "dev_stripped": [strip_diacritics(t) for t in dev["text"]]}
    restorers = _restorers([t for t in train["text"] if not _has_no_diacritics(t)])
    rows = []
    for label in LABELS:
        y = list(train[label])
        plain = _model().fit(list(train["text"]), y)
        aug_texts, aug_y = augment_without_diacritics(list(train["text"]), y, fraction=fraction, seed=seed)
        augmented = _model().fit(aug_texts, aug_y)
        setups = {"plain": (plain, None), "augment": (augmented, None)}
        for name, restore in restorers.items():
            setups[name] = (plain, restore)
        setups["augment+restore"] = (augmented, restorers["restore"])
        for setup, (model, restore) in setups.items():
            for variant, texts in dev_variants.items():
                if restore is not None:
                    texts = [restore(t) if _has_no_diacritics(t) else t for t in texts]
                predicted = model.predict(texts)
                rows.append(
                    {
                        "setup": setup,
                        "label": label,
                        "dev": variant,
                        "macro_f1": f1_score(dev[label], predicted, average="macro"),
                    }
                )
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fraction", type=float, default=0.5, help="share of training texts copied without diacritics")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    table = run(args.fraction, args.seed).pivot_table(index="setup", columns=["label", "dev"], values="macro_f1")
    print(table.round(3).to_string())


if __name__ == "__main__":
    main()
