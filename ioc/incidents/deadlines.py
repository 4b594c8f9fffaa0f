"""Deadlines (hạn xử lý) per category and the escalation of overdue incidents.

A timed incident has two clocks, both counted in **working days** on the Vietnamese
calendar (:class:`ioc.calendar.WorkingCalendar`: weekends, Tết and other holidays,
make-up days):

* from receipt, the IOC has ``verify_days`` to verify, get approval and forward it
  (Điều 14: "forward to the agency quickly");
* from forwarding, the agency has ``resolve_days`` to resolve it.

An immediate incident runs around the clock: the field force is due on scene
``response_minutes`` after receipt (or dispatch).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from ioc.calendar import WorkingCalendar


@dataclass(frozen=True)
class Sla:
    """The service level of one incident category.

    Attributes
    ----------
    verify_days
        Working days from receipt to forwarding (timed procedure).
    resolve_days
        Working days the agency has after forwarding (timed procedure).
    response_minutes
        Minutes from receipt or dispatch to the field force on scene (immediate procedure).
    """

    verify_days: int = 1
    resolve_days: int = 5
    response_minutes: int = 30

    def __post_init__(self) -> None:
        for name in ("verify_days", "resolve_days", "response_minutes"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"SLA {name} phải là số nguyên dương (must be a positive integer), got {value!r}")

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> Sla:
        """Build from a config mapping; unknown keys are an error that lists the valid ones."""
        unknown = set(raw) - {"verify_days", "resolve_days", "response_minutes"}
        if unknown:
            raise ValueError(
                f"SLA: khóa không hợp lệ {sorted(unknown)} (valid: verify_days, resolve_days, response_minutes)"
            )
        return cls(**{k: int(v) for k, v in raw.items()})


#: The SLA used for a category nobody configured.
DEFAULT_SLA = Sla()


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class DeadlinePolicy:
    """Computes deadlines from the per-category SLA table and the working-day calendar.

    Parameters
    ----------
    slas
        Category → :class:`Sla`; categories not listed get ``default``.
    calendar
        The working-day calendar (the bundled Vietnamese one by default).
    """

    def __init__(
        self, slas: Mapping[str, Sla] | None = None, calendar: WorkingCalendar | None = None, default: Sla = DEFAULT_SLA
    ) -> None:
        self.slas = dict(slas or {})
        self.calendar = calendar or WorkingCalendar()
        self.default = default

    def sla(self, category: str) -> Sla:
        """The SLA of ``category`` (the default when not configured)."""
        return self.slas.get(category, self.default)

    def intake_deadline(self, procedure: str, category: str, received_at: datetime) -> datetime:
        """When a new incident must be forwarded (timed) or reached on scene (immediate)."""
        sla = self.sla(category)
        if str(procedure) == "immediate":
            return _utc(received_at) + timedelta(minutes=sla.response_minutes)
        return _utc(self.calendar.add_working_days(_utc(received_at), sla.verify_days))

    def forward_deadline(self, category: str, forwarded_at: datetime) -> datetime:
        """When the agency must have resolved an incident forwarded at ``forwarded_at``."""
        return _utc(self.calendar.add_working_days(_utc(forwarded_at), self.sla(category).resolve_days))

    def dispatch_deadline(self, category: str, dispatched_at: datetime) -> datetime:
        """When the field force must be on scene after a dispatch."""
        return _utc(dispatched_at) + timedelta(minutes=self.sla(category).response_minutes)

    def expected_resolution(self, category: str, received_at: datetime) -> datetime:
        """When a timed report should be resolved if every step takes its full SLA."""
        sla = self.sla(category)
        return _utc(self.calendar.add_working_days(_utc(received_at), sla.verify_days + sla.resolve_days))

    def remaining(self, deadline: datetime | None, now: datetime) -> timedelta | None:
        """Time left until ``deadline`` (negative when overdue; ``None`` without one)."""
        return None if deadline is None else _utc(deadline) - _utc(now)
