"""Forecasting stored series: read observations, backtest, forecast, write forecasts and backtests.

Writes go through :func:`ioc.ingest.process_batch`, so the economy rules (target missed,
value outside the interval) run on them like on any other batch.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ioc.datalayer import DataLayer
from ioc.ingest import process_batch
from ioc_plugins.economy.catalogue import catalogue_frame
from ioc_plugins.economy.config import economy_config
from ioc_plugins.economy.forecast import ForecastResult, forecast_series

#: The agencies' template values (the submissions plugin's table), read by name where installed.
SUBMITTED = "submissions.values"


def observed_frame(datalayer: DataLayer, codes: list[str] | tuple[str, ...], unit: str) -> pd.DataFrame:
    """Observed ``indicator_code``, ``period``, ``value`` of several indicators of one unit (one read).

    Values the agencies reported by template fill the periods the statistics do not have yet
    (the newest report of a period wins); official observations take precedence.
    """
    columns = ["indicator_code", "period", "value"]
    if not codes:
        return pd.DataFrame(columns=columns)
    listed = ", ".join("'" + str(c).replace("'", "''") + "'" for c in codes)
    where = f"indicator_code IN ({listed}) AND unit_code = '{unit.replace(chr(39), chr(39) * 2)}'"
    frames = []
    if datalayer.version("economy.observations") is not None:
        frames.append(datalayer.read("economy.observations", where=where)[columns])
    if SUBMITTED in datalayer.tables and datalayer.version(SUBMITTED) is not None:
        submitted = datalayer.read(SUBMITTED, where=where).sort_values(["report_date", "received_at"])
        frames.append(submitted.drop_duplicates(["indicator_code", "period"], keep="last")[columns])
    if not frames:
        return pd.DataFrame(columns=columns)
    frame = pd.concat(frames, ignore_index=True).drop_duplicates(["indicator_code", "period"], keep="first")
    return frame.sort_values(["indicator_code", "period"]).reset_index(drop=True)


def as_series(frame: pd.DataFrame, code: str | None = None) -> pd.Series:
    """One indicator's rows of :func:`observed_frame` as a float series indexed by period."""
    if code is not None:
        frame = frame[frame["indicator_code"] == code]
    return pd.Series(frame["value"].astype("float64").to_numpy(), index=pd.DatetimeIndex(frame["period"]))


def observed_series(datalayer: DataLayer, code: str, unit: str) -> pd.Series:
    """The observed values of one indicator and unit, indexed by period start (see :func:`observed_frame`)."""
    return as_series(observed_frame(datalayer, [code], unit))


def forecast_rows(
    code: str, unit: str, result: ForecastResult, origin: pd.Timestamp
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of ``economy.forecasts`` and ``economy.backtests`` for one forecast."""
    forecasts = result.frame.assign(indicator_code=code, unit_code=unit, model=result.model, origin=origin)
    test = result.backtest
    backtests = pd.DataFrame(
        [
            {
                "indicator_code": code,
                "unit_code": unit,
                "origin": origin,
                "folds": test.folds,
                "horizon": test.horizon,
                "prophet_mape": test.prophet_mape,
                "prophet_smape": test.prophet_smape,
                "baseline_mape": test.baseline_mape,
                "baseline_smape": test.baseline_smape,
                "chosen": test.chosen,
            }
        ]
    )
    return forecasts, backtests


def run_forecasts(datalayer: DataLayer, keys: Iterable[tuple[str, str]], *, source: str = "forecast") -> int:
    """Forecast each ``(indicator_code, unit_code)`` with at least two seasons of data; return how many."""
    catalogue = catalogue_frame().set_index("code")
    config = economy_config(datalayer.settings)
    done = 0
    for code, unit in keys:
        series = observed_series(datalayer, code, unit)
        if code not in catalogue.index or len(series) < 8:
            continue
        result = forecast_series(series, catalogue.loc[code, "frequency"], config)
        forecasts, backtests = forecast_rows(code, unit, result, series.index[-1])
        process_batch(datalayer, "economy.backtests", backtests, source=source)
        process_batch(datalayer, "economy.forecasts", forecasts, source=source)
        done += 1
    return done
