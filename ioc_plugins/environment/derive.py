"""Derived tables: hourly VN_AQI from air readings, VN_WQI from water samples."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd

from ioc_plugins.environment.aqi import hourly_aqi
from ioc_plugins.environment.stations import modelled_ids, with_station_info
from ioc_plugins.environment.tables import MEASURED, MODELLED, MODELLED_NOTE
from ioc_plugins.environment.wqi import wqi_frame

#: NowCast looks back 12 hours, so a new reading changes the AQI of later hours too.
NOWCAST_HOURS = 12
AQI_PARAMETERS = ("pm25", "pm10", "o3", "co", "so2", "no2")


def derive(datalayer: Any, table: str, written: pd.DataFrame) -> Iterator[tuple[str, pd.DataFrame]]:
    """Plugin hook: recompute what depends on the rows just written."""
    if table == "environment.air_readings":
        yield "environment.aqi_hourly", aqi_for_written(datalayer, written)
    elif table == "environment.water_quality":
        yield "environment.wqi", wqi_for_written(datalayer, written)


def aqi_for_written(datalayer: Any, written: pd.DataFrame) -> pd.DataFrame:
    """Hourly AQI of every station-hour whose NowCast window the new rows touch."""

    # the index is hourly: values not on the hour (other writers than our adapters) are skipped
    written = written[written["parameter"].isin(AQI_PARAMETERS) & (written["time"] == written["time"].dt.floor("h"))]
    if written.empty:
        return pd.DataFrame()
    stations = sorted(written["station_id"].unique())
    start = written["time"].min() - pd.Timedelta(hours=NOWCAST_HOURS)
    end = written["time"].max() + pd.Timedelta(hours=NOWCAST_HOURS)
    # only the stations written and the index's parameters are read back: a batch of one
    # station's years (a file in station order, read in pieces) reads that station's rows only
    readings = datalayer.read(
        "environment.air_readings",
        start=start,
        end=end,
        where='"station_id" IN (SELECT UNNEST(?)) AND "parameter" IN (SELECT UNNEST(?))',
        where_params=[stations, list(AQI_PARAMETERS)],
    )
    # flagged values (e.g. implausible SO2) stay stored but never drive the index
    readings = readings[readings["flag"].isna() & (readings["time"] == readings["time"].dt.floor("h"))]
    aqi = hourly_aqi(readings[["station_id", "time", "parameter", "value"]].astype({"value": "float64"}))
    low = written["time"].min()
    aqi = aqi[aqi["time"] >= low]
    return mark_modelled(with_station_info(aqi, datalayer=datalayer), readings, datalayer)


def mark_modelled(aqi: pd.DataFrame, readings: pd.DataFrame, datalayer: Any) -> pd.DataFrame:
    """Label an index computed on model output: ``origin`` modelled, ``note`` "tham khảo (mô hình)".

    A station-hour is modelled when its station is a model grid point or any of its
    readings is a modelled value: measured and modelled values are never blended silently.
    """
    aqi = aqi.copy()
    modelled = set(modelled_ids(datalayer))
    if "origin" in readings:
        modelled |= set(readings.loc[readings["origin"] == MODELLED, "station_id"].astype(str))
    is_modelled = aqi["station_id"].astype(str).isin(modelled) if len(aqi) else pd.Series(dtype=bool)
    aqi["origin"] = is_modelled.map({True: MODELLED, False: MEASURED}).astype(object)
    aqi["note"] = is_modelled.map({True: MODELLED_NOTE, False: None}).astype(object)
    return aqi


def wqi_for_written(datalayer: Any, written: pd.DataFrame) -> pd.DataFrame:
    """VN_WQI of every sample (station, time) that received new parameters."""

    samples = written[["station_id", "time"]].drop_duplicates()
    readings = datalayer.read(
        "environment.water_quality", start=samples["time"].min(), end=samples["time"].max() + pd.Timedelta(seconds=1)
    )
    readings = readings.merge(samples, on=["station_id", "time"])
    wide = readings.pivot_table(index=["station_id", "time"], columns="parameter", values="value", aggfunc="last")
    wide = wide.astype("float64").reset_index()
    result = wqi_frame(wide)
    return with_station_info(result, datalayer=datalayer)
