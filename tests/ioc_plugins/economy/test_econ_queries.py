"""Economy queries on the demo: KPIs with changes and targets, the map by period, the overview tile."""

import shutil

import pandas as pd
import pytest

from ioc.config import load_settings
from ioc.datalayer import DataLayer
from ioc.demo import run_demo
from ioc_plugins.economy import queries
from ioc_plugins.economy.queries import SITE_CODE

NOW = pd.Timestamp("2026-12-04 03:00", tz="UTC")


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    """The economy demo, generated once (it fits Prophet) and copied per test."""
    data_dir = tmp_path_factory.mktemp("economy_demo") / "data"
    layer = DataLayer(load_settings(data_dir=data_dir))
    run_demo(layer, days=14, scale=0.2, plugins=["economy"], progress=False, now=NOW)
    layer.close()
    return data_dir


@pytest.fixture
def demo_layer(demo_dir, tmp_path):
    shutil.copytree(demo_dir, tmp_path / "data")
    layer = DataLayer(load_settings(data_dir=tmp_path / "data"))
    yield layer
    layer.close()


def test_queries_on_an_empty_deployment(sqlite_settings):
    layer = DataLayer(sqlite_settings)
    try:
        assert queries.latest_period(layer) is None
        assert queries.kpis(layer, queries.HEADLINE)["value"].isna().all()
        assert queries.series(layer, "cpi").empty and queries.forecast(layer, "cpi").empty
        assert queries.backtest(layer, "cpi") is None
        tile = queries.overview_tile(layer, NOW)
        assert tile.status == "unknown" and tile.figures == ()
        assert len(queries.catalogue(layer)) >= 40
    finally:
        layer.close()


def test_kpis_targets_forecast_map_and_tile_on_the_demo(demo_layer):
    kpis = queries.kpis(demo_layer, ["tourist_arrivals", "grdp"]).set_index("code")
    tourists = kpis.loc["tourist_arrivals"]
    assert tourists["period"] == pd.Timestamp("2026-11-01")
    history = queries.series(demo_layer, "tourist_arrivals").set_index("period")["value"]
    assert tourists["yoy"] == pytest.approx(history.iloc[-1] / history.iloc[-13] - 1)
    assert tourists["previous"] == pytest.approx(history.iloc[-1] / history.iloc[-2] - 1)
    assert tourists["periods_left"] == 1 and tourists["target"] > 0 and tourists["on_track"] in (True, False)
    assert kpis.loc["grdp", "frequency"] == "quarter"
    forecast = queries.forecast(demo_layer, "tourist_arrivals")
    assert len(forecast) == 12 and set(forecast["model"]) <= {"prophet", "seasonal_naive"}
    test = queries.backtest(demo_layer, "tourist_arrivals")
    assert test["folds"] == 3 and test["chosen"] == forecast["model"].iloc[0]
    # the map follows the unit catalogue of the period shown
    boundaries, values, period = queries.map_layer(demo_layer, "retail_sales")
    assert period == pd.Timestamp("2026-11-01") and len(values) == 30 and len(boundaries) == 30
    boundaries, values, period = queries.map_layer(demo_layer, "retail_sales", "2024-06-01")
    assert len(values) == 8 and set(values["unit_code"]) <= set(boundaries["unit_code"])
    units = queries.units_with_data(demo_layer, "retail_sales")
    assert SITE_CODE in set(units["unit_code"]) and len(units) == 1 + 8 + 30
    tile = queries.overview_tile(demo_layer, NOW)
    assert tile.domain == "economy" and tile.status in ("ok", "watch", "alert") and 1 <= len(tile.figures) <= 4
    assert tile.sparkline is not None and len(tile.sparkline) == 24
    # the reports' targets come from economy.targets: the CPI plan (a level) beside the month,
    # the budget's plan as 100 % with the year's projection as the verdict, no yearly total
    # beside one month's value
    plan = queries.kpis(demo_layer, ("retail_sales", "budget_revenue", "cpi")).set_index("code")
    figures = {f.key: f for f in tile.figures}
    assert figures["cpi"].target == round(plan.loc["cpi", "target"], 1) and figures["cpi"].met is None
    assert figures["retail_sales"].target is None and pd.notna(plan.loc["retail_sales", "target"])
    assert figures["retail_sales"].labels == {"en": "Retail sales of goods and services"}
    assert figures["budget_plan_ratio"].target is None  # no projection of the budget yet: no verdict
    assert queries.forecast_now(demo_layer, "budget_revenue")
    on_track = queries.kpis(demo_layer, ("budget_revenue",))["on_track"].iloc[0]
    budget = {f.key: f for f in queries.overview_tile(demo_layer, NOW).figures}["budget_plan_ratio"]
    assert on_track is not None and (budget.target, budget.met) == (100.0, bool(on_track))
    # the festival month arrived far above the forecast: the rule raised its alert during the demo
    alerts = queries.indicator_alerts(demo_layer, ["tourist_arrivals"])
    assert "economy.outside_interval" in set(alerts["rule_id"])


def test_the_tile_shows_the_figures_as_they_stood_at_the_time_asked(demo_layer):
    """A past time (a report's month, the wall replaying a day) gets that time's figures."""
    then = pd.Timestamp("2025-06-15T10:00", tz="Asia/Ho_Chi_Minh")
    figures = queries.kpis(demo_layer, ["tourist_arrivals"], until=then).set_index("code").loc["tourist_arrivals"]
    history = queries.series(demo_layer, "tourist_arrivals").set_index("period")["value"]
    assert figures["period"] == pd.Timestamp("2025-06-01")  # June has begun; July has not
    assert figures["value"] == pytest.approx(history.loc["2025-06-01"])
    assert figures["yoy"] == pytest.approx(history.loc["2025-06-01"] / history.loc["2024-06-01"] - 1)
    # a period begins at local midnight: 23:30 UTC on 31 May is already 1 June in the province
    eve = queries.kpis(demo_layer, ["tourist_arrivals"], until=pd.Timestamp("2025-05-31T17:30", tz="UTC"))
    assert eve["period"].iloc[0] == pd.Timestamp("2025-06-01")
    tile = queries.overview_tile(demo_layer, then)
    assert tile.sparkline.index.max() == pd.Timestamp("2025-06-01") and len(tile.sparkline) == 24
    assert tile.as_of == pd.Timestamp("2025-06-01", tz="UTC")
    assert queries.overview_tile(demo_layer, NOW).sparkline.index.max() == pd.Timestamp("2026-11-01")


def test_forecast_on_demand(demo_layer):
    assert queries.forecast(demo_layer, "dengue_cases").empty
    assert queries.forecast_now(demo_layer, "dengue_cases")
    assert len(queries.forecast(demo_layer, "dengue_cases")) == 12
    assert not queries.forecast_now(demo_layer, "no_such_indicator")
