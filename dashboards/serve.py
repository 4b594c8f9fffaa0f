"""Serving the dashboards: every dashboard that plugins register, plus an index page.

``ioc serve`` calls :func:`serve`. Each browser session gets its own dashboard object;
all sessions of one process share one :class:`~ioc.datalayer.DataLayer`, so the query
cache is shared too. Nothing is fetched from the internet: resources are served inline.
"""

from __future__ import annotations

import os
import threading
from html import escape
from typing import Any

import panel as pn

from dashboards import outage, theme
from dashboards.base import BaseDashboard
from dashboards.i18n import translate
from dashboards.login import panel_auth_options, panel_authorize, public_paths
from dashboards.wall import ensure_wall_account, wall_app, wall_urls
from ioc.auth import login_configured
from ioc.config import Settings, suggest
from ioc.config import settings as deployment_settings
from ioc.datalayer import DataLayer
from ioc.plugins import Registry, UnknownNameError, registry, resolve
from ioc.store import open_store

#: Pages of the host itself, across every domain: the leaders' overview and command view.
HOST_DASHBOARDS = {
    "overview": "dashboards.overview:OverviewDashboard",
    "command": "dashboards.command:CommandDashboard",
}

_DATALAYERS: dict[tuple[str, str], DataLayer] = {}
_LOCK = threading.Lock()


def shared_datalayer(settings: Settings) -> DataLayer:
    """The process's data layer for ``settings`` (one per data directory and state store)."""
    key = (str(settings.data_dir.resolve()), settings.state_url)
    with _LOCK:
        if key not in _DATALAYERS:
            _DATALAYERS[key] = DataLayer(settings)
        return _DATALAYERS[key]


def close_shared_datalayers() -> None:
    """Close and forget the shared data layers (tests; a server that changes deployment)."""
    with _LOCK:
        for datalayer in _DATALAYERS.values():
            datalayer.close()
        _DATALAYERS.clear()


def dashboard_targets(plugins: Registry | None = None) -> dict[str, str]:
    """Registered dashboards: name → ``"module:Class"`` (the host's pages, then the plugins')."""
    return {**HOST_DASHBOARDS, **(plugins or registry()).dashboards()}


def dashboard_class(name: str, plugins: Registry | None = None) -> type[BaseDashboard]:
    """Import the dashboard class registered as ``name``; unknown names suggest the nearest."""
    targets = dashboard_targets(plugins)
    if name not in targets:
        raise UnknownNameError(f"unknown dashboard {name!r}{suggest(name, sorted(targets))}")
    cls = resolve(targets[name])
    if not (isinstance(cls, type) and issubclass(cls, pn.viewable.Viewer)):
        raise TypeError(f"dashboard {name!r} ({targets[name]}) is not a panel Viewer")
    return cls


def create_app(
    name: str, settings: Settings | None = None, *, plugins: Registry | None = None, **params: Any
) -> BaseDashboard:
    """A new dashboard object for one session (``params`` set its filters, theme …)."""

    settings = settings or deployment_settings()
    theme.use_offline_resources()
    return dashboard_class(name, plugins)(datalayer=shared_datalayer(settings), **params)


def index_page(settings: Settings | None = None, *, plugins: Registry | None = None) -> pn.template.FastListTemplate:
    """The landing page: one link per registered dashboard, with its plugin's title."""

    settings = settings or deployment_settings()
    language = settings.language
    reg = plugins or registry()
    items = [
        f'<li><a href="./{name}">{escape(translate(f"{name}_title", language))}</a></li>' for name in HOST_DASHBOARDS
    ]
    for plugin in reg:
        for name in plugin.dashboards:
            about = f" — {escape(plugin.description)}" if plugin.description else ""
            items.append(f'<li><a href="./{escape(name)}">{escape(plugin.title)}</a>{about}</li>')
    body = f"<p>{escape(translate('index_intro', language))}</p><ul>{''.join(items)}</ul>"
    return theme.make_template(
        translate("index_title", language),
        sidebar=[],
        main=[theme.html_pane(body, sizing_mode="stretch_width", name="index")],
    )


def applications(
    settings: Settings, *, plugins: Registry | None = None, wall_token_required: bool = False, **params: Any
) -> dict[str, Any]:
    """The apps :func:`serve` mounts: ``"/"`` (index), one per registered dashboard, ``"wall"``.

    ``wall_token_required``: the wall page opens only with ``?token=`` (when logins are on,
    the wall is a guest page and the token is its key).
    """
    apps: dict[str, Any] = {"/": lambda: index_page(settings, plugins=plugins)}
    for name in dashboard_targets(plugins):
        apps[name] = _session_factory(name, settings, plugins, params)

    def wall() -> Any:
        theme.use_offline_resources()
        return wall_app(
            settings,
            shared_datalayer(settings),
            plugins,
            page_class=lambda name: dashboard_class(name, plugins),
            require_token=wall_token_required,
        )

    apps["wall"] = wall
    return apps


def _session_factory(name: str, settings: Settings, plugins: Registry | None, params: dict[str, Any]) -> Any:
    def make() -> Any:
        return create_app(name, settings, plugins=plugins, **params).__panel__()

    # while the database is away a new page says so and reloads itself (dashboards.outage)
    return outage.guard_session(make, settings.language, dark=bool(params.get("dark")))


def serve(
    settings: Settings | None = None,
    port: int = 5006,
    address: str = "127.0.0.1",
    show: bool = False,
    threaded: bool = False,
    *,
    plugins: Registry | None = None,
    auth: bool | None = None,
    unused_session_lifetime_ms: int | None = None,
    **params: Any,
) -> Any:
    """Serve every registered dashboard and the index page on ``address:port``.

    Blocks until stopped, unless ``threaded`` (then returns the server thread; call its
    ``stop()``). ``params`` go to every dashboard (e.g. ``dark=True`` for the video wall).
    ``auth``: require login against the state store's users (the pages plugins declare
    public, such as the citizen form, stay open); ``None`` turns it on as soon as one user
    has a password. ``unused_session_lifetime_ms``: how long a session whose page was closed
    is kept before it is destroyed and its page freed (Bokeh's default, 15 s, when
    ``None``); it is checked for every half of that time.
    """

    settings = settings or deployment_settings()
    theme.use_offline_resources()
    login = _login_options(settings, auth, plugins)
    ensure_wall_account(shared_datalayer(settings))
    apps = applications(settings, plugins=plugins, wall_token_required=bool(login), **params)
    for name in apps:
        if name not in ("/", "wall"):
            print(f"IOC Workbench: http://{address}:{port}/{name}", flush=True)
    for number, url in enumerate(wall_urls(settings, address, port, plugins), start=1):
        print(f"Video wall, màn hình {number}: {url}", flush=True)
    # a lost database is a notice on the page, not a stack trace (dashboards.outage)
    pn.config.exception_handler = outage.exception_handler
    lifetime: dict[str, int] = {}
    if unused_session_lifetime_ms is not None:  # Bokeh's server options, through pn.serve
        lifetime = {
            "unused_session_lifetime_milliseconds": unused_session_lifetime_ms,
            "check_unused_sessions_milliseconds": max(1, unused_session_lifetime_ms // 2),
        }
    origins = [f"127.0.0.1:{port}", f"localhost:{port}"]
    if address not in ("127.0.0.1", "localhost"):
        origins.append(f"{address}:{port}")
    return pn.serve(
        apps,
        port=port,
        address=address,
        show=show,
        threaded=threaded,
        websocket_origin=origins,
        title={name: f"IOC — {name}" for name in apps},
        verbose=False,
        extra_patterns=[(outage.UNAVAILABLE_PATH, outage.UnavailableHandler)],
        **login,
        **lifetime,
    )


def _login_options(settings: Settings, auth: bool | None, plugins: Registry | None = None) -> dict[str, Any]:
    """``pn.serve`` options for store-backed login, when it is on.

    The pages that plugins declare public (``Plugin.public_dashboards``, e.g. the citizen
    report form) stay open to everyone.
    """

    store = open_store(settings.state_url)
    if auth is None:
        auth = login_configured(store)
    if not auth:
        return {}
    # the wall is a guest page: it has no login prompt and opens only with its token
    public = (*public_paths(plugins if plugins is not None else registry()), "/wall")
    pn.config.authorize_callback = outage.guard_authorize(panel_authorize(store, public))
    print("Đăng nhập bắt buộc (login required) — tài khoản: `ioc api add-user`", flush=True)
    return panel_auth_options(store, public_paths=public, cookie_secret=os.environ.get("IOC_COOKIE_SECRET"))
