"""A small, hand-made environment lake for the dashboard tests (used by ``conftest.py``).

Five stations of our own (one name and one alert message contain markup), hourly AQI,
air readings, water levels and WQI around a fixed time, and two open alerts. The rows go
through :meth:`DataLayer.write` like any ingested batch. The site's station registry check
is left out of the tables here, so the tests do not depend on which stations the site
ships.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from ioc.alerts import store_alerts
from ioc.datalayer import DataLayer
from ioc.rules import AlertDraft
from ioc_plugins.environment.tables import TABLES

#: The newest observation in the test lake (UTC).
LATEST = pd.Timestamp("2025-03-10T05:00:00Z")
XSS_NAME = 'Trạm <img src=x onerror="alert(1)"> Bà Rịa'

STATIONS = pd.DataFrame(
    {
        "station_id": ["KK_A1", "KK_A2", "KK_A3", "MN_W1", "CL_Q1"],
        "name": [XSS_NAME, "Trạm Vũng Tàu", "Trạm Côn Đảo", "Trạm thủy văn Sông Dinh", "Trạm nước Sông Ray"],
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


def aqi_rows() -> pd.DataFrame:
    """KK_A1 climbs from 40 to 160 ("Xấu") over 48 h; KK_A2 stays at 35 ("Tốt")."""
    hours = _hours(48)
    climbing = pd.DataFrame(
        {"station_id": "KK_A1", "time": hours, "aqi": [40 + round(120 * i / 47) for i in range(48)], "dominant": "pm25"}
    )
    steady = pd.DataFrame({"station_id": "KK_A2", "time": hours, "aqi": 35, "dominant": "o3"})
    frame = pd.concat([climbing, steady], ignore_index=True)
    return frame.merge(STATIONS[["station_id", "lon", "lat", "unit_code"]], on="station_id")


def air_rows() -> pd.DataFrame:
    hours = _hours(6)
    rows = [
        {"station_id": "KK_A1", "time": t, "parameter": p, "value": v + i, "unit": "µg/m³"}
        for i, t in enumerate(hours)
        for p, v in (("pm25", 60.0), ("pm10", 90.0))
    ]
    return pd.DataFrame(rows)


def level_rows() -> pd.DataFrame:
    """MN_W1 rises to 1.6 m: above alarm II (1.5 m), below alarm III."""
    hours = _hours(12)
    return pd.DataFrame(
        {
            "station_id": "MN_W1",
            "time": hours,
            "level_m": [0.5 + 0.1 * i for i in range(12)],
            "alarm_1": 1.0,
            "alarm_2": 1.5,
            "alarm_3": 2.0,
        }
    )


def wqi_rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "station_id": "CL_Q1",
            "time": [LATEST - pd.Timedelta(days=1), LATEST],
            "wqi": [80, 60],
            "lon": 107.35,
            "lat": 10.60,
            "unit_code": "753",
        }
    )


def alert_drafts() -> list[AlertDraft]:
    return [
        AlertDraft(
            rule_id="environment.aqi_poor",
            domain="environment",
            category="air_quality",
            severity="high",
            title="AQI Xấu tại KK_A1",
            message='<b id="injected">AQI 160</b> & tăng',
            observed_at=LATEST,
            entity_id="KK_A1",
            value=160.0,
        ),
        AlertDraft(
            rule_id="environment.water_alarm",
            domain="environment",
            category="flood",
            severity="critical",
            title="Báo động II Sông Dinh",
            message="Mực nước 1,60 m",
            observed_at=LATEST,
            entity_id="MN_W1",
            value=1.6,
        ),
        AlertDraft(
            rule_id="traffic.jam",
            domain="public_order",
            category="traffic",
            severity="warning",
            title="Ùn tắc",
            message="không thuộc môi trường",
            observed_at=LATEST,
            entity_id="CAM1",
        ),
    ]


def registry_free_tables() -> list:
    """The environment tables without the site-registry check (our stations are our own)."""
    return [dataclasses.replace(table, checks=()) for table in TABLES]


def fill_lake(layer: DataLayer) -> None:
    """Write the hand-made environment data and alerts through the data layer."""
    for table, frame in (
        ("environment.stations", STATIONS),
        ("environment.aqi_hourly", aqi_rows()),
        ("environment.air_readings", air_rows()),
        ("environment.water_levels", level_rows()),
        ("environment.wqi", wqi_rows()),
    ):
        result = layer.write(table, frame)
        assert result.rejected == 0, (table, result.quarantine_path)
    store_alerts(layer.store, alert_drafts())
