"""The indicator catalogue (``catalogue.yaml``): what the IOC monitors, its unit, frequency and agency.

The YAML ships with the plugin and is loaded into the declared table ``economy.indicators``
(:func:`catalogue_frame`), so that other plugins (the agency templates) read it from the lake
by table name, and a deployment can add indicators by writing rows to that table.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

CATALOGUE_YAML = Path(__file__).resolve().with_name("catalogue.yaml")
FREQUENCIES = ("month", "quarter", "year")
AGGREGATIONS = ("sum", "mean", "last")
DIRECTIONS = ("up", "down")
LEVELS = ("country", "province", "district", "commune")
SECTORS = ("economy", "society", "tourism", "health", "education")
#: Periods per year of each frequency (the seasonal period of the forecasts).
PERIODS_PER_YEAR = {"month": 12, "quarter": 4, "year": 1}
#: pandas offset alias of the first day of each period.
PERIOD_STARTS = {"month": "MS", "quarter": "QS", "year": "YS"}

CATALOGUE_COLUMNS = [
    "code",
    "name_vi",
    "name_en",
    "unit",
    "frequency",
    "agency",
    "aggregation",
    "direction",
    "levels",
    "sector",
    "minimum",
    "maximum",
    "gso_code",
    "wb_code",
]


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    return yaml.safe_load(CATALOGUE_YAML.read_text(encoding="utf-8"))


def catalogue_frame() -> pd.DataFrame:
    """The shipped catalogue as rows of ``economy.indicators`` (``levels`` joined by ``;``)."""
    rows = []
    for item in _raw()["indicators"]:
        row = {column: item.get(column) for column in CATALOGUE_COLUMNS}
        row["levels"] = ";".join(item.get("levels", ["province"]))
        rows.append(row)
    return pd.DataFrame(rows, columns=CATALOGUE_COLUMNS)


def indicator(code: str) -> dict[str, Any]:
    """One indicator of the shipped catalogue as a dict (``KeyError`` when unknown)."""
    frame = catalogue_frame()
    found = frame[frame["code"] == code]
    if found.empty:
        raise KeyError(code)
    return found.iloc[0].to_dict()


def format_number(value: float, digits: int = 1) -> str:
    """A number the Vietnamese way (``1.234,5``: dot for thousands, comma for decimals)."""
    text = f"{float(value):,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
