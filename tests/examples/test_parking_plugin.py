"""The README's example plugin (``examples/parking``), installed and used like a user's own.

It is installed with pip into a scratch folder (no network, no build isolation), found
through the ``ioc`` entry-point group, checked against the plugin contract, fed the
operator's CSV (bad rows quarantined, an alert raised), and its dashboard served over HTTP.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import panel as pn
import pytest

from dashboards import serve as serving
from ioc.alerts import open_alerts
from ioc.datalayer import DataLayer
from ioc.demo import run_demo
from ioc.ingest import ingest_files
from ioc.plugins import discover, registry

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "parking"


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """``pip install examples/parking`` into a scratch folder; yields that folder."""
    source = tmp_path_factory.mktemp("src") / "parking"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns("build", "*.egg-info"))  # builds write here
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(target),
            str(source),
        ],
        check=True,
        timeout=300,
    )
    return target


@pytest.fixture
def parking(installed, monkeypatch):
    """The installed example on ``sys.path``, and a registry that discovered it."""
    monkeypatch.syspath_prepend(str(installed))
    for name in [m for m in sys.modules if m == "ioc_parking" or m.startswith("ioc_parking.")]:
        monkeypatch.delitem(sys.modules, name)
    registry.cache_clear()
    yield discover()
    registry.cache_clear()


def test_the_installed_plugin_is_discovered_and_conforms(parking, installed):
    assert "parking" in parking.names() and not parking.failures
    plugin = parking.get("parking")
    assert plugin.adapter("parking_csv").table == "parking.occupancy"
    assert Path(sys.modules["ioc_parking"].__file__).is_relative_to(installed)  # the installed copy, not the source
    assert parking.dashboards()["parking"] == "ioc_parking.dashboard:ParkingDashboard"


def test_its_csv_is_ingested_with_quarantine_and_raises_its_alert(parking, sqlite_settings, tmp_path):
    path = tmp_path / "parking_2025-03-01.csv"
    path.write_text(
        "lot_id,time,occupied_pct\n"
        "bai_xe_bai_sau,2025-03-01T10:00:00+07:00,61.5\n"
        "bai_xe_bai_sau,2025-03-01T11:00:00+07:00,97\n"
        "bai_xe_ba_ria,2025-03-01T11:00:00+07:00,140\n"  # out of range: quarantined
        "bai_xe_ba_ria,không rõ,40\n",
        encoding="utf-8",
    )  # no time: quarantined
    layer = DataLayer(sqlite_settings, tables=parking.tables())
    [result] = ingest_files(layer, "parking_csv", [path], plugins=parking, progress=False)
    assert (result.accepted, result.rejected) == (2, 2)
    again = ingest_files(layer, "parking_csv", [path], plugins=parking, progress=False)
    assert again[0].accepted == 0 and again[0].duplicate == 2
    alerts = open_alerts(layer.store, domain="parking")
    assert alerts["title"].tolist() == ["Bãi bai_xe_bai_sau sắp đầy"]


def test_its_dashboard_is_served(parking, sqlite_settings):
    layer = DataLayer(sqlite_settings, tables=parking.tables())
    run_demo(layer, days=1, plugins=["parking"], reg=parking, progress=False)
    assert len(layer.read("parking.occupancy")) > 0
    port = _free_port()
    server = serving.serve(sqlite_settings, port=port, threaded=True, plugins=parking, refresh_period=0, auth=False)
    try:
        page = _fetch(f"http://127.0.0.1:{port}/parking")
    finally:
        server.stop()
        serving.close_shared_datalayers()
    assert "Giám sát bãi đỗ xe" in page and "cdn.bokeh.org" not in page
    assert 'href="./parking">Bãi đỗ xe</a>' in serving.index_page(sqlite_settings, plugins=parking).main[0].object


def test_the_dashboard_renders_the_latest_occupancy(parking, sqlite_settings):
    from ioc_parking.dashboard import ParkingDashboard

    layer = DataLayer(sqlite_settings, tables=parking.tables())
    frame = pd.DataFrame(
        {"lot_id": ["a", "b"], "time": pd.Timestamp.now(tz="UTC").floor("h"), "occupied_pct": [50.0, 99.0]}
    )
    layer.write("parking.occupancy", frame)
    dashboard = ParkingDashboard(datalayer=layer, refresh_period=0)
    assert dashboard.freshness().state == "fresh"
    page = dashboard.__panel__()
    for part in [*page.main, *page.sidebar, *page.header]:
        assert pn.panel(part).get_root() is not None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str:
    for _ in range(150):
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.read().decode("utf-8")
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no answer from {url}")
