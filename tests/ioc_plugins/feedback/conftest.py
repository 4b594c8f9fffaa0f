"""Fixtures for the feedback plugin: the plugin in a registry, a data layer and a desk."""

from __future__ import annotations

import pytest


@pytest.fixture
def feedback_registry():
    """A registry holding only the feedback plugin (tests never pick up installed ones)."""
    from ioc.plugins import Registry
    from ioc_plugins.feedback import plugin

    return Registry([plugin()])


@pytest.fixture
def feedback_layer(settings, feedback_registry):
    """A data layer on the parametrised store that knows the feedback tables."""
    from ioc.datalayer import DataLayer

    layer = DataLayer(settings, tables=feedback_registry.tables())
    yield layer
    layer.close()


@pytest.fixture
def desk(settings):
    from ioc_plugins.feedback.desk import CitizenDesk

    return CitizenDesk.from_settings(settings, notifier=None)
