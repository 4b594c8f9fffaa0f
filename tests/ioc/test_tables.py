import numpy as np
import pandas as pd
import pytest

from ioc import tables
from ioc.tables import Column, Table, row_hash

READINGS = Table(
    name="demo.readings",
    columns=(
        Column("station_id", required=True),
        Column("time", "timestamp", required=True),
        Column("value", "float", minimum=0, maximum=1000),
        Column("count", "int"),
        Column("kind", choices=("a", "b")),
    ),
    key=("station_id", "time"),
    time_column="time",
)

NOW = pd.Timestamp("2025-06-01T00:00Z")


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ({"station_id": "s1", "time": "not a time", "value": "1"}, "time: không đọc được"),
        ({"station_id": "s1", "time": "2025-01-01T00:00Z", "value": "abc"}, "value: không đọc được"),
        ({"station_id": "s1", "time": "2025-01-01T00:00Z", "value": "-5"}, "ngoài khoảng hợp lý"),
        ({"station_id": None, "time": "2025-01-01T00:00Z", "value": "1"}, "station_id: thiếu"),
        ({"station_id": "s1", "time": "2030-01-01T00:00Z", "value": "1"}, "tương lai"),
        ({"station_id": "s1", "time": "2025-01-01T00:00Z", "count": "1.5"}, "count: không đọc được"),
        ({"station_id": "s1", "time": "2025-01-01T00:00Z", "kind": "z"}, "kind: giá trị không hợp lệ"),
        ({"station_id": "s1", "time": "2025-01-01T00:00Z", "_error": "dòng hỏng"}, "dòng hỏng"),
    ],
    ids=[
        "bad-time",
        "bad-number",
        "implausible",
        "missing-key",
        "future",
        "non-integer",
        "bad-choice",
        "adapter-error",
    ],
)
def test_rejects_carry_a_reason(row, reason):
    good, rejected = READINGS.validate(pd.DataFrame([row]), now=NOW)
    assert good.empty
    assert reason in rejected.loc[0, "reason"]
    assert rejected.loc[0, "row_number"] == 1


@pytest.mark.parametrize("token", ["-", "NA", "n/a", "", "null"])
def test_null_tokens_are_missing_values_not_errors(token):
    good, rejected = READINGS.validate(
        pd.DataFrame([{"station_id": "s1", "time": "2025-01-01", "value": token}]), now=NOW
    )
    assert rejected.empty and good["value"].isna().all()


def test_types_decimal_commas_and_time_zones():
    frame = pd.DataFrame(
        {
            "station_id": ["s1", "s1"],
            "time": ["2025-01-01T07:00+07:00", "2025-01-01T01:00Z"],
            "value": ["12,5", 3],
            "count": ["2", None],
        }
    )
    good, rejected = READINGS.validate(frame, now=NOW)
    assert rejected.empty
    assert list(good["time"]) == [pd.Timestamp("2025-01-01T00:00Z"), pd.Timestamp("2025-01-01T01:00Z")]
    assert good["value"].tolist() == [12.5, 3.0]
    assert str(good["count"].dtype) == "Int64"


def test_good_rows_survive_next_to_bad_ones():
    frame = pd.DataFrame(
        {"station_id": ["s1", "s2", "s3"], "time": ["2025-01-01", "x", "2025-01-02"], "value": ["1", "2", "3"]}
    )
    good, rejected = READINGS.validate(frame, now=NOW)
    assert good["station_id"].tolist() == ["s1", "s3"]
    assert rejected["station_id"].tolist() == ["s2"] and rejected["time"].tolist() == ["x"]


def test_declaration_errors_are_clear():
    with pytest.raises(ValueError, match=r"<plugin>\.<table>"):
        Table(name="flat", columns=(Column("a"),), key=("a",))
    with pytest.raises(ValueError, match="not declared"):
        Table(name="x.y", columns=(Column("a"),), key=("b",))
    with pytest.raises(ValueError, match="unknown dtype"):
        Column("a", "decimal")


@pytest.mark.parametrize(
    ("cell", "missing"),
    [
        (" N/A ", True),
        ("Không Có", True),
        ("NULL", True),
        ("NA values were dropped", False),
        ("-" * 40, False),
        ("null" + " " * 30 + "x", False),
    ],
    ids=["padded", "vietnamese-any-case", "upper", "starts-like-a-token", "long-dashes", "long-text"],
)
def test_null_tokens_are_whole_cells_in_any_case(cell, missing):
    good, rejected = READINGS.validate(
        pd.DataFrame([{"station_id": "s1", "time": "2025-01-01", "kind": cell}]), now=NOW
    )
    if missing:
        assert rejected.empty and good["kind"].isna().all()
    else:  # text, not a missing value: the choice check sees it and rejects it
        assert "kind: giá trị không hợp lệ" in rejected.loc[0, "reason"]


def test_validation_is_the_same_for_object_and_arrow_text():
    cells = {
        "station_id": [" s1", "s2", None],
        "time": ["2025-01-01", "2025-01-02T03:00+07:00", "x"],
        "value": ["1,5", "-", "7"],
    }
    as_objects = pd.DataFrame(cells, dtype=object)
    as_arrow = as_objects.astype("string")
    for left, right in zip(READINGS.validate(as_objects, now=NOW), READINGS.validate(as_arrow, now=NOW), strict=True):
        pd.testing.assert_frame_equal(left, right)


@pytest.mark.parametrize("rows", [0, 1, 5, 3_000])
def test_row_hash_is_pandas_hash_of_the_row(rows):
    # every stored _row_hash is pandas' hash_pandas_object of the typed row: hashing some
    # columns without factorising them first must not change one value
    rng = np.random.default_rng(rows)
    frame = pd.DataFrame(
        {
            "distinct": pd.array([f"line {i} {rng.integers(1 << 30)}" for i in range(rows)], dtype="string"),
            "distinct_with_null": pd.array([f"id {i}" if i % 7 else None for i in range(rows)], dtype="string"),
            "repeated": pd.array(rng.choice(["a", "b", "Trạm 4"], rows), dtype="string"),
            "all_null": pd.array([None] * rows, dtype="string"),
            "count": pd.array(rng.integers(0, 5, rows), dtype="Int64"),
            "time": pd.to_datetime(rng.integers(0, 10**15, rows), unit="us", utc=True),
            "flag": pd.array(rng.integers(0, 2, rows).astype(bool), dtype="boolean"),
            "value": pd.array(rng.random(rows), dtype="Float64"),
        }
    )
    if rows:
        frame.loc[0, ["count", "value", "repeated"]] = None
    expected = pd.util.hash_pandas_object(frame, index=False).astype("int64")
    assert tables._repeating(frame["distinct"].array._pa_array) is (rows == 0)  # the straight way is tested
    assert row_hash(frame, list(frame.columns)).tolist() == expected.tolist()
    assert row_hash(frame, ["repeated", "distinct"]).tolist() == (
        pd.util.hash_pandas_object(frame[["repeated", "distinct"]], index=False).astype("int64").tolist()
    )
    twice = pd.concat([frame, frame.iloc[::-1]], ignore_index=True)  # texts in two Arrow chunks
    assert row_hash(twice, list(frame.columns)).tolist() == (
        pd.util.hash_pandas_object(twice, index=False).astype("int64").tolist()
    )
    assert row_hash(frame, []).tolist() == pd.util.hash_pandas_object(frame[[]], index=False).astype("int64").tolist()


@pytest.mark.parametrize(
    "allowed",
    [
        ["a"],
        ["a", None],
        pd.Series(["a", None], dtype="string"),
        [1, "b"],  # not all text: pandas' way
        [],
        {"c", "b"},
        pd.Series(["b"], dtype=object),
        pd.Index(["a", "z"]),
    ],
)
def test_text_isin_answers_as_pandas_isin(allowed):
    from ioc.tables import text_isin

    values = pd.Series(["a", None, "b", "c", "a"], dtype="string", index=[5, 6, 7, 8, 9], name="id")
    ours, pandas = text_isin(values, allowed), values.isin(allowed)
    assert ours.dtype == bool and ours.index.equals(pandas.index)
    assert ours.tolist() == pandas.tolist()
