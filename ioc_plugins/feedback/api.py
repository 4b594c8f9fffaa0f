"""The feedback domain's HTTP routes, contributed to ``ioc api serve`` through the plugin contract.

:func:`install` (named in ``Plugin.routes``) adds to the host's FastAPI application:

- Open311 GeoReport v2 under ``/open311/v2`` and its service discovery document
  ``/open311/discovery.json|xml`` (:mod:`.open311`), with every error under ``/open311/``
  answered in the Open311 error format;
- the citizen's tracking page ``/api/track/{code}``, report statistics
  ``/api/feedback/statistics`` and report photos ``/media/feedback/{name}``.

The citizen desk (categories, routing, duplicates) is built on first use; a test or an
embedding application may hand a ready one in ``create_app(..., services={"feedback.desk": desk})``.
The desk's incident service, which knows the categories' SLAs, becomes the application's
incident service, so incidents opened or forwarded through ``/api`` get the same deadlines.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, Response

from ioc.api.app import Caller, register_error_format
from ioc.incidents.service import AccessDenied
from ioc_plugins.feedback import open311
from ioc_plugins.feedback.desk import CitizenDesk
from ioc_plugins.feedback.media import photo_path
from ioc_plugins.feedback.open311_formats import error_response, format_of
from ioc_plugins.feedback.stats import export_bytes, report_statistics

DESK = "feedback.desk"
router = APIRouter()


def install(app: FastAPI) -> None:
    """Add the feedback routes, the Open311 error format and the desk to ``app``."""
    app.state.services.setdefault(DESK, _lazy_desk(app))
    app.state.incident_service = lambda: app.state.services[DESK]().service
    app.include_router(open311.router)
    app.include_router(open311.discovery_router)
    app.include_router(router)
    register_error_format(
        app,
        "/open311/",
        lambda request, status, messages: error_response(format_of(request.url.path), status, messages),
    )

    @app.exception_handler(open311.Open311Error)
    async def open311_error(request: Request, error: open311.Open311Error) -> Response:
        return error_response(format_of(request.url.path), error.status_code, error.description)


def _lazy_desk(app: FastAPI) -> Callable[[], CitizenDesk]:
    """A callable returning the desk, built once on first use (startup stays fast)."""
    lock, built = threading.Lock(), []

    def get() -> CitizenDesk:
        if not built:
            with lock:
                if not built:
                    built.append(CitizenDesk.from_settings(app.state.settings, app.state.store))
        return built[0]

    return get


def desk_of(request: Request) -> CitizenDesk:
    """The citizen desk of the application serving ``request``."""
    return request.app.state.services[DESK]()


@router.get("/api/track/{tracking_code}", tags=["Công dân (public)"], summary="Tra cứu tiến độ phản ánh bằng mã")
def track(tracking_code: str, request: Request) -> dict[str, Any]:
    return desk_of(request).public_status(tracking_code)


@router.get("/api/feedback/statistics", tags=["Phản ánh hiện trường"], summary="Thống kê phản ánh")
def statistics(
    request: Request,
    caller: Caller,
    by: Literal["category", "unit_code", "agency_code", "channel", "month"] = "category",
    start: date | None = None,
    end: date | None = None,
    format: Literal["json", "csv", "xlsx"] = "json",
) -> Any:
    agency = None
    if caller.has("ioc_lead", "ioc_deputy", "leader", "sysadmin") or (
        caller.has("domain_staff") and caller.covers_domain("feedback")
    ):
        pass
    elif caller.has("focal_point") and caller.agency_code:
        agency = caller.agency_code  # an agency sees its own figures only
    else:
        raise AccessDenied("Không có quyền xem thống kê phản ánh (feedback domain only)")
    names = {a.code: a.name for a in request.app.state.settings.site.agencies}
    frame = report_statistics(request.app.state.store, by=by, start=start, end=end, agency=agency, agency_names=names)
    if format == "json":  # NaN (no resolved report yet) is not JSON: send null
        return frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
    data, media_type = export_bytes(frame, format)
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="thong-ke-phan-anh-{by}.{format}"'},
    )


@router.get("/media/feedback/{name}", include_in_schema=False)
def photo(name: str, request: Request) -> Response:
    path = photo_path(request.app.state.settings, name)
    if path is None:
        return JSONResponse({"detail": "Không có ảnh (no such photo)"}, status_code=404)
    return FileResponse(path, media_type="image/jpeg")
