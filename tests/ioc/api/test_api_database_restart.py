"""PostgreSQL restarted under a running API: 503 + Retry-After while it is down, then recovery.

A private PostgreSQL server (not the shared test server: this one is stopped and started)
serves the state store of a real uvicorn deployment (``tests/api_deployment.py``). While
the server is down every request that needs the database gets 503 in its path's error
format (Open311's ``[{"code", "description"}]`` under ``/open311/``, ``{"detail", "code"}``
under ``/api``) with ``Retry-After``, and nothing is logged as a stack trace; the first
request after the restart succeeds (pooled connections are pinged before use) and every
report accepted before or after the outage is stored exactly once.
"""

from __future__ import annotations

import logging

import pytest

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_server(private_postgres):
    """The private server of ``tests/postgres_server.py`` (this test stops and starts it)."""
    return private_postgres


@pytest.fixture
def database_url(pg_server):
    """Overrides the parametrised store of ``tests/conftest.py``: the private server only."""
    return pg_server.url


def _open311_errors(response) -> list[tuple[int, str]]:
    body = response.json()
    assert isinstance(body, list) and body and set(body[0]) == {"code", "description"}
    return [(item["code"], item["description"]) for item in body]


def test_postgres_restart_gives_503_then_recovers(deployment, pg_server, report_form, caplog):
    client = deployment.client()
    staff = deployment.client("staff")
    form = report_form(deployment.tokens["mobile_app"])
    accepted = []
    for _ in range(3):  # warm the pool: these connections will be stale after the restart
        response = client.post("/open311/v2/requests.json", data=form | {"description": f"Ổ gà số {len(accepted)}"})
        assert response.status_code == 201, response.text
        accepted.append(response.json()[0]["service_request_id"])
    assert staff.get("/api/incidents").status_code == 200

    caplog.set_level(logging.WARNING)
    pg_server.stop("fast")
    down = client.post("/open311/v2/requests.json", data=form | {"description": "Khi CSDL mất kết nối"})
    assert down.status_code == 503, down.text
    assert int(down.headers["retry-after"]) > 0
    [(code, description)] = _open311_errors(down)
    assert code == 503 and "thử lại" in description
    api_down = staff.get("/api/incidents")
    assert api_down.status_code == 503 and api_down.headers["retry-after"]
    assert api_down.json()["code"] == "unavailable"
    assert "Traceback" not in caplog.text and not any(r.exc_info for r in caplog.records)

    pg_server.start()
    # the very first request after the restart succeeds: stale pooled connections are pinged
    first = client.post("/open311/v2/requests.json", data=form | {"description": "Sau khi khởi động lại"})
    assert first.status_code == 201, first.text
    accepted.append(first.json()[0]["service_request_id"])
    assert staff.get("/api/incidents").status_code == 200

    # no state change lost, none doubled: exactly the accepted reports are stored
    stored = [deployment.desk.service.find(tracking_code=code) for code in accepted]
    assert all(incident is not None for incident in stored)
    assert len({incident.id for incident in stored}) == len(accepted)
    listed = staff.get("/api/incidents", params={"limit": 100}).json()
    items = listed["items"] if isinstance(listed, dict) else listed
    assert len(items) == len(accepted)
