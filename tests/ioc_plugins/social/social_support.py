"""Helpers of the social plugin's tests (imported by name, like ``ui_support``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def register_sentiment(models: Path, model_dir: Path, *, promote: bool = True) -> str:
    """Register (and promote) a sentiment model directory in the registry at ``models``; its id."""
    from nlp.registry import ModelRegistry

    registry = ModelRegistry(models)
    model_id = registry.register(
        model_dir, "sentiment", {"dev": {"macro_f1": 0.8}, "baseline": {"dev": {"macro_f1": 0.8}}}
    )
    if promote:
        registry.promote("sentiment", model_id.split("/")[1])
    return model_id


def items(rows: list[dict]) -> pd.DataFrame:
    """A ``social.items`` frame from short records (defaults for what a test does not care about)."""
    from ioc_plugins.social.adapters.common import items_frame

    return items_frame(rows, collector="test", settings=None)
