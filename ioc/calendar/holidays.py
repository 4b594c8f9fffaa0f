"""Vietnamese public holidays and the yearly official day-off arrangements.

The statutory holidays are those of the Labour Code 2019 (Bộ luật Lao động 45/2019/QH14),
Art. 112, with paid leave:

* Tết Dương lịch: 1 day (1/1);
* Tết Âm lịch: 5 days; the Prime Minister fixes which ones each year. Default here: the
  last day of the old lunar year and the first four days of the new one;
* Ngày Chiến thắng: 1 day (30/4); Ngày Quốc tế Lao động: 1 day (1/5);
* Quốc khánh: 2 days (2/9 and one adjacent day, 1/9 or 3/9, chosen each year);
* Giỗ Tổ Hùng Vương: 1 day (10/3 lunar).

From 2026 Ngày Văn hóa Việt Nam (24/11) is treated as a paid holiday too (Politburo
Resolution 80-NQ/TW, as reported in January 2026; see ``CULTURE_DAY_FROM``).

Art. 111(3): when a weekly rest day coincides with a holiday, the worker takes the next
working day off instead (nghỉ bù). For Tết the government's yearly decisions since 2014
have consistently moved a Saturday inside the Tết block to the working day *before* it and
a Sunday to the working day *after* it (e.g. 2023: 20/01-26/01; 2024: 08/02-14/02); the
default Tết rule follows that practice.

Each year the government also swaps days (a bridge day off paid back by working a
Saturday). Those decisions are data, not rules: :class:`CalendarOverrides`, loaded from a
mapping or YAML (the bundled ``overrides.yaml`` holds the arrangements known so far).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ioc.calendar.lunar import lunar_new_year, lunar_to_solar, solar_to_lunar, year_name

__all__ = [
    "Holiday",
    "YearOverrides",
    "CalendarOverrides",
    "public_holidays",
    "tet_days",
    "national_day_adjacent",
    "CULTURE_DAY_FROM",
    "PUBLIC_HOLIDAY",
    "COMPENSATORY",
    "DAY_OFF",
]

#: Kinds of days off listed by :func:`public_holidays` and ``WorkingCalendar.holidays``.
PUBLIC_HOLIDAY, COMPENSATORY, DAY_OFF = "public_holiday", "compensatory", "day_off"

#: First year in which 24/11 (Ngày Văn hóa Việt Nam) is a paid day off. Politburo
#: Resolution 80-NQ/TW (January 2026) chose 24/11 as Vietnam Culture Day with paid leave;
#: the implementing amendment to the Labour Code was not checked here. Set to None on a
#: calendar-wide basis by passing ``culture_day_from=None`` where that is not wanted.
CULTURE_DAY_FROM: int | None = 2026

# Weekday of 2/9 (Monday = 0) -> day of September taken as the adjacent holiday. This is
# the pattern of the announcements since the 2019 code took effect (2021: Thu -> 3/9,
# 2022: Fri -> 1/9, 2023: Sat -> 1/9, 2024: Mon -> 3/9, 2025: Tue -> 1/9): pick a weekday
# that joins the weekend. Wednesday has no such day; 1/9 is assumed (2026 announced 1/9).
_NATIONAL_DAY_ADJACENT = {0: 3, 1: 1, 2: 1, 3: 3, 4: 1, 5: 1, 6: 3}


@dataclass(frozen=True, order=True)
class Holiday:
    """One day off on the calendar.

    Attributes
    ----------
    date : datetime.date
    name_vi, name_en : str
        Display names (Vietnamese is what users see).
    kind : str
        ``"public_holiday"`` (a statutory holiday), ``"compensatory"`` (nghỉ bù for a
        holiday on a weekend) or ``"day_off"`` (a swapped/bridge day from a decision).
    """

    date: date
    name_vi: str
    name_en: str
    kind: str = PUBLIC_HOLIDAY


def _parse_date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value if type(value) is date else value.date()  # datetime -> date
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(
        f"{where}: ngày không hợp lệ {value!r}, cần dạng YYYY-MM-DD / invalid date {value!r}, expected YYYY-MM-DD"
    )


@dataclass(frozen=True)
class YearOverrides:
    """The official arrangement of days off for one year.

    Attributes
    ----------
    days_off : frozenset of date
        Extra days off (ngày nghỉ hoán đổi, bridge days).
    makeup_working_days : frozenset of date
        Days worked to pay for them (ngày làm bù), usually Saturdays; a make-up day is a
        working day whatever else the calendar says.
    tet_days : tuple of date or None
        The statutory Tết days as decided for the year; None means the default rule.
    national_day_adjacent : date or None
        1/9 or 3/9, the day added to 2/9; None means the default rule.
    note : str
        Where the arrangement comes from (free text).
    """

    days_off: frozenset[date] = frozenset()
    makeup_working_days: frozenset[date] = frozenset()
    tet_days: tuple[date, ...] | None = None
    national_day_adjacent: date | None = None
    note: str = ""

    _KEYS = ("days_off", "makeup_working_days", "tet_days", "national_day_adjacent", "note")

    @classmethod
    def from_mapping(cls, year: int, mapping: Mapping[str, Any]) -> YearOverrides:
        """Build and validate one year's entry (see :meth:`CalendarOverrides.from_mapping`)."""
        where = f"overrides[{year}]"
        if not isinstance(mapping, Mapping):
            raise ValueError(f"{where}: cần một bảng khóa/giá trị / expected a mapping")
        unknown = sorted(set(mapping) - set(cls._KEYS))
        if unknown:
            raise ValueError(
                f"{where}: khóa không hỗ trợ {unknown}; các khóa hợp lệ: {list(cls._KEYS)} / "
                f"unknown keys {unknown}; valid keys: {list(cls._KEYS)}"
            )

        def dates(key: str) -> list[date]:
            values = mapping.get(key) or []
            if isinstance(values, (str, date)):
                values = [values]
            return [_parse_date(v, f"{where}.{key}") for v in values]

        days_off, makeup = dates("days_off"), dates("makeup_working_days")
        clash = sorted(set(days_off) & set(makeup))
        if clash:
            raise ValueError(
                f"{where}: ngày vừa là ngày nghỉ vừa là ngày làm bù: {clash} / "
                f"dates listed both as day off and make-up working day: {clash}"
            )
        tet = dates("tet_days") if mapping.get("tet_days") is not None else None
        if tet is not None and (not tet or len(set(tet)) != len(tet)):
            raise ValueError(
                f"{where}.tet_days: cần danh sách ngày không trùng / expected a non-empty list of distinct dates"
            )
        adjacent = mapping.get("national_day_adjacent")
        if adjacent is not None:
            adjacent = _parse_date(adjacent, f"{where}.national_day_adjacent")
            if adjacent not in (date(year, 9, 1), date(year, 9, 3)):
                raise ValueError(
                    f"{where}.national_day_adjacent: phải là 01/09 hoặc 03/09/{year}, "
                    f"không phải {adjacent:%d/%m/%Y} / must be 1 or 3 September {year}"
                )
        return cls(
            frozenset(days_off),
            frozenset(makeup),
            tuple(sorted(tet)) if tet is not None else None,
            adjacent,
            str(mapping.get("note") or ""),
        )


@dataclass(frozen=True)
class CalendarOverrides:
    """Yearly official arrangements (swaps, make-up days, chosen Tết and 2/9 days).

    Parameters
    ----------
    years : mapping of int to YearOverrides

    Examples
    --------
    >>> o = CalendarOverrides.from_mapping(
    ...     {2025: {"days_off": ["2025-05-02"], "makeup_working_days": ["2025-04-26"]}})
    >>> o.for_year(2025).days_off
    frozenset({datetime.date(2025, 5, 2)})
    """

    years: Mapping[int, YearOverrides] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, mapping: Mapping[Any, Any] | None) -> CalendarOverrides:
        """Read ``{year: {"days_off": [...], "makeup_working_days": [...], ...}}``.

        Keys per year: ``days_off``, ``makeup_working_days``, ``tet_days``,
        ``national_day_adjacent``, ``note``. Dates are ISO strings or ``date`` objects.
        """
        if mapping is None:
            return cls({})
        if not isinstance(mapping, Mapping):
            raise ValueError("overrides: cần bảng {năm: {...}} / expected {year: {...}}")
        years: dict[int, YearOverrides] = {}
        for key, value in mapping.items():
            try:
                year = int(key)
            except (TypeError, ValueError):
                raise ValueError(f"overrides: khóa năm không hợp lệ {key!r} / invalid year key {key!r}") from None
            years[year] = YearOverrides.from_mapping(year, value or {})
        return cls(years)

    @classmethod
    def from_yaml(cls, path: str | Path) -> CalendarOverrides:
        """Load a YAML file shaped like the bundled ``overrides.yaml``."""

        with open(path, encoding="utf-8") as handle:
            return cls.from_mapping(yaml.safe_load(handle))

    @classmethod
    def default(cls) -> CalendarOverrides:
        """The arrangements bundled with the package (``ioc/calendar/overrides.yaml``)."""

        return cls.from_mapping(_bundled_overrides())

    def for_year(self, year: int) -> YearOverrides:
        """The arrangement for ``year`` (empty when none is recorded)."""
        return self.years.get(year, YearOverrides())

    def merged(self, other: CalendarOverrides) -> CalendarOverrides:
        """A copy where each year in ``other`` replaces the same year here."""
        return CalendarOverrides({**self.years, **other.years})


@functools.cache
def _bundled_overrides() -> Any:
    """The bundled YAML, parsed once per process (a deadline policy is built per desk and
    request; PyYAML's pure-Python parser took 27 ms each time). Read only: ``from_mapping`` copies."""
    return yaml.safe_load(resources.files("ioc.calendar").joinpath("overrides.yaml").read_text("utf-8"))


def tet_days(year: int) -> list[date]:
    """Default statutory Tết days of ``year``: the last lunar day of the old year + mùng 1-4."""
    new_year = lunar_new_year(year)
    return [new_year + timedelta(days=offset) for offset in range(-1, 4)]


def national_day_adjacent(year: int) -> date:
    """Default day added to Quốc khánh 2/9 (see ``_NATIONAL_DAY_ADJACENT``)."""
    return date(year, 9, _NATIONAL_DAY_ADJACENT[date(year, 9, 2).weekday()])


def _tet_name(day: date) -> tuple[str, str]:
    lunar = solar_to_lunar(day)
    if lunar.month == 12:
        vi, en = f"{lunar.day} tháng Chạp", f"day {lunar.day} of the 12th lunar month"
    else:
        vi, en = f"mùng {lunar.day} tháng Giêng", f"day {lunar.day} of the new lunar year"
    new_year = lunar.year + 1 if lunar.month == 12 else lunar.year
    return (f"Tết Nguyên đán {year_name(new_year)} ({vi})", f"Lunar New Year ({en})")


def _statutory_days(year: int, tet: Iterable[date], adjacent: date, culture_day_from: int | None) -> list[Holiday]:
    days = [Holiday(date(year, 1, 1), "Tết Dương lịch", "New Year's Day")]
    days += [Holiday(d, *_tet_name(d)) for d in tet]
    days += [
        Holiday(lunar_to_solar(year, 3, 10), "Giỗ Tổ Hùng Vương (10/3 âm lịch)", "Hung Kings' Commemoration Day"),
        Holiday(date(year, 4, 30), "Ngày Chiến thắng (Giải phóng miền Nam, thống nhất đất nước)", "Reunification Day"),
        Holiday(date(year, 5, 1), "Ngày Quốc tế Lao động", "International Labour Day"),
        Holiday(date(year, 9, 2), "Quốc khánh", "National Day"),
        Holiday(adjacent, "Quốc khánh (ngày liền kề)", "National Day (adjacent day)"),
    ]
    if culture_day_from is not None and year >= culture_day_from:
        days.append(Holiday(date(year, 11, 24), "Ngày Văn hóa Việt Nam", "Vietnam Culture Day"))
    return sorted(days)


def public_holidays(
    year: int,
    *,
    tet: Iterable[date] | None = None,
    adjacent: date | None = None,
    weekend: Iterable[int] = (5, 6),
    culture_day_from: int | None = CULTURE_DAY_FROM,
) -> list[Holiday]:
    """Statutory holidays of ``year`` and their compensatory days (nghỉ bù), sorted.

    Parameters
    ----------
    year : int
    tet : iterable of date, optional
        The Tết days decided for the year (default: :func:`tet_days`).
    adjacent : date, optional
        The day added to 2/9 (default: :func:`national_day_adjacent`).
    weekend : iterable of int
        Weekly rest days, Monday = 0 (default Saturday and Sunday).
    culture_day_from : int or None
        First year with 24/11 as a holiday; None leaves it out.

    Returns
    -------
    list of Holiday
        Statutory days (kind ``public_holiday``) and compensatory days (``compensatory``).
    """
    weekend = frozenset(weekend)
    tet = sorted(tet) if tet is not None else tet_days(year)
    statutory = _statutory_days(year, tet, adjacent or national_day_adjacent(year), culture_day_from)
    taken = {h.date for h in statutory}

    def is_free(day: date) -> bool:
        return day.weekday() not in weekend and day not in taken

    compensatory = []
    tet_set = set(tet)
    for holiday in statutory:
        if holiday.date.weekday() not in weekend:
            continue
        step = 1
        # Tết practice: the first day of a weekend moves before the Tết block.
        next_is_weekend = (holiday.date + timedelta(days=1)).weekday() in weekend
        if holiday.date in tet_set and next_is_weekend:
            step = -1
        day = holiday.date + timedelta(days=step)
        while not is_free(day):
            day += timedelta(days=step)
        taken.add(day)
        compensatory.append(
            Holiday(day, f"Nghỉ bù {holiday.name_vi}", f"{holiday.name_en} (compensatory day off)", COMPENSATORY)
        )
    return sorted(statutory + compensatory)
