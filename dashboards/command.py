"""The leadership command view (Điều 7): hot and sensitive incidents of every domain, with the
high-severity alerts around them, sized for the video wall.

A host page (served as ``/command`` and embedded in the overview, :mod:`dashboards.overview`),
not a domain's: it reads the incident service and the alerts of the core, whatever domains
are installed. Only leaders and the IOC lead/deputies see the incidents (the incident service
enforces that); anyone else sees a short notice. Tables are HTML built here with every value
escaped and every header, severity, state and domain in Vietnamese; the map's tooltips are
Bokeh text.
"""

from __future__ import annotations

from html import escape
from typing import Any, ClassVar

import pandas as pd
import panel as pn
import param

from dashboards import plots, theme
from dashboards.base import SEVERITY_ORDER, BaseDashboard
from dashboards.i18n import format_datetime, register_texts
from geodata.boundaries import site_boundaries
from ioc.alerts import open_alerts
from ioc.incidents.service import AccessDenied, IncidentService
from ioc.incidents.workflow import STATE_LABELS_VI
from ioc.plugins import registry

HOT_COLOUR = "#d32f2f"
SEVERITY_COLOURS = theme.SEVERITY_COLOURS
TABLE_CSS = theme.TABLE_CSS
severity_pill = theme.severity_pill
html_table = theme.html_table
#: Alert severities the command view lists.
HIGH_SEVERITIES = ("high", "critical")

register_texts(
    {
        "vi": {"command_empty_alerts": "Không có cảnh báo mức cao đang mở."},
        "en": {"command_empty_alerts": "No open high-severity alert."},
    }
)


class CommandDashboard(BaseDashboard):
    """Leadership command view: hot/sensitive incidents, their map, and high alerts."""

    domain: ClassVar[str] = ""
    title_key: ClassVar[str] = "command_title"

    dark = param.Boolean(default=True, doc="Dark theme (the video wall).")

    def __init__(self, **params: Any) -> None:
        self._service = None
        super().__init__(**params)

    @property
    def service(self) -> IncidentService:
        """The incident service (reads only here)."""
        if self._service is None:
            self._service = IncidentService(self.datalayer.store, settings=self.datalayer.settings)
        return self._service

    def latest_time(self, table: str | None = None) -> pd.Timestamp | None:
        """The newest open alert of any domain (the view's freshest datum)."""
        alerts = open_alerts(self.datalayer.store, None, limit=1)
        return None if alerts.empty else pd.Timestamp(alerts["observed_at"].iloc[0])

    def data_signature(self) -> tuple[Any, ...]:
        """Open alerts and the hot incidents (by id and state)."""
        alerts = open_alerts(self.datalayer.store, None, limit=1000)
        rows = self.hot_incidents() or []
        return tuple(sorted(alerts["id"].tolist())), tuple((r["id"], r["state"]) for r in rows)

    def hot_incidents(self) -> list[dict[str, Any]] | None:
        """Open hot incidents the user may command, or ``None`` without the right."""
        viewer = self.principal
        if viewer is None:
            return None
        try:
            return self.service.command_incidents(viewer)
        except AccessDenied:
            return None

    def domain_title(self, domain: str) -> str:
        """A domain's Vietnamese title (its plugin's), the code when no plugin has it."""
        titles = {plugin.name: plugin.title for plugin in registry()}
        return titles.get(domain, domain)

    def incidents_frame(self, rows: list[dict[str, Any]]) -> pd.DataFrame:
        """The hot incidents as the table shows them (local times, Vietnamese states)."""
        zone = self.timezone
        return pd.DataFrame(
            {
                self.t("command_code"): [r["tracking_code"] or f"#{r['id']}" for r in rows],
                self.t("command_received"): [format_datetime(r["received_at"], zone) for r in rows],
                self.t("command_domain"): [self.domain_title(r["domain"]) for r in rows],
                self.t("command_title_col"): [r["title"] for r in rows],
                self.t("command_state"): [STATE_LABELS_VI.get(r["state"], r["state"]) for r in rows],
                self.t("command_agency"): [r["agency_code"] or "" for r in rows],
                self.t("command_deadline"): [
                    format_datetime(r["deadline"], zone) if r["deadline"] else "" for r in rows
                ],
            }
        )

    def high_alerts(self) -> pd.DataFrame:
        """High and critical open alerts of every domain, worst first, as the table shows them."""
        alerts = open_alerts(self.datalayer.store, None, limit=200)
        alerts = alerts[alerts["severity"].isin(HIGH_SEVERITIES)]
        rank = alerts["severity"].map({s: i for i, s in enumerate(SEVERITY_ORDER)})
        alerts = alerts.assign(_rank=rank).sort_values(["_rank", "observed_at"], ascending=[True, False])
        return pd.DataFrame(
            {
                self.t("col_severity"): [severity_pill(s, self.t(f"severity_{s}")) for s in alerts["severity"]],
                self.t("command_domain"): [self.domain_title(d) for d in alerts["domain"]],
                self.t("col_title"): alerts["title"].fillna("").astype(str).to_numpy(),
                self.t("col_time"): [format_datetime(t, self.timezone) for t in alerts["observed_at"]],
            }
        )

    # ------------------------------------------------------------------ components
    def filters(self) -> list[Any]:
        return []

    #: Hot incidents on the wall (their titles wrap in large type); half as many alerts.
    wall_rows: ClassVar[int] = 4
    #: On the wall the map stands in a fixed box left of the tables, nearly square.
    wall_boxes: ClassVar[dict[str, tuple[int, int]]] = {"hot-map": (760, 800)}
    wall_map_aspect: ClassVar[float] = 1.05

    def main_area(self) -> list[Any]:
        return [
            pn.panel(
                pn.bind(self.command_view, self.param.data_version, self.param.language), sizing_mode="stretch_width"
            )
        ]

    def _html(self, content: str, name: str) -> pn.pane.HTML:
        return theme.html_pane(content, stylesheets=[TABLE_CSS], sizing_mode="stretch_width", name=name)

    def command_view(self, data_version: int, language: str) -> Any:
        rows = self.hot_incidents()
        if rows is None:
            return self._html(f'<p class="ioc-note">{escape(self.t("command_denied"))}</p>', "denied")
        parts: list[Any] = [self._html(f"<h3>{escape(self.t('command_count', n=len(rows)))}</h3>", "hot-count")]
        hot_map = self.hot_map(rows) if rows else None
        if rows:
            if not self.wall:  # on the wall the map stands beside the tables
                parts.append(hot_map)
            shown = self.incidents_frame(rows).head(self.rows(len(rows)))
            parts.append(self._html(html_table(shown), "hot-incidents"))
        else:
            parts.append(self._html(f'<p class="ioc-note">{escape(self.t("command_none"))}</p>', "no-hot"))
        alerts = self.high_alerts()
        parts.append(self._html(f"<h3>{escape(self.t('command_alerts'))}</h3>", "alerts-title"))
        if alerts.empty:
            parts.append(self._html(f'<p class="ioc-note">{escape(self.t("command_empty_alerts"))}</p>', "no-alerts"))
        else:
            alerts = alerts.head(self.rows(len(alerts)) // 2 if self.wall else len(alerts))
            parts.append(self._html(html_table(alerts, raw=(self.t("col_severity"),)), "high-alerts"))
        if self.wall and hot_map is not None:
            return pn.Row(hot_map, pn.Column(*parts, sizing_mode="stretch_width"), sizing_mode="stretch_width")
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
        units = site_boundaries(self.datalayer.settings)
        overlay = plots.point_map(
            [plots.unit_names(units), points, plots.map_labels(frame)],
            units=units,
            title=self.t("command_map"),
            frame=frame,
            bbox=self.datalayer.settings.site.bbox,
            aspect=self.wall_map_aspect if self.wall else 2.6,
        )
        return self.plot_pane(overlay, name="hot-map")
