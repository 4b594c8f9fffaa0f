"""The environment dashboard: air quality (VN_AQI), water level / flooding and water quality (VN_WQI).

A map of the monitoring stations coloured by their current band (AQI band, alarm level or
WQI band), the selected station's recent series over band-coloured backgrounds, a detail
card with its latest values and the health advice of its band, the domain's open alerts
and a legend. Everything is read through the data layer; times are shown in the site's
time zone.
"""

from __future__ import annotations

from datetime import timedelta
from html import escape
from typing import Any

import numpy as np
import pandas as pd
import panel as pn
import param

from dashboards import plots, theme
from dashboards.base import BaseDashboard
from dashboards.i18n import format_datetime, parameter_name, to_local
from ioc_plugins.environment.aqi import BANDS, aqi_band
from ioc_plugins.environment.bands import WQI_BANDS, wqi_band

KINDS = ("air", "water_level", "water_quality")
PERIODS = {"24h": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30)}

#: The table and value column each station kind is shown from.
KIND_SOURCES = {
    "air": ("environment.aqi_hourly", "aqi"),
    "water_level": ("environment.water_levels", "level_m"),
    "water_quality": ("environment.wqi", "wqi"),
}
#: Raw readings behind the detail card's "latest value per parameter".
KIND_READINGS = {"air": "environment.air_readings", "water_quality": "environment.water_quality"}

#: Colours of "below alarm" and alarm levels I, II, III.
LEVEL_COLOURS = ("#1e88e5", "#fdd835", "#fb8c00", "#e53935")
LEVEL_NUMERALS = ("", "I", "II", "III")


def alarm_level(level: float | None, alarms: tuple[float | None, float | None, float | None]) -> int:
    """The highest alarm level (1–3) that ``level`` reaches; 0 below alarm or when unknown."""
    if level is None or pd.isna(level):
        return 0
    reached = 0
    for number, threshold in enumerate(alarms, start=1):
        if threshold is not None and not pd.isna(threshold) and level >= float(threshold):
            reached = number
    return reached


class EnvironmentDashboard(BaseDashboard):
    """Dashboard of the environment domain (Tài nguyên - Môi trường).

    Filters are parameters: ``kind`` (air / water level / water quality), ``station`` and
    ``period``. Clicking a station on the map selects it.
    """

    domain = "environment"
    title_key = "environment_title"
    freshness_table = "environment.aqi_hourly"

    kind = param.Selector(default="air", objects=list(KINDS), doc="""
        Which stations to show: 'air' (VN_AQI), 'water_level' (alarm levels) or 'water_quality' (VN_WQI).""")
    station = param.Selector(default=None, objects=[], allow_None=True, doc="""
        station_id of the station shown in the chart and the detail card (default: the worst one).""")
    period = param.Selector(default="24h", objects=list(PERIODS), doc="""
        How far back the chart goes, counted back from the newest data of the station kind.""")

    boundary_level = "district"
    boundary_period = "pre2025"

    def __init__(self, **params: Any) -> None:
        self._map_source = None
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
        choices = {f"{name} ({sid})" if name != sid else sid: sid
                   for sid, name in zip(status["station_id"], status["name"])}
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

    # ------------------------------------------------------------------ data
    def stations(self, kind: str | None = None) -> pd.DataFrame:
        """The registered stations of one kind (``environment.stations``)."""
        return self.datalayer.cached_sql(
            "SELECT station_id, name, lon, lat, unit_code, alarm_1, alarm_2, alarm_3 "
            "FROM environment.stations WHERE kind = ? ORDER BY station_id", [kind or self.kind])

    def latest_values(self, kind: str | None = None) -> pd.DataFrame:
        """The newest value of every station of one kind that has data."""
        kind = kind or self.kind
        table, column = KIND_SOURCES[kind]
        extra = {"air": ", dominant, lon AS data_lon, lat AS data_lat",
                 "water_quality": ", lon AS data_lon, lat AS data_lat",
                 "water_level": ", alarm_1 AS data_alarm_1, alarm_2 AS data_alarm_2, alarm_3 AS data_alarm_3"}[kind]
        return self.datalayer.cached_sql(
            f'SELECT station_id, time, "{column}" AS value{extra} FROM (SELECT *, row_number() OVER '
            f'(PARTITION BY station_id ORDER BY time DESC) AS _n FROM {table} WHERE "{column}" IS NOT NULL) '
            f"WHERE _n = 1")

    def station_status(self, kind: str | None = None) -> pd.DataFrame:
        """One row per station: location, latest value, band label, colour, severity rank.

        Stations that have data but are missing from the registry are included under their
        code; registered stations without data are grey.
        """
        kind = kind or self.kind
        merged = self.stations(kind).merge(self.latest_values(kind), on="station_id", how="outer")
        for column in ("lon", "lat"):
            if f"data_{column}" in merged:
                merged[column] = merged[column].fillna(merged[f"data_{column}"])
        for number in (1, 2, 3):
            if f"data_alarm_{number}" in merged:
                merged[f"alarm_{number}"] = merged[f"data_alarm_{number}"].fillna(merged[f"alarm_{number}"])
        merged["name"] = merged["name"].fillna(merged["station_id"]).astype(str)
        merged["station_id"] = merged["station_id"].astype(str)
        ratings = [self._rate(kind, row) for row in merged.itertuples(index=False)]
        columns = ["label", "colour", "value_text", "severity", "detail"]
        rated = pd.DataFrame(ratings, columns=columns, index=merged.index)
        merged = pd.concat([merged.drop(columns=[c for c in columns if c in merged]), rated], axis=1)
        merged["text_colour"] = [theme.text_colour(c) for c in merged["colour"]]
        merged["time_text"] = [format_datetime(t, self.timezone) for t in merged["time"]]
        keep = ["station_id", "name", "unit_code", "lon", "lat", "time", "value", "alarm_1", "alarm_2", "alarm_3",
                *columns, "text_colour", "time_text"]
        return merged[keep].sort_values("station_id").reset_index(drop=True)

    def _rate(self, kind: str, row: Any) -> tuple[str, str, str, int, str]:
        """``(label, colour, value_text, severity, detail)`` of one station's latest value."""
        value = row.value
        if value is None or pd.isna(value):
            return self.t("no_value"), theme.NO_DATA_COLOUR, "", -1, ""
        english = self.language == "en"
        if kind == "air":
            band = aqi_band(value)
            return (band.name_en if english else band.name_vi, band.colour_hex, f"{int(value)}",
                    BANDS.index(band), parameter_name(getattr(row, "dominant", None)))
        if kind == "water_quality":
            band = wqi_band(value)
            return (band.name_en if english else band.name_vi, band.colour_hex, f"{int(value)}",
                    WQI_BANDS.index(band), "")
        level = alarm_level(value, (row.alarm_1, row.alarm_2, row.alarm_3))
        label = self.t("level_alarm", n=LEVEL_NUMERALS[level]) if level else self.t("level_normal")
        return label, LEVEL_COLOURS[level], f"{float(value):.2f}", level, ""

    def station_series(self, station: str | None = None, period: str | None = None) -> pd.DataFrame:
        """The chosen station's values over the period: local ``time``, ``value``, band ``colour``."""
        station = station or self.station
        table, column = KIND_SOURCES[self.kind]
        end = self.latest_time(table)
        if station is None or end is None:
            return pd.DataFrame(columns=["time", "value", "colour", "label", "time_text"])
        start = end - PERIODS[period or self.period]
        frame = self.datalayer.cached_sql(
            f'SELECT time, "{column}" AS value FROM {table} WHERE station_id = ? AND time > ? '
            f'AND "{column}" IS NOT NULL ORDER BY time', [station, start.to_pydatetime()])
        frame["value"] = frame["value"].astype("float64")
        alarms = self._alarms(station)
        rated = [self._rate(self.kind, _Row(v, *alarms)) for v in frame["value"]]
        frame["label"] = [r[0] for r in rated]
        frame["colour"] = [r[1] for r in rated]
        frame["time_text"] = [format_datetime(t, self.timezone) for t in frame["time"]]
        frame["time"] = to_local(frame["time"], self.timezone)
        return frame

    def _alarms(self, station: str | None) -> tuple[Any, Any, Any]:
        status = self.station_status()
        row = status[status["station_id"] == station]
        if row.empty:
            return (None, None, None)
        return tuple(row[f"alarm_{n}"].iloc[0] for n in (1, 2, 3))

    def latest_parameters(self, station: str | None = None) -> pd.DataFrame:
        """Latest value of each measured parameter at the station (air / water quality)."""
        station = station or self.station
        table = KIND_READINGS.get(self.kind)
        end = self.latest_time(KIND_SOURCES[self.kind][0])
        if table is None or station is None or end is None:
            return pd.DataFrame(columns=["parameter", "value", "unit", "time"])
        since = (end - timedelta(days=3)).to_pydatetime()
        return self.datalayer.cached_sql(
            "SELECT parameter, value, unit, time FROM (SELECT *, row_number() OVER (PARTITION BY parameter "
            f"ORDER BY time DESC) AS _n FROM {table} WHERE station_id = ? AND time >= ?) WHERE _n = 1 "
            "ORDER BY parameter", [station, since])

    # ------------------------------------------------------------------ views
    def _tooltips(self) -> list[tuple[str, str]]:
        value_key = {"air": "aqi", "water_level": "level_m", "water_quality": "wqi"}[self.kind]
        tips = [(self.t("name"), "@name"), (self.t("station_id"), "@station_id"),
                (self.t(value_key), "@value_text"), (self.t("band"), "@label")]
        if self.kind == "air":
            tips.append((self.t("dominant"), "@detail"))
        return [*tips, (self.t("latest"), "@time_text")]

    def map_view(self, kind: str, language: str, data_version: int) -> pn.pane.Bokeh:
        """The station map (click a station to select it)."""
        status = self.station_status(kind)
        figure, source = plots.station_map(
            status, title=self.t("map_title"), tooltips=self._tooltips(), bbox=self.datalayer.settings.site.bbox,
            boundaries=plots.boundary_outlines(self.boundary_level, self.boundary_period,
                                                str(self.datalayer.settings.data_dir)),
            selected=self.station)
        source.selected.on_change("indices", self._on_map_tap)
        self._map_source = source
        return pn.pane.Bokeh(figure, sizing_mode="stretch_width", name="map")

    def _on_map_tap(self, attr: str, old: list[int], new: list[int]) -> None:
        if new and self._map_source is not None:
            self.station = str(self._map_source.data["station_id"][new[0]])

    @param.depends("station", watch=True)
    def _select_on_map(self) -> None:
        """Keep the map's selection in step with the station chosen in the sidebar."""
        source = self._map_source
        if source is None or self.station is None:
            return
        matches = np.flatnonzero(np.asarray(source.data["station_id"]) == self.station)
        if len(matches) and list(source.selected.indices) != [int(matches[0])]:
            source.selected.indices = [int(matches[0])]

    def chart_view(self, kind: str, station: str | None, period: str, language: str, data_version: int) -> Any:
        """The station's series over band-coloured backgrounds (alarm lines for water level)."""
        frame = self.station_series(station, period)
        if frame.empty:
            return pn.pane.Alert(self.t("no_series") if station else self.t("no_station"), alert_type="light")
        name = self._station_name(station)
        x_label = self.t("axis_time")
        line = plots.SERIES_LINE_DARK if self.dark else plots.SERIES_LINE
        tooltips = [(self.t("latest"), "@time_text"), (self.t(kind_value_key(kind)), "@value{0.[00]}"),
                    (self.t("band"), "@label")]
        if kind == "water_level":
            alarms = [(float(level), LEVEL_COLOURS[n], self.t("level_alarm", n=LEVEL_NUMERALS[n]))
                      for n, level in enumerate(self._alarms(station), start=1)
                      if level is not None and pd.notna(level)]
            figure = plots.level_series(frame, alarms=alarms, title=self.t("series_level", name=name),
                                        x_label=x_label, y_label=self.t("axis_level"), tooltips=tooltips,
                                        line_colour=line)
        elif kind == "water_quality":
            bands = [(b.lower - 0.5 if b.lower else 0, b.upper + 0.5, b.colour_hex) for b in WQI_BANDS]
            figure = plots.band_series(frame, bands=bands, title=self.t("series_wqi", name=name), x_label=x_label,
                                       y_label=self.t("axis_wqi"), tooltips=tooltips, y_ceiling=100.5,
                                       line_colour=line)
        else:
            bands = [(b.lower - 0.5 if b.lower else 0, b.upper + 0.5, b.colour_hex) for b in BANDS]
            figure = plots.band_series(frame, bands=bands, title=self.t("series_aqi", name=name), x_label=x_label,
                                       y_label=self.t("axis_aqi"), tooltips=tooltips, line_colour=line)
        return pn.pane.Bokeh(figure, sizing_mode="stretch_width", name="chart")

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
        parts = [f"<h3>{escape(str(row['name']))}</h3>",
                 f'<div class="muted">{escape(self.t("station_id"))}: {escape(str(row["station_id"]))}'
                 + (f' · {escape(self.t("unit"))}: {escape(str(row["unit_code"]))}'
                    if pd.notna(row["unit_code"]) else "")
                 + "</div>"]
        if row["severity"] >= 0:
            value_key = kind_value_key(self.kind)
            unit = " m" if self.kind == "water_level" else ""
            parts.append(f'<div class="index" style="background:{escape(row["colour"])}; color:{row["text_colour"]}">'
                         f'{escape(self.t(value_key))} {escape(row["value_text"])}{unit} — '
                         f'{escape(row["label"])}</div>')
            when = f'{escape(self.t("latest"))}: {escape(row["time_text"])}'
            if self.kind == "air" and row["detail"]:
                when = f'{escape(self.t("dominant"))}: <b>{escape(row["detail"])}</b> · ' + when
            parts.append(f"<div>{when}</div>")
        else:
            parts.append(f"<p>{escape(self.t('no_value'))}</p>")
        parts.append(self._parameters_html(station, row))
        parts.append(self._advice_html(row))
        return f'<div class="ioc-card">{"".join(parts)}</div>'

    def _parameters_html(self, station: str, row: pd.Series) -> str:
        if self.kind == "water_level":
            alarms = " / ".join("—" if pd.isna(row[f"alarm_{n}"]) else f"{float(row[f'alarm_{n}']):.2f}"
                                for n in (1, 2, 3))
            return f"<p>{escape(self.t('alarm_levels'))}: {escape(alarms)} m</p>"
        latest = self.latest_parameters(station)
        if latest.empty:
            return ""
        head = "".join(f"<th>{escape(self.t(k))}</th>" for k in ("parameter", "value", "latest"))
        body = "".join(
            f"<tr><td>{escape(parameter_name(p))}</td><td>{float(v):.4g} {escape(str(u))}</td>"
            f"<td>{escape(format_datetime(t, self.timezone))}</td></tr>"
            for p, v, u, t in zip(latest["parameter"], latest["value"], latest["unit"], latest["time"]))
        return f"<table><tr>{head}</tr>{body}</table>"

    def _advice_html(self, row: pd.Series) -> str:
        if row["severity"] < 0:
            return ""
        if self.kind == "air":
            band = BANDS[int(row["severity"])]
            return (f"<p><b>{escape(self.t('advice_general'))}:</b> {escape(band.advice_general)}</p>"
                    f"<p><b>{escape(self.t('advice_sensitive'))}:</b> {escape(band.advice_sensitive)}</p>")
        if self.kind == "water_quality":
            band = WQI_BANDS[int(row["severity"])]
            return f"<p><b>{escape(self.t('usage'))}:</b> {escape(band.usage_vi)}</p>"
        return ""

    def legend_html(self, kind: str | None = None) -> str:
        """The legend of the current kind's colours (AQI bands, WQI bands or alarm levels)."""
        kind = kind or self.kind
        english = self.language == "en"
        if kind == "air":
            items = [(b.colour_hex, f"{b.lower}–{b.upper}: {b.name_en if english else b.name_vi}") for b in BANDS]
            return theme.legend_html(self.t("legend_aqi"), items)
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
        legend = theme.html_pane(pn.bind(lambda kind, language: self.legend_html(kind), self.param.kind,
                                      self.param.language), name="legend")
        return [legend, *super().sidebar_extras()]

    def main_area(self) -> list[Any]:
        p = self.param
        map_panel = pn.panel(pn.bind(self.map_view, p.kind, p.language, p.data_version), sizing_mode="stretch_width")
        card = pn.panel(pn.bind(self.card_view, p.kind, p.station, p.language, p.data_version), width=400)
        chart = pn.panel(pn.bind(self.chart_view, p.kind, p.station, p.period, p.language, p.data_version),
                         sizing_mode="stretch_width")
        return [pn.Row(map_panel, card, sizing_mode="stretch_width"), chart, self.alert_table()]


def kind_value_key(kind: str) -> str:
    """The translation key of a kind's value (``"aqi"``, ``"level_m"``, ``"wqi"``)."""
    return {"air": "aqi", "water_level": "level_m", "water_quality": "wqi"}[kind]


class _Row:
    """A minimal row for :meth:`EnvironmentDashboard._rate` over a series of values."""

    __slots__ = ("alarm_1", "alarm_2", "alarm_3", "dominant", "value")

    def __init__(self, value: Any, alarm_1: Any = None, alarm_2: Any = None, alarm_3: Any = None) -> None:
        self.value, self.alarm_1, self.alarm_2, self.alarm_3, self.dominant = value, alarm_1, alarm_2, alarm_3, None
