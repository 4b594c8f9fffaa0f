"""Every route the core and the plugins register, against every role (table-driven).

The routes come from the live OpenAPI document, so a plugin's new route is covered the
moment it is installed: anonymous calls to a protected route get 401, nothing under
``/api`` is public unless declared here, no role ever gets a 500, and the table below
pins the expected 200/401/403 of each role on the core's and the feedback plugin's routes.
XSS payloads (``tests/security_payloads.py``) round-trip through Open311 as text.
"""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

import pytest
from api_deployment import USERS, make_report_form
from security_payloads import XSS_PAYLOADS

PUBLIC_API = {
    "/api/track/{tracking_code}",  # the citizen's tracking page: a code, no login
    "/api/public-admin/lookup",  # a dossier by code + last 4 phone digits, rate-limited, no PII
}


@pytest.fixture
def database_url(tmp_path):
    """SQLite only: access rules do not depend on the store's dialect (the API tests cover both)."""
    return f"sqlite:///{tmp_path / 'state.db'}"


@pytest.fixture
def api(settings):
    from fastapi.testclient import TestClient

    from ioc.api import create_app
    from ioc.auth import create_user, issue_token
    from ioc_plugins.feedback.desk import CitizenDesk

    desk = CitizenDesk.from_settings(settings, notifier=None)
    tokens = {}
    for name, spec in USERS.items():
        create_user(desk.store, name, None, **spec)
        tokens[name] = issue_token(desk.store, name)
    app = create_app(settings, store=desk.store, services={"feedback.desk": lambda: desk})
    with TestClient(app, raise_server_exceptions=False) as client:
        client.tokens = tokens
        client.operations = [
            (method.upper(), path, bool(op.get("security")))
            for path, ops in app.openapi()["paths"].items()
            for method, op in ops.items()
        ]
        yield client


def concrete(path: str) -> str:
    """A callable URL for a templated path (ids that do not exist, JSON format)."""
    return re.sub(r"\{(\w+)\}", lambda m: "json" if m.group(1) == "fmt" else "999999", path)


def call(client, method, path, user=None, body=None):
    headers = {"Authorization": f"Bearer {client.tokens[user]}"} if user else {}
    if method == "GET":
        return client.get(path, headers=headers)
    return client.request(method, path, headers=headers, json=body if body is not None else {})


def test_protected_routes_refuse_anonymous_callers(api):
    protected = [(m, p) for m, p, secured in api.operations if secured]
    assert len(protected) >= 10
    for method, path in protected:
        response = call(api, method, concrete(path))
        assert response.status_code == 401, (method, path, response.text)
        assert response.headers.get("www-authenticate") == "Bearer"


def test_nothing_under_api_is_public_unless_declared(api):
    public = {p for _m, p, secured in api.operations if not secured and p.startswith("/api/")}
    assert public == PUBLIC_API, f"public /api routes must be declared in PUBLIC_API: {public - PUBLIC_API}"


def test_no_role_ever_gets_a_server_error(api):
    for method, path, _secured in api.operations:
        for user in [None, *USERS]:
            response = call(api, method, concrete(path), user)
            assert response.status_code < 500, (user, method, path, response.text)


ROLES = list(USERS)
EVERYONE = dict.fromkeys(ROLES, 200)
TABLE = [
    ("GET", "/api/me", None, EVERYONE),
    ("GET", "/api/incidents", None, EVERYONE),  # each role sees only what it may (filtered list)
    ("GET", "/api/command", None, {**dict.fromkeys(ROLES, 403), "lead": 200, "leader": 200}),
    ("GET", "/api/audit/verify", None, {**dict.fromkeys(ROLES, 403), "lead": 200, "admin": 200}),
    ("GET", "/api/feedback/statistics", None, {**EVERYONE, "env_staff": 403, "mobile_app": 403}),
    (
        "POST",
        "/api/incidents",
        {"domain": "feedback", "category": "road_damage", "title": "Ổ gà"},
        {**dict.fromkeys(ROLES, 403), "lead": 201, "staff": 201},
    ),
    ("POST", "/api/incidents/escalate", {}, {**dict.fromkeys(ROLES, 403), "lead": 200, "admin": 200}),
]


@pytest.mark.parametrize(("method", "path", "body", "expected"), TABLE, ids=[f"{m} {p}" for m, p, _b, _e in TABLE])
def test_role_route_table(api, method, path, body, expected):
    assert set(expected) == set(ROLES)
    got = {user: call(api, method, path, user, body).status_code for user in ROLES}
    got_anonymous = call(api, method, path, None, body).status_code
    assert (got, got_anonymous) == (expected, 401)


def test_xss_payloads_round_trip_through_open311_as_text(api):
    for payload in XSS_PAYLOADS:
        text = f"Phản ánh: {payload}"
        form = make_report_form(api.tokens["mobile_app"], description=text, phone=None, email=None)
        created = api.post("/open311/v2/requests.json", data=form)
        assert created.status_code == 201, created.text
        code = created.json()[0]["service_request_id"]
        as_json = api.get(f"/open311/v2/requests/{code}.json")
        as_xml = api.get(f"/open311/v2/requests/{code}.xml")
        for response in (as_json, as_xml):
            assert response.status_code == 200 and "html" not in response.headers["content-type"]
        assert json.loads(as_json.text)[0]["description"] == text
        assert ET.fromstring(as_xml.content).find("request").findtext("description") == text


def test_public_requests_are_rate_limited_per_client(tmp_path):
    from fastapi.testclient import TestClient

    from ioc.api import create_app
    from ioc.api.app import RateLimiter
    from ioc.auth import create_user, issue_token
    from ioc.config import load_settings
    from ioc.store import open_store

    settings = load_settings(data_dir=tmp_path / "data", api_rate_limit_per_minute=5)
    app = create_app(settings)
    create_user(open_store(settings.state_url), "lead", None, roles=["ioc_lead"])
    token = issue_token(open_store(settings.state_url), "lead")
    with TestClient(app, raise_server_exceptions=False) as client:
        statuses = [client.get("/open311/v2/services.json").status_code for _ in range(6)]
        assert statuses == [200] * 5 + [429]
        limited = client.get("/open311/v2/services.json")
        assert int(limited.headers["retry-after"]) >= 1
        assert limited.json()[0]["code"] == 429 and "thử lại" in limited.json()[0]["description"]
        assert client.get("/api/track/ABC").json()["code"] == "rate_limited"
        staff = [client.get("/api/me", headers={"Authorization": f"Bearer {token}"}) for _ in range(8)]
        assert {r.status_code for r in staff} == {200}
    limiter = RateLimiter(2, window_s=60)
    assert [limiter.retry_after("a", t) for t in (0, 1)] == [None, None]
    assert limiter.retry_after("a", 2) == pytest.approx(58)
    assert limiter.retry_after("b", 2) is None and limiter.retry_after("a", 61) is None
