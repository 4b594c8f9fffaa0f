"""Compliance across the Tết week of 2026, reminders by e-mail the working day before, the
missed-report alert, the leaders' monthly table and the overview tile.

Tết 2026: Monday 16/02 and Thursday 19/02 are holidays; the first working day after them is
Monday 23/02, so both reports are due then; the reminder for them goes on Friday 13/02.
"""

from datetime import date

import pandas as pd
import pytest

from ioc.calendar import WorkingCalendar
from ioc.ingest import process_batch
from ioc.notify import EmailSender, Notifier
from ioc_plugins.submissions import queries
from ioc_plugins.submissions.compliance import compliance, due_date, monthly_table, reminder_date
from ioc_plugins.submissions.reminders import reminders_due, send_reminders
from ioc_plugins.submissions.rules import MissedSubmissionRule

ZONE = "Asia/Ho_Chi_Minh"


def local(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz=ZONE).tz_convert("UTC")


def receipt(agency: str, report_date: str, received: str) -> dict:
    return {
        "submission_id": f"{agency}-{report_date}",
        "agency": agency,
        "report_date": pd.Timestamp(report_date),
        "received_at": local(received),
        "channel": "file",
        "status": "accepted",
        "rows_accepted": 3,
        "rows_rejected": 0,
    }


RECEIVED = pd.DataFrame(
    [
        receipt("SDL", "2026-02-12", "2026-02-12 15:00"),  # on the day
        receipt("SDL", "2026-02-16", "2026-02-23 09:00"),  # Tết Monday: due 23/02, on time
        receipt("SDL", "2026-02-19", "2026-02-24 16:00"),  # Tết Thursday: due 23/02, one working day late
        receipt("SYT", "2026-02-12", "2026-02-13 08:00"),  # the next day: late
    ]
)


def test_due_dates_and_reminders_move_with_tet():
    calendar = WorkingCalendar()
    assert due_date(date(2026, 2, 16), calendar) == date(2026, 2, 23)
    assert due_date(date(2026, 2, 19), calendar) == date(2026, 2, 23)
    assert due_date(date(2026, 2, 12), calendar) == date(2026, 2, 12)
    assert reminder_date(date(2026, 2, 16), calendar) == date(2026, 2, 13)
    assert reminder_date(date(2026, 2, 26), calendar) == date(2026, 2, 25)
    assert reminder_date(date(2026, 3, 2), calendar) == date(2026, 2, 27)  # Friday before a Monday


def test_on_time_late_missing_and_pending_across_the_tet_week():
    states = compliance(RECEIVED, ["SDL", "SYT"], date(2026, 2, 12), date(2026, 2, 26), local("2026-02-26 09:00"))
    state = states.set_index(["agency", "report_date"])
    assert state.loc[("SDL", date(2026, 2, 12)), "state"] == "on_time"
    assert state.loc[("SDL", date(2026, 2, 16)), "state"] == "on_time"
    late = state.loc[("SDL", date(2026, 2, 19))]
    assert late["state"] == "late" and late["working_days_late"] == 1 and late["due_date"] == date(2026, 2, 23)
    assert state.loc[("SYT", date(2026, 2, 12)), "state"] == "late"
    assert state.loc[("SYT", date(2026, 2, 12)), "working_days_late"] == 1
    missing = state.loc[("SYT", date(2026, 2, 16))]
    assert missing["state"] == "missing" and missing["working_days_late"] == 3  # 23/02 → 26/02
    assert state.loc[("SDL", date(2026, 2, 23)), "state"] == "missing"
    assert state.loc[("SDL", date(2026, 2, 26)), "state"] == "pending"  # due today, not over yet
    # during the holiday nothing is missing yet: the Tết reports are due on 23/02
    during = compliance(RECEIVED, ["SYT"], date(2026, 2, 16), date(2026, 2, 19), local("2026-02-20 10:00"))
    assert set(during["state"]) == {"pending"}


def test_the_monthly_table():
    states = compliance(RECEIVED, ["SDL", "SYT"], date(2026, 2, 1), date(2026, 2, 28), local("2026-03-02 09:00"))
    table = monthly_table(states).set_index("agency")
    assert table.loc["SDL", "due"] == 8  # the Mondays and Thursdays of February 2026
    assert (table.loc["SDL", "on_time"], table.loc["SDL", "late"]) == (2, 1)
    assert table.loc["SDL", "missing"] == 5 and table.loc["SDL", "on_time_rate"] == pytest.approx(25.0)
    assert table.loc["SYT", "on_time"] == 0


def test_reminders_by_e_mail_the_working_day_before(layer, smtp_server):
    port, inbox = smtp_server
    process_batch(layer, "submissions.receipts", RECEIVED.iloc[:1])  # SDL sent 12/02
    friday = local("2026-02-13 08:00")
    due = reminders_due(layer, friday)
    # Friday 13/02 is the working day before 23/02, when the two Tết reports and the Monday's are due
    assert set(due["report_date"]) == {date(2026, 2, 16), date(2026, 2, 19), date(2026, 2, 23)}
    assert "SDL" in set(due["agency"]) and "STC" in set(due["agency"])
    notifier = Notifier(email=EmailSender("127.0.0.1", port, "IOC <ioc@example.gov.vn>"))
    sent = send_reminders(layer, notifier, friday)
    assert sent and all(r.status == "sent" for r in sent)
    messages = inbox.to("sdl@example.gov.vn")
    assert len(messages) == 3 and "Nhắc gửi báo cáo ngày 16/02/2026" in {
        m["Subject"].split(": ", 1)[1] for m in messages
    }
    body = messages[0].get_body("plain").get_content()
    assert "23/02/2026" in body  # the due date after Tết
    assert reminders_due(layer, local("2026-02-16 08:00")).empty  # a holiday: no reminders


def test_missed_reports_raise_an_alert_and_the_tile(layer):
    process_batch(layer, "submissions.receipts", RECEIVED)
    drafts = MissedSubmissionRule().evaluate_at(layer, local("2026-02-26 09:00"))
    entities = {d.entity_id for d in drafts}
    assert "SYT@2026-02-16" in entities and "SDL@2026-02-23" in entities
    assert "SDL@2026-02-16" not in entities and "SDL@2026-02-26" not in entities
    assert all(d.domain == "submissions" and d.audiences[0].agency_code in d.entity_id for d in drafts)
    tile = queries.overview_tile(layer, local("2026-02-26 09:00"))
    assert tile.status == "alert" and tile.figures[1].value > 0
    table = queries.monthly_compliance(layer, local("2026-02-26 09:00"), months=1)
    assert set(table["agency"]) >= {"SDL", "SYT", "STC"} and "Sở Du lịch" in set(table["name"])


def test_queries_on_an_empty_deployment(sqlite_settings):
    from ioc.datalayer import DataLayer

    empty = DataLayer(sqlite_settings)
    try:
        assert queries.latest_receipt_time(empty) is None and queries.recent_receipts(empty).empty
        assert queries.overview_tile(empty, local("2026-02-26 09:00")).status == "unknown"
    finally:
        empty.close()
