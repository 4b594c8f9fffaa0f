"""Compliance with the Monday/Thursday submissions (Điều 15.2): on time, late, missing, pending.

Every Monday and Thursday is a report date for every agency. Project choices, stated in the
instructions sheet of the template: a report date that is not a working day (a weekend make-up
swap, Tết, another public holiday) is due on the next working day of the Vietnamese calendar
(:class:`ioc.calendar.WorkingCalendar`); a workbook received on its due date (site time) is on
time; one received later is late by the number of working days between the due date and the day
it arrived; a report date without an accepted (or partly accepted) workbook is missing once its
due date is over, pending before. Reminders go the working day before the due date, to agencies
that have not sent that report yet.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from ioc.calendar import WorkingCalendar
from ioc.config import site_timezone
from ioc.datalayer import DataLayer

STATES = ("on_time", "late", "missing", "pending")
STATE_LABELS = {"on_time": "Đúng hạn", "late": "Muộn", "missing": "Không gửi", "pending": "Chưa đến hạn"}
REPORT_WEEKDAYS = (0, 3)  # Monday, Thursday
COLUMNS = ["agency", "report_date", "due_date", "state", "received_at", "working_days_late", "submission_id"]


def report_dates(start: date, end: date) -> list[date]:
    """Every Monday and Thursday from ``start`` to ``end`` (inclusive)."""
    days = pd.date_range(start, end, freq="D")
    return [d.date() for d in days if d.weekday() in REPORT_WEEKDAYS]


def due_date(report_date: date, calendar: WorkingCalendar) -> date:
    """The report date itself when it is a working day, else the next working day."""
    return report_date if calendar.is_working_day(report_date) else calendar.next_working_day(report_date)


def reminder_date(report_date: date, calendar: WorkingCalendar) -> date:
    """The working day before the due date."""
    day = due_date(report_date, calendar) - timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def _local_day(stamp: pd.Timestamp, timezone: str) -> date:
    stamp = pd.Timestamp(stamp)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp
    return stamp.tz_convert(timezone).date()


def receipts(datalayer: DataLayer) -> pd.DataFrame:
    """Accepted and partly accepted receipts (rejected workbooks do not count as sent)."""
    if datalayer.version("submissions.receipts") is None:
        return pd.DataFrame(columns=["submission_id", "agency", "report_date", "received_at", "status"])
    frame = datalayer.read("submissions.receipts")
    return frame[frame["status"].isin(["accepted", "partial"])].reset_index(drop=True)


def compliance(
    received: pd.DataFrame,
    agencies: list[str],
    start: date,
    end: date,
    now: pd.Timestamp,
    *,
    calendar: WorkingCalendar | None = None,
    timezone: str | None = None,
) -> pd.DataFrame:
    """One row per agency and report date between ``start`` and ``end``: its state at ``now``.

    ``received`` has ``agency``, ``report_date``, ``received_at`` and ``submission_id``; the first
    workbook of a report date counts (a correction sent later does not make it late).
    """
    calendar = calendar or WorkingCalendar()
    timezone = timezone or site_timezone()
    today = _local_day(now, timezone)
    first = (
        received.assign(report_day=pd.to_datetime(received["report_date"]).dt.date)
        .sort_values("received_at")
        .drop_duplicates(["agency", "report_day"])
        .set_index(["agency", "report_day"])
        if len(received)
        else None
    )
    rows = []
    for report_day in report_dates(start, end):
        due = due_date(report_day, calendar)
        for agency in agencies:
            hit = first.loc[(agency, report_day)] if first is not None and (agency, report_day) in first.index else None
            if hit is not None:
                arrived = _local_day(hit["received_at"], timezone)
                late = calendar.working_days_between(due, arrived) if arrived > due else 0
                state = "late" if arrived > due else "on_time"
                rows.append([agency, report_day, due, state, hit["received_at"], late, hit["submission_id"]])
            else:
                state = "missing" if today > due else "pending"
                late = calendar.working_days_between(due, today) if state == "missing" else None
                rows.append([agency, report_day, due, state, pd.NaT, late, None])
    return pd.DataFrame(rows, columns=COLUMNS)


def monthly_table(states: pd.DataFrame) -> pd.DataFrame:
    """Per agency and month: report dates due, on time, late, missing and the on-time rate (%)."""
    if states.empty:
        return pd.DataFrame(columns=["agency", "month", "due", "on_time", "late", "missing", "on_time_rate"])
    due = states[states["state"] != "pending"].copy()
    due["month"] = pd.to_datetime(due["report_date"]).dt.to_period("M").astype(str)
    table = due.pivot_table(
        index=["agency", "month"], columns="state", values="report_date", aggfunc="count", fill_value=0
    )
    table = table.reindex(columns=["on_time", "late", "missing"], fill_value=0).reset_index()
    table.columns.name = None
    table.insert(2, "due", table[["on_time", "late", "missing"]].sum(axis=1))
    table["on_time_rate"] = (100 * table["on_time"] / table["due"].where(table["due"] > 0)).round(1)
    return table


def due_reminders(states: pd.DataFrame, today: date, calendar: WorkingCalendar | None = None) -> pd.DataFrame:
    """The pending reports whose reminder day is ``today``."""
    calendar = calendar or WorkingCalendar()
    pending = states[states["state"] == "pending"]
    mask = [reminder_date(d, calendar) == today for d in pending["report_date"]]
    return pending[mask].reset_index(drop=True)
