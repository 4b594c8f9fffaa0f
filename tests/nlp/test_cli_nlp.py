"""Tests for the ``nlp`` command line (mounted by the host as ``ioc nlp``)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from nlp.cli import app
from nlp.registry import ModelRegistry
from nlp.results import registry_metrics

runner = CliRunner()
#: The preset of the unit tests, passed to the command line as a file.
TOY_PRESET_FILE = Path(__file__).with_name("toy_preset.json")


@pytest.fixture
def registry_dir(tmp_path, toy_data_dir):
    """A registry holding a TF-IDF model trained and promoted through the CLI."""
    root = tmp_path / "models"
    result = runner.invoke(
        app,
        [
            "train",
            "--train-file",
            str(toy_data_dir / "train.csv"),
            "--validation-file",
            str(toy_data_dir / "dev.csv"),
            "--task",
            "toy",
            "--preset",
            str(TOY_PRESET_FILE),
            "--variants",
            "tfidf",
            "--output-dir",
            str(tmp_path / "run"),
            "--register",
            "--promote",
            "--registry-root",
            str(root),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Chọn: tfidf" in result.output and "toy/v0001" in result.output
    return root


def test_train_help_lists_the_script_options():
    result = runner.invoke(app, ["train", "--help"])
    assert result.exit_code == 0
    assert "--label-column" in result.output and "--base-model" in result.output
    assert "--preset" in result.output and "tiny" in result.output


def test_train_reports_bad_input_without_a_traceback(tmp_path):
    result = runner.invoke(app, ["train", "--train-file", str(tmp_path / "none.csv"), "--output-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "Lỗi" in result.output and "none.csv" in result.output


def test_models_lists_versions_with_the_current_one_marked(registry_dir):
    result = runner.invoke(app, ["models", "--registry", str(registry_dir)])
    assert result.exit_code == 0
    assert "* toy/v0001" in result.output and "tfidf" in result.output


def test_predict_texts(registry_dir):
    result = runner.invoke(
        app,
        [
            "predict",
            "toy",
            "chợ Bà Rịa ngập nặng, rác thải bốc mùi",
            "--registry",
            str(registry_dir),
        ],
    )
    assert result.exit_code == 0, result.output
    line = json.loads(result.output.strip().splitlines()[-1])
    assert line["label"] == "negative" and line["model"] == "toy/v0001"


def test_predict_file(registry_dir, toy_data_dir, tmp_path):
    output = tmp_path / "labelled.csv"
    result = runner.invoke(
        app,
        [
            "predict",
            "toy",
            "--input",
            str(toy_data_dir / "test.csv"),
            "--output",
            str(output),
            "--registry",
            str(registry_dir),
        ],
    )
    assert result.exit_code == 0, result.output
    labelled = pd.read_csv(output)
    assert len(labelled) == 45
    assert {"toy_label", "toy_score", "toy_model"} <= set(labelled.columns)
    assert (labelled["toy_label"] == labelled["label"]).mean() >= 0.9


def test_evaluate_writes_reports(registry_dir, toy_data_dir, tmp_path):
    result = runner.invoke(
        app,
        [
            "evaluate",
            "toy",
            "--data",
            str(toy_data_dir / "test.csv"),
            "--label-column",
            "label",
            "--out",
            str(tmp_path / "report"),
            "--registry",
            str(registry_dir),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "macro-F1" in result.output
    report = json.loads((tmp_path / "report" / "report.json").read_text(encoding="utf-8"))
    assert report["n"] == 45 and report["model"] == "toy/v0001"
    assert (tmp_path / "report" / "report.md").is_file()


def test_promote_refusal_force_and_rollback(registry_dir, trained_toy_run):
    """A transformer that does not beat the baseline is refused unless forced."""
    summary, out = trained_toy_run
    registry = ModelRegistry(registry_dir)
    metrics = registry_metrics(summary, "transformer")
    metrics["baseline"]["dev"]["macro_f1"] = metrics["dev"]["macro_f1"]  # a tie is not a win
    registry.register(out / "variants" / "transformer", "toy", metrics)

    refused = runner.invoke(app, ["promote", "toy", "v0002", "--registry", str(registry_dir)])
    assert refused.exit_code == 1 and "baseline" in refused.output
    forced = runner.invoke(app, ["promote", "toy", "2", "--force", "--registry", str(registry_dir)])
    assert forced.exit_code == 0 and "toy/v0002" in forced.output
    back = runner.invoke(app, ["rollback", "toy", "--registry", str(registry_dir)])
    assert back.exit_code == 0 and "toy/v0001" in back.output
    again = runner.invoke(app, ["rollback", "toy", "--registry", str(registry_dir)])
    assert again.exit_code == 1


def test_pretrain_passes_options_through(tmp_path, toy_data_dir):
    result = runner.invoke(
        app,
        [
            "pretrain",
            "--input-file",
            str(toy_data_dir / "train.csv"),
            "--output-dir",
            str(tmp_path / "mlm"),
            "--preset",
            str(TOY_PRESET_FILE),
            "--epochs",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "150 văn bản" in result.output
    config = json.loads((tmp_path / "mlm" / "config.json").read_text(encoding="utf-8"))
    assert config["hidden_size"] == 32 and config["num_hidden_layers"] == 1  # the preset's


def test_predict_needs_texts_or_input(tmp_path):
    result = runner.invoke(app, ["predict", "toy", "--registry", str(tmp_path)])
    assert result.exit_code == 1 and "--input" in result.output


def test_unknown_task_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["predict", "sentiment", "xin chào", "--registry", str(tmp_path)])
    assert result.exit_code == 1 and "chưa có mô hình" in result.output


def test_evaluate_any_labelled_csv_with_a_label_map_and_the_file_baseline(registry_dir, toy_data_dir, tmp_path):
    # A user's file with its own label names and column name, as public sets come.
    user = pd.read_csv(toy_data_dir / "test.csv")
    user["sentiment_gold"] = user["label"].map({"positive": "pos", "negative": "neg", "neutral": "neu"})
    path = tmp_path / "user.csv"
    user.drop(columns=["label"]).to_csv(path, index=False)
    common = [
        "evaluate",
        "toy",
        "--data",
        str(path),
        "--label-column",
        "sentiment_gold",
        "--registry",
        str(registry_dir),
    ]

    unmapped = runner.invoke(app, common)
    assert unmapped.exit_code == 1 and "--label-map" in unmapped.output

    result = runner.invoke(
        app, [*common, "--label-map", "pos=positive,neg=negative", "--label-map", "neu=neutral", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["label_map"] == {"pos": "positive", "neg": "negative", "neu": "neutral"}
    assert report["n"] == 45 and report["macro_f1"] > 0.8
    assert report["baseline"]["n"] == 45 and report["baseline"]["folds"] == 5
    assert 0.0 <= report["baseline"]["macro_f1"] <= 1.0
    assert "Tham chiếu TF-IDF" in result.output
    assert "So với TF-IDF huấn luyện trên chính tệp này" in (tmp_path / "report.md").read_text(encoding="utf-8")

    wrong = runner.invoke(app, [*common, "--label-map", "pos=good"])
    assert wrong.exit_code == 1 and "good" in wrong.output


def test_evaluate_on_a_stripped_copy(registry_dir, toy_data_dir, tmp_path):
    result = runner.invoke(
        app,
        [
            "evaluate",
            "toy",
            "--data",
            str(toy_data_dir / "test.csv"),
            "--strip-diacritics",
            "--no-baseline",
            "--out",
            str(tmp_path),
            "--registry",
            str(registry_dir),
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["stripped_diacritics"] is True and report.get("baseline") is None
