"""Forecasts of indicator series: Prophet with Tết effects, checked against a seasonal-naive baseline.

Every forecast is backtested first (rolling origin, at least three folds): each fold fits on the
history up to an origin and forecasts the next ``horizon`` periods, for Prophet and for the
seasonal-naive baseline (the value one season earlier; Hyndman & Athanasopoulos, *Forecasting:
Principles and Practice*, 3rd ed., §5.2), in the same run. Errors are MAPE and sMAPE (the M3
competition's symmetric MAPE, Makridakis & Hibon 2000). Prophet is used only where its sMAPE is
lower than the baseline's (project choice: sMAPE, because it stays defined where a value is 0);
otherwise the baseline's forecast is the one kept and shown, and the dashboard says so.

Tết moves between January and February; for monthly series the month that holds Tết and the
month before it (the shopping month) are Prophet holidays, computed from the lunar calendar
(:func:`ioc.calendar.lunar_new_year`). Prophet is imported lazily (it is heavy) and its logging
is silenced; fits are kept small (L-BFGS iterations and interval draws from the plugin settings).
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ioc.calendar import lunar_new_year
from ioc_plugins.economy.catalogue import PERIOD_STARTS, PERIODS_PER_YEAR
from ioc_plugins.economy.config import EconomyConfig

#: z of a two-sided 95 % normal interval.
Z95 = 1.959964
MODELS = ("prophet", "seasonal_naive")
FORECAST_COLUMNS = ["period", "yhat", "lower", "upper"]


class ProphetMissing(ImportError):
    """Prophet is not installed."""


@dataclass(frozen=True)
class Backtest:
    """Errors of both models over the rolling-origin folds of one series, and the model chosen."""

    folds: int
    horizon: int
    prophet_mape: float | None
    prophet_smape: float | None
    baseline_mape: float | None
    baseline_smape: float | None

    @property
    def chosen(self) -> str:
        """``"prophet"`` only where it beats the baseline's sMAPE."""
        if self.prophet_smape is None or self.baseline_smape is None:
            return "seasonal_naive"
        return "prophet" if self.prophet_smape < self.baseline_smape else "seasonal_naive"


@dataclass(frozen=True)
class ForecastResult:
    """The kept forecast (``period``, ``yhat``, ``lower``, ``upper``), its model and the backtest."""

    frame: pd.DataFrame
    model: str
    backtest: Backtest


# --------------------------------------------------------------------------- errors
def mape(actual: np.ndarray, predicted: np.ndarray) -> float:
    """Mean absolute percentage error (%), over the non-zero actual values."""
    actual, predicted = np.asarray(actual, float), np.asarray(predicted, float)
    keep = actual != 0
    return float(np.mean(np.abs((actual[keep] - predicted[keep]) / actual[keep])) * 100) if keep.any() else np.nan


def smape(actual: np.ndarray, predicted: np.ndarray) -> float:
    """Symmetric MAPE (%), ``mean(2|y - ŷ| / (|y| + |ŷ|))``; a pair of zeros counts as no error."""
    actual, predicted = np.asarray(actual, float), np.asarray(predicted, float)
    denominator = np.abs(actual) + np.abs(predicted)
    ratio = np.where(denominator == 0, 0.0, 2 * np.abs(actual - predicted) / np.where(denominator == 0, 1, denominator))
    return float(np.mean(ratio) * 100)


# --------------------------------------------------------------------------- models
def regular(series: pd.Series, frequency: str) -> pd.Series:
    """``series`` on a regular grid of period starts, gaps interpolated (both models need one)."""
    series = series.sort_index().astype("float64")
    series.index = pd.DatetimeIndex(series.index)
    return series.asfreq(PERIOD_STARTS[frequency]).interpolate(limit_direction="both")


def future_periods(last: pd.Timestamp, horizon: int, frequency: str) -> pd.DatetimeIndex:
    """The ``horizon`` period starts after ``last``."""
    return pd.date_range(last, periods=horizon + 1, freq=PERIOD_STARTS[frequency])[1:]


def seasonal_naive(series: pd.Series, horizon: int, frequency: str) -> pd.DataFrame:
    """Each future period takes the value one season earlier; 95 % interval from the seasonal
    differences of the history (σ·√k for the k-th season ahead, FPP3 §5.5)."""
    season = PERIODS_PER_YEAR[frequency]
    values = series.to_numpy(float)
    periods = future_periods(series.index[-1], horizon, frequency)
    steps = np.arange(1, horizon + 1)
    last_season = values[-season:] if len(values) >= season else np.repeat(values[-1], season)
    yhat = last_season[(steps - 1) % season]
    residuals = values[season:] - values[:-season] if len(values) > season else np.array([0.0])
    sigma = float(np.std(residuals, ddof=1)) if len(residuals) > 1 else 0.0
    spread = Z95 * sigma * np.sqrt((steps - 1) // season + 1)
    return pd.DataFrame({"period": periods, "yhat": yhat, "lower": yhat - spread, "upper": yhat + spread})


@lru_cache(maxsize=1)
def _prophet_class() -> Any:
    # prophet logs "Importing plotly failed" and cmdstanpy logs every chain: neither helps a user
    for name in ("prophet", "prophet.plot", "cmdstanpy"):
        logging.getLogger(name).disabled = True
    try:
        from prophet import Prophet
    except ImportError as exc:  # pragma: no cover - prophet is a declared dependency
        raise ProphetMissing("Prophet chưa được cài: pip install prophet==1.5.0") from exc
    return Prophet


def tet_holidays(first_year: int, last_year: int) -> pd.DataFrame:
    """Prophet holidays of a monthly series: the month of Tết and the month before it."""
    rows = []
    for year in range(first_year, last_year + 1):
        tet_month = pd.Timestamp(lunar_new_year(year)).to_period("M").to_timestamp()
        rows.append({"holiday": "tet", "ds": tet_month})
        rows.append({"holiday": "truoc_tet", "ds": tet_month - pd.offsets.MonthBegin(1)})
    return pd.DataFrame(rows).assign(lower_window=0, upper_window=0)


def prophet_forecast(
    series: pd.Series, horizon: int, frequency: str, config: EconomyConfig | None = None, *, seed: int = 7
) -> pd.DataFrame:
    """Fit Prophet (Tết holidays for monthly series) and forecast ``horizon`` periods with a 95 % interval."""
    config = config or EconomyConfig()
    prophet = _prophet_class()
    periods = future_periods(series.index[-1], horizon, frequency)
    holidays = None
    if frequency == "month":
        holidays = tet_holidays(series.index[0].year - 1, periods[-1].year + 1)
    model = prophet(
        growth="linear",
        yearly_seasonality=6 if frequency == "month" else 2,
        weekly_seasonality=False,
        daily_seasonality=False,
        holidays=holidays,
        interval_width=0.95,
        uncertainty_samples=config.uncertainty_samples,
    )
    history = pd.DataFrame({"ds": series.index, "y": series.to_numpy(float)})
    np.random.seed(seed)  # Prophet draws its interval samples from numpy's global generator
    with warnings.catch_warnings():
        # prophet 1.5 still calls pandas APIs that pandas 3.1 deprecates (inplace=…): not ours to fix
        for category in (DeprecationWarning, FutureWarning, PendingDeprecationWarning):
            warnings.simplefilter("ignore", category)
        model.fit(history, iter=config.prophet_iterations)
        predicted = model.predict(pd.DataFrame({"ds": periods}))
    return pd.DataFrame(
        {
            "period": periods,
            "yhat": predicted["yhat"].to_numpy(),
            "lower": predicted["yhat_lower"].to_numpy(),
            "upper": predicted["yhat_upper"].to_numpy(),
        }
    )


# --------------------------------------------------------------------------- backtest
def backtest_horizon(frequency: str) -> int:
    """Periods each fold forecasts (project choice: half a season, so three folds fit in 2–3 years)."""
    return max(1, PERIODS_PER_YEAR[frequency] // 2)


def backtest(series: pd.Series, frequency: str, config: EconomyConfig | None = None) -> Backtest:
    """Rolling-origin backtest of Prophet and the seasonal-naive baseline on the same folds.

    The last ``folds × horizon`` periods are forecast, ``horizon`` at a time, each from the
    history before them. A series too short for the folds (two seasons of training before the
    first fold) or a yearly one gets no Prophet errors: the baseline is kept.
    """
    config = config or EconomyConfig()
    series = regular(series, frequency)
    season, horizon, folds = PERIODS_PER_YEAR[frequency], backtest_horizon(frequency), config.backtest_folds
    first_origin = len(series) - folds * horizon
    if frequency == "year" or first_origin < 2 * season:
        return Backtest(0, horizon, None, None, None, None)
    actual, baseline, fitted = [], [], []
    for fold in range(folds):
        origin = first_origin + fold * horizon
        train, test = series.iloc[:origin], series.iloc[origin : origin + horizon]
        actual.append(test.to_numpy(float))
        baseline.append(seasonal_naive(train, len(test), frequency)["yhat"].to_numpy())
        fitted.append(prophet_forecast(train, len(test), frequency, config)["yhat"].to_numpy())
    y, b, p = (np.concatenate(parts) for parts in (actual, baseline, fitted))
    return Backtest(folds, horizon, mape(y, p), smape(y, p), mape(y, b), smape(y, b))


def forecast_series(
    series: pd.Series, frequency: str, config: EconomyConfig | None = None, horizon: int | None = None
) -> ForecastResult:
    """Backtest, then forecast with the better model (Prophet only where it beats the baseline)."""
    config = config or EconomyConfig()
    horizon = horizon or config.forecast_horizon
    series = regular(series.dropna(), frequency)
    result = backtest(series, frequency, config)
    if result.chosen == "prophet":
        frame = prophet_forecast(series, horizon, frequency, config)
    else:
        frame = seasonal_naive(series, horizon, frequency)
    return ForecastResult(frame[FORECAST_COLUMNS], result.chosen, result)
