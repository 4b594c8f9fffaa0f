"""Rules → alerts: threshold, duration, rate of change, staleness, de-duplication."""

from datetime import timedelta

import pandas as pd
import pytest
import sqlalchemy as sa

from ioc.alerts import open_alerts, store_alerts
from ioc.datalayer import DataLayer
from ioc.ingest import process_batch
from ioc.plugins import Plugin, Registry
from ioc.rules import Audience, RateOfChangeRule, StalenessRule, ThresholdRule, backtest, evaluate_schedule
from ioc.tables import Column, Table

LEVELS = Table(
    name="demo.levels",
    columns=(
        Column("station_id", required=True),
        Column("time", "timestamp", required=True),
        Column("level_m", "float"),
        Column("alarm_1", "float"),
    ),
    key=("station_id", "time"),
    time_column="time",
)

HIGH = ThresholdRule(
    id="demo.high",
    table="demo.levels",
    domain="demo",
    category="flooding",
    entity="station_id",
    column="level_m",
    threshold="alarm_1",
    title="Cao tại {station_id}",
    message="{level_m} ≥ {threshold}",
    audiences=(Audience("agency", "BCHPCTT"), Audience("citizens")),
)
HELD = ThresholdRule(
    id="demo.held",
    table="demo.levels",
    domain="demo",
    category="flooding",
    entity="station_id",
    column="level_m",
    threshold=2.0,
    duration=timedelta(hours=2),
    title="Kéo dài",
    message="",
)
RISING = RateOfChangeRule(
    id="demo.rising",
    table="demo.levels",
    domain="demo",
    category="flooding",
    entity="station_id",
    column="level_m",
    rate_per_hour=0.5,
    title="Lên nhanh {station_id}",
    message="{value:.2f} m/h",
)
SILENT = StalenessRule(
    id="demo.silent",
    table="demo.levels",
    domain="demo",
    category="silent",
    entity="station_id",
    expected={"s1": timedelta(hours=1), "s9": timedelta(hours=1)},
    title="Mất tín hiệu {station_id}",
    message="",
)


def series(levels, station="s1", start="2025-01-01T00:00Z", alarm=3.0):
    times = pd.date_range(start, periods=len(levels), freq="h", tz="UTC")
    return pd.DataFrame({"station_id": station, "time": times, "level_m": levels, "alarm_1": alarm})


@pytest.fixture
def setup(settings):
    dl = DataLayer(settings, tables=[LEVELS])
    reg = Registry([Plugin(name="demo", title="Demo", tables=(LEVELS,), rules=(HIGH, HELD, RISING, SILENT))])
    yield dl, reg
    dl.close()


def test_threshold_against_a_column_raises_one_alert_with_warnings(setup):
    dl, reg = setup
    process_batch(dl, "demo.levels", series([1.0, 3.2, 3.4, 2.0]), plugins=reg)
    alerts = open_alerts(dl.store, domain="demo")
    high = alerts[alerts.rule_id == "demo.high"]
    assert len(high) == 1 and high.iloc[0]["title"] == "Cao tại s1" and high.iloc[0]["value"] == 3.4
    with dl.store.engine.connect() as connection:
        audiences = connection.execute(sa.text("SELECT audience, agency_code FROM warnings ORDER BY id")).all()
    assert [tuple(a) for a in audiences][:2] == [("agency", "BCHPCTT"), ("citizens", None)]


def test_reingesting_does_not_raise_the_alert_again(setup):
    dl, reg = setup
    process_batch(dl, "demo.levels", series([3.5]), plugins=reg)
    process_batch(dl, "demo.levels", series([3.5]), plugins=reg)
    assert len(open_alerts(dl.store)) == 1


def test_duration_needs_the_condition_held_over_the_whole_span(setup):
    dl, reg = setup
    process_batch(dl, "demo.levels", series([2.5, 1.0, 2.5, 2.6]), plugins=reg)
    assert "demo.held" not in set(open_alerts(dl.store)["rule_id"])
    process_batch(dl, "demo.levels", series([2.7], start="2025-01-01T04:00Z"), plugins=reg)
    assert "demo.held" in set(open_alerts(dl.store)["rule_id"])


def test_rate_of_change_uses_history_from_the_lake(setup):
    dl, reg = setup
    process_batch(dl, "demo.levels", series([1.0, 1.1]), plugins=reg)
    assert "demo.rising" not in set(open_alerts(dl.store)["rule_id"])
    process_batch(dl, "demo.levels", series([1.8], start="2025-01-01T02:00Z"), plugins=reg)
    rising = open_alerts(dl.store).query("rule_id == 'demo.rising'")
    assert len(rising) == 1 and rising.iloc[0]["value"] == pytest.approx(0.7)


def test_staleness_flags_silent_and_never_seen_stations(setup):
    dl, reg = setup
    process_batch(dl, "demo.levels", series([1.0, 1.0, 1.0]), plugins=reg)
    now = pd.Timestamp("2025-01-01T02:00Z")
    assert [d.entity_id for d in evaluate_schedule(reg.rules(), dl, now)] == ["s9"]
    later = evaluate_schedule(reg.rules(), dl, now + pd.Timedelta(hours=4))
    assert sorted(d.entity_id for d in later) == ["s1", "s9"]
    assert len(store_alerts(dl.store, later)) == 2 and len(store_alerts(dl.store, later)) == 0


def test_backtest_replays_history_without_storing(setup):
    dl, _ = setup
    dl.write("demo.levels", pd.concat([series([3.5, 1.0]), series([1, 4.0], start="2025-01-03T00:00Z")]))
    result = backtest([HIGH], dl, "demo.levels")
    assert len(result) == 2 and open_alerts(dl.store).empty


def test_templates_show_missing_values_as_a_dash():
    from ioc.rules import ThresholdRule

    rule = ThresholdRule(
        id="demo.t",
        table="demo.levels",
        domain="demo",
        category="x",
        entity="station_id",
        column="level_m",
        threshold=1.0,
        title="{station_id}: {level_m:.2f} m (II {alarm_2} m)",
        message="{unknown}",
    )
    draft = rule.evaluate(
        pd.DataFrame(
            {
                "station_id": ["s1"],
                "time": [pd.Timestamp("2025-01-01", tz="UTC")],
                "level_m": [1.234],
                "alarm_2": [None],
            }
        )
    )[0]
    assert (draft.title, draft.message) == ("s1: 1.23 m (II — m)", "—")
