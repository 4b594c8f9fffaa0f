"""The citizen-report desk: one way in for every intake channel (Điều 6.3).

Web form, e-mail, hotline and Open311 all hand a :class:`CitizenReport` to
:meth:`CitizenDesk.submit`, which validates it, finds the administrative unit and the
responsible agency (routing table), checks for a duplicate, and opens a *timed*
incident with a public tracking code through :class:`ioc.incidents.service.IncidentService`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd

from geodata.lookup import assign_units
from ioc.auth import Principal
from ioc.config import Settings, site_zone, suggest
from ioc.incidents.deadlines import DeadlinePolicy
from ioc.incidents.models import Incident
from ioc.incidents.service import IncidentDraft, IncidentInputError, IncidentService, notifier_from_settings
from ioc.store import Store, open_store, utcnow
from ioc_plugins.feedback.catalogue import Category, load_categories
from ioc_plugins.feedback.config import feedback_config
from ioc_plugins.feedback.duplicates import DEFAULT_POLICY, DuplicatePolicy, as_utc, find_duplicate, fold
from ioc_plugins.feedback.routing import ROUTING_YAML, RoutingTable

DOMAIN = "feedback"
INTAKE_CHANNELS = ("web", "email", "hotline", "open311", "app")
_PHONE = re.compile(r"^\+?[0-9 .()-]{8,20}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NATIONAL_ID = re.compile(r"^(\d{9}|\d{12})$")
MAX_DESCRIPTION = 5000


@dataclass
class CitizenReport:
    """A report as received from any channel, before validation."""

    category: str
    description: str = ""
    channel: str = "web"
    title: str | None = None
    lon: float | None = None
    lat: float | None = None
    address: str | None = None
    unit_code: str | None = None
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    national_id: str | None = None
    media_url: str | None = None
    received_at: datetime | None = None
    source_key: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass
class SubmitResult:
    """What the citizen is told: the tracking code, and the report theirs joined."""

    incident: Incident
    notice: str
    duplicate_of: Incident | None = None

    @property
    def tracking_code(self) -> str:
        return self.incident.tracking_code


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


class CitizenDesk:
    """Validates, routes, de-duplicates and opens citizen reports.

    Parameters
    ----------
    service
        The incident service (its deadline policy should carry the category SLAs:
        :meth:`from_settings` builds it so).
    settings
        The deployment (site bounding box, agencies).
    categories, routing, duplicates
        Catalogue, routing table and duplicate policy (defaults: the bundled ones).
    """

    def __init__(
        self,
        service: IncidentService,
        settings: Settings,
        *,
        categories: Mapping[str, Category] | None = None,
        routing: RoutingTable | None = None,
        duplicates: DuplicatePolicy = DEFAULT_POLICY,
    ) -> None:
        self.service = service
        self.settings = settings
        self.categories = dict(categories or load_categories())
        self.routing = routing or RoutingTable.load()
        self.routing.check([a.code for a in settings.site.agencies], self.categories)
        self.duplicates = duplicates

    @classmethod
    def from_settings(
        cls, settings: Settings, store: Store | None = None, *, notifier: Any = "auto", link_base: str | None = None
    ) -> CitizenDesk:
        """Build the desk (and its incident service) from ``plugins.feedback`` settings.

        Keys: ``routing`` (path of a YAML/CSV table), ``sla`` (per-category overrides),
        ``duplicates`` (``distance_m``, ``window_days``, ``min_similarity``).
        """
        config = feedback_config(settings)
        overrides = {code: sla.model_dump(exclude_none=True) for code, sla in config.sla.items()}
        categories = load_categories(sla_overrides=overrides)
        routing = RoutingTable.load(config.routing or ROUTING_YAML)
        duplicates = DuplicatePolicy(**config.duplicates.model_dump())
        policy = DeadlinePolicy({code: c.sla for code, c in categories.items()})
        service = IncidentService(
            store or open_store(settings.state_url),
            settings=settings,
            policy=policy,
            notifier=notifier_from_settings(settings) if notifier == "auto" else notifier,
            link_base=link_base or config.public_url,
        )
        return cls(service, settings, categories=categories, routing=routing, duplicates=duplicates)

    @property
    def store(self) -> Store:
        return self.service.store

    # ------------------------------------------------------------------ catalogue
    def category(self, code: str) -> Category:
        """The category with ``code``; the error suggests the nearest one."""
        try:
            return self.categories[code]
        except KeyError:
            raise IncidentInputError(
                f"service_code: loại phản ánh không tồn tại {code!r}{suggest(str(code), list(self.categories))}"
            ) from None

    def classify(self, text: str) -> str:
        """A category for an unlabelled e-mail or call: the one whose keywords match most."""
        folded = f" {fold(text)} "
        best, hits = "other", 0
        for code, category in self.categories.items():
            count = sum(f" {keyword} " in folded for keyword in category.keywords)
            if count > hits:
                best, hits = code, count
        return best

    def locate(self, lon: float | None, lat: float | None) -> str | None:
        """The current commune-level unit containing a point (``None`` when unknown)."""
        if lon is None or lat is None:
            return None
        try:
            period = "post2025" if self.settings.site.admin_period == "current" else self.settings.site.admin_period
            found = assign_units(
                pd.DataFrame({"lon": [lon], "lat": [lat]}),
                level="commune",
                period=period,
                folder=self.settings.paths.geodata,
            )
            code = found["unit_code"].iloc[0]
            return None if pd.isna(code) else str(code)
        except Exception:  # noqa: BLE001 - a missing boundary set must not block a citizen's report
            return None

    # ------------------------------------------------------------------ intake
    @staticmethod
    def make_report(**fields: Any) -> CitizenReport:
        """A :class:`CitizenReport` (lets the HTTP layer build one without importing the plugin)."""
        return CitizenReport(**fields)

    def check(self, report: CitizenReport, *, require_location: bool = True) -> CitizenReport:
        """Normalise and validate a report; raises :class:`IncidentInputError` with the field.

        E-mail and hotline reports may come without a location (staff ask for it while
        verifying); the web form and Open311 must give one.
        """
        for name in (
            "description",
            "title",
            "address",
            "name",
            "phone",
            "email",
            "national_id",
            "media_url",
            "unit_code",
            "source_key",
        ):
            setattr(report, name, _blank_to_none(getattr(report, name)))
        category = self.category(report.category)
        if report.channel not in INTAKE_CHANNELS:
            raise IncidentInputError(
                f"channel: {report.channel!r} không hợp lệ{suggest(report.channel, INTAKE_CHANNELS)}"
            )
        if report.description and len(report.description) > MAX_DESCRIPTION:
            raise IncidentInputError(f"description: quá dài (tối đa {MAX_DESCRIPTION} ký tự)")
        if require_location and report.lat is None and report.lon is None and not report.address:
            raise IncidentInputError("location: cần vị trí (lat/long) hoặc địa chỉ (address_string)")
        if (report.lat is None) != (report.lon is None):
            raise IncidentInputError("lat/long: cần cả vĩ độ và kinh độ (both lat and long)")
        if report.lon is not None:
            west, south, east, north = self.settings.site.bbox
            if not (west <= report.lon <= east and south <= report.lat <= north):
                raise IncidentInputError(
                    f"lat/long: vị trí ({report.lat}, {report.lon}) ngoài địa bàn "
                    f"{self.settings.site.name} (outside the site)"
                )
        if report.phone and not _PHONE.match(report.phone):
            raise IncidentInputError(f"phone: số điện thoại không hợp lệ {report.phone!r}")
        if report.email and not _EMAIL.match(report.email):
            raise IncidentInputError(f"email: địa chỉ thư điện tử không hợp lệ {report.email!r}")
        if report.national_id and not _NATIONAL_ID.match(report.national_id):
            raise IncidentInputError("national_id: số CCCD/CMND phải có 12 hoặc 9 chữ số")
        if report.media_url and not re.match(r"^(https?://|/media/feedback/[0-9a-f]{32}\.jpg$)", report.media_url):
            raise IncidentInputError("media_url: chỉ chấp nhận đường dẫn http(s)")
        for attribute in category.attributes:
            problem = attribute.check(report.attributes.get(attribute.code))
            if problem:
                raise IncidentInputError(problem)
        unknown = set(report.attributes) - {a.code for a in category.attributes}
        if unknown:
            raise IncidentInputError(f"attribute: không có thuộc tính {sorted(unknown)} cho loại {category.code}")
        return report

    def submit(
        self, report: CitizenReport, actor: Principal | None = None, *, require_location: bool | None = None
    ) -> SubmitResult:
        """Open a citizen report; returns the tracking code and what the citizen is told.

        ``require_location`` defaults to True except for e-mail and hotline reports.
        """
        if require_location is None:
            require_location = report.channel not in ("email", "hotline")
        report = self.check(report, require_location=require_location)
        category = self.categories[report.category]
        received = as_utc(report.received_at) if report.received_at else utcnow()
        unit = report.unit_code or self.locate(report.lon, report.lat)
        text = " ".join(filter(None, [report.title, report.description]))
        duplicate = find_duplicate(
            self.store,
            category=category.code,
            text=text or category.name,
            lon=report.lon,
            lat=report.lat,
            received_at=received,
            policy=self.duplicates,
        )
        title = report.title or _title_from(report.description, category)
        draft = IncidentDraft(
            domain=DOMAIN,
            category=category.code,
            title=title,
            description=report.description or "",
            origin="citizen_report",
            channel=report.channel,
            unit_code=unit,
            lon=report.lon,
            lat=report.lat,
            address=report.address,
            media_url=report.media_url,
            reporter_name=report.name,
            reporter_phone=report.phone,
            reporter_email=report.email,
            reporter_national_id=report.national_id,
            suggested_agency=self.routing.agency_for(category.code, unit),
            received_at=received,
            source_key=f"{report.channel}:{report.source_key}" if report.source_key else None,
            duplicate_of=duplicate.id if duplicate else None,
            extra={"attributes": dict(report.attributes)} if report.attributes else {},
        )
        incident = self.service.open_incident(draft, actor or Principal.system())
        primary = self.service.load(incident.duplicate_of) if incident.duplicate_of else None
        return SubmitResult(incident, self.notice(incident, primary), primary)

    def notice(self, incident: Incident, primary: Incident | None = None) -> str:
        """The Vietnamese message shown to the citizen after submitting."""
        if primary is not None:
            return (
                f"Phản ánh của bạn trùng với phản ánh {primary.tracking_code} đã được tiếp nhận trước đó "
                f"và đã được gộp vào phản ánh này. Bạn có thể theo dõi tiến độ bằng mã {incident.tracking_code} "
                f"hoặc {primary.tracking_code}."
            )
        due = as_utc(incident.deadline).astimezone(site_zone(self.settings)) if incident.deadline else None
        text = f"Trung tâm IOC đã tiếp nhận phản ánh. Mã tra cứu: {incident.tracking_code}."
        if due:
            text += f" Phản ánh sẽ được xác minh và chuyển cơ quan xử lý trước {due:%H:%M %d/%m/%Y}."
        return text

    def public_status(self, tracking_code: str) -> dict[str, Any]:
        """The citizen's view of a report (see :meth:`IncidentService.public_status`)."""
        status = self.service.public_status(tracking_code)
        category = self.categories.get(status["category"])
        status["category_label"] = category.name if category else status["category"]
        return status


def _title_from(description: str | None, category: Category) -> str:
    if not description:
        return category.name
    first = re.split(r"(?<=[.!?])\s|\n", description.strip(), maxsplit=1)[0]
    return first if len(first) <= 100 else first[:97].rsplit(" ", 1)[0] + "…"
