"""The toy tables of the demo-profile tests: hourly ticks, and daily means a derive hook makes of them."""

from __future__ import annotations

from ioc.tables import Column, Table

TICKS = Table(
    name="toy.ticks",
    columns=(Column("sensor", required=True), Column("time", "timestamp", required=True), Column("value", "float")),
    key=("sensor", "time"),
    time_column="time",
)
DAILY = Table(
    name="toy.daily",
    columns=(Column("sensor", required=True), Column("day", "timestamp", required=True), Column("mean", "float")),
    key=("sensor", "day"),
    time_column="day",
)


def toy_daily(datalayer, table, written):
    """A derive hook: one daily mean per sensor and day of the written ticks (rows the plan never sees)."""
    if table == "toy.ticks":
        day = written["time"].dt.floor("D")
        yield (
            "toy.daily",
            written.assign(day=day)
            .groupby(["sensor", "day"], as_index=False)["value"]
            .mean()
            .rename(columns={"value": "mean"}),
        )
