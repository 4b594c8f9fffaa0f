"""The station registry: air-quality, water-quality and water-level stations.

The site's stations ship as ``data/stations.csv`` (locations approximate for the demo;
a deployment replaces the file or ingests ``environment.stations``). Readings for a
station not in the registry are rejected as unknown, unless they bring the station's
name and coordinates (see :mod:`.registration`): then the station is registered in
``environment.stations`` first, marked unofficial or modelled.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

STATIONS_CSV = Path(__file__).resolve().parent / "data" / "stations.csv"


@lru_cache(maxsize=1)
def stations() -> pd.DataFrame:
    """The registry as a frame (one row per station)."""
    frame = pd.read_csv(
        STATIONS_CSV, dtype={"station_id": "string", "unit_code": "string", "unit_code_2025": "string"}, comment="#"
    )
    # columns a registry file may leave out: the shipped stations are the province's own
    defaults = {"origin": "official", "source": "registry", "unit_code_2025": None}
    for column, value in defaults.items():
        if column not in frame:
            frame[column] = value
    frame["origin"] = frame["origin"].fillna("official")
    return frame


def station_ids() -> set[str]:
    return set(stations()["station_id"].astype(str))


def all_stations(datalayer: Any | None = None) -> pd.DataFrame:
    """The shipped registry plus the stations stored in the lake (the lake wins for a shared id)."""
    shipped = stations()
    if datalayer is None or datalayer.version("environment.stations") is None:
        return shipped
    stored = datalayer.read("environment.stations")
    if stored.empty:
        return shipped
    stored = stored[[c for c in stored.columns if not c.startswith("_")]].astype({"station_id": "string"})
    kept = shipped[~shipped["station_id"].isin(set(stored["station_id"]))]
    return pd.concat([kept, stored], ignore_index=True)


def modelled_ids(datalayer: Any | None = None) -> set[str]:
    """Ids of the stations whose values come from a model (Open-Meteo grid points …)."""
    frame = all_stations(datalayer)
    if "origin" not in frame:
        return set()
    return set(frame.loc[frame["origin"] == "modelled", "station_id"].astype(str))


def with_station_info(
    frame: pd.DataFrame, columns: tuple[str, ...] = ("lon", "lat", "unit_code"), datalayer: Any | None = None
) -> pd.DataFrame:
    """Add registry columns (coordinates, unit, alarm levels …) to rows with ``station_id``.

    With a ``datalayer``, stations registered in the lake (auto-registered ones) count too.
    """
    registry = all_stations(datalayer)
    for column in columns:
        if column not in registry:
            registry[column] = None
    info = registry.drop_duplicates("station_id", keep="last").set_index("station_id")[list(columns)]
    joined = frame.drop(columns=[c for c in columns if c in frame], errors="ignore")
    return joined.join(info, on="station_id")
