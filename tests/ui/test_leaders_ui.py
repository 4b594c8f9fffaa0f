"""The leaders' and citizens' pages in Chromium at 1920×1080 (the phone form at 390×844), every
non-loopback request blocked (a test fails on any):

* ``/overview`` and ``/command`` as a signed-in leader: Vietnamese headers and values (no raw
  field names, severities or domain codes), severity colours, proportional fonts;
* ``/feedback``: the map has the units' boundaries and names, framed on the mainland; the
  table pager is Vietnamese;
* ``/feedback_form`` on a phone: no sideways scrolling, no staff freshness badge, a tap on
  the map and the phone's location both fill the place.

Screenshots go to ``$IOC_UI_ARTIFACTS`` (default ``.tmp/ui-artifacts``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect
from ui_support import REPO, free_port, monospace_texts, scratch_env, start_server, stop_server, watch_page

pytestmark = pytest.mark.ui

ARTIFACTS = Path(os.environ.get("IOC_UI_ARTIFACTS", REPO / ".tmp" / "ui-artifacts"))
LEADER, PASSWORD = "lanhdao", "mat-khau-lanh-dao"
HOT_TITLE = "Tụ tập đông người trước trụ sở UBND phường"
SEVERITY_RGB = {"Nghiêm trọng": "rgb(183, 28, 28)", "Cao": "rgb(230, 81, 0)"}

#: What the Bokeh maps of the page draw: unit names written on them, polygons, x ranges.
MAP_LAYERS = """() => {
    const models = Bokeh.documents.flatMap((doc) => Array.from(doc.all_models));
    const column = (model, name) => model.data && model.data[name] ? Array.from(model.data[name]) : null;
    const names = models.map((m) => column(m, 'name')).filter((v) => v && v.length && typeof v[0] === 'string');
    const polygons = models.map((m) => column(m, 'xs')).filter((v) => v && v.length);
    const ranges = models.filter((m) => m.x_range && m.x_range.start !== undefined)
                         .map((m) => [m.x_range.start, m.x_range.end]);
    return {names: names.flat(), polygons: polygons.map((v) => v.length), ranges: ranges};
}"""


@pytest.fixture
def leaders_data(demo_data_dir):
    """The environment demo plus two days of citizen reports, a hot incident and a leader."""
    from ioc.auth import Principal, create_user
    from ioc.config import load_settings
    from ioc.datalayer import DataLayer
    from ioc.demo import run_demo
    from ioc.incidents.service import IncidentDraft, IncidentService

    layer = DataLayer(load_settings(data_dir=demo_data_dir))
    try:
        run_demo(layer, days=2, plugins=["feedback"], progress=False)
        create_user(layer.store, LEADER, PASSWORD, ["leader"], full_name="Lãnh đạo")
        IncidentService(layer.store, settings=layer.settings).open_incident(
            IncidentDraft(
                domain="public_order",
                category="protest",
                title=HOT_TITLE,
                severity="critical",
                lon=107.08,
                lat=10.35,
                unit_code="747",
            ),
            Principal.system(),
        )
    finally:
        layer.close()
    return demo_data_dir


@pytest.fixture
def server(leaders_data, tmp_path, browser_context):
    port = free_port()
    command = [sys.executable, "-c", f"from dashboards.serve import serve; serve(port={port}, refresh_period=0)"]
    running = start_server(
        command,
        url=f"http://127.0.0.1:{port}/login",
        env=scratch_env(tmp_path, leaders_data),
        log=tmp_path / "serve.log",
    )
    yield f"http://127.0.0.1:{port}"
    browser_context.clear_cookies()  # the next test starts signed out
    stop_server(running)


def sign_in(page, server: str) -> None:
    page.goto(f"{server}/login", wait_until="domcontentloaded")
    page.fill("input[name=username]", LEADER)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state("domcontentloaded")


def shoot(page, name: str, **options) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(1000)  # let the page settle before the picture
    page.screenshot(path=str(ARTIFACTS / name), **options)


def test_overview_and_command_as_a_leader(server, browser_context):
    page = browser_context.new_page()
    page.set_viewport_size({"width": 1920, "height": 1080})
    watch = watch_page(page)
    sign_in(page, server)
    page.goto(f"{server}/overview", wait_until="domcontentloaded")
    page.locator('.ioc-tile[data-domain="environment"]').first.wait_for(timeout=60_000)
    expect(page.get_by_text("Tình huống liên lĩnh vực (24 giờ qua)").first).to_be_visible()
    expect(page.get_by_text("Nghiêm trọng").first).to_be_visible()  # the demo's critical alert, translated
    shoot(page, "overview.png")
    assert monospace_texts(page) == []

    page.goto(f"{server}/command", wait_until="domcontentloaded")
    page.get_by_text(HOT_TITLE).first.wait_for(timeout=60_000)  # the hot incident's row
    headers = [h.strip() for h in page.locator(".ioc-table th").all_inner_texts()]
    for header in ("Mã", "Tiếp nhận", "Lĩnh vực", "Trạng thái", "Mức độ", "Tiêu đề", "Thời điểm"):
        assert header in headers, (header, headers)
    cells = [c.strip() for c in page.locator(".ioc-table td").all_inner_texts()]
    raw = {"severity", "domain", "title", "observed_at", "critical", "high", "environment", "public_order", "new"}
    assert not raw & set(headers + cells), raw & set(headers + cells)
    assert {"Trật tự công cộng", "Tài nguyên - Môi trường"} <= set(cells)  # domains by their titles
    for label, colour in SEVERITY_RGB.items():
        pill = page.locator(".ioc-sev", has_text=label).first
        assert pill.evaluate("e => getComputedStyle(e).backgroundColor") == colour, label
    font = page.locator(".ioc-table td").first.evaluate("e => getComputedStyle(e).fontFamily")
    assert "Noto Sans" in font and "mono" not in font
    assert monospace_texts(page) == []
    shoot(page, "command.png")
    assert watch.external == [], "requests left the machine"
    assert watch.page_errors == []


def test_feedback_map_has_boundaries_and_names_and_the_pager_is_vietnamese(server, browser_context):
    from geodata.boundaries import site_boundaries
    from ioc.config import load_settings

    units = site_boundaries(load_settings())
    page = browser_context.new_page()
    page.set_viewport_size({"width": 1920, "height": 1080})
    watch = watch_page(page)
    sign_in(page, server)
    page.goto(f"{server}/feedback", wait_until="domcontentloaded")
    page.locator(".tabulator-page").first.wait_for(timeout=60_000)
    page.locator(".bk-Figure canvas").first.wait_for(timeout=30_000)
    pager = [t.strip() for t in page.locator(".tabulator-paginator button").all_inner_texts()]
    assert pager[:2] == ["Đầu", "Trước"] and pager[-2:] == ["Sau", "Cuối"], pager
    assert not {"First", "Prev", "Next", "Last"} & set(pager)
    layers = page.evaluate(MAP_LAYERS)
    assert set(units["name"]) <= set(layers["names"]), "every unit's name is written on the map"
    assert max(layers["polygons"]) >= len(units), "the units' boundaries are drawn"
    west = min(start for start, _ in layers["ranges"])
    assert west > 106.8, f"framed on the mainland, not the far islands (west edge {west})"
    assert monospace_texts(page) == []
    shoot(page, "feedback.png")
    assert watch.external == [], "requests left the machine"
    assert watch.page_errors == []


def test_public_form_on_a_phone(server, browser_context):
    browser_context.grant_permissions(["geolocation"])
    browser_context.set_geolocation({"latitude": 10.3461, "longitude": 107.0834})
    page = browser_context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    watch = watch_page(page)
    page.goto(f"{server}/feedback_form", wait_until="domcontentloaded")
    assert "/login" not in page.url  # public: no login even though the server asks staff for one
    locate = page.get_by_role("button", name="Dùng vị trí hiện tại của tôi").first
    locate.wait_for(timeout=60_000)
    canvas = page.locator(".bk-Figure canvas").first  # the map to tap
    canvas.wait_for(timeout=30_000)
    assert page.get_by_text("Cập nhật").count() == 0  # no staff freshness badge
    latitude, longitude = page.get_by_label("Vĩ độ (không bắt buộc)"), page.get_by_label("Kinh độ (không bắt buộc)")

    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)  # a tap in the middle
    expect(latitude).not_to_have_value("", timeout=20_000)
    expect(longitude).not_to_have_value("", timeout=5_000)
    tapped = float(latitude.input_value()), float(longitude.input_value())
    assert 10.3 < tapped[0] < 10.8 and 107.0 < tapped[1] < 107.6, tapped

    locate.click()  # the phone's location replaces it
    expect(latitude).to_have_value("10.3461", timeout=20_000)
    expect(longitude).to_have_value("107.0834")
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 391, f"no sideways scrolling (page is {width} px wide)"
    assert monospace_texts(page) == []
    shoot(page, "feedback-form-390x844.png", full_page=True)
    assert watch.external == [], "requests left the machine"
    assert watch.page_errors == []
