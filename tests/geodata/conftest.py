"""Fixtures for the geodata tests: the shared boundary sample and a scratch data directory."""

from __future__ import annotations

from pathlib import Path

import pytest

#: The district boundary sample (``../shared/data``).
BRVT_GEOJSON = "geo/brvt_districts.geojson"


@pytest.fixture
def brvt_geojson(sample_path) -> Path:
    """District boundaries of Bà Rịa - Vũng Tàu (2019 extract, properties gso_code, name).

    Tests using it declare ``@pytest.mark.requires_sample("geo/brvt_districts.geojson")``.
    """
    return sample_path(BRVT_GEOJSON)


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """An empty workbench data directory."""
    path = tmp_path / "data"
    path.mkdir()
    return path
