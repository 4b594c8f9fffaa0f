"""Demo occupancy: three lots, busy at lunch and in the evening."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from ioc.config import site_timezone
from ioc.plugins import DemoContext
from ioc_parking.tables import OCCUPANCY

LOTS = ("bai_xe_bai_sau", "bai_xe_cho_vung_tau", "bai_xe_ba_ria")


def generate(context: DemoContext) -> Iterator[tuple[str, pd.DataFrame]]:
    """One batch per lot, every 15 minutes of the demo period."""
    rng = np.random.default_rng(context.seed)
    times = pd.date_range(pd.Timestamp(context.start).tz_convert("UTC"), periods=context.days * 96, freq="15min")
    hour = times.tz_convert(site_timezone(context.settings)).hour.to_numpy()  # the site's local clock
    busy = 40 + 30 * np.exp(-((hour - 12) ** 2) / 4) + 35 * np.exp(-((hour - 19) ** 2) / 3)
    for lot in LOTS:
        occupied = np.clip(busy + rng.normal(0, 6, len(times)), 0, 100).round(1)
        yield OCCUPANCY.name, pd.DataFrame({"lot_id": lot, "time": times, "occupied_pct": occupied})
