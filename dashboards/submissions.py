"""The agencies' submissions dashboard: "Báo cáo của đơn vị" (Monday/Thursday templates, Điều 15.2).

A grid of agencies × report dates coloured by state (on time, late, missing, pending), the
leaders' monthly compliance table, the newest receipts with the reasons of refusals, and an
upload for agency staff to send a filled template. Data come from
:mod:`ioc_plugins.submissions.queries`; this module only labels and draws them.
"""

from __future__ import annotations

from datetime import timedelta
from html import escape
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd
import panel as pn
import param

from dashboards import theme
from dashboards.base import BaseDashboard
from dashboards.i18n import format_datetime, register_texts
from ioc_plugins.submissions import queries

register_texts(
    {
        "vi": {
            "submissions_title": "Báo cáo của đơn vị",
            "submissions_weeks": "Số tuần",
            "submissions_grid_title": "Tình hình gửi biểu mẫu thứ Hai, thứ Năm",
            "submissions_monthly_title": "Tuân thủ theo tháng",
            "submissions_receipts_title": "Biểu mẫu nhận gần đây",
            "submissions_upload": "Gửi biểu mẫu đã điền (.xlsx)",
            "submissions_upload_done": "{file}: {status} — nhận {ok} dòng, từ chối {bad} dòng. {reason}",
            "submissions_col_agency": "Cơ quan",
            "submissions_col_month": "Tháng",
            "submissions_col_due": "Số kỳ",
            "submissions_col_on_time": "Đúng hạn",
            "submissions_col_late": "Muộn",
            "submissions_col_missing": "Không gửi",
            "submissions_col_rate": "Tỷ lệ đúng hạn (%)",
            "submissions_col_received": "Thời điểm nhận",
            "submissions_col_report": "Kỳ báo cáo",
            "submissions_col_channel": "Kênh",
            "submissions_col_status": "Kết quả",
            "submissions_col_rows": "Dòng nhận / từ chối",
            "submissions_col_detail": "Chi tiết",
            "submissions_state_on_time": "Đúng hạn",
            "submissions_state_late": "Muộn {n} ngày",
            "submissions_state_missing": "Không gửi",
            "submissions_state_pending": "Chưa đến hạn",
            "submissions_status_accepted": "Hợp lệ",
            "submissions_status_partial": "Một phần",
            "submissions_status_rejected": "Từ chối",
            "submissions_none": "Chưa có kỳ báo cáo nào.",
        },
        "en": {
            "submissions_title": "Agency submissions",
            "submissions_weeks": "Weeks",
            "submissions_grid_title": "Monday/Thursday templates received",
            "submissions_monthly_title": "Compliance by month",
            "submissions_receipts_title": "Recent workbooks",
            "submissions_upload": "Send a filled template (.xlsx)",
            "submissions_upload_done": "{file}: {status} — {ok} rows accepted, {bad} refused. {reason}",
            "submissions_col_agency": "Agency",
            "submissions_col_month": "Month",
            "submissions_col_due": "Reports due",
            "submissions_col_on_time": "On time",
            "submissions_col_late": "Late",
            "submissions_col_missing": "Missing",
            "submissions_col_rate": "On-time rate (%)",
            "submissions_col_received": "Received",
            "submissions_col_report": "Report date",
            "submissions_col_channel": "Channel",
            "submissions_col_status": "Result",
            "submissions_col_rows": "Rows accepted / refused",
            "submissions_col_detail": "Detail",
            "submissions_state_on_time": "On time",
            "submissions_state_late": "Late {n} d",
            "submissions_state_missing": "Missing",
            "submissions_state_pending": "Not due yet",
            "submissions_status_accepted": "Valid",
            "submissions_status_partial": "Partial",
            "submissions_status_rejected": "Refused",
            "submissions_none": "No report dates yet.",
        },
    }
)

STATE_COLOURS = {"on_time": "#c8e6c9", "late": "#ffe0b2", "missing": "#ffcdd2", "pending": "#eceff1"}


class SubmissionsDashboard(BaseDashboard):
    """ "Báo cáo của đơn vị": compliance of the agencies' Monday/Thursday submissions.

    ``weeks`` (parameter) sets how far back the grid goes.
    """

    domain = "submissions"
    title_key = "submissions_title"
    fresh_within: ClassVar[timedelta] = timedelta(days=4)  # reports come twice a week
    late_within: ClassVar[timedelta] = timedelta(days=8)

    weeks = param.Integer(
        default=4,
        bounds=(1, 26),
        doc="""
        How many weeks of Monday/Thursday report dates the grid shows.""",
    )

    def latest_time(self, table: str | None = None) -> pd.Timestamp | None:
        """When the newest workbook arrived (UTC)."""
        return queries.latest_receipt_time(self.datalayer)

    def grid(self, weeks: int, language: str, data_version: int) -> pn.pane.HTML:
        """Agencies × report dates, each cell coloured and labelled by its state (text escaped)."""
        states = queries.compliance_states(self.datalayer, pd.Timestamp.now(tz="UTC"), weeks=weeks)
        if states.empty:
            return theme.html_pane(f"<i>{escape(self.t('submissions_none'))}</i>", name="grid")
        if self.wall:  # the agencies that missed or were late most often, as many as the wall has rows for
            bad = states.assign(_bad=states["state"].isin(["missing", "late"])).groupby("agency")["_bad"].sum()
            worst = bad.sort_values(ascending=False, kind="stable").index[: self.wall_rows]
            states = states[states["agency"].isin(worst)]
        dates = sorted(states["report_date"].unique())
        head = "".join(f"<th>{d:%d/%m}</th>" for d in dates)
        rows = []
        for (agency, name), group in states.groupby(["agency", "name"], sort=True):
            by_date = group.set_index("report_date")
            cells = []
            for day in dates:
                row = by_date.loc[day]
                label = self.t(f"submissions_state_{row['state']}", n=row["working_days_late"])
                cells.append(
                    f'<td class="state-{row["state"]}" style="background:{STATE_COLOURS[row["state"]]};'
                    f'text-align:center;padding:2px 6px">{escape(label)}</td>'
                )
            rows.append(f"<tr><th style='text-align:left'>{escape(name)} ({escape(agency)})</th>{''.join(cells)}</tr>")
        table = (
            f'<table class="submissions-grid" style="border-collapse:collapse;font-size:0.85em">'
            f"<tr><th>{escape(self.t('submissions_col_agency'))}</th>{head}</tr>{''.join(rows)}</table>"
        )
        return theme.html_pane(table, name="grid", sizing_mode="stretch_width")

    def monthly(self, language: str, data_version: int) -> Any:
        """The leaders' table per agency and month."""
        frame = queries.monthly_compliance(self.datalayer, pd.Timestamp.now(tz="UTC"))
        if frame.empty:
            return theme.note(self.t("submissions_none"))
        shown = pd.DataFrame(
            {
                self.t("submissions_col_agency"): frame["name"],
                self.t("submissions_col_month"): frame["month"],
                self.t("submissions_col_due"): frame["due"],
                self.t("submissions_col_on_time"): frame["on_time"],
                self.t("submissions_col_late"): frame["late"],
                self.t("submissions_col_missing"): frame["missing"],
                self.t("submissions_col_rate"): frame["on_time_rate"],
            }
        )
        return pn.widgets.Tabulator(
            shown,
            disabled=True,
            show_index=False,
            pagination="local",
            page_size=12,
            layout="fit_data_stretch",
            sizing_mode="stretch_width",
        )

    def receipts(self, language: str, data_version: int) -> Any:
        """The newest workbooks with their result and the reasons of refusals (shown as text)."""
        frame = queries.recent_receipts(self.datalayer)
        if frame.empty:
            return theme.note(self.t("submissions_none"))
        shown = pd.DataFrame(
            {
                self.t("submissions_col_received"): [format_datetime(t, self.timezone) for t in frame["received_at"]],
                self.t("submissions_col_agency"): frame["agency"].astype(str),
                self.t("submissions_col_report"): [
                    f"{pd.Timestamp(d):%d/%m/%Y}" if pd.notna(d) else "—" for d in frame["report_date"]
                ],
                self.t("submissions_col_channel"): frame["channel"].fillna("").astype(str),
                self.t("submissions_col_status"): [self.t(f"submissions_status_{s}") for s in frame["status"]],
                self.t("submissions_col_rows"): [
                    f"{int(a or 0)} / {int(b or 0)}"
                    for a, b in zip(frame["rows_accepted"].fillna(0), frame["rows_rejected"].fillna(0))
                ],
                self.t("submissions_col_detail"): frame["detail"].fillna("").astype(str),
            }
        )
        return pn.widgets.Tabulator(
            shown,
            disabled=True,
            show_index=False,
            pagination="local",
            page_size=10,
            layout="fit_data_stretch",
            sizing_mode="stretch_width",
        )

    def upload_form(self) -> pn.Column:
        """A file input for agency staff: the workbook is validated and the result shown."""
        chooser = pn.widgets.FileInput(accept=".xlsx", label=self.t("submissions_upload"))
        result = theme.html_pane("", name="upload-result")

        def received(event: Any) -> None:
            if not chooser.value:
                return
            folder = Path(self.datalayer.settings.data_dir) / "uploads" / "submissions"
            receipt = queries.upload(self.datalayer, chooser.filename or "bieu_mau.xlsx", chooser.value, folder)
            result.object = escape(
                self.t(
                    "submissions_upload_done",
                    file=chooser.filename,
                    status=self.t(f"submissions_status_{receipt.status}"),
                    ok=receipt.rows_accepted,
                    bad=receipt.rows_rejected,
                    reason=receipt.reason or "",
                )
            )
            self.data_version += 1

        chooser.param.watch(received, "value")
        return pn.Column(theme.html_pane(f"<b>{escape(self.t('submissions_upload'))}</b>"), chooser, result)

    def filters(self) -> list[Any]:
        return [
            pn.widgets.IntSlider.from_param(self.param.weeks, label=self.t("submissions_weeks")),
            self.upload_form(),
        ]

    #: On the wall: the grid of the last two weeks (four report dates), its worst agencies.
    wall_weeks: ClassVar[int] = 2

    def wall_area(self) -> list[Any]:
        """On the wall: how many reports of the last two weeks came on time, late or not at all,
        then the grid of the agencies that missed most (the monthly table and receipts stay
        on the desk)."""

        def figures() -> list[tuple[str, str]]:
            states = queries.compliance_states(self.datalayer, pd.Timestamp.now(tz="UTC"), weeks=self.wall_weeks)
            counts = states["state"].value_counts() if len(states) else pd.Series(dtype=int)
            labels = {
                "on_time": self.t("submissions_state_on_time"),
                "late": self.t("submissions_col_late"),
                "missing": self.t("submissions_state_missing"),
                "pending": self.t("submissions_state_pending"),
            }
            return [(label, str(int(counts.get(state, 0)))) for state, label in labels.items()]

        grid = pn.bind(self.grid, self.wall_weeks, self.param.language, self.param.data_version)
        return self.wall_panels(figures=figures, chart=grid, chart_name="grid")

    def main_area(self) -> list[Any]:
        heading = theme.html_pane
        return [
            heading(f"<h3>{escape(self.t('submissions_grid_title'))}</h3>"),
            pn.panel(pn.bind(self.grid, self.param.weeks, self.param.language, self.param.data_version)),
            heading(f"<h3>{escape(self.t('submissions_monthly_title'))}</h3>"),
            pn.panel(pn.bind(self.monthly, self.param.language, self.param.data_version)),
            heading(f"<h3>{escape(self.t('submissions_receipts_title'))}</h3>"),
            pn.panel(pn.bind(self.receipts, self.param.language, self.param.data_version)),
            self.alert_table(),
        ]
