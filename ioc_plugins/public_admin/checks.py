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
``missing_reason``          paused or refused without a reason (Nghị định 61/2018, Điều 19); not
                            for a stop only implied by the status sync (:mod:`.derive`)
``step_over_quota``         a step held by one officer longer than its quota (working days)
``withdrawal_after_due``    the citizen withdrew after NgayHenTra
==========================  ===================================================================

Working days are whole days of :class:`ioc.calendar.WorkingCalendar` (weekends, Tết and the
other public holidays, make-up days), counted like deadlines: after the start date up to and
including the end date.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pandas as pd

from ioc.calendar import WorkingCalendar
from ioc_plugins.public_admin.codes import ACTIONS, ONLINE
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
_ENDING = frozenset(("finished", "paused", "refused", "withdrawn", "result_returned"))
_NEED_REASON = frozenset(("paused", "refused"))
_HANDOVER = frozenset(("assigned", "transferred"))
#: Action → the status it leads to (actions that change none are left out).
_LEADS_TO = {action: status for action, (_, status, _) in ACTIONS.items() if status is not None}


class WorkingDayIndex:
    """Working-day arithmetic of a :class:`~ioc.calendar.WorkingCalendar` in O(1) per call.

    The calendar walks day by day (``working_days_between`` over a step held three weeks
    looks at 21 days, each a dictionary look-up and a time-zone conversion); the per-event
    checks call it on nearly every event. This index keeps, for a contiguous run of whole
    years, the number of working days up to each local date (a prefix sum taken from
    :meth:`WorkingCalendar.is_working_day`, so weekends, Tết, swapped and make-up days are
    exactly the calendar's), and answers with one subtraction or one bisection. It grows
    by whole years when a date falls outside. Results equal the calendar's (pinned in
    ``test_pa_checks.py`` across the Tết weeks).
    """

    def __init__(self, calendar: WorkingCalendar):
        self.calendar = calendar
        self.zone = calendar.time_zone
        self._first = 0  # ordinal of the first indexed date
        self._counts: list[int] = []  # working days in [first, first + i], inclusive

    def _build(self, first_year: int, last_year: int) -> None:
        first, last = date(first_year, 1, 1).toordinal(), date(last_year, 12, 31).toordinal()
        is_working, total, counts = self.calendar.is_working_day, 0, []
        for ordinal in range(first, last + 1):
            total += is_working(date.fromordinal(ordinal))
            counts.append(total)
        self._first, self._counts = first, counts

    def _offset(self, day: date) -> int:
        """Position of ``day`` in the prefix list, growing the index to cover it (± a year)."""
        offset = day.toordinal() - self._first
        if offset < 0 or offset >= len(self._counts):
            years = [day.year - 1, day.year + 1]
            if self._counts:
                years += [
                    date.fromordinal(self._first).year,
                    date.fromordinal(self._first + len(self._counts) - 1).year,
                ]
            self._build(min(years), max(years))
            offset = day.toordinal() - self._first
        return offset

    def local_date(self, at: datetime) -> date:
        """The site-local date of an aware ``at`` (a naive one is taken as local already)."""
        return (at.astimezone(self.zone) if at.tzinfo is not None else at).date()

    def between(self, a: datetime, b: datetime) -> int:
        """:meth:`WorkingCalendar.working_days_between`: working days after ``a``'s date up to ``b``'s."""
        zone, counts = self.zone, self._counts
        i = (a.astimezone(zone) if a.tzinfo is not None else a).toordinal() - self._first
        j = (b.astimezone(zone) if b.tzinfo is not None else b).toordinal() - self._first
        if 0 <= i < len(counts) and 0 <= j < len(counts):  # the common case, without a call
            return counts[j] - counts[i]
        first, last = self.local_date(a), self.local_date(b)
        self._offset(first)
        j = self._offset(last)  # growing for ``last`` keeps ``first`` inside, but may move the origin
        return self._counts[j] - self._counts[first.toordinal() - self._first]

    def add(self, start: datetime, n: int) -> datetime:
        """:meth:`WorkingCalendar.add_working_days` of a datetime ``start`` (the calendar's for ``n <= 0``)."""
        if n <= 0:
            return self.calendar.add_working_days(start, n)
        local = start.astimezone(self.zone) if start.tzinfo is not None else start
        day = local.date()
        self._offset(day)
        self._offset(date(day.year + 1 + n // 200, 12, 31))  # the n-th working day after ``day`` is indexed
        at = day.toordinal() - self._first
        # the first date whose count reaches count(day) + n is the n-th working day after it
        found = date.fromordinal(self._first + bisect_left(self._counts, self._counts[at] + n, at))
        if start.tzinfo is None:
            return start + (found - day)
        # rebuilt from the wall-clock time, like the calendar, so the local time of day is kept
        return datetime.combine(found, local.time().replace(tzinfo=None), tzinfo=self.zone).astimezone(start.tzinfo)


#: id(calendar) → its index; the index holds the calendar, so an id is never reused while cached
#: (a plain dict: a WeakKeyDictionary look-up costs more than the whole tracker set-up).
_INDEXES: dict[int, WorkingDayIndex] = {}


def working_day_index(calendar: WorkingCalendar) -> WorkingDayIndex:
    """The (shared) :class:`WorkingDayIndex` of ``calendar``."""
    index = _INDEXES.get(id(calendar))
    if index is None or index.calendar is not calendar:
        if len(_INDEXES) >= 32:  # calendars are few (one per site zone); tests make more
            _INDEXES.clear()
        index = _INDEXES[id(calendar)] = WorkingDayIndex(calendar)
    return index


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


@dataclass(slots=True)
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
    #: The status the events applied so far led to.
    status: int | None = None
    fired: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)
    _days: WorkingDayIndex = field(init=False, repr=False, compare=False)
    _found: list[Violation] = field(init=False, repr=False, compare=False)

    @classmethod
    def for_dossier(cls, row: dict[str, Any], calendar: WorkingCalendar, config: PublicAdminConfig) -> DossierTracker:
        """A tracker from a ``public_admin.dossiers`` row."""

        channel = row.get("channel")
        return cls(
            code=str(row["code"]),
            calendar=calendar,
            config=config,
            channel=None if channel is None or channel is pd.NA or channel != channel else int(channel),
            submitted_at=_stamp(row.get("submitted_at")),
            received_at=_stamp(row.get("received_at")),
            due_at=_stamp(row.get("due_at")),
            agency_code=_text(row.get("agency_code")),
            unit_code=_text(row.get("unit_code")),
        )

    def __post_init__(self) -> None:
        self._days = working_day_index(self.calendar)
        self._found = []

    def _hit(self, kind: str, at: datetime, detail: str, event_id: str | None, value: float | None = None) -> None:
        if kind in self.fired:
            return
        self.fired.add(kind)
        self._found.append(
            Violation(kind, self.code, pd.Timestamp(at), detail, self.agency_code, self.unit_code, event_id, value)
        )

    # ------------------------------------------------------------------ events
    def apply(self, event: dict[str, Any]) -> list[Violation]:
        """Check one event (a ``public_admin.dossier_events`` row); return what it violates.

        The hot path of the per-event checks: plain comparisons, set look-ups and the O(1)
        working-day arithmetic of :class:`WorkingDayIndex`; nothing is built unless a rule fires.
        """
        event_id = _text(event.get("event_id"))
        if event_id is not None:
            if event_id in self.seen:
                return []  # a duplicate delivery: checked once
            self.seen.add(event_id)
        action, at = event["action"], instant(event["at"])
        leads_to = _LEADS_TO.get(action)
        if leads_to is not None:
            if leads_to == self.status and _text(event.get("implied_by")):
                return []  # the sync implied a change the events already made (see .derive)
            self.status = leads_to
        self._found = found = []
        due_at = self.due_at
        late = due_at is not None and at > due_at
        if late and action != "apology_issued":
            still_open = self.ended_at is None or self.ended_at > due_at
            no_letter = self.apology_at is None or self.apology_at > due_at
            if still_open and no_letter:
                self._hit(
                    "no_apology",
                    at,
                    "Hồ sơ quá hạn, không có phiếu xin lỗi và hẹn lại ngày trả kết quả trước hạn",
                    event_id,
                )
        if action == "submitted":
            self.submitted_at = at
        elif action == "received":
            self.received_at = at
            self._check_reception(at, event_id)
        elif action in _HANDOVER:
            self._release(at, event_id)
            quota = event.get("quota_days")
            quota = self.config.step_quota_days if quota is None or quota is pd.NA or quota != quota else float(quota)
            self.holder = (_text(event.get("actor")) or "?", _text(event.get("step")), at, quota)
        elif action == "supplement_requested":
            self.supplements += 1
            self._release(at, event_id)
            if self.supplements > self.config.max_supplements:
                self._hit(
                    "repeated_supplement", at, f"Yêu cầu bổ sung lần thứ {self.supplements}", event_id, self.supplements
                )
            if late:
                self._hit("supplement_after_due", at, "Yêu cầu bổ sung sau ngày hẹn trả", event_id)
        elif action == "apology_issued":
            self.apology_at = self.apology_at or at
        elif action in _ENDING:
            # a stop only implied by the portal's status sync has no reason field to check (see .derive)
            if action in _NEED_REASON and not _text(event.get("stated_reason")) and not _text(event.get("implied_by")):
                self._hit("missing_reason", at, "Dừng xử lý/từ chối tiếp nhận mà không có lý do", event_id)
            if late:
                if action == "finished":
                    self._hit("overdue", at, "Hoàn thành xử lý sau ngày hẹn trả", event_id, self._days_late(at))
                elif action == "result_returned":
                    self._hit("result_late", at, "Trả kết quả sau ngày hẹn trả", event_id, self._days_late(at))
                elif action == "withdrawn":
                    self._hit("withdrawal_after_due", at, "Công dân rút hồ sơ sau ngày hẹn trả", event_id)
            self._release(at, event_id)
            if action != "result_returned" or self.ended_at is None:
                self.ended_at = self.ended_at or at
        return found

    def _check_reception(self, at: datetime, event_id: str | None) -> None:
        if self.submitted_at is None or self.channel not in (None, ONLINE):
            return
        limit = self._days.add(self.submitted_at, self.config.reception_days)
        if at > limit:
            days = self._days.between(self.submitted_at, at)
            self._hit(
                "late_reception", at, f"Tiếp nhận sau {days} ngày làm việc kể từ khi nộp trực tuyến", event_id, days
            )

    def _release(self, at: datetime, event_id: str | None) -> None:
        """The current holder hands the dossier on at ``at``; check how long they held it."""
        if self.holder is None:
            return
        actor, step, since, quota = self.holder
        self.holder = None
        held = self._days.between(since, at)
        if held > quota:
            self._hit(
                "step_over_quota",
                at,
                f"Cán bộ {actor} giữ bước '{step or '—'}' {held} ngày làm việc (định mức {quota:g})",
                event_id,
                held,
            )

    def _days_late(self, at: datetime) -> float:
        return float(self._days.between(self.due_at, at))

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
            total = self._days.between(self.received_at, self.due_at)
            left = self._days.between(now, self.due_at)
            if total > 0 and left <= self.config.warn_share * total:
                hit("overdue_warning", f"Còn {left}/{total} ngày làm việc đến hạn trả kết quả", left)
        if self.holder is not None:
            actor, step, since, quota = self.holder
            held = self._days.between(since, now)
            if held > quota:
                hit(
                    "step_over_quota",
                    f"Cán bộ {actor} đang giữ bước '{step or '—'}' {held} ngày làm việc (định mức {quota:g})",
                    held,
                )
        return found


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def instant(value: Any) -> datetime:
    """An aware Python datetime (UTC when naive): the calendar reads these far faster than Timestamps."""
    if type(value) is datetime and value.tzinfo is not None:
        return value  # the common case, first
    if isinstance(value, pd.Timestamp):
        # the same instant, in UTC, from its nanoseconds: several times faster than to_pydatetime()
        return _EPOCH + timedelta(microseconds=value.value // 1000)
    elif isinstance(value, str):
        value = datetime.fromisoformat(value)
    elif not isinstance(value, datetime):
        value = pd.Timestamp(value).to_pydatetime()
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _stamp(value: Any) -> datetime | None:
    return None if value is None or value is pd.NA or value != value else instant(value)


def _text(value: Any) -> str | None:
    if type(value) is str:
        return value.strip() or None
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
    for event in sorted(events, key=event_order):
        found.extend(tracker.apply(event))
    if now is not None:
        found.extend(tracker.at_time(now))
    return found


def event_order(event: dict[str, Any]) -> tuple[datetime, str]:
    """Replay order of a dossier's events: time, then event id (ties broken the same way every time)."""
    return instant(event["at"]), str(event.get("event_id"))


def new_violations(
    dossier: dict[str, Any],
    events: list[dict[str, Any]],
    new_ids: set[str],
    calendar: WorkingCalendar,
    config: PublicAdminConfig | None = None,
) -> list[Violation]:
    """The violations the events ``new_ids`` reveal in a dossier's whole history ``events``.

    Those of the history without the new events were reported before; an event arriving late
    (out of order) can reveal a violation attributed to an older event, so the new history is
    replayed in time order and the kinds the old one already had are left out. When every new
    event comes after every old one (the live stream), one replay does both: the old events
    first, then the new ones, whose hits are exactly the new kinds.
    """
    config = config or PublicAdminConfig()
    old = [e for e in events if str(e["event_id"]) not in new_ids]
    new = [e for e in events if str(e["event_id"]) in new_ids]
    if old and new and max(map(event_order, old)) >= min(map(event_order, new)):
        before = {v.kind for v in check_history(dossier, old, calendar, config)}
        return [v for v in check_history(dossier, events, calendar, config) if v.kind not in before]
    tracker = DossierTracker.for_dossier(dossier, calendar, config)
    for event in sorted(old, key=event_order):
        tracker.apply(event)
    found: list[Violation] = []
    for event in sorted(new, key=event_order):
        found.extend(tracker.apply(event))
    return found
