"""The parking plugin's one table."""

from __future__ import annotations

from ioc.tables import Column, Table

OCCUPANCY = Table(
    name="parking.occupancy",
    description="Tỉ lệ lấp đầy bãi đỗ xe",
    columns=(
        Column("lot_id", required=True),
        Column("time", "timestamp", required=True),
        Column("occupied_pct", "float", minimum=0, maximum=100),
    ),
    key=("lot_id", "time"),
    time_column="time",
)

TABLES = (OCCUPANCY,)
