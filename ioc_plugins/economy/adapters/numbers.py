"""Numbers as Vietnamese statistical workbooks write them.

``1.234.567,8`` (dot for thousands, comma for decimals, the Vietnamese convention), plain
``1234,5``, numbers Excel already stores as numbers, and the GSO missing-value signs: ``-``
(no occurrence), ``..`` / ``…`` (not available) and ``x`` (not published).
"""

from __future__ import annotations

import re
from typing import Any

#: Cell texts that mean "no value" in GSO tables.
MISSING_SIGNS = {"", "-", "--", "–", "—", "..", "...", "…", "x", "X", "n/a", "NA"}
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_COMMA_DECIMAL = re.compile(r"^[+-]?\d+,\d+$")
_PLAIN = re.compile(r"^[+-]?\d+(\.\d+)?$")


class NotANumber(ValueError):
    """A cell that should hold a number holds text."""


def parse_number(value: Any) -> float | None:
    """The number in a cell; ``None`` for the missing-value signs.

    Raises
    ------
    NotANumber
        For text that is neither a number nor a missing-value sign.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise NotANumber(repr(value))
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    text = text.rstrip("*")  # footnote marks: "1.234*"
    if text in MISSING_SIGNS:
        return None
    if _THOUSANDS.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if _COMMA_DECIMAL.match(text):
        return float(text.replace(",", "."))
    if _PLAIN.match(text):
        return float(text)
    raise NotANumber(repr(value))
