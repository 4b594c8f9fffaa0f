"""Malformed Open311 input gets the standard error body, never a 500 (over real HTTP).

The status codes are the specification's: 404 for what does not exist (service code,
request, token, jurisdiction), 403 for a missing or invalid ``api_key``, 400 for the rest.
"""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

BAD_POSTS = [
    ({"api_key": None}, 403, "api_key"),
    ({"api_key": "ioc_not-a-real-token"}, 403, "api_key"),
    ({"service_code": None}, 400, "service_code"),
    ({"service_code": "road_damge"}, 404, "road_damage"),
    ({"jurisdiction_id": "sfgov.org"}, 404, "jurisdiction_id"),
    ({"lat": "mười"}, 400, "lat"),
    ({"lat": "nan"}, 400, "lat"),
    ({"long": None}, 400, "lat/long"),
    ({"lat": None, "long": None, "address_string": None}, 400, "location"),
    ({"lat": "21.0285", "long": "105.8542"}, 400, "ngoài địa bàn"),
    ({"attribute[hazard]": "maybe"}, 400, "hazard"),
    ({"attribute[colour]": "red"}, 400, "colour"),
    ({"email": "not-an-email"}, 400, "email"),
    ({"phone": "call me"}, 400, "phone"),
    ({"phone": ["0912345678", "0987654321"]}, 400, "phone"),  # a field twice: which one is meant?
    ({"national_id": "123"}, 400, "national_id"),
    ({"media_url": "javascript:alert(1)"}, 400, "media_url"),
    ({"description": "x" * 5001}, 400, "description"),
    ({"description": "x" * 4001}, 400, "4000"),
    ({"lat": None, "long": None, "address_string": None, "address_id": "545483"}, 400, "address_id"),
    ({"attribute[hazard][]": "yes"}, 400, "attribute[hazard]"),
    ({"colour": "red"}, 400, "colour"),
]


def _errors(response):
    """Parse an Open311 error body (JSON or XML) into [(code, description)]."""
    if response.headers["content-type"].startswith("text/xml"):
        root = ET.fromstring(response.content)
        assert root.tag == "errors"
        return [(int(e.findtext("code")), e.findtext("description")) for e in root.findall("error")]
    body = response.json()
    assert isinstance(body, list) and body and set(body[0]) == {"code", "description"}
    return [(e["code"], e["description"]) for e in body]


def test_bad_post_gets_standard_error(deployment, report_form, subtests):
    """Every malformed POST, in JSON and XML (one deployment, one subtest per case)."""
    client = deployment.client()
    for fmt in ("json", "xml"):
        for overrides, status, mentions in BAD_POSTS:
            with subtests.test(msg=f"{fmt}: {sorted(overrides)}"):
                form = report_form(deployment.tokens["mobile_app"])
                form.update(overrides)
                form = {k: v for k, v in form.items() if v is not None}
                response = client.post(f"/open311/v2/requests.{fmt}", data=form)
                assert response.status_code == status, response.text
                [(code, description)] = _errors(response)
                assert code == status and mentions in description
                wanted = "text/xml" if fmt == "xml" else "application/json"
                assert response.headers["content-type"].startswith(wanted)
    assert client.get("/open311/v2/requests.json").json() == []  # nothing was stored


def test_json_body_and_broken_multipart_are_refused(deployment, report_form):
    client = deployment.client()
    form = report_form(deployment.tokens["mobile_app"])
    as_json = client.post(
        "/open311/v2/requests.json", content=json.dumps(form), headers={"content-type": "application/json"}
    )
    assert as_json.status_code == 400 and "form" in _errors(as_json)[0][1]
    not_json = client.post(
        "/open311/v2/requests.json", content=b'{"service_code":001}', headers={"content-type": "application/json"}
    )
    assert not_json.status_code == 400
    broken = client.post(
        "/open311/v2/requests.json",
        content=b"--xyz\r\nContent-Disposition: form-data; na",
        headers={"content-type": "multipart/form-data; boundary=xyz"},
    )
    assert broken.status_code == 400 and _errors(broken)[0][0] == 400
    not_image = client.post("/open311/v2/requests.json", data=form, files={"media": ("x.jpg", b"<svg/>", "image/jpeg")})
    assert not_image.status_code == 400 and "ảnh" in _errors(not_image)[0][1]
    staff_key = client.post("/open311/v2/requests.json", data=report_form(deployment.tokens["sgtvt"]))
    assert staff_key.status_code == 403


BAD_GETS = [
    ("/open311/v2/services.yaml", 400),
    ("/open311/v2/services/road_damge.json", 404),
    ("/open311/v2/services/road_damge.xml", 404),
    ("/open311/v2/requests/PA000000-XXXX.json", 404),
    ("/open311/v2/requests/not-an-id.xml", 404),
    ("/open311/v2/tokens/nope.json", 404),
    ("/open311/v2/requests.json?start_date=yesterday", 400),
    ("/open311/v2/requests.json?start_date=2026-03-02T00:00:00Z&end_date=2026-03-01T00:00:00Z", 400),
    ("/open311/v2/requests.xml?status=pending", 400),
    ("/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z", 400),
    ("/open311/v2/nothing-here.json", 404),
    ("/open311/discovery.yaml", 400),
    # the endpoint serves one jurisdiction: naming another is "jurisdiction_id not found"
    ("/open311/v2/services.json?jurisdiction_id=sfgov.org", 404),
    ("/open311/v2/services/road_damage.xml?jurisdiction_id=sfgov.org", 404),
    ("/open311/v2/requests.json?jurisdiction_id=sfgov.org", 404),
    ("/open311/v2/requests/PA000000-XXXX.xml?jurisdiction_id=sfgov.org", 404),
    ("/open311/v2/tokens/nope.json?jurisdiction_id=sfgov.org", 404),
]


def test_bad_get_gets_standard_error(deployment, subtests):
    client = deployment.client()
    for path, status in BAD_GETS:
        with subtests.test(msg=path):
            response = client.get(path)
            assert response.status_code == status
            [(code, description)] = _errors(response)
            assert code == status and description
            if path.split("?")[0].endswith(".xml"):
                assert response.headers["content-type"].startswith("text/xml")


def test_filters_on_request_list(deployment, report_form):
    client = deployment.client()
    key = deployment.tokens["mobile_app"]
    [road] = client.post("/open311/v2/requests.json", data=report_form(key)).json()
    client.post(
        "/open311/v2/requests.json",
        data=report_form(
            key,
            service_code="waste",
            description="Rác tồn đọng ở chợ Xóm Lưới",
            lat="10.352",
            long="107.08",
            **{"attribute[hazard]": None},
        ),
    )
    everything = client.get("/open311/v2/requests.json").json()
    assert {r["service_code"] for r in everything} == {"road_damage", "waste"}
    assert [r["service_code"] for r in client.get("/open311/v2/requests.json?service_code=waste").json()] == ["waste"]
    assert client.get("/open311/v2/requests.json?status=closed").json() == []
    by_id = client.get(f"/open311/v2/requests.json?service_request_id={road['service_request_id']}").json()
    assert [r["service_request_id"] for r in by_id] == [road["service_request_id"]]
    assert all(r["lat"] == round(r["lat"], 3) for r in everything)
