"""Tests for building the default models on first use (nlp.defaults)."""

from __future__ import annotations

import json

import pytest

from nlp.defaults import REPORT_FILE, ensure_default_models, train_argv
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
    assert (
        ensure_default_models(root, tasks=("sensitivity",), progress=False, preset="tiny")
        == versions
    )
    assert len(registry.list("sensitivity")) == 1


def test_training_arguments_are_seeded_and_use_the_seed_corpus(tmp_path):
    argv = train_argv("topic", tmp_path / "work", tmp_path / "models")
    assert argv[argv.index("--dataset") + 1] == "seed"
    assert argv[argv.index("--label-column") + 1] == "topic"
    assert argv[argv.index("--seed") + 1] == "42"
    assert argv[argv.index("--num-threads") + 1] == "2"
    assert {"--register", "--promote"} <= set(argv)
    assert "transformer_mlm" not in argv[argv.index("--variants") + 1]


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
