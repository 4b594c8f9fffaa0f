"""Tests for inference (nlp.inference): loading every model kind, predictions, data frames."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from nlp.calibration import with_stored_temperature
from nlp.data import read_frame
from nlp.evaluate import report_from_proba
from nlp.inference import (
    HybridModel,
    Prediction,
    TextClassifier,
    TransformerModel,
    load_model,
)
from nlp.registry import ModelRegistry, RegistryError


@pytest.fixture(scope="module")
def test_frame(toy_data_dir):
    return read_frame(toy_data_dir / "test.csv")


@pytest.mark.parametrize("variant", ["tfidf", "transformer", "transformer_mlm", "hybrid"])
def test_reloaded_models_reproduce_the_training_time_scores(trained_toy_run, test_frame, variant):
    """Save/load round trip: a reloaded model scores exactly what training measured."""
    summary, out = trained_toy_run
    model = load_model(out / "variants" / variant)
    assert model.kind == ("transformer" if variant == "transformer_mlm" else variant)
    proba = model.predict_proba(test_frame["text"].tolist())
    report = report_from_proba(proba, model.labels, test_frame["label"].tolist())
    assert report["macro_f1"] == pytest.approx(summary["variants"][variant]["test"]["macro_f1"])


def test_two_loads_give_identical_predictions(trained_toy_run, test_frame):
    path = trained_toy_run[1] / "variants" / "transformer"
    texts = test_frame["text"].tolist()
    first, second = load_model(path), load_model(path)
    np.testing.assert_array_equal(first.predict_proba(texts), second.predict_proba(texts))
    # other batch sizes pad differently: equal up to float rounding
    np.testing.assert_allclose(first.predict_proba(texts), second.predict_proba(texts, batch_size=7), atol=1e-6)


def test_hybrid_is_the_weighted_average_of_its_components(trained_toy_run, test_frame):
    hybrid = load_model(trained_toy_run[1] / "variants" / "hybrid")
    assert isinstance(hybrid, HybridModel) and isinstance(hybrid.transformer, TransformerModel)
    texts = test_frame["text"].tolist()[:10]
    # The weight was tuned on the components' raw probabilities; the hybrid's own dev-fitted
    # temperature, if training stored one, applies to the mix.
    expected = hybrid.weight * hybrid.transformer.predict_proba(texts, calibrated=False) + (
        1 - hybrid.weight
    ) * hybrid.tfidf.predict_proba(texts, calibrated=False)
    np.testing.assert_allclose(hybrid.predict_proba(texts), with_stored_temperature(expected, hybrid.info))


def test_classifier_predicts_labels_scores_and_version(trained_toy_run):
    path = trained_toy_run[1] / "variants" / "tfidf"
    classifier = TextClassifier(path)
    predictions = classifier.predict(
        [
            "bãi biển Long Hải rất sạch đẹp, người dân hài lòng",
            "chợ Bà Rịa ngập nặng, rác thải bốc mùi",
        ]
    )
    assert [p.label for p in predictions] == ["positive", "negative"]
    assert all(isinstance(p, Prediction) and 1 / 3 < p.score <= 1 for p in predictions)
    assert predictions[0].model_version == "toy@tfidf"
    assert classifier.task == "toy" and classifier.labels == ["negative", "neutral", "positive"]
    assert classifier.predict([]) == []


def test_classifier_loads_lazily(tmp_path):
    classifier = TextClassifier("sentiment", registry=tmp_path / "empty-registry")
    assert classifier._model is None  # nothing touched yet
    with pytest.raises(RegistryError, match="chưa có mô hình"):
        classifier.predict(["xin chào"])


def test_predict_frame_adds_three_columns_and_keeps_every_row(trained_toy_run):
    classifier = TextClassifier(trained_toy_run[1] / "variants" / "transformer")
    frame = pd.DataFrame(
        {
            "id": [1, 2, 3, 4],
            "noi_dung": [
                "kẹt xe kéo dài, bức xúc quá",
                None,
                "   ",
                "lịch tiêm chủng được công bố",
            ],
        }
    )
    result = classifier.predict_frame(frame, "noi_dung")
    assert list(result.columns) == ["id", "noi_dung", "toy_label", "toy_score", "toy_model"]
    assert len(result) == 4 and list(frame.columns) == ["id", "noi_dung"]  # input untouched
    assert result["toy_label"].isna().tolist() == [False, True, True, False]
    assert result["toy_model"].iloc[0] == "toy@transformer"
    assert result["toy_score"].iloc[[0, 3]].between(0, 1).all()
    with pytest.raises(KeyError, match="noi_dung"):
        classifier.predict_frame(frame.rename(columns={"noi_dung": "x"}), "noi_dung")


def test_classifier_through_the_registry(trained_toy_run, tmp_path):
    registry = ModelRegistry(tmp_path / "models")
    registry.register(trained_toy_run[1] / "variants" / "tfidf", "toy", {"dev": {"macro_f1": 1.0}})
    registry.promote("toy", "v0001")
    classifier = TextClassifier("toy", registry=registry)
    assert classifier.predict(["kẹt xe kéo dài"])[0].model_version == "toy/v0001"
    # a registry version directory also reports its registry id when opened by path
    assert TextClassifier(registry.get("toy").path).model_version == "toy/v0001"
    assert TextClassifier("toy/v0001", registry=tmp_path / "models").model_version == "toy/v0001"


def test_plain_hugging_face_checkpoint_without_our_model_file(tiny_transformer_dir, tmp_path):
    copy = tmp_path / "hf-checkpoint"
    shutil.copytree(tiny_transformer_dir, copy)
    (copy / "nlp_model.json").unlink()
    classifier = TextClassifier(copy)
    assert classifier.labels == ["negative", "neutral", "positive"]
    assert classifier.predict(["xin chào"])[0].label in classifier.labels


@pytest.mark.parametrize("bad", ["một chuỗi", ["ok", None], [3]], ids=["str", "none", "int"])
def test_bad_texts_are_rejected(tiny_tfidf_dir, bad):
    with pytest.raises(TypeError):
        TextClassifier(tiny_tfidf_dir).predict(bad)


def test_missing_model_directory(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_model(tmp_path / "nope")
