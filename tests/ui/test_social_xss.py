"""Post titles, texts and source names never execute on the social dashboard (headless Chromium).

A spreading story whose first item's title carries ``<script>`` and whose text carries
``<img src=x onerror=…>``, and a source whose name carries ``<svg onload=…>``, are served by
``panel serve``; the page shows the payloads as text (hot-story table, sample items, sources
table), no script runs, no ``<img src=x>`` or ``<svg onload>`` element exists and nothing
requests ``/x``.
"""

from __future__ import annotations

import sys

import pandas as pd
import pytest
from playwright.sync_api import expect
from ui_support import free_port, scratch_env, start_server, stop_server, watch_page

pytestmark = pytest.mark.ui

TITLE_XSS = '<script>window.__xss="title"</script>Sập giàn giáo Trần Phú'
TEXT_XSS = "<img src=x onerror=\"window.__xss='img'; alert(1)\"> công nhân bị thương <b>đậm</b>"
SOURCE_XSS = "<svg onload=\"window.__xss='svg'\">Trang tin giả"
LATEST = pd.Timestamp("2025-12-01T10:00:00Z")

SERVE = """
import panel as pn
from dashboards import theme
from dashboards.social import SocialDashboard
from ioc.config import load_settings
from ioc.datalayer import DataLayer

layer = DataLayer(load_settings())
theme.use_offline_resources()
pn.serve({{"social": lambda: SocialDashboard(datalayer=layer, refresh_period=0, period="7d").__panel__()}},
         port={port}, address="127.0.0.1", show=False, websocket_origin=["127.0.0.1:{port}"])
"""


@pytest.fixture
def social_data_dir(tmp_path):
    """A deployment with one story of six items whose first title and text carry markup."""
    from ioc.config import load_settings
    from ioc.datalayer import DataLayer
    from ioc.ingest import process_batch
    from ioc.plugins import Registry
    from ioc_plugins.social import plugin
    from ioc_plugins.social.adapters.common import items_frame

    data_dir = tmp_path / "data"
    layer = DataLayer(load_settings(data_dir=data_dir))
    rows = [
        {
            "item_id": f"ui:{n}",
            "source_id": "fb:evil" if n == 0 else f"fb:{n}",
            "kind": "post",
            "author": "Trần Thị Mai",
            "published_at": LATEST - pd.Timedelta(minutes=30 * (5 - n)),
            "title": "Sập giàn giáo Trần Phú",
            "text": "Sập giàn giáo công trình đường Trần Phú, công nhân bị thương",
        }
        for n in range(6)
    ]
    frame = items_frame(rows, collector="test", settings=layer.settings)
    frame.loc[frame["item_id"] == "ui:0", ["title", "text"]] = [TITLE_XSS, TEXT_XSS]
    registry = Registry([plugin()])
    process_batch(
        layer,
        "social.sources",
        pd.DataFrame([{"source_id": "fb:evil", "name": SOURCE_XSS, "kind": "facebook_page", "platform": "facebook"}]),
        plugins=registry,
    )
    process_batch(layer, "social.items", frame, plugins=registry, now=LATEST + pd.Timedelta(hours=1))
    layer.close()
    return data_dir


@pytest.fixture
def social_server(social_data_dir, tmp_path):
    port = free_port()
    server = start_server(
        [sys.executable, "-c", SERVE.format(port=port)],
        url=f"http://127.0.0.1:{port}/social",
        env=scratch_env(tmp_path, social_data_dir),
        log=tmp_path / "panel.log",
    )
    yield server.url
    stop_server(server)


def test_payloads_in_titles_texts_and_sources_stay_text(social_server, browser_context):
    page = browser_context.new_page()
    watch = watch_page(page)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(social_server, wait_until="networkidle")
    page.get_by_text("Câu chuyện nóng").first.wait_for(state="visible", timeout=60_000)
    expect(page.get_by_text(TITLE_XSS).first).to_be_attached(timeout=30_000)  # hot stories and samples
    expect(page.get_by_text(TEXT_XSS).first).to_be_attached(timeout=30_000)
    expect(page.get_by_text(SOURCE_XSS).first).to_be_attached(timeout=30_000)
    assert page.get_by_text("Trần Thị Mai").count() == 0  # the author is masked for a guest
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.__xss === undefined"), page.evaluate("() => window.__xss")
    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0 and page.locator("svg[onload]").count() == 0
    assert not [u for u in watch.requests if u.rstrip("/").endswith("/x")], "an <img src=x> was rendered"
    assert watch.external == [] and watch.page_errors == []
