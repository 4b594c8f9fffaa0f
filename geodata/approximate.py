"""Approximate default boundaries, built in code so maps work offline on a fresh machine.

Every 2024 commune gets a Voronoi cell around its approximate representative point, and each
cell is clipped to the hand-drawn site outline. Côn Đảo, which had no communes, is seeded with
its district point. Units of every period and level are unions of these cells. Districts are
unions of their communes. The post-2025 units are unions of the communes that formed them
(taken from the lineage table). So the sets nest inside each other and never overlap.

The result is deterministic. It is clearly labelled: every feature has ``approximate=True`` and
``source`` = :data:`APPROXIMATE_SOURCE`. Import an official file with
:func:`geodata.boundaries.import_boundaries` when you need real boundaries.
"""

from __future__ import annotations

from functools import cache, lru_cache

import geopandas as gpd
import pandas as pd
import shapely

from geodata.outline import site_outline
from geodata.units import admin_units, check_level, check_period, lineage

APPROXIMATE_SOURCE = "xấp xỉ — không dùng cho mục đích pháp lý"
CON_DAO_DISTRICT = "755"
BOUNDARY_COLUMNS = ["unit_code", "name", "unit_type", "level", "period", "approximate", "source"]


@lru_cache(maxsize=1)
def _seed_cells() -> gpd.GeoDataFrame:
    """Voronoi cells of the 2024 communes (plus Côn Đảo), clipped to the site outline."""
    communes = admin_units("pre2025", "commune")[["unit_code", "parent_code", "lon", "lat"]]
    districts = admin_units("pre2025", "district")
    con_dao = districts.loc[districts["unit_code"] == CON_DAO_DISTRICT, ["unit_code", "lon", "lat"]]
    seeds = pd.concat([communes, con_dao.assign(parent_code=CON_DAO_DISTRICT)], ignore_index=True)
    points = shapely.points(seeds["lon"].to_numpy(), seeds["lat"].to_numpy())
    outline = site_outline()
    # ordered=True keeps cell i with seed i; extend_to makes sure every cell covers the outline.
    cells = shapely.voronoi_polygons(shapely.MultiPoint(points), extend_to=outline.envelope.buffer(1.0), ordered=True)
    clipped = shapely.intersection(shapely.get_parts(cells), outline)
    return gpd.GeoDataFrame(
        {"seed_code": seeds["unit_code"], "district_code": seeds["parent_code"]},
        geometry=clipped,
        crs="EPSG:4326",
    )


def _unit_key_of_seed(cells: gpd.GeoDataFrame, level: str, period: str) -> pd.Series:
    """For each seed cell, the code of the unit (of ``level`` in ``period``) it belongs to."""
    if level == "commune" and period == "pre2025":
        # Côn Đảo had no communes: its cell belongs to no commune of that period.
        return cells["seed_code"].where(cells["seed_code"] != CON_DAO_DISTRICT)
    links = lineage()
    if level == "district" and period == "pre2025":
        return cells["district_code"]
    target = links[links["new_period"] == period]
    if level == "district":
        mapping = target[target["old_level"] == "district"]
        return cells["district_code"].map(mapping.set_index("old_code")["new_code"])
    # A commune split between several new units would be drawn wholly in the first one
    # (sorted by code); none of the site's communes was split in 2025.
    first_successor = target.sort_values("new_code").drop_duplicates("old_code")
    return cells["seed_code"].map(first_successor.set_index("old_code")["new_code"])


@cache
def _approximate(level: str, period: str) -> gpd.GeoDataFrame:
    units = admin_units(period, level)
    cells = _seed_cells().copy()
    cells["unit_code"] = _unit_key_of_seed(cells, level, period)
    shapes = cells.dropna(subset=["unit_code"]).dissolve(by="unit_code", as_index=False)
    missing = set(units["unit_code"]) - set(shapes["unit_code"])
    if missing:  # a catalogue inconsistency, not a user error
        raise RuntimeError(f"Approximate boundaries lack units {sorted(missing)}")
    merged = units[["unit_code", "name", "unit_type", "level"]].merge(
        shapes[["unit_code", "geometry"]], on="unit_code", how="left"
    )
    merged["period"] = period
    merged["approximate"] = True
    merged["source"] = APPROXIMATE_SOURCE
    return gpd.GeoDataFrame(merged[[*BOUNDARY_COLUMNS, "geometry"]], crs="EPSG:4326")


def approximate_boundaries(level: str = "district", period: str = "pre2025") -> gpd.GeoDataFrame:
    """Approximate boundaries of the site's units, generated from the catalogue.

    Parameters
    ----------
    level : {"district", "commune"}
        Administrative level.
    period : {"pre2025", "2025h1", "post2025"}
        Snapshot of the catalogue, as in :func:`geodata.units.admin_units`.

    Returns
    -------
    geopandas.GeoDataFrame
        One polygon or multipolygon per unit in EPSG:4326 with ``unit_code``, ``name``,
        ``unit_type``, ``level``, ``period``, ``approximate`` (always ``True``) and ``source``
        ("xấp xỉ — không dùng cho mục đích pháp lý").
    """
    return _approximate(check_level(level), check_period(period)).copy()
