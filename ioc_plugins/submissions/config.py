"""The submissions plugin's section of ``ioc.yaml`` (``plugins: submissions: …``), validated.

Example::

    plugins:
      submissions:
        emails: {STC: dau.moi.stc@baria-vungtau.gov.vn}   # focal points, by agency code
        plausible_ratio: 3.0                              # a value beyond 3× / ÷3 its history is refused
        ioc_email: ioc@baria-vungtau.gov.vn               # who hears about missed submissions

A misspelt key is refused with the nearest valid one.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ioc.config import Settings, validate_section


class SubmissionsConfig(BaseModel):
    """The whole ``plugins.submissions`` section."""

    model_config = ConfigDict(extra="forbid")
    emails: dict[str, str] = Field(default_factory=dict)
    """E-mail of each agency's focal point (overrides ``agencies.yaml``)."""
    plausible_ratio: float = Field(3.0, gt=1)
    """Project choice: a value more than this many times above (or below) the median of its last
    12 values is refused as implausible (catches a misplaced thousands separator or an extra 0)."""
    ioc_email: str | None = None
    """Where reminders are copied and missed submissions reported."""


def submissions_config(settings: Settings | None) -> SubmissionsConfig:
    """The validated ``plugins.submissions`` section (defaults without settings)."""
    values = settings.plugin_config("submissions") if settings is not None else {}
    return validate_section(SubmissionsConfig, values, "plugins.submissions")
