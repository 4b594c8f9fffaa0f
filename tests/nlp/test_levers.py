"""Tests for the quality levers: calibration, distillation, the generated unlabelled text.

Distillation runs on the toy corpus (seconds): a teacher, then a student of the toy size
taught by it, both through ``run_training`` as a user would run them.
"""

from __future__ import annotations

import numpy as np
import pytest

from nlp.calibration import apply_offsets, apply_temperature, fit_offsets, fit_temperature
from nlp.evaluate import report_from_proba
from nlp.inference import load_model
from nlp.pretrain import run_pretraining
from nlp.train import run_training

LABELS = ["a", "b", "c"]


def _overconfident(n: int = 600, accuracy: float = 0.7, seed: int = 0):
    """Predictions that are right ``accuracy`` of the time but claim 0.98 confidence."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, 3, n)
    predicted = np.where(rng.random(n) < accuracy, truth, (truth + rng.integers(1, 3, n)) % 3)
    proba = np.full((n, 3), 0.01)
    proba[np.arange(n), predicted] = 0.98
    return proba, [LABELS[i] for i in truth]


def test_temperature_softens_overconfident_probabilities_and_keeps_the_argmax():
    proba, labels = _overconfident()
    temperature = fit_temperature(proba, labels, LABELS)
    assert temperature > 1.0
    calibrated = apply_temperature(proba, temperature)
    np.testing.assert_allclose(calibrated.sum(axis=1), 1.0)
    assert (calibrated.argmax(axis=1) == proba.argmax(axis=1)).all()
    before = report_from_proba(proba, LABELS, labels)["calibration"]["ece"]
    after = report_from_proba(calibrated, LABELS, labels)["calibration"]["ece"]
    assert after < before / 3


def test_temperature_rejects_non_positive_values():
    with pytest.raises(ValueError, match="positive"):
        apply_temperature(np.array([[0.5, 0.5]]), 0.0)


def test_class_offsets_move_a_biased_threshold_and_stay_zero_without_gain():
    rng = np.random.default_rng(1)
    truth = rng.integers(0, 3, 400)
    # The model under-predicts class "c": its true texts get a c-score just below the b-score.
    proba = np.full((400, 3), 0.05)
    proba[np.arange(400), truth] = 0.9
    is_c = truth == 2
    proba[is_c] = [0.05, 0.5, 0.45]
    labels = [LABELS[i] for i in truth]
    before = report_from_proba(proba, LABELS, labels)["macro_f1"]
    offsets = fit_offsets(proba, labels, LABELS)
    predicted = apply_offsets(proba, offsets)
    one_hot = np.eye(3)[predicted]
    assert report_from_proba(one_hot, LABELS, labels)["macro_f1"] > before + 0.2
    perfect = np.eye(3)[truth] * 0.9 + 0.05
    assert not fit_offsets(perfect, labels, LABELS).any()


def test_distillation_from_a_teacher_model_directory(toy_data_dir, tmp_path, toy_preset, make_toy):
    """--teacher-model DIR: a trained model teaches the student, unlabelled texts included."""
    common = dict(
        train_file=toy_data_dir / "train.csv",
        validation_file=toy_data_dir / "dev.csv",
        test_file=toy_data_dir / "test.csv",
        task="toy",
    )
    teacher = run_training(toy_preset.config(**common, variants="tfidf,transformer", output_dir=tmp_path / "teacher"))
    unlabelled = tmp_path / "unlabelled.txt"
    unlabelled.write_text("\n".join(make_toy(40, seed=9)["text"]), encoding="utf-8")
    summary = run_training(
        toy_preset.config(
            **common,
            variants="tfidf,transformer_distilled,hybrid",
            teacher_model=teacher["variants"]["transformer"]["dir"],
            unlabelled_file=unlabelled,
            output_dir=tmp_path / "student",
        )
    )
    student = summary["variants"]["transformer_distilled"]
    assert student["teacher"] == teacher["variants"]["transformer"]["dir"] and student["unlabelled_texts"] == 40
    # A constant guess scores 0.17, chance 0.33; the toy-sized student learns above both.
    assert student["dev"]["macro_f1"] >= 0.45
    assert student["history"][-1]["loss"] < student["history"][0]["loss"]
    assert summary["variants"]["hybrid"]["transformer_variant"] == "transformer_distilled"
    model = load_model(student["dir"])
    assert model.kind == "transformer" and model.info["base_model"] is None
    assert model.model.config.hidden_size == toy_preset.model_arguments().hidden_size


def test_distillation_from_the_runs_own_base_model(toy_data_dir, tmp_path, toy_preset, make_toy):
    """--base-model PATH with transformer_distilled: the fine-tuned checkpoint is the teacher."""
    texts = tmp_path / "texts.txt"
    texts.write_text("\n".join(make_toy(150, seed=9)["text"]), encoding="utf-8")
    run_pretraining(toy_preset.pretrain_arguments(input_file=texts, output_dir=tmp_path / "mlm", epochs=1))
    summary = run_training(
        toy_preset.config(
            train_file=toy_data_dir / "train.csv",
            validation_file=toy_data_dir / "dev.csv",
            base_model=tmp_path / "mlm",
            variants="tfidf,transformer,transformer_distilled",
            output_dir=tmp_path / "out",
            epochs=2,
        )
    )
    student = summary["variants"]["transformer_distilled"]
    assert student["teacher"] == "transformer (--base-model)" and student["base_model"] is None


def test_distillation_without_a_teacher_fails_clearly(toy_data_dir, tmp_path, toy_preset):
    config = toy_preset.config(
        train_file=toy_data_dir / "train.csv", variants="tfidf,transformer_distilled", output_dir=tmp_path
    )
    with pytest.raises(ValueError, match="--teacher-model"):
        config.validate()


def test_generated_unlabelled_text_never_contains_a_corpus_text():
    """--unlabelled-generated N: N new texts, none equal to a train, dev, test or style-shift text."""
    from nlp.arguments import DataArguments
    from nlp.corpus import load_corpus, load_style_shift
    from nlp.data import unlabelled_texts
    from nlp.model_info import preprocess_texts

    options = {"segment": False, "lowercase": True}
    texts = unlabelled_texts(DataArguments(dataset="seed", unlabelled_generated=700), options)
    assert len(texts) == 700 and len(set(texts)) == 700
    frames = (load_corpus("train"), load_corpus("dev"), load_corpus("test"), load_style_shift())
    forbidden = {t for frame in frames for t in preprocess_texts(frame["text"].tolist(), options)}
    assert not set(texts) & forbidden


def test_a_seed_corpus_run_gets_the_measured_levers_on_its_card(tmp_path, monkeypatch):
    """The bench's levers file reaches the card of a seed-corpus run, and only of such a run."""
    import json

    from nlp import results
    from nlp.registry import render_model_card

    measured = {
        "meta": {"when": "2026-01-01", "threads": 1},
        "rows": [{"name": "default: transformer", "dev": 0.9, "test": 0.8, "test_ece": 0.05, "texts_per_s": 1800.0}],
    }
    (tmp_path / "levers_sentiment.json").write_text(json.dumps(measured), encoding="utf-8")
    monkeypatch.setattr(results, "LEVERS_DIR", tmp_path)
    run = {"args": {"data": {"dataset": "seed", "label_column": "sentiment"}}}
    levers = results.measured_levers(run)
    assert levers["rows"] == measured["rows"]
    card = render_model_card("sentiment", "v0001", {"kind": "hybrid", "labels": []}, {}, {"levers": levers})
    assert "| default: transformer | 0.9000 | 0.8000 | – | – | 0.0500 | 1800 |" in card
    assert results.measured_levers({"args": {"data": {"dataset": None, "label_column": "sentiment"}}}) is None
    assert "đòn bẩy" not in render_model_card("sentiment", "v0001", {"kind": "tfidf", "labels": []}, {}, {})
