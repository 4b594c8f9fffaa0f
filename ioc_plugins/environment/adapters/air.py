"""Air-quality CSV adapters: long (one value per line) and wide (one station-hour per line).

Both produce rows of ``environment.air_readings``: ``station_id``, ``time`` (UTC, whole
hour), ``parameter``, ``value`` in the table unit (µg/m³; °C; %), ``unit`` and ``flag``,
plus ``source_line`` and ``_error`` for the quarantine file. See ``FORMATS.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ioc.config import Settings, site_timezone
from ioc.plugins import AdapterError
from ioc.tables import ERROR_COLUMN, as_text
from ioc_plugins.environment.adapters.arrow_long import finish_long, read_regular
from ioc_plugins.environment.adapters.cells import (
    BELOW_DETECTION,
    add_errors,
    air_parameter,
    hourly_reasons,
    is_missing,
    parse_numbers,
    parse_site_times,
    to_table_units,
    with_raw_where_bad,
)
from ioc_plugins.environment.adapters.text import LINE_COLUMN, read_csv_text
from ioc_plugins.environment.tables import AIR_PARAMETERS, AIR_UNITS
from ioc_plugins.environment.units import MICROGRAMS_PER_M3, header_unit

OUTPUT_COLUMNS = ["station_id", "time", "parameter", "value", "unit", "flag", LINE_COLUMN, ERROR_COLUMN]
TIME_ALIASES = {"datetime": "time", "timestamp": "time", "date_time": "time", "thời_gian": "time", "thoi_gian": "time"}
#: Columns that describe the station a line comes from, not a reading: carried with the rows
#: so that :mod:`..registration` can register an unknown station (name and coordinates).
STATION_COLUMNS = ("station_name", "station_lon", "station_lat", "station_origin", "station_source", "origin")
#: Header names (after normalisation) → station columns.
STATION_ALIASES = {
    "lat": "station_lat",
    "latitude": "station_lat",
    "vĩ_độ": "station_lat",
    "lon": "station_lon",
    "lng": "station_lon",
    "longitude": "station_lon",
    "kinh_độ": "station_lon",
    "name": "station_name",
    "station_name": "station_name",
    "location_name": "station_name",
    "tên_trạm": "station_name",
}
#: Columns of public-dashboard exports that repeat what the rows already say (calendar parts
#: of the time, the place's province, the dashboard's own AQI and its band): ignored, since
#: VN_AQI is computed here from the pollutant values (QĐ 1459/QĐ-TCMT).
IGNORED_COLUMNS = frozenset(
    {
        "year",
        "month",
        "day",
        "hour",
        "minute",
        "date",
        "weekday",
        "province",
        "city",
        "district",
        "ward",
        "commune",
        "country",
        "aqi",
        "us_aqi",
        "european_aqi",
        "pollution_level",
        "aqi_level",
        "category",
        "status",
        "address",
    }
)


def air_unit(parameter: str) -> str:
    """The unit ``environment.air_readings`` stores ``parameter`` in."""
    return AIR_UNITS.get(parameter, MICROGRAMS_PER_M3)


def source_flags(frame: pd.DataFrame) -> pd.Series:
    """The source's own ``flag`` column (``None`` where empty or absent)."""
    if "flag" not in frame:
        return pd.Series(None, index=frame.index, dtype=object)
    return frame["flag"].where(~is_missing(frame["flag"]), None).astype(object)


def finish_air_rows(frame: pd.DataFrame, timezone: str | None = None) -> pd.DataFrame:
    """Type and check long air rows of raw strings (shared by every air adapter).

    Parses times (naive → ``timezone``), normalises parameter names, parses values and
    converts them to the table unit; rows that fail get a reason in ``_error``.
    """
    frame = frame.copy(deep=False)  # columns are replaced, never changed in place: the caller's stay as they were
    if ERROR_COLUMN not in frame:
        frame[ERROR_COLUMN] = None
    # Arrow-backed text from here to validation, which then has nothing to convert
    frame["station_id"] = as_text(frame["station_id"]).str.strip()
    times, time_errors = parse_site_times(frame["time"], timezone)
    add_errors(frame, time_errors)
    add_errors(frame, hourly_reasons(times))
    frame["parameter"] = air_parameter(frame["parameter"])
    raw_values = frame["value"]
    values, below, value_errors = parse_numbers(raw_values)
    add_errors(frame, value_errors)
    values, units, unit_errors = to_table_units(frame["parameter"], values, frame["unit"], air_unit, AIR_PARAMETERS)
    add_errors(frame, unit_errors)
    frame["flag"] = source_flags(frame).where(~below, BELOW_DETECTION).astype(object)
    frame["time"] = with_raw_where_bad(times, frame["time"], time_errors.notna())
    frame["value"] = with_raw_where_bad(values, raw_values, value_errors.notna())
    frame["unit"] = units
    extra = [c for c in STATION_COLUMNS if c in frame]
    return frame[OUTPUT_COLUMNS + extra].reset_index(drop=True)


def read_air_long(
    path: str | Path, *, timezone: str | None = None, settings: Settings | None = None, line_offset: int = 0
) -> pd.DataFrame:
    """Read a long air CSV: ``station_id, time, parameter, value, unit[, flag]``.

    Every data line becomes one row: a missing value or unit is left for validation
    to reject, so the line ends in quarantine with its reason. ``line_offset``: the file is
    a piece of a larger one (:mod:`.pieces`), see :func:`.text.read_csv_text`.
    """
    timezone = timezone or site_timezone(settings)
    required = ("station_id", "time", "parameter", "value", "unit")
    # regular, clean files (what instruments and portals export) take Arrow's way; any
    # other file, or a line the fast path cannot vouch for, takes the general one below
    columns = read_regular(Path(path), required, TIME_ALIASES, optional=("flag",))
    if columns is not None:
        frame = finish_long(
            columns, timezone, output=OUTPUT_COLUMNS, extra=STATION_COLUMNS, unit_for=air_unit, known=AIR_PARAMETERS
        )
        if frame is not None:
            frame[LINE_COLUMN] += line_offset
            return frame
    frame = read_csv_text(
        path,
        required=required,
        optional=("flag",),
        aliases=TIME_ALIASES,
        arrow_text=True,
        line_offset=line_offset,
    )
    return finish_air_rows(frame, timezone)


# --------------------------------------------------------------------------- wide files


@dataclass(frozen=True)
class ValueColumn:
    """A wide-file column ``<parameter>_<unit>`` (``pm25_ug_m3``, ``co_mg_m3``, ``o3_ppb``)."""

    column: str
    parameter: str
    unit: str | None
    """``None`` for a bare parameter name (``pm2_5``, ``co``): the unit is the line's ``unit`` cell."""


def value_columns(path: Path, columns: list[str], id_columns: tuple[str, ...]) -> list[ValueColumn]:
    """Split wide headers into parameter and unit.

    Raises
    ------
    AdapterError
        A column whose unit suffix is not known: the unit of every value in that column
        would be unknown, so the file is refused (fix the header and ingest again).
    """
    found, unknown = [], []
    skip = {*id_columns, LINE_COLUMN, ERROR_COLUMN, "unit", *STATION_COLUMNS, *IGNORED_COLUMNS}
    for column in columns:
        if column in skip:
            continue
        parsed = _split_header(column)
        bare = air_parameter(pd.Series([column])).iloc[0]
        if parsed is not None:
            found.append(ValueColumn(column, *parsed))
        elif bare in AIR_PARAMETERS:
            found.append(ValueColumn(column, bare, None))
        else:
            unknown.append(column)
    if unknown:
        raise AdapterError(
            f"{path.name}: không nhận ra đơn vị trong tên cột {unknown}; tên cột phải là <thông số>_<đơn vị>, "
            f"ví dụ pm25_ug_m3, co_mg_m3, o3_ppb, temperature_c, humidity_pct "
            f"(unknown unit in column names {unknown}; use <parameter>_<unit>)"
        )
    if not found:
        raise AdapterError(f"{path.name}: không có cột thông số nào ngoài {list(id_columns)} (no parameter columns)")
    return found


def _split_header(column: str) -> tuple[str, str] | None:
    """``'pm25_ug_m3'`` → ``('pm25', 'µg/m³')``; ``None`` when no known unit ends the name."""
    match = re.fullmatch(r"(.+?)(?:_?\((.+)\))?", column)
    if match and match.group(2):  # "pm2.5_(ug/m3)"
        unit = header_unit(match.group(2))
        return (air_parameter(pd.Series([match.group(1).rstrip("_")])).iloc[0], unit) if unit else None
    parts = column.split("_")
    for cut in range(1, len(parts)):
        unit = header_unit("_".join(parts[cut:]))
        if unit:
            return air_parameter(pd.Series(["_".join(parts[:cut])])).iloc[0], unit
    return None


def melt_wide(frame: pd.DataFrame, columns: list[ValueColumn]) -> pd.DataFrame:
    """Wide station-hour lines → long rows of raw strings, one per non-empty cell.

    An empty cell (blank, ``-``, ``NA`` …) is a gap in the series, not a reading, and
    yields no row. A malformed line that has no value cell left still yields one row
    carrying its error, so no line is lost silently.
    """
    keep = ["station_id", "time", LINE_COLUMN, ERROR_COLUMN] + [c for c in ("flag", *STATION_COLUMNS) if c in frame]
    pieces = []
    for value_column in columns:
        cells = frame[value_column.column]
        present = ~is_missing(cells)
        piece = frame.loc[present, keep].copy()
        piece["parameter"] = value_column.parameter
        piece["value"] = cells[present]
        if value_column.unit is not None:
            piece["unit"] = value_column.unit
        elif "unit" in frame:  # one unit column for the bare parameter columns (``--set unit=ug/m3``)
            piece["unit"] = frame.loc[present, "unit"]
        else:  # project choice: bare pollutant columns of public exports are in the table unit
            piece["unit"] = MICROGRAMS_PER_M3
        pieces.append(piece)
    long = pd.concat(pieces) if pieces else frame.iloc[0:0]
    orphans = frame[frame[ERROR_COLUMN].notna() & ~frame[LINE_COLUMN].isin(long[LINE_COLUMN])]
    if len(orphans):
        orphans = orphans[keep].assign(parameter=None, value=None, unit=None)
        long = pd.concat([long, orphans])
    order = {c.parameter: i for i, c in enumerate(columns)}
    long = long.assign(_order=long["parameter"].map(order)).sort_values([LINE_COLUMN, "_order"], kind="stable")
    return long.drop(columns="_order").reset_index(drop=True)


def read_air_wide(
    path: str | Path, *, timezone: str | None = None, settings: Settings | None = None, line_offset: int = 0
) -> pd.DataFrame:
    """Read a wide air CSV: ``station_id, time, <parameter>_<unit>, …`` (one line per station-hour;
    ``line_offset``: see :func:`.text.read_csv_text`)."""
    timezone = timezone or site_timezone(settings)
    path = Path(path)
    frame = read_csv_text(
        path, required=("station_id", "time"), aliases={**TIME_ALIASES, **STATION_ALIASES}, line_offset=line_offset
    )
    columns = value_columns(path, list(frame.columns), ("station_id", "time", "flag"))
    return finish_air_rows(melt_wide(frame, columns), timezone)
