"""Tests for the training script (nlp.train) and masked-LM pretraining (nlp.pretrain).

The session fixture ``trained_toy_run`` runs ``run_training()`` once on 150 generated
sentences with every variant (TF-IDF, transformer, transformer after inline MLM, hybrid).
Every run here starts from the toy preset (``toy_preset.json``).
"""

from __future__ import annotations

import json

import pytest

from nlp.arguments import VARIANTS
from nlp.data import read_frame
from nlp.inference import load_model
from nlp.model_info import read_model_info
from nlp.pretrain import run_pretraining
from nlp.results import registry_metrics
from nlp.train import run_training


def test_all_variants_are_trained_scored_and_saved(trained_toy_run):
    summary, out = trained_toy_run
    # transformer_distilled needs a teacher: tests/nlp/test_levers.py trains it.
    assert set(summary["variants"]) == set(VARIANTS) - {"transformer_distilled"}
    for name, variant in summary["variants"].items():
        assert 0.0 <= variant["dev"]["macro_f1"] <= 1.0
        assert variant["test"]["n"] == 45
        info = read_model_info(out / "variants" / name)
        assert info["task"] == "toy" and info["labels"] == ["negative", "neutral", "positive"]
        assert (out / "reports" / name / "test.md").is_file()
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["selected"] == summary["selected"]


def test_metric_floors(trained_toy_run):
    """The toy task is easy: the baseline must master it, the tiny transformer must learn."""
    variants = trained_toy_run[0]["variants"]
    assert variants["tfidf"]["test"]["macro_f1"] >= 0.9
    # chance level is about 0.33; 6 epochs of a 1-layer model reach well above it
    assert variants["transformer"]["dev"]["macro_f1"] >= 0.6
    assert variants["hybrid"]["dev"]["macro_f1"] >= variants["tfidf"]["dev"]["macro_f1"] - 0.05


def test_selection_is_the_best_dev_score_with_ties_to_the_baseline(trained_toy_run):
    summary = trained_toy_run[0]
    scores = {name: v["dev"]["macro_f1"] for name, v in summary["variants"].items()}
    assert scores[summary["selected"]] == max(scores.values())
    if summary["selected"] != "tfidf":
        assert scores[summary["selected"]] > scores["tfidf"]


def test_training_history_and_hybrid_weight(trained_toy_run):
    variants = trained_toy_run[0]["variants"]
    history = variants["transformer"]["history"]
    assert 1 <= len(history) <= 6
    assert history[-1]["loss"] < history[0]["loss"]
    assert 0.1 <= variants["hybrid"]["weight"] <= 0.9
    assert variants["hybrid"]["transformer_variant"] in ("transformer", "transformer_mlm")
    assert (trained_toy_run[1] / "mlm_checkpoint" / "config.json").is_file()


def test_label_mapping_is_written_into_the_model_config(trained_toy_run):
    config = json.loads((trained_toy_run[1] / "variants" / "transformer" / "config.json").read_text())
    assert config["id2label"] == {"0": "negative", "1": "neutral", "2": "positive"}
    assert config["label2id"] == {"negative": 0, "neutral": 1, "positive": 2}


def test_same_seed_gives_the_same_model(toy_data_dir, tmp_path, toy_preset):
    """Seeded training (tokenizer included) is reproducible run to run."""
    one_epoch = toy_preset.with_values(epochs=1)
    data = {
        "train_file": toy_data_dir / "train.csv",
        "validation_file": toy_data_dir / "dev.csv",
        "variants": "transformer",
    }
    first = run_training(one_epoch.config(**data, output_dir=tmp_path / "a"))
    second = run_training(one_epoch.config(**data, output_dir=tmp_path / "b"))
    assert first["variants"]["transformer"]["history"] == second["variants"]["transformer"]["history"]
    texts = read_frame(toy_data_dir / "test.csv")["text"].tolist()
    proba_a = load_model(tmp_path / "a" / "variants" / "transformer").predict_proba(texts)
    proba_b = load_model(tmp_path / "b" / "variants" / "transformer").predict_proba(texts)
    assert (proba_a == proba_b).all()


def test_pretrain_then_fine_tune_a_local_base_model(toy_data_dir, tmp_path, toy_preset):
    """--base-model PATH: a checkpoint saved on disk (here made by nlp.pretrain) is fine-tuned."""
    texts_file = tmp_path / "unlabelled.txt"
    frame = read_frame(toy_data_dir / "train.csv")
    texts_file.write_text("\n".join(frame["text"]), encoding="utf-8")
    info = run_pretraining(toy_preset.pretrain_arguments(input_file=texts_file, output_dir=tmp_path / "mlm", epochs=1))
    assert info["texts"] == len(frame) and len(info["epoch_losses"]) == 1
    assert (tmp_path / "mlm" / "nlp_pretrain.json").is_file()

    summary = run_training(
        toy_preset.config(
            train_file=toy_data_dir / "train.csv",
            validation_file=toy_data_dir / "dev.csv",
            base_model=tmp_path / "mlm",
            variants="tfidf,transformer",
            output_dir=tmp_path / "out",
            epochs=2,
        )
    )
    transformer = summary["variants"]["transformer"]
    assert transformer["base_model"] == str(tmp_path / "mlm")
    saved = read_model_info(tmp_path / "out" / "variants" / "transformer")
    assert saved["base_model"] == str(tmp_path / "mlm")
    # the checkpoint's own tokenizer is kept: same vocabulary as the pretrained model
    pretrained_vocab = json.loads((tmp_path / "mlm" / "tokenizer.json").read_text())["model"]["vocab"]
    tuned_vocab = json.loads((tmp_path / "out" / "variants" / "transformer" / "tokenizer.json").read_text())["model"][
        "vocab"
    ]
    assert tuned_vocab == pretrained_vocab


def test_dev_split_is_carved_from_train_when_missing(toy_data_dir, tmp_path, toy_preset):
    summary = run_training(
        toy_preset.config(
            train_file=toy_data_dir / "train.csv",
            variants="tfidf",
            dev_fraction=0.2,
            output_dir=tmp_path,
        )
    )
    assert summary["data"]["sizes"] == {"train": 120, "dev": 30}
    assert summary["variants"]["tfidf"]["test"] is None


def test_jsonl_input_with_custom_columns(toy_data_dir, tmp_path, toy_preset):
    frame = read_frame(toy_data_dir / "train.csv").rename(columns={"text": "noi_dung", "label": "nhan"})
    frame.loc[3, "noi_dung"] = None  # a row without text is skipped, not fatal
    frame.to_json(tmp_path / "train.jsonl", orient="records", lines=True, force_ascii=False)
    summary = run_training(
        toy_preset.config(
            train_file=tmp_path / "train.jsonl",
            text_column="noi_dung",
            label_column="nhan",
            variants="tfidf",
            output_dir=tmp_path / "out",
        )
    )
    assert summary["task"] == "nhan"
    assert sum(summary["data"]["sizes"].values()) == 149


@pytest.mark.parametrize(
    ("values", "error", "message"),
    [
        ({"label_column": "sentiment"}, KeyError, "thiếu cột sentiment"),
        ({"variants": "tfidf,gpt"}, ValueError, "biến thể không hợp lệ"),
        ({"variants": "transformer_mlm"}, ValueError, "mlm-epochs"),
        ({"base_model": "/nonexistent/phobert"}, FileNotFoundError, "phobert"),
        ({"fp16": True, "bf16": True}, ValueError, "fp16"),
        ({"dataset": "wikipedia"}, ValueError, "dataset"),
    ],
    ids=[
        "missing-column",
        "unknown-variant",
        "mlm-without-epochs",
        "missing-base-model",
        "two-precisions",
        "unknown-dataset",
    ],
)
def test_bad_arguments_fail_clearly(toy_data_dir, tmp_path, toy_preset, values, error, message):
    config = toy_preset.config(train_file=toy_data_dir / "train.csv", output_dir=tmp_path, **values)
    with pytest.raises(error, match=message):
        run_training(config)


def test_missing_training_file(tmp_path, toy_preset):
    with pytest.raises(FileNotFoundError, match="không tìm thấy"):
        run_training(toy_preset.config(train_file=tmp_path / "none.csv", output_dir=tmp_path))
    with pytest.raises(ValueError, match="train-file"):
        run_training(toy_preset.config(output_dir=tmp_path))


def test_registry_metrics_are_a_copy(trained_toy_run):
    summary = trained_toy_run[0]
    metrics = registry_metrics(summary, "transformer")
    assert metrics["baseline"]["dev"] == summary["variants"]["tfidf"]["dev"]
    metrics["baseline"]["dev"]["macro_f1"] = -1.0
    assert summary["variants"]["tfidf"]["dev"]["macro_f1"] != -1.0


def test_every_variant_is_scored_on_the_stripped_test_and_the_model_card_shows_it(trained_toy_run, tmp_path):
    from nlp.registry import render_model_card

    summary, out = trained_toy_run
    for name, variant in summary["variants"].items():
        assert variant["test_stripped"]["n"] == variant["test"]["n"] == 45
        assert (out / "reports" / name / "test_stripped.md").is_file()
        assert variant["style_shift"] is None  # a user's files have no style-shift set unless given
    metrics = registry_metrics(summary, "hybrid")
    assert metrics["baseline"]["test_stripped"] == summary["variants"]["tfidf"]["test_stripped"]
    card = render_model_card("toy", "v0001", {"kind": "hybrid", "labels": ["a"]}, metrics, {})
    assert "| test (cùng kho ngữ liệu) |" in card and "| test bỏ dấu (không dấu) |" in card


def test_the_seed_corpus_brings_its_style_shift_set(tmp_path, toy_preset):
    from nlp.corpus import load_corpus, load_style_shift
    from nlp.data import prepare_data
    from nlp.preprocess import preprocess

    config = toy_preset.config(dataset="seed", label_column="sentiment", output_dir=tmp_path, max_train_samples=50)
    data = prepare_data(config.data, 0, "sentiment")
    shift = load_style_shift()
    assert data.labels["style_shift"] == shift["sentiment"].tolist() and len(shift) >= 90
    assert len(data.texts["test_stripped"]) == len(data.texts["test"])
    # written apart: no style-shift text is also a corpus text
    corpus = {preprocess(text) for text in load_corpus("all")["text"]}
    assert not corpus & {preprocess(text) for text in shift["text"]}
    assert set(shift["style"]) >= {"review", "thread", "headline", "long_post", "no_diacritics", "teencode"}


def test_a_user_can_give_a_shift_test_file(toy_data_dir, toy_preset, tmp_path):
    from nlp.data import prepare_data

    config = toy_preset.config(
        train_file=toy_data_dir / "train.csv", shift_test_file=toy_data_dir / "test.csv", output_dir=tmp_path
    )
    data = prepare_data(config.data, 0, "toy")
    assert len(data.labels["style_shift"]) == 45 and "test" not in data.texts
