"""Point → administrative unit lookup for any table with coordinate columns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from geodata.approximate import approximate_boundaries
from geodata.boundaries import import_boundaries
from geodata.lookup import assign_units

# Well-known places and the 2024 district they are in (checked against the 2019 sample).
KNOWN_PLACES = pd.DataFrame(
    [
        ("Trung tâm TP Vũng Tàu", 107.08, 10.35, "747"),
        ("Côn Đảo", 106.6, 8.69, "755"),
        ("Trung tâm TP Bà Rịa", 107.17, 10.50, "748"),
        ("Ngãi Giao", 107.24, 10.655, "750"),
        ("Phước Bửu", 107.405, 10.535, "751"),
        ("Thị trấn Long Điền", 107.21, 10.48, "752"),
        ("Thị trấn Đất Đỏ", 107.27, 10.49, "753"),
        ("Phú Mỹ", 107.055, 10.59, "754"),
    ],
    columns=["place", "lon", "lat", "expected"],
)


def test_known_places_with_the_default_boundaries():
    result = assign_units(KNOWN_PLACES)
    assert result["unit_code"].tolist() == KNOWN_PLACES["expected"].tolist()
    assert result.loc[0, "unit_name"] == "Thành phố Vũng Tàu"


@pytest.mark.requires_sample("geo/brvt_districts.geojson")
def test_known_places_with_imported_boundaries(brvt_geojson, data_dir):
    import_boundaries(brvt_geojson, data_dir)
    result = assign_units(KNOWN_PLACES, folder=data_dir, tolerance_m=0)
    assert result["unit_code"].tolist() == KNOWN_PLACES["expected"].tolist()


def test_an_imported_set_is_used_instead_of_the_default(tmp_path, data_dir):
    # Swap two codes in a copy of the default: only the imported file can give this answer.
    swapped = approximate_boundaries()[["unit_code", "geometry"]]
    swapped["gso_code"] = swapped["unit_code"].replace({"747": "748", "748": "747"})
    path = tmp_path / "swapped.geojson"
    swapped.drop(columns="unit_code").to_file(path, driver="GeoJSON")
    import_boundaries(path, data_dir)
    result = assign_units(KNOWN_PLACES.head(3), folder=data_dir)
    assert result["unit_code"].tolist() == ["748", "755", "747"]


def test_current_units_of_known_places():
    result = assign_units(KNOWN_PLACES.head(2), level="commune", period="post2025")
    assert result["unit_code"].tolist() == ["26506", "26732"]
    assert result["unit_name"].tolist() == ["Phường Vũng Tàu", "Đặc khu Côn Đảo"]


def test_points_near_the_coast_get_the_nearest_unit_far_ones_na():
    tip_of_vung_tau = (107.070, 10.322)  # first vertex of the outline
    frame = pd.DataFrame({"lon": [107.070, 107.070], "lat": [10.318, 10.25]})  # ~450 m, ~8 km
    near, far = assign_units(frame)["unit_code"]
    assert shapely.Point(tip_of_vung_tau).distance(shapely.Point(107.070, 10.318)) < 0.005
    assert near == "747" and pd.isna(far)
    assert assign_units(frame, tolerance_m=0)["unit_code"].isna().all()


def test_bad_coordinates_give_na_and_the_table_is_otherwise_kept():
    frame = pd.DataFrame(
        {
            "lon": [107.08, None, "abc", 500.0, "107.17", np.inf],
            "lat": [10.35, 10.35, 10.35, 10.35, "10.50", 10.5],
            "reading": [1, 2, 3, 4, 5, 6],
        },
        index=["a", "b", "b", "d", "e", "f"],  # duplicate labels on purpose
    )
    original = frame.copy()
    result = assign_units(frame)
    assert result.index.tolist() == frame.index.tolist()
    assert result["reading"].tolist() == [1, 2, 3, 4, 5, 6]
    assert result["unit_code"].tolist()[0] == "747" and result["unit_code"].tolist()[4] == "748"
    assert result["unit_code"].isna().tolist() == [False, True, True, True, False, True]
    assert str(result["unit_code"].dtype) == "string"
    pd.testing.assert_frame_equal(frame, original)


def test_custom_column_names_hold_two_levels_on_one_table():
    frame = KNOWN_PLACES.rename(columns={"lon": "x", "lat": "y"}).head(2)
    frame = assign_units(frame, lon="x", lat="y", code_column="district_code", name_column="district_name")
    frame = assign_units(
        frame,
        lon="x",
        lat="y",
        level="commune",
        period="post2025",
        code_column="current_code",
        name_column="current_name",
    )
    assert frame["district_code"].tolist() == ["747", "755"]
    assert frame["current_code"].tolist() == ["26506", "26732"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lon": "longitude"}, "thiếu cột tọa độ longitude"),
        ({"code_column": "place"}, "đã có cột place"),
    ],
    ids=["missing-coordinates", "would-overwrite"],
)
def test_clear_errors_for_unusable_tables(kwargs, message):
    with pytest.raises(ValueError, match=message):
        assign_units(KNOWN_PLACES, **kwargs)


def test_explicit_boundaries_are_used():
    only_con_dao = approximate_boundaries().query("unit_code == '755'")
    result = assign_units(KNOWN_PLACES.head(2), boundaries=only_con_dao, tolerance_m=0)
    assert pd.isna(result.loc[0, "unit_code"]) and result.loc[1, "unit_code"] == "755"


def test_many_points_agree_with_a_direct_geometric_check():
    rng = np.random.default_rng(7)
    frame = pd.DataFrame({"lon": rng.uniform(106.95, 107.6, 20_000), "lat": rng.uniform(10.3, 10.82, 20_000)})
    result = assign_units(frame, level="commune", period="post2025", tolerance_m=0)
    shapes = approximate_boundaries("commune", "post2025")
    for row in rng.choice(len(frame), 300, replace=False):
        point = shapely.Point(frame.loc[row, "lon"], frame.loc[row, "lat"])
        inside = shapes.loc[shapes.contains(point), "unit_code"].tolist()
        expected = inside[0] if inside else None
        got = result.loc[row, "unit_code"]
        assert (pd.isna(got) and expected is None) or got == expected, (row, got, expected)
    assert 0.2 < result["unit_code"].notna().mean() < 0.9  # both cases are exercised
