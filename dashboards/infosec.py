"""The information-security dashboard "An toàn thông tin" (Điều 6.7).

A league table of the agencies' posture scores (with their trend), detections over time by
severity or by agency, the most frequent signatures, the malware board, a source → agency
flow view, the latest detections and the domain's open alerts. Data come from
:mod:`ioc_plugins.infosec.queries`; this module only labels and draws them. Signatures and
host names come from the monitored networks (attackers choose them): they reach the page
only as Tabulator cell text or Bokeh text, never as markup. The raw source records are
shown only to a user with the ``security`` role (``ioc.auth.RAW_SECURITY_ROLES``).
"""

from __future__ import annotations

from datetime import timedelta
from html import escape
from typing import Any

import holoviews as hv
import pandas as pd
import panel as pn
import param

from dashboards import plots, theme
from dashboards.base import BaseDashboard
from dashboards.i18n import format_datetime, number_text, register_texts, to_local
from ioc.auth import RAW_SECURITY_ROLES
from ioc_plugins.infosec import queries
from ioc_plugins.infosec.queries import SEVERITY_LABELS_VI

PERIODS = {"24h": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30)}
BUCKETS = {"24h": "1 hour", "7d": "6 hours", "30d": "1 day"}
#: Severity colours, info → critical (ColorBrewer YlOrRd, readable on the wall's dark theme).
SEVERITY_COLOURS = {0: "#9e9e9e", 1: "#fed976", 2: "#fd8d3c", 3: "#e31a1c", 4: "#800026"}
SEVERITY_LABELS_EN = {0: "Info", 1: "Low", 2: "Medium", 3: "High", 4: "Critical"}

register_texts(
    {
        "vi": {
            "infosec_title": "An toàn thông tin",
            "infosec_period": "Khoảng thời gian",
            "infosec_by": "Biểu đồ theo",
            "infosec_by_severity": "Mức độ",
            "infosec_by_agency": "Cơ quan",
            "infosec_posture": "Xếp hạng an toàn thông tin theo cơ quan",
            "infosec_posture_note": "Điểm 0–100: trừ theo cảnh báo cao chưa xử lý, máy nhiễm mã độc, nguồn tấn công bên ngoài và thời gian tiếp nhận.",
            "infosec_over_time": "Sự kiện phát hiện theo thời gian",
            "infosec_trend": "Diễn biến điểm an toàn thông tin (30 ngày)",
            "infosec_top_signatures": "Dấu hiệu (signature) xuất hiện nhiều nhất",
            "infosec_malware": "Mã độc phát hiện",
            "infosec_flows": "Nguồn tấn công → cơ quan",
            "infosec_events": "Sự kiện mới nhất",
            "infosec_raw_hidden": "Bản ghi gốc chỉ hiển thị cho cán bộ an toàn thông tin.",
            "infosec_no_data": "Chưa có dữ liệu.",
            "infosec_count": "Số sự kiện",
            "infosec_col_rank": "Hạng",
            "infosec_col_agency": "Cơ quan",
            "infosec_col_score": "Điểm",
            "infosec_col_trend": "Xu hướng (7 ngày)",
            "infosec_col_open_high": "Cảnh báo cao chưa xử lý",
            "infosec_col_malware": "Máy nhiễm mã độc",
            "infosec_col_exposure": "Nguồn tấn công ngoài",
            "infosec_col_ack": "Giờ tiếp nhận (trung vị)",
            "infosec_col_time": "Thời điểm",
            "infosec_col_signature": "Dấu hiệu",
            "infosec_col_severity": "Mức độ",
            "infosec_col_source": "Nguồn",
            "infosec_col_destination": "Đích",
            "infosec_col_sensor": "Cảm biến",
            "infosec_col_module": "Công cụ",
            "infosec_col_family": "Họ mã độc",
            "infosec_col_host": "Máy",
            "infosec_col_indicator": "Mã băm / dấu hiệu",
            "infosec_col_first_seen": "Thấy lần đầu",
            "infosec_col_last_seen": "Thấy lần cuối",
            "infosec_col_sightings": "Số lần",
            "infosec_col_raw": "Bản ghi gốc",
        },
        "en": {
            "infosec_title": "Information security",
            "infosec_period": "Period",
            "infosec_by": "Chart by",
            "infosec_by_severity": "Severity",
            "infosec_by_agency": "Agency",
            "infosec_posture": "Security posture league table",
            "infosec_posture_note": "Score 0–100: points off for open high alerts, infected hosts, external attack sources and time to acknowledge.",
            "infosec_over_time": "Detections over time",
            "infosec_trend": "Posture score trend (30 days)",
            "infosec_top_signatures": "Top signatures",
            "infosec_malware": "Malware seen",
            "infosec_flows": "Attack source → agency",
            "infosec_events": "Latest detections",
            "infosec_raw_hidden": "Raw records are shown to security officers only.",
            "infosec_no_data": "No data yet.",
            "infosec_count": "Events",
            "infosec_col_rank": "Rank",
            "infosec_col_agency": "Agency",
            "infosec_col_score": "Score",
            "infosec_col_trend": "Trend (7 days)",
            "infosec_col_open_high": "Open high alerts",
            "infosec_col_malware": "Infected hosts",
            "infosec_col_exposure": "External sources",
            "infosec_col_ack": "Hours to acknowledge (median)",
            "infosec_col_time": "Time",
            "infosec_col_signature": "Signature",
            "infosec_col_severity": "Severity",
            "infosec_col_source": "Source",
            "infosec_col_destination": "Destination",
            "infosec_col_sensor": "Sensor",
            "infosec_col_module": "Tool",
            "infosec_col_family": "Family",
            "infosec_col_host": "Host",
            "infosec_col_indicator": "Hash / indicator",
            "infosec_col_first_seen": "First seen",
            "infosec_col_last_seen": "Last seen",
            "infosec_col_sightings": "Sightings",
            "infosec_col_raw": "Raw record",
        },
    }
)


class InfosecDashboard(BaseDashboard):
    """Dashboard of the infosec domain (An toàn thông tin).

    Filters are parameters: ``period``, ``agency`` (one agency code or all) and ``by``
    (the chart's grouping). The signed-in Panel user (or ``username``) decides whether raw
    records are shown.
    """

    domain = "infosec"
    title_key = "infosec_title"
    freshness_table = "infosec.events"

    period = param.Selector(
        default="7d", objects=list(PERIODS), doc="""How far back the views go from the newest event."""
    )
    agency = param.String(default="", doc="""Only this agency's events ('' for all agencies).""")
    by = param.Selector(
        default="severity",
        objects=["severity", "agency"],
        doc="""Group the detections chart by severity or by agency.""",
    )

    @param.depends("language", watch=True, on_init=True)
    def _label_choices(self) -> None:
        self.param.period.objects = {self.t(f"period_{p}"): p for p in PERIODS}
        self.param.by.objects = {self.t("infosec_by_severity"): "severity", self.t("infosec_by_agency"): "agency"}

    def latest_time(self, table: str | None = None) -> pd.Timestamp | None:
        return queries.latest_time(self.datalayer, table or self.current_freshness_table())

    @property
    def shows_raw(self) -> bool:
        """Whether the user may see raw records (the security role)."""
        principal = self.principal
        return principal is not None and principal.has(*RAW_SECURITY_ROLES)

    def window(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        """``[start, end)`` of the chosen period, ending after the newest event."""
        end = (self.latest_time() or pd.Timestamp.now(tz="UTC")) + pd.Timedelta(seconds=1)
        return end - PERIODS[self.period], end

    def _severity_label(self, level: Any) -> str:
        labels = SEVERITY_LABELS_VI if self.language == "vi" else SEVERITY_LABELS_EN
        return labels.get(int(level), str(level)) if pd.notna(level) else "—"

    # ------------------------------------------------------------------ frames
    def posture_frame(self) -> pd.DataFrame:
        frame = queries.posture_table(self.datalayer)
        return pd.DataFrame(
            {
                self.t("infosec_col_rank"): frame["rank"].astype(int).to_numpy(),
                self.t("infosec_col_agency"): frame["name"].astype(str).to_numpy(),
                self.t("infosec_col_score"): frame["score"].astype(float).to_numpy(),
                self.t("infosec_col_trend"): frame["trend"].astype(float).to_numpy(),
                self.t("infosec_col_open_high"): frame["open_high"].astype(int).to_numpy(),
                self.t("infosec_col_malware"): frame["malware"].astype(int).to_numpy(),
                self.t("infosec_col_exposure"): frame["exposure"].astype(int).to_numpy(),
                self.t("infosec_col_ack"): frame["ack_hours"].astype(float).to_numpy(),
            }
        )

    def events_frame(self) -> pd.DataFrame:
        start, end = self.window()
        events = queries.recent_events(self.datalayer, start, end, with_raw=self.shows_raw)
        if self.agency:
            events = events[events["agency"] == self.agency]
        columns = {
            self.t("infosec_col_time"): [format_datetime(t, self.timezone) for t in events["time"]],
            self.t("infosec_col_severity"): [self._severity_label(s) for s in events["severity"]],
            self.t("infosec_col_signature"): events["rule_name"].fillna("").astype(str).to_numpy(),
            self.t("infosec_col_source"): events["source_ip"].fillna("").astype(str).to_numpy(),
            self.t("infosec_col_destination"): events["destination_ip"].fillna("").astype(str).to_numpy(),
            self.t("infosec_col_agency"): events["agency"].fillna("").astype(str).to_numpy(),
            self.t("infosec_col_module"): events["event_module"].fillna("").astype(str).to_numpy(),
            self.t("infosec_col_sensor"): events["observer_name"].fillna("").astype(str).to_numpy(),
        }
        if self.shows_raw and "raw" in events:
            columns[self.t("infosec_col_raw")] = events["raw"].fillna("").astype(str).str.slice(0, 2000).to_numpy()
        return pd.DataFrame(columns)

    def malware_frame(self) -> pd.DataFrame:
        board = queries.malware_board(self.datalayer)
        if self.agency:
            board = board[board["agency"] == self.agency]
        return pd.DataFrame(
            {
                self.t("infosec_col_family"): board["family"].fillna("").astype(str).to_numpy(),
                self.t("infosec_col_host"): board["host"].astype(str).to_numpy(),
                self.t("infosec_col_agency"): board["agency"].fillna("").astype(str).to_numpy(),
                self.t("infosec_col_indicator"): board["indicator"].astype(str).to_numpy(),
                self.t("infosec_col_first_seen"): [format_datetime(t, self.timezone) for t in board["first_seen"]],
                self.t("infosec_col_last_seen"): [format_datetime(t, self.timezone) for t in board["last_seen"]],
                self.t("infosec_col_sightings"): board["sightings"].astype(int).to_numpy(),
            }
        )

    # ------------------------------------------------------------------ views
    def _table(self, frame: pd.DataFrame, name: str, page_size: int = 10) -> Any:
        if frame.empty:
            return theme.note(self.t("infosec_no_data"), name=f"{name}-empty")
        return pn.widgets.Tabulator(
            frame,
            disabled=True,
            show_index=False,
            pagination="local",
            page_size=page_size,
            layout="fit_data_stretch",
            sizing_mode="stretch_width",
        )

    def _section(self, key: str, view: Any, note: str | None = None) -> pn.Column:
        title = pn.bind(lambda language: f"<h3>{escape(self.t(key))}</h3>", self.param.language)
        parts = [theme.html_pane(title)]
        if note:
            parts.append(
                theme.html_pane(
                    pn.bind(lambda language: f'<p class="muted">{escape(self.t(note))}</p>', self.param.language)
                )
            )
        return pn.Column(*parts, view, sizing_mode="stretch_width")

    def over_time_plot(self) -> Any:
        start, end = self.window()
        frame = queries.alerts_over_time(self.datalayer, start, end, by=self.by, freq=BUCKETS[self.period])
        if self.agency and self.by == "severity":
            frame = queries.alerts_over_time(self.datalayer, start, end, by="agency", freq=BUCKETS[self.period])
            frame = frame[frame["key"] == self.agency]
        if frame.empty:
            return theme.note(self.t("infosec_no_data"), name="over-time-empty")
        frame = frame.assign(time=to_local(frame["time"], self.timezone))
        curves = {}
        for key, group in frame.groupby("key", sort=True):
            label = self._severity_label(key) if self.by == "severity" and str(key).isdigit() else str(key)
            options = (
                {"color": SEVERITY_COLOURS.get(int(key), "#607d8b")}
                if self.by == "severity" and str(key).isdigit()
                else {}
            )
            curves[label] = hv.Curve(
                group, "time", hv.Dimension("count", label=self.t("infosec_count")), label=label
            ).opts(interpolation="steps-mid", line_width=2, tools=["hover"], **options)
        overlay = hv.Overlay(list(curves.values())).opts(
            responsive=True,
            height=280,
            legend_position="top_left",
            xlabel="",
            **plots.date_axis(),
            show_grid=True,
        )
        return self.plot_pane(overlay, "over-time")

    def trend_plot(self) -> Any:
        """Each agency's daily posture score over the last 30 days of data."""
        trend = queries.posture_trend(self.datalayer, days=30)
        if self.agency:
            trend = trend[trend["agency"] == self.agency]
        if trend.empty:
            return theme.note(self.t("infosec_no_data"), name="trend-empty")
        score = hv.Dimension("score", label=self.t("infosec_col_score"), range=(0, 100))
        curves = [
            hv.Curve(group, "day", score, label=str(agency)).opts(line_width=2, tools=["hover"])
            for agency, group in trend.groupby("agency", sort=True)
        ]
        overlay = hv.Overlay(curves).opts(
            responsive=True,
            height=260,
            legend_position="right",
            xlabel="",
            show_grid=True,
            **plots.date_axis(),
        )
        return self.plot_pane(overlay, "posture-trend")

    def signatures_plot(self) -> Any:
        start, end = self.window()
        top = queries.top_signatures(self.datalayer, start, end, limit=10)
        if top.empty:
            return theme.note(self.t("infosec_no_data"), name="signatures-empty")
        top = top.assign(label=top["rule_name"].fillna(top["rule_id"]).astype(str).str.slice(0, 70))
        bars = plots.count_bars(
            top,
            category="label",
            series=[("count", self.t("infosec_count"), "#e31a1c", 0.8)],
            title="",
            value_label=self.t("infosec_count"),
        )
        return self.plot_pane(bars, "signatures")

    def flows_plot(self) -> Any:
        start, end = self.window()
        flows = queries.source_agency_flows(self.datalayer, start, end, limit=25)
        if self.agency:
            flows = flows[flows["agency"] == self.agency]
        if flows.empty:
            return theme.note(self.t("infosec_no_data"), name="flows-empty")
        edges = pd.DataFrame(
            {
                "source": flows["source_ip"].astype(str),
                "target": "→ " + flows["agency"].astype(str),
                "count": flows["count"].astype(int),
            }
        )
        sankey = hv.Sankey(edges, ["source", "target"], "count").opts(
            width=560,
            height=max(300, 18 * len(edges)),
            label_position="outer",
            edge_color="source",
            node_color="index",
            cmap="Category20",
        )
        return self.plot_pane(sankey, "flows")

    def main_area(self) -> list[Any]:
        deps = (self.param.language, self.param.data_version)
        posture = pn.panel(pn.bind(lambda *_: self._table(self.posture_frame(), "posture", 15), *deps))
        trend = pn.panel(pn.bind(lambda *_: self.trend_plot(), *deps, self.param.agency))
        over_time = pn.panel(
            pn.bind(lambda *_: self.over_time_plot(), *deps, self.param.period, self.param.agency, self.param.by)
        )
        signatures = pn.panel(pn.bind(lambda *_: self.signatures_plot(), *deps, self.param.period))
        malware = pn.panel(pn.bind(lambda *_: self._table(self.malware_frame(), "malware"), *deps, self.param.agency))
        flows = pn.panel(pn.bind(lambda *_: self.flows_plot(), *deps, self.param.period, self.param.agency))
        events = pn.panel(
            pn.bind(
                lambda *_: self._table(self.events_frame(), "events", 12), *deps, self.param.period, self.param.agency
            )
        )
        raw_note = pn.bind(
            lambda language: "" if self.shows_raw else f'<p class="muted">{escape(self.t("infosec_raw_hidden"))}</p>',
            self.param.language,
        )
        return [
            self._section("infosec_posture", posture, note="infosec_posture_note"),
            self._section("infosec_trend", trend),
            self._section("infosec_over_time", over_time),
            pn.Row(
                self._section("infosec_top_signatures", signatures),
                self._section("infosec_flows", flows),
                sizing_mode="stretch_width",
            ),
            self._section("infosec_malware", malware),
            self._section("infosec_events", pn.Column(theme.html_pane(raw_note), events, sizing_mode="stretch_width")),
            self.alert_table(),
        ]

    def wall_area(self) -> list[Any]:
        """On the wall: open high alerts, infected machines and outside attack sources of every
        agency together, the alerts over time beside the posture's ranking (the first rows)."""

        def figures() -> list[tuple[str, str]]:
            frame = queries.posture_table(self.datalayer)
            keys = {"open_high": "infosec_col_open_high", "malware": "infosec_col_malware"}
            keys["exposure"] = "infosec_col_exposure"
            return [
                (self.t(key), number_text(int(frame[column].sum()) if len(frame) else 0))
                for column, key in keys.items()
            ]

        def ranking(*_: Any) -> Any:
            frame = self.posture_frame()
            if frame.empty:
                return theme.note(self.t("infosec_no_data"), name="posture-empty")
            columns = [self.t(k) for k in ("infosec_col_rank", "infosec_col_agency", "infosec_col_score")]
            shown = frame[columns].copy()
            shown[columns[-1]] = shown[columns[-1]].map(number_text)  # 90,9 as Vietnamese writes it
            return self.wall_table(shown, name="posture")

        deps = (self.param.language, self.param.data_version)
        return self.wall_panels(
            figures=figures,
            chart=pn.bind(lambda *_: self.over_time_plot(), *deps, self.param.period, self.param.by),
            chart_name="over-time",
            side=pn.bind(ranking, *deps),
        )

    def filters(self) -> list[Any]:
        agencies = ["", *sorted(queries.agency_names(self.datalayer))]
        agency = pn.widgets.Select.from_param(self.param.agency, options=agencies, label=self.t("infosec_col_agency"))
        return [
            pn.widgets.RadioButtonGroup.from_param(self.param.period, label=self.t("infosec_period")),
            pn.widgets.RadioButtonGroup.from_param(self.param.by, label=self.t("infosec_by")),
            agency,
        ]
