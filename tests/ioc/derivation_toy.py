"""Toy plugins for ``test_derivations``: ticks, and daily means derived from them; a plain table.

Importable by the child processes the test kills. ``IOC_TOY_HOLD=<file>``: the derive hook
creates that file, then waits (the batch is stored, its derivation not: where the test kills).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pandas as pd

from ioc.plugins import Plugin, Registry
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
PLAIN = Table(name="toy.plain", columns=(Column("name", required=True),), key=("name",))


def daily_means(datalayer, table, written):
    """The mean of every (sensor, day) the written ticks touch, over all its stored ticks."""
    if table != "toy.ticks":
        return
    hold = os.environ.get("IOC_TOY_HOLD")
    if hold:
        Path(hold).touch()
        time.sleep(120)
    days = written["time"].dt.floor("D")
    stored = datalayer.read("toy.ticks", start=days.min(), end=days.max() + pd.Timedelta(days=1))
    yield (
        "toy.daily",
        stored.assign(day=stored["time"].dt.floor("D"))
        .groupby(["sensor", "day"], as_index=False)["value"]
        .mean()
        .rename(columns={"value": "mean"}),
    )


def toy_registry() -> Registry:
    return Registry(
        [
            Plugin(name="toy", title="Toy", tables=(TICKS, DAILY), derive=daily_means),
            Plugin(name="plain", title="Plain", tables=(PLAIN,)),  # no hook, no rule
        ]
    )


def ticks(day: str, sensors: int = 3) -> pd.DataFrame:
    times = pd.date_range(day, periods=24, freq="h", tz="UTC")
    return pd.DataFrame(
        {
            "sensor": [f"s{i}" for i in range(sensors) for _ in times],
            "time": list(times) * sensors,
            "value": [float(i + hour) for i in range(sensors) for hour in range(24)],
        }
    )
