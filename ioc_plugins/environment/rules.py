"""Default rules of the environment domain and the warnings they address.

- AQI at or above the configured band (``plugins.environment.aqi_alert_band``; by default
  "Kém", VN_AQI ≥ 101) → alert; warning to the environment agency and to the citizens of
  the unit.
- Water level at or above an alarm level (báo động I/II/III) → alert; warning to the
  disaster-prevention command and to citizens.
- Water rising fast (≥ 0.15 m/h) → early warning.
- A station silent for more than three times its expected interval → alert to operators.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

import pandas as pd

from ioc.datalayer import DataLayer
from ioc.rules import AlertDraft, Audience, RateOfChangeRule, Rule, StalenessRule, ThresholdRule
from ioc_plugins.environment.bands import BANDS
from ioc_plugins.environment.config import environment_config
from ioc_plugins.environment.stations import stations
from ioc_plugins.environment.tables import MODELLED, MODELLED_NOTE

#: VN_AQI value where the "Kém" band starts (QĐ 1459: 101–150).
AQI_POOR = 101
RISING_RATE_M_PER_H = 0.15


def _aqi_severity(row: Mapping[str, Any]) -> str:
    aqi = row.get("aqi") or 0
    return "critical" if aqi > 200 else "high" if aqi > 150 else "warning"


def _alarm_severity(row: Mapping[str, Any]) -> str:
    level = row.get("level_m") or 0
    if row.get("alarm_3") is not None and level >= row["alarm_3"]:
        return "critical"
    if row.get("alarm_2") is not None and level >= row["alarm_2"]:
        return "high"
    return "warning"


def _expected_intervals(kind: str) -> Callable[[Any], dict[str, timedelta]]:
    """Expected reporting intervals of one kind of station: the shipped registry, updated by
    the stations stored in the lake (a deployment's own registry, the demo's clones)."""

    def intervals(datalayer: Any) -> dict[str, timedelta]:
        registry = stations()[["station_id", "kind", "expected_interval_min"]]
        if datalayer is not None and datalayer.version("environment.stations") is not None:
            stored = datalayer.read("environment.stations", columns=["station_id", "kind", "expected_interval_min"])
            registry = pd.concat([registry, stored.astype({"expected_interval_min": "float64"})]).drop_duplicates(
                "station_id", keep="last"
            )
        chosen = registry[(registry["kind"] == kind) & registry["expected_interval_min"].notna()]
        return {
            str(s): timedelta(minutes=int(m)) for s, m in zip(chosen["station_id"], chosen["expected_interval_min"])
        }

    return intervals


def _not_tidal(frame: pd.DataFrame) -> pd.Series:
    """Tide gauges rise 0.4 m/h twice a day: the rising-rate warning is for rivers and flood points."""
    registry = stations()
    tidal = tuple(registry.loc[registry["tidal"].fillna(False).astype(bool), "station_id"].astype(str))
    base = frame["station_id"].astype(str).str.replace(r"_x\d+$", "", regex=True)
    return ~base.isin(tidal)


@dataclass(frozen=True)
class AqiBandRule:
    """The AQI alert, from the band the deployment configures (a :class:`ioc.rules.BatchRule`).

    The threshold is the lower bound of ``plugins.environment.aqi_alert_band``, read from
    the data layer's settings at each evaluation; without a data layer (a backtest) the
    default band applies.
    """

    rule: ThresholdRule
    id: str = "environment.aqi_poor"
    table: str = "environment.aqi_hourly"
    domain: str = "environment"

    def threshold(self, datalayer: DataLayer | None) -> int:
        key = environment_config(datalayer.settings if datalayer is not None else None).aqi_alert_band
        return next(band.lower for band in BANDS if band.key == key)

    def evaluate(self, batch: pd.DataFrame, datalayer: DataLayer | None = None) -> list[AlertDraft]:
        rule = replace(self.rule, threshold=self.threshold(datalayer))
        if "origin" not in batch:
            return rule.evaluate(batch, datalayer)
        modelled = (batch["origin"] == MODELLED).fillna(False).astype(bool)
        drafts = rule.evaluate(batch[~modelled], datalayer) if (~modelled).any() else []
        if modelled.any():
            drafts += modelled_rule(rule).evaluate(batch[modelled], datalayer)
        return drafts


def modelled_rule(rule: ThresholdRule) -> ThresholdRule:
    """The AQI rule on model output: labelled "tham khảo (mô hình)", for the agency only.

    Project choice: an index computed on a model's estimate (Open-Meteo/CAMS) is a hint for
    the environment agency to look at, never a warning to citizens on its own.
    """
    return replace(
        rule,
        title=f"{rule.title} — {MODELLED_NOTE}",
        message=f"Số liệu mô hình, {MODELLED_NOTE}, không phải số đo. {rule.message}",
        audiences=tuple(a for a in rule.audiences if a.kind != "citizens"),
    )


AQI_POOR_RULE = ThresholdRule(
    id="environment.aqi_poor",
    table="environment.aqi_hourly",
    domain="environment",
    category="air_quality",
    entity="station_id",
    column="aqi",
    op=">=",
    threshold=AQI_POOR,
    severity=_aqi_severity,
    title="Chất lượng không khí {band} tại trạm {station_id} (AQI {aqi})",
    message="VN_AQI giờ đạt {aqi} ({band}), chất ô nhiễm chính {dominant}. Người dân hạn chế hoạt động ngoài trời.",
    audiences=(Audience("agency", "STNMT"), Audience("citizens")),
)

WATER_ALARM_RULE = ThresholdRule(
    id="environment.water_alarm",
    table="environment.water_levels",
    domain="environment",
    category="flooding",
    entity="station_id",
    column="level_m",
    op=">=",
    threshold="alarm_1",
    severity=_alarm_severity,
    title="Mực nước vượt báo động tại trạm {station_id} ({level_m:.2f} m)",
    message="Mực nước {level_m:.2f} m, ngưỡng báo động I {alarm_1} m / II {alarm_2} m / III {alarm_3} m.",
    audiences=(Audience("agency", "BCHPCTT"), Audience("citizens")),
    where=lambda frame: frame["alarm_1"].notna(),
)

WATER_RISING_RULE = RateOfChangeRule(
    id="environment.water_rising",
    table="environment.water_levels",
    domain="environment",
    category="flooding",
    entity="station_id",
    column="level_m",
    rate_per_hour=RISING_RATE_M_PER_H,
    severity="warning",
    title="Mực nước lên nhanh tại trạm {station_id}",
    message="Mực nước tăng {value:.2f} m/giờ (ngưỡng {threshold} m/giờ).",
    audiences=(Audience("agency", "BCHPCTT"),),
    where=_not_tidal,
)


def silence_rule(table: str, kind: str) -> StalenessRule:
    return StalenessRule(
        id=f"environment.silent.{kind}",
        table=table,
        domain="environment",
        category="station_silent",
        entity="station_id",
        severity="info",
        expected=_expected_intervals(kind),
        title="Trạm {station_id} mất tín hiệu",
        message="Không nhận được số liệu từ trạm {station_id} trong {silence_hours} giờ (lần cuối {last_seen}).",
        audiences=(Audience("agency", "STNMT"),),
        dedupe_window=timedelta(hours=24),
    )


def default_rules() -> tuple[Rule, ...]:
    """The environment domain's rules, in the order they are listed."""
    return (
        AqiBandRule(AQI_POOR_RULE),
        WATER_ALARM_RULE,
        WATER_RISING_RULE,
        silence_rule("environment.air_readings", "air"),
        silence_rule("environment.water_levels", "water_level"),
    )
