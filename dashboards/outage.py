"""Served dashboards while the state store's database is away: say so, keep the page, lose nothing.

PostgreSQL may stop or restart under a running ``ioc serve`` (maintenance, a fail-over).
The store's engine pings pooled connections before use, so the first query after the
database is back succeeds; this module makes the time in between orderly:

* an **open page** stays up with the data it shows; its live refresh
  (:meth:`dashboards.base.BaseDashboard.refresh`) finds the database away, raises
  ``store_down`` (a red notice in the header) and tries again at its next tick; once the
  database answers the notice goes and every view is drawn again;
* a **click or filter** that needs the database meanwhile is caught by
  :func:`exception_handler` (Panel's ``config.exception_handler``): the same notice, a
  warning line in the log, no stack trace; an action reports that it was *not* saved
  (e.g. :meth:`dashboards.feedback.FeedbackDashboard.take_step`), so nothing is lost
  silently and the user repeats it once the database is back;
* a **page opened** meanwhile gets a notice instead of an error: the login check redirects
  to ``/unavailable`` (:class:`UnavailableHandler`, HTTP 503 with ``Retry-After``), which
  reloads the page asked for every few seconds; a page whose session cannot be built is
  replaced by :func:`unavailable_page`, which reloads itself the same way.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from html import escape
from typing import Any
from urllib.parse import quote

import panel as pn
import param
from panel.reactive import ReactiveHTML
from tornado.web import RequestHandler

from dashboards import theme
from dashboards.i18n import register_texts, translate
from ioc.store import DATABASE_UNAVAILABLE

log = logging.getLogger(__name__)

#: Seconds before a page shown during an outage asks again.
RETRY_S = 5
#: Where the login check sends a page request while the database is away.
UNAVAILABLE_PATH = "/unavailable"

register_texts(
    {
        "vi": {
            "store_down": "Cơ sở dữ liệu tạm thời không truy cập được: số liệu có thể chưa mới, "
            "thao tác lúc này chưa được lưu. Hệ thống đang tự thử lại.",
            "store_down_page": "Hệ thống tạm thời gián đoạn: cơ sở dữ liệu tạm thời không truy cập được. "
            "Trang sẽ tự tải lại sau {s} giây.",
            "store_down_action": "Thao tác chưa được lưu: cơ sở dữ liệu tạm thời không truy cập được. "
            "Vui lòng thử lại sau ít giây.",
            "store_down_report": "Phản ánh chưa được gửi: hệ thống tạm thời gián đoạn. "
            "Vui lòng bấm gửi lại sau ít giây.",
        },
        "en": {
            "store_down": "The database is temporarily unreachable: figures may be out of date and "
            "actions are not saved now. Retrying by itself.",
            "store_down_page": "Service temporarily interrupted: the database is unreachable. "
            "This page reloads itself in {s} seconds.",
            "store_down_action": "Not saved: the database is temporarily unreachable. Please try again shortly.",
            "store_down_report": "Your report was not sent: the service is temporarily interrupted. "
            "Please send it again shortly.",
        },
    }
)

# the dashboards of each served document (the wall shows several in one), weakly held
_SESSIONS: weakref.WeakKeyDictionary[Any, weakref.WeakSet[Any]] = weakref.WeakKeyDictionary()


def register(document: Any, dashboard: Any) -> None:
    """Remember that ``dashboard`` (which has a ``store_down`` parameter) is shown in ``document``."""
    if document is not None:
        _SESSIONS.setdefault(document, weakref.WeakSet()).add(dashboard)


def mark_down(document: Any) -> None:
    """Raise the notice on every dashboard of ``document`` (its next refresh lowers it)."""
    for dashboard in list(_SESSIONS.get(document, ())) if document is not None else []:
        dashboard.store_down = True


def warn(where: str, error: BaseException) -> None:
    """One log line for an outage (a known operational state: no stack trace)."""
    log.warning("state store unavailable (%s): %s", where, type(error).__name__)


def exception_handler(error: BaseException) -> None:
    """Panel's ``config.exception_handler``: a lost database is a notice; anything else is raised as before."""
    if isinstance(error, DATABASE_UNAVAILABLE):
        warn("dashboard event", error)
        mark_down(pn.state.curdoc)
        return
    raise error


def unavailable_url(path: str) -> str:
    """``/unavailable?next=<path>``: the notice page that comes back to ``path``."""
    return f"{UNAVAILABLE_PATH}?next={quote(path or '/', safe='/')}"


def guard_authorize(authorize: Callable[[Any, str], Any]) -> Callable[[Any, str], Any]:
    """Wrap a Panel ``authorize_callback``: while the database is away, send the page to the notice.

    The user cannot be checked then, so nothing is shown but the notice (never the page).
    """

    def guarded(user_info: Any, request_path: str) -> Any:
        try:
            return authorize(user_info, request_path)
        except DATABASE_UNAVAILABLE as error:
            warn(f"login check of {request_path}", error)
            return unavailable_url(request_path)

    return guarded


def _safe_next(value: str | None) -> str:
    """Only a path of this server (no ``//host`` or scheme: not an open redirect)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


class UnavailableHandler(RequestHandler):
    """``GET /unavailable?next=/page``: 503 with ``Retry-After``, a notice, and a reload of ``next``."""

    language = "vi"

    def get(self) -> None:
        target = _safe_next(self.get_argument("next", "/"))
        text = translate("store_down_page", self.language, s=RETRY_S)
        self.set_status(503)
        self.set_header("Retry-After", str(RETRY_S))
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(
            f'<!doctype html><html lang="{escape(self.language)}"><head><meta charset="utf-8">'
            f'<meta http-equiv="refresh" content="{RETRY_S};url={escape(target, quote=True)}">'
            f'<title>IOC</title></head><body style="font-family:sans-serif;margin:3em">'
            f'<p id="store-down">{escape(text)}</p></body></html>'
        )


class Reloader(ReactiveHTML):
    """Reloads the page after ``delay_s`` seconds (the page shown while the database is away)."""

    delay_s = param.Integer(default=RETRY_S, doc="Seconds before the reload.")

    _template = '<div id="reloader" style="display:none"></div>'
    _scripts = {"render": "setTimeout(() => window.location.reload(), data.delay_s * 1000);"}  # noqa: RUF012


def unavailable_page(language: str, dark: bool = False) -> Any:
    """The page a session gets when its dashboard cannot be built now (it reloads itself)."""
    text = translate("store_down_page", language, s=RETRY_S)
    return theme.make_template(
        "IOC",
        sidebar=[],
        main=[theme.html_pane(f'<p id="store-down">{escape(text)}</p>', name="store-down"), Reloader()],
        dark=dark,
    )


def guard_session(make: Callable[[], Any], language: str, dark: bool = False) -> Callable[[], Any]:
    """Wrap a Panel app factory: the notice page instead of an error while the database is away."""

    def guarded() -> Any:
        try:
            return make()
        except DATABASE_UNAVAILABLE as error:
            warn("new page", error)
            return unavailable_page(language, dark)

    return guarded
