"""The "Hành chính công" dashboards: the IOC's view of administrative procedures, and the citizen look-up.

:class:`PublicAdminDashboard` (IOC staff, leaders): live counters (dossiers received today,
overdue, due within 2 working days), the feed of violation alerts, the agencies' (or units')
league table by the Decision 766 index with a drill-down to each indicator (numerator,
denominator, target, points) and to the dossiers (applicant data masked), a heat map of late
dossiers by unit and month, and the monthly trend.

:class:`DossierLookupPage` (public, no login): a citizen enters the dossier code and the last
4 digits of the phone number and sees the status in Vietnamese, the due date and the public
steps; no personal data is ever on the page, a wrong code looks like a wrong phone, and each
browser session is rate-limited.

Data come from :mod:`ioc_plugins.public_admin.queries`; this module only labels and draws
them. Everything shown as HTML is escaped; tables are Tabulator cell text.
"""

from __future__ import annotations

from html import escape
from typing import Any, ClassVar

import holoviews as hv
import pandas as pd
import panel as pn
import param

from dashboards import plots, theme
from dashboards.base import BaseDashboard, query_time
from dashboards.i18n import format_datetime, register_texts
from ioc_plugins.public_admin import queries
from ioc_plugins.public_admin.queries import GROUPS, PERIOD_KINDS, period_bounds, period_label

register_texts(
    {
        "vi": {
            "public_admin_title": "Hành chính công",
            "public_admin_lookup_title": "Tra cứu hồ sơ thủ tục hành chính",
            "public_admin_received_today": "Tiếp nhận hôm nay",
            "public_admin_overdue": "Quá hạn",
            "public_admin_due_soon": "Đến hạn trong 2 ngày làm việc",
            "public_admin_open": "Đang xử lý",
            "public_admin_violations": "Vi phạm theo từng hành động",
            "public_admin_league": "Xếp hạng theo Bộ chỉ số 766 — {period}",
            "public_admin_indicators": "Chi tiết chỉ số: {entity}",
            "public_admin_dossiers": "Hồ sơ của {entity}",
            "public_admin_pick": "Chọn một dòng trong bảng xếp hạng để xem chi tiết.",
            "public_admin_heatmap": "Tỷ lệ hồ sơ trễ hạn (%) theo đơn vị và tháng",
            "public_admin_trend": "Hồ sơ tiếp nhận theo tháng",
            "public_admin_trend_on_time": "Tỷ lệ giải quyết đúng hạn theo tháng (%)",
            "public_admin_period_kind": "Kỳ đánh giá",
            "public_admin_year": "Năm",
            "public_admin_index": "Tháng / quý",
            "public_admin_level": "Đánh giá theo",
            "public_admin_level_agency_code": "Cơ quan",
            "public_admin_level_unit_code": "Đơn vị",
            "public_admin_no_index": "Chưa có dữ liệu để tính Bộ chỉ số 766.",
            "public_admin_backlog": "Hồ sơ đang xử lý và quá hạn theo cơ quan",
            "public_admin_no_backlog": "Không có hồ sơ đang xử lý.",
            "public_admin_lowest": "Điểm thấp nhất — {period}",
            "public_admin_code": "Mã hồ sơ",
            "public_admin_phone4": "4 số cuối điện thoại",
            "public_admin_find": "Tra cứu",
            "public_admin_status": "Trạng thái",
            "public_admin_procedure": "Thủ tục",
            "public_admin_received": "Ngày tiếp nhận",
            "public_admin_due": "Ngày hẹn trả kết quả",
            "public_admin_steps": "Quá trình xử lý",
            "public_admin_privacy": "Trang này không hiển thị thông tin cá nhân của người nộp hồ sơ.",
            "public_admin_month": "Tháng",
            "public_admin_unit": "Đơn vị",
            "public_admin_rank": "Hạng",
            "public_admin_name": "Cơ quan/đơn vị",
            "public_admin_total": "Tổng điểm",
            "public_admin_dossier": "Hồ sơ",
            "public_admin_pick_violation": "Vi phạm cần xử lý",
            "public_admin_open_incident": "Mở vụ việc (quy trình có thời hạn)",
            "public_admin_incident_opened": "Đã mở vụ việc số {id}.",
        },
        "en": {
            "public_admin_title": "Public administration",
            "public_admin_lookup_title": "Look up an administrative dossier",
            "public_admin_received_today": "Received today",
            "public_admin_overdue": "Overdue",
            "public_admin_due_soon": "Due within 2 working days",
            "public_admin_open": "In progress",
            "public_admin_violations": "Per-action violations",
            "public_admin_league": "League table by the Decision 766 index — {period}",
            "public_admin_indicators": "Indicators: {entity}",
            "public_admin_dossiers": "Dossiers of {entity}",
            "public_admin_pick": "Select a row of the league table to see its details.",
            "public_admin_heatmap": "Late dossiers (%) by unit and month",
            "public_admin_trend": "Dossiers received per month",
            "public_admin_trend_on_time": "Processed on time per month (%)",
            "public_admin_period_kind": "Period",
            "public_admin_year": "Year",
            "public_admin_index": "Month / quarter",
            "public_admin_level": "Score by",
            "public_admin_level_agency_code": "Agency",
            "public_admin_level_unit_code": "Unit",
            "public_admin_no_index": "No data yet to compute the Decision 766 index.",
            "public_admin_backlog": "Dossiers in progress and overdue by agency",
            "public_admin_no_backlog": "No dossier in progress.",
            "public_admin_lowest": "Lowest totals — {period}",
            "public_admin_code": "Dossier code",
            "public_admin_phone4": "Last 4 digits of the phone",
            "public_admin_find": "Look up",
            "public_admin_status": "Status",
            "public_admin_procedure": "Procedure",
            "public_admin_received": "Received",
            "public_admin_due": "Result due",
            "public_admin_steps": "Steps",
            "public_admin_privacy": "This page never shows the applicant's personal data.",
            "public_admin_month": "Month",
            "public_admin_unit": "Unit",
            "public_admin_rank": "Rank",
            "public_admin_name": "Agency/unit",
            "public_admin_total": "Total",
            "public_admin_dossier": "Dossier",
            "public_admin_pick_violation": "Violation to handle",
            "public_admin_open_incident": "Open a timed incident",
            "public_admin_incident_opened": "Incident {id} opened.",
        },
    }
)

PERIOD_NAMES = {"month": "Tháng", "quarter": "Quý", "6months": "6 tháng", "9months": "9 tháng", "year": "Năm"}
COUNTER_COLOURS = {"received_today": "#1e88e5", "overdue": "#d50000", "due_soon": "#fb8c00", "open": "#546e7a"}


class PublicAdminDashboard(BaseDashboard):
    """Dashboard of the public-administration domain (Hành chính công).

    Filters are parameters: the Decision 766 period (``period_kind``, ``year``, ``index``) and
    whether agencies or units are ranked (``level``); ``entity`` is the row drilled into.
    """

    domain = "public_admin"
    title_key = "public_admin_title"
    fresh_within = pd.Timedelta(hours=2).to_pytimedelta()
    late_within = pd.Timedelta(days=1).to_pytimedelta()

    period_kind = param.Selector(
        default="year",
        objects=list(PERIOD_KINDS),
        doc="""
        Period of the Decision 766 index: month, quarter, 6months, 9months or year.""",
    )
    year = param.Integer(
        default=pd.Timestamp.now().year,
        bounds=(2022, 2100),
        doc="""
        Year of the period (the Decision dates from 2022).""",
    )
    index = param.Integer(
        default=1,
        bounds=(1, 12),
        doc="""
        Month (1–12) or quarter (1–4) of the period; ignored for 6 months, 9 months and year.""",
    )
    level = param.Selector(
        default="agency_code",
        objects=["agency_code", "unit_code"],
        doc="""
        Rank agencies ('agency_code') or units ('unit_code').""",
    )
    entity = param.String(
        default="",
        doc="""
        Agency or unit whose indicators and dossiers are shown ('' for none).""",
    )

    def latest_time(self, table: str | None = None) -> pd.Timestamp | None:
        """The newest dossier event or reception."""
        return queries.latest_time(self.datalayer)

    # ------------------------------------------------------------------ data
    def open_alerts(self) -> pd.DataFrame:
        """The violation alerts; the entity column names the dossier (not a station)."""
        frame = super().open_alerts()
        return frame.rename(columns={self.t("col_station"): self.t("public_admin_dossier")})

    def counters(self, now: pd.Timestamp | None = None) -> dict[str, int]:
        """Live counters at ``now`` (default: the present)."""
        return queries.counters(self.datalayer, now if now is not None else query_time())

    def index_frame(self) -> pd.DataFrame:
        """Every indicator of the chosen period and level."""
        index = min(self.index, 4) if self.period_kind == "quarter" else self.index
        return queries.index_table(self.datalayer, self.period_kind, self.year, index, by=self.level)

    def league_frame(self, indicators: pd.DataFrame) -> pd.DataFrame:
        """The league table with Vietnamese headers."""
        names = {a.code: a.name for a in self.datalayer.settings.site.agencies}
        table = queries.league_table(indicators, names)
        return table.rename(
            columns={
                "rank": self.t("public_admin_rank"),
                "name": self.t("public_admin_name"),
                "total": self.t("public_admin_total"),
                **{code: f"{GROUPS[code][0]} ({GROUPS[code][1]:g})" for code in GROUPS},
            }
        )

    # ------------------------------------------------------------------ components
    def filters(self) -> list[Any]:
        kinds = {PERIOD_NAMES[k]: k for k in PERIOD_KINDS}
        levels = {self.t(f"public_admin_level_{level}"): level for level in ("agency_code", "unit_code")}
        return [
            pn.widgets.Select.from_param(
                self.param.period_kind, options=kinds, label=self.t("public_admin_period_kind")
            ),
            pn.widgets.IntInput.from_param(self.param.year, label=self.t("public_admin_year")),
            pn.widgets.IntInput.from_param(self.param.index, label=self.t("public_admin_index")),
            pn.widgets.RadioButtonGroup.from_param(
                self.param.level, options=levels, label=self.t("public_admin_level")
            ),
        ]

    def counter_cards(self) -> Any:
        def render(language: str, data_version: int, clock: int) -> str:
            values = self.counters()
            cards = "".join(
                f'<div class="ioc-card" style="border-left:6px solid {COUNTER_COLOURS[key]};padding:8px 14px;'
                f'min-width:180px"><div class="muted">{escape(self.t(f"public_admin_{key}"))}</div>'
                f'<div id="pa-{key}" style="font-size:2em;font-weight:700">{int(values[key])}</div></div>'
                for key in ("received_today", "overdue", "due_soon", "open")
            )
            return f'<div style="display:flex;gap:12px;flex-wrap:wrap">{cards}</div>'

        return theme.html_pane(
            pn.bind(render, self.param.language, self.param.data_version, self.param.clock),
            name="counters",
            sizing_mode="stretch_width",
        )

    def league(self) -> Any:
        def render(period_kind: str, year: int, index: int, level: str, language: str, data_version: int) -> Any:
            indicators = self.index_frame()
            label = period_label(period_kind, year, min(index, 4) if period_kind == "quarter" else index)
            title = theme.html_pane(f"<h3>{escape(self.t('public_admin_league', period=label))}</h3>")
            if indicators.empty:
                return pn.Column(title, theme.note(self.t("public_admin_no_index")))
            frame = self.league_frame(indicators)
            table = pn.widgets.Tabulator(
                frame.drop(columns=["entity"]),
                disabled=True,
                show_index=False,
                selectable=1,
                layout="fit_data_stretch",
                sizing_mode="stretch_width",
            )

            def pick(event: Any) -> None:
                if event.new:
                    self.entity = str(frame["entity"].iloc[event.new[0]])

            table.param.watch(pick, "selection")
            return pn.Column(title, table, self.drill_down(indicators), sizing_mode="stretch_width")

        return pn.panel(
            pn.bind(
                render,
                self.param.period_kind,
                self.param.year,
                self.param.index,
                self.param.level,
                self.param.language,
                self.param.data_version,
            )
        )

    def drill_down(self, indicators: pd.DataFrame) -> Any:
        def render(entity: str) -> Any:
            if not entity or entity not in set(indicators["entity"]):
                return theme.note(self.t("public_admin_pick"))
            start, end = period_bounds(
                self.period_kind,
                self.year,
                min(self.index, 4) if self.period_kind == "quarter" else self.index,
                self.timezone,
            )
            dossiers = queries.agency_dossiers(self.datalayer, entity, by=self.level, start=start, end=end)
            dossiers = dossiers.assign(
                received_at=[format_datetime(v, self.timezone) for v in dossiers["received_at"]],
                due_at=[format_datetime(v, self.timezone) for v in dossiers["due_at"]],
                finished_at=[format_datetime(v, self.timezone) for v in dossiers["finished_at"]],
            )
            return pn.Column(
                theme.html_pane(f"<h4>{escape(self.t('public_admin_indicators', entity=entity))}</h4>"),
                pn.widgets.Tabulator(
                    queries.indicator_table(indicators, entity),
                    disabled=True,
                    show_index=False,
                    layout="fit_data_stretch",
                    sizing_mode="stretch_width",
                ),
                theme.html_pane(f"<h4>{escape(self.t('public_admin_dossiers', entity=entity))}</h4>"),
                pn.widgets.Tabulator(
                    dossiers,
                    disabled=True,
                    show_index=False,
                    pagination="local",
                    page_size=10,
                    layout="fit_data_stretch",
                    sizing_mode="stretch_width",
                ),
                sizing_mode="stretch_width",
            )

        return pn.panel(pn.bind(render, self.param.entity))

    def heatmap(self) -> Any:
        def render(year: int, data_version: int, language: str) -> Any:
            start, end = period_bounds("year", year, 1, self.timezone)
            frame = queries.heatmap(self.datalayer, start, end)
            title = self.t("public_admin_heatmap")
            if frame.empty:
                return theme.note(f"{title}: {self.t('no_data')}")
            heat = hv.HeatMap(
                frame,
                [
                    hv.Dimension("month", label=self.t("public_admin_month")),
                    hv.Dimension("unit_code", label=self.t("public_admin_unit")),
                ],
                [hv.Dimension("late_pct", label="%"), "dossiers"],
            ).opts(
                backend=plots.BACKEND,
                cmap="Reds",
                colorbar=True,
                tools=["hover"],
                title=title,
                height=320,
                responsive=True,
                toolbar=None,
            )
            return self.plot_pane(heat, name="heatmap")

        return pn.panel(pn.bind(render, self.param.year, self.param.data_version, self.param.language))

    def trend(self) -> Any:
        def render(data_version: int, language: str) -> Any:
            frame = queries.trend(self.datalayer)
            if frame.empty:
                return theme.note(f"{self.t('public_admin_trend')}: {self.t('no_data')}")
            month = hv.Dimension("month", label=self.t("public_admin_month"))
            bars = hv.Bars(frame, month, hv.Dimension("received", label=self.t("public_admin_trend"))).opts(
                backend=plots.BACKEND,
                title=self.t("public_admin_trend"),
                height=260,
                responsive=True,
                tools=["hover"],
                toolbar=None,
                color="#1e88e5",
            )
            share = hv.Curve(frame, month, hv.Dimension("on_time_pct", label="%")).opts(
                backend=plots.BACKEND,
                title=self.t("public_admin_trend_on_time"),
                height=260,
                responsive=True,
                tools=["hover"],
                toolbar=None,
                color="#43a047",
                ylim=(0, 100),
            )
            return pn.Row(
                self.plot_pane(bars, name="trend"),
                self.plot_pane(share * hv.Scatter(share), name="trend-on-time"),
                sizing_mode="stretch_width",
            )

        return pn.panel(pn.bind(render, self.param.data_version, self.param.language))

    def open_incident_html(self, alert_id: int, username: str | None = None) -> str:
        """Open the timed incident of a violation alert as ``username``; the answer as escaped HTML."""
        try:
            incident = queries.open_incident(self.datalayer, alert_id, username)
        except Exception as error:  # noqa: BLE001 - shown to the user, never a crash of the page
            return f'<p class="ioc-error">{escape(str(error))}</p>'
        return f"<p>{escape(self.t('public_admin_incident_opened', id=incident['id']))}</p>"

    def incident_opener(self) -> Any:
        """Pick an open violation and open its timed incident (the incident service checks the user's roles)."""

        def render(data_version: int, language: str) -> Any:
            alerts = queries.violations(self.datalayer)
            if alerts.empty:
                return pn.Spacer(height=0)
            choices = {f"#{row.id} {row.title}": int(row.id) for row in alerts.itertuples()}
            pick = pn.widgets.Select(label=self.t("public_admin_pick_violation"), options=choices, width=520)
            button = pn.widgets.Button(label=self.t("public_admin_open_incident"), color="warning")
            answer = theme.html_pane("", name="incident-answer")

            def on_open(_: Any) -> None:
                answer.object = self.open_incident_html(pick.value, pn.state.user or None)

            button.on_click(on_open)
            return pn.Row(pick, button, answer, sizing_mode="stretch_width")

        return pn.panel(pn.bind(render, self.param.data_version, self.param.language))

    def wall_area(self) -> list[Any]:
        """On the wall: dossiers in progress, overdue, due soon and received today; the open and
        overdue dossiers of the agencies most behind beside the lowest totals of the period's
        index (the league, drill-down, heat map and violations stay on the desk)."""

        def figures() -> list[tuple[str, str]]:
            values = self.counters()
            keys = ("open", "overdue", "due_soon", "received_today")
            return [(self.t(f"public_admin_{key}"), str(int(values[key]))) for key in keys]

        def backlog(language: str, data_version: int, clock: int) -> Any:
            frame = queries.backlog_by_agency(self.datalayer, query_time())
            if frame.empty:
                return theme.note(self.t("public_admin_no_backlog"), name="no-backlog")
            names = {a.code: a.name for a in self.datalayer.settings.site.agencies}
            frame = frame.assign(label=[str(names.get(c, c))[:28] for c in frame["agency_code"]])
            bars = plots.count_bars(
                frame,
                category="label",
                series=[
                    ("open", self.t("public_admin_open"), "#90caf9", 0.8),
                    ("overdue", self.t("public_admin_overdue"), "#d50000", 0.45),
                ],
                title=self.t("public_admin_backlog"),
            )
            return self.plot_pane(bars, name="backlog")

        def lowest(period_kind: str, year: int, index: int, level: str, language: str, data_version: int) -> Any:
            indicators = self.index_frame()
            if indicators.empty:
                return theme.note(self.t("public_admin_no_index"), name="no-index")
            frame = self.league_frame(indicators)
            total, name = self.t("public_admin_total"), self.t("public_admin_name")
            worst = frame.sort_values(total, kind="stable").head(self.wall_rows)
            shown = pd.DataFrame({name: worst[name].astype(str).str.slice(0, 30), total: worst[total].round(1)})
            label = period_label(period_kind, year, min(index, 4) if period_kind == "quarter" else index)
            title = f"<h3>{escape(self.t('public_admin_lowest', period=label))}</h3>"
            return pn.Column(theme.html_pane(title, margin=(0, 10)), self.wall_table(shown, name="lowest"))

        p = self.param
        return self.wall_panels(
            figures=figures,
            chart=pn.bind(backlog, p.language, p.data_version, p.clock),
            chart_name="backlog",
            side=pn.bind(lowest, p.period_kind, p.year, p.index, p.level, p.language, p.data_version),
        )

    def main_area(self) -> list[Any]:
        violations = pn.Column(
            theme.html_pane(
                pn.bind(lambda language: f"<h3>{escape(self.t('public_admin_violations'))}</h3>", self.param.language)
            ),
            self.alert_table(),
            self.incident_opener(),
            sizing_mode="stretch_width",
        )
        return [self.counter_cards(), violations, self.league(), self.heatmap(), self.trend()]


class DossierLookupPage(BaseDashboard):
    """The public look-up page: dossier code + last 4 phone digits → public status and steps."""

    domain = "public_admin"
    title_key = "public_admin_lookup_title"
    refresh_period = param.Integer(
        default=0,
        bounds=(0, None),
        doc="""
        The look-up page does not refresh itself.""",
    )
    result = param.String(default="", precedence=-1, doc="""HTML of the last answer (escaped).""")

    #: One limiter per configured rate, shared by every session of the process.
    _limiters: ClassVar[dict[int, queries.RateLimiter]] = {}

    def latest_time(self, table: str | None = None) -> pd.Timestamp | None:
        """The newest dossier event or reception."""
        return queries.latest_time(self.datalayer)

    def data_signature(self) -> tuple[Any, ...]:
        """The page never redraws on new data (nothing to refresh)."""
        return ()

    def _client(self) -> str:
        try:
            request = pn.state.curdoc.session_context.request  # type: ignore[union-attr]
            return str(request.remote_ip or "?")
        except AttributeError:
            return "local"

    def _limiter(self) -> queries.RateLimiter:
        per_minute = queries.lookup_limit(self.datalayer)
        return self._limiters.setdefault(per_minute, queries.RateLimiter(per_minute))

    def answer_html(self, code: str, phone_last4: str, client: str | None = None) -> str:
        """The escaped HTML answer to one look-up (status, dates, public steps, or the same refusal)."""
        if not self._limiter().allow(client or self._client()):
            return f'<p class="ioc-error">{escape(queries.RATE_LIMITED)}</p>'
        view = queries.lookup_answer(self.datalayer, code or "", phone_last4 or "")
        if view is None:
            return f'<p class="ioc-error" id="pa-not-found">{escape(queries.NOT_FOUND)}</p>'
        zone = self.timezone
        steps = "".join(
            f"<li>{escape(format_datetime(s['at'], zone))} — {escape(s['label'])}</li>" for s in view["steps"]
        )
        rows = [
            (self.t("public_admin_code"), view["code"]),
            (self.t("public_admin_procedure"), view["procedure"] or ""),
            (self.t("public_admin_status"), view["status"]),
            (
                self.t("public_admin_received"),
                format_datetime(view["received_at"], zone) if view["received_at"] else "—",
            ),
            (self.t("public_admin_due"), format_datetime(view["due_at"], zone) if view["due_at"] else "—"),
        ]
        table = "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v))}</td></tr>" for k, v in rows)
        return (
            f'<div class="ioc-card" id="pa-answer"><table>{table}</table>'
            f"<h4>{escape(self.t('public_admin_steps'))}</h4><ol>{steps}</ol></div>"
        )

    def main_area(self) -> list[Any]:
        code = pn.widgets.TextInput(label=self.t("public_admin_code"), max_length=60, placeholder="H260302000123")
        digits = pn.widgets.TextInput(label=self.t("public_admin_phone4"), max_length=4, placeholder="1234")
        find = pn.widgets.Button(label=self.t("public_admin_find"), color="primary")
        shown = theme.html_pane(self.param.result, name="answer", sizing_mode="stretch_width")

        def on_find(_: Any) -> None:
            self.result = self.answer_html(code.value, digits.value)

        find.on_click(on_find)
        privacy = theme.html_pane(f"<p class='muted'>{escape(self.t('public_admin_privacy'))}</p>")
        return [pn.Column(code, digits, find, privacy, shown, width=560)]
