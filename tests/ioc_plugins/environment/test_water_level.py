"""Water level: alarm levels I/II/III, rate of rise, status per reading."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ioc_plugins.environment.water_level import AlarmLevels, alarm_level, rising_rate, water_level_status

LEVELS = AlarmLevels(1.0, 1.5, 2.0)


def levels_frame(station: str, times: list[str], values: list[float | None]) -> pd.DataFrame:
    return pd.DataFrame({"station_id": station, "time": pd.to_datetime(times, utc=True), "level_m": values})


@pytest.mark.parametrize(
    ("value", "expected"),
    [(-0.5, 0), (0.999, 0), (1.0, 1), (1.499, 1), (1.5, 2), (1.999, 2), (2.0, 3), (4.2, 3)],
)
def test_alarm_level_is_reached_at_the_threshold(value, expected):
    assert alarm_level(value, LEVELS) == expected


@pytest.mark.parametrize(
    "levels", [(1.0, 1.0, 2.0), (2.0, 1.5, 1.0), (1.0, float("nan"), 2.0)], ids=["equal", "falling", "nan"]
)
def test_alarm_levels_must_rise(levels):
    with pytest.raises(ValueError, match="alarm level"):  # "levels must rise" or "level_2 must be a finite number"
        AlarmLevels(*levels)


def test_alarm_level_rejects_missing_values():
    with pytest.raises(ValueError, match="water level must be finite"):
        alarm_level(float("nan"), LEVELS)
    with pytest.raises(ValueError, match="water level must be a number"):
        alarm_level(None, LEVELS)


def test_rising_rate_compares_with_the_earliest_reading_in_the_window():
    frame = levels_frame(
        "H1",
        ["2024-09-01 00:00", "2024-09-01 00:15", "2024-09-01 00:30", "2024-09-01 01:00", "2024-09-01 01:30"],
        [1.00, 1.05, 1.10, 1.30, 1.20],
    )
    rate = rising_rate(frame)
    expected = [np.nan, 0.05 / 0.25, 0.10 / 0.5, 0.30 / 1.0, (1.20 - 1.10) / 1.0]
    np.testing.assert_allclose(rate.to_numpy(), expected)
    half_hour = rising_rate(frame, "30min")
    assert half_hour.iloc[3] == pytest.approx((1.30 - 1.10) / 0.5)
    assert half_hour.iloc[4] == pytest.approx((1.20 - 1.30) / 0.5)  # falling water is negative


def test_rising_rate_keeps_stations_apart_and_the_input_order():
    a = levels_frame("A", ["2024-09-01 00:00", "2024-09-01 00:30"], [1.0, 1.2])
    b = levels_frame("B", ["2024-09-01 00:10", "2024-09-01 00:40"], [5.0, 5.0])
    frame = pd.concat([b, a]).iloc[[3, 0, 2, 1]].reset_index(drop=True)  # shuffled
    rate = rising_rate(frame)
    by_row = dict(zip(zip(frame["station_id"], frame["time"].dt.strftime("%H:%M")), rate))
    assert np.isnan(by_row[("A", "00:00")]) and np.isnan(by_row[("B", "00:10")])
    assert by_row[("A", "00:30")] == pytest.approx(0.4)
    assert by_row[("B", "00:40")] == pytest.approx(0.0)


def test_status_with_station_levels():
    frame = pd.concat(
        [
            levels_frame("H1", ["2024-09-01 00:00", "2024-09-01 00:30", "2024-09-01 01:00"], [0.9, 1.6, 2.05]),
            levels_frame("H2", ["2024-09-01 00:00"], [3.0]),
        ],
        ignore_index=True,
    )
    status = water_level_status(frame, {"H1": LEVELS}, rise_warning_m_per_h=1.0)
    assert status["alarm_level"].tolist()[:3] == [0, 2, 3]
    assert status["name_vi"].tolist() == ["Dưới báo động", "Báo động II", "Báo động III", "Chưa có mức báo động"]
    assert status["colour"].tolist()[:3] == ["#00e400", "#ff7e00", "#ff0000"]
    assert pd.isna(status["alarm_level"][3]) and pd.isna(status["colour"][3])
    # 0.9 → 1.6 m in 30 min is 1.4 m/h; 0.9 → 2.05 m in 1 h is 1.15 m/h
    assert status["rising"].tolist() == [False, True, True, False]
    assert status["rising_rate_m_per_h"][1] == pytest.approx(1.4)


def test_status_reads_alarm_columns_of_the_water_levels_table():
    frame = levels_frame("H1", ["2024-09-01 00:00", "2024-09-01 01:00"], [1.1, 1.2])
    frame[["alarm_1", "alarm_2", "alarm_3"]] = [1.0, 1.5, 2.0]
    status = water_level_status(frame)
    assert status["alarm_level"].tolist() == [1, 1]
    assert status["name_vi"][0] == "Báo động I"
    # exactly the default 0.1 m/h threshold counts as rising
    assert status["rising"].tolist() == [False, True]


def test_status_rejects_inconsistent_input():
    frame = levels_frame("H1", ["2024-09-01 00:00", "2024-09-01 00:00"], [1.1, 1.2])
    with pytest.raises(ValueError, match="share a"):
        water_level_status(frame, {"H1": LEVELS})
    frame = levels_frame("H1", ["2024-09-01 00:00"], [1.1])
    with pytest.raises(ValueError, match="alarm_1"):
        water_level_status(frame)
    frame[["alarm_1", "alarm_2", "alarm_3"]] = [2.0, 1.5, 1.0]
    with pytest.raises(ValueError, match="alarm_1 < alarm_2"):
        water_level_status(frame)
