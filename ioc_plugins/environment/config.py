"""The environment plugin's section of ``ioc.yaml`` (``plugins: environment: …``), validated.

Example::

    plugins:
      environment:
        aqi_alert_band: poor   # alert from "Kém" (VN_AQI ≥ 101) upwards; or moderate, bad …

A misspelt key or band is refused with the nearest valid one.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from ioc.config import Settings, validate_section

#: Band keys of VN_AQI (:data:`.bands.BANDS`), mildest first.
AqiBandKey = Literal["good", "moderate", "poor", "bad", "very_bad", "hazardous"]


class EnvironmentConfig(BaseModel):
    """The whole ``plugins.environment`` section."""

    model_config = ConfigDict(extra="forbid")
    aqi_alert_band: AqiBandKey = "poor"
    """The first VN_AQI band that raises an air-quality alert (project default: "Kém")."""


def environment_config(settings: Settings | None) -> EnvironmentConfig:
    """The validated ``plugins.environment`` section (defaults without settings)."""
    values = settings.plugin_config("environment") if settings is not None else {}
    return validate_section(EnvironmentConfig, values, "plugins.environment")
