"""The leadership command view (Điều 7): hot and sensitive incidents of every domain,
with the high-severity alerts around them, sized for the video wall.

Only leaders and the IOC lead/deputies see it (the incident service enforces that);
anyone else sees a short notice. All incident text is shown as text (Tabulator cells,
Bokeh tooltips) or escaped.
"""

from __future__ import annotations

from html import escape
from typing import Any

import pandas as pd
import panel as pn
import param

from dashboards import theme
from dashboards.feedback import FeedbackDashboard
from dashboards.i18n import format_datetime
from ioc.alerts import open_alerts
from ioc.incidents.service import AccessDenied
from ioc.incidents.workflow import STATE_LABELS_VI

TEXT = {
    "vi": {"title": "Chỉ huy — vụ việc nóng, nhạy cảm", "map": "Vị trí vụ việc nóng",
           "denied": "Màn hình chỉ huy dành cho lãnh đạo và lãnh đạo IOC. Vui lòng đăng nhập bằng tài khoản phù hợp.",
           "none": "Không có vụ việc nóng đang xử lý.", "alerts": "Cảnh báo mức cao trên mọi lĩnh vực",
           "count": "{n} vụ việc nóng đang xử lý", "code": "Mã", "received": "Tiếp nhận", "category": "Loại",
           "title_col": "Nội dung", "state": "Trạng thái", "agency": "Cơ quan", "deadline": "Hạn"},
    "en": {"title": "Command — hot and sensitive incidents", "map": "Hot incidents",
           "denied": "The command view is for leaders and the IOC lead. Please sign in with such an account.",
           "none": "No hot incident in progress.", "alerts": "High-severity alerts across domains",
           "count": "{n} hot incidents in progress", "code": "Code", "received": "Received", "category": "Category",
           "title_col": "Title", "state": "State", "agency": "Agency", "deadline": "Deadline"},
}
HIGH_SEVERITIES = ("high", "critical")


class CommandDashboard(FeedbackDashboard):
    """Leadership command view: hot/sensitive incidents, their map, and high alerts."""

    dark = param.Boolean(default=True, doc="Dark theme (the video wall).")

    @property
    def page_title(self) -> str:
        return self.title or self.text("title")

    def text(self, key: str, **values: Any) -> str:
        return TEXT[self.language][key].format(**values)

    def hot_incidents(self) -> list[dict[str, Any]] | None:
        """Open hot incidents the user may command, or ``None`` without the right."""
        principal = self.principal
        if principal is None:
            return None
        try:
            return self.desk.service.command_incidents(principal)
        except AccessDenied:
            return None

    def incidents_frame(self, rows: list[dict[str, Any]]) -> pd.DataFrame:
        zone = self.timezone
        return pd.DataFrame({
            self.text("code"): [r["tracking_code"] or f"#{r['id']}" for r in rows],
            self.text("received"): [format_datetime(r["received_at"], zone) for r in rows],
            self.text("category"): [r["category"] for r in rows],
            self.text("title_col"): [r["title"] for r in rows],
            self.text("state"): [STATE_LABELS_VI.get(r["state"], r["state"]) for r in rows],
            self.text("agency"): [r["agency_code"] or "" for r in rows],
            self.text("deadline"): [format_datetime(r["deadline"], zone) if r["deadline"] else "" for r in rows],
        })

    def high_alerts(self) -> pd.DataFrame:
        alerts = open_alerts(self.datalayer.store, limit=200)
        return alerts[alerts["severity"].isin(HIGH_SEVERITIES)]

    # ------------------------------------------------------------------ components
    def filters(self) -> list[Any]:
        return []

    def main_area(self) -> list[Any]:
        return [pn.panel(pn.bind(self.command_view, self.param.data_version, self.param.language),
                         sizing_mode="stretch_width")]

    def command_view(self, data_version: int, language: str) -> Any:
        rows = self.hot_incidents()
        if rows is None:
            return theme.html_pane(f"<p>{escape(self.text('denied'))}</p>", name="denied")
        header = theme.html_pane(f"<h3>{escape(self.text('count', n=len(rows)))}</h3>", name="hot-count")
        parts: list[Any] = [header]
        if rows:
            parts.append(self.hot_map(rows))
            parts.append(pn.widgets.Tabulator(self.incidents_frame(rows), disabled=True, show_index=False,
                                              layout="fit_data_stretch", sizing_mode="stretch_width",
                                              label="hot-incidents"))
        else:
            parts.append(pn.pane.Str(self.text("none"), name="no-hot"))
        alerts = self.high_alerts()
        parts.append(theme.html_pane(f"<h3>{escape(self.text('alerts'))}</h3>"))
        if not alerts.empty:
            shown = alerts[["severity", "domain", "title", "observed_at"]].copy()
            shown["observed_at"] = [format_datetime(t, self.timezone) for t in shown["observed_at"]]
            parts.append(pn.widgets.Tabulator(shown, disabled=True, show_index=False, layout="fit_data_stretch",
                                              sizing_mode="stretch_width", name="high-alerts"))
        return pn.Column(*parts, sizing_mode="stretch_width")

    def hot_map(self, rows: list[dict[str, Any]]) -> Any:
        from dashboards import plots

        placed = [r for r in rows if r["lon"] is not None and r["lat"] is not None]
        frame = pd.DataFrame({
            "station_id": [r["tracking_code"] or f"#{r['id']}" for r in placed],
            "lon": [r["lon"] for r in placed], "lat": [r["lat"] for r in placed],
            "title": [r["title"] for r in placed], "colour": ["#d32f2f" for _ in placed],
            "value_text": ["!" for _ in placed], "text_colour": ["#fff" for _ in placed]},
            columns=["station_id", "lon", "lat", "title", "colour", "value_text", "text_colour"])
        figure, _ = plots.station_map(frame, title=self.text("map"), bbox=self.datalayer.settings.site.bbox, height=380,
                                      tooltips=[(self.text("code"), "@station_id"), (self.text("title_col"), "@title")])
        return pn.pane.Bokeh(figure, sizing_mode="stretch_width", name="hot-map")
