"""The video wall: each screen runs a playlist of pages, refreshes live, and is taken over by
a hot incident until somebody acknowledges it.

``ioc wall`` (or ``ioc serve --wall``) serves ``/wall?screen=N`` beside the dashboards; each
screen of the wall opens its own URL in a kiosk browser. The playlist comes from ``ioc.yaml``
(``wall.screens[N].playlist``: page and dwell seconds); without one, a screen shows the
overview and then every domain page. Pages change inside one Panel session (a periodic
callback swaps the content: no full-page reload), and each page refreshes its data with its
own periodic callback, so the wall follows the data as it arrives.

*Takeover*: every tick the wall asks the state store for hot incidents nobody has acted on
yet (:func:`ioc.situations.hot_unacknowledged`); while there is one, every screen shows it —
map, evidence from the situation around it, timeline. Acknowledging is the workflow's first
step (start verification, or dispatch a team), taken by the IOC staff in their own view;
the wall then returns to its playlist.

The wall signs in as its own read-only account (``wall.account``, role ``leader``: it may see
hot incidents but take no step, and has no password, so no login prompt ever appears). When
the server requires logins, ``/wall`` is open only with the secret ``token`` of ``ioc.yaml``
(or ``IOC_WALL_TOKEN``) in its URL. A heartbeat from the server keeps the page alive; when
the heartbeats stop (the server restarted), the page polls the server and reloads itself as
soon as it answers.
"""

from __future__ import annotations

import logging
import os
import time
from html import escape
from typing import Any

import pandas as pd
import panel as pn
import param
from panel.reactive import ReactiveHTML

from dashboards import outage, plots, theme
from dashboards.i18n import format_datetime, register_texts, translate
from dashboards.overview import OVERVIEW_CSS, severity_html, unit_name
from geodata.boundaries import site_boundaries
from ioc.auth import create_user, get_principal
from ioc.config import Settings, WallPage, WallScreen
from ioc.datalayer import DataLayer
from ioc.incidents.service import IncidentService
from ioc.incidents.workflow import STATE_LABELS_VI
from ioc.plugins import Registry, registry
from ioc.situations import current_situations, distance_km, hot_unacknowledged
from ioc.store import DATABASE_UNAVAILABLE

logger = logging.getLogger(__name__)

register_texts(
    {
        "vi": {
            "wall_title": "Màn hình điều hành",
            "wall_screen": "Màn hình {n}",
            "wall_takeover": "VỤ VIỆC NÓNG — chờ tiếp nhận xử lý",
            "wall_timeline": "Diễn biến",
            "wall_evidence": "Thông tin liên quan từ các lĩnh vực",
            "wall_no_evidence": "Chưa có thông tin liên quan.",
            "wall_denied": "Màn hình này cần mã truy cập của video wall (wall.token trong ioc.yaml).",
            "wall_received": "Tiếp nhận lúc {when}",
        },
        "en": {
            "wall_title": "Video wall",
            "wall_screen": "Screen {n}",
            "wall_takeover": "HOT INCIDENT — waiting to be acknowledged",
            "wall_timeline": "Timeline",
            "wall_evidence": "Related information from the domains",
            "wall_no_evidence": "No related information yet.",
            "wall_denied": "This screen needs the video wall's access token (wall.token in ioc.yaml).",
            "wall_received": "Received at {when}",
        },
    }
)

#: The wall's page: no template header (no title bar, no theme toggle), nothing to scroll.
#: Large type and contrast reach every component through :class:`dashboards.theme.WallDesign`.
WALL_TEMPLATE = """{% extends base %}
{% block postamble %}<style>
html, body { margin:0; padding:0; overflow:hidden !important; background:#fff; color:#000;
             font-family:'Noto Sans','DejaVu Sans',sans-serif; }
</style>{% endblock %}
{% block contents %}{{ embed(roots.main) }}{% endblock %}
"""

BAR_CSS = """
.wall-bar { display:flex; justify-content:space-between; align-items:center; background:#0d2b45; color:#fff;
            padding:6px 20px; font-family:'Noto Sans','DejaVu Sans',sans-serif; font-size:34px; height:60px;
            box-sizing:border-box; }
.wall-bar .page { font-weight:700; }
.wall-bar .clock { font-size:40px; font-weight:700; letter-spacing:1px; }
.wall-bar.takeover { background:#b71c1c; }
.wall-take { color:#fff; background:#0d2b45; padding:12px 20px; border-radius:8px;
             font-family:'Noto Sans','DejaVu Sans',sans-serif; font-size:26px; }
.wall-take h1 { font-size:46px; margin:6px 0; }
.wall-take .meta { font-size:26px; color:#ffcdd2; }
.wall-take ul { margin:4px 0; padding-left:26px; }
.wall-take p { margin:6px 0; }
"""


class Heartbeat(ReactiveHTML):
    """Reloads the page by itself after a server restart.

    The server bumps ``beat`` every tick; when no beat has come for ``timeout_ms`` the page
    asks the server for itself every two seconds and reloads once it answers.
    """

    beat = param.Integer(default=0, doc="Bumped by the server on every tick.")
    timeout_ms = param.Integer(default=8000, doc="Silence after which the page starts to reconnect.")

    _template = '<div id="heartbeat" style="display:none"></div>'
    _scripts = {  # noqa: RUF012 - Panel's class attribute
        "render": """
            window.__iocBeat = Date.now();
            if (window.__iocWatch) { clearInterval(window.__iocWatch); }
            // a static file answers without opening a Panel session (the page itself would)
            const probe = new URL('/static/js/bokeh.min.js', window.location.href);
            let asking = false;
            window.__iocWatch = setInterval(() => {
              if (asking || Date.now() - window.__iocBeat < data.timeout_ms) { return; }
              asking = true;
              fetch(probe, {method: 'HEAD', cache: 'no-store'})
                .then((response) => { if (response.ok) { window.location.reload(); } })
                .catch(() => {})
                .finally(() => { asking = false; });
            }, 2000);
        """,
        "beat": "window.__iocBeat = Date.now();",
    }


def default_playlist(plugins: Registry) -> list[WallPage]:
    """The overview, then every domain page that is not a public form (project choice: 60 s / 30 s)."""
    pages = [WallPage(page="overview", dwell=60)]
    public = set(plugins.public_dashboards())
    for name in plugins.dashboards():
        if name not in public:
            pages.append(WallPage(page=name, dwell=30))
    return pages


def screens(settings: Settings, plugins: Registry | None = None) -> list[WallScreen]:
    """The wall's screens from ``ioc.yaml`` (one screen with the default playlist when none)."""
    configured = [s for s in settings.wall.screens if s.playlist]
    if configured:
        return configured
    return [WallScreen(name="1", playlist=default_playlist(plugins or registry()))]


def wall_token(settings: Settings) -> str | None:
    """The secret in the wall's URLs (``IOC_WALL_TOKEN`` wins over ``wall.token``)."""
    return os.environ.get("IOC_WALL_TOKEN") or settings.wall.token


def wall_urls(settings: Settings, host: str, port: int, plugins: Registry | None = None) -> list[str]:
    """One URL per screen (with the token when one is set)."""
    token = wall_token(settings)
    suffix = f"&token={token}" if token else ""
    return [f"http://{host}:{port}/wall?screen={i}{suffix}" for i in range(len(screens(settings, plugins)))]


def ensure_wall_account(datalayer: DataLayer) -> str:
    """Create the wall's read-only account (role ``leader``, no password) if it is missing."""
    name = datalayer.settings.wall.account
    if get_principal(datalayer.store, name) is None:
        create_user(datalayer.store, name, None, roles=["leader"], full_name="Video wall (chỉ xem)")
    return name


class VideoWall(pn.viewable.Viewer):
    """One screen of the video wall: playlist, live pages, takeover, reconnection."""

    datalayer = param.ClassSelector(class_=DataLayer, doc="The data layer the pages read through.")
    screen = param.Integer(default=0, bounds=(0, None), doc="Which screen of ``wall.screens`` this is.")
    plugins = param.ClassSelector(class_=Registry, default=None, precedence=-1, doc="The plugins (registry).")
    tick_seconds = param.Number(default=1.0, bounds=(0.2, None), doc="Seconds between two wall ticks.")
    language = param.Selector(default="vi", objects=["vi", "en"], doc="Language of the wall.")
    page_class = param.Callable(
        doc="""
        Gives the dashboard class of a page name (``dashboards.serve.dashboard_class``)."""
    )

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        self.settings = self.datalayer.settings
        reg = self.plugins if self.plugins is not None else registry()
        self._plugins = reg
        all_screens = screens(self.settings, reg)
        self.playlist = all_screens[min(self.screen, len(all_screens) - 1)].playlist
        self.index = 0
        self.mode = "playlist"
        self.takeover_id: int | None = None
        self._shown_at = time.monotonic()
        self._page: Any = None
        self.heartbeat = Heartbeat(timeout_ms=int(max(8000, 6000 * self.tick_seconds)))
        self.bar = theme.html_pane("", stylesheets=[BAR_CSS], sizing_mode="stretch_width", margin=0, name="wall-bar")
        self.content = pn.Column(sizing_mode="stretch_both", name="wall-content")
        self._callback = None
        self._store_down = False

    # ------------------------------------------------------------------ state
    @property
    def page_name(self) -> str:
        return self.playlist[self.index].page

    def t(self, key: str, **values: Any) -> str:
        return translate(key, self.language, **values)

    def tick(self) -> None:
        """One tick: takeover first, else advance the playlist when the page's dwell is over."""
        self.heartbeat.beat += 1
        try:
            hot = hot_unacknowledged(self.datalayer.store) if self.settings.wall.takeover else []
            self._store_down = False
        except DATABASE_UNAVAILABLE as error:  # the playlist goes on; a takeover stays until it is back
            if not self._store_down:
                outage.warn("wall takeover check", error)
            self._store_down = True
            hot = [{"id": self.takeover_id}] if self.mode == "takeover" else []
        if hot:
            if self.mode != "takeover" or self.takeover_id != hot[0]["id"]:
                self.show_takeover(hot[0])
        elif self.mode == "takeover":
            self.show_page(self.index)
        elif time.monotonic() - self._shown_at >= self.playlist[self.index].dwell:
            self.show_page((self.index + 1) % len(self.playlist))
        self.update_bar()

    def _stop_page(self) -> None:
        """Stop the page going off screen and let it go (a wall session runs for days)."""
        callback = getattr(self._page, "_refresh_callback", None)
        if callback is not None:
            callback.stop()
            # Panel keeps every callback of ``pn.state.add_periodic_callback`` in
            # ``pn.state._periodic[document]`` until the session ends, stopped or not
            # (panel 1.9, ``_state.add_periodic_callback`` / ``_destroy_session``); the
            # callback holds the page's ``refresh``, hence the whole page: without this
            # every page the wall ever showed stayed in memory for the session's life
            for registered in pn.state._periodic.values():
                if any(c is callback for c in registered):
                    registered[:] = [c for c in registered if c is not callback]
        self._page = None

    def show_page(self, index: int) -> None:
        """Show playlist entry ``index`` (a fresh dashboard that refreshes itself)."""
        self._stop_page()
        self.index, self.mode, self.takeover_id = index, "playlist", None
        self._shown_at = time.monotonic()
        name = self.page_name
        try:
            cls = self.page_class(name)
            params: dict[str, Any] = {
                "datalayer": self.datalayer,
                # the pages' light theme: their texts and tables are drawn for it (high contrast)
                "dark": False,
                "refresh_period": self.settings.wall.refresh_seconds,
                "language": self.language,
                "wall": True,
            }
            if "username" in cls.param:
                params["username"] = self.settings.wall.account
            self._page = cls(**params)
            view = self._page.wall_body() if hasattr(self._page, "wall_body") else self._page
        except DATABASE_UNAVAILABLE as error:  # the next turn of the playlist tries again
            outage.warn(f"wall page {name}", error)
            view = theme.html_pane(f"<h2>{escape(self._page_title(name))}</h2><p>{escape(self.t('store_down'))}</p>")
        except Exception as exc:
            logger.warning("wall page %s failed: %s", name, exc, exc_info=True)
            view = theme.html_pane(f"<h2>{escape(name)}</h2><p>{escape(str(exc)[:300])}</p>")
        # a marker that arrives with the page's own components (the bar may be drawn first)
        marker = theme.html_pane(f'<span class="wall-page" data-page="{escape(name)}"></span>', height=0, margin=0)
        self.content.objects = [marker, view]
        self.update_bar()

    def show_takeover(self, incident: dict[str, Any]) -> None:
        """Every screen shows the hot incident until it is acknowledged."""
        self._stop_page()
        self.mode, self.takeover_id = "takeover", incident["id"]
        try:
            view = self.takeover_view(incident)
        except Exception as exc:
            logger.warning("wall takeover view of incident %s: %s", incident["id"], exc, exc_info=True)
            view = theme.html_pane(
                f'<div class="wall-take"><h1>{escape(str(incident["title"]))}</h1></div>',
                stylesheets=[BAR_CSS],
                name="takeover",
            )
        self.content.objects = [view]
        self.update_bar()

    def update_bar(self) -> None:
        now = format_datetime(pd.Timestamp.now(tz="UTC"), self.settings.site.timezone)
        if self.mode == "takeover":
            label, extra = self.t("wall_takeover"), f' data-incident="{self.takeover_id}"'
        else:
            # the page's own heading where it has one (a plugin may have several pages)
            label, extra = getattr(self._page, "page_title", None) or self._page_title(self.page_name), ""
        screen = self.t("wall_screen", n=self.screen + 1)
        self.bar.object = (
            f'<div class="wall-bar {self.mode}" id="wall-status" data-mode="{self.mode}" '
            f'data-page="{escape(self.page_name)}" data-screen="{self.screen}"{extra}>'
            f'<span class="page">{escape(label)}</span><span>{escape(screen)}</span>'
            f'<span class="clock">{escape(now)}</span></div>'
        )

    def _page_title(self, name: str) -> str:
        key = f"{name}_title"
        text = self.t(key)
        if text != key:
            return text
        for plugin in self._plugins:
            if name in plugin.dashboards:
                return plugin.title
        return name

    # ------------------------------------------------------------------ takeover view
    def takeover_view(self, incident: dict[str, Any]) -> Any:
        zone = self.settings.site.timezone
        titles = {p.name: p.title for p in self._plugins}
        place = unit_name(incident["unit_code"], self.language)
        header = (
            f'<div class="wall-take"><h1>{escape(str(incident["title"]))}</h1>'
            f'<p class="meta">{severity_html(incident["severity"], self.language)} · '
            f"{escape(titles.get(incident['domain'], incident['domain']))} · {escape(place)} · "
            f"{escape(self.t('wall_received', when=format_datetime(incident['received_at'], zone)))}</p>"
            f"<p>{escape(str(incident.get('description') or ''))}</p></div>"
        )
        details = pn.Column(
            theme.html_pane(header, stylesheets=[BAR_CSS, OVERVIEW_CSS], sizing_mode="stretch_width", name="takeover"),
            theme.html_pane(self.evidence_html(incident, titles), stylesheets=[BAR_CSS], sizing_mode="stretch_width"),
            theme.html_pane(self.timeline_html(incident), stylesheets=[BAR_CSS], sizing_mode="stretch_width"),
            sizing_mode="stretch_width",
        )
        return pn.Row(self.takeover_map(incident), details, sizing_mode="stretch_both")

    def evidence_html(self, incident: dict[str, Any], titles: dict[str, str]) -> str:
        """Events of every domain near the incident in place and time (its situation)."""
        items = []
        for situation in current_situations(self.datalayer.store, pd.Timestamp.now(tz="UTC")):
            near = situation.unit_code and situation.unit_code == incident["unit_code"]
            if not near and None not in (situation.lon, incident["lon"]):
                near = distance_km(situation.lon, situation.lat, incident["lon"], incident["lat"]) <= 2.0
            if not near:
                continue
            for domain, events in situation.evidence.items():
                for event in events[:4]:
                    if event["kind"] == "incident" and event["id"] == incident["id"]:
                        continue
                    items.append(f"<li><b>{escape(titles.get(domain, domain))}</b>: {escape(str(event['title']))}</li>")
        body = f"<ul>{''.join(items[:8])}</ul>" if items else f"<p>{escape(self.t('wall_no_evidence'))}</p>"
        return f'<div class="wall-take"><h3>{escape(self.t("wall_evidence"))}</h3>{body}</div>'

    def timeline_html(self, incident: dict[str, Any]) -> str:
        """The incident's audited steps, oldest first (as the wall's read-only account sees them)."""
        viewer = get_principal(self.datalayer.store, self.settings.wall.account)
        steps: list[dict[str, Any]] = []
        if viewer is not None:
            try:
                steps = IncidentService(self.datalayer.store, settings=self.settings).history(incident["id"], viewer)
            except Exception as exc:  # noqa: BLE001 - the timeline is a nicety; the takeover goes on
                logger.warning("wall timeline of incident %s: %s", incident["id"], exc)
        zone = self.settings.site.timezone
        rows = "".join(
            f"<li>{escape(format_datetime(s['at'], zone))} — "
            f"{escape(STATE_LABELS_VI.get(s['state'], s['state'] or s['action']))}</li>"
            for s in steps
        )
        body = f"<ul>{rows}</ul>" if rows else "<p>—</p>"
        return f'<div class="wall-take"><h3>{escape(self.t("wall_timeline"))}</h3>{body}</div>'

    def takeover_map(self, incident: dict[str, Any]) -> Any:
        frame = pd.DataFrame(
            {
                "station_id": [incident["tracking_code"] or f"#{incident['id']}"],
                "lon": [incident["lon"]],
                "lat": [incident["lat"]],
                "title": [incident["title"]],
                "colour": ["#d32f2f"],
                "value_text": ["!"],
                "text_colour": ["#fff"],
            }
        )
        units = site_boundaries(self.settings)
        overlay = plots.point_map(
            [
                plots.unit_names(units, "14pt"),
                plots.map_points(frame, tooltips=[("", "@title")], size=40),
                plots.map_labels(frame, size="20pt"),  # read across the room, as the unit names
            ],
            units=units,
            title="",
            frame=frame,
            bbox=self.settings.site.bbox,
        )
        return plots.pane(overlay, name="takeover-map", width=900, height=700, sizing_mode="fixed")

    # ------------------------------------------------------------------ page
    def start(self) -> None:
        """Show the first page and start ticking (only where an event loop runs)."""
        if self._page is None and self.mode == "playlist" and not self.content.objects:
            self.show_page(0)
        if self._callback is None and pn.state.curdoc is not None:
            self._callback = pn.state.add_periodic_callback(self.tick, period=int(self.tick_seconds * 1000))

    def __panel__(self) -> Any:
        # pages arrive after the first render: load the JavaScript of the widgets they use now
        pn.extension("tabulator")
        self.start()
        page = pn.Column(
            self.bar,
            self.content,
            self.heartbeat,
            width=1920,
            height=1080,
            margin=0,
            name="wall",
        )
        # the template's design reaches every component, including the pages swapped in later
        template = pn.Template(WALL_TEMPLATE, items={"main": page}, design=theme.WallDesign)
        template.title = self.t("wall_title")
        return template


def wall_app(settings: Settings, datalayer: DataLayer, plugins: Registry | None = None, **params: Any) -> Any:
    """The ``/wall`` page of one session: the screen from ``?screen=N``, checked against the token."""
    args = pn.state.session_args if pn.state.curdoc is not None else {}
    token = wall_token(settings)

    def arg(name: str) -> str:
        values = args.get(name) or [b""]
        return values[0].decode("utf-8", "replace")

    if params.pop("require_token", False) and (not token or arg("token") != token):
        return theme.make_template(
            translate("wall_title", settings.language),
            sidebar=[],
            main=[theme.html_pane(f"<p>{escape(translate('wall_denied', settings.language))}</p>", name="denied")],
            dark=True,
        )
    try:
        screen = max(0, int(arg("screen") or 0))
    except ValueError:
        screen = 0
    return VideoWall(datalayer=datalayer, screen=screen, plugins=plugins, language=settings.language, **params)
