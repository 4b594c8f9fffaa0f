"""The approximate default boundaries generated in code."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from geodata.approximate import APPROXIMATE_SOURCE, approximate_boundaries
from geodata.outline import site_outline
from geodata.units import admin_units

SETS = [("district", "pre2025"), ("district", "2025h1"), ("commune", "pre2025"), ("commune", "post2025")]
SET_IDS = [f"{level}-{period}" for level, period in SETS]
UTM_48N = "EPSG:32648"


@pytest.mark.parametrize(("level", "period"), SETS, ids=SET_IDS)
def test_one_valid_labelled_polygon_per_unit(level, period):
    shapes = approximate_boundaries(level, period)
    units = admin_units(period, level)
    assert sorted(shapes["unit_code"]) == sorted(units["unit_code"])
    assert shapes.crs.to_epsg() == 4326
    assert shapes.is_valid.all() and not shapes.is_empty.any()
    assert set(shapes.geom_type) <= {"Polygon", "MultiPolygon"}
    assert shapes["approximate"].eq(True).all()
    assert shapes["source"].eq(APPROXIMATE_SOURCE).all()
    assert APPROXIMATE_SOURCE == "xấp xỉ — không dùng cho mục đích pháp lý"
    assert set(shapes["period"]) == {period} and set(shapes["level"]) == {level}


@pytest.mark.parametrize(("level", "period"), SETS, ids=SET_IDS)
def test_units_do_not_overlap_and_each_contains_its_own_point(level, period):
    shapes = approximate_boundaries(level, period)
    metric = shapes.to_crs(UTM_48N)
    assert metric.area.sum() == pytest.approx(metric.union_all().area, rel=1e-6)
    units = admin_units(period, level).set_index("unit_code")
    for code, shape in zip(shapes["unit_code"], shapes.geometry):
        assert shape.contains(shapely.Point(units.loc[code, "lon"], units.loc[code, "lat"])), code


def test_communes_nest_inside_their_districts():
    districts = approximate_boundaries("district", "pre2025").set_index("unit_code").geometry
    communes = approximate_boundaries("commune", "pre2025")
    parents = admin_units("pre2025", "commune").set_index("unit_code")["parent_code"]
    for code, shape in zip(communes["unit_code"], communes.geometry):
        assert districts[parents[code]].buffer(1e-9).contains(shape), code


def test_every_set_covers_the_same_site():
    site_area = gpd.GeoSeries([site_outline()], crs=4326).to_crs(UTM_48N).area.iloc[0]
    for level, period in [("district", "pre2025"), ("district", "2025h1"), ("commune", "post2025")]:
        area = approximate_boundaries(level, period).to_crs(UTM_48N).union_all().area
        assert area == pytest.approx(site_area, rel=1e-6), (level, period)
    # Côn Đảo had no communes in 2024, so the commune set leaves the islands out.
    communes = approximate_boundaries("commune", "pre2025")
    assert not communes.intersects(shapely.Point(106.6, 8.69)).any()


def test_generation_is_deterministic_and_results_are_copies():
    first = approximate_boundaries("commune", "post2025")
    first.loc[0, "name"] = "changed"
    second = approximate_boundaries("commune", "post2025")
    assert second.loc[0, "name"] != "changed"
    assert second.geometry.geom_equals_exact(first.geometry, tolerance=0).all()


def test_bad_level_is_refused():
    with pytest.raises(ValueError, match="district, commune"):
        approximate_boundaries("ward", "pre2025")


@pytest.mark.requires_sample("geo/brvt_districts.geojson")
def test_approximation_resembles_the_2019_sample(brvt_geojson):
    sample = gpd.read_file(brvt_geojson).set_index("gso_code").to_crs(UTM_48N)
    shapes = approximate_boundaries("district", "pre2025").set_index("unit_code").to_crs(UTM_48N)

    def overlap_ratio(a, b):  # intersection over union
        return a.intersection(b).area / a.union(b).area

    assert overlap_ratio(shapes.union_all(), sample.union_all()) > 0.85
    for code in sample.index:
        assert overlap_ratio(shapes.geometry[code], sample.geometry[code]) > 0.6, code
