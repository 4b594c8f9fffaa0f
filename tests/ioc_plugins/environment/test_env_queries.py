"""The environment queries on a tiny hand-made lake: status, ratings, series, parameters, boundaries."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from ioc_plugins.environment import queries
from ioc_plugins.environment.queries import LEVEL_COLOURS, NO_DATA_COLOUR, STATUS_COLUMNS

LATEST = pd.Timestamp("2025-03-10T05:00:00Z")
STATIONS = pd.DataFrame(
    {
        "station_id": ["KK_A1", "KK_A2", "KK_A3", "MN_W1", "CL_Q1"],
        "name": ["Trạm <b>Bà Rịa</b>", "Trạm Vũng Tàu", "Trạm Côn Đảo", "Trạm Sông Dinh", "Trạm Sông Ray"],
        "kind": ["air", "air", "air", "water_level", "water_quality"],
        "lon": [107.17, 107.08, 106.60, 107.10, 107.35],
        "lat": [10.50, 10.35, 8.69, 10.42, 10.60],
        "unit_code": ["747", "747", "755", "747", "753"],
        "alarm_1": [None, None, None, 1.0, None],
        "alarm_2": [None, None, None, 1.5, None],
        "alarm_3": [None, None, None, 2.0, None],
    }
)


def _hours(count: int) -> pd.DatetimeIndex:
    return pd.date_range(end=LATEST, periods=count, freq="h")


@pytest.fixture
def empty_layer(sqlite_settings):
    """The environment tables without the site's station-registry check (our stations are our own)."""
    from ioc.datalayer import DataLayer
    from ioc_plugins.environment.tables import TABLES

    layer = DataLayer(sqlite_settings, tables=[dataclasses.replace(table, checks=()) for table in TABLES])
    yield layer
    layer.close()


@pytest.fixture
def layer(empty_layer):  # the same data layer as ``empty_layer``, filled
    """KK_A1 climbs from 40 to 160 over 48 h, KK_A2 stays at 35, KK_A3 is silent; MN_W1 reaches
    alarm II; CL_Q1 has two WQI samples; KK_X9 sends AQI without being registered."""
    climbing = pd.DataFrame(
        {
            "station_id": "KK_A1",
            "time": _hours(48),
            "dominant": "pm25",
            "aqi": [40 + round(120 * i / 47) for i in range(48)],
        }
    )
    steady = pd.DataFrame({"station_id": "KK_A2", "time": _hours(48), "aqi": 35, "dominant": "o3"})
    stranger = pd.DataFrame({"station_id": ["KK_X9"], "time": [LATEST], "aqi": [90], "lon": [107.2], "lat": [10.4]})
    readings = pd.DataFrame(
        [
            {"station_id": "KK_A1", "time": t, "parameter": p, "value": v + i, "unit": "µg/m³"}
            for i, t in enumerate(_hours(6))
            for p, v in (("pm25", 60.0), ("pm10", 90.0))
        ]
    )
    levels = pd.DataFrame({"station_id": "MN_W1", "time": _hours(12), "level_m": [0.5 + 0.1 * i for i in range(12)]})
    wqi = pd.DataFrame({"station_id": "CL_Q1", "time": [LATEST - pd.Timedelta(days=1), LATEST], "wqi": [80, 60]})
    for table, frame in (
        ("environment.stations", STATIONS),
        ("environment.aqi_hourly", pd.concat([climbing, steady, stranger], ignore_index=True)),
        ("environment.air_readings", readings),
        ("environment.water_levels", levels),
        ("environment.wqi", wqi),
    ):
        assert empty_layer.write(table, frame).rejected == 0, table
    return empty_layer


@pytest.mark.parametrize(
    ("level", "expected"), [(0.9, 0), (1.0, 1), (1.49, 1), (1.5, 2), (2.5, 3), (None, 0), (float("nan"), 0)]
)
def test_alarm_level(level, expected):
    assert queries.alarm_level(level, (1.0, 1.5, 2.0)) == expected


def test_alarm_level_with_missing_thresholds():
    assert queries.alarm_level(5.0, (None, float("nan"), 4.0)) == 3
    assert queries.alarm_level(5.0, (None, None, None)) == 0


@pytest.mark.parametrize(
    ("kind", "value", "alarms", "expected"),
    [
        ("air", 160, (None, None, None), (3, "#ff0000")),
        ("air", 50.4, (None, None, None), (0, "#00e400")),
        ("air", None, (None, None, None), (-1, NO_DATA_COLOUR)),
        ("water_quality", 60, (None, None, None), (2, "#ffff00")),
        ("water_level", 1.6, (1.0, 1.5, 2.0), (2, LEVEL_COLOURS[2])),
        ("water_level", 0.2, (1.0, 1.5, 2.0), (0, LEVEL_COLOURS[0])),
    ],
    ids=["aqi-bad", "aqi-rounds-down", "no-value", "wqi-medium", "level-alarm-2", "level-normal"],
)
def test_rate(kind, value, alarms, expected):
    assert queries.rate(kind, value, alarms) == expected


def test_unknown_kind_is_refused(layer):
    with pytest.raises(ValueError, match="air, water_level, water_quality"):
        queries.stations(layer, "noise")


def test_latest_time(layer):
    assert queries.latest_time(layer, "environment.aqi_hourly") == LATEST
    assert queries.latest_time(layer, "environment.wqi") == LATEST


def test_latest_time_of_an_empty_table(empty_layer):
    assert queries.latest_time(empty_layer, "environment.aqi_hourly") is None


def test_station_status_rates_every_station(layer):
    status = queries.station_status(layer, "air").set_index("station_id")
    assert list(queries.station_status(layer, "air").columns) == STATUS_COLUMNS
    assert tuple(status.loc["KK_A1", ["value", "severity", "colour", "dominant"]]) == (160, 3, "#ff0000", "pm25")
    assert tuple(status.loc["KK_A3", ["severity", "colour"]]) == (-1, NO_DATA_COLOUR)
    assert status.loc["KK_A1", "name"] == "Trạm <b>Bà Rịa</b>"  # kept as stored: escaping is the view's job
    assert status.loc["KK_A1", "time"] == LATEST
    # data from a station missing in the registry: shown under its code, where the data put it
    assert tuple(status.loc["KK_X9", ["name", "lon", "lat", "severity"]]) == ("KK_X9", 107.2, 10.4, 1)


def test_station_status_of_water_levels_uses_alarm_levels(layer):
    river = queries.station_status(layer, "water_level").set_index("station_id").loc["MN_W1"]
    assert (round(river["value"], 2), river["severity"], river["colour"]) == (1.6, 2, LEVEL_COLOURS[2])
    assert (river["alarm_1"], river["alarm_2"], river["alarm_3"]) == (1.0, 1.5, 2.0)


def test_station_status_on_an_empty_lake(empty_layer):
    status = queries.station_status(empty_layer, "water_quality")
    assert status.empty and list(status.columns) == STATUS_COLUMNS


def test_station_series_counts_back_from_the_newest_data(layer):
    day = queries.station_series(layer, "air", "KK_A1", pd.Timedelta(hours=24).to_pytimedelta())
    assert len(day) == 24 and list(day.columns) == ["time", "value", "severity", "colour"]
    assert day["time"].iloc[-1] == LATEST  # UTC: the view converts to the site's time zone
    assert (day["value"].iloc[-1], day["severity"].iloc[-1], day["colour"].iloc[-1]) == (160.0, 3, "#ff0000")
    assert len(queries.station_series(layer, "air", "KK_A1", pd.Timedelta(days=7).to_pytimedelta())) == 48


def test_station_series_rates_water_levels_against_the_station_alarms(layer):
    series = queries.station_series(layer, "water_level", "MN_W1", pd.Timedelta(hours=24).to_pytimedelta())
    assert list(series["severity"]) == [0] * 5 + [1] * 5 + [2] * 2


def test_station_series_without_a_station(layer):
    assert queries.station_series(layer, "air", None, pd.Timedelta(hours=24).to_pytimedelta()).empty


def test_station_series_without_data(empty_layer):
    empty = queries.station_series(empty_layer, "air", "KK_A1", pd.Timedelta(hours=24).to_pytimedelta())
    assert empty.empty and list(empty.columns) == ["time", "value", "severity", "colour"]


def test_latest_parameters(layer):
    latest = queries.latest_parameters(layer, "air", "KK_A1").set_index("parameter")
    assert latest.loc["pm25", "value"] == 65.0 and latest.loc["pm10", "unit"] == "µg/m³"
    assert queries.latest_parameters(layer, "water_level", "MN_W1").empty  # a single value, no parameters
    assert queries.latest_parameters(layer, "air", None).empty


# --------------------------------------------------------------------------- overview tile
def test_overview_tile_rates_the_worst_station_and_the_flood(layer):
    from ioc.overview import Tile

    tile = queries.overview_tile(layer, LATEST)
    assert isinstance(tile, Tile) and tile.domain == "environment" and tile.page == "environment"
    figures = {f.label: f.value for f in tile.figures}
    assert figures["AQI cao nhất"] == 160  # KK_A1 at its peak
    assert figures["Trạm không khí từ mức Kém"] == 1  # KK_A1 only (KK_A2 35, KK_X9 90)
    assert figures["Trạm mực nước báo động"] == 1  # MN_W1 at 1.6 m ≥ alarm II (registry thresholds)
    assert tile.status == "alert"  # VN_AQI 160 is "Xấu"
    assert tile.as_of == LATEST
    assert tile.sparkline is not None and len(tile.sparkline) == 48


def test_overview_tile_looks_only_at_data_up_to_now(layer):
    early = queries.overview_tile(layer, LATEST - pd.Timedelta(hours=40))
    figures = {f.label: f.value for f in early.figures}
    assert figures["AQI cao nhất"] < 101 and early.status in ("ok", "watch")


def test_overview_tile_on_an_empty_lake_is_unknown(empty_layer):
    tile = queries.overview_tile(empty_layer, LATEST)
    assert tile.status == "unknown" and tile.as_of is None and tile.sparkline is None
