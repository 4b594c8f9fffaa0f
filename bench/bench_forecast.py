"""Forecasting the demo's indicator series with backtests, against the seasonal-naive baseline.

Every series gets what ``ioc economy forecast`` does: a three-fold rolling-origin backtest of
Prophet and of the seasonal-naive baseline, then the final forecast with the chosen model. The
baseline alone (its backtest and forecast) runs on the same series in the same process. Printed:
time per series of each, their ratio, the wall time of all series on ``--workers`` processes
(2 cores by default), and how often Prophet beat the baseline.

The bank: every monthly and quarterly indicator of the catalogue for the site and for pseudo-units
(the demo generator with other seeds), five years each, until ``--series`` series (default 200).
"""

from __future__ import annotations

import argparse
import os
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd


def series_bank(count: int, seed: int = 7) -> list[tuple[str, str, pd.Series]]:
    """``count`` demo series ``(code, frequency, values)``: the site's, then pseudo-units'."""
    from ioc_plugins.economy.catalogue import PERIOD_STARTS, catalogue_frame
    from ioc_plugins.economy.demo import province_series

    catalogue = catalogue_frame()
    catalogue = catalogue[(catalogue["frequency"] != "year") & (catalogue["agency"] != "WB")]
    bank, unit = [], 0
    while len(bank) < count:
        rng = np.random.default_rng(seed + unit)
        for row in catalogue.itertuples():
            periods = pd.date_range("2021-12-01", "2026-11-01", freq=PERIOD_STARTS[row.frequency])
            values = province_series(row.code, row.sector, row.frequency, periods, rng) * rng.uniform(0.05, 1)
            bank.append((f"{row.code}@{unit}", row.frequency, pd.Series(values, index=periods)))
            if len(bank) == count:
                break
        unit += 1
    return bank


def _with_prophet(item: tuple[str, str, pd.Series]) -> tuple[float, str, float | None, float | None]:
    from ioc_plugins.economy.forecast import forecast_series

    started = time.perf_counter()
    result = forecast_series(item[2], item[1])
    test = result.backtest
    return time.perf_counter() - started, result.model, test.prophet_smape, test.baseline_smape


def _baseline_only(item: tuple[str, str, pd.Series]) -> float:
    from ioc_plugins.economy.forecast import backtest_horizon, regular, seasonal_naive, smape

    started = time.perf_counter()
    series, frequency = regular(item[2], item[1]), item[1]
    horizon = backtest_horizon(frequency)
    errors = []
    for fold in range(3):
        origin = len(series) - (3 - fold) * horizon
        forecast = seasonal_naive(series.iloc[:origin], horizon, frequency)
        errors.append(smape(series.iloc[origin : origin + horizon].to_numpy(), forecast["yhat"].to_numpy()))
    seasonal_naive(series, 12, frequency)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=200, help="how many series (default 200)")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1), help="processes (default 2)")
    args = parser.parse_args()
    bank = series_bank(args.series)
    _with_prophet(bank[0])  # import Prophet and warm its model once, outside the timings

    started = time.perf_counter()
    baseline = [_baseline_only(item) for item in bank]
    baseline_wall = time.perf_counter() - started
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        results = list(pool.map(_with_prophet, bank, chunksize=4))
    prophet_wall = time.perf_counter() - started

    per_series = np.mean([r[0] for r in results])
    per_baseline = np.mean(baseline)
    chosen = pd.Series([r[1] for r in results]).value_counts()
    backtested = [(p, b) for _, _, p, b in results if p is not None]
    print(f"series: {len(bank)} ({sum(f == 'month' for _, f, _ in bank)} monthly), 3 backtest folds each")
    print(f"seasonal naive:  {per_baseline * 1000:8.2f} ms/series   total {baseline_wall:7.2f} s (1 process)")
    print(
        f"Prophet + naive: {per_series * 1000:8.2f} ms/series   total {prophet_wall:7.2f} s ({args.workers} processes)"
    )
    print(f"ratio per series (Prophet path / naive): {per_series / per_baseline:,.0f}×")
    print(f"chosen: { {model: int(n) for model, n in chosen.items()} }")
    if backtested:
        prophet_smape, naive_smape = np.mean(backtested, axis=0)
        print(f"mean backtest sMAPE: Prophet {prophet_smape:.2f} %, seasonal naive {naive_smape:.2f} %")


if __name__ == "__main__":
    main()
