"""The parking dashboard: a bar per lot, coloured where the lot is almost full.

An external plugin keeps its dashboard in its own package; it builds on the workbench's
:class:`dashboards.base.BaseDashboard` (freshness badge, alerts, live refresh, theme) and
renders what :mod:`ioc_parking.queries` returns, with hvPlot.
"""

from __future__ import annotations

from typing import Any

import hvplot.pandas  # noqa: F401 - registers .hvplot on frames
import pandas as pd
import panel as pn

from dashboards.base import BaseDashboard
from ioc_parking.queries import latest_occupancy


class ParkingDashboard(BaseDashboard):
    """Occupancy of the parking lots, fullest first."""

    domain = "parking"
    freshness_table = "parking.occupancy"

    def __init__(self, **params: Any) -> None:
        params.setdefault("title", "Giám sát bãi đỗ xe")
        super().__init__(**params)

    def latest_time(self, table: str | None = None) -> pd.Timestamp | None:
        frame = latest_occupancy(self.datalayer)
        return None if frame.empty else pd.Timestamp(frame["time"].max())

    def main_area(self) -> list[Any]:
        def chart(_version: int) -> Any:
            frame = latest_occupancy(self.datalayer)
            frame = frame.assign(full=frame["occupied_pct"] >= 95)
            return frame.hvplot.bar(
                x="lot_id",
                y="occupied_pct",
                color="full",
                cmap={True: "#d62728", False: "#1f77b4"},
                ylim=(0, 100),
                xlabel="Bãi đỗ xe",
                ylabel="Tỉ lệ lấp đầy (%)",
                height=320,
                responsive=True,
                legend=False,
                title="Tỉ lệ lấp đầy hiện tại",
            )

        return [pn.panel(pn.bind(chart, self.param.data_version), sizing_mode="stretch_width"), self.alert_table()]
