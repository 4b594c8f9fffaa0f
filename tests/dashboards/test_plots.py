"""Shared plot helpers: time axes written the site's way."""

from __future__ import annotations

import holoviews as hv
import pandas as pd
import pytest

from dashboards import plots

TIMES = pd.date_range("2026-12-01", periods=48, freq="h", tz="UTC")


@pytest.mark.parametrize(
    "element",
    [
        hv.Curve((TIMES, range(48))),
        hv.Overlay([hv.Curve((TIMES, range(48))), hv.Curve((TIMES, range(48, 0, -1)))]),
    ],
    ids=["curve", "overlay"],
)
def test_a_date_axis_has_dd_mm_ticks_and_no_english_date_line(element):
    """HoloViews adds a context line ("Dec 03, 2026") under datetime ticks: the date axis drops it."""
    hv.extension("bokeh")
    plain = hv.render(element.opts(xformatter=plots.datetime_ticks()))
    assert plain.xaxis[0].formatter.context is not None  # what the hook is there for
    figure = hv.render(element.opts(**plots.date_axis()))
    formatter = figure.xaxis[0].formatter
    assert formatter.context is None
    assert formatter.days == "%d/%m/%Y" and formatter.hours == "%H:%M\n%d/%m"
    numbers = figure.yaxis[0].formatter  # the value axis: 16.000 and 90,5, as Vietnamese writes them
    assert "vi-VN" in numbers.code and type(plain.yaxis[0].formatter).__name__ == "BasicTickFormatter"
