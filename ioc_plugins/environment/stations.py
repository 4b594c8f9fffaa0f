"""The station registry: air-quality, water-quality and water-level stations.

The site's stations ship as ``data/stations.csv`` (locations approximate for the demo;
a deployment replaces the file or ingests ``environment.stations``). Readings for a
station not in the registry are rejected as unknown.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

STATIONS_CSV = Path(__file__).resolve().parent / "data" / "stations.csv"


@lru_cache(maxsize=1)
def stations() -> pd.DataFrame:
    """The registry as a frame (one row per station)."""
    frame = pd.read_csv(STATIONS_CSV, dtype={"station_id": "string", "unit_code": "string"}, comment="#")
    return frame


def station_ids() -> set[str]:
    return set(stations()["station_id"].astype(str))


def with_station_info(frame: pd.DataFrame, columns: tuple[str, ...] = ("lon", "lat", "unit_code")) -> pd.DataFrame:
    """Add registry columns (coordinates, unit, alarm levels …) to rows with ``station_id``."""
    info = stations().set_index("station_id")[list(columns)]
    joined = frame.drop(columns=[c for c in columns if c in frame], errors="ignore")
    return joined.join(info, on="station_id")
