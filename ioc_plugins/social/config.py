"""The social plugin's section of ``ioc.yaml`` (``plugins: social: …``), validated.

Example::

    plugins:
      social:
        feeds:                                  # RSS/Atom feeds `ioc collect rss` reads
          - https://baobariavungtau.com.vn/rss/xa-hoi.rss
          - https://vnexpress.net/rss/thoi-su.rss
        min_interval_s: 2.0                     # pause between two requests to one host
        watchlist: /etc/ioc/tu_khoa_theo_doi.yaml  # default: nlp/resources/watchlist_brvt.yaml
        spread:
          sources: 5                            # a negative story on this many sources alerts
          negative_share: 0.5                   # what "negative story" means
          growth_score: 4.0                     # hourly growth above the story's own baseline
          min_new_items: 5
        topic_agencies: {traffic: SGTVT}        # overrides of topic → agency (default: the site profile)

A misspelt key is refused with the nearest valid one.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ioc.config import Settings, validate_section


class SpreadSettings(BaseModel):
    """When a story's spread raises an alert (see :class:`ioc_plugins.social.rules.SpreadRule`)."""

    model_config = ConfigDict(extra="forbid")
    sources: int = Field(5, ge=2)
    """Distinct sources a negative story must reach (project choice)."""
    negative_share: float = Field(0.5, gt=0, le=1)
    """Share of negative items that makes a story negative (project choice)."""
    growth_score: float = Field(4.0, gt=0)
    """Score of the hourly new items above the story's own baseline (as in nlp.hot_topics)."""
    min_new_items: int = Field(5, ge=1)
    """New items an hour must have before growth can alert."""


class SocialConfig(BaseModel):
    """The whole ``plugins.social`` section."""

    model_config = ConfigDict(extra="forbid")
    feeds: list[str] = Field(default_factory=list)
    min_interval_s: float = Field(2.0, ge=0)
    timeout_s: float = Field(20.0, gt=0)
    user_agent: str = Field("IOC-Workbench/1.0 (public news monitoring)", pattern=r"^[\x20-\x7e]+$")
    """Sent with every request; HTTP headers are ASCII (no Vietnamese letters here)."""
    watchlist: str | None = None
    spread: SpreadSettings = Field(default_factory=SpreadSettings)
    topic_agencies: dict[str, str] = Field(default_factory=dict)


def social_config(settings: Settings | None) -> SocialConfig:
    """The validated ``plugins.social`` section (defaults without settings)."""
    values = settings.plugin_config("social") if settings is not None else {}
    return validate_section(SocialConfig, values, "plugins.social")
