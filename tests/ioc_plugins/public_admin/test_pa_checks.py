"""Each per-action check fires exactly on its planted case and on none of the clean ones.

Every case straddles Tết 2026 (days off Saturday 14/2 to Sunday 22/2): counted in calendar
days most clean dossiers would look late; counted in working days they are not.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from ioc.calendar import WorkingCalendar
from ioc_plugins.public_admin.checks import DossierTracker, WorkingDayIndex, check_history, new_violations
from ioc_plugins.public_admin.config import PublicAdminConfig

ZONE = "Asia/Ho_Chi_Minh"
CALENDAR = WorkingCalendar(time_zone=ZONE)


def t(text: str) -> pd.Timestamp:
    return pd.Timestamp(text).tz_localize(ZONE).tz_convert("UTC")


def dossier(received: str, due: str | None, channel: int = 1) -> dict:
    return {"code": "H1", "channel": channel, "received_at": t(received), "due_at": t(due) if due else None,
            "agency_code": "STP", "unit_code": "P.BARIA"}  # fmt: skip


def ev(action: str, at: str, **extra) -> dict:
    return {"event_id": f"{action}@{at}", "action": action, "at": t(at), **extra}


CLEAN_FLOW = [
    ev("assigned", "2026-02-13 09:00", actor="cb.an", step="Thẩm định", quota_days=3),
    ev("transferred", "2026-02-25 09:00", actor="lanh.dao", step="Phê duyệt", quota_days=1),
    ev("finished", "2026-02-26 09:00"),
    ev("result_returned", "2026-02-26 15:00"),
]

CASES = {
    # submitted Friday before Tết, received the first working day after: 1 working day, on time
    "clean_online": (
        dossier("2026-02-23 08:00", "2026-03-02 08:00", channel=2),
        [ev("submitted", "2026-02-13 16:00"), ev("received", "2026-02-23 08:00"), *CLEAN_FLOW[1:]],
        set(),
    ),
    # held by cb.an from Friday 13/2 to Wednesday 25/2: 3 working days, quota 3 (12 calendar days)
    "clean_desk": (dossier("2026-02-12 09:00", "2026-03-02 09:00"), CLEAN_FLOW, set()),
    "clean_refused_with_reason": (
        dossier("2026-02-12 09:00", "2026-03-02 09:00"),
        [ev("refused", "2026-02-13 09:00", stated_reason="Hồ sơ không thuộc thẩm quyền")],
        set(),
    ),
    # submitted Thursday 12/2, received Tuesday 24/2: 3 working days later
    "late_reception": (
        dossier("2026-02-24 09:00", "2026-03-03 09:00", channel=2),
        [ev("submitted", "2026-02-12 10:00"), ev("received", "2026-02-24 09:00")],
        {"late_reception"},
    ),
    "overdue_without_apology": (
        dossier("2026-02-09 09:00", "2026-02-13 16:00"),
        [ev("finished", "2026-02-24 09:00"), ev("result_returned", "2026-02-24 10:00")],
        {"overdue", "result_late", "no_apology"},
    ),
    "overdue_with_apology": (
        dossier("2026-02-09 09:00", "2026-02-13 16:00"),
        [
            ev("apology_issued", "2026-02-13 10:00"),
            ev("finished", "2026-02-23 09:00"),
            ev("result_returned", "2026-02-23 10:00"),
        ],
        {"overdue", "result_late"},
    ),
    "result_late_only": (
        dossier("2026-02-09 09:00", "2026-02-13 16:00"),
        [
            ev("apology_issued", "2026-02-13 09:00"),
            ev("finished", "2026-02-13 11:00"),
            ev("result_returned", "2026-02-23 08:00"),
        ],
        {"result_late"},
    ),
    "repeated_supplement": (
        dossier("2026-02-09 09:00", "2026-03-02 09:00"),
        [
            ev("supplement_requested", "2026-02-10 09:00", stated_reason="Thiếu bản sao"),
            ev("supplement_returned", "2026-02-12 09:00"),
            ev("supplement_requested", "2026-02-24 09:00", stated_reason="Thiếu chữ ký"),
        ],
        {"repeated_supplement"},
    ),
    "supplement_after_due": (
        dossier("2026-02-09 09:00", "2026-02-13 16:00"),
        [ev("apology_issued", "2026-02-13 08:00"), ev("supplement_requested", "2026-02-23 09:00")],
        {"supplement_after_due"},
    ),
    "paused_without_reason": (
        dossier("2026-02-09 09:00", "2026-03-02 09:00"),
        [ev("paused", "2026-02-24 09:00", stated_reason="  ")],
        {"missing_reason"},
    ),
    # held from Thursday 12/2 to Wednesday 25/2: 13/2, 23/2, 24/2, 25/2 = 4 working days > 3
    "step_over_quota": (
        dossier("2026-02-11 09:00", "2026-03-09 09:00"),
        [ev("assigned", "2026-02-12 09:00", actor="cb.an", step="Thẩm định", quota_days=3), *CLEAN_FLOW[1:]],
        {"step_over_quota"},
    ),
    "withdrawal_after_due": (
        dossier("2026-02-09 09:00", "2026-02-13 16:00"),
        [ev("apology_issued", "2026-02-12 09:00"), ev("withdrawn", "2026-02-23 09:00")],
        {"withdrawal_after_due"},
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_rule_fires_exactly_on_its_planted_case(name):
    row, events, expected = CASES[name]
    found = check_history(row, events, CALENDAR)
    assert {v.kind for v in found} == expected
    assert len(found) == len(expected)  # once each
    assert all(v.agency_code == "STP" for v in found)


def test_a_calendar_day_count_would_have_flagged_the_clean_cases():
    """The clean cases are clean because of the Tết days off, not by accident."""
    assert CALENDAR.working_days_between(t("2026-02-13 16:00"), t("2026-02-23 08:00")) == 1
    assert (t("2026-02-23 08:00") - t("2026-02-13 16:00")).days == 9
    assert CALENDAR.working_days_between(t("2026-02-13 09:00"), t("2026-02-25 09:00")) == 3


def test_out_of_order_and_duplicated_events_give_the_same_violations():
    row, events, expected = CASES["overdue_without_apology"]
    shuffled = [events[1], events[0], events[1], events[0]]
    assert {v.kind for v in check_history(row, shuffled, CALENDAR)} == expected
    assert len(check_history(row, shuffled, CALENDAR)) == len(expected)


def test_the_configured_supplement_limit():
    row, events, _ = CASES["repeated_supplement"]
    assert check_history(row, events, CALENDAR, PublicAdminConfig(max_supplements=2)) == []


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-02-27 09:00", set()),  # 3 of 10 working days left (11/2 → 4/3 across Tết)
        ("2026-03-02 09:00", {"overdue_warning"}),  # 2 of 10 left: ≤ 20 %
        ("2026-03-05 09:00", {"overdue", "no_apology"}),
    ],
)
def test_the_clock_warns_then_flags_an_open_dossier(now, expected):
    row = dossier("2026-02-11 09:00", "2026-03-04 09:00")
    assert CALENDAR.working_days_between(row["received_at"], row["due_at"]) == 10
    found = check_history(row, [ev("received", "2026-02-11 09:00")], CALENDAR, now=t(now))
    assert {v.kind for v in found} == expected


def test_the_clock_flags_a_step_still_held_past_its_quota():
    row = dossier("2026-02-11 09:00", "2026-03-30 09:00")
    tracker = DossierTracker.for_dossier(row, CALENDAR, PublicAdminConfig())
    tracker.apply(ev("assigned", "2026-02-12 09:00", actor="cb.an", step="Thẩm định", quota_days=3))
    assert tracker.at_time(t("2026-02-24 17:00")) == []  # 13/2, 23/2, 24/2: 3 working days
    assert [v.kind for v in tracker.at_time(t("2026-02-25 08:00"))] == ["step_over_quota"]


def test_a_finished_dossier_is_not_flagged_by_the_clock():
    row, events, _ = CASES["clean_desk"]
    tracker = DossierTracker.for_dossier(row, CALENDAR, PublicAdminConfig())
    for event in events:
        tracker.apply(event)
    assert tracker.at_time(t("2026-06-01 09:00")) == []


def test_the_working_day_index_agrees_with_the_calendar():
    """The O(1) arithmetic of the per-event checks equals the calendar's day-by-day walk.

    Random instants from 2024 to 2027 (three Tết holidays, year ends, make-up days), aware in
    UTC and in site time and naive; ``add`` for 1–15 working days (an empty index grows).
    """
    index = WorkingDayIndex(CALENDAR)
    rng = random.Random(766)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for _ in range(400):
        a = start + timedelta(minutes=rng.randrange(4 * 365 * 24 * 60))
        b = a + timedelta(minutes=rng.randrange(-90 * 24 * 60, 90 * 24 * 60))
        if rng.random() < 0.3:
            a, b = a.astimezone(CALENDAR.time_zone), b.replace(tzinfo=None)
        assert index.between(a, b) == CALENDAR.working_days_between(a, b), (a, b)
        n = rng.randrange(1, 16)
        assert index.add(a, n) == CALENDAR.add_working_days(a, n), (a, n)
    assert index.add(start, 0) == start


@pytest.mark.parametrize("name", sorted(CASES))
def test_new_violations_equal_two_replays_in_and_out_of_order(name):
    """What a batch reveals: the one-replay path (in order) and the two-replay path agree."""
    row, events, _ = CASES[name]
    for cut in range(len(events) + 1):
        old, new = events[:cut], events[cut:]
        new_ids = {e["event_id"] for e in new}
        before = {v.kind for v in check_history(row, old, CALENDAR)}
        expected = [v for v in check_history(row, events, CALENDAR) if v.kind not in before]
        assert new_violations(row, events, new_ids, CALENDAR) == expected
        # the new events arriving first (out of order): the second path
        late = {e["event_id"] for e in old}
        before = {v.kind for v in check_history(row, new, CALENDAR)}
        expected = [v for v in check_history(row, events, CALENDAR) if v.kind not in before]
        assert new_violations(row, events, late, CALENDAR) == expected
