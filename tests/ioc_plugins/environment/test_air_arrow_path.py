"""The Arrow fast path of the long air CSV adapter reads exactly what the general path reads.

Each file is read twice: by :func:`read_air_long` (the fast path where it applies) and with
the fast path switched off. The frames must be equal cell for cell — values, dtypes, the
Python type of every object cell, row order — and the tests also say which files the fast
path must take (so that a change that silently sends every file the slow way fails) and
which it must leave to the general path (anything the general path quarantines or reads
its own way).
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ioc_plugins.environment.adapters import air, arrow_long

HEADER = "station_id,time,parameter,value,unit,flag,origin\n"
CLEAN = HEADER + "".join(
    f"air_vungtau_center,2026-11-21T{hour:02d}:00:00+0700,{parameter},{value},{unit},,measured\n"
    for hour in range(24)
    for parameter, value, unit in (("pm25", 22.71 + hour, "µg/m³"), ("CO", "1.25", "mg/m3"), ("o3", "31", "ppb"))
)


def _general(path, monkeypatch) -> pd.DataFrame:
    with monkeypatch.context() as patch:
        patch.setattr(air, "read_regular", lambda *args, **kwargs: None)
        return air.read_air_long(path, timezone="Asia/Ho_Chi_Minh")


def _fast_taken(path) -> bool:
    columns = arrow_long.read_regular(path, ("station_id", "time", "parameter", "value", "unit"), air.TIME_ALIASES)
    if columns is None:
        return False
    frame = arrow_long.finish_long(
        columns,
        "Asia/Ho_Chi_Minh",
        output=air.OUTPUT_COLUMNS,
        extra=air.STATION_COLUMNS,
        unit_for=air.air_unit,
        known=air.AIR_PARAMETERS,
    )
    return frame is not None


def assert_same(new: pd.DataFrame, old: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(new, old, check_exact=True)
    for column in new.columns:
        if new[column].dtype == object:
            # None, NaN and pandas' NA are different cells to what comes after (quarantine, hashing)
            assert [type(v) for v in new[column]] == [type(v) for v in old[column]], column


def check(
    tmp_path, monkeypatch, content: str | bytes, *, fast: bool, name: str = "air_long.csv"
) -> pd.DataFrame | None:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    assert _fast_taken(path) is fast
    try:
        old = _general(path, monkeypatch)
    except air.AdapterError as exc:  # a whole-file error: the adapter says the same
        with pytest.raises(air.AdapterError, match=re.escape(str(exc))):
            air.read_air_long(path, timezone="Asia/Ho_Chi_Minh")
        return None
    new = air.read_air_long(path, timezone="Asia/Ho_Chi_Minh")
    assert_same(new, old)
    return new


def test_clean_file_takes_the_fast_path_and_converts_units(tmp_path, monkeypatch):
    frame = check(tmp_path, monkeypatch, CLEAN, fast=True)
    assert len(frame) == 72
    assert set(frame["unit"]) == {"µg/m³"}
    assert frame.loc[frame["parameter"] == "co", "value"].iloc[0] == pytest.approx(1250.0)
    assert frame["time"].iloc[0] == pd.Timestamp("2026-11-20T17:00", tz="UTC")  # 00:00 at +07:00


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("crlf", CLEAN.replace("\n", "\r\n")),
        ("bom", "\ufeff" + CLEAN),
        ("nfd text", CLEAN.replace("measured", "đo\u0301 đạc").replace("µg/m³", "µg/m³")),
        ("semicolons", CLEAN.replace(",", ";")),
        ("tabs", CLEAN.replace(",", "\t")),
        ("no trailing newline", CLEAN.rstrip("\n")),
        ("gaps", CLEAN.replace(",31,", ",-,").replace(",1.25,", ",,")),
        ("naive times", CLEAN.replace("+0700", "")),
        ("day-first times", HEADER + "s1,21/11/2026 13:00,pm25,5,ug/m3,,x\ns1,22/11/2026 01:00,pm25,6,ug/m3,,x\n"),
        ("unknown parameter", CLEAN.replace(",o3,", ",benzene,")),
        ("missing unit", CLEAN.replace(",ppb,", ",NA,")),
        ("source flags", CLEAN.replace(",,measured", ",estimated,measured")),
        ("aliases", CLEAN.replace("time,", "datetime,").replace(",pm25,", ",PM2.5,")),
        ("spaces", CLEAN.replace(",measured", ", measured ").replace("air_vungtau_center", " air_vungtau_center ")),
    ],
)
def test_regular_files_take_the_fast_path(tmp_path, monkeypatch, name, content):
    check(tmp_path, monkeypatch, content, fast=True)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("decimal comma", HEADER.replace(",", ";") + "s1;2026-11-21T13:00+07:00;pm25;5,5;ug/m3;;x\n"),
        ("below detection", CLEAN.replace(",31,", ",<31,")),
        ("exponent", CLEAN.replace(",31,", ",3.1e1,")),
        ("long number", CLEAN.replace(",31,", ",31.000000000000001,")),
        ("bad number", CLEAN.replace(",31,", ",thirty,")),
        ("bad time", CLEAN.replace("2026-11-21T05:00:00+0700", "not-a-time")),
        ("off the hour", CLEAN.replace("T05:00:00", "T05:30:00")),
        ("unknown unit", CLEAN.replace(",ppb,", ",furlongs,")),
        ("unconvertible unit", CLEAN.replace(",ppb,", ",°C,")),
        ("short line", CLEAN + "s1,2026-11-21T13:00:00+0700,pm25\n"),
        ("blank line", CLEAN.replace("\n", "\n\n", 3)),
        ("delimiters only", CLEAN + ",,,,,,\n"),
        ("quoted", CLEAN + '"s1",2026-11-21T13:00:00+0700,pm25,5,ug/m3,,x\n'),
        ("bare carriage return", CLEAN.replace("\n", "\r", 2)),
        ("header only", HEADER),
        ("blank first line", "\n" + CLEAN),
        ("header line break", CLEAN.replace("origin", "origin\u2028x", 1)),
        ("greek question mark", CLEAN.replace(",", ";").replace("measured", "me\u037easured")),
    ],
)
def test_other_files_take_the_general_path(tmp_path, monkeypatch, name, content):
    check(tmp_path, monkeypatch, content, fast=False)


def test_legacy_encoding_takes_the_general_path(tmp_path, monkeypatch):
    content = CLEAN.replace("µg/m³", "ug/m3").replace("measured", "Nhà Bè").encode("cp1258")
    with pytest.warns(UserWarning, match="cp1258"):
        frame = check(tmp_path, monkeypatch, content, fast=False)
    assert frame["origin"].iloc[0] == "Nhà Bè"


@pytest.mark.parametrize(
    "header",
    ["station_id,time,value,unit", "station_id,time,parameter,value,unit,time"],
    ids=["missing column", "repeated column"],
)
def test_header_errors_are_the_general_paths(tmp_path, monkeypatch, header):
    path = tmp_path / "air_long.csv"
    path.write_text(header + "\n" + ",".join(["s1"] * (header.count(",") + 1)) + "\n", encoding="utf-8")
    with pytest.raises(air.AdapterError) as general:
        _general(path, monkeypatch)
    with pytest.raises(air.AdapterError, match=re.escape(str(general.value))):
        air.read_air_long(path)


_CELLS = {
    "station_id": st.sampled_from(["s1", " s2", "trạm_3", "Trạm 4", "-", ""]),
    "time": st.sampled_from(
        [
            "2026-11-21T13:00:00+0700",
            "2026-11-21 13:00",
            "2026-11-21T06:00:00Z",
            "2026-03-29T02:00:00",
            "21/11/2026 13:00",
            "2026-11-21T13:00:00+07:00",
            "NA",
            "",
        ]
    ),
    # mass concentrations in mass units (convertible), plus names the table does not know
    "parameter": st.sampled_from(["pm25", "PM2.5", "PM₁₀", "co", "benzene", "", "O3 "]),
    "value": st.one_of(
        st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda v: f"{v:.{len(str(v)) % 7}f}"),
        st.integers(min_value=-(10**12), max_value=10**12).map(str),
        st.sampled_from(["-", "", "nan", " 7 ", "007", "0.50"]),
    ),
    "unit": st.sampled_from(["µg/m³", "ug/m3", "mg/m3", " µg/m3", "-", ""]),
    "flag": st.sampled_from(["", "-", "estimated", " x "]),
}


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.fixed_dictionaries(_CELLS), min_size=1, max_size=40))
def test_random_regular_files_read_the_same(tmp_path, monkeypatch, rows):
    """Random cells of every kind the fast path handles or hands over: the same frame either way."""
    path = tmp_path / "air_long.csv"
    lines = [",".join(row[c] for c in _CELLS) for row in rows]
    path.write_text(",".join(_CELLS) + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    new = air.read_air_long(path, timezone="Asia/Ho_Chi_Minh")
    assert_same(new, _general(path, monkeypatch))
    assert new["source_line"].tolist() == list(range(2, len(rows) + 2))
    FAST.append(_fast_taken(path))


FAST: list[bool] = []


def test_random_files_mostly_take_the_fast_path(tmp_path, monkeypatch):
    """The random files above are regular and clean but for a few cells: most must take the fast path."""
    if not FAST:  # the examples ran in another worker (or were deselected): run them here
        test_random_regular_files_read_the_same(tmp_path=tmp_path, monkeypatch=monkeypatch)
    assert len(FAST) >= 30 and sum(FAST) >= len(FAST) // 2, FAST
