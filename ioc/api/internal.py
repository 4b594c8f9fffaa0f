"""The internal HTTP API under ``/api``: incidents for IOC staff, agencies and leaders.

Every call here needs ``Authorization: Bearer <token>`` (an API token from ``ioc api
token``; the citizens' public tracking route is the feedback plugin's). What a caller sees and may do follows their roles
(:mod:`ioc.auth`): an agency focal point only sees incidents forwarded to their agency;
domain staff only their domains; personal data is masked without the right. Refusals
are HTTP 403, unknown incidents 404, a step from the wrong state 409.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

from ioc.auth import Principal, principal_for_token
from ioc.incidents.audit import verify_chain
from ioc.incidents.service import AccessDenied, IncidentDraft

router = APIRouter(prefix="/api", tags=["Vụ việc (incidents)"])
_bearer = HTTPBearer(auto_error=False, description="API token (ioc api token USER)")


def current_principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Principal:
    """The caller, from the bearer token; 401 without a valid one."""
    principal = principal_for_token(request.app.state.store, credentials.credentials) if credentials else None
    if principal is None:
        raise HTTPException(
            401,
            "Cần token hợp lệ: Authorization: Bearer <token> (valid API token required)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return principal


Caller = Annotated[Principal, Depends(current_principal)]


def _service(request: Request) -> Any:
    return request.app.state.incident_service()


class TransitionIn(BaseModel):
    """One step of the procedure."""

    model_config = ConfigDict(extra="forbid")
    action: str = Field(description="verify, approve, forward, accept, resolve, close, reopen …", max_length=40)
    comment: str | None = Field(None, max_length=4000, description="Ý kiến / lý do")
    agency: str | None = Field(None, max_length=40, description="Mã cơ quan nhận (forward, dispatch)")
    deadline: datetime | date | None = Field(None, description="Hạn xử lý; mặc định theo SLA của loại vụ việc")


class IncidentIn(BaseModel):
    """An incident entered by IOC staff (or sent by a camera, post or sensor gateway)."""

    model_config = ConfigDict(extra="forbid")
    domain: str = Field(max_length=60)
    category: str = Field(max_length=60)
    title: str = Field(max_length=500)
    description: str = Field("", max_length=5000)
    origin: Literal["staff", "camera", "post", "security"] = "staff"
    severity: Literal["info", "warning", "high", "critical"] = "warning"
    unit_code: str | None = Field(None, max_length=20)
    lon: float | None = Field(None, ge=-180, le=180)
    lat: float | None = Field(None, ge=-90, le=90)
    address: str | None = Field(None, max_length=500)
    suggested_agency: str | None = Field(None, max_length=40)
    source_key: str | None = Field(None, max_length=200)


@router.get("/me", summary="Người dùng hiện tại")
def me(caller: Caller) -> dict[str, Any]:
    return {
        "username": caller.username,
        "roles": list(caller.roles),
        "agency_code": caller.agency_code,
        "domains": list(caller.domains),
    }


@router.get("/incidents", summary="Danh sách vụ việc trong phạm vi của người dùng")
def list_incidents(
    request: Request,
    caller: Caller,
    state: Annotated[list[str] | None, Query(max_length=20)] = None,
    domain: str | None = None,
    category: str | None = None,
    agency: str | None = None,
    hot: bool | None = None,
    citizen_reports: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[dict[str, Any]]:
    return _service(request).list(
        caller,
        state=state,
        domain=domain,
        category=category,
        agency=agency,
        hot=hot,
        citizen_reports=citizen_reports,
        limit=limit,
        offset=offset,
    )


@router.post("/incidents", status_code=201, summary="Tạo vụ việc (cán bộ nhập, camera, cảm biến …)")
def open_incident(body: IncidentIn, request: Request, caller: Caller) -> dict[str, Any]:
    service = _service(request)
    incident = service.open_incident(IncidentDraft(**body.model_dump()), caller)
    return service.get(incident.id, caller)


@router.post("/alerts/{alert_id}/incident", status_code=201, summary="Mở vụ việc từ một cảnh báo")
def open_from_alert(alert_id: int, request: Request, caller: Caller) -> dict[str, Any]:
    service = _service(request)
    return service.get(service.open_from_alert(alert_id, caller).id, caller)


@router.get("/incidents/{incident_id}", summary="Chi tiết vụ việc")
def get_incident(incident_id: int, request: Request, caller: Caller) -> dict[str, Any]:
    return _service(request).get(incident_id, caller)


@router.get("/incidents/{incident_id}/history", summary="Lịch sử xử lý (nhật ký)")
def incident_history(incident_id: int, request: Request, caller: Caller) -> list[dict[str, Any]]:
    return _service(request).history(incident_id, caller)


@router.post("/incidents/{incident_id}/transitions", summary="Thực hiện một bước xử lý")
def transition(incident_id: int, body: TransitionIn, request: Request, caller: Caller) -> dict[str, Any]:
    service = _service(request)
    service.transition(
        incident_id, body.action, caller, comment=body.comment, agency=body.agency, deadline=body.deadline
    )
    return service.get(incident_id, caller)


@router.post("/incidents/escalate", summary="Báo cáo vụ việc quá hạn (IOC lead, sysadmin)")
def escalate(request: Request, caller: Caller) -> dict[str, Any]:
    if not caller.has("ioc_lead", "ioc_deputy", "sysadmin"):
        raise AccessDenied("Chỉ lãnh đạo IOC hoặc quản trị hệ thống (IOC lead or sysadmin only)")
    notes = _service(request).escalate_overdue()
    return {"escalated": [n.context["incident_code"] for n in notes]}


@router.get("/command", summary="Màn hình chỉ huy: vụ việc nóng, nhạy cảm")
def command(request: Request, caller: Caller) -> list[dict[str, Any]]:
    return _service(request).command_incidents(caller)


@router.get("/audit/verify", summary="Kiểm tra chuỗi băm nhật ký (sysadmin, IOC lead)")
def audit_verify(request: Request, caller: Caller) -> dict[str, Any]:
    if not caller.has("sysadmin", "ioc_lead"):
        raise AccessDenied("Chỉ quản trị hệ thống hoặc tổ trưởng IOC (sysadmin or IOC lead only)")
    problems = verify_chain(request.app.state.store)
    return {"intact": not problems, "problems": problems}
