"""Ingestion through the data layer opens citizen reports; statistics; the demo."""

from __future__ import annotations

import mailbox
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pandas as pd
from sqlalchemy import func, select

from ioc.incidents.audit import verify_chain
from ioc.incidents.models import Incident
from ioc.ingest import ingest_files


def _mailbox(path, messages):
    box = mailbox.mbox(path)
    for number, (subject, body) in enumerate(messages):
        message = EmailMessage()
        message["From"] = f"Người dân {number} <dan{number}@example.vn>"
        message["Subject"], message["Message-ID"] = subject, f"<msg-{number}@example.vn>"
        message["Date"] = (datetime.now(UTC) - timedelta(hours=5 - number)).strftime("%a, %d %b %Y %H:%M:%S +0000")
        message.set_content(body)
        box.add(message)
    box.flush()
    box.close()
    return path


def _count(store):
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(Incident))


def test_mailbox_ingest_opens_reports_once(tmp_path, feedback_layer, feedback_registry):
    path = _mailbox(
        tmp_path / "phan-anh.mbox",
        [
            ("Đèn đường hỏng", "Đèn đường trước số 10 Hoàng Hoa Thám không sáng. Vị trí: 10.3440, 107.0850"),
            ("Rác", "Rác thải tồn đọng bốc mùi ở chợ, không có xe thu gom."),
            ("Hỏi", "Cho tôi hỏi giờ làm việc của phường."),
        ],
    )
    [result] = ingest_files(feedback_layer, "email", [path], plugins=feedback_registry, progress=False)
    assert result.accepted == 3
    with feedback_layer.store.session() as session:
        reports = {i.title: i for i in session.scalars(select(Incident))}
    assert reports["Đèn đường hỏng"].category == "street_lighting" and reports["Đèn đường hỏng"].unit_code == "26506"
    assert reports["Rác"].category == "waste" and reports["Rác"].channel == "email"
    assert reports["Hỏi"].category == "other" and reports["Hỏi"].tracking_code.startswith("PA")
    assert reports["Rác"].reporter_email == "dan1@example.vn"

    [again] = ingest_files(feedback_layer, "email", [path], plugins=feedback_registry, progress=False)
    assert again.duplicate == 3 and _count(feedback_layer.store) == 3


def test_refused_rows_are_quarantined_not_lost(tmp_path, feedback_layer, feedback_registry):
    path = tmp_path / "hotline_bad.csv"
    path.write_text(
        "Mã cuộc gọi,Thời gian,Nội dung,Loại phản ánh\nA1,02/03/2026 08:00,Ổ gà,giao thông\n"
        "A2,02/03/2026 09:00,Ổ gà lớn,road_damage\n",
        encoding="utf-8",
    )
    [result] = ingest_files(feedback_layer, "hotline", [path], plugins=feedback_registry, progress=False)
    assert (result.accepted, result.rejected) == (1, 1)
    quarantined = pd.read_csv(result.quarantine_path)
    assert "category" in quarantined.loc[0, "reason"]
    assert _count(feedback_layer.store) == 1


def test_statistics_by_every_grouping(desk):
    from ioc.auth import Principal, create_user
    from ioc_plugins.feedback.desk import CitizenReport
    from ioc_plugins.feedback.stats import export_bytes, report_statistics

    create_user(desk.store, "sgtvt", None, ["focal_point"], agency_code="SGTVT")
    create_user(desk.store, "lead", None, ["ioc_lead"])
    lead, agency = Principal("lead", ("ioc_lead",)), Principal("sgtvt", ("focal_point",), "SGTVT")
    start = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    reports = [
        desk.submit(
            CitizenReport(
                category=c,
                channel=ch,
                lon=107.08 + i / 100,
                lat=10.35,
                received_at=start,
                description=f"Phản ánh số {i} về {c}",
            )
        )
        for i, (c, ch) in enumerate([("road_damage", "web"), ("road_damage", "hotline"), ("waste", "app")])
    ]
    on_time, late = reports[0].incident.id, reports[1].incident.id
    for incident_id, resolve_at in ((on_time, start + timedelta(days=2)), (late, start + timedelta(days=20))):
        for action, who in (("start_verification", lead), ("verify", lead), ("approve", lead), ("forward", lead)):
            desk.service.transition(incident_id, action, who, agency="SGTVT", now=start + timedelta(hours=1))
        desk.service.transition(incident_id, "accept", agency, now=start + timedelta(hours=2))
        desk.service.transition(incident_id, "resolve", agency, comment="Đã xử lý", now=resolve_at)
    now = start + timedelta(days=30)
    by_category = report_statistics(desk.store, by="category", now=now).set_index("category")
    assert by_category.loc["road_damage", ["received", "processed", "on_time", "late", "overdue"]].tolist() == [
        2,
        2,
        1,
        1,
        0,
    ]
    assert by_category.loc["waste", ["received", "pending", "overdue"]].tolist() == [1, 1, 1]
    assert by_category.loc["road_damage", "on_time_rate"] == 50.0
    assert report_statistics(desk.store, by="channel", now=now).set_index("channel")["received"].to_dict() == {
        "web": 1,
        "hotline": 1,
        "app": 1,
    }
    assert report_statistics(desk.store, by="month", now=now)["month"].tolist() == ["03/2026"]
    agency_rows = report_statistics(desk.store, by="agency_code", now=now, agency_names={"SGTVT": "Sở GTVT"})
    assert agency_rows.set_index("agency_code").loc["SGTVT", ["label", "received"]].tolist() == ["Sở GTVT", 2]
    assert report_statistics(desk.store, by="unit_code", start=datetime(2026, 4, 1).date()).empty
    csv, _ = export_bytes(by_category.reset_index(), "csv")
    assert csv.decode("utf-8-sig").splitlines()[0].startswith("Loại phản ánh,Tên,Tiếp nhận,Đã xử lý")


def test_demo_generates_reports_photos_and_a_valid_audit_chain(settings, feedback_layer, feedback_registry):
    from ioc.demo import run_demo
    from ioc_plugins.feedback.stats import report_statistics

    totals = run_demo(feedback_layer, days=3, scale=0.5, reg=feedback_registry, progress=False)
    accepted = totals["feedback.submissions"]["accepted"]
    assert accepted >= 6 and totals["feedback.submissions"]["rejected"] == 0
    assert _count(feedback_layer.store) == accepted
    stats = report_statistics(feedback_layer.store, by="channel")
    assert stats["received"].sum() == accepted and set(stats["channel"]) <= {"web", "app", "hotline", "email"}
    with feedback_layer.store.session() as session:
        states = {s for (s,) in session.execute(select(Incident.state))}
        photos = [m for (m,) in session.execute(select(Incident.media_url).where(Incident.media_url.is_not(None)))]
    assert len(states) > 1  # older demo reports were walked through the procedure
    assert photos and all((settings.data_dir / m.lstrip("/")).is_file() for m in photos)
    assert verify_chain(feedback_layer.store) == []
