"""The public-order demo: seeded, ingests cleanly, and raises every planted case."""

from __future__ import annotations

import pandas as pd

from ioc.config import load_settings
from ioc.datalayer import DataLayer
from ioc.demo import run_demo
from ioc.plugins import DemoContext, registry
from ioc.rules import evaluate_schedule
from ioc_plugins.public_order.demo import (
    DEAD_CAMERA,
    FESTIVAL_CAMERA,
    FIRE_CAMERA,
    INTRUSION_CAMERA,
    JAM_CAMERA,
    generate,
)


def test_demo_is_seeded():
    context = DemoContext(start=pd.Timestamp("2026-05-01T00:00Z"), days=1, seed=3)
    first = [(table, frame.reset_index(drop=True)) for table, frame in generate(context)]
    second = list(generate(context))
    assert [t for t, _ in first] == [t for t, _ in second]
    for (_, a), (_, b) in zip(first, second):
        pd.testing.assert_frame_equal(a, b.reset_index(drop=True))


def test_demo_ingests_cleanly_and_raises_the_planted_cases(tmp_path):
    now = pd.Timestamp.now(tz="UTC")
    settings = load_settings(data_dir=tmp_path / "data")
    datalayer = DataLayer(settings)
    totals = run_demo(datalayer, days=2, plugins=["public_order"], progress=False, now=now)
    assert all(counts["rejected"] == 0 for counts in totals.values()), totals
    assert totals["public_order.counts"]["accepted"] > 10_000
    alerts = pd.read_sql_query("SELECT rule_id, entity_id, severity, status FROM alerts", datalayer.store.engine)
    raised = set(zip(alerts["rule_id"], alerts["entity_id"]))
    assert ("public_order.crowd", f"{FESTIVAL_CAMERA}/bai_tam") in raised
    assert ("public_order.congestion", f"{JAM_CAMERA}/lan_duong") in raised
    assert ("public_order.fire", FIRE_CAMERA) in raised
    assert ("public_order.intrusion", INTRUSION_CAMERA) in raised
    assert set(alerts[alerts["rule_id"] == "public_order.congestion"]["entity_id"]) == {f"{JAM_CAMERA}/lan_duong"}
    incidents = pd.read_sql_query("SELECT category, procedure, hot FROM incidents", datalayer.store.engine)
    assert set(zip(incidents["category"], incidents["procedure"], incidents["hot"].astype(bool))) == {
        ("mass_gathering", "timed", True),
        ("fire", "immediate", False),
    }
    silent = {d.entity_id for d in evaluate_schedule(registry().rules(), datalayer, now) if d.domain == "public_order"}
    assert silent == {DEAD_CAMERA}
    snapshots = list(settings.paths.media("public_order").rglob("*.jpg"))
    assert 0 < len(snapshots) < totals["public_order.camera_events"]["accepted"]  # some stay missing on purpose
    datalayer.close()


def test_with_a_broker_configured_the_demo_takes_the_live_path(tmp_path, mosquitto_broker):
    listen = {
        "mqtt": {
            "port": mosquitto_broker.port,
            "client_id": "ioc-demo-test",
            "topics": {"frigate/#": "public_order.frigate_events"},
        }
    }
    settings = load_settings(data_dir=tmp_path / "data", listen=listen)
    datalayer = DataLayer(settings)
    totals = run_demo(datalayer, days=1, plugins=["public_order"], progress=False)
    assert "public_order.camera_events" not in totals  # not ingested directly …
    stored = datalayer.read("public_order.camera_events")
    assert len(stored) > 50 and set(stored["source"]) == {"frigate"}  # … but through the broker
    assert (stored["event_id"] == "demo-fire-2").any()
    fire = pd.read_sql_query("SELECT category FROM incidents", datalayer.store.engine)
    assert "fire" in set(fire["category"])
    snapshots = settings.paths.media("public_order")
    with_file = [s for s in stored["snapshot"].dropna() if (snapshots / s).is_file()]
    assert with_file  # Frigate's snapshot paths point at the demo's pictures
    datalayer.close()


def test_a_sizing_profile_gets_detections_on_every_day_linear_in_scale(tmp_path):
    """``full_span`` (``ioc demo --profile``): a year of events, not the everyday demo's last days."""
    from ioc_plugins.public_order.demo import PROFILE_EVENTS_PER_DAY

    start = pd.Timestamp("2026-01-01T00:00Z")
    batches = {}
    for scale in (0.01, 0.02):
        context = DemoContext(start=start, days=6, scale=scale, seed=5, full_span=True)
        batches[scale] = [frame for table, frame in generate(context) if table == "public_order.camera_events"]
    yearly = pd.concat(batches[0.01][:-1])  # the last batch is the everyday demo's planted cases
    assert sorted(yearly["time"].dt.floor("D").unique()) == list(pd.date_range(start, periods=6, freq="D"))
    assert abs(len(yearly) - 6 * PROFILE_EVENTS_PER_DAY * 0.01) < 60  # Poisson around the daily rate
    assert 1.7 < sum(map(len, batches[0.02][:-1])) / len(yearly) < 2.3
    assert yearly["plate"].notna().any() and yearly["event_id"].is_unique
    datalayer = DataLayer(load_settings(data_dir=tmp_path / "data"))
    try:
        datalayer.write("public_order.cameras", next(generate(DemoContext(start=start, days=1)))[1])
        result = datalayer.write("public_order.camera_events", yearly)
        assert (result.accepted, result.rejected) == (len(yearly), 0), result.summary()
    finally:
        datalayer.close()


def test_a_sizing_profiles_days_of_detections_are_counted_without_reading_them_back(tmp_path, monkeypatch):
    """The counters' minutes come after the year's detections: stored before, they would lie
    above every minute the detections' counter has seen, and each day would be read back."""
    from ioc.ingest import process_batch

    datalayer = DataLayer(load_settings(data_dir=tmp_path / "data"))
    reads = []
    read = datalayer.read
    monkeypatch.setattr(datalayer, "read", lambda name, **kwargs: reads.append(name) or read(name, **kwargs))
    context = DemoContext(
        start=pd.Timestamp("2026-01-01T00:00Z"), days=4, scale=0.01, seed=5, settings=datalayer.settings, full_span=True
    )
    per_batch = []
    try:
        for table, frame in generate(context):
            reads.clear()
            process_batch(datalayer, table, frame)
            per_batch.append((table, reads.count("public_order.camera_events")))
    finally:
        datalayer.close()
    days = [count for table, count in per_batch if table == "public_order.camera_events"][:4]
    assert days[0] > 0 and days[1:] == [0, 0, 0]  # the first day loads each camera's minutes
    assert per_batch[-1][0] == "public_order.counts"
