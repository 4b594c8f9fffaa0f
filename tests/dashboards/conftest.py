"""Fixtures of the dashboard tests: data layers over the hand-made lake of :mod:`env_lake`."""

from __future__ import annotations

import pytest
from env_lake import fill_lake, registry_free_tables

from ioc.datalayer import DataLayer


@pytest.fixture
def env_layer(sqlite_settings):
    """A data layer over the hand-made environment lake."""
    layer = DataLayer(sqlite_settings, tables=registry_free_tables())
    fill_lake(layer)
    yield layer
    layer.close()


@pytest.fixture
def empty_layer(sqlite_settings):
    """A data layer with the environment tables and no data at all."""
    layer = DataLayer(sqlite_settings, tables=registry_free_tables())
    yield layer
    layer.close()
