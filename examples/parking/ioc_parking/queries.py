"""What the parking dashboard shows, as frames: dashboards render, they do not query."""

from __future__ import annotations

import pandas as pd

from ioc.datalayer import DataLayer


def latest_occupancy(datalayer: DataLayer) -> pd.DataFrame:
    """The newest reading of every lot (``lot_id``, ``time``, ``occupied_pct``), fullest first."""
    if datalayer.version("parking.occupancy") is None:
        return pd.DataFrame(
            {
                "lot_id": pd.Series(dtype="string"),
                "time": pd.Series(dtype="datetime64[ns, UTC]"),
                "occupied_pct": pd.Series(dtype="float64"),
            }
        )
    return datalayer.cached_sql(
        "SELECT lot_id, max_by(time, time) AS time, max_by(occupied_pct, time) AS occupied_pct "
        "FROM parking.occupancy GROUP BY lot_id ORDER BY occupied_pct DESC"
    )
