"""Dashboards while PostgreSQL is away (``dashboards.outage``), on a private server the tests stop and start.

The browser round trip under a served page is ``tests/ui/test_serve_database_restart.py``;
these check the pieces on their own: the refresh keeps the page and recovers, a new page
is a notice that reloads itself, the login check sends to the notice (never lets through),
the notice page answers 503 with ``Retry-After`` and redirects only inside the site.
"""

from __future__ import annotations

import asyncio
import threading
import urllib.error
import urllib.request

import pytest
import tornado.web

from dashboards import outage
from dashboards.command import CommandDashboard
from dashboards.login import panel_authorize

pytestmark = pytest.mark.postgres


@pytest.fixture
def layer(private_postgres, tmp_path):
    from ioc.auth import create_user
    from ioc.config import load_settings
    from ioc.datalayer import DataLayer

    layer = DataLayer(load_settings(data_dir=tmp_path / "data", database_url=private_postgres.url))
    create_user(layer.store, "leader", None, roles=["leader"])
    yield layer
    layer.close()


def test_refresh_keeps_the_page_while_postgres_is_down_and_redraws_after(layer, private_postgres):
    dashboard = CommandDashboard(datalayer=layer, username="leader", refresh_period=0)
    dashboard.refresh()
    version, clock = dashboard.data_version, dashboard.clock
    private_postgres.stop("fast")
    dashboard.refresh()  # no exception: the notice goes up, the page keeps what it shows
    assert dashboard.store_down and (dashboard.data_version, dashboard.clock) == (version, clock)  # nothing redrawn
    dashboard.refresh()
    assert dashboard.store_down
    private_postgres.start()
    dashboard.refresh()  # the first tick that reaches the database again redraws every view
    assert not dashboard.store_down and dashboard.data_version == version + 1


def test_a_new_page_or_a_login_check_while_postgres_is_down_gets_the_notice(layer, private_postgres):
    from dashboards.serve import _session_factory

    authorize = outage.guard_authorize(panel_authorize(layer.store))
    assert authorize({"user": "leader"}, "/command") is True
    make = _session_factory("command", layer.settings, None, {"refresh_period": 0})
    private_postgres.stop("fast")
    assert authorize({"user": "leader"}, "/command") == "/unavailable?next=/command"  # never True
    page = make()
    notice = [pane for pane in page.main if getattr(pane, "name", "") == "store-down"]
    assert notice and "tạm thời không truy cập được" in notice[0].object
    assert any(isinstance(item, outage.Reloader) for item in page.main)
    private_postgres.start()
    assert isinstance(make(), type(CommandDashboard(datalayer=layer).__panel__()))
    assert authorize({"user": "leader"}, "/command") is True


def test_other_errors_are_raised_as_before():
    with pytest.raises(ZeroDivisionError):
        outage.exception_handler(ZeroDivisionError("a bug stays a bug"))


def test_the_notice_page_answers_503_and_redirects_only_inside_the_site():
    ready, holder = threading.Event(), {}

    def run() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        server = tornado.web.Application([(outage.UNAVAILABLE_PATH, outage.UnavailableHandler)]).listen(
            0, address="127.0.0.1"
        )
        holder.update(loop=loop, port=next(iter(server._sockets.values())).getsockname()[1])
        ready.set()
        loop.run_forever()
        server.stop()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(10)
    base = f"http://127.0.0.1:{holder['port']}{outage.UNAVAILABLE_PATH}"
    try:
        for target, expected in [("/feedback", "/feedback"), ("//evil.example/x", "/"), ("https://evil.example", "/")]:
            with pytest.raises(urllib.error.HTTPError) as answer:
                urllib.request.urlopen(f"{base}?next={target}", timeout=10)
            assert answer.value.code == 503 and answer.value.headers["Retry-After"] == str(outage.RETRY_S)
            body = answer.value.read().decode("utf-8")
            assert f'content="{outage.RETRY_S};url={expected}"' in body and "tạm thời gián đoạn" in body
    finally:
        holder["loop"].call_soon_threadsafe(holder["loop"].stop)
        thread.join(timeout=10)
