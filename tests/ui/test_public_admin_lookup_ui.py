"""The public dossier look-up page in a real headless Chromium: no login, no personal data, inert text.

A lake holds the hand-made March 2026 (``tests/ioc_plugins/public_admin/pa_oracle.py``) with a
procedure name carrying markup. A citizen opens the page without logging in, looks up D4 with
the last 4 digits of the phone, and sees its status, due date and steps. Checked: the page's
DOM never contains the applicant's name, phone or ID (masked or not), the markup stays text,
a wrong code gets the generic refusal.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect
from ui_support import free_port, scratch_env, start_server, stop_server, watch_page

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ioc_plugins" / "public_admin"))
from pa_oracle import dossiers, events, feedback, procedures

pytestmark = pytest.mark.ui

PII = ("Người nộp", "0912345678", "345678", "0912")

SERVE = """
import panel as pn
from dashboards import theme
from dashboards.public_admin import DossierLookupPage
from ioc.config import load_settings
from ioc.datalayer import DataLayer
from ioc_plugins.public_admin.tables import TABLES

layer = DataLayer(load_settings(), tables=TABLES)
theme.use_offline_resources()
pn.serve({{"public_admin_lookup": lambda: DossierLookupPage(datalayer=layer).__panel__()}},
         port={port}, address="127.0.0.1", show=False, websocket_origin=["127.0.0.1:{port}"])
"""


@pytest.fixture
def lookup_server(tmp_path):
    from ioc.config import load_settings
    from ioc.datalayer import DataLayer
    from ioc_plugins.public_admin.tables import TABLES

    data_dir = tmp_path / "data"
    layer = DataLayer(load_settings(data_dir=data_dir), tables=TABLES)
    marked = procedures()
    marked.loc[marked["code"] == "P2", "name"] = '<img src=x onerror="window.__xss=1">Thủ tục 2'
    for name, frame in (
        ("public_admin.procedures", marked),
        ("public_admin.dossiers", dossiers()),
        ("public_admin.dossier_events", events()),
        ("public_admin.feedback", feedback()),
    ):
        layer.write(name, frame)
    layer.close()
    port = free_port()
    server = start_server(
        [sys.executable, "-c", SERVE.format(port=port)],
        url=f"http://127.0.0.1:{port}/public_admin_lookup",
        env=scratch_env(tmp_path, data_dir),
        log=tmp_path / "panel.log",
    )
    yield server.url
    stop_server(server)


def _look_up(page, code: str, digits: str) -> None:
    page.get_by_placeholder("H260302000123").fill(code)
    page.get_by_placeholder("1234").fill(digits)
    page.get_by_placeholder("1234").press("Enter")
    page.get_by_role("button", name="Tra cứu").click()


def test_lookup_page_shows_status_and_no_personal_data(lookup_server, browser_context):
    page = browser_context.new_page()
    watch = watch_page(page)
    page.goto(lookup_server, wait_until="networkidle")
    assert "/login" not in page.url
    page.get_by_placeholder("H260302000123").wait_for(state="visible", timeout=30_000)
    _look_up(page, "D4", "5678")
    expect(page.get_by_text("Đã trả kết quả").first).to_be_visible(timeout=30_000)
    expect(page.get_by_text("19/03/2026 09:00").first).to_be_visible()
    expect(page.get_by_text("Yêu cầu bổ sung giấy tờ").first).to_be_visible()
    expect(page.get_by_text('<img src=x onerror="window.__xss=1">Thủ tục 2').first).to_be_visible()
    html = page.content()
    assert not any(secret in html for secret in PII), [s for s in PII if s in html]
    assert page.evaluate("() => window.__xss === undefined")
    assert page.locator("img[src='x']").count() == 0

    _look_up(page, "D9", "5678")
    expect(page.get_by_text("Không tìm thấy hồ sơ").first).to_be_visible(timeout=30_000)
    assert not any(secret in page.content() for secret in PII)
    assert watch.external == [] and watch.page_errors == []
