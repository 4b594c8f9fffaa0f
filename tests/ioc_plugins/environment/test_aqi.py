"""VN_AQI (QĐ 1459/QĐ-TCMT): breakpoints, NowCast, hourly and daily AQI, bands.

Expected numbers are typed from the decision (Bảng 2, worked examples in mục 2.3) or
computed here by hand, never taken from the module's own tables.
"""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ioc_plugins.environment.aqi import (
    BANDS,
    aqi_band,
    aqi_from_concentration,
    daily_aqi,
    hourly_aqi,
    nowcast,
)

#: The HealthyAir sample (``../shared/data``), read by the tests marked ``requires_healthyair``.
HEALTHYAIR = "env/hcmc_healthyair_2022Q1_hourly.csv"
requires_healthyair = pytest.mark.requires_sample(HEALTHYAIR)

#: The decision's worked NowCast example: PM2.5 at 09:00 … 20:00 (oldest first).
EXAMPLE_PM25 = [26.9, 24.7, 20.5, 23.5, 19.5, 16.5, 19.0, 16.5, 20.3, 22.4, 19.6, 20.6]


def readings(station: str, start: str, parameter: str, values: list[float | None]) -> pd.DataFrame:
    """Consecutive hourly readings of one parameter (None = hour without a value)."""
    times = pd.date_range(start, periods=len(values), freq="h")
    return pd.DataFrame(
        {
            "station_id": station,
            "time": times,
            "parameter": parameter,
            "value": [np.nan if v is None else v for v in values],
        }
    )


def reference_nowcast(chronological: list[float | None]) -> float | None:
    """Straight transcription of the decision's rule, for comparison."""
    c = list(reversed(chronological))  # c1 = current hour
    if sum(v is not None for v in c[:3]) < 2:
        return None
    present = [v for v in c if v is not None]
    w = min(present) / max(present)
    w = 0.5 if w <= 0.5 else w
    num = sum(w**i * v for i, v in enumerate(c) if v is not None)
    den = sum(w**i for i, v in enumerate(c) if v is not None)
    return num / den


# --------------------------------------------------------------------------- Bảng 2


@pytest.mark.parametrize(
    ("parameter", "value", "averaging", "expected"),
    [
        ("pm25", 25, "nowcast", 50),
        ("pm25", 50, "nowcast", 100),
        ("pm25", 80, "24h", 150),
        ("pm25", 150, "24h", 200),
        ("pm25", 250, "24h", 300),
        ("pm25", 350, "24h", 400),
        ("pm10", 50, "24h", 50),
        ("pm10", 150, "24h", 100),
        ("pm10", 420, "24h", 300),
        ("pm10", 600, "24h", 500),
        ("o3", 160, "1h", 50),
        ("o3", 200, "1h", 100),
        ("o3", 800, "1h", 300),
        ("o3", 1200, "1h", 500),
        ("o3", 100, "8h", 50),
        ("o3", 120, "8h", 100),
        ("o3", 170, "8h", 150),
        ("o3", 210, "8h", 200),
        ("o3", 400, "8h", 300),
        ("co", 10_000, "1h", 50),
        ("co", 30_000, "1h", 100),
        ("co", 90_000, "1h", 300),
        ("co", 150_000, "1h", 500),
        ("so2", 125, "1h", 50),
        ("so2", 350, "1h", 100),
        ("so2", 1600, "1h", 300),
        ("so2", 2630, "1h", 500),
        ("no2", 100, "1h", 50),
        ("no2", 200, "1h", 100),
        ("no2", 2350, "1h", 300),
        ("no2", 3850, "1h", 500),
        ("pm25", 0, "1h", 0),
    ],
)
def test_breakpoints_give_their_aqi_level(parameter, value, averaging, expected):
    assert aqi_from_concentration(parameter, value, averaging) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("parameter", "value", "averaging", "expected"),
    [
        ("pm25", 37.5, "nowcast", 75.0),  # halfway 25→50
        ("pm10", 385, "24h", 250.0),  # halfway 350→420
        ("co", 75_000, "1h", 250.0),  # halfway 60 000→90 000
        ("o3", 300, "8h", 200 + 100 * 90 / 190),  # 210→400 spans AQI 200→300
        ("no2", 450, "1h", 100 + 50 * 250 / 500),
    ],
)
def test_linear_interpolation_between_breakpoints(parameter, value, averaging, expected):
    assert aqi_from_concentration(parameter, value, averaging) == pytest.approx(expected)


def test_above_the_top_breakpoint_is_500():
    assert aqi_from_concentration("pm25", 900) == 500
    assert aqi_from_concentration("so2", 5000) == 500


def test_o3_8h_is_not_rated_above_400():
    assert aqi_from_concentration("o3", 400.5, "8h") is None
    assert aqi_from_concentration("o3", 400.5, "1h") == pytest.approx(200 + 100 * 0.5 / 400)


def test_missing_value_has_no_aqi_and_names_are_forgiving():
    assert aqi_from_concentration("PM2.5", None) is None
    assert aqi_from_concentration("PM2.5", float("nan")) is None
    assert aqi_from_concentration("PM2.5", 25) == 50


@pytest.mark.parametrize(
    ("parameter", "averaging", "message"),
    [
        ("pm1", "1h", "unknown VN_AQI parameter"),
        ("so2", "8h", "not defined"),
        ("o3", "24h", "not defined"),
        ("co", "24h", "not defined"),
    ],
    ids=["unknown-parameter", "so2-8h", "o3-24h", "co-24h"],
)
def test_bad_arguments_raise(parameter, averaging, message):
    with pytest.raises(ValueError, match=message):
        aqi_from_concentration(parameter, 10, averaging)


# --------------------------------------------------------------------------- worked examples (mục 2.3)


def test_decision_example_hourly_parameter_aqis():
    # O3 136.1 → 43 and PM2.5 NowCast 20.3 → 41 as printed. For NO2 118.7 the decision
    # prints 60, but its own formula gives 50 + 0.5 × 18.7 = 59.35 → 59 (no rounding rule
    # reproduces 60 together with the daily example's 65 for 65.4).
    assert round(aqi_from_concentration("o3", 136.1)) == 43
    assert round(aqi_from_concentration("pm25", 20.3, "nowcast")) == 41
    assert aqi_from_concentration("no2", 118.7) == pytest.approx(59.35)


def test_decision_example_daily_parameter_aqis():
    assert round(aqi_from_concentration("o3", 89.3, "8h")) == 45
    assert round(aqi_from_concentration("o3", 114.6, "1h")) == 36
    assert round(aqi_from_concentration("no2", 130.8)) == 65
    assert round(aqi_from_concentration("pm25", 55.7, "24h")) == 110


# --------------------------------------------------------------------------- NowCast


def test_nowcast_of_the_decision_example_is_20_3():
    assert nowcast(EXAMPLE_PM25) == pytest.approx(20.3, abs=0.05)
    w = 16.5 / 26.9
    expected = sum(w**i * c for i, c in enumerate(reversed(EXAMPLE_PM25))) / sum(w**i for i in range(12))
    assert nowcast(EXAMPLE_PM25) == pytest.approx(expected)


def test_nowcast_with_gaps_in_older_hours_drops_their_weight():
    values = list(EXAMPLE_PM25)
    values[0] = values[3] = values[7] = None  # c12, c9, c5 missing
    result = nowcast(values)
    assert result == pytest.approx(reference_nowcast(values))
    # the gaps change w (Cmax was c12 = 26.9) and the weights, so the value moves
    assert result != pytest.approx(nowcast(EXAMPLE_PM25))


@pytest.mark.parametrize(
    ("missing", "computable"),
    [
        ((), True),
        ((0,), True),
        ((1,), True),
        ((2,), True),
        ((0, 1), False),
        ((0, 2), False),
        ((1, 2), False),
        ((0, 1, 2), False),
        ((3, 4, 5, 6, 7, 8, 9, 10), True),
    ],
    ids=["none", "c1", "c2", "c3", "c1c2", "c1c3", "c2c3", "c1c2c3", "c4-c11"],
)
def test_nowcast_needs_two_of_the_three_latest_hours(missing, computable):
    values: list[float | None] = list(EXAMPLE_PM25)
    for k in missing:  # k = 0 is c1, the last element
        values[11 - k] = None
    result = nowcast(values)
    assert (result is not None) is computable
    if computable:
        assert result == pytest.approx(reference_nowcast(values))


def test_nowcast_weight_below_half_is_clamped():
    values = [100.0] * 6 + [10.0] * 6  # Cmin/Cmax = 0.1 → w = 1/2
    result = nowcast(values)
    weights = [0.5**i for i in range(12)]
    c = list(reversed(values))
    assert result == pytest.approx(sum(w * v for w, v in zip(weights, c)) / sum(weights))
    # the decision writes this case as Σ (1/2)^i c_i: equal to within 0.03 %
    printed = sum(0.5 ** (i + 1) * v for i, v in enumerate(c))
    assert result == pytest.approx(printed, rel=3e-4)
    # with w = 0.1 the old peak would hardly count; clamping keeps it visible
    assert result > 10.0 * 1.0001


def test_nowcast_of_a_time_indexed_series_with_the_current_hour_missing():
    hours = pd.date_range("2024-03-01 09:00", periods=12, freq="h")
    series = pd.Series(EXAMPLE_PM25, index=hours).drop(hours[-1])  # 20:00 (c1) missing
    expected = reference_nowcast([*EXAMPLE_PM25[:-1], None])
    assert nowcast(series, end=hours[-1]) == pytest.approx(expected)
    # without `end` the window would end at 19:00 instead
    assert nowcast(series) == pytest.approx(reference_nowcast([None, *EXAMPLE_PM25[:-1]]))


def test_nowcast_rejects_a_window_of_the_wrong_length():
    with pytest.raises(ValueError, match="exactly 12"):
        nowcast(EXAMPLE_PM25[:11])


# --------------------------------------------------------------------------- bands


@pytest.mark.parametrize(
    ("aqi", "name"),
    [
        (0, "Tốt"),
        (50, "Tốt"),
        (50.4, "Tốt"),
        (50.5, "Trung bình"),
        (51, "Trung bình"),
        (100, "Trung bình"),
        (101, "Kém"),
        (150, "Kém"),
        (151, "Xấu"),
        (200, "Xấu"),
        (201, "Rất xấu"),
        (300, "Rất xấu"),
        (301, "Nguy hại"),
        (500, "Nguy hại"),
    ],
)
def test_band_edges(aqi, name):
    assert aqi_band(aqi).name_vi == name


def test_bands_carry_the_decision_colours_and_advice():
    assert [b.rgb for b in BANDS] == [
        (0, 228, 0),
        (255, 255, 0),
        (255, 126, 0),
        (255, 0, 0),
        (143, 63, 151),
        (126, 0, 35),
    ]
    for band in BANDS:
        assert band.colour_hex == "#{:02x}{:02x}{:02x}".format(*band.rgb)
        assert band.advice_general and band.advice_sensitive and band.health_effect
    assert "khẩu trang" in aqi_band(160).advice_sensitive
    with pytest.raises(ValueError, match="AQI must be a finite number >= 0"):
        aqi_band(-1)


# --------------------------------------------------------------------------- hourly AQI


def test_hourly_aqi_reproduces_the_decision_example():
    pm25 = readings("S1", "2024-03-01 09:00", "pm25", EXAMPLE_PM25)
    gases = pd.DataFrame(
        {
            "station_id": "S1",
            "time": pd.Timestamp("2024-03-01 20:00"),
            "parameter": ["o3", "no2"],
            "value": [136.1, 118.7],
        }
    )
    result = hourly_aqi(pd.concat([pm25, gases]))
    last = result.iloc[-1]
    assert last["time"] == pd.Timestamp("2024-03-01 20:00")
    assert last["nowcast_pm25"] == pytest.approx(20.3, abs=0.05)
    assert (last["aqi_o3"], last["aqi_pm25"], last["aqi_no2"]) == (43, 41, 59)
    assert last["aqi"] == 59 and last["dominant"] == "no2"
    assert last["band"] == "Trung bình" and last["colour"] == "#ffff00"


def test_dominant_pollutant_and_band():
    frame = pd.concat(
        [readings("S1", "2024-01-01 00:00", "pm25", [20.0] * 3), readings("S1", "2024-01-01 00:00", "o3", [300.0] * 3)]
    )
    last = hourly_aqi(frame).iloc[-1]
    assert last["aqi_pm25"] == 40 and last["aqi_o3"] == 150
    assert (last["aqi"], last["dominant"], last["band"]) == (150, "o3", "Kém")


def test_no_aqi_without_particulate_matter():
    frame = pd.concat(
        [readings("S1", "2024-01-01 00:00", "o3", [300.0] * 3), readings("S1", "2024-01-01 00:00", "co", [5000.0] * 3)]
    )
    result = hourly_aqi(frame)
    assert result["aqi_o3"].notna().all()
    assert result["aqi"].isna().all() and result["dominant"].isna().all() and result["band"].isna().all()


def test_hourly_grid_fills_missing_hours_and_applies_the_two_of_three_rule():
    values = [10.0, 12.0, None, None, 14.0, 16.0, None, 18.0]
    result = hourly_aqi(readings("S1", "2024-01-01 00:00", "pm25", values))
    assert len(result) == len(values)  # the two missing hours are rows too
    expected_present = [False, True, True, False, False, True, True, True]
    assert result["nowcast_pm25"].notna().tolist() == expected_present
    assert result["aqi"].notna().tolist() == expected_present


def test_stations_do_not_share_history():
    a = readings("A", "2024-01-01 00:00", "pm25", [50.0] * 12)
    b = readings("B", "2024-01-01 12:00", "pm25", [5.0])  # first hour of B right after A's last
    result = hourly_aqi(pd.concat([a, b]))
    assert result.loc[result["station_id"] == "B", "nowcast_pm25"].isna().all()


def test_tz_aware_times_come_back_in_utc():
    frame = readings("S1", "2024-01-01 07:00", "pm25", [20.0] * 3)
    frame["time"] = frame["time"].dt.tz_localize("Asia/Ho_Chi_Minh")
    result = hourly_aqi(frame)
    assert str(result["time"].dt.tz) == "UTC"
    assert result["time"].iloc[0] == pd.Timestamp("2024-01-01 00:00", tz="UTC")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.assign(parameter="pm1"), "unknown VN_AQI parameter"),
        (lambda f: f.assign(time=f["time"] + pd.Timedelta(minutes=5)), "whole hour"),
        (lambda f: pd.concat([f, f.iloc[[0]]]), "share a"),
        (lambda f: f.drop(columns="value"), "lack columns"),
        (lambda f: f.assign(value="abc"), "not numbers"),
    ],
    ids=["unknown-parameter", "off-hour", "duplicate", "missing-column", "non-numeric"],
)
def test_hourly_aqi_rejects_bad_readings(change, message):
    frame = readings("S1", "2024-01-01 00:00", "pm25", [20.0] * 3)
    with pytest.raises(ValueError, match=message):
        hourly_aqi(change(frame))


# --------------------------------------------------------------------------- daily AQI


def day_of(parameter: str, values: list[float | None], day: str = "2024-01-02", station: str = "S1") -> pd.DataFrame:
    return readings(station, f"{day} 00:00", parameter, values)


def test_daily_aqi_reproduces_the_decision_example():
    o3 = [10.0] * 24
    o3[10] = 114.6
    o3[11:18] = [(8 * 89.3 - 114.6) / 7] * 7  # 8-hour mean 89.3 over 10:00–17:00
    no2 = [50.0] * 24
    no2[8] = 130.8
    frame = pd.concat([day_of("o3", o3), day_of("no2", no2), day_of("pm25", [55.7] * 24)])
    row = daily_aqi(frame, naive_timezone="Asia/Ho_Chi_Minh").set_index("date").loc[date(2024, 1, 2)]
    assert row["o3_8h_max"] == pytest.approx(89.3)
    assert (row["aqi_o3_8h"], row["aqi_o3_1h"], row["aqi_o3"]) == (45, 36, 45)
    assert (row["aqi_no2"], row["aqi_pm25"]) == (65, 110)
    assert (row["aqi"], row["dominant"], row["band"]) == (110, "pm25", "Kém")


def test_daily_o3_8h_example_of_the_decision():
    # O3 hourly means from 18:00 to 00:00 two days later, hour-ending labels as printed
    o3 = [
        15.7,
        14.2,
        17.7,
        18.9,
        19.3,
        15.7,
        19.7,
        22.6,
        27.1,
        29.0,
        31.9,
        25.3,
        34.7,
        35.2,
        41.6,
        45.7,
        49.2,
        55.8,
        69.6,
        78.3,
        91.5,
        97.7,
        81.2,
        71.8,
        43.5,
        34.3,
        21.5,
        20.5,
        19.4,
        20.4,
        21.3,
    ]
    frame = readings("S1", "2024-01-01 18:00", "o3", o3)
    frame = pd.concat([frame, readings("S1", "2024-01-02 01:00", "pm25", [20.0] * 24)])
    result = daily_aqi(frame, hour_label="end", naive_timezone="Asia/Ho_Chi_Minh").set_index("date")
    day = result.loc[date(2024, 1, 2)]
    assert round(day["o3_8h_max"], 1) == 74.4
    assert day["o3_1h_max"] == pytest.approx(97.7)
    assert day["hours_o3"] == 24  # 01:00 … 00:00
    assert pd.isna(result.loc[date(2024, 1, 1), "o3_8h_max"])  # only 7 hours that day


def test_daily_completeness_needs_18_hours():
    seventeen = [30.0] * 17 + [None] * 7
    eighteen = [30.0] * 18 + [None] * 6
    frame = pd.concat([day_of("pm25", seventeen, "2024-01-02"), day_of("pm25", eighteen, "2024-01-03")])
    result = daily_aqi(frame, naive_timezone="Asia/Ho_Chi_Minh").set_index("date")
    assert pd.isna(result.loc[date(2024, 1, 2), "aqi"])
    assert result.loc[date(2024, 1, 2), "hours_pm25"] == 17
    assert result.loc[date(2024, 1, 3), "aqi"] == 60  # 30 µg/m³ → 50 + 50 × 5/25


def test_daily_gases_use_the_highest_hourly_value():
    so2 = [100.0] * 24
    so2[5] = 350.0
    frame = pd.concat([day_of("so2", so2), day_of("pm25", [10.0] * 24)])
    row = daily_aqi(frame, naive_timezone="Asia/Ho_Chi_Minh").iloc[0]
    assert row["so2_1h_max"] == 350 and row["aqi_so2"] == 100 and row["dominant"] == "so2"


def test_daily_o3_above_400_uses_the_one_hour_value():
    frame = pd.concat([day_of("o3", [450.0] * 24), day_of("pm25", [10.0] * 24)])
    row = daily_aqi(frame, naive_timezone="Asia/Ho_Chi_Minh").iloc[0]
    assert pd.isna(row["aqi_o3_8h"])
    assert row["aqi_o3"] == 213  # 200 + 100 × 50/400 = 212.5, rounded half-up


def test_eight_hour_mean_needs_six_hours():
    five = [None] * 10 + [100.0] * 5 + [None] * 9
    six = [None] * 10 + [100.0, 100.0, 100.0, 100.0, 100.0, 130.0] + [None] * 8
    frame = pd.concat(
        [
            day_of("o3", five, "2024-01-02"),
            day_of("o3", six, "2024-01-04"),
            day_of("pm25", [10.0] * 24, "2024-01-02"),
            day_of("pm25", [10.0] * 24, "2024-01-04"),
        ]
    )
    result = daily_aqi(frame, min_hours=1, naive_timezone="Asia/Ho_Chi_Minh").set_index("date")
    assert pd.isna(result.loc[date(2024, 1, 2), "o3_8h_max"])
    assert result.loc[date(2024, 1, 2), "o3_1h_max"] == 100
    assert result.loc[date(2024, 1, 4), "o3_8h_max"] == pytest.approx(105.0)


def test_daily_uses_the_local_calendar_day():
    # 17:00 UTC is midnight in Ho Chi Minh City: these 24 UTC hours span two local days
    frame = readings("S1", "2024-01-01 00:00", "pm25", [20.0] * 24)
    frame["time"] = frame["time"].dt.tz_localize("UTC")
    result = daily_aqi(frame)
    assert result["date"].tolist() == [date(2024, 1, 1), date(2024, 1, 2)]
    assert result["hours_pm25"].tolist() == [17, 7]


# --------------------------------------------------------------------------- real data


@functools.cache
def _read_healthyair_long(path: Path) -> pd.DataFrame:
    """The sample in long format (read once per session; the fixture hands out copies)."""
    raw = pd.read_csv(path)
    columns = {"pm25_ug_m3": "pm25", "o3_ug_m3": "o3", "co_ug_m3": "co", "no2_ug_m3": "no2", "so2_ug_m3": "so2"}
    long = raw.melt(
        id_vars=["datetime_local", "station_no"], value_vars=list(columns), var_name="parameter", value_name="value"
    )
    long["parameter"] = long["parameter"].map(columns)
    long["time"] = pd.to_datetime(long["datetime_local"]).dt.tz_localize("Asia/Ho_Chi_Minh")
    return long.rename(columns={"station_no": "station_id"})[["station_id", "time", "parameter", "value"]]


@pytest.fixture
def healthyair(sample_path) -> pd.DataFrame:
    return _read_healthyair_long(sample_path(HEALTHYAIR)).copy()


@requires_healthyair
def test_healthyair_nowcast_gaps_follow_the_two_of_three_rule(healthyair):
    result = hourly_aqi(healthyair)
    pm = healthyair[(healthyair["parameter"] == "pm25") & healthyair["value"].notna()]
    present = set(zip(pm["station_id"], pm["time"]))
    hour = pd.Timedelta(hours=1)
    expected = [
        sum((s, t - k * hour) in present for k in range(3)) >= 2 for s, t in zip(result["station_id"], result["time"])
    ]
    assert result["nowcast_pm25"].notna().tolist() == expected
    assert 0 < expected.count(False) < len(expected)  # the sample really has gaps
    # every station-hour between a station's first and last reading is a row
    spans = pm.groupby("station_id")["time"].agg(lambda t: int((t.max() - t.min()) / hour) + 1)
    assert len(result) == spans.sum()
    # no PM10 in the sample: the AQI exists exactly where the PM2.5 NowCast does
    assert (result["aqi"].notna() == result["nowcast_pm25"].notna()).all()


@requires_healthyair
def test_healthyair_nowcast_values_match_a_direct_transcription(healthyair):
    result = hourly_aqi(healthyair)
    pm = healthyair[healthyair["parameter"] == "pm25"].set_index(["station_id", "time"])["value"]
    hour = pd.Timedelta(hours=1)
    sample = result[result["nowcast_pm25"].notna()].sample(150, random_state=7)
    for station, time, value in zip(sample["station_id"], sample["time"], sample["nowcast_pm25"]):
        window = [pm.get((station, time - k * hour)) for k in range(11, -1, -1)]
        window = [None if v is None or pd.isna(v) else float(v) for v in window]
        assert value == pytest.approx(reference_nowcast(window))
