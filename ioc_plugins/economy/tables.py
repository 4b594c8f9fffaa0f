"""Tables of the economy domain: the indicator catalogue, observed values, targets, forecasts."""

from __future__ import annotations

import pandas as pd

from ioc.tables import Column, Reference, Table
from ioc_plugins.economy.catalogue import AGGREGATIONS, DIRECTIONS, FREQUENCIES, SECTORS, catalogue_frame


def _shipped_codes() -> set[str]:
    return set(catalogue_frame()["code"])


#: Values must name an indicator of ``economy.indicators`` (in the lake, or the shipped catalogue).
KNOWN_INDICATOR = Reference(
    "indicator_code",
    "economy.indicators",
    "code",
    "chỉ tiêu không có trong danh mục (unknown indicator)",
    known=_shipped_codes,
)


def _period_start(frame: pd.DataFrame) -> pd.Series:
    """A period is named by its first day (site time, stored as a date)."""
    bad = frame["period"].notna() & (frame["period"].dt.day != 1)
    return bad.map({True: "period: kỳ số liệu phải là ngày đầu kỳ (period must start on day 1)", False: None})


INDICATORS = Table(
    name="economy.indicators",
    description="Danh mục chỉ tiêu kinh tế - xã hội (indicator catalogue)",
    columns=(
        Column("code", required=True),
        Column("name_vi", required=True),
        Column("name_en"),
        Column("unit", required=True),
        Column("frequency", required=True, choices=FREQUENCIES),
        Column("agency", required=True, description="source agency code"),
        Column("aggregation", required=True, choices=AGGREGATIONS),
        Column("direction", required=True, choices=DIRECTIONS, description="up: higher is better"),
        Column("levels", description="unit levels, ';'-separated: country, province, district, commune"),
        Column("sector", choices=SECTORS),
        Column("minimum", "float", description="plausibility bound of one value"),
        Column("maximum", "float"),
        Column("gso_code", description="code in the statistical indicator system, where checked"),
        Column("wb_code", description="World Bank WDI series code (national benchmark)"),
    ),
    key=("code",),
)

OBSERVATIONS = Table(
    name="economy.observations",
    description="Giá trị chỉ tiêu theo kỳ và đơn vị hành chính (indicator values)",
    columns=(
        Column("indicator_code", required=True),
        Column("unit_code", required=True, description="GSO unit code; 'VNM' for the national benchmark"),
        Column("period", "date", required=True, description="first day of the month / quarter / year"),
        Column("value", "float", required=True),
        Column("source", description="adapter or agency the value came from"),
        Column("status", description="preliminary (ước tính) or official (chính thức)"),
    ),
    key=("indicator_code", "unit_code", "period"),
    checks=(_period_start,),
    references=(KNOWN_INDICATOR,),
)

TARGETS = Table(
    name="economy.targets",
    description="Chỉ tiêu kế hoạch năm (yearly plan targets)",
    columns=(
        Column("indicator_code", required=True),
        Column("unit_code", required=True),
        Column("year", "int", required=True, minimum=2000, maximum=2100),
        Column("target", "float", required=True),
        Column("kind", choices=("total", "level"), description="total: the year's sum; level: the year-end value"),
        Column("decision", description="the resolution or decision that set the target"),
    ),
    key=("indicator_code", "unit_code", "year"),
    references=(KNOWN_INDICATOR,),
)

FORECASTS = Table(
    name="economy.forecasts",
    description="Dự báo chỉ tiêu với khoảng tin cậy 95% (forecasts with 95 % intervals)",
    columns=(
        Column("indicator_code", required=True),
        Column("unit_code", required=True),
        Column("period", "date", required=True),
        Column("yhat", "float", required=True),
        Column("lower", "float"),
        Column("upper", "float"),
        Column("model", required=True, choices=("prophet", "seasonal_naive")),
        Column("origin", "date", description="last observed period the forecast starts from"),
    ),
    key=("indicator_code", "unit_code", "period"),
)

BACKTESTS = Table(
    name="economy.backtests",
    description="Kiểm định dự báo theo gốc trượt: MAPE/sMAPE so với mô hình mùa vụ ngây thơ (backtests)",
    columns=(
        Column("indicator_code", required=True),
        Column("unit_code", required=True),
        Column("origin", "date", required=True, description="last observed period"),
        Column("folds", "int", minimum=0),
        Column("horizon", "int", minimum=1),
        Column("prophet_mape", "float"),
        Column("prophet_smape", "float"),
        Column("baseline_mape", "float"),
        Column("baseline_smape", "float"),
        Column("chosen", required=True, choices=("prophet", "seasonal_naive")),
    ),
    key=("indicator_code", "unit_code"),
)

TABLES = (INDICATORS, OBSERVATIONS, TARGETS, FORECASTS, BACKTESTS)
