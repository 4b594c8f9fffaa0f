"""Long text columns of a few repeated texts are validated once per distinct text.

:meth:`Table.validate` strips and checks each distinct text of such a column once and
spreads the result over the rows; the rows must be exactly those of the cell-by-cell way
(switched on here by raising the length it starts from), for Arrow and object columns,
with nulls of every kind, null tokens, padding and cells that are not text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ioc import tables
from ioc.tables import Column, Table, row_hash
from ioc_plugins.environment.tables import AIR_READINGS

NOW = pd.Timestamp("2025-06-01", tz="UTC")
ROWS = 12_000  # over the length from which columns are encoded

TABLE = Table(
    name="test.repeating",
    columns=(
        Column("station_id", required=True),
        Column("time", "timestamp", required=True),
        Column("kind", choices=("a", "b")),
        Column("note"),
    ),
    key=("station_id", "time"),
    time_column="time",
)


def _cells(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    stations = np.array([" s1", "s2 ", "s3", "-", "NA", "", None, "Trạm 4", "\u00a0s5"], dtype=object)
    kinds = np.array(["a", " b", "c", "none", None, np.nan, pd.NA], dtype=object)
    return pd.DataFrame(
        {
            "station_id": stations[rng.integers(0, len(stations), ROWS)],
            "time": pd.date_range("2025-01-01", periods=ROWS, freq="h", tz="UTC").astype(str),
            "kind": kinds[rng.integers(0, len(kinds), ROWS)],
            "note": np.array(["x", "y ", "không có", None], dtype=object)[rng.integers(0, 4, ROWS)],
        },
        dtype=object,
    )


def _both_ways(table: Table, frame: pd.DataFrame, monkeypatch) -> None:
    encoded = table.validate(frame, now=NOW)
    with monkeypatch.context() as patch:
        patch.setattr(tables, "_ENCODE_FROM", 10**12)
        plain = table.validate(frame, now=NOW)
    for left, right in zip(encoded, plain, strict=True):
        pd.testing.assert_frame_equal(left, right, check_exact=True)
    good = encoded[0]
    assert (row_hash(good, list(good.columns)) == row_hash(plain[0], list(good.columns))).all()


@pytest.mark.parametrize("arrow", [False, True], ids=["object", "arrow"])
def test_encoded_columns_validate_as_cell_by_cell(monkeypatch, arrow):
    frame = _cells(1)
    if arrow:
        frame = frame.astype({"station_id": "string", "kind": "string", "note": "string"})
    assert tables._repeating_text(frame["station_id"]) is not None  # the encoded way is the one tested
    _both_ways(TABLE, frame, monkeypatch)
    good, rejected = TABLE.validate(frame, now=NOW)
    assert len(good) + len(rejected) == ROWS
    assert set(good["station_id"].dropna()) <= {"s1", "s2", "s3", "Trạm 4", "s5"}


def test_cells_that_are_not_all_text_take_the_cell_by_cell_way(monkeypatch):
    frame = _cells(2)
    frame.loc[::7, "note"] = 5  # a number: written as "5", as pandas writes it
    assert tables._repeating_text(frame["note"]) is None
    _both_ways(TABLE, frame, monkeypatch)


def test_clean_arrow_text_columns_are_kept_as_they_came(monkeypatch):
    # nothing to strip and no null token: the column is the input's, values as cell by cell
    rng = np.random.default_rng(4)
    frame = pd.DataFrame(
        {
            "station_id": pd.array(np.array(["s1", "Trạm 4", "s3"])[rng.integers(0, 3, ROWS)], dtype="string"),
            "time": pd.date_range("2025-01-01", periods=ROWS, freq="min", tz="UTC").astype(str),
            "kind": pd.array(np.array(["a", "b", None], dtype=object)[rng.integers(0, 3, ROWS)], dtype="string"),
            "note": pd.array(np.array(["x y", "ghi chú"])[rng.integers(0, 2, ROWS)], dtype="string"),
        }
    )
    _both_ways(TABLE, frame, monkeypatch)
    good, rejected = TABLE.validate(frame, now=NOW)
    assert rejected.empty and good["kind"].isna().sum() == frame["kind"].isna().sum()
    assert good["note"].array._pa_array is frame["note"].array._pa_array  # no copy made


def test_mostly_distinct_texts_are_not_encoded():
    notes = pd.Series([f"message {i}" for i in range(ROWS)], dtype="string")
    assert tables._repeating_text(notes) is None


def test_unit_check_wants_each_parameters_unit():
    """The air readings' unit check, row by row: °C for temperature, % for humidity, µg/m³ else."""
    rng = np.random.default_rng(3)
    parameters = np.array(["pm25", "temperature", "humidity", "co", None], dtype=object)
    units = np.array(["µg/m³", "°C", "%", "ppb", None], dtype=object)
    frame = pd.DataFrame(
        {
            "parameter": pd.array(parameters[rng.integers(0, 5, 500)], dtype="string"),
            "unit": pd.array(units[rng.integers(0, 5, 500)], dtype="string"),
        }
    )
    (check,) = AIR_READINGS.checks
    reasons = check(frame)
    wanted = {"temperature": "°C", "humidity": "%"}
    for parameter, unit, reason in zip(frame["parameter"], frame["unit"], reasons, strict=True):
        expected = wanted.get(parameter if parameter is not pd.NA else None, "µg/m³")
        if unit is not pd.NA and unit == expected:
            assert reason is None
        else:
            assert reason == f"unit: đơn vị không đúng, cần {expected} (wrong unit)"
