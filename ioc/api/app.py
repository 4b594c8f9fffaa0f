"""The FastAPI application: the internal incident API, and every plugin's routes.

``create_app(settings)`` builds it; ``ioc api serve`` runs it under uvicorn. The
OpenAPI document is at ``/openapi.json`` (interactive docs at ``/docs``). Plugins add
their routes through ``Plugin.routes`` (``"module:install"`` callables that receive the
application), as the feedback plugin adds Open311 GeoReport v2.

Errors never leak a stack trace: under ``/api`` they come back as
``{"detail": ..., "code": ...}``; a plugin may claim a path prefix with its own error
format (:func:`register_error_format`; Open311's ``[{"code", "description"}]``).

Public (anonymous) requests are rate-limited per client address
(``api_rate_limit_per_minute``): over the limit they get 429 with ``Retry-After``, in the
path's error format; authenticated staff calls are not limited.

A request that meets a lost state store (PostgreSQL restarted, network cut, pool
exhausted) gets **503** with ``Retry-After`` in the error format of its path, and one
log line without a stack trace; the engine checks pooled connections before use
(``pool_pre_ping``), so the first request after the database is back succeeds.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy import exc as sa_exc
from starlette.exceptions import HTTPException as StarletteHTTPException

from ioc.api import internal
from ioc.api.internal import Caller
from ioc.config import Settings
from ioc.incidents.service import AccessDenied, IncidentInputError, IncidentService, NotFound, notifier_from_settings
from ioc.incidents.workflow import TransitionError
from ioc.plugins import Registry, registry, resolve
from ioc.store import Store, open_store

__all__ = ["Caller", "ErrorFormat", "create_app", "register_error_format"]

log = logging.getLogger(__name__)

RETRY_AFTER_S = 5
"""Seconds a client is asked to wait after a 503 (project choice: a PostgreSQL fast
restart or fail-over takes a few seconds)."""

UNAVAILABLE_VI = "Hệ thống tạm thời gián đoạn, vui lòng thử lại sau ít giây (service temporarily unavailable)"

ErrorFormat = Callable[[Request, int, list[str]], Response]
"""Builds the error body for a path prefix: ``(request, status, messages) -> Response``."""


def create_app(
    settings: Settings,
    *,
    store: Store | None = None,
    plugins: Registry | None = None,
    services: Mapping[str, Callable[[], Any]] | None = None,
) -> FastAPI:
    """Build the HTTP API for one deployment.

    Parameters
    ----------
    settings
        The deployment (state store, agencies, plugin sections).
    store
        The state store; opened from ``settings`` when not given.
    plugins
        The plugins whose routes are installed; the installed ones by default.
    services
        Ready-made services by name (``"feedback.desk"``: a callable returning the citizen
        desk); tests pass services with their own notifier. Plugins build theirs otherwise.
    """
    app = FastAPI(
        title="IOC Workbench API",
        version="1.0",
        description="API nội bộ xử lý vụ việc và các giao diện của từng lĩnh vực, "
        "ví dụ Open311 GeoReport v2 cho phản ánh hiện trường "
        "(internal incident API and each domain's routes, e.g. Open311 GeoReport v2).",
    )
    app.state.settings = settings
    app.state.store = store or open_store(settings.state_url)
    app.state.services = dict(services or {})
    app.state.error_formats = []
    default_service = IncidentService(app.state.store, settings=settings, notifier=notifier_from_settings(settings))
    app.state.incident_service = lambda: default_service
    app.include_router(internal.router)
    _install_error_handlers(app)
    _install_rate_limit(app, settings.api_rate_limit_per_minute)
    for plugin in plugins if plugins is not None else registry():
        for target in plugin.routes:
            resolve(target)(app)

    @app.get("/", include_in_schema=False)
    def index() -> dict[str, Any]:
        return {
            "name": "IOC Workbench API",
            "openapi": "/openapi.json",
            "routes": sorted({route.path.split("/")[1] for route in app.routes if hasattr(route, "path")}),
        }

    return app


def register_error_format(app: FastAPI, prefix: str, build: ErrorFormat) -> None:
    """Answer every error under the path ``prefix`` with ``build`` (a plugin's own error format)."""
    app.state.error_formats.append((prefix, build))


def _error_format(request: Request) -> ErrorFormat | None:
    for prefix, build in request.app.state.error_formats:
        if request.url.path.startswith(prefix):
            return build
    return None


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> Response:
        messages = [f"{'.'.join(str(p) for p in e['loc'] if p != 'body')}: {e['msg']}" for e in error.errors()]
        if build := _error_format(request):
            return build(request, 400, messages)
        return JSONResponse({"detail": messages, "code": "invalid_input"}, status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if build := _error_format(request):
            description = "Không tìm thấy (not found)" if error.status_code == 404 else str(error.detail)
            return build(request, error.status_code, [description])
        return JSONResponse(
            {"detail": error.detail, "code": "http_error"},
            status_code=error.status_code,
            headers=getattr(error, "headers", None),
        )

    def _json(status: int, code: str, message: str) -> JSONResponse:
        return JSONResponse({"detail": message, "code": code}, status_code=status)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> Response:
        if build := _error_format(request):
            return build(request, 404, [str(error)])
        return _json(404, "not_found", str(error))

    @app.exception_handler(AccessDenied)
    async def denied(request: Request, error: AccessDenied) -> Response:
        return _json(403, "forbidden", str(error))

    @app.exception_handler(IncidentInputError)
    async def bad_input(request: Request, error: IncidentInputError) -> Response:
        return _json(400, "invalid_input", str(error))

    @app.exception_handler(TransitionError)
    async def bad_step(request: Request, error: TransitionError) -> Response:
        status = {"wrong_state": 409, "role_not_allowed": 403}.get(error.code, 400)
        return _json(status, error.code, error.message_vi)

    @app.exception_handler(sa_exc.OperationalError)
    @app.exception_handler(sa_exc.InterfaceError)
    @app.exception_handler(sa_exc.DisconnectionError)
    @app.exception_handler(sa_exc.TimeoutError)
    @app.exception_handler(sa_exc.PendingRollbackError)
    async def database_unavailable(request: Request, error: Exception) -> Response:
        # handled here (not by the catch-all) so Starlette does not re-raise it into the
        # server log as a stack trace: a lost database is an operational state, not a bug
        log.warning("state store unavailable on %s: %s", request.url.path, type(error).__name__)
        if build := _error_format(request):
            response = build(request, 503, [UNAVAILABLE_VI])
        else:
            response = _json(503, "unavailable", UNAVAILABLE_VI)
        response.headers["Retry-After"] = str(RETRY_AFTER_S)
        return response

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        if build := _error_format(request):
            return build(request, 500, ["Lỗi hệ thống, vui lòng thử lại (internal error)"])
        return _json(500, "internal_error", "Lỗi hệ thống (internal error)")


class RateLimiter:
    """A sliding one-minute window of request times per key (thread-safe, memory bounded
    by the number of keys seen within the last minute)."""

    def __init__(self, per_minute: int, window_s: float = 60.0) -> None:
        self.per_minute = per_minute
        self.window_s = window_s
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, key: str, now: float | None = None) -> float | None:
        """Record a request; ``None`` when allowed, else the seconds until one is."""
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] >= self.window_s:
                hits.popleft()
            if len(hits) >= self.per_minute:
                return self.window_s - (now - hits[0])
            hits.append(now)
            if len(self._hits) > 10_000:  # forget idle clients
                for idle in [k for k, v in self._hits.items() if not v or now - v[-1] >= self.window_s]:
                    del self._hits[idle]
            return None


RATE_LIMITED_VI = "Quá nhiều yêu cầu, vui lòng thử lại sau (too many requests)"


def _install_rate_limit(app: FastAPI, per_minute: int) -> None:
    if per_minute <= 0:
        return
    limiter = RateLimiter(per_minute)
    app.state.rate_limiter = limiter

    @app.middleware("http")
    async def rate_limit(request: Request, call_next: Callable[..., Any]) -> Response:
        if "authorization" in request.headers:  # staff and agencies: authenticated, not limited here
            return await call_next(request)
        client = request.client.host if request.client else "unknown"
        wait = limiter.retry_after(client)
        if wait is None:
            return await call_next(request)
        if build := _error_format(request):
            response = build(request, 429, [RATE_LIMITED_VI])
        else:
            response = JSONResponse({"detail": RATE_LIMITED_VI, "code": "rate_limited"}, status_code=429)
        response.headers["Retry-After"] = str(max(1, math.ceil(wait)))
        return response
