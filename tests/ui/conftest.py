"""Browser-test fixtures: Debian's headless Chromium with a fresh profile, a demo lake."""

from __future__ import annotations

import os
import shutil

import pytest
from ui_support import CHROMIUM_ARGS


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    """A headless Chromium with a fresh profile (in pytest's temp folder, so it is cleaned)."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        if os.environ.get("IOC_REQUIRE_UI"):
            pytest.fail("IOC_REQUIRE_UI is set but chromium is not installed")
        pytest.skip("chromium is not installed (apt-get install chromium); browser tests need it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tmp_path_factory.mktemp("chromium-profile"),
            executable_path=executable,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1600, "height": 1000},
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
        )
        yield context
        context.close()


@pytest.fixture
def demo_data_dir(tmp_path):
    """A data directory with two days of the environment demo, ingested like real data.

    One extra station has markup in its name and one alert has markup in its message, to
    check that untrusted text is shown as text.
    """
    import pandas as pd

    from ioc.alerts import store_alerts
    from ioc.config import load_settings
    from ioc.datalayer import DataLayer
    from ioc.demo import run_demo
    from ioc.rules import AlertDraft

    data_dir = tmp_path / "data"
    layer = DataLayer(load_settings(data_dir=data_dir))
    try:
        totals = run_demo(layer, days=2, plugins=["environment"], progress=False)
        assert totals["environment.aqi_hourly"]["accepted"] > 0
        layer.write(
            "environment.stations",
            pd.DataFrame(
                {
                    "station_id": ["xss_probe"],
                    "name": ['<img src="/probe-xss.png" id="xss-name"> Trạm thử'],
                    "kind": ["air"],
                    "lon": [107.30],
                    "lat": [10.45],
                }
            ),
        )
        store_alerts(
            layer.store,
            [
                AlertDraft(
                    rule_id="test.markup",
                    domain="environment",
                    category="air_quality",
                    severity="critical",
                    title="Cảnh báo thử",
                    message='<b id="xss-alert">đậm</b><img src="/probe-xss-2.png">',
                    observed_at=pd.Timestamp.now(tz="UTC").floor("h"),
                    entity_id="xss_probe",
                )
            ],
        )
    finally:
        layer.close()
    return data_dir
