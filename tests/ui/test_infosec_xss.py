"""An attacker-chosen signature never executes on the infosec dashboard (real headless Chromium).

Suricata signatures, host names and raw records come from the monitored networks: a rule
text like ``<img src=x onerror=…>`` must reach the page as text. A security officer signs in
(the role that also sees raw records) and opens the dashboard; the payload is visible
literally in the events table, no script ran, no ``<img src=x>`` exists and nothing asked
for ``/x``.
"""

from __future__ import annotations

import json
import sys

import pytest
from playwright.sync_api import expect
from ui_support import free_port, scratch_env, start_server, stop_server, watch_page

pytestmark = pytest.mark.ui

PASSWORD = "mat-khau-attt"
SIGNATURE_XSS = "<img src=x onerror=\"window.__xss='sig'; alert(1)\">ET WEB_SERVER <b>probe</b>"
HOST_XSS = "<script>window.__xss='host'</script>web01"

SERVE = """
import panel as pn
from dashboards import theme
from dashboards.infosec import InfosecDashboard
from dashboards.login import panel_auth_options, panel_authorize
from ioc.config import load_settings
from ioc.datalayer import DataLayer
from ioc_plugins.infosec.tables import TABLES

settings = load_settings()
layer = DataLayer(settings, tables=TABLES)
theme.use_offline_resources()
pn.config.authorize_callback = panel_authorize(layer.store)
pn.serve({{"infosec": lambda: InfosecDashboard(datalayer=layer, refresh_period=0, period="24h").__panel__()}},
         port={port}, address="127.0.0.1", show=False, websocket_origin=["127.0.0.1:{port}"],
         **panel_auth_options(layer.store))
"""


@pytest.fixture
def infosec_data(tmp_path):
    """A deployment with a security officer and EVE alerts whose signature is markup."""
    import pandas as pd

    from ioc.auth import create_user
    from ioc.config import load_settings
    from ioc.datalayer import DataLayer
    from ioc.ingest import ingest_files
    from ioc_plugins.infosec.tables import TABLES

    data_dir = tmp_path / "data"
    layer = DataLayer(load_settings(data_dir=data_dir), tables=TABLES)
    start = pd.Timestamp.now(tz="UTC").floor("min") - pd.Timedelta(hours=1)
    lines = [
        {
            "timestamp": (start + pd.Timedelta(minutes=m)).strftime("%Y-%m-%dT%H:%M:%S.%f") + "+0000",
            "flow_id": m,
            "event_type": "alert",
            "src_ip": "192.0.2.66",
            "dest_ip": "10.77.5.10",
            "host": HOST_XSS,
            "alert": {"signature_id": 31337, "signature": SIGNATURE_XSS, "severity": 1},
        }
        for m in range(0, 60, 10)
    ]
    log = tmp_path / "ids-dc" / "eve.json"
    log.parent.mkdir()
    log.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    ingest_files(layer, "suricata_eve", [log], progress=False)
    create_user(layer.store, "attt", PASSWORD, ["security"])
    layer.store.dispose()
    layer.close()
    return data_dir


@pytest.fixture
def infosec_server(infosec_data, tmp_path):
    port = free_port()
    server = start_server(
        [sys.executable, "-c", SERVE.format(port=port)],
        url=f"http://127.0.0.1:{port}/login",
        env=scratch_env(tmp_path, infosec_data),
        log=tmp_path / "panel.log",
    )
    yield server.url.rsplit("/", 1)[0]
    stop_server(server)


def test_signature_markup_stays_text(infosec_server, browser_context):
    page = browser_context.new_page()
    watch = watch_page(page)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{infosec_server}/infosec", wait_until="networkidle")
    assert "/login" in page.url  # the page needs a login
    page.fill("input[name=username]", "attt")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state("networkidle")
    if "/infosec" not in page.url:
        page.goto(f"{infosec_server}/infosec", wait_until="networkidle")
    page.get_by_text("An toàn thông tin").first.wait_for(state="visible", timeout=30_000)
    cell = page.get_by_text(SIGNATURE_XSS).first  # shown literally in the events table
    cell.wait_for(state="visible", timeout=30_000)
    expect(page.get_by_text(HOST_XSS).first).to_be_attached(timeout=30_000)  # the sensor column
    expect(page.get_by_text("Bản ghi gốc").first).to_be_attached()  # the raw records, for this role
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.__xss === undefined"), page.evaluate("() => window.__xss")
    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0 and page.locator("b:text('probe')").count() == 0
    assert not [u for u in watch.requests if u.rstrip("/").endswith("/x")], "an <img src=x> was rendered"
    assert watch.external == [] and watch.page_errors == []
