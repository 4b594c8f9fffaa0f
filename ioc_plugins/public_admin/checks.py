"""Per-action violation checks of a dossier, one event at a time, on the working-day calendar.

:class:`DossierTracker` keeps the little state one dossier needs (when it was submitted,
its NgayHenTra, how many supplement requests, who holds the current step since when) and
:meth:`DossierTracker.apply` checks each event as it arrives, returning the
:class:`Violation` s it reveals. :meth:`DossierTracker.at_time` checks what only the clock
reveals (a dossier left overdue, a warning when little time is left, a step held too long).

The checks and where they come from:

==========================  ===================================================================
``late_reception``          online submission received later than ``reception_days`` working days
``overdue``                 processing finished (or still open) after NgayHenTra
``overdue_warning``         open, with ≤ ``warn_share`` of the working days to NgayHenTra left
``repeated_supplement``     more than one supplement request (Nghị định 61/2018, Điều 9)
``supplement_after_due``    supplement requested after NgayHenTra
``result_late``             result returned after NgayHenTra
``no_apology``              overdue without a phiếu xin lỗi issued by NgayHenTra (TT 01/2018/TT-VPCP)
``missing_reason``          paused or refused without a reason (Nghị định 61/2018, Điều 19)
``step_over_quota``         a step held by one officer longer than its quota (working days)
``withdrawal_after_due``    the citizen withdrew after NgayHenTra
==========================  ===================================================================

Working days are whole days of :class:`ioc.calendar.WorkingCalendar` (weekends, Tết and the
other public holidays, make-up days), counted like deadlines: after the start date up to and
including the end date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from ioc.calendar import WorkingCalendar
from ioc_plugins.public_admin.codes import ONLINE
from ioc_plugins.public_admin.config import PublicAdminConfig

#: kind → (Vietnamese title, severity).
KINDS: dict[str, tuple[str, str]] = {
    "late_reception": ("Tiếp nhận hồ sơ trực tuyến chậm", "warning"),
    "overdue": ("Hồ sơ xử lý quá hạn", "high"),
    "overdue_warning": ("Hồ sơ sắp đến hạn trả kết quả", "info"),
    "repeated_supplement": ("Yêu cầu bổ sung hồ sơ quá một lần", "high"),
    "supplement_after_due": ("Yêu cầu bổ sung sau khi đã quá hạn", "high"),
    "result_late": ("Trả kết quả trễ hẹn", "high"),
    "no_apology": ("Quá hạn nhưng không có phiếu xin lỗi", "warning"),
    "missing_reason": ("Dừng xử lý/từ chối không nêu lý do", "high"),
    "step_over_quota": ("Cán bộ giữ hồ sơ quá định mức", "warning"),
    "withdrawal_after_due": ("Rút hồ sơ sau khi đã quá hạn", "warning"),
}

#: Actions after which a dossier is no longer being processed.
_ENDING = ("finished", "paused", "refused", "withdrawn", "result_returned")


@dataclass(frozen=True)
class Violation:
    """One rule broken by one dossier."""

    kind: str
    dossier_code: str
    at: pd.Timestamp
    detail: str
    agency_code: str | None = None
    unit_code: str | None = None
    event_id: str | None = None
    value: float | None = None

    @property
    def title(self) -> str:
        return KINDS[self.kind][0]

    @property
    def severity(self) -> str:
        return KINDS[self.kind][1]


@dataclass
class DossierTracker:
    """The checking state of one dossier; feed it events in time order with :meth:`apply`."""

    code: str
    calendar: WorkingCalendar
    config: PublicAdminConfig = field(default_factory=PublicAdminConfig)
    channel: int | None = None
    submitted_at: datetime | None = None
    received_at: datetime | None = None
    due_at: datetime | None = None
    agency_code: str | None = None
    unit_code: str | None = None
    supplements: int = 0
    apology_at: datetime | None = None
    ended_at: datetime | None = None
    holder: tuple[str, str | None, datetime, float] | None = None
    fired: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)

    @classmethod
    def for_dossier(cls, row: dict[str, Any], calendar: WorkingCalendar, config: PublicAdminConfig) -> DossierTracker:
        """A tracker from a ``public_admin.dossiers`` row."""

        def stamp(value: Any) -> datetime | None:
            return None if value is None or pd.isna(value) else instant(value)

        channel = row.get("channel")
        return cls(
            code=str(row["code"]),
            calendar=calendar,
            config=config,
            channel=None if channel is None or pd.isna(channel) else int(channel),
            submitted_at=stamp(row.get("submitted_at")),
            received_at=stamp(row.get("received_at")),
            due_at=stamp(row.get("due_at")),
            agency_code=_text(row.get("agency_code")),
            unit_code=_text(row.get("unit_code")),
        )

    # ------------------------------------------------------------------ events
    def apply(self, event: dict[str, Any]) -> list[Violation]:
        """Check one event (a ``public_admin.dossier_events`` row); return what it violates."""
        event_id = _text(event.get("event_id"))
        if event_id is not None:
            if event_id in self.seen:
                return []  # a duplicate delivery: checked once
            self.seen.add(event_id)
        action, at = event["action"], instant(event["at"])
        found: list[Violation] = []

        def hit(kind: str, detail: str, value: float | None = None) -> None:
            if kind in self.fired:
                return
            self.fired.add(kind)
            found.append(
                Violation(kind, self.code, pd.Timestamp(at), detail, self.agency_code, self.unit_code, event_id, value)
            )

        late = self.due_at is not None and at > self.due_at
        still_open = self.ended_at is None or self.ended_at > self.due_at
        no_letter = self.apology_at is None or (self.due_at is not None and self.apology_at > self.due_at)
        if late and action != "apology_issued" and still_open and no_letter:
            hit("no_apology", "Hồ sơ quá hạn, không có phiếu xin lỗi và hẹn lại ngày trả kết quả trước hạn")
        if action == "submitted":
            self.submitted_at = at
        elif action == "received":
            self.received_at = at
            self._check_reception(at, hit)
        elif action in ("assigned", "transferred"):
            self._release(at, hit)
            quota = event.get("quota_days")
            quota = self.config.step_quota_days if quota is None or pd.isna(quota) else float(quota)
            self.holder = (_text(event.get("actor")) or "?", _text(event.get("step")), at, quota)
        elif action == "supplement_requested":
            self.supplements += 1
            self._release(at, hit)
            if self.supplements > self.config.max_supplements:
                hit("repeated_supplement", f"Yêu cầu bổ sung lần thứ {self.supplements}", self.supplements)
            if late:
                hit("supplement_after_due", "Yêu cầu bổ sung sau ngày hẹn trả")
        elif action == "apology_issued":
            self.apology_at = self.apology_at or at
        if action in ("paused", "refused") and not _text(event.get("stated_reason")):
            hit("missing_reason", "Dừng xử lý/từ chối tiếp nhận mà không có lý do")
        if action == "finished" and late:
            hit("overdue", "Hoàn thành xử lý sau ngày hẹn trả", self._days_late(at))
        if action == "result_returned" and late:
            hit("result_late", "Trả kết quả sau ngày hẹn trả", self._days_late(at))
        if action == "withdrawn" and late:
            hit("withdrawal_after_due", "Công dân rút hồ sơ sau ngày hẹn trả")
        if action in _ENDING:
            self._release(at, hit)
            if action != "result_returned" or self.ended_at is None:
                self.ended_at = self.ended_at or at
        return found

    def _check_reception(self, at: datetime, hit: Any) -> None:
        if self.submitted_at is None or self.channel not in (None, ONLINE):
            return
        limit = self.calendar.add_working_days(self.submitted_at, self.config.reception_days)
        if at > limit:
            days = self.calendar.working_days_between(self.submitted_at, at)
            hit("late_reception", f"Tiếp nhận sau {days} ngày làm việc kể từ khi nộp trực tuyến", days)

    def _release(self, at: datetime, hit: Any) -> None:
        """The current holder hands the dossier on at ``at``; check how long they held it."""
        if self.holder is None:
            return
        actor, step, since, quota = self.holder
        self.holder = None
        held = self.calendar.working_days_between(since, at)
        if held > quota:
            hit(
                "step_over_quota",
                f"Cán bộ {actor} giữ bước '{step or '—'}' {held} ngày làm việc (định mức {quota:g})",
                held,
            )

    def _days_late(self, at: datetime) -> float:
        return float(self.calendar.working_days_between(self.due_at, at))

    # ------------------------------------------------------------------ clock
    def at_time(self, now: pd.Timestamp) -> list[Violation]:
        """What the clock alone reveals at ``now`` for a dossier still being processed."""
        if self.ended_at is not None:
            return []
        now = instant(now)
        found: list[Violation] = []

        def hit(kind: str, detail: str, value: float | None = None) -> None:
            if kind not in self.fired:
                self.fired.add(kind)
                found.append(
                    Violation(kind, self.code, pd.Timestamp(now), detail, self.agency_code, self.unit_code, None, value)
                )

        if self.due_at is not None and now > self.due_at:
            hit("overdue", "Hồ sơ đang xử lý đã quá ngày hẹn trả", self._days_late(now))
            if self.apology_at is None or self.apology_at > self.due_at:
                hit("no_apology", "Hồ sơ quá hạn, không có phiếu xin lỗi và hẹn lại ngày trả kết quả trước hạn")
        elif self.due_at is not None and self.received_at is not None:
            total = self.calendar.working_days_between(self.received_at, self.due_at)
            left = self.calendar.working_days_between(now, self.due_at)
            if total > 0 and left <= self.config.warn_share * total:
                hit("overdue_warning", f"Còn {left}/{total} ngày làm việc đến hạn trả kết quả", left)
        if self.holder is not None:
            actor, step, since, quota = self.holder
            held = self.calendar.working_days_between(since, now)
            if held > quota:
                hit(
                    "step_over_quota",
                    f"Cán bộ {actor} đang giữ bước '{step or '—'}' {held} ngày làm việc (định mức {quota:g})",
                    held,
                )
        return found


def instant(value: Any) -> datetime:
    """An aware Python datetime (UTC when naive): the calendar reads these far faster than Timestamps."""
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    elif isinstance(value, str):
        value = datetime.fromisoformat(value)
    elif not isinstance(value, datetime):
        value = pd.Timestamp(value).to_pydatetime()
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _text(value: Any) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    value = str(value).strip()
    return value or None


def check_history(
    dossier: dict[str, Any],
    events: list[dict[str, Any]],
    calendar: WorkingCalendar,
    config: PublicAdminConfig | None = None,
    now: pd.Timestamp | None = None,
) -> list[Violation]:
    """Every violation of one dossier: its events replayed in time order, then the clock at ``now``."""
    tracker = DossierTracker.for_dossier(dossier, calendar, config or PublicAdminConfig())
    found: list[Violation] = []
    for event in sorted(events, key=lambda e: (instant(e["at"]), str(e.get("event_id")))):
        found.extend(tracker.apply(event))
    if now is not None:
        found.extend(tracker.at_time(now))
    return found
