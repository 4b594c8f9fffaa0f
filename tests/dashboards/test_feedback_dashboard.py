"""The feedback dashboards in Python: queue, countdowns, actions by role, escaping, the form."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import panel as pn
import pytest

from dashboards.feedback import CitizenReportForm, FeedbackDashboard, countdown

XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'


@pytest.fixture
def layer(sqlite_settings):
    from ioc.datalayer import DataLayer
    from ioc_plugins.feedback.tables import TABLES

    layer = DataLayer(sqlite_settings, tables=TABLES)
    yield layer
    layer.close()


@pytest.fixture
def seeded(layer):
    """Users of each kind and two reports, one with markup in every free-text field."""
    from ioc.auth import create_user
    from ioc_plugins.feedback.desk import CitizenDesk, CitizenReport

    for name, spec in {
        "staff": dict(roles=["domain_staff"], domains=["feedback"]),
        "lead": dict(roles=["ioc_lead"]),
        "sgtvt": dict(roles=["focal_point"], agency_code="SGTVT"),
        "sxd": dict(roles=["focal_point"], agency_code="SXD"),
    }.items():
        create_user(layer.store, name, None, **spec)
    desk = CitizenDesk.from_settings(layer.settings, layer.store, notifier=None)
    evil = desk.submit(
        CitizenReport(category="road_damage", title=XSS, description=XSS, address=XSS, name=XSS, lon=107.08, lat=10.35)
    )
    plain = desk.submit(
        CitizenReport(category="waste", description="Rác tồn đọng ở chợ", lon=107.1, lat=10.4, phone="0912345678")
    )
    return {"evil": evil.incident, "plain": plain.incident}


def board(layer, username="", **params):
    return FeedbackDashboard(datalayer=layer, username=username, refresh_period=0, **params)


def test_countdown_text():
    now = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    assert countdown((now + timedelta(hours=5, minutes=10)).isoformat(), now) == "còn 5 giờ"
    assert countdown((now - timedelta(days=3)).isoformat(), now) == "quá hạn 3 ngày"
    assert countdown(None, now) == ""


def test_staff_queue_and_steps(layer, seeded):
    dashboard = board(layer, "staff")
    frame = dashboard.queue_frame(dashboard.reports())
    assert set(frame["Mã"]) == {seeded["evil"].tracking_code, seeded["plain"].tracking_code}
    assert frame["Thời hạn"].str.startswith("còn").all()
    record = dashboard.desk.service.get(seeded["plain"].id, dashboard.principal)
    assert dashboard.actions_for(record) == {"Bắt đầu xác minh": "start_verification"}
    assert dashboard.take_step(seeded["plain"].id, "start_verification") and dashboard.message.startswith(
        "Đã thực hiện"
    )
    assert dashboard.take_step(seeded["plain"].id, "verify")
    assert not dashboard.take_step(seeded["plain"].id, "approve")  # staff may not approve
    assert "Tổ trưởng" in dashboard.message


def test_agency_sees_only_its_reports(layer, seeded):
    lead, staff = board(layer, "lead"), board(layer, "staff")
    plain = seeded["plain"].id
    for action, who in (("start_verification", staff), ("verify", staff), ("approve", lead)):
        assert who.take_step(plain, action), who.message
    assert staff.take_step(plain, "forward", agency="SGTVT"), staff.message
    agency = board(layer, "sgtvt", group="agency")
    assert [r["id"] for r in agency.reports()] == [plain]
    assert board(layer, "sxd", group="agency").reports() == []
    record = agency.desk.service.get(plain, agency.principal)
    assert "0912345678" not in str(record)
    assert set(agency.actions_for(record).values()) == {"accept", "return_to_ioc"}


def test_citizen_text_is_escaped_in_the_detail_card(layer, seeded):
    dashboard = board(layer, "lead")
    record = dashboard.desk.service.get(seeded["evil"].id, dashboard.principal)
    html = dashboard.detail_html(record, dashboard.desk.service.history(seeded["evil"].id, dashboard.principal))
    assert "<script>" not in html and "<img" not in html and "&lt;script&gt;" in html


def test_guest_sees_statistics_only_and_page_builds(layer, seeded):
    guest = board(layer)
    assert guest.principal is None and guest.reports() == []
    assert guest.statistics_frame()["received"].sum() == 2
    assert isinstance(board(layer, "staff").__panel__(), pn.template.FastListTemplate)
    assert isinstance(guest.__panel__(), pn.template.FastListTemplate)


def test_citizen_form_submits_and_tracks(layer):
    import io

    from PIL import Image

    form = CitizenReportForm(datalayer=layer)
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, "PNG")
    result = form.submit(
        category="trees",
        description="Cây xanh nghiêng sắp đổ trước trường học",
        lat=10.35,
        lon=107.08,
        phone="0912345678",
        photo=buffer.getvalue(),
    )
    assert result.incident.media_url.startswith("/media/feedback/")
    status = form.status_html(result.tracking_code)
    assert result.tracking_code in status and "Đã tiếp nhận" in status and "0912345678" not in status
    assert "không tìm thấy" in form.status_html("PA000000-XXXX").lower()
    assert isinstance(form.__panel__(), pn.template.FastListTemplate)
