"""The infosec plugin's section of ``ioc.yaml`` (``plugins: infosec: …``), validated.

Example::

    plugins:
      infosec:
        assets: /etc/ioc/infosec/tai_san.csv      # agency, cidr, hostnames, criticality
        blocklist: /etc/ioc/infosec/blocklist.txt # one address/CIDR a line, or CSV with an "ip" column
        severity_threshold: high                  # alert from this normalised severity up
        agency_thresholds: {CA: medium}           # … or per agency
        burst: {count: 20, minutes: 10}           # one signature from one source
        campaign: {agencies: 3, hours: 24}        # one source against several agencies
        sensor_silence_hours: 2                   # a sensor silent for longer raises an alert
        ossec_timezone: null                      # alerts.log times; default: the site's zone

A misspelt key is refused with the nearest valid one.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ioc.config import Settings, validate_section

SeverityName = Literal["low", "medium", "high", "critical"]
SEVERITY_LEVELS = {"low": 1, "medium": 2, "high": 3, "critical": 4}


class BurstSettings(BaseModel):
    """A signature from one source seen ``count`` times within ``minutes`` (project default)."""

    model_config = ConfigDict(extra="forbid")
    count: int = Field(20, ge=2)
    minutes: int = Field(10, ge=1)


class CampaignSettings(BaseModel):
    """One source attacking at least ``agencies`` agencies within ``hours`` (project default)."""

    model_config = ConfigDict(extra="forbid")
    agencies: int = Field(3, ge=2)
    hours: int = Field(24, ge=1)


class InfosecConfig(BaseModel):
    """The whole ``plugins.infosec`` section."""

    model_config = ConfigDict(extra="forbid")
    assets: str | None = None
    blocklist: str | None = None
    severity_threshold: SeverityName = "high"
    agency_thresholds: dict[str, SeverityName] = Field(default_factory=dict)
    burst: BurstSettings = Field(default_factory=BurstSettings)
    campaign: CampaignSettings = Field(default_factory=CampaignSettings)
    sensor_silence_hours: float = Field(2.0, gt=0)
    ossec_timezone: str | None = None


def infosec_config(settings: Settings | None) -> InfosecConfig:
    """The validated ``plugins.infosec`` section (defaults without settings)."""
    values = settings.plugin_config("infosec") if settings is not None else {}
    return validate_section(InfosecConfig, values, "plugins.infosec")
