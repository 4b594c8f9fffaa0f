"""Seeded demo of the submissions domain: fourteen weeks of Monday/Thursday receipts.

Most agencies send on time; one is often late, one misses now and then, so the compliance page
and the missed-report alert have something to show. Values are not generated here (they would
duplicate the economy demo's observations); receipts carry what the leaders' table needs.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from ioc.calendar import WorkingCalendar
from ioc.config import site_timezone
from ioc.plugins import DemoContext
from ioc_plugins.submissions.agencies import agencies
from ioc_plugins.submissions.compliance import due_date, report_dates

WEEKS = 14  # the leaders' table shows three months
#: Chance of sending on time / late (by 1–3 working days); the rest are missing. By agency behaviour.
BEHAVIOUR = {"good": (0.92, 0.07), "late": (0.55, 0.4), "absent": (0.6, 0.15)}


def generate(context: DemoContext) -> Iterator[tuple[str, pd.DataFrame]]:
    """Plugin hook: receipts of the last fourteen weeks."""
    rng = np.random.default_rng(context.seed + 15)
    calendar = WorkingCalendar()
    zone = site_timezone()
    end = (context.start + pd.Timedelta(days=context.days)).tz_convert(zone)
    codes = agencies(context.settings)["agency"].tolist()
    kinds = {code: "late" if i == 2 else "absent" if i == 5 else "good" for i, code in enumerate(codes)}
    rows = []
    for report_day in report_dates((end - pd.Timedelta(weeks=WEEKS)).date(), end.date()):
        due = due_date(report_day, calendar)
        for code in codes:
            on_time, late = BEHAVIOUR[kinds[code]]
            draw = rng.random()
            if draw < on_time:
                day = due
            elif draw < on_time + late:
                day = calendar.add_working_days(due, int(rng.integers(1, 4)))
            else:
                continue
            received = pd.Timestamp(day).tz_localize(zone) + pd.Timedelta(hours=8 + float(rng.uniform(0, 9)))
            if received > end:
                continue
            rows.append(
                {
                    "submission_id": f"demo-{code}-{report_day:%Y%m%d}",
                    "agency": code,
                    "report_date": pd.Timestamp(report_day),
                    "received_at": received.tz_convert("UTC"),
                    "channel": "demo",
                    "file_name": f"bieu_mau_{code}_{report_day:%Y%m%d}.xlsx",
                    "status": "accepted",
                    "rows_accepted": int(rng.integers(3, 9)),
                    "rows_rejected": 0,
                }
            )
    yield "submissions.receipts", pd.DataFrame(rows)
