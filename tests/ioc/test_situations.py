"""Cross-domain situation fusion: events near in place and time become one situation."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest

from ioc.situations import EVENT_COLUMNS, distance_km, fuse

T0 = pd.Timestamp("2026-11-20T08:00:00Z")


def events(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(EVENT_COLUMNS))


def test_distance_is_haversine():
    assert distance_km(107.0, 10.0, 107.0, 10.0) == 0
    assert distance_km(107.0, 10.0, 107.0, 11.0) == pytest.approx(111.2, abs=0.2)


def test_a_flood_seen_by_four_domains_is_one_situation_with_evidence_per_domain():
    frame = events(
        ("alert", 1, "environment", "high", "Mực nước báo động II", "26506", 107.080, 10.350, T0),
        ("alert", 2, "public_order", "warning", "Ùn tắc camera 3/2", None, 107.085, 10.352, T0 + timedelta(minutes=40)),
        ("incident", 7, "feedback", "warning", "Ngập đường 3/2", "26506", None, None, T0 + timedelta(hours=1)),
        ("alert", 3, "social", "warning", "Bài viết tiêu cực về ngập", "26506", None, None, T0 + timedelta(hours=2)),
        # far away, same time: its own situation
        ("alert", 4, "environment", "critical", "AQI Xấu Côn Đảo", "26680", 106.60, 8.69, T0),
        # same place, a day later: its own situation
        ("alert", 5, "environment", "warning", "Mực nước báo động I", "26506", 107.08, 10.35, T0 + timedelta(days=1)),
    )
    situations = fuse(frame, radius_km=2.0, window=timedelta(hours=3))
    assert len(situations) == 3
    flood = next(s for s in situations if s.cross_domain)
    assert flood.domains == ("environment", "feedback", "public_order", "social")
    assert flood.unit_code == "26506" and flood.severity == "high" and flood.size == 4
    assert [e["title"] for e in flood.evidence["feedback"]] == ["Ngập đường 3/2"]
    assert flood.start == T0 and flood.end == T0 + timedelta(hours=2)
    assert flood.lon == pytest.approx(107.0825) and flood.key == "S-alert-1"
    assert situations[0].severity == "critical"  # worst first


def test_single_linkage_chains_events_within_the_window():
    frame = events(
        ("alert", 1, "a", "info", "x", None, 107.00, 10.0, T0),
        ("alert", 2, "b", "info", "y", None, 107.01, 10.0, T0 + timedelta(hours=2)),
        ("alert", 3, "c", "info", "z", None, 107.02, 10.0, T0 + timedelta(hours=4)),
    )
    assert len(fuse(frame, radius_km=2.0, window=timedelta(hours=3))) == 1
    assert len(fuse(frame, radius_km=2.0, window=timedelta(hours=1))) == 3


def test_no_events_no_situations():
    assert fuse(events()) == []


def test_situations_from_the_store(datalayer):
    from ioc.alerts import store_alerts
    from ioc.rules import AlertDraft
    from ioc.situations import current_situations, hot_unacknowledged

    drafts = [
        AlertDraft(
            rule_id=f"t.{domain}",
            domain=domain,
            category="flood",
            severity="high",
            title=f"{domain} ngập",
            message="",
            observed_at=T0 + timedelta(minutes=10 * i),
            unit_code="26506",
        )
        for i, domain in enumerate(("environment", "public_order"))
    ]
    store_alerts(datalayer.store, drafts)
    situations = current_situations(datalayer.store, T0 + timedelta(hours=1))
    assert len(situations) == 1 and situations[0].domains == ("environment", "public_order")
    assert current_situations(datalayer.store, T0 + timedelta(days=3)) == []
    assert hot_unacknowledged(datalayer.store) == []


def test_missing_unit_codes_as_nan_do_not_break_fusion():
    frame = events(
        ("alert", 1, "a", "high", "x", float("nan"), 107.0, 10.0, T0),
        ("incident", 2, "b", "warning", "y", float("nan"), 107.001, 10.0, T0),
    )
    (situation,) = fuse(frame)
    assert situation.unit_code is None and situation.domains == ("a", "b")
