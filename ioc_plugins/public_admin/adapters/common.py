"""Helpers every public-administration reader shares: times, codes, frames.

The portal writes times as ``yyyyMMddHHmmss`` (DVCQG sync), one-stop-shop exports as
``dd/mm/yyyy HH:mm``; both are site local time (the site profile's zone) and become UTC here.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pandas as pd

from ioc.config import Settings, site_zone
from ioc_plugins.public_admin.codes import STATUS_LABELS

_COMPACT = re.compile(r"^\d{14}$|^\d{12}$|^\d{8}$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_LABEL_TO_STATUS = {label.lower(): code for code, label in STATUS_LABELS.items()}


class ParseError(ValueError):
    """One value of a row could not be read (the row is quarantined with this reason)."""


def blank(value: Any) -> bool:
    """Whether a cell is empty (None, NaN, whitespace)."""
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not value.strip()


def parse_time(value: Any, field: str, settings: Settings | None = None) -> str | None:
    """A portal or export time as an ISO UTC string (``None`` for an empty cell).

    Accepts ``yyyyMMddHHmmss``, ``dd/mm/yyyy HH:mm[:ss]``, ``dd/mm/yyyy`` and ISO 8601 (with
    or without offset); naive times are site local time.

    Raises
    ------
    ParseError
        For any other text.
    """
    if blank(value):
        return None
    if isinstance(value, (pd.Timestamp, datetime)):
        stamp = pd.Timestamp(value)
    else:
        text = str(value).strip()
        try:
            if _COMPACT.match(text):
                stamp = pd.Timestamp(datetime.strptime(text.ljust(14, "0"), "%Y%m%d%H%M%S"))
            elif match := _DMY.match(text):
                day, month, year, hour, minute, second = match.groups()
                stamp = pd.Timestamp(
                    int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
                )
            else:
                stamp = pd.Timestamp(text)
        except (ValueError, TypeError) as error:
            raise ParseError(f"{field}: không đọc được thời điểm {text!r} (cannot parse time)") from error
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize(site_zone(settings))
    return stamp.tz_convert("UTC").isoformat()


def parse_status(value: Any, field: str = "TrangThaiHoSo") -> int:
    """A ``TrangThaiHoSo`` code (1–10), given as a number or its Vietnamese label.

    Raises
    ------
    ParseError
        For a missing or unknown code (quarantined, never guessed).
    """
    if blank(value):
        raise ParseError(f"{field}: thiếu trạng thái hồ sơ (missing status)")
    text = str(value).strip()
    if text.lower() in _LABEL_TO_STATUS:
        return _LABEL_TO_STATUS[text.lower()]
    try:
        number = float(text)
    except ValueError:
        raise ParseError(f"{field}: trạng thái không có trong danh mục {text!r} (unknown status code)") from None
    if number != int(number) or int(number) not in STATUS_LABELS:
        raise ParseError(f"{field}: mã trạng thái không có trong danh mục 1–10: {text!r} (unknown status code)")
    return int(number)


def parse_flag(value: Any) -> bool | None:
    """``1``/``true``/``có`` → True, ``0``/``false``/``không`` → False, empty → None."""
    if blank(value):
        return None
    text = str(value).strip().lower()
    if text in {"1", "true", "có", "co", "yes", "1.0"}:
        return True
    if text in {"0", "false", "không", "khong", "no", "0.0", "2"}:
        return False
    return None


def frame_of(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """Rows as a frame with every table column plus ``_error`` (missing ones empty)."""
    frame = pd.DataFrame(rows, dtype=object)
    for column in [*columns, "_error"]:
        if column not in frame:
            frame[column] = None
    return frame[[*columns, "_error"]]
