"""Boundary sets of the site: importing official files and loading the best set available.

An imported set is stored as GeoParquet in the deployment's boundary folder (``settings.paths.geodata``), one file per level and
period. :func:`load_boundaries` prefers it over the approximate default of
:mod:`geodata.approximate`. That default always exists, so maps work on a fresh machine.
"""

from __future__ import annotations

import logging
import os
import tempfile
import warnings
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geodata.approximate import BOUNDARY_COLUMNS, approximate_boundaries
from geodata.boundary_files import (
    find_code_column,
    find_name_column,
    normalise_codes,
    polygonal_parts,
    read_boundary_file,
)
from geodata.units import admin_units, check_level, check_period
from ioc.config import Settings

logger = logging.getLogger(__name__)


def stored_boundaries_path(folder: str | Path, level: str = "district", period: str = "pre2025") -> Path:
    """Where the imported boundary set for ``level`` and ``period`` is kept in ``folder``."""
    file_name = f"boundaries_{check_period(period)}_{check_level(level)}.parquet"
    return Path(folder) / file_name


def import_boundaries(
    path: str | Path,
    folder: str | Path,
    level: str = "district",
    period: str = "pre2025",
    *,
    code_column: str | None = None,
    layer: str | None = None,
) -> gpd.GeoDataFrame:
    """Import an official boundary file and keep it for later :func:`load_boundaries` calls.

    Parameters
    ----------
    path : str or Path
        GeoJSON, Shapefile (``.shp`` or zipped) or GeoPackage. Any coordinate reference system
        it declares is converted to EPSG:4326.
    folder : str or Path
        Where imported sets are kept: the deployment's ``settings.paths.geodata``.
    level : {"district", "commune"}
        Administrative level of the file's units.
    period : {"pre2025", "2025h1", "post2025"}
        Which catalogue the file's codes belong to (see :func:`geodata.units.admin_units`).
    code_column : str, optional
        Column with the GSO unit codes; by default it is found by name (``gso_code``,
        ``unit_code``, ``ma``, ``code``, ``ma_huyen`` …, ignoring case).
    layer : str, optional
        GeoPackage layer, or Shapefile name inside a zip holding several.

    Returns
    -------
    geopandas.GeoDataFrame
        One valid (multi)polygon per unit code, with ``unit_code``, ``name``, ``unit_type``,
        ``level``, ``period``, ``approximate`` (``False``), ``source`` and ``imported_at`` (UTC).

    Raises
    ------
    FileNotFoundError
        When ``path`` does not exist.
    ValueError
        When the file cannot be read, has no code column (the message lists its columns), has no
        area geometries, or none of its codes is in the catalogue of ``level`` and ``period``.
        A previously imported set is left untouched when the import fails.
    """
    period, level = check_period(period), check_level(level)  # fail before reading the file
    units = admin_units(period, level)
    raw = read_boundary_file(path, layer=layer)
    code_name = find_code_column(raw.columns, level, code_column)
    name_column = find_name_column(raw.columns, level)
    frame = gpd.GeoDataFrame(
        {
            "unit_code": normalise_codes(raw[code_name], level),
            "file_name": raw[name_column].astype("string") if name_column else pd.NA,
        },
        geometry=polygonal_parts(raw.geometry),
    )
    frame = _drop_unusable_rows(frame, Path(path).name)
    _check_codes(frame["unit_code"], units, code_name, level, period)
    boundaries = _one_row_per_unit(frame, units)
    boundaries["level"] = level
    boundaries["period"] = period
    boundaries["approximate"] = False
    boundaries["source"] = f"nhập từ tệp {Path(path).name}"
    boundaries["imported_at"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    boundaries = boundaries[[*BOUNDARY_COLUMNS, "imported_at", "geometry"]]
    _write_atomically(boundaries, stored_boundaries_path(folder, level, period))
    return boundaries


def _drop_unusable_rows(frame: gpd.GeoDataFrame, file_name: str) -> gpd.GeoDataFrame:
    usable = frame["unit_code"].notna() & ~(frame.geometry.isna() | frame.geometry.is_empty)
    if not usable.any():
        raise ValueError(f"Tệp {file_name} không có đối tượng nào vừa có mã đơn vị vừa có hình vùng (polygon).")
    if not usable.all():
        warnings.warn(
            f"Bỏ qua {int((~usable).sum())} đối tượng không có mã đơn vị hoặc không có hình vùng "
            f"trong tệp {file_name}.",
            stacklevel=3,
        )
    return frame[usable]


def _check_codes(codes: pd.Series, units: pd.DataFrame, column: str, level: str, period: str) -> None:
    known = set(units["unit_code"])
    found = set(codes)
    if not found & known:
        raise ValueError(
            f"Không mã nào trong cột {column!r} khớp danh mục cấp {level} giai đoạn {period} "
            f"(mã trong tệp, ví dụ: {', '.join(sorted(found)[:5])}; mã hợp lệ, ví dụ: "
            f"{', '.join(sorted(known)[:5])}). Kiểm tra level, period hoặc code_column."
        )
    if found - known:
        warnings.warn(
            f"{len(found - known)} mã không có trong danh mục vẫn được giữ: {', '.join(sorted(found - known)[:10])}.",
            stacklevel=3,
        )
    if known - found:
        warnings.warn(
            f"Tệp thiếu ranh giới của {len(known - found)} đơn vị: {', '.join(sorted(known - found))}.",
            stacklevel=3,
        )


def _one_row_per_unit(frame: gpd.GeoDataFrame, units: pd.DataFrame) -> gpd.GeoDataFrame:
    """Join the pieces of each unit (files often store islands as separate rows) and name them."""
    merged = frame.dissolve(by="unit_code", aggfunc={"file_name": "first"}, as_index=False)
    catalogue = units.set_index("unit_code")
    # The catalogue's names are the reference; a unit the catalogue lacks keeps the file's name.
    merged["name"] = merged["unit_code"].map(catalogue["name"]).fillna(merged["file_name"])
    merged["unit_type"] = merged["unit_code"].map(catalogue["unit_type"])
    return merged.drop(columns="file_name")


def _write_atomically(boundaries: gpd.GeoDataFrame, target: Path) -> None:
    """Write next to the target, then rename: a crash never leaves a half-written set in use."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".parquet.tmp")
    os.close(handle)
    try:
        boundaries.to_parquet(temporary)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_boundaries(
    folder: str | Path | None = None, level: str = "district", period: str = "pre2025"
) -> gpd.GeoDataFrame:
    """The best boundary set available for a level and period.

    Parameters
    ----------
    folder : str or Path, optional
        The deployment's boundary folder (``settings.paths.geodata``). When it holds an imported set (see
        :func:`import_boundaries`), that set is returned; otherwise, or when ``None``, the
        approximate default is returned.
    level : {"district", "commune"}
        Administrative level.
    period : {"pre2025", "2025h1", "post2025"}
        Catalogue snapshot.

    Returns
    -------
    geopandas.GeoDataFrame
        Polygons in EPSG:4326 with ``unit_code``, ``name``, ``unit_type``, ``level``,
        ``period``, ``approximate`` and ``source``. Check ``approximate`` before showing the map
        as authoritative.
    """
    if folder is not None:
        stored = stored_boundaries_path(folder, level, period)
        if stored.is_file():
            try:
                return gpd.read_parquet(stored)
            except Exception as error:  # noqa: BLE001 - a damaged file must not take the maps down
                warnings.warn(
                    f"Không đọc được ranh giới đã nhập {stored} ({error}); dùng ranh giới xấp xỉ.",
                    stacklevel=2,
                )
    return approximate_boundaries(level, period)


def site_boundaries(settings: Settings, level: str = "district", period: str = "pre2025") -> gpd.GeoDataFrame:
    """The administrative-unit polygons maps are drawn over, for one deployment.

    The official boundaries imported into the deployment (``ioc geodata import``) when
    there are some, else the approximate default. A map without its background still
    works, so a failure is logged and gives an empty frame.

    Parameters
    ----------
    settings : ioc.config.Settings
        The deployment (its boundary folder is ``settings.paths.geodata``).
    level : {"district", "commune"}
        Administrative level.
    period : {"pre2025", "2025h1", "post2025"}
        Catalogue snapshot.

    Returns
    -------
    geopandas.GeoDataFrame
        Polygons in EPSG:4326 with at least ``unit_code`` and ``name`` (a copy: callers
        may change it).
    """
    return _cached_boundaries(str(settings.paths.geodata), level, period).copy()


@lru_cache(maxsize=8)
def _cached_boundaries(folder: str, level: str, period: str) -> gpd.GeoDataFrame:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_boundaries(folder, level=level, period=period)
    except Exception as exc:  # noqa: BLE001 - a missing or broken boundary file must not blank a dashboard
        logger.warning("administrative boundaries unavailable, map without background: %s", exc)
        return gpd.GeoDataFrame({"unit_code": [], "name": []}, geometry=[], crs="EPSG:4326")
