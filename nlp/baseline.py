"""TF-IDF linear baseline for Vietnamese text classification.

Word 1–2-grams, the same word n-grams with diacritics stripped, and character 2–5-grams
(within word boundaries) feed a multinomial logistic regression, which gives probabilities
directly. Trained on the same data and
scored the same way as the transformers, it is the bar every transformer must clear on the
dev set before the registry promotes it, and one half of the hybrid ensemble.

Word bigrams catch phrases (``ngập nước``, ``kẹt xe``); the stripped copy lets ``ket xe``,
typed without diacritics as much social-media text is, share features with ``kẹt xe``;
character n-grams absorb spelling variants. On the seed corpus dev split the stripped word
block raised macro-F1 by 0.5–2 points over word + char n-grams alone.

The fitted scikit-learn pipeline is stored with ``joblib`` (a pickle): load model
directories only from your own registry, never from untrusted sources.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nlp.calibration import with_stored_temperature
from nlp.model_info import DEFAULT_PREPROCESS, preprocess_texts, read_model_info, write_model_info
from nlp.preprocess import strip_diacritics

PIPELINE_FILE = "tfidf.joblib"


class TfidfModel:
    """TF-IDF (word 1–2-grams, the same without diacritics, char 2–5-grams) and logistic
    regression.

    Parameters
    ----------
    C
        Inverse regularisation strength of the logistic regression.
    class_weight
        ``"balanced"`` re-weights rare classes (better macro-F1 on skewed labels) or ``None``.
    info
        Model description stored with it (task, preprocess options …).
    """

    kind = "tfidf"

    def __init__(
        self,
        *,
        C: float = 10.0,  # noqa: N803 - scikit-learn's name for the inverse regularisation
        class_weight: str | None = "balanced",
        info: dict[str, Any] | None = None,
    ):
        self.C = float(C)
        self.class_weight = class_weight
        self.info = dict(info or {})
        self.info.setdefault("preprocess", dict(DEFAULT_PREPROCESS))
        self.pipeline: Any = None
        self.labels: list[str] = []

    def _build(self) -> Any:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion, Pipeline

        # Vietnamese syllables can be one letter ("ở", "ô"): keep one-character tokens.
        words = {
            "analyzer": "word",
            "ngram_range": (1, 2),
            "token_pattern": r"(?u)\b\w+\b",
            "sublinear_tf": True,
        }
        features = FeatureUnion(
            [
                ("word", TfidfVectorizer(**words)),
                ("word_no_diacritics", TfidfVectorizer(preprocessor=strip_diacritics, **words)),
                (
                    "char",
                    TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
                ),
            ]
        )
        classifier = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000, random_state=0)
        return Pipeline([("features", features), ("classifier", classifier)])

    def fit(self, texts: Sequence[str], labels: Sequence[str], *, preprocessed: bool = False) -> TfidfModel:
        """Fit on ``texts`` and their string ``labels``; returns ``self``."""
        if len(texts) != len(labels):
            raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
        labels = [str(label) for label in labels]
        if len(set(labels)) < 2:
            raise ValueError("cần ít nhất hai nhãn khác nhau để huấn luyện bộ phân loại")
        if not preprocessed:
            texts = preprocess_texts(texts, self.info.get("preprocess"))
        self.pipeline = self._build()
        self.pipeline.fit(list(texts), labels)
        self.labels = [str(c) for c in self.pipeline.classes_]
        return self

    def predict_proba(
        self,
        texts: Sequence[str],
        batch_size: int | None = None,
        *,
        preprocessed: bool = False,
        calibrated: bool = True,
    ) -> np.ndarray:
        """Class probabilities, columns in :attr:`labels` order (``batch_size`` is unused).

        ``calibrated`` applies the temperature stored in :attr:`info`, if any; a hybrid asks
        for the raw probabilities of its components.
        """
        if self.pipeline is None:
            raise RuntimeError("mô hình TF-IDF chưa được huấn luyện (gọi fit trước)")
        if not preprocessed:
            texts = preprocess_texts(texts, self.info.get("preprocess"))
        texts = list(texts)
        if not texts:
            return np.zeros((0, len(self.labels)))
        proba = np.asarray(self.pipeline.predict_proba(texts), dtype=np.float64)
        return with_stored_temperature(proba, self.info) if calibrated else proba

    def predict(self, texts: Sequence[str], *, preprocessed: bool = False) -> list[str]:
        """The most probable label of each text."""
        proba = self.predict_proba(texts, preprocessed=preprocessed)
        return [self.labels[i] for i in proba.argmax(axis=1)]

    def save(self, model_dir: str | os.PathLike) -> Path:
        """Save the fitted pipeline and the model info into ``model_dir``."""
        import joblib

        if self.pipeline is None:
            raise RuntimeError("không thể lưu mô hình TF-IDF chưa huấn luyện")
        model_dir = Path(model_dir)
        model_dir.mkdir(parents=True, exist_ok=True)
        joblib.dump(self.pipeline, model_dir / PIPELINE_FILE)
        write_model_info(
            model_dir,
            {
                **self.info,
                "kind": self.kind,
                "labels": self.labels,
                "C": self.C,
                "class_weight": self.class_weight,
            },
        )
        return model_dir

    @classmethod
    def load(cls, model_dir: str | os.PathLike) -> TfidfModel:
        """Load a model saved by :meth:`save` (trusted directories only: it is a pickle)."""
        import joblib

        model_dir = Path(model_dir)
        info = read_model_info(model_dir)
        if info["kind"] != cls.kind:
            raise ValueError(f"{model_dir} holds a {info['kind']!r} model, not 'tfidf'")
        model = cls(C=info.get("C", 10.0), class_weight=info.get("class_weight"), info=info)
        model.pipeline = joblib.load(model_dir / PIPELINE_FILE)
        model.labels = [str(c) for c in model.pipeline.classes_]
        return model
