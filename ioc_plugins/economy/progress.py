"""Progress of an indicator against its yearly plan target (kế hoạch), observed and projected.

A target is the year's total for summed indicators (revenue, visitors …) and the value reached
at the end of the year for the others (rates, counts of schools …). The projection adds the
forecast of the periods not yet observed to what has been observed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ioc_plugins.economy.catalogue import PERIODS_PER_YEAR


@dataclass(frozen=True)
class Progress:
    """One indicator-unit-year against its target.

    ``observed`` is the year so far (sum, mean or last value by the indicator's aggregation),
    ``projected`` the year with the forecast filling the periods left (``None`` without one),
    ``ratio`` ``observed / target`` for totals and ``observed / target`` of the latest value
    otherwise, ``periods_left`` the periods of the year without an observation.
    """

    target: float
    observed: float | None
    projected: float | None
    periods_left: int
    ratio: float | None
    on_track: bool | None


def _combine(values: pd.Series, aggregation: str) -> float | None:
    values = values.dropna()
    if values.empty:
        return None
    if aggregation == "sum":
        return float(values.sum())
    if aggregation == "mean":
        return float(values.mean())
    return float(values.sort_index().iloc[-1])


def year_progress(
    observed: pd.Series,
    forecast: pd.Series | None,
    *,
    year: int,
    target: float,
    aggregation: str,
    frequency: str,
    direction: str,
) -> Progress:
    """Progress of one series (indexed by period start) in ``year`` against ``target``."""
    in_year = observed[(observed.index.year == year)] if len(observed) else observed
    seen = _combine(in_year, aggregation)
    periods_left = PERIODS_PER_YEAR[frequency] - int(in_year.notna().sum())
    projected = None
    if forecast is not None and len(forecast):
        ahead = forecast[(forecast.index.year == year) & ~forecast.index.isin(in_year.index)]
        if periods_left == 0:
            projected = seen
        elif len(ahead) >= periods_left:
            projected = _combine(pd.concat([in_year, ahead.iloc[:periods_left]]), aggregation)
    ratio = seen / target if seen is not None and target else None
    on_track = None
    if projected is not None and not np.isnan(projected):
        on_track = projected >= target if direction == "up" else projected <= target
    return Progress(float(target), seen, projected, periods_left, ratio, on_track)
