"""The environment plugin's section of ``ioc.yaml`` (``plugins: environment: …``), validated.

Example::

    plugins:
      environment:
        aqi_alert_band: poor   # alert from "Kém" (VN_AQI ≥ 101) upwards; or moderate, bad …
        open_meteo:            # `ioc collect open-meteo` (modelled, CAMS-based)
          points:              # default: one point per ward/commune of the site
            - {id: om_tam_thang, name: Phường Tam Thắng, lat: 10.356, lon: 107.087}
        openaq:                # `ioc collect openaq` (measured; key from OPENAQ_API_KEY)
          bbox: [106.9, 10.3, 107.6, 10.8]

A misspelt key or band is refused with the nearest valid one.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ioc.config import Settings, validate_section

#: Band keys of VN_AQI (:data:`.bands.BANDS`), mildest first.
AqiBandKey = Literal["good", "moderate", "poor", "bad", "very_bad", "hazardous"]


class FeedPoint(BaseModel):
    """A place to pull modelled values for (an Open-Meteo grid point)."""

    model_config = ConfigDict(extra="forbid")
    id: str
    name: str
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class HttpFeedConfig(BaseModel):
    """What every HTTP collector shares: politeness, retries, first backfill."""

    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    min_interval_s: float = Field(1.0, ge=0)
    """Seconds between two requests (project choice: one a second is polite for free APIs)."""
    retries: int = Field(4, ge=0)
    backoff_s: float = Field(2.0, ge=0)
    timeout_s: float = Field(30.0, gt=0)
    backfill_hours: int = Field(72, ge=1)
    """How far back the first run goes (later runs continue from the saved cursor)."""


class OpenMeteoConfig(HttpFeedConfig):
    """``plugins.environment.open_meteo``: the Open-Meteo air-quality API (CAMS model)."""

    base_url: str = "https://air-quality-api.open-meteo.com/v1/air-quality"
    points: list[FeedPoint] = Field(default_factory=list)
    """Empty: one point per ward/commune of the site (its centre, from the unit catalogue)."""


class OpenAQConfig(HttpFeedConfig):
    """``plugins.environment.openaq``: OpenAQ API v3 measurements in the site's area."""

    base_url: str = "https://api.openaq.org"
    api_key: str | None = None
    """Better left out of ioc.yaml: the ``api_key_env`` variable is read when this is empty."""
    api_key_env: str = "OPENAQ_API_KEY"
    bbox: tuple[float, float, float, float] | None = None
    """``min_lon, min_lat, max_lon, max_lat``; the site profile's bbox when empty."""
    page_limit: int = Field(1000, ge=1, le=1000)


class EnvironmentConfig(BaseModel):
    """The whole ``plugins.environment`` section."""

    model_config = ConfigDict(extra="forbid")
    aqi_alert_band: AqiBandKey = "poor"
    """The first VN_AQI band that raises an air-quality alert (project default: "Kém")."""
    open_meteo: OpenMeteoConfig = Field(default_factory=OpenMeteoConfig)
    openaq: OpenAQConfig = Field(default_factory=OpenAQConfig)


def environment_config(settings: Settings | None) -> EnvironmentConfig:
    """The validated ``plugins.environment`` section (defaults without settings)."""
    values = settings.plugin_config("environment") if settings is not None else {}
    return validate_section(EnvironmentConfig, values, "plugins.environment")
