"""Importing official boundary files, storing them, and preferring them over the default."""

from __future__ import annotations

import json
import zipfile

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geodata.approximate import approximate_boundaries
from geodata.boundaries import import_boundaries, load_boundaries, stored_boundaries_path
from geodata.boundary_files import normalise_codes
from geodata.units import admin_units

UTM_48N = "EPSG:32648"


def official_like(level="district", period="pre2025", code_name="MA"):
    """The default set dressed up like an official file: integer codes, projected CRS."""
    source = approximate_boundaries(level, period)[["unit_code", "name", "geometry"]]
    source = source.rename(columns={"unit_code": code_name, "name": "TEN"})
    source[code_name] = source[code_name].astype(int)
    return source.to_crs(UTM_48N)


def write_file(frame, path, kind):
    """Write ``frame`` as a GeoJSON, Shapefile, zipped Shapefile or GeoPackage at ``path``."""
    if kind == "zip":
        folder = path.parent / "unzipped" / "ranh_gioi"
        folder.mkdir(parents=True)
        frame.to_file(folder / "huyen.shp")
        with zipfile.ZipFile(path, "w") as archive:
            for part in folder.iterdir():  # nested in a folder, as downloads often are
                archive.write(part, f"ranh_gioi/{part.name}")
    elif kind == "gpkg":
        frame.to_file(path, layer="huyen", driver="GPKG")
    elif kind == "geojson":
        frame.to_crs(4326).to_file(path, driver="GeoJSON")
    else:
        frame.to_file(path)
    return path


def assert_same_shapes(imported, reference):
    reference = reference.set_index("unit_code").to_crs(UTM_48N)
    imported = imported.set_index("unit_code").to_crs(UTM_48N)
    assert sorted(imported.index) == sorted(reference.index)
    for code in reference.index:
        difference = imported.geometry[code].symmetric_difference(reference.geometry[code]).area
        assert difference / reference.geometry[code].area < 1e-6, code


@pytest.mark.requires_sample("geo/brvt_districts.geojson")
def test_import_of_the_sample_geojson_is_stored_and_then_preferred(brvt_geojson, data_dir):
    imported = import_boundaries(brvt_geojson, data_dir)
    catalogue = admin_units("pre2025", "district").set_index("unit_code")
    assert sorted(imported["unit_code"]) == sorted(catalogue.index)
    assert (imported["name"] == imported["unit_code"].map(catalogue["name"])).all()
    assert imported["approximate"].eq(False).all()
    assert imported["source"].str.contains("brvt_districts.geojson").all()
    assert imported.is_valid.all() and imported.crs.to_epsg() == 4326
    assert stored_boundaries_path(data_dir).is_file()
    assert_same_shapes(imported, gpd.read_file(brvt_geojson).rename(columns={"gso_code": "unit_code"}))

    loaded = load_boundaries(data_dir)
    assert loaded["approximate"].eq(False).all()
    assert loaded.geometry.geom_equals_exact(imported.geometry, tolerance=0).all()
    # Other levels are untouched: still the approximate default.
    assert load_boundaries(data_dir, level="commune", period="post2025")["approximate"].all()


@pytest.mark.parametrize(
    ("kind", "file_name", "layer"),
    [
        ("shp", "huyen.shp", None),
        ("zip", "huyen.zip", None),
        ("gpkg", "huyen.gpkg", "huyen"),
    ],
    ids=["shapefile", "zipped-shapefile", "geopackage"],
)
def test_each_format_round_trips_and_is_then_preferred(kind, file_name, layer, tmp_path, data_dir):
    source = official_like()
    path = write_file(source, tmp_path / file_name, kind)
    imported = import_boundaries(path, data_dir, layer=layer)
    assert imported.crs.to_epsg() == 4326
    assert imported["unit_code"].tolist() == sorted(imported["unit_code"])
    assert_same_shapes(imported, approximate_boundaries("district", "pre2025"))
    loaded = load_boundaries(data_dir)
    assert loaded["approximate"].eq(False).all()
    assert loaded["source"].str.contains(file_name).all()


def test_an_imported_commune_set_of_today_is_preferred_for_that_level_only(tmp_path, data_dir):
    source = official_like("commune", "post2025", code_name="ma_xa")
    path = write_file(source, tmp_path / "xa.gpkg", "gpkg")
    import_boundaries(path, data_dir, level="commune", period="post2025")
    assert not load_boundaries(data_dir, "commune", "post2025")["approximate"].any()
    assert load_boundaries(data_dir, "district", "pre2025")["approximate"].all()


@pytest.mark.parametrize("column", ["gso_code", "GSO_CODE", "Ma", "code", "unit_code", "Mã huyện", "MA_HUYEN"])
def test_the_code_column_is_found_whatever_its_usual_name(column, tmp_path, data_dir):
    path = write_file(official_like(code_name=column), tmp_path / "huyen.geojson", "geojson")
    imported = import_boundaries(path, data_dir)
    assert sorted(imported["unit_code"]) == sorted(admin_units()["unit_code"])


def test_a_file_without_a_code_column_is_refused_and_its_columns_listed(tmp_path, data_dir):
    source = official_like().rename(columns={"MA": "dan_so"})
    path = write_file(source, tmp_path / "huyen.geojson", "geojson")
    with pytest.raises(ValueError, match="Không tìm thấy cột mã") as error:
        import_boundaries(path, data_dir)
    assert "dan_so" in str(error.value) and "TEN" in str(error.value)
    with pytest.raises(ValueError, match="không có cột 'ma_so'"):
        import_boundaries(path, data_dir, code_column="ma_so")
    assert not stored_boundaries_path(data_dir).exists()


def test_a_missing_file_is_reported(tmp_path, data_dir):
    with pytest.raises(FileNotFoundError, match=r"khong_co\.geojson"):
        import_boundaries(tmp_path / "khong_co.geojson", data_dir)


def test_an_unsupported_format_is_reported(tmp_path, data_dir):
    path = tmp_path / "huyen.csv"
    path.write_text("gso_code,name\n747,Vũng Tàu\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"Định dạng \.csv"):
        import_boundaries(path, data_dir)


def test_codes_of_the_wrong_level_are_refused(tmp_path, data_dir):
    path = write_file(official_like(), tmp_path / "huyen.geojson", "geojson")
    with pytest.raises(ValueError, match="Không mã nào"):
        import_boundaries(path, data_dir, level="commune", period="pre2025")


def test_a_geopackage_with_several_layers_needs_a_layer(tmp_path, data_dir):
    path = write_file(official_like(), tmp_path / "ranh_gioi.gpkg", "gpkg")
    official_like("commune", "pre2025").to_file(path, layer="xa", driver="GPKG")
    with pytest.raises(ValueError, match=r"huyen, xa|xa, huyen"):
        import_boundaries(path, data_dir)
    assert len(import_boundaries(path, data_dir, layer="huyen")) == 8


def test_a_failed_import_keeps_the_good_set(tmp_path, data_dir):
    good = write_file(official_like(), tmp_path / "huyen.shp", "shp")
    import_boundaries(good, data_dir)
    stored = stored_boundaries_path(data_dir)
    before = stored.read_bytes()
    bad = write_file(official_like().rename(columns={"MA": "x"}), tmp_path / "bad.geojson", "geojson")
    with pytest.raises(ValueError, match="Không tìm thấy cột mã đơn vị hành chính"):
        import_boundaries(bad, data_dir)
    assert stored.read_bytes() == before
    assert [path.name for path in stored.parent.iterdir()] == [stored.name]  # no temp files left
    assert load_boundaries(data_dir)["source"].str.contains("huyen.shp").all()


def test_invalid_geometries_are_repaired_and_missing_units_reported(tmp_path, data_dir):
    bow_tie = [[107.0, 10.3], [107.1, 10.4], [107.1, 10.3], [107.0, 10.4], [107.0, 10.3]]
    square = [[107.1, 10.45], [107.2, 10.45], [107.2, 10.55], [107.1, 10.55], [107.1, 10.45]]
    features = [
        {"type": "Feature", "properties": {"gso_code": code}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
        for code, ring in [("747", bow_tie), ("748", square)]
    ]
    path = tmp_path / "hai_huyen.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    assert not shapely.Polygon(bow_tie).is_valid
    with pytest.warns(UserWarning, match="thiếu ranh giới của 6 đơn vị"):
        imported = import_boundaries(path, data_dir)
    assert imported.is_valid.all()
    bow_tie_area = imported.set_index("unit_code").geometry["747"].area
    assert bow_tie_area == pytest.approx(0.005)  # two triangles of 0.0025 square degrees


def test_pieces_of_one_unit_are_joined_and_unknown_codes_kept_with_a_warning(tmp_path, data_dir):
    source = official_like().explode(index_parts=False)  # Côn Đảo becomes two rows
    assert (source["MA"] == 755).sum() == 2
    extra = source.iloc[[0]].assign(MA=999, geometry=shapely.box(800000, 1000000, 801000, 1001000))
    path = write_file(pd.concat([source, extra]), tmp_path / "manh.shp", "shp")
    with pytest.warns(UserWarning, match="999"):
        imported = import_boundaries(path, data_dir)
    assert imported["unit_code"].is_unique and len(imported) == 9
    con_dao = imported.set_index("unit_code").geometry["755"]
    assert con_dao.geom_type == "MultiPolygon" and len(con_dao.geoms) == 2


def test_a_file_without_crs_is_assumed_lon_lat_only_when_it_looks_so(tmp_path, data_dir):
    lon_lat = write_file(official_like().to_crs(4326), tmp_path / "lonlat.shp", "shp")
    lon_lat.with_suffix(".prj").unlink()
    with pytest.warns(UserWarning, match="không khai báo hệ tọa độ"):
        imported = import_boundaries(lon_lat, data_dir)
    assert_same_shapes(imported, approximate_boundaries("district", "pre2025"))
    projected = write_file(official_like(), tmp_path / "utm.shp", "shp")
    projected.with_suffix(".prj").unlink()
    with pytest.raises(ValueError, match="VN-2000"):
        import_boundaries(projected, data_dir)


def test_a_damaged_stored_set_falls_back_to_the_default_with_a_warning(data_dir):
    stored = stored_boundaries_path(data_dir)
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.write_bytes(b"not parquet")
    with pytest.warns(UserWarning, match="xấp xỉ"):
        loaded = load_boundaries(data_dir)
    assert loaded["approximate"].all()


def test_without_data_dir_the_default_is_used():
    assert load_boundaries()["approximate"].all()


@pytest.mark.parametrize(
    ("values", "level", "expected"),
    [
        ([747.0, "748", " 755 ", 750], "district", ["747", "748", "755", "750"]),
        (["26506.0", 26545, 7], "commune", ["26506", "26545", "00007"]),
        ([None, "", "VT-01"], "district", [None, None, "VT-01"]),
    ],
    ids=["float-and-padded-text", "commune-width", "missing-and-non-numeric"],
)
def test_codes_stored_as_numbers_become_gso_text_codes(values, level, expected):
    result = normalise_codes(pd.Series(values, dtype=object), level)
    assert [None if pd.isna(value) else value for value in result] == expected
