"""The feedback queries: reports by role, freshness, change marker, statistics, photos, command view."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from ioc_plugins.feedback import queries


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def users(feedback_layer):
    """One user of each kind the feedback views tell apart."""
    from ioc.auth import create_user

    for name, spec in {
        "staff": {"roles": ["domain_staff"], "domains": ["feedback"]},
        "lead": {"roles": ["ioc_lead"]},
        "leader": {"roles": ["leader"]},
        "sgtvt": {"roles": ["focal_point"], "agency_code": "SGTVT"},
    }.items():
        create_user(feedback_layer.store, name, None, **spec)
    return {name: queries.principal(feedback_layer, name) for name in ("staff", "lead", "leader", "sgtvt")}


@pytest.fixture
def desk(feedback_layer):
    return queries.open_desk(feedback_layer)


@pytest.fixture
def two_reports(feedback_layer, desk):
    road = queries.submit_report(
        feedback_layer,
        desk,
        category="road_damage",
        description="Ổ gà lớn giữa đường",
        lon=107.08,
        lat=10.35,
        phone="0912345678",
    )
    waste = queries.submit_report(
        feedback_layer, desk, category="waste", description="Rác tồn đọng ở chợ", lon=107.1, lat=10.4
    )
    return road.incident, waste.incident


def test_open_desk_works_on_the_layers_store(feedback_layer, desk):
    assert desk.store is feedback_layer.store and "road_damage" in desk.categories


def test_principal(feedback_layer, users):
    assert users["sgtvt"].roles == ("focal_point",) and users["sgtvt"].agency_code == "SGTVT"
    assert [queries.principal(feedback_layer, name) for name in ("", None, "guest", "nobody")] == [None] * 4


def test_latest_report_time_and_change_marker(feedback_layer, desk, users):
    assert queries.latest_report_time(feedback_layer) is None
    before = queries.change_marker(feedback_layer)  # creating users is audited too
    road, waste = (
        queries.submit_report(feedback_layer, desk, category=c, description=d, lon=107.1, lat=10.4)
        for c, d in (("road_damage", "Ổ gà"), ("waste", "Rác"))
    )
    latest = queries.latest_report_time(feedback_layer)
    assert latest.tzinfo is not None and latest == pd.Timestamp(waste.incident.received_at).tz_convert("UTC")
    after_reports = queries.change_marker(feedback_layer)
    assert after_reports > (before or 0)
    desk.service.transition(road.incident.id, "start_verification", users["staff"])
    assert queries.change_marker(feedback_layer) > after_reports


def test_reports_follow_the_viewers_roles(desk, users, two_reports):
    road, waste = two_reports
    assert queries.reports(desk, None) == []
    assert {r["id"] for r in queries.reports(desk, users["staff"])} == {road.id, waste.id}
    assert [r["id"] for r in queries.reports(desk, users["staff"], category="waste")] == [waste.id]
    assert queries.reports(desk, users["staff"], "agency") == []
    assert queries.reports(desk, users["sgtvt"]) == []  # nothing was forwarded to the agency
    masked = next(r for r in queries.reports(desk, users["leader"]) if r["id"] == road.id)
    assert "0912345678" not in str(masked)  # leaders see reports, not personal data


def test_statistics_of_an_agency_are_its_own(feedback_layer, desk, users, two_reports):
    road, _ = two_reports
    for action, who in (("start_verification", "staff"), ("verify", "staff"), ("approve", "lead")):
        desk.service.transition(road.id, action, users[who])
    desk.service.transition(road.id, "forward", users["staff"], agency="SGTVT")
    assert queries.statistics(feedback_layer, None)["received"].sum() == 2  # the public figures
    assert queries.statistics(feedback_layer, users["lead"], "agency_code")["received"].sum() == 2
    own = queries.statistics(feedback_layer, users["sgtvt"], "category")
    assert own["received"].sum() == 1 and list(own["category"]) == ["road_damage"]


def test_statistics_export(feedback_layer, two_reports):
    frame = queries.statistics(feedback_layer, None)
    csv = queries.statistics_export(frame, "csv")
    assert csv.startswith(b"\xef\xbb\xbf") and "Loại phản ánh" in csv.decode("utf-8-sig")
    assert queries.statistics_export(frame, "xlsx").startswith(b"PK")
    with pytest.raises(ValueError, match="pdf"):
        queries.statistics_export(frame, "pdf")


def test_submit_report_stores_the_photo_and_reads_it_back(feedback_layer, desk):
    result = queries.submit_report(
        feedback_layer, desk, category="trees", description="Cây nghiêng sắp đổ", lat=10.35, lon=107.08, photo=png()
    )
    assert result.incident.media_url.startswith("/media/feedback/") and result.tracking_code
    photo = queries.report_photo(feedback_layer, result.incident.media_url)
    assert photo.startswith(b"\xff\xd8")  # re-encoded as JPEG (no EXIF)


@pytest.mark.parametrize(
    "media_url",
    [None, "", "https://example.com/a.jpg", "/media/feedback/../state.db", "/media/feedback/" + "0" * 32 + ".jpg"],
    ids=["none", "empty", "outside-link", "path-trick", "missing-file"],
)
def test_report_photo_refuses_anything_but_a_stored_photo(feedback_layer, media_url):
    assert queries.report_photo(feedback_layer, media_url) is None


def test_a_refused_report_stores_no_photo(feedback_layer, desk):
    from ioc.incidents.service import IncidentInputError

    with pytest.raises(IncidentInputError, match="location"):
        queries.submit_report(feedback_layer, desk, category="trees", description="Không có vị trí", photo=png())
    with pytest.raises(queries.MediaError):
        queries.submit_report(
            feedback_layer, desk, category="trees", description="Ảnh hỏng", lat=10.35, lon=107.08, photo=b"not an image"
        )
    folder = feedback_layer.settings.paths.media("feedback")
    assert not folder.exists() or not any(folder.iterdir())


def test_hot_incidents_are_for_leaders(desk, users):
    from ioc.incidents.service import IncidentDraft

    desk.service.open_incident(
        IncidentDraft(
            domain="public_order",
            category="protest",
            title="Tụ tập đông người",
            lon=107.13,
            lat=10.45,
            severity="critical",
        ),
        users["lead"],
    )
    assert [r["category"] for r in queries.hot_incidents(desk, users["leader"])] == ["protest"]
    assert queries.hot_incidents(desk, users["staff"]) is None
    assert queries.hot_incidents(desk, None) is None


def test_high_alerts_of_every_domain(feedback_layer):
    from ioc.alerts import store_alerts
    from ioc.rules import AlertDraft

    now = pd.Timestamp("2026-03-02T02:00:00Z")
    store_alerts(
        feedback_layer.store,
        [
            AlertDraft(
                rule_id=f"r.{severity}",
                domain=domain,
                category="x",
                severity=severity,
                title=severity,
                message="",
                observed_at=now,
                entity_id=severity,
            )
            for domain, severity in (("environment", "critical"), ("public_order", "high"), ("environment", "warning"))
        ],
    )
    alerts = queries.high_alerts(feedback_layer)
    assert sorted(alerts["severity"]) == ["critical", "high"] and set(alerts["domain"]) == {
        "environment",
        "public_order",
    }


# --------------------------------------------------------------------------- overview tile
def test_overview_tile_counts_reports_of_the_last_day(feedback_layer, two_reports):
    tile = queries.overview_tile(feedback_layer, pd.Timestamp.now(tz="UTC") + pd.Timedelta(minutes=1))
    figures = {f.label: f.value for f in tile.figures}
    assert tile.domain == "feedback" and tile.page == "feedback"
    assert figures["Phản ánh 24 giờ"] == 2 and figures["Đang xử lý"] == 2 and figures["Quá hạn"] == 0
    assert tile.status == "ok" and tile.as_of is not None
    assert tile.sparkline is not None and tile.sparkline.sum() == 2


def test_overview_tile_before_any_report_is_unknown(feedback_layer, two_reports):
    tile = queries.overview_tile(feedback_layer, pd.Timestamp("2020-01-01T00:00:00Z"))
    assert tile.status == "unknown" and {f.label: f.value for f in tile.figures}["Phản ánh 24 giờ"] == 0
