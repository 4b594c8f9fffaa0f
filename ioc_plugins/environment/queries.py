"""Queries of the environment domain: what the dashboards, notebooks and reports show.

Each function takes a :class:`~ioc.datalayer.DataLayer` and returns a pandas frame (or a
plain value); the SQL lives here, so a view only renders frames. Values are rated the way
the regulation's decisions rate them: VN_AQI bands (QĐ 1459/QĐ-TCMT), VN_WQI bands
(QĐ 1460/QĐ-TCMT) and the water-level alarm levels I–III of each station. Times come back
in UTC; showing them in the site's time zone is the caller's job.

The band tables are re-exported (:data:`AQI_BANDS`, :data:`WQI_BANDS`) so that a view can
draw legends and give advice without importing the plugin's other modules.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pandas as pd

from geodata.boundaries import site_boundaries
from ioc.alerts import alerts_between
from ioc.config import Settings
from ioc.datalayer import DataLayer
from ioc.overview import Figure, Tile
from ioc.timestamps import as_utc
from ioc_plugins.environment.bands import BANDS as AQI_BANDS
from ioc_plugins.environment.bands import WQI_BANDS, aqi_band, wqi_band
from ioc_plugins.environment.tables import MODELLED_NOTE

logger = logging.getLogger(__name__)

__all__ = [
    "AQI_BANDS",
    "KINDS",
    "KIND_SOURCES",
    "LEVEL_COLOURS",
    "MODELLED_NOTE",
    "NO_DATA_COLOUR",
    "WQI_BANDS",
    "admin_boundaries",
    "alarm_level",
    "latest_parameters",
    "latest_time",
    "latest_values",
    "overview_tile",
    "rate",
    "station_series",
    "station_status",
    "stations",
]

#: Station kinds, in the order a view offers them.
KINDS = ("air", "water_level", "water_quality")

#: The table and value column each station kind is rated from.
KIND_SOURCES = {
    "air": ("environment.aqi_hourly", "aqi"),
    "water_level": ("environment.water_levels", "level_m"),
    "water_quality": ("environment.wqi", "wqi"),
}
#: Raw readings behind "latest value per parameter" (water levels have a single value).
KIND_READINGS = {"air": "environment.air_readings", "water_quality": "environment.water_quality"}

#: Colours of "below alarm" and of alarm levels I, II, III.
LEVEL_COLOURS = ("#1e88e5", "#fdd835", "#fb8c00", "#e53935")
#: Colour of a station without data.
NO_DATA_COLOUR = "#9e9e9e"

#: Columns of :func:`station_status`.
STATUS_COLUMNS = [
    "station_id",
    "name",
    "origin",
    "unit_code",
    "lon",
    "lat",
    "time",
    "value",
    "dominant",
    "alarm_1",
    "alarm_2",
    "alarm_3",
    "severity",
    "colour",
]


def _check_kind(kind: str) -> str:
    if kind not in KIND_SOURCES:
        raise ValueError(f"unknown station kind {kind!r}; expected one of {', '.join(KINDS)}")
    return kind


# --------------------------------------------------------------------------- rating
def alarm_level(level: float | None, alarms: tuple[Any, Any, Any]) -> int:
    """The highest water-level alarm a level reaches.

    Parameters
    ----------
    level : float or None
        Water level in metres.
    alarms : tuple of three floats or None
        Thresholds of alarm levels I, II and III (missing ones are skipped).

    Returns
    -------
    int
        1, 2 or 3; 0 below alarm I or when the level is unknown.
    """
    if level is None or pd.isna(level):
        return 0
    reached = 0
    for number, threshold in enumerate(alarms, start=1):
        if threshold is not None and not pd.isna(threshold) and level >= float(threshold):
            reached = number
    return reached


def rate(kind: str, value: Any, alarms: tuple[Any, Any, Any] = (None, None, None)) -> tuple[int, str]:
    """Rate one value of a station kind.

    Parameters
    ----------
    kind : {"air", "water_level", "water_quality"}
        What the value is: a VN_AQI, a water level (m) or a VN_WQI.
    value : float or None
        The value.
    alarms : tuple, optional
        Alarm thresholds I–III (water level only).

    Returns
    -------
    tuple of (int, str)
        ``(severity, colour)``: the index of the AQI band in :data:`AQI_BANDS` (0 is
        "Tốt"), of the WQI band in :data:`WQI_BANDS` (0 is "Rất tốt") or the alarm level
        (0–3), and its display colour; ``(-1, NO_DATA_COLOUR)`` without a value.
    """
    if value is None or pd.isna(value):
        return -1, NO_DATA_COLOUR
    if _check_kind(kind) == "air":
        band = aqi_band(value)
        return AQI_BANDS.index(band), band.colour_hex
    if kind == "water_quality":
        band = wqi_band(value)
        return WQI_BANDS.index(band), band.colour_hex
    level = alarm_level(value, alarms)
    return level, LEVEL_COLOURS[level]


# --------------------------------------------------------------------------- lake queries
def latest_time(datalayer: DataLayer, table: str) -> pd.Timestamp | None:
    """The newest time of a table.

    Parameters
    ----------
    datalayer : DataLayer
        Where the table lives.
    table : str
        A table with a time column, e.g. ``"environment.aqi_hourly"``.

    Returns
    -------
    pandas.Timestamp or None
        The newest value of the table's time column (UTC); ``None`` when it has no rows.
    """
    column = datalayer.table(table).time_column
    frame = datalayer.cached_sql(f'SELECT max("{column}") AS latest FROM {table}')
    latest = frame["latest"].iloc[0] if len(frame) else None
    return None if latest is None or pd.isna(latest) else as_utc(latest)


def stations(datalayer: DataLayer, kind: str) -> pd.DataFrame:
    """The registered stations of one kind.

    Parameters
    ----------
    datalayer : DataLayer
        Reads ``environment.stations``.
    kind : {"air", "water_level", "water_quality"}
        Station kind.

    Returns
    -------
    pandas.DataFrame
        ``station_id``, ``name``, ``origin`` (official, unofficial or modelled), ``lon``, ``lat``,
        ``unit_code``, ``alarm_1``–``alarm_3``, ordered by ``station_id``.
    """
    return datalayer.cached_sql(
        "SELECT station_id, name, COALESCE(origin, 'official') AS origin, lon, lat, unit_code, "
        "alarm_1, alarm_2, alarm_3 FROM environment.stations WHERE kind = ? ORDER BY station_id",
        [_check_kind(kind)],
    )


def latest_values(datalayer: DataLayer, kind: str) -> pd.DataFrame:
    """The newest value of every station of one kind that has data.

    Parameters
    ----------
    datalayer : DataLayer
        Reads the kind's table (:data:`KIND_SOURCES`).
    kind : {"air", "water_level", "water_quality"}
        Station kind.

    Returns
    -------
    pandas.DataFrame
        ``station_id``, ``time``, ``value`` and, by kind, ``dominant`` and the location
        (``data_lon``, ``data_lat``) written with the value (air, water quality) or the
        alarm thresholds written with it (``data_alarm_1``–``data_alarm_3``, water level).
    """
    table, column = KIND_SOURCES[_check_kind(kind)]
    extra = {
        "air": ", dominant, lon AS data_lon, lat AS data_lat",
        "water_quality": ", lon AS data_lon, lat AS data_lat",
        "water_level": ", alarm_1 AS data_alarm_1, alarm_2 AS data_alarm_2, alarm_3 AS data_alarm_3",
    }[kind]
    return datalayer.cached_sql(
        f'SELECT station_id, time, "{column}" AS value{extra} FROM (SELECT *, row_number() OVER '
        f'(PARTITION BY station_id ORDER BY time DESC) AS _n FROM {table} WHERE "{column}" IS NOT NULL) '
        f"WHERE _n = 1"
    )


def station_status(datalayer: DataLayer, kind: str) -> pd.DataFrame:
    """One row per station of a kind: where it is, its latest value and how that rates.

    Stations that have data but are missing from the registry are included under their
    code (located by the coordinates written with the data); registered stations
    without data get severity -1 and the grey :data:`NO_DATA_COLOUR`. Alarm thresholds
    written with a water level override the registry's.

    Parameters
    ----------
    datalayer : DataLayer
        The data layer.
    kind : {"air", "water_level", "water_quality"}
        Station kind.

    Returns
    -------
    pandas.DataFrame
        :data:`STATUS_COLUMNS`: ``station_id``, ``name`` (the code when unnamed), ``origin``
        (official, unofficial or modelled: modelled values are never shown as measured), ``unit_code``, ``lon``, ``lat``, ``time`` (UTC), ``value``, ``dominant`` (air),
        ``alarm_1``–``alarm_3``, ``severity`` and ``colour`` (see :func:`rate`), ordered by
        ``station_id``.
    """
    merged = stations(datalayer, kind).merge(latest_values(datalayer, kind), on="station_id", how="outer")
    for column in ("lon", "lat"):
        if f"data_{column}" in merged:
            merged[column] = merged[column].fillna(merged[f"data_{column}"])
    for number in (1, 2, 3):
        if f"data_alarm_{number}" in merged:
            merged[f"alarm_{number}"] = merged[f"data_alarm_{number}"].fillna(merged[f"alarm_{number}"])
    if "dominant" not in merged:
        merged["dominant"] = None
    merged["name"] = merged["name"].fillna(merged["station_id"]).astype(str)
    merged["origin"] = merged["origin"].fillna("official").astype(str)
    merged["station_id"] = merged["station_id"].astype(str)
    ratings = [
        rate(kind, value, alarms)
        for value, *alarms in zip(merged["value"], merged["alarm_1"], merged["alarm_2"], merged["alarm_3"])
    ]
    merged["severity"] = pd.Series([r[0] for r in ratings], index=merged.index, dtype="int64")
    merged["colour"] = pd.Series([r[1] for r in ratings], index=merged.index, dtype=object)
    return merged[STATUS_COLUMNS].sort_values("station_id").reset_index(drop=True)


def station_series(datalayer: DataLayer, kind: str, station: str | None, period: timedelta) -> pd.DataFrame:
    """A station's values over the last ``period`` of its kind's data, each one rated.

    The period is counted back from the newest data of the kind (not from now), so a
    demo or a feed that stopped still shows its last stretch.

    Parameters
    ----------
    datalayer : DataLayer
        The data layer.
    kind : {"air", "water_level", "water_quality"}
        Station kind.
    station : str or None
        ``station_id``; ``None`` gives an empty frame.
    period : datetime.timedelta
        How far back to go.

    Returns
    -------
    pandas.DataFrame
        ``time`` (UTC), ``value`` (float), ``severity`` and ``colour`` of each value,
        oldest first.
    """
    table, column = KIND_SOURCES[_check_kind(kind)]
    end = latest_time(datalayer, table)
    if station is None or end is None:
        return pd.DataFrame(
            {
                "time": pd.Series(dtype="datetime64[ns, UTC]"),
                "value": pd.Series(dtype="float64"),
                "severity": pd.Series(dtype="int64"),
                "colour": pd.Series(dtype=object),
            }
        )
    frame = datalayer.cached_sql(
        f'SELECT time, "{column}" AS value FROM {table} WHERE station_id = ? AND time > ? '
        f'AND "{column}" IS NOT NULL ORDER BY time',
        [station, (end - period).to_pydatetime()],
    )
    frame["value"] = frame["value"].astype("float64")
    alarms = _alarms(datalayer, kind, station)
    ratings = [rate(kind, value, alarms) for value in frame["value"]]
    frame["severity"] = pd.Series([r[0] for r in ratings], index=frame.index, dtype="int64")
    frame["colour"] = pd.Series([r[1] for r in ratings], index=frame.index, dtype=object)
    return frame


def _alarms(datalayer: DataLayer, kind: str, station: str) -> tuple[Any, Any, Any]:
    if kind != "water_level":
        return (None, None, None)
    status = station_status(datalayer, kind)
    row = status[status["station_id"] == station]
    if row.empty:
        return (None, None, None)
    return tuple(row[f"alarm_{n}"].iloc[0] for n in (1, 2, 3))


def latest_parameters(
    datalayer: DataLayer, kind: str, station: str | None, within: timedelta = timedelta(days=3)
) -> pd.DataFrame:
    """The latest value of each parameter measured at a station (air, water quality).

    Parameters
    ----------
    datalayer : DataLayer
        The data layer.
    kind : {"air", "water_level", "water_quality"}
        Station kind; water-level stations have no parameters (empty frame).
    station : str or None
        ``station_id``.
    within : datetime.timedelta, optional
        Only readings this close to the kind's newest data (3 days by default).

    Returns
    -------
    pandas.DataFrame
        ``parameter``, ``value``, ``unit``, ``time`` (UTC), ordered by parameter.
    """
    table = KIND_READINGS.get(_check_kind(kind))
    end = latest_time(datalayer, KIND_SOURCES[kind][0])
    if table is None or station is None or end is None:
        return pd.DataFrame(columns=["parameter", "value", "unit", "time"])
    return datalayer.cached_sql(
        "SELECT parameter, value, unit, time FROM (SELECT *, row_number() OVER (PARTITION BY parameter "
        f"ORDER BY time DESC) AS _n FROM {table} WHERE station_id = ? AND time >= ?) WHERE _n = 1 "
        "ORDER BY parameter",
        [station, (end - within).to_pydatetime()],
    )


# --------------------------------------------------------------------------- geography
def admin_boundaries(settings: Settings, level: str = "district", period: str = "pre2025") -> Any:
    """The administrative-unit polygons the station map is drawn over
    (:func:`geodata.boundaries.site_boundaries`)."""
    return site_boundaries(settings, level, period)


# --------------------------------------------------------------------------- overview tile
#: VN_AQI from which a station counts as exceeding (band "Kém", QĐ 1459/QĐ-TCMT) and from
#: which the tile turns red (band "Xấu").
_AQI_POOR, _AQI_BAD = 101, 151


def overview_tile(datalayer: DataLayer, now: Any) -> Tile:
    """The environment domain's tile for the overview, the video wall and the reports.

    Figures as of ``now``: the highest latest VN_AQI, the air stations at "Kém" or worse,
    the water-level stations at an alarm level, and the alerts of the last 24 hours (with
    the change against the 24 hours before). Status: ``alert`` from VN_AQI 151 ("Xấu") or
    alarm level II, ``watch`` from VN_AQI 101 or alarm level I or any alert, else ``ok``;
    ``unknown`` without air or water data in the 6 hours before ``now``.

    Parameters
    ----------
    datalayer : DataLayer
        The deployment's data layer.
    now : timestamp-like
        The time the tile is drawn for (reports pass the end of their period).

    Returns
    -------
    ioc.overview.Tile
    """
    now = as_utc(now)
    recent = (now - timedelta(hours=6)).to_pydatetime()
    air = datalayer.cached_sql(
        "SELECT station_id, aqi, time FROM (SELECT station_id, aqi, time, row_number() OVER "
        "(PARTITION BY station_id ORDER BY time DESC) AS _n FROM environment.aqi_hourly "
        "WHERE aqi IS NOT NULL AND time <= ? AND time > ?) WHERE _n = 1",
        [now.to_pydatetime(), recent],
    )
    water = datalayer.cached_sql(
        "SELECT w.station_id, w.level_m, coalesce(w.alarm_1, s.alarm_1) AS alarm_1, "
        "coalesce(w.alarm_2, s.alarm_2) AS alarm_2, coalesce(w.alarm_3, s.alarm_3) AS alarm_3, w.time "
        "FROM (SELECT *, row_number() OVER (PARTITION BY station_id ORDER BY time DESC) AS _n "
        "FROM environment.water_levels WHERE time <= ? AND time > ?) AS w "
        "LEFT JOIN environment.stations AS s ON s.station_id = w.station_id WHERE w._n = 1",
        [now.to_pydatetime(), recent],
    )
    levels = [alarm_level(r.level_m, (r.alarm_1, r.alarm_2, r.alarm_3)) for r in water.itertuples()]
    alerts_now = len(alerts_between(datalayer.store, now - timedelta(hours=24), now, "environment"))
    alerts_before = len(
        alerts_between(datalayer.store, now - timedelta(hours=48), now - timedelta(hours=24), "environment")
    )
    worst = int(air["aqi"].max()) if len(air) else None
    poor = int((air["aqi"] >= _AQI_POOR).sum()) if len(air) else 0
    flooded = sum(1 for level in levels if level >= 1)
    if air.empty and water.empty:
        status = "unknown"
    elif (worst or 0) >= _AQI_BAD or max(levels, default=0) >= 2:
        status = "alert"
    elif (worst or 0) >= _AQI_POOR or flooded or alerts_now:
        status = "watch"
    else:
        status = "ok"
    spark = datalayer.cached_sql(
        "SELECT date_trunc('hour', time) AS hour, avg(aqi) AS aqi FROM environment.aqi_hourly "
        "WHERE time <= ? AND time > ? GROUP BY 1 ORDER BY 1",
        [now.to_pydatetime(), (now - timedelta(hours=48)).to_pydatetime()],
    )
    times = [t for t in (air["time"].max() if len(air) else None, water["time"].max() if len(water) else None) if t]
    return Tile(
        domain="environment",
        title="Tài nguyên - Môi trường",
        figures=(
            Figure("AQI cao nhất", worst, "VN_AQI", better="down", key="worst_aqi", labels={"en": "Highest AQI"}),
            Figure(
                "Trạm không khí từ mức Kém",
                poor,
                "trạm",
                better="down",
                key="poor_air_stations",
                labels={"en": "Air stations Poor or worse"},
                units={"en": "stations"},
            ),
            Figure(
                "Trạm mực nước báo động",
                flooded,
                "trạm",
                better="down",
                key="water_alarm_stations",
                labels={"en": "Water-level stations on alarm"},
                units={"en": "stations"},
            ),
            Figure(
                "Cảnh báo 24 giờ",
                alerts_now,
                "",
                change=_change(alerts_now, alerts_before),
                better="down",
                key="alerts_24h",
                labels={"en": "Alerts (24 h)"},
            ),
        ),
        status=status,
        sparkline=pd.Series(spark["aqi"].astype("float64").to_numpy(), index=pd.to_datetime(spark["hour"], utc=True))
        if len(spark)
        else None,
        sparkline_label="AQI trung bình theo giờ (48 giờ)",
        as_of=max(as_utc(t) for t in times) if times else None,
        page="environment",
    )


def _change(current: float, previous: float) -> float | None:
    """Relative change against the previous period; ``None`` when there was nothing before."""
    return None if not previous else (current - previous) / previous
