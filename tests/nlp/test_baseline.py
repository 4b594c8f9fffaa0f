"""Tests for the TF-IDF baseline (nlp.baseline)."""

from __future__ import annotations

import numpy as np
import pytest

from nlp.baseline import TfidfModel
from nlp.inference import load_model, read_model_info


@pytest.fixture(scope="module")
def fitted(make_toy):
    train = make_toy(150, seed=1)
    return TfidfModel(C=4.0, info={"task": "toy"}).fit(train["text"].tolist(), train["label"].tolist())


def test_learns_the_toy_task(fitted, make_toy):
    test = make_toy(60, seed=3)
    predicted = fitted.predict(test["text"].tolist())
    accuracy = np.mean([p == t for p, t in zip(predicted, test["label"])])
    assert accuracy >= 0.9


def test_probabilities_are_normalised_and_ordered_by_labels(fitted):
    proba = fitted.predict_proba(["bãi biển rất sạch đẹp, người dân hài lòng", "kẹt xe kéo dài"])
    assert proba.shape == (2, 3)
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert fitted.labels == ["negative", "neutral", "positive"]
    assert fitted.labels[proba[0].argmax()] == "positive"
    assert fitted.labels[proba[1].argmax()] == "negative"


def test_text_without_diacritics_is_still_understood(fitted):
    # character n-grams of "ket xe" overlap "kẹt xe" only partly; the label must survive
    assert fitted.predict(["cho Ba Ria ket xe keo dai, buc xuc qua"]) == ["negative"]


def test_save_load_round_trip_gives_identical_probabilities(fitted, tmp_path, make_toy):
    texts = make_toy(30, seed=9)["text"].tolist()
    fitted.save(tmp_path / "model")
    info = read_model_info(tmp_path / "model")
    assert info["kind"] == "tfidf" and info["task"] == "toy"
    assert info["labels"] == fitted.labels
    reloaded = load_model(tmp_path / "model")
    assert isinstance(reloaded, TfidfModel)
    np.testing.assert_array_equal(reloaded.predict_proba(texts), fitted.predict_proba(texts))


def test_empty_input_gives_empty_output(fitted):
    assert fitted.predict_proba([]).shape == (0, 3)


@pytest.mark.parametrize(
    ("texts", "labels", "error", "message"),
    [
        (["a", "b"], ["x", "x"], ValueError, "hai nhãn"),
        (["a", "b"], ["x"], ValueError, "2 texts but 1 labels"),
        (["a", None], ["x", "y"], TypeError, "chuỗi"),
    ],
    ids=["one-label", "length-mismatch", "non-string"],
)
def test_bad_training_data(texts, labels, error, message):
    with pytest.raises(error, match=message):
        TfidfModel().fit(texts, labels)


def test_unfitted_model_refuses_to_predict_or_save(tmp_path):
    with pytest.raises(RuntimeError):
        TfidfModel().predict_proba(["x"])
    with pytest.raises(RuntimeError):
        TfidfModel().save(tmp_path)
