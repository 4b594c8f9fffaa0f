"""The environment dashboard in a real headless Chromium: served by Panel, and inside Voila.

Checked: the Vietnamese page renders its map and chart (Bokeh canvases), the freshness
badge and the alerts; switching the station kind redraws; untrusted text never becomes
markup; no console errors; and no request leaves 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import re
import sys
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect
from ui_support import free_port, scratch_env, start_server, stop_server, watch_page

pytestmark = pytest.mark.ui

SCREENSHOT = Path("/tmp/env_dashboard.png")
TITLE = "Giám sát Tài nguyên - Môi trường"


#: Select, on the map's station source, a station other than the one shown; return its code and name.
TAP_ANOTHER_STATION = """(shown) => {
    const models = Array.from(Bokeh.documents[0].all_models);
    const source = models.find(m => m.data && m.data.station_id && m.data.value_text);
    const ids = Array.from(source.data.station_id);
    const index = ids.findIndex(id => !shown.endsWith(`(${id})`));
    source.selected.indices = [index];
    return [ids[index], source.data.name[index]];
}"""


def expected_station(data_dir: Path, kind: str) -> str:
    """The station the dashboard should open on (the worst one), computed in this process."""
    from dashboards.environment import EnvironmentDashboard
    from ioc.config import load_settings
    from ioc.datalayer import DataLayer

    layer = DataLayer(load_settings(data_dir=data_dir))
    try:
        return EnvironmentDashboard(datalayer=layer, kind=kind, refresh_period=0).station
    finally:
        layer.close()


def write_level(data_dir: Path, station: str, level_m: float) -> None:
    """Ingest one water-level reading now (as an adapter would), from this test process."""
    import pandas as pd

    from ioc.config import load_settings
    from ioc.datalayer import DataLayer

    layer = DataLayer(load_settings(data_dir=data_dir))
    try:
        result = layer.write(
            "environment.water_levels",
            pd.DataFrame(
                {"station_id": [station], "time": [pd.Timestamp.now(tz="UTC").floor("min")], "level_m": [level_m]}
            ),
        )
        assert result.accepted == 1, result.summary()
    finally:
        layer.close()


def assert_no_markup_from_data(page, watch) -> None:
    """Markup in a station name or alert message is shown as text, never rendered."""
    expect(page.get_by_text('<b id="xss-alert">đậm</b>').first).to_be_attached()
    assert page.locator("#xss-name").count() == 0 and page.locator("#xss-alert").count() == 0
    assert not [url for url in watch.requests if "probe-xss" in url], "an <img> from data was rendered"


@pytest.fixture
def panel_server(demo_data_dir, tmp_path):
    port = free_port()
    # refresh every 2 s so that the test can watch new data arrive
    command = [sys.executable, "-c", f"from dashboards.serve import serve; serve(port={port}, refresh_period=2)"]
    server = start_server(
        command,
        url=f"http://127.0.0.1:{port}/environment",
        env=scratch_env(tmp_path, demo_data_dir),
        log=tmp_path / "panel.log",
    )
    yield server
    stop_server(server)


def test_served_dashboard_renders_offline(panel_server, browser_context, demo_data_dir):
    page = browser_context.new_page()
    watch = watch_page(page)
    page.goto(panel_server.url, wait_until="networkidle")

    page.get_by_text(TITLE).first.wait_for(state="visible", timeout=30_000)
    page.locator(".bk-Figure canvas").first.wait_for(timeout=30_000)
    assert page.locator(".bk-Figure").count() >= 2, "map and chart"
    expect(page.get_by_text(re.compile(r"Cập nhật \d+ (phút|giờ) trước")).first).to_be_visible()
    expect(page.get_by_text("151–200: Xấu").first).to_be_visible()  # legend in Vietnamese
    # the demo's Open-Meteo points: a shape of their own, named in the legend and in the station list
    expect(page.get_by_text("■ Điểm mô hình (Open-Meteo/CAMS) — AQI tham khảo (mô hình)").first).to_be_visible()
    assert page.locator("select option", has_text="(Open-Meteo, mô hình)").count() == 4
    expect(page.get_by_text("Khuyến nghị cho người bình thường").first).to_be_visible()
    assert page.locator(".ioc-table tbody tr").count() >= 1  # the open alerts (HTML, no CDN stylesheet)
    expect(page.get_by_text("Cảnh báo thử").first).to_be_visible()
    kind, station = page.locator("select").nth(0), page.locator("select").nth(1)
    # the options show "name (code)"
    assert station.input_value().endswith(f"({expected_station(demo_data_dir, 'air')})")
    page.wait_for_timeout(1500)  # let the layout settle before the picture
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    # a tap on the map selects the station (the same model change a TapTool makes)
    tapped, tapped_name = page.evaluate(TAP_ANOTHER_STATION, station.input_value())
    expect(station).to_have_value(re.compile(rf"\({re.escape(tapped)}\)$"), timeout=20_000)
    expect(page.get_by_role("heading", name=tapped_name)).to_be_visible(timeout=20_000)

    kind.select_option(label="Mực nước / ngập")
    page.get_by_text("Mức báo động I / II / III").first.wait_for(state="visible", timeout=20_000)
    expect(page.get_by_text("Cấp báo động mực nước").first).to_be_visible()
    page.wait_for_timeout(500)  # let a late widget echo arrive, if any
    assert station.input_value().endswith(f"({expected_station(demo_data_dir, 'water_level')})")
    assert page.locator(".bk-Figure").count() >= 2

    # live refresh: a new reading above alarm III shows up without reloading the page
    write_level(demo_data_dir, expected_station(demo_data_dir, "water_level"), 9.99)
    expect(page.get_by_text("Mực nước 9.99 m — Báo động III").first).to_be_visible(timeout=20_000)

    assert_no_markup_from_data(page, watch)
    print(
        f"\nbrowser: {len(watch.requests)} requests, {len(watch.external)} external, "
        f"{len(watch.console_errors)} console errors, {len(watch.page_errors)} page errors"
    )
    assert watch.page_errors == []
    assert watch.console_errors == []
    assert watch.external == [], "requests left the machine"
    assert all(re.match(r"(https?|wss?)://(127\.0\.0\.1|localhost)[:/]|data:|blob:", url) for url in watch.requests)


@pytest.fixture
def voila_server(demo_data_dir, tmp_path):
    port = free_port()
    # `ioc voila`: the project's page template, Panel's files served by Voila itself
    command = [sys.executable, "-m", "workbench.cli", "voila", "dashboards/voila/environment.ipynb", f"--port={port}"]
    # readiness by TCP: voila's "/" would already run the notebook in a kernel
    server = start_server(
        command,
        url=f"http://127.0.0.1:{port}/",
        ready=f"tcp://127.0.0.1:{port}",
        env=scratch_env(tmp_path, demo_data_dir),
        log=tmp_path / "voila.log",
    )
    yield server
    stop_server(server)


def test_voila_notebook_renders_offline(voila_server, browser_context):
    page = browser_context.new_page()
    # every request that would leave 127.0.0.1 is aborted and listed: there must be none
    watch = watch_page(page)
    failed: list[str] = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(voila_server.url, wait_until="domcontentloaded")

    page.locator(".bk-Figure canvas").first.wait_for(timeout=90_000)
    page.get_by_text(TITLE).first.wait_for(state="visible", timeout=30_000)
    page.get_by_text("Khuyến nghị cho người bình thường").first.wait_for(state="visible", timeout=30_000)
    assert page.locator(".bk-Figure").count() >= 2
    page.locator(".ioc-table tbody tr").first.wait_for(timeout=30_000)
    # let requests still on their way land before the checks below; on a loaded machine the
    # kernel's own traffic may never leave 500 ms of quiet: the page is rendered (checked
    # above) and every request made so far is checked below
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_load_state("networkidle", timeout=90_000)
    page.screenshot(path="/tmp/env_dashboard_voila.png", full_page=True)

    assert_no_markup_from_data(page, watch)
    panel_files = [url for url in watch.requests if "/voila/labextensions/ioc-panel/" in url]
    print(
        f"\nvoila: {len(watch.requests)} requests, {len(watch.external)} external, "
        f"{len(panel_files)} of Panel's files from the Voila server, "
        f"{len(watch.console_errors)} console errors, {len(watch.page_errors)} page errors"
    )
    assert watch.external == [], "requests left the machine"
    assert all(re.match(r"(https?|wss?)://(127\.0\.0\.1|localhost)[:/]|data:|blob:", url) for url in watch.requests)
    # Panel's widget and theme stylesheets and Voila's icon font came from the Voila server
    assert any(url.split("?")[0].endswith("/ioc-panel/css/loading.css") for url in panel_files), panel_files
    assert any("/ioc-panel/bundled/theme/" in url for url in panel_files), panel_files
    assert any("/ioc-panel/bundled/font-awesome/css/all.min.css" in url for url in panel_files), panel_files
    assert failed == [], "requests that failed or were refused"
    assert watch.page_errors == []
    assert watch.console_errors == []
