"""Bokeh figures shared by the domain dashboards: an offline station map and band-coloured series.

The map never fetches tiles: stations are drawn in longitude/latitude over the
administrative-boundary polygons of :mod:`geodata` (when that package can provide them),
on a sea-coloured background. Bokeh renders every text it is given (names in tooltips,
labels) as text, never as HTML.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from bokeh.models import BoxAnnotation, ColumnDataSource, DatetimeTickFormatter, HoverTool, Label, Span, TapTool
from bokeh.plotting import figure

logger = logging.getLogger(__name__)

#: Exterior rings of polygons as Bokeh ``patches`` input: ``(xs, ys, names)``.
Outline = tuple[list[list[float]], list[list[float]], list[str]]

SEA = "#d6e6f2"
LAND = "#f4f1ea"
BORDER = "#9a8f7d"
SERIES_LINE = "#263238"
SERIES_LINE_DARK = "#eceff1"  # the video wall's dark theme


def datetime_ticks() -> DatetimeTickFormatter:
    """Tick labels as the site's users write dates: ``dd/mm/yyyy``, hours ``HH:MM``.

    A new formatter each time: a Bokeh model can belong to one document only.
    """
    return DatetimeTickFormatter(minutes="%H:%M", hourmin="%H:%M", hours="%H:%M\n%d/%m",
                                 days="%d/%m/%Y", months="%m/%Y", years="%Y")


@lru_cache(maxsize=8)
def boundary_outlines(level: str = "district", period: str = "pre2025",
                      data_dir: str | None = None) -> tuple[Outline, ...]:
    """Exterior rings of the administrative units as ``(xs, ys, names)`` for Bokeh patches.

    The boundaries imported into ``data_dir`` are used when there are some, else the
    approximate default of :mod:`geodata`. Returns an empty tuple (and logs why) when no
    boundaries can be loaded, so the map still works with stations only.
    """
    try:
        from geodata.boundaries import load_boundaries

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            units = load_boundaries(data_dir, level=level, period=period)
    except Exception as exc:  # noqa: BLE001 - a missing or broken boundary file must not blank the dashboard
        logger.warning("administrative boundaries unavailable, map without background: %s", exc)
        return ()
    xs: list[list[float]] = []
    ys: list[list[float]] = []
    names: list[str] = []
    for name, geometry in zip(units["name"], units.geometry):
        if geometry is None or geometry.is_empty:
            continue
        for polygon in getattr(geometry, "geoms", [geometry]):
            exterior = getattr(polygon, "exterior", None)
            if exterior is None:
                continue
            lon, lat = exterior.coords.xy
            xs.append(list(lon))
            ys.append(list(lat))
            names.append(str(name))
    return ((xs, ys, names),)


def station_map(stations: pd.DataFrame, *, title: str, tooltips: Sequence[tuple[str, str]],
                bbox: Sequence[float] | None = None, boundaries: Any = (), selected: str | None = None,
                height: int = 460) -> tuple[figure, ColumnDataSource]:
    """A map of stations as coloured circles labelled with their value.

    Parameters
    ----------
    stations
        One row per station with ``station_id``, ``lon``, ``lat``, ``colour``, ``value_text``
        and whatever the ``tooltips`` refer to.
    tooltips
        Bokeh ``(label, "@column")`` pairs (rendered as text).
    bbox
        ``(west, south, east, north)`` to frame when there are no stations.
    boundaries
        The result of :func:`boundary_outlines` (empty: no background polygons).
    selected
        ``station_id`` to show selected.
    """
    plot = figure(title=title, height=height, sizing_mode="stretch_width", match_aspect=True,
                  tools="pan,wheel_zoom,box_zoom,reset,save", active_scroll="wheel_zoom",
                  background_fill_color=SEA, border_fill_color=None, x_axis_label=None, y_axis_label=None)
    plot.grid.visible = False
    plot.axis.major_label_text_font_size = "8pt"
    for xs, ys, _names in boundaries:
        plot.patches(xs, ys, fill_color=LAND, line_color=BORDER, line_width=1)
    located = stations.dropna(subset=["lon", "lat"]).reset_index(drop=True)
    source = column_source(located)
    circles = plot.scatter("lon", "lat", source=source, size=28, fill_color="colour", line_color="#212121",
                           line_width=1.5, selection_line_color="#000000", selection_line_width=3,
                           nonselection_fill_alpha=0.75, nonselection_line_alpha=0.6)
    plot.text("lon", "lat", text="value_text", source=source, text_font_size="8pt", text_align="center",
              text_baseline="middle", text_color="text_colour", text_font_style="bold",
              nonselection_text_alpha=1.0)
    plot.add_tools(HoverTool(renderers=[circles], tooltips=list(tooltips)), TapTool(renderers=[circles]))
    if selected is not None and selected in set(located["station_id"]):
        source.selected.indices = [int(np.flatnonzero(located["station_id"].to_numpy() == selected)[0])]
    _frame(plot, located, bbox)
    return plot, source


def _frame(plot: figure, located: pd.DataFrame, bbox: Sequence[float] | None) -> None:
    """Frame the stations (with a margin), or the site's box when there are none.

    Framing the stations rather than every boundary keeps a far island (Côn Đảo) from
    shrinking the mainland stations to dots; zooming out shows it.
    """
    if len(located):
        west, east = float(located["lon"].min()), float(located["lon"].max())
        south, north = float(located["lat"].min()), float(located["lat"].max())
        pad = max(0.08, 0.15 * max(east - west, north - south))
        west, east, south, north = west - pad, east + pad, south - pad, north + pad
    elif bbox:
        west, south, east, north = bbox
    else:
        return
    plot.x_range.start, plot.x_range.end = west, east
    plot.y_range.start, plot.y_range.end = south, north


def band_series(frame: pd.DataFrame, *, bands: Sequence[tuple[float, float, str]], title: str,
                x_label: str, y_label: str, tooltips: Sequence[tuple[str, str]],
                y_floor: float = 0.0, y_ceiling: float | None = None, height: int = 320,
                line_colour: str = SERIES_LINE) -> figure:
    """A time series over coloured horizontal bands (VN_AQI / VN_WQI classes).

    ``frame`` has ``time`` (local naive), ``value`` and ``colour`` (of each point's band);
    ``bands`` are ``(lower, upper, colour)``.
    """
    plot = figure(title=title, height=height, sizing_mode="stretch_width", x_axis_type="datetime",
                  x_axis_label=x_label, y_axis_label=y_label, tools="pan,xwheel_zoom,box_zoom,reset,save")
    top = y_ceiling if y_ceiling is not None else max(float(frame["value"].max()) * 1.15 if len(frame) else 0, 120.0)
    for lower, upper, colour in bands:
        plot.add_layout(BoxAnnotation(bottom=lower, top=upper, fill_color=colour, fill_alpha=0.22, line_alpha=0))
    plot.y_range.start, plot.y_range.end = y_floor, top
    _series_glyphs(plot, frame, tooltips, line_colour)
    return plot


def level_series(frame: pd.DataFrame, *, alarms: Sequence[tuple[float, str, str]], title: str, x_label: str,
                 y_label: str, tooltips: Sequence[tuple[str, str]], height: int = 320,
                 line_colour: str = SERIES_LINE) -> figure:
    """A water-level series with horizontal lines at the alarm levels ``(level, colour, label)``."""
    plot = figure(title=title, height=height, sizing_mode="stretch_width", x_axis_type="datetime",
                  x_axis_label=x_label, y_axis_label=y_label, tools="pan,xwheel_zoom,box_zoom,reset,save")
    for level, colour, label in alarms:
        plot.add_layout(Span(location=level, dimension="width", line_color=colour, line_width=2,
                             line_dash="dashed"))
        plot.add_layout(Label(x=5, x_units="screen", y=level, text=label, text_color=colour,
                              text_font_size="9pt", y_offset=2))
    values = [v for v in frame["value"].tolist() if pd.notna(v)] + [level for level, _, _ in alarms]
    if values:
        low, high = min(values), max(values)
        pad = max((high - low) * 0.1, 0.1)
        plot.y_range.start, plot.y_range.end = low - pad, high + pad
    _series_glyphs(plot, frame, tooltips, line_colour)
    return plot


def column_source(frame: pd.DataFrame) -> ColumnDataSource:
    """A Bokeh source of plain columns: numbers as float (NaN for missing), text with ``None``."""
    data: dict[str, Any] = {}
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            data[column] = values.to_numpy()
        elif pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            data[column] = values.astype("float64").to_numpy()
        else:
            data[column] = [None if pd.isna(v) else str(v) for v in values]
    return ColumnDataSource(data)


def with_gaps(frame: pd.DataFrame, factor: float = 3.0) -> pd.DataFrame:
    """``frame`` with a blank row inside every silence longer than ``factor`` × the usual step.

    A line drawn through the blank row breaks, so an outage is not drawn as a straight
    line between the values on either side of it.
    """
    if len(frame) < 3:
        return frame
    steps = frame["time"].diff()
    usual = steps.median()
    gaps = frame.loc[steps > usual * factor, "time"] - usual
    if gaps.empty:
        return frame
    blanks = pd.DataFrame({"time": gaps.to_numpy()})
    return pd.concat([frame, blanks], ignore_index=True).sort_values("time", kind="stable").reset_index(drop=True)


def _series_glyphs(plot: figure, frame: pd.DataFrame, tooltips: Sequence[tuple[str, str]], line_colour: str) -> None:
    source = column_source(frame)
    plot.line("time", "value", source=column_source(with_gaps(frame[["time", "value"]])),
              line_color=line_colour, line_width=2)
    points = plot.scatter("time", "value", source=source, size=6, fill_color="colour", line_color=line_colour)
    plot.add_tools(HoverTool(renderers=[points], tooltips=list(tooltips), formatters={"@time": "datetime"}))
    plot.xaxis.formatter = datetime_ticks()
