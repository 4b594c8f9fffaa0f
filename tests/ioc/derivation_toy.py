"""Toy plugins for ``test_derivations``: ticks, daily means derived from them; a plain table.

Importable by the child processes the test kills. ``IOC_TOY_HOLD=<file>``: the derive hook
creates that file when it is asked about the table ``IOC_TOY_HOLD_AT`` names (``toy.ticks``:
the ticks are stored, their means not; ``toy.daily``: the means are stored too), then waits
there to be killed.

The daily rows also count how many batches derived them so far (``derivations``): the hook
reads what it wrote before, as social stories read their memberships, so deriving a batch
twice is not the same as deriving it once.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pandas as pd
from demo_toy import TICKS

from ioc.plugins import Plugin, Registry
from ioc.tables import Column, Table

DAILY = Table(
    name="toy.daily",
    columns=(
        Column("sensor", required=True),
        Column("day", "timestamp", required=True),
        Column("mean", "float"),
        Column("derivations", "int"),
    ),
    key=("sensor", "day"),
    time_column="day",
)
PLAIN = Table(name="toy.plain", columns=(Column("name", required=True),), key=("name",))


def daily_means(datalayer, table, written):
    """The mean of every (sensor, day) the written ticks touch, over all its stored ticks."""
    hold = os.environ.get("IOC_TOY_HOLD")
    if hold and table == os.environ.get("IOC_TOY_HOLD_AT", "toy.ticks"):
        Path(hold).touch()
        time.sleep(120)
    if table != "toy.ticks":
        return
    days = written["time"].dt.floor("D")
    stored = datalayer.read("toy.ticks", start=days.min(), end=days.max() + pd.Timedelta(days=1))
    means = (
        stored.assign(day=stored["time"].dt.floor("D"))
        .groupby(["sensor", "day"], as_index=False)["value"]
        .mean()
        .rename(columns={"value": "mean"})
    )
    before = datalayer.read("toy.daily") if datalayer.version("toy.daily") is not None else None
    counted = (
        before.set_index(["sensor", "day"])["derivations"].astype("int64")
        if before is not None and len(before)
        else pd.Series(dtype="int64")
    )
    means["derivations"] = [int(counted.get((s, d), 0)) + 1 for s, d in zip(means["sensor"], means["day"])]
    yield "toy.daily", means


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
