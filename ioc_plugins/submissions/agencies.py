"""The agencies that submit templates (``agencies.yaml``), their focal points' e-mails, and their
indicators, read from the indicator catalogue table (``economy.indicators``) by table name."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from ioc.config import Settings
from ioc.datalayer import DataLayer
from ioc_plugins.submissions.config import submissions_config

AGENCIES_YAML = Path(__file__).resolve().with_name("agencies.yaml")
#: The catalogue table of the economy plugin, read by name (plugins never import each other).
CATALOGUE_TABLE = "economy.indicators"


class CatalogueMissing(LookupError):
    """The indicator catalogue is not in the lake yet."""


@lru_cache(maxsize=1)
def _shipped() -> dict[str, dict[str, str]]:
    return yaml.safe_load(AGENCIES_YAML.read_text(encoding="utf-8"))


def agencies(settings: Settings | None = None) -> pd.DataFrame:
    """``agency``, ``name``, ``email`` of every agency (e-mails from the settings first)."""
    emails = submissions_config(settings).emails
    rows = [
        {"agency": code, "name": info["name"], "email": emails.get(code, info.get("email", ""))}
        for code, info in _shipped().items()
    ]
    return pd.DataFrame(rows, columns=["agency", "name", "email"])


def agency_name(code: str) -> str:
    """The Vietnamese name of an agency (the code when unknown)."""
    return _shipped().get(code, {}).get("name", code)


def indicators_of(datalayer: DataLayer, agency: str) -> pd.DataFrame:
    """The catalogue rows of ``agency``'s indicators (``code``, ``name_vi``, ``unit``, ``frequency``,
    ``minimum``, ``maximum``), from the lake.

    Raises
    ------
    CatalogueMissing
        When the catalogue table is not registered or empty (load it: ``ioc economy catalogue``).
    """
    if CATALOGUE_TABLE not in datalayer.tables or datalayer.version(CATALOGUE_TABLE) is None:
        raise CatalogueMissing(
            "Chưa có danh mục chỉ tiêu trong kho dữ liệu (economy.indicators): chạy `ioc economy catalogue` trước."
        )
    frame = datalayer.read(CATALOGUE_TABLE)
    return frame[frame["agency"] == agency].sort_values("code").reset_index(drop=True)
