"""The "Hành chính công" dashboard and the look-up page on a small hand-made lake."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import panel as pn
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ioc_plugins" / "public_admin"))
from pa_oracle import dossiers, events, feedback, procedures

from dashboards.public_admin import DossierLookupPage, PublicAdminDashboard
from ioc.datalayer import DataLayer
from ioc_plugins.public_admin.tables import TABLES

PII = ("Người nộp", "0912345678", "345678")


@pytest.fixture(scope="module")
def layer(tmp_path_factory):
    """The oracle's month with a procedure name carrying markup (shared: tests only add alerts)."""
    from ioc.config import load_settings

    datalayer = DataLayer(load_settings(data_dir=tmp_path_factory.mktemp("pa-dash") / "data"), tables=TABLES)
    evil = procedures()
    evil.loc[evil["code"] == "P2", "name"] = '<img src=x onerror="window.__xss=1">Thủ tục 2'
    for name, frame in (
        ("public_admin.procedures", evil),
        ("public_admin.dossiers", dossiers()),
        ("public_admin.dossier_events", events()),
        ("public_admin.feedback", feedback()),
    ):
        datalayer.write(name, frame)
    yield datalayer
    datalayer.close()


def test_dashboard_ranks_agencies_and_drills_down(layer):
    board = PublicAdminDashboard(datalayer=layer, refresh_period=0, period_kind="month", year=2026, index=3)
    indicators = board.index_frame()
    league = board.league_frame(indicators)
    assert list(league["entity"]) == ["A", "B"]
    assert league["Tổng điểm"].tolist() == [64.13, 14.0]
    board.entity = "A"
    page = board.__panel__()
    for part in [*page.main, *page.sidebar]:
        assert pn.panel(part).get_root() is not None
    assert (
        board.counters(pd.Timestamp("2026-03-24 03:00", tz="UTC"))["overdue"] == 1
    )  # D5 (due 12/3) is still open; D7 is due 25/3


def test_dashboard_lists_dossiers_without_personal_data(layer):
    from ioc_plugins.public_admin import queries

    frame = queries.agency_dossiers(layer, "A")
    assert len(frame) == 9
    text = frame.to_string()
    assert not any(secret in text for secret in PII)


def test_lookup_page_answers_with_public_data_only(layer):
    page = DossierLookupPage(datalayer=layer)
    answer = page.answer_html("D4", "5678", client="t1")
    assert "Đã trả kết quả" in answer and "19/03/2026" in answer
    assert "<img" not in answer and "&lt;img" in answer  # the procedure name is shown as text
    assert not any(secret in answer for secret in PII)
    assert page.answer_html("D4", "0000", client="t1") == page.answer_html("NOPE", "5678", client="t1")


def test_lookup_page_is_rate_limited_per_client(layer):
    page = DossierLookupPage(datalayer=layer)
    answers = [page.answer_html("NOPE", "5678", client="t2") for _ in range(11)]
    assert "quá nhiều" in answers[-1] and "quá nhiều" not in answers[0]
    assert "quá nhiều" not in page.answer_html("NOPE", "5678", client="t3")


def test_a_violation_opens_a_timed_incident_from_the_dashboard(layer):
    from ioc.alerts import open_alerts, store_alerts
    from ioc_plugins.public_admin.checks import Violation
    from ioc_plugins.public_admin.rules import draft_of

    stamp = pd.Timestamp("2026-03-12 02:00", tz="UTC")
    store_alerts(layer.store, [draft_of(Violation("overdue", "D2", stamp, "Hoàn thành sau hạn", "A", "U1"))])
    board = PublicAdminDashboard(datalayer=layer, refresh_period=0)
    assert "Hồ sơ" in board.open_alerts().columns
    assert pn.panel(board.incident_opener()).get_root() is not None
    alert_id = int(open_alerts(layer.store, "public_admin")["id"].iloc[0])
    assert "Đã mở vụ việc số" in board.open_incident_html(alert_id)
    assert "Không có cảnh báo" in board.open_incident_html(99999)
