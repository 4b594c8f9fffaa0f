"""Reading source files as text: encodings, delimiters, headers and malformed lines.

Whole-file problems raise :class:`~ioc.plugins.AdapterError` with a Vietnamese and an
English message (empty file, binary or undecodable bytes, missing columns, no data).
Line problems never drop the line: a line with the wrong number of fields is kept with
its fields and a reason in ``_error``, so it ends in the quarantine file.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ioc.plugins import AdapterError
from ioc.tables import ERROR_COLUMN, as_text

#: The physical line of the source a row came from (kept in quarantine files).
LINE_COLUMN = "source_line"
#: Single-byte encodings tried, in order, when the bytes are not UTF-8 (Vietnamese Windows first).
FALLBACK_ENCODINGS = ("cp1258", "latin-1")

_MAGIC = {
    b"PK\x03\x04": "tệp nén ZIP/Excel .xlsx — hãy lưu thành CSV UTF-8 (a ZIP/.xlsx file, save it as CSV UTF-8)",
    b"\x1f\x8b": "tệp nén gzip — hãy giải nén trước (a gzip file, decompress it first)",
    b"\xd0\xcf\x11\xe0": "tệp Excel .xls cũ — hãy lưu thành CSV UTF-8 (a legacy .xls file, save it as CSV UTF-8)",
    b"%PDF": "tệp PDF (a PDF file)",
}
# control characters that never occur in a text export (tab, CR and LF excluded)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class LegacyEncodingWarning(UserWarning):
    """A file was not UTF-8 and was read with a legacy single-byte encoding."""


def decode_file(path: str | Path) -> str:
    """The text of a file, NFC-normalised.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are read directly. Other bytes are
    tried as Windows-1258 (Vietnamese) and then Latin-1, and accepted only when the result
    contains no control characters (binary data decoded as Latin-1 always does); a
    :class:`LegacyEncodingWarning` says which encoding was used.

    Raises
    ------
    AdapterError
        Empty file, a known binary format, or bytes that are not plausible text.
    """
    path = Path(path)
    data = path.read_bytes()
    if not data.strip():
        raise AdapterError(f"{path.name}: tệp rỗng, không có dữ liệu (empty file)")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise AdapterError(f"{path.name}: không phải tệp văn bản: {what}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" export
        return _normalised(data.decode("utf-16"))
    try:
        return _normalised(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if b"\x00" in data:
        raise AdapterError(
            f"{path.name}: tệp chứa byte NUL — có thể là UTF-16 không có BOM hoặc tệp nhị phân; "
            "hãy lưu thành CSV UTF-8 (NUL bytes: UTF-16 without BOM or a binary file)"
        )
    for encoding in FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _CONTROL.search(text):
            warnings.warn(
                f"{path.name}: không phải UTF-8, đã đọc theo bảng mã {encoding} (not UTF-8; read as {encoding})",
                LegacyEncodingWarning,
                stacklevel=3,
            )
            return _normalised(text)
    position = utf8_error.start
    raise AdapterError(
        f"{path.name}: không giải mã được — byte {data[position : position + 1]!r} ở vị trí {position} không phải UTF-8, "
        f"và tệp cũng không đọc được như văn bản {'/'.join(FALLBACK_ENCODINGS)}; hãy lưu lại thành CSV UTF-8 "
        f"(undecodable bytes: not UTF-8, not plausible {'/'.join(FALLBACK_ENCODINGS)} text)"
    )


def _normalised(text: str) -> str:
    # cp1258 and macOS exports use combining tone marks; station names must compare equal
    return unicodedata.normalize("NFC", text)


def normalise_header(name: str) -> str:
    """``' PM2.5 (ug/m3)'`` style headers → ``'pm2.5_(ug/m3)'``: stripped, lower case, ``_`` for spaces."""
    name = unicodedata.normalize("NFC", name).replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", name)


def _delimiter(header_line: str) -> str:
    """The delimiter that splits the header line into the most fields (``,`` ``;`` or tab)."""
    counts = {d: len(next(csv.reader([header_line], delimiter=d))) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def read_csv_text(
    path: str | Path,
    required: Sequence[str],
    optional: Sequence[str] = (),
    aliases: dict[str, str] | None = None,
    *,
    arrow_text: bool = False,
    line_offset: int = 0,
) -> pd.DataFrame:
    """Parse a delimited text file into a frame of strings.

    Parameters
    ----------
    path
        The file.
    required
        Columns that must be present (after header normalisation and ``aliases``).
    optional
        Columns used when present (only for the error message; every column is kept).
    aliases
        Other header names for a column, e.g. ``{"datetime": "time"}``.
    arrow_text
        Give the header columns as Arrow-backed text (``string`` dtype, ``<NA>`` where a
        short line has no field) instead of ``object``: a regular file's columns then
        come straight from Arrow's reader, and validation has nothing to convert.
    line_offset
        Added to every line number (``source_line``, reasons, errors): the file is a piece of
        a larger one (:mod:`.pieces`), whose line numbers they must be.

    Returns
    -------
    pandas.DataFrame
        One row per non-blank data line: every header column as ``object`` strings
        (``None`` where a short line has no field; see ``arrow_text``), ``source_line``
        (line number in the file) and ``_error`` (a reason for malformed lines, else ``None``).

    Raises
    ------
    AdapterError
        Empty or undecodable file, missing required columns, repeated header names,
        broken quoting, or a header without data lines.
    """
    path = Path(path)
    text = decode_file(path)
    header_line = _first_line(text)
    if header_line is None:
        raise AdapterError(f"{path.name}: tệp rỗng, không có dữ liệu (empty file)")
    delimiter = _delimiter(header_line)
    regular = _regular_file(text, header_line, delimiter, arrow_text)
    if regular is not None:
        columns = [(aliases or {}).get(normalise_header(h), normalise_header(h)) for h in header_line.split(delimiter)]
        _check_header(path, columns, required, optional)
        regular.columns = [*columns, LINE_COLUMN, ERROR_COLUMN]
        regular[LINE_COLUMN] += line_offset
        return regular
    simple = _simple_lines(text, delimiter)
    if simple is not None:
        header, records = simple
        records.numbers = records.numbers + line_offset
    else:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
        try:
            header, records = _records(reader, line_offset)
        except csv.Error as exc:
            line = reader.line_num + line_offset
            raise AdapterError(
                f"{path.name}: lỗi định dạng CSV ở dòng {line}: {exc} (malformed CSV at line {line})"
            ) from None
    columns = [(aliases or {}).get(normalise_header(h), normalise_header(h)) for h in header]
    _check_header(path, columns, required, optional)
    if not len(records):
        raise AdapterError(f"{path.name}: chỉ có dòng tiêu đề, không có dòng dữ liệu (header only, no data rows)")
    frame = _split_frame(columns, records, delimiter) if simple is not None else _frame(columns, records)
    if arrow_text:
        for position in range(len(columns)):  # by position: a repeated header name is refused, but not yet here
            frame.isetitem(position, as_text(frame.iloc[:, position]))
    return frame


def _first_line(text: str) -> str | None:
    """The first non-blank line (as ``str.splitlines`` cuts lines), without splitting the whole file."""
    head = text[:65536].splitlines()
    complete = head if len(text) <= 65536 else head[:-1]  # the last piece of a cut prefix may be partial
    found = next((line for line in complete if line.strip()), None)
    if found is None and len(text) > 65536:
        found = next((line for line in text.splitlines() if line.strip()), None)
    return found


#: Every character ``str.strip()`` removes (what ``str.isspace`` calls white space), as an RE2
#: class body: a line of only these and delimiters is blank, as on the csv path.
WHITESPACE_CLASS = (
    r"\x{9}-\x{d}\x{1c}-\x{20}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
)
#: The csv module refuses longer fields; a file with a line this long takes its path.
_FIELD_LIMIT = csv.field_size_limit()


class _Lines:
    """The data lines of a quote-free file: Arrow strings and their physical line numbers."""

    def __init__(self, lines: pa.Array, numbers: np.ndarray) -> None:
        self.lines = lines
        self.numbers = numbers

    def __len__(self) -> int:
        return len(self.lines)


def _simple_lines(text: str, delimiter: str) -> tuple[list[str], _Lines] | None:
    """Header and data lines of a file without quotes, split in Arrow (``None``: use the csv module).

    Without a quote character every physical line is one record and its fields are the
    pieces between delimiters: exactly what ``csv.reader`` returns, in a few C passes
    instead of a Python step per line. Quotes, bare carriage returns and NUL bytes (which
    the csv module reads or refuses in its own ways) take the csv path.
    """
    if '"' in text or "\x00" in text:
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return None
    try:
        whole = pa.array([text], type=pa.large_string())
    except (UnicodeEncodeError, pa.ArrowException):  # lone surrogates cannot be UTF-8
        return None
    lines = pc.list_flatten(pc.split_pattern(whole, "\n"))
    if pc.max(pc.binary_length(lines)).as_py() > _FIELD_LIMIT:
        return None
    blank = pc.match_substring_regex(lines, "^[" + WHITESPACE_CLASS + f"\\x{{{ord(delimiter):x}}}" + "]*$")
    kept = np.flatnonzero(~blank.to_numpy(zero_copy_only=False))
    if not len(kept):
        return [], _Lines(pa.array([], pa.large_string()), kept)
    header = lines[int(kept[0])].as_py().split(delimiter)
    rows = kept[1:]
    return header, _Lines(lines.take(pa.array(rows)), rows + 1)


def _regular_file(text: str, header_line: str, delimiter: str, arrow_text: bool = False) -> pd.DataFrame | None:
    """The frame of a regular file, parsed by Arrow's multi-threaded CSV reader (``None``: not regular).

    Regular: no quote, NUL or bare carriage return, the header on the first line, and every
    other line non-blank with the header's number of fields — what instrument and portal
    exports are. Arrow then reads exactly the fields :func:`_simple_lines` would split, and
    the line numbers are the row numbers. Any line that breaks this (a blank line, a short
    or long line) sends the file to :func:`_simple_lines`, which keeps the odd lines with a
    reason; the frame's columns are positional (the caller names them).
    """
    if '"' in text or "\x00" in text or not text.startswith(header_line):
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return None
    width = header_line.count(delimiter) + 1
    names = [f"c{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char=False, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, UnicodeEncodeError):  # a line with another number of fields; lone surrogates
        return None
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if table.num_rows == 0 or table.num_rows != lines - 1:
        return None  # blank lines were skipped: their numbers would be wrong
    # a line of only delimiters and white space is blank (the other path drops it)
    blank_field = f"^[{WHITESPACE_CLASS}]*$"
    blank = pc.match_substring_regex(table.column(0), blank_field)
    if pc.any(blank).as_py():
        for i in range(1, width):
            blank = pc.and_(blank, pc.match_substring_regex(table.column(i), blank_field))
        if pc.any(blank).as_py():
            return None
    if arrow_text:
        data: dict[str, Any] = {name: pd.arrays.ArrowStringArray(table.column(name)) for name in names}
    else:
        data = {name: _objects(table.column(name).combine_chunks()) for name in names}
    frame = pd.DataFrame(data, columns=names, dtype=None if arrow_text else object)
    frame[LINE_COLUMN] = np.arange(2, table.num_rows + 2, dtype="int64")
    frame[ERROR_COLUMN] = pd.Series(np.full(table.num_rows, None, dtype=object), dtype=object)
    return frame


def _fit(line_number: int, fields: list[str], width: int) -> tuple[list[str | None], str | None]:
    """The fields of a line cut or padded to the header's width, with a reason when they did not fit."""
    if len(fields) > width and not any(f.strip() for f in fields[width:]):
        fields = fields[:width]  # trailing empty fields: a spreadsheet export habit, not an error
    if len(fields) == width:
        return fields, None
    extra = f"; thừa {fields[width:]!r}" if len(fields) > width else ""
    error = (
        f"dòng {line_number}: có {len(fields)} trường nhưng tiêu đề có {width}{extra} "
        f"(wrong number of fields: {len(fields)} instead of {width})"
    )
    return (fields + [None] * width)[:width], error


def _objects(strings: pa.Array) -> np.ndarray:
    """Python ``str`` objects of an Arrow string array, each distinct text made once.

    Files repeat station ids, parameters, units and times on every line: converting the
    distinct values and indexing them is several times cheaper than one object per cell.
    """
    encoded = pc.dictionary_encode(strings)
    return encoded.dictionary.to_numpy(zero_copy_only=False)[encoded.indices.to_numpy(zero_copy_only=False)]


def _split_frame(columns: list[str], records: _Lines, delimiter: str) -> pd.DataFrame:
    """:func:`_frame` for :func:`_simple_lines`: fields taken column by column in Arrow."""
    width = len(columns)
    parts = pc.split_pattern(records.lines, delimiter)
    counts = pc.list_value_length(parts).to_numpy(zero_copy_only=False)
    starts = parts.offsets.to_numpy()[:-1]
    values = pc.list_flatten(parts)
    regular = np.flatnonzero(counts == width)
    odd = np.flatnonzero(counts != width)
    errors = np.full(len(records), None, dtype=object)
    data: dict[str, np.ndarray] = {}
    for position, name in enumerate(columns):
        column = np.full(len(records), None, dtype=object)
        column[regular] = _objects(values.take(pa.array(starts[regular] + position)))
        data[name] = column
    for row in odd:  # lines with too few or too many fields: rare, one at a time as the csv path does
        line_number = int(records.numbers[row])
        fields, errors[row] = _fit(line_number, records.lines[int(row)].as_py().split(delimiter), width)
        for name, value in zip(columns, fields, strict=True):
            data[name][row] = value
    frame = pd.DataFrame(data, columns=columns, dtype=object)
    frame[LINE_COLUMN] = records.numbers.astype("int64")
    frame[ERROR_COLUMN] = pd.Series(errors, dtype=object)
    return frame


def _records(reader: Any, line_offset: int = 0) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and ``(line number, fields)`` of the non-blank lines of a ``csv.reader``
    (numbers moved on by ``line_offset``)."""
    header: list[str] | None = None
    records: list[tuple[int, list[str]]] = []
    for fields in reader:
        if not "".join(fields).strip():
            continue  # blank lines carry no data
        if header is None:
            header = fields
        else:
            records.append((reader.line_num + line_offset, fields))
    return header or [], records


def _check_header(path: Path, columns: list[str], required: Sequence[str], optional: Sequence[str]) -> None:
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise AdapterError(f"{path.name}: tên cột bị lặp {repeated} (repeated column names)")
    missing = [c for c in required if c not in columns]
    if missing:
        wanted = list(required) + [f"[{c}]" for c in optional]
        raise AdapterError(
            f"{path.name}: thiếu cột bắt buộc {missing}; tệp có các cột {columns}; cần {wanted} "
            f"(missing required columns; found {columns}; need {list(required)})"
        )


def _frame(columns: list[str], records: list[tuple[int, list[str]]]) -> pd.DataFrame:
    width = len(columns)
    rows, line_numbers, errors = [], [], []
    for line_number, fields in records:
        fields, error = _fit(line_number, fields, width)
        rows.append(fields)
        line_numbers.append(line_number)
        errors.append(error)
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    frame[LINE_COLUMN] = line_numbers
    frame[ERROR_COLUMN] = pd.Series(errors, dtype=object)
    return frame
