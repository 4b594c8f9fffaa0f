"""The feedback plugin's section of ``ioc.yaml`` (``plugins: feedback: …``), validated.

Example::

    plugins:
      feedback:
        routing: /etc/ioc/phan_cong.csv        # category × commune → agency (YAML or CSV)
        sla: {road_damage: {resolve_days: 3}}  # per-category overrides of the SLA
        duplicates: {distance_m: 100}          # when two reports count as one
        public_url: https://ioc.example.gov.vn # links in e-mails to citizens and agencies
        open311:                               # the Open311 API and its discovery document
          jurisdiction_id: baria-vungtau.gov.vn  # default: the site key
          contact: "Trung tâm IOC, ĐT 0254 …"
          key_service: "Xin api_key tại …"
          endpoint_type: production            # or test

A misspelt key is refused with the nearest valid one.
"""

from __future__ import annotations

from typing import Literal

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


class Open311Settings(BaseModel):
    """The Open311 GeoReport v2 API: which jurisdiction it serves and what discovery tells clients.

    Attributes
    ----------
    jurisdiction_id
        The one jurisdiction this endpoint serves (the specification suggests the
        jurisdiction's web domain); ``None`` means the site key. A request may leave
        ``jurisdiction_id`` out; one that names another jurisdiction gets a 404.
    contact, key_service
        The discovery document's human-readable contact and how to get an ``api_key``;
        ``None`` gives a Vietnamese default naming the site.
    endpoint_type
        ``production`` (reports are acted upon) or ``test``, as discovery declares it.
    """

    model_config = ConfigDict(extra="forbid")
    jurisdiction_id: str | None = Field(None, min_length=1)
    contact: str | None = Field(None, min_length=1)
    key_service: str | None = Field(None, min_length=1)
    endpoint_type: Literal["production", "test"] = "production"


class FeedbackConfig(BaseModel):
    """The whole ``plugins.feedback`` section."""

    model_config = ConfigDict(extra="forbid")
    routing: str | None = None
    sla: dict[str, SlaOverride] = Field(default_factory=dict)
    duplicates: DuplicateSettings = Field(default_factory=DuplicateSettings)
    public_url: str | None = None
    open311: Open311Settings = Field(default_factory=Open311Settings)


def feedback_config(settings: Settings) -> FeedbackConfig:
    """The validated ``plugins.feedback`` section of ``settings``."""
    return validate_section(FeedbackConfig, settings.plugin_config("feedback"), "plugins.feedback")
