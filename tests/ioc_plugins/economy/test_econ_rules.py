"""Economy rules: a forecast that misses the plan target, an observation outside its 95 % interval;
and the progress arithmetic behind them."""

import pandas as pd
import pytest

from ioc.config import load_settings
from ioc.datalayer import DataLayer
from ioc.ingest import process_batch
from ioc.plugins import Registry
from ioc_plugins.economy import plugin
from ioc_plugins.economy.catalogue import catalogue_frame
from ioc_plugins.economy.progress import year_progress
from ioc_plugins.economy.rules import OutsideIntervalRule, TargetMissRule


@pytest.fixture
def layer(tmp_path):
    economy = plugin()
    datalayer = DataLayer(load_settings(data_dir=tmp_path / "data"), tables=economy.tables)
    process_batch(datalayer, "economy.indicators", catalogue_frame(), plugins=Registry([economy]))
    yield datalayer, Registry([economy])
    datalayer.close()


def months(year, values, code="budget_revenue", unit="77"):
    periods = pd.date_range(f"{year}-01-01", periods=len(values), freq="MS")
    return pd.DataFrame({"indicator_code": code, "unit_code": unit, "period": periods, "value": values})


def forecast(periods, yhat, lower, upper, code="budget_revenue"):
    return pd.DataFrame(
        {"indicator_code": code, "unit_code": "77", "period": pd.DatetimeIndex(periods), "yhat": yhat,
         "lower": lower, "upper": upper, "model": "prophet"}
    )  # fmt: skip


def test_year_progress_sums_totals_and_adds_the_forecast():
    observed = pd.Series([10.0] * 10, index=pd.date_range("2026-01-01", periods=10, freq="MS"))
    ahead = pd.Series([12.0, 14.0], index=pd.date_range("2026-11-01", periods=2, freq="MS"))
    progress = year_progress(
        observed, ahead, year=2026, target=130, aggregation="sum", frequency="month", direction="up"
    )
    assert progress.observed == 100 and progress.projected == 126 and progress.periods_left == 2
    assert progress.ratio == pytest.approx(100 / 130) and progress.on_track is False
    down = year_progress(observed, ahead, year=2026, target=11, aggregation="mean", frequency="month", direction="down")
    assert down.projected == pytest.approx(126 / 12) and down.on_track is True


def test_target_miss_rule_raises_when_the_forecast_falls_short(layer):
    datalayer, plugins = layer
    process_batch(datalayer, "economy.observations", months(2026, [7000.0] * 10), plugins=plugins)
    process_batch(
        datalayer,
        "economy.targets",
        pd.DataFrame({"indicator_code": ["budget_revenue"], "unit_code": ["77"], "year": [2026], "target": [90000.0]}),
        plugins=plugins,
    )
    short = forecast(["2026-11-01", "2026-12-01"], [7000.0, 7000.0], [6000.0] * 2, [8000.0] * 2)
    drafts = TargetMissRule().evaluate(short, datalayer)
    assert len(drafts) == 1 and drafts[0].entity_id == "budget_revenue@77" and drafts[0].value == 84000
    assert "kế hoạch 90.000,0 tỷ đồng" in drafts[0].message
    enough = forecast(["2026-11-01", "2026-12-01"], [10000.0, 10000.0], [9000.0] * 2, [11000.0] * 2)
    assert TargetMissRule().evaluate(enough, datalayer) == []


def test_outside_interval_rule_on_a_new_observation(layer):
    datalayer, plugins = layer
    process_batch(
        datalayer,
        "economy.forecasts",
        forecast(["2026-11-01"], [7000.0], [6500.0], [7500.0]).assign(origin=pd.Timestamp("2026-10-01")),
        plugins=plugins,
    )
    inside = months(2026, [7000.0] * 11).tail(1)
    assert OutsideIntervalRule().evaluate(inside, datalayer) == []
    spike = inside.assign(value=9100.0)
    drafts = OutsideIntervalRule().evaluate(spike, datalayer)
    assert len(drafts) == 1 and "cao hơn dự báo" in drafts[0].title and drafts[0].value == 9100.0
    # through ingestion the alert is stored like any other
    process_batch(datalayer, "economy.observations", spike, plugins=plugins)
    from ioc.alerts import open_alerts

    assert open_alerts(datalayer.store, "economy")["rule_id"].tolist() == ["economy.outside_interval"]
