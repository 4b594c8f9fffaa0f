"""Fixtures for the geodata tests: the shared boundary sample and a scratch data directory."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


@pytest.fixture
def brvt_geojson() -> Path:
    """District boundaries of Bà Rịa - Vũng Tàu (2019 extract, properties gso_code, name)."""
    path = SHARED_DATA / "geo" / "brvt_districts.geojson"
    if not path.is_file():
        pytest.skip(f"sample not available: {path}")
    return path


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """An empty workbench data directory."""
    path = tmp_path / "data"
    path.mkdir()
    return path
