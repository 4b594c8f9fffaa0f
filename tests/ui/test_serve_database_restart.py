"""PostgreSQL restarted under served dashboards: the open page keeps working and recovers, nothing is lost.

The state store of a real ``serve()`` (what ``ioc serve`` runs) is a private PostgreSQL
server (``tests/postgres_server.py``) that the test stops and starts under it. A staff
user works on the citizen-report dashboard in headless Chromium:

* before the outage a step taken through the page is stored;
* while the database is down the open page stays up and says the database is away; a step
  taken through the page is refused with a clear message (nothing claims success), the
  server logs no stack trace, and a page opened meanwhile says so instead of failing;
* after the restart, without restarting the server, the same page takes the step again
  (stored once), shows a step taken elsewhere (as the API would) by itself at its next
  refresh, and a new page opens normally.
"""

from __future__ import annotations

import sys

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from ui_support import free_port, scratch_env, start_server, stop_server, watch_page

pytestmark = [pytest.mark.ui, pytest.mark.postgres]

PASSWORD = "mat-khau-thu-nghiem"
REPORTS = (
    ("waste", "Rác tồn đọng ở chợ Phước Hải", 107.10, 10.40),
    ("road_damage", "Ổ gà lớn trên đường Võ Thị Sáu", 107.08, 10.35),
    ("street_lighting", "Đèn đường hỏng cả đoạn Trần Hưng Đạo", 107.24, 10.50),
)


@pytest.fixture
def deployment(private_postgres, tmp_path):
    """Three citizen reports and a staff login, in a state store on the private server."""
    from ioc.auth import create_user
    from ioc.config import load_settings
    from ioc_plugins.feedback.desk import CitizenDesk, CitizenReport

    settings = load_settings(data_dir=tmp_path / "data", database_url=private_postgres.url)
    desk = CitizenDesk.from_settings(settings, notifier=None)
    create_user(desk.store, "canbo", PASSWORD, ["domain_staff"], domains=["feedback"])
    codes = [
        desk.submit(CitizenReport(category=c, description=d, lon=x, lat=y)).tracking_code for c, d, x, y in REPORTS
    ]
    return desk, codes


@pytest.fixture
def server(deployment, private_postgres, tmp_path):
    desk, _ = deployment
    port = free_port()
    command = [sys.executable, "-c", f"from dashboards.serve import serve; serve(port={port}, refresh_period=5)"]
    env = scratch_env(tmp_path, desk.settings.data_dir) | {"IOC_DATABASE_URL": private_postgres.url}
    running = start_server(command, url=f"http://127.0.0.1:{port}/login", env=env, log=tmp_path / "serve.log")
    yield f"http://127.0.0.1:{port}", running
    stop_server(running)


def log_in(page, base: str) -> None:
    page.goto(f"{base}/feedback", wait_until="networkidle")
    page.fill("input[name=username]", "canbo")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state("networkidle")
    if "/login" in page.url or not page.url.endswith("/feedback"):
        page.goto(f"{base}/feedback", wait_until="networkidle")
    assert "/login" not in page.url


def open_report(page, code: str) -> None:
    """Select the report's row until its detail card shows.

    The queue is drawn again at every refresh (its countdowns move): a click that lands
    while the table is being replaced is lost, so it is repeated.
    """
    card = page.locator(".ioc-card").filter(has_text=code).first
    for _ in range(10):
        page.get_by_role("gridcell", name=code).first.click()
        try:
            card.wait_for(timeout=6_000)
            return
        except PlaywrightTimeout:
            continue
    card.wait_for(timeout=1)


def start_verification(page) -> None:
    page.locator("select").filter(has_text="Bắt đầu xác minh").first.select_option(label="Bắt đầu xác minh")
    page.get_by_role("button", name="Thực hiện").first.click()


def steps(desk, code: str) -> list[str]:
    incident = desk.service.find(tracking_code=code)
    from ioc.incidents import audit

    return [row.action for row in audit.entries(desk.store, entity=f"incident:{incident.id}")]


def test_postgres_restart_under_a_served_dashboard(server, deployment, private_postgres, browser_context):
    base, running = server
    desk, (first, second, third) = deployment
    page = browser_context.new_page()
    watch = watch_page(page)
    log_in(page, base)
    page.get_by_text(first).first.wait_for(timeout=60_000)

    open_report(page, first)
    start_verification(page)
    expect(page.get_by_text(f"Đã thực hiện: {first}").first).to_be_visible(timeout=30_000)
    before = {code: steps(desk, code) for code in (first, second, third)}
    open_report(page, second)

    private_postgres.stop("fast")
    notice = page.get_by_text("tạm thời không truy cập được").first
    notice.wait_for(timeout=30_000)  # the next refresh says so; the page and its data stay
    expect(page.get_by_text(third).first).to_be_visible()
    start_verification(page)
    expect(page.get_by_text("Thao tác chưa được lưu").first).to_be_visible(timeout=30_000)
    other = browser_context.new_page()  # a page opened during the outage explains itself
    other.goto(f"{base}/feedback", wait_until="domcontentloaded")
    other.get_by_text("tạm thời không truy cập được").first.wait_for(timeout=60_000)
    other.close()

    private_postgres.start()
    expect(notice).to_be_hidden(timeout=30_000)  # the open page came back by itself
    start_verification(page)
    expect(page.get_by_text(f"Đã thực hiện: {second}").first).to_be_visible(timeout=30_000)
    # a step taken elsewhere (the API, another desk) shows up at the page's next refresh
    from ioc.auth import get_principal

    incident = desk.service.find(tracking_code=third)
    action = "start_verification"
    desk.service.transition(incident.id, action, get_principal(desk.store, "canbo"))
    page.get_by_role("row").filter(has_text=third).filter(has_text="Đang xác minh").first.wait_for(timeout=30_000)
    fresh = browser_context.new_page()
    fresh.goto(f"{base}/feedback", wait_until="domcontentloaded")
    fresh.get_by_text(first).first.wait_for(timeout=60_000)
    fresh.close()

    after = {code: steps(desk, code) for code in (first, second, third)}
    assert after[first] == before[first]  # taken once, before the outage
    assert after[second] == [*before[second], action]  # refused while down, stored once after
    assert after[third] == [*before[third], action]
    log = running.log.read_text(errors="replace")
    assert "Traceback" not in log, log[-4000:]
    assert watch.external == [] and watch.page_errors == []
