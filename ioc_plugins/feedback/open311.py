"""Open311 GeoReport v2 under ``/open311/v2`` (citizen reports of the feedback domain).

Endpoints (each as ``.json`` and ``.xml``): ``services``, ``services/{code}``
(definition), ``requests`` (GET list with filters, POST a new report with ``api_key``),
``requests/{id}`` and ``tokens/{token}``; the service discovery document is
``/open311/discovery.json|xml``. ``service_request_id`` is the report's public tracking
code. Public answers never carry personal data: no reporter fields, the address without
house numbers, phone numbers and e-mails in the text masked, coordinates rounded to about
100 m.

Conformance (the tests validate every JSON answer against the published GeoReport v2
JSON schemas, and the XML against the specification's element structure):

- every field of the specification's response tables is present; a value the IOC does
  not have is ``null`` (an empty element in XML), never left out — the Spark mapping
  of the specification's own examples;
- date-times are W3C with the site's offset (``2026-03-01T08:00:00+07:00``);
- ``keywords`` is one comma-separated string; ``status`` is ``open`` or ``closed``
  (closed once resolved, closed or dismissed; the detail is in ``status_notes``);
  ``lat``/``long`` are numbers in JSON;
- ``jurisdiction_id`` may be left out (the endpoint serves one jurisdiction, the site
  key unless ``plugins.feedback.open311.jurisdiction_id`` says otherwise); naming
  another one is a 404;
- errors: 404 for what does not exist (service code, request, token, jurisdiction), 403
  for a missing or invalid ``api_key``, 400 for anything else, always in the standard
  ``[{"code", "description"}]`` / ``<errors>`` body.

Decisions on the specification's loose ends: services are ``realtime``, so the POST
answer carries the final ``service_request_id`` and also a ``token`` (the specification
says one "should not" come with the other, but a client that only keeps tokens can then
use ``tokens/{token}``; clients ignore the field they do not use); ``account_id`` is
``null`` (citizens have no accounts here); a request body must be form-encoded (or
multipart with an optional ``media`` photo) — JSON bodies are refused with a clear 400,
as some published examples are not even valid JSON; ``description`` is limited to the
specification's 4,000 characters (longer texts from other channels are shortened in
public answers); ``address_id`` alone cannot locate a report, as the IOC has no master
address repository; a ``start_date``–``end_date`` window may not span more than 90 days,
and with ``start_date`` alone it is the 90 days from then.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams, UploadFile

from ioc.auth import Principal, mask_address, principal_for_token, scrub_text
from ioc.config import site_zone, suggest
from ioc.incidents.models import FINISHED_STATES, Incident
from ioc.incidents.service import IncidentInputError
from ioc.incidents.workflow import STATE_LABELS_VI
from ioc_plugins.feedback.catalogue import CATEGORIES_YAML, Category
from ioc_plugins.feedback.config import feedback_config
from ioc_plugins.feedback.media import MediaError, save_photo
from ioc_plugins.feedback.open311_formats import FORMATS, MEDIA_TYPES, respond

router = APIRouter(prefix="/open311/v2", tags=["Open311 GeoReport v2"])
discovery_router = APIRouter(prefix="/open311", tags=["Open311 GeoReport v2"])
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
MAX_RESULTS = 1000
DEFAULT_DAYS = 90
MAX_DESCRIPTION = 4000  # the specification's limit of a request's description
_ATTRIBUTE = re.compile(r"attribute\[([^\[\]]+)\](\[\])?")
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


def jurisdiction_of(request: Request) -> str:
    """The one jurisdiction this endpoint serves (configured, else the site key)."""
    settings = request.app.state.settings
    return feedback_config(settings).open311.jurisdiction_id or settings.site.key


def _check(fmt: str, request: Request, jurisdiction_id: str | None = None) -> str:
    """Check what every endpoint shares: the format and ``jurisdiction_id``; returns the format.

    ``jurisdiction_id`` comes from the query string unless given (a POST's form body). Empty
    counts as absent, as the specification's optional arguments do.
    """
    fmt = _check_format(fmt)
    wanted = (request.query_params.get("jurisdiction_id") if jurisdiction_id is None else jurisdiction_id) or ""
    ours = jurisdiction_of(request)
    if wanted.strip() and wanted.strip().casefold() != ours.casefold():
        raise Open311Error(
            404,
            f"jurisdiction_id {wanted.strip()!r} không thuộc máy chủ này; dùng {ours!r} hoặc bỏ trống "
            "(jurisdiction_id not found)",
        )
    return fmt


def _w3c(value: datetime | None) -> str | None:
    if value is None:
        return None
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value
    return value.astimezone(site_zone()).isoformat(timespec="seconds")


def _desk(request: Request) -> Any:
    return request.app.state.services["feedback.desk"]()


def _listed(params: QueryParams, name: str) -> list[str]:
    """A multi-valued argument: comma-delimited, and/or declared several times."""
    return [item.strip() for raw in params.getlist(name) for item in raw.split(",") if item.strip()]


# --------------------------------------------------------------------------- discovery
def changeset() -> str:
    """When the service list or definitions last changed (the catalogue file's time), W3C.

    Discovery's ``changeset`` tells clients when to refresh their cached services; the
    services are the bundled catalogue, so its modification time is that moment.
    """
    return _w3c(datetime.fromtimestamp(CATEGORIES_YAML.stat().st_mtime, UTC))


@discovery_router.get("/discovery.{fmt}", summary="Khám phá dịch vụ Open311 (Service Discovery)")
def discovery(fmt: str, request: Request) -> Response:
    fmt = _check_format(fmt)
    settings = request.app.state.settings
    options = feedback_config(settings).open311
    when = changeset()
    site = f"Trung tâm giám sát, điều hành đô thị thông minh (IOC) {settings.site.name}"
    document = {
        "changeset": when,
        "contact": options.contact or f"{site}: liên hệ quản trị hệ thống của Trung tâm.",
        "key_service": options.key_service
        or f"Ứng dụng đối tác xin api_key (vai trò intake_client) từ quản trị hệ thống của {site}; "
        "chỉ gửi phản ánh (POST requests) mới cần api_key.",
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": str(request.base_url).rstrip("/") + router.prefix,
                "changeset": when,
                "type": options.endpoint_type,
                "formats": [MEDIA_TYPES["xml"], MEDIA_TYPES["json"]],
            }
        ],
    }
    return respond(fmt, document, root="discovery", item=None)


# --------------------------------------------------------------------------- services
def _service_record(category: Category) -> dict[str, Any]:
    # keywords: one comma-separated text, so a keyword must not hold a comma itself
    keywords = ", ".join(k.replace(",", " ").strip() for k in category.keywords)
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description or None,
        "metadata": bool(category.attributes),
        "type": "realtime",
        "keywords": keywords or None,
        "group": category.group or None,
    }


@router.get("/services.{fmt}", summary="Danh sách loại phản ánh (GET Service List)")
def services(fmt: str, request: Request) -> Response:
    fmt = _check(fmt, request)
    payload = [_service_record(c) for c in _desk(request).categories.values()]
    return respond(fmt, payload, root="services", item="service")


@router.get("/services/{service_code}.{fmt}", summary="Định nghĩa một loại phản ánh (GET Service Definition)")
def service_definition(service_code: str, fmt: str, request: Request) -> Response:
    fmt = _check(fmt, request)
    category = _desk(request).categories.get(service_code)
    if category is None:
        raise Open311Error(404, f"Không có loại phản ánh (service_code not found) {service_code!r}")
    attributes = [
        {
            "variable": True,
            "code": a.code,
            "datatype": a.datatype,
            "required": a.required,
            "datatype_description": None,
            "order": a.order,
            "description": a.description,
            "values": [{"key": key, "name": name} for key, name in a.values],
        }
        for a in sorted(category.attributes, key=lambda a: a.order)
    ]
    return respond(fmt, {"service_code": category.code, "attributes": attributes}, root="service_definition", item=None)


# --------------------------------------------------------------------------- requests
def _media(url: str | None, base_url: str) -> str | None:
    if not url:
        return None
    if url.startswith("/media/"):  # stored by this server: make it absolute
        return base_url.rstrip("/") + url
    return url if url.startswith(("http://", "https://")) else None


def _public_description(text: str | None) -> str | None:
    """The description without personal data, within the specification's 4,000 characters."""
    text = scrub_text(text or "")
    if len(text) > MAX_DESCRIPTION:  # the web form and e-mail allow longer texts
        text = text[: MAX_DESCRIPTION - 1].rstrip() + "…"
    return text or None


def _service_notice(category: Category | None) -> str | None:
    """What the IOC does to fulfil a request of this category (its SLA), in Vietnamese."""
    if category is None:
        return None
    return (
        f"Trung tâm IOC xác minh trong {category.sla.verify_days} ngày làm việc, sau đó cơ quan chức năng "
        f"xử lý trong {category.sla.resolve_days} ngày làm việc kể từ khi nhận chuyển."
    )


def public_request(
    incident: Incident, desk: Any, fmt: str, primary: Incident | None = None, base_url: str = ""
) -> dict[str, Any]:
    """One request as the public sees it (no personal data), every field of the specification."""
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
        "description": _public_description(incident.description),
        "agency_responsible": desk.service._agency_name(source.agency_code) or None,
        "service_notice": _service_notice(category),
        "requested_datetime": _w3c(incident.received_at),
        "updated_datetime": _w3c(source.updated_at),
        "expected_datetime": _w3c(desk.service.expected_by(source)),
        "address": mask_address(incident.address) or None,
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
    if not value or not value.strip():
        return None
    # "+07:00" sent without URL-encoding arrives as " 07:00": a space there can only be a "+"
    text = re.sub(r"(T[0-9:.]+) ([0-9]{2}:?[0-9]{2})$", r"\1+\2", value.strip())
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise Open311Error(
            400, f"{name}: thời điểm không hợp lệ {value!r} (W3C format, e.g. 2026-03-01T08:00:00+07:00)"
        ) from None
    return parsed.replace(tzinfo=site_zone()) if parsed.tzinfo is None else parsed


def _window(params: QueryParams) -> tuple[datetime, datetime]:
    """The ``start_date``–``end_date`` window: 90 days at most, the last 90 days by default."""
    start, end = _parse_w3c("start_date", params.get("start_date")), _parse_w3c("end_date", params.get("end_date"))
    span = timedelta(days=DEFAULT_DAYS)
    if start is None:
        end = end or datetime.now(UTC)
        start = end - span
    elif end is None:
        end = start + span
    if start > end:
        raise Open311Error(400, "start_date phải trước end_date (start_date must be before end_date)")
    if end - start > span:
        raise Open311Error(
            400, f"start_date – end_date không được dài quá {DEFAULT_DAYS} ngày (may not span more than 90 days)"
        )
    return start, end


@router.get("/requests.{fmt}", summary="Tra cứu phản ánh (GET Service Requests)")
def list_requests(fmt: str, request: Request) -> Response:
    fmt = _check(fmt, request)
    desk, params = _desk(request), request.query_params
    query = select(Incident).where(Incident.tracking_code.is_not(None))
    if codes := _listed(params, "service_request_id"):  # overrides every other argument
        query = query.where(Incident.tracking_code.in_([c.upper() for c in codes]))
    else:
        start, end = _window(params)
        query = query.where(Incident.received_at >= start, Incident.received_at <= end)
        if service_codes := _listed(params, "service_code"):
            query = query.where(Incident.category.in_(service_codes))
        wanted = {s.lower() for s in _listed(params, "status")}
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
    fmt = _check(fmt, request)
    desk = _desk(request)
    incident = desk.service.find(tracking_code=service_request_id)
    if incident is None:
        raise Open311Error(404, f"Không tìm thấy phản ánh có mã {service_request_id!r} (service request not found)")
    return respond(fmt, _public_list(request, [incident], fmt), root="service_requests", item="request")


@router.get("/tokens/{token}.{fmt}", summary="Mã phản ánh từ token (GET request_id from token)")
def request_id_from_token(token: str, fmt: str, request: Request) -> Response:
    fmt = _check(fmt, request)
    incident = _desk(request).service.find(token=token)
    if incident is None:
        raise Open311Error(404, f"Không tìm thấy token {token!r} (token not found)")
    return respond(
        fmt, [{"service_request_id": incident.tracking_code, "token": token}], root="service_requests", item="request"
    )


# --------------------------------------------------------------------------- POST
async def _form(request: Request) -> tuple[list[tuple[str, str]], UploadFile | None]:
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
    items, media = [], None
    for key, value in form.multi_items():
        if isinstance(value, UploadFile | bytes) or hasattr(value, "filename"):
            if key != "media":
                raise Open311Error(400, f"Chỉ nhận tệp ở trường 'media' (file only in 'media'), không phải {key!r}")
            media = value
        else:
            items.append((key, value))
    if not items and media is None:
        raise Open311Error(400, "Nội dung form trống hoặc hỏng (empty or malformed form body)")
    return items, media


def form_fields(items: list[tuple[str, str]]) -> tuple[dict[str, str], dict[str, str | list[str]]]:
    """Split form items into the report's fields and its ``attribute[code]`` answers.

    ``attribute[code][]`` may repeat (a ``multivaluelist`` answer); any other field given
    twice is refused rather than silently keeping one of the values.
    """
    fields: dict[str, str] = {}
    attributes: dict[str, str | list[str]] = {}
    for key, value in items:
        match = _ATTRIBUTE.fullmatch(key)
        code, many = match.groups() if match else (None, None)
        if code is None and key not in fields:
            fields[key] = value
        elif code is not None and many and isinstance(attributes.setdefault(code, []), list):
            attributes[code].append(value)
        elif code is not None and not many and code not in attributes:
            attributes[code] = value
        else:  # a field twice, or attribute[code] mixed with attribute[code][]
            raise Open311Error(400, f"{key}: được gửi nhiều lần (given more than once)")
    unknown = set(fields) - set(_REPORT_FIELDS)
    if unknown:
        raise Open311Error(400, f"Tham số không hỗ trợ (unsupported parameters): {', '.join(sorted(unknown))}")
    return fields, attributes


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


def _check_report_fields(fields: dict[str, str], categories: dict[str, Category]) -> str:
    """What the specification itself requires of a POST; returns the service code.

    The desk checks the rest (location inside the site, attributes, contact formats).
    """
    code = (fields.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, "service_code: thiếu loại phản ánh (service_code is required)")
    if code not in categories:  # the specification: 404 for a service_code not found
        raise Open311Error(
            404, f"service_code: loại phản ánh không tồn tại {code!r}{suggest(code, list(categories))} (not found)"
        )
    has_place = any((fields.get(name) or "").strip() for name in ("lat", "long", "address_string"))
    if (fields.get("address_id") or "").strip() and not has_place:
        raise Open311Error(
            400,
            "address_id: máy chủ này không có kho địa chỉ; hãy gửi lat/long hoặc address_string "
            "(address_id is not supported here)",
        )
    if len(fields.get("description") or "") > MAX_DESCRIPTION:
        raise Open311Error(400, f"description: quá dài (tối đa {MAX_DESCRIPTION} ký tự, giới hạn của Open311)")
    return code


@router.post(
    "/requests.{fmt}",
    summary="Gửi phản ánh (POST Service Request)",
    status_code=201,
    description="Form-encoded: api_key, service_code, lat + long hoặc address_string, description, email, "
    "phone, first_name, last_name, media_url, attribute[code] (attribute[code][] cho multivaluelist), "
    "jurisdiction_id; multipart: thêm ảnh 'media'.",
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
    items, media = await _form(request)
    fields, attributes = form_fields(items)
    principal = _intake_principal(request, fields.get("api_key") or request.query_params.get("api_key"))
    _check(fmt, request, fields.get("jurisdiction_id") or request.query_params.get("jurisdiction_id"))
    desk = _desk(request)
    code = _check_report_fields(fields, desk.categories)
    name = " ".join(filter(None, [(fields.get("last_name") or "").strip(), (fields.get("first_name") or "").strip()]))
    report = desk.make_report(
        category=code,
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
