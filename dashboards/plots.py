"""HoloViews plots shared by the dashboards: offline maps, band-coloured series, bar charts.

Every plot is a HoloViews object rendered by Bokeh inside a :func:`pane`, so it follows the
page's theme (the video wall's dark theme included) and is served from the Panel server
with everything else (no CDN). Maps never fetch tiles: points are drawn in
longitude/latitude over the administrative-unit polygons that a query returned, on a
sea-coloured background. Bokeh shows every value it is given (names in tooltips, labels) as
text, never as HTML, so untrusted names can go into tooltips unescaped.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from functools import reduce
from typing import Any

import holoviews as hv
import holoviews.plotting.bokeh
import pandas as pd
import panel as pn
from bokeh.models import (
    BasicTickFormatter,
    CustomJSTickFormatter,
    DatetimeTickFormatter,
    LinearAxis,
    LogAxis,
    LogTickFormatter,
)

BACKEND = "bokeh"
SEA = "#d6e6f2"
LAND = "#f4f1ea"
BORDER = "#9a8f7d"
SERIES_LINE = "#263238"
SERIES_LINE_DARK = "#eceff1"  # the video wall's dark theme
#: Opacity of the band backgrounds behind a series.
BAND_ALPHA = 0.22
#: Shape of a map's frame (width / height); the ranges are widened to it, so degrees stay square.
MAP_ASPECT = 1.35

Tooltips = Sequence[tuple[str, str]]


def pane(obj: Any, name: str, **params: Any) -> pn.pane.HoloViews:
    """A Panel pane for a HoloViews plot, stretched to the width of its column."""
    params.setdefault("sizing_mode", "stretch_width")
    return pn.pane.HoloViews(obj, backend=BACKEND, name=name, **params)


def scale_fonts(obj: Any, scale: float) -> Any:
    """``obj`` with its axes, ticks, titles and legends ``scale`` times larger (the video wall)."""
    if isinstance(obj, hv.Layout | hv.NdLayout | hv.GridSpace):
        return obj.map(lambda part: part.opts(fontscale=scale, backend=BACKEND), [hv.Overlay, hv.Element])
    if isinstance(obj, hv.core.Dimensioned):
        return obj.opts(fontscale=scale, backend=BACKEND)
    return obj  # a Panel object or a bound function: drawn as it is


#: Height in px that a map's title takes above its frame on the wall (type twice as large).
WALL_MAP_TITLE_PX = 60


def fit_box(obj: Any, width: int, height: int) -> Any:
    """``obj`` drawn in a fixed ``width`` × ``height`` box, without toolbar (the video wall).

    A map (a plot with a numeric ``aspect``, :func:`point_map`) keeps its shape: its frame is
    the largest of that aspect that fits below its title, without axes (degrees are no use at
    5 m); any other chart fills the box.
    """
    if not isinstance(obj, hv.core.Dimensioned):
        return obj
    aspect = _aspect(obj)
    if aspect is None:
        return obj.opts(responsive=False, width=width, height=height, toolbar=None, backend=BACKEND)
    frame_height = min(height - WALL_MAP_TITLE_PX, int(width / aspect))
    return obj.opts(
        responsive=False,
        aspect=None,
        frame_width=int(frame_height * aspect),
        frame_height=frame_height,
        xaxis=None,
        yaxis=None,
        toolbar=None,
        backend=BACKEND,
    )


def _aspect(obj: Any) -> float | None:
    """The numeric ``aspect`` option of ``obj`` (a DynamicMap's from its current element)."""
    element = obj[()] if isinstance(obj, hv.DynamicMap) else obj
    aspect = hv.Store.lookup_options(BACKEND, element, "plot").kwargs.get("aspect")
    return float(aspect) if isinstance(aspect, int | float) else None


def datetime_ticks() -> DatetimeTickFormatter:
    """Tick labels as the site's users write dates: ``dd/mm/yyyy``, hours ``HH:MM``.

    A new formatter each time: a Bokeh model can belong to one document only.
    """
    return DatetimeTickFormatter(
        minutes="%H:%M", hourmin="%H:%M", hours="%H:%M\n%d/%m", days="%d/%m/%Y", months="%m/%Y", years="%Y"
    )


# --------------------------------------------------------------------------- maps
def unit_polygons(units: Any) -> hv.Polygons:
    """Administrative units as land polygons (exterior rings) for a map's background.

    Parameters
    ----------
    units : geopandas.GeoDataFrame or None
        Polygons in EPSG:4326 with a ``name`` column (what a boundaries query returns);
        ``None`` or an empty frame give an empty layer.
    """
    rings: list[dict[str, Any]] = []
    if units is not None and len(units):
        for name, geometry in zip(units["name"], units.geometry):
            if geometry is None or geometry.is_empty:
                continue
            for polygon in getattr(geometry, "geoms", [geometry]):
                exterior = getattr(polygon, "exterior", None)
                if exterior is not None:
                    lon, lat = exterior.coords.xy
                    rings.append({"lon": list(lon), "lat": list(lat), "unit": str(name)})
    polygons = hv.Polygons(rings, kdims=["lon", "lat"], vdims=["unit"])
    # one land colour: HoloViews would otherwise colour each unit by its name
    return polygons.opts(backend=BACKEND, color=LAND, line_color=BORDER, line_width=1)


def unit_names(units: Any, size: str = "8pt") -> hv.Labels:
    """The units' names written inside them (at a point surely within each polygon)."""
    rows: list[dict[str, Any]] = []
    if units is not None and len(units):
        for name, geometry in zip(units["name"], units.geometry):
            if geometry is not None and not geometry.is_empty:
                point = geometry.representative_point()
                rows.append({"lon": point.x, "lat": point.y, "name": str(name)})
    labels = hv.Labels(pd.DataFrame(rows, columns=["lon", "lat", "name"]), kdims=["lon", "lat"], vdims=["name"])
    return labels.opts(backend=BACKEND, text_color="#5d4e37", text_font_size=size, text_alpha=0.85)


def land_bbox(units: Any, center: Sequence[float], within_km: float = 80.0) -> tuple[float, ...] | None:
    """The bounds of the units near ``center`` (lon, lat): the mainland without far islands.

    What a map with no place to show frames, so the land fills it instead of a far island
    (Côn Đảo) shrinking it to a corner of blue sea. ``None`` without units.
    """
    if units is None or not len(units):
        return None
    points = units.geometry.representative_point()
    near = [
        geometry.bounds
        for geometry, point in zip(units.geometry, points)
        if ((point.x - center[0]) * 109.6) ** 2 + ((point.y - center[1]) * 110.6) ** 2 <= within_km**2
    ]
    if not near:
        return tuple(float(v) for v in units.total_bounds)
    return (min(b[0] for b in near), min(b[1] for b in near), max(b[2] for b in near), max(b[3] for b in near))


def map_points(
    frame: pd.DataFrame,
    *,
    tooltips: Tooltips,
    selected: str | None = None,
    size: int = 28,
    id_column: str = "station_id",
    marker: str | None = None,
) -> hv.Points:
    """Places as circles filled with their ``colour``, with hover and tap.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per place with ``lon``, ``lat``, ``colour``, ``id_column`` and whatever the
        tooltips name; rows without a location are left out.
    tooltips : sequence of (label, "@column")
        Hover lines (values are shown as text).
    selected : str, optional
        The ``id_column`` value drawn as selected (a thick black ring).
    marker : str, optional
        A column of Bokeh marker names (``circle``, ``square``, ``diamond`` …) to tell kinds of
        places apart by shape; circles when ``None``.
    """
    located = located_rows(frame)
    columns = [c for c in located.columns if c not in ("lon", "lat")]
    indices = [int(i) for i in located.index[located[id_column] == selected]] if selected is not None else []
    points = hv.Points(located, kdims=["lon", "lat"], vdims=columns)
    shape = {"marker": marker} if marker is not None and marker in located else {}
    return points.opts(
        backend=BACKEND,
        **shape,
        color="colour",
        size=size,
        line_color="#212121",
        line_width=1.5,
        selection_line_color="#000000",
        selection_line_width=3,
        nonselection_alpha=0.75,
        tools=["hover", "tap"],
        hover_tooltips=list(tooltips),
        selected=indices,
    )


def map_labels(
    frame: pd.DataFrame, text: str = "value_text", colour: str = "text_colour", size: str = "8pt"
) -> hv.Labels:
    """The ``text`` of each place written on its circle, in the ``colour`` column's colour."""
    located = located_rows(frame)
    labels = hv.Labels(located[["lon", "lat", text, colour]], kdims=["lon", "lat"], vdims=[text, colour])
    return labels.opts(backend=BACKEND, text_color=colour, text_font_size=size, text_font_style="bold")


def located_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` with a longitude and a latitude, renumbered from 0."""
    located = frame.dropna(subset=["lon", "lat"]).reset_index(drop=True)
    located["lon"] = located["lon"].astype("float64")
    located["lat"] = located["lat"].astype("float64")
    return located


def point_map(
    layers: Sequence[Any],
    *,
    units: Any = None,
    title: str,
    frame: pd.DataFrame | None = None,
    bbox: Sequence[float] | None = None,
    aspect: float = MAP_ASPECT,
) -> Any:
    """A map: the units' polygons under the given point layers, framed on the points.

    Parameters
    ----------
    layers : sequence of HoloViews elements or DynamicMaps
        What is drawn over the land (points, labels).
    units : geopandas.GeoDataFrame, optional
        Administrative units for the background (see :func:`unit_polygons`).
    title : str
        Title above the map.
    frame : pandas.DataFrame, optional
        The places the map is framed on (``lon``, ``lat``).
    bbox : sequence of four floats, optional
        ``(west, south, east, north)`` framed when there are no places.
    aspect : float
        Width / height of the map's frame; its height follows the width it is given, and
        the ranges have the same shape, so a degree is as long across as up.

    Returns
    -------
    holoviews.Overlay or holoviews.DynamicMap
        The map; a DynamicMap when a layer is one (e.g. points that follow a selection).
    """
    # composed with * (not hv.Overlay): a DynamicMap layer makes the whole map a DynamicMap
    overlay = reduce(operator.mul, layers, unit_polygons(units))
    xlim, ylim = map_ranges(frame, bbox, aspect)
    options: dict[str, Any] = {
        "title": title,
        "aspect": aspect,
        "responsive": True,
        "bgcolor": SEA,
        "xlabel": "",
        "ylabel": "",
        "show_grid": False,
        "active_tools": ["wheel_zoom"],
        "toolbar": "right",
        "fontsize": {"ticks": "8pt"},
    }
    if xlim is not None:
        options.update(xlim=xlim, ylim=ylim)
    return overlay.opts(backend=BACKEND, **options)


def map_ranges(
    frame: pd.DataFrame | None, bbox: Sequence[float] | None, aspect: float = MAP_ASPECT
) -> tuple[tuple[float, float] | None, tuple[float, float] | None]:
    """``(xlim, ylim)`` framing the places with a margin, or ``bbox`` when there are none.

    Framing the places rather than every unit keeps a far island (Côn Đảo) from shrinking
    the mainland to dots; zooming out shows it. The shorter side is widened so the ranges
    have the map's ``aspect`` and a degree is as long across as up.
    """
    located = located_rows(frame) if frame is not None and len(frame) else None
    if located is not None and len(located):
        west, east = float(located["lon"].min()), float(located["lon"].max())
        south, north = float(located["lat"].min()), float(located["lat"].max())
        pad = max(0.08, 0.15 * max(east - west, north - south))
        west, east, south, north = west - pad, east + pad, south - pad, north + pad
    elif bbox:
        west, south, east, north = (float(v) for v in bbox)
    else:
        return None, None
    width, height = east - west, north - south
    if width < height * aspect:
        grow = (height * aspect - width) / 2
        west, east = west - grow, east + grow
    else:
        grow = (width / aspect - height) / 2
        south, north = south - grow, north + grow
    return (west, east), (south, north)


# --------------------------------------------------------------------------- series
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


def _series(frame: pd.DataFrame, *, tooltips: Tooltips, line_colour: str) -> list[Any]:
    """The line (broken over outages) and the points coloured by band."""
    line = hv.Curve(with_gaps(frame[["time", "value"]]), "time", "value")
    points = hv.Scatter(frame, "time", [c for c in frame.columns if c != "time"])
    return [
        line.opts(backend=BACKEND, color=line_colour, line_width=2),
        points.opts(
            backend=BACKEND,
            color="colour",
            size=6,
            line_color=line_colour,
            tools=["hover"],
            hover_tooltips=list(tooltips),
        ),
    ]


def date_axis() -> dict[str, Any]:
    """Plot options for a time axis as the site writes dates, with no English date line.

    HoloViews gives the tick formatter a ``context`` (a second line such as "Dec 03, 2026");
    the hook removes it after rendering, so only ``dd/mm/yyyy`` / ``HH:MM`` ticks remain, and
    writes the value axis's numbers the Vietnamese way (``16.000``, ``90,5``).
    """
    return {"xformatter": datetime_ticks(), "hooks": [_site_axes]}


#: Tick labels of a value axis as Vietnamese writes numbers (``.`` between thousands, ``,``
#: before decimals), formatted by the browser (no library to ship).
VIETNAMESE_NUMBERS = "return tick.toLocaleString('vi-VN', {maximumFractionDigits: 2});"


def _series_options(title: str, x_label: str, y_label: str, height: int) -> dict[str, Any]:
    return {
        "title": title,
        "xlabel": x_label,
        "ylabel": y_label,
        "height": height,
        "responsive": True,
        "show_grid": True,
        "active_tools": ["xwheel_zoom"],
        "toolbar": "right",
        **date_axis(),
    }


def _site_axes(plot: Any, element: Any) -> None:
    """Axes as the site writes: no English date line, Vietnamese numbers on the value axis.

    The date ticks already carry the date as ``dd/mm``; the context line HoloViews adds
    ("Dec 03, 2026") would repeat it in English month names. Bokeh's default value ticks
    write ``16,000`` and ``90.5``; a site reads ``16.000`` and ``90,5``.
    """
    for axis in plot.state.xaxis:
        if hasattr(axis.formatter, "context"):
            axis.formatter.context = None
    for axis in plot.state.yaxis:
        if type(axis) in (LinearAxis, LogAxis) and isinstance(axis.formatter, BasicTickFormatter | LogTickFormatter):
            axis.formatter = CustomJSTickFormatter(code=VIETNAMESE_NUMBERS)


def band_series(
    frame: pd.DataFrame,
    *,
    bands: Sequence[tuple[float, float, str]],
    title: str,
    x_label: str,
    y_label: str,
    tooltips: Tooltips,
    y_floor: float = 0.0,
    y_ceiling: float | None = None,
    height: int = 320,
    line_colour: str = SERIES_LINE,
) -> hv.Overlay:
    """A time series over coloured horizontal bands (the VN_AQI / VN_WQI classes).

    Parameters
    ----------
    frame : pandas.DataFrame
        ``time`` (local, naive), ``value``, ``colour`` of each value's band, and the
        columns the tooltips name.
    bands : sequence of (lower, upper, colour)
        The band backgrounds.
    y_ceiling : float, optional
        Top of the axis (default: 15 % above the highest value, at least 120).
    """
    top = y_ceiling if y_ceiling is not None else max(float(frame["value"].max()) * 1.15 if len(frame) else 0, 120.0)
    spans = hv.HSpans(
        pd.DataFrame(list(bands), columns=["lower", "upper", "colour"]), kdims=["lower", "upper"], vdims=["colour"]
    )
    spans = spans.opts(backend=BACKEND, color="colour", alpha=BAND_ALPHA, line_alpha=0)
    overlay = hv.Overlay([spans, *_series(frame, tooltips=tooltips, line_colour=line_colour)])
    return overlay.opts(backend=BACKEND, ylim=(y_floor, top), **_series_options(title, x_label, y_label, height))


def level_series(
    frame: pd.DataFrame,
    *,
    alarms: Sequence[tuple[float, str, str]],
    title: str,
    x_label: str,
    y_label: str,
    tooltips: Tooltips,
    height: int = 320,
    line_colour: str = SERIES_LINE,
) -> hv.Overlay:
    """A water-level series with dashed lines at the alarm levels ``(level, colour, label)``."""
    layers: list[Any] = []
    start = frame["time"].min() if len(frame) else None
    for level, colour, label in alarms:
        layers.append(hv.HLine(level).opts(backend=BACKEND, color=colour, line_width=2, line_dash="dashed"))
        if start is not None:
            layers.append(
                hv.Text(start, level, f" {label}", halign="left", valign="bottom", fontsize=9).opts(
                    backend=BACKEND, text_color=colour
                )
            )
    values = [v for v in frame["value"].tolist() if pd.notna(v)] + [level for level, _, _ in alarms]
    options = _series_options(title, x_label, y_label, height)
    if values:
        low, high = min(values), max(values)
        pad = max((high - low) * 0.1, 0.1)
        options["ylim"] = (low - pad, high + pad)
    overlay = hv.Overlay([*layers, *_series(frame, tooltips=tooltips, line_colour=line_colour)])
    return overlay.opts(backend=BACKEND, **options)


# --------------------------------------------------------------------------- bars
def count_bars(
    frame: pd.DataFrame,
    *,
    category: str,
    series: Sequence[tuple[str, str, str, float]],
    title: str,
    value_label: str = "",
) -> hv.Overlay:
    """Horizontal bars of counts per category, several counts drawn inside each other.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per category, top row first.
    category : str
        Column with the category labels.
    series : sequence of (column, label, colour, bar width)
        The counts, widest bar first (e.g. received, then processed inside it).
    title : str
        Title above the chart.
    value_label : str, optional
        Title of the count axis.
    """
    ordered = frame.iloc[::-1]  # the bars go up from the bottom: first row on top
    ordered = pd.DataFrame(
        {
            category: ordered[category].astype(str).to_numpy(),
            **{
                column: ordered[column].astype("int64").to_numpy() if column in ordered else [] for column, *_ in series
            },
        }
    )
    bars = [
        hv.Bars(ordered, category, hv.Dimension(column, label=label), label=label).opts(
            backend=BACKEND, color=colour, line_color=colour, bar_width=width, tools=["hover"]
        )
        for column, label, colour, width in series
    ]
    overlay = hv.Overlay(bars)
    height = max(220, 28 * len(frame) + 80)
    return overlay.opts(
        backend=BACKEND,
        invert_axes=True,
        title=title,
        height=height,
        responsive=True,
        legend_position="bottom_right",
        xlabel="",
        ylabel=value_label,
        show_grid=True,
        toolbar=None,
    )
