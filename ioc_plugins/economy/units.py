"""Administrative-unit names as written in statistical workbooks → GSO unit codes.

Workbooks name units as people write them: with or without diacritics ("Xuyên Mộc",
"Xuyen Moc"), with or without the unit type ("Huyện Châu Đức", "H. Châu Đức", "TP Vũng Tàu"),
or as the province total ("Toàn tỉnh", "Tổng số"). The catalogue used depends on the period
of the value (:mod:`geodata.units`): districts and communes of 2024 before 2025, the districts
of the first half of 2025, the commune-level units from 01/07/2025 (lineage respected: a value
keeps the code its unit had at the time).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pandas as pd

from geodata.units import admin_units

#: The site total. Project choice: the former province's GSO code (77) names the site's total
#: also after 01/07/2025, when the area became part of Ho Chi Minh City (79).
SITE_CODE = "77"
_TOTAL_NAMES = {"toan tinh", "tong so", "tong", "tong cong", "ba ria vung tau", "ba ria  vung tau", "brvt", "tinh"}
_TYPE_PREFIXES = (
    "thanh pho",
    "tp.",
    "tp",
    "thi xa",
    "tx.",
    "tx",
    "huyen",
    "h.",
    "phuong",
    "p.",
    "xa",
    "thi tran",
    "tt.",
    "dac khu",
)
POST2025_FROM = pd.Timestamp("2025-07-01")
H1_2025_FROM = pd.Timestamp("2025-01-01")


def fold(text: str) -> str:
    """Lower case without diacritics (đ → d), single spaces, no punctuation but dots of prefixes."""
    text = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()
    text = re.sub(r"[\-–—_,;:()*]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def bare_name(text: str) -> str:
    """The folded name without its unit type ("Huyện Châu Đức" → "chau duc")."""
    folded = fold(text)
    for prefix in _TYPE_PREFIXES:
        if folded.startswith(prefix + " ") or (prefix.endswith(".") and folded.startswith(prefix)):
            return folded[len(prefix) :].strip()
    return folded


@lru_cache(maxsize=4)
def _names(era: str) -> dict[str, str]:
    if era == "pre2025":
        frames = [admin_units("pre2025", "district"), admin_units("pre2025", "commune")]
    elif era == "2025h1":
        frames = [admin_units("2025h1", "district"), admin_units("pre2025", "commune")]
    else:
        frames = [admin_units("post2025", "commune")]
    names: dict[str, str] = {}
    for frame in frames:  # districts first: a bare name shared with a commune means the district
        for code, name in zip(frame["unit_code"], frame["name"]):
            names.setdefault(fold(name), str(code))
            names.setdefault(bare_name(name), str(code))
    return names


def era_of(period: pd.Timestamp) -> str:
    """Which unit catalogue applies to a value of ``period``."""
    period = pd.Timestamp(period)
    if period >= POST2025_FROM:
        return "post2025"
    return "2025h1" if period >= H1_2025_FROM else "pre2025"


def unit_code_for(name: str, period: pd.Timestamp) -> str | None:
    """The GSO code of the unit ``name`` as it was in ``period``; ``None`` when unknown."""
    folded = fold(name)
    if folded in _TOTAL_NAMES or folded.replace(" ", "") in {"toantinh", "tongso"}:
        return SITE_CODE
    if re.fullmatch(r"\d{2,5}", folded):
        return folded
    names = _names(era_of(period))
    return names.get(folded) or names.get(bare_name(name))


def unit_names() -> dict[str, str]:
    """Display names of every unit code of every period (and the site total)."""
    names = {SITE_CODE: "Toàn tỉnh (Bà Rịa - Vũng Tàu cũ)"}
    for period, level in (
        ("pre2025", "district"),
        ("2025h1", "district"),
        ("pre2025", "commune"),
        ("post2025", "commune"),
    ):
        frame = admin_units(period, level)
        for code, name in zip(frame["unit_code"], frame["name"]):
            names.setdefault(str(code), str(name))
    return names
