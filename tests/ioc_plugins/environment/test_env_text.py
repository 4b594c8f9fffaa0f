"""The delimited-text reader's three paths (Arrow's CSV reader for regular files, Arrow
splitting for other quote-free files, the csv module otherwise) give the same rows, line
numbers and reasons."""

from __future__ import annotations

import re
import sys

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from ioc.plugins import AdapterError
from ioc_plugins.environment.adapters import text

CASES = {
    "plain": "station_id,time,value\na,2025-05-01T08:00,1\nb,2025-05-01T09:00,2\n",
    "crlf-and-no-final-newline": "station_id,time,value\r\na,t1,1\r\nb,t2,2",
    "blank-lines-of-spaces-and-delimiters": "\n  \nstation_id;time;value\n;;\n a ; t1 ;1,5\n\u3000\n\x85;\nb;t2;\n",
    "short-and-long-lines": "station_id\ttime\tvalue\na\tt1\nb\tt2\t3\textra\nc\tt3\t4\t\t \n",
    "unicode-spaces-inside-cells": "station_id,time,value\na\u2028b,t\x0b1,\u00a01\u00a0\n",
    "header-only-after-blank-lines": "\n,,\nstation_id,time,value\n",
    "empty-cells-but-no-blank-line": "station_id,time,value\na,,\n,t2,\n , ,x\n",
    "blank-line-of-delimiters-only": "station_id,time,value\na,t1,1\n , ,\u3000\nb,t2,2\n",
    "vietnamese-semicolons": "Mã trạm;Thời gian;Giá trị\nVT-01;01/05/2025 08:00;1,5\n",
}
#: Cases Arrow's CSV reader takes (the others are not regular: it hands them on).
REGULAR = {
    "plain",
    "crlf-and-no-final-newline",
    "unicode-spaces-inside-cells",
    "empty-cells-but-no-blank-line",
    "vietnamese-semicolons",
}


def _read(path):
    return text.read_csv_text(path, required=("station_id",), optional=("value",))


def test_whitespace_class_is_what_str_strip_removes():
    characters = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    blank = pc.match_substring_regex(pa.array(characters), f"^[{text.WHITESPACE_CLASS}]$").to_numpy(
        zero_copy_only=False
    )
    assert {c for c, b in zip(characters, blank, strict=True) if b} == {c for c in characters if c.isspace()}


@pytest.mark.parametrize("name", list(CASES))
def test_arrow_and_csv_paths_read_the_same(tmp_path, monkeypatch, name):
    path = tmp_path / "file.csv"
    path.write_bytes(CASES[name].encode("utf-8"))
    regular, split, taken = text._regular_file, text._simple_lines, {"regular": [], "split": []}
    monkeypatch.setattr(text, "_regular_file", lambda *a: taken["regular"].append(regular(*a)) or taken["regular"][-1])
    monkeypatch.setattr(text, "_simple_lines", lambda *a: taken["split"].append(split(*a)) or taken["split"][-1])

    def read():
        try:
            return _read(path), None
        except AdapterError as error:
            return None, str(error)

    first, first_error = read()
    assert taken["regular"] and (taken["regular"][0] is not None) == (name in REGULAR)
    monkeypatch.setattr(text, "_regular_file", lambda *_: None)  # Arrow splitting
    fast, fast_error = read()
    assert taken["split"] and taken["split"][-1] is not None  # this read went through Arrow splitting
    monkeypatch.setattr(text, "_simple_lines", lambda *_: None)  # the csv module's path
    slow, slow_error = read()
    assert first_error == fast_error == slow_error
    if fast is not None:
        pd.testing.assert_frame_equal(first, slow)
        pd.testing.assert_frame_equal(fast, slow)
        # None where a short line has no field, as on the csv path (not NaN, not NA)
        assert [type(v) for v in first.to_numpy().ravel()] == [type(v) for v in slow.to_numpy().ravel()]
        assert [type(v) for v in fast.to_numpy().ravel()] == [type(v) for v in slow.to_numpy().ravel()]


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("path_taken", ["regular", "split", "csv"])
def test_arrow_text_holds_the_same_cells_on_every_path(tmp_path, monkeypatch, name, path_taken):
    path = tmp_path / "file.csv"
    path.write_bytes(CASES[name].encode("utf-8"))
    if path_taken != "regular":
        monkeypatch.setattr(text, "_regular_file", lambda *_: None)
    if path_taken == "csv":
        monkeypatch.setattr(text, "_simple_lines", lambda *_: None)
    try:
        plain = _read(path)
    except AdapterError as error:
        with pytest.raises(AdapterError, match=re.escape(str(error))):
            text.read_csv_text(path, required=("station_id",), optional=("value",), arrow_text=True)
        return
    arrow = text.read_csv_text(path, required=("station_id",), optional=("value",), arrow_text=True)
    header = [c for c in plain.columns if c not in (text.LINE_COLUMN, text.ERROR_COLUMN)]
    assert all(isinstance(arrow[c].array, pd.arrays.ArrowStringArray) for c in header)
    # the same texts, <NA> where the object frame has None; line numbers and reasons unchanged
    expected = plain.assign(**{c: plain[c].astype("string") for c in header})
    pd.testing.assert_frame_equal(arrow, expected)


def test_short_lines_keep_their_physical_line_number(tmp_path):
    path = tmp_path / "file.csv"
    path.write_text("\nstation_id,time,value\n\na,t1\nb,t2,2\n", encoding="utf-8")
    frame = _read(path)
    assert frame[text.LINE_COLUMN].tolist() == [4, 5]
    assert re.search(r"dòng 4: có 2 trường", frame[text.ERROR_COLUMN].iloc[0])
    assert frame["value"].iloc[0] is None and frame[text.ERROR_COLUMN].iloc[1] is None
