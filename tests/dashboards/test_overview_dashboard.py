"""The leaders' overview: a tile per installed plugin (a test plugin too), situations, command view."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboards.overview import OverviewDashboard, sparkline_svg, tile_html
from ioc.overview import Figure, Tile
from ioc.plugins import Plugin, Registry
from ioc.tables import Column, Table

NOW = pd.Timestamp("2026-11-20T09:00:00Z")
XSS = '<img src=x onerror="window.__xss=1">'


def parking_tile(datalayer, now):
    """The tile of a plugin that exists only in this test."""
    return Tile(
        domain="parking",
        title=f"Bãi đỗ xe {XSS}",
        figures=(Figure("Chỗ trống", 1234, "chỗ", change=-0.25, better="up"),),
        status="watch",
        sparkline=pd.Series([1.0, 3.0, 2.0]),
        sparkline_label="Chỗ trống theo giờ",
        as_of=now,
        page="parking",
    )


def broken_tile(datalayer, now):
    raise ZeroDivisionError("chia cho 0")


def plugin(name: str, overview: str) -> Plugin:
    return Plugin(
        name=name,
        title=name.title(),
        tables=(Table(name=f"{name}.rows", columns=(Column("id", "string"),), key=("id",)),),
        overview=overview,
    )


@pytest.fixture
def layer(sqlite_settings):
    from ioc.datalayer import DataLayer

    layer = DataLayer(sqlite_settings, tables=())
    yield layer
    layer.close()


@pytest.fixture
def plugins():
    from ioc.plugins import registry

    return Registry(
        [*registry(), plugin("parking", f"{__name__}:parking_tile"), plugin("broken", f"{__name__}:broken_tile")]
    )


def test_a_test_plugin_appears_and_a_broken_one_shows_an_error_tile(layer, plugins):
    board = OverviewDashboard(datalayer=layer, plugins=plugins, now=NOW, refresh_period=0)
    tiles = {t.domain: t for t in board.tiles()}
    assert {"environment", "feedback", "parking", "broken"} <= set(tiles)
    assert "ZeroDivisionError" in tiles["broken"].error
    html = board._tiles_view(0, 0, "vi")
    assert 'data-domain="parking"' in html and "1.234" in html and "▼ 25 %" in html
    assert XSS not in html and "&lt;img" in html  # the title is escaped
    assert "Không tính được ô tổng quan" in html  # the broken domain's tile, the page goes on
    assert board.latest_time() == NOW


def test_the_overview_renders_its_parts(layer, plugins):
    board = OverviewDashboard(datalayer=layer, plugins=plugins, now=NOW, refresh_period=0)
    template = board.__panel__()
    assert "Tổng quan" in template.title
    names = {getattr(obj, "name", "") for part in template.main for obj in part.select()}
    assert "tiles" in names


def test_situations_are_listed_with_evidence_per_domain(layer):
    from ioc.alerts import store_alerts
    from ioc.rules import AlertDraft

    store_alerts(
        layer.store,
        [
            AlertDraft(
                rule_id=f"t.{d}",
                domain=d,
                category="flood",
                severity=s,
                title=f"{d} {XSS}",
                message="",
                observed_at=NOW - pd.Timedelta(minutes=30 * i),
                unit_code="747",
                lon=107.09,
                lat=10.37,
            )
            for i, (d, s) in enumerate((("environment", "high"), ("feedback", "warning")))
        ],
    )
    board = OverviewDashboard(datalayer=layer, now=NOW, refresh_period=0)
    view = board._situations_view(0, "vi")
    html = next(obj.object for obj in view.select() if getattr(obj, "name", "") == "situations")
    assert "Thành phố Vũng Tàu" in html and "Tài nguyên - Môi trường" in html and "Phản ánh hiện trường" in html
    assert "Cao" in html and XSS not in html
    assert any(getattr(obj, "name", "") == "situation-map" for obj in view.select())


def test_tile_html_without_data_and_sparkline_needs_two_points():
    html = tile_html(Tile(domain="x", title="X"), timezone="Asia/Ho_Chi_Minh")
    assert "Chưa có dữ liệu" in html and "Không rõ" in html
    assert sparkline_svg(pd.Series([1.0])) == "" and "<polyline" in sparkline_svg(pd.Series([1.0, 2.0]))


@pytest.mark.parametrize(
    ("language", "shown", "hidden"), [("vi", "Chỗ trống", "Free spaces"), ("en", "Free spaces", "chỗ")]
)
def test_a_tile_names_its_figures_in_the_pages_language(language, shown, hidden):
    figure = Figure("Chỗ trống", 1234, "chỗ", key="free", labels={"en": "Free spaces"}, units={"en": "spaces"})
    html = tile_html(
        Tile(domain="parking", title="P", figures=(figure,)), timezone="Asia/Ho_Chi_Minh", language=language
    )
    assert shown in html and hidden not in html
