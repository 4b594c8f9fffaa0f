"""The environment dashboard on a hand-made lake: status colours, series, card, map, filters.

Plots are HoloViews objects; the tests render them to the Bokeh models the browser gets
and check those (data columns, tooltips, selection), not how HoloViews builds them.
"""

from __future__ import annotations

import asyncio

import pandas as pd
import panel as pn
import pytest
from bokeh.models import GlyphRenderer, HoverTool, Plot, Span, TileRenderer
from env_lake import LATEST, XSS_NAME

from dashboards.environment import EnvironmentDashboard
from ioc_plugins.environment.queries import AQI_BANDS as BANDS
from ioc_plugins.environment.queries import LEVEL_COLOURS


@pytest.fixture
def dashboard(env_layer):
    return EnvironmentDashboard(datalayer=env_layer, refresh_period=0)


def _row(status: pd.DataFrame, station: str) -> pd.Series:
    return status.set_index("station_id").loc[station]


def test_air_stations_get_their_current_aqi_band(dashboard):
    status = dashboard.station_status()
    climbing, steady, silent = (_row(status, s) for s in ("KK_A1", "KK_A2", "KK_A3"))
    assert tuple(climbing[["value", "label", "colour", "detail"]]) == (160, "Xấu", "#ff0000", "PM2.5")
    assert (steady["label"], steady["colour"], steady["detail"]) == ("Tốt", "#00e400", "O₃")
    assert (silent["label"], silent["colour"]) == ("Không có số liệu", "#9e9e9e")
    assert climbing["time_text"] == "10/03/2025 12:00"  # 05:00 UTC shown in Asia/Ho_Chi_Minh


def test_the_worst_station_is_selected_first(dashboard):
    assert dashboard.station == "KK_A1"
    assert set(dashboard.param.station.objects) == {"KK_A1", "KK_A2", "KK_A3"}


def test_switching_kind_selects_the_worst_station_even_with_widgets(dashboard, env_layer):
    env_layer.write(
        "environment.aqi_hourly",
        pd.DataFrame({"station_id": ["KK_A2"], "time": [LATEST + pd.Timedelta(hours=1)], "aqi": [250]}),
    )
    dashboard.refresh()
    widgets = dashboard.filters()  # a Select widget follows (and may reset) the station choices
    dashboard.kind = "water_level"
    dashboard.kind = "air"
    assert dashboard.station == "KK_A2"
    assert widgets[1].value == "KK_A2"


def test_water_level_stations_are_coloured_by_alarm_level(dashboard):
    dashboard.kind = "water_level"
    river = _row(dashboard.station_status(), "MN_W1")
    assert (river["label"], river["colour"], river["value_text"]) == ("Báo động II", LEVEL_COLOURS[2], "1.60")
    assert dashboard.station == "MN_W1"


def test_water_quality_stations_are_coloured_by_wqi_band(dashboard):
    dashboard.kind = "water_quality"
    assert tuple(_row(dashboard.station_status(), "CL_Q1")[["label", "colour"]]) == ("Trung bình", "#ffff00")


def test_series_covers_the_period_in_local_time(dashboard):
    day = dashboard.station_series("KK_A1", "24h")
    assert len(day) == 24
    assert day["time"].iloc[-1] == pd.Timestamp("2025-03-10T12:00")  # local wall clock, naive for Bokeh
    assert day["colour"].iloc[-1] == "#ff0000" and day["value"].iloc[-1] == 160
    assert len(dashboard.station_series("KK_A1", "7d")) == 48


def test_english_labels(env_layer):
    dashboard = EnvironmentDashboard(datalayer=env_layer, language="en", refresh_period=0)
    assert _row(dashboard.station_status(), "KK_A1")["label"] == "Bad"
    assert "Air (VN_AQI)" in dashboard.param.kind.names


def test_detail_card_escapes_names_and_gives_band_advice(dashboard):
    html = dashboard.card_html("KK_A1")
    assert "<img" not in html and "&lt;img src=x" in html
    assert BANDS[3].advice_general in html and BANDS[3].advice_sensitive in html
    assert "VN_AQI 160 — Xấu" in html
    assert "PM2.5" in html and "65 µg/m³" in html  # latest pm2.5 reading (60 + 5)


def test_detail_card_of_water_level_lists_alarm_levels(dashboard):
    dashboard.kind = "water_level"
    html = dashboard.card_html()
    assert "Mực nước 1.60 m — Báo động II" in html and "1.00 / 1.50 / 2.00 m" in html


def test_legend_lists_every_aqi_band(dashboard):
    legend = dashboard.legend_html()
    for band in BANDS:
        assert band.name_vi in legend and band.colour_hex in legend
    dashboard.kind = "water_level"
    assert "Báo động III" in dashboard.legend_html()


def glyphs(root, kind: str) -> list[GlyphRenderer]:
    """The renderers of a rendered plot whose glyph is a ``kind`` (``"Scatter"``, ``"HStrip"`` …)."""
    return [r for r in root.select({"type": GlyphRenderer}) if type(r.glyph).__name__ == kind]


def station_source(root):
    """The map's station points (the source with the station codes and their values)."""
    return next(r.data_source for r in glyphs(root, "Scatter") if "station_id" in r.data_source.data)


async def settle() -> None:
    """Let the plot callbacks scheduled on the event loop run (a tap travels through them)."""
    for _ in range(10):
        await asyncio.sleep(0.02)


def test_map_shows_stations_with_hover_and_boundaries(dashboard):
    root = dashboard.map_view("air", "vi", 0).get_root()
    data = station_source(root).data
    assert dict(zip(data["station_id"], data["colour"])) == {"KK_A1": "#ff0000", "KK_A2": "#00e400", "KK_A3": "#9e9e9e"}
    assert XSS_NAME in list(data["name"])  # Bokeh shows tooltip fields as text
    tooltips = [tip for tool in root.select({"type": HoverTool}) for tip in tool.tooltips]
    assert ("Tên trạm", "@{name}") in tooltips and ("Chất ô nhiễm chính", "@{detail}") in tooltips
    assert glyphs(root, "MultiPolygons"), "administrative boundaries"
    assert not list(root.select({"type": TileRenderer})), "no map tiles (offline)"
    assert list(station_source(root).selected.indices) == [list(data["station_id"]).index("KK_A1")]
    assert "160" in list(glyphs(root, "Text")[0].data_source.data["value_text"])  # values written on the circles


def test_tapping_a_station_selects_it_and_the_sidebar_moves_the_selection(dashboard):
    async def scenario() -> None:
        root = dashboard.map_view("air", "vi", 0).get_root()
        ids = list(station_source(root).data["station_id"])
        station_source(root).selected.indices = [ids.index("KK_A2")]  # what a tap does in the browser
        await settle()
        assert dashboard.station == "KK_A2"
        dashboard.station = "KK_A3"
        await settle()
        assert list(station_source(root).selected.indices) == [ids.index("KK_A3")]

    asyncio.run(scenario())


def test_chart_has_band_backgrounds(dashboard):
    root = dashboard.chart_view("air", "KK_A1", "24h", "vi", 0).get_root()
    bands = glyphs(root, "HStrip")[0].data_source.data
    assert list(bands["color"]) == [band.colour_hex for band in BANDS]
    title = root.select_one({"type": Plot}).title.text
    assert "KK_A1" not in title and "Bà Rịa" in title
    points = next(r.data_source.data for r in glyphs(root, "Scatter"))
    assert list(points["colour"])[-1] == "#ff0000" and list(points["label"])[-1] == "Xấu"


def test_series_line_breaks_over_outages():
    from dashboards.plots import with_gaps

    hours = pd.to_datetime(["2025-01-01 00:00", "2025-01-01 01:00", "2025-01-01 02:00", "2025-01-01 08:00"])
    broken = with_gaps(pd.DataFrame({"time": hours, "value": [1.0, 2.0, 3.0, 4.0]}))
    assert len(broken) == 5 and broken["value"].isna().sum() == 1
    assert broken.loc[broken["value"].isna(), "time"].item() == pd.Timestamp("2025-01-01 07:00")
    steady = pd.DataFrame({"time": hours[:3], "value": [1.0, 2.0, 3.0]})
    assert with_gaps(steady).equals(steady)


def test_water_level_chart_draws_alarm_lines(dashboard):
    dashboard.kind = "water_level"
    root = dashboard.chart_view("water_level", "MN_W1", "24h", "vi", 0).get_root()
    assert sorted(span.location for span in root.select({"type": Span})) == [1.0, 1.5, 2.0]
    labels = [text for r in glyphs(root, "Text") for text in r.data_source.data["text"]]
    assert sorted(label.strip() for label in labels) == ["Báo động I", "Báo động II", "Báo động III"]


def test_dashboard_renders_without_writing_storage(dashboard, env_layer):
    versions = {name: env_layer.version(name) for name in env_layer.tables}
    log_size = len(env_layer.ingest_log(limit=1000))
    template = dashboard.__panel__()
    for kind in ("air", "water_level", "water_quality"):
        dashboard.kind = kind
        for period in ("24h", "7d", "30d"):
            dashboard.period = period
            template.main[0].get_root()  # build every view's Bokeh models
    assert {name: env_layer.version(name) for name in env_layer.tables} == versions
    assert len(env_layer.ingest_log(limit=1000)) == log_size


def test_empty_lake_shows_messages_not_errors(empty_layer):
    dashboard = EnvironmentDashboard(datalayer=empty_layer, refresh_period=0)
    assert dashboard.station is None and dashboard.station_status().empty
    assert "Chưa chọn trạm" in dashboard.card_html()
    assert isinstance(dashboard.chart_view("air", None, "24h", "vi", 0), pn.pane.Alert)
    assert dashboard.freshness().state == "empty"
    assert isinstance(dashboard.__panel__(), pn.template.FastListTemplate)


def test_body_for_notebooks_has_filters_and_views(dashboard):
    body = dashboard.body()
    widgets = list(body.select(pn.widgets.Widget))
    assert {type(w).__name__ for w in widgets} >= {"Select", "RadioButtonGroup"}
    assert body.get_root() is not None


def test_new_data_reaches_the_views_on_refresh(dashboard, env_layer):
    env_layer.write(
        "environment.aqi_hourly",
        pd.DataFrame({"station_id": ["KK_A2"], "time": [LATEST + pd.Timedelta(hours=1)], "aqi": [230]}),
    )
    dashboard.refresh()
    assert _row(dashboard.station_status(), "KK_A2")["label"] == "Rất xấu"


def test_modelled_points_are_drawn_labelled_and_never_shown_as_measured(dashboard, env_layer):
    hours = pd.date_range(end=LATEST, periods=3, freq="h")
    station = {"station_id": "om_26526", "name": "Phường Tam Thắng (Open-Meteo, mô hình)", "kind": "air"}
    station.update(lon=107.09, lat=10.362, unit_code="747", origin="modelled", source="open-meteo")
    assert env_layer.write("environment.stations", pd.DataFrame([station])).accepted == 1
    aqi = pd.DataFrame(
        {"station_id": "om_26526", "time": hours, "aqi": 120, "dominant": "pm25", "lon": 107.09, "lat": 10.362}
    ).assign(origin="modelled", note="tham khảo (mô hình)")
    assert env_layer.write("environment.aqi_hourly", aqi).accepted == 3
    dashboard.refresh()
    status = dashboard.station_status().set_index("station_id")
    assert status.loc["om_26526", "origin"] == "modelled" and status.loc["KK_A1", "origin"] == "official"
    data = station_source(dashboard.map_view("air", "vi", 1).get_root()).data
    markers = dict(zip(data["station_id"], data["marker"]))
    assert markers["om_26526"] == "square" and markers["KK_A1"] == "circle"
    card = dashboard.card_html("om_26526")
    assert "AQI 120 — Kém (tham khảo (mô hình))" in card and "Điểm mô hình (Open-Meteo/CAMS)" in card
    assert "tham khảo" not in dashboard.card_html("KK_A2")
    legend = dashboard.legend_html("air")
    assert "■ Điểm mô hình" in legend and "◆ Trạm không chính thức" in legend
