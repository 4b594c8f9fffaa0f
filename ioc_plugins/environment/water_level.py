"""Water level against flood alarm levels (mực nước, báo động I/II/III) and rising rate.

Each hydrological station or flood point has three alarm levels (mức báo động I, II, III,
in metres, rising). A level *reaches* an alarm when it is at or above it. The rate of
rise (m/h) over a trailing window warns of fast-rising water before an alarm level is
reached.

The colours are a project choice (no regulation fixes them): green below alarm I, then
yellow, orange and red — the VN_AQI palette, so the video wall reads one way.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["ALARM_COLOURS", "ALARM_NAMES_VI", "AlarmLevels", "alarm_level", "rising_rate", "water_level_status"]

#: Vietnamese name of each alarm level 0..3.
ALARM_NAMES_VI: tuple[str, ...] = ("Dưới báo động", "Báo động I", "Báo động II", "Báo động III")
#: Display colour of each alarm level 0..3.
ALARM_COLOURS: tuple[str, ...] = ("#00e400", "#ffff00", "#ff7e00", "#ff0000")
#: Status text for a station whose alarm levels are not configured.
NO_LEVELS_VI = "Chưa có mức báo động"


@dataclass(frozen=True)
class AlarmLevels:
    """The three alarm levels of a station, in metres (same datum as the readings).

    Raises
    ------
    ValueError
        If a level is not a finite number or the levels do not rise (I < II < III).
    """

    level_1: float
    level_2: float
    level_3: float

    def __post_init__(self) -> None:
        levels = (self.level_1, self.level_2, self.level_3)
        for name, value in zip(("level_1", "level_2", "level_3"), levels):
            if not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueError(f"alarm {name} must be a finite number of metres, got {value!r}")
        if not self.level_1 < self.level_2 < self.level_3:
            raise ValueError(f"alarm levels must rise: I < II < III, got {levels}")

    def as_array(self) -> np.ndarray:
        return np.array([self.level_1, self.level_2, self.level_3], dtype="float64")


def alarm_level(value: float, levels: AlarmLevels) -> int:
    """Alarm level reached by a water level: 0 (below I), 1, 2 or 3 (at or above III).

    Examples
    --------
    >>> levels = AlarmLevels(1.0, 1.5, 2.0)
    >>> [alarm_level(v, levels) for v in (0.99, 1.0, 1.49, 1.5, 2.0, 3.2)]
    [0, 1, 1, 2, 3, 3]

    Raises
    ------
    ValueError
        If ``value`` is missing or not finite.
    """
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"water level must be a number of metres, got {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"water level must be finite, got {value!r}")
    return int(np.searchsorted(levels.as_array(), number, side="right"))


def _checked(frame: pd.DataFrame, value_column: str) -> pd.DataFrame:
    missing = [c for c in ("station_id", "time", value_column) if c not in frame.columns]
    if missing:
        raise ValueError(f"water-level frame lacks columns {missing}")
    times = pd.to_datetime(frame["time"])
    if times.isna().any():
        raise ValueError(f"{int(times.isna().sum())} water-level rows have no time")
    values = pd.to_numeric(frame[value_column], errors="coerce")
    bad = values.isna() & frame[value_column].notna()
    if bad.any():
        example = frame.loc[bad, value_column].iloc[0]
        raise ValueError(f"{int(bad.sum())} water levels are not numbers (e.g. {example!r})")
    duplicated = pd.DataFrame({"s": frame["station_id"], "t": times}).duplicated(keep=False)
    if duplicated.any():
        raise ValueError(
            f"{int(duplicated.sum())} rows share a (station_id, time); keep one level per station and time"
        )
    return pd.DataFrame(
        {"station_id": frame["station_id"], "time": times, "value": values.astype("float64")}, index=frame.index
    )


def rising_rate(frame: pd.DataFrame, window: str | pd.Timedelta = "1h", *, value_column: str = "level_m") -> pd.Series:
    """Rate of rise of the water level (m/h) at each reading, per station.

    The rate at a reading compares it with the earliest reading of the same station within
    the trailing ``window`` (inclusive): (level − earlier level) / hours between them.
    Negative when the water falls; NaN for a station's first reading in a window, or when
    either level is missing.

    Parameters
    ----------
    frame
        ``station_id``, ``time`` and the level column (m). Any order; irregular sampling is fine.
    window
        How far back to look (``"1h"``, ``"30min"``, a Timedelta).
    value_column
        Name of the level column (the ``environment.water_levels`` table uses ``level_m``).

    Returns
    -------
    pandas.Series
        Aligned with ``frame``'s index, named ``rising_rate_m_per_h``.
    """
    span = pd.Timedelta(window)
    if span <= pd.Timedelta(0):
        raise ValueError(f"window must be positive, got {window!r}")
    data = _checked(frame, value_column)
    data = data[data["value"].notna()]
    order = data.sort_values(["station_id", "time"], kind="stable")
    station_code = pd.factorize(order["station_id"], sort=True)[0].astype("int64")
    times = order["time"]
    if times.dt.tz is not None:
        times = times.dt.tz_convert("UTC").dt.tz_localize(None)
    nanos = times.to_numpy(dtype="datetime64[ns]").astype("int64")
    # one sortable key for (station, time): stations are far apart on it, so a search for
    # "time − window" never crosses into another station
    spacing = np.int64(nanos.max() - nanos.min() + span.value + 1) if len(nanos) else np.int64(1)
    key = station_code * spacing + (nanos - (nanos.min() if len(nanos) else 0))
    first = np.searchsorted(key, key - span.value, side="left")
    values = order["value"].to_numpy()
    hours = (nanos - nanos[first]) / 3.6e12
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(hours > 0, (values - values[first]) / hours, np.nan)
    result = pd.Series(rate, index=order.index, name="rising_rate_m_per_h")
    return result.reindex(frame.index)


def water_level_status(
    frame: pd.DataFrame,
    station_levels: Mapping[str, AlarmLevels] | None = None,
    rise_warning_m_per_h: float = 0.1,
    *,
    window: str = "1h",
    value_column: str = "level_m",
) -> pd.DataFrame:
    """Alarm level, its Vietnamese name and colour, and a rising flag for each reading.

    Parameters
    ----------
    frame
        ``station_id``, ``time``, the level column (m).
    station_levels
        Alarm levels by station id. When ``None``, the frame's ``alarm_1``, ``alarm_2`` and
        ``alarm_3`` columns are used (as in ``environment.water_levels``).
    rise_warning_m_per_h
        A reading is ``rising`` when the level rose at least this fast over ``window``.
    window, value_column
        As in :func:`rising_rate`.

    Returns
    -------
    pandas.DataFrame
        The input plus ``alarm_level`` (Int64 0..3; NA when the station has no alarm levels
        or the level is missing), ``name_vi``, ``colour``, ``rising_rate_m_per_h`` and
        ``rising`` (bool). Stations without alarm levels keep their rows, named
        "Chưa có mức báo động".
    """
    if not rise_warning_m_per_h > 0:
        raise ValueError(f"rise_warning_m_per_h must be positive, got {rise_warning_m_per_h!r}")
    data = _checked(frame, value_column)
    thresholds = _thresholds(frame, data, station_levels)
    values = data["value"].to_numpy()
    known = ~np.isnan(thresholds).any(axis=1) & ~np.isnan(values)
    reached = (values[:, np.newaxis] >= thresholds).sum(axis=1)
    level = np.where(known, reached, -1)
    names = np.array([*ALARM_NAMES_VI, None], dtype=object)
    colours = np.array([*ALARM_COLOURS, None], dtype=object)
    result = frame.copy()
    result["alarm_level"] = pd.array(np.where(known, reached, np.nan), dtype="Float64").astype("Int64")
    result["name_vi"] = pd.array(np.where(np.isnan(thresholds).any(axis=1), NO_LEVELS_VI, names[level]), dtype="string")
    result["colour"] = pd.array(colours[level], dtype="string")
    rate = rising_rate(frame, window, value_column=value_column)
    result["rising_rate_m_per_h"] = pd.array(rate.to_numpy(), dtype="Float64")
    # levels come in mm steps; without the tolerance 1.2 − 1.1 m in 1 h (0.0999… in floating
    # point) would miss a 0.1 m/h threshold it meets
    result["rising"] = (rate >= rise_warning_m_per_h - 1e-9).fillna(False).astype(bool).to_numpy()
    return result


def _thresholds(
    frame: pd.DataFrame, data: pd.DataFrame, station_levels: Mapping[str, AlarmLevels] | None
) -> np.ndarray:
    """Alarm levels I..III for each row, shape (n, 3); NaN where unknown."""
    if station_levels is None:
        columns = ["alarm_1", "alarm_2", "alarm_3"]
        if not set(columns) <= set(frame.columns):
            raise ValueError("give station_levels or alarm_1, alarm_2, alarm_3 columns")
        thresholds = frame[columns].apply(pd.to_numeric, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        complete = ~np.isnan(thresholds).any(axis=1)
        rising = (np.diff(thresholds, axis=1) > 0).all(axis=1)
        if (complete & ~rising).any():
            raise ValueError("alarm_1 < alarm_2 < alarm_3 must hold on every row that has them")
        return thresholds
    lookup = {str(station): levels.as_array() for station, levels in station_levels.items()}
    missing = np.full(3, np.nan)
    return np.array([lookup.get(str(s), missing) for s in data["station_id"]], dtype="float64").reshape(-1, 3)
