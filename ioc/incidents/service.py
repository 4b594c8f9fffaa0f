"""The incident service: opening incidents, transitions, deadlines, escalation, views.

Everything that changes an incident goes through :class:`IncidentService`, so that

* each step is checked by :func:`ioc.incidents.workflow.check_transition` with the role
  the user acts in, plus the user's scope (domain staff act within their domains, an
  agency focal point only on incidents forwarded to their agency);
* each change and its audit row (actor, comment, before/after) commit together;
* deadlines come from the per-category SLA on the working-day calendar;
* notifications (agency e-mail on forwarding, overdue escalation, the citizen's status
  e-mails, the leadership for hot incidents) go out after the commit.

Errors: :class:`NotFound` (404), :class:`AccessDenied` (403),
:class:`~ioc.incidents.workflow.TransitionError` (409 for a wrong state, 400 otherwise)
and :class:`IncidentInputError` (400).
"""

from __future__ import annotations

import logging
import os
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import false, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ioc.auth import Principal, User, can_view_incident, mask_address, mask_incident, scrub_text
from ioc.config import Settings, site_zone, suggest
from ioc.incidents import audit
from ioc.incidents.deadlines import DeadlinePolicy
from ioc.incidents.models import CHANNELS, FINISHED_STATES, ORIGINS, Incident
from ioc.incidents.workflow import (
    IMMEDIATE_CATEGORIES,
    STATE_LABELS_VI,
    TRANSITIONS,
    Procedure,
    TransitionError,
    check_transition,
    command_view,
    procedure_for_category,
)
from ioc.notify import EmailSender, Notifier
from ioc.store import Alert, Store, utcnow

log = logging.getLogger(__name__)

#: States in which a deadline is running (the IOC's or the agency's).
CLOCK_STATES = frozenset(
    {"received", "verifying", "verified", "approved", "reopened", "forwarded", "in_progress", "dispatched"}
)
#: The order in which a user's roles are tried for a step.
ROLE_ORDER = ("ioc_lead", "ioc_deputy", "domain_staff", "focal_point", "leader", "sysadmin")
#: Roles that may open incidents by hand (staff entry).
OPEN_ROLES = frozenset({"ioc_lead", "ioc_deputy", "domain_staff"})
#: States the citizen is told about by e-mail.
CITIZEN_NOTIFIED_STATES = frozenset({"forwarded", "resolved", "dismissed", "closed"})

_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


class NotFound(LookupError):
    """No incident (or tracking code) with that identity."""


class AccessDenied(PermissionError):
    """The user's role or scope does not allow this (HTTP 403)."""


class IncidentInputError(ValueError):
    """Bad input for a new incident or a step (HTTP 400)."""


@dataclass
class IncidentDraft:
    """What is needed to open an incident (from an alert, a report, a staff entry …).

    ``source_key`` identifies the source record (an e-mail's Message-ID, a call id):
    opening the same source twice returns the first incident instead of a second one.
    """

    domain: str
    category: str
    title: str
    description: str = ""
    origin: str = "staff"
    channel: str | None = None
    severity: str = "warning"
    unit_code: str | None = None
    lon: float | None = None
    lat: float | None = None
    address: str | None = None
    media_url: str | None = None
    reporter_name: str | None = None
    reporter_phone: str | None = None
    reporter_email: str | None = None
    reporter_national_id: str | None = None
    suggested_agency: str | None = None
    received_at: datetime | None = None
    source_key: str | None = None
    duplicate_of: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def check(self) -> None:
        """Raise :class:`IncidentInputError` naming the first invalid field."""
        for name in ("domain", "category", "title"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name).strip():
                raise IncidentInputError(f"{name}: thiếu giá trị bắt buộc (missing required value)")
        if self.origin not in ORIGINS:
            raise IncidentInputError(f"origin: {self.origin!r} không hợp lệ{suggest(self.origin, ORIGINS)}")
        if self.channel is not None and self.channel not in CHANNELS:
            raise IncidentInputError(f"channel: {self.channel!r} không hợp lệ{suggest(self.channel, CHANNELS)}")
        if (self.lon is None) != (self.lat is None):
            raise IncidentInputError("lat/long: cần cả vĩ độ và kinh độ (both latitude and longitude)")
        if self.lon is not None and not (-180 <= self.lon <= 180 and -90 <= self.lat <= 90):
            raise IncidentInputError(f"lat/long ngoài phạm vi (out of range): {self.lat}, {self.lon}")


@dataclass
class Notification:
    """A message the service produced (sent when a notifier is configured)."""

    template: str
    recipients: list[str]
    context: dict[str, Any]
    key: str
    results: list[Any] = field(default_factory=list)


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def new_tracking_code(now: datetime | None = None) -> str:
    """A code a citizen can read over the phone: ``PA250114-7KQM`` (date + 4 characters)."""
    local = (now or utcnow()).astimezone(site_zone())
    return f"PA{local:%y%m%d}-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(4))


def incident_record(incident: Incident) -> dict[str, Any]:
    """Every column of an incident as JSON-ready values (datetimes as ISO UTC)."""
    record = {}
    for column in Incident.__table__.columns:
        value = getattr(incident, column.key)
        record[column.key] = audit.iso_utc(value) if isinstance(value, datetime) else value
    record["state_label"] = STATE_LABELS_VI.get(incident.state, incident.state)
    return record


class IncidentService:
    """Opens incidents and moves them through their procedure.

    Parameters
    ----------
    store
        The state store.
    settings
        The deployment (agencies and their e-mail addresses); optional in tests.
    policy
        Deadlines per category; the default SLA on the Vietnamese calendar otherwise.
    notifier
        An :class:`ioc.notify.Notifier`; without one, notifications are only returned.
    immediate_categories
        Categories handled with the immediate procedure.
    link_base
        Public base URL used in e-mails (``https://ioc.example.gov.vn``).
    """

    def __init__(
        self,
        store: Store,
        *,
        settings: Settings | None = None,
        policy: DeadlinePolicy | None = None,
        notifier: Any | None = None,
        immediate_categories: Iterable[str] = IMMEDIATE_CATEGORIES,
        link_base: str | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.policy = policy or DeadlinePolicy()
        self.notifier = notifier
        self.immediate_categories = frozenset(immediate_categories)
        self.link_base = link_base

    # ------------------------------------------------------------------ opening
    def open_incident(self, draft: IncidentDraft, actor: Principal) -> Incident:
        """Open an incident (and the alert it stems from) from ``draft``.

        Idempotent on ``draft.source_key``. Citizen reports get a tracking code and an
        Open311 token. Hot categories are flagged and the leadership is notified.
        """
        draft.check()
        self._check_may_open(actor, draft)
        received = _utc(draft.received_at) or utcnow()
        dedupe_key = f"{draft.origin}:{draft.source_key}" if draft.source_key else f"{draft.origin}:{uuid.uuid4().hex}"
        for attempt in range(5):  # a tracking-code collision is retried with a new code
            try:
                incident, created = self._insert(draft, actor, received, dedupe_key)
                break
            except IntegrityError:
                if attempt == 4:
                    raise
        if created:
            self._after_open(incident)
        return incident

    def _check_may_open(self, actor: Principal, draft: IncidentDraft) -> None:
        if actor.username == "system" or actor.has("ioc_lead", "ioc_deputy"):
            return
        if actor.has("domain_staff") and actor.covers_domain(draft.domain):
            return
        if actor.has("intake_client") and draft.origin == "citizen_report":
            return
        raise AccessDenied(
            f"Người dùng {actor.username!r} không được tạo vụ việc lĩnh vực {draft.domain!r} "
            f"(not allowed to open incidents in this domain)"
        )

    def _insert(
        self, draft: IncidentDraft, actor: Principal, received: datetime, dedupe_key: str
    ) -> tuple[Incident, bool]:
        with self.store.session() as session, audit.chain_lock(session):
            existing = session.scalar(select(Alert).where(Alert.dedupe_key == dedupe_key))
            if existing is not None and existing.incident_id is not None:
                return session.get(Incident, existing.incident_id), False
            alert = existing or Alert(
                dedupe_key=dedupe_key,
                rule_id=f"{draft.origin}:{draft.channel or draft.domain}",
                origin=draft.origin,
                domain=draft.domain,
                category=draft.category,
                severity=draft.severity,
                title=draft.title,
                message=draft.description or draft.title,
                unit_code=draft.unit_code,
                lon=draft.lon,
                lat=draft.lat,
                observed_at=received,
                status="open",
                source_rows=[{"source_key": draft.source_key}] if draft.source_key else [],
            )
            session.add(alert)
            session.flush()
            incident = self._new_incident(session, draft, actor, received, alert.id)
            alert.incident_id = incident.id
            alert.status = "incident"
            session.commit()
            return incident, True

    def _new_incident(
        self, session: Session, draft: IncidentDraft, actor: Principal, received: datetime, alert_id: int | None
    ) -> Incident:
        procedure = procedure_for_category(draft.category, self.immediate_categories)
        citizen = draft.origin == "citizen_report"
        incident = Incident(
            alert_id=alert_id,
            procedure=procedure.value,
            state="received",
            domain=draft.domain,
            category=draft.category,
            origin=draft.origin,
            channel=draft.channel,
            title=draft.title.strip(),
            description=draft.description or "",
            severity=draft.severity,
            hot=command_view(draft.category).opens,
            tracking_code=new_tracking_code(received) if citizen else None,
            open311_token=uuid.uuid4().hex if citizen else None,
            duplicate_of=draft.duplicate_of,
            unit_code=draft.unit_code,
            lon=draft.lon,
            lat=draft.lat,
            address=draft.address,
            media_url=draft.media_url,
            reporter_name=draft.reporter_name,
            reporter_phone=draft.reporter_phone,
            reporter_email=draft.reporter_email,
            reporter_national_id=draft.reporter_national_id,
            suggested_agency=draft.suggested_agency,
            received_at=received,
            updated_at=received,
            deadline=self.policy.intake_deadline(procedure.value, draft.category, received),
            overdue=False,
            created_by=actor.username,
            extra=dict(draft.extra),
        )
        session.add(incident)
        session.flush()
        after = incident.snapshot() | {
            "procedure": incident.procedure,
            "category": incident.category,
            "domain": incident.domain,
            "hot": incident.hot,
            "alert_id": alert_id,
            "tracking_code": incident.tracking_code,
        }
        audit.append(
            session,
            actor=actor.username,
            action="open",
            entity=f"incident:{incident.id}",
            before=None,
            after=after,
            at=received,
        )
        return incident

    def open_from_alert(self, alert_id: int, actor: Principal, *, category: str | None = None) -> Incident:
        """Open the incident of a stored alert (or return the one already opened)."""
        with self.store.session() as session:
            alert = session.get(Alert, alert_id)
            if alert is None:
                raise NotFound(f"Không có cảnh báo {alert_id} (no such alert)")
            if alert.incident_id is not None:
                return session.get(Incident, alert.incident_id)
        draft = IncidentDraft(
            domain=alert.domain,
            category=category or alert.category,
            title=alert.title,
            description=alert.message,
            origin=alert.origin if alert.origin in ORIGINS else "rule",
            severity=alert.severity,
            unit_code=alert.unit_code,
            lon=alert.lon,
            lat=alert.lat,
            received_at=_utc(alert.observed_at),
        )
        draft.check()
        self._check_may_open(actor, draft)
        with self.store.session() as session, audit.chain_lock(session):
            alert = session.get(Alert, alert_id)
            if alert.incident_id is not None:  # opened meanwhile by someone else
                return session.get(Incident, alert.incident_id)
            incident = self._new_incident(session, draft, actor, utcnow(), alert.id)
            alert.incident_id, alert.status = incident.id, "incident"
            session.commit()
        self._after_open(incident)
        return incident

    def _after_open(self, incident: Incident) -> None:
        if incident.hot:
            leaders = self._emails_of_roles(("leader", "ioc_lead"))
            self._send(
                Notification(
                    "alert_raised",
                    leaders,
                    {
                        "alert_name": incident.title,
                        "domain": incident.domain,
                        "severity": "NÓNG / NHẠY CẢM",
                        "raised_at": incident.received_at,
                        "message": incident.description or incident.title,
                        **self._link(f"/command/{incident.id}"),
                    },
                    key=f"hot:{incident.id}",
                )
            )

    # ------------------------------------------------------------------ transitions
    def transition(
        self,
        incident_id: int,
        action: str,
        actor: Principal,
        *,
        comment: str | None = None,
        agency: str | None = None,
        deadline: date | datetime | None = None,
        now: datetime | None = None,
    ) -> Incident:
        """Take one step of the procedure as ``actor``; returns the updated incident.

        A forward without ``agency`` goes to the suggested agency; a forward without
        ``deadline`` gets the category's SLA counted in working days from ``now``.
        """
        now = _utc(now) or utcnow()
        comment = comment.strip() if isinstance(comment, str) and comment.strip() else None
        with self.store.session() as session, audit.chain_lock(session):
            incident = session.get(Incident, incident_id)
            if incident is None:
                raise NotFound(f"Không có vụ việc {incident_id} (no such incident)")
            if not can_view_incident(actor, incident):
                raise AccessDenied(
                    f"Người dùng {actor.username!r} không có quyền với vụ việc {incident_id} "
                    f"(outside your agency or domain)"
                )
            spec = {t.action: t for t in TRANSITIONS[Procedure(incident.procedure)]}.get(action)
            agency = self._agency_for(incident, spec, agency)
            deadline = self._deadline_for(incident, action, spec, deadline, now)
            role, target = self._acting_role(actor, incident, action, comment, agency, deadline)
            before = incident.snapshot()
            self._apply(incident, target.value, action, comment, agency, deadline, now)
            audit.append(
                session,
                actor=actor.username,
                action=action,
                entity=f"incident:{incident.id}",
                before=before,
                after=incident.snapshot() | {"role": role},
                comment=comment,
                at=now,
            )
            session.commit()
        self._after_transition(incident, action, comment)
        return incident

    def _agency_for(self, incident: Incident, spec: Any, agency: str | None) -> str | None:
        if spec is None or not spec.requires_agency:
            return agency
        agency = agency or incident.suggested_agency
        if agency and self.settings is not None:
            codes = [a.code for a in self.settings.site.agencies]
            if agency not in codes:
                raise IncidentInputError(f"Cơ quan không có trong danh mục: {agency!r}{suggest(agency, codes)}")
        return agency

    def _deadline_for(
        self, incident: Incident, action: str, spec: Any, deadline: date | datetime | None, now: datetime
    ) -> datetime | None:
        if deadline is not None:
            return self._as_deadline(deadline, now)
        if spec is not None and spec.requires_deadline:
            return self.policy.forward_deadline(incident.category, now)
        if action in ("dispatch", "redispatch"):
            return self.policy.dispatch_deadline(incident.category, now)
        return None

    def _as_deadline(self, value: date | datetime, now: datetime) -> datetime:
        if not isinstance(value, datetime):  # a date: end of that office day, site time
            value = datetime.combine(value, time(17, 0), tzinfo=self.policy.calendar.time_zone)
        value = _utc(value)
        if value <= now:
            raise IncidentInputError("Hạn xử lý phải sau thời điểm hiện tại (deadline must be in the future)")
        return value

    def _acting_role(
        self,
        actor: Principal,
        incident: Incident,
        action: str,
        comment: str | None,
        agency: str | None,
        deadline: datetime | None,
    ) -> tuple[str, Any]:
        """The first of the actor's roles allowed to take the step within its scope."""
        refusals: list[str] = []
        for role in ROLE_ORDER:
            if role not in actor.roles:
                continue
            if role == "domain_staff" and not actor.covers_domain(incident.domain):
                refusals.append(f"lĩnh vực {incident.domain!r} không thuộc phạm vi theo dõi (domain not yours)")
                continue
            if role == "focal_point" and incident.agency_code != actor.agency_code:
                refusals.append("vụ việc không được chuyển cho cơ quan của bạn (not forwarded to your agency)")
                continue
            try:
                return role, check_transition(
                    incident.procedure, incident.state, action, role, comment=comment, agency=agency, deadline=deadline
                )
            except TransitionError as error:
                if error.code != "role_not_allowed":
                    raise
                refusals.append(error.message_vi)
        raise AccessDenied("; ".join(refusals) or f"Người dùng {actor.username!r} không có vai trò xử lý vụ việc")

    def _apply(
        self,
        incident: Incident,
        target: str,
        action: str,
        comment: str | None,
        agency: str | None,
        deadline: datetime | None,
        now: datetime,
    ) -> None:
        incident.state, incident.updated_at = target, now
        if target in ("forwarded", "dispatched"):
            incident.agency_code, incident.deadline = agency, deadline
            incident.overdue, incident.escalated_at = False, None
            if target == "forwarded":
                incident.forwarded_at = now
                incident.public_note = f"Đã chuyển {self._agency_name(agency)} xử lý"
        elif action == "return_to_ioc":
            incident.agency_code = None
            incident.deadline = self.policy.intake_deadline(incident.procedure, incident.category, now)
            incident.overdue, incident.escalated_at = False, None
        elif target == "on_scene":
            deadline_utc = _utc(incident.deadline)
            incident.on_time = deadline_utc is None or now <= deadline_utc
        elif target == "resolved":
            incident.resolved_at, incident.public_note = now, comment
            if incident.procedure == "timed":
                deadline_utc = _utc(incident.deadline)
                incident.on_time = deadline_utc is None or now <= deadline_utc
        elif target == "closed":
            incident.closed_at = now
        elif target == "dismissed":
            incident.public_note, incident.closed_at = comment, now
        elif target == "reopened":
            incident.resolved_at = incident.closed_at = incident.on_time = None
            incident.agency_code = None if incident.procedure == "timed" else incident.agency_code
            incident.deadline = self.policy.intake_deadline(incident.procedure, incident.category, now)
            incident.overdue, incident.escalated_at = False, None
            incident.public_note = "Phản ánh được mở lại để xử lý tiếp"
        if deadline is not None and target not in ("forwarded", "dispatched"):
            incident.deadline = deadline

    def _after_transition(self, incident: Incident, action: str, comment: str | None) -> None:
        if incident.state == "forwarded":
            self.notify_forwarded(incident)
        if incident.tracking_code and incident.state in CITIZEN_NOTIFIED_STATES:
            # The citizens whose reports were joined to this one hear about it too.
            with self.store.session() as session:
                reports = [incident, *session.scalars(select(Incident).where(Incident.duplicate_of == incident.id))]
            for report in reports:
                if not report.reporter_email:
                    continue
                context = {
                    "tracking_code": report.tracking_code,
                    "changed_at": incident.updated_at,
                    "status": STATE_LABELS_VI.get(incident.state, incident.state),
                    **self._link(f"/track/{report.tracking_code}"),
                }
                if incident.public_note:
                    context["note"] = incident.public_note
                self._send(
                    Notification(
                        "report_status_changed",
                        [report.reporter_email],
                        context,
                        key=f"status:{report.id}:{incident.state}:{incident.updated_at}",
                    )
                )

    def notify_forwarded(self, incident: Incident) -> Notification:
        """E-mail the agency an incident was forwarded to (personal data masked)."""
        email = self._agency_email(incident.agency_code)
        context = {
            "agency": self._agency_name(incident.agency_code),
            "incident_code": self.code_of(incident),
            "title": scrub_text(incident.title),
            "description": scrub_text(incident.description or ""),
            "deadline": incident.deadline,
            **self._link(f"/agency/{incident.id}"),
        }
        return self._send(
            Notification(
                "incident_forwarded",
                [email] if email else [],
                context,
                key=f"forward:{incident.id}:{audit.iso_utc(incident.updated_at)}",
            )
        )

    # ------------------------------------------------------------------ escalation
    def escalate_overdue(self, now: datetime | None = None) -> list[Notification]:
        """Mark incidents whose deadline has passed as overdue (audited, once each).

        Returns the notifications produced: to the agency holding the incident (if
        forwarded) and to the IOC lead and deputies.
        """
        now = _utc(now) or utcnow()
        escalated: list[Incident] = []
        with self.store.session() as session, audit.chain_lock(session):
            query = select(Incident).where(
                Incident.deadline < now,
                Incident.overdue == false(),
                Incident.state.in_(sorted(CLOCK_STATES)),
                Incident.duplicate_of.is_(None),
            )
            for incident in session.scalars(query.order_by(Incident.deadline)):
                before = incident.snapshot()
                incident.overdue, incident.escalated_at = True, now
                audit.append(
                    session,
                    actor="system",
                    action="escalate",
                    entity=f"incident:{incident.id}",
                    before=before,
                    after=incident.snapshot(),
                    comment="Quá hạn xử lý, tự động báo cáo lãnh đạo IOC",
                    at=now,
                )
                escalated.append(incident)
            session.commit()
        managers = self._emails_of_roles(("ioc_lead", "ioc_deputy"))
        notifications = []
        for incident in escalated:
            agency_email = (
                self._agency_email(incident.agency_code) if incident.state in ("forwarded", "in_progress") else None
            )
            overdue_days = self.policy.calendar.working_days_between(_utc(incident.deadline), now)
            context = {
                "incident_code": self.code_of(incident),
                "title": scrub_text(incident.title),
                "agency": self._agency_name(incident.agency_code) if incident.agency_code else "Trung tâm IOC",
                "deadline": incident.deadline,
                "overdue_days": overdue_days,
                **self._link(f"/incidents/{incident.id}"),
            }
            recipients = ([agency_email] if agency_email else []) + managers
            notifications.append(
                self._send(Notification("incident_overdue", recipients, context, key=f"overdue:{incident.id}"))
            )
        return notifications

    # ------------------------------------------------------------------ reading
    def get(self, incident_id: int, viewer: Principal) -> dict[str, Any]:
        """One incident as ``viewer`` may see it (personal data masked without the right)."""
        with self.store.session() as session:
            incident = session.get(Incident, incident_id)
        if incident is None:
            raise NotFound(f"Không có vụ việc {incident_id} (no such incident)")
        if not can_view_incident(viewer, incident):
            raise AccessDenied(f"Người dùng {viewer.username!r} không được xem vụ việc {incident_id}")
        return mask_incident(incident_record(incident), viewer)

    def list(
        self,
        viewer: Principal,
        *,
        state: str | Iterable[str] | None = None,
        domain: str | None = None,
        category: str | None = None,
        agency: str | None = None,
        hot: bool | None = None,
        citizen_reports: bool | None = None,
        include_duplicates: bool = True,
        limit: int = 500,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Incidents ``viewer`` may see, newest first, masked as needed."""
        query = self._scoped(select(Incident), viewer)
        if state:
            query = query.where(Incident.state.in_([state] if isinstance(state, str) else list(state)))
        for column, value in (
            (Incident.domain, domain),
            (Incident.category, category),
            (Incident.agency_code, agency),
            (Incident.hot, hot),
        ):
            if value is not None:
                query = query.where(column == value)
        if citizen_reports is not None:
            query = query.where(
                Incident.tracking_code.is_not(None) if citizen_reports else Incident.tracking_code.is_(None)
            )
        if not include_duplicates:
            query = query.where(Incident.duplicate_of.is_(None))
        query = query.order_by(Incident.received_at.desc(), Incident.id.desc()).limit(limit).offset(offset)
        with self.store.session() as session:
            rows = list(session.scalars(query))
        return [mask_incident(incident_record(r), viewer) for r in rows]

    def _scoped(self, query: Any, viewer: Principal) -> Any:
        if viewer.has("ioc_lead", "ioc_deputy", "leader", "sysadmin"):
            return query
        conditions = []
        if viewer.has("domain_staff") and viewer.domains:
            conditions.append(
                Incident.domain.is_not(None) if "*" in viewer.domains else Incident.domain.in_(list(viewer.domains))
            )
        if viewer.has("focal_point") and viewer.agency_code:
            conditions.append(Incident.agency_code == viewer.agency_code)
        return query.where(or_(*conditions)) if conditions else query.where(false())

    def command_incidents(self, viewer: Principal) -> list[dict[str, Any]]:
        """Hot or sensitive incidents still open, for the leadership command view."""
        if not viewer.has("leader", "ioc_lead", "ioc_deputy"):
            raise AccessDenied("Chỉ lãnh đạo và lãnh đạo IOC xem màn hình chỉ huy (leadership only)")
        open_states = sorted({s.value for s in STATE_LABELS_VI} - {"closed", "dismissed"})
        return self.list(viewer, hot=True, state=open_states)

    def history(self, incident_id: int, viewer: Principal) -> list[dict[str, Any]]:
        """The audit rows of one incident (actors and comments: staff only)."""
        self.get(incident_id, viewer)  # raises when not visible
        rows = audit.entries(self.store, entity=f"incident:{incident_id}")
        return [
            {
                "id": r.id,
                "at": audit.iso_utc(r.at),
                "actor": r.actor,
                "action": r.action,
                "state": (r.after or {}).get("state"),
                "comment": scrub_text(r.comment)
                if not viewer.has("ioc_lead", "ioc_deputy", "domain_staff")
                else r.comment,
                "before": r.before,
                "after": r.after,
            }
            for r in rows
        ]

    def find(self, *, tracking_code: str | None = None, token: str | None = None) -> Incident | None:
        """The citizen report with this tracking code or Open311 token."""
        column, value = (Incident.tracking_code, tracking_code) if tracking_code else (Incident.open311_token, token)
        if not value:
            return None
        with self.store.session() as session:
            return session.scalar(
                select(Incident).where(
                    column == value.strip().upper() if column is Incident.tracking_code else column == value
                )
            )

    def load(self, incident_id: int) -> Incident | None:
        """The ORM incident (unmasked: for internal callers only)."""
        with self.store.session() as session:
            return session.get(Incident, incident_id)

    def public_status(self, tracking_code: str) -> dict[str, Any]:
        """What a citizen sees for a tracking code: progress, never personal data.

        A report linked as a duplicate shows the progress of the report it joined.
        """
        incident = self.find(tracking_code=tracking_code)
        if incident is None:
            raise NotFound(f"Không tìm thấy phản ánh có mã {tracking_code!r} (tracking code not found)")
        primary = self.load(incident.duplicate_of) if incident.duplicate_of else None
        source = primary or incident
        steps = [
            {
                "at": audit.iso_utc(r.at),
                "state": r.after["state"],
                "label": STATE_LABELS_VI.get(r.after["state"], r.after["state"]),
            }
            for r in audit.entries(self.store, entity=f"incident:{source.id}")
            if r.after and r.after.get("state") and (r.before or {}).get("state") != r.after["state"]
        ]
        return {
            "tracking_code": incident.tracking_code,
            "category": incident.category,
            "state": source.state,
            "state_label": STATE_LABELS_VI.get(source.state, source.state),
            "finished": source.state in FINISHED_STATES,
            "received_at": audit.iso_utc(incident.received_at),
            "updated_at": audit.iso_utc(source.updated_at),
            "expected_by": audit.iso_utc(self.expected_by(source)) if self.expected_by(source) else None,
            "agency": self._agency_name(source.agency_code) if source.agency_code else None,
            "note": scrub_text(source.public_note),
            "address": mask_address(incident.address),
            "joined": primary.tracking_code if primary else None,
            "history": steps,
        }

    # ------------------------------------------------------------------ helpers
    def expected_by(self, incident: Incident) -> datetime | None:
        """When the citizen can expect a result: the agency deadline once forwarded,
        before that the receipt plus the category's whole SLA; ``None`` when finished."""
        if incident.state in FINISHED_STATES:
            return None
        if incident.state in ("forwarded", "in_progress", "dispatched", "on_scene") or incident.procedure != "timed":
            return _utc(incident.deadline)
        return self.policy.expected_resolution(incident.category, _utc(incident.received_at))

    @staticmethod
    def code_of(incident: Incident) -> str:
        """The code people use for an incident: the tracking code, else ``VV-<id>``."""
        return incident.tracking_code or f"VV-{incident.id}"

    def _agency_name(self, code: str | None) -> str:
        if not code:
            return ""
        if self.settings is not None:
            for agency in self.settings.site.agencies:
                if agency.code == code:
                    return agency.name
        return code

    def _agency_email(self, code: str | None) -> str | None:
        if not code or self.settings is None:
            return None
        for agency in self.settings.site.agencies:
            if agency.code == code:
                return agency.email
        return None

    def _emails_of_roles(self, roles: Iterable[str]) -> list[str]:

        wanted = set(roles)
        with self.store.session() as session:
            users = session.scalars(select(User).where(User.active.is_(True), User.email.is_not(None)))
            return sorted({u.email for u in users if wanted & set(u.roles or ())})

    def _link(self, path: str) -> dict[str, str]:
        return {"link": self.link_base.rstrip("/") + path} if self.link_base else {}

    def _send(self, notification: Notification) -> Notification:
        if self.notifier is not None and notification.recipients:
            try:
                notification.results = self.notifier.notify(
                    notification.recipients, notification.template, notification.context, key=notification.key
                )
            except Exception as error:  # noqa: BLE001 - a notification never undoes a committed step
                log.warning("notification %s failed: %s", notification.key, error)
        return notification


def notifier_from_settings(settings: Settings) -> Any | None:
    """An :class:`ioc.notify.Notifier` from the ``notify:`` section and ``IOC_SMTP_*`` variables.

    Keys: ``smtp_host``, ``smtp_port``, ``sender``, ``smtp_user``, ``starttls``; the
    password only from ``IOC_SMTP_PASSWORD``. Returns ``None`` when no host is set.
    """
    section = settings.notify
    host = os.environ.get("IOC_SMTP_HOST") or section.smtp_host
    if not host:
        return None
    port = int(os.environ.get("IOC_SMTP_PORT") or section.smtp_port)
    sender = os.environ.get("IOC_SMTP_SENDER") or section.sender
    user = os.environ.get("IOC_SMTP_USER") or section.smtp_user
    password = os.environ.get("IOC_SMTP_PASSWORD") if user else None
    email = EmailSender(host, port, sender, username=user, password=password, starttls=section.starttls)
    # No throttle: every forward or escalation is a distinct, required message.
    return Notifier(email=email)
