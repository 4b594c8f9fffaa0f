"""The public-administration plugin's section of ``ioc.yaml`` (``plugins: public_admin: …``).

Example::

    plugins:
      public_admin:
        warn_share: 0.2            # warn when ≤ 20 % of the working time to NgayHenTra is left
        reception_days: 1          # an online dossier is received within 1 working day
        step_quota_days: 3         # default quota of one processing step, working days
        lookup_per_minute: 10      # citizen look-ups per client and minute
        lookup_min_seconds: 0.25   # every look-up answer takes at least this long

The numbers are project defaults, not from a regulation, unless a comment says otherwise.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ioc.config import Settings, validate_section


class PublicAdminConfig(BaseModel):
    """Thresholds of the per-action checks and of the citizen look-up."""

    model_config = ConfigDict(extra="forbid")
    #: Share of the working time to NgayHenTra left at which a warning is raised (project default).
    warn_share: float = Field(0.2, gt=0, lt=1)
    #: Working days within which an online submission must be received (project default; the
    #: one-stop rules receive online dossiers on the next working day at the latest).
    reception_days: int = Field(1, ge=0)
    #: Default quota of one processing step held by one officer, in working days (project default).
    step_quota_days: float = Field(3.0, gt=0)
    #: More supplement requests than this is a violation (Nghị định 61/2018, Điều 9: one request).
    max_supplements: int = Field(1, ge=1)
    #: Citizen look-ups allowed per client per minute.
    lookup_per_minute: int = Field(10, ge=1)
    #: Minimum answer time of a look-up, so a wrong code answers as slowly as a right one.
    lookup_min_seconds: float = Field(0.25, ge=0)


def public_admin_config(settings: Settings | None) -> PublicAdminConfig:
    """The validated section of ``settings`` (defaults without settings)."""
    if settings is None:
        return PublicAdminConfig()
    return validate_section(PublicAdminConfig, settings.plugin_config("public_admin"), "plugins.public_admin")
