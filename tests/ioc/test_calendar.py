"""Tests for ioc.calendar: lunar conversion, holidays, overrides, deadline arithmetic.

Expected dates come from the published calendars and the government's announced holiday
schedules; python-holidays (installed with prophet) serves as an independent second
implementation for wide-range cross-checks.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ioc.calendar import CalendarOverrides, LunarDate, WorkingCalendar, lunar_to_solar, public_holidays, solar_to_lunar
from ioc.calendar.holidays import COMPENSATORY, DAY_OFF, national_day_adjacent, tet_days
from ioc.calendar.lunar import leap_month, lunar_new_year, month_length, year_name

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def days(first: str, last: str) -> list[date]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


# -- lunar calendar ---------------------------------------------------------------------

TET = [date(2024, 2, 10), date(2025, 1, 29), date(2026, 2, 17), date(2027, 2, 6), date(1985, 1, 21), date(2007, 2, 17)]


@pytest.mark.parametrize("tet", TET, ids=[d.isoformat() for d in TET])
def test_tet_is_first_day_of_lunar_year(tet):
    assert solar_to_lunar(tet) == LunarDate(tet.year, 1, 1, False)
    assert lunar_to_solar(tet.year, 1, 1) == tet
    # The day before is the last day of the previous lunar year's 12th month.
    eve = solar_to_lunar(tet - timedelta(days=1))
    assert (eve.year, eve.month) == (tet.year - 1, 12) and eve.day in (29, 30)


@pytest.mark.parametrize(
    ("year", "vietnam", "china"),
    [
        (1985, date(1985, 1, 21), date(1985, 2, 20)),
        (2007, date(2007, 2, 17), date(2007, 2, 18)),
    ],
)
def test_time_zone_makes_the_vietnamese_calendar_differ_from_the_chinese(year, vietnam, china):
    assert lunar_new_year(year) == vietnam
    assert lunar_new_year(year, time_zone=8) == china


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2025, date(2025, 4, 7)),
        (2026, date(2026, 4, 26)),
        (2027, date(2027, 4, 16)),
    ],
)
def test_hung_kings_day(year, expected):
    assert lunar_to_solar(year, 3, 10) == expected
    assert solar_to_lunar(expected) == LunarDate(year, 3, 10, False)


def test_leap_months():
    # Quý Mão 2023 repeats month 2, Ất Tỵ 2025 month 6; Giáp Thìn 2024 has none.
    assert leap_month(2023) == 2 and leap_month(2025) == 6 and leap_month(2024) is None
    assert lunar_to_solar(2025, 6, 1, leap=True) == date(2025, 7, 25)
    assert solar_to_lunar(date(2025, 7, 25)) == LunarDate(2025, 6, 1, True)
    assert lunar_to_solar(2025, 6, 1) == date(2025, 6, 25)  # the ordinary month 6
    assert str(solar_to_lunar(date(2023, 3, 22))) == "01/02 nhuận/2023 âm lịch"


def test_lunar_days_run_consecutively_and_round_trip_2000_2030():
    # Property: each civil day advances the lunar day by one or starts a new month after
    # day 29 or 30; month starts convert back exactly.
    day, previous = date(2000, 1, 1), solar_to_lunar(date(2000, 1, 1))
    while day < date(2030, 12, 31):
        day += timedelta(days=1)
        lunar = solar_to_lunar(day)
        same_month = (lunar.year, lunar.month, lunar.leap) == (*previous[:2], previous.leap)
        assert (same_month and lunar.day == previous.day + 1) or (lunar.day == 1 and previous.day in (29, 30)), (
            day,
            previous,
            lunar,
        )
        if lunar.day == 1:
            assert lunar_to_solar(*lunar) == day
        previous = lunar


def test_no_day_zero_where_the_original_month_estimate_is_off():
    # The published algorithm's first new-moon guess is a lunation late on a few dates.
    assert solar_to_lunar(date(2062, 4, 9)).day >= 1
    assert solar_to_lunar(date(2054, 5, 7)).day >= 1


def test_month_length_and_year_name():
    # 2026's Tết is 17/02 and 16/02 is 29 Chạp: month 12 of 2025 has 29 days.
    assert month_length(2025, 12) == 29
    assert lunar_to_solar(2023, 12, 30) == date(2024, 2, 9)  # 2024 Tết eve was "30 Tết"
    assert year_name(2026) == "Bính Ngọ" and year_name(2024) == "Giáp Thìn"


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((2024, 6, 1, True), "không có tháng 6 nhuận"),
        ((2025, 5, 1, True), "tháng 6 nhuận"),
        ((2025, 12, 30), "không có ngày 30"),
        ((2025, 13, 1), "không hợp lệ"),
        ((2300, 1, 1), "ngoài khoảng"),
    ],
    ids=["no-leap-year", "wrong-leap-month", "day-30-of-29", "month-13", "out-of-range"],
)
def test_invalid_lunar_dates_are_rejected(args, match):
    with pytest.raises(ValueError, match=match):
        lunar_to_solar(*args)


def test_solar_to_lunar_rejects_non_dates():
    with pytest.raises(TypeError):
        solar_to_lunar("2025-01-29")


def test_tet_and_hung_kings_agree_with_python_holidays_1901_2099():
    chinese = pytest.importorskip("holidays.calendars.chinese")
    tables = chinese._ChineseLunisolar(chinese.VIETNAMESE_CALENDAR)
    for year in range(1901, 2100):
        assert lunar_new_year(year) == tables.lunar_new_year_date(year)[0], year
        assert lunar_to_solar(year, 3, 10) == tables.hung_kings_date(year)[0], year


# -- statutory holidays -----------------------------------------------------------------

LAW_ONLY = WorkingCalendar(overrides=CalendarOverrides())
OFFICIAL = WorkingCalendar()


def off_days(calendar, first, last):
    return [d for d in days(first, last) if not calendar.is_working_day(d)]


def test_default_tet_days_are_eve_plus_four():
    assert tet_days(2026) == days("2026-02-16", "2026-02-20")


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2021, date(2021, 9, 3)),
        (2022, date(2022, 9, 1)),
        (2023, date(2023, 9, 1)),
        (2024, date(2024, 9, 3)),
        (2025, date(2025, 9, 1)),
    ],
)
def test_national_day_adjacent_follows_the_announcements(year, expected):
    assert national_day_adjacent(year) == expected


def test_2023_law_alone_reproduces_the_official_schedule():
    # 2023 needed no swap: Tết 20/01-26/01 (Saturday 21/01 moved before the block,
    # Sunday 22/01 after it), 29/04-03/05, 01/09-04/09, and Monday 02/01 for New Year.
    assert off_days(LAW_ONLY, "2023-01-19", "2023-01-27") == days("2023-01-20", "2023-01-26")
    assert off_days(LAW_ONLY, "2023-04-28", "2023-05-04") == days("2023-04-29", "2023-05-03")
    assert off_days(LAW_ONLY, "2023-08-31", "2023-09-05") == days("2023-09-01", "2023-09-04")
    assert not LAW_ONLY.is_working_day(date(2023, 1, 2))


def test_weekend_holiday_block_gets_next_working_days():
    # 2022: 30/04 Saturday and 01/05 Sunday -> Monday 02/05 and Tuesday 03/05.
    holidays = {h.date: h for h in public_holidays(2022)}
    assert holidays[date(2022, 5, 2)].kind == COMPENSATORY
    assert holidays[date(2022, 5, 3)].kind == COMPENSATORY
    assert LAW_ONLY.is_working_day(date(2022, 5, 4))


def test_2024_tet_matches_the_announced_08_to_14_february():
    assert off_days(LAW_ONLY, "2024-02-07", "2024-02-15") == days("2024-02-08", "2024-02-14")


def test_2025_official_arrangements():
    assert off_days(OFFICIAL, "2025-01-24", "2025-02-03") == days("2025-01-25", "2025-02-02")
    # 30/04-04/05 off, paid back by working Saturday 26/04.
    assert off_days(OFFICIAL, "2025-04-25", "2025-05-05") == [date(2025, 4, 27), *days("2025-04-30", "2025-05-04")]
    assert OFFICIAL.is_working_day(date(2025, 4, 26))
    assert LAW_ONLY.is_working_day(date(2025, 5, 2)) and not LAW_ONLY.is_working_day(date(2025, 4, 26))
    assert off_days(OFFICIAL, "2025-08-29", "2025-09-03") == days("2025-08-30", "2025-09-02")


def test_2026_official_arrangements():
    assert off_days(OFFICIAL, "2026-02-13", "2026-02-23") == days("2026-02-14", "2026-02-22")
    # Giỗ Tổ on Sunday 26/04 -> compensatory Monday 27/04.
    assert OFFICIAL.holiday(date(2026, 4, 27)).kind == COMPENSATORY
    assert "Giỗ Tổ" in OFFICIAL.holiday(date(2026, 4, 26)).name_vi
    assert OFFICIAL.makeup_working_days(2026) == [date(2026, 8, 22)]
    assert OFFICIAL.holiday(date(2026, 8, 31)).kind == DAY_OFF


def test_holidays_lists_names_and_excludes_makeup_days():
    listed = OFFICIAL.holidays(2025)
    assert listed == sorted(listed)
    names = {h.date: (h.name_vi, h.name_en) for h in listed}
    assert names[date(2025, 1, 1)] == ("Tết Dương lịch", "New Year's Day")
    assert names[date(2025, 1, 29)][0].startswith("Tết Nguyên đán Ất Tỵ")
    assert names[date(2025, 9, 2)][0] == "Quốc khánh"
    assert date(2025, 4, 26) not in names


def test_days_off_agree_with_python_holidays_2021_2060():
    holidays = pytest.importorskip("holidays")
    for year in range(2021, 2061):
        theirs = {d for d in holidays.country_holidays("VN", years=year) if d.year == year and d.weekday() < 5}
        ours = {h.date for h in OFFICIAL.holidays(year) if h.date.weekday() < 5}
        assert ours == theirs, year


# -- overrides --------------------------------------------------------------------------


def test_overrides_from_mapping_and_yaml(tmp_path):
    mapping = {2025: {"days_off": ["2025-05-02"], "makeup_working_days": ["2025-04-26"]}}
    overrides = CalendarOverrides.from_mapping(mapping)
    assert overrides.for_year(2025).days_off == {date(2025, 5, 2)}
    assert overrides.for_year(2030).days_off == frozenset()
    path = tmp_path / "overrides.yaml"
    path.write_text(
        "2031:\n  days_off: [2031-09-03]\n  makeup_working_days: [2031-09-06]\n  national_day_adjacent: 2031-09-01\n",
        encoding="utf-8",
    )
    calendar = WorkingCalendar(CalendarOverrides.from_yaml(path))
    assert not calendar.is_working_day(date(2031, 9, 3))
    assert calendar.is_working_day(date(2031, 9, 6))  # a Saturday made a working day
    assert not calendar.is_working_day(date(2031, 9, 1))


def test_bundled_overrides_load():
    bundled = CalendarOverrides.default()
    assert {2025, 2026} <= set(bundled.years)
    assert bundled.for_year(2025).makeup_working_days == {date(2025, 4, 26)}


def test_overrides_for_a_new_year_decision_can_sit_under_the_next_year():
    # e.g. 31/12/2018 was given off for New Year 2019 (decision filed under 2019).
    overrides = CalendarOverrides.from_mapping(
        {2019: {"days_off": ["2018-12-31"], "makeup_working_days": ["2019-01-05"]}}
    )
    calendar = WorkingCalendar(overrides)
    assert not calendar.is_working_day(date(2018, 12, 31))
    assert calendar.is_working_day(date(2019, 1, 5))


@pytest.mark.parametrize(
    ("mapping", "match"),
    [
        ({2025: {"day_off": ["2025-05-02"]}}, "unknown keys"),
        ({2025: {"days_off": ["02/05/2025"]}}, "YYYY-MM-DD"),
        ({2025: {"days_off": ["2025-05-02"], "makeup_working_days": ["2025-05-02"]}}, "both"),
        ({2025: {"national_day_adjacent": "2025-09-04"}}, "01/09 hoặc 03/09"),
        ({"năm 2025": {}}, "invalid year key"),
        ({2025: {"tet_days": []}}, "non-empty"),
    ],
    ids=["unknown-key", "bad-date", "clash", "adjacent", "year-key", "empty-tet"],
)
def test_bad_overrides_are_rejected_with_clear_errors(mapping, match):
    with pytest.raises(ValueError, match=match):
        CalendarOverrides.from_mapping(mapping)


# -- deadline arithmetic ----------------------------------------------------------------


def test_five_working_days_from_the_friday_before_tet_2026():
    received = datetime(2026, 2, 13, 9, 30)
    assert OFFICIAL.add_working_days(received, 5) == datetime(2026, 2, 27, 9, 30)
    assert OFFICIAL.working_days_between(received, datetime(2026, 2, 27, 9, 30)) == 5


def test_received_during_a_holiday_counts_from_the_next_working_day():
    assert OFFICIAL.add_working_days(date(2026, 2, 14), 1) == date(2026, 2, 23)
    assert OFFICIAL.add_working_days(date(2026, 2, 19), 2) == date(2026, 2, 24)


def test_across_30_april_and_1_may_2025_and_the_makeup_saturday():
    assert OFFICIAL.add_working_days(datetime(2025, 4, 29, 16, 0), 3) == datetime(2025, 5, 7, 16, 0)
    # Friday 25/04 + 1 working day is the make-up Saturday 26/04.
    assert OFFICIAL.add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 26)
    assert LAW_ONLY.add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 28)


def test_across_national_day_2025_and_weekends():
    assert OFFICIAL.add_working_days(date(2025, 8, 29), 2) == date(2025, 9, 4)
    assert OFFICIAL.add_working_days(date(2025, 3, 7), 1) == date(2025, 3, 10)


def test_across_tet_2027_by_the_statutory_rule():
    # No 2027 decision yet: Tết days 05/02-09/02 with Saturday moved to Thursday 04/02 and
    # Sunday to Wednesday 10/02, so Wednesday 03/02 + 1 working day is Thursday 11/02.
    assert OFFICIAL.add_working_days(date(2027, 2, 3), 1) == date(2027, 2, 11)


def test_aware_datetimes_use_site_local_dates_and_keep_their_zone():
    received = datetime(2026, 2, 13, 20, 0, tzinfo=UTC)  # Saturday 03:00 in Hà Nội
    deadline = OFFICIAL.add_working_days(received, 1)
    assert deadline.tzinfo is UTC
    assert deadline.astimezone(VN) == datetime(2026, 2, 23, 3, 0, tzinfo=VN)


def test_zero_and_negative_counts():
    start = datetime(2026, 2, 23, 8, 0)
    assert OFFICIAL.add_working_days(start, 0) == start
    assert OFFICIAL.add_working_days(start, -1) == datetime(2026, 2, 13, 8, 0)
    assert OFFICIAL.working_days_between(date(2026, 2, 23), date(2026, 2, 13)) == -1


def test_working_days_between_inverts_add_working_days_2025_2027():
    start = date(2025, 1, 1)
    while start < date(2027, 12, 31):
        for n in (0, 1, 3, 5, 10, 22):
            deadline = OFFICIAL.add_working_days(start, n)
            assert OFFICIAL.working_days_between(start, deadline) == n, (start, n)
            assert n == 0 or OFFICIAL.is_working_day(deadline)
        start += timedelta(days=5)


def test_working_days_in_a_month():
    february = OFFICIAL.working_days_in(2026, 2)
    assert date(2026, 2, 13) in february and date(2026, 2, 16) not in february
    assert len(february) == 20 - 5  # 20 weekdays in February 2026, 5 of them Tết
    assert len(OFFICIAL.working_days_in(2026)) == sum(len(OFFICIAL.working_days_in(2026, m)) for m in range(1, 13))


def test_other_weekends():
    sunday_only = WorkingCalendar(CalendarOverrides(), weekend=(6,))
    assert sunday_only.is_working_day(date(2025, 3, 8))  # a Saturday
    assert not sunday_only.is_working_day(date(2025, 3, 9))
    with pytest.raises(ValueError, match="weekend"):
        WorkingCalendar(weekend=(7,))


@pytest.mark.parametrize(
    ("start", "n", "error"),
    [
        (date(2025, 1, 2), 1.5, TypeError),
        ("2025-01-02", 1, TypeError),
        (date(2025, 1, 2), 10**9, ValueError),
    ],
    ids=["float-n", "string-date", "huge-n"],
)
def test_bad_deadline_input(start, n, error):
    with pytest.raises(error):
        OFFICIAL.add_working_days(start, n)
