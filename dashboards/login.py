"""Signing in to the served dashboards: Panel's login page, checked against the state store.

Passwords are checked with :func:`ioc.auth.authenticate` (scrypt hashes in ``users``),
never a plain-text file. A page needs an active user holding one of
:data:`ioc.auth.DASHBOARD_ROLES`, except the public pages that plugins declare
(``Plugin.public_dashboards``, e.g. the citizen report form), which everyone may open.
The login and logout pages are self-contained (no logo or stylesheet from a CDN).
Usage::

    public = public_paths(registry())
    pn.config.authorize_callback = panel_authorize(store, public)
    pn.serve(apps, **panel_auth_options(store, public_paths=public, cookie_secret=secret))
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

import jinja2

from dashboards import outage
from ioc.auth import DASHBOARD_ROLES, authenticate, get_principal
from ioc.store import DATABASE_UNAVAILABLE, Store

_LOGIN_ENV = jinja2.Environment(autoescape=True)
_PAGE_STYLE = (
    "body{font-family:sans-serif;background:#f3f6fa;display:flex;justify-content:center;"
    "align-items:center;height:100vh;margin:0}form,div.box{background:#fff;padding:2em 2.5em;"
    "border-radius:8px;box-shadow:0 2px 12px #0002;min-width:320px}label{display:block;margin-top:1em}"
    "input{width:100%;padding:.5em;box-sizing:border-box}button{margin-top:1.5em;padding:.6em 1.5em;"
    "background:#0b5394;color:#fff;border:0;border-radius:4px}.error{color:#c62828}"
)
#: The login page (Vietnamese, no external resource; the error text is escaped).
LOGIN_PAGE = (
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Đăng nhập IOC</title>'
    "<style>" + _PAGE_STYLE + '</style></head><body><form method="post" action="{{ login_endpoint }}">'
    "<h2>Trung tâm IOC — Đăng nhập</h2>"
    '{% if errormessage %}<p class="error">Tên đăng nhập hoặc mật khẩu không đúng.</p>{% endif %}'
    '<label>Tên đăng nhập<input name="username" autocomplete="username" required></label>'
    '<label>Mật khẩu<input name="password" type="password" autocomplete="current-password" '
    'required></label><button type="submit">Đăng nhập</button></form></body></html>'
)
#: The page after signing out.
LOGOUT_PAGE = (
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Đã đăng xuất</title>'
    "<style>" + _PAGE_STYLE + '</style></head><body><div class="box"><h2>Đã đăng xuất</h2>'
    '<p><a href="{{ LOGIN_ENDPOINT }}">Đăng nhập lại</a></p></div></body></html>'
)


def public_paths(plugins: Iterable[Any]) -> tuple[str, ...]:
    """The URL paths of the dashboards plugins declare public (``Plugin.public_dashboards``).

    Parameters
    ----------
    plugins : iterable of Plugin
        The registry (or any plugins).

    Returns
    -------
    tuple of str
        ``"/<name>"`` for every public dashboard, e.g. ``("/feedback_form",)``.
    """
    return tuple(
        dict.fromkeys(f"/{name.strip('/')}" for plugin in plugins for name in getattr(plugin, "public_dashboards", ()))
    )


def panel_authorize(store: Store, public: Iterable[str] = ()) -> Any:
    """A Panel ``authorize_callback(user_info, path)`` backed by the state store.

    Parameters
    ----------
    store : Store
        Holds the users and their roles.
    public : iterable of str
        Paths everyone may open (see :func:`public_paths`).

    Returns
    -------
    callable
        ``authorize(user_info, request_path) -> bool``: public pages are open to everyone;
        every other page needs an active user holding a dashboard role. Set it with
        ``pn.config.authorize_callback``.
    """
    open_paths = frozenset(public)

    def authorize(user_info: dict[str, Any] | None, request_path: str) -> bool:
        path = "/" + request_path.strip("/").split("/")[0] if request_path else "/"
        if path in open_paths:
            return True
        username = (user_info or {}).get("user") or (user_info or {}).get("username")
        if not username or username == "guest":
            return False
        principal = get_principal(store, username)
        return principal is not None and bool(DASHBOARD_ROLES & set(principal.roles))

    return authorize


def panel_auth_options(
    store: Store, *, public_paths: Iterable[str] = (), cookie_secret: str | None = None
) -> dict[str, Any]:
    """Keyword arguments for ``pn.serve`` that log users in against the state store.

    Parameters
    ----------
    store : Store
        Holds the users.
    public_paths : iterable of str
        Pages (and their websockets) opened as guest endpoints, without a login.
    cookie_secret : str, optional
        Secret signing the login cookie (``IOC_COOKIE_SECRET``); a random one by default,
        which signs everyone out when the server restarts.

    Returns
    -------
    dict
        ``auth_provider`` (Panel's basic-auth provider with the store's users and offline
        pages) and ``cookie_secret``.
    """
    from panel.auth import BasicAuthProvider, BasicLoginHandler

    class StoreLoginHandler(BasicLoginHandler):
        """Panel's login page, checking the state store's users."""

        def _validate(self, username: str, password: str) -> bool:
            return authenticate(store, username, password) is not None

        def post(self) -> None:
            try:
                super().post()
            except DATABASE_UNAVAILABLE as error:  # not "wrong password": the notice, then the login again
                outage.warn("login", error)
                self.redirect(outage.unavailable_url(self._login_endpoint))

    class StoreAuthProvider(BasicAuthProvider):
        """Panel's basic-auth provider with :class:`StoreLoginHandler` and offline pages."""

        def __init__(self, **params: Any) -> None:
            super().__init__(**params)
            # Panel's own pages load a logo and styles from its CDN; these need nothing.
            self._login_template = _LOGIN_ENV.from_string(LOGIN_PAGE)
            self._logout_template = _LOGIN_ENV.from_string(LOGOUT_PAGE)

        @property
        def login_handler(self) -> type[BasicLoginHandler]:
            StoreLoginHandler._login_endpoint = self._login_endpoint
            StoreLoginHandler._login_template = self._login_template
            return StoreLoginHandler

    guests = [p for path in public_paths for p in (path, f"{path}/ws")]
    return {
        "auth_provider": StoreAuthProvider(guest_endpoints=guests),
        "cookie_secret": cookie_secret or secrets.token_urlsafe(32),
    }
