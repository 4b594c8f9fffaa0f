"""A lot almost full → an alert to the transport department."""

from __future__ import annotations

from ioc.rules import Audience, ThresholdRule

FULL = ThresholdRule(
    id="parking.full",
    table="parking.occupancy",
    domain="parking",
    category="traffic",
    entity="lot_id",
    column="occupied_pct",
    threshold=95,
    title="Bãi {lot_id} sắp đầy",
    message="{occupied_pct}% chỗ đã có xe",
    audiences=(Audience("agency", "SGTVT"),),
)
