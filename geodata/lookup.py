"""Point-in-area lookup: which administrative unit each row of a table falls in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from geodata.boundaries import load_boundaries
from ioc.datalayer import DataLayer


def assign_units(
    frame: pd.DataFrame,
    lon: str = "lon",
    lat: str = "lat",
    boundaries: gpd.GeoDataFrame | None = None,
    level: str = "district",
    period: str = "pre2025",
    *,
    folder: str | Path | None = None,
    tolerance_m: float = 1000.0,
    code_column: str = "unit_code",
    name_column: str = "unit_name",
) -> pd.DataFrame:
    """Add the code and name of the administrative unit that contains each point.

    Parameters
    ----------
    frame : pandas.DataFrame
        Any table with longitude and latitude columns (WGS 84 degrees). Its index, row order
        and other columns are kept.
    lon, lat : str
        Names of the coordinate columns. Values that are not numbers, or are out of range, give
        ``NA``.
    boundaries : geopandas.GeoDataFrame, optional
        Polygons with ``unit_code`` (and ideally ``name``). By default
        ``load_boundaries(folder, level, period)``, i.e. the imported set if there is one,
        else the approximate default.
    level, period : str
        Which boundary set to load when ``boundaries`` is not given.
    folder : str or Path, optional
        The deployment's boundary folder (``settings.paths.geodata``) in which to look for
        an imported set.
    tolerance_m : float
        A point outside every polygon (a pier, a boat at anchor, a coarse coastline) gets the
        nearest unit when it lies within this many metres; farther points get ``NA``.
    code_column, name_column : str
        Names of the added columns, so that one table can hold, say, both old and new codes.

    Returns
    -------
    pandas.DataFrame
        A copy of ``frame`` with ``code_column`` and ``name_column`` (string, ``NA`` when no
        unit matches).

    Raises
    ------
    ValueError
        When a coordinate column is missing, an output column already exists, or the
        boundaries lack a ``unit_code`` column.
    """
    _check_frame(frame, lon, lat, (code_column, name_column))
    if boundaries is None:
        boundaries = load_boundaries(folder, level, period)
    areas = _prepare_boundaries(boundaries)
    points = _valid_points(frame, lon, lat)
    matched = _within(points, areas)
    unmatched = points.loc[~points.index.isin(matched.index)]
    if tolerance_m > 0 and not unmatched.empty:
        matched = pd.concat([matched, _nearest(unmatched, areas, tolerance_m)])
    codes = pd.array([pd.NA] * len(frame), dtype="string")
    names = pd.array([pd.NA] * len(frame), dtype="string")
    positions = matched.index.to_numpy()
    codes[positions] = matched["unit_code"].astype("string").to_numpy()
    names[positions] = matched["unit_name"].astype("string").to_numpy()
    result = frame.copy()
    result[code_column] = codes
    result[name_column] = names
    return result


def _check_frame(frame: pd.DataFrame, lon: str, lat: str, outputs: tuple[str, str]) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"Cần một pandas.DataFrame, nhận được {type(frame).__name__}.")
    missing = [column for column in (lon, lat) if column not in frame.columns]
    if missing:
        raise ValueError(
            f"Bảng thiếu cột tọa độ {', '.join(missing)}; các cột có: "
            f"{', '.join(map(str, frame.columns))}. Chỉ định lon=..., lat=...."
        )
    present = [column for column in outputs if column in frame.columns]
    if present:
        raise ValueError(
            f"Bảng đã có cột {', '.join(present)}; đặt tên khác bằng code_column=/name_column= để không ghi đè dữ liệu."
        )


def _prepare_boundaries(boundaries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if "unit_code" not in boundaries.columns:
        raise ValueError("Ranh giới phải có cột unit_code.")
    names = boundaries["name"] if "name" in boundaries.columns else pd.Series(pd.NA, index=boundaries.index)
    areas = gpd.GeoDataFrame(
        {"unit_code": boundaries["unit_code"].astype(str), "unit_name": names},
        geometry=boundaries.geometry,
        crs=boundaries.crs or "EPSG:4326",
    )
    # Sorting makes the choice deterministic where polygons touch or overlap.
    return areas.to_crs("EPSG:4326").sort_values("unit_code").reset_index(drop=True)


def _valid_points(frame: pd.DataFrame, lon: str, lat: str) -> gpd.GeoDataFrame:
    """Points for the rows with usable coordinates, indexed by row position."""
    x = pd.to_numeric(frame[lon], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    y = pd.to_numeric(frame[lat], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    usable = np.isfinite(x) & np.isfinite(y) & (np.abs(x) <= 180) & (np.abs(y) <= 90)
    positions = np.flatnonzero(usable)
    return gpd.GeoDataFrame(
        index=pd.Index(positions, name="row"),
        geometry=gpd.points_from_xy(x[usable], y[usable]),
        crs="EPSG:4326",
    )


def _within(points: gpd.GeoDataFrame, areas: gpd.GeoDataFrame) -> pd.DataFrame:
    joined = gpd.sjoin(points, areas, how="inner", predicate="intersects")
    joined = joined.sort_values("unit_code", kind="stable")
    return joined.loc[~joined.index.duplicated(keep="first"), ["unit_code", "unit_name"]]


def _nearest(points: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, tolerance_m: float) -> pd.DataFrame:
    # Distances in metres need a projected CRS; the UTM zone of the boundaries fits the site.
    metric = areas.estimate_utm_crs()
    joined = gpd.sjoin_nearest(points.to_crs(metric), areas.to_crs(metric), how="inner", max_distance=tolerance_m)
    joined = joined.sort_values("unit_code", kind="stable")
    return joined.loc[~joined.index.duplicated(keep="first"), ["unit_code", "unit_name"]]


def read_units(
    datalayer: DataLayer, name: str, *, units: str = "district", period: str = "pre2025", **kwargs: Any
) -> gpd.GeoDataFrame:
    """A table's current rows as points, each with the administrative unit it lies in.

    Parameters
    ----------
    datalayer : ioc.datalayer.DataLayer
        The data layer to read from; its deployment's imported boundaries are used when
        present, else the approximate default set.
    name : str
        A declared table with point geometry.
    units : {"district", "commune"}
        The level of the unit added as ``unit_code`` / ``unit_name``.
    period : str
        The catalogue snapshot (``"pre2025"``, ``"current"`` …).
    **kwargs
        Passed to :meth:`ioc.datalayer.DataLayer.read_geo` (``start``, ``end``, ``where`` …).
    """
    frame = datalayer.read_geo(name, **kwargs)  # refuses a table without point geometry
    lon, lat = datalayer.table(name).geometry
    located = assign_units(
        pd.DataFrame(frame.drop(columns=["unit_code", "unit_name", "geometry"], errors="ignore")),
        lon=lon,
        lat=lat,
        level=units,
        period=period,
        folder=datalayer.settings.paths.geodata,
    )
    return gpd.GeoDataFrame(located, geometry=frame.geometry, crs=frame.crs)
