"""A portal sync that changes a dossier's status without events: the implied events reach the rules."""

from __future__ import annotations

import pandas as pd
import pytest

from ioc.alerts import open_alerts
from ioc.calendar import WorkingCalendar
from ioc.datalayer import DataLayer
from ioc.ingest import process_batch
from ioc.plugins import Registry
from ioc_plugins.public_admin import plugin
from ioc_plugins.public_admin.checks import check_history
from ioc_plugins.public_admin.derive import PORTAL, implied_actions
from ioc_plugins.public_admin.tables import TABLES

ZONE = "Asia/Ho_Chi_Minh"
DOSSIERS, EVENTS = "public_admin.dossiers", "public_admin.dossier_events"


def t(text: str) -> pd.Timestamp:
    return pd.Timestamp(text).tz_localize(ZONE).tz_convert("UTC")


@pytest.fixture
def layer(sqlite_settings):
    datalayer = DataLayer(sqlite_settings, tables=TABLES)
    yield datalayer
    datalayer.close()


@pytest.fixture
def reg():
    return Registry([plugin()])


def sync(layer, reg, at: str, **statuses):
    """One portal sync at ``at``: each dossier ``code=status`` (or ``code=(status, finished_at)``)."""
    rows = []
    for code, value in statuses.items():
        status, finished = value if isinstance(value, tuple) else (value, None)
        rows.append({"code": code, "procedure_code": "P1", "agency_code": "STP", "unit_code": "P.BARIA",
                     "channel": 1, "status": status, "received_at": t("2026-02-09 09:00"),
                     "due_at": t("2026-02-13 16:00"), "finished_at": t(finished) if finished else None})  # fmt: skip
    return process_batch(layer, DOSSIERS, pd.DataFrame(rows), plugins=reg, now=t(at))


def kinds(layer, code):
    alerts = open_alerts(layer.store, "public_admin")
    return sorted(alerts.loc[alerts["entity_id"] == code, "rule_id"].str.removeprefix("public_admin."))


def test_a_status_change_in_the_sync_becomes_an_event_with_its_reason(layer, reg):
    sync(layer, reg, "2026-02-10 08:00", D=4)
    assert layer.version(EVENTS) is None  # a first sync implies nothing
    results = sync(layer, reg, "2026-02-24 10:00", D=8)
    assert [r.table for r in results] == [DOSSIERS, EVENTS]
    events = layer.read(EVENTS)
    assert len(events) == 1
    event = events.iloc[0]
    assert event["action"] == "paused" and event["actor"] == PORTAL
    assert event["at"] == t("2026-02-24 10:00")  # no NgayKetThucXuLy: the sync's time
    assert event["implied_by"] == "Đồng bộ Cổng DVCQG: trạng thái 4 (Đang xử lý) → 8 (Dừng xử lý)"
    # overdue when it stopped, without a letter; the sync carries no reason field: not "missing_reason"
    assert kinds(layer, "D") == ["no_apology"]
    # the same sync again derives nothing
    again = sync(layer, reg, "2026-02-24 11:00", D=8)
    assert [r.table for r in again] == [DOSSIERS] and len(layer.read(EVENTS)) == 1


def test_supplements_and_a_late_result_seen_only_in_the_sync(layer, reg):
    sync(layer, reg, "2026-02-10 08:00", E=4)
    sync(layer, reg, "2026-02-11 08:00", E=5)
    sync(layer, reg, "2026-02-12 08:00", E=4)
    assert kinds(layer, "E") == []
    sync(layer, reg, "2026-02-23 08:00", E=5)  # a second request, after NgayHenTra (13/2)
    sync(layer, reg, "2026-02-25 08:00", E=(10, "2026-02-24 15:00"))  # finished 24/2, returned by 25/2
    events = layer.read(EVENTS).sort_values(["at", "event_id"])
    assert list(events["action"]) == ["supplement_requested", "supplement_returned", "supplement_requested",
                                      "finished", "result_returned"]  # fmt: skip
    assert events["at"].iloc[3] == t("2026-02-24 15:00")  # the finish at NgayKetThucXuLy
    assert kinds(layer, "E") == ["no_apology", "overdue", "repeated_supplement", "result_late", "supplement_after_due"]


def test_nothing_is_implied_when_the_stream_told_it_first(layer, reg):
    sync(layer, reg, "2026-02-10 08:00", F=4)
    told = pd.DataFrame([{"event_id": "f1", "dossier_code": "F", "action": "paused", "at": t("2026-02-11 09:00"),
                          "stated_reason": "Chờ ý kiến cơ quan phối hợp"}])  # fmt: skip
    process_batch(layer, EVENTS, told, plugins=reg, now=t("2026-02-11 09:05"))
    sync(layer, reg, "2026-02-12 08:00", F=8)
    assert list(layer.read(EVENTS)["event_id"]) == ["f1"]
    assert kinds(layer, "F") == []


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [
        (None, 10, []),  # a first sync: when was it reached?
        (4, 4, []),
        (1, 4, [("received", "2026-02-09 09:00")]),
        (1, 3, [("refused", "2026-02-20 10:00")]),  # refused at NgayKetThucXuLy, never "received"
        (9, 10, [("result_returned", "sync")]),
        (4, 9, [("finished", "2026-02-20 10:00")]),
        (5, 4, [("supplement_returned", "sync")]),
        (4, 7, [("withdrawn", "2026-02-20 10:00")]),
    ],
)
def test_the_implied_actions_of_each_transition(previous, current, expected):
    synced = t("2026-02-24 10:00")
    row = {"received_at": t("2026-02-09 09:00"), "finished_at": t("2026-02-20 10:00")}
    found = implied_actions(previous, current, row, synced, set())
    assert found == [(action, synced if at == "sync" else t(at)) for action, at in expected]


def test_a_change_both_told_and_implied_counts_once():
    """The stream's request (10/2) and the sync that implied it later (11/2): one request, not two."""
    row = {"code": "G", "channel": 1, "received_at": t("2026-02-09 09:00"), "due_at": t("2026-03-02 09:00")}
    told = {"event_id": "g1", "action": "supplement_requested", "at": t("2026-02-10 09:00"), "stated_reason": "x"}
    implied = {"event_id": "sync:G", "action": "supplement_requested", "at": t("2026-02-11 08:00"),
               "implied_by": "Đồng bộ Cổng DVCQG: trạng thái 4 → 5"}  # fmt: skip
    calendar = WorkingCalendar(time_zone=ZONE)
    assert check_history(row, [told, implied], calendar) == []
    second = {**told, "event_id": "g2", "at": t("2026-02-11 07:00")}  # a real second request still counts
    assert [v.kind for v in check_history(row, [told, second], calendar)] == ["repeated_supplement"]
