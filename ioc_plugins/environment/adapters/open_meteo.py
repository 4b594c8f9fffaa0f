"""Open-Meteo air-quality API: its JSON answer and its CSV download (modelled values).

The API (``https://air-quality-api.open-meteo.com/v1/air-quality``, CAMS global and European
models) answers ``hourly`` arrays with their ``hourly_units``::

    {"latitude": 10.35, "longitude": 107.1, "utc_offset_seconds": 0, "timezone": "GMT",
     "hourly_units": {"time": "iso8601", "pm2_5": "μg/m³", …},
     "hourly": {"time": ["2025-03-01T00:00", …], "pm2_5": [14.2, null, …], …}}

several coordinates give a list of such objects; an error is ``{"error": true, "reason": "…"}``.
The CSV download has a location block, a blank line, then ``time,pm10 (μg/m³),pm2_5 (μg/m³),…``
(times in the zone of ``utc_offset_seconds``).

Every row is **modelled** (``origin``), and its station is registered as a modelled point
(``station_origin``) at the model's coordinates unless the collector names a configured point.
A ``null`` is an hour the model has not produced: a gap, not a reading.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from ioc.config import Settings, site_timezone
from ioc.plugins import AdapterError
from ioc.tables import ERROR_COLUMN
from ioc_plugins.environment.adapters.air import finish_air_rows
from ioc_plugins.environment.adapters.text import LINE_COLUMN, decode_file
from ioc_plugins.environment.tables import MODELLED

SOURCE = "open-meteo"
#: Open-Meteo hourly variables → our parameters (the six pollutants of VN_AQI, QĐ 1459/QĐ-TCMT).
VARIABLES = {
    "pm2_5": "pm25",
    "pm10": "pm10",
    "carbon_monoxide": "co",
    "nitrogen_dioxide": "no2",
    "ozone": "o3",
    "sulphur_dioxide": "so2",
}
COLUMNS = ["station_id", "time", "parameter", "value", "unit", "flag", LINE_COLUMN, ERROR_COLUMN]


def point_id(lat: float, lon: float) -> str:
    """The station id of a model point known only by its coordinates."""
    return f"om_{lat:.3f}_{lon:.3f}"


def _offset(seconds: Any) -> str:
    seconds = int(seconds or 0)
    sign = "+" if seconds >= 0 else "-"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def rows_from_document(
    document: Any,
    *,
    name: str = "Open-Meteo",
    station_id: str | None = None,
    station_name: str | None = None,
    lon: float | None = None,
    lat: float | None = None,
) -> pd.DataFrame:
    """Raw long rows (strings, not yet typed) of one Open-Meteo answer (one or several locations).

    Raises
    ------
    AdapterError
        An error answer, or no ``hourly`` block with ``time``.
    """
    locations = document if isinstance(document, list) else [document]
    frames = []
    for number, location in enumerate(locations, start=1):
        if not isinstance(location, dict):
            raise AdapterError(f"{name}: vị trí thứ {number} không phải đối tượng JSON (not an object)")
        if location.get("error"):
            raise AdapterError(f"{name}: Open-Meteo báo lỗi: {location.get('reason', 'không rõ')} (API error)")
        hourly, units = location.get("hourly"), location.get("hourly_units") or {}
        if not isinstance(hourly, dict) or not isinstance(hourly.get("time"), list):
            keys = sorted(location) if isinstance(location, dict) else []
            raise AdapterError(f"{name}: không có khối 'hourly' với 'time'; tìm thấy {keys} (no hourly block)")
        here_lat = lat if lat is not None else location.get("latitude")
        here_lon = lon if lon is not None else location.get("longitude")
        try:
            here_lat, here_lon = float(here_lat), float(here_lon)
        except (TypeError, ValueError):
            raise AdapterError(f"{name}: thiếu latitude/longitude của vị trí {number} (no coordinates)") from None
        ident = station_id or point_id(here_lat, here_lon)
        label = station_name or f"Open-Meteo {here_lat:.3f}, {here_lon:.3f} (mô hình)"
        offset = _offset(location.get("utc_offset_seconds"))
        times = [
            f"{t}{offset}" if isinstance(t, str) and not re.search(r"(Z|[+-]\d\d:?\d\d)$", t) else t
            for t in hourly["time"]
        ]
        rows = []
        for variable, parameter in VARIABLES.items():
            values = hourly.get(variable)
            if not isinstance(values, list):
                continue
            unit = units.get(variable)
            for position, (time, value) in enumerate(zip(times, values, strict=False), start=1):
                if value is None:
                    continue  # the model has no value for this hour yet: a gap
                rows.append((ident, time, parameter, str(value), unit, None, position, None))
        frame = pd.DataFrame(rows, columns=COLUMNS, dtype=object)
        frame["station_name"] = label
        frame["station_lon"] = here_lon
        frame["station_lat"] = here_lat
        frame["station_origin"] = MODELLED
        frame["station_source"] = SOURCE
        frame["origin"] = MODELLED
        frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)


def _document(path: Path) -> Any:
    text = decode_file(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise AdapterError(
            f"{path.name}: JSON không hợp lệ ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg} (invalid JSON)"
        ) from None


def read_open_meteo_json(
    path: str | Path, *, timezone: str | None = None, settings: Settings | None = None
) -> pd.DataFrame:
    """Read a saved Open-Meteo air-quality JSON answer into ``environment.air_readings`` rows."""
    path = Path(path)
    return finish_air_rows(rows_from_document(_document(path), name=path.name), timezone or site_timezone(settings))


_HEADER = re.compile(r"^\s*([A-Za-z0-9_]+)\s*(?:\((.*)\))?\s*$")


def document_from_csv(text: str, name: str) -> list[dict[str, Any]]:
    """The CSV download as the JSON answer's structure (one dict per location)."""
    blocks = [b for b in re.split(r"\r?\n\s*\r?\n", text.strip()) if b.strip()]
    if len(blocks) < 2:
        raise AdapterError(
            f"{name}: không phải tệp CSV của Open-Meteo (cần khối vị trí, dòng trống, khối số liệu) "
            f"(not an Open-Meteo CSV download)"
        )
    meta = list(csv.DictReader(io.StringIO(blocks[0])))
    if not meta or "latitude" not in meta[0]:
        raise AdapterError(f"{name}: khối đầu không có latitude/longitude (no location block)")
    reader = csv.reader(io.StringIO(blocks[1]))
    header = next(reader)
    names, units = [], {}
    for cell in header:
        match = _HEADER.match(cell)
        variable = match.group(1) if match else cell.strip()
        names.append(variable)
        if match and match.group(2):
            units[variable] = match.group(2).strip()
    if "time" not in names:
        raise AdapterError(f"{name}: khối số liệu không có cột time (no time column)")
    by_location: dict[str, dict[str, list[Any]]] = {}
    for record in reader:
        if not any(cell.strip() for cell in record):
            continue
        row = dict(zip(names, record, strict=False))
        hourly = by_location.setdefault(row.get("location_id", "0"), {n: [] for n in names if n != "location_id"})
        for variable in hourly:
            cell = (row.get(variable) or "").strip()
            hourly[variable].append(cell if variable == "time" else (cell or None))
    documents = []
    for position, (location, hourly) in enumerate(by_location.items()):
        info = next((m for m in meta if m.get("location_id", "0") == location), meta[min(position, len(meta) - 1)])
        documents.append(
            {
                "latitude": info.get("latitude"),
                "longitude": info.get("longitude"),
                "utc_offset_seconds": info.get("utc_offset_seconds") or 0,
                "hourly_units": units,
                "hourly": hourly,
            }
        )
    return documents


def read_open_meteo_csv(
    path: str | Path, *, timezone: str | None = None, settings: Settings | None = None
) -> pd.DataFrame:
    """Read Open-Meteo's CSV download into ``environment.air_readings`` rows."""
    path = Path(path)
    document = document_from_csv(decode_file(path), path.name)
    return finish_air_rows(rows_from_document(document, name=path.name), timezone or site_timezone(settings))
