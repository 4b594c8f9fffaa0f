"""Arrow fast path of the long air CSV adapter (regular, clean files).

Instrument and portal exports are regular (no quotes, one header, every line with the
header's number of fields) and clean (every time, value and unit readable): Arrow's CSV
reader splits them, and every per-cell step of :func:`..air.finish_air_rows` — strip,
null tokens, time parsing, parameter names, unit conversion — runs once per *distinct*
text of a dictionary-encoded column, then is spread over the rows with a ``take``. The
values are the path's own functions on those texts, so the rows, dtypes and order are
the same as :func:`..air.read_air_long`'s; numbers are cast by Arrow only where the text
is a plain decimal of at most 15 characters, which both parsers round identically.

Anything else (another encoding, a quote, a short line, an unreadable cell, an unknown
unit …) returns ``None`` and the caller takes the general path, which keeps every odd
line with its reason: the fast path never decides what is quarantined.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ioc.tables import ERROR_COLUMN, null_token_array
from ioc_plugins.environment.adapters import text as text_module
from ioc_plugins.environment.adapters.cells import air_parameter, off_the_hour, parse_site_times
from ioc_plugins.environment.adapters.text import LINE_COLUMN, WHITESPACE_CLASS, normalise_header
from ioc_plugins.environment.units import UnitError, canonical_unit, convert

#: A plain decimal both Arrow and pandas read as the same double: at most 15 characters,
#: hence at most 15 significant digits, which one scaling by a power of ten rounds exactly.
_PLAIN_NUMBER = r"^-?[0-9]+(\.[0-9]+)?$"
_PLAIN_LENGTH = 15
#: Characters ``str.splitlines`` also ends a line at: in the header line they would make
#: the general path read another header, so such a file takes it.
_LINE_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
#: GREEK QUESTION MARK, which NFC turns into ";" (a delimiter): the general path normalises
#: the text before splitting it, this one after.
_BECOMES_SEMICOLON = "\u037e".encode()


def read_regular(
    path: Path, required: tuple[str, ...], aliases: dict[str, str], optional: tuple[str, ...] = ()
) -> dict[str, pa.Array] | None:
    """The columns of a regular UTF-8 file as Arrow strings, NFC-normalised (``None``: not regular).

    What :func:`..text.read_csv_text` gives for such a file, without decoding it in Python
    first: the header checks (missing or repeated columns) raise the same errors.
    """
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data or data.isspace() or b'"' in data or b"\x00" in data or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    if any(data.startswith(magic) for magic in text_module._MAGIC):
        return None
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n")
        if b"\r" in data:
            return None
    end = data.find(b"\n")
    try:
        header_line = unicodedata.normalize("NFC", (data if end < 0 else data[:end]).decode("utf-8"))
    except UnicodeDecodeError:
        return None
    if not header_line.strip() or any(c in header_line for c in _LINE_BREAKS):
        return None
    delimiter = text_module._delimiter(header_line)
    if delimiter == ";" and _BECOMES_SEMICOLON in data:
        return None
    columns = [aliases.get(normalise_header(h), normalise_header(h)) for h in header_line.split(delimiter)]
    width = len(columns)
    names = [f"c{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            # an empty line is a row of one field here, so a file with one is not regular:
            # the general path drops it and numbers the other lines by their place in the file
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, quote_char=False, newlines_in_values=False, ignore_empty_lines=False
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False
            ),
        )
    except pa.ArrowInvalid:  # another number of fields, or bytes that are not UTF-8
        return None
    if table.num_rows == 0:
        return None  # the general path says "header only"
    blank_field = f"^[{WHITESPACE_CLASS}]*$"
    blank = pc.match_substring_regex(table.column(0), blank_field)
    if pc.any(blank).as_py():
        for i in range(1, width):
            blank = pc.and_(blank, pc.match_substring_regex(table.column(i), blank_field))
        if pc.any(blank).as_py():
            return None
    text_module._check_header(path, columns, required, optional)
    out = {}
    for name, column in zip(columns, table.columns, strict=True):
        column = column.combine_chunks()
        if not pc.all(pc.string_is_ascii(column)).as_py():
            # normalised once per distinct text (units and names repeat on every line)
            encoded = pc.dictionary_encode(column)
            # by Python's own tables, as the general path normalises (Arrow's may be another Unicode version)
            texts = pa.array([unicodedata.normalize("NFC", t) for t in encoded.dictionary.to_pylist()], pa.string())
            column = pa.DictionaryArray.from_arrays(encoded.indices, texts)
        out[name] = column
    return out


class _Distinct:
    """A column as its distinct texts and, per row, the index of its text."""

    def __init__(self, column: pa.Array) -> None:
        encoded = column if pa.types.is_dictionary(column.type) else pc.dictionary_encode(column)
        self.texts = encoded.dictionary
        self.indices = encoded.indices.to_numpy(zero_copy_only=False)

    def series(self) -> pd.Series:
        return pd.Series(pd.arrays.ArrowStringArray(self.texts))

    def spread(self, values: pd.Series) -> pd.Series:
        """Per-text values (a Series over :attr:`texts`) → per-row values."""
        return pd.Series(values.array.take(self.indices))

    def missing(self) -> np.ndarray:
        """Per text: whether it means "no value" once stripped."""
        return null_token_array(pc.utf8_trim_whitespace(self.texts))


def finish_long(
    columns: dict[str, pa.Array],
    timezone: str,
    *,
    output: list[str],
    extra: tuple[str, ...],
    unit_for: Callable[[str], str],
    known: tuple[str, ...],
) -> pd.DataFrame | None:
    """:func:`..air.finish_air_rows` of a regular file's columns (``None``: a row needs the general path)."""
    rows = len(columns["station_id"])
    station = pd.Series(pd.arrays.ArrowStringArray(pc.utf8_trim_whitespace(_plain(columns["station_id"]))))

    time = _Distinct(columns["time"])
    times, reasons = parse_site_times(time.series(), timezone)
    if reasons.notna().any() or off_the_hour(times).any():
        return None

    parameter = _Distinct(columns["parameter"])
    parameters = air_parameter(parameter.series())

    values = _numbers(_plain(columns["value"]))
    if values is None:
        return None

    unit = _Distinct(columns["unit"])
    units = _to_table_units(parameters, parameter.indices, unit, values, unit_for, known)
    if units is None:
        return None

    if "flag" in columns:
        flag = _Distinct(columns["flag"])
        # missing cells as the general path leaves them: pandas' NA of its text column
        flags = np.where(flag.missing(), pd.NA, flag.texts.to_numpy(zero_copy_only=False)).astype(object)
        flags = flags[flag.indices]
    else:
        flags = np.full(rows, None, dtype=object)

    frame = pd.DataFrame(
        {
            "station_id": station,
            "time": time.spread(times),
            "parameter": parameter.spread(parameters),
            "value": pd.Series(values),
            "unit": pd.Series(units, dtype=object),
            "flag": pd.Series(flags, dtype=object),
            LINE_COLUMN: np.arange(2, rows + 2, dtype="int64"),
            ERROR_COLUMN: pd.Series(np.full(rows, np.nan, dtype=object), dtype=object),  # as add_errors leaves it
        }
    )
    for name in extra:
        if name in columns:
            frame[name] = pd.arrays.ArrowStringArray(_plain(columns[name]))
    return frame[output + [name for name in extra if name in columns]]


def _plain(column: pa.Array) -> pa.Array:
    """A string column, decoded where :func:`read_regular` kept it dictionary-encoded."""
    return column.dictionary_decode() if pa.types.is_dictionary(column.type) else column


def _numbers(column: pa.Array) -> np.ndarray | None:
    """``float64`` values of plain decimals, NaN where missing (``None``: another kind of text)."""
    stripped = pc.utf8_trim_whitespace(column)
    plain = pc.and_(
        pc.less_equal(pc.binary_length(stripped), _PLAIN_LENGTH), pc.match_substring_regex(stripped, _PLAIN_NUMBER)
    ).to_numpy(zero_copy_only=False)
    if plain.all():
        return stripped.cast(pa.float64()).to_numpy(zero_copy_only=False, writable=True)
    others = ~plain
    if not null_token_array(stripped.filter(pa.array(others))).all():
        return None  # decimal commas, "< limit", exponents, text: the general path reads them
    values = np.full(len(column), np.nan)
    values[plain] = stripped.filter(pa.array(plain)).cast(pa.float64()).to_numpy(zero_copy_only=False)
    return values


def _to_table_units(
    parameters: pd.Series,
    parameter_indices: np.ndarray,
    unit: _Distinct,
    values: np.ndarray,
    unit_for: Callable[[str], str],
    known: tuple[str, ...],
) -> np.ndarray | None:
    """:func:`..cells.to_table_units` for rows of readable units: converts ``values`` in place.

    Returns the per-row units (the table unit where converted, the source text elsewhere),
    or ``None`` when a unit is unknown or cannot be converted (the general path words the reason).
    """
    unit_texts = unit.texts.to_numpy(zero_copy_only=False).astype(object)
    canonical = np.array([canonical_unit(text) for text in unit_texts], dtype=object)
    usable_unit = ~unit.missing()
    names = parameters.to_numpy(dtype=object, na_value=None)
    known = set(known)
    usable_parameter = np.array([name is not None and name in known for name in names], dtype=bool)
    # one group per (parameter text, unit text) present: a few dozen, not a step per row
    pairs = parameter_indices.astype("int64") * len(unit_texts) + unit.indices
    group, distinct = pd.factorize(pairs)
    units = unit_texts[unit.indices]
    for number, pair in enumerate(distinct):
        p, u = divmod(int(pair), len(unit_texts))
        if not (usable_parameter[p] and usable_unit[u]):
            continue  # validation rejects unknown parameters and missing units
        if canonical[u] is None:
            return None
        target = unit_for(names[p])
        rows = group == number
        try:
            values[rows] = convert(values[rows], canonical[u], target, names[p])
        except UnitError:
            return None
        units[rows] = target
    return units
