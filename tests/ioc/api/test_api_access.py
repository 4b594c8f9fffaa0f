"""Roles over HTTP: 401 without a token, 403 outside one's domain or agency, PII masked."""

from __future__ import annotations

import pytest


@pytest.fixture
def forwarded(deployment, report_form):
    """A citizen report forwarded to SGTVT; returns its incident id."""
    [receipt] = (
        deployment.client().post("/open311/v2/requests.json", data=report_form(deployment.tokens["mobile_app"])).json()
    )
    incident = deployment.desk.service.find(tracking_code=receipt["service_request_id"])
    staff, lead = deployment.client("staff"), deployment.client("lead")
    for client, action, extra in (
        (staff, "start_verification", {}),
        (staff, "verify", {}),
        (lead, "approve", {}),
        (staff, "forward", {"agency": "SGTVT"}),
    ):
        response = client.post(f"/api/incidents/{incident.id}/transitions", json={"action": action, **extra})
        assert response.status_code == 200, response.text
    return incident.id


def test_no_token_or_bad_token_is_401(deployment, forwarded):
    assert deployment.client().get("/api/incidents").status_code == 401
    bad = deployment.client().get("/api/incidents", headers={"Authorization": "Bearer ioc_wrong"})
    assert bad.status_code == 401 and bad.headers["www-authenticate"] == "Bearer"


FORBIDDEN = [
    ("env_staff", "get", "/api/incidents/{id}", None),
    ("env_staff", "post", "/api/incidents/{id}/transitions", {"action": "close"}),
    ("env_staff", "get", "/api/feedback/statistics", None),
    ("sxd", "get", "/api/incidents/{id}", None),
    ("sxd", "post", "/api/incidents/{id}/transitions", {"action": "accept"}),
    ("leader", "post", "/api/incidents/{id}/transitions", {"action": "accept"}),
    ("admin", "post", "/api/incidents/{id}/transitions", {"action": "accept"}),
    ("staff", "get", "/api/audit/verify", None),
    ("sgtvt", "get", "/api/command", None),
    ("sgtvt", "post", "/api/incidents", {"domain": "feedback", "category": "waste", "title": "Rác"}),
    ("mobile_app", "get", "/api/incidents/{id}", None),
]


def test_outside_role_or_scope_is_403(deployment, forwarded, subtests):
    for user, method, path, body in FORBIDDEN:
        with subtests.test(msg=f"{user} {method} {path}"):
            client = deployment.client(user)
            url = path.format(id=forwarded)
            response = client.post(url, json=body) if method == "post" else client.get(url)
            assert response.status_code == 403, response.text
            assert response.json()["code"] == "forbidden"
    assert deployment.client("lead").get(f"/api/incidents/{forwarded}").json()["state"] == "forwarded"


def test_agency_lists_only_its_incidents(deployment, forwarded):
    assert [i["id"] for i in deployment.client("sgtvt").get("/api/incidents").json()] == [forwarded]
    assert deployment.client("sxd").get("/api/incidents").json() == []
    assert deployment.client("env_staff").get("/api/incidents").json() == []


def test_pii_masked_without_the_right(deployment, forwarded, subtests):
    for user, sees_pii in (("lead", True), ("staff", True), ("sgtvt", False), ("leader", False), ("admin", False)):
        with subtests.test(msg=user):
            response = deployment.client(user).get(f"/api/incidents/{forwarded}")
            assert response.status_code == 200
            for secret in ("0912345678", "an.nguyen@example.vn", "Nguyễn Văn An", "12/3 Lê Lợi"):
                assert (secret in response.text) is sees_pii, (user, secret)
            record = response.json()
            if not sees_pii:
                assert record["reporter_phone"] == "091*****78" and record["address"].startswith("*** Lê Lợi")


def test_history_errors_and_audit(deployment, forwarded):
    agency = deployment.client("sgtvt")
    wrong = agency.post(f"/api/incidents/{forwarded}/transitions", json={"action": "resolve", "comment": "xong"})
    assert wrong.status_code == 409 and wrong.json()["code"] == "wrong_state"
    agency.post(f"/api/incidents/{forwarded}/transitions", json={"action": "accept"})
    missing = agency.post(f"/api/incidents/{forwarded}/transitions", json={"action": "resolve"})
    assert missing.status_code == 400 and missing.json()["code"] == "missing_fields"
    unknown = agency.post(f"/api/incidents/{forwarded}/transitions", json={"action": "approve", "extra": 1})
    assert unknown.status_code == 400
    assert deployment.client("lead").get("/api/incidents/999999").status_code == 404
    history = deployment.client("lead").get(f"/api/incidents/{forwarded}/history").json()
    assert [h["action"] for h in history] == ["open", "start_verification", "verify", "approve", "forward", "accept"]
    assert [h["actor"] for h in history][1:] == ["staff", "staff", "lead", "staff", "sgtvt"]
    assert deployment.client("admin").get("/api/audit/verify").json() == {"intact": True, "problems": []}


def test_statistics_and_exports(deployment, forwarded):
    lead = deployment.client("lead")
    rows = lead.get("/api/feedback/statistics", params={"by": "agency_code"}).json()
    assert rows == [
        {
            "agency_code": "SGTVT",
            "label": "Sở Giao thông vận tải",
            "received": 1,
            "processed": 0,
            "on_time": 0,
            "late": 0,
            "overdue": 0,
            "pending": 1,
            "duplicates": 0,
            "on_time_rate": None,
        }
    ]
    csv = lead.get("/api/feedback/statistics", params={"by": "channel", "format": "csv"})
    assert csv.status_code == 200 and csv.content.decode("utf-8-sig").startswith("Kênh tiếp nhận,Tên,Tiếp nhận")
    xlsx = lead.get("/api/feedback/statistics", params={"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert deployment.client("sxd").get("/api/feedback/statistics").json() == []
    assert lead.get("/api/feedback/statistics", params={"by": "colour"}).status_code == 400
