"""Open311 GeoReport v2 under ``/open311/v2`` (citizen reports of the feedback domain).

Endpoints (each as ``.json`` and ``.xml``): ``services``, ``services/{code}``
(definition), ``requests`` (GET list with filters, POST a new report with ``api_key``),
``requests/{id}`` and ``tokens/{token}``. ``service_request_id`` is the report's public
tracking code. Public answers never carry personal data: no reporter fields, the address
without house numbers, phone numbers and e-mails in the text masked, coordinates rounded
to about 100 m.

Decisions on the spec's loose ends: ``status`` is ``open`` or ``closed`` (closed once
resolved, closed or dismissed; the detail is in ``status_notes``); ``lat``/``long`` are
numbers in JSON and strings in XML; a request body must be form-encoded (or multipart
with an optional ``media`` photo) — JSON bodies are refused with a clear 400, as some
published examples are not even valid JSON; every error uses the standard
``[{"code", "description"}]`` / ``<errors>`` body.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from ioc.auth import Principal, mask_address, principal_for_token, scrub_text
from ioc.config import site_zone
from ioc.incidents.models import FINISHED_STATES, Incident
from ioc.incidents.service import IncidentInputError
from ioc.incidents.workflow import STATE_LABELS_VI
from ioc_plugins.feedback.media import MediaError, save_photo
from ioc_plugins.feedback.open311_formats import FORMATS, respond

router = APIRouter(prefix="/open311/v2", tags=["Open311 GeoReport v2"])
MAX_RESULTS = 1000
DEFAULT_DAYS = 90
_REPORT_FIELDS = (
    "service_code",
    "lat",
    "long",
    "address_string",
    "address_id",
    "email",
    "device_id",
    "account_id",
    "first_name",
    "last_name",
    "phone",
    "description",
    "media_url",
    "api_key",
    "jurisdiction_id",
    "national_id",
)


class Open311Error(Exception):
    """An error answered in the Open311 error format."""

    def __init__(self, status_code: int, description: str) -> None:
        super().__init__(description)
        self.status_code, self.description = status_code, description


def _check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Open311Error(400, f"Định dạng không hỗ trợ {fmt!r}; dùng .json hoặc .xml (format must be json or xml)")
    return fmt


def _w3c(value: datetime | None) -> str | None:
    if value is None:
        return None
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value
    return value.astimezone(site_zone()).isoformat(timespec="seconds")


def _desk(request: Request) -> Any:
    return request.app.state.services["feedback.desk"]()


# --------------------------------------------------------------------------- services
def _service_record(category: Any) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": bool(category.attributes),
        "type": "realtime",
        "keywords": list(category.keywords),
        "group": category.group,
    }


@router.get("/services.{fmt}", summary="Danh sách loại phản ánh (GET Service List)")
def services(fmt: str, request: Request) -> Response:
    fmt = _check_format(fmt)
    payload = [_service_record(c) for c in _desk(request).categories.values()]
    return respond(fmt, payload, root="services", item="service")


@router.get("/services/{service_code}.{fmt}", summary="Định nghĩa một loại phản ánh (GET Service Definition)")
def service_definition(service_code: str, fmt: str, request: Request) -> Response:
    fmt = _check_format(fmt)
    category = _desk(request).categories.get(service_code)
    if category is None:
        raise Open311Error(404, f"Không có loại phản ánh (service_code not found) {service_code!r}")
    attributes = [
        {
            "variable": True,
            "code": a.code,
            "datatype": a.datatype,
            "required": a.required,
            "datatype_description": "",
            "order": a.order,
            "description": a.description,
            "values": [{"key": key, "name": name} for key, name in a.values],
        }
        for a in category.attributes
    ]
    return respond(fmt, {"service_code": category.code, "attributes": attributes}, root="service_definition", item=None)


# --------------------------------------------------------------------------- requests
def _media(url: str | None, base_url: str) -> str | None:
    if not url:
        return None
    if url.startswith("/media/"):  # stored by this server: make it absolute
        return base_url.rstrip("/") + url
    return url if url.startswith(("http://", "https://")) else None


def public_request(
    incident: Incident, desk: Any, fmt: str, primary: Incident | None = None, base_url: str = ""
) -> dict[str, Any]:
    """One request as the public sees it (no personal data)."""
    source = primary or incident
    category = desk.categories.get(incident.category)
    notes = STATE_LABELS_VI.get(source.state, source.state)
    if source.public_note:
        notes += f": {scrub_text(source.public_note)}"
    if primary is not None:
        notes += f" (gộp vào phản ánh {primary.tracking_code})"
    lat = None if incident.lat is None else round(incident.lat, 3)
    lon = None if incident.lon is None else round(incident.lon, 3)
    return {
        "service_request_id": incident.tracking_code,
        "status": "closed" if source.state in FINISHED_STATES else "open",
        "status_notes": notes,
        "service_name": category.name if category else incident.category,
        "service_code": incident.category,
        "description": scrub_text(incident.description or ""),
        "agency_responsible": desk.service._agency_name(source.agency_code) or None,
        "service_notice": None,
        "requested_datetime": _w3c(incident.received_at),
        "updated_datetime": _w3c(source.updated_at),
        "expected_datetime": _w3c(desk.service.expected_by(source)),
        "address": mask_address(incident.address),
        "address_id": None,
        "zipcode": None,
        "lat": (str(lat) if lat is not None else None) if fmt == "xml" else lat,
        "long": (str(lon) if lon is not None else None) if fmt == "xml" else lon,
        "media_url": _media(incident.media_url, base_url),
    }


def _public_list(request: Request, incidents: list[Incident], fmt: str) -> list[dict[str, Any]]:
    desk = _desk(request)
    primaries = {i.duplicate_of for i in incidents if i.duplicate_of}
    loaded = {pid: desk.service.load(pid) for pid in primaries}
    return [public_request(i, desk, fmt, loaded.get(i.duplicate_of), str(request.base_url)) for i in incidents]


def _parse_w3c(name: str, value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise Open311Error(
            400, f"{name}: thời điểm không hợp lệ {value!r} (W3C format, e.g. 2026-03-01T08:00:00+07:00)"
        ) from None
    return parsed.replace(tzinfo=site_zone()) if parsed.tzinfo is None else parsed


@router.get("/requests.{fmt}", summary="Tra cứu phản ánh (GET Service Requests)")
def list_requests(fmt: str, request: Request) -> Response:

    fmt = _check_format(fmt)
    desk, params = _desk(request), request.query_params
    query = select(Incident).where(Incident.tracking_code.is_not(None))
    if params.get("service_request_id"):
        codes = [c.strip().upper() for c in params["service_request_id"].split(",") if c.strip()]
        query = query.where(Incident.tracking_code.in_(codes))
    else:
        end = _parse_w3c("end_date", params.get("end_date")) or datetime.now(UTC)
        start = _parse_w3c("start_date", params.get("start_date")) or end - timedelta(days=DEFAULT_DAYS)
        if start > end:
            raise Open311Error(400, "start_date phải trước end_date (start_date must be before end_date)")
        query = query.where(Incident.received_at >= start, Incident.received_at <= end)
        if params.get("service_code"):
            query = query.where(Incident.category.in_([c.strip() for c in params["service_code"].split(",")]))
        if params.get("status"):
            wanted = {s.strip().lower() for s in params["status"].split(",")}
            if not wanted <= {"open", "closed"}:
                raise Open311Error(400, "status chỉ nhận open hoặc closed (status must be open or closed)")
            if wanted == {"open"}:
                query = query.where(Incident.state.not_in(FINISHED_STATES))
            elif wanted == {"closed"}:
                query = query.where(Incident.state.in_(FINISHED_STATES))
    query = query.order_by(Incident.received_at.desc()).limit(MAX_RESULTS)
    with desk.store.session() as session:
        incidents = list(session.scalars(query))
    return respond(fmt, _public_list(request, incidents, fmt), root="service_requests", item="request")


@router.get("/requests/{service_request_id}.{fmt}", summary="Một phản ánh (GET Service Request)")
def get_request(service_request_id: str, fmt: str, request: Request) -> Response:
    fmt = _check_format(fmt)
    desk = _desk(request)
    incident = desk.service.find(tracking_code=service_request_id)
    if incident is None:
        raise Open311Error(404, f"Không tìm thấy phản ánh có mã {service_request_id!r} (service request not found)")
    return respond(fmt, _public_list(request, [incident], fmt), root="service_requests", item="request")


@router.get("/tokens/{token}.{fmt}", summary="Mã phản ánh từ token (GET request_id from token)")
def request_id_from_token(token: str, fmt: str, request: Request) -> Response:
    fmt = _check_format(fmt)
    incident = _desk(request).service.find(token=token)
    if incident is None:
        raise Open311Error(404, f"Không tìm thấy token {token!r} (token not found)")
    return respond(
        fmt, [{"service_request_id": incident.tracking_code, "token": token}], root="service_requests", item="request"
    )


# --------------------------------------------------------------------------- POST
async def _form(request: Request) -> tuple[dict[str, str], UploadFile | None]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        raise Open311Error(
            400,
            "Nội dung phải ở dạng form (application/x-www-form-urlencoded hoặc multipart/form-data), "
            f"không phải {content_type or 'trống'!r}",
        )
    try:
        form = await request.form(max_files=1, max_fields=200)
    except Exception as error:  # noqa: BLE001 - any parse failure of the body is the client's
        raise Open311Error(400, f"Không đọc được nội dung form (malformed form body): {error}") from None
    fields, media = {}, None
    for key, value in form.multi_items():
        if isinstance(value, UploadFile | bytes) or hasattr(value, "filename"):
            if key != "media":
                raise Open311Error(400, f"Chỉ nhận tệp ở trường 'media' (file only in 'media'), không phải {key!r}")
            media = value
        else:
            fields[key] = value
    if not fields and media is None:
        raise Open311Error(400, "Nội dung form trống hoặc hỏng (empty or malformed form body)")
    return fields, media


def _number(fields: dict[str, str], name: str) -> float | None:
    raw = (fields.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        raise Open311Error(400, f"{name}: không phải số {raw!r} (not a number)") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise Open311Error(400, f"{name}: không phải số hữu hạn (not a finite number)")
    return value


def _intake_principal(request: Request, api_key: str | None) -> Principal:
    principal = principal_for_token(request.app.state.store, api_key) if api_key else None
    if principal is None:
        raise Open311Error(403, "api_key không hợp lệ, không thể tạo phản ánh (invalid api_key)")
    allowed = principal.has("intake_client", "ioc_lead", "ioc_deputy") or (
        principal.has("domain_staff") and principal.covers_domain("feedback")
    )
    if not allowed:
        raise Open311Error(403, "api_key không có quyền tạo phản ánh (api_key may not create requests)")
    return principal


@router.post(
    "/requests.{fmt}",
    summary="Gửi phản ánh (POST Service Request)",
    status_code=201,
    description="Form-encoded: api_key, service_code, lat + long hoặc address_string, description, email, "
    "phone, first_name, last_name, media_url, attribute[code]; multipart: thêm ảnh 'media'.",
)
async def create_request(fmt: str, request: Request) -> Response:
    fmt = _check_format(fmt)
    try:
        return await _create_request(fmt, request)
    finally:
        # closes the parsed form's uploaded photo (a temporary file): Starlette only closes
        # forms it parsed itself, and this one was read with request.form()
        await request.close()


async def _create_request(fmt: str, request: Request) -> Response:
    fields, media = await _form(request)
    principal = _intake_principal(request, fields.get("api_key") or request.query_params.get("api_key"))
    desk = _desk(request)
    if not (fields.get("service_code") or "").strip():
        raise Open311Error(400, "service_code: thiếu loại phản ánh (service_code is required)")
    attributes = {
        k[len("attribute[") : -1]: v for k, v in fields.items() if k.startswith("attribute[") and k.endswith("]")
    }
    unknown = set(fields) - set(_REPORT_FIELDS) - {f"attribute[{k}]" for k in attributes}
    if unknown:
        raise Open311Error(400, f"Tham số không hỗ trợ (unsupported parameters): {', '.join(sorted(unknown))}")
    name = " ".join(filter(None, [(fields.get("last_name") or "").strip(), (fields.get("first_name") or "").strip()]))
    report = desk.make_report(
        category=fields["service_code"].strip(),
        description=fields.get("description") or "",
        channel="app" if principal.has("intake_client") and fields.get("device_id") else "open311",
        lat=_number(fields, "lat"),
        lon=_number(fields, "long"),
        address=fields.get("address_string"),
        name=name or None,
        phone=fields.get("phone"),
        email=fields.get("email"),
        national_id=fields.get("national_id"),
        media_url=fields.get("media_url"),
        attributes=attributes,
    )
    if media is not None and getattr(media, "filename", ""):
        try:
            report.media_url = save_photo(request.app.state.settings, await media.read())
        except MediaError as error:
            raise Open311Error(400, str(error)) from None
    try:  # the desk touches the database (and maybe SMTP): keep it off the event loop
        result = await run_in_threadpool(desk.submit, report, principal)
    except IncidentInputError as error:
        raise Open311Error(400, str(error)) from None
    payload = [
        {
            "service_request_id": result.tracking_code,
            "token": result.incident.open311_token,
            "service_notice": result.notice,
            "account_id": None,
        }
    ]
    return respond(fmt, payload, root="service_requests", item="request", status_code=201)
