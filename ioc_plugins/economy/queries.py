"""Queries of the economy domain: what the dashboards, notebooks and reports show.

Each function takes a :class:`~ioc.datalayer.DataLayer` and returns a pandas frame (or a
plain value); the reading lives here, so a view only labels and draws. Periods are the first
day of their month / quarter / year (naive dates, as stored).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from geodata.boundaries import site_boundaries
from ioc.alerts import open_alerts
from ioc.config import site_timezone
from ioc.datalayer import DataLayer
from ioc.overview import Figure, Tile
from ioc_plugins.economy.catalogue import PERIODS_PER_YEAR, catalogue_frame
from ioc_plugins.economy.progress import year_progress
from ioc_plugins.economy.service import as_series, observed_frame, observed_series, run_forecasts
from ioc_plugins.economy.units import SITE_CODE, era_of, unit_names

__all__ = [
    "HEADLINE",
    "SECTOR_PAGES",
    "SITE_CODE",
    "backtest",
    "benchmark",
    "catalogue",
    "forecast",
    "forecast_now",
    "indicator_alerts",
    "kpis",
    "latest_period",
    "map_layer",
    "overview_tile",
    "series",
    "target_progress",
    "unit_names",
    "unit_periods",
    "units_with_data",
]

#: Headline indicators of the "Kinh tế - xã hội" page, in the order of the KPI cards.
HEADLINE = (
    "grdp_growth",
    "retail_sales",
    "budget_revenue",
    "fdi_registered",
    "exports",
    "cpi",
    "new_enterprises",
    "tourist_arrivals",
)
#: Sectors of the "Y tế – Giáo dục – Du lịch" page, one tab each.
SECTOR_PAGES = ("health", "education", "tourism")


def _has(datalayer: DataLayer, table: str) -> bool:
    return table in datalayer.tables and datalayer.version(table) is not None


def catalogue(datalayer: DataLayer | None = None) -> pd.DataFrame:
    """The indicator catalogue: the lake's ``economy.indicators`` over the shipped YAML."""
    shipped = catalogue_frame()
    if datalayer is None or not _has(datalayer, "economy.indicators"):
        return shipped
    stored = datalayer.read("economy.indicators")
    return pd.concat([shipped, stored.astype(object)]).drop_duplicates("code", keep="last").reset_index(drop=True)


def _info(datalayer: DataLayer, code: str) -> dict[str, Any]:
    found = catalogue(datalayer).set_index("code")
    return found.loc[code].to_dict() if code in found.index else {}


def latest_period(datalayer: DataLayer) -> pd.Timestamp | None:
    """The newest observed period (``None`` without data)."""
    if not _has(datalayer, "economy.observations"):
        return None
    frame = datalayer.sql("SELECT max(period) AS latest FROM economy.observations")
    latest = frame["latest"].iloc[0] if len(frame) else None
    return None if latest is None or pd.isna(latest) else pd.Timestamp(latest)


def series(datalayer: DataLayer, code: str, unit: str = SITE_CODE) -> pd.DataFrame:
    """Observed values of one indicator and unit: ``period``, ``value``."""
    values = observed_series(datalayer, code, unit)
    return pd.DataFrame({"period": pd.DatetimeIndex(values.index), "value": values.to_numpy(dtype="float64")})


def forecast(datalayer: DataLayer, code: str, unit: str = SITE_CODE) -> pd.DataFrame:
    """The stored forecast: ``period``, ``yhat``, ``lower``, ``upper``, ``model``, ``origin``."""
    columns = ["period", "yhat", "lower", "upper", "model", "origin"]
    if not _has(datalayer, "economy.forecasts"):
        return pd.DataFrame(columns=columns)
    frame = datalayer.read(
        "economy.forecasts", where=f"indicator_code = '{_q(code)}' AND unit_code = '{_q(unit)}'"
    ).sort_values("period")
    return frame[columns].reset_index(drop=True)


def backtest(datalayer: DataLayer, code: str, unit: str = SITE_CODE) -> dict[str, Any] | None:
    """The backtest behind the stored forecast (errors of both models, the model chosen)."""
    if not _has(datalayer, "economy.backtests"):
        return None
    frame = datalayer.read("economy.backtests", where=f"indicator_code = '{_q(code)}' AND unit_code = '{_q(unit)}'")
    return None if frame.empty else frame.iloc[0].to_dict()


def forecast_now(datalayer: DataLayer, code: str, unit: str = SITE_CODE) -> bool:
    """Compute (or refresh) the forecast of one series on demand; ``False`` when it has too little data."""
    return run_forecasts(datalayer, [(code, unit)], source="dashboard") == 1


def _begun_by(frame: pd.DataFrame, until: Any, timezone: str) -> pd.DataFrame:
    """The rows of ``frame`` whose ``period`` began by ``until`` (all of them when ``None``).

    Periods are the statistics' local calendar periods (naive); ``until`` is compared as
    wall-clock time in the site's ``timezone``. Project choice: a period counts from its first day, as the
    live pages show the month under way once it has a figure."""
    if until is None or frame.empty:
        return frame
    cutoff = pd.Timestamp(until)
    if cutoff.tzinfo is not None:
        cutoff = cutoff.tz_convert(timezone).tz_localize(None)
    return frame[pd.DatetimeIndex(frame["period"]) <= cutoff]


def _change(values: pd.Series, lag: int) -> float | None:
    if len(values) <= lag:
        return None
    before, now = values.iloc[-1 - lag], values.iloc[-1]
    return None if not before else float(now / before - 1)


def kpis(
    datalayer: DataLayer, codes: tuple[str, ...] | list[str], unit: str = SITE_CODE, *, until: Any = None
) -> pd.DataFrame:
    """One row per indicator: latest ``period`` and ``value``, ``previous`` (change on the previous
    period) and ``yoy`` (on the same period a year earlier) as ratios, and the year's target progress.

    ``until``: the figures as they stood then, from the periods that began by that time
    (``None``: every stored period)."""
    info = catalogue(datalayer).set_index("code")
    codes = [code for code in codes if code in info.index]
    observed = _begun_by(observed_frame(datalayer, codes, unit), until, site_timezone(datalayer.settings))
    targets, forecasts = _targets(datalayer, codes, unit), _forecasts(datalayer, codes, unit)
    rows = []
    for code in codes:
        meta = info.loc[code]
        values = as_series(observed, code)
        row = {
            "code": code,
            "name": meta["name_vi"],
            "name_en": meta.get("name_en"),
            "unit": meta["unit"],
            "direction": meta["direction"],
            "frequency": meta["frequency"],
            "period": values.index[-1] if len(values) else None,
            "value": float(values.iloc[-1]) if len(values) else None,
            "previous": _change(values, 1),
            "yoy": _change(values, PERIODS_PER_YEAR[meta["frequency"]]),
        }
        row.update(_progress(values, meta, targets.get(code, {}), forecasts.get(code)))
        rows.append(row)
    columns = ["code", "name", "name_en", "unit", "direction", "frequency", "period", "value", "previous", "yoy"]
    return pd.DataFrame(
        rows, columns=[*columns, "target", "observed", "projected", "ratio", "periods_left", "on_track"]
    )


def _in(codes: list[str]) -> str:
    return ", ".join(f"'{_q(code)}'" for code in codes) or "''"


def _targets(datalayer: DataLayer, codes: list[str], unit: str) -> dict[str, dict[int, float]]:
    """Targets by indicator and year."""
    if not _has(datalayer, "economy.targets") or not codes:
        return {}
    frame = datalayer.read("economy.targets", where=f"indicator_code IN ({_in(codes)}) AND unit_code = '{_q(unit)}'")
    found: dict[str, dict[int, float]] = {}
    for code, year, target in zip(frame["indicator_code"], frame["year"], frame["target"]):
        found.setdefault(code, {})[int(year)] = float(target)
    return found


def _forecasts(datalayer: DataLayer, codes: list[str], unit: str) -> dict[str, pd.Series]:
    """Forecast ``yhat`` by indicator."""
    if not _has(datalayer, "economy.forecasts") or not codes:
        return {}
    frame = datalayer.read("economy.forecasts", where=f"indicator_code IN ({_in(codes)}) AND unit_code = '{_q(unit)}'")
    return {
        code: pd.Series(group["yhat"].astype("float64").to_numpy(), index=pd.DatetimeIndex(group["period"]))
        for code, group in frame.groupby("indicator_code")
    }


def _progress(values: pd.Series, meta: Any, targets: dict[int, float], ahead: pd.Series | None) -> dict[str, Any]:
    empty = dict.fromkeys(("target", "observed", "projected", "ratio", "periods_left", "on_track"))
    if not len(values):
        return empty
    year = int(values.index[-1].year)
    if year not in targets:
        return empty
    progress = year_progress(
        values,
        ahead,
        year=year,
        target=targets[year],
        aggregation=meta["aggregation"],
        frequency=meta["frequency"],
        direction=meta["direction"],
    )
    return {
        "target": progress.target,
        "observed": progress.observed,
        "projected": progress.projected,
        "ratio": progress.ratio,
        "periods_left": progress.periods_left,
        "on_track": progress.on_track,
    }


def target_progress(datalayer: DataLayer, sectors: tuple[str, ...] = ("economy", "society")) -> pd.DataFrame:
    """Progress of every indicator of ``sectors`` with a target this year (the site total)."""
    info = catalogue(datalayer)
    codes = info.loc[info["sector"].isin(sectors), "code"].tolist()
    frame = kpis(datalayer, codes)
    return frame[frame["target"].notna()].reset_index(drop=True)


def units_with_data(datalayer: DataLayer, code: str) -> pd.DataFrame:
    """The units with values of ``code``: ``unit_code``, ``name``, ``first``, ``last`` period."""
    if not _has(datalayer, "economy.observations"):
        return pd.DataFrame(columns=["unit_code", "name", "first", "last"])
    frame = datalayer.sql(
        "SELECT unit_code, min(period) AS first, max(period) AS last FROM economy.observations "
        "WHERE indicator_code = ? GROUP BY unit_code ORDER BY unit_code",
        [code],
    )
    names = unit_names()
    frame.insert(1, "name", [names.get(c, c) for c in frame["unit_code"]])
    return frame


def unit_periods(datalayer: DataLayer, code: str) -> list[pd.Timestamp]:
    """The periods with values by unit (not only the site total) of ``code``, newest first."""
    if not _has(datalayer, "economy.observations"):
        return []
    frame = datalayer.sql(
        "SELECT DISTINCT period FROM economy.observations WHERE indicator_code = ? AND unit_code <> ? "
        "ORDER BY period DESC",
        [code, SITE_CODE],
    )
    return [pd.Timestamp(p) for p in frame["period"]]


def map_layer(datalayer: DataLayer, code: str, period: Any = None) -> tuple[Any, pd.DataFrame, pd.Timestamp | None]:
    """The choropleth of ``code`` in ``period`` (default: the newest with unit values).

    The unit catalogue follows the period (lineage respected): the 2024 districts before 2025,
    the seven districts of the first half of 2025, the 30 commune-level units from 01/07/2025.

    Returns
    -------
    boundaries, values, period
        Polygons (``unit_code``, ``name``, geometry), ``unit_code``/``value`` rows, the period.
    """
    empty = pd.DataFrame(columns=["unit_code", "value"])
    if not _has(datalayer, "economy.observations"):
        return site_boundaries(datalayer.settings, "district", "pre2025"), empty, None
    frame = datalayer.read(
        "economy.observations", where=f"indicator_code = '{_q(code)}' AND unit_code <> '{SITE_CODE}'"
    )
    if frame.empty:
        return site_boundaries(datalayer.settings, "district", "pre2025"), empty, None
    periods = pd.DatetimeIndex(frame["period"])
    chosen = pd.Timestamp(period) if period is not None else periods.max()
    if chosen not in set(periods):
        chosen = periods[periods <= chosen].max() if (periods <= chosen).any() else periods.min()
    era = era_of(chosen)
    level = "commune" if era == "post2025" else "district"
    values = frame.loc[periods == chosen, ["unit_code", "value"]].reset_index(drop=True)
    return site_boundaries(datalayer.settings, level, era), values, chosen


def benchmark(datalayer: DataLayer) -> pd.DataFrame:
    """The national benchmark lines (World Bank): ``indicator_code``, ``unit_code``, ``period``, ``value``."""
    if not _has(datalayer, "economy.observations"):
        return pd.DataFrame(columns=["indicator_code", "unit_code", "period", "value"])
    frame = datalayer.read("economy.observations", where="indicator_code LIKE 'national_%'")
    return frame[["indicator_code", "unit_code", "period", "value"]].sort_values("period").reset_index(drop=True)


def indicator_alerts(datalayer: DataLayer, codes: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """Open alerts of the economy domain about ``codes`` (the sector tabs)."""
    alerts = open_alerts(datalayer.store, "economy")
    if alerts.empty:
        return alerts
    code_of = alerts["entity_id"].fillna("").str.split("@").str[0]
    return alerts[code_of.isin(list(codes))].reset_index(drop=True)


#: The catalogue's units in English (the reports print them; a unit not here stays as it is).
UNITS_EN = {
    "tỷ đồng": "billion VND",
    "triệu đồng": "million VND",
    "triệu USD": "million USD",
    "lượt": "visits",
    "người": "people",
    "doanh nghiệp": "enterprises",
    "dự án": "projects",
    "ca": "cases",
}


def overview_tile(datalayer: DataLayer, now: Any) -> Tile:
    """The economy domain's tile: retail sales and tourists (with YoY), budget against the plan.

    Figures carry the indicator's code as key, the catalogue's English name, and the year's
    plan (``economy.targets``) where it compares with the figure: a level (mean or last
    value) target beside the latest value, and for the budget the share of the plan collected
    so far with the plan (100 %) as target and the year's projection as the verdict.
    """
    frame = kpis(datalayer, ("retail_sales", "budget_revenue", "tourist_arrivals", "cpi"), until=now)
    known = frame[frame["value"].notna()]
    if known.empty:
        return Tile(domain="economy", title="Kinh tế - xã hội", page="economy")
    aggregation = catalogue(datalayer).set_index("code")["aggregation"]
    figures = [_figure(row, aggregation.get(row.code)) for row in known.itertuples()]
    missed = frame["on_track"].eq(False).any()
    alerts = open_alerts(datalayer.store, "economy")
    status = "alert" if missed else "watch" if len(alerts) else "ok"
    spark = _begun_by(series(datalayer, "retail_sales"), now, site_timezone(datalayer.settings))
    sparkline = pd.Series(spark["value"].to_numpy(), index=spark["period"]).tail(24) if len(spark) else None
    return Tile(
        domain="economy",
        title="Kinh tế - xã hội",
        figures=tuple(figures[:4]),
        status=status,
        sparkline=sparkline,
        sparkline_label="Tổng mức bán lẻ (tỷ đồng/tháng)",
        as_of=pd.Timestamp(known["period"].max()).tz_localize("UTC"),
        page="economy",
    )


def _figure(row: Any, aggregation: str | None) -> Figure:
    """One indicator of :func:`kpis` as a headline figure of the tile."""
    has_target = row.target is not None and pd.notna(row.target)
    if row.code == "budget_revenue" and row.ratio is not None and pd.notna(row.ratio):
        on_track = None if row.on_track is None or pd.isna(row.on_track) else bool(row.on_track)
        return Figure(
            "Thu ngân sách / kế hoạch",
            round(float(row.ratio) * 100, 1),
            "%",
            None,
            "up",
            key="budget_plan_ratio",
            labels={"en": "Budget revenue / plan"},
            # the plan is met by the year's end: without a projection there is no verdict yet
            target=100.0 if on_track is not None else None,
            met=on_track,
        )
    change = None if row.yoy is None or pd.isna(row.yoy) else float(row.yoy)
    english = row.name_en if isinstance(row.name_en, str) and row.name_en else None
    return Figure(
        row.name,
        round(float(row.value), 1),
        row.unit,
        change,
        row.direction,
        key=row.code,
        labels={"en": english} if english else {},
        units={"en": UNITS_EN.get(row.unit, row.unit)},
        # a yearly total (sum) does not compare with one month's value
        target=round(float(row.target), 1) if has_target and aggregation in ("mean", "last") else None,
    )


def _q(text: str) -> str:
    return str(text).replace("'", "''")
