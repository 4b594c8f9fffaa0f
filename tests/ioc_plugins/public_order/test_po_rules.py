"""Public-order rules and derived counts on planted cases, through the normal ingestion path."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select

from ioc.alerts import open_alerts
from ioc.config import load_settings
from ioc.datalayer import DataLayer
from ioc.incidents.models import Incident
from ioc.ingest import process_batch
from ioc.plugins import Registry
from ioc.rules import evaluate_schedule
from ioc.store import Warning_
from ioc_plugins.public_order import plugin
from ioc_plugins.public_order.derive import minute_counts
from ioc_plugins.public_order.rules import CONGESTION_RULE, CROWD_RULE, FireRule, IntrusionRule
from ioc_plugins.public_order.tables import CAMERA_EVENTS, CAMERAS, COUNTS

T0 = pd.Timestamp("2026-03-01T10:00Z")  # 17:00 in Vũng Tàu


@pytest.fixture
def layer(tmp_path):
    settings = load_settings(
        data_dir=tmp_path / "data", plugins={"public_order": {"crowd_minutes": 5, "congestion_minutes": 5}}
    )
    datalayer = DataLayer(settings)
    write(datalayer, CAMERAS.name, cameras())
    yield datalayer
    datalayer.close()


def write(datalayer: DataLayer, table: str, frame: pd.DataFrame):
    return process_batch(datalayer, table, frame, plugins=Registry([plugin()]))


def cameras() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "camera_id": "beach",
                "name": "Bãi Sau",
                "lon": 107.09,
                "lat": 10.34,
                "unit_code": "747",
                "crowd_threshold": 100,
            },
            {"camera_id": "road", "name": "QL51", "lon": 107.05, "lat": 10.58, "unit_code": "754"},
            {
                "camera_id": "port",
                "name": "Cổng cảng",
                "lon": 107.02,
                "lat": 10.53,
                "restricted_zone": "gate",
                "allowed_hours": "05:00-22:00",
            },
            {"camera_id": "idle", "name": "Chợ", "lon": 107.07, "lat": 10.35, "expected_interval_min": 10},
            {"camera_id": "fixing", "name": "Bảo trì", "status": "maintenance"},
        ]
    )


def counts(camera: str, zone: str, label: str, values: list[int], dwell: float | None = None) -> pd.DataFrame:
    times = [T0 + pd.Timedelta(minutes=m) for m in range(len(values))]
    return pd.DataFrame(
        {
            "camera_id": camera,
            "zone": zone,
            "label": label,
            "time": times,
            "count": values,
            "dwell_s": dwell,
            "place": f"{camera}/{zone}",
        }
    )


def event(event_id: str, camera: str, label: str, when: pd.Timestamp, **extra) -> dict:
    return {
        "event_id": event_id,
        "camera_id": camera,
        "time": when,
        "end_time": when + pd.Timedelta(seconds=30),
        "label": label,
        "score": 0.9,
        "source": "frigate",
        **extra,
    }


def alerts(datalayer: DataLayer, rule: str) -> pd.DataFrame:
    frame = pd.read_sql_query("SELECT * FROM alerts", datalayer.store.engine)
    return frame[frame["rule_id"] == rule]


def test_crowd_over_threshold_for_n_minutes_alerts_police_and_citizens(layer):
    write(layer, COUNTS.name, counts("beach", "sand", "person", [120, 130, 90, 140, 150, 160, 170, 90]))
    assert alerts(layer, CROWD_RULE.id).empty  # 90 at minute 2 breaks every 5-minute window
    write(
        layer,
        COUNTS.name,
        counts("beach", "sand", "person", [120, 130, 101, 140, 150, 160, 170, 90]),
    )  # the correction closes minutes 0–6
    raised = alerts(layer, CROWD_RULE.id)
    assert len(raised) == 1
    alert = raised.iloc[0]
    assert alert["entity_id"] == "beach/sand" and alert["severity"] == "high" and alert["unit_code"] == "747"
    assert alert["value"] == 170 and "Bãi Sau" in alert["title"]
    with layer.store.session() as session:
        warnings = session.scalars(select(Warning_).where(Warning_.alert_id == int(alert["id"]))).all()
    assert {(w.audience, w.agency_code) for w in warnings} == {("agency", "CA"), ("citizens", None)}
    assert all("Hiệu lực đến 19:06 01/03/2026" in w.message for w in warnings)  # 17:06 local + 2 h
    assert all(w.unit_code == "747" for w in warnings)


def test_crowd_needs_whole_minutes_and_uses_the_default_threshold_elsewhere(layer):
    gap = counts("road", "sidewalk", "person", [200] * 7)
    write(layer, COUNTS.name, gap.drop(index=3))  # a missing minute is a zero
    assert alerts(layer, CROWD_RULE.id).empty
    write(layer, COUNTS.name, counts("road", "plaza", "person", [149] * 6))  # default 150
    assert alerts(layer, CROWD_RULE.id).empty
    write(layer, COUNTS.name, counts("road", "plaza", "person", [400] * 6))
    assert alerts(layer, CROWD_RULE.id)["severity"].tolist() == ["critical"]


def test_a_critical_crowd_opens_a_hot_incident(layer):
    write(layer, COUNTS.name, counts("beach", "sand", "person", [250] * 6))
    with layer.store.session() as session:
        incidents = session.scalars(select(Incident)).all()
        assert [(i.category, i.hot) for i in incidents] == [("mass_gathering", True)]


def test_congestion_needs_many_slow_vehicles(layer):
    busy = pd.concat(
        [
            counts("road", "lane", "car", [30] * 6, dwell=40.0),
            counts("road", "lane", "motorcycle", [40] * 6, dwell=40.0),
        ]
    )
    write(layer, COUNTS.name, busy)
    assert alerts(layer, CONGESTION_RULE.id).empty  # busy but moving: no jam
    slow = pd.concat(
        [
            counts("road", "lane", "car", [30] * 6, dwell=120.0),
            counts("road", "lane", "motorcycle", [40] * 6, dwell=110.0),
        ]
    )
    write(layer, COUNTS.name, slow)
    raised = alerts(layer, CONGESTION_RULE.id)
    assert raised["entity_id"].tolist() == ["road/lane"] and raised["value"].tolist() == [70]
    warnings = pd.read_sql_query("SELECT * FROM warnings", layer.store.engine)
    assert {"SGTVT", "CA"} <= set(warnings["agency_code"].dropna()) and "citizens" in set(warnings["audience"])


def test_intrusion_outside_allowed_hours_only_in_the_restricted_zone(layer):
    night = pd.Timestamp("2026-03-01T19:30Z")  # 02:30 local
    frame = pd.DataFrame(
        [
            event("e1", "port", "person", T0, zone="gate"),  # 17:00 local: allowed
            event("e2", "port", "person", night, zone="yard"),  # other zone
            event("e3", "port", "car", night, zone="gate"),  # not a person
            event("e4", "port", "person", night, zone="gate"),
        ]
    )
    write(layer, CAMERA_EVENTS.name, frame)
    raised = alerts(layer, IntrusionRule().id)
    assert len(raised) == 1 and raised["entity_id"].iloc[0] == "port" and "02:30" in raised["message"].iloc[0]


def test_fire_and_smoke_alert_at_once_and_open_an_immediate_incident(layer):
    frame = pd.DataFrame(
        [
            event("f0", "road", "smoke", T0, score=0.3),  # below fire_min_score
            event("f1", "beach", "smoke", T0, score=0.7),
            event("f2", "beach", "fire", T0 + pd.Timedelta(minutes=1), score=0.95),
        ]
    )
    write(layer, CAMERA_EVENTS.name, frame)
    raised = alerts(layer, FireRule().id)
    assert raised["entity_id"].tolist() == ["beach"] and raised["severity"].tolist() == ["critical"]
    assert "cháy" in raised["title"].iloc[0]
    with layer.store.session() as session:
        incidents = session.scalars(select(Incident)).all()
        assert [(i.category, i.procedure) for i in incidents] == [("fire", "immediate")]
    write(layer, CAMERA_EVENTS.name, frame.iloc[1:].assign(score=0.96))  # the same fire again: one incident
    assert pd.read_sql_query("SELECT count(*) AS n FROM incidents", layer.store.engine)["n"].item() == 1
    assert open_alerts(layer.store, "public_order").empty  # the alert became the incident


def test_silent_cameras_but_not_those_in_maintenance(layer):
    write(layer, COUNTS.name, counts("beach", "sand", "person", [5, 6]))
    write(layer, CAMERA_EVENTS.name, pd.DataFrame([event("i1", "idle", "person", T0)]))
    now = T0 + pd.Timedelta(minutes=40)
    silent = {d.entity_id for d in evaluate_schedule(plugin().rules, layer, now) if d.rule_id.endswith("silent")}
    assert silent == {"idle", "road", "port"}  # idle: 10 min × 3 < 40 min; road/port: never sent anything


def test_counts_are_derived_per_minute_and_idempotent(layer):
    frame = pd.DataFrame(
        [
            event("a", "road", "car", T0, zone="lane", end_time=T0 + pd.Timedelta(seconds=150)),
            event("b", "road", "car", T0 + pd.Timedelta(seconds=30), zone="lane"),
            event("c", "road", "motorcycle", T0, zone=None),
        ]
    )
    write(layer, CAMERA_EVENTS.name, frame)
    stored = layer.read(COUNTS.name).sort_values(["label", "time"])
    cars = stored[stored["label"] == "car"]
    assert cars["count"].tolist() == [2, 1, 1] and cars["place"].iloc[0] == "road/lane"
    assert stored[stored["label"] == "motorcycle"]["zone"].tolist() == ["*"]
    version = layer.version(COUNTS.name)
    write(layer, CAMERA_EVENTS.name, frame)  # a redelivered batch changes nothing
    assert layer.version(COUNTS.name) == version
    update = frame.iloc[[1]].assign(end_time=T0 + pd.Timedelta(seconds=200))  # b stays longer
    write(layer, CAMERA_EVENTS.name, update)
    cars = layer.read(COUNTS.name).query("label == 'car'").sort_values("time")
    assert cars["count"].tolist() == [2, 2, 2, 1]


def test_minute_counts_count_tracks_not_messages():
    frame = pd.DataFrame(
        [
            event("m1", "g", "vehicle", T0, track_id="o1", zone="lane"),
            event("m2", "g", "vehicle", T0 + pd.Timedelta(seconds=5), track_id="o1", zone="lane"),
            event("m3", "g", "vehicle", T0 + pd.Timedelta(seconds=9), track_id="o2", zone="lane"),
        ]
    )
    frame["last_seen"] = frame["time"]
    frame["event_type"] = "moving"
    assert minute_counts(frame)["count"].tolist() == [2]


def test_minute_counts_skip_emptied_parking_spots():
    frame = pd.DataFrame(
        [event("p1", "g", "vehicle", T0, event_type="parked"), event("p2", "g", "vehicle", T0, event_type="empty")]
    )
    frame["last_seen"] = frame["time"]
    frame["zone"] = "spot"
    assert minute_counts(frame)["count"].tolist() == [1]


def test_plates_and_recognised_names_are_masked_for_display(layer):
    frame = pd.DataFrame([event("p", "road", "car", T0, plate="72A-123.45", sub_label_name="Nguyễn Văn An")])
    write(layer, CAMERA_EVENTS.name, frame)
    masked = layer.read(CAMERA_EVENTS.name, mask_pii=True).iloc[0]
    assert masked["plate"] == "72A-***.**" and masked["sub_label_name"] == "N. V. A."
    assert layer.read(CAMERA_EVENTS.name).iloc[0]["plate"] == "72A-123.45"  # stored as received
