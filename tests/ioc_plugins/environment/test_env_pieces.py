"""A large CSV read in pieces (``pieces``): the same rows, line numbers and reasons as read whole,
and ``ioc ingest`` storing it one commit per piece with the same lake as one commit."""

from __future__ import annotations

import random
import re
from pathlib import Path
from unittest import mock

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ioc.ingest import ingest_files, totals
from ioc.plugins import AdapterError, registry
from ioc_plugins.environment.adapters import pieces
from ioc_plugins.environment.adapters.text import LINE_COLUMN

ROWS = 200  # data lines of each generated file
LINES = 23  # lines of a piece in these tests: files of about nine pieces


def pieces_of(path: Path, lines: int) -> list[tuple[bytes, int, bool]]:
    """Each piece's bytes, line offset, and whether it was the file itself (read as it comes)."""
    return [(piece.read_bytes(), offset, piece == path) for piece, offset in pieces.line_pieces(path, lines)]


# ----------------------------------------------------------------------------- cutting


LINE_KINDS = st.sampled_from(["plain", "quoted_break", "blank", "delimiters", "crlf", "escaped_quote"])


@settings(max_examples=150, deadline=None)
@given(
    kinds=st.lists(LINE_KINDS, max_size=60),
    lines=st.integers(1, 12),
    block=st.sampled_from([1, 2, 5, 17, 1 << 20]),
    final_newline=st.booleans(),
)
def test_pieces_put_back_together_are_the_file_cut_between_records(
    tmp_path_factory, kinds, lines, block, final_newline
):
    texts = {
        "plain": "s{n},{n}\n",
        "quoted_break": '"tên\ntrạm {n}",{n}\n',  # a line break inside a quoted field: one record, two lines
        "blank": "\n",
        "delimiters": " ,;\n",
        "crlf": "s{n},{n}\r\n",
        "escaped_quote": '"a ""b"" {n}",{n}\n',
    }
    text = "station_id,value\n" + "".join(texts[kind].format(n=n) for n, kind in enumerate(kinds))
    if not final_newline:
        text = text.removesuffix("\n")
    path = tmp_path_factory.mktemp("cut") / "air_long.csv"
    path.write_bytes(text.encode())
    with mock.patch.object(pieces, "BLOCK", block):
        got = pieces_of(path, lines)
    if len(got) == 1 and got[0][2]:  # one piece: the file itself
        # at most one piece of records (the header is one), each record's end a newline
        assert text.count("\n") - kinds.count("quoted_break") <= lines
        return
    header = b"station_id,value\n"
    position = 0
    data = text.encode()
    for number, (body, offset, whole) in enumerate(got):
        assert not whole
        if number == 0:
            assert offset == 0 and data.startswith(body)
            position = len(body)
        else:
            assert body.startswith(header)
            own = body[len(header) :]
            # only blank lines are left out between pieces (a piece of them alone is skipped)
            gap = data.index(own, position) - position
            assert not data[position : position + gap].translate(None, b" ,;\r\n")
            position += gap
            # line k of the piece's file is line k + offset of the source (its line 2 follows the header)
            assert offset == data[:position].count(b"\n") - 1
            position += len(own)
        assert body.count(b'"') % 2 == 0  # never cut inside a quoted field
        assert body.endswith(b"\n") or position == len(data)
    assert not data[position:].translate(None, b" ,;\r\n")


def test_files_that_cannot_be_cut_are_read_as_they_are(tmp_path):
    cases = {
        "utf16.csv": "station_id,value\n" + "s,1\n" * 50,
        "blank_first_line.csv": "\nstation_id,value\n" + "s,1\n" * 50,
        "quoted_header.csv": '"station\nid",value\n' + "s,1\n" * 50,
        "empty.csv": "",
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_bytes(text.encode("utf-16") if name == "utf16.csv" else text.encode())
        assert pieces_of(path, 5) == [(path.read_bytes(), 0, True)], name


# ----------------------------------------------------------------------------- adapters


def air_long_text(rng: random.Random) -> str:
    lines = ["station_id,time,parameter,value,unit,flag"]
    for n in range(ROWS):
        hour = pd.Timestamp("2025-05-01T00:00") + pd.Timedelta(hours=n // 3)
        parameter, unit = [("pm25", "µg/m³"), ("no2", "ug/m3"), ("co", "mg/m3")][n % 3]
        lines.append(f"air_baria,{hour:%Y-%m-%dT%H:%M},{parameter},{rng.uniform(1, 80):.1f},{unit},")
    return "\n".join(lines) + "\n"


def with_odd_lines(text: str, rng: random.Random) -> str:
    """Lines each path must keep with a reason or drop as blank, spread over the pieces."""
    lines = text.splitlines()
    odd = [
        "air_baria,2025-05-03T01:00,pm25",  # too few fields
        "air_baria,2025-05-03T02:00,pm25,abc,µg/m³,",  # an unreadable value
        "air_baria,2025-05-03T03:30,pm25,12,µg/m³,",  # not on the hour
        "",  # blank
        ",,,,,",  # only delimiters
        "air_baria,2025-05-03T04:00,pm25,12,kg/m3,",  # an unknown unit
        '"air_baria","2025-05-09T05:00",pm25,7,µg/m³,"ghi\nchú"',  # a quoted line break in a field
    ]
    for line in odd:
        lines.insert(rng.randrange(2, len(lines)), line)
    return "\r\n".join(lines) + "\r\n\r\n\n"


def wide_text(rng: random.Random) -> str:
    lines = ["station_id,time,pm25_ug_m3,no2_ug_m3,co_mg_m3"]
    for n in range(ROWS):
        hour = pd.Timestamp("2025-05-01T00:00") + pd.Timedelta(hours=n)
        lines.append(f"air_baria,{hour:%Y-%m-%dT%H:%M},{rng.uniform(1, 80):.1f},{rng.uniform(1, 80):.1f},-")
    lines.insert(50, "air_baria,2025-06-01T00:00,12")
    lines.insert(120, "air_baria,khong_phai_gio,12,3,4")
    return "\n".join(lines) + "\n"


def water_quality_text(rng: random.Random) -> str:
    lines = ["station_id,time,parameter,value,unit"]
    for n in range(ROWS):
        day = pd.Timestamp("2025-01-01") + pd.Timedelta(days=n // 4)
        parameter, unit = [("ph", "-"), ("do", "mg/l"), ("bod5", "mg/l"), ("tss", "mg/l")][n % 4]
        value = f"<{rng.uniform(0.01, 1):.2f}" if n % 17 == 0 else f"{rng.uniform(1, 9):.2f}"
        lines.append(f"wq_song_dinh,{day:%Y-%m-%d} 08:00,{parameter},{value},{unit}")
    lines.insert(77, "wq_song_dinh,2025-03-01 08:00,do,nhieu,mg/l")
    return "\n".join(lines) + "\n"


def water_level_text(rng: random.Random) -> str:
    lines = ["station_id,time,level_cm"]
    for n in range(ROWS):
        hour = pd.Timestamp("2025-05-01T00:00") + pd.Timedelta(hours=n)
        lines.append(f"wl_vungtau_tide,{hour:%Y-%m-%dT%H:%M},{rng.uniform(50, 400):.0f}")
    lines.insert(150, "wl_vungtau_tide,2025-06-01T00:00,cao")
    return "\n".join(lines) + "\n"


def cp1258(text: str) -> bytes:
    return text.replace("µg/m³", "ug/m3").encode("cp1258")  # "³" is not in Windows-1258


CASES = {
    "air_long_csv (regular: Arrow's path)": ("air_long_csv", "air_long.csv", air_long_text, str.encode),
    "air_long_csv (odd lines, CRLF)": (
        "air_long_csv",
        "air_long.csv",
        lambda rng: with_odd_lines(air_long_text(rng), rng),
        str.encode,
    ),
    "air_long_csv (Windows-1258)": (
        "air_long_csv",
        "air_long.csv",
        lambda rng: with_odd_lines(air_long_text(rng), rng),
        cp1258,
    ),
    "air_wide_csv": ("air_wide_csv", "air_wide.csv", wide_text, str.encode),
    "water_quality_csv": ("water_quality_csv", "water_quality.csv", water_quality_text, str.encode),
    "water_level_csv": ("water_level_csv", "water_level.csv", water_level_text, str.encode),
}


@pytest.mark.filterwarnings("ignore::ioc_plugins.environment.adapters.text.LegacyEncodingWarning")
@pytest.mark.parametrize("case", CASES)
def test_pieces_give_the_rows_line_numbers_and_reasons_of_the_whole_file(tmp_path, case):
    source, name, make, encode = CASES[case]
    adapter = registry().adapter(source)
    path = tmp_path / name
    path.write_bytes(encode(make(random.Random(5))))
    whole = adapter.read(path)
    frames = list(adapter.batches(path, lines=LINES))
    assert len(frames) >= 4
    joined = pd.concat(frames, ignore_index=True)
    pd.testing.assert_frame_equal(joined, whole)
    assert joined[LINE_COLUMN].is_monotonic_increasing
    if "odd" in case:  # the reasons quote the source's line, not the piece's
        short = whole["_error"].dropna().str.contains("dòng").sum()
        assert short == 1


def test_blank_lines_at_the_end_make_no_piece_of_their_own(tmp_path):
    # alone beside the header they would read as "header only, no data rows"
    path = tmp_path / "air_long.csv"
    path.write_text(air_long_text(random.Random(3)) + "\n" * (3 * LINES) + " , ,\n" * LINES, encoding="utf-8")
    adapter = registry().adapter("air_long_csv")
    pd.testing.assert_frame_equal(pd.concat(adapter.batches(path, lines=LINES), ignore_index=True), adapter.read(path))


def test_a_broken_quote_is_reported_at_the_source_line(tmp_path):
    text = air_long_text(random.Random(2)).splitlines()
    text.insert(150, 'air_baria,"2025-05-05T00:00"x,pm25,1,µg/m³,')  # a quote closed inside a field
    path = tmp_path / "air_long.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    adapter = registry().adapter("air_long_csv")
    with pytest.raises(AdapterError) as whole:
        adapter.read(path)
    frames: list[pd.DataFrame] = []
    with pytest.raises(AdapterError) as pieced:
        frames.extend(adapter.batches(path, lines=LINES))  # keeps the frames handed over before the error
    assert "dòng 151" in str(whole.value)
    assert str(pieced.value) == str(whole.value)
    assert len(frames) >= 5  # the pieces before the broken line were handed over


# ----------------------------------------------------------------------------- ingest


def stored(datalayer, table: str) -> pd.DataFrame:
    frame = datalayer.read(table)
    keep = [c for c in frame.columns if not c.startswith("_")]
    return frame[keep].sort_values(keep[:4]).reset_index(drop=True)


def deployment(folder: Path):
    from ioc.config import load_settings
    from ioc.datalayer import DataLayer

    return DataLayer(load_settings(data_dir=folder))


def test_ingest_stores_a_pieced_file_as_one_commit_would(tmp_path, monkeypatch):
    path = tmp_path / "air_long.csv"
    text = with_odd_lines(air_long_text(random.Random(9)), random.Random(9))
    path.write_text(text + text.split("\r\n", 1)[1], encoding="utf-8")  # every reading twice: duplicates
    whole_layer, datalayer = deployment(tmp_path / "whole"), deployment(tmp_path / "pieced")
    whole = ingest_files(whole_layer, "air_long_csv", [path], progress=False)

    monkeypatch.setattr(pieces, "LINES", LINES)
    pieced = ingest_files(datalayer, "air_long_csv", [path], progress=False)

    readings = [r for r in pieced if r.table == "environment.air_readings"]
    assert len(readings) >= 10  # one commit per piece
    assert totals(readings) == totals(r for r in whole if r.table == "environment.air_readings")
    assert totals(readings)["duplicate"] >= ROWS  # the file's second copy
    for table in ("environment.air_readings", "environment.aqi_hourly"):
        pd.testing.assert_frame_equal(stored(datalayer, table), stored(whole_layer, table))
    quarantined = pd.concat(pd.read_csv(r.quarantine_path) for r in readings if r.quarantine_path)
    whole_quarantine = pd.concat(pd.read_csv(r.quarantine_path) for r in whole if r.quarantine_path)
    assert sorted(quarantined["source_line"]) == sorted(whole_quarantine["source_line"])


def test_ioc_ingest_prints_a_line_per_table_not_per_commit(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from ioc.config import settings
    from workbench.cli import app

    path = tmp_path / "air_long.csv"
    path.write_text(with_odd_lines(air_long_text(random.Random(4)), random.Random(4)), encoding="utf-8")
    monkeypatch.setattr(pieces, "LINES", LINES)
    result = CliRunner().invoke(app, ["ingest", "air_long_csv", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert flat.count("environment.air_readings:") == flat.count("environment.aqi_hourly:") == 1
    found = re.search(
        r"environment\.air_readings: (\d+) lô \(batches\), (\d+) nhận \(accepted\), (\d+) loại .*? "
        r"— dòng lỗi: (\d+) tệp trong ",
        flat,
    )
    assert found, flat
    batches, accepted, rejected, files = map(int, found.groups())
    assert batches == len(list(registry().adapter("air_long_csv").batches(path))) >= 9
    assert accepted == len(deployment(settings().data_dir).read("environment.air_readings"))
    folder = settings().quarantine_dir / "environment.air_readings"
    assert f"tệptrong{folder}" in "".join(result.output.split())  # the console may wrap the path anywhere
    quarantined = sorted(folder.glob("*.csv"))
    assert len(quarantined) == files >= 2
    assert sum(len(pd.read_csv(file)) for file in quarantined) == rejected >= 4
