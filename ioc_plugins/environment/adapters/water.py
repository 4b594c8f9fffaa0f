"""Water CSV adapters: water-quality samples (long) and water levels.

``water_quality_csv``: ``station_id, time, parameter, value, unit[, flag]`` → rows of
``environment.water_quality`` in the table units (mg/l; pH; MPN/100ml; NTU; °C).
``water_level_csv``: ``station_id, time, level_m`` (or ``level_cm``) ``[, flag]`` → rows of
``environment.water_levels`` with the station's alarm levels I/II/III from the registry.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ioc.config import Settings, site_timezone
from ioc.plugins import AdapterError
from ioc.tables import ERROR_COLUMN
from ioc_plugins.environment.adapters.air import TIME_ALIASES, source_flags
from ioc_plugins.environment.adapters.cells import (
    BELOW_DETECTION,
    add_errors,
    is_missing,
    parse_numbers,
    parse_site_times,
    to_table_units,
    water_parameter,
    with_raw_where_bad,
)
from ioc_plugins.environment.adapters.text import LINE_COLUMN, read_csv_text
from ioc_plugins.environment.stations import with_station_info
from ioc_plugins.environment.tables import WATER_PARAMETERS, WATER_UNITS

ALARM_COLUMNS = ("alarm_1", "alarm_2", "alarm_3")
QUALITY_COLUMNS = ["station_id", "time", "parameter", "value", "unit", "flag", LINE_COLUMN, ERROR_COLUMN]
LEVEL_COLUMNS = ["station_id", "time", "level_m", *ALARM_COLUMNS, "flag", LINE_COLUMN, ERROR_COLUMN]


def water_unit(parameter: str) -> str:
    """The unit ``environment.water_quality`` stores ``parameter`` in (mg/l unless listed)."""
    return WATER_UNITS.get(parameter, "mg/l")


def _station_and_time(frame: pd.DataFrame, timezone: str) -> pd.Series:
    """Strip station ids, parse times into UTC; return the time-parse reasons."""
    frame["station_id"] = frame["station_id"].astype("string").str.strip().astype(object)
    times, reasons = parse_site_times(frame["time"], timezone)
    add_errors(frame, reasons)
    frame["time"] = with_raw_where_bad(times, frame["time"], reasons.notna())
    return reasons


def read_water_quality(
    path: str | Path, *, timezone: str | None = None, settings: Settings | None = None, line_offset: int = 0
) -> pd.DataFrame:
    """Read a long water-quality CSV (one parameter value per line).

    Laboratory results written ``<0.05`` are stored as 0.05 with flag
    ``below_detection_limit``. pH needs no unit (blank, ``-`` or ``pH``). ``line_offset``:
    see :func:`.text.read_csv_text`.
    """
    timezone = timezone or site_timezone(settings)
    frame = read_csv_text(
        path,
        required=("station_id", "time", "parameter", "value", "unit"),
        optional=("flag",),
        aliases=TIME_ALIASES,
        line_offset=line_offset,
    )
    _station_and_time(frame, timezone)
    frame["parameter"] = water_parameter(frame["parameter"])
    # pH is dimensionless: files write "-", "" or "pH"
    ph = frame["parameter"].eq("ph").fillna(False).astype(bool)
    frame.loc[ph & is_missing(frame["unit"]), "unit"] = "pH"
    raw_values = frame["value"]
    values, below, value_errors = parse_numbers(raw_values)
    add_errors(frame, value_errors)
    values, units, unit_errors = to_table_units(frame["parameter"], values, frame["unit"], water_unit, WATER_PARAMETERS)
    add_errors(frame, unit_errors)
    frame["flag"] = source_flags(frame).where(~below, BELOW_DETECTION)
    frame["value"] = with_raw_where_bad(values, raw_values, value_errors.notna())
    frame["unit"] = units
    return frame[QUALITY_COLUMNS].reset_index(drop=True)


def read_water_level(
    path: str | Path, *, timezone: str | None = None, settings: Settings | None = None, line_offset: int = 0
) -> pd.DataFrame:
    """Read a water-level CSV; levels in metres (``level_m``) or centimetres (``level_cm``;
    ``line_offset``: see :func:`.text.read_csv_text`)."""
    timezone = timezone or site_timezone(settings)
    path = Path(path)
    frame = read_csv_text(
        path,
        required=("station_id", "time"),
        optional=("level_m", "level_cm", "flag"),
        aliases={**TIME_ALIASES, "muc_nuoc_m": "level_m", "mực_nước_m": "level_m", "level": "level_m"},
        line_offset=line_offset,
    )
    if "level_m" not in frame and "level_cm" not in frame:
        raise AdapterError(
            f"{path.name}: thiếu cột mực nước level_m (hoặc level_cm); tệp có các cột "
            f"{[c for c in frame.columns if c not in (LINE_COLUMN, ERROR_COLUMN)]} "
            f"(missing required column level_m or level_cm)"
        )
    _station_and_time(frame, timezone)
    column = "level_m" if "level_m" in frame else "level_cm"
    raw = frame[column]
    levels, _, reasons = parse_numbers(raw, column)
    add_errors(frame, reasons)
    if column == "level_cm":
        levels = levels / 100.0
    frame["level_m"] = with_raw_where_bad(levels, raw, reasons.notna())
    frame["flag"] = source_flags(frame)
    frame = with_station_info(frame, ALARM_COLUMNS)
    return frame[LEVEL_COLUMNS].reset_index(drop=True)
