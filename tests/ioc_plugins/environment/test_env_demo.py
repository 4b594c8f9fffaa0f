"""The environment demo generator: determinism, realism features, scale, table conformance."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ioc.plugins import DemoContext
from ioc_plugins.environment.aqi import hourly_aqi
from ioc_plugins.environment.demo import CHUNK, TIDE, copies, generate, make_plan, site_stations
from ioc_plugins.environment.tables import AIR_READINGS, STATIONS, WATER_LEVELS, WATER_QUALITY

START = pd.Timestamp("2025-06-02T00:00Z")  # a Monday
AQI_PARAMETERS = ["pm25", "pm10", "o3", "co", "so2", "no2"]


def batches(days: int = 10, seed: int = 7, scale: float = 1.0) -> list[tuple[str, pd.DataFrame]]:
    return list(generate(DemoContext(start=START, days=days, scale=scale, seed=seed)))


def table(out: list[tuple[str, pd.DataFrame]], name: str) -> pd.DataFrame:
    return pd.concat([frame for table_name, frame in out if table_name == name], ignore_index=True)


@pytest.fixture(scope="module")
def demo() -> list[tuple[str, pd.DataFrame]]:
    return batches()


def test_same_seed_same_frames_other_seed_other_values(demo):
    again = batches()
    assert [name for name, _ in again] == [name for name, _ in demo]
    for (_, first), (_, second) in zip(demo, again, strict=True):
        pd.testing.assert_frame_equal(first, second)
    other = table(batches(seed=8), "environment.air_readings")
    assert not np.allclose(other["value"].head(500), table(demo, "environment.air_readings")["value"].head(500))


def test_stations_first_then_weekly_chunks(demo):
    assert demo[0][0] == "environment.stations"
    air = [frame for name, frame in demo if name == "environment.air_readings"]
    assert len(air) == 2  # 10 days → two weekly chunks
    for frame in air:
        assert frame["time"].max() - frame["time"].min() < CHUNK


@pytest.mark.parametrize(
    ("name", "checked"),
    [
        ("environment.stations", STATIONS),
        ("environment.air_readings", AIR_READINGS),
        ("environment.water_quality", WATER_QUALITY),
        ("environment.water_levels", WATER_LEVELS),
    ],
)
def test_every_batch_passes_validation_in_table_units(demo, name, checked):
    frame = table(demo, name)
    good, rejected = checked.validate(frame, now=START + pd.Timedelta(days=30))
    assert rejected.empty, rejected["reason"].value_counts().to_dict()
    assert len(good) == len(frame) > 0


def test_an_industrial_episode_reaches_poor_air_quality(demo):
    air = table(demo, "environment.air_readings")
    aqi = hourly_aqi(air[air["parameter"].isin(AQI_PARAMETERS)])
    worst = aqi.groupby("station_id")["aqi"].max()
    assert worst.max() >= 101
    assert worst.idxmax() in {"air_phumy1", "air_myxuan_a", "air_caimep"}
    assert aqi["aqi"].median() < 100  # an episode, not a permanently polluted province


def test_diurnal_cycles(demo):
    air = table(demo, "environment.air_readings")
    air = air.assign(local_hour=(air["time"] + pd.Timedelta(hours=7)).dt.hour)
    by_hour = air.pivot_table(index="local_hour", columns="parameter", values="value", aggfunc="mean")
    assert by_hour.loc[14, "o3"] > 2 * by_hour.loc[2, "o3"]  # afternoon ozone
    assert (
        by_hour.loc[7, "no2"] > by_hour.loc[3, "no2"] and by_hour.loc[18, "no2"] > by_hour.loc[13, "no2"]
    )  # rush hours
    assert by_hour.loc[14, "temperature"] > by_hour.loc[4, "temperature"]


def test_floods_cross_alarm_levels(demo):
    levels = table(demo, "environment.water_levels")
    peaks = levels.groupby("station_id").agg(
        peak=("level_m", "max"), a1=("alarm_1", "first"), a2=("alarm_2", "first"), a3=("alarm_3", "first")
    )
    assert (peaks["peak"] >= peaks["a1"]).any()
    assert peaks.loc["wl_suoi_lo_o", "peak"] >= peaks.loc["wl_suoi_lo_o", "a3"]  # the once-per-demo alarm III
    assert peaks.loc["wl_song_dinh_baria", "peak"] >= peaks.loc["wl_song_dinh_baria", "a2"]


def test_vung_tau_tide_has_its_harmonic_constituents(demo):
    """Harmonic analysis (least squares on M2, S2, K1, O1) recovers the documented amplitudes."""
    from ioc_plugins.environment.demo import hours_of

    levels = table(demo, "environment.water_levels")
    gauge = levels[levels["station_id"] == "wl_vungtau_tide"]
    hours = hours_of(pd.DatetimeIndex(gauge["time"]))
    speeds = np.radians([speed for _, speed, _ in TIDE.values()])
    design = np.column_stack([np.ones_like(hours)] + [f(s * hours) for s in speeds for f in (np.cos, np.sin)])
    coefficients, *_ = np.linalg.lstsq(design, gauge["level_m"].to_numpy(float), rcond=None)
    amplitudes = np.hypot(coefficients[1::2], coefficients[2::2])
    expected = [amplitude for amplitude, _, _ in TIDE.values()]
    np.testing.assert_allclose(amplitudes, expected, atol=0.05)
    assert gauge["level_m"].max() - gauge["level_m"].min() > 2.0  # metres of range


def test_outages_and_a_station_silent_at_the_end(demo):
    air = table(demo, "environment.air_readings")
    end = START + pd.Timedelta(days=10)
    last = air.groupby("station_id")["time"].max()
    assert end - last["air_chauduc"] >= pd.Timedelta(hours=6)
    assert (end - last.drop("air_chauduc") <= pd.Timedelta(hours=3)).all()
    hours = air[air["station_id"] == "air_xuyenmoc"]["time"].drop_duplicates().sort_values()
    assert hours.diff().max() >= pd.Timedelta(hours=6)


def test_water_quality_sampling_schedule(demo):
    samples = table(demo, "environment.water_quality")[["station_id", "time"]].drop_duplicates()
    local = samples["time"] + pd.Timedelta(hours=7)
    assert (local.dt.hour == 9).all()
    per_station = samples.groupby("station_id").size()
    assert per_station["wq_song_dinh"] == 10  # daily
    periodic = local[samples["station_id"] == "wq_ho_da_den"]
    assert set(periodic.dt.day_of_week) == {0, 3} and len(periodic) == 3  # Mondays and Thursdays


def test_scale_clones_stations_and_rows_grow_linearly():
    single = batches(days=2)
    triple = batches(days=2, scale=3)
    assert copies(3) == 3 and copies(0.4) == 1

    def measured(frame: pd.DataFrame) -> pd.DataFrame:  # a ward keeps its one model point at any scale
        return frame[frame["origin"] != "modelled"] if "origin" in frame else frame

    for name in ("environment.air_readings", "environment.water_levels"):
        ratio = len(measured(table(triple, name))) / len(measured(table(single, name)))
        assert ratio == pytest.approx(3, rel=0.05)
    registry = table(triple, "environment.stations")
    assert len(registry) == len(table(single, "environment.stations")) + 2 * len(site_stations())
    assert {"air_baria_x2", "air_baria_x3", "wl_suoi_lo_o_x3"} <= set(registry["station_id"])
    air = table(triple, "environment.air_readings")
    _good, rejected = AIR_READINGS.validate(air, now=START + pd.Timedelta(days=3))
    assert rejected.empty  # the clones are declared as known stations
    originals = air[~air["station_id"].str.contains(r"_x\d+$")].reset_index(drop=True)
    pd.testing.assert_frame_equal(originals, table(single, "environment.air_readings"))  # scaling adds, never changes


def test_plan_places_the_guaranteed_events_inside_short_windows():
    plan = make_plan(DemoContext(start=START, days=2))
    main_episode = next(e for e in plan.episodes if e.main)
    main_storm = next(s for s in plan.storms if s.main)
    assert plan.start < main_episode.start < main_storm.start < plan.end
    assert plan.gaps["air_chauduc"][0][1] == plan.end


def test_modelled_points_are_labelled_and_placed_in_their_wards(demo):
    points = table(demo, "environment.stations").set_index("station_id").loc[["om_26526", "om_26704"]]
    assert set(points["origin"]) == {"modelled"} and list(points["unit_code_2025"]) == ["26526", "26704"]
    assert list(points["unit_code"]) == ["747", "754"]  # TP. Vũng Tàu and TX. Phú Mỹ before 2025
    air = table(demo, "environment.air_readings")
    modelled = air[air["station_id"].str.startswith("om_")]
    assert set(modelled["origin"]) == {"modelled"} and set(air.loc[~air.index.isin(modelled.index), "origin"]) == {
        "measured"
    }
    assert set(modelled["parameter"]) == set(AQI_PARAMETERS)
    hours = modelled[modelled["station_id"] == "om_26526"]["time"].nunique()
    assert hours == 10 * 24  # a model has no gaps
