"""The video wall in Chromium at 1920×1080: the playlist advances, a hot incident takes every
screen over until it is acknowledged, the page survives a server restart, nothing leaves the
machine. Screenshots of each state go to ``$IOC_UI_ARTIFACTS`` (default ``.tmp/ui-artifacts``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from ui_support import REPO, free_port, scratch_env, start_server, stop_server, watch_page

pytestmark = pytest.mark.ui

ARTIFACTS = Path(os.environ.get("IOC_UI_ARTIFACTS", REPO / ".tmp" / "ui-artifacts"))
WALL_YAML = """
wall:
  refresh_seconds: 2
  screens:
    - name: "1"
      playlist:
        - {page: overview, dwell: 6}
        - {page: environment, dwell: 6}
    - name: "2"
      playlist:
        - {page: command, dwell: 30}
"""


@pytest.fixture
def wall_server(demo_data_dir, tmp_path):
    port = free_port()
    config = tmp_path / "ioc.yaml"
    config.write_text(WALL_YAML, encoding="utf-8")
    env = scratch_env(tmp_path, demo_data_dir) | {"IOC_CONFIG": str(config)}
    command = [sys.executable, "-c", f"from dashboards.serve import serve; serve(port={port}, dark=True)"]

    def start():
        return start_server(command, url=f"http://127.0.0.1:{port}/wall?screen=0", env=env, log=tmp_path / "wall.log")

    server = start()
    holder = {"server": server, "start": start}
    yield holder
    stop_server(holder["server"])


def status(tab, **attributes: str):
    selector = "#wall-status" + "".join(f'[data-{k}="{v}"]' for k, v in attributes.items())
    return tab.locator(selector).first


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(1200)  # let the page settle before the picture
    page.screenshot(path=str(ARTIFACTS / f"wall-{name}.png"))


def hot_incident(data_dir: Path):
    from ioc.auth import Principal
    from ioc.config import load_settings
    from ioc.datalayer import DataLayer
    from ioc.incidents.service import IncidentDraft, IncidentService

    layer = DataLayer(load_settings(data_dir=data_dir))
    service = IncidentService(layer.store, settings=layer.settings)
    incident = service.open_incident(
        IncidentDraft(
            domain="public_order",
            category="protest",
            title="Tụ tập đông người trước trụ sở UBND phường",
            description="Khoảng 200 người tụ tập, giao thông ùn tắc đường 3/2.",
            severity="critical",
            lon=107.08,
            lat=10.35,
            unit_code="747",
        ),
        Principal.system(),
    )

    def acknowledge() -> None:
        service.transition(incident.id, "start_verification", Principal.system())
        layer.close()

    return incident.id, acknowledge


def test_wall_playlist_takeover_and_reconnect(wall_server, browser_context, demo_data_dir):
    page = browser_context.new_page()
    page.set_viewport_size({"width": 1920, "height": 1080})
    watch = watch_page(page)
    url = wall_server["server"].url
    page.goto(url, wait_until="domcontentloaded")

    status(page, page="overview", mode="playlist").wait_for(timeout=60_000)
    page.get_by_text("Tài nguyên - Môi trường").first.wait_for(timeout=30_000)  # a tile
    shoot(page, "1-overview")
    status(page, page="environment", mode="playlist").wait_for(timeout=30_000)  # the playlist advanced
    page.locator(".bk-Figure canvas").first.wait_for(timeout=30_000)
    shoot(page, "2-environment")
    assert page.evaluate("document.scrollingElement.scrollHeight <= window.innerHeight + 2"), "no scrollbars"

    incident_id, acknowledge = hot_incident(demo_data_dir)
    status(page, mode="takeover").wait_for(timeout=20_000)
    assert page.locator(f'#wall-status[data-incident="{incident_id}"]').count() == 1
    shoot(page, "3-takeover")
    page.get_by_text("Tụ tập đông người trước trụ sở UBND phường").first.wait_for(timeout=10_000)
    second = browser_context.new_page()  # every screen switches to it
    second.set_viewport_size({"width": 1920, "height": 1080})
    second.goto(url.replace("screen=0", "screen=1"), wait_until="domcontentloaded")
    status(second, mode="takeover", screen="1").wait_for(timeout=60_000)
    second.close()

    acknowledge()
    status(page, mode="playlist").wait_for(timeout=20_000)
    shoot(page, "4-after-takeover")

    # the server restarts: the page notices the silence and reloads by itself
    page.evaluate("window.__beforeRestart = true")
    stop_server(wall_server["server"])
    wall_server["server"] = wall_server["start"]()
    page.wait_for_function("window.__beforeRestart === undefined", timeout=60_000)
    status(page, mode="playlist").wait_for(timeout=60_000)

    assert watch.external == [], "requests left the machine"
    assert watch.page_errors == []
