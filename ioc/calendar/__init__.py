"""The Vietnamese working-day calendar: lunar dates, public holidays, deadlines.

* :mod:`ioc.calendar.lunar` - the Vietnamese lunisolar calendar (UTC+7), computed.
* :mod:`ioc.calendar.holidays` - statutory holidays (Labour Code 2019, Art. 112), the
  compensatory-day rules and the yearly official arrangements (:class:`CalendarOverrides`).
* :mod:`ioc.calendar.working_days` - :class:`WorkingCalendar` for deadline arithmetic.

Everything here is pure: no configuration or storage is read except the bundled
``overrides.yaml`` when no overrides are given.
"""

from ioc.calendar.holidays import CalendarOverrides, Holiday, YearOverrides, public_holidays
from ioc.calendar.lunar import LunarDate, lunar_new_year, lunar_to_solar, solar_to_lunar
from ioc.calendar.working_days import WorkingCalendar

__all__ = [
    "CalendarOverrides",
    "Holiday",
    "LunarDate",
    "WorkingCalendar",
    "YearOverrides",
    "lunar_new_year",
    "lunar_to_solar",
    "public_holidays",
    "solar_to_lunar",
]
