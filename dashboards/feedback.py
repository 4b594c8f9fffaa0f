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
Data come from :mod:`ioc_plugins.feedback.queries`; steps go through the desk's incident
service (checked and audited). The dashboard itself never queries or writes storage.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from html import escape
from typing import Any

import holoviews as hv
import pandas as pd
import panel as pn
import param
from panel.reactive import ReactiveHTML

from dashboards import outage, plots, theme
from dashboards.base import BaseDashboard
from dashboards.i18n import age_text, format_datetime, register_texts, translate
from geodata.boundaries import site_boundaries
from ioc.auth import ROLE_LABELS_VI
from ioc.incidents.service import AccessDenied, IncidentInputError, NotFound
from ioc.incidents.workflow import STATE_LABELS_VI, TransitionError, allowed_transitions
from ioc.store import DATABASE_UNAVAILABLE
from ioc_plugins.feedback import queries
from ioc_plugins.feedback.queries import STATE_GROUPS

register_texts(
    {
        "vi": {
            "feedback_where": "Vị trí sự việc: chạm vào bản đồ hoặc dùng vị trí điện thoại (không bắt buộc)",
            "feedback_use_location": "Dùng vị trí hiện tại của tôi",
            "feedback_location_failed": "Không lấy được vị trí: hãy cho phép định vị hoặc chạm vào bản đồ.",
            "feedback_tap_map": "Chạm để chọn vị trí",
        },
        "en": {
            "feedback_where": "Where is it: tap the map or use the phone's location (optional)",
            "feedback_use_location": "Use my current location",
            "feedback_location_failed": "No location: allow location access or tap the map.",
            "feedback_tap_map": "Tap to choose the place",
        },
    }
)

STATE_COLOURS = {
    "received": "#1e88e5",
    "verifying": "#5e35b1",
    "verified": "#00897b",
    "approved": "#43a047",
    "reopened": "#8e24aa",
    "forwarded": "#fb8c00",
    "in_progress": "#f4511e",
    "resolved": "#7cb342",
    "closed": "#9e9e9e",
    "dismissed": "#bdbdbd",
}
OVERDUE_COLOUR = "#d50000"


def countdown(deadline: str | None, now: datetime, language: str = "vi") -> str:
    """The SLA countdown of a deadline: ``còn 5 giờ`` or ``quá hạn 2 ngày``."""
    if not deadline:
        return ""
    left = (pd.Timestamp(deadline).tz_convert("UTC") - pd.Timestamp(now).tz_convert("UTC")).total_seconds()
    key = "feedback_remaining" if left >= 0 else "feedback_overdue_by"
    return translate(key, language, t=age_text(abs(left), language))


class LocationButton(ReactiveHTML):
    """A button that asks the browser for the phone's position (``navigator.geolocation``)."""

    lat = param.Number(default=None, allow_None=True, doc="Latitude the browser gave.")
    lon = param.Number(default=None, allow_None=True, doc="Longitude the browser gave.")
    label = param.String(default="", doc="Text of the button.")
    failed = param.String(default="", doc="What to say when the position is refused or unknown.")

    _template = (
        '<div><button id="locate" type="button" onclick="${script(\'locate\')}" '
        'style="font-size:1em;padding:10px 14px;border-radius:6px;border:1px solid #0b4f8a;'
        'background:#fff;color:#0b4f8a;cursor:pointer">{{ label }}</button>'
        '<div id="message" style="color:#c62828;margin-top:4px"></div></div>'
    )
    _scripts = {  # noqa: RUF012 - Panel's class attribute
        "locate": """
            if (!navigator.geolocation) { message.textContent = data.failed; return; }
            navigator.geolocation.getCurrentPosition(
              (position) => { message.textContent = ''; data.lat = position.coords.latitude;
                              data.lon = position.coords.longitude; },
              () => { message.textContent = data.failed; },
              {enableHighAccuracy: true, timeout: 15000});
        """
    }


def unit_polygons(datalayer: Any) -> Any:
    """The administrative units the report maps are drawn over."""
    return site_boundaries(datalayer.settings)


class _FeedbackBase(BaseDashboard):
    """What both feedback pages share: the desk, the freshness of reports."""

    domain = "feedback"
    title_key = "feedback_title"
    fresh_within = pd.Timedelta(hours=6).to_pytimedelta()
    late_within = pd.Timedelta(days=2).to_pytimedelta()

    def __init__(self, **params: Any) -> None:
        self._desk = None
        super().__init__(**params)

    @property
    def desk(self) -> Any:
        """The citizen-report desk (its incident service does every step)."""
        if self._desk is None:
            self._desk = queries.open_desk(self.datalayer)
        return self._desk

    def latest_time(self, table: str | None = None) -> pd.Timestamp | None:
        """The newest report received on any channel."""
        return queries.latest_report_time(self.datalayer)

    def data_signature(self) -> tuple[Any, ...]:
        """Changes with every new report and every step (the audit log only grows)."""
        return (queries.change_marker(self.datalayer),)


class FeedbackDashboard(_FeedbackBase):
    """Dashboard of the feedback domain for IOC staff, agencies and leaders.

    The user is the signed-in Panel user (``pn.state.user``) or ``username``; without
    either only statistics are shown.
    """

    group = param.Selector(
        default="ioc",
        objects=list(STATE_GROUPS),
        doc="""
        Which reports the queue shows: 'ioc' (IOC's queue), 'agency' (at the agency) or 'done'.""",
    )
    category = param.String(
        default="",
        doc="""
        Only this category ('' for all).""",
    )
    selected = param.Integer(
        default=None,
        allow_None=True,
        doc="""
        Incident id of the report shown in the detail card.""",
    )
    stats_by = param.Selector(
        default="category",
        objects=["category", "unit_code", "agency_code", "channel", "month"],
        doc="""Grouping of the statistics.""",
    )
    message = param.String(default="", precedence=-1, doc="""Result of the last action (shown escaped).""")

    # ------------------------------------------------------------------ data
    def reports(self, group: str | None = None, category: str | None = None) -> list[dict[str, Any]]:
        """Reports of a state group the user may see (masked as their roles require)."""
        return queries.reports(
            self.desk, self.principal, group or self.group, category if category is not None else self.category
        )

    def queue_frame(self, rows: list[dict[str, Any]], now: datetime | None = None) -> pd.DataFrame:
        """The queue as the table shows it: local times, labels, the SLA countdown."""
        now = now or datetime.now(UTC)
        zone = self.timezone
        columns = [
            self.t(f"feedback_{k}")
            for k in (
                "col_code",
                "col_received",
                "col_category",
                "col_title",
                "col_state",
                "col_agency",
                "col_deadline",
                "col_sla",
            )
        ]
        if not rows:
            return pd.DataFrame(columns=columns)
        categories = self.desk.categories
        return pd.DataFrame(
            {
                columns[0]: [r["tracking_code"] for r in rows],
                columns[1]: [format_datetime(r["received_at"], zone) for r in rows],
                columns[2]: [
                    categories[r["category"]].name if r["category"] in categories else r["category"] for r in rows
                ],
                columns[3]: [r["title"] for r in rows],
                columns[4]: [
                    STATE_LABELS_VI.get(r["state"], r["state"]) + (" ⚠" if r["overdue"] else "") for r in rows
                ],
                columns[5]: [r["agency_code"] or f"({r['suggested_agency'] or '—'})" for r in rows],
                columns[6]: [format_datetime(r["deadline"], zone) if r["deadline"] else "" for r in rows],
                columns[7]: [
                    countdown(r["deadline"], now, self.language) if r["state"] not in STATE_GROUPS["done"] else ""
                    for r in rows
                ],
            }
        )

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
        groups = pn.widgets.Select.from_param(
            self.param.group,
            label=self.t("feedback_group"),
            options={self.t(f"feedback_group_{g}"): g for g in STATE_GROUPS},
        )
        options = {self.t("feedback_all"): ""} | {c.name: code for code, c in self.desk.categories.items()}
        category = pn.widgets.Select.from_param(self.param.category, label=self.t("feedback_category"), options=options)
        principal = self.principal
        who = (
            (
                f"{escape(principal.username)} — {escape(', '.join(ROLE_LABELS_VI.get(r, r) for r in principal.roles))}"
                + (f" ({escape(principal.agency_code)})" if principal.agency_code else "")
            )
            if principal
            else escape(self.t("feedback_guest"))
        )
        user = theme.html_pane(f"<p><b>{escape(self.t('feedback_user'))}:</b> {who}</p>", name="who")
        return [user, groups, category]

    def main_area(self) -> list[Any]:
        queue = pn.Column(
            pn.Row(
                pn.panel(
                    pn.bind(self.map_view, self.param.group, self.param.category, self.param.data_version),
                    sizing_mode="stretch_width",
                ),
                pn.panel(pn.bind(self.detail_view, self.param.selected, self.param.data_version), width=460),
                sizing_mode="stretch_width",
            ),
            theme.html_pane(
                pn.bind(lambda m: f'<p class="ioc-message">{escape(m)}</p>' if m else "", self.param.message),
                name="message",
            ),
            pn.panel(
                pn.bind(
                    self.queue_view, self.param.group, self.param.category, self.param.data_version, self.param.clock
                ),
                sizing_mode="stretch_width",
            ),
            name=self.t("feedback_queue"),
            sizing_mode="stretch_width",
        )
        statistics = pn.Column(
            pn.widgets.Select.from_param(
                self.param.stats_by,
                label=self.t("feedback_by"),
                options={self.t(f"feedback_by_{k}"): k for k in self.param.stats_by.objects},
            ),
            pn.panel(
                pn.bind(self.statistics_view, self.param.stats_by, self.param.data_version), sizing_mode="stretch_width"
            ),
            name=self.t("feedback_statistics"),
            sizing_mode="stretch_width",
        )
        tabs = [statistics] if self.principal is None else [queue, statistics]
        return [pn.Tabs(*tabs, dynamic=True, sizing_mode="stretch_width")]

    #: On the wall: the queue's rows beside the map (its type is large: fewer rows).
    wall_rows = 5

    def wall_area(self) -> list[Any]:
        """On the wall: reports received in 24 hours, in progress and overdue; the queue's map
        beside its most urgent rows (overdue first, then the nearest deadline); no detail, no
        tabs, no statistics."""

        def figures() -> list[tuple[str, str]]:
            tile = queries.overview_tile(self.datalayer, pd.Timestamp.now(tz="UTC"))
            return self.wall_tile_figures(tile, ("received_24h", "pending", "overdue"))

        def urgent(group: str, category: str, language: str, data_version: int, clock: int) -> Any:
            rows = self.reports(group, category)
            if not rows:
                return theme.note(self.t("feedback_no_reports"), name="no-reports")
            # overdue first, then by deadline (none last): what needs a push now
            rows = sorted(rows, key=lambda r: (not r["overdue"], r["deadline"] is None, r["deadline"] or ""))
            frame = self.queue_frame(rows)
            title, state, sla = (self.t(f"feedback_col_{k}") for k in ("title", "state", "sla"))
            shown = pd.DataFrame(
                {
                    title: frame[title].astype(str).map(lambda t: t if len(t) <= 32 else t[:31] + "…"),
                    state: frame[state],
                    sla: frame[sla],
                }
            )
            return self.wall_table(shown, name="urgent")

        p = self.param
        return self.wall_panels(
            figures=figures,
            chart=pn.bind(self.map_view, p.group, p.category, p.data_version),
            chart_name="report-map",
            side=pn.bind(urgent, p.group, p.category, p.language, p.data_version, p.clock),
        )

    def queue_view(self, group: str, category: str, data_version: int, clock: int) -> Any:
        rows = self.reports(group, category)
        if not rows:
            return theme.note(
                self.t("feedback_no_reports") if self.principal else self.t("feedback_guest"), name="no-reports"
            )
        ids = [r["id"] for r in rows]
        table = pn.widgets.Tabulator(
            self.queue_frame(rows),
            configuration=theme.tabulator_configuration(self.language),
            disabled=True,
            show_index=False,
            selectable=1,
            pagination="local",
            page_size=self.rows(15),
            # on the wall: columns share the width (large type would push them off the screen)
            layout="fit_columns" if self.wall else "fit_data_stretch",
            sizing_mode="stretch_width",
        )

        def pick(event: Any) -> None:
            if event.new:
                self.selected = ids[event.new[0]]

        table.param.watch(pick, "selection")
        return table

    def map_frame(self, rows: list[dict[str, Any]]) -> pd.DataFrame:
        """The located reports as map points: code, title, state and its colour (overdue: red)."""
        placed = [r for r in rows if r["lon"] is not None and r["lat"] is not None]
        return pd.DataFrame(
            {
                "id": [r["id"] for r in placed],
                "station_id": [r["tracking_code"] or f"#{r['id']}" for r in placed],
                "lon": [r["lon"] for r in placed],
                "lat": [r["lat"] for r in placed],
                "title": [r["title"] for r in placed],
                "state_label": [STATE_LABELS_VI.get(r["state"], r["state"]) for r in placed],
                "colour": [
                    OVERDUE_COLOUR if r["overdue"] else STATE_COLOURS.get(r["state"], "#607d8b") for r in placed
                ],
            },
            columns=["id", "station_id", "lon", "lat", "title", "state_label", "colour"],
        )

    def map_view(self, group: str, category: str, data_version: int) -> Any:
        """The reports of the queue on a map; tapping one opens it in the detail card."""
        frame = plots.located_rows(self.map_frame(self.reports(group, category)))
        # Bokeh shows tooltip fields as text (no "{safe}"), so a title cannot inject markup.
        points = plots.map_points(
            frame,
            size=18,
            selected=None,
            tooltips=[
                (self.t("feedback_col_code"), "@station_id"),
                (self.t("feedback_col_title"), "@title"),
                (self.t("feedback_col_state"), "@state_label"),
            ],
        )
        taps = hv.streams.Selection1D(source=points)
        taps.add_subscriber(lambda index: self._open_from_map(frame, index))
        units = unit_polygons(self.datalayer)
        overlay = plots.point_map(
            [plots.unit_names(units), points],
            units=units,
            title=self.t("feedback_map"),
            frame=frame,
            bbox=plots.land_bbox(units, self.datalayer.settings.site.center) or self.datalayer.settings.site.bbox,
        )
        return self.plot_pane(overlay, name="report-map")

    def _open_from_map(self, frame: pd.DataFrame, index: list[int]) -> None:
        if index and index[0] < len(frame):
            self.selected = int(frame["id"].iloc[index[0]])

    def detail_view(self, selected: int | None, data_version: int) -> Any:
        if selected is None or self.principal is None:
            return theme.html_pane(f"<p class='muted'>{escape(self.t('feedback_pick'))}</p>", name="detail")
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
        deadline = format_datetime(record["deadline"], zone) if record["deadline"] else "—"
        reporter = (
            " · ".join(
                filter(None, [record.get("reporter_name"), record.get("reporter_phone"), record.get("reporter_email")])
            )
            or "—"
        )
        rows = [
            (self.t("feedback_col_code"), record["tracking_code"]),
            (self.t("feedback_col_state"), record["state_label"]),
            (self.t("feedback_col_category"), category.name if category else record["category"]),
            (self.t("feedback_col_received"), format_datetime(record["received_at"], zone)),
            (self.t("feedback_col_deadline"), deadline),
            (self.t("feedback_address"), record.get("address") or "—"),
            (self.t("feedback_reporter"), reporter),
        ]
        table = "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v))}</td></tr>" for k, v in rows)
        steps = "".join(
            f"<li>{escape(format_datetime(h['at'], zone))} — {escape(h['action'])} "
            f"({escape(h['actor'])}){': ' + escape(h['comment']) if h['comment'] else ''}</li>"
            for h in history
        )
        return (
            f'<div class="ioc-card"><h3>{escape(record["title"])}</h3>'
            f"<p>{escape(record.get('description') or '')}</p><table>{table}</table>"
            f"<h4>{escape(self.t('feedback_history'))}</h4><ul>{steps}</ul></div>"
        )

    def _photo(self, media_url: str | None) -> Any:
        photo = queries.report_photo(self.datalayer, media_url)
        return None if photo is None else pn.pane.JPG(photo, width=420, name="photo")

    def action_form(self, record: dict[str, Any]) -> Any:
        """The steps the user may take, with comment and agency fields."""
        actions = self.actions_for(record)
        if not actions:
            return theme.note(self.t("feedback_no_action"), name="no-action")
        action = pn.widgets.Select(label=self.t("feedback_action"), options=actions)
        comment = pn.widgets.TextAreaInput(label=self.t("feedback_comment"), max_length=4000, height=80)
        agencies = {f"{a.code} — {a.name}": a.code for a in self.datalayer.settings.site.agencies}
        agency = pn.widgets.Select(
            label=self.t("feedback_agency"),
            options=agencies,
            value=record.get("suggested_agency")
            if record.get("suggested_agency") in agencies.values()
            else next(iter(agencies.values())),
        )
        button = pn.widgets.Button(label=self.t("feedback_do"), color="primary")

        def apply(_: Any) -> None:
            self.take_step(record["id"], action.value, comment=comment.value, agency=agency.value)

        button.on_click(apply)
        return pn.Column(action, agency, comment, button, name="actions")

    def take_step(
        self, incident_id: int, action: str, *, comment: str | None = None, agency: str | None = None
    ) -> bool:
        """Take one step as the user; the outcome (or the refusal) goes to ``message``."""

        try:
            principal = self.principal
            if principal is None:
                self.message = self.t("feedback_guest")
                return False
            incident = self.desk.service.transition(
                incident_id,
                action,
                principal,
                comment=comment or None,
                agency=agency if action in ("forward", "dispatch", "redispatch") else None,
            )
        except TransitionError as error:
            self.message = error.message_vi
            return False
        except (AccessDenied, IncidentInputError, NotFound) as error:
            self.message = str(error)
            return False
        except DATABASE_UNAVAILABLE as error:  # refused, not lost: the user repeats it once the database is back
            outage.warn("feedback step", error)
            self.message = self.t("store_down_action")
            self.store_down = True
            return False
        state = STATE_LABELS_VI.get(incident.state)
        self.message = self.t("feedback_done_ok", what=f"{incident.tracking_code}: {state}")
        self.data_version += 1
        return True

    def statistics_frame(self, by: str | None = None) -> pd.DataFrame:
        """Statistics the user may see (an agency: its own figures)."""
        return queries.statistics(self.datalayer, self.principal, by or self.stats_by)

    def statistics_view(self, by: str, data_version: int) -> Any:
        frame = self.statistics_frame(by)
        shown = frame.rename(columns=queries.HEADERS_VI) if self.language == "vi" else frame
        table = pn.widgets.Tabulator(
            shown,
            disabled=True,
            show_index=False,
            layout="fit_data_stretch",
            sizing_mode="stretch_width",
            configuration=theme.tabulator_configuration(self.language),
        )

        def download(fmt: str) -> io.BytesIO:
            return io.BytesIO(queries.statistics_export(self.statistics_frame(by), fmt))

        buttons = pn.Row(
            pn.widgets.FileDownload(
                callback=lambda: download("csv"),
                filename=f"thong-ke-phan-anh-{by}.csv",
                label=self.t("feedback_download_csv"),
            ),
            pn.widgets.FileDownload(
                callback=lambda: download("xlsx"),
                filename=f"thong-ke-phan-anh-{by}.xlsx",
                label=self.t("feedback_download_xlsx"),
            ),
        )
        return pn.Column(self.statistics_chart(frame, by), table, buttons, sizing_mode="stretch_width")

    def statistics_chart(self, frame: pd.DataFrame, by: str) -> Any:
        """Received, processed and overdue reports per group, as bars drawn inside each other."""
        series = [
            ("received", self.t("feedback_col_received"), "#90caf9", 0.8),
            ("processed", self.t("feedback_processed"), "#43a047", 0.5),
            ("overdue", self.t("feedback_overdue"), OVERDUE_COLOUR, 0.25),
        ]
        bars = plots.count_bars(frame, category="label", series=series, title=self.t(f"feedback_by_{by}"))
        return self.plot_pane(bars, name="statistics-chart")


class CitizenReportForm(_FeedbackBase):
    """The public page: send a citizen report (with a photo), track one by its code."""

    refresh_period = param.Integer(
        default=0,
        bounds=(0, None),
        doc="""
        The form does not refresh itself.""",
    )
    result = param.String(default="", precedence=-1, doc="""HTML of the last submission's answer (escaped).""")

    title_key = "feedback_form_title"
    show_freshness = False  # the staff's "updated … ago" badge means nothing to a citizen

    def sidebar_extras(self) -> list[Any]:
        """None: on a phone a sidebar would squeeze the form (times are shown with their date)."""
        return []

    def __panel__(self) -> pn.template.FastListTemplate:
        """The form alone, without the staff's theme switch (it overflows a phone's header)."""
        return theme.make_template(
            self.page_title,
            sidebar=[],
            main=self.main_area(),
            header=[],
            dark=self.dark,
            theme_toggle=False,
            raw_css=["@media (max-width: 600px) { .app-header .title, #header .title { font-size: 1.2em; } }"],
        )

    def submit(
        self,
        *,
        category: str,
        description: str,
        address: str = "",
        lat: float | None = None,
        lon: float | None = None,
        name: str = "",
        phone: str = "",
        email: str = "",
        photo: bytes | None = None,
    ) -> Any:
        """Send one report (and its photo) through the desk; returns the desk's result or raises its error."""
        return queries.submit_report(
            self.datalayer,
            self.desk,
            photo=photo,
            category=category,
            description=description,
            address=address,
            lat=lat,
            lon=lon,
            name=name,
            phone=phone,
            email=email,
        )

    def main_area(self) -> list[Any]:
        categories = {c.name: code for code, c in self.desk.categories.items()}
        category = pn.widgets.Select(label=self.t("feedback_category"), options=categories)
        description = pn.widgets.TextAreaInput(label=self.t("feedback_description"), max_length=5000, height=120)
        address = pn.widgets.TextInput(label=self.t("feedback_address"), max_length=300)
        # stretched, not fixed 300 px wide: two side by side must fit a phone
        lat = pn.widgets.FloatInput(
            label=self.t("feedback_lat"), value=None, start=8.0, end=11.5, sizing_mode="stretch_width"
        )
        lon = pn.widgets.FloatInput(
            label=self.t("feedback_lon"), value=None, start=106.0, end=108.0, sizing_mode="stretch_width"
        )
        self.location = (lat, lon)
        name = pn.widgets.TextInput(label=self.t("feedback_name"))
        phone = pn.widgets.TextInput(label=self.t("feedback_phone"))
        email = pn.widgets.TextInput(label=self.t("feedback_email"))
        photo = pn.widgets.FileInput(accept="image/*", label=self.t("feedback_photo"))
        send = pn.widgets.Button(label=self.t("feedback_send"), color="primary")
        answer = theme.html_pane(self.param.result, name="answer", sizing_mode="stretch_width")

        def on_send(_: Any) -> None:

            try:
                outcome = self.submit(
                    category=category.value,
                    description=description.value,
                    address=address.value,
                    lat=lat.value,
                    lon=lon.value,
                    name=name.value,
                    phone=phone.value,
                    email=email.value,
                    photo=photo.value,
                )
            except (IncidentInputError, queries.MediaError) as error:
                self.result = f'<p class="ioc-error">{escape(self.t("feedback_error", why=str(error)))}</p>'
                return
            except DATABASE_UNAVAILABLE as error:  # the form and what was typed stay: send again
                outage.warn("citizen report form", error)
                self.result = f'<p class="ioc-error">{escape(self.t("store_down_report"))}</p>'
                return
            self.result = (
                f'<div class="ioc-card"><p>{escape(self.t("feedback_sent"))} '
                f'<b id="tracking-code">{escape(outcome.tracking_code)}</b></p>'
                f"<p>{escape(outcome.notice)}</p></div>"
            )
            description.value = ""

        send.on_click(on_send)
        form = pn.Column(
            category,
            description,
            address,
            theme.html_pane(f"<p><b>{escape(self.t('feedback_where'))}</b></p>"),
            self.location_picker(lat, lon),
            self.location_map(lat, lon),
            pn.Row(lat, lon, sizing_mode="stretch_width"),
            name,
            phone,
            email,
            photo,
            theme.html_pane(f"<p class='muted'>{escape(self.t('feedback_privacy'))}</p>"),
            send,
            answer,
            name=self.t("feedback_form_title"),
            sizing_mode="stretch_width",
            max_width=640,
        )
        return [pn.Tabs(form, self.lookup_panel(), sizing_mode="stretch_width")]

    def lookup_panel(self) -> Any:
        code = pn.widgets.TextInput(label=self.t("feedback_code"), placeholder="PA260302-7KQM", max_length=40)
        find = pn.widgets.Button(label=self.t("feedback_find"))
        shown = theme.html_pane("", name="status", sizing_mode="stretch_width")

        def on_find(_: Any) -> None:
            shown.object = self.status_html(code.value)

        find.on_click(on_find)
        return pn.Column(code, find, shown, name=self.t("feedback_lookup"), sizing_mode="stretch_width", max_width=640)

    def location_picker(self, lat: Any, lon: Any) -> Any:
        """The phone's location button: fills latitude and longitude (the browser asks first)."""
        picker = LocationButton(label=self.t("feedback_use_location"), failed=self.t("feedback_location_failed"))

        def copy(*events: Any) -> None:
            if picker.lat is not None and picker.lon is not None:
                lat.value, lon.value = round(picker.lat, 6), round(picker.lon, 6)

        picker.param.watch(copy, ["lat", "lon"])
        return picker

    def location_map(self, lat: Any, lon: Any) -> Any:
        """A map of the units: a tap puts the report there; the chosen place shows as a red dot."""
        units = unit_polygons(self.datalayer)

        def marker(y: float | None, x: float | None) -> hv.Points:
            rows = [(x, y)] if x is not None and y is not None else []
            points = hv.Points(rows, kdims=["lon", "lat"])
            return points.opts(color="#d50000", size=16, line_color="#000", backend=plots.BACKEND)

        names = plots.unit_names(units)
        overlay = plots.point_map(
            [names, hv.DynamicMap(pn.bind(marker, lat, lon))],
            units=units,
            title=self.t("feedback_tap_map"),
            bbox=plots.land_bbox(units, self.datalayer.settings.site.center) or self.datalayer.settings.site.bbox,
            aspect=300 / 260,
        )
        # a fixed frame that fits a 390 px phone (a responsive map has no height in a form)
        overlay = overlay.opts(responsive=False, aspect=None, frame_width=300, frame_height=260, backend=plots.BACKEND)
        # on a layer, not on the whole map: a map with a DynamicMap layer is itself a DynamicMap,
        # and HoloViews never attaches a Tap stream whose source is an overlay DynamicMap
        tap = hv.streams.Tap(source=names, x=None, y=None)

        def place(x: float | None, y: float | None) -> None:
            if x is not None and y is not None:
                lat.value, lon.value = round(float(y), 6), round(float(x), 6)

        tap.add_subscriber(place)
        self._tap = tap
        return self.plot_pane(overlay, name="location-map", sizing_mode="fixed")

    def status_html(self, tracking_code: str) -> str:
        """A report's public progress as escaped HTML (no personal data)."""

        try:
            status = self.desk.public_status((tracking_code or "").strip())
        except NotFound as error:
            return f'<p class="ioc-error">{escape(str(error))}</p>'
        zone = self.timezone
        steps = "".join(
            f"<li>{escape(format_datetime(s['at'], zone))} — {escape(s['label'])}</li>" for s in status["history"]
        )
        extra = f"<p>{escape(self.t('feedback_joined', code=status['joined']))}</p>" if status["joined"] else ""
        expected_by = format_datetime(status["expected_by"], zone)
        expected = (
            f"<p>{escape(self.t('feedback_expected'))}: {escape(expected_by)}</p>" if status["expected_by"] else ""
        )
        note = f"<p>{escape(status['note'])}</p>" if status["note"] else ""
        return (
            f'<div class="ioc-card"><h3>{escape(status["tracking_code"])} — {escape(status["category_label"])}</h3>'
            f"<p><b>{escape(status['state_label'])}</b>"
            f"{' — ' + escape(status['agency']) if status['agency'] else ''}</p>{extra}{expected}{note}"
            f"<ul>{steps}</ul></div>"
        )
