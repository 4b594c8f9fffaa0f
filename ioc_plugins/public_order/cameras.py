"""The camera registry as the rules and queries need it: thresholds, places, allowed hours."""

from __future__ import annotations

import weakref
from datetime import time
from typing import Any

import pandas as pd

from ioc_plugins.public_order.tables import CAMERAS

REGISTRY_COLUMNS = CAMERAS.column_names
_CACHE: weakref.WeakKeyDictionary[Any, tuple[int | None, dict[str, dict[str, Any]]]] = weakref.WeakKeyDictionary()


def registry(datalayer: Any) -> pd.DataFrame:
    """The stored cameras (an empty frame with the declared columns before any is stored)."""
    if datalayer is None or datalayer.version(CAMERAS.name) is None:
        return CAMERAS.empty_frame()
    return datalayer.read(CAMERAS.name)


def camera_info(datalayer: Any) -> dict[str, dict[str, Any]]:
    """``camera_id`` → its registry row as a plain dict (missing values as ``None``).

    Read once per version of the registry (rules ask on every batch of a live stream; the
    registry changes far less often). Callers must not modify the dicts.
    """
    if datalayer is None:
        return {}
    version = datalayer.version(CAMERAS.name)  # None before the first camera is stored
    cached = _CACHE.get(datalayer)
    if cached is not None and cached[0] == version:
        return cached[1]
    frame = registry(datalayer)
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    info = {str(r["camera_id"]): r for r in records}
    _CACHE[datalayer] = (version, info)
    return info


def parse_hours(text: str | None) -> tuple[time, time] | None:
    """``"05:00-22:00"`` → ``(05:00, 22:00)``; ``None`` for a missing or unreadable value.

    A window that ends before it starts wraps midnight (``"22:00-05:00"``: night only); one
    that ends where it starts (``"00:00-00:00"``) allows no hour at all.
    """
    if not text or "-" not in str(text):
        return None
    start, _, end = str(text).partition("-")
    try:
        return time.fromisoformat(start.strip().zfill(5)), time.fromisoformat(end.strip().zfill(5))
    except ValueError:
        return None


def within(moment: time, window: tuple[time, time]) -> bool:
    """Whether a local time of day falls inside an allowed window (which may wrap midnight)."""
    start, end = window
    if start <= end:
        return start <= moment < end
    return moment >= start or moment < end
