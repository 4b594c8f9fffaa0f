"""The Vietnamese lunisolar calendar (âm lịch), computed astronomically.

This is Hồ Ngọc Đức's well-known algorithm ("Thuật toán tính âm lịch"): the mean new
moon corrected with the main periodic terms (Jean Meeus, *Astronomical Algorithms*), the
apparent sun longitude, and the rules of the Chinese-style lunisolar calendar:

* a lunar month starts on the (local) day of a new moon;
* month 11 is the month that contains the winter solstice;
* a year with 13 months between two months 11 has a leap month: the first month after
  month 11 that contains no major solar term (trung khí) repeats the previous month.

Vietnam computes these at UTC+7 while China uses UTC+8, so the two calendars disagree in
some years (Tết 1985 was 21/01/1985 in Vietnam and 20/02/1985 in China; Tết 2007 was
17/02 in Vietnam and 18/02 in China). Nothing here is a lookup table; the ``time_zone``
argument exists so that difference can be shown and tested.

The approximations are good to well under an hour for 1800-2199, the range this module
accepts; outside it the error of the simplified formulae grows and dates near midnight
could fall on the wrong day.
"""

from __future__ import annotations

import math
from datetime import date
from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "LunarDate",
    "solar_to_lunar",
    "lunar_to_solar",
    "lunar_new_year",
    "leap_month",
    "month_length",
    "year_name",
    "VIETNAM_TIME_ZONE",
    "MIN_YEAR",
    "MAX_YEAR",
]

#: Hours east of UTC used for the Vietnamese calendar.
VIETNAM_TIME_ZONE = 7.0
#: First and last solar years accepted (the range Hồ Ngọc Đức publishes tables for).
MIN_YEAR, MAX_YEAR = 1800, 2199

# Julian day number of the new moon of 1 January 1900 (k = 0 in NewMoon) and the mean
# synodic month, as used by the original algorithm.
_EPOCH_NEW_MOON = 2415021.076998695
_SYNODIC_MONTH = 29.530588853
# date.toordinal() + this = Julian day number (JDN) of that civil date.
_ORDINAL_TO_JDN = 1721425

_CAN = ("Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý")
_CHI = ("Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi")


class LunarDate(NamedTuple):
    """A date in the Vietnamese lunar calendar.

    Attributes
    ----------
    year : int
        Lunar year; it starts at Tết, so January dates usually belong to the previous
        lunar year.
    month : int
        1-12. A leap month has the number of the month it repeats.
    day : int
        1-30.
    leap : bool
        True inside a leap month (tháng nhuận).
    """

    year: int
    month: int
    day: int
    leap: bool = False

    def __str__(self) -> str:
        leap = " nhuận" if self.leap else ""
        return f"{self.day:02d}/{self.month:02d}{leap}/{self.year} âm lịch"


def _jdn(day: date) -> int:
    return day.toordinal() + _ORDINAL_TO_JDN


def _from_jdn(jdn: int) -> date:
    return date.fromordinal(jdn - _ORDINAL_TO_JDN)


def _new_moon(k: int) -> float:
    """Julian day (UT, fractional) of the k-th new moon after 1 January 1900."""
    t = k / 1236.85  # Julian centuries since 1900-01-01
    t2, t3 = t * t, t * t * t
    dr = math.pi / 180
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3  # sun anomaly
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3  # moon anomaly
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3  # latitude arg.
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * dr) + 0.0021 * math.sin(2 * dr * m)
    c1 += -0.4068 * math.sin(mpr * dr) + 0.0161 * math.sin(dr * 2 * mpr)
    c1 += -0.0004 * math.sin(dr * 3 * mpr)
    c1 += 0.0104 * math.sin(dr * 2 * f) - 0.0051 * math.sin(dr * (m + mpr))
    c1 += -0.0074 * math.sin(dr * (m - mpr)) + 0.0004 * math.sin(dr * (2 * f + m))
    c1 += -0.0004 * math.sin(dr * (2 * f - m)) - 0.0006 * math.sin(dr * (2 * f + mpr))
    c1 += 0.0010 * math.sin(dr * (2 * f - mpr)) + 0.0005 * math.sin(dr * (2 * mpr + m))
    # Delta T (terrestrial minus universal time), in days.
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3
        delta_t -= 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd1 + c1 - delta_t


def _sun_longitude(jd: float) -> float:
    """Apparent sun longitude in radians, 0 <= L < 2*pi, at Julian day ``jd`` (UT)."""
    t = (jd - 2451545.0) / 36525  # Julian centuries since J2000
    t2 = t * t
    dr = math.pi / 180
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * m) + 0.000290 * math.sin(dr * 3 * m)
    longitude = (l0 + dl) * dr
    return longitude - 2 * math.pi * math.floor(longitude / (2 * math.pi))


def _new_moon_day(k: int, time_zone: float) -> int:
    """JDN of the local civil day on which the k-th new moon falls."""
    return math.floor(_new_moon(k) + 0.5 + time_zone / 24)


def _sun_sector(jdn: int, time_zone: float) -> int:
    """Which of the 12 major solar terms (0-11) the sun is in at the start of ``jdn``."""
    return math.floor(_sun_longitude(jdn - 0.5 - time_zone / 24) / math.pi * 6)


@lru_cache(maxsize=1024)
def _month11_start(year: int, time_zone: float) -> int:
    """JDN of the first day of lunar month 11 (the solstice month) of solar ``year``."""
    offset = _jdn(date(year, 12, 31)) - 2415021
    k = math.floor(offset / _SYNODIC_MONTH)
    start = _new_moon_day(k, time_zone)
    # Sector 9 starts at longitude 270 degrees (the winter solstice): if the new moon is
    # already past it, the solstice month began one lunation earlier.
    if _sun_sector(start, time_zone) >= 9:
        start = _new_moon_day(k - 1, time_zone)
    return start


@lru_cache(maxsize=1024)
def _leap_month_offset(month11_start: int, time_zone: float) -> int:
    """Months after month 11 at which the leap month (the one with no major term) falls."""
    k = math.floor((month11_start - _EPOCH_NEW_MOON) / _SYNODIC_MONTH + 0.5)
    i = 1
    sector = _sun_sector(_new_moon_day(k + i, time_zone), time_zone)
    while True:
        previous = sector
        i += 1
        sector = _sun_sector(_new_moon_day(k + i, time_zone), time_zone)
        if sector == previous or i >= 14:
            return i - 1


def _check_solar_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(
            f"Năm {year} nằm ngoài khoảng hỗ trợ {MIN_YEAR}-{MAX_YEAR} của lịch âm / "
            f"year {year} is outside the supported range {MIN_YEAR}-{MAX_YEAR}"
        )


def solar_to_lunar(day: date, time_zone: float = VIETNAM_TIME_ZONE) -> LunarDate:
    """Convert a civil (Gregorian) date to the Vietnamese lunar calendar.

    Parameters
    ----------
    day : datetime.date
        The civil date (a ``datetime`` is reduced to its date).
    time_zone : float
        Hours east of UTC; 7 for Vietnam (the default), 8 gives the Chinese calendar.

    Returns
    -------
    LunarDate

    Examples
    --------
    >>> solar_to_lunar(date(2026, 2, 17))
    LunarDate(year=2026, month=1, day=1, leap=False)
    """
    if not isinstance(day, date):
        raise TypeError(f"expected a datetime.date, got {type(day).__name__}")
    _check_solar_year(day.year)
    day_number = _jdn(day)
    k = math.floor((day_number - _EPOCH_NEW_MOON) / _SYNODIC_MONTH) + 1
    month_start = _new_moon_day(k, time_zone)
    # The mean-motion estimate of k can be one lunation too late (the original algorithm
    # then returned day 0, e.g. 09/04/2062): step back until the month has started.
    while month_start > day_number:
        k -= 1
        month_start = _new_moon_day(k, time_zone)
    # a11/b11: starts of the months 11 before and after this date.
    a11 = _month11_start(day.year, time_zone)
    b11 = a11
    if a11 >= month_start:
        lunar_year = day.year
        a11 = _month11_start(day.year - 1, time_zone)
    else:
        lunar_year = day.year + 1
        b11 = _month11_start(day.year + 1, time_zone)
    lunar_day = day_number - month_start + 1
    months_after_11 = math.floor((month_start - a11) / 29)
    leap = False
    lunar_month = months_after_11 + 11
    if b11 - a11 > 365:  # 13 lunations in this solstice-to-solstice year
        leap_offset = _leap_month_offset(a11, time_zone)
        if months_after_11 >= leap_offset:
            lunar_month = months_after_11 + 10
            leap = months_after_11 == leap_offset
    if lunar_month > 12:
        lunar_month -= 12
    if lunar_month >= 11 and months_after_11 < 4:
        lunar_year -= 1
    return LunarDate(lunar_year, lunar_month, lunar_day, leap)


def lunar_to_solar(year: int, month: int, day: int, leap: bool = False, time_zone: float = VIETNAM_TIME_ZONE) -> date:
    """Convert a Vietnamese lunar date to the civil (Gregorian) date.

    Parameters
    ----------
    year, month, day : int
        The lunar date; ``month`` 1-12, ``day`` 1-30.
    leap : bool
        True for a date in the leap month ``month`` of that year.
    time_zone : float
        Hours east of UTC (7 for Vietnam).

    Raises
    ------
    ValueError
        When the lunar date does not exist (a 30th day in a 29-day month, a leap month that
        the year does not have, a month outside 1-12).

    Examples
    --------
    >>> lunar_to_solar(2025, 3, 10)   # Giỗ Tổ Hùng Vương 2025
    datetime.date(2025, 4, 7)
    """
    if not 1 <= month <= 12 or not 1 <= day <= 30:
        raise ValueError(
            f"Ngày âm lịch không hợp lệ {day}/{month}/{year} (tháng 1-12, ngày 1-30) / "
            f"invalid lunar date {day}/{month}/{year} (month 1-12, day 1-30)"
        )
    # Lunar year MIN_YEAR - 1 still covers January of MIN_YEAR; the round trip at the end
    # checks that the resulting civil date is in range.
    _check_solar_year(year + 1 if year == MIN_YEAR - 1 else year)
    if month < 11:
        a11 = _month11_start(year - 1, time_zone)
        b11 = _month11_start(year, time_zone)
    else:
        a11 = _month11_start(year, time_zone)
        b11 = _month11_start(year + 1, time_zone)
    k = math.floor(0.5 + (a11 - _EPOCH_NEW_MOON) / _SYNODIC_MONTH)
    offset = (month - 11) % 12
    if b11 - a11 > 365:
        leap_offset = _leap_month_offset(a11, time_zone)
        # The leap month repeats the month one lunation before it; offset j after
        # month 11 carries month number (10 + j) % 12 + 1.
        leap_month_number = (9 + leap_offset) % 12 + 1
        if leap and month != leap_month_number:
            raise _no_such_leap_month(year, month)
        if leap or offset >= leap_offset:
            offset += 1
    elif leap:
        raise _no_such_leap_month(year, month)
    month_start = _new_moon_day(k + offset, time_zone)
    result = _from_jdn(month_start + day - 1)
    # A day 30 in a 29-day month lands in the next month: catch it by converting back.
    if solar_to_lunar(result, time_zone) != LunarDate(year, month, day, bool(leap)):
        raise ValueError(
            f"Tháng {month}{' nhuận' if leap else ''} năm {year} âm lịch không có ngày {day} / "
            f"lunar month {month}{' (leap)' if leap else ''} of {year} has no day {day}"
        )
    return result


def _no_such_leap_month(year: int, month: int) -> ValueError:
    actual = leap_month(year)
    which = f"tháng {actual} nhuận" if actual else "không có tháng nhuận"
    which_en = f"the leap month is {actual}" if actual else "it has no leap month"
    return ValueError(
        f"Năm {year} âm lịch không có tháng {month} nhuận ({which}) / "
        f"lunar year {year} has no leap month {month} ({which_en})"
    )


def lunar_new_year(year: int, time_zone: float = VIETNAM_TIME_ZONE) -> date:
    """Civil date of Tết Nguyên đán (1/1 of lunar ``year``)."""
    return lunar_to_solar(year, 1, 1, time_zone=time_zone)


def leap_month(year: int, time_zone: float = VIETNAM_TIME_ZONE) -> int | None:
    """Number of the month that is repeated as a leap month in lunar ``year``, or None."""
    start = lunar_new_year(year, time_zone)
    end = lunar_new_year(year + 1, time_zone) if year < MAX_YEAR else None
    # A year with a leap month has 13 lunations: about 384 days instead of about 354.
    if end is not None and (end - start).days < 370:
        return None
    day = start
    while end is None or day < end:
        lunar = solar_to_lunar(day, time_zone)
        if lunar.leap:
            return lunar.month
        if end is None and lunar.year != year:
            return None
        day = date.fromordinal(day.toordinal() + 29)
    return None


def month_length(year: int, month: int, leap: bool = False, time_zone: float = VIETNAM_TIME_ZONE) -> int:
    """Number of days (29 or 30) in a lunar month."""
    first = lunar_to_solar(year, month, 1, leap, time_zone)
    # Day 30 exists exactly when the date 29 days after day 1 is still in the same month.
    following = solar_to_lunar(date.fromordinal(first.toordinal() + 29), time_zone)
    return 30 if following.day == 30 else 29


def year_name(year: int) -> str:
    """Sexagenary (can chi) name of a lunar year, e.g. ``year_name(2026) == 'Bính Ngọ'``."""
    return f"{_CAN[(year + 6) % 10]} {_CHI[(year + 8) % 12]}"
