"""Cell-level parsing shared by the environment adapters.

Each parser returns the parsed values and, per row, a reason (``None`` where fine) that
the adapter puts into ``_error``; null tokens (``""``, ``-``, ``NA`` …) are *missing*,
not errors — validation decides whether a missing value rejects the row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd
import pyarrow as pa

from ioc.config import site_timezone
from ioc.tables import ERROR_COLUMN, as_text, null_token
from ioc_plugins.environment.tables import AIR_PARAMETERS, WATER_PARAMETERS
from ioc_plugins.environment.units import UnitError, canonical_unit, convert

#: Site time zone: naive times in source files are local time here.
#: Flag for a laboratory result reported as "< limit" (stored as the limit).
BELOW_DETECTION = "below_detection_limit"

_AWARE = r"(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$"
_DAY_FIRST = r"^\d{1,2}[/.]\d{1,2}[/.]\d{4}"

# keys are names lower-cased with spaces, dots, dashes and underscores removed
_AIR_ALIASES = {
    "temp": "temperature",
    "t": "temperature",
    "nhiệtđộ": "temperature",
    "rh": "humidity",
    "relativehumidity": "humidity",
    "độẩm": "humidity",
}
_WATER_ALIASES = {
    "nnh4": "nh4",
    "nh4n": "nh4",
    "amoni": "nh4",
    "nno3": "no3",
    "no3n": "no3",
    "nno2": "no2",
    "no2n": "no2",
    "ppo4": "po4",
    "po4p": "po4",
    "bod": "bod5",
    "tổngcoliform": "coliform",
    "coliforms": "coliform",
    "độđục": "turbidity",
    "nhiệtđộ": "temperature",
    "temp": "temperature",
    "ss": "tss",
    "oxyhòatan": "do",
    "oxyhoàtan": "do",
    "dissolvedoxygen": "do",
}
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def is_missing(raw: pd.Series) -> pd.Series:
    """Cells that mean "no value" (``None``, blank, ``-``, ``NA`` … as the data layer defines them)."""
    return _stripped(raw)[0]


def _stripped(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """:func:`is_missing` and the stripped text of the cells, from one conversion to Arrow strings."""
    text = as_text(raw)
    stripped = text.str.strip()
    # the text is null exactly where the cell is: no second pass over the Python objects
    missing = (text.isna() | null_token(stripped)).fillna(True).astype(bool)
    return missing, stripped


def add_errors(frame: pd.DataFrame, reasons: pd.Series) -> None:
    """Set ``_error`` where a row has none yet (the first reason is the one people see)."""
    reasons = reasons.reindex(frame.index)
    current = frame[ERROR_COLUMN] if ERROR_COLUMN in frame else pd.Series(None, index=frame.index, dtype=object)
    frame[ERROR_COLUMN] = current.where(current.notna(), reasons).astype(object)


def _reasons(index: pd.Index, mask: pd.Series, texts: Iterable[str]) -> pd.Series:
    reasons = pd.Series(None, index=index, dtype=object)
    reasons[mask] = list(texts)
    return reasons


def parse_numbers(raw: pd.Series, column: str = "value") -> tuple[pd.Series, pd.Series, pd.Series]:
    """Numbers from text cells (decimal comma accepted; ``"<0.5"`` read as 0.5 below detection).

    Returns
    -------
    values, below_detection, reasons
        ``float64`` values (NaN where missing or unreadable), a boolean mask of
        ``"< limit"`` cells, and a reason for unreadable cells.
    """
    if pd.api.types.is_numeric_dtype(raw):
        values = pd.to_numeric(raw, errors="coerce").astype("float64")
        return values, pd.Series(False, index=raw.index), pd.Series(None, index=raw.index, dtype=object)
    missing, text = _stripped(raw)
    text = text.str.replace(",", ".", regex=False)
    below = text.str.startswith("<").fillna(False).astype(bool) & ~missing
    text = text.str.lstrip("<").str.strip()
    values = each_distinct(text.where(~missing), lambda distinct: pd.to_numeric(distinct, errors="coerce"))
    values = values.astype("float64")
    values[~np.isfinite(values.to_numpy())] = np.nan
    bad = (values.isna() & ~missing).astype(bool)
    reasons = _reasons(
        raw.index, bad, (f"{column}: không đọc được số từ {v!r} (cannot parse number)" for v in raw[bad])
    )
    return values, below, reasons


def parse_site_times(raw: pd.Series, timezone: str | None = None, column: str = "time") -> tuple[pd.Series, pd.Series]:
    """Timestamps → UTC. Times with an offset or ``Z`` keep it; naive times are site-local.

    ISO 8601 (``2022-01-31T13:00``, ``2022-01-31 13:00:00+07:00``) and Vietnamese
    day-first dates (``31/01/2022 13:00``) are read.

    Returns
    -------
    times, reasons
        ``datetime64[us, UTC]`` (NaT where missing or unreadable) and a reason for
        unreadable cells.
    """
    timezone = timezone or site_timezone()
    if isinstance(raw.dtype, pd.DatetimeTZDtype):
        return raw.dt.tz_convert("UTC").astype("datetime64[us, UTC]"), pd.Series(None, index=raw.index, dtype=object)
    missing, text = _stripped(raw)
    # a file repeats each time once per station and parameter: each distinct text is read once
    times = each_distinct(text.where(~missing), lambda distinct: _site_times(distinct, timezone))
    times = times.astype("datetime64[us, UTC]")
    bad = (times.isna() & ~missing).astype(bool)
    reasons = _reasons(
        raw.index, bad, (f"{column}: không đọc được thời điểm {v!r} (cannot parse timestamp)" for v in raw[bad])
    )
    return times, reasons


def _site_times(text: pd.Series, timezone: str) -> pd.Series:
    """UTC times of stripped, non-missing texts (see :func:`parse_site_times`; ``NaT``: unreadable)."""
    aware = text.str.contains(_AWARE, regex=True).fillna(False).astype(bool)
    day_first = text.str.contains(_DAY_FIRST, regex=True).fillna(False).astype(bool)
    times = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us, UTC]")
    if aware.any():
        times[aware] = _parse(text[aware], utc=True)
    naive = ~aware & text.notna()
    if naive.any():
        local = _parse(text[naive], utc=False, day_first=day_first[naive])
        localised = local.dt.tz_localize(timezone, ambiguous="NaT", nonexistent="NaT").dt.tz_convert("UTC")
        times[naive] = localised.astype("datetime64[us, UTC]")
    return times


def each_distinct(text: pd.Series, function: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``function(text)``, computed once per distinct text and spread over the rows.

    For an element-wise ``function`` the result is the same; it is also called with the
    same *set* of values (a null included when ``text`` has one), so that a parser whose
    output type depends on what it has seen (``pd.to_numeric``: integers alone, or next to
    decimals and nulls) reads each value exactly as it would in the whole column.
    """
    codes, distinct = pd.factorize(text)
    if len(distinct) == len(text):  # nothing repeats: nothing to save
        return function(text)
    values = pd.Series(distinct, dtype=text.dtype, name=text.name)
    if (codes < 0).any():
        values = pd.concat([values, pd.Series([None], dtype=text.dtype, name=text.name)], ignore_index=True)
        codes = np.where(codes < 0, len(distinct), codes)
    result = function(values)
    return pd.Series(result.array.take(codes), index=text.index, name=result.name)


def _parse(text: pd.Series, *, utc: bool, day_first: pd.Series | None = None) -> pd.Series:
    """ISO 8601 fast path, then a lenient per-cell parser for the rest."""
    parsed = pd.to_datetime(text, format="ISO8601", errors="coerce", utc=utc)
    retry = parsed.isna()
    if day_first is not None:
        retry |= day_first
    if retry.any():
        first = day_first[retry] if day_first is not None else pd.Series(False, index=text[retry].index)
        for flag in (True, False):
            chosen = retry & first.reindex(text.index, fill_value=False).eq(flag)
            if chosen.any():
                parsed[chosen] = pd.to_datetime(text[chosen], format="mixed", dayfirst=flag, errors="coerce", utc=utc)
    return parsed.astype("datetime64[us, UTC]" if utc else "datetime64[us]")


def off_the_hour(times: pd.Series) -> pd.Series:
    """Times not on a whole hour (air readings are hourly means)."""
    return (times.notna() & (times != times.dt.floor("h"))).astype(bool)


def hourly_reasons(times: pd.Series) -> pd.Series:
    """Reasons for air readings whose time is not on a whole hour."""
    bad = off_the_hour(times)
    return _reasons(
        times.index,
        bad,
        (
            f"time: {t:%Y-%m-%d %H:%M} UTC không tròn giờ — số liệu không khí là trung bình "
            "giờ (air readings are hourly means; time must be on the hour)"
            for t in times[bad]
        ),
    )


def _parameter_key(name: object) -> str:
    text = unicodedata.normalize("NFC", str(name)).strip().lower().translate(_SUBSCRIPTS)
    return re.sub(r"\s+", "_", text)


def _parameter_name(name: object, aliases: dict[str, str], known: tuple[str, ...]) -> object:
    if name is None or pd.isna(name):
        return None
    key = _parameter_key(name)
    compact = re.sub(r"[_.\-]", "", key)
    if compact in aliases:
        return aliases[compact]
    return compact if compact in known else key


def map_distinct(raw: pd.Series, function: Callable[[object], object]) -> pd.Series:
    """Apply ``function`` once per distinct value (files repeat a handful of names and units)."""
    codes, distinct = pd.factorize(raw)
    mapping = {value: function(value) for value in distinct}
    # mapped as pandas maps a dict (its dtype inference included), but only the distinct values
    mapped = pd.Series(distinct, dtype=object).map(mapping).astype(object).to_numpy()
    if _is_arrow_text(raw) and all(value is None or type(value) is str for value in mapped):
        # Arrow text in, Arrow text out: the rows are taken from the few mapped values in
        # Arrow, and validation has nothing to convert
        taken = pa.array(mapped, type=pa.string()).take(pa.array(codes, mask=codes < 0))
        return pd.Series(pd.arrays.ArrowStringArray(taken), index=raw.index, name=raw.name)
    out = mapped[codes] if len(mapped) else np.full(len(raw), None, dtype=object)
    out[codes < 0] = None
    return pd.Series(out, index=raw.index, dtype=object)


def _is_arrow_text(values: pd.Series) -> bool:
    return isinstance(values.array, pd.arrays.ArrowStringArray)


def air_parameter(raw: pd.Series) -> pd.Series:
    """Air parameter names → table names (``PM2.5`` → ``pm25``, ``RH`` → ``humidity``); unknown names stay (lower-cased)."""
    return map_distinct(raw, lambda n: _parameter_name(n, _AIR_ALIASES, AIR_PARAMETERS))


def water_parameter(raw: pd.Series) -> pd.Series:
    """Water-quality parameter names → table names (``N-NH4`` → ``nh4``, ``BOD`` → ``bod5``)."""
    return map_distinct(raw, lambda n: _parameter_name(n, _WATER_ALIASES, WATER_PARAMETERS))


def to_table_units(
    parameters: pd.Series,
    values: pd.Series,
    raw_units: pd.Series,
    target_for: Callable[[str], str],
    known: Iterable[str],
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Convert values to each parameter's table unit.

    Rows of unknown parameters keep their unit and value (validation rejects them with
    the list of known parameters); a missing unit is left missing (validation rejects it).

    Returns
    -------
    values, units, reasons
        Converted values, canonical table units, and a reason where the unit is unknown
        or cannot be converted.
    """
    known = set(known)
    index = values.index
    values = values.astype("float64").to_numpy(copy=True)
    units = raw_units.astype(object).copy()
    reasons = np.full(len(values), np.nan, dtype=object)  # what pandas fills an empty object Series with
    canonical = map_distinct(raw_units, canonical_unit)
    use = parameters.isin(known).to_numpy(dtype=bool) & ~is_missing(raw_units).to_numpy(dtype=bool)
    parameter_codes, parameter_names = pd.factorize(parameters)
    unit_codes, unit_names = pd.factorize(canonical)  # -1: no canonical unit
    pairs = parameter_codes.astype("int64") * (len(unit_names) + 1) + (unit_codes + 1)
    # a hash table, not a sort: each group writes only its own rows, so their order is free
    group, distinct = pd.factorize(np.where(use, pairs, -1))
    # one conversion per (parameter, unit) present; codes instead of a groupby over the rows
    for number, pair in enumerate(distinct):
        if pair < 0:
            continue
        rows = group == number
        parameter = parameter_names[pair // (len(unit_names) + 1)]
        target = target_for(parameter)
        if pair % (len(unit_names) + 1) == 0:
            seen = ", ".join(sorted({str(u) for u in raw_units[rows]}))
            reasons[rows] = f"unit: không nhận ra đơn vị {seen!r} của {parameter}, cần {target} (unknown unit)"
            continue
        unit = unit_names[pair % (len(unit_names) + 1) - 1]
        try:
            values[rows] = convert(values[rows], unit, target, parameter)
        except UnitError as exc:
            reasons[rows] = f"unit: {exc}"
            continue
        units[rows] = target
    return pd.Series(values, index=index), units, pd.Series(reasons, index=raw_units.index, dtype=object)


def with_raw_where_bad(values: pd.Series, raw: pd.Series, bad: pd.Series) -> pd.Series:
    """Parsed values, but the original text where parsing failed (so quarantine shows it)."""
    if not bad.any():
        return values
    out = values.astype(object)
    out[bad] = raw[bad]
    return out
