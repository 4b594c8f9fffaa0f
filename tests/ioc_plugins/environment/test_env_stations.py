"""The shipped station registry (data/stations.csv)."""

from __future__ import annotations

import geopandas
import pytest

from ioc_plugins.environment.stations import stations
from ioc_plugins.environment.tables import STATIONS

PRE_2025_DISTRICTS = {"747", "748", "750", "751", "752", "753", "754", "755"}


def test_registry_validates_and_ids_are_unique():
    registry = stations()
    _good, rejected = STATIONS.validate(registry)
    assert rejected.empty, rejected["reason"].tolist()
    assert registry["station_id"].is_unique
    site = registry[registry["lon"].notna()]
    assert set(site["unit_code"]) <= PRE_2025_DISTRICTS
    assert set(site["agency"]) <= {"STNMT", "BCHPCTT"}
    assert site["kind"].value_counts().to_dict() == {"air": 9, "water_level": 5, "water_quality": 4}


def test_water_level_alarms_rise_and_others_have_none():
    registry = stations()
    levels = registry[registry["kind"] == "water_level"]
    assert ((levels["alarm_1"] < levels["alarm_2"]) & (levels["alarm_2"] < levels["alarm_3"])).all()
    assert registry.loc[registry["kind"] != "water_level", ["alarm_1", "alarm_2", "alarm_3"]].isna().all().all()


def test_healthyair_stations_exist_without_coordinates():
    registry = stations().set_index("station_id")
    ids = [f"hcmc_healthyair_{n}" for n in range(1, 7)]
    assert registry.loc[ids, ["lon", "lat"]].isna().all().all()
    assert registry.loc[ids, "address"].str.contains("toạ độ không công bố").all()


@pytest.mark.requires_sample("geo/brvt_districts.geojson")
def test_site_stations_lie_in_the_district_of_their_unit_code(sample_path):
    districts = geopandas.read_file(sample_path("geo/brvt_districts.geojson"))[["gso_code", "geometry"]]
    site = stations().dropna(subset=["lon"])
    points = geopandas.GeoDataFrame(site, geometry=geopandas.points_from_xy(site["lon"], site["lat"]), crs="EPSG:4326")
    joined = geopandas.sjoin(points, districts, how="left", predicate="within")
    mismatched = joined[joined["gso_code"].astype("string") != joined["unit_code"].astype("string")]
    assert mismatched.empty, mismatched[["station_id", "unit_code", "gso_code"]].to_dict("records")
