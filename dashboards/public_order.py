"""The public-order dashboard (Trật tự công cộng): cameras, live events, counts, top cameras.

An offline map of the cameras coloured by their state (working, alert, silent,
maintenance), the live feed of the newest camera events with their snapshots (a
placeholder where the image is missing), the people or vehicles counted per zone over
time, the cameras with the most alerts and the domain's open alerts. Data come from
:mod:`ioc_plugins.public_order.queries`; this module only labels and draws them. Every text
that came from data (camera names, labels, zones) is escaped before it reaches HTML;
Bokeh shows tooltips and legends as text.
"""

from __future__ import annotations

import base64
from datetime import timedelta
from html import escape
from typing import Any

import holoviews as hv
import pandas as pd
import panel as pn
import param

from dashboards import plots, theme
from dashboards.base import BaseDashboard
from dashboards.i18n import format_datetime, register_texts, to_local
from ioc.auth import CAMERA_IDENTITY_ROLES
from ioc_plugins.public_order import queries
from ioc_plugins.public_order.queries import GROUPS, STATUS_COLOURS

PERIODS = {"6h": timedelta(hours=6), "24h": timedelta(hours=24), "7d": timedelta(days=7)}
BUCKETS = {"6h": 5, "24h": 15, "7d": 60}
FEED_SIZE = 12
#: Characters of a camera name shown beside its bar.
NAME_WIDTH = 32
LABEL_NAMES = {
    "person": ("Người", "Person"),
    "car": ("Ô tô", "Car"),
    "motorcycle": ("Xe máy", "Motorbike"),
    "bicycle": ("Xe đạp", "Bicycle"),
    "truck": ("Xe tải", "Truck"),
    "bus": ("Xe buýt", "Bus"),
    "vehicle": ("Phương tiện", "Vehicle"),
    "fire": ("Cháy", "Fire"),
    "smoke": ("Khói", "Smoke"),
}

register_texts(
    {
        "vi": {
            "public_order_title": "Trật tự công cộng",
            "public_order_group": "Đối tượng đếm",
            "public_order_group_people": "Người",
            "public_order_group_vehicles": "Phương tiện",
            "public_order_period": "Khoảng thời gian",
            "public_order_period_6h": "6 giờ",
            "public_order_period_24h": "24 giờ",
            "public_order_period_7d": "7 ngày",
            "public_order_map": "Bản đồ camera",
            "public_order_camera": "Camera",
            "public_order_camera_id": "Mã camera",
            "public_order_state": "Trạng thái",
            "public_order_state_ok": "Hoạt động",
            "public_order_state_alert": "Có cảnh báo",
            "public_order_state_silent": "Mất tín hiệu",
            "public_order_state_maintenance": "Bảo trì",
            "public_order_last_seen": "Lần cuối",
            "public_order_open_alerts": "Cảnh báo mở",
            "public_order_feed": "Sự kiện mới nhất",
            "public_order_no_events": "Chưa có sự kiện camera.",
            "public_order_no_image": "Không có ảnh",
            "public_order_counts": "Số {group} trong khung hình theo vùng",
            "public_order_no_counts": "Chưa có số liệu đếm.",
            "public_order_axis_time": "Thời gian",
            "public_order_axis_count": "Số lượng (trung bình mỗi phút)",
            "public_order_top": "Camera nhiều cảnh báo nhất",
            "public_order_no_top": "Chưa có cảnh báo.",
            "public_order_alerts_total": "Tổng cảnh báo",
            "public_order_legend": "Trạng thái camera",
            "public_order_zone": "Vùng",
            "public_order_score": "Độ tin cậy",
            "public_order_plate": "Biển số",
        },
        "en": {
            "public_order_title": "Public order",
            "public_order_group": "Counted objects",
            "public_order_group_people": "People",
            "public_order_group_vehicles": "Vehicles",
            "public_order_period": "Period",
            "public_order_period_6h": "6 hours",
            "public_order_period_24h": "24 hours",
            "public_order_period_7d": "7 days",
            "public_order_map": "Camera map",
            "public_order_camera": "Camera",
            "public_order_camera_id": "Camera ID",
            "public_order_state": "State",
            "public_order_state_ok": "Working",
            "public_order_state_alert": "Alert",
            "public_order_state_silent": "Silent",
            "public_order_state_maintenance": "Maintenance",
            "public_order_last_seen": "Last seen",
            "public_order_open_alerts": "Open alerts",
            "public_order_feed": "Latest events",
            "public_order_no_events": "No camera events yet.",
            "public_order_no_image": "No image",
            "public_order_counts": "{group} in view per zone",
            "public_order_no_counts": "No counts yet.",
            "public_order_axis_time": "Time",
            "public_order_axis_count": "Count (mean per minute)",
            "public_order_top": "Cameras with the most alerts",
            "public_order_no_top": "No alerts yet.",
            "public_order_alerts_total": "All alerts",
            "public_order_legend": "Camera state",
            "public_order_zone": "Zone",
            "public_order_score": "Score",
            "public_order_plate": "Plate",
        },
    }
)

FEED_CSS = """
<style>
.po-feed{display:flex;flex-wrap:wrap;gap:8px}
.po-event{width:200px;border:1px solid #ccc;border-radius:6px;padding:4px;font-size:0.85em}
.po-event img,.po-placeholder{width:190px;height:107px;object-fit:cover;border-radius:4px}
.po-placeholder{display:flex;align-items:center;justify-content:center;background:#eceff1;color:#607d8b}
.po-hazard{border-color:#e53935;border-width:2px}
</style>
"""


class PublicOrderDashboard(BaseDashboard):
    """Dashboard of the public-order domain (Trật tự công cộng).

    Filters are parameters: ``group`` (people or vehicles counted) and ``period`` (how far
    back the counts go).
    """

    domain = "public_order"
    title_key = "public_order_title"
    freshness_table = "public_order.camera_events"
    fresh_within = timedelta(minutes=15)
    late_within = timedelta(hours=1)

    group = param.Selector(
        default="people",
        objects=list(GROUPS),
        doc="""
        What the counts chart shows: 'people' or 'vehicles'.""",
    )
    period = param.Selector(
        default="24h",
        objects=list(PERIODS),
        doc="""
        How far back the counts chart goes, counted back from the newest count.""",
    )

    boundary_level = "district"
    boundary_period = "pre2025"

    @param.depends("language", watch=True, on_init=True)
    def _label_choices(self) -> None:
        """Show the choices in the interface language."""
        self.param.group.objects = {self.t(f"public_order_group_{g}"): g for g in GROUPS}
        self.param.period.objects = {self.t(f"public_order_period_{p}"): p for p in PERIODS}

    def latest_time(self, table: str | None = None) -> pd.Timestamp | None:
        """The newest event or count (UTC); ``None`` without data."""
        return queries.latest_time(self.datalayer)

    # ------------------------------------------------------------------ data
    def label_name(self, label: Any) -> str:
        """An object label in the interface language (unknown labels as they are)."""
        names = LABEL_NAMES.get(str(label))
        return str(label) if names is None else names[1 if self.language == "en" else 0]

    def camera_status(self) -> pd.DataFrame:
        """Cameras with their state labelled for display."""
        status = queries.camera_status(self.datalayer)
        status["state_text"] = [self.t(f"public_order_state_{s}") for s in status["state"]]
        status["time_text"] = [format_datetime(t, self.timezone) for t in status["last_seen"]]
        status["value_text"] = ""
        return status

    @property
    def shows_identities(self) -> bool:
        """Whether the user may see plates and recognised names (the police role)."""
        principal = self.principal
        return principal is not None and principal.has(*CAMERA_IDENTITY_ROLES)

    def feed(self) -> pd.DataFrame:
        """The newest events, plates masked outside the police role, with the image of their
        snapshot (or ``None``)."""
        frame = queries.event_feed(self.datalayer, limit=FEED_SIZE, mask_pii=not self.shows_identities)
        frame["image"] = [queries.snapshot_image(self.datalayer.settings, s) for s in frame["snapshot"]]
        return frame

    # ------------------------------------------------------------------ views
    def map_view(self, language: str, data_version: int) -> pn.pane.HoloViews:
        """The cameras over the administrative units, coloured by state."""
        status = self.camera_status()
        shown = plots.located_rows(
            status[["camera_id", "name", "lon", "lat", "colour", "state_text", "time_text", "open_alerts"]]
        )
        tooltips = [
            (self.t("public_order_camera"), "@name"),
            (self.t("public_order_camera_id"), "@camera_id"),
            (self.t("public_order_state"), "@state_text"),
            (self.t("public_order_open_alerts"), "@open_alerts"),
            (self.t("public_order_last_seen"), "@time_text"),
        ]
        points = plots.map_points(shown, tooltips=tooltips, size=16, id_column="camera_id")
        units = queries.admin_boundaries(self.datalayer.settings, self.boundary_level, self.boundary_period)
        overlay = plots.point_map(
            [points], units=units, title=self.t("public_order_map"), frame=shown, bbox=self.datalayer.settings.site.bbox
        )
        return self.plot_pane(overlay, name="camera-map")

    def feed_html(self) -> str:
        """The event feed as HTML cards; every value from data is escaped."""
        frame = self.feed()
        if frame.empty:
            return f'<div class="ioc-card">{escape(self.t("public_order_no_events"))}</div>'
        cards = []
        for row in frame.itertuples(index=False):
            if row.image is not None:
                data = base64.b64encode(row.image).decode("ascii")
                picture = f'<img src="data:image/jpeg;base64,{data}" alt="{escape(str(row.label))}">'
            else:
                picture = f'<div class="po-placeholder">{escape(self.t("public_order_no_image"))}</div>'
            hazard = " po-hazard" if row.label in ("fire", "smoke") else ""
            details = [
                f"<b>{escape(self.label_name(row.label))}</b> · {escape(format_datetime(row.time, self.timezone))}",
                escape(str(row.camera_name)),
            ]
            if isinstance(row.zone, str) and row.zone:
                details.append(f"{escape(self.t('public_order_zone'))}: {escape(row.zone)}")
            if pd.notna(row.score):
                details.append(f"{escape(self.t('public_order_score'))}: {float(row.score):.0%}")
            if isinstance(row.plate, str) and row.plate:
                details.append(f"{escape(self.t('public_order_plate'))}: {escape(row.plate)}")
            cards.append(f'<div class="po-event{hazard}">{picture}<div>{"<br>".join(details)}</div></div>')
        return f'{FEED_CSS}<div class="po-feed">{"".join(cards)}</div>'

    def feed_view(self, language: str, data_version: int) -> pn.pane.HTML:
        return theme.html_pane(self.feed_html(), sizing_mode="stretch_width", name="event-feed")

    def counts_view(self, group: str, period: str, language: str, data_version: int) -> Any:
        """Objects of the group per zone over the period (one line per camera/zone)."""
        frame = queries.zone_counts(self.datalayer, group, PERIODS[period], BUCKETS[period])
        if frame.empty:
            return pn.pane.Alert(self.t("public_order_no_counts"), alert_type="light")
        names = self.camera_status().set_index("camera_id")["name"]
        frame["series"] = [
            f"{names.get(c, c)} · {p.split('/', 1)[-1]}" for c, p in zip(frame["camera_id"], frame["place"])
        ]
        frame["time"] = to_local(frame["time"], self.timezone)
        curves = {
            series: hv.Curve(part, "time", "count", label=series).opts(
                backend=plots.BACKEND, tools=["hover"], line_width=2
            )
            for series, part in frame.groupby("series", sort=True)
        }
        title = self.t("public_order_counts", group=self.t(f"public_order_group_{group}"))
        overlay = hv.Overlay(list(curves.values())).opts(
            backend=plots.BACKEND,
            title=title,
            responsive=True,
            height=340,
            xlabel=self.t("public_order_axis_time"),
            ylabel=self.t("public_order_axis_count"),
            legend_position="right",
            show_grid=True,
            **plots.date_axis(),
        )
        return self.plot_pane(overlay, name="counts")

    def top_view(self, language: str, data_version: int) -> Any:
        """The cameras with the most alerts."""
        top = queries.top_cameras(self.datalayer)
        if top.empty:
            return theme.note(self.t("public_order_no_top"), name="no-top")
        # long names would leave no room for the bars (the full name is on the map's tooltip)
        top["name"] = [n if len(n) <= NAME_WIDTH else n[: NAME_WIDTH - 1] + "…" for n in top["name"].astype(str)]
        bars = plots.count_bars(
            top,
            category="name",
            series=[
                ("alerts", self.t("public_order_alerts_total"), "#90a4ae", 0.8),
                ("open_alerts", self.t("public_order_open_alerts"), "#e53935", 0.5),
            ],
            title=self.t("public_order_top"),
        )
        return self.plot_pane(bars, name="top-cameras")

    def wall_area(self) -> list[Any]:
        """On the wall: how many cameras are in each state, the map beside the cameras with the
        most alerts (the first rows); the feed's pictures and the counts stay on the desk."""

        def figures() -> list[tuple[str, str]]:
            states = self.camera_status()["state"].value_counts()
            return [(self.t(f"public_order_state_{s}"), str(int(states.get(s, 0)))) for s in STATUS_COLOURS]

        def top(language: str, data_version: int) -> Any:
            frame = queries.top_cameras(self.datalayer)
            if frame.empty:
                return theme.note(self.t("public_order_no_top"), name="no-top")
            shown = pd.DataFrame(
                {
                    self.t("public_order_camera"): frame["name"].astype(str),
                    self.t("public_order_alerts_total"): frame["alerts"].astype(int),
                    self.t("public_order_open_alerts"): frame["open_alerts"].astype(int),
                }
            )
            return self.wall_table(shown, name="top-cameras")

        p = self.param
        return self.wall_panels(
            figures=figures,
            chart=pn.bind(self.map_view, p.language, p.data_version),
            chart_name="camera-map",
            side=pn.bind(top, p.language, p.data_version),
        )

    def legend_html(self) -> str:
        items = [(colour, self.t(f"public_order_state_{state}")) for state, colour in STATUS_COLOURS.items()]
        return theme.legend_html(self.t("public_order_legend"), items)

    # ------------------------------------------------------------------ layout
    def filters(self) -> list[Any]:
        return [
            pn.widgets.RadioButtonGroup.from_param(self.param.group, color="primary"),
            pn.widgets.RadioButtonGroup.from_param(self.param.period, color="primary"),
        ]

    def sidebar_extras(self) -> list[Any]:
        legend = theme.html_pane(pn.bind(lambda language: self.legend_html(), self.param.language), name="legend")
        return [legend, *super().sidebar_extras()]

    def main_area(self) -> list[Any]:
        p = self.param
        map_panel = pn.panel(pn.bind(self.map_view, p.language, p.data_version), sizing_mode="stretch_width")
        top = pn.panel(pn.bind(self.top_view, p.language, p.data_version), sizing_mode="stretch_width")
        feed_title = pn.bind(lambda language: f"<h3>{escape(self.t('public_order_feed'))}</h3>", p.language)
        feed = pn.panel(pn.bind(self.feed_view, p.language, p.data_version), sizing_mode="stretch_width")
        counts = pn.panel(
            pn.bind(self.counts_view, p.group, p.period, p.language, p.data_version), sizing_mode="stretch_width"
        )
        return [
            pn.Row(map_panel, top, sizing_mode="stretch_width"),
            theme.html_pane(feed_title),
            feed,
            counts,
            self.alert_table(),
        ]
