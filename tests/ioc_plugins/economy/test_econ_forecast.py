"""Forecasts: the seasonal-naive baseline, the errors, Tết holidays, and the backtest's choice.

The backtest must pick the baseline where Prophet is worse (a series built to be unpredictable
for Prophet: jagged random month-to-month values, with no trend and no smooth seasonal shape for its
Fourier terms to capture, that merely repeat every year, which the seasonal naive copies) and
Prophet where it is better (a trending seasonal series whose trend the baseline cannot follow).
"""

import numpy as np
import pandas as pd
import pytest

from ioc_plugins.economy.config import EconomyConfig
from ioc_plugins.economy.forecast import (
    backtest,
    forecast_series,
    mape,
    seasonal_naive,
    smape,
    tet_holidays,
)

MONTHS = pd.date_range("2021-01-01", periods=60, freq="MS")
FAST = EconomyConfig(prophet_iterations=200, uncertainty_samples=50)


def seasonal_series() -> pd.Series:
    rng = np.random.default_rng(3)
    t = np.arange(60)
    return pd.Series(1000 + 5 * t + 200 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 10, 60), MONTHS)


def unpredictable_series() -> pd.Series:
    rng = np.random.default_rng(3)
    return pd.Series(np.tile(rng.uniform(100, 1000, 12), 5), MONTHS)


def test_errors():
    assert mape([100, 200], [110, 180]) == pytest.approx(10.0)
    assert smape([100, 0], [100, 0]) == 0.0
    assert smape([100], [50]) == pytest.approx(200 * 50 / 150)
    assert np.isnan(mape([0, 0], [1, 2]))


def test_seasonal_naive_repeats_the_last_season_with_a_widening_interval():
    history = pd.Series(np.tile(np.arange(12.0), 3) + np.repeat([0.0, 1.0, 3.0], 12), MONTHS[:36])
    frame = seasonal_naive(history, 15, "month")
    assert frame["yhat"].tolist()[:12] == history.iloc[-12:].tolist()
    assert frame["period"].iloc[0] == pd.Timestamp("2024-01-01")
    width = (frame["upper"] - frame["lower"]).to_numpy()
    assert width[12] > width[0] > 0  # the second season ahead is less certain (σ·√2)


def test_tet_holidays_follow_the_lunar_calendar():
    holidays = tet_holidays(2024, 2026)
    tet = holidays[holidays["holiday"] == "tet"]["ds"].tolist()
    assert tet == [pd.Timestamp("2024-02-01"), pd.Timestamp("2025-01-01"), pd.Timestamp("2026-02-01")]
    before = holidays[holidays["holiday"] == "truoc_tet"]["ds"].tolist()
    assert before[1] == pd.Timestamp("2024-12-01")


def test_backtest_picks_the_baseline_on_an_unpredictable_series():
    result = backtest(unpredictable_series(), "month", FAST)
    assert result.folds == 3 and result.horizon == 6
    assert result.baseline_smape < result.prophet_smape
    assert result.chosen == "seasonal_naive"


def test_backtest_picks_prophet_on_a_trending_seasonal_series():
    result = forecast_series(seasonal_series(), "month", FAST, horizon=12)
    assert result.backtest.prophet_smape < result.backtest.baseline_smape
    assert result.model == "prophet"
    frame = result.frame
    assert len(frame) == 12 and (frame["lower"] <= frame["yhat"]).all() and (frame["yhat"] <= frame["upper"]).all()
    assert frame["yhat"].iloc[0] > seasonal_series().iloc[-12]  # it follows the trend the baseline misses


def test_a_short_series_keeps_the_baseline_without_fitting_prophet():
    result = forecast_series(seasonal_series().iloc[:20], "month", FAST, horizon=3)
    assert result.model == "seasonal_naive" and result.backtest.folds == 0
    assert result.backtest.prophet_smape is None
