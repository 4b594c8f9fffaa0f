"""User-interface text of the dashboards in Vietnamese (default) and English, and date formats.

Every label a dashboard shows comes from :data:`TEXTS` through :func:`translate`, so a new
language is one more dictionary. Dates are shown ``dd/mm/yyyy`` and times in the site's time
zone (Asia/Ho_Chi_Minh); storage is UTC.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

LANGUAGES = ("vi", "en")
DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"

#: The dashboards' text, by language then key. Keys are English snake_case.
TEXTS: dict[str, dict[str, str]] = {
    "vi": {
        "app_title": "Trung tâm Giám sát, Điều hành Đô thị Thông minh",
        "index_title": "IOC Workbench — Danh sách bảng điều khiển",
        "index_intro": "Chọn một bảng điều khiển theo lĩnh vực:",
        "environment_title": "Giám sát Tài nguyên - Môi trường",
        "filters": "Bộ lọc",
        "kind": "Loại trạm",
        "station": "Trạm quan trắc",
        "period": "Khoảng thời gian",
        "kind_air": "Không khí (VN_AQI)",
        "kind_water_level": "Mực nước / ngập",
        "kind_water_quality": "Chất lượng nước (VN_WQI)",
        "period_24h": "24 giờ qua",
        "period_7d": "7 ngày qua",
        "period_30d": "30 ngày qua",
        "fresh": "Cập nhật {age} trước",
        "stale": "Dữ liệu cũ — cập nhật lần cuối {when}",
        "no_data": "Chưa có dữ liệu",
        "minutes": "{n} phút",
        "hours": "{n} giờ",
        "days": "{n} ngày",
        "alerts": "Cảnh báo đang mở",
        "no_alerts": "Không có cảnh báo đang mở.",
        "col_time": "Thời điểm",
        "col_severity": "Mức độ",
        "col_title": "Tiêu đề",
        "col_message": "Nội dung",
        "col_station": "Trạm",
        "severity_critical": "Nghiêm trọng",
        "severity_high": "Cao",
        "severity_warning": "Cảnh báo",
        "severity_info": "Thông tin",
        "map_title": "Bản đồ trạm quan trắc",
        "map_hint": "Bấm vào một trạm để xem chi tiết.",
        "series_aqi": "Diễn biến VN_AQI giờ — {name}",
        "series_level": "Diễn biến mực nước (m) — {name}",
        "series_wqi": "Diễn biến VN_WQI — {name}",
        "axis_time": "Thời gian (giờ Việt Nam)",
        "axis_aqi": "VN_AQI",
        "axis_level": "Mực nước (m)",
        "axis_wqi": "VN_WQI",
        "legend_aqi": "Thang VN_AQI (QĐ 1459/QĐ-TCMT)",
        "legend_wqi": "Thang VN_WQI (QĐ 1460/QĐ-TCMT)",
        "legend_level": "Cấp báo động mực nước",
        "level_normal": "Dưới báo động",
        "level_alarm": "Báo động {n}",
        "name": "Tên trạm",
        "station_id": "Mã trạm",
        "unit": "Đơn vị hành chính",
        "aqi": "VN_AQI",
        "wqi": "VN_WQI",
        "band": "Mức",
        "dominant": "Chất ô nhiễm chính",
        "level_m": "Mực nước",
        "latest": "Lúc",
        "parameter": "Thông số",
        "value": "Giá trị",
        "advice_general": "Khuyến nghị cho người bình thường",
        "advice_sensitive": "Khuyến nghị cho nhóm nhạy cảm",
        "usage": "Mục đích sử dụng phù hợp",
        "health_effect": "Ảnh hưởng sức khỏe",
        "alarm_levels": "Mức báo động I / II / III",
        "no_station": "Chưa chọn trạm.",
        "no_series": "Không có số liệu của trạm trong khoảng thời gian này.",
        "no_value": "Không có số liệu",
        "timezone_note": "Giờ hiển thị: {tz}. Ngày dạng dd/mm/yyyy.",
        "open_dashboard": "Mở",
    },
    "en": {
        "app_title": "Smart City Intelligent Operations Center",
        "index_title": "IOC Workbench — Dashboards",
        "index_intro": "Choose a domain dashboard:",
        "environment_title": "Environment monitoring",
        "filters": "Filters",
        "kind": "Station kind",
        "station": "Station",
        "period": "Period",
        "kind_air": "Air (VN_AQI)",
        "kind_water_level": "Water level / flooding",
        "kind_water_quality": "Water quality (VN_WQI)",
        "period_24h": "Last 24 hours",
        "period_7d": "Last 7 days",
        "period_30d": "Last 30 days",
        "fresh": "Updated {age} ago",
        "stale": "Stale data — last update {when}",
        "no_data": "No data yet",
        "minutes": "{n} min",
        "hours": "{n} h",
        "days": "{n} days",
        "alerts": "Open alerts",
        "no_alerts": "No open alerts.",
        "col_time": "Time",
        "col_severity": "Severity",
        "col_title": "Title",
        "col_message": "Message",
        "col_station": "Station",
        "severity_critical": "Critical",
        "severity_high": "High",
        "severity_warning": "Warning",
        "severity_info": "Info",
        "map_title": "Monitoring stations",
        "map_hint": "Click a station for details.",
        "series_aqi": "Hourly VN_AQI — {name}",
        "series_level": "Water level (m) — {name}",
        "series_wqi": "VN_WQI — {name}",
        "axis_time": "Time (Vietnam)",
        "axis_aqi": "VN_AQI",
        "axis_level": "Water level (m)",
        "axis_wqi": "VN_WQI",
        "legend_aqi": "VN_AQI bands (Decision 1459/QĐ-TCMT)",
        "legend_wqi": "VN_WQI bands (Decision 1460/QĐ-TCMT)",
        "legend_level": "Water-level alarm levels",
        "level_normal": "Below alarm",
        "level_alarm": "Alarm {n}",
        "name": "Station",
        "station_id": "Station code",
        "unit": "Administrative unit",
        "aqi": "VN_AQI",
        "wqi": "VN_WQI",
        "band": "Band",
        "dominant": "Dominant pollutant",
        "level_m": "Water level",
        "latest": "At",
        "parameter": "Parameter",
        "value": "Value",
        "advice_general": "Advice for everyone",
        "advice_sensitive": "Advice for sensitive groups",
        "usage": "Suitable uses",
        "health_effect": "Health effect",
        "alarm_levels": "Alarm levels I / II / III",
        "no_station": "No station selected.",
        "no_series": "No data for this station in the period.",
        "no_value": "No data",
        "timezone_note": "Times shown in {tz}. Dates as dd/mm/yyyy.",
        "open_dashboard": "Open",
    },
}

#: Display names of pollutant / parameter codes (the same in both languages).
PARAMETER_NAMES = {
    "pm25": "PM2.5", "pm10": "PM10", "o3": "O₃", "co": "CO", "so2": "SO₂", "no2": "NO₂",
    "tsp": "TSP", "temperature": "Nhiệt độ", "humidity": "Độ ẩm", "ph": "pH", "do": "DO",
    "bod5": "BOD₅", "cod": "COD", "nh4": "NH₄⁺", "no3": "NO₃⁻", "po4": "PO₄³⁻",
    "coliform": "Coliform", "ecoli": "E. coli", "turbidity": "Độ đục", "tss": "TSS",
}


def translate(key: str, language: str = "vi", **values: Any) -> str:
    """The text for ``key`` in ``language``, with ``{placeholders}`` filled from ``values``.

    Falls back to Vietnamese, then to the key itself, so a missing translation shows
    something readable instead of failing a live dashboard.
    """
    table = TEXTS.get(language, TEXTS["vi"])
    text = table.get(key) or TEXTS["vi"].get(key) or key
    return text.format(**values) if values else text


def parameter_name(code: str | None) -> str:
    """The display name of a parameter code (``"pm25"`` → ``"PM2.5"``)."""
    if code is None or (isinstance(code, float) and pd.isna(code)):
        return "—"
    return PARAMETER_NAMES.get(str(code), str(code).upper())


def to_local(values: pd.Series, timezone: str) -> pd.Series:
    """UTC timestamps as naive local wall-clock times (what a Bokeh datetime axis should show)."""
    stamps = pd.to_datetime(values, utc=True)
    return stamps.dt.tz_convert(timezone).dt.tz_localize(None)


def format_datetime(value: Any, timezone: str, fmt: str = DATETIME_FORMAT) -> str:
    """A timestamp (UTC when naive) as local ``dd/mm/yyyy HH:MM``; ``"—"`` when missing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    stamp = pd.Timestamp(value)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp
    return stamp.tz_convert(timezone).strftime(fmt)


def format_date(value: Any, timezone: str) -> str:
    """A timestamp as a local date ``dd/mm/yyyy``."""
    return format_datetime(value, timezone, DATE_FORMAT)
