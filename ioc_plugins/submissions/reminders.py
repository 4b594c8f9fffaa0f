"""E-mail reminders the working day before a report is due, through :class:`ioc.notify.Notifier`.

The notifier's ``alert_raised`` template carries the reminder (its fields: name, domain,
severity, time, message); the throttle key ``submissions:<agency>:<date>`` sends each reminder once.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ioc.config import site_timezone
from ioc.datalayer import DataLayer
from ioc.notify import Notifier
from ioc_plugins.submissions.agencies import agencies
from ioc_plugins.submissions.compliance import compliance, due_reminders, receipts
from ioc_plugins.submissions.config import submissions_config


@dataclass(frozen=True)
class Reminder:
    """One reminder: to whom, for which report, and what the notifier did."""

    agency: str
    email: str
    report_date: object
    due_date: object
    status: str


def reminders_due(datalayer: DataLayer, now: pd.Timestamp) -> pd.DataFrame:
    """The pending reports whose reminder is due today (site time), with the agency's e-mail."""
    today = pd.Timestamp(now).tz_convert(site_timezone()).date()
    listed = agencies(datalayer.settings)
    states = compliance(receipts(datalayer), listed["agency"].tolist(), today, today + pd.Timedelta(days=10), now)
    return due_reminders(states, today).merge(listed, on="agency", how="left")


def send_reminders(datalayer: DataLayer, notifier: Notifier, now: pd.Timestamp) -> list[Reminder]:
    """Send today's reminders; return what happened to each."""
    config = submissions_config(datalayer.settings)
    sent = []
    for row in reminders_due(datalayer, now).itertuples():
        recipients = [address for address in (row.email, config.ioc_email) if address]
        context = {
            "alert_name": f"Nhắc gửi báo cáo ngày {row.report_date:%d/%m/%Y}",
            "domain": "Báo cáo của đơn vị (biểu mẫu thứ Hai, thứ Năm)",
            "severity": "nhắc nhở",
            "raised_at": pd.Timestamp(now).to_pydatetime(),
            "message": (
                f"Đề nghị {row.name} gửi biểu mẫu số liệu kỳ báo cáo {row.report_date:%d/%m/%Y} trước hết ngày "
                f"{row.due_date:%d/%m/%Y}. Tạo biểu mẫu: ioc submissions template {row.agency} "
                f"--date {row.report_date:%d/%m/%Y}."
            ),
        }
        results = notifier.notify(
            recipients, "alert_raised", context, key=f"submissions:{row.agency}:{row.report_date}"
        )
        status = results[0].status if results else "failed"
        sent.append(Reminder(row.agency, row.email, row.report_date, row.due_date, status))
    return sent
