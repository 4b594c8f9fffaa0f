"""Station auto-registration: readings that bring their station's name and coordinates.

A file from elsewhere (a public dashboard's export, an Open-Meteo grid point, an OpenAQ
location) names stations the province's registry does not know. When its rows carry the
station's coordinates (``station_lon``/``station_lat``, and optionally ``station_name``,
``station_origin``, ``station_source``), the plugin's ``prepare`` hook registers each such
station in ``environment.stations`` before the readings are written, so they are accepted:

- ``origin``: ``unofficial`` (someone else's sensor) unless the rows say ``modelled``;
- ``unit_code`` (district before 2025) and ``unit_code_2025`` (ward/commune from 1 July 2025),
  found with :func:`geodata.lookup.assign_units` (imported boundaries, else the approximate set);
- ``source``: the feed or ``file``.

Stations without coordinates are left alone: their readings are quarantined as unknown,
as before. A station that is already registered is never changed by readings.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from geodata.lookup import assign_units
from ioc_plugins.environment.tables import STATION_ORIGINS

#: Tables whose rows name a station, and the kind of station they imply.
STATION_TABLES = {
    "environment.air_readings": "air",
    "environment.water_quality": "water_quality",
    "environment.water_levels": "water_level",
}
#: Expected interval of an auto-registered station: none (project choice). The silence rule
#: is for the province's own stations; a one-off file would be "silent" at once, and a feed's
#: freshness is watched per feed (``ioc doctor``, :mod:`ioc.feeds`).
EXPECTED_INTERVAL = None


def prepare(datalayer: Any, table: str, frame: pd.DataFrame) -> Iterator[tuple[str, pd.DataFrame]]:
    """Plugin hook: register the unknown stations that ``frame`` locates (see the module docstring)."""
    kind = STATION_TABLES.get(table)
    if kind is None or frame.empty or not {"station_lon", "station_lat", "station_id"} <= set(frame.columns):
        return
    new = new_stations(frame, kind, datalayer.known_references(datalayer.table(table)).get("station_id", set()))
    if new.empty:
        return
    yield "environment.stations", locate(new, datalayer.settings.paths.geodata)


def new_stations(frame: pd.DataFrame, kind: str, known: set[str]) -> pd.DataFrame:
    """One row per unknown station of ``frame`` that has usable coordinates (its first such line)."""
    lon = pd.to_numeric(frame["station_lon"], errors="coerce")
    lat = pd.to_numeric(frame["station_lat"], errors="coerce")
    ids = frame["station_id"].astype("string").str.strip()
    usable = (
        ids.notna().to_numpy()
        & (ids != "").fillna(False).to_numpy()
        & ~ids.isin(known).fillna(False).to_numpy()
        & np.isfinite(lon.to_numpy(dtype=float, na_value=np.nan))
        & np.isfinite(lat.to_numpy(dtype=float, na_value=np.nan))
        & (lon.abs() <= 180).fillna(False).to_numpy()
        & (lat.abs() <= 90).fillna(False).to_numpy()
    )
    if not usable.any():
        return pd.DataFrame()
    rows = pd.DataFrame(
        {
            "station_id": ids[usable].astype(str),
            "name": _column(frame, "station_name")[usable],
            "lon": lon[usable].astype(float),
            "lat": lat[usable].astype(float),
            "origin": _column(frame, "station_origin")[usable],
            "source": _column(frame, "station_source")[usable],
        }
    ).drop_duplicates("station_id", keep="first")
    rows["name"] = rows["name"].where(rows["name"].notna() & (rows["name"].astype(str).str.strip() != ""))
    rows["name"] = rows["name"].fillna(rows["station_id"])
    rows["origin"] = rows["origin"].where(rows["origin"].isin(STATION_ORIGINS), "unofficial")
    rows["source"] = rows["source"].fillna("file")
    rows["kind"] = kind
    rows["expected_interval_min"] = EXPECTED_INTERVAL
    return rows.reset_index(drop=True)


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame:
        return frame[name].astype(object).where(frame[name].notna(), None)
    return pd.Series(None, index=frame.index, dtype=object)


def locate(rows: pd.DataFrame, folder: Any = None) -> pd.DataFrame:
    """Add the district before 2025 (``unit_code``) and the ward/commune from July 2025 (``unit_code_2025``)."""
    before = assign_units(rows, level="district", period="pre2025", folder=folder, name_column="_unit_name")
    after = assign_units(
        rows, level="commune", period="post2025", folder=folder, code_column="unit_code_2025", name_column="_ward"
    )
    located = rows.copy()
    located["unit_code"] = before["unit_code"].astype(object).where(before["unit_code"].notna(), None)
    located["unit_code_2025"] = after["unit_code_2025"].astype(object).where(after["unit_code_2025"].notna(), None)
    located["address"] = after["_ward"].astype(object).where(after["_ward"].notna(), None)
    return located
