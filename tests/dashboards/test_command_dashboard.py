"""The leadership command view: hot incidents for leaders only, text never HTML."""

from __future__ import annotations

import pytest

from dashboards.command import CommandDashboard

XSS = '<img src=x onerror="window.__xss=1">'


@pytest.fixture
def layer(sqlite_settings):
    from ioc.auth import create_user
    from ioc.datalayer import DataLayer
    from ioc.incidents.service import IncidentDraft
    from ioc_plugins.feedback.desk import CitizenDesk
    from ioc_plugins.feedback.tables import TABLES

    layer = DataLayer(sqlite_settings, tables=TABLES)
    for name, roles in {"leader": ["leader"], "lead": ["ioc_lead"], "staff": ["domain_staff"]}.items():
        create_user(layer.store, name, None, roles=roles, domains=["public_order"] if name == "staff" else ())
    service = CitizenDesk.from_settings(layer.settings, layer.store, notifier=None).service
    lead = service_principal(layer, "lead")
    service.open_incident(
        IncidentDraft(
            domain="public_order",
            category="protest",
            title=f"Tụ tập đông người {XSS}",
            lon=107.13,
            lat=10.45,
            severity="critical",
        ),
        lead,
    )
    service.open_incident(IncidentDraft(domain="public_order", category="theft", title="Mất cắp xe máy"), lead)
    yield layer
    layer.close()


def service_principal(layer, name):
    from ioc.auth import get_principal

    return get_principal(layer.store, name)


def test_leaders_see_only_the_hot_incidents(layer):
    for name in ("leader", "lead"):
        board = CommandDashboard(datalayer=layer, username=name, refresh_period=0)
        rows = board.hot_incidents()
        assert [r["category"] for r in rows] == ["protest"]
        frame = board.incidents_frame(rows)
        assert frame["Nội dung"].tolist() == [f"Tụ tập đông người {XSS}"]  # shown by Tabulator as text
        view = board.command_view(0, "vi")
        names = {getattr(obj, "name", "") for obj in view.select()}
        assert {"hot-count", "hot-map", "hot-incidents"} <= names


def test_others_get_a_notice_not_the_list(layer):
    for name in ("staff", ""):
        board = CommandDashboard(datalayer=layer, username=name, refresh_period=0)
        assert board.hot_incidents() is None
        view = board.command_view(0, "vi")
        assert view.name == "denied" and "lãnh đạo" in view.object


def test_the_page_renders_as_a_template(layer):
    template = CommandDashboard(datalayer=layer, username="leader", refresh_period=0).__panel__()
    assert "Chỉ huy" in template.title


def test_tables_are_translated_escaped_and_coloured(layer):
    import pandas as pd

    from ioc.alerts import store_alerts
    from ioc.rules import AlertDraft

    store_alerts(
        layer.store,
        [
            AlertDraft(
                rule_id="t.x",
                domain="environment",
                category="air",
                severity="critical",
                title=f"AQI {XSS}",
                message="",
                observed_at=pd.Timestamp("2026-11-20T08:00:00Z"),
            )
        ],
    )
    board = CommandDashboard(datalayer=layer, username="leader", refresh_period=0)
    view = board.command_view(0, "vi")
    html = "".join(obj.object for obj in view.select() if getattr(obj, "name", "") in ("hot-incidents", "high-alerts"))
    assert "Mức độ" in html and "Lĩnh vực" in html and "Nghiêm trọng" in html and "Tài nguyên - Môi trường" in html
    assert "#b71c1c" in html and "20/11/2026 15:00" in html
    assert XSS not in html and "&lt;img" in html
    for raw in ("severity", "observed_at", ">critical<", ">environment<"):
        assert raw not in html
