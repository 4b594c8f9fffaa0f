"""The economy demo has the shapes real series have: trend, seasonality, Tết, a break, units by period."""

import pandas as pd

from ioc.calendar import lunar_new_year
from ioc.plugins import DemoContext
from ioc_plugins.economy.demo import observations, targets
from ioc_plugins.economy.units import SITE_CODE

CONTEXT = DemoContext(start=pd.Timestamp("2026-11-20", tz="UTC"), days=14, seed=7)


def site(frame, code):
    chosen = frame[(frame["indicator_code"] == code) & (frame["unit_code"] == SITE_CODE)]
    return pd.Series(chosen["value"].to_numpy(), index=pd.DatetimeIndex(chosen["period"]))


def test_five_years_of_monthly_and_quarterly_series_with_a_tet_peak_and_a_break():
    frame = observations(CONTEXT)
    tourists = site(frame, "tourist_arrivals")
    assert len(tourists) == 60 and tourists.index[-1] == pd.Timestamp("2026-11-01")
    assert len(site(frame, "grdp")) == 20  # quarterly
    tet_2025 = pd.Timestamp(lunar_new_year(2025)).to_period("M").to_timestamp()  # January 2025
    tet_2026 = pd.Timestamp(lunar_new_year(2026)).to_period("M").to_timestamp()  # February 2026
    assert tet_2025.month == 1 and tet_2026.month == 2
    assert tourists[tet_2025] > tourists[pd.Timestamp("2025-02-01")]  # the peak moves with Tết
    assert tourists[tet_2026] > tourists[pd.Timestamp("2026-01-01")]
    start = tourists.index[0]
    assert tourists[start + pd.DateOffset(months=4)] < 0.6 * tourists[start]  # the epidemic break
    assert tourists.iloc[-12:].mean() > tourists.iloc[:12].mean()  # and growth since


def test_unit_series_follow_the_reorganisation():
    frame = observations(CONTEXT)
    retail = frame[(frame["indicator_code"] == "retail_sales") & (frame["unit_code"] != SITE_CODE)]
    before = set(retail[retail["period"] < "2025-01-01"]["unit_code"])
    first_half = set(retail[(retail["period"] >= "2025-01-01") & (retail["period"] < "2025-07-01")]["unit_code"])
    after = set(retail[retail["period"] >= "2025-07-01"]["unit_code"])
    assert len(before) == 8 and "752" in before  # Long Điền until 31/12/2024
    assert len(first_half) == 7 and "752" not in first_half
    assert len(after) == 30 and all(len(code) == 5 for code in after)


def test_targets_ask_for_more_than_last_year():
    frame = observations(CONTEXT)
    plan = targets(frame).set_index(["indicator_code", "year"])
    revenue_2025 = site(frame, "budget_revenue")["2025"].sum()
    assert plan.loc[("budget_revenue", 2026), "target"] > revenue_2025
    assert plan.loc[("cpi", 2026), "target"] < site(frame, "cpi")["2025"].mean()  # lower is better
