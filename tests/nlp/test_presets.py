"""Tests for the training presets (nlp.presets) and how the command line applies them."""

from __future__ import annotations

import json

import pytest

from nlp.arguments import ModelArguments, TrainConfig
from nlp.presets import Preset, available_presets
from nlp.pretrain import parse_args as parse_pretrain_args
from nlp.train import parse_args


def test_the_shipped_presets_are_there():
    assert {"default", "with_mlm", "tiny"} <= set(available_presets())


@pytest.mark.parametrize("name", available_presets())
def test_every_shipped_preset_gives_a_valid_configuration(name, tmp_path):
    preset = Preset.load(name)
    assert preset.name == name and preset.description
    config = preset.config(dataset="seed", label_column="topic", output_dir=tmp_path)
    assert isinstance(config, TrainConfig)
    config.validate()
    assert config.training.output_dir == str(tmp_path)  # paths become strings (summary.json)


def test_with_mlm_extends_the_default_model():
    default, with_mlm = Preset.load("default"), Preset.load("with_mlm")
    assert with_mlm.model == default.model
    assert with_mlm.training["mlm_epochs"] == 4
    assert "transformer_mlm" in with_mlm.training["variants"]
    assert default.training["epochs"] == with_mlm.training["epochs"]


def test_preset_values_are_the_defaults_of_the_command_line(tmp_path):
    """`--preset tiny` on the command line and Preset.config in code agree."""
    argv = ["--preset", "tiny", "--dataset", "seed", "--output-dir", str(tmp_path)]
    assert parse_args(argv) == Preset.load("tiny").config(dataset="seed", output_dir=tmp_path)
    explicit = parse_args([*argv, "--epochs", "3", "--no-progress"])
    assert explicit.training.epochs == 3 and explicit.training.progress is False
    assert explicit.model == Preset.load("tiny").model_arguments()


def test_without_a_preset_the_dataclass_defaults_apply(tmp_path):
    config = parse_args(["--dataset", "seed", "--output-dir", str(tmp_path)])
    assert config.model == ModelArguments()


def test_pretraining_takes_the_encoder_size_of_the_preset(tmp_path):
    args = parse_pretrain_args(["--preset", "with_mlm", "--input-file", "posts.csv", "--output-dir", str(tmp_path)])
    model = Preset.load("with_mlm").model
    assert (args.hidden_size, args.num_layers, args.vocab_size, args.max_length) == (
        model["hidden_size"],
        model["num_layers"],
        model["vocab_size"],
        model["max_length"],
    )
    assert args.epochs == 4  # the preset's mlm_epochs
    assert (
        parse_pretrain_args(["--preset", "default", "--input-file", "x.txt", "--output-dir", "out"]).epochs == 3
    )  # no mlm_epochs in the preset: the pretraining default


def test_json_round_trip(tmp_path, toy_preset):
    path = toy_preset.with_values(name="mine", epochs=1).to_json(tmp_path / "mine.json")
    loaded = Preset.load(path)
    assert loaded.name == "mine" and loaded.training["epochs"] == 1
    assert loaded.model == toy_preset.model


def test_a_preset_file_can_extend_a_shipped_preset(tmp_path):
    path = tmp_path / "longer.json"
    path.write_text(json.dumps({"extends": "default", "training": {"epochs": 10}}))
    preset = Preset.load(path)
    assert preset.name == "longer" and preset.training["epochs"] == 10
    assert preset.model == Preset.load("default").model


def test_with_values_routes_fields_to_their_group(toy_preset):
    changed = toy_preset.with_values(epochs=1, max_length=16, max_train_samples=50)
    assert changed.training["epochs"] == 1
    assert changed.model["max_length"] == 16
    assert changed.data["max_train_samples"] == 50
    assert toy_preset.training["epochs"] == 6  # the original is unchanged


@pytest.mark.parametrize(
    ("load", "error", "message"),
    [
        (lambda tmp: Preset.load("huge"), ValueError, "preset không hợp lệ"),
        (lambda tmp: Preset.load("tiyn"), ValueError, "'tiny'"),
        (lambda tmp: Preset("x", model={"hiden_size": 8}), ValueError, "'hidden_size'"),
        (lambda tmp: Preset.load("tiny").with_values(epoch=1), TypeError, "'epochs'"),
        (lambda tmp: Preset.load(tmp / "missing.json"), FileNotFoundError, "missing.json"),
    ],
    ids=["unknown-name", "misspelt-name", "unknown-field", "unknown-value", "missing-file"],
)
def test_mistakes_fail_clearly_with_a_suggestion(tmp_path, load, error, message):
    with pytest.raises(error, match=message):
        load(tmp_path)
