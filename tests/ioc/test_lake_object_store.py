"""The lake on S3-compatible object storage (a ``moto`` server on loopback).

The same batches written to a local lake and to ``s3://…`` read back identically: current
rows, history, after a correction and after compaction; secrets never show in ``repr``.
"""

from __future__ import annotations

import socket

import pandas as pd
import pytest

from ioc.config import LakeSettings, load_settings
from ioc.datalayer import DataLayer
from ioc.tables import Column, Table

READINGS = Table(
    name="demo.readings",
    columns=(Column("sid", required=True), Column("time", "timestamp", required=True), Column("value", "float")),
    key=("sid", "time"),
    time_column="time",
)


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_settings(s3_endpoint, tmp_path, monkeypatch):
    import boto3

    monkeypatch.setenv("IOC_LAKE_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("IOC_LAKE_SECRET_ACCESS_KEY", "testing-secret")
    bucket = f"ioc-{tmp_path.name.lower().replace('_', '-')[-40:]}"
    boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing-secret",
        region_name="us-east-1",
    ).create_bucket(Bucket=bucket)
    lake = {"uri": f"s3://{bucket}/lake", "endpoint": s3_endpoint, "allow_http": True}
    return load_settings(data_dir=tmp_path / "s3-data", lake=lake)


def batches():
    times = ["2025-01-01T00:00Z", "2025-01-01T01:00Z", "2025-02-01T00:00Z"]
    yield pd.DataFrame({"sid": ["a", "a", "b"], "time": times, "value": [1.0, 2.0, 3.0]})
    yield pd.DataFrame({"sid": ["a", "a", "b"], "time": times, "value": [1.0, 20.0, 3.0]})
    yield pd.DataFrame({"sid": ["c"], "time": ["2025-02-02T00:00Z"], "value": [4.0]})


def readback(dl):
    current = dl.read("demo.readings").sort_values(["sid", "time"]).reset_index(drop=True)
    history = dl.read("demo.readings", history=True, columns=["sid", "time", "value"])
    return current, history.sort_values(["sid", "time", "value"]).reset_index(drop=True)


def test_s3_lake_gives_the_same_results_as_local(s3_settings, sqlite_settings):
    remote = DataLayer(s3_settings, tables=[READINGS])
    local = DataLayer(sqlite_settings, tables=[READINGS])
    assert remote.storage.remote and not local.storage.remote
    assert not any(
        path.name.endswith(".parquet") for path in (s3_settings.data_dir / "lake").rglob("*") if path.exists()
    )
    for batch in batches():
        got, want = remote.write("demo.readings", batch), local.write("demo.readings", batch)
        assert (got.accepted, got.duplicate, got.superseded) == (want.accepted, want.duplicate, want.superseded)
        # the key-unique marker moves on S3 as it does on disk (fresh: the correction's file)
        remote_state, local_state = (layer.storage.compacted_state(READINGS) for layer in (remote, local))
        assert (remote_state.version, len(remote_state.fresh)) == (local_state.version, len(local_state.fresh))
    assert remote.write("demo.readings", next(batches())).accepted == 1  # back to 2.0: a correction again
    local.write("demo.readings", next(batches()))
    for want, got in zip(readback(local), readback(remote), strict=True):
        pd.testing.assert_frame_equal(want, got)
    sql = "SELECT sid, count(*) AS n, sum(value) AS total FROM demo.readings GROUP BY sid ORDER BY sid"
    pd.testing.assert_frame_equal(local.sql(sql), remote.sql(sql))
    assert all(f.startswith("s3://") for f in remote.files("demo.readings"))

    done = remote.compact("demo.readings")
    local.compact("demo.readings")
    assert done["superseded"] == 2 and done["files_after"] < done["files_before"]
    for want, got in zip(readback(local), readback(remote), strict=True):
        pd.testing.assert_frame_equal(want, got)
    assert remote.vacuum("demo.readings", retention_hours=0) > 0
    pd.testing.assert_frame_equal(readback(local)[0], readback(remote)[0])


def test_storage_options_and_no_secret_in_repr(monkeypatch):
    monkeypatch.setenv("IOC_LAKE_SECRET_ACCESS_KEY", "s3cr3t")
    lake = LakeSettings(uri="s3://b/lake", endpoint="http://127.0.0.1:9000", access_key_id="k", allow_http=True)
    options = lake.storage_options()
    assert options["AWS_ENDPOINT_URL"] == "http://127.0.0.1:9000" and options["AWS_ALLOW_HTTP"] == "true"
    assert options["AWS_SECRET_ACCESS_KEY"] == "s3cr3t"
    assert "s3cr3t" not in repr(lake) and LakeSettings().storage_options() is None
    monkeypatch.setenv("IOC_LAKE_URI", "s3://other/lake")
    assert load_settings().lake.uri == "s3://other/lake"


def test_dask_reads_the_s3_lake_like_duckdb(s3_settings):
    from ioc.aggregate import group_aggregate

    remote = DataLayer(s3_settings, tables=[READINGS])
    for batch in batches():
        remote.write("demo.readings", batch)
    aggregations = {"total": ("value", "sum"), "n": ("value", "count")}
    # engine="dask" without a scheduler: Dask's local threads, reading through pyarrow's S3
    on_dask = group_aggregate(remote, "demo.readings", by=["sid"], aggregations=aggregations, engine="dask")
    on_duckdb = group_aggregate(remote, "demo.readings", by=["sid"], aggregations=aggregations)
    pd.testing.assert_frame_equal(on_duckdb, on_dask)
    assert on_dask["total"].tolist() == [21.0, 3.0, 4.0]
