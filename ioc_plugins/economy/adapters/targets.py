"""Yearly plan targets (chỉ tiêu kế hoạch) as a CSV: ``indicator_code, unit_code, year, target``.

Optional columns ``kind`` (``total``: the year's sum, ``level``: the year-end value; default
from the indicator's aggregation) and ``decision`` (the resolution that set the target, e.g.
"NQ 12/NQ-HĐND"). Numbers may use the Vietnamese ``1.234,5`` notation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ioc.plugins import AdapterError
from ioc.tables import ERROR_COLUMN
from ioc_plugins.economy.adapters.numbers import NotANumber, parse_number

REQUIRED = ["indicator_code", "unit_code", "year", "target"]


def read_targets(path: str | Path, **_: Any) -> pd.DataFrame:
    """Read a targets CSV into rows of ``economy.targets``."""
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise AdapterError(f"{path.name}: không đọc được CSV ({exc})") from exc
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise AdapterError(f"{path.name}: thiếu cột {missing} (missing columns)")
    errors, values = [], []
    for raw in frame["target"]:
        try:
            values.append(parse_number(raw))
            errors.append(None)
        except NotANumber:
            values.append(raw)
            errors.append(f"target: không phải số {raw!r} (not a number)")
    frame["target"] = values
    frame[ERROR_COLUMN] = errors
    return frame
