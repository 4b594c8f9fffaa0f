"""The FastAPI application: Open311 GeoReport v2, the internal incident API, photos.

``create_app(settings)`` builds it; ``ioc api serve`` runs it under uvicorn. The
OpenAPI document is at ``/openapi.json`` (interactive docs at ``/docs``).

Errors never leak a stack trace: under ``/open311`` every error (bad format, missing
field, unknown id, invalid ``api_key``, even an unexpected failure) comes back in the
Open311 error format; under ``/api`` as ``{"detail": ..., "code": ...}``.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ioc.api import internal, open311
from ioc.api.formats import error_response, format_of
from ioc.config import Settings
from ioc.incidents.service import AccessDenied, IncidentInputError, NotFound
from ioc.incidents.workflow import TransitionError
from ioc.store import open_store
from ioc_plugins.feedback.media import photo_path

log = logging.getLogger(__name__)


def _lazy_desk(settings: Settings, store: Any) -> Any:
    """A callable returning the feedback desk, built on first use (imports the plugin lazily)."""
    lock, built = threading.Lock(), []

    def get() -> Any:
        if not built:
            with lock:
                if not built:
                    try:
                        from ioc_plugins.feedback.desk import CitizenDesk
                    except ImportError as error:  # pragma: no cover - the plugin ships with the workbench
                        raise RuntimeError("Open311 cần plugin 'feedback' (pip install -e .)") from error
                    built.append(CitizenDesk.from_settings(settings, store))
        return built[0]

    return get


def create_app(settings: Settings, *, desk: Any | None = None) -> FastAPI:
    """Build the HTTP API for one deployment.

    Parameters
    ----------
    settings
        The deployment (state store, agencies, ``plugins.feedback`` section).
    desk
        A ready :class:`ioc_plugins.feedback.desk.CitizenDesk` (tests pass one with their
        own notifier); built from ``settings`` on first use otherwise.
    """
    app = FastAPI(title="IOC Workbench API", version="1.0",
                  description="Open311 GeoReport v2 cho phản ánh hiện trường và API nội bộ xử lý vụ việc "
                              "(Open311 GeoReport v2 for citizen reports; internal incident API).")
    app.state.settings = settings
    app.state.store = desk.store if desk is not None else open_store(settings.state_url)
    app.state.desk = (lambda: desk) if desk is not None else _lazy_desk(settings, app.state.store)
    app.include_router(open311.router)
    app.include_router(internal.router)
    _install_error_handlers(app)

    @app.get("/", include_in_schema=False)
    def index() -> dict[str, str]:
        return {"name": "IOC Workbench API", "open311": "/open311/v2/services.json", "openapi": "/openapi.json"}

    @app.get("/media/feedback/{name}", include_in_schema=False)
    def photo(name: str) -> Response:
        path = photo_path(settings, name)
        if path is None:
            return JSONResponse({"detail": "Không có ảnh (no such photo)"}, status_code=404)
        return FileResponse(path, media_type="image/jpeg")

    return app


def _is_open311(request: Request) -> bool:
    return request.url.path.startswith("/open311/")


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(open311.Open311Error)
    async def open311_error(request: Request, error: open311.Open311Error) -> Response:
        return error_response(format_of(request.url.path), error.status_code, error.description)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> Response:
        messages = [f"{'.'.join(str(p) for p in e['loc'] if p != 'body')}: {e['msg']}" for e in error.errors()]
        if _is_open311(request):
            return error_response(format_of(request.url.path), 400, messages)
        return JSONResponse({"detail": messages, "code": "invalid_input"}, status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if _is_open311(request):
            description = "Không tìm thấy (not found)" if error.status_code == 404 else str(error.detail)
            return error_response(format_of(request.url.path), error.status_code, description)
        return JSONResponse({"detail": error.detail, "code": "http_error"}, status_code=error.status_code,
                            headers=getattr(error, "headers", None))

    def _json(status: int, code: str, message: str) -> JSONResponse:
        return JSONResponse({"detail": message, "code": code}, status_code=status)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> Response:
        if _is_open311(request):
            return error_response(format_of(request.url.path), 404, str(error))
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

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        if _is_open311(request):
            return error_response(format_of(request.url.path), 500, "Lỗi hệ thống, vui lòng thử lại (internal error)")
        return _json(500, "internal_error", "Lỗi hệ thống (internal error)")
