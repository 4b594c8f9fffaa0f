"""The video wall's logic without a browser: playlist, takeover until acknowledged, URLs, token."""

from __future__ import annotations

import pytest

from dashboards.serve import dashboard_class
from dashboards.wall import VideoWall, default_playlist, ensure_wall_account, screens, wall_app, wall_urls


@pytest.fixture
def layer(sqlite_settings):
    from ioc.config import load_settings
    from ioc.datalayer import DataLayer

    settings = load_settings(
        data_dir=sqlite_settings.data_dir,
        wall={
            "screens": [
                {"name": "trái", "playlist": [{"page": "overview", "dwell": 5}, {"page": "command", "dwell": 5}]},
                {"name": "phải", "playlist": [{"page": "environment", "dwell": 5}]},
            ]
        },
    )
    layer = DataLayer(settings)
    ensure_wall_account(layer)
    yield layer
    layer.close()


def make_wall(layer, screen=0):
    return VideoWall(datalayer=layer, screen=screen, page_class=dashboard_class)


def open_hot(layer):
    from ioc.auth import Principal
    from ioc.incidents.service import IncidentDraft, IncidentService

    service = IncidentService(layer.store, settings=layer.settings)
    incident = service.open_incident(
        IncidentDraft(
            domain="public_order",
            category="protest",
            title="Tụ tập đông người <b>trước UBND</b>",
            severity="critical",
            lon=107.08,
            lat=10.35,
            unit_code="747",
        ),
        Principal.system(),
    )
    return service, incident


def test_the_playlist_advances_after_the_dwell(layer, monkeypatch):
    wall = make_wall(layer)
    wall.show_page(0)
    assert wall.page_name == "overview" and 'data-page="overview"' in wall.bar.object
    clock = [1000.0]
    monkeypatch.setattr("dashboards.wall.time.monotonic", lambda: clock[0])
    wall._shown_at = clock[0]
    wall.tick()
    assert wall.page_name == "overview"
    clock[0] += 5
    wall.tick()
    assert wall.page_name == "command" and wall.mode == "playlist"
    clock[0] += 5
    wall.tick()
    assert wall.page_name == "overview"  # round and round


def test_a_hot_incident_takes_over_until_acknowledged(layer):
    from ioc.auth import Principal

    wall = make_wall(layer, screen=1)
    wall.show_page(0)
    service, incident = open_hot(layer)
    wall.tick()
    assert wall.mode == "takeover" and wall.takeover_id == incident.id
    assert 'data-mode="takeover"' in wall.bar.object and "VỤ VIỆC NÓNG" in wall.bar.object
    html = "".join(obj.object for obj in wall.content.select() if isinstance(getattr(obj, "object", None), str))
    assert "&lt;b&gt;trước UBND" in html and "<b>trước UBND" not in html and "Thành phố Vũng Tàu" in html
    assert "Đã tiếp nhận" in html  # the timeline
    service.transition(incident.id, "start_verification", Principal.system())
    wall.tick()
    assert wall.mode == "playlist" and wall.page_name == "environment"


def test_screens_urls_and_default_playlist(layer, monkeypatch):
    from ioc.plugins import registry

    assert [s.name for s in screens(layer.settings)] == ["trái", "phải"]
    monkeypatch.setenv("IOC_WALL_TOKEN", "bí-mật")
    assert wall_urls(layer.settings, "127.0.0.1", 5006) == [
        "http://127.0.0.1:5006/wall?screen=0&token=bí-mật",
        "http://127.0.0.1:5006/wall?screen=1&token=bí-mật",
    ]
    pages = [p.page for p in default_playlist(registry())]
    assert pages[0] == "overview" and "environment" in pages and "feedback_form" not in pages


def test_the_wall_account_is_a_read_only_leader(layer):
    from ioc.auth import get_principal

    principal = get_principal(layer.store, "wall")
    assert principal.roles == ("leader",)
    assert ensure_wall_account(layer) == "wall"  # idempotent


def test_without_the_token_the_wall_shows_a_notice(layer):
    page = wall_app(layer.settings, layer, require_token=True, page_class=dashboard_class)
    assert any(getattr(obj, "name", "") == "denied" for part in page.main for obj in part.select())


def test_the_bar_names_the_page_shown_not_only_its_plugin(sqlite_settings):
    """The economy plugin has two pages: the bar says which one is on screen."""
    from ioc.config import load_settings
    from ioc.datalayer import DataLayer

    settings = load_settings(
        data_dir=sqlite_settings.data_dir,
        wall={"screens": [{"name": "một", "playlist": [{"page": "economy"}, {"page": "sectors"}]}]},
    )
    layer = DataLayer(settings)
    try:
        ensure_wall_account(layer)
        wall = make_wall(layer)
        titles = []
        for index in (0, 1):
            wall.show_page(index)
            titles.append(wall._page.page_title)
            assert f'<span class="page">{titles[-1]}</span>' in wall.bar.object
        assert titles[0] != titles[1]
    finally:
        layer.close()


def test_the_takeover_map_is_written_large_enough_to_read_across_the_room(layer):
    import holoviews as hv

    wall = make_wall(layer, screen=1)
    incident = {"id": 7, "tracking_code": "PA-7", "lon": 107.084, "lat": 10.346, "title": "Ngập sâu"}
    overlay = wall.takeover_map(incident).object
    labels = overlay.traverse(lambda element: element, [hv.Labels])
    sizes = {hv.Store.lookup_options("bokeh", element, "style").kwargs.get("text_font_size") for element in labels}
    assert sizes == {"14pt", "20pt"}  # the units' names and the incident's mark, not the 8pt of a desk map
