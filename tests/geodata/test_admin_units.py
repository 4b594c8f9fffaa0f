"""The catalogue of administrative units and the lineage between old and new units."""

from __future__ import annotations

import unicodedata

import geopandas as gpd
import pytest
import shapely

from geodata.units import PERIODS, admin_units, current_unit_for, lineage

SNAPSHOTS = [
    ("pre2025", "district", 8),
    ("2025h1", "district", 7),
    ("pre2025", "commune", 82),
    ("post2025", "commune", 30),
]
SNAPSHOT_IDS = [f"{period}-{level}" for period, level, _ in SNAPSHOTS]
UNIT_TYPES = {"district": {"thành phố", "thị xã", "huyện"}, "commune": {"phường", "xã", "thị trấn", "đặc khu"}}


def ascii_fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@pytest.mark.parametrize(("period", "level", "count"), SNAPSHOTS, ids=SNAPSHOT_IDS)
def test_each_snapshot_has_the_official_number_of_units(period, level, count):
    units = admin_units(period, level)
    assert len(units) == count
    assert units["unit_code"].is_unique
    assert set(units["level"]) == {level}
    assert set(units["unit_type"]) <= UNIT_TYPES[level]
    for column in [
        "unit_code",
        "name",
        "name_ascii",
        "unit_type",
        "level",
        "parent_code",
        "lon",
        "lat",
        "valid_from",
        "valid_to",
    ]:
        assert column in units.columns


@pytest.mark.parametrize(("period", "level", "count"), SNAPSHOTS, ids=SNAPSHOT_IDS)
def test_codes_names_and_points_are_well_formed(period, level, count):
    units = admin_units(period, level)
    width = 3 if level == "district" else 5
    assert units["unit_code"].str.fullmatch(rf"\d{{{width}}}").all()
    assert (units["name_ascii"] == units["name"].map(ascii_fold)).all()
    assert units["name_ascii"].map(str.isascii).all()
    assert units["lon"].between(106.5, 107.6).all() and units["lat"].between(8.6, 10.8).all()


def test_pre2025_communes_belong_to_pre2025_districts():
    districts = set(admin_units("pre2025", "district")["unit_code"])
    communes = admin_units("pre2025", "commune")
    assert set(communes["parent_code"]) == districts - {"755"}  # Côn Đảo had no communes
    assert communes.groupby("parent_code").size().to_dict() == {
        "747": 17,
        "748": 11,
        "750": 16,
        "751": 13,
        "752": 7,
        "753": 8,
        "754": 10,
    }


def test_post2025_units_are_11_wards_18_communes_and_the_con_dao_special_zone():
    units = admin_units("post2025", "commune")
    assert units["unit_type"].value_counts().to_dict() == {"xã": 18, "phường": 11, "đặc khu": 1}
    assert set(units["parent_code"]) == {"79"}
    assert units.loc[units["unit_type"] == "đặc khu", "name"].tolist() == ["Đặc khu Côn Đảo"]
    assert units["valid_from"].dt.strftime("%Y-%m-%d").eq("2025-07-01").all()


def test_long_dat_replaces_long_dien_and_dat_do_in_2025():
    before = admin_units("pre2025", "district").set_index("unit_code")
    during = admin_units("2025h1", "district").set_index("unit_code")
    assert before.loc[["752", "753"], "name"].tolist() == ["Huyện Long Điền", "Huyện Đất Đỏ"]
    assert "752" not in during.index
    assert during.loc["753", "name"] == "Huyện Long Đất"
    assert during.loc["753", "valid_from"].strftime("%d/%m/%Y") == "01/01/2025"
    links = lineage()
    merged = links[(links["new_period"] == "2025h1") & (links["relation"] == "merged_into")]
    assert sorted(merged["old_code"]) == ["752", "753"] and set(merged["new_code"]) == {"753"}


def test_there_is_no_district_level_after_july_2025():
    with pytest.raises(ValueError, match="không còn cấp huyện"):
        admin_units("post2025", "district")


def test_current_is_an_alias_of_post2025():
    assert admin_units("current", "commune").equals(admin_units("post2025", "commune"))


@pytest.mark.parametrize(
    ("period", "level", "message"),
    [
        ("2024", "district", "pre2025, 2025h1, post2025"),
        ("pre2025", "province", "district, commune"),
        ("2025h1", "commune", "01/01–30/06/2025"),
    ],
    ids=["unknown-period", "unknown-level", "no-2025h1-communes"],
)
def test_bad_period_or_level_gives_a_clear_error(period, level, message):
    with pytest.raises(ValueError, match=message):
        admin_units(period, level)


def test_returned_tables_are_copies():
    units, links = admin_units("pre2025", "commune"), lineage()
    units.loc[0, "name"] = "changed"
    links.loc[0, "new_code"] = "changed"
    assert admin_units("pre2025", "commune").loc[0, "name"] != "changed"
    assert lineage().loc[0, "new_code"] != "changed"


def test_every_old_commune_maps_to_a_current_unit_and_back():
    links = lineage()
    to_current = links[links["new_period"] == "post2025"]
    old_communes = set(admin_units("pre2025", "commune")["unit_code"])
    new_units = set(admin_units("post2025", "commune")["unit_code"])
    commune_rows = to_current[to_current["old_level"] == "commune"]
    assert set(commune_rows["old_code"]) == old_communes
    assert set(to_current["new_code"]) == new_units  # every new unit has a predecessor
    assert set(links["relation"]) <= {"same_area", "merged_into", "split_into"}
    assert list(links.columns[:5]) == ["old_code", "old_name", "new_code", "new_name", "relation"]


def test_lineage_names_agree_with_the_catalogue():
    links = lineage()
    rows = links[(links["old_level"] == "commune") & (links["new_period"] == "post2025")]
    old_names = admin_units("pre2025", "commune").set_index("unit_code")["name"]
    new_names = admin_units("post2025", "commune").set_index("unit_code")["name"]
    assert (rows["old_name"] == rows["old_code"].map(old_names)).all()
    assert (rows["new_name"] == rows["new_code"].map(new_names)).all()


def test_units_kept_whole_have_a_same_area_link():
    links = lineage()
    links = links[links["new_period"] == "post2025"].set_index("old_code")
    kept_whole = [("26545", "26545"), ("26647", "26647"), ("26656", "26656"), ("755", "26732")]
    for old_code, new_code in kept_whole:
        assert links.loc[old_code, "new_code"] == new_code
        assert links.loc[old_code, "relation"] == "same_area"


@pytest.mark.parametrize(
    ("old_code", "period", "expected"),
    [
        ("26506", "pre2025", ["26506"]),  # Phường 1 → phường Vũng Tàu
        (26545, "pre2025", ["26545"]),  # Long Sơn kept as it was; int accepted
        ("26551", "pre2025", ["26560"]),  # Phước Hiệp, via Phước Trung (01/2025)
        ("26701", "pre2025", ["26686"]),  # Lộc An, via Phước Hội (01/2025)
        ("26671", "pre2025", ["26659"]),  # An Nhứt, via Tam An (01/2025)
        ("747", "pre2025", ["26506", "26526", "26536", "26542", "26545"]),
        ("753", "pre2025", ["26680", "26686"]),  # Đất Đỏ
        ("753", "2025h1", ["26659", "26662", "26680", "26686"]),  # Long Đất
        ("755", "pre2025", ["26732"]),  # Côn Đảo → special zone
        ("26732", "post2025", ["26732"]),
    ],
    ids=[
        "ward",
        "unchanged",
        "phuoc-hiep",
        "loc-an",
        "an-nhut",
        "vung-tau",
        "dat-do",
        "long-dat",
        "con-dao",
        "current-code",
    ],
)
def test_current_unit_for_known_units(old_code, period, expected):
    assert current_unit_for(old_code, period) == expected


def test_districts_of_2024_resolve_to_all_30_current_units_without_overlap():
    resolved = [current_unit_for(code) for code in admin_units("pre2025", "district")["unit_code"]]
    flat = [code for codes in resolved for code in codes]
    assert sorted(flat) == sorted(admin_units("post2025", "commune")["unit_code"])


@pytest.mark.parametrize("period", PERIODS)
def test_current_unit_for_an_unknown_code_says_so(period):
    with pytest.raises(ValueError, match="99999"):
        current_unit_for("99999", period)


@pytest.mark.requires_sample("geo/brvt_districts.geojson")
def test_unit_points_lie_in_their_district_of_the_2019_sample(brvt_geojson):
    sample = gpd.read_file(brvt_geojson).set_index("gso_code")
    communes = admin_units("pre2025", "commune")
    districts = admin_units("pre2025", "district")
    for code, lon, lat in zip(communes["parent_code"], communes["lon"], communes["lat"]):
        assert sample.geometry[code].contains(shapely.Point(lon, lat)), (code, lon, lat)
    for code, lon, lat in zip(districts["unit_code"], districts["lon"], districts["lat"]):
        assert sample.geometry[code].contains(shapely.Point(lon, lat)), code
