"""The leadership command view (Điều 7): hot and sensitive incidents of every domain,
with the high-severity alerts around them, sized for the video wall.

Only leaders and the IOC lead/deputies see it (the incident service enforces that);
anyone else sees a short notice. All incident text is shown as text (Tabulator cells,
Bokeh tooltips) or escaped. Data come from :mod:`ioc_plugins.feedback.queries`.
"""

from __future__ import annotations

from html import escape
from typing import Any

import pandas as pd
import panel as pn
import param

from dashboards import plots, theme
from dashboards.feedback import FeedbackDashboard, unit_polygons
from dashboards.i18n import format_datetime
from ioc.incidents.workflow import STATE_LABELS_VI
from ioc_plugins.feedback import queries

HOT_COLOUR = "#d32f2f"


class CommandDashboard(FeedbackDashboard):
    """Leadership command view: hot/sensitive incidents, their map, and high alerts."""

    title_key = "command_title"

    dark = param.Boolean(default=True, doc="Dark theme (the video wall).")

    def hot_incidents(self) -> list[dict[str, Any]] | None:
        """Open hot incidents the user may command, or ``None`` without the right."""
        return queries.hot_incidents(self.desk, self.principal)

    def incidents_frame(self, rows: list[dict[str, Any]]) -> pd.DataFrame:
        """The hot incidents as the table shows them (local times, Vietnamese states)."""
        zone = self.timezone
        return pd.DataFrame(
            {
                self.t("command_code"): [r["tracking_code"] or f"#{r['id']}" for r in rows],
                self.t("command_received"): [format_datetime(r["received_at"], zone) for r in rows],
                self.t("command_category"): [r["category"] for r in rows],
                self.t("command_title_col"): [r["title"] for r in rows],
                self.t("command_state"): [STATE_LABELS_VI.get(r["state"], r["state"]) for r in rows],
                self.t("command_agency"): [r["agency_code"] or "" for r in rows],
                self.t("command_deadline"): [
                    format_datetime(r["deadline"], zone) if r["deadline"] else "" for r in rows
                ],
            }
        )

    def high_alerts(self) -> pd.DataFrame:
        """High and critical open alerts of every domain, as the table shows them."""
        alerts = queries.high_alerts(self.datalayer)
        return pd.DataFrame(
            {
                self.t("col_severity"): [self.t(f"severity_{s}") for s in alerts["severity"]],
                self.t("command_domain"): alerts["domain"].astype(str).to_numpy(),
                self.t("col_title"): alerts["title"].fillna("").astype(str).to_numpy(),
                self.t("col_time"): [format_datetime(t, self.timezone) for t in alerts["observed_at"]],
            }
        )

    # ------------------------------------------------------------------ components
    def filters(self) -> list[Any]:
        return []

    def main_area(self) -> list[Any]:
        return [
            pn.panel(
                pn.bind(self.command_view, self.param.data_version, self.param.language), sizing_mode="stretch_width"
            )
        ]

    def command_view(self, data_version: int, language: str) -> Any:
        rows = self.hot_incidents()
        if rows is None:
            return theme.html_pane(f"<p>{escape(self.t('command_denied'))}</p>", name="denied")
        header = theme.html_pane(f"<h3>{escape(self.t('command_count', n=len(rows)))}</h3>", name="hot-count")
        parts: list[Any] = [header]
        if rows:
            parts.append(self.hot_map(rows))
            parts.append(
                pn.widgets.Tabulator(
                    self.incidents_frame(rows),
                    disabled=True,
                    show_index=False,
                    layout="fit_data_stretch",
                    sizing_mode="stretch_width",
                    label="hot-incidents",
                )
            )
        else:
            parts.append(pn.pane.Str(self.t("command_none"), name="no-hot"))
        alerts = self.high_alerts()
        parts.append(theme.html_pane(f"<h3>{escape(self.t('command_alerts'))}</h3>"))
        if not alerts.empty:
            parts.append(
                pn.widgets.Tabulator(
                    alerts,
                    disabled=True,
                    show_index=False,
                    layout="fit_data_stretch",
                    sizing_mode="stretch_width",
                    name="high-alerts",
                )
            )
        return pn.Column(*parts, sizing_mode="stretch_width")

    def hot_map(self, rows: list[dict[str, Any]]) -> Any:
        """Where the hot incidents are (each a red "!" over the administrative units)."""
        placed = [r for r in rows if r["lon"] is not None and r["lat"] is not None]
        frame = pd.DataFrame(
            {
                "station_id": [r["tracking_code"] or f"#{r['id']}" for r in placed],
                "lon": [r["lon"] for r in placed],
                "lat": [r["lat"] for r in placed],
                "title": [r["title"] for r in placed],
                "colour": [HOT_COLOUR for _ in placed],
                "value_text": ["!" for _ in placed],
                "text_colour": ["#fff" for _ in placed],
            },
            columns=["station_id", "lon", "lat", "title", "colour", "value_text", "text_colour"],
        )
        points = plots.map_points(
            frame, tooltips=[(self.t("command_code"), "@station_id"), (self.t("command_title_col"), "@title")]
        )
        overlay = plots.point_map(
            [points, plots.map_labels(frame)],
            units=unit_polygons(self.datalayer),
            title=self.t("command_map"),
            frame=frame,
            bbox=self.datalayer.settings.site.bbox,
            aspect=2.6,
        )
        return plots.pane(overlay, name="hot-map")
