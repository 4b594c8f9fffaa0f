"""The operator's CSV export (``lot_id,time,occupied_pct``) mapped onto the table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ioc.plugins import Adapter, AdapterError
from ioc_parking.tables import OCCUPANCY


def read_csv(path: str | Path, **_context: Any) -> pd.DataFrame:
    """Raw strings are fine: the table's validation types them and quarantines bad rows."""
    try:
        return pd.read_csv(path, dtype=str)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise AdapterError(f"{path}: không đọc được tệp CSV ({error})") from None


ADAPTERS = (Adapter("parking_csv", OCCUPANCY.name, read_csv, "CSV của đơn vị vận hành bãi đỗ xe", ("*parking*.csv",)),)
