"""The feedback dashboards: the staff queue, the agency view, statistics, the citizen form.

:class:`FeedbackDashboard` is what IOC staff, agency focal points and leaders open: a map
and a queue of citizen reports with SLA countdowns, a detail card with the steps the user
may take (verify, approve, forward …), and statistics with CSV/Excel downloads. What a
user sees and may do follows their roles (:mod:`ioc.auth`): an agency sees only what was
forwarded to it; personal data is masked without the right.

:class:`CitizenReportForm` is the public page: a citizen sends a report (with a photo) and
gets a tracking code, and looks up the progress of a report by its code.

Everything a citizen typed is untrusted: it reaches the page only escaped
(:func:`html.escape`), as Tabulator cell text or as Bokeh tooltip text — never as markup.
Steps go through the incident service (checked and audited); the dashboard itself never
writes storage.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from html import escape
from typing import Any

import pandas as pd
import panel as pn
import param

from dashboards import theme
from dashboards.base import BaseDashboard
from dashboards.i18n import format_datetime
from ioc.auth import ROLE_LABELS_VI, Principal, get_principal
from ioc.incidents.workflow import STATE_LABELS_VI, TransitionError, allowed_transitions

#: State groups the queue can show.
STATE_GROUPS = {
    "ioc": ("received", "verifying", "verified", "approved", "reopened"),
    "agency": ("forwarded", "in_progress"),
    "done": ("resolved", "closed", "dismissed"),
}
STATE_COLOURS = {"received": "#1e88e5", "verifying": "#5e35b1", "verified": "#00897b", "approved": "#43a047",
                 "reopened": "#8e24aa", "forwarded": "#fb8c00", "in_progress": "#f4511e", "resolved": "#7cb342",
                 "closed": "#9e9e9e", "dismissed": "#bdbdbd"}
OVERDUE_COLOUR = "#d50000"

TEXTS = {
    "vi": {"title": "Phản ánh hiện trường", "form_title": "Gửi phản ánh hiện trường", "group": "Nhóm vụ việc",
           "group_ioc": "Hàng đợi IOC (tiếp nhận, xác minh, phê duyệt)", "group_agency": "Tại cơ quan xử lý",
           "group_done": "Đã xử lý xong", "category": "Loại phản ánh", "all": "Tất cả", "queue": "Hàng đợi xử lý",
           "statistics": "Thống kê", "map": "Bản đồ phản ánh", "guest": "Chưa đăng nhập: chỉ xem thống kê.",
           "user": "Người dùng", "no_reports": "Không có phản ánh nào trong nhóm này.",
           "pick": "Chọn một phản ánh trong bảng để xem chi tiết và xử lý.", "action": "Thao tác",
           "comment": "Ý kiến / lý do", "agency": "Cơ quan xử lý", "do": "Thực hiện", "done_ok": "Đã thực hiện: {what}",
           "no_action": "Bạn không có thao tác nào với phản ánh này ở trạng thái hiện tại.", "by": "Thống kê theo",
           "by_category": "Loại phản ánh", "by_unit_code": "Đơn vị hành chính", "by_agency_code": "Cơ quan xử lý",
           "by_channel": "Kênh tiếp nhận", "by_month": "Tháng", "download_csv": "Tải CSV",
           "download_xlsx": "Tải Excel", "history": "Lịch sử xử lý", "reporter": "Người phản ánh",
           "remaining": "còn {t}", "overdue_by": "quá hạn {t}", "col_code": "Mã", "col_received": "Tiếp nhận",
           "col_category": "Loại", "col_title": "Tiêu đề", "col_state": "Trạng thái", "col_agency": "Cơ quan",
           "col_deadline": "Hạn xử lý", "col_sla": "Thời hạn", "description": "Nội dung phản ánh",
           "address": "Địa chỉ", "lat": "Vĩ độ (không bắt buộc)", "lon": "Kinh độ (không bắt buộc)",
           "name": "Họ tên", "phone": "Số điện thoại", "email": "Thư điện tử", "photo": "Ảnh hiện trường",
           "send": "Gửi phản ánh", "sent": "Đã gửi phản ánh. Mã tra cứu của bạn:", "lookup": "Tra cứu tiến độ",
           "code": "Mã tra cứu", "find": "Tra cứu", "privacy": "Thông tin cá nhân chỉ dùng để IOC liên hệ xác minh, "
           "không công khai.", "joined": "Phản ánh được gộp vào {code}", "expected": "Dự kiến có kết quả trước",
           "error": "Không gửi được: {why}"},
    "en": {"title": "Citizen field reports", "form_title": "Send a field report", "group": "Group",
           "group_ioc": "IOC queue (received, verifying, approval)", "group_agency": "At the agency",
           "group_done": "Finished", "category": "Category", "all": "All", "queue": "Queue",
           "statistics": "Statistics", "map": "Map of reports", "guest": "Not signed in: statistics only.",
           "user": "User", "no_reports": "No reports in this group.",
           "pick": "Pick a report in the table to see it and act on it.", "action": "Action",
           "comment": "Comment / reason", "agency": "Agency", "do": "Apply", "done_ok": "Done: {what}",
           "no_action": "You have no action on this report in its current state.", "by": "Group by",
           "by_category": "Category", "by_unit_code": "Commune", "by_agency_code": "Agency", "by_channel": "Channel",
           "by_month": "Month", "download_csv": "Download CSV", "download_xlsx": "Download Excel",
           "history": "History", "reporter": "Reporter", "remaining": "{t} left", "overdue_by": "overdue by {t}",
           "col_code": "Code", "col_received": "Received", "col_category": "Category", "col_title": "Title",
           "col_state": "State", "col_agency": "Agency", "col_deadline": "Deadline", "col_sla": "Time",
           "description": "What is wrong", "address": "Address", "lat": "Latitude (optional)",
           "lon": "Longitude (optional)", "name": "Name", "phone": "Phone", "email": "E-mail", "photo": "Photo",
           "send": "Send", "sent": "Report sent. Your tracking code:", "lookup": "Track a report",
           "code": "Tracking code", "find": "Find", "privacy": "Personal data is only used by the IOC to verify, "
           "never published.", "joined": "Joined to report {code}", "expected": "Result expected by",
           "error": "Not sent: {why}"},
}


def text(key: str, language: str = "vi", **values: Any) -> str:
    """The feedback dashboards' text in ``language`` (Vietnamese by default)."""
    template = TEXTS.get(language, TEXTS["vi"]).get(key) or TEXTS["vi"].get(key, key)
    return template.format(**values) if values else template


def duration_text(seconds: float, language: str = "vi") -> str:
    """``3 giờ``, ``2 ngày``, ``45 phút`` (rounded down)."""
    minutes = int(abs(seconds) // 60)
    if minutes < 60:
        return f"{minutes} phút" if language == "vi" else f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} giờ" if language == "vi" else f"{minutes // 60} h"
    return f"{minutes // 1440} ngày" if language == "vi" else f"{minutes // 1440} days"


def countdown(deadline: str | None, now: datetime, language: str = "vi") -> str:
    """The SLA countdown of a deadline: ``còn 5 giờ`` or ``quá hạn 2 ngày``."""
    if not deadline:
        return ""
    left = (pd.Timestamp(deadline).tz_convert("UTC") - pd.Timestamp(now).tz_convert("UTC")).total_seconds()
    key = "remaining" if left >= 0 else "overdue_by"
    return text(key, language, t=duration_text(left, language))


class _FeedbackBase(BaseDashboard):
    """What both feedback pages share: the desk, the user, the freshness of reports."""

    domain = "feedback"
    freshness_table = "feedback.submissions"
    fresh_within = pd.Timedelta(hours=6).to_pytimedelta()
    late_within = pd.Timedelta(days=2).to_pytimedelta()

    def __init__(self, **params: Any) -> None:
        self._desk = None
        super().__init__(**params)

    @property
    def desk(self) -> Any:
        """The citizen-report desk (its incident service does every step)."""
        if self._desk is None:
            from ioc_plugins.feedback.desk import CitizenDesk

            self._desk = CitizenDesk.from_settings(self.datalayer.settings, self.datalayer.store)
        return self._desk

    def tr(self, key: str, **values: Any) -> str:
        return text(key, self.language, **values)

    def latest_time(self, table: str | None = None) -> pd.Timestamp | None:
        """The newest report received on any channel (read from the state store)."""
        from sqlalchemy import func, select

        from ioc.incidents.models import Incident

        with self.datalayer.store.session() as session:
            latest = session.scalar(select(func.max(Incident.received_at)).where(Incident.tracking_code.is_not(None)))
        return None if latest is None else pd.Timestamp(latest).tz_localize("UTC") if latest.tzinfo is None \
            else pd.Timestamp(latest).tz_convert("UTC")

    def data_signature(self) -> tuple[Any, ...]:
        """Changes with every new report and every step (the audit log only grows)."""
        from sqlalchemy import func, select

        from ioc.incidents.audit import AuditEntry

        with self.datalayer.store.session() as session:
            return (session.scalar(select(func.max(AuditEntry.id))),)


class FeedbackDashboard(_FeedbackBase):
    """Dashboard of the feedback domain for IOC staff, agencies and leaders.

    The user is the signed-in Panel user (``pn.state.user``) or ``username``; without
    either only statistics are shown.
    """

    title_key = "app_title"

    username = param.String(default="", doc="""
        User the dashboard acts as when no one is signed in through Panel (notebooks, tests).""")
    group = param.Selector(default="ioc", objects=list(STATE_GROUPS), doc="""
        Which reports the queue shows: 'ioc' (IOC's queue), 'agency' (at the agency) or 'done'.""")
    category = param.String(default="", doc="""
        Only this category ('' for all).""")
    selected = param.Integer(default=None, allow_None=True, doc="""
        Incident id of the report shown in the detail card.""")
    stats_by = param.Selector(default="category", objects=["category", "unit_code", "agency_code", "channel", "month"],
                              doc="""Grouping of the statistics.""")
    message = param.String(default="", precedence=-1, doc="""Result of the last action (shown escaped).""")

    @property
    def page_title(self) -> str:
        return self.title or self.tr("title")

    @property
    def principal(self) -> Principal | None:
        """The user acting: the Panel login, else ``username``; ``None`` for a guest."""
        name = pn.state.user if pn.state.user and pn.state.user != "guest" else self.username
        return get_principal(self.datalayer.store, name) if name else None

    # ------------------------------------------------------------------ data
    def reports(self, group: str | None = None, category: str | None = None) -> list[dict[str, Any]]:
        """Reports of a state group the user may see (masked as their roles require)."""
        principal = self.principal
        if principal is None:
            return []
        return self.desk.service.list(principal, state=STATE_GROUPS[group or self.group], citizen_reports=True,
                                      category=(category if category is not None else self.category) or None,
                                      include_duplicates=False, limit=500)

    def queue_frame(self, rows: list[dict[str, Any]], now: datetime | None = None) -> pd.DataFrame:
        """The queue as the table shows it: local times, labels, the SLA countdown."""
        now = now or datetime.now(UTC)
        zone = self.timezone
        columns = [self.tr(k) for k in ("col_code", "col_received", "col_category", "col_title", "col_state",
                                        "col_agency", "col_deadline", "col_sla")]
        if not rows:
            return pd.DataFrame(columns=columns)
        categories = self.desk.categories
        return pd.DataFrame({
            columns[0]: [r["tracking_code"] for r in rows],
            columns[1]: [format_datetime(r["received_at"], zone) for r in rows],
            columns[2]: [categories[r["category"]].name if r["category"] in categories else r["category"] for r in rows],
            columns[3]: [r["title"] for r in rows],
            columns[4]: [STATE_LABELS_VI.get(r["state"], r["state"]) + (" ⚠" if r["overdue"] else "") for r in rows],
            columns[5]: [r["agency_code"] or f"({r['suggested_agency'] or '—'})" for r in rows],
            columns[6]: [format_datetime(r["deadline"], zone) if r["deadline"] else "" for r in rows],
            columns[7]: [countdown(r["deadline"], now, self.language) if r["state"] not in STATE_GROUPS["done"] else ""
                         for r in rows],
        })

    def actions_for(self, record: dict[str, Any]) -> dict[str, str]:
        """Steps the user may take on a report now: label → action."""
        principal = self.principal
        if principal is None:
            return {}
        found: dict[str, str] = {}
        for role in principal.roles:
            if role == "domain_staff" and not principal.covers_domain(record["domain"]):
                continue
            if role == "focal_point" and record["agency_code"] != principal.agency_code:
                continue
            try:
                steps = allowed_transitions(record["procedure"], record["state"], role)
            except TransitionError:
                continue
            for step in steps:
                found.setdefault(step.label_vi, step.action)
        return found

    # ------------------------------------------------------------------ components
    def filters(self) -> list[Any]:
        groups = pn.widgets.Select.from_param(self.param.group, label=self.tr("group"),
                                              options={self.tr(f"group_{g}"): g for g in STATE_GROUPS})
        options = {self.tr("all"): ""} | {c.name: code for code, c in self.desk.categories.items()}
        category = pn.widgets.Select.from_param(self.param.category, label=self.tr("category"), options=options)
        principal = self.principal
        who = (f"{escape(principal.username)} — {escape(', '.join(ROLE_LABELS_VI.get(r, r) for r in principal.roles))}"
               + (f" ({escape(principal.agency_code)})" if principal.agency_code else "")) if principal \
            else escape(self.tr("guest"))
        return [theme.html_pane(f"<p><b>{escape(self.tr('user'))}:</b> {who}</p>", name="who"), groups, category]

    def main_area(self) -> list[Any]:
        queue = pn.Column(
            pn.Row(pn.panel(pn.bind(self.map_view, self.param.group, self.param.category, self.param.data_version),
                            sizing_mode="stretch_width"),
                   pn.panel(pn.bind(self.detail_view, self.param.selected, self.param.data_version), width=460),
                   sizing_mode="stretch_width"),
            theme.html_pane(pn.bind(lambda m: f'<p class="ioc-message">{escape(m)}</p>' if m else "",
                                    self.param.message), name="message"),
            pn.panel(pn.bind(self.queue_view, self.param.group, self.param.category, self.param.data_version,
                             self.param.clock), sizing_mode="stretch_width"),
            name=self.tr("queue"), sizing_mode="stretch_width")
        statistics = pn.Column(
            pn.widgets.Select.from_param(self.param.stats_by, label=self.tr("by"),
                                         options={self.tr(f"by_{k}"): k for k in self.param.stats_by.objects}),
            pn.panel(pn.bind(self.statistics_view, self.param.stats_by, self.param.data_version),
                     sizing_mode="stretch_width"),
            name=self.tr("statistics"), sizing_mode="stretch_width")
        tabs = [statistics] if self.principal is None else [queue, statistics]
        return [pn.Tabs(*tabs, dynamic=True, sizing_mode="stretch_width")]

    def queue_view(self, group: str, category: str, data_version: int, clock: int) -> Any:
        rows = self.reports(group, category)
        if not rows:
            return pn.pane.Str(self.tr("no_reports") if self.principal else self.tr("guest"), name="no-reports")
        ids = [r["id"] for r in rows]
        table = pn.widgets.Tabulator(self.queue_frame(rows), disabled=True, show_index=False, selectable=1,
                                     pagination="local", page_size=15, layout="fit_data_stretch",
                                     sizing_mode="stretch_width")

        def pick(event: Any) -> None:
            if event.new:
                self.selected = ids[event.new[0]]
        table.param.watch(pick, "selection")
        return table

    def map_view(self, group: str, category: str, data_version: int) -> Any:
        from dashboards import plots

        rows = [r for r in self.reports(group, category) if r["lon"] is not None and r["lat"] is not None]
        frame = pd.DataFrame({
            "station_id": [r["tracking_code"] for r in rows], "lon": [r["lon"] for r in rows],
            "lat": [r["lat"] for r in rows], "title": [r["title"] for r in rows],
            "state_label": [STATE_LABELS_VI.get(r["state"], r["state"]) for r in rows],
            "colour": [OVERDUE_COLOUR if r["overdue"] else STATE_COLOURS.get(r["state"], "#607d8b") for r in rows],
            "value_text": ["" for _ in rows], "text_colour": ["#000" for _ in rows]},
            columns=["station_id", "lon", "lat", "title", "state_label", "colour", "value_text", "text_colour"])
        # Bokeh shows tooltip fields as text (no "{safe}"), so a title cannot inject markup.
        figure, _ = plots.station_map(frame, title=self.tr("map"), bbox=self.datalayer.settings.site.bbox, height=380,
                                      tooltips=[(self.tr("col_code"), "@station_id"), (self.tr("col_title"), "@title"),
                                                (self.tr("col_state"), "@state_label")])
        return pn.pane.Bokeh(figure, sizing_mode="stretch_width", name="report-map")

    def detail_view(self, selected: int | None, data_version: int) -> Any:
        if selected is None or self.principal is None:
            return theme.html_pane(f"<p class='muted'>{escape(self.tr('pick'))}</p>", name="detail")
        record = self.desk.service.get(selected, self.principal)
        history = self.desk.service.history(selected, self.principal)
        card = theme.html_pane(self.detail_html(record, history), name="detail", sizing_mode="stretch_width")
        parts: list[Any] = [card]
        photo = self._photo(record.get("media_url"))
        if photo is not None:
            parts.append(photo)
        parts.append(self.action_form(record))
        return pn.Column(*parts, sizing_mode="stretch_width")

    def detail_html(self, record: dict[str, Any], history: list[dict[str, Any]]) -> str:
        """The detail card; every value escaped."""
        zone = self.timezone
        category = self.desk.categories.get(record["category"])
        rows = [(self.tr("col_code"), record["tracking_code"]), (self.tr("col_state"), record["state_label"]),
                (self.tr("col_category"), category.name if category else record["category"]),
                (self.tr("col_received"), format_datetime(record["received_at"], zone)),
                (self.tr("col_deadline"), format_datetime(record["deadline"], zone) if record["deadline"] else "—"),
                (self.tr("address"), record.get("address") or "—"),
                (self.tr("reporter"), " · ".join(filter(None, [record.get("reporter_name"), record.get("reporter_phone"),
                                                                record.get("reporter_email")])) or "—")]
        table = "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v))}</td></tr>" for k, v in rows)
        steps = "".join(f"<li>{escape(format_datetime(h['at'], zone))} — {escape(h['action'])} "
                        f"({escape(h['actor'])}){': ' + escape(h['comment']) if h['comment'] else ''}</li>"
                        for h in history)
        return (f'<div class="ioc-card"><h3>{escape(record["title"])}</h3>'
                f'<p>{escape(record.get("description") or "")}</p><table>{table}</table>'
                f"<h4>{escape(self.tr('history'))}</h4><ul>{steps}</ul></div>")

    def _photo(self, media_url: str | None) -> Any:
        from ioc_plugins.feedback.media import photo_path

        if not media_url or not media_url.startswith("/media/feedback/"):
            return None
        path = photo_path(self.datalayer.settings, media_url.rsplit("/", 1)[-1])
        return None if path is None else pn.pane.JPG(str(path), width=420, name="photo")

    def action_form(self, record: dict[str, Any]) -> Any:
        """The steps the user may take, with comment and agency fields."""
        actions = self.actions_for(record)
        if not actions:
            return pn.pane.Str(self.tr("no_action"), name="no-action")
        action = pn.widgets.Select(label=self.tr("action"), options=actions)
        comment = pn.widgets.TextAreaInput(label=self.tr("comment"), max_length=4000, height=80)
        agencies = {f"{a.code} — {a.name}": a.code for a in self.datalayer.settings.site.agencies}
        agency = pn.widgets.Select(label=self.tr("agency"), options=agencies,
                                   value=record.get("suggested_agency") if record.get("suggested_agency") in
                                   agencies.values() else next(iter(agencies.values())))
        button = pn.widgets.Button(label=self.tr("do"), color="primary")

        def apply(_: Any) -> None:
            self.take_step(record["id"], action.value, comment=comment.value, agency=agency.value)
        button.on_click(apply)
        return pn.Column(action, agency, comment, button, name="actions")

    def take_step(self, incident_id: int, action: str, *, comment: str | None = None, agency: str | None = None) -> bool:
        """Take one step as the user; the outcome (or the refusal) goes to ``message``."""
        from ioc.incidents.service import AccessDenied, IncidentInputError, NotFound

        principal = self.principal
        if principal is None:
            self.message = self.tr("guest")
            return False
        try:
            incident = self.desk.service.transition(incident_id, action, principal, comment=comment or None,
                                                    agency=agency if action in ("forward", "dispatch", "redispatch")
                                                    else None)
        except TransitionError as error:
            self.message = error.message_vi
            return False
        except (AccessDenied, IncidentInputError, NotFound) as error:
            self.message = str(error)
            return False
        self.message = self.tr("done_ok", what=f"{incident.tracking_code}: {STATE_LABELS_VI.get(incident.state)}")
        self.data_version += 1
        return True

    def statistics_frame(self, by: str | None = None) -> pd.DataFrame:
        """Statistics the user may see (an agency: its own figures)."""
        from ioc_plugins.feedback.stats import report_statistics

        principal = self.principal
        agency = principal.agency_code if principal and principal.has("focal_point") and not principal.has(
            "ioc_lead", "ioc_deputy", "leader", "sysadmin", "domain_staff") else None
        names = {a.code: a.name for a in self.datalayer.settings.site.agencies}
        return report_statistics(self.datalayer.store, by=by or self.stats_by, agency=agency, agency_names=names)

    def statistics_view(self, by: str, data_version: int) -> Any:
        from ioc_plugins.feedback.stats import HEADERS_VI, export_bytes

        frame = self.statistics_frame(by)
        shown = frame.rename(columns=HEADERS_VI) if self.language == "vi" else frame
        table = pn.widgets.Tabulator(shown, disabled=True, show_index=False, layout="fit_data_stretch",
                                     sizing_mode="stretch_width")

        def download(fmt: str) -> io.BytesIO:
            return io.BytesIO(export_bytes(self.statistics_frame(by), fmt)[0])
        buttons = pn.Row(
            pn.widgets.FileDownload(callback=lambda: download("csv"), filename=f"thong-ke-phan-anh-{by}.csv",
                                    label=self.tr("download_csv")),
            pn.widgets.FileDownload(callback=lambda: download("xlsx"), filename=f"thong-ke-phan-anh-{by}.xlsx",
                                    label=self.tr("download_xlsx")))
        return pn.Column(self.statistics_chart(frame, by), table, buttons, sizing_mode="stretch_width")

    def statistics_chart(self, frame: pd.DataFrame, by: str) -> Any:
        from bokeh.models import ColumnDataSource, HoverTool
        from bokeh.plotting import figure

        labels = frame["label"].astype(str).tolist() if len(frame) else []
        source = ColumnDataSource({"label": labels, "received": frame.get("received", pd.Series(dtype=int)).tolist(),
                                   "processed": frame.get("processed", pd.Series(dtype=int)).tolist(),
                                   "overdue": frame.get("overdue", pd.Series(dtype=int)).tolist()})
        plot = figure(y_range=list(reversed(labels)) or [""], height=max(220, 28 * len(labels) + 60),
                      sizing_mode="stretch_width", title=self.tr(f"by_{by}"), toolbar_location=None)
        plot.hbar(y="label", right="received", height=0.8, source=source, color="#90caf9",
                  legend_label=text("col_received", self.language))
        plot.hbar(y="label", right="processed", height=0.5, source=source, color="#43a047",
                  legend_label="Đã xử lý" if self.language == "vi" else "Processed")
        plot.hbar(y="label", right="overdue", height=0.25, source=source, color=OVERDUE_COLOUR,
                  legend_label="Đang quá hạn" if self.language == "vi" else "Overdue")
        plot.add_tools(HoverTool(tooltips=[("", "@label"), ("#", "@received / @processed / @overdue")]))
        plot.legend.location = "bottom_right"
        return pn.pane.Bokeh(plot, sizing_mode="stretch_width", name="statistics-chart")


class CitizenReportForm(_FeedbackBase):
    """The public page: send a citizen report (with a photo), track one by its code."""

    refresh_period = param.Integer(default=0, bounds=(0, None), doc="""
        The form does not refresh itself.""")
    result = param.String(default="", precedence=-1, doc="""HTML of the last submission's answer (escaped).""")

    @property
    def page_title(self) -> str:
        return self.title or self.tr("form_title")

    def submit(self, *, category: str, description: str, address: str = "", lat: float | None = None,
               lon: float | None = None, name: str = "", phone: str = "", email: str = "",
               photo: bytes | None = None) -> Any:
        """Send one report through the desk; returns the desk's result or raises its error."""
        from ioc_plugins.feedback.desk import CitizenReport
        from ioc_plugins.feedback.media import save_photo

        report = CitizenReport(category=category, description=description, channel="web", address=address,
                               lat=lat, lon=lon, name=name, phone=phone, email=email)
        result_report = self.desk.check(report)
        if photo:
            result_report.media_url = save_photo(self.datalayer.settings, photo)
        return self.desk.submit(result_report)

    def main_area(self) -> list[Any]:
        categories = {c.name: code for code, c in self.desk.categories.items()}
        category = pn.widgets.Select(label=self.tr("category"), options=categories)
        description = pn.widgets.TextAreaInput(label=self.tr("description"), max_length=5000, height=120)
        address = pn.widgets.TextInput(label=self.tr("address"), max_length=300)
        lat = pn.widgets.FloatInput(label=self.tr("lat"), value=None, start=8.0, end=11.5)
        lon = pn.widgets.FloatInput(label=self.tr("lon"), value=None, start=106.0, end=108.0)
        name, phone = pn.widgets.TextInput(label=self.tr("name")), pn.widgets.TextInput(label=self.tr("phone"))
        email = pn.widgets.TextInput(label=self.tr("email"))
        photo = pn.widgets.FileInput(accept="image/*", label=self.tr("photo"))
        send = pn.widgets.Button(label=self.tr("send"), color="primary")
        answer = theme.html_pane(self.param.result, name="answer", sizing_mode="stretch_width")

        def on_send(_: Any) -> None:
            from ioc.incidents.service import IncidentInputError
            from ioc_plugins.feedback.media import MediaError

            try:
                outcome = self.submit(category=category.value, description=description.value, address=address.value,
                                      lat=lat.value, lon=lon.value, name=name.value, phone=phone.value,
                                      email=email.value, photo=photo.value)
            except (IncidentInputError, MediaError) as error:
                self.result = f'<p class="ioc-error">{escape(self.tr("error", why=str(error)))}</p>'
                return
            self.result = (f'<div class="ioc-card"><p>{escape(self.tr("sent"))} '
                           f'<b id="tracking-code">{escape(outcome.tracking_code)}</b></p>'
                           f"<p>{escape(outcome.notice)}</p></div>")
            description.value = ""
        send.on_click(on_send)
        form = pn.Column(category, description, address, pn.Row(lat, lon), name, phone, email, photo,
                         theme.html_pane(f"<p class='muted'>{escape(self.tr('privacy'))}</p>"), send, answer,
                         name=self.tr("form_title"), width=560)
        return [pn.Tabs(form, self.lookup_panel(), sizing_mode="stretch_width")]

    def lookup_panel(self) -> Any:
        code = pn.widgets.TextInput(label=self.tr("code"), placeholder="PA260302-7KQM", max_length=40)
        find = pn.widgets.Button(label=self.tr("find"))
        shown = theme.html_pane("", name="status", sizing_mode="stretch_width")

        def on_find(_: Any) -> None:
            shown.object = self.status_html(code.value)
        find.on_click(on_find)
        return pn.Column(code, find, shown, name=self.tr("lookup"), width=560)

    def status_html(self, tracking_code: str) -> str:
        """A report's public progress as escaped HTML (no personal data)."""
        from ioc.incidents.service import NotFound

        try:
            status = self.desk.public_status((tracking_code or "").strip())
        except NotFound as error:
            return f'<p class="ioc-error">{escape(str(error))}</p>'
        zone = self.timezone
        steps = "".join(f"<li>{escape(format_datetime(s['at'], zone))} — {escape(s['label'])}</li>"
                        for s in status["history"])
        extra = f"<p>{escape(self.tr('joined', code=status['joined']))}</p>" if status["joined"] else ""
        expected = (f"<p>{escape(self.tr('expected'))}: {escape(format_datetime(status['expected_by'], zone))}</p>"
                    if status["expected_by"] else "")
        note = f"<p>{escape(status['note'])}</p>" if status["note"] else ""
        return (f'<div class="ioc-card"><h3>{escape(status["tracking_code"])} — {escape(status["category_label"])}</h3>'
                f'<p><b>{escape(status["state_label"])}</b>'
                f'{" — " + escape(status["agency"]) if status["agency"] else ""}</p>{extra}{expected}{note}'
                f"<ul>{steps}</ul></div>")
