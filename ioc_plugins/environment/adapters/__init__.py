"""Source adapters of the environment domain, one per real format (see ``FORMATS.md``).

Each adapter reads a file into rows of one table — values may still be text, validation
types them — marks rows it cannot parse with a reason in ``_error`` (they end in the
quarantine file, never silently dropped) and raises :class:`ioc.plugins.AdapterError`
when the whole file is unusable. Naive times are site local time (the site profile's ``timezone``).
The line-per-record CSV adapters also read a large file in pieces (:mod:`.pieces`), which
``ioc ingest`` stores one commit each.
"""

from __future__ import annotations

from ioc.plugins import Adapter
from ioc_plugins.environment.adapters.air import read_air_long, read_air_wide
from ioc_plugins.environment.adapters.healthyair import read_healthyair
from ioc_plugins.environment.adapters.open_meteo import read_open_meteo_csv, read_open_meteo_json
from ioc_plugins.environment.adapters.openaq import read_openaq
from ioc_plugins.environment.adapters.pieces import batches_of
from ioc_plugins.environment.adapters.water import read_water_level, read_water_quality

AIR = "environment.air_readings"

ADAPTERS: tuple[Adapter, ...] = (
    Adapter(
        "air_long_csv",
        AIR,
        read_air_long,
        "Không khí, dạng dài: station_id, time, parameter, value, unit (air readings, long CSV)",
        ("*air*long*.csv", "*khong_khi*dai*.csv"),
        batches=batches_of(read_air_long),
    ),
    Adapter(
        "air_wide_csv",
        AIR,
        read_air_wide,
        "Không khí, dạng rộng: station_id, time, pm25_ug_m3, co_mg_m3, o3_ppb … (air readings, wide CSV)",
        ("*air*wide*.csv", "*khong_khi*rong*.csv"),
        # a line is a row per parameter column: pieces of fewer lines hold about as many rows
        batches=batches_of(read_air_wide, rows_per_line=8),
    ),
    Adapter(
        "healthyair_csv",
        AIR,
        read_healthyair,
        "HealthyAir TP.HCM: datetime_local, station_no, tsp_ug_m3 … (HealthyAir hourly export)",
        ("*healthyair*.csv",),
    ),
    Adapter(
        "openaq_json", AIR, read_openaq, "OpenAQ API v2 /measurements hoặc v3 (OpenAQ JSON feed)", ("*openaq*.json",)
    ),
    Adapter(
        "open_meteo_json",
        AIR,
        read_open_meteo_json,
        "Open-Meteo chất lượng không khí, JSON hourly (mô hình CAMS — modelled)",
        ("*open*meteo*.json", "*openmeteo*.json"),
    ),
    Adapter(
        "open_meteo_csv",
        AIR,
        read_open_meteo_csv,
        "Open-Meteo chất lượng không khí, tệp CSV tải về (mô hình CAMS — modelled)",
        ("*open*meteo*.csv", "*openmeteo*.csv"),
    ),
    Adapter(
        "water_quality_csv",
        "environment.water_quality",
        read_water_quality,
        "Chất lượng nước: station_id, time, parameter, value, unit (water-quality samples, long CSV)",
        ("*water*quality*.csv", "*chat_luong_nuoc*.csv"),
        batches=batches_of(read_water_quality),
    ),
    Adapter(
        "water_level_csv",
        "environment.water_levels",
        read_water_level,
        "Mực nước: station_id, time, level_m (water levels CSV)",
        ("*water*level*.csv", "*muc_nuoc*.csv"),
        batches=batches_of(read_water_level),
    ),
)

__all__ = [
    "ADAPTERS",
    "read_air_long",
    "read_air_wide",
    "read_healthyair",
    "read_open_meteo_csv",
    "read_open_meteo_json",
    "read_openaq",
    "read_water_level",
    "read_water_quality",
]
