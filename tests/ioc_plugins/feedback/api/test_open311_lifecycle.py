"""A citizen report's whole life over real HTTP (uvicorn + httpx), SQLite and PostgreSQL.

Open311 POST → IOC staff verify → IOC lead approves → staff forward to the agency (an
e-mail arrives at the SMTP server) → the agency accepts and resolves → the citizen sees
"resolved" by tracking code, without anybody's personal data.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET


def agency_email(code: str) -> str:
    """The address the ``deployment`` fixture gives each agency."""
    return f"{code.lower()}@so.example.vn"


def _step(client, incident_id, action, expected_status=200, **body):
    response = client.post(f"/api/incidents/{incident_id}/transitions", json={"action": action, **body})
    assert response.status_code == expected_status, response.text
    return response.json()


def test_citizen_report_whole_life(deployment, report_form):
    public = deployment.client()
    created = public.post("/open311/v2/requests.json", data=report_form(deployment.tokens["mobile_app"]))
    assert created.status_code == 201, created.text
    [receipt] = created.json()
    code, token = receipt["service_request_id"], receipt["token"]
    assert code.startswith("PA") and code in receipt["service_notice"]
    assert public.get(f"/open311/v2/tokens/{token}.json").json() == [{"service_request_id": code, "token": token}]

    staff, lead, agency = deployment.client("staff"), deployment.client("lead"), deployment.client("sgtvt")
    [queued] = [
        i for i in staff.get("/api/incidents", params={"state": "received"}).json() if i["tracking_code"] == code
    ]
    assert queued["reporter_phone"] == "0912345678"  # feedback staff may call the citizen back
    assert queued["suggested_agency"] == "SGTVT" and queued["unit_code"] == "26506"
    incident_id = queued["id"]
    assert agency.get("/api/incidents").json() == []  # not forwarded yet: the agency sees nothing

    _step(staff, incident_id, "start_verification")
    _step(staff, incident_id, "verify", comment="Đã gọi điện xác minh với người phản ánh")
    _step(staff, incident_id, "approve", expected_status=403)  # only the IOC lead approves
    _step(lead, incident_id, "approve")
    forwarded = _step(staff, incident_id, "forward", agency="SGTVT")
    assert forwarded["state"] == "forwarded" and forwarded["deadline"]

    [mail] = deployment.inbox.to(agency_email("SGTVT"))
    assert code in mail["Subject"] and "Sở Giao thông vận tải" in mail.get_body(("plain",)).get_content()
    assert "0912345678" not in mail.as_string() and "an.nguyen@example.vn" not in mail.as_string()

    [seen] = agency.get("/api/incidents").json()
    assert seen["id"] == incident_id and "0912345678" not in str(seen)
    _step(agency, incident_id, "accept")
    _step(agency, incident_id, "resolve", comment="Đã vá ổ gà và thảm nhựa lại mặt đường ngày hôm nay.")

    status = public.get(f"/api/track/{code}")
    assert status.status_code == 200
    body = status.json()
    assert body["state"] == "resolved" and body["state_label"] == "Đã xử lý xong"
    assert body["agency"] == "Sở Giao thông vận tải" and body["category_label"] == "Hư hỏng mặt đường, vỉa hè"
    assert [s["state"] for s in body["history"]] == [
        "received",
        "verifying",
        "verified",
        "approved",
        "forwarded",
        "in_progress",
        "resolved",
    ]
    for secret in ("0912345678", "an.nguyen@example.vn", "Nguyễn Văn", "12/3"):
        assert secret not in status.text

    [request_json] = public.get(f"/open311/v2/requests/{code}.json").json()
    assert request_json["status"] == "closed" and "Đã xử lý xong" in request_json["status_notes"]
    assert request_json["agency_responsible"] == "Sở Giao thông vận tải"
    assert "0912345678" not in str(request_json)
    xml = ET.fromstring(public.get(f"/open311/v2/requests/{code}.xml").content)
    assert xml.findtext("request/status") == "closed" and xml.findtext("request/service_request_id") == code

    citizen_mails = deployment.inbox.to("an.nguyen@example.vn")
    assert [m["Subject"] for m in citizen_mails] == [
        f"Phản ánh {code}: Đã chuyển xử lý",
        f"Phản ánh {code}: Đã xử lý xong",
    ]


def test_duplicate_report_is_told_which_report_it_joined(deployment, report_form):
    public = deployment.client()
    key = deployment.tokens["mobile_app"]
    [first] = public.post("/open311/v2/requests.json", data=report_form(key)).json()
    [second] = public.post(
        "/open311/v2/requests.json",
        data=report_form(
            key,
            lat="10.3461",
            long="107.0844",
            description="duong le loi co o ga rat sau, xe may nga",
            phone="0987654321",
            email=None,
            first_name="Bình",
            last_name="Lê",
        ),
    ).json()
    assert first["service_request_id"] in second["service_notice"] and "trùng" in second["service_notice"]
    status = public.get(f"/api/track/{second['service_request_id']}").json()
    assert status["joined"] == first["service_request_id"]
    [other] = public.post(
        "/open311/v2/requests.json",
        data=report_form(
            key, service_code="street_lighting", description="Đèn đường không sáng", **{"attribute[hazard]": None}
        ),
    ).json()
    assert "trùng" not in other["service_notice"]


def test_services_and_openapi(deployment):
    public = deployment.client()
    services = public.get("/open311/v2/services.json").json()
    codes = {s["service_code"] for s in services}
    assert {"road_damage", "street_lighting", "waste", "other"} <= codes
    road = next(s for s in services if s["service_code"] == "road_damage")
    assert road["metadata"] is True and road["type"] == "realtime" and road["group"] == "Giao thông"
    definition = public.get("/open311/v2/services/road_damage.json").json()
    assert definition["attributes"][0]["code"] == "hazard"
    document = public.get("/openapi.json").json()
    assert (
        "/open311/v2/requests.{fmt}" in document["paths"] and "post" in document["paths"]["/open311/v2/requests.{fmt}"]
    )
    assert "/api/incidents/{incident_id}/transitions" in document["paths"]


def test_photo_upload_is_reencoded_and_served(deployment, report_form):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 40, 40)).save(buffer, "PNG")
    public = deployment.client()
    response = public.post(
        "/open311/v2/requests.json",
        data=report_form(deployment.tokens["mobile_app"]),
        files={"media": ("o-ga.png", buffer.getvalue(), "image/png")},
    )
    assert response.status_code == 201, response.text
    [request_json] = public.get(f"/open311/v2/requests/{response.json()[0]['service_request_id']}.json").json()
    photo = httpx_get(request_json["media_url"])
    assert photo.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(photo.content)).size == (64, 48)


def httpx_get(url):
    import httpx

    return httpx.get(url, timeout=10)
