"""Every JSON answer of the Open311 API validates against the GeoReport v2 JSON schemas.

The schemas are in ``schemas/`` (see its README for where each comes from): the published
ones of ``open311/schema-validation`` for services, service definitions and requests, and
schemas written from the specification for the POST receipt, the token lookup, errors and
the discovery document. Dates and URLs are checked too (``format``), so a date-time
without its offset or a relative ``media_url`` fails.
"""

from __future__ import annotations

import io
import json
from functools import cache
from pathlib import Path

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SCHEMAS = Path(__file__).parent / "schemas"
SITE_JURISDICTION = "ba_ria_vung_tau"  # the site key: the default jurisdiction_id


@cache
def validator(name: str) -> jsonschema.Draft4Validator:
    """A validator of one schema file; ``$ref: "service.json"`` resolves to its neighbour.

    The published schemas name no draft: they were written for draft 4 validators, and
    draft 4 is what they are checked with here.
    """
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text("utf-8")), default_specification=DRAFT4))
        for path in SCHEMAS.glob("*.json")
    ]
    registry = Registry().with_resources(resources)
    schema = json.loads((SCHEMAS / name).read_text("utf-8"))
    return jsonschema.Draft4Validator(
        schema, registry=registry, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )


def problems(name: str, document) -> list[str]:
    """Why ``document`` does not validate against schema ``name`` (empty when it does)."""
    errors = sorted(validator(name).iter_errors(document), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


def conforming(response, name: str, status: int = 200):
    """The JSON body of ``response``, asserted to be a valid ``name`` document."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    body = response.json()
    assert not problems(name, body), problems(name, body)
    return body


# --------------------------------------------------------------------------- the validator itself
def test_validator_checks_formats_and_types():
    """The schemas really bite: formats are checked (not silently skipped) and types enforced."""
    assert {"date-time", "uri"} <= set(jsonschema.Draft4Validator.FORMAT_CHECKER.checkers), (
        "install jsonschema[format-nongpl] (the dev extra): without it date-time and uri are not checked"
    )
    request = {
        "service_request_id": "PA260301-ABCD",
        "status": "open",
        "service_code": "road_damage",
        "requested_datetime": "2026-03-01T08:00:00+07:00",
        "media_url": "http://127.0.0.1/media/feedback/x.jpg",
    }
    assert problems("requests.json", [request]) == []
    assert problems("requests.json", [{**request, "requested_datetime": "2026-03-01T08:00:00"}])  # no offset
    assert problems("requests.json", [{**request, "media_url": "/media/feedback/x.jpg"}])  # not absolute
    assert problems("requests.json", [{**request, "status": "resolved"}])
    assert problems("requests.json", [{**request, "lat": "10.346"}])  # a number in JSON
    assert problems("requests.json", [{**request, "description": "x" * 4001}])
    assert problems("errors.json", []) and problems("errors.json", [{"code": 400}])


# --------------------------------------------------------------------------- every answer
def _photo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (90, 90, 90)).save(buffer, "PNG")
    return buffer.getvalue()


def _dismiss(deployment, code: str) -> None:
    """Close a report through the internal API, as IOC staff would (dismissed → closed)."""
    staff = deployment.client("staff")
    [incident] = [i for i in staff.get("/api/incidents").json() if i["tracking_code"] == code]
    for body in ({"action": "start_verification"}, {"action": "dismiss", "comment": "Không đúng địa bàn"}):
        response = staff.post(f"/api/incidents/{incident['id']}/transitions", json=body)
        assert response.status_code == 200, response.text


def test_services_and_definitions_conform(deployment):
    client = deployment.client()
    services = conforming(client.get("/open311/v2/services.json"), "services.json")
    road = next(s for s in services if s["service_code"] == "road_damage")
    assert road["keywords"] == "o ga, sut lun, mat duong, via he, nap ho ga, nut vo, lun"
    # the issue that started this: keywords as a JSON array is caught by the published schema
    as_array = [{**road, "keywords": road["keywords"].split(", ")}]
    [caught] = problems("services.json", as_array)
    assert caught.startswith("0/keywords: ['o ga', 'sut lun'")
    for service in services:
        definition = conforming(
            client.get(f"/open311/v2/services/{service['service_code']}.json"), "service-definition.json"
        )
        assert definition["service_code"] == service["service_code"]
        assert bool(definition["attributes"]) is service["metadata"]
        assert [a["order"] for a in definition["attributes"]] == list(range(1, len(definition["attributes"]) + 1))
    assert conforming(client.get("/open311/discovery.json"), "discovery.json")["endpoints"][0]["url"] == (
        f"{deployment.base_url}/open311/v2"
    )


def test_requests_conform(deployment, report_form, subtests):
    """The POST receipt, the token lookup, the list with every filter and the single request."""
    client = deployment.client()
    key = deployment.tokens["mobile_app"]
    first = conforming(
        client.post(
            "/open311/v2/requests.json", data=report_form(key), files={"media": ("o-ga.png", _photo(), "image/png")}
        ),
        "post-response.json",
        201,
    )[0]
    joined = conforming(  # a duplicate of the first: its notes say which report it joined
        client.post("/open311/v2/requests.json", data=report_form(key, phone="0987654321", email=None)),
        "post-response.json",
        201,
    )[0]
    closed = conforming(
        client.post(
            "/open311/v2/requests.json",
            data=report_form(key, service_code="waste", description="Rác ở chợ", **{"attribute[hazard]": None}),
        ),
        "post-response.json",
        201,
    )[0]
    _dismiss(deployment, closed["service_request_id"])
    desk = deployment.desk  # a long e-mailed report: the public answer keeps within 4,000 characters
    long = desk.submit(desk.make_report(category="other", description="Ý kiến dài. " * 380, channel="email"))
    ids = [first["service_request_id"], joined["service_request_id"], closed["service_request_id"], long.tracking_code]

    [looked_up] = conforming(client.get(f"/open311/v2/tokens/{first['token']}.json"), "token-response.json")
    assert looked_up == {"service_request_id": ids[0], "token": first["token"]}

    filters = {
        "": set(ids),
        f"service_request_id={ids[0]},{ids[2]}": {ids[0], ids[2]},
        f"service_request_id={ids[1]}&service_code=waste": {ids[1]},  # the id overrides other filters
        "service_code=waste": {ids[2]},
        "service_code=road_damage,other": {ids[0], ids[1], ids[3]},
        "status=open": {ids[0], ids[1], ids[3]},
        "status=closed": {ids[2]},
        "status=open,closed": set(ids),
        "start_date=2020-01-01T00:00:00Z&end_date=2020-03-01T00:00:00%2B07:00": set(),
        "start_date=2020-01-01T00:00:00+07:00": set(),  # a "+" clients forget to encode
        "start_date=2020-01-01": set(),
        "end_date=2020-01-01T00:00:00Z": set(),
        f"jurisdiction_id={SITE_JURISDICTION}": set(ids),
        "jurisdiction_id=&status=": set(ids),  # empty optional arguments count as absent
    }
    for query, expected in filters.items():
        with subtests.test(msg=query or "no filter"):
            found = conforming(client.get(f"/open311/v2/requests.json?{query}"), "requests.json")
            assert {r["service_request_id"] for r in found} == expected
    for code in ids:
        with subtests.test(msg=f"requests/{code}"):
            [single] = conforming(client.get(f"/open311/v2/requests/{code}.json"), "requests.json")
            assert single["service_request_id"] == code
            assert single["requested_datetime"].endswith("+07:00")
    [photo, dup, done, text] = [client.get(f"/open311/v2/requests/{code}.json").json()[0] for code in ids]
    assert photo["media_url"].startswith(f"{deployment.base_url}/media/feedback/") and photo["service_notice"]
    assert ids[0] in dup["status_notes"] and done["status"] == "closed" and done["expected_datetime"] is None
    assert (
        len(text["description"]) <= 4000
        and text["description"].endswith("…")
        and text["lat"] is None
        and text["address"] is None
    )


ERRORS = [
    ("get", "/open311/v2/services.yaml", 400),
    ("get", "/open311/v2/requests.json?status=pending", 400),
    ("get", "/open311/v2/requests.json?start_date=yesterday", 400),
    ("get", "/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z", 400),
    ("post", "/open311/v2/requests.json", 403),
    ("get", "/open311/v2/services/road_damge.json", 404),
    ("get", "/open311/v2/requests/PA000000-XXXX.json", 404),
    ("get", "/open311/v2/tokens/nope.json", 404),
    ("get", "/open311/v2/services.json?jurisdiction_id=sfgov.org", 404),
    ("get", "/open311/v2/nothing-here.json", 404),
    ("get", "/open311/discovery.yaml", 400),
]


def test_errors_conform(deployment, report_form, subtests):
    client = deployment.client()
    for method, path, status in ERRORS:
        with subtests.test(msg=f"{method} {path}"):
            response = client.request(
                method, path, data=report_form("ioc_not-a-real-token") if method == "post" else None
            )
            [error] = conforming(response, "errors.json", status)
            assert error["code"] == status
    key = deployment.tokens["mobile_app"]
    for overrides, status in [
        ({"service_code": "no_such_service"}, 404),
        ({"lat": "mười"}, 400),
        ({"email": "x"}, 400),
    ]:
        with subtests.test(msg=f"post {overrides}"):
            response = client.post("/open311/v2/requests.json", data=report_form(key, **overrides))
            assert conforming(response, "errors.json", status)[0]["code"] == status


def test_jurisdiction_id_is_accepted_and_checked(deployment, report_form):
    """Left out or ours: served; another one: 404. The configured id replaces the site key."""
    client, key = deployment.client(), deployment.tokens["mobile_app"]
    posted = client.post("/open311/v2/requests.json", data=report_form(key, jurisdiction_id=SITE_JURISDICTION))
    assert posted.status_code == 201, posted.text
    code = posted.json()[0]["service_request_id"]
    for path in ("services.json", "services/road_damage.json", "requests.json", f"requests/{code}.json"):
        assert client.get(f"/open311/v2/{path}", params={"jurisdiction_id": SITE_JURISDICTION}).status_code == 200
    deployment.settings.plugins["feedback"] = {
        "open311": {"jurisdiction_id": "baria-vungtau.gov.vn", "contact": "Tổng đài 1022", "endpoint_type": "test"}
    }
    assert client.get("/open311/v2/services.json?jurisdiction_id=BARIA-VUNGTAU.gov.vn").status_code == 200
    assert client.get(f"/open311/v2/services.json?jurisdiction_id={SITE_JURISDICTION}").status_code == 404
    discovery = conforming(client.get("/open311/discovery.json"), "discovery.json")
    assert discovery["contact"] == "Tổng đài 1022" and discovery["endpoints"][0]["type"] == "test"
