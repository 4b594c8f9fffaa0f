"""Fixtures of the public-administration tests: a data layer over the hand-made March 2026."""

from __future__ import annotations

import pytest
from pa_oracle import dossiers, events, feedback, procedures

from ioc.datalayer import DataLayer
from ioc_plugins.public_admin.tables import TABLES


def fill(layer: DataLayer) -> None:
    """Write the oracle's catalogue, dossiers, events and feedback."""
    for name, frame in (
        ("public_admin.procedures", procedures()),
        ("public_admin.dossiers", dossiers()),
        ("public_admin.dossier_events", events()),
        ("public_admin.feedback", feedback()),
    ):
        assert layer.write(name, frame).rejected == 0


@pytest.fixture(scope="module")
def pa_layer(tmp_path_factory):
    """A data layer with the public-administration tables and the oracle's data (read-only: shared by a module)."""
    from ioc.config import load_settings

    layer = DataLayer(load_settings(data_dir=tmp_path_factory.mktemp("pa") / "data"), tables=TABLES)
    fill(layer)
    yield layer
    layer.close()
