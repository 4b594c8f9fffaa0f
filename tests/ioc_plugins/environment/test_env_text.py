"""The delimited-text reader's two paths (Arrow for quote-free files, the csv module
otherwise) give the same rows, line numbers and reasons."""

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
}


def _read(path):
    return text.read_csv_text(path, required=("station_id",), optional=("value",))


def test_whitespace_class_is_what_str_strip_removes():
    characters = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    blank = pc.match_substring_regex(pa.array(characters), f"^[{text.WHITESPACE_CLASS}]$").to_numpy(
        zero_copy_only=False
    )
    assert {c for c, b in zip(characters, blank, strict=True) if b} == {c for c in characters if c.isspace()}


@pytest.mark.parametrize("content", list(CASES.values()), ids=list(CASES))
def test_arrow_and_csv_paths_read_the_same(tmp_path, monkeypatch, content):
    path = tmp_path / "file.csv"
    path.write_bytes(content.encode("utf-8"))
    split, taken = text._simple_lines, []
    monkeypatch.setattr(text, "_simple_lines", lambda *a: taken.append(split(*a)) or taken[-1])
    try:
        fast, fast_error = _read(path), None
    except AdapterError as error:
        fast, fast_error = None, str(error)
    monkeypatch.setattr(text, "_simple_lines", lambda *_: None)  # the csv module's path
    try:
        slow, slow_error = _read(path), None
    except AdapterError as error:
        slow, slow_error = None, str(error)
    assert taken and taken[0] is not None  # the first read went through Arrow
    assert fast_error == slow_error
    if fast is not None:
        pd.testing.assert_frame_equal(fast, slow)
        # None where a short line has no field, as on the csv path (not NaN, not NA)
        assert [type(v) for v in fast.to_numpy().ravel()] == [type(v) for v in slow.to_numpy().ravel()]


def test_short_lines_keep_their_physical_line_number(tmp_path):
    path = tmp_path / "file.csv"
    path.write_text("\nstation_id,time,value\n\na,t1\nb,t2,2\n", encoding="utf-8")
    frame = _read(path)
    assert frame[text.LINE_COLUMN].tolist() == [4, 5]
    assert re.search(r"dòng 4: có 2 trường", frame[text.ERROR_COLUMN].iloc[0])
    assert frame["value"].iloc[0] is None and frame[text.ERROR_COLUMN].iloc[1] is None
