"""Tests for test-time restoration of diacritics and for the stored temperature."""

from __future__ import annotations

import numpy as np
import pytest

from nlp.calibration import apply_temperature, with_stored_temperature
from nlp.preprocess import DiacriticRestorer
from nlp.restoration import (
    RESTORER_FILE,
    diacritic_share,
    learn_restorer,
    load_restorer,
    predict_with_restoration,
    save_restorer,
    typed_without_diacritics,
)

TEXTS = [
    "kẹt xe trên quốc lộ 51",
    "đường ngập nước, kẹt xe kéo dài",
    "ket xe qua",  # typed without diacritics: must not teach that "ket" is its own form
    "bán hàng ở chợ",
    "ban hành quy định mới",
]


@pytest.mark.parametrize(
    ("text", "share"),
    [("kẹt xe", 0.5), ("ket xe", 0.0), ("", 0.0), ("<phone> 123", 0.0), ("đường ngập", 1.0)],
    ids=["half", "none", "empty", "no-words", "all"],
)
def test_diacritic_share(text, share):
    assert diacritic_share(text) == pytest.approx(share)


def test_typed_without_diacritics_ignores_texts_without_words_and_a_few_expanded_words():
    mask = typed_without_diacritics(["ket xe qua khong di duoc", "kẹt xe quá", "123 !!", "ket xe khong di được nua"])
    assert mask.tolist() == [True, False, False, True]


def test_learn_restorer_skips_texts_typed_without_diacritics():
    restorer = learn_restorer(TEXTS)
    assert set(restorer.unigrams["ket"]) == {"kẹt"}
    assert restorer.restore("ket xe tren quoc lo 51") == "kẹt xe trên quốc lộ 51"


def test_a_saved_restorer_restores_exactly_as_the_learnt_one(tmp_path):
    restorer = learn_restorer(TEXTS)
    path = save_restorer(restorer, tmp_path)
    assert path.name == RESTORER_FILE
    loaded = load_restorer(tmp_path)
    for text in ("ket xe tren quoc lo 51", "ban hang o cho", "ban hanh quy dinh", "tu moi"):
        assert loaded.restore(text) == restorer.restore(text)
    assert save_restorer(restorer, tmp_path / "again").read_bytes() == path.read_bytes()  # same bytes
    assert load_restorer(tmp_path / "none") is None


def test_predict_with_restoration_averages_both_forms_of_bare_texts_only():
    restorer = DiacriticRestorer(["kẹt xe quá"])
    seen = []

    def predict(texts):
        seen.append(list(texts))
        # Class 1 for text with diacritics, class 0 otherwise: a stand-in for a model that
        # reads accented words better.
        return np.array([[0.0, 1.0] if diacritic_share(t) > 0 else [1.0, 0.0] for t in texts])

    proba = predict_with_restoration(predict, ["ket xe qua", "kẹt xe quá", "abc"], restorer)
    np.testing.assert_allclose(proba, [[0.5, 0.5], [0.0, 1.0], [1.0, 0.0]])
    assert seen == [["ket xe qua", "kẹt xe quá", "abc"], ["kẹt xe quá"]]  # "abc" unchanged: not re-scored
    np.testing.assert_allclose(predict_with_restoration(predict, ["ket xe qua"], None), [[1.0, 0.0]])


def test_stored_temperature_is_applied_and_absent_one_changes_nothing():
    proba = np.array([[0.7, 0.2, 0.1], [0.4, 0.35, 0.25]])
    np.testing.assert_allclose(with_stored_temperature(proba, {"temperature": 2.0}), apply_temperature(proba, 2.0))
    assert with_stored_temperature(proba, {}) is proba
    assert with_stored_temperature(proba, {"temperature": 1.0}) is proba


def test_training_stores_the_temperature_only_where_it_lowers_the_dev_ece(trained_toy_run):
    from nlp.inference import load_model

    summary, _ = trained_toy_run
    for name, variant in summary["variants"].items():
        fit = variant["temperature"]
        info = load_model(variant["dir"]).info
        if fit["applied"]:
            assert fit["dev_ece_before"] - fit["dev_ece_after"] >= 0.005
            assert info["temperature"] == fit["value"]
        else:
            assert "temperature" not in info, name


def test_a_hybrid_mixes_the_raw_probabilities_of_its_components(trained_toy_run, toy_data_dir):
    import pandas as pd

    from nlp.inference import load_model

    summary, _ = trained_toy_run
    texts = pd.read_csv(toy_data_dir / "test.csv")["text"].tolist()
    hybrid = load_model(summary["variants"]["hybrid"]["dir"])
    hybrid.transformer.info["temperature"] = 3.0  # a component's own temperature is not used
    hybrid.tfidf.info["temperature"] = 0.5
    hybrid.info["temperature"] = 2.0
    raw = hybrid.weight * hybrid.transformer.predict_proba(texts, calibrated=False) + (
        1 - hybrid.weight
    ) * hybrid.tfidf.predict_proba(texts, calibrated=False)
    np.testing.assert_allclose(hybrid.predict_proba(texts, calibrated=False), raw)
    np.testing.assert_allclose(hybrid.predict_proba(texts), apply_temperature(raw, 2.0))


def test_the_model_card_states_the_loss_without_diacritics_the_restorer_and_the_temperature():
    from nlp.registry import render_model_card

    metrics = {
        "test": {"macro_f1": 0.95},
        "test_stripped": {"macro_f1": 0.93},
        "baseline": {"test": {"macro_f1": 0.9}, "test_stripped": {"macro_f1": 0.89}},
    }
    info = {"kind": "transformer", "restore_diacritics": {"words": 822}, "temperature": 1.5}
    card = render_model_card("sentiment", "v0001", {**info, "temperature_dev_ece": [0.05, 0.02]}, metrics, {})
    assert "giảm 2.0 điểm" in card and "baseline TF-IDF: 1.0 điểm" in card
    assert "Khôi phục dấu khi suy luận: bật" in card and "822 từ" in card
    assert "T = 1.50" in card and "0.0500 → 0.0200" in card
    plain = render_model_card("sentiment", "v0001", {"kind": "tfidf"}, metrics, {})
    assert "Khôi phục dấu" not in plain and "nhiệt độ" not in plain
