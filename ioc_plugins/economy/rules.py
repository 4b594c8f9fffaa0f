"""Default rules of the economy domain.

- A new forecast says an indicator will miss its yearly plan target (projected year below the
  target for a "higher is better" indicator, above it for a "lower is better" one) → alert to
  the indicator's agency and the IOC.
- A newly observed value falls outside the 95 % interval forecast for its period → alert
  (something changed that the history did not foresee: a shock, or a data error).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pandas as pd

from ioc.datalayer import DataLayer
from ioc.rules import AlertDraft, Audience
from ioc_plugins.economy.catalogue import catalogue_frame, format_number
from ioc_plugins.economy.progress import year_progress
from ioc_plugins.economy.units import unit_names


def _catalogue(datalayer: DataLayer | None) -> pd.DataFrame:
    shipped = catalogue_frame()
    if datalayer is None or datalayer.version("economy.indicators") is None:
        return shipped.set_index("code")
    stored = datalayer.read("economy.indicators")
    return pd.concat([shipped, stored]).drop_duplicates("code", keep="last").set_index("code")


def _series(frame: pd.DataFrame, column: str) -> pd.Series:
    return pd.Series(frame[column].astype("float64").to_numpy(), index=pd.DatetimeIndex(frame["period"]))


@dataclass(frozen=True)
class TargetMissRule:
    """The forecast says a yearly target will be missed (a :class:`ioc.rules.BatchRule` on forecasts)."""

    id: str = "economy.target_miss"
    table: str = "economy.forecasts"
    domain: str = "economy"

    def evaluate(self, batch: pd.DataFrame, datalayer: DataLayer | None = None) -> list[AlertDraft]:
        if datalayer is None or batch.empty or datalayer.version("economy.targets") is None:
            return []
        catalogue = _catalogue(datalayer)
        targets = datalayer.read("economy.targets")
        drafts = []
        for (code, unit), forecast in batch.groupby(["indicator_code", "unit_code"]):
            if code not in catalogue.index:
                continue
            info = catalogue.loc[code]
            years = sorted(set(pd.DatetimeIndex(forecast["period"]).year))
            observed = datalayer.read(
                "economy.observations", where=f"indicator_code = '{_sql(code)}' AND unit_code = '{_sql(unit)}'"
            )
            for year in years:
                chosen = targets[(targets["indicator_code"] == code) & (targets["unit_code"] == unit)]
                chosen = chosen[chosen["year"] == year]
                if chosen.empty:
                    continue
                target = float(chosen["target"].iloc[0])
                progress = year_progress(
                    _series(observed, "value"),
                    _series(forecast, "yhat"),
                    year=year,
                    target=target,
                    aggregation=info["aggregation"],
                    frequency=info["frequency"],
                    direction=info["direction"],
                )
                if progress.on_track is False:
                    drafts.append(self._draft(code, unit, year, info, progress.projected, target))
        return drafts

    def _draft(self, code: str, unit: str, year: int, info: pd.Series, projected: float, target: float) -> AlertDraft:
        name = unit_names().get(unit, unit)
        return AlertDraft(
            rule_id=self.id,
            domain=self.domain,
            category="target",
            severity="warning",
            title=f"Dự báo không đạt kế hoạch {year}: {info['name_vi']} ({name})",
            message=(
                f"Ước cả năm {year}: {format_number(projected)} {info['unit']}, kế hoạch {format_number(target)} "
                f"{info['unit']} "
                f"({projected / target:.0%} kế hoạch)."
            ),
            observed_at=pd.Timestamp(year, 12, 31, tz="UTC"),
            table_name=self.table,
            entity_id=f"{code}@{unit}",
            value=float(projected),
            unit_code=unit,
            audiences=(Audience("agency", str(info["agency"])),),
            dedupe_window=timedelta(days=30),
        )


@dataclass(frozen=True)
class OutsideIntervalRule:
    """An observed value outside its forecast's 95 % interval (a :class:`ioc.rules.BatchRule`)."""

    id: str = "economy.outside_interval"
    table: str = "economy.observations"
    domain: str = "economy"

    def evaluate(self, batch: pd.DataFrame, datalayer: DataLayer | None = None) -> list[AlertDraft]:
        if datalayer is None or batch.empty or datalayer.version("economy.forecasts") is None:
            return []
        forecasts = datalayer.read("economy.forecasts")
        joined = batch.merge(forecasts, on=["indicator_code", "unit_code", "period"], how="inner")
        joined = joined[joined["lower"].notna() & joined["upper"].notna()]
        outside = joined[(joined["value"] < joined["lower"]) | (joined["value"] > joined["upper"])]
        catalogue = _catalogue(datalayer)
        drafts = []
        for row in outside.itertuples(index=False):
            info = catalogue.loc[row.indicator_code] if row.indicator_code in catalogue.index else None
            label = info["name_vi"] if info is not None else row.indicator_code
            unit = info["unit"] if info is not None else ""
            side = "cao hơn" if row.value > row.upper else "thấp hơn"
            drafts.append(
                AlertDraft(
                    rule_id=self.id,
                    domain=self.domain,
                    category="forecast_interval",
                    severity="warning",
                    title=f"{label} ({unit_names().get(row.unit_code, row.unit_code)}) {side} dự báo",
                    message=(
                        f"Kỳ {pd.Timestamp(row.period):%m/%Y}: {format_number(row.value)} {unit}, ngoài khoảng "
                        f"dự báo 95% [{format_number(row.lower)}; {format_number(row.upper)}] (mô hình {row.model})."
                    ),
                    observed_at=pd.Timestamp(row.period).tz_localize("UTC"),
                    table_name=self.table,
                    entity_id=f"{row.indicator_code}@{row.unit_code}",
                    value=float(row.value),
                    unit_code=row.unit_code,
                    audiences=(Audience("agency", str(info["agency"])),) if info is not None else (),
                    dedupe_window=timedelta(days=28),
                )
            )
        return drafts


def _sql(text: str) -> str:
    return str(text).replace("'", "''")


def default_rules() -> tuple[TargetMissRule, OutsideIntervalRule]:
    """The economy domain's rules."""
    return (TargetMissRule(), OutsideIntervalRule())
