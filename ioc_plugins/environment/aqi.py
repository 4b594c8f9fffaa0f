"""VN_AQI, the Vietnam air quality index of Decision 1459/QĐ-TCMT (12/11/2019).

The decision ("Hướng dẫn kỹ thuật tính toán và công bố chỉ số chất lượng không khí Việt
Nam") defines, for each automatic, continuous monitoring station:

* **Parameter AQI** (AQIx), by linear interpolation in Bảng 2 (Công thức 1 and 2)::

      AQIx = (I[i+1] - I[i]) / (BP[i+1] - BP[i]) * (Cx - BP[i]) + I[i]

* **Hourly AQI** (AQI^h, mục 2.2.1): O3, CO, SO2 and NO2 use the 1-hour mean (O3 with
  the "O3 (1h)" column); PM2.5 and PM10 use the **NowCast** of the last 12 hours.
  AQI^h = max of the parameter AQIs, rounded to an integer.
* **Daily AQI** (AQI^d, mục 2.2.2): PM2.5 and PM10 use the 24-hour mean; SO2, NO2 and CO
  the highest 1-hour mean of the day; O3 both the highest 1-hour mean (column "O3 (1h)")
  and the highest 8-hour mean (column "O3 (8h)"), the larger AQI counting; the O3 8h
  value is not used when it exceeds 400 µg/m³. AQI^d = max, rounded to an integer.
* The calculation **must include at least one of PM10 and PM2.5** (mục 2.1.b): without
  either, there is no AQI.

Rules this module has to choose where the decision is silent are marked
"(project rule)" in the docstrings: the NowCast normalisation when w = 1/2, negative
readings, and the completeness of daily statistics.

Concentrations are µg/m³ for every parameter, CO included (Bảng 2 is in µg/m³).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ioc.config import site_timezone as default_site_timezone
from ioc_plugins.environment.bands import BANDS, Band, aqi_band, aqi_band_index, round_half_up_array

__all__ = [
    "AQI_LEVELS",
    "BANDS",
    "BREAKPOINTS",
    "PARAMETERS",
    "Band",
    "aqi_band",
    "aqi_from_concentration",
    "daily_aqi",
    "hourly_aqi",
    "nowcast",
]

#: Parameters of VN_AQI, in the order used to break ties for the dominant pollutant.
PARAMETERS: tuple[str, ...] = ("pm25", "pm10", "o3", "co", "so2", "no2")
PARTICLES = ("pm25", "pm10")

#: I_i of Bảng 2 (QĐ 1459): the AQI value at breakpoint i = 1..8.
AQI_LEVELS: tuple[int, ...] = (0, 50, 100, 150, 200, 300, 400, 500)

#: BP_i of Bảng 2 (QĐ 1459), µg/m³. The last row of the table reads "≥": a concentration
#: at or above it has AQI 500. "O3 (8h)" stops at AQI 300 (400 µg/m³); above that the
#: decision uses only the 1-hour O3.
BREAKPOINTS: dict[str, tuple[float, ...]] = {
    "o3_1h": (0, 160, 200, 300, 400, 800, 1000, 1200),
    "o3_8h": (0, 100, 120, 170, 210, 400),
    "co": (0, 10_000, 30_000, 45_000, 60_000, 90_000, 120_000, 150_000),
    "so2": (0, 125, 350, 550, 800, 1600, 2100, 2630),
    "no2": (0, 100, 200, 700, 1200, 2350, 3100, 3850),
    "pm10": (0, 50, 150, 250, 350, 420, 500, 600),
    "pm25": (0, 25, 50, 80, 150, 250, 350, 500),
}

#: Averaging periods the decision defines for each parameter → Bảng 2 column.
_TABLE_FOR_AVERAGING: dict[str, dict[str, str]] = {
    "o3": {"1h": "o3_1h", "8h": "o3_8h"},
    "pm25": {"nowcast": "pm25", "1h": "pm25", "24h": "pm25"},
    "pm10": {"nowcast": "pm10", "1h": "pm10", "24h": "pm10"},
    "co": {"1h": "co"},
    "so2": {"1h": "so2"},
    "no2": {"1h": "no2"},
}

NOWCAST_HOURS = 12


# --------------------------------------------------------------------------- parameter AQI


def normalise_parameter(name: object) -> str:
    """Map a parameter name to its key (``"PM2.5"`` → ``"pm25"``); unknown names raise."""
    key = str(name).strip().lower()
    for char in (".", "_", "-", " ", "₂", "₃", "₅"):
        key = key.replace(char, {"₂": "2", "₃": "3", "₅": "5"}.get(char, ""))
    if key not in PARAMETERS:
        raise ValueError(f"unknown VN_AQI parameter {name!r}; expected one of {', '.join(PARAMETERS)}")
    return key


def sub_index(concentrations: np.ndarray, table: str) -> np.ndarray:
    """Parameter AQI (unrounded) of concentrations by Công thức 1/2 and Bảng 2.

    Parameters
    ----------
    concentrations
        µg/m³; NaN means "no value".
    table
        A key of :data:`BREAKPOINTS` (``"o3_1h"``, ``"o3_8h"``, ``"pm25"`` …).

    Returns
    -------
    numpy.ndarray
        AQI values; NaN where the input is NaN, and for ``"o3_8h"`` above 400 µg/m³.
        At or above the top breakpoint the AQI is 500. Negative concentrations (instrument
        noise around zero, which the readings table accepts) give 0 (project rule).
    """
    values = np.asarray(concentrations, dtype="float64")
    points = np.asarray(BREAKPOINTS[table], dtype="float64")
    levels = np.asarray(AQI_LEVELS[: len(points)], dtype="float64")
    # np.interp is exactly the decision's piecewise-linear formula and holds the end
    # values outside the table: 0 below BP_1, 500 at or above BP_8
    result = np.interp(values, points, levels)
    result[np.isnan(values)] = np.nan
    if table == "o3_8h":
        result[values > points[-1]] = np.nan
    return result


def aqi_from_concentration(parameter: str, value: float | None, averaging: str = "1h") -> float | None:
    """Parameter AQI (AQIx, unrounded) of one concentration.

    Parameters
    ----------
    parameter
        ``"pm25"``, ``"pm10"``, ``"o3"``, ``"co"``, ``"so2"`` or ``"no2"`` (``"PM2.5"``
        etc. accepted).
    value
        Concentration in µg/m³ (for PM: a NowCast or 24-hour mean). ``None``/NaN → ``None``.
    averaging
        Which column of Bảng 2 applies: ``"1h"`` or ``"8h"`` for O3; ``"nowcast"``,
        ``"1h"`` or ``"24h"`` for PM (same breakpoints); ``"1h"`` for CO, SO2, NO2
        (their daily AQI also uses the day's highest 1-hour mean).

    Returns
    -------
    float or None
        ``None`` when there is no value, and for O3 8h above 400 µg/m³ (the decision then
        rates O3 by its 1-hour value only).

    Raises
    ------
    ValueError
        Unknown parameter, an averaging the decision does not define for it, or a
        non-finite value.
    """
    key = normalise_parameter(parameter)
    tables = _TABLE_FOR_AVERAGING[key]
    if averaging not in tables:
        raise ValueError(
            f"averaging {averaging!r} is not defined for {key} in QĐ 1459 Bảng 2; use one of {', '.join(tables)}"
        )
    if value is None:
        return None
    number = float(value)
    if math.isnan(number):
        return None
    if math.isinf(number):
        raise ValueError(f"{key} concentration must be finite, got {value!r}")
    result = sub_index(np.array([number]), tables[averaging])[0]
    return None if math.isnan(result) else float(result)


# --------------------------------------------------------------------------- NowCast


def nowcast_matrix(recent_first: np.ndarray) -> np.ndarray:
    """NowCast of many windows at once (mục 2.2.1.a).

    Parameters
    ----------
    recent_first
        Shape ``(n, 12)``; column 0 is c1 (the current hour), column 11 is c12; NaN where
        the hour has no value.

    Returns
    -------
    numpy.ndarray
        Shape ``(n,)``; NaN where the decision gives no NowCast.

    Notes
    -----
    The decision's rule, paraphrased:

    * w* = Cmin / Cmax over the (available) 12 hourly values; if w* ≤ 1/2 then w = 1/2,
      otherwise w = w*.
    * w > 1/2: NowCast = Σ w^(i−1)·c_i / Σ w^(i−1)  (i = 1..12).
    * w = 1/2: the decision prints NowCast = Σ (1/2)^i·c_i, which is the same weighted mean
      written without its denominator (Σ (1/2)^(i−1) = 2 − 2^−11 ≈ 2, so the two differ by
      0.02 %). With missing hours the printed form would shrink the value, so the
      normalised mean is used in both cases (project rule).
    * "Chỉ tính được giá trị Nowcast khi có ít nhất 2 trong 3 giá trị c1, c2, c3" — at least
      two of the three most recent hours must have data, otherwise there is no NowCast.
    * A missing c_i gets weight 0 ("Nếu ci không có giá trị thì lấy w^(i−1) = 0").

    When every available value is ≤ 0 the ratio is undefined; w = 1 is used (a flat
    series; project rule). A negative Cmin gives w* < 0, hence w = 1/2.
    """
    values = np.asarray(recent_first, dtype="float64")
    if values.ndim != 2 or values.shape[1] != NOWCAST_HOURS:
        raise ValueError(f"NowCast needs windows of {NOWCAST_HOURS} hourly values, got shape {values.shape}")
    present = ~np.isnan(values)
    enough_recent = present[:, :3].sum(axis=1) >= 2
    c_min = np.where(present, values, np.inf).min(axis=1)
    c_max = np.where(present, values, -np.inf).max(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(c_max > 0, c_min / c_max, 1.0)
    weight = np.clip(ratio, 0.5, 1.0)
    powers = weight[:, np.newaxis] ** np.arange(NOWCAST_HOURS)[np.newaxis, :]
    powers = np.where(present, powers, 0.0)
    numerator = (powers * np.where(present, values, 0.0)).sum(axis=1)
    denominator = powers.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = numerator / denominator
    return np.where(enough_recent, result, np.nan)


def nowcast(series_last_12h: Sequence[float | None] | pd.Series, *, end: object = None) -> float | None:
    """NowCast (µg/m³) of PM2.5 or PM10 from the last 12 hourly means (QĐ 1459, 2.2.1.a).

    Parameters
    ----------
    series_last_12h
        Either 12 values in **time order** — oldest (c12) first, the current hour (c1)
        last — with ``None``/NaN for missing hours; or a :class:`pandas.Series` indexed by
        hourly timestamps, of which the 12 hours ending at ``end`` are used (hours absent
        from the index count as missing).
    end
        The current hour (c1) when a time-indexed Series is given; default: its latest
        timestamp. Give it explicitly when the current hour itself may be missing.

    Returns
    -------
    float or None
        ``None`` when fewer than 2 of the 3 most recent hours have values.

    See Also
    --------
    nowcast_matrix : the rule text and the vectorised computation.

    Examples
    --------
    The decision's worked example (PM2.5, 09:00 → 20:00) gives 20.3 µg/m³:

    >>> round(nowcast([26.9, 24.7, 20.5, 23.5, 19.5, 16.5, 19.0, 16.5, 20.3, 22.4, 19.6, 20.6]), 1)
    20.3
    """
    chronological = _twelve_hours(series_last_12h, end)
    result = nowcast_matrix(chronological[::-1][np.newaxis, :])[0]
    return None if math.isnan(result) else float(result)


def _twelve_hours(series: Sequence[float | None] | pd.Series, end: object) -> np.ndarray:
    if isinstance(series, pd.Series) and isinstance(series.index, pd.DatetimeIndex):
        if series.index.has_duplicates:
            raise ValueError("NowCast series has duplicate timestamps")
        if not (series.index == series.index.floor("h")).all():
            raise ValueError("NowCast series must be indexed by whole hours")
        last = pd.Timestamp(end) if end is not None else series.index.max()
        hours = pd.date_range(end=last, periods=NOWCAST_HOURS, freq="h")
        window = series.reindex(hours)
        values = pd.to_numeric(window, errors="raise").to_numpy(dtype="float64", na_value=np.nan)
    else:
        if end is not None:
            raise ValueError("'end' only applies to a Series indexed by time")
        values = pd.to_numeric(pd.Series(list(series), dtype="object"), errors="raise").to_numpy(
            dtype="float64", na_value=np.nan
        )
        if len(values) != NOWCAST_HOURS:
            raise ValueError(f"NowCast needs exactly {NOWCAST_HOURS} hourly values (oldest first), got {len(values)}")
    if np.isinf(values).any():
        raise ValueError("NowCast values must be finite")
    return values


# --------------------------------------------------------------------------- station × hour grid


def _validate_readings(readings: pd.DataFrame) -> pd.DataFrame:
    """Check and normalise long readings; return station_id, time, parameter, value without gaps."""
    required = ("station_id", "time", "parameter", "value")
    missing = [column for column in required if column not in readings.columns]
    if missing:
        raise ValueError(f"readings lack columns {missing}; expected {list(required)}")
    frame = readings.loc[:, list(required)].copy()
    if frame["station_id"].isna().any():
        raise ValueError(f"{int(frame['station_id'].isna().sum())} readings have no station_id")
    try:
        times = pd.to_datetime(frame["time"])
    except (ValueError, TypeError) as error:
        raise ValueError(f"readings 'time' cannot be read as timestamps: {error}") from None
    if times.isna().any():
        raise ValueError(f"{int(times.isna().sum())} readings have no time")
    if times.dt.tz is not None:
        times = times.dt.tz_convert("UTC")
    off_hour = times != times.dt.floor("h")
    if off_hour.any():
        examples = ", ".join(str(t) for t in times[off_hour].head(3))
        raise ValueError(
            f"{int(off_hour.sum())} readings are not on a whole hour (e.g. {examples}); VN_AQI works on hourly means"
        )
    frame["time"] = times
    names = {name: normalise_parameter(name) for name in frame["parameter"].unique()}
    frame["parameter"] = frame["parameter"].map(names)
    values = pd.to_numeric(frame["value"], errors="coerce")
    unreadable = values.isna() & frame["value"].notna()
    if unreadable.any():
        example = frame.loc[unreadable, "value"].iloc[0]
        raise ValueError(f"{int(unreadable.sum())} reading values are not numbers (e.g. {example!r})")
    values = values.astype("float64")
    if np.isinf(values).any():
        raise ValueError("reading values must be finite")
    frame["value"] = values
    frame = frame[frame["value"].notna()]
    duplicated = frame.duplicated(["station_id", "time", "parameter"], keep=False)
    if duplicated.any():
        first = frame[duplicated].iloc[0]
        raise ValueError(
            f"{int(duplicated.sum())} readings share a (station_id, time, parameter), e.g. "
            f"({first['station_id']!r}, {first['time']}, {first['parameter']}); "
            "keep one value per station-hour-parameter"
        )
    return frame


def _hourly_grid(frame: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Pivot readings to one row per station-hour, every hour from a station's first to last.

    Returns the wide frame (station_id, time, one column per parameter) and each row's
    position within its station (hours since the station's first hour), which tells the
    window code where a station's history begins.
    """
    wide = frame.pivot(index=["station_id", "time"], columns="parameter", values="value")
    wide = wide.reindex(columns=list(PARAMETERS))
    bounds = frame.groupby("station_id", sort=True)["time"].agg(["min", "max"])
    unit = frame["time"].dt.unit
    hours = [pd.date_range(start, stop, freq="h", unit=unit) for start, stop in zip(bounds["min"], bounds["max"])]
    lengths = np.array([len(h) for h in hours], dtype="int64")
    index = pd.MultiIndex.from_arrays(
        [bounds.index.repeat(lengths), hours[0].append(hours[1:])], names=["station_id", "time"]
    )
    wide = wide.reindex(index).reset_index()
    wide.columns.name = None
    position = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return wide, position


def _lagged(values: np.ndarray, position: np.ndarray, hours: int) -> np.ndarray:
    """Matrix whose column k is the value k hours earlier at the same station (NaN before its start)."""
    lagged = np.full((len(values), hours), np.nan)
    for lag in range(min(hours, len(values))):
        shifted = np.full(len(values), np.nan)
        shifted[lag:] = values[: len(values) - lag]
        lagged[:, lag] = np.where(position >= lag, shifted, np.nan)
    return lagged


def _combine(sub_indices: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Station AQI (rounded, NaN if no PM) and dominant parameter from parameter AQIs."""
    matrix = sub_indices.to_numpy(dtype="float64")
    has_any = ~np.isnan(matrix).all(axis=1)
    # ties go to the first parameter in PARAMETERS order (PM first)
    best = np.argmax(np.where(np.isnan(matrix), -np.inf, matrix), axis=1)
    maximum = np.where(has_any, matrix[np.arange(len(matrix)), best], np.nan)
    has_particles = sub_indices[[f"aqi_{p}" for p in PARTICLES]].notna().any(axis=1).to_numpy()
    valid = has_any & has_particles
    aqi = np.where(valid, round_half_up_array(maximum), np.nan)
    names = np.array(list(PARAMETERS), dtype=object)
    dominant = np.where(valid, names[best], None)
    return aqi, dominant


def _with_band(result: pd.DataFrame, aqi: np.ndarray, dominant: np.ndarray) -> pd.DataFrame:
    index = aqi_band_index(aqi)
    names = np.array([band.name_vi for band in BANDS] + [None], dtype=object)
    colours = np.array([band.colour_hex for band in BANDS] + [None], dtype=object)
    result["aqi"] = pd.array(aqi, dtype="Float64").astype("Int64")
    result["dominant"] = pd.array(dominant, dtype="string")
    result["band"] = pd.array(names[index], dtype="string")
    result["colour"] = pd.array(colours[index], dtype="string")
    return result


def _int_column(values: np.ndarray) -> pd.arrays.IntegerArray:
    return pd.array(round_half_up_array(values), dtype="Float64").astype("Int64")


# --------------------------------------------------------------------------- hourly AQI


def hourly_aqi(readings: pd.DataFrame) -> pd.DataFrame:
    """Hourly VN_AQI (AQI^h) of every station-hour (QĐ 1459, 2.2.1).

    Parameters
    ----------
    readings
        Long hourly means: ``station_id``, ``time`` (whole hours; tz-aware — converted to
        UTC — or naive), ``parameter`` (``pm25``, ``pm10``, ``o3``, ``co``, ``so2``,
        ``no2``; ``"PM2.5"`` etc. accepted), ``value`` (µg/m³; NaN = missing). One value per
        station, hour and parameter. Other columns are ignored.

    Returns
    -------
    pandas.DataFrame
        One row per station and hour from the station's first to its last reading (hours
        without readings included, since a NowCast may exist for them), sorted by station
        and time, with columns ``station_id``, ``time`` (as given, UTC if tz-aware),
        ``aqi`` (Int64; NA when not computable), ``dominant``, ``aqi_pm25``, ``aqi_pm10``,
        ``aqi_o3``, ``aqi_co``, ``aqi_so2``, ``aqi_no2`` (Int64, rounded half-up),
        ``band`` (Vietnamese name), ``colour`` (hex), ``nowcast_pm25``, ``nowcast_pm10``
        (µg/m³).

    Notes
    -----
    * O3, CO, SO2, NO2: the hour's own 1-hour mean (O3 with the "O3 (1h)" breakpoints).
    * PM2.5, PM10: the NowCast of the 12 hours ending at that hour (see :func:`nowcast`),
      so the hour needs values in at least 2 of itself and the two hours before.
    * AQI^h = max of the parameter AQIs, rounded to an integer; NA unless PM2.5 or PM10 has
      an AQI ("bắt buộc phải có tối thiểu 01 trong 02 thông số PM10, PM2.5"). The dominant
      parameter is the one with the highest AQI (PM first on ties).

    Raises
    ------
    ValueError
        Missing columns, unknown parameters, times not on the hour, non-numeric values or
        duplicate station-hour-parameter readings.
    """
    frame = _validate_readings(readings)
    if frame.empty:
        return _empty_hourly(readings)
    wide, position = _hourly_grid(frame)
    result = wide[["station_id", "time"]].copy()
    aqis = pd.DataFrame(index=wide.index)
    nowcasts = {}
    for parameter in PARAMETERS:
        values = wide[parameter].to_numpy(dtype="float64", na_value=np.nan)
        if parameter in PARTICLES:
            values = nowcast_matrix(_lagged(values, position, NOWCAST_HOURS))
            nowcasts[parameter] = values
        table = "o3_1h" if parameter == "o3" else parameter
        aqis[f"aqi_{parameter}"] = sub_index(values, table)
    aqi, dominant = _combine(aqis)
    result = _with_band(result, aqi, dominant)
    for parameter in PARAMETERS:
        result[f"aqi_{parameter}"] = _int_column(aqis[f"aqi_{parameter}"].to_numpy())
    for parameter in PARTICLES:
        result[f"nowcast_{parameter}"] = pd.array(nowcasts[parameter], dtype="Float64")
    return result[_HOURLY_COLUMNS]


_HOURLY_COLUMNS = [
    "station_id",
    "time",
    "aqi",
    "dominant",
    *[f"aqi_{p}" for p in PARAMETERS],
    "band",
    "colour",
    "nowcast_pm25",
    "nowcast_pm10",
]


def _empty_hourly(readings: pd.DataFrame) -> pd.DataFrame:
    columns = {name: pd.Series(dtype="Int64") for name in _HOURLY_COLUMNS}
    columns["station_id"] = pd.Series(dtype=readings["station_id"].dtype)
    time_dtype = readings["time"].dtype
    columns["time"] = pd.Series(
        dtype=time_dtype if pd.api.types.is_datetime64_any_dtype(time_dtype) else "datetime64[ns]"
    )
    for name in ("dominant", "band", "colour"):
        columns[name] = pd.Series(dtype="string")
    for name in ("nowcast_pm25", "nowcast_pm10"):
        columns[name] = pd.Series(dtype="Float64")
    return pd.DataFrame(columns)


# --------------------------------------------------------------------------- daily AQI

#: Daily statistic of each parameter (QĐ 1459, 2.2.2) → output column.
_DAILY_STATISTICS = {
    "pm25": "pm25_24h",
    "pm10": "pm10_24h",
    "co": "co_1h_max",
    "so2": "so2_1h_max",
    "no2": "no2_1h_max",
    "o3": "o3_1h_max",
}


def daily_aqi(
    readings: pd.DataFrame,
    *,
    min_hours: int = 18,
    min_hours_8h: int = 6,
    hour_label: str = "start",
    naive_timezone: str = "UTC",
    site_timezone: str | None = None,
) -> pd.DataFrame:
    """Daily VN_AQI (AQI^d) of every station-day (QĐ 1459, 2.2.2).

    Parameters
    ----------
    readings
        Long hourly means as for :func:`hourly_aqi`.
    min_hours
        Completeness (project rule; the decision sets none): a parameter's daily value is
        computed only when at least this many of the day's 24 hourly means exist (18 = 75 %).
        Applies to the 24-hour means and to the daily maxima.
    min_hours_8h
        An 8-hour O3 mean needs at least this many of its 8 hourly means (project rule, 75 %).
    hour_label
        What a timestamp labels: ``"start"`` of the averaging hour (the project's
        ``environment.air_readings`` convention) or its ``"end"`` (how Vietnamese stations
        display hours). The decision's day runs from the 01:00 to the 00:00 (next day)
        hour-ending values, i.e. the hours starting 00:00 … 23:00 local time.
    naive_timezone
        Time zone of naive timestamps (storage is UTC; give the site's zone for
        local clock times).
    site_timezone
        Whose calendar day is used (default: the site profile's time zone).

    Returns
    -------
    pandas.DataFrame
        One row per station and local day that has any hour in the station's range, with
        ``station_id``, ``date`` (local calendar date), ``aqi`` (Int64), ``dominant``,
        ``aqi_pm25`` … ``aqi_no2`` (Int64), ``band``, ``colour``; the inputs ``pm25_24h``,
        ``pm10_24h``, ``o3_1h_max``, ``o3_8h_max``, ``co_1h_max``, ``so2_1h_max``,
        ``no2_1h_max`` (µg/m³); ``aqi_o3_1h``, ``aqi_o3_8h``; and ``hours_<parameter>``, the
        number of hourly means the day had.

    Notes
    -----
    * PM2.5, PM10: 24-hour mean. SO2, NO2, CO: the day's highest 1-hour mean.
    * O3: AQI of the highest 1-hour mean ("O3 (1h)") and of the highest 8-hour mean
      ("O3 (8h)"); the larger counts (as in the decision's worked example). The 8-hour
      mean at hour h averages hours h−7 … h, so "each day has 24 8-hour means", the
      first ones reaching into the previous day. When the day's highest 8-hour mean is
      above 400 µg/m³ only the 1-hour value is used.
    * AQI^d = max of the parameter AQIs, rounded; NA unless PM2.5 or PM10 has a value.
    """
    if hour_label not in {"start", "end"}:
        raise ValueError(f"hour_label must be 'start' or 'end', got {hour_label!r}")
    if not 1 <= min_hours <= 24 or not 1 <= min_hours_8h <= 8:
        raise ValueError("min_hours must be within 1..24 and min_hours_8h within 1..8")
    frame = _validate_readings(readings)
    if frame.empty:
        raise ValueError("no readings with values to compute a daily AQI from")
    wide, position = _hourly_grid(frame)
    times = wide["time"]
    site_timezone = site_timezone or default_site_timezone()
    local = (
        times.dt.tz_convert(site_timezone)
        if times.dt.tz is not None
        else times.dt.tz_localize(naive_timezone).dt.tz_convert(site_timezone)
    )
    if hour_label == "end":
        local = local - pd.Timedelta(hours=1)
    wide["date"] = local.dt.date
    window = _lagged(wide["o3"].to_numpy(dtype="float64", na_value=np.nan), position, 8)
    counts_8h = (~np.isnan(window)).sum(axis=1)
    wide["o3_8h"] = np.where(counts_8h >= min_hours_8h, _nanmean_rows(window), np.nan)
    statistics, hours = _daily_statistics(wide, min_hours)
    return _daily_output(statistics, hours)


def _daily_statistics(wide: pd.DataFrame, min_hours: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per station-day: the concentration each parameter is rated by, and hour counts."""
    grouped = wide.groupby(["station_id", "date"], sort=True)
    hours = grouped[list(PARAMETERS)].count().add_prefix("hours_")
    values = pd.concat([grouped[["pm25", "pm10"]].mean(), grouped[["co", "so2", "no2", "o3", "o3_8h"]].max()], axis=1)
    statistics = pd.DataFrame(index=hours.index)
    for parameter, column in _DAILY_STATISTICS.items():
        statistics[column] = values[parameter].where(hours[f"hours_{parameter}"] >= min_hours)
    statistics["o3_8h_max"] = values["o3_8h"].where(hours["hours_o3"] >= min_hours)
    return statistics, hours


def _daily_output(statistics: pd.DataFrame, hours: pd.DataFrame) -> pd.DataFrame:
    """Parameter AQIs, the daily AQI and its band, with the statistics behind them."""

    def rated(column: str, table: str) -> np.ndarray:
        return sub_index(statistics[column].to_numpy(dtype="float64"), table)

    o3_1h, o3_8h = rated("o3_1h_max", "o3_1h"), rated("o3_8h_max", "o3_8h")
    aqis = pd.DataFrame(
        {f"aqi_{p}": rated(_DAILY_STATISTICS[p], p) for p in ("pm25", "pm10", "co", "so2", "no2")},
        index=statistics.index,
    )
    aqis["aqi_o3"] = np.fmax(o3_1h, o3_8h)  # the larger of the two O3 AQIs counts
    aqis = aqis[[f"aqi_{p}" for p in PARAMETERS]]
    aqi, dominant = _combine(aqis)
    output = _with_band(statistics.index.to_frame(index=False), aqi, dominant)
    for column in aqis.columns:
        output[column] = _int_column(aqis[column].to_numpy())
    output["aqi_o3_1h"] = _int_column(o3_1h)
    output["aqi_o3_8h"] = _int_column(o3_8h)
    for column in ("pm25_24h", "pm10_24h", "o3_1h_max", "o3_8h_max", "co_1h_max", "so2_1h_max", "no2_1h_max"):
        output[column] = pd.array(statistics[column].to_numpy(dtype="float64"), dtype="Float64")
    for column in hours.columns:
        output[column] = hours[column].to_numpy()
    return output


def _nanmean_rows(matrix: np.ndarray) -> np.ndarray:
    """Row means ignoring NaN, NaN for all-NaN rows (without numpy's warning)."""
    present = ~np.isnan(matrix)
    counts = present.sum(axis=1)
    totals = np.where(present, matrix, 0.0).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(counts > 0, totals / np.maximum(counts, 1), np.nan)
