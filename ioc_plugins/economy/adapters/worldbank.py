"""World Bank WDI long CSVs (``Country Name,Country Code,Year,Value``) → ``economy.observations``.

The shared ``stats/gdp.csv`` (NY.GDP.MKTP.CD, current US$) and ``stats/population.csv``
(SP.POP.TOTL) are the national benchmark lines drawn beside the province's own series. Only the
countries of ``plugins.economy.benchmark_countries`` are kept (default: Viet Nam, ``VNM``).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pandas as pd

from ioc.plugins import AdapterError
from ioc.tables import ERROR_COLUMN
from ioc_plugins.economy.catalogue import catalogue_frame
from ioc_plugins.economy.config import economy_config

WB_COLUMNS = ["Country Name", "Country Code", "Year", "Value"]
#: File-name words → catalogue code, for files that do not say their series.
FILE_WORDS = {"gdp": "national_gdp_usd", "population": "national_population", "pop": "national_population"}


def _indicator_for(path: Path, given: str | None) -> str:
    if given:
        return given
    stem = path.stem.lower()
    catalogue = catalogue_frame()
    for code, wb in zip(catalogue["code"], catalogue["wb_code"]):
        if isinstance(wb, str) and wb.lower() in stem:
            return code
    for word, code in FILE_WORDS.items():
        if word in stem.replace("-", "_").split("_") or stem == word:
            return code
    raise AdapterError(f"{path.name}: không biết tệp là chuỗi số liệu nào (name it gdp.csv, population.csv …)")


def read_worldbank(path: str | Path, *, indicator: str | None = None, settings: Any = None, **_: Any) -> pd.DataFrame:
    """Read a World Bank long CSV into rows of ``economy.observations`` (one per country-year)."""
    path = Path(path)
    code = _indicator_for(path, indicator)
    countries = set(economy_config(settings).benchmark_countries)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None or [h.strip() for h in header[:4]] != WB_COLUMNS:
                raise AdapterError(f"{path.name}: cần các cột {WB_COLUMNS} (not a World Bank long CSV), có {header}")
            rows = [row for row in reader if len(row) >= 2 and row[1].strip() in countries]
    except UnicodeDecodeError as exc:
        raise AdapterError(f"{path.name}: không phải UTF-8 ({exc})") from exc
    records = []
    for row in rows:
        year, value = (row[2].strip(), row[3].strip()) if len(row) >= 4 else ("", "")
        error = None
        if not year.isdigit():
            error = f"period: năm không hợp lệ {year!r} (bad year)"
        elif value == "":
            continue  # WDI leaves years without data empty
        records.append(
            {
                "indicator_code": code,
                "unit_code": row[1].strip(),
                "period": pd.Timestamp(int(year), 1, 1) if error is None else year,
                "value": value,
                "source": f"worldbank:{path.name}",
                "status": "official",
                ERROR_COLUMN: error,
            }
        )
    return pd.DataFrame(
        records, columns=["indicator_code", "unit_code", "period", "value", "source", "status", ERROR_COLUMN]
    )
