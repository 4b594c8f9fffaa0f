"""OpenAQ JSON feeds (API v2 ``/measurements`` and v3 measurement results).

Accepted shapes (see ``FORMATS.md`` for full examples)::

    v2: {"meta": {...}, "results": [{"locationId": 8118, "location": "…", "parameter": "pm25",
         "value": 12.3, "unit": "µg/m³", "date": {"utc": "…Z", "local": "…+07:00"},
         "coordinates": {"latitude": …, "longitude": …}}, …]}
    v3: {"results": [{"locationsId": 8118, "sensorsId": 3917, "value": 12.3,
         "parameter": {"name": "pm25", "units": "µg/m³"},
         "datetime": {"utc": "…Z"}  |  "period": {"datetimeFrom": {"utc": "…Z"}}}, …]}

A bare list of result objects is accepted too. Each result becomes one air reading. The
station comes from the registry's ``openaq_location`` column (OpenAQ location ids or
names, ``;``-separated), an exact ``station_id`` or station ``name`` match, or the
``locations`` option; an unmapped location becomes ``openaq:<id or name>`` so
validation quarantines it as an unknown station instead of dropping it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ioc.config import Settings, site_timezone
from ioc.plugins import AdapterError
from ioc.tables import ERROR_COLUMN
from ioc_plugins.environment.adapters.air import finish_air_rows
from ioc_plugins.environment.adapters.text import LINE_COLUMN, decode_file
from ioc_plugins.environment.stations import stations

UNKNOWN_PREFIX = "openaq:"
# OpenAQ parameter names that differ from ours
_PARAMETERS = {"relativehumidity": "humidity", "pm2.5": "pm25"}


def read_openaq(
    path: str | Path,
    *,
    locations: Mapping[str, str] | None = None,
    timezone: str | None = None,
    settings: Settings | None = None,
) -> pd.DataFrame:
    """Read an OpenAQ v2/v3 JSON document into ``environment.air_readings`` rows.

    Parameters
    ----------
    locations
        Extra OpenAQ location id or name → ``station_id`` mappings (win over the registry).

    Raises
    ------
    AdapterError
        Empty or undecodable file, invalid JSON, or no ``results`` list.
    """
    timezone = timezone or site_timezone(settings)
    path = Path(path)
    results = _results(path)
    mapping = {**registry_locations(), **{str(k).strip().lower(): v for k, v in (locations or {}).items()}}
    rows = [_row(position, item, mapping) for position, item in enumerate(results, start=1)]
    frame = pd.DataFrame(
        rows,
        columns=["station_id", "time", "parameter", "value", "unit", "flag", LINE_COLUMN, ERROR_COLUMN],
        dtype=object,
    )
    return finish_air_rows(frame, timezone)


def _results(path: Path) -> list[Any]:
    text = decode_file(path)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AdapterError(
            f"{path.name}: JSON không hợp lệ ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg} (invalid JSON)"
        ) from None
    if isinstance(document, list):
        return document
    if isinstance(document, dict) and isinstance(document.get("results"), list):
        return document["results"]
    keys = sorted(document) if isinstance(document, dict) else type(document).__name__
    raise AdapterError(
        f"{path.name}: không có danh sách 'results' của OpenAQ; tìm thấy {keys} (no OpenAQ 'results' list)"
    )


def registry_locations() -> dict[str, str]:
    """OpenAQ location id/name (lower case) → station_id, from the station registry."""
    registry = stations()
    mapping: dict[str, str] = {}
    for _, station in registry.iterrows():
        station_id = str(station["station_id"])
        mapping[station_id.lower()] = station_id
        mapping[str(station["name"]).strip().lower()] = station_id
        cell = station.get("openaq_location")
        if isinstance(cell, str) or (cell is not None and not pd.isna(cell)):
            for key in str(cell).split(";"):
                if key.strip():
                    mapping[_id_text(key.strip()).lower()] = station_id
    return mapping


def _id_text(value: Any) -> str:
    """``8118``, ``8118.0`` and ``"8118"`` are the same location id."""
    text = str(value).strip()
    return text[:-2] if text.endswith(".0") and text[:-2].isdigit() else text


def _row(position: int, item: Any, mapping: Mapping[str, str]) -> dict[str, Any]:
    row: dict[str, Any] = {LINE_COLUMN: position, ERROR_COLUMN: None, "flag": None}
    if not isinstance(item, dict):
        row[ERROR_COLUMN] = f"kết quả thứ {position} không phải đối tượng JSON (result is not an object)"
        return row
    parameter = item.get("parameter")
    if isinstance(parameter, dict):  # v3
        row["parameter"] = parameter.get("name")
        row["unit"] = parameter.get("units")
    else:
        row["parameter"] = parameter
        row["unit"] = item.get("unit")
    if isinstance(row["parameter"], str):
        row["parameter"] = _PARAMETERS.get(row["parameter"].lower(), row["parameter"])
    row["value"] = item.get("value")
    row["time"] = _time(item)
    row["station_id"] = _station(item, mapping)
    flag_info = item.get("flagInfo")
    if isinstance(flag_info, dict) and flag_info.get("hasFlags"):
        row["flag"] = "openaq_flagged"
    if row["time"] is None:
        row[ERROR_COLUMN] = "time: không có date.utc / datetime.utc / period.datetimeFrom.utc (no timestamp)"
    return row


def _time(item: dict[str, Any]) -> str | None:
    for outer, inner in (("date", "utc"), ("datetime", "utc"), ("date", "local"), ("datetime", "local")):
        value = item.get(outer)
        if isinstance(value, dict) and value.get(inner):
            return str(value[inner])
        if isinstance(value, str) and outer == "date":
            return value
    period = item.get("period")
    if isinstance(period, dict) and isinstance(period.get("datetimeFrom"), dict):
        return period["datetimeFrom"].get("utc") or period["datetimeFrom"].get("local")
    return None


def _station(item: dict[str, Any], mapping: Mapping[str, str]) -> str | None:
    candidates = [item.get("locationId"), item.get("locationsId"), item.get("location")]
    for candidate in candidates:
        if candidate is not None and _id_text(candidate).lower() in mapping:
            return mapping[_id_text(candidate).lower()]
    first = next((c for c in candidates if c not in (None, "")), None)
    return None if first is None else f"{UNKNOWN_PREFIX}{_id_text(first)}"
