"""The citizen look-up: public data only, same answer and same work for wrong codes, rate-limited."""

from __future__ import annotations

import json
import random
import time

import pandas as pd
import pytest
from scipy.stats import mannwhitneyu

from ioc_plugins.public_admin.lookup import RateLimiter, answer_no_faster_than, last_digits, lookup
from ioc_plugins.public_admin.queries import lookup_answer

PII = ("Người nộp", "0912345678", "345678", "applicant", "lý do")


def test_right_code_and_phone_give_the_public_view(pa_layer):
    view = lookup(pa_layer, "D4", "5678")
    assert view["status"] == "Đã trả kết quả"
    assert view["procedure"] == "Thủ tục 2"
    assert pd.Timestamp(view["due_at"]) == pd.Timestamp("2026-03-19 02:00", tz="UTC")
    assert [s["label"] for s in view["steps"]] == [
        "Yêu cầu bổ sung giấy tờ",
        "Công dân đã bổ sung giấy tờ",
        "Đã xử lý xong",
    ]
    text = json.dumps(view, ensure_ascii=False)
    assert not any(secret in text for secret in PII)


@pytest.mark.parametrize(
    ("code", "digits"),
    [("D4", "1234"), ("D404", "5678"), ("", "5678"), ("D4' OR 1=1 --", "5678"), ("D4", ""), ("D4", "56789")],
    ids=["wrong-phone", "wrong-code", "empty", "injection", "no-digits", "five-digits"],
)
def test_wrong_answers_are_all_the_same_none(pa_layer, code, digits):
    assert lookup(pa_layer, code, digits) is None


def test_a_miss_does_the_same_queries_as_a_hit(pa_layer, monkeypatch):
    """The same statements run (with a decoy code for a malformed one) whatever the input."""
    calls: list[str] = []
    original = type(pa_layer).sql

    def counting(self, query, params=None):
        calls.append(" ".join(query.split()))
        return original(self, query, params)

    monkeypatch.setattr(type(pa_layer), "sql", counting)
    shapes = []
    for code, digits in (("D4", "5678"), ("D4", "0000"), ("NOPE", "5678"), ("<script>", "5678")):
        calls.clear()
        lookup(pa_layer, code, digits)
        shapes.append(tuple(calls))
    assert len(set(shapes)) == 1 and len(shapes[0]) == 2


def test_answer_time_does_not_tell_a_right_code_from_a_wrong_one(pa_layer):
    """Statistical check (Mann-Whitney U on interleaved samples), not a timed assert.

    Right and wrong look-ups alternate in random order so machine load hits both alike;
    the test fails only if the two samples are clearly from different distributions.
    """
    lookup_answer(pa_layer, "D4", "5678", min_seconds=0)  # warm the DuckDB views
    order = ["right", "wrong"] * 30
    random.Random(7).shuffle(order)
    times: dict[str, list[float]] = {"right": [], "wrong": []}
    for kind in order:
        code = "D4" if kind == "right" else f"X{random.randrange(10**6)}"
        started = time.perf_counter()
        answer = lookup_answer(pa_layer, code, "5678", min_seconds=0.03)
        times[kind].append(time.perf_counter() - started)
        assert (answer is not None) == (kind == "right")
    assert mannwhitneyu(times["right"], times["wrong"]).pvalue > 1e-4


def test_padding_makes_fast_work_wait():
    started = time.perf_counter()
    assert answer_no_faster_than(0.05, lambda: 42) == 42
    assert time.perf_counter() - started >= 0.05


def test_rate_limiter_allows_a_burst_then_refuses_until_a_minute_passed():
    now = [0.0]
    limiter = RateLimiter(3, clock=lambda: now[0])
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b")  # per client
    now[0] = 61.0
    assert limiter.allow("a")


def test_last_digits():
    assert last_digits("0912 345 678") == "5678" and last_digits("12") == "" and last_digits(None) == ""


@pytest.fixture
def client(pa_layer):
    from fastapi.testclient import TestClient

    from ioc.api.app import create_app
    from ioc.plugins import Registry
    from ioc_plugins.public_admin import plugin

    app = create_app(pa_layer.settings, store=pa_layer.store, plugins=Registry([plugin()]))
    app.state.services["public_admin.datalayer"] = lambda: pa_layer
    with TestClient(app) as test_client:
        yield test_client


def test_lookup_endpoint(client):
    found = client.post("/api/public-admin/lookup", json={"code": "D4", "phone_last4": "5678"})
    assert found.status_code == 200 and found.json()["status"] == "Đã trả kết quả"
    assert not any(secret in found.text for secret in PII)
    wrong_phone = client.post("/api/public-admin/lookup", json={"code": "D4", "phone_last4": "1111"})
    wrong_code = client.post("/api/public-admin/lookup", json={"code": "D9", "phone_last4": "5678"})
    assert wrong_phone.status_code == wrong_code.status_code == 404
    assert wrong_phone.json() == wrong_code.json()
    bad = client.post("/api/public-admin/lookup", json={"code": "D4", "phone_last4": "12ab"})
    assert bad.status_code == 400


def test_lookup_endpoint_is_rate_limited(client):
    answers = [client.post("/api/public-admin/lookup", json={"code": "D9", "phone_last4": "5678"}) for _ in range(11)]
    assert [a.status_code for a in answers] == [404] * 10 + [429]
    assert "quá nhiều" in answers[-1].json()["detail"]


def test_index_endpoint_needs_a_login(client):
    assert client.get("/api/public-admin/index766", params={"year": 2026}).status_code == 401


def test_index_endpoint_gives_staff_the_index_and_an_agency_its_own_rows(client, pa_layer):
    from ioc.auth import create_user, issue_token

    create_user(pa_layer.store, "lanh.dao", "mat-khau-dai-1", ["ioc_lead"])
    create_user(pa_layer.store, "dau.moi.b", "mat-khau-dai-2", ["focal_point"], agency_code="B")
    params = {"year": 2026, "kind": "month", "index": 3}
    lead = client.get(
        "/api/public-admin/index766",
        params=params,
        headers={"Authorization": f"Bearer {issue_token(pa_layer.store, 'lanh.dao')}"},
    )
    assert lead.status_code == 200
    rows = {(r["entity"], r["code"]): r for r in lead.json()}
    assert rows[("A", "2.1")]["points"] == 12.5 and rows[("B", "5.2")]["points"] == 6.0
    agency = client.get(
        "/api/public-admin/index766",
        params=params,
        headers={"Authorization": f"Bearer {issue_token(pa_layer.store, 'dau.moi.b')}"},
    )
    assert {r["entity"] for r in agency.json()} == {"B"}
