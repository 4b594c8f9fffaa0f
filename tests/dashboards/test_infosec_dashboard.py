"""The infosec dashboard in Python: its views on demo data, raw records for the security role only,
signatures kept as text, and the domain's overview tile."""

from __future__ import annotations

import json

import pandas as pd
import panel as pn
import pytest

from dashboards.infosec import InfosecDashboard
from ioc.auth import create_user
from ioc.datalayer import DataLayer
from ioc.ingest import ingest_files
from ioc_plugins.infosec import queries
from ioc_plugins.infosec.tables import TABLES

XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>ET WEB_SERVER probe'


@pytest.fixture
def layer(sqlite_settings, tmp_path):
    """Two hours of EVE alerts against three agencies, one signature carrying markup."""
    layer = DataLayer(sqlite_settings, tables=TABLES)
    now = pd.Timestamp.now(tz="UTC").floor("min") - pd.Timedelta(hours=2)
    lines = []
    for minute in range(0, 120, 4):
        t = now + pd.Timedelta(minutes=minute)
        for number, (target, signature) in enumerate(
            [("10.77.5.10", XSS), ("10.77.9.10", "ET SCAN ssh"), ("10.77.11.4", "ET SCAN ssh")]
        ):
            lines.append(
                {
                    "timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.%f") + "+0000",
                    "flow_id": minute * 10 + number,
                    "event_type": "alert",
                    "src_ip": f"192.0.2.{number + 1}",
                    "dest_ip": target,
                    "proto": "TCP",
                    "dest_port": 80,
                    "alert": {
                        "signature_id": 9001 if number else 9000,
                        "signature": signature,
                        "severity": 1 + number % 3,
                    },
                }
            )
    path = tmp_path / "ids-dc" / "eve.json"
    path.parent.mkdir()
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    ingest_files(layer, "suricata_eve", [path], progress=False)
    create_user(layer.store, "attt", None, ["security"])
    create_user(layer.store, "lanhdao", None, ["leader"])
    yield layer
    layer.close()


def render(dashboard: InfosecDashboard) -> None:
    page = dashboard.__panel__()
    for part in [*page.main, *page.sidebar, *page.header]:
        assert pn.panel(part).get_root() is not None


@pytest.mark.parametrize(("period", "by"), [("24h", "severity"), ("30d", "agency")])
def test_every_view_renders_with_data(layer, period, by):
    render(InfosecDashboard(datalayer=layer, refresh_period=0, period=period, by=by))


def test_views_show_the_planted_data(layer):
    dashboard = InfosecDashboard(datalayer=layer, refresh_period=0, period="24h")
    assert dashboard.freshness().state == "fresh"
    posture = dashboard.posture_frame()
    assert sorted(posture["Cơ quan"]) == sorted(["Sở Y tế", "Sở Tài chính", "Văn phòng UBND tỉnh"])
    assert posture["Hạng"].tolist() == [1, 2, 3]
    trend = queries.posture_trend(layer)
    assert sorted(trend["agency"].unique()) == ["STC", "SYT", "VPUBND"] and trend["score"].between(0, 100).all()
    start, end = dashboard.window()
    top = queries.top_signatures(layer, start, end)
    assert top["count"].tolist() == [60, 30]  # "ET SCAN ssh" on two agencies, the markup one on SYT
    flows = queries.source_agency_flows(layer, start, end)
    assert set(zip(flows["source_ip"], flows["agency"], strict=True)) == {
        ("192.0.2.1", "SYT"),
        ("192.0.2.2", "STC"),
        ("192.0.2.3", "VPUBND"),
    }
    dashboard.agency = "SYT"
    assert set(dashboard.events_frame()["Cơ quan"]) == {"SYT"}
    render(dashboard)


def test_raw_records_only_for_the_security_role(layer):
    anonymous = InfosecDashboard(datalayer=layer, refresh_period=0)
    leader = InfosecDashboard(datalayer=layer, refresh_period=0, username="lanhdao")
    officer = InfosecDashboard(datalayer=layer, refresh_period=0, username="attt")
    assert "Bản ghi gốc" not in anonymous.events_frame() and "Bản ghi gốc" not in leader.events_frame()
    raw = officer.events_frame()["Bản ghi gốc"]
    assert raw.str.contains('"event_type": "alert"').all()


def test_signature_markup_stays_plain_text(layer):
    frame = InfosecDashboard(datalayer=layer, refresh_period=0, language="en").events_frame()
    assert XSS in set(frame["Signature"])  # the literal text: Tabulator shows cell text, never markup


def test_overview_tile_empty_and_with_data(layer, sqlite_settings, tmp_path):
    now = pd.Timestamp.now(tz="UTC")
    tile = queries.overview_tile(layer, now)
    assert (tile.domain, tile.page, tile.status) == ("infosec", "infosec", "alert")  # ≥ 10 high
    labels = [f.label for f in tile.figures]
    assert labels[:2] == ["Cảnh báo mức cao (24 giờ)", "Máy nhiễm mã độc (7 ngày)"]
    assert tile.figures[0].value == 30  # severity 1 → high: the 30 alerts of the first signature
    assert tile.sparkline is not None and tile.sparkline.sum() == 90
    empty = DataLayer(sqlite_settings.model_copy(update={"data_dir": tmp_path / "empty"}), tables=TABLES)
    assert queries.overview_tile(empty, now).status == "unknown"
    empty.close()


def test_the_wall_ranking_writes_scores_the_vietnamese_way(layer):
    """On the wall the posture scores read 90,9 (not 90.9), as the site writes numbers."""
    dashboard = InfosecDashboard(datalayer=layer, refresh_period=0, wall=True)
    scores = dashboard.posture_frame()["Điểm"]
    html = "".join(
        str(getattr(pane, "object", ""))
        for part in dashboard.wall_area()
        for pane in pn.panel(part).select(pn.pane.HTML)
    )
    assert len(scores) == 3
    for score in scores:
        written = f"{float(score):.1f}".replace(".", ",").removesuffix(",0")
        assert f">{written}<" in html, (written, html[-800:])
