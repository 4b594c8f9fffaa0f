"""The leaders' and citizens' pages in Chromium with every non-loopback request blocked:
the overview and the command view render offline; the public report form works on a phone
(390×844): no sideways scrolling, a map to tap, the phone's location, no staff badge.
Screenshots go to ``$IOC_UI_ARTIFACTS`` (default ``.tmp/ui-artifacts``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect
from ui_support import REPO, free_port, scratch_env, start_server, stop_server, watch_page

pytestmark = pytest.mark.ui

ARTIFACTS = Path(os.environ.get("IOC_UI_ARTIFACTS", REPO / ".tmp" / "ui-artifacts"))


@pytest.fixture
def server(demo_data_dir, tmp_path):
    port = free_port()
    command = [sys.executable, "-c", f"from dashboards.serve import serve; serve(port={port}, refresh_period=0)"]
    running = start_server(
        command,
        url=f"http://127.0.0.1:{port}/overview",
        env=scratch_env(tmp_path, demo_data_dir),
        log=tmp_path / "serve.log",
    )
    yield f"http://127.0.0.1:{port}"
    stop_server(running)


def test_overview_and_command_render_offline(server, browser_context):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser_context.new_page()
    page.set_viewport_size({"width": 1920, "height": 1080})
    watch = watch_page(page)
    page.goto(f"{server}/overview", wait_until="domcontentloaded")
    page.locator('.ioc-tile[data-domain="environment"]').first.wait_for(timeout=60_000)
    expect(page.get_by_text("Tình huống liên lĩnh vực (24 giờ qua)").first).to_be_visible()
    expect(page.get_by_text("Nghiêm trọng").first).to_be_visible()  # the demo's critical alert, translated
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ARTIFACTS / "overview.png"))
    page.goto(f"{server}/command", wait_until="domcontentloaded")
    # a guest gets the notice, in the page's proportional font (headers: test_command_dashboard.py)
    notice = page.get_by_text("Màn hình chỉ huy dành cho lãnh đạo").first
    notice.wait_for(timeout=60_000)
    assert "monospace" not in notice.evaluate("e => getComputedStyle(e).fontFamily")
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ARTIFACTS / "command.png"))
    assert watch.external == [], "requests left the machine"
    assert watch.page_errors == []


def test_public_form_on_a_phone(server, browser_context):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser_context.grant_permissions(["geolocation"])
    browser_context.set_geolocation({"latitude": 10.3461, "longitude": 107.0834})
    page = browser_context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    watch = watch_page(page)
    page.goto(f"{server}/feedback_form", wait_until="domcontentloaded")
    locate = page.get_by_role("button", name="Dùng vị trí hiện tại của tôi").first
    locate.wait_for(timeout=60_000)
    page.locator(".bk-Figure canvas").first.wait_for(timeout=30_000)  # the map to tap
    assert page.get_by_text("Cập nhật").count() == 0  # no staff freshness badge
    locate.click()
    latitude = page.get_by_label("Vĩ độ (không bắt buộc)")
    expect(latitude).to_have_value("10.3461", timeout=20_000)
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / "feedback-form-390x844.png"), full_page=True)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 391, f"no sideways scrolling (page is {width} px wide)"
    page.screenshot(path=str(ARTIFACTS / "feedback-form-390x844.png"), full_page=True)
    assert watch.external == [], "requests left the machine"
    assert watch.page_errors == []
