"""Collectors of public air-quality feeds: Open-Meteo (modelled) and OpenAQ v3 (measured).

Both pull hourly values incrementally: the last hour fetched is kept per point (Open-Meteo)
or per sensor (OpenAQ) in the state store (:mod:`ioc.feeds`), saved after each piece is
written, so a collector killed mid-run resumes where it stopped and a re-run adds nothing
twice (the data layer drops duplicates by key). Requests go through
:class:`ioc.feeds.HttpClient` (polite rate, retries, back-off, ``Retry-After``). Rows go
through :func:`ioc.ingest.process_batch` like any file: validation, quarantine with reasons,
station auto-registration (:mod:`.registration`), VN_AQI, rules.

Run them with ``ioc collect open-meteo`` / ``ioc collect openaq`` (or ``ioc collect all``
from cron).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from geodata.units import admin_units
from ioc.datalayer import DataLayer
from ioc.feeds import FeedError, HttpClient, load_cursor, save_state
from ioc.ingest import process_batch
from ioc.plugins import AdapterError
from ioc.tables import ERROR_COLUMN
from ioc.timestamps import as_utc
from ioc_plugins.environment.adapters.air import finish_air_rows
from ioc_plugins.environment.adapters.open_meteo import VARIABLES, rows_from_document
from ioc_plugins.environment.adapters.openaq import registry_locations
from ioc_plugins.environment.adapters.text import LINE_COLUMN
from ioc_plugins.environment.config import FeedPoint, HttpFeedConfig, OpenAQConfig, OpenMeteoConfig, environment_config
from ioc_plugins.environment.tables import AIR_PARAMETERS, MEASURED

AIR = "environment.air_readings"
OPEN_METEO = "open-meteo"
OPENAQ = "openaq"
#: OpenAQ parameter names that differ from ours.
OPENAQ_PARAMETERS = {"pm2.5": "pm25", "relativehumidity": "humidity"}


@dataclass
class CollectResult:
    """What one collector run did."""

    feed: str
    requests: int = 0
    accepted: int = 0
    rejected: int = 0
    duplicate: int = 0
    pieces: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        text = (
            f"{self.feed}: {self.pieces} điểm/cảm biến, {self.requests} yêu cầu, {self.accepted} nhận, "
            f"{self.rejected} loại, {self.duplicate} trùng"
        )
        return text + (f"; {len(self.errors)} lỗi: {'; '.join(self.errors[:3])}" if self.errors else "")


def client_for(config: HttpFeedConfig, headers: dict[str, str] | None = None) -> HttpClient:
    """The polite HTTP client a feed's settings ask for."""
    return HttpClient(
        min_interval=config.min_interval_s,
        retries=config.retries,
        backoff=config.backoff_s,
        timeout=config.timeout_s,
        headers=headers,
    )


def _hour(value: Any) -> pd.Timestamp:
    return as_utc(value).floor("h")


def _start(cursor: dict[str, Any], key: str, now: pd.Timestamp, backfill_hours: int) -> pd.Timestamp:
    """The first hour to ask for: the hour after the saved one, else ``backfill_hours`` back."""
    if cursor.get(key):
        return _hour(cursor[key]) + pd.Timedelta(hours=1)
    return now - pd.Timedelta(hours=backfill_hours)


def _write(datalayer: DataLayer, rows: pd.DataFrame, source: str, result: CollectResult) -> pd.Timestamp | None:
    """Write one piece; return the newest hour it carried (``None`` when it had no values)."""
    if rows.empty:
        return None
    for written in process_batch(datalayer, AIR, rows, source=source):
        if written.table == AIR:
            result.accepted += written.accepted
            result.rejected += written.rejected
            result.duplicate += written.duplicate
    # every row was dealt with (stored or quarantined with its reason): do not fetch it again
    times = pd.to_datetime(rows["time"], errors="coerce", utc=True).dropna()
    return times.max() if len(times) else None


def _finish(datalayer: DataLayer, feed: str, result: CollectResult) -> CollectResult:
    save_state(
        datalayer.store,
        feed,
        status="ok" if result.ok else "failed",
        message="; ".join(result.errors[:5]) if result.errors else None,
        rows=result.accepted,
    )
    return result


# --------------------------------------------------------------------------- Open-Meteo


def default_points() -> list[FeedPoint]:
    """One point per ward/commune of the site (from 1 July 2025), at its centre."""
    units = admin_units("post2025", "commune")
    return [
        FeedPoint(id=f"om_{row.unit_code}", name=f"{row.name} (Open-Meteo, mô hình)", lat=row.lat, lon=row.lon)
        for row in units.itertuples()
        if pd.notna(row.lat) and pd.notna(row.lon)
    ]


def collect_open_meteo(
    datalayer: DataLayer,
    *,
    config: OpenMeteoConfig | None = None,
    client: HttpClient | None = None,
    now: pd.Timestamp | None = None,
    points: list[FeedPoint] | None = None,
    progress: Callable[[str], None] | None = None,
) -> CollectResult:
    """Fetch hourly PM2.5, PM10, CO, NO2, O3 and SO2 for every configured point since its cursor."""
    config = config or environment_config(datalayer.settings).open_meteo
    client = client or client_for(config)
    now = _hour(now if now is not None else pd.Timestamp.now(tz="UTC"))
    points = points or config.points or default_points()
    cursor = load_cursor(datalayer.store, OPEN_METEO)
    result = CollectResult(OPEN_METEO)
    for point in points:
        start = _start(cursor, point.id, now, config.backfill_hours)
        if start > now:
            continue
        params = {
            "latitude": f"{point.lat:.4f}",
            "longitude": f"{point.lon:.4f}",
            "hourly": ",".join(VARIABLES),
            "timezone": "GMT",
            "start_hour": f"{start:%Y-%m-%dT%H:%M}",
            "end_hour": f"{now:%Y-%m-%dT%H:%M}",
        }
        before = client.requests
        try:
            document = client.get_json(config.base_url, params)
            raw = rows_from_document(
                document, name=point.id, station_id=point.id, station_name=point.name, lon=point.lon, lat=point.lat
            )
        except (FeedError, AdapterError) as exc:
            result.errors.append(f"{point.id}: {exc}")
            continue
        finally:
            result.requests += client.requests - before
        rows = finish_air_rows(raw, datalayer.settings.site.timezone)
        newest = _write(datalayer, rows, OPEN_METEO, result)
        result.pieces += 1
        if newest is not None:  # hours the model has not produced yet are asked again next time
            save_state(datalayer.store, OPEN_METEO, cursor={point.id: newest.isoformat()}, last_data_at=newest)
        if progress:
            progress(f"{point.id}: {len(rows)} giá trị")
    return _finish(datalayer, OPEN_METEO, result)


# --------------------------------------------------------------------------- OpenAQ v3


def api_key(config: OpenAQConfig) -> str | None:
    """The OpenAQ API key: the setting, else the ``api_key_env`` variable."""
    return config.api_key or os.environ.get(config.api_key_env) or None


def _pages(client: HttpClient, url: str, params: dict[str, Any], limit: int) -> Iterator[dict[str, Any]]:
    """Every result of a paged OpenAQ v3 list (``meta``/``results``)."""
    page = 1
    while True:
        document = client.get_json(url, {**params, "limit": limit, "page": page})
        if not isinstance(document, dict) or not isinstance(document.get("results"), list):
            keys = sorted(document) if isinstance(document, dict) else type(document).__name__
            raise FeedError(f"{url}: không có 'results' của OpenAQ v3; tìm thấy {keys}")
        yield from (item for item in document["results"] if isinstance(item, dict))
        if len(document["results"]) < limit:
            return
        page += 1


def _parameter(sensor: dict[str, Any]) -> str | None:
    parameter = sensor.get("parameter") if isinstance(sensor.get("parameter"), dict) else {}
    name = str(parameter.get("name") or "").lower()
    name = OPENAQ_PARAMETERS.get(name, name)
    return name if name in AIR_PARAMETERS else None


def location_station(location: dict[str, Any], mapping: dict[str, str]) -> str:
    """The station id of an OpenAQ location: a registry station that claims it, else ``openaq_<id>``."""
    ident = str(location.get("id"))
    return mapping.get(ident.lower()) or mapping.get(str(location.get("name", "")).strip().lower()) or f"openaq_{ident}"


def hours_rows(results: list[dict[str, Any]], location: dict[str, Any], station_id: str) -> pd.DataFrame:
    """Raw air rows of one sensor's ``/v3/sensors/{id}/hours`` results."""
    rows = []
    for position, item in enumerate(results, start=1):
        parameter = item.get("parameter") if isinstance(item.get("parameter"), dict) else {}
        name = str(parameter.get("name") or "").lower()
        period = item.get("period") if isinstance(item.get("period"), dict) else {}
        start = period.get("datetimeFrom") if isinstance(period.get("datetimeFrom"), dict) else {}
        flags = item.get("flagInfo") if isinstance(item.get("flagInfo"), dict) else {}
        error = None if start.get("utc") else "time: không có period.datetimeFrom.utc (no timestamp)"
        value = item.get("value")
        rows.append(
            {
                "station_id": station_id,
                "time": start.get("utc"),
                "parameter": OPENAQ_PARAMETERS.get(name, name),
                "value": None if value is None else str(value),
                "unit": parameter.get("units"),
                "flag": "openaq_flagged" if flags.get("hasFlags") else None,
                LINE_COLUMN: position,
                ERROR_COLUMN: error,
            }
        )
    frame = pd.DataFrame(rows, columns=[*rows[0]] if rows else None, dtype=object)
    coordinates = location.get("coordinates") if isinstance(location.get("coordinates"), dict) else {}
    frame["station_name"] = str(location.get("name") or station_id)
    frame["station_lon"] = coordinates.get("longitude")
    frame["station_lat"] = coordinates.get("latitude")
    # project choice: OpenAQ gathers reference monitors and low-cost sensors run by others;
    # none is the province's own network, so all are "unofficial" (measured, not modelled)
    frame["station_origin"] = "unofficial"
    frame["station_source"] = OPENAQ
    frame["origin"] = MEASURED
    return frame


def collect_openaq(
    datalayer: DataLayer,
    *,
    config: OpenAQConfig | None = None,
    client: HttpClient | None = None,
    now: pd.Timestamp | None = None,
    progress: Callable[[str], None] | None = None,
) -> CollectResult:
    """Fetch the site's OpenAQ locations, their sensors and each sensor's hourly values since its cursor.

    Raises
    ------
    FeedError
        No API key (``plugins.environment.openaq.api_key`` or ``$OPENAQ_API_KEY``).
    """
    config = config or environment_config(datalayer.settings).openaq
    key = api_key(config)
    if client is None:
        if not key:
            raise FeedError(
                f"OpenAQ v3 cần khoá API: đặt biến môi trường {config.api_key_env} hoặc "
                "plugins.environment.openaq.api_key (an API key is required)"
            )
        client = client_for(config, headers={"X-API-Key": key})
    now = _hour(now if now is not None else pd.Timestamp.now(tz="UTC"))
    bbox = config.bbox or datalayer.settings.site.bbox
    base = config.base_url.rstrip("/")
    cursor = load_cursor(datalayer.store, OPENAQ)
    result = CollectResult(OPENAQ)
    mapping = registry_locations()
    try:
        before = client.requests
        locations = list(
            _pages(client, f"{base}/v3/locations", {"bbox": ",".join(f"{v:g}" for v in bbox)}, config.page_limit)
        )
    except FeedError as exc:
        result.errors.append(f"locations: {exc}")
        return _finish(datalayer, OPENAQ, result)
    finally:
        result.requests += client.requests - before
    for location in locations:
        station_id = location_station(location, mapping)
        for sensor in location.get("sensors") or []:
            if not isinstance(sensor, dict) or _parameter(sensor) is None:
                continue  # pm1, particle counts …: not in the table
            sensor_key = str(sensor.get("id"))
            start = _start(cursor, sensor_key, now, config.backfill_hours)
            if start > now:
                continue
            params = {"datetime_from": f"{start:%Y-%m-%dT%H:%M:%SZ}", "datetime_to": f"{now:%Y-%m-%dT%H:%M:%SZ}"}
            before = client.requests
            try:
                results = list(_pages(client, f"{base}/v3/sensors/{sensor_key}/hours", params, config.page_limit))
            except FeedError as exc:
                result.errors.append(f"sensor {sensor_key}: {exc}")
                continue
            finally:
                result.requests += client.requests - before
            result.pieces += 1
            if not results:
                continue
            rows = finish_air_rows(hours_rows(results, location, station_id), datalayer.settings.site.timezone)
            newest = _write(datalayer, rows, OPENAQ, result)
            if newest is not None:
                save_state(datalayer.store, OPENAQ, cursor={sensor_key: newest.isoformat()}, last_data_at=newest)
            if progress:
                progress(f"{station_id}/{sensor_key}: {len(rows)} giá trị")
    return _finish(datalayer, OPENAQ, result)
