"""Notifications really reach an SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def test_overdue_escalation_mails_agency_and_ioc_lead(deployment, report_form):
    [receipt] = (
        deployment.client().post("/open311/v2/requests.json", data=report_form(deployment.tokens["mobile_app"])).json()
    )
    service = deployment.desk.service
    incident = service.find(tracking_code=receipt["service_request_id"])
    from ioc.auth import get_principal

    staff, lead = get_principal(service.store, "staff"), get_principal(service.store, "lead")
    forwarded_at = datetime.now(UTC) - timedelta(days=30)
    for action, who in (("start_verification", staff), ("verify", staff), ("approve", lead)):
        service.transition(incident.id, action, who, now=forwarded_at)
    service.transition(incident.id, "forward", staff, agency="SXD", now=forwarded_at)
    assert len(deployment.inbox.to("sxd@so.example.vn")) == 1  # the forwarding e-mail

    escalated = deployment.client("lead").post("/api/incidents/escalate")
    assert escalated.status_code == 200 and escalated.json() == {"escalated": [receipt["service_request_id"]]}
    [agency_mail] = [m for m in deployment.inbox.to("sxd@so.example.vn") if "QUÁ HẠN" in m["Subject"]]
    [lead_mail] = deployment.inbox.to("truongnhom@ioc.example.vn")
    assert receipt["service_request_id"] in agency_mail["Subject"] and lead_mail["Subject"] == agency_mail["Subject"]
    text = agency_mail.get_body(("plain",)).get_content()
    assert "Sở Xây dựng" in text and "ngày làm việc" in text and "0912345678" not in agency_mail.as_string()
    # Escalation happens once: a second run sends nothing more.
    assert deployment.client("lead").post("/api/incidents/escalate").json() == {"escalated": []}
    assert deployment.client("staff").post("/api/incidents/escalate").status_code == 403


def test_html_part_escapes_citizen_text(deployment, report_form):
    form = report_form(
        deployment.tokens["mobile_app"], description="<img src=x onerror=alert(1)> Ổ gà <script>alert('xss')</script>"
    )
    [receipt] = deployment.client().post("/open311/v2/requests.json", data=form).json()
    service = deployment.desk.service
    incident = service.find(tracking_code=receipt["service_request_id"])
    from ioc.auth import get_principal

    staff, lead = get_principal(service.store, "staff"), get_principal(service.store, "lead")
    for action, who in (("start_verification", staff), ("verify", staff), ("approve", lead)):
        service.transition(incident.id, action, who)
    service.transition(incident.id, "forward", staff, agency="SGTVT")
    [mail] = deployment.inbox.to("sgtvt@so.example.vn")
    html = mail.get_body(("html",)).get_content()
    assert "<script>" not in html and "<img src=x" not in html and "&lt;script&gt;" in html
