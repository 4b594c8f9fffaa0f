"""The public-order plugin's section of ``ioc.yaml`` (``plugins: public_order: …``), validated.

Example::

    plugins:
      public_order:
        crowd_threshold: 150      # people in one camera's view that make a crowd
        crowd_minutes: 10         # … held for this many minutes
        vehicle_threshold: 60     # vehicles in view that, with a long dwell, make a jam
        congestion_dwell_s: 90    # mean seconds the vehicles have been in view
        congestion_minutes: 10
        fire_min_score: 0.6       # fire/smoke detections below this score are not alerted
        camera_silence_min: 30    # expected interval of a camera without its own
        warning_validity_h: 2     # how long a citizen warning is valid
        frame_width: 3840         # frame size assumed for cameras the registry does not size
        frame_height: 2160
        deepstream_sensors:       # DeepStream sensor id → camera id
          10_110_127_110_A1: cam_bai_sau_01

Cameras may override the thresholds in the registry (``crowd_threshold``,
``vehicle_threshold``, ``expected_interval_min``). Every number here is a project choice
(no regulation fixes them); a site tunes them to its cameras. A misspelt key is refused
with the nearest valid one.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ioc.config import Settings, validate_section


class PublicOrderConfig(BaseModel):
    """The whole ``plugins.public_order`` section."""

    model_config = ConfigDict(extra="forbid")
    crowd_threshold: int = Field(150, ge=1)
    """People in one camera's view that make a crowd (project choice)."""
    crowd_minutes: int = Field(10, ge=1, le=240)
    """Minutes the crowd must last before an alert."""
    vehicle_threshold: int = Field(60, ge=1)
    """Vehicles in one view that, with a long dwell, make a traffic jam (project choice)."""
    congestion_dwell_s: float = Field(90.0, ge=0)
    """Mean seconds the counted vehicles have been in view (slow traffic, not busy traffic)."""
    congestion_minutes: int = Field(10, ge=1, le=240)
    """Minutes the jam must last before an alert."""
    fire_min_score: float = Field(0.6, ge=0, le=1)
    """Fire/smoke detections below this score raise no alert."""
    camera_silence_min: int = Field(30, ge=1)
    """Expected interval between a camera's messages when the registry gives none."""
    warning_validity_h: float = Field(2.0, gt=0, le=48)
    """How long a citizen warning (crowd, congestion) stays valid."""
    frame_width: int = Field(3840, ge=1, le=16384)
    frame_height: int = Field(2160, ge=1, le=16384)
    deepstream_sensors: dict[str, str] = Field(default_factory=dict)
    """DeepStream sensor id → camera id (unmapped sensors keep their own id)."""


def public_order_config(settings: Settings | None) -> PublicOrderConfig:
    """The validated ``plugins.public_order`` section (defaults without settings)."""
    values = settings.plugin_config("public_order") if settings is not None else {}
    return validate_section(PublicOrderConfig, values, "plugins.public_order")
