"""The domain's HTTP routes, contributed to ``ioc api serve`` through the plugin contract.

- ``POST /api/public-admin/lookup`` (public): a citizen looks up a dossier by its code and
  the last 4 digits of the phone number; the answer has no personal data, a wrong code and
  a wrong phone get the same 404 after the same minimum time, and each client is limited to
  ``lookup_per_minute`` look-ups (429 beyond);
- ``GET /api/public-admin/index766`` (staff): the Decision 766 index of a period.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from ioc.api.app import Caller
from ioc.datalayer import DataLayer
from ioc.incidents.service import AccessDenied
from ioc_plugins.public_admin import index766
from ioc_plugins.public_admin.config import public_admin_config
from ioc_plugins.public_admin.lookup import NOT_FOUND, RATE_LIMITED, RateLimiter, answer_no_faster_than, lookup

LIMITER = "public_admin.lookup_limiter"
LAYER = "public_admin.datalayer"
router = APIRouter()


def install(app: FastAPI) -> None:
    """Add the routes; the rate limiter and the data layer are built once per application."""
    options = public_admin_config(app.state.settings)
    limiter = RateLimiter(options.lookup_per_minute)
    app.state.services.setdefault(LIMITER, lambda: limiter)
    layers: list[DataLayer] = []

    def layer() -> DataLayer:
        if not layers:
            layers.append(DataLayer(app.state.settings))
        return layers[0]

    app.state.services.setdefault(LAYER, layer)
    app.include_router(router)


class LookupRequest(BaseModel):
    """A citizen's look-up: dossier code and the last 4 digits of the phone number."""

    code: str = Field(..., max_length=60, description="Mã hồ sơ")
    phone_last4: str = Field(..., min_length=4, max_length=4, pattern=r"^\d{4}$", description="4 số cuối điện thoại")


@router.post("/api/public-admin/lookup", tags=["Công dân (public)"], summary="Tra cứu hồ sơ TTHC")
def lookup_dossier(body: LookupRequest, request: Request) -> Any:
    services = request.app.state.services
    client = request.client.host if request.client else "?"
    if not services[LIMITER]().allow(client):
        return JSONResponse({"detail": RATE_LIMITED, "code": "rate_limited"}, status_code=429)
    layer = services[LAYER]()
    seconds = public_admin_config(request.app.state.settings).lookup_min_seconds
    view = answer_no_faster_than(seconds, lambda: lookup(layer, body.code, body.phone_last4))
    if view is None:
        return JSONResponse({"detail": NOT_FOUND, "code": "not_found"}, status_code=404)
    return view


@router.get("/api/public-admin/index766", tags=["Hành chính công"], summary="Bộ chỉ số 766 theo kỳ")
def index(
    request: Request,
    caller: Caller,
    year: int,
    kind: Literal["month", "quarter", "6months", "9months", "year"] = "year",
    index: int = 1,
    by: Literal["agency_code", "unit_code"] = "agency_code",
) -> Any:
    if not (caller.has("ioc_lead", "ioc_deputy", "leader", "sysadmin", "focal_point") or caller.has("domain_staff")):
        raise AccessDenied("Không có quyền xem Bộ chỉ số 766")
    table = index766.index_for(request.app.state.services[LAYER](), kind, year, index, by=by)
    if caller.has("focal_point") and not caller.has("ioc_lead", "ioc_deputy", "leader", "sysadmin"):
        table = table[table["entity"] == caller.agency_code]  # an agency sees its own scores only
    return table.astype(object).where(table.notna(), None).to_dict(orient="records")
