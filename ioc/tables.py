"""Table declarations and row-level validation.

A table is declared once (intake-style: what the data *is*, apart from how it is read):
name, typed columns, natural key, time column, optional point geometry, PII columns
and retention. Adapters map a real format onto a table; :meth:`Table.validate` turns
an incoming frame into typed good rows and rejected rows with one reason each.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np
import pandas as pd

#: Column types the data layer understands, mapped to pandas dtypes.
DTYPES = {
    "string": "string",
    "int": "Int64",
    "float": "Float64",
    "bool": "boolean",
    "timestamp": "datetime64[us, UTC]",
    "date": "datetime64[us]",
}

#: Cell values that mean "no value" in real files.
NULL_TOKENS = {"", "-", "--", "na", "n/a", "nan", "null", "none", "nd", "không có"}

#: Column adapters may fill with a parse-level error; a non-null value rejects the row.
ERROR_COLUMN = "_error"

RowCheck = Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class Column:
    """One typed column of a table.

    Parameters
    ----------
    name, dtype
        Column name and one of :data:`DTYPES`.
    required
        Whether a null value rejects the row.
    pii
        Personal data (phone, e-mail, national ID, address): masked outside allowed roles.
    unit, description, choices
        Documentation; ``choices`` also validates.
    minimum, maximum
        Inclusive plausibility bounds; values outside reject the row.
    """

    name: str
    dtype: str = "string"
    required: bool = False
    pii: bool = False
    unit: str | None = None
    description: str = ""
    choices: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None

    def __post_init__(self) -> None:
        if self.dtype not in DTYPES:
            raise ValueError(f"column {self.name!r}: unknown dtype {self.dtype!r}; use one of {sorted(DTYPES)}")


@dataclass(frozen=True)
class Reference:
    """A foreign key: values of ``column`` must exist in ``table.target``.

    The data layer checks it at write time against the current rows of the referenced
    table in the lake, plus ``known()`` (e.g. a registry file the plugin ships), and
    quarantines rows that refer to nothing with ``reason``.
    """

    column: str
    table: str
    target: str
    reason: str
    known: Callable[[], set[str]] | None = None


@dataclass(frozen=True)
class Table:
    """A declared table of the lake.

    Parameters
    ----------
    name
        ``<plugin>.<table>``, e.g. ``environment.air_readings``; also the DuckDB view name.
    columns
        The typed columns.
    key
        Natural key: one current row per key; a later value for a key supersedes.
    time_column
        The event time (UTC); rows further in the future than the tolerance are rejected.
    geometry
        ``(lon_column, lat_column)`` when rows are points.
    retention_days
        How long rows are kept (``None``: forever).
    checks
        Extra row checks: each returns a Series of reasons (``None`` where the row is fine).
    references
        Foreign keys checked by the data layer at write time (see :class:`Reference`).
    """

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    time_column: str | None = None
    geometry: tuple[str, str] | None = None
    retention_days: int | None = None
    description: str = ""
    checks: tuple[RowCheck, ...] = field(default=(), compare=False)
    references: tuple[Reference, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        if "." not in self.name:
            raise ValueError(f"table name {self.name!r} must be '<plugin>.<table>'")
        missing = [
            k
            for k in (*self.key, *(self.geometry or ()), *([self.time_column] if self.time_column else []))
            if k not in names
        ]
        if missing:
            raise ValueError(f"table {self.name}: key/time/geometry columns not declared: {missing}")

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def pii_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.pii]

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    def empty_frame(self) -> pd.DataFrame:
        """A zero-row frame with the declared dtypes."""
        return pd.DataFrame({c.name: pd.Series(dtype=DTYPES[c.dtype]) for c in self.columns})

    def validate(
        self,
        frame: pd.DataFrame,
        *,
        now: pd.Timestamp | None = None,
        future_tolerance: timedelta = timedelta(minutes=15),
        known: dict[str, set[str]] | None = None,
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Split ``frame`` into typed good rows and rejected rows.

        ``known`` maps a referencing column to the values its :class:`Reference` accepts
        (the data layer fills it from the lake); references without an entry are not checked.

        Returns
        -------
        good, rejected
            ``good`` has exactly the declared columns and dtypes. ``rejected`` keeps the
            original (string) values of every input column plus ``reason``.
        """
        frame = frame.reset_index(drop=True)
        reasons = pd.Series([None] * len(frame), index=frame.index, dtype=object)
        if ERROR_COLUMN in frame:
            reasons = reasons.where(frame[ERROR_COLUMN].isna(), frame[ERROR_COLUMN])
        typed = {}
        for column in self.columns:
            raw = (
                frame[column.name]
                if column.name in frame
                else pd.Series([None] * len(frame), index=frame.index, dtype=object)
            )
            values, bad = _coerce(raw, column)
            typed[column.name] = values
            reasons = _first_reason(reasons, bad)
        good = pd.DataFrame(typed, index=frame.index)
        for column in self.columns:
            if column.required:
                reasons = _first_reason(
                    reasons,
                    good[column.name]
                    .isna()
                    .map({True: f"{column.name}: thiếu giá trị bắt buộc (missing required value)", False: None}),
                )
        if self.time_column:
            now = now or pd.Timestamp.now(tz="UTC")
            future = good[self.time_column] > now + pd.Timedelta(future_tolerance)
            reasons = _first_reason(
                reasons,
                future.fillna(False).map(
                    {True: f"{self.time_column}: thời điểm ở tương lai (timestamp in the future)", False: None}
                ),
            )
        for check in self.checks:
            reasons = _first_reason(reasons, check(good).reindex(good.index))
        for reference in self.references:
            if known is not None and reference.column in known:
                missing = ~good[reference.column].astype("string").isin(known[reference.column]).fillna(False)
                reasons = _first_reason(
                    reasons, missing.map({True: f"{reference.column}: {reference.reason}", False: None})
                )
        rejected_mask = reasons.notna()
        rejected = frame.loc[rejected_mask].drop(columns=[ERROR_COLUMN], errors="ignore").astype("string")
        rejected.insert(0, "reason", reasons[rejected_mask].astype("string"))
        rejected.insert(0, "row_number", (rejected.index + 1).astype("int64"))
        return good.loc[~rejected_mask].reset_index(drop=True), rejected.reset_index(drop=True)


def _first_reason(current: pd.Series, new: pd.Series) -> pd.Series:
    """Keep the first reason a row was rejected for."""
    return current.where(current.notna(), new)


def _is_null_token(raw: pd.Series) -> pd.Series:
    if not (raw.dtype == object or isinstance(raw.dtype, pd.StringDtype)):
        return raw.isna()  # typed values (numbers, timestamps) have no textual null tokens
    text = raw.astype("string").str.strip().str.lower()
    return raw.isna() | text.isin(NULL_TOKENS).fillna(False)


def _coerce(raw: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    """Convert one column; return typed values and a per-row reason for failures."""
    null = _is_null_token(raw)
    cleaned = raw.where(~null, None)
    if column.dtype == "string":
        values = cleaned.astype("string").str.strip()
    elif column.dtype in {"int", "float"}:
        if pd.api.types.is_numeric_dtype(cleaned):
            numbers = pd.to_numeric(cleaned, errors="coerce")
        else:  # decimal commas are common in Vietnamese spreadsheets
            text = cleaned.astype("string").str.strip().str.replace(",", ".", regex=False)
            numbers = pd.to_numeric(text, errors="coerce")
        if column.dtype == "int":
            whole = numbers.notna() & (numbers % 1 == 0)
            numbers = numbers.where(whole | numbers.isna())
            values = pd.Series(pd.array(numbers, dtype="Float64").astype("Int64"), index=raw.index)
        else:
            values = pd.Series(pd.array(numbers, dtype="Float64"), index=raw.index)
    elif column.dtype == "bool":
        mapping = {
            "true": True,
            "1": True,
            "yes": True,
            "có": True,
            "false": False,
            "0": False,
            "no": False,
            "không": False,
        }
        values = cleaned.astype("string").str.strip().str.lower().map(mapping).astype("boolean")
    elif column.dtype == "timestamp":
        values = _to_utc(cleaned)
    else:  # date
        values = (
            pd.to_datetime(cleaned, errors="coerce", format="mixed")
            .dt.tz_localize(None)
            .dt.normalize()
            .astype("datetime64[us]")
        )
    unparsed = values.isna() & ~null
    kind = {
        "int": "số nguyên (integer)",
        "float": "số (number)",
        "timestamp": "thời điểm (timestamp)",
        "date": "ngày (date)",
        "bool": "đúng/sai (boolean)",
        "string": "chuỗi (text)",
    }[column.dtype]
    bad = pd.Series(None, index=raw.index, dtype=object)
    bad[unparsed] = [f"{column.name}: không đọc được {kind} từ {v!r} (cannot parse)" for v in raw[unparsed].astype(str)]
    if column.choices is not None:
        outside = values.notna() & ~values.astype("string").isin(column.choices).fillna(False)
        bad = _first_reason(
            bad,
            outside.map(
                {True: f"{column.name}: giá trị không hợp lệ (not one of {list(column.choices)})", False: None}
            ),
        )
    if column.minimum is not None or column.maximum is not None:
        low = column.minimum if column.minimum is not None else -np.inf
        high = column.maximum if column.maximum is not None else np.inf
        outside = (values.notna() & ((values < low) | (values > high))).fillna(False).astype(bool)
        bad = _first_reason(
            bad,
            outside.map({True: f"{column.name}: ngoài khoảng hợp lý [{low}, {high}] (implausible value)", False: None}),
        )
        values = values.where(~outside)
    return values, bad


def _to_utc(values: pd.Series) -> pd.Series:
    """Parse timestamps; naive values are taken as UTC (adapters localise site time first)."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_convert("UTC").astype("datetime64[us, UTC]")
    if pd.api.types.is_datetime64_dtype(values):
        return values.dt.tz_localize("UTC").astype("datetime64[us, UTC]")
    parsed = pd.to_datetime(values.astype("string"), errors="coerce", utc=True, format="mixed")
    return parsed.astype("datetime64[us, UTC]")


def row_hash(frame: pd.DataFrame, columns: Sequence[str]) -> pd.Series:
    """A stable 64-bit content hash per row (used to tell duplicates from corrections)."""
    # validated frames always carry the declared dtypes, so hashing typed values is stable
    hashed = pd.util.hash_pandas_object(frame[list(columns)], index=False)
    return hashed.astype("uint64").astype("int64")
