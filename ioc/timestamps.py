"""Instants in UTC: the one rule for a time whose zone may be missing.

Everything the workbench stores is UTC. A time that arrives without a zone is UTC too:
SQLite hands stored datetimes back naive, and the tables' validation localises naive
source times before they are stored (adapters convert site-local times first). Site-local
display is the dashboards' concern (:func:`ioc.config.site_timezone`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd


def as_utc(value: Any) -> pd.Timestamp:
    """``value`` (anything :class:`pandas.Timestamp` reads) as a UTC timestamp; a naive one is
    taken as UTC, an aware one converted."""
    stamp = pd.Timestamp(value)
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
