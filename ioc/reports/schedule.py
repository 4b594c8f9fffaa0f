"""The report schedule: on the first working day of a month, render last month's report (and
last quarter's on the first working day of a quarter) and e-mail the PDF to the recipients.

There is no scheduler daemon (APScheduler is not a dependency): ``ioc report schedule`` is
meant to run from cron every working morning, and does its work only when a report is
*due* and not yet sent (a ``.sent`` marker beside the PDF makes a second run a no-op)::

    # m h dom mon dow  command    (the server's clock in the site's time zone)
    30 7 * * 1-6  cd /srv/ioc && .venv/bin/ioc report schedule

The first working day comes from the Vietnamese working-day calendar (:mod:`ioc.calendar`:
weekends, Tết and the other public holidays, official make-up days), so after Tết or a
1 May long weekend the report goes out on the first day the offices are open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from ioc.calendar import WorkingCalendar
from ioc.config import Settings
from ioc.incidents.service import notifier_from_settings
from ioc.reports.content import Period, period_containing, report_title
from ioc.reports.render import RenderResult, render_report
from ioc.reports.texts import text


@dataclass(frozen=True)
class Outcome:
    """What one scheduled report did: rendered (files), e-mailed to whom, or skipped why."""

    kind: str
    period: Period
    result: RenderResult | None
    sent_to: tuple[str, ...] = ()
    skipped: str = ""


def first_working_day(year: int, month: int, calendar: WorkingCalendar) -> date:
    """The first working day of a month on the Vietnamese calendar."""
    return calendar.working_days_in(year, month)[0]


def due_reports(today: date, timezone: str, kinds: list[str], calendar: WorkingCalendar | None = None) -> list[Period]:
    """The reports due on ``today``: last month's (and last quarter's at a quarter's start).

    Nothing is due unless ``today`` is the first working day of its month.
    """
    calendar = calendar or WorkingCalendar(time_zone=timezone)
    if today != first_working_day(today.year, today.month, calendar):
        return []
    due = []
    if "monthly" in kinds:
        due.append(period_containing("monthly", today, timezone).previous())
    if "quarterly" in kinds and today.month in (1, 4, 7, 10):
        due.append(period_containing("quarterly", today, timezone).previous())
    return due


def email_report(settings: Settings, result: RenderResult, recipients: list[str]) -> tuple[str, ...]:
    """E-mail the report's PDF through the deployment's notifier (``notify:`` section), in the
    report's language."""
    notifier = notifier_from_settings(settings)
    if notifier is None or getattr(notifier, "email", None) is None:
        raise RuntimeError("Chưa cấu hình máy chủ thư (notify.smtp_host hoặc IOC_SMTP_HOST)")
    title = report_title(result.period.kind, result.period, result.language)
    body = text("mail_body", result.language, title=title[0].lower() + title[1:], site=settings.site.name)
    attachment = (result.pdf.name, result.pdf.read_bytes(), "application/pdf")
    for recipient in recipients:
        notifier.email.send(recipient, f"[IOC] {title}", body, attachments=[attachment])
    return tuple(recipients)


def run_schedule(
    settings: Settings, now: Any = None, *, force: bool = False, send: bool = True, output_dir: Path | None = None
) -> list[Outcome]:
    """Render (and e-mail) every report due at ``now`` that was not sent yet.

    Parameters
    ----------
    settings : Settings
        The deployment (``reports:`` section: recipients, kinds, language, unit).
    now : timestamp-like, optional
        The time of the run (default: now), read in the site's time zone.
    force : bool
        Render the reports due on the *last* first-working-day even if today is not one
        and even if already sent (catching up after a missed run).
    send : bool
        E-mail the PDF to ``reports.recipients`` (when there are any).
    """
    zone = settings.site.timezone
    stamp = pd.Timestamp(now) if now is not None else pd.Timestamp.now(tz="UTC")
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp
    today = stamp.tz_convert(zone).date()
    section = settings.reports
    calendar = WorkingCalendar(time_zone=zone)
    if force:
        today = first_working_day(today.year, today.month, calendar)
    outcomes = []
    for period in due_reports(today, zone, list(section.kinds), calendar):
        folder = Path(output_dir or settings.paths.reports)
        marker = folder / f"{period.kind}-{period.code}{'-' + section.unit if section.unit else ''}.sent"
        if marker.exists() and not force:
            outcomes.append(Outcome(period.kind, period, None, skipped="đã gửi"))
            continue
        result = render_report(
            settings, period.kind, period, unit=section.unit, language=section.language, output_dir=folder
        )
        sent: tuple[str, ...] = ()
        if send and section.recipients:
            sent = email_report(settings, result, list(section.recipients))
        marker.write_text(f"{pd.Timestamp.now(tz='UTC').isoformat()} {' '.join(sent)}\n", encoding="utf-8")
        outcomes.append(Outcome(period.kind, period, result, sent))
    return outcomes
