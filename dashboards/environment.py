"""The environment dashboard: air quality (VN_AQI), water level / flooding and water quality (VN_WQI).

A map of the monitoring stations coloured by their current band (AQI band, alarm level or
WQI band), the selected station's recent series over band-coloured backgrounds, a detail
card with its latest values and the health advice of its band, the domain's open alerts
and a legend. Data come from :mod:`ioc_plugins.environment.queries`; this module only
labels and draws them (HoloViews). Times are shown in the site's time zone.
"""

from __future__ import annotations

import asyncio
import weakref
from datetime import timedelta
from html import escape
from typing import Any, ClassVar

import holoviews as hv
import pandas as pd
import panel as pn
import param

from dashboards import plots, theme
from dashboards.base import BaseDashboard
from dashboards.i18n import format_datetime, parameter_name, register_texts, to_local
from ioc_plugins.environment import queries
from ioc_plugins.environment.queries import (
    AQI_BANDS,
    KIND_SOURCES,
    KINDS,
    LEVEL_COLOURS,
    MODELLED_NOTE,
    NO_DATA_COLOUR,
    WQI_BANDS,
)

PERIODS = {"24h": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30)}
LEVEL_NUMERALS = ("", "I", "II", "III")
#: Marker shapes on the map: the province's stations are circles; other people's sensors and
#: model grid points are drawn differently so they are never read as official measurements.
ORIGIN_MARKERS = {"official": "circle", "unofficial": "diamond", "modelled": "square"}
ORIGIN_SYMBOLS = {"official": "●", "unofficial": "◆", "modelled": "■"}
#: Parameters in the order the wall's station card lists them (those that set the index first).
WALL_PARAMETERS = ("pm25", "pm10", "o3", "no2", "co", "so2")

register_texts(
    {
        "vi": {
            "environment_origin": "Nguồn số liệu",
            "environment_origin_official": "Trạm quan trắc chính thức",
            "environment_origin_unofficial": "Trạm không chính thức (cảm biến của bên khác)",
            "environment_origin_modelled": f"Điểm mô hình (Open-Meteo/CAMS) — AQI {MODELLED_NOTE}",
            "environment_legend_origin": "Hình dạng điểm",
            "environment_modelled_note": MODELLED_NOTE,
        },
        "en": {
            "environment_origin": "Data origin",
            "environment_origin_official": "Official monitoring station",
            "environment_origin_unofficial": "Unofficial station (someone else's sensor)",
            "environment_origin_modelled": "Model grid point (Open-Meteo/CAMS) — AQI indicative (modelled)",
            "environment_legend_origin": "Point shapes",
            "environment_modelled_note": "indicative (modelled)",
        },
    }
)

#: A selection on the map: which station is drawn selected.
StationSelection = hv.streams.Stream.define("StationSelection", station=None)


class EnvironmentDashboard(BaseDashboard):
    """Dashboard of the environment domain (Tài nguyên - Môi trường).

    Filters are parameters: ``kind`` (air / water level / water quality), ``station`` and
    ``period``. Tapping a station on the map selects it; choosing one in the sidebar
    moves the map's selection.
    """

    domain = "environment"
    title_key = "environment_title"
    freshness_table = "environment.aqi_hourly"

    kind = param.Selector(
        default="air",
        objects=list(KINDS),
        doc="""
        Which stations to show: 'air' (VN_AQI), 'water_level' (alarm levels) or 'water_quality' (VN_WQI).""",
    )
    station = param.Selector(
        default=None,
        objects=[],
        allow_None=True,
        doc="""
        station_id of the station shown in the chart and the detail card (default: the worst one).""",
    )
    period = param.Selector(
        default="24h",
        objects=list(PERIODS),
        doc="""
        How far back the chart goes, counted back from the newest data of the station kind.""",
    )

    boundary_level = "district"
    boundary_period = "pre2025"

    def __init__(self, **params: Any) -> None:
        # the selections of the maps drawn now (a map that is dropped takes its own with it)
        self._map_selections: weakref.WeakSet[Any] = weakref.WeakSet()
        super().__init__(**params)

    # ------------------------------------------------------------------ choices
    @param.depends("language", watch=True, on_init=True)
    def _label_choices(self) -> None:
        """Show the kind and period choices in the interface language."""
        self.param.kind.objects = {self.t(f"kind_{kind}"): kind for kind in KINDS}
        self.param.period.objects = {self.t(f"period_{period}"): period for period in PERIODS}

    @param.depends("kind", "data_version", watch=True, on_init=True)
    def _load_stations(self) -> None:
        """Offer the stations of the chosen kind; keep the selection or pick the worst station."""
        status = self.station_status()
        choices = {
            f"{name} ({sid})" if name != sid else sid: sid for sid, name in zip(status["station_id"], status["name"])
        }
        target = self.station
        if target not in choices.values():
            worst = status.sort_values(["severity", "station_id"], ascending=[False, True])
            target = worst["station_id"].iloc[0] if len(worst) else None
        # a Select widget showing the old choices jumps to the first new one; set ours after
        self.param.station.objects = choices
        self.station = target

    def current_freshness_table(self) -> str:
        return KIND_SOURCES[self.kind][0]

    def _freshness_dependencies(self) -> list[Any]:
        return [self.param.kind]

    def latest_time(self, table: str | None = None) -> pd.Timestamp | None:
        """The newest time in ``table`` (default: the chosen kind's), UTC; ``None`` without data."""
        return queries.latest_time(self.datalayer, table or self.current_freshness_table())

    # ------------------------------------------------------------------ data
    def station_status(self, kind: str | None = None) -> pd.DataFrame:
        """One row per station, rated (:func:`~ioc_plugins.environment.queries.station_status`)
        and labelled for display: ``label``, ``value_text``, ``detail``, ``text_colour``, ``time_text``."""
        kind = kind or self.kind
        status = queries.station_status(self.datalayer, kind)
        status["label"] = [self._label(kind, s) for s in status["severity"]]
        status["value_text"] = [self._value_text(kind, v, s) for v, s in zip(status["value"], status["severity"])]
        status["detail"] = [
            parameter_name(d) if kind == "air" and s >= 0 else ""
            for d, s in zip(status["dominant"], status["severity"])
        ]
        status["text_colour"] = [theme.text_colour(c) for c in status["colour"]]
        status["time_text"] = [format_datetime(t, self.timezone) for t in status["time"]]
        status["marker"] = [ORIGIN_MARKERS.get(o, "circle") for o in status["origin"]]
        status["origin_text"] = [self.t(f"environment_origin_{o}") for o in status["origin"]]
        return status

    def _label(self, kind: str, severity: int) -> str:
        """The name of a rating (band name, alarm level) in the dashboard's language."""
        if severity < 0:
            return self.t("no_value")
        if kind in ("air", "water_quality"):
            band = (AQI_BANDS if kind == "air" else WQI_BANDS)[int(severity)]
            return band.name_en if self.language == "en" else band.name_vi
        return self.t("level_alarm", n=LEVEL_NUMERALS[severity]) if severity else self.t("level_normal")

    @staticmethod
    def _value_text(kind: str, value: Any, severity: int) -> str:
        if severity < 0:
            return ""
        return f"{float(value):.2f}" if kind == "water_level" else f"{int(value)}"

    def station_series(self, station: str | None = None, period: str | None = None) -> pd.DataFrame:
        """The station's values over the period: local ``time``, ``value``, band ``colour`` and ``label``."""
        frame = queries.station_series(
            self.datalayer, self.kind, station or self.station, PERIODS[period or self.period]
        )
        frame["label"] = [self._label(self.kind, s) for s in frame["severity"]]
        frame["time_text"] = [format_datetime(t, self.timezone) for t in frame["time"]]
        frame["time"] = to_local(frame["time"], self.timezone)
        return frame[["time", "value", "colour", "label", "time_text"]]

    def latest_parameters(self, station: str | None = None) -> pd.DataFrame:
        """Latest value of each measured parameter at the station (air / water quality)."""
        return queries.latest_parameters(self.datalayer, self.kind, station or self.station)

    # ------------------------------------------------------------------ views
    def _tooltips(self, kind: str) -> list[tuple[str, str]]:
        tips = [
            (self.t("name"), "@name"),
            (self.t("station_id"), "@station_id"),
            (self.t(kind_value_key(kind)), "@value_text"),
            (self.t("band"), "@label"),
        ]
        if kind == "air":
            tips.append((self.t("dominant"), "@detail"))
        return [*tips, (self.t("environment_origin"), "@origin_text"), (self.t("latest"), "@time_text")]

    def map_view(self, kind: str, language: str, data_version: int) -> pn.pane.HoloViews:
        """The station map over the administrative units (tap a station to select it)."""
        status = self.station_status(kind)
        shown = plots.located_rows(
            status[
                [
                    "station_id",
                    "name",
                    "lon",
                    "lat",
                    "colour",
                    "value_text",
                    "label",
                    "detail",
                    "time_text",
                    "text_colour",
                    "marker",
                    "origin_text",
                ]
            ]
        )
        tooltips = self._tooltips(kind)
        selection = StationSelection(station=self.station)
        self._map_selections.add(selection)
        points = hv.DynamicMap(
            lambda station: plots.map_points(shown, tooltips=tooltips, selected=station, marker="marker"),
            streams=[selection],
        )
        taps = hv.streams.Selection1D(source=points)
        taps.add_subscriber(lambda index: self._select_from_map(shown, index))
        units = queries.admin_boundaries(self.datalayer.settings, self.boundary_level, self.boundary_period)
        overlay = plots.point_map(
            [points, plots.map_labels(shown)],
            units=units,
            title=self.t("map_title"),
            frame=shown,
            bbox=self.datalayer.settings.site.bbox,
        )
        return self.plot_pane(overlay, name="map")

    def _select_from_map(self, shown: pd.DataFrame, index: list[int]) -> None:
        """A tap on the map: select the station under it."""
        if index and index[0] < len(shown):
            self.station = str(shown["station_id"].iloc[index[0]])

    @param.depends("station", watch=True)
    def _select_on_map(self) -> None:
        """Keep the maps' selection in step with the station chosen in the sidebar.

        Only where plots are live (a served page or a notebook, both with a running event
        loop): a drawn map reports a selection change back through the event loop, and a
        plain script has none (nor anybody looking at the map).
        """
        if not _event_loop_running():
            return
        for selection in list(self._map_selections):
            if selection.station != self.station:
                selection.event(station=self.station)

    def chart_view(self, kind: str, station: str | None, period: str, language: str, data_version: int) -> Any:
        """The station's series over band-coloured backgrounds (alarm lines for water level)."""
        frame = self.station_series(station, period)
        if frame.empty:
            return pn.pane.Alert(self.t("no_series") if station else self.t("no_station"), alert_type="light")
        name = self._station_name(station)
        line = plots.SERIES_LINE_DARK if self.dark else plots.SERIES_LINE
        common = {
            "x_label": self.t("axis_time"),
            "line_colour": line,
            "tooltips": [
                (self.t("latest"), "@time_text"),
                (self.t(kind_value_key(kind)), "@value{0.[00]}"),
                (self.t("band"), "@label"),
            ],
        }
        if kind == "water_level":
            alarms = [
                (float(level), LEVEL_COLOURS[n], self.t("level_alarm", n=LEVEL_NUMERALS[n]))
                for n, level in enumerate(self._alarms(station), start=1)
                if level is not None and pd.notna(level)
            ]
            plot = plots.level_series(
                frame, alarms=alarms, title=self.t("series_level", name=name), y_label=self.t("axis_level"), **common
            )
        elif kind == "water_quality":
            plot = plots.band_series(
                frame,
                bands=_band_spans(WQI_BANDS),
                title=self.t("series_wqi", name=name),
                y_label=self.t("axis_wqi"),
                y_ceiling=100.5,
                **common,
            )
        else:
            plot = plots.band_series(
                frame,
                bands=_band_spans(AQI_BANDS),
                title=self.t("series_aqi", name=name),
                y_label=self.t("axis_aqi"),
                **common,
            )
        return self.plot_pane(plot, name="chart")

    def _alarms(self, station: str | None) -> tuple[Any, Any, Any]:
        status = self.station_status()
        row = status[status["station_id"] == station]
        if row.empty:
            return (None, None, None)
        return tuple(row[f"alarm_{n}"].iloc[0] for n in (1, 2, 3))

    def _station_name(self, station: str | None) -> str:
        status = self.station_status()
        names = status.loc[status["station_id"] == station, "name"]
        return str(names.iloc[0]) if len(names) else str(station)

    def card_view(self, kind: str, station: str | None, language: str, data_version: int) -> pn.pane.HTML:
        """The station detail card: latest values, band and its advice (all text escaped)."""
        return theme.html_pane(self.card_html(station), sizing_mode="stretch_width", name="station-card")

    def card_html(self, station: str | None = None) -> str:
        """HTML of the detail card; every value that came from data is escaped."""
        station = station or self.station
        status = self.station_status()
        row = status[status["station_id"] == station]
        if station is None or row.empty:
            return f'<div class="ioc-card">{escape(self.t("no_station"))}</div>'
        row = row.iloc[0]
        parts = [
            f"<h3>{escape(str(row['name']))}</h3>",
            f'<div class="muted">{escape(self.t("station_id"))}: {escape(str(row["station_id"]))}'
            + (f" · {escape(self.t('unit'))}: {escape(str(row['unit_code']))}" if pd.notna(row["unit_code"]) else "")
            + "</div>",
        ]
        modelled = row["origin"] == "modelled"
        if row["origin"] != "official":
            parts.append(
                f'<div class="origin origin-{escape(str(row["origin"]))}">'
                f"{ORIGIN_SYMBOLS.get(row['origin'], '')} {escape(row['origin_text'])}</div>"
            )
        if row["severity"] >= 0:
            value_key = kind_value_key(self.kind)
            unit = " m" if self.kind == "water_level" else ""
            note = f" ({escape(self.t('environment_modelled_note'))})" if modelled else ""
            parts.append(
                f'<div class="index" style="background:{escape(row["colour"])}; color:{row["text_colour"]}">'
                f"{escape(self.t(value_key))} {escape(row['value_text'])}{unit} — "
                f"{escape(row['label'])}{note}</div>"
            )
            when = f"{escape(self.t('latest'))}: {escape(row['time_text'])}"
            if self.kind == "air" and row["detail"]:
                when = f"{escape(self.t('dominant'))}: <b>{escape(row['detail'])}</b> · " + when
            parts.append(f"<div>{when}</div>")
        else:
            parts.append(f"<p>{escape(self.t('no_value'))}</p>")
        parts.append(self._parameters_html(station, row))
        parts.append(self._advice_html(row))
        return f'<div class="ioc-card">{"".join(parts)}</div>'

    def _parameters_html(self, station: str, row: pd.Series) -> str:
        if self.kind == "water_level":
            alarms = " / ".join(
                "—" if pd.isna(row[f"alarm_{n}"]) else f"{float(row[f'alarm_{n}']):.2f}" for n in (1, 2, 3)
            )
            return f"<p>{escape(self.t('alarm_levels'))}: {escape(alarms)} m</p>"
        latest = self.latest_parameters(station)
        if latest.empty:
            return ""
        if self.wall:  # the pollutants that set the index first, as many rows as the card has room for
            rank = latest["parameter"].map({p: i for i, p in enumerate(WALL_PARAMETERS)}).fillna(len(WALL_PARAMETERS))
            latest = latest.assign(_rank=rank).sort_values("_rank", kind="stable").head(self.wall_card_rows)
        head = "".join(f"<th>{escape(self.t(k))}</th>" for k in ("parameter", "value", "latest"))
        body = "".join(
            f"<tr><td>{escape(parameter_name(p))}</td><td>{float(v):.4g} {escape(str(u))}</td>"
            f"<td>{escape(format_datetime(t, self.timezone))}</td></tr>"
            for p, v, u, t in zip(latest["parameter"], latest["value"], latest["unit"], latest["time"])
        )
        return f"<table><tr>{head}</tr>{body}</table>"

    def _advice_html(self, row: pd.Series) -> str:
        if row["severity"] < 0:
            return ""
        if self.kind == "air":
            band = AQI_BANDS[int(row["severity"])]
            general = f"<p><b>{escape(self.t('advice_general'))}:</b> {escape(band.advice_general)}</p>"
            if self.wall:  # one piece of advice: the card's height is fixed on the wall
                return general
            return general + f"<p><b>{escape(self.t('advice_sensitive'))}:</b> {escape(band.advice_sensitive)}</p>"
        if self.kind == "water_quality":
            band = WQI_BANDS[int(row["severity"])]
            return f"<p><b>{escape(self.t('usage'))}:</b> {escape(band.usage_vi)}</p>"
        return ""

    def legend_html(self, kind: str | None = None) -> str:
        """The legend of the current kind's colours (AQI bands, WQI bands or alarm levels)."""
        kind = kind or self.kind
        english = self.language == "en"
        if kind == "air":
            items = [(b.colour_hex, f"{b.lower}–{b.upper}: {b.name_en if english else b.name_vi}") for b in AQI_BANDS]
            shapes = [
                (NO_DATA_COLOUR, f"{ORIGIN_SYMBOLS[o]} {self.t(f'environment_origin_{o}')}") for o in ORIGIN_MARKERS
            ]
            return theme.legend_html(self.t("legend_aqi"), items) + theme.legend_html(
                self.t("environment_legend_origin"), shapes
            )
        if kind == "water_quality":
            items = [(b.colour_hex, f"{b.lower}–{b.upper}: {b.name_en if english else b.name_vi}") for b in WQI_BANDS]
            return theme.legend_html(self.t("legend_wqi"), items)
        items = [(LEVEL_COLOURS[0], self.t("level_normal"))]
        items += [(LEVEL_COLOURS[n], self.t("level_alarm", n=LEVEL_NUMERALS[n])) for n in (1, 2, 3)]
        return theme.legend_html(self.t("legend_level"), items)

    # ------------------------------------------------------------------ layout
    def filters(self) -> list[Any]:
        return [
            pn.widgets.Select.from_param(self.param.kind, label=self.t("kind")),
            pn.widgets.Select.from_param(self.param.station, label=self.t("station")),
            pn.widgets.RadioButtonGroup.from_param(self.param.period, label=self.t("period"), color="primary"),
        ]

    def sidebar_extras(self) -> list[Any]:
        legend = theme.html_pane(
            pn.bind(lambda kind, language: self.legend_html(kind), self.param.kind, self.param.language), name="legend"
        )
        return [legend, *super().sidebar_extras()]

    def main_area(self) -> list[Any]:
        p = self.param
        map_panel = pn.panel(pn.bind(self.map_view, p.kind, p.language, p.data_version), sizing_mode="stretch_width")
        card = pn.panel(pn.bind(self.card_view, p.kind, p.station, p.language, p.data_version), width=400)
        chart = pn.panel(
            pn.bind(self.chart_view, p.kind, p.station, p.period, p.language, p.data_version),
            sizing_mode="stretch_width",
        )
        return [pn.Row(map_panel, card, sizing_mode="stretch_width"), chart, self.alert_table()]

    #: On the wall: the map and the card side by side (560 px high), the series below.
    wall_boxes: ClassVar[dict[str, tuple[int, int]]] = {"map": (720, 560), "chart": (1890, 290)}
    #: Parameters in the station card on the wall (the card's height is fixed).
    wall_card_rows: ClassVar[int] = 4

    def wall_area(self) -> list[Any]:
        """On the wall: the map in a fixed box beside the station's card (its top rows, cut to
        the map's height), the series below in a fixed box; the open alerts are on the command
        view."""
        p = self.param
        map_box, chart_box = self.wall_boxes["map"], self.wall_boxes["chart"]
        map_panel = pn.panel(pn.bind(self.map_view, p.kind, p.language, p.data_version), width=map_box[0])
        card = pn.panel(
            pn.bind(self.card_view, p.kind, p.station, p.language, p.data_version),
            sizing_mode="stretch_width",
            height=map_box[1],
            styles={"overflow": "hidden"},
        )
        chart = pn.panel(
            pn.bind(self.chart_view, p.kind, p.station, p.period, p.language, p.data_version),
            width=chart_box[0],
            height=chart_box[1],
        )
        return [pn.Row(map_panel, card, sizing_mode="stretch_width", height=map_box[1], margin=0), chart]


def _event_loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _band_spans(bands: Any) -> list[tuple[float, float, str]]:
    """Band backgrounds ``(lower, upper, colour)`` that meet halfway between integer classes."""
    return [(band.lower - 0.5 if band.lower else 0, band.upper + 0.5, band.colour_hex) for band in bands]


def kind_value_key(kind: str) -> str:
    """The translation key of a kind's value (``"aqi"``, ``"level_m"``, ``"wqi"``)."""
    return {"air": "aqi", "water_level": "level_m", "water_quality": "wqi"}[kind]
