"""Default rule of the submissions domain: a Monday/Thursday report not received by its due date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pandas as pd

from ioc.config import site_timezone
from ioc.datalayer import DataLayer
from ioc.rules import AlertDraft, Audience
from ioc_plugins.submissions.agencies import agencies, agency_name
from ioc_plugins.submissions.compliance import compliance, receipts

#: How far back a missed report still raises an alert (project choice: two weeks).
LOOKBACK = timedelta(days=14)


@dataclass(frozen=True)
class MissedSubmissionRule:
    """An agency's report whose due date is over with no accepted workbook (a scheduled rule)."""

    id: str = "submissions.missed"
    table: str = "submissions.receipts"
    domain: str = "submissions"

    def evaluate_at(self, datalayer: DataLayer, now: pd.Timestamp) -> list[AlertDraft]:
        today = pd.Timestamp(now).tz_convert(site_timezone()).date()
        codes = agencies(datalayer.settings)["agency"].tolist()
        states = compliance(receipts(datalayer), codes, today - LOOKBACK, today, pd.Timestamp(now))
        missing = states[states["state"] == "missing"]
        return [
            AlertDraft(
                rule_id=self.id,
                domain=self.domain,
                category="submission_missing",
                severity="warning",
                title=f"{agency_name(row.agency)} chưa gửi báo cáo ngày {row.report_date:%d/%m/%Y}",
                message=(
                    f"Hạn gửi {row.due_date:%d/%m/%Y} đã qua {row.working_days_late} ngày làm việc; chưa nhận được "
                    f"biểu mẫu hợp lệ của {agency_name(row.agency)} ({row.agency})."
                ),
                observed_at=pd.Timestamp(row.due_date).tz_localize(site_timezone()).tz_convert("UTC"),
                table_name=self.table,
                entity_id=f"{row.agency}@{row.report_date:%Y-%m-%d}",
                audiences=(Audience("agency", row.agency),),
                dedupe_window=timedelta(days=30),
            )
            for row in missing.itertuples()
        ]


def default_rules() -> tuple[MissedSubmissionRule]:
    """The submissions domain's rules."""
    return (MissedSubmissionRule(),)
