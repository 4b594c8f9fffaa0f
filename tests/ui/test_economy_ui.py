"""The economy, sector and submissions pages in a real headless Chromium, served by Panel.

Checked: each page renders in Vietnamese with its charts (Bokeh canvases) and tables; the
economy page's map and trend, the sector tabs, the compliance grid; a click on another sector
tab redraws; untrusted text (an alert message with markup) stays text; no console errors; no
request leaves 127.0.0.1.
"""

from __future__ import annotations

import re
import sys

import pytest
from playwright.sync_api import expect
from ui_support import free_port, scratch_env, start_server, stop_server, watch_page

pytestmark = pytest.mark.ui

#: Select the first unit on the map's polygon source (the model change a TapTool makes); return its code.
TAP_A_UNIT = """() => {
    const models = Array.from(Bokeh.documents[0].all_models);
    const source = models.find(m => m.data && m.data.unit_code && m.data.value_text);
    source.selected.indices = [0];
    return source.data.unit_code[0];
}"""


@pytest.fixture
def economy_data_dir(tmp_path):
    """A data directory with the economy and submissions demo and an alert with markup."""
    import pandas as pd

    from ioc.alerts import store_alerts
    from ioc.config import load_settings
    from ioc.datalayer import DataLayer
    from ioc.demo import run_demo
    from ioc.rules import AlertDraft

    data_dir = tmp_path / "data"
    layer = DataLayer(load_settings(data_dir=data_dir))
    try:
        run_demo(layer, days=14, scale=0.2, plugins=["economy", "submissions"], progress=False)
        store_alerts(
            layer.store,
            [
                AlertDraft(
                    rule_id="test.markup",
                    domain="economy",
                    category="target",
                    severity="warning",
                    title="Cảnh báo thử du lịch",
                    message='<b id="xss-alert">đậm</b><img src="/probe-xss.png">',
                    observed_at=pd.Timestamp.now(tz="UTC").floor("h"),
                    entity_id="tourist_arrivals@77",
                )
            ],
        )
    finally:
        layer.close()
    return data_dir


@pytest.fixture
def panel_server(economy_data_dir, tmp_path):
    port = free_port()
    command = [sys.executable, "-c", f"from dashboards.serve import serve; serve(port={port}, refresh_period=0)"]
    server = start_server(
        command,
        url=f"http://127.0.0.1:{port}/economy",
        env=scratch_env(tmp_path, economy_data_dir),
        log=tmp_path / "panel.log",
    )
    yield server
    stop_server(server)


def test_economy_sector_and_submission_pages_render_offline(panel_server, browser_context):
    base = panel_server.url.rsplit("/", 1)[0]
    page = browser_context.new_page()
    watch = watch_page(page)

    page.goto(f"{base}/economy", wait_until="networkidle")
    page.get_by_text("Kinh tế - xã hội").first.wait_for(state="visible", timeout=60_000)
    page.locator(".bk-Figure canvas").first.wait_for(timeout=60_000)
    card = page.locator(".kpi-card", has_text="Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng").first
    expect(card).to_be_visible(timeout=30_000)
    expect(card).to_contain_text("so với cùng kỳ")
    expect(page.get_by_text("Tiến độ thực hiện kế hoạch năm").first).to_be_visible()
    assert page.locator(".bk-Figure").count() >= 2, "trend and map"
    page.locator(".tabulator-row").first.wait_for(timeout=30_000)
    page.screenshot(path="/tmp/economy_dashboard.png", full_page=True)
    # drill-down: a click on a unit of the map shows that unit's trend
    unit = page.locator("select").nth(1)
    tapped = page.evaluate(TAP_A_UNIT)
    expect(unit).to_have_value(re.compile(rf"\({re.escape(tapped)}\)$"), timeout=30_000)

    page.goto(f"{base}/sectors", wait_until="networkidle")
    page.get_by_text("Y tế – Giáo dục – Du lịch").first.wait_for(state="visible", timeout=60_000)
    page.locator(".bk-Figure canvas").first.wait_for(timeout=60_000)
    expect(page.locator(".kpi-card", has_text="Số ca sốt xuất huyết").first).to_be_visible(timeout=30_000)
    page.get_by_text("Du lịch", exact=True).first.click()
    expect(page.locator(".kpi-card", has_text="Tổng lượt khách du lịch").first).to_be_visible(timeout=30_000)
    expect(page.get_by_text('<b id="xss-alert">đậm</b><img src="/probe-xss.png">').first).to_be_attached(timeout=30_000)
    assert page.locator("#xss-alert").count() == 0
    page.screenshot(path="/tmp/sectors_dashboard.png", full_page=True)

    page.goto(f"{base}/submissions", wait_until="networkidle")
    page.get_by_text("Báo cáo của đơn vị").first.wait_for(state="visible", timeout=60_000)
    expect(page.get_by_text("Tình hình gửi biểu mẫu thứ Hai, thứ Năm").first).to_be_visible()
    expect(page.get_by_text(re.compile(r"Sở Tài chính \(STC\)")).first).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Tuân thủ theo tháng").first).to_be_visible()
    page.locator(".tabulator-row").first.wait_for(timeout=30_000)
    page.screenshot(path="/tmp/submissions_dashboard.png", full_page=True)

    assert not [url for url in watch.requests if "probe-xss" in url], "an <img> from data was rendered"
    assert watch.page_errors == []
    assert watch.console_errors == []
    assert watch.external == [], "requests left the machine"
