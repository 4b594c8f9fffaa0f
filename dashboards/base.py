"""The base every domain dashboard reuses: data layer, language, theme, freshness, alerts, refresh.

A domain dashboard subclasses :class:`BaseDashboard`, names its ``domain``, answers
:meth:`BaseDashboard.latest_time` (how fresh its data is) from its plugin's query module,
and implements :meth:`BaseDashboard.filters` and :meth:`BaseDashboard.main_area`. It reads
only through query and service APIs (the plugin's ``queries`` module, the data layer's
table versions, :func:`ioc.alerts.open_alerts`); it never runs SQL, reads files or writes
storage. Times are shown in the site's time zone (``settings.site.timezone``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from html import escape
from typing import Any, ClassVar

import pandas as pd
import panel as pn
import param

from dashboards import outage, plots, theme
from dashboards.i18n import LANGUAGES, age_text, format_datetime, number_text, register_texts, translate
from ioc.alerts import open_alerts
from ioc.auth import Principal, get_principal
from ioc.config import settings
from ioc.datalayer import DataLayer
from ioc.store import DATABASE_UNAVAILABLE
from ioc.timestamps import as_utc

register_texts({"vi": {"more_alerts": "… và {n} cảnh báo khác"}, "en": {"more_alerts": "… and {n} more alerts"}})

#: Severities in the order dashboards sort them (worst first).
SEVERITY_ORDER = ("critical", "high", "warning", "info")


@dataclass(frozen=True)
class Freshness:
    """How recent a table's data is, for the badge in the dashboard header.

    Attributes
    ----------
    state
        ``"fresh"`` (green), ``"late"`` (amber), ``"stale"`` (red) or ``"empty"`` (no data).
    text
        What the badge says, in the dashboard's language.
    latest
        The newest time in the table (UTC), ``None`` when empty.
    """

    state: str
    text: str
    latest: pd.Timestamp | None = None


def freshness(
    latest: Any,
    now: Any,
    *,
    timezone: str,
    language: str = "vi",
    fresh_within: timedelta = timedelta(minutes=90),
    late_within: timedelta = timedelta(hours=6),
) -> Freshness:
    """Rate the age of the newest data against ``now``.

    Data younger than ``fresh_within`` is fresh, younger than ``late_within`` late, and
    older is stale (the badge then shows the last update's date and time in ``timezone``,
    the site's time zone).
    """
    if latest is None or pd.isna(latest):
        return Freshness("empty", translate("no_data", language))
    latest = as_utc(latest)
    age = as_utc(now) - latest
    if age <= fresh_within:
        return Freshness("fresh", translate("fresh", language, age=age_text(age, language)), latest)
    if age <= late_within:
        return Freshness("late", translate("fresh", language, age=age_text(age, language)), latest)
    return Freshness("stale", translate("stale", language, when=format_datetime(latest, timezone)), latest)


def query_time() -> pd.Timestamp:
    """The current time (UTC) rounded up to the whole minute, for queries that take "now".

    The dashboards' queries go through the shared data layer's query cache
    (:meth:`ioc.datalayer.DataLayer.cached_sql`), which keys each answer by its parameters.
    With the exact clock as a parameter every refresh of every session was a new entry that
    nobody asked for again, and a served process kept them all: its memory grew with every
    session opened (issue 17). Rounded, the sessions of one minute share one answer per
    query; rounded *up*, no row written before the call falls out of a ``time <= now``
    window.

    Returns
    -------
    pandas.Timestamp
        A UTC timestamp on a whole minute, at most a minute ahead of the clock.
    """
    return pd.Timestamp.now(tz="UTC").ceil("min")


def alerts_for_display(alerts: pd.DataFrame, *, timezone: str, language: str = "vi") -> pd.DataFrame:
    """Open alerts as the table the dashboards show: time in ``timezone``, translated severity, worst first.

    Text stays as stored; :meth:`BaseDashboard.alert_table` escapes it when it draws the table
    (as text, never as HTML), so an alert message can not inject markup.
    """
    columns = {
        key: translate(key, language) for key in ("col_time", "col_severity", "col_station", "col_title", "col_message")
    }
    if alerts.empty:
        return pd.DataFrame(columns=list(columns.values()))
    rank = alerts["severity"].map({s: i for i, s in enumerate(SEVERITY_ORDER)}).fillna(len(SEVERITY_ORDER))
    ordered = alerts.assign(_rank=rank, _time=pd.to_datetime(alerts["observed_at"], utc=True))
    ordered = ordered.sort_values(["_rank", "_time"], ascending=[True, False])
    return pd.DataFrame(
        {
            columns["col_time"]: [format_datetime(t, timezone) for t in ordered["_time"]],
            columns["col_severity"]: [translate(f"severity_{s}", language) for s in ordered["severity"]],
            columns["col_station"]: ordered["entity_id"].fillna("").astype(str).to_numpy(),
            columns["col_title"]: ordered["title"].fillna("").astype(str).to_numpy(),
            columns["col_message"]: ordered["message"].fillna("").astype(str).to_numpy(),
        }
    )


class BaseDashboard(pn.viewable.Viewer):
    """A domain dashboard: filters as parameters, a template from ``__panel__``.

    Subclasses set :attr:`domain`, answer :meth:`latest_time` from their query module and
    implement :meth:`filters` (widgets for the sidebar) and :meth:`main_area` (the main
    components).
    """

    domain: ClassVar[str] = ""
    #: The table whose newest time drives the freshness badge (a subclass may compute it).
    freshness_table: ClassVar[str] = ""
    #: Key of the dashboard title in :data:`dashboards.i18n.TEXTS`.
    title_key: ClassVar[str] = "app_title"
    #: Ages up to which data count as fresh / late (hourly averages arrive after their hour).
    fresh_within: ClassVar[timedelta] = timedelta(hours=2)
    late_within: ClassVar[timedelta] = timedelta(hours=6)
    #: Whether the page shows the staff's data-freshness badge (not on public forms).
    show_freshness: ClassVar[bool] = True

    datalayer = param.ClassSelector(
        class_=DataLayer,
        doc="""
        The data layer the dashboard reads through; the deployment's one by default.""",
    )
    language = param.Selector(
        default="vi",
        objects=list(LANGUAGES),
        doc="""
        Language of the interface: 'vi' (Vietnamese, default) or 'en'.""",
    )
    title = param.String(
        default="",
        doc="""
        Page title; the domain's Vietnamese title when empty.""",
    )
    dark = param.Boolean(
        default=False,
        doc="""
        Dark theme for the video wall.""",
    )
    wall = param.Boolean(
        default=False,
        doc="""
        Drawn for the video wall (:meth:`wall_body`): charts with large type, tables cut to
        :attr:`wall_rows` rows, no filters.""",
    )
    refresh_period = param.Integer(
        default=60,
        bounds=(0, None),
        doc="""
        Seconds between live refreshes while the dashboard is served (0 turns refresh off).""",
    )
    data_version = param.Integer(
        default=0,
        precedence=-1,
        doc="""
        Bumped by a refresh that finds new data; the data views depend on it.""",
    )
    clock = param.Integer(
        default=0,
        precedence=-1,
        doc="""
        Bumped by every refresh; the freshness badge depends on it (its age grows with time).""",
    )
    username = param.String(
        default="",
        doc="""User the dashboard acts as when no one signed in through Panel (notebooks, tests, the wall).""",
    )
    store_down = param.Boolean(
        default=False,
        precedence=-1,
        doc="""
        The state store's database did not answer the last refresh or action (a notice shows;
        the next refresh that reaches it lowers it). See :mod:`dashboards.outage`.""",
    )

    def __init__(self, **params: Any) -> None:
        if params.get("datalayer") is None:
            params["datalayer"] = DataLayer(settings())
        params.setdefault("language", params["datalayer"].settings.language)
        super().__init__(**params)
        self._signature = self.data_signature()
        self._refresh_callback = None

    # ------------------------------------------------------------------ helpers
    @property
    def principal(self) -> Principal | None:
        """The user looking: the Panel login, else ``username``; ``None`` for a guest."""
        name = pn.state.user if pn.state.user and pn.state.user != "guest" else self.username
        return get_principal(self.datalayer.store, name) if name and name != "guest" else None

    def t(self, key: str, **values: Any) -> str:
        """Translate ``key`` into the dashboard's language."""
        return translate(key, self.language, **values)

    @property
    def timezone(self) -> str:
        """The site's time zone, in which every time is shown."""
        return self.datalayer.settings.site.timezone

    @property
    def page_title(self) -> str:
        return self.title or self.t(self.title_key)

    def latest_time(self, table: str | None = None) -> pd.Timestamp | None:
        """The newest time of the dashboard's data (UTC), ``None`` when there is none.

        Subclasses answer it from their plugin's query module; ``table`` names the table
        to rate (default: :meth:`current_freshness_table`) when the domain has several.
        """
        raise NotImplementedError(f"{type(self).__name__} must say how fresh its data is (latest_time)")

    def current_freshness_table(self) -> str:
        """The table the badge rates now (subclasses may depend on a filter)."""
        return self.freshness_table

    def freshness(self, now: Any = None) -> Freshness:
        """Rate how recent the domain's data is (see :func:`freshness`)."""
        return freshness(
            self.latest_time(),
            now if now is not None else pd.Timestamp.now(tz="UTC"),
            timezone=self.timezone,
            language=self.language,
            fresh_within=self.fresh_within,
            late_within=self.late_within,
        )

    def open_alerts(self) -> pd.DataFrame:
        """The domain's open alerts, read from the state store, ready to show."""
        alerts = open_alerts(self.datalayer.store, self.domain or None)
        return alerts_for_display(alerts, timezone=self.timezone, language=self.language)

    def data_signature(self) -> tuple[Any, ...]:
        """What changes when new data arrives: table versions and the open alerts."""
        versions = tuple(
            self.datalayer.version(name) for name in self.datalayer.tables if name.startswith(f"{self.domain}.")
        )
        # every open alert by id (not "the newest": alerts observed at the same time tie)
        alerts = open_alerts(self.datalayer.store, self.domain or None, limit=1000)
        return versions, tuple(sorted(zip(alerts["id"].tolist(), alerts["value"].fillna(-1).tolist())))

    def refresh(self) -> None:
        """One live-refresh tick: redraw the badge; redraw data views only if data changed.

        While the database is away the page keeps what it shows and raises the notice; the
        first tick that reaches it again redraws every view (changes made meanwhile show up).
        """
        try:
            signature = self.data_signature()
            if signature != self._signature or self.store_down:
                self._signature = signature
                self.data_version += 1
            self.clock += 1
        except DATABASE_UNAVAILABLE as error:
            if not self.store_down:
                outage.warn(f"refresh of {type(self).__name__}", error)
            self.store_down = True
            return
        self.store_down = False

    # ------------------------------------------------------------------ components
    def freshness_badge(self) -> pn.pane.HTML:
        """The green / amber / red data-freshness badge (updates with each refresh)."""

        def render(language: str, clock: int, data_version: int, *_: Any) -> str:
            rating = self.freshness()
            return theme.badge_html(rating.text, rating.state)

        return theme.html_pane(
            pn.bind(
                render, self.param.language, self.param.clock, self.param.data_version, *self._freshness_dependencies()
            ),
            margin=(12, 10),
            name="freshness",
        )

    def outage_notice(self) -> pn.pane.HTML:
        """The red notice shown while the database is away (hidden otherwise)."""
        text = pn.bind(lambda language: theme.badge_html(self.t("store_down"), "stale"), self.param.language)
        return theme.html_pane(text, visible=self.param.store_down, margin=(12, 10), name="store-down")

    def _header(self) -> list[Any]:
        return [*([self.freshness_badge()] if self.show_freshness else []), self.outage_notice()]

    def _freshness_dependencies(self) -> list[Any]:
        """Extra parameters the badge depends on (e.g. a filter choosing the table)."""
        return []

    #: At most this many open alerts are listed (the worst first).
    alert_rows: ClassVar[int] = 10
    #: Rows of a table on the video wall (its type is large); a page may change it.
    wall_rows: ClassVar[int] = 6
    #: Height of the video wall's page area in px: 1080 less the wall's status bar and the title.
    wall_height: ClassVar[int] = 880
    #: How much larger than on a desk a chart's type is on the video wall.
    wall_fontscale: ClassVar[float] = 2.0
    #: Fixed boxes ``(width, height)`` in px of this page's charts on the wall, by pane name or
    #: by its first word (``"trend"`` for ``"trend-grdp"``, :meth:`plot_pane`): a map keeps its
    #: shape inside its box, a chart fills it.
    wall_boxes: ClassVar[dict[str, tuple[int, int]]] = {}
    #: The wall's common shape (:meth:`wall_panels`): height of the headline figures' row and
    #: width of the chart beside the short table.
    wall_figures_height: ClassVar[int] = 150
    wall_chart_width: ClassVar[int] = 1060

    def rows(self, desk: int) -> int:
        """How many rows a table shows: ``desk`` on a desk, :attr:`wall_rows` on the wall."""
        return min(desk, self.wall_rows) if self.wall else desk

    def plot_pane(self, obj: Any, name: str, **params: Any) -> pn.pane.HoloViews:
        """A chart of this page (:func:`dashboards.plots.pane`), with large type on the wall.

        On the wall a chart named in :attr:`wall_boxes` is drawn in that fixed box, without
        toolbar (:func:`dashboards.plots.fit_box`), so the wall's layout does not depend on
        how a responsive chart sizes itself.
        """
        if self.wall:
            obj = plots.scale_fonts(obj, self.wall_fontscale)
            box = self.wall_boxes.get(name) or self.wall_boxes.get(name.split("-")[0])
            if box is not None:
                width, height = box
                obj = plots.fit_box(obj, width, height)
                params.update(width=width, height=height, sizing_mode="fixed")
        return plots.pane(obj, name, **params)

    def alert_table(self) -> pn.Column:
        """The open alerts of the domain, worst first, as an HTML table: every text escaped,
        severities as coloured pills, no stylesheet fetched from anywhere (Voila, the wall)."""

        def render(language: str, data_version: int) -> Any:
            frame = self.open_alerts()
            if frame.empty:
                return theme.html_pane(
                    f'<p class="ioc-note">{escape(self.t("no_alerts"))}</p>',
                    stylesheets=[theme.TABLE_CSS],
                    name="no-alerts",
                )
            severity = self.t("col_severity")
            keys = {self.t(f"severity_{s}"): s for s in SEVERITY_ORDER}
            shown = frame.head(self.rows(self.alert_rows)).copy()
            shown[severity] = [theme.severity_pill(keys.get(v, ""), v) for v in shown[severity]]
            more = len(frame) - len(shown)
            note = f'<p class="ioc-note">{escape(self.t("more_alerts", n=more))}</p>' if more > 0 else ""
            return theme.html_pane(
                theme.html_table(shown, raw=(severity,)) + note,
                stylesheets=[theme.TABLE_CSS],
                sizing_mode="stretch_width",
                name="alert-table",
            )

        title = pn.bind(lambda language: f"<h3>{escape(self.t('alerts'))}</h3>", self.param.language)
        table = pn.panel(pn.bind(render, self.param.language, self.param.data_version), sizing_mode="stretch_width")
        return pn.Column(theme.html_pane(title), table, sizing_mode="stretch_width")

    def filters(self) -> list[Any]:
        """Sidebar widgets (subclasses)."""
        return []

    def main_area(self) -> list[Any]:
        """Main components (subclasses)."""
        return []

    def sidebar_extras(self) -> list[Any]:
        """Sidebar components below the filters (legends, notes)."""

        def note(language: str) -> str:
            return f'<span class="muted">{escape(self.t("timezone_note", tz=self.timezone))}</span>'

        note = pn.bind(note, self.param.language)
        return [theme.html_pane(note, styles={"font-size": "0.85em", "color": "#666"}, name="timezone-note")]

    def body(self) -> pn.Column:
        """The dashboard without the page template (for notebooks, Voila and the video wall)."""
        self._start_refresh()
        header = pn.Row(
            theme.html_pane(f"<h2>{escape(self.page_title)}</h2>"),
            pn.Spacer(),
            *self._header(),
            sizing_mode="stretch_width",
        )
        sidebar = pn.Column(*self.filters(), *self.sidebar_extras(), width=320)
        return pn.Column(
            header,
            pn.Row(sidebar, pn.Column(*self.main_area(), sizing_mode="stretch_width"), sizing_mode="stretch_width"),
            sizing_mode="stretch_width",
        )

    def wall_area(self) -> list[Any]:
        """What the video wall shows of this page, below its title (a page *may* override it).

        It must fit :attr:`wall_height` px of a 1920 px wide screen in the wall's large type
        (:data:`dashboards.theme.WALL_SHEET`), without scrolling. The default is the page's
        :meth:`main_area`, drawn with ``wall=True`` (shorter tables, larger chart type); a
        page whose desk layout is taller declares its own: fixed-height charts and the top
        rows of its tables side by side.
        """
        return self.main_area()

    def wall_panels(
        self, *, figures: Any = None, chart: Any = None, chart_name: str = "", side: Any = None
    ) -> list[Any]:
        """The wall's common shape: a row of headline figures, then a chart beside a short table.

        Parameters
        ----------
        figures : callable, optional
            Returns ``[(label, value), …]`` (called again when the data change), drawn by :func:`dashboards.theme.wall_figures_html`
            in :attr:`wall_figures_height` px (labels and values escaped there).
        chart : Panel object or bound function, optional
            Drawn :attr:`wall_chart_width` px wide (the whole width without ``side``), as high as
            the rest of the area; its plot pane, named ``chart_name`` (or that name's first word),
            is given that box (:attr:`wall_boxes`).
        side : Panel object or bound function, optional
            Beside the chart (a short table): the rest of the width, cut at the area's bottom.
        """
        parts: list[Any] = []
        height = self.wall_height
        if figures is not None:
            parts.append(
                theme.html_pane(
                    pn.bind(
                        lambda *_: theme.wall_figures_html(figures()), self.param.language, self.param.data_version
                    ),
                    height=self.wall_figures_height,
                    sizing_mode="stretch_width",
                    margin=(0, 10),
                    name="wall-figures",
                )
            )
            height -= self.wall_figures_height + 10
        row: list[Any] = []
        if chart is not None:
            width = self.wall_chart_width if side is not None else 1880
            self.wall_boxes = {**self.wall_boxes, chart_name: (width, height - 10)}
            row.append(pn.panel(chart, width=width, height=height - 10))
        if side is not None:
            row.append(pn.panel(side, sizing_mode="stretch_width", height=height - 10, styles={"overflow": "hidden"}))
        parts.append(pn.Row(*row, sizing_mode="stretch_width", height=height, margin=0))
        return parts

    def wall_tile_figures(self, tile: Any, keys: tuple[str, ...] = ()) -> list[tuple[str, str]]:
        """The figures of an overview tile (:class:`ioc.overview.Tile`) for :meth:`wall_panels`:
        the label in the page's language, the value written as Vietnamese writes numbers
        (``1.234``, ``12,5``) with a ``%`` unit; only those named in ``keys`` (all by default)."""

        shown = [f for f in tile.figures if not keys or f.key in keys]
        pairs = []
        for figure in shown:
            written = number_text(figure.value)
            percent = figure.unit_in(self.language) == "%" and isinstance(figure.value, int | float) and written != "—"
            pairs.append((figure.label_in(self.language), f"{written} %" if percent else written))
        return pairs

    def wall_table(self, frame: pd.DataFrame, *, raw: tuple[str, ...] = (), name: str = "wall-table") -> pn.pane.HTML:
        """The first :attr:`wall_rows` rows of ``frame`` as an escaped HTML table (the wall)."""
        return theme.html_pane(
            theme.html_table(frame.head(self.wall_rows), raw=raw),
            stylesheets=[theme.TABLE_CSS],
            sizing_mode="stretch_width",
            name=name,
        )

    def wall_body(self) -> pn.Column:
        """The page as the video wall shows it: title and freshness, then :meth:`wall_area`."""
        self._start_refresh()
        header = pn.Row(
            theme.html_pane(f"<h2>{escape(self.page_title)}</h2>", margin=(0, 10)),
            pn.Spacer(),
            *self._header(),
            sizing_mode="stretch_width",
            height=70,
        )
        area = pn.Column(*self.wall_area(), sizing_mode="stretch_width", height=self.wall_height, name="wall-area")
        return pn.Column(header, area, sizing_mode="stretch_width", name="wall-page")

    def __panel__(self) -> pn.template.FastListTemplate:
        self._start_refresh()
        return theme.make_template(
            self.page_title,
            sidebar=[*self.filters(), *self.sidebar_extras()],
            main=self.main_area(),
            header=self._header(),
            dark=self.dark,
        )

    def _start_refresh(self) -> None:
        """Refresh every ``refresh_period`` seconds while served (not in a plain script)."""
        outage.register(pn.state.curdoc, self)  # served: a click that finds the database away raises the notice
        if self.refresh_period <= 0 or self._refresh_callback is not None:
            return
        if pn.state.curdoc is None and not _in_kernel():
            return  # a plain script or test: no event loop to run the callback
        self._refresh_callback = pn.state.add_periodic_callback(self.refresh, period=self.refresh_period * 1000)


def _in_kernel() -> bool:
    """Whether we run inside a Jupyter kernel (JupyterLab, Voila), whose event loop runs callbacks."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None
