"""The feedback plugin's section of ``ioc.yaml`` (``plugins: feedback: …``), validated.

Example::

    plugins:
      feedback:
        routing: /etc/ioc/phan_cong.csv        # category × commune → agency (YAML or CSV)
        sla: {road_damage: {resolve_days: 3}}  # per-category overrides of the SLA
        duplicates: {distance_m: 100}          # when two reports count as one
        public_url: https://ioc.example.gov.vn # links in e-mails to citizens and agencies

A misspelt key is refused with the nearest valid one.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ioc.config import Settings, validate_section


class SlaOverride(BaseModel):
    """Fields of one category's SLA to replace (working days / minutes)."""

    model_config = ConfigDict(extra="forbid")
    verify_days: int | None = Field(None, ge=0)
    resolve_days: int | None = Field(None, ge=0)
    response_minutes: int | None = Field(None, ge=0)


class DuplicateSettings(BaseModel):
    """When a new report joins an earlier one (see :class:`.duplicates.DuplicatePolicy`)."""

    model_config = ConfigDict(extra="forbid")
    distance_m: float = Field(150.0, gt=0)
    window_days: int = Field(14, ge=0)
    min_similarity: float = Field(0.35, ge=0, le=1)


class FeedbackConfig(BaseModel):
    """The whole ``plugins.feedback`` section."""

    model_config = ConfigDict(extra="forbid")
    routing: str | None = None
    sla: dict[str, SlaOverride] = Field(default_factory=dict)
    duplicates: DuplicateSettings = Field(default_factory=DuplicateSettings)
    public_url: str | None = None


def feedback_config(settings: Settings) -> FeedbackConfig:
    """The validated ``plugins.feedback`` section of ``settings``."""
    return validate_section(FeedbackConfig, settings.plugin_config("feedback"), "plugins.feedback")
