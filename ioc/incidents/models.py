"""The incident record of the state store (table ``incidents``).

An incident is opened from an alert (a rule, a citizen report, a camera event, a post,
a security sensor or a staff entry) and follows one of the two procedures of
:mod:`ioc.incidents.workflow`. Citizen reports are incidents with a public
``tracking_code``; the reporter's contact details are personal data (PII) and are
masked for roles without the right (see :mod:`ioc.auth`).

The schema is created by the migration ``0002_incidents``; this module only maps it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ioc.store import Base, iso_utc, utcnow

#: Where incidents come from (``Alert.origin`` uses the same words).
ORIGINS = ("rule", "citizen_report", "camera", "post", "security", "staff")

#: Channels a citizen report arrives through (Điều 6.3).
CHANNELS = ("web", "email", "hotline", "open311", "app", "staff")

#: Columns holding personal data; masked for roles without the PII right.
PII_FIELDS = ("reporter_name", "reporter_phone", "reporter_email", "reporter_national_id", "address")

#: States in which nobody is working on the incident any more.
FINISHED_STATES = ("resolved", "closed", "dismissed")


class Incident(Base):
    """One incident, its procedure state, deadline and (for citizen reports) reporter."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    alert_id: Mapped[int | None] = mapped_column(Integer, index=True)
    procedure: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), index=True)
    domain: Mapped[str] = mapped_column(String(60), index=True)
    category: Mapped[str] = mapped_column(String(60), index=True)
    origin: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    severity: Mapped[str] = mapped_column(String(20), default="warning")
    hot: Mapped[bool] = mapped_column(Boolean, default=False, index=True)

    # Public identity of a citizen report: the code the citizen types, the Open311 token.
    tracking_code: Mapped[str | None] = mapped_column(String(24), unique=True)
    open311_token: Mapped[str | None] = mapped_column(String(40), unique=True)
    duplicate_of: Mapped[int | None] = mapped_column(Integer, index=True)

    unit_code: Mapped[str | None] = mapped_column(String(20), index=True)
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(Text)
    media_url: Mapped[str | None] = mapped_column(Text)
    reporter_name: Mapped[str | None] = mapped_column(Text)
    reporter_phone: Mapped[str | None] = mapped_column(String(40))
    reporter_email: Mapped[str | None] = mapped_column(String(200))
    reporter_national_id: Mapped[str | None] = mapped_column(String(20))

    suggested_agency: Mapped[str | None] = mapped_column(String(40))
    agency_code: Mapped[str | None] = mapped_column(String(40), index=True)
    public_note: Mapped[str | None] = mapped_column(Text)

    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    deadline: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    forwarded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    on_time: Mapped[bool | None] = mapped_column(Boolean)
    overdue: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(100), default="system")
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    def snapshot(self) -> dict[str, Any]:
        """The fields a state change can touch, as JSON-ready values (audit before/after)."""
        return {
            "state": self.state,
            "agency_code": self.agency_code,
            "deadline": _iso(self.deadline),
            "overdue": bool(self.overdue),
            "public_note": self.public_note,
            "duplicate_of": self.duplicate_of,
        }

    def __repr__(self) -> str:
        return f"Incident(id={self.id}, {self.procedure}/{self.state}, {self.category!r})"


def _iso(value: datetime | None) -> str | None:

    return None if value is None else iso_utc(value)
