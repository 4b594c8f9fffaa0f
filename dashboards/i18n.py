"""User-interface text of the dashboards in Vietnamese (default) and English, and date formats.

This is the dashboards' one translation mechanism: every label comes from :data:`TEXTS`
through :func:`translate` (a dashboard calls it as ``self.t(key)``), in the language of
``settings.language`` unless a dashboard is given another. A new language is one more
dictionary; keys of one dashboard share a prefix (``feedback_``, ``command_``). Ages and
countdowns are written by :func:`age_text`. Dates are shown ``dd/mm/yyyy`` and times in the
site's time zone (``settings.site.timezone``); storage is UTC.
"""

from __future__ import annotations

from datetime import timedelta
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
        # the feedback dashboards
        "feedback_title": "Phản ánh hiện trường",
        "feedback_form_title": "Gửi phản ánh hiện trường",
        "feedback_group": "Nhóm vụ việc",
        "feedback_group_ioc": "Hàng đợi IOC (tiếp nhận, xác minh, phê duyệt)",
        "feedback_group_agency": "Tại cơ quan xử lý",
        "feedback_group_done": "Đã xử lý xong",
        "feedback_category": "Loại phản ánh",
        "feedback_all": "Tất cả",
        "feedback_queue": "Hàng đợi xử lý",
        "feedback_statistics": "Thống kê",
        "feedback_map": "Bản đồ phản ánh",
        "feedback_guest": "Chưa đăng nhập: chỉ xem thống kê.",
        "feedback_user": "Người dùng",
        "feedback_no_reports": "Không có phản ánh nào trong nhóm này.",
        "feedback_pick": "Chọn một phản ánh trong bảng để xem chi tiết và xử lý.",
        "feedback_action": "Thao tác",
        "feedback_comment": "Ý kiến / lý do",
        "feedback_agency": "Cơ quan xử lý",
        "feedback_do": "Thực hiện",
        "feedback_done_ok": "Đã thực hiện: {what}",
        "feedback_no_action": "Bạn không có thao tác nào với phản ánh này ở trạng thái hiện tại.",
        "feedback_by": "Thống kê theo",
        "feedback_by_category": "Loại phản ánh",
        "feedback_by_unit_code": "Đơn vị hành chính",
        "feedback_by_agency_code": "Cơ quan xử lý",
        "feedback_by_channel": "Kênh tiếp nhận",
        "feedback_by_month": "Tháng",
        "feedback_download_csv": "Tải CSV",
        "feedback_download_xlsx": "Tải Excel",
        "feedback_history": "Lịch sử xử lý",
        "feedback_reporter": "Người phản ánh",
        "feedback_remaining": "còn {t}",
        "feedback_overdue_by": "quá hạn {t}",
        "feedback_col_code": "Mã",
        "feedback_col_received": "Tiếp nhận",
        "feedback_col_category": "Loại",
        "feedback_col_title": "Tiêu đề",
        "feedback_col_state": "Trạng thái",
        "feedback_col_agency": "Cơ quan",
        "feedback_col_deadline": "Hạn xử lý",
        "feedback_col_sla": "Thời hạn",
        "feedback_description": "Nội dung phản ánh",
        "feedback_address": "Địa chỉ",
        "feedback_lat": "Vĩ độ (không bắt buộc)",
        "feedback_lon": "Kinh độ (không bắt buộc)",
        "feedback_name": "Họ tên",
        "feedback_phone": "Số điện thoại",
        "feedback_email": "Thư điện tử",
        "feedback_photo": "Ảnh hiện trường",
        "feedback_send": "Gửi phản ánh",
        "feedback_sent": "Đã gửi phản ánh. Mã tra cứu của bạn:",
        "feedback_lookup": "Tra cứu tiến độ",
        "feedback_code": "Mã tra cứu",
        "feedback_find": "Tra cứu",
        "feedback_privacy": "Thông tin cá nhân chỉ dùng để IOC liên hệ xác minh, không công khai.",
        "feedback_joined": "Phản ánh được gộp vào {code}",
        "feedback_expected": "Dự kiến có kết quả trước",
        "feedback_error": "Không gửi được: {why}",
        "feedback_processed": "Đã xử lý",
        "feedback_overdue": "Đang quá hạn",
        # the leadership command view
        "command_title": "Chỉ huy — vụ việc nóng, nhạy cảm",
        "command_map": "Vị trí vụ việc nóng",
        "command_denied": "Màn hình chỉ huy dành cho lãnh đạo và lãnh đạo IOC. Vui lòng đăng nhập bằng tài khoản phù hợp.",
        "command_none": "Không có vụ việc nóng đang xử lý.",
        "command_alerts": "Cảnh báo mức cao trên mọi lĩnh vực",
        "command_count": "{n} vụ việc nóng đang xử lý",
        "command_code": "Mã",
        "command_received": "Tiếp nhận",
        "command_category": "Loại",
        "command_title_col": "Nội dung",
        "command_state": "Trạng thái",
        "command_agency": "Cơ quan",
        "command_deadline": "Hạn",
        "command_domain": "Lĩnh vực",
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
        # the feedback dashboards
        "feedback_title": "Citizen field reports",
        "feedback_form_title": "Send a field report",
        "feedback_group": "Group",
        "feedback_group_ioc": "IOC queue (received, verifying, approval)",
        "feedback_group_agency": "At the agency",
        "feedback_group_done": "Finished",
        "feedback_category": "Category",
        "feedback_all": "All",
        "feedback_queue": "Queue",
        "feedback_statistics": "Statistics",
        "feedback_map": "Map of reports",
        "feedback_guest": "Not signed in: statistics only.",
        "feedback_user": "User",
        "feedback_no_reports": "No reports in this group.",
        "feedback_pick": "Pick a report in the table to see it and act on it.",
        "feedback_action": "Action",
        "feedback_comment": "Comment / reason",
        "feedback_agency": "Agency",
        "feedback_do": "Apply",
        "feedback_done_ok": "Done: {what}",
        "feedback_no_action": "You have no action on this report in its current state.",
        "feedback_by": "Group by",
        "feedback_by_category": "Category",
        "feedback_by_unit_code": "Commune",
        "feedback_by_agency_code": "Agency",
        "feedback_by_channel": "Channel",
        "feedback_by_month": "Month",
        "feedback_download_csv": "Download CSV",
        "feedback_download_xlsx": "Download Excel",
        "feedback_history": "History",
        "feedback_reporter": "Reporter",
        "feedback_remaining": "{t} left",
        "feedback_overdue_by": "overdue by {t}",
        "feedback_col_code": "Code",
        "feedback_col_received": "Received",
        "feedback_col_category": "Category",
        "feedback_col_title": "Title",
        "feedback_col_state": "State",
        "feedback_col_agency": "Agency",
        "feedback_col_deadline": "Deadline",
        "feedback_col_sla": "Time",
        "feedback_description": "What is wrong",
        "feedback_address": "Address",
        "feedback_lat": "Latitude (optional)",
        "feedback_lon": "Longitude (optional)",
        "feedback_name": "Name",
        "feedback_phone": "Phone",
        "feedback_email": "E-mail",
        "feedback_photo": "Photo",
        "feedback_send": "Send",
        "feedback_sent": "Report sent. Your tracking code:",
        "feedback_lookup": "Track a report",
        "feedback_code": "Tracking code",
        "feedback_find": "Find",
        "feedback_privacy": "Personal data is only used by the IOC to verify, never published.",
        "feedback_joined": "Joined to report {code}",
        "feedback_expected": "Result expected by",
        "feedback_error": "Not sent: {why}",
        "feedback_processed": "Processed",
        "feedback_overdue": "Overdue",
        # the leadership command view
        "command_title": "Command — hot and sensitive incidents",
        "command_map": "Hot incidents",
        "command_denied": "The command view is for leaders and the IOC lead. Please sign in with such an account.",
        "command_none": "No hot incident in progress.",
        "command_alerts": "High-severity alerts across domains",
        "command_count": "{n} hot incidents in progress",
        "command_code": "Code",
        "command_received": "Received",
        "command_category": "Category",
        "command_title_col": "Title",
        "command_state": "State",
        "command_agency": "Agency",
        "command_deadline": "Deadline",
        "command_domain": "Domain",
    },
}

#: Display names of pollutant / parameter codes (the same in both languages).
PARAMETER_NAMES = {
    "pm25": "PM2.5",
    "pm10": "PM10",
    "o3": "O₃",
    "co": "CO",
    "so2": "SO₂",
    "no2": "NO₂",
    "tsp": "TSP",
    "temperature": "Nhiệt độ",
    "humidity": "Độ ẩm",
    "ph": "pH",
    "do": "DO",
    "bod5": "BOD₅",
    "cod": "COD",
    "nh4": "NH₄⁺",
    "no3": "NO₃⁻",
    "po4": "PO₄³⁻",
    "coliform": "Coliform",
    "ecoli": "E. coli",
    "turbidity": "Độ đục",
    "tss": "TSS",
}


def register_texts(texts: dict[str, dict[str, str]]) -> None:
    """Add a dashboard's own texts (``{"vi": {...}, "en": {...}}``) to :data:`TEXTS`.

    A domain dashboard keeps its labels beside its code (``dashboards/<domain>.py`` calls this
    at import) instead of growing this module. Keys share the dashboard's prefix; a key that is
    already defined with another text is an error, so two dashboards cannot silently relabel
    each other.

    Raises
    ------
    ValueError
        For an unknown language or a key already defined with a different text.
    """
    for language, entries in texts.items():
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}: one of {LANGUAGES}")
        table = TEXTS.setdefault(language, {})
        clashes = sorted(key for key, text in entries.items() if key in table and table[key] != text)
        if clashes:
            raise ValueError(f"texts already defined differently: {clashes}")
        table.update(entries)


def translate(key: str, language: str = "vi", **values: Any) -> str:
    """The text for ``key`` in ``language``, with ``{placeholders}`` filled from ``values``.

    Falls back to Vietnamese, then to the key itself, so a missing translation shows
    something readable instead of failing a live dashboard.
    """
    table = TEXTS.get(language, TEXTS["vi"])
    text = table.get(key) or TEXTS["vi"].get(key) or key
    return text.format(**values) if values else text


def age_text(age: timedelta | float, language: str = "vi") -> str:
    """A short age or time span in words, rounded down: ``"5 phút"``, ``"3 giờ"``, ``"2 ngày"``.

    Parameters
    ----------
    age : datetime.timedelta or float
        The span (a float is seconds); a negative span counts as zero.
    language : {"vi", "en"}
        Language of the words.

    Returns
    -------
    str
        Minutes under an hour, hours under two days, days beyond.
    """
    seconds = age.total_seconds() if isinstance(age, timedelta) else float(age)
    minutes = max(0, int(seconds // 60))
    if minutes < 60:
        return translate("minutes", language, n=minutes)
    if minutes < 48 * 60:
        return translate("hours", language, n=minutes // 60)
    return translate("days", language, n=minutes // (24 * 60))


def number_text(value: Any) -> str:
    """A figure as Vietnamese writes it: thousands with '.', one decimal with ','; text as it is."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    if isinstance(value, str):
        return value
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{float(value):,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def parameter_name(code: str | None) -> str:
    """The display name of a parameter code (``"pm25"`` → ``"PM2.5"``)."""
    if code is None or (isinstance(code, float) and pd.isna(code)):
        return "—"
    return PARAMETER_NAMES.get(str(code), str(code).upper())


def to_local(values: pd.Series, timezone: str) -> pd.Series:
    """UTC timestamps as naive local wall-clock times (what a datetime axis should show)."""
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
