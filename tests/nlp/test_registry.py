"""Tests for the versioned model registry (nlp.registry)."""

from __future__ import annotations

import json

import pytest

from nlp.registry import (
    CARD_FILE,
    ENTRY_FILE,
    ModelRegistry,
    PromotionRefused,
    RegistryError,
    default_registry_root,
    licence_of,
)


def metrics(model_f1: float, baseline_f1: float | None = 0.80) -> dict:
    result = {
        "dev": {"macro_f1": model_f1, "accuracy": model_f1},
        "test": {"macro_f1": model_f1 - 0.01, "accuracy": model_f1, "ece": 0.05},
    }
    if baseline_f1 is not None:
        result["baseline"] = {
            "dev": {"macro_f1": baseline_f1, "accuracy": baseline_f1},
            "test": {"macro_f1": baseline_f1, "accuracy": baseline_f1},
        }
    return result


@pytest.fixture
def registry(tmp_path):
    return ModelRegistry(tmp_path / "models")


def test_register_copies_the_model_and_numbers_versions(registry, tiny_transformer_dir):
    first = registry.register(tiny_transformer_dir, "toy", metrics(0.9), {"data": "toy corpus"})
    second = registry.register(tiny_transformer_dir, "toy", metrics(0.85))
    assert (first, second) == ("toy/v0001", "toy/v0002")
    entry = registry.get("toy", "v0001")
    assert entry.kind == "transformer" and entry.id == "toy/v0001"
    assert (entry.path / "config.json").is_file() and (entry.path / ENTRY_FILE).is_file()
    assert entry.path != tiny_transformer_dir
    assert [e.version for e in registry.list("toy")] == ["v0001", "v0002"]
    assert registry.tasks() == ["toy"]
    # no staging directories are left behind
    assert sorted(p.name for p in (registry.root / "toy").iterdir() if p.is_dir()) == [
        "v0001",
        "v0002",
    ]


def test_model_card_reports_data_metrics_and_licence(registry, tiny_transformer_dir):
    version = registry.register(
        tiny_transformer_dir,
        "toy",
        metrics(0.9),
        {"data": "Nguồn: kho ngữ liệu thử", "training_seconds": 12.5, "variant": "transformer"},
    )
    card = (registry.get("toy", version.split("/")[1]).path / CARD_FILE).read_text(encoding="utf-8")
    assert "toy/v0001" in card and "kho ngữ liệu thử" in card
    assert "0.9000" in card and "0.8000" in card  # model vs baseline
    assert "Apache-2.0" in card and "12.5 giây" in card
    assert "Mục đích sử dụng" in card and "Giới hạn" in card


def test_version_lookup_forms(registry, tiny_transformer_dir):
    for _ in range(3):
        registry.register(tiny_transformer_dir, "toy", metrics(0.9))
    assert registry.get("toy", "latest").version == "v0003"
    assert registry.get("toy", 2).version == "v0002"
    assert registry.get("toy", "toy/v0001").version == "v0001"
    with pytest.raises(RegistryError, match="v0009"):
        registry.get("toy", "v0009")
    with pytest.raises(RegistryError, match="promote"):
        registry.get("toy")  # nothing promoted yet
    assert registry.current("toy") is None


def test_promotion_refused_when_not_better_than_baseline(registry, tiny_transformer_dir):
    registry.register(tiny_transformer_dir, "toy", metrics(0.80, baseline_f1=0.80))
    with pytest.raises(PromotionRefused, match="baseline"):
        registry.promote("toy", "v0001")
    assert registry.current("toy") is None
    forced = registry.promote("toy", "v0001", force=True)
    assert forced.is_current
    assert registry.events("toy")[-1] | {"time_utc": None, "user": None} == {
        "time_utc": None,
        "user": None,
        "event": "promote",
        "version": "v0001",
        "previous": None,
        "forced": True,
    }


def test_promotion_refused_without_baseline_metrics(registry, tiny_transformer_dir):
    registry.register(tiny_transformer_dir, "toy", metrics(0.95, baseline_f1=None))
    with pytest.raises(PromotionRefused, match="thiếu"):
        registry.promote("toy", 1)


def test_the_baseline_itself_can_be_promoted(registry, tiny_tfidf_dir):
    registry.register(tiny_tfidf_dir, "toy", metrics(0.80, baseline_f1=0.80))
    assert registry.promote("toy", "v0001").kind == "tfidf"


def test_promote_and_rollback(registry, tiny_transformer_dir):
    for f1 in (0.85, 0.90, 0.95):
        registry.register(tiny_transformer_dir, "toy", metrics(f1))
    registry.promote("toy", "v0001")
    registry.promote("toy", "v0003")
    assert registry.get("toy").version == "v0003"
    assert [e.is_current for e in registry.list("toy")] == [False, False, True]
    assert registry.rollback("toy").version == "v0001"
    with pytest.raises(RegistryError, match="không có phiên bản trước"):
        registry.rollback("toy")
    state = json.loads((registry.root / "toy" / "state.json").read_text())
    assert state == {"current": "v0001", "history": ["v0001"]}
    assert [e["event"] for e in registry.events("toy")] == [
        "register",
        "register",
        "register",
        "promote",
        "promote",
        "rollback",
    ]


@pytest.mark.parametrize("task", ["Sentiment", "../x", "", "a b"], ids=["upper", "path", "empty", "space"])
def test_invalid_task_names(registry, tiny_transformer_dir, task):
    with pytest.raises(RegistryError, match="không hợp lệ"):
        registry.register(tiny_transformer_dir, task, metrics(0.9))


def test_registering_a_non_model_directory_fails(registry, tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError):
        registry.register(tmp_path / "empty", "toy", metrics(0.9))
    assert registry.list() == []


def test_unknown_task(registry):
    with pytest.raises(RegistryError, match="chưa có mô hình"):
        registry.get("sentiment")


def test_default_root_is_the_deployments_models_folder(monkeypatch, tmp_path):
    """The deployment's settings own the data directory; it is read at call time."""
    from ioc.config import settings

    assert default_registry_root() == settings().paths.models
    monkeypatch.setenv("IOC_DATA_DIR", str(tmp_path / "elsewhere"))
    settings.cache_clear()
    assert default_registry_root() == tmp_path / "elsewhere" / "models"
    assert ModelRegistry().root == settings().paths.models


def test_licences_of_known_base_models(tmp_path):
    assert "AGPL-3.0" in licence_of("/models/vinai/phobert-base-v2")
    assert "MIT" in licence_of("/models/uitnlp-visobert")
    assert "MIT" in licence_of("/opt/xlm-roberta-base")
    assert "Apache-2.0" in licence_of(None)
    assert "không rõ" in licence_of("/opt/some-model")
    checkpoint = tmp_path / "local-model"
    checkpoint.mkdir()
    (checkpoint / "README.md").write_text("---\nlicense: cc-by-4.0\n---\n# card\n")
    assert licence_of(str(checkpoint)).startswith("cc-by-4.0")
