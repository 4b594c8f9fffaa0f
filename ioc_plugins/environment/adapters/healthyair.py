"""HealthyAir low-cost sensor exports (Ho Chi Minh City, hourly, one line per station-hour).

Header: ``datetime_local, station_no, tsp_ug_m3, pm25_ug_m3, o3_ug_m3, co_ug_m3,
no2_ug_m3, so2_ug_m3, temperature_c, humidity_pct``. Times are local (UTC+7); station
numbers 1–6 map to registry stations ``hcmc_healthyair_<n>``. Hours without a value are
gaps and produce no row.

The SO2 series of these sensors is biased high (electrochemical cross-sensitivity): the
values are kept but flagged ``implausible`` by :func:`flag_biased_so2`, and the VN_AQI
derivation ignores flagged values.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ioc.config import Settings, site_timezone
from ioc.tables import ERROR_COLUMN
from ioc_plugins.environment.adapters.air import finish_air_rows, melt_wide, value_columns
from ioc_plugins.environment.adapters.cells import add_errors, is_missing
from ioc_plugins.environment.adapters.text import read_csv_text

STATION_PREFIX = "hcmc_healthyair_"
IMPLAUSIBLE = "implausible"
#: µg/m³. A station whose *median* hourly SO2 exceeds the national annual-mean limit
#: (QCVN 05:2013/BTNMT: 50 µg/m³) in a city without large SO2 sources is biased.
SO2_MEDIAN_LIMIT = 50.0
#: µg/m³. Any single hourly SO2 above this is implausible outside an industrial accident.
SO2_HOURLY_LIMIT = 1000.0
#: The median test needs at least this many hourly values of a station in the file.
SO2_MIN_VALUES = 24


def read_healthyair(path: str | Path, *, timezone: str | None = None, settings: Settings | None = None) -> pd.DataFrame:
    """Read a HealthyAir hourly export into long ``environment.air_readings`` rows."""
    timezone = timezone or site_timezone(settings)
    path = Path(path)
    frame = read_csv_text(path, required=("time", "station_no"), aliases={"datetime_local": "time", "datetime": "time"})
    frame["station_id"], station_errors = _station_ids(frame["station_no"])
    add_errors(frame, station_errors)
    columns = value_columns(path, list(frame.columns), ("station_id", "time", "station_no"))
    return flag_biased_so2(finish_air_rows(melt_wide(frame, columns), timezone))


def _station_ids(numbers: pd.Series) -> tuple[pd.Series, pd.Series]:
    text = numbers.astype("string").str.strip()
    missing = is_missing(numbers)
    whole = text.str.fullmatch(r"\d+(?:\.0+)?").fillna(False).astype(bool)
    ids = pd.Series(None, index=numbers.index, dtype=object)
    ids[whole] = STATION_PREFIX + text[whole].str.replace(r"\.0+$", "", regex=True)
    bad = ~whole & ~missing
    reasons = pd.Series(None, index=numbers.index, dtype=object)
    reasons[bad] = [f"station_no: {v!r} không phải số hiệu trạm (not a station number)" for v in numbers[bad]]
    ids[bad] = (STATION_PREFIX + text[bad]).astype(object)
    return ids, reasons


def flag_biased_so2(rows: pd.DataFrame) -> pd.DataFrame:
    """Flag SO2 values ``implausible`` (kept, never dropped).

    Two rules: every SO2 value of a station whose median over the file (at least
    :data:`SO2_MIN_VALUES` values) exceeds :data:`SO2_MEDIAN_LIMIT`, and any value above
    :data:`SO2_HOURLY_LIMIT`. A flag already set by the source is kept.
    """
    rows = rows.copy()
    numbers = pd.to_numeric(rows["value"], errors="coerce")
    so2 = (rows["parameter"] == "so2") & numbers.notna() & rows[ERROR_COLUMN].isna()
    stats = numbers[so2].groupby(rows.loc[so2, "station_id"]).agg(["median", "count"])
    biased = stats.index[(stats["count"] >= SO2_MIN_VALUES) & (stats["median"] > SO2_MEDIAN_LIMIT)]
    implausible = so2 & (rows["station_id"].isin(biased) | (numbers > SO2_HOURLY_LIMIT))
    unflagged = rows["flag"].isna()
    rows.loc[np.asarray(implausible & unflagged), "flag"] = IMPLAUSIBLE
    return rows
