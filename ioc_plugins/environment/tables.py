"""Tables of the environment domain (air, water quality, water level / flood)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ioc.tables import Column, Reference, Table
from ioc_plugins.environment.stations import station_ids

AIR_PARAMETERS = ("pm25", "pm10", "o3", "co", "so2", "no2", "tsp", "temperature", "humidity")
WATER_PARAMETERS = (
    "ph",
    "do",
    "bod5",
    "cod",
    "toc",
    "nh4",
    "no3",
    "no2",
    "po4",
    "coliform",
    "ecoli",
    "temperature",
    "turbidity",
    "tss",
    "as",
    "cd",
    "pb",
    "cr6",
    "cu",
    "zn",
    "hg",
)
STATION_KINDS = ("air", "water_quality", "water_level")
#: Who stands behind a station's numbers: the province's own network, someone else's
#: sensor (a public dashboard, OpenAQ), or a model (Open-Meteo/CAMS grid point).
STATION_ORIGINS = ("official", "unofficial", "modelled")
#: Origin of one reading: measured by an instrument, or a model's estimate.
READING_ORIGINS = ("measured", "modelled")
MEASURED, MODELLED = READING_ORIGINS
#: The note every VN_AQI computed on modelled values carries (project choice: the index of
#: QĐ 1459/QĐ-TCMT is defined for measured data; on model output it is only indicative).
MODELLED_NOTE = "tham khảo (mô hình)"


def _registry_ids() -> set[str]:

    return station_ids()


#: Readings must name a station of ``environment.stations`` (in the lake, or the shipped registry).
KNOWN_STATION = Reference(
    "station_id",
    "environment.stations",
    "station_id",
    "trạm không có trong danh mục (unknown station)",
    known=_registry_ids,
)


def _unit_matches(expected: dict[str, str], default: str) -> callable:
    def check(frame: pd.DataFrame) -> pd.Series:
        # a batch names a few parameters and units: the wanted unit is looked up once per
        # distinct parameter and compared once per (parameter, unit) pair, the rows index both
        parameter_codes, parameters = pd.factorize(frame["parameter"])
        unit_codes, units = pd.factorize(frame["unit"])
        # the last entry stands for a null: a null parameter wants the default unit, a null unit is wrong
        wanted_of = np.array([expected.get(name, default) for name in parameters] + [default], dtype=object)
        right = np.zeros((len(wanted_of), len(units) + 1), dtype=bool)
        for column, unit in enumerate(units):
            right[:, column] = wanted_of == unit
        wanted = wanted_of[parameter_codes]  # a code of -1 takes the last entry
        wrong = ~right[parameter_codes, unit_codes]
        reasons = np.full(len(frame), None, dtype=object)
        if wrong.any():
            reasons[wrong] = "unit: đơn vị không đúng, cần " + wanted[wrong].astype(str) + " (wrong unit)"
        return pd.Series(reasons, index=frame.index, dtype=object)

    return check


AIR_UNITS = {"temperature": "°C", "humidity": "%"}
WATER_UNITS = {
    "ph": "pH",
    "coliform": "MPN/100ml",
    "ecoli": "MPN/100ml",
    "temperature": "°C",
    "turbidity": "NTU",
    "do": "mg/l",
}

STATIONS = Table(
    name="environment.stations",
    description="Danh mục trạm quan trắc (air quality, water quality, water level)",
    columns=(
        Column("station_id", required=True),
        Column("name", required=True),
        Column("kind", required=True, choices=STATION_KINDS),
        Column("lon", "float", minimum=-180, maximum=180),
        Column("lat", "float", minimum=-90, maximum=90),
        Column("unit_code", description="GSO code of the administrative unit (pre-2025 district)"),
        Column("agency", description="operating agency code"),
        Column("expected_interval_min", "int", minimum=1, description="expected reporting interval"),
        Column("alarm_1", "float", unit="m"),
        Column("alarm_2", "float", unit="m"),
        Column("alarm_3", "float", unit="m"),
        Column("address"),
        Column("origin", choices=STATION_ORIGINS, description="official, unofficial or modelled (empty: official)"),
        Column("source", description="where the station came from: registry, a file, open-meteo, openaq …"),
        Column("unit_code_2025", description="GSO code of the ward/commune from 1 July 2025"),
    ),
    key=("station_id",),
    geometry=("lon", "lat"),
)

AIR_READINGS = Table(
    name="environment.air_readings",
    description="Số liệu quan trắc không khí theo giờ (hourly air readings, µg/m³)",
    columns=(
        Column("station_id", required=True),
        Column("time", "timestamp", required=True, description="start of the hour, UTC"),
        Column("parameter", required=True, choices=AIR_PARAMETERS),
        Column("value", "float", required=True, minimum=-50, maximum=100000),
        Column("unit", required=True),
        Column("flag", description="quality flag: implausible, suspect … (flagged, never dropped)"),
        Column("origin", choices=READING_ORIGINS, description="measured or modelled (empty: measured)"),
    ),
    key=("station_id", "time", "parameter"),
    time_column="time",
    retention_days=3650,
    checks=(_unit_matches(AIR_UNITS, "µg/m³"),),
    references=(KNOWN_STATION,),
)

AQI_HOURLY = Table(
    name="environment.aqi_hourly",
    description="VN_AQI giờ theo QĐ 1459/QĐ-TCMT (derived from air_readings)",
    columns=(
        Column("station_id", required=True),
        Column("time", "timestamp", required=True),
        Column("aqi", "int", minimum=0, maximum=1000),
        Column("dominant"),
        Column("band"),
        Column("colour"),
        Column("aqi_pm25", "int"),
        Column("aqi_pm10", "int"),
        Column("aqi_o3", "int"),
        Column("aqi_co", "int"),
        Column("aqi_so2", "int"),
        Column("aqi_no2", "int"),
        Column("lon", "float"),
        Column("lat", "float"),
        Column("unit_code"),
        Column("origin", choices=READING_ORIGINS, description="modelled when computed on model output"),
        Column("note", description="'tham khảo (mô hình)' on modelled values"),
    ),
    key=("station_id", "time"),
    time_column="time",
    geometry=("lon", "lat"),
)

WATER_QUALITY = Table(
    name="environment.water_quality",
    description="Số liệu quan trắc chất lượng nước (water-quality samples)",
    columns=(
        Column("station_id", required=True),
        Column("time", "timestamp", required=True),
        Column("parameter", required=True, choices=WATER_PARAMETERS),
        Column("value", "float", required=True, minimum=0, maximum=1e9),
        Column("unit", required=True),
        Column("flag"),
    ),
    key=("station_id", "time", "parameter"),
    time_column="time",
    references=(KNOWN_STATION,),
)

WQI = Table(
    name="environment.wqi",
    description="VN_WQI theo QĐ 1460/QĐ-TCMT (derived from water_quality)",
    columns=(
        Column("station_id", required=True),
        Column("time", "timestamp", required=True),
        Column("wqi", "int", minimum=0, maximum=100),
        Column("band"),
        Column("colour"),
        Column("note"),
        Column("lon", "float"),
        Column("lat", "float"),
        Column("unit_code"),
    ),
    key=("station_id", "time"),
    time_column="time",
    geometry=("lon", "lat"),
)

WATER_LEVELS = Table(
    name="environment.water_levels",
    description="Mực nước (m) tại trạm thủy văn / điểm ngập",
    columns=(
        Column("station_id", required=True),
        Column("time", "timestamp", required=True),
        Column("level_m", "float", required=True, minimum=-10, maximum=50, unit="m"),
        Column("alarm_1", "float"),
        Column("alarm_2", "float"),
        Column("alarm_3", "float"),
        Column("flag"),
    ),
    key=("station_id", "time"),
    time_column="time",
    references=(KNOWN_STATION,),
)

TABLES = (STATIONS, AIR_READINGS, AQI_HOURLY, WATER_QUALITY, WQI, WATER_LEVELS)
