"""The citizen-report desk: validation, routing, duplicate linking (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ioc.auth import Principal
from ioc.incidents.service import IncidentInputError
from ioc_plugins.feedback.desk import CitizenReport
from ioc_plugins.feedback.duplicates import distance_m, fold, similarity


def pothole(**overrides):
    values = dict(
        category="road_damage",
        channel="web",
        lon=107.0843,
        lat=10.3460,
        description="Ổ gà lớn giữa đường Lê Lợi gần trường tiểu học, xe máy dễ té ngã.",
        address="45 Lê Lợi, Phường Vũng Tàu",
        name="Trần Thị Lan",
        phone="0903123456",
    )
    values.update(overrides)
    return CitizenReport(**values)


def test_fold_and_similarity_ignore_diacritics():
    assert fold("Đường Lê Lợi bị ngập") == "le loi ngap"  # "đường", "bị" say nothing
    typed_without_marks = "duong le loi co o ga lon gan truong tieu hoc, xe may de te"
    assert similarity(pothole().description, typed_without_marks) > 0.6
    assert similarity(pothole().description, "Karaoke hát đến nửa đêm ở hẻm 12") < 0.3
    assert 100 < distance_m(107.0843, 10.3460, 107.0843, 10.3470) < 115


def test_submit_routes_and_sets_deadline(desk):
    result = desk.submit(pothole())
    incident = result.incident
    assert incident.state == "received" and incident.procedure == "timed" and incident.domain == "feedback"
    assert incident.unit_code == "26506" and incident.suggested_agency == "SGTVT"
    assert incident.title.startswith("Ổ gà lớn") and result.tracking_code in result.notice
    assert result.duplicate_of is None


def test_duplicate_is_linked_and_told(desk):
    first = desk.submit(pothole())
    second = desk.submit(
        pothole(
            lon=107.0845,
            lat=10.3462,
            name="Lê Văn Bình",
            phone="0912000111",
            description="duong le loi co o ga rat lon gan truong tieu hoc",
        )
    )
    assert second.duplicate_of.id == first.incident.id and second.incident.duplicate_of == first.incident.id
    assert first.tracking_code in second.notice
    assert desk.public_status(second.tracking_code)["joined"] == first.tracking_code

    far = desk.submit(pothole(lon=107.0900, lat=10.3500))  # ~750 m away
    other = desk.submit(pothole(category="street_lighting", description="Đèn đường không sáng"))
    unrelated = desk.submit(pothole(description="Nắp cống trước nhà văn hóa bị mất, trẻ em có thể rơi xuống"))
    assert far.duplicate_of is None and other.duplicate_of is None and unrelated.duplicate_of is None


def test_closed_or_old_reports_are_not_joined(desk, store_principals):
    first = desk.submit(pothole(received_at=datetime.now(UTC) - timedelta(days=30)))
    late = desk.submit(pothole())
    assert late.duplicate_of is None  # the first one is older than the 14-day window
    assert first.incident.id != late.incident.id


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (dict(category="road_damge"), "road_damage"),
        (dict(lon=None, lat=None, address=None), "location"),
        (dict(lon=106.0, lat=21.0), "ngoài địa bàn"),
        (dict(channel="fax"), "channel"),
        (dict(national_id="0771234"), "national_id"),
        (dict(attributes={"hazard": "maybe"}), "hazard"),
        (dict(media_url="file:///etc/passwd"), "media_url"),
    ],
    ids=["category", "location", "outside", "channel", "national-id", "attribute", "media"],
)
def test_bad_reports_are_refused(desk, overrides, field):
    with pytest.raises(IncidentInputError, match=field):
        desk.submit(pothole(**overrides))


def test_email_and_hotline_may_come_without_location(desk):
    result = desk.submit(pothole(channel="hotline", lon=None, lat=None, address=None, source_key="call-1"))
    assert result.incident.unit_code is None and result.incident.suggested_agency == "SGTVT"


def test_classify_unlabelled_text(desk):
    assert desk.classify("Đèn đường trước nhà tôi không sáng cả tuần") == "street_lighting"
    assert desk.classify("Rác thải tồn đọng bốc mùi ở chợ") == "waste"
    assert desk.classify("Xin hỏi thủ tục cấp giấy phép") == "other"


@pytest.fixture
def store_principals(desk):
    return Principal.system()
