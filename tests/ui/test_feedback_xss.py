"""Citizen text never executes on the feedback dashboards (real headless Chromium).

A report whose title, description, address and name carry ``<script>`` and
``<img src=x onerror=...>`` payloads is shown on the staff dashboard (after logging in
through the Panel login page backed by the state store) and on the public tracking page.
Checked: the payload is visible as text, no script ran (no ``window.__xss``, no dialog),
no ``<img src=x>`` element exists and nothing requested ``/x``; the login is required
for the staff page but not for the citizen form.
"""

from __future__ import annotations

import sys

import pytest
from playwright.sync_api import expect
from ui_support import free_port, scratch_env, start_server, stop_server, watch_page

pytestmark = pytest.mark.ui

PASSWORD = "mat-khau-thu-nghiem"
TITLE_XSS = '<script>window.__xss="title"</script>Ổ gà'
BODY_XSS = "<img src=x onerror=\"window.__xss='img'; alert(1)\"> Ổ gà sâu <b>giữa</b> đường"
NAME_XSS = "<svg onload=\"window.__xss='svg'\">An"

SERVE = """
import panel as pn
from dashboards import theme
from dashboards.feedback import CitizenReportForm, FeedbackDashboard
from dashboards.login import panel_auth_options, panel_authorize, public_paths
from ioc.config import load_settings
from ioc.datalayer import DataLayer
from dashboards.serve import index_page
from ioc.plugins import Registry
from ioc_plugins.feedback import plugin
from ioc_plugins.feedback.tables import TABLES

settings = load_settings()
layer = DataLayer(settings, tables=TABLES)
theme.use_offline_resources()
public = public_paths([plugin()])  # the plugin declares the citizen form public
pn.config.authorize_callback = panel_authorize(layer.store, public)
pn.serve({{"/": lambda: index_page(settings, plugins=Registry([plugin()])),
          "feedback": lambda: FeedbackDashboard(datalayer=layer, refresh_period=0).__panel__(),
          "feedback_form": lambda: CitizenReportForm(datalayer=layer).__panel__()}},
         port={port}, address="127.0.0.1", show=False, websocket_origin=["127.0.0.1:{port}"],
         **panel_auth_options(layer.store, public_paths=public))
"""


@pytest.fixture
def feedback_data(tmp_path):
    """A deployment with a staff user and one report full of markup."""
    from ioc.auth import create_user
    from ioc.config import load_settings
    from ioc_plugins.feedback.desk import CitizenDesk, CitizenReport

    data_dir = tmp_path / "data"
    settings = load_settings(data_dir=data_dir)
    desk = CitizenDesk.from_settings(settings, notifier=None)
    create_user(desk.store, "canbo", PASSWORD, ["domain_staff"], domains=["feedback"])
    evil = desk.submit(
        CitizenReport(
            category="road_damage",
            title=TITLE_XSS,
            description=BODY_XSS,
            address=BODY_XSS,
            name=NAME_XSS,
            lon=107.08,
            lat=10.35,
        )
    )
    desk.submit(CitizenReport(category="waste", description="Rác tồn đọng ở chợ", lon=107.1, lat=10.4))
    desk.store.dispose()
    return data_dir, evil.tracking_code


@pytest.fixture
def feedback_server(feedback_data, tmp_path):
    data_dir, _ = feedback_data
    port = free_port()
    server = start_server(
        [sys.executable, "-c", SERVE.format(port=port)],
        url=f"http://127.0.0.1:{port}/login",
        env=scratch_env(tmp_path, data_dir),
        log=tmp_path / "panel.log",
    )
    yield server.url.rsplit("/", 1)[0]
    stop_server(server)


def _watch(page):
    watch = watch_page(page)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return watch, dialogs


def _assert_inert(page, watch, dialogs):
    assert page.evaluate("() => window.__xss === undefined"), page.evaluate("() => window.__xss")
    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0 and page.locator("svg[onload]").count() == 0
    assert not [u for u in watch.requests if u.rstrip("/").endswith("/x")], "an <img src=x> was rendered"
    assert watch.external == [] and watch.page_errors == []


def test_payload_stays_text_on_the_staff_dashboard(feedback_server, feedback_data, browser_context):
    _, tracking_code = feedback_data
    page = browser_context.new_page()
    watch, dialogs = _watch(page)
    page.goto(f"{feedback_server}/feedback", wait_until="networkidle")
    assert "/login" in page.url  # the staff page needs a login
    page.fill("input[name=username]", "canbo")
    page.fill("input[name=password]", "sai-mat-khau")
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/login" in page.url and "error" in page.url

    page.fill("input[name=username]", "canbo")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state("networkidle")
    # After a failed attempt Panel forgets where the user was going: open the page again.
    page.goto(f"{feedback_server}/feedback", wait_until="networkidle")
    assert "/login" not in page.url
    page.get_by_text("Phản ánh hiện trường").first.wait_for(state="visible", timeout=30_000)

    cell = page.get_by_text(TITLE_XSS).first  # shown literally in the queue table
    cell.wait_for(state="visible", timeout=30_000)
    expect(page.get_by_text(tracking_code).first).to_be_visible()
    cell.click()  # select the row: the detail card shows every field
    expect(page.get_by_text(BODY_XSS).first).to_be_attached(timeout=30_000)
    expect(page.get_by_text("Bắt đầu xác minh").first).to_be_attached()
    page.wait_for_timeout(500)
    _assert_inert(page, watch, dialogs)
    page.screenshot(path="/tmp/feedback_dashboard.png", full_page=True)


def test_public_tracking_page_needs_no_login_and_stays_inert(feedback_server, feedback_data, browser_context):
    _, tracking_code = feedback_data
    page = browser_context.new_page()
    watch, dialogs = _watch(page)
    page.goto(f"{feedback_server}/feedback_form", wait_until="networkidle")
    assert "/login" not in page.url
    page.get_by_text("Tra cứu tiến độ").first.click()
    code_box = page.get_by_placeholder("PA260302-7KQM")
    code_box.wait_for(state="visible", timeout=30_000)
    code_box.fill(tracking_code)
    code_box.press("Enter")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_text("Đã tiếp nhận").first).to_be_visible(timeout=30_000)
    assert page.get_by_text("An").count() == 0 or NAME_XSS not in page.content()
    _assert_inert(page, watch, dialogs)
