"""Serving the registered dashboards: app factory, index page, a real server on loopback."""

from __future__ import annotations

import socket
import time
import urllib.request

import pytest

from dashboards import serve as serving
from dashboards.environment import EnvironmentDashboard
from ioc.plugins import UnknownNameError


@pytest.fixture(autouse=True)
def fresh_shared_datalayers():
    yield
    serving.close_shared_datalayers()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, attempts: int = 100) -> str:
    """GET ``url``, retrying while the server starts."""
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.read().decode("utf-8")
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no answer from {url}")


def test_registered_dashboard_resolves(sqlite_settings):
    targets = serving.dashboard_targets()
    assert targets["environment"] == "dashboards.environment:EnvironmentDashboard"
    assert targets["feedback"] == "dashboards.feedback:FeedbackDashboard"
    app = serving.create_app("environment", sqlite_settings, refresh_period=0)
    assert isinstance(app, EnvironmentDashboard)
    assert app.datalayer is serving.create_app("environment", sqlite_settings).datalayer  # one per process


def test_unknown_dashboard_suggests_the_nearest(sqlite_settings):
    with pytest.raises(UnknownNameError, match="did you mean 'environment'"):
        serving.create_app("enviroment", sqlite_settings)


def test_index_lists_dashboards_with_escaped_titles(sqlite_settings):
    index = serving.index_page(sqlite_settings)
    html = index.main[0].object
    assert 'href="./environment"' in html and "Tài nguyên - Môi trường" in html


def test_serve_answers_on_loopback(sqlite_settings, capsys):
    port = free_port()
    server = serving.serve(sqlite_settings, port=port, threaded=True, refresh_period=0)
    try:
        page = fetch(f"http://127.0.0.1:{port}/environment")
        index = fetch(f"http://127.0.0.1:{port}/")
    finally:
        server.stop()
    assert "Giám sát Tài nguyên - Môi trường" in page
    assert "fonts.googleapis" not in page and "cdn.holoviz.org" not in page and "cdn.bokeh.org" not in page
    assert "Danh sách bảng điều khiển" in index
    assert f"http://127.0.0.1:{port}/environment" in capsys.readouterr().out


def test_public_pages_come_from_the_plugins():
    from dashboards.login import public_paths
    from ioc.plugins import Plugin, registry
    from ioc_plugins.environment.tables import TABLES

    builtin = public_paths(registry())
    assert {"/feedback_form", "/public_admin_lookup"} <= set(builtin)  # other plugins may add theirs
    extra = Plugin(name="x", title="X", tables=TABLES[:1], dashboards={"kiosk": "m:C"}, public_dashboards=("kiosk",))
    assert public_paths([*registry(), extra]) == (*builtin, "/kiosk")


def test_login_lets_guests_open_public_pages_only(sqlite_settings):
    from dashboards.login import panel_authorize
    from ioc.auth import create_user
    from ioc.store import open_store

    store = open_store(sqlite_settings.state_url)
    create_user(store, "lan.tran", "mat-khau-dai", ["domain_staff"], domains=["feedback"])
    create_user(store, "app", None, ["intake_client"])
    authorize = panel_authorize(store, ("/feedback_form",))
    assert authorize(None, "/feedback_form") and authorize({"user": "guest"}, "/feedback_form/ws")
    assert not authorize(None, "/feedback") and not authorize({"user": "guest"}, "/environment")
    assert authorize({"user": "lan.tran"}, "/feedback")
    assert not authorize({"user": "app"}, "/feedback")  # a service account has no dashboard role


def test_serving_with_login_keeps_the_plugins_public_pages_open(sqlite_settings, monkeypatch):
    import panel as pn

    from ioc.auth import create_user
    from ioc.store import open_store

    create_user(open_store(sqlite_settings.state_url), "lan.tran", "mat-khau-dai", ["leader"])
    monkeypatch.setattr(pn.config, "authorize_callback", None)
    options = serving._login_options(sqlite_settings, None)
    guests = set(options["auth_provider"]._guest_endpoints)
    assert {"/feedback_form", "/feedback_form/ws", "/public_admin_lookup", "/public_admin_lookup/ws"} <= guests
    from dashboards.login import public_paths
    from ioc.plugins import registry

    # the video wall is a guest page too: it has no login prompt and checks its own token
    expected = {f"{path}{suffix}" for path in public_paths(registry()) for suffix in ("", "/ws")}
    assert guests == expected | {"/wall", "/wall/ws"}
    assert pn.config.authorize_callback(None, "/feedback_form")
    assert serving._login_options(sqlite_settings, False) == {}
