"""Line-per-record JSON logs read in batches: numbering, stripping and blank lines, chunk by chunk."""

from __future__ import annotations

import json

import pytest

from ioc_plugins.infosec import records
from ioc_plugins.infosec.records import iter_json_batches


def _expected(content: str) -> list[tuple[int, str]]:
    """What a reader must give: each line's number and text, stripped (byte-order marks too),
    blank lines skipped."""
    lines = content.split("\n")
    return [(number, text) for number, line in enumerate(lines, 1) if (text := line.strip().lstrip("\ufeff"))]


def _content(seed: int) -> str:
    parts = []
    for number in range(400):
        text = json.dumps({"n": number, "event_type": "flow", "note": "Trạm 4" * (number % 5)})
        kind = (number * 7 + seed) % 11
        if kind == 0:
            parts.append("")  # a blank line
        elif kind == 1:
            parts.append("  \t ")  # whitespace only
        elif kind == 2:
            text += "\r"  # written on Windows
        elif kind == 3:
            text = "\ufeff" + text  # a second file's byte-order mark, appended
        elif kind == 4:
            text = "   " + text + "  "
        parts.append(text)
    return "\ufeff" + "\n".join(parts)  # and a last line without its newline


@pytest.mark.parametrize("chunk", [64, 1000, 1 << 20])
@pytest.mark.parametrize("seed", [0, 5])
def test_line_batches_number_strip_and_skip_as_line_by_line(tmp_path, monkeypatch, chunk, seed):
    # small chunks put line ends, marks and blank lines on every side of a chunk's edge
    monkeypatch.setattr(records, "CHUNK", chunk)
    content = _content(seed)
    path = tmp_path / "eve.json"
    path.write_text(content, encoding="utf-8")
    got = [
        (line, text, record)
        for lines, texts, decoded in iter_json_batches(path, size=50)
        for line, text, record in zip(lines, texts, decoded, strict=True)
    ]
    assert [(line, text) for line, text, _ in got] == _expected(content)
    assert [record["n"] for _, _, record in got] == list(range(400))


def test_lines_left_undecoded_are_the_same_lines_and_an_array_is_decoded_all_the_same(tmp_path):
    # decode=False leaves a line file's records to the caller (the EVE reader hashes and
    # parses the texts itself); numbering and texts are those of the decoded batches
    content = _content(3)
    path = tmp_path / "eve.json"
    path.write_text(content, encoding="utf-8")
    decoded = list(iter_json_batches(path, size=50))
    undecoded = list(iter_json_batches(path, size=50, decode=False))
    assert [(lines, texts) for lines, texts, _ in undecoded] == [(lines, texts) for lines, texts, _ in decoded]
    assert all(records is None for _, _, records in undecoded)
    array = tmp_path / "array.json"
    array.write_text(json.dumps([{"n": 1}, {"n": 2}], indent=2), encoding="utf-8")
    assert [records for _, _, records in iter_json_batches(array, decode=False)] == [[{"n": 1}, {"n": 2}]]
