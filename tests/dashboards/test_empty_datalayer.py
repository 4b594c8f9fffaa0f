"""Conformance over the registry: every registered dashboard renders on a fresh, empty deployment."""

from __future__ import annotations

import panel as pn
import pytest

from dashboards.serve import dashboard_targets
from ioc.plugins import resolve

DASHBOARDS = sorted(dashboard_targets().items())


@pytest.fixture
def fresh_layer(sqlite_settings):
    """A data layer with every registered table and no data (no rows, no users, no reports)."""
    from ioc.datalayer import DataLayer

    layer = DataLayer(sqlite_settings)
    yield layer
    layer.close()


@pytest.mark.parametrize(("name", "target"), DASHBOARDS, ids=[name for name, _ in DASHBOARDS])
def test_dashboard_renders_on_an_empty_datalayer(name, target, fresh_layer):
    cls = resolve(target)
    dashboard = cls(datalayer=fresh_layer, refresh_period=0)
    assert dashboard.freshness().state == "empty"
    page = dashboard.__panel__()
    assert isinstance(page, pn.template.FastListTemplate)
    for part in [*page.main, *page.sidebar, *page.header]:
        assert pn.panel(part).get_root() is not None
    assert dashboard.body().get_root() is not None  # notebooks and Voila show the body


def test_the_conformance_test_sees_every_built_in_dashboard():
    assert {"environment", "feedback", "feedback_form", "command", "overview"} <= {name for name, _ in DASHBOARDS}
