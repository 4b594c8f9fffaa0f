"""The public-order dashboard in a real headless Chromium, with markup in camera names and zones.

Checked: the Vietnamese page renders the camera map, the counts chart and the top cameras
(Bokeh canvases), the event feed with its snapshot and its placeholder, and the alerts; a
camera name, a zone and an alert title full of ``<script>``/``<img onerror>`` markup are
shown as text (no script ran, no ``<img src=x>``, nothing requested ``/x``); a markup
"label" never reached the lake; no console errors; no request leaves 127.0.0.1.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect
from ui_support import free_port, scratch_env, start_server, stop_server, watch_page

pytestmark = pytest.mark.ui

SCREENSHOT = Path("/tmp/public_order_dashboard.png")
XSS_CAMERA = '<img src=x onerror="window.__xss=1">Camera <b id="xss-name">Bãi Sau</b>'
XSS_ZONE = '<script>window.__xss="zone"</script>cổng <b id="xss-zone">chính</b>'
XSS_LABEL = '<svg onload="window.__xss=2">person'


@pytest.fixture
def po_data_dir(tmp_path):
    """One day of the public-order demo plus a camera and an event carrying markup."""
    import pandas as pd

    from ioc.config import load_settings
    from ioc.datalayer import DataLayer
    from ioc.demo import run_demo
    from ioc.ingest import process_batch

    data_dir = tmp_path / "data"
    layer = DataLayer(load_settings(data_dir=data_dir))
    try:
        run_demo(layer, days=1, plugins=["public_order"], progress=False)
        camera = {
            "camera_id": "cam_xss",
            "name": XSS_CAMERA,
            "lon": 107.10,
            "lat": 10.36,
            "unit_code": "747",
            "restricted_zone": "*",  # people are never allowed there: an intrusion alert names the camera
            "allowed_hours": "00:00-00:00",
        }
        process_batch(layer, "public_order.cameras", pd.DataFrame([camera]))
        now = pd.Timestamp.now(tz="UTC").floor("s") - pd.Timedelta(seconds=30)
        base = {"camera_id": "cam_xss", "time": now, "score": 0.95, "source": "frigate"}
        events = pd.DataFrame(
            [
                {**base, "event_id": "xss-zone", "label": "person", "zone": XSS_ZONE},
                {**base, "event_id": "xss-label", "label": XSS_LABEL, "zone": "bai"},
            ]
        )
        results = process_batch(layer, "public_order.camera_events", events)
        assert results[0].accepted == 1 and results[0].rejected == 1  # the markup label is quarantined
    finally:
        layer.close()
    return data_dir


@pytest.fixture
def po_server(po_data_dir, tmp_path):
    port = free_port()
    command = [sys.executable, "-c", f"from dashboards.serve import serve; serve(port={port}, refresh_period=0)"]
    server = start_server(
        command,
        url=f"http://127.0.0.1:{port}/public_order",
        env=scratch_env(tmp_path, po_data_dir),
        log=tmp_path / "panel.log",
    )
    yield server
    stop_server(server)


def test_public_order_dashboard_renders_offline_and_keeps_markup_as_text(po_server, browser_context):
    page = browser_context.new_page()
    watch = watch_page(page)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(po_server.url, wait_until="networkidle")

    page.get_by_text("Trật tự công cộng").first.wait_for(state="visible", timeout=30_000)
    page.locator(".bk-Figure canvas").first.wait_for(timeout=30_000)
    expect(page.get_by_text("Sự kiện mới nhất").first).to_be_visible()
    assert page.locator(".bk-Figure").count() >= 3, "map, top cameras and counts"
    expect(page.get_by_text("Mất tín hiệu").first).to_be_attached()  # the legend
    expect(page.get_by_text("Không có ảnh").first).to_be_attached()  # a snapshot that is missing
    assert page.locator(".po-event img").count() >= 1  # a snapshot that exists
    expect(page.get_by_text(XSS_ZONE, exact=False).first).to_be_attached(timeout=20_000)
    expect(page.get_by_text("Xâm nhập khu vực hạn chế tại " + XSS_CAMERA).first).to_be_attached(timeout=20_000)
    page.wait_for_timeout(1000)
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    assert page.evaluate("() => window.__xss === undefined"), page.evaluate("() => window.__xss")
    assert dialogs == []
    for element in ("#xss-name", "#xss-zone", "img[src='x']", "svg[onload]"):
        assert page.locator(element).count() == 0, element
    assert not [url for url in watch.requests if url.rstrip("/").endswith("/x")], "an <img src=x> was rendered"
    assert watch.page_errors == []
    assert watch.console_errors == []
    assert watch.external == [], "requests left the machine"
