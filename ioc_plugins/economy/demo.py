"""Seeded demo data of the economy domain: five years of indicators with the shapes real ones have.

Monthly and quarterly series for the site and its units with a trend, a yearly seasonality, a
Tết effect that moves between January and February with the lunar calendar (tourism and
retail peak, industry and exports dip), the 2020-style epidemic break (a fall of 30–60 % in
spring of the first demo year for tourism and retail, with a recovery), and the sector series
(health, education, tourism). Unit-level series follow the administrative reorganisation:
the 2024 districts until 31/12/2024, the seven districts of the first half of 2025, the 30
commune-level units from 01/07/2025. The catalogue, the targets of the last two years and, for
a few series, a forecast (with its backtest) are part of the demo; the last month of those series
is written after the forecast, as a new observation arriving would be.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from geodata.units import admin_units
from ioc.calendar import lunar_new_year
from ioc.plugins import DemoContext
from ioc_plugins.economy.catalogue import PERIOD_STARTS, catalogue_frame
from ioc_plugins.economy.config import economy_config
from ioc_plugins.economy.forecast import forecast_series
from ioc_plugins.economy.service import forecast_rows
from ioc_plugins.economy.units import H1_2025_FROM, POST2025_FROM, SITE_CODE

YEARS = 5
#: Typical monthly (or per-period) level of each indicator at the start of the demo, and its yearly growth.
LEVELS = {
    "grdp": (95000, 0.07),
    "grdp_growth": (6.5, 0.0),
    "grdp_per_capita": (300, 0.06),
    "iip": (105, 0.0),
    "cpi": (103, 0.0),
    "retail_sales": (9000, 0.09),
    "exports": (700, 0.06),
    "imports": (500, 0.05),
    "budget_revenue": (6000, 0.05),
    "budget_revenue_domestic": (2800, 0.07),
    "budget_revenue_oil": (1500, -0.03),
    "budget_revenue_customs": (1500, 0.04),
    "budget_expenditure": (2000, 0.06),
    "public_investment_disbursed": (600, 0.1),
    "fdi_registered": (150, 0.05),
    "fdi_disbursed": (90, 0.05),
    "fdi_projects": (6, 0.03),
    "ddi_registered": (4000, 0.05),
    "ddi_disbursed": (2500, 0.05),
    "new_enterprises": (220, 0.04),
    "new_enterprise_capital": (3000, 0.05),
    "enterprises_dissolved": (40, 0.02),
    "industrial_zone_occupancy": (72, 0.02),
    "population": (1180000, 0.012),
    "labour_force": (640000, 0.01),
    "unemployment_rate": (2.8, -0.02),
    "jobs_created": (3200, 0.03),
    "trained_labour_rate": (75, 0.01),
    "poverty_rate": (0.9, -0.15),
    "tourist_arrivals": (1300000, 0.08),
    "international_arrivals": (40000, 0.1),
    "overnight_guests": (380000, 0.07),
    "tourism_revenue": (2600, 0.1),
    "hotel_occupancy": (58, 0.01),
    "accommodation_rooms": (26000, 0.03),
    "hospital_beds": (5200, 0.02),
    "beds_per_10k": (30, 0.02),
    "doctors_per_10k": (10.5, 0.03),
    "vaccination_coverage": (96, 0.0),
    "dengue_cases": (250, 0.0),
    "hfmd_cases": (120, 0.0),
    "health_insurance_coverage": (91, 0.01),
    "outpatient_visits": (520000, 0.03),
    "schools": (390, 0.005),
    "pupils": (270000, 0.015),
    "teachers": (14000, 0.01),
    "graduation_rate": (98.5, 0.0),
    "standard_schools_rate": (62, 0.04),
}
#: Indicators whose units get their own series in the demo (the map and the drill-down).
UNIT_INDICATORS = ("retail_sales", "tourist_arrivals", "budget_revenue", "new_enterprises", "dengue_cases")
#: Series forecast during the demo (forecasts are otherwise computed on demand).
FORECAST_SERIES = (("tourist_arrivals", SITE_CODE), ("retail_sales", SITE_CODE), ("budget_revenue", SITE_CODE))
#: Tết effect on a month's value (multiplier), by sector; the month before Tết gets half of it.
TET_EFFECT = {"tourist_arrivals": 1.35, "tourism_revenue": 1.3, "overnight_guests": 1.25, "retail_sales": 1.18}
TET_DIP = {"iip": 0.85, "exports": 0.82, "imports": 0.85, "budget_revenue": 0.9, "new_enterprises": 0.6}
#: Seasonal shapes (12 monthly multipliers) by sector; rainy-season dengue peaks in July–October.
SEASONS = {
    "tourism": np.array([1.0, 1.0, 0.95, 1.05, 1.1, 1.2, 1.25, 1.1, 0.8, 0.85, 0.8, 0.95]),
    "dengue_cases": np.array([0.5, 0.35, 0.3, 0.3, 0.5, 0.9, 1.4, 1.8, 1.9, 1.7, 1.2, 0.8]),
    "hfmd_cases": np.array([0.6, 0.5, 0.8, 1.2, 1.3, 1.1, 0.9, 0.8, 1.3, 1.5, 1.2, 0.8]),
    "default": np.array([0.92, 0.9, 0.97, 0.98, 1.0, 1.0, 1.01, 1.02, 1.01, 1.03, 1.05, 1.12]),
}
#: The last tourism month of the demo arrives this much above its level (an alert to show).
SURPRISE = 1.6
BREAK_HIT = {"tourism": 0.4, "retail_sales": 0.7, "default": 0.9}


def demo_end(context: DemoContext) -> pd.Timestamp:
    """First day of the last complete month of the demo."""
    end = (context.start + pd.Timedelta(days=context.days)).tz_convert(None)
    return end.to_period("M").to_timestamp() - pd.offsets.MonthBegin(1)


def _tet_months(first: int, last: int) -> dict[pd.Timestamp, float]:
    return {pd.Timestamp(lunar_new_year(y)).to_period("M").to_timestamp(): 1.0 for y in range(first, last + 1)}


def province_series(
    code: str, sector: str, frequency: str, periods: pd.DatetimeIndex, rng: np.random.Generator
) -> np.ndarray:
    """One indicator's values for the site: trend × season × Tết × break × noise."""
    level, growth = LEVELS.get(code, (100.0, 0.02))
    years = (periods - periods[0]).days / 365.25
    values = level * (1 + growth) ** np.asarray(years)
    rate_like = code.endswith(("_rate", "coverage", "occupancy", "_growth")) or code in ("cpi", "iip")
    if frequency == "month":
        shape = SEASONS.get(code, SEASONS["tourism"] if sector == "tourism" else SEASONS["default"])
        seasonal = shape[periods.month - 1]
        values = values * (1 + (seasonal - 1) * (0.2 if rate_like else 1.0))
        tet = _tet_months(periods[0].year, periods[-1].year)
        effect = TET_EFFECT.get(code, TET_DIP.get(code, 1.0))
        before = {month - pd.offsets.MonthBegin(1) for month in tet}
        values = values * np.where(
            periods.isin(list(tet)), effect, np.where(periods.isin(list(before)), 1 + (effect - 1) / 2, 1)
        )
    hit = BREAK_HIT.get(code, BREAK_HIT.get(sector, BREAK_HIT["default"]))
    since_break = np.asarray((periods - (periods[0] + pd.DateOffset(months=3))).days / 30.4)
    recovery = np.clip(since_break / 9, 0, 1)  # the epidemic break: spring of the first year, 9 months to recover
    values = values * np.where(since_break >= 0, hit + (1 - hit) * recovery, 1)
    noise = rng.normal(0, 0.01 if rate_like else 0.04, len(periods))
    values = values * (1 + noise)
    if rate_like and code not in ("cpi", "iip", "grdp_growth"):
        values = np.clip(values, 0, 100)
    return values


def unit_weights(rng: np.random.Generator) -> dict[str, dict[str, float]]:
    """Share of the site total of each unit, per unit catalogue (pre-2025, 2025h1, post-2025)."""
    weights = {}
    for era, (period, level) in {
        "pre2025": ("pre2025", "district"),
        "2025h1": ("2025h1", "district"),
        "post2025": ("post2025", "commune"),
    }.items():
        codes = list(admin_units(period, level)["unit_code"].astype(str))
        raw = rng.gamma(2.0, 1.0, len(codes))
        weights[era] = dict(zip(codes, raw / raw.sum()))
    return weights


def _era(period: pd.Timestamp) -> str:
    return "post2025" if period >= POST2025_FROM else "2025h1" if period >= H1_2025_FROM else "pre2025"


def observations(context: DemoContext) -> pd.DataFrame:
    """Every demo observation (site and units)."""
    rng = np.random.default_rng(context.seed)
    end = demo_end(context)
    start = end - pd.DateOffset(years=YEARS) + pd.offsets.MonthBegin(1)
    catalogue = catalogue_frame()
    catalogue = catalogue[catalogue["agency"] != "WB"]
    weights = unit_weights(rng)
    frames = []
    for row in catalogue.itertuples():
        periods = pd.date_range(start, end, freq=PERIOD_STARTS[row.frequency])
        if row.frequency != "month":
            periods = periods[periods >= start]
        values = province_series(row.code, row.sector, row.frequency, periods, rng)
        frames.append(
            pd.DataFrame({"indicator_code": row.code, "unit_code": SITE_CODE, "period": periods, "value": values})
        )
        if row.code in UNIT_INDICATORS:
            for period, value in zip(periods, values):
                shares = weights[_era(period)]
                noise = rng.normal(1, 0.05, len(shares))
                frames.append(
                    pd.DataFrame(
                        {
                            "indicator_code": row.code,
                            "unit_code": list(shares),
                            "period": period,
                            "value": value * np.array(list(shares.values())) * noise,
                        }
                    )
                )
    frame = pd.concat(frames, ignore_index=True)
    counts = catalogue.set_index("code")["unit"].str.contains(
        "doanh nghiệp|ca|dự án|lượt|người|trường|học sinh|giáo viên|giường|buồng"
    )
    whole = frame["indicator_code"].map(counts).fillna(False).astype(bool)
    frame.loc[whole, "value"] = frame.loc[whole, "value"].round()
    frame["value"] = frame["value"].round(2)
    return frame.assign(source="demo", status="official")


def targets(observed: pd.DataFrame) -> pd.DataFrame:
    """Plan targets of the current and previous year for the site: last year's result plus growth."""
    catalogue = catalogue_frame().set_index("code")
    site = observed[observed["unit_code"] == SITE_CODE]
    last_year = int(site["period"].max().year)
    rows = []
    for code, group in site.groupby("indicator_code"):
        info = catalogue.loc[code]
        for year in (last_year - 1, last_year):
            base = group[group["period"].dt.year == year - 1]["value"]
            if base.empty:
                continue
            aggregation = info["aggregation"]
            reached = base.sum() if aggregation == "sum" else base.mean() if aggregation == "mean" else base.iloc[-1]
            # project choice: plans ask for 8 % more of what is good, 5 % less of what is bad
            factor = 1.08 if info["direction"] == "up" else 0.95
            if str(info["unit"]) == "%":
                factor = 1.0 + (0.01 if info["direction"] == "up" else -0.01)
            rows.append(
                {
                    "indicator_code": code,
                    "unit_code": SITE_CODE,
                    "year": year,
                    "target": round(float(reached) * factor, 2),
                    "kind": "total" if aggregation == "sum" else "level",
                    "decision": f"Nghị quyết HĐND tỉnh về kế hoạch phát triển KT-XH năm {year} (dữ liệu mẫu)",
                }
            )
    return pd.DataFrame(rows)


def generate(context: DemoContext) -> Iterator[tuple[str, pd.DataFrame]]:
    """Plugin hook: catalogue, observations, targets, then a few forecasts and their last month."""
    yield "economy.indicators", catalogue_frame()
    observed = observations(context)
    held_back = pd.Series(False, index=observed.index)
    chosen = FORECAST_SERIES if context.scale >= 0.5 else FORECAST_SERIES[:1]
    last = observed["period"].max()
    for code, unit in chosen:
        held_back |= (
            (observed["indicator_code"] == code) & (observed["unit_code"] == unit) & (observed["period"] == last)
        )
    yield "economy.observations", observed[~held_back].reset_index(drop=True)
    yield "economy.targets", targets(observed)
    config = economy_config(context.settings)
    catalogue = catalogue_frame().set_index("code")
    for code, unit in chosen:
        series = observed[(observed["indicator_code"] == code) & (observed["unit_code"] == unit) & ~held_back]
        series = pd.Series(series["value"].to_numpy(), index=pd.DatetimeIndex(series["period"]))
        result = forecast_series(series, catalogue.loc[code, "frequency"], config)
        forecasts, backtests = forecast_rows(code, unit, result, series.index[-1])
        yield "economy.backtests", backtests
        yield "economy.forecasts", forecasts
    arriving = observed[held_back].reset_index(drop=True)
    # the demo's surprise: a festival month far above what the tourism forecast expected
    arriving.loc[arriving["indicator_code"] == "tourist_arrivals", "value"] *= SURPRISE
    yield "economy.observations", arriving
