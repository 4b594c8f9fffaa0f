"""Group-by aggregations give the same answer on DuckDB and on a Dask distributed cluster."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ioc.aggregate import group_aggregate
from ioc.config import load_settings
from ioc.datalayer import DataLayer
from ioc.tables import Column, Table

READINGS = Table(
    name="demo.readings",
    columns=(
        Column("sid", required=True),
        Column("time", "timestamp", required=True),
        Column("kind"),
        Column("value", "float"),
    ),
    key=("sid", "time"),
    time_column="time",
)
AGGREGATIONS = {
    "total": ("value", "sum"),
    "mean": ("value", "mean"),
    "n": ("value", "count"),
    "low": ("value", "min"),
    "high": ("value", "max"),
}


def readings(seed: int, n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    times = pd.date_range("2025-01-01", periods=n // 4, freq="6h", tz="UTC")
    return pd.DataFrame(
        {
            "sid": np.repeat([f"s{i}" for i in range(4)], len(times)),
            "time": np.tile(times, 4),
            "kind": np.tile(["pm25", "pm10"], n // 2),
            "value": rng.gamma(2.0, 10.0, n).round(1),
        }
    )


@pytest.fixture(scope="module")
def cluster():
    from dask.distributed import LocalCluster

    # threads, not processes: the same scheduler protocol at a fraction of the start-up cost
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster:
        yield cluster


@pytest.fixture
def dl(sqlite_settings):
    layer = DataLayer(sqlite_settings, tables=[READINGS])
    layer.write("demo.readings", readings(1))
    corrected = readings(1).sample(frac=0.3, random_state=2).assign(value=lambda f: f["value"] + 100)
    layer.write("demo.readings", corrected)  # 120 corrections the engines must not double count
    yield layer
    layer.close()


def test_dask_and_duckdb_agree(dl, cluster):
    from dask.distributed import Client

    on_duckdb = group_aggregate(dl, "demo.readings", by=["sid", "kind"], aggregations=AGGREGATIONS)
    assert on_duckdb["n"].sum() == 400
    with Client(cluster) as client:
        on_dask = group_aggregate(dl, "demo.readings", by=["sid", "kind"], aggregations=AGGREGATIONS, scheduler=client)
        pd.testing.assert_frame_equal(on_duckdb, on_dask)
        dl.compact("demo.readings")  # compacted: Dask reads the files as they are, no shuffle
        compacted = group_aggregate(dl, "demo.readings", by=["sid"], aggregations=AGGREGATIONS, engine="dask")
    pd.testing.assert_frame_equal(
        group_aggregate(dl, "demo.readings", by=["sid"], aggregations=AGGREGATIONS), compacted
    )


def test_the_scheduler_comes_from_the_environment(tmp_path, cluster, monkeypatch):
    monkeypatch.setenv("IOC_DASK_SCHEDULER", cluster.scheduler_address)
    settings = load_settings(data_dir=tmp_path / "data")
    assert settings.dask_scheduler == cluster.scheduler_address
    layer = DataLayer(settings, tables=[READINGS])
    layer.write("demo.readings", readings(3, n=40))
    auto = group_aggregate(layer, "demo.readings", by=["kind"], aggregations={"n": ("value", "count")})
    assert auto["n"].tolist() == [20, 20]


def test_bad_aggregations_are_clear(dl):
    with pytest.raises(ValueError, match="median"):
        group_aggregate(dl, "demo.readings", by=["sid"], aggregations={"m": ("value", "median")})
    with pytest.raises(ValueError, match="valu"):
        group_aggregate(dl, "demo.readings", by=["sid"], aggregations={"m": ("valu", "sum")})
