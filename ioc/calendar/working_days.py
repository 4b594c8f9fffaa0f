"""Working-day arithmetic on the Vietnamese calendar (deadlines, SLA counting).

A day is a working day unless it is a weekly rest day, a public holiday, a compensatory
day (nghỉ bù) or an extra day off from the year's official arrangement; a make-up working
day (ngày làm bù) is always a working day. Deadlines count whole working days: the
counting starts on the working day after the start date, so an incident received on
Friday with a 1-working-day deadline is due on Monday at the same time of day, and one
received on a holiday is counted from the first working day after it.

Datetimes that carry a time zone are interpreted in the site time zone
(the site profile's ``timezone``) and returned in their original zone; naive datetimes are
taken as site local time.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from ioc.calendar.holidays import (
    CULTURE_DAY_FROM,
    DAY_OFF,
    CalendarOverrides,
    Holiday,
    public_holidays,
)
from ioc.config import site_timezone

__all__ = ["WorkingCalendar"]

# add_working_days walks day by day; this bound turns a runaway count (a typo such as
# n=10**9) into a clear error instead of a hang. 20 000 working days is ~80 years.
_MAX_WORKING_DAYS = 20_000


class WorkingCalendar:
    """The Vietnamese working-day calendar with the yearly official arrangements.

    Parameters
    ----------
    overrides : CalendarOverrides, optional
        Official swaps and make-up days; None loads the bundled ``overrides.yaml``. Pass
        ``CalendarOverrides()`` for the statutory rules alone.
    weekend : iterable of int
        Weekly rest days, Monday = 0 (default Saturday and Sunday).
    time_zone : str, optional
        IANA zone in which aware datetimes are read (default: the site profile's).
    culture_day_from : int or None
        First year in which 24/11 is a holiday (see ``holidays.CULTURE_DAY_FROM``).

    Examples
    --------
    >>> cal = WorkingCalendar()
    >>> cal.add_working_days(datetime(2026, 2, 13, 9, 30), 5)   # Friday before Tết
    datetime.datetime(2026, 2, 27, 9, 30)
    """

    def __init__(
        self,
        overrides: CalendarOverrides | None = None,
        weekend: Iterable[int] = (5, 6),
        time_zone: str | None = None,
        culture_day_from: int | None = CULTURE_DAY_FROM,
    ):
        self.overrides = CalendarOverrides.default() if overrides is None else overrides
        self.weekend = frozenset(weekend)
        if not self.weekend <= set(range(7)) or len(self.weekend) > 6:
            raise ValueError(
                f"weekend phải là các số 0-6 (thứ Hai = 0) / "
                f"weekend must be weekday numbers 0-6, got {sorted(self.weekend)}"
            )
        self.time_zone = ZoneInfo(time_zone or site_timezone())
        self.culture_day_from = culture_day_from
        self._years: dict[int, tuple[dict[date, Holiday], frozenset[date]]] = {}

    def __repr__(self) -> str:
        return f"WorkingCalendar(weekend={sorted(self.weekend)}, override_years={sorted(self.overrides.years)})"

    # -- one year's days off -------------------------------------------------------

    def _year(self, year: int) -> tuple[dict[date, Holiday], frozenset[date]]:
        cached = self._years.get(year)
        if cached is None:
            cached = self._build_year(year)
            self._years[year] = cached
        return cached

    def _build_year(self, year: int) -> tuple[dict[date, Holiday], frozenset[date]]:
        arrangement = self.overrides.for_year(year)
        days_off: dict[date, Holiday] = {}
        for holiday in public_holidays(
            year,
            tet=arrangement.tet_days,
            adjacent=arrangement.national_day_adjacent,
            weekend=self.weekend,
            culture_day_from=self.culture_day_from,
        ):
            days_off.setdefault(holiday.date, holiday)
        # Make-up days and swapped days may be recorded under the year of the decision
        # (e.g. 31/12/2018 off for New Year 2019): index them by their own date.
        makeup = set()
        for other in (year - 1, year, year + 1):
            other_arrangement = self.overrides.for_year(other)
            makeup |= {d for d in other_arrangement.makeup_working_days if d.year == year}
            for day in sorted(other_arrangement.days_off):
                if day.year == year and day not in days_off:
                    days_off[day] = Holiday(
                        day, "Ngày nghỉ hoán đổi theo quyết định", "Day off swapped by official decision", DAY_OFF
                    )
        for day in makeup:
            days_off.pop(day, None)
        return days_off, frozenset(makeup)

    def holidays(self, year: int) -> list[Holiday]:
        """Every day off of ``year`` other than plain weekends, sorted by date.

        Includes statutory holidays (also those on a weekend), compensatory days and
        swapped days off; a day turned into a make-up working day is left out.
        """
        return sorted(self._year(year)[0].values())

    def makeup_working_days(self, year: int) -> list[date]:
        """The make-up working days (ngày làm bù) of ``year``."""
        return sorted(self._year(year)[1])

    def holiday(self, day: date | datetime) -> Holiday | None:
        """The :class:`Holiday` on ``day``, or None."""
        local = self._local_date(day)
        return self._year(local.year)[0].get(local)

    # -- queries and arithmetic ----------------------------------------------------

    def _local_date(self, value: date | datetime) -> date:
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                value = value.astimezone(self.time_zone)
            return value.date()
        if isinstance(value, date):
            return value
        raise TypeError(f"cần date hoặc datetime / expected date or datetime, got {type(value).__name__}")

    def is_working_day(self, day: date | datetime) -> bool:
        """True when ``day`` (its local date for a datetime) is a working day."""
        local = self._local_date(day)
        days_off, makeup = self._year(local.year)
        if local in makeup:
            return True
        return local.weekday() not in self.weekend and local not in days_off

    def next_working_day(self, day: date | datetime) -> date:
        """The first working day strictly after ``day``'s date."""
        return self._step(self._local_date(day), 1)

    def _step(self, day: date, direction: int) -> date:
        # No year has more than a few dozen consecutive days off; 400 catches a broken
        # configuration (for example every weekday declared a weekend) with a clear error.
        for _ in range(400):
            day += timedelta(days=direction)
            if self.is_working_day(day):
                return day
        raise ValueError(
            "không tìm thấy ngày làm việc trong 400 ngày; kiểm tra cấu hình lịch "
            "/ no working day within 400 days; check the calendar configuration"
        )

    def add_working_days(self, start: date | datetime, n: int) -> date | datetime:
        """The deadline ``n`` working days after ``start``.

        Parameters
        ----------
        start : date or datetime
            When the clock starts (e.g. the time an incident was forwarded).
        n : int
            Working days to add; negative counts backwards (the ``|n|``-th working day
            before ``start``), 0 returns ``start`` unchanged.

        Returns
        -------
        date or datetime
            Same type as ``start``; a datetime keeps its local time of day and time zone.
        """
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"n phải là số nguyên / n must be an int, got {n!r}")
        if abs(n) > _MAX_WORKING_DAYS:
            raise ValueError(f"n={n} quá lớn / too large (max {_MAX_WORKING_DAYS})")
        local_day = self._local_date(start)
        day = local_day
        for _ in range(abs(n)):
            day = self._step(day, 1 if n > 0 else -1)
        shift = day - local_day
        if isinstance(start, datetime):
            if start.tzinfo is None:
                return start + shift
            local = start.astimezone(self.time_zone)
            # Rebuild from the wall-clock time so the local time of day is kept exactly.
            moved = datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=self.time_zone)
            return moved.astimezone(start.tzinfo)
        return day

    def working_days_between(self, a: date | datetime, b: date | datetime) -> int:
        """Working days after ``a``'s date up to and including ``b``'s date.

        ``working_days_between(a, add_working_days(a, n)) == n`` for ``n >= 0``; the
        result is negative when ``b`` is before ``a``.
        """
        first, last = self._local_date(a), self._local_date(b)
        sign = 1
        if last < first:
            first, last, sign = last, first, -1
        count, day = 0, first
        while day < last:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return sign * count

    def working_days_in(self, year: int, month: int | None = None) -> list[date]:
        """All working days of a year (or of one month of it)."""
        if month is None:
            start, end = date(year, 1, 1), date(year + 1, 1, 1)
        else:
            start = date(year, month, 1)
            end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        days = (start + timedelta(days=i) for i in range((end - start).days))
        return [d for d in days if self.is_working_day(d)]
