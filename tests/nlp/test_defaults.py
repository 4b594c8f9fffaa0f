"""Tests for building the default models on first use (nlp.defaults)."""

from __future__ import annotations

import json

import pytest

from nlp.defaults import REPORT_FILE, default_config, ensure_default_models
from nlp.presets import Preset
from nlp.registry import ModelRegistry


def test_builds_registers_and_promotes_missing_models_once(tmp_path):
    root = tmp_path / "models"
    versions = ensure_default_models(root, tasks=("sensitivity",), progress=False, preset="tiny")
    assert versions == {"sensitivity": "sensitivity/v0001"}
    registry = ModelRegistry(root)
    current = registry.get("sensitivity")
    assert current.is_current and current.kind in ("tfidf", "transformer", "hybrid")
    assert current.baseline_dev_macro_f1() is not None
    assert "kho ngữ liệu hạt giống" in (current.path / "MODEL_CARD.md").read_text(encoding="utf-8")
    report = json.loads((root / REPORT_FILE).read_text(encoding="utf-8"))
    assert report["tasks"] == ["sensitivity"] and report["wall_seconds"] > 0

    # a second call finds the model and trains nothing
    assert ensure_default_models(root, tasks=("sensitivity",), progress=False, preset="tiny") == versions
    assert len(registry.list("sensitivity")) == 1


def test_training_configuration_is_seeded_and_uses_the_seed_corpus(tmp_path):
    config = default_config("topic", tmp_path / "work", tmp_path / "models")
    config.validate()
    assert config.data.dataset == "seed" and config.data.label_column == "topic"
    assert config.training.seed == 42 and config.training.num_threads == 2
    assert config.training.register and config.training.promote
    assert config.training.registry_root == str(tmp_path / "models")
    assert config.model == Preset.load("default").model_arguments()
    assert "transformer_mlm" not in config.variants


def test_with_mlm_trains_from_the_shared_checkpoint(tmp_path):
    checkpoint = tmp_path / "models" / "_pretrained" / "seed-mlm-with_mlm"
    config = default_config("topic", tmp_path / "work", tmp_path / "models", "with_mlm", mlm_checkpoint=checkpoint)
    assert config.model.mlm_checkpoint == str(checkpoint)
    assert "transformer_mlm" in config.variants
    # the generated unlabelled text went into the shared pretraining, not into each task's run
    assert Preset.load("with_mlm").data["unlabelled_generated"] > 0 and config.data.unlabelled_generated == 0


def test_unknown_preset(tmp_path):
    with pytest.raises(ValueError, match="preset"):
        ensure_default_models(tmp_path, preset="huge")


@pytest.mark.slow
def test_full_default_build(tmp_path):
    """The real thing: all three tasks from the seed corpus (about 4 minutes on 2 cores)."""
    versions = ensure_default_models(tmp_path / "models", progress=False)
    assert set(versions) == {"sentiment", "topic", "sensitivity"}
    registry = ModelRegistry(tmp_path / "models")
    for task in versions:
        entry = registry.get(task)
        model_f1, baseline_f1 = entry.dev_macro_f1(), entry.baseline_dev_macro_f1()
        assert model_f1 >= baseline_f1  # the baseline, or something that beats it
        assert model_f1 > 0.6
