"""The reports' words in Vietnamese (default) and English: headings, column names, values,
narrative sentences, and how numbers are written.

One dictionary per language, the same keys in each (a test checks it); :func:`text` looks a
key up and fills its ``{placeholders}``. Numbers are written the way each language reads
them (:func:`number`): ``1.234`` and ``12,5`` in Vietnamese, ``1,234`` and ``12.5`` in English.
Domain titles are not here: each plugin gives its own (``Plugin.title_in(language)``).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

LANGUAGES = ("vi", "en")

TEXTS: dict[str, dict[str, str]] = {
    "vi": {
        # titles and headings
        "kind_monthly": "Báo cáo tháng",
        "kind_quarterly": "Báo cáo quý",
        "quarter_label": "Quý {roman}/{year}",
        "centre": "Trung tâm Giám sát, điều hành đô thị thông minh",
        "span": "Từ ngày {start} đến ngày {end} · Phạm vi: {unit}",
        "whole_site": "toàn địa bàn",
        "summary": "Tóm tắt",
        "section_domains": "1. Cảnh báo và vụ việc theo lĩnh vực",
        "section_figures": "2. Chỉ tiêu chính của các lĩnh vực (cuối kỳ)",
        "section_top": "3. Vụ việc nổi bật và thời gian xử lý so với hạn",
        "section_agencies": "4. Kết quả xử lý của các cơ quan",
        "provenance": "Nguồn gốc số liệu",
        "code_version": "Phiên bản mã nguồn",
        "rendered_at": "Thời điểm lập báo cáo",
        "parameters": "Tham số",
        "snapshot": "Ảnh chụp dữ liệu (phiên bản bảng trong kho dữ liệu; — là bảng chưa có dữ liệu):",
        "no_data": "Không có số liệu trong kỳ.",
        # charts
        "chart_domains": "Cảnh báo theo lĩnh vực: kỳ này so với kỳ trước",
        "chart_daily": "Cảnh báo mỗi ngày theo lĩnh vực",
        "this_period": "Kỳ này",
        "axis_alerts": "Số cảnh báo",
        "axis_day": "Ngày",
        # column names
        "col_domain": "Lĩnh vực",
        "col_alerts": "Cảnh báo",
        "col_previous": "Kỳ trước",
        "col_change": "Thay đổi (%)",
        "col_incidents": "Vụ việc",
        "col_resolved": "Đã giải quyết",
        "col_on_time": "Đúng hạn",
        "col_on_time_rate": "Tỉ lệ đúng hạn (%)",
        "col_overdue": "Quá hạn chưa xong",
        "col_indicator": "Chỉ tiêu",
        "col_end": "Cuối kỳ",
        "col_end_previous": "Cuối kỳ trước",
        "col_target": "Mục tiêu",
        "col_met": "Đạt mục tiêu",
        "col_unit": "Đơn vị",
        "col_code": "Mã",
        "col_subject": "Nội dung",
        "col_severity": "Mức độ",
        "col_received": "Tiếp nhận",
        "col_handling": "Xử lý (giờ)",
        "col_allowed": "Hạn (giờ)",
        "col_agency": "Cơ quan",
        "col_assigned": "Được giao",
        "col_table": "Bảng dữ liệu",
        "col_version": "Phiên bản",
        # values
        "yes": "Có",
        "no": "Không",
        "error": "Lỗi",
        "severity_critical": "Nghiêm trọng",
        "severity_high": "Cao",
        "severity_warning": "Cảnh báo",
        "severity_info": "Thông tin",
        # the narrative
        "n_empty": "Kỳ {period}: chưa có lĩnh vực nào được cài đặt.",
        "n_total": "Trong kỳ {period}, hệ thống ghi nhận {alerts} cảnh báo trên {domains} lĩnh vực (kỳ trước: {previous}).",
        "n_domain": "Lĩnh vực {domain}: {alerts} cảnh báo, {trend}.",
        "n_no_previous": "không có số liệu kỳ trước để so sánh",
        "n_up": "tăng {pct}% so với kỳ trước",
        "n_down": "giảm {pct}% so với kỳ trước",
        "n_same": "không đổi so với kỳ trước",
        "n_incidents": "Tiếp nhận {incidents} vụ việc, đã giải quyết {resolved}, trong đó {on_time} đúng hạn.",
        "n_target_missed": "{indicator} ({domain}): {value} cuối kỳ, chưa đạt mục tiêu {target}.",
        "n_agency": "Cơ quan có nhiều vụ việc quá hạn chưa xong nhất: {agency} ({overdue} vụ việc).",
        # the e-mail
        "mail_body": (
            "Kính gửi lãnh đạo,\n\nTrung tâm IOC gửi kèm {title} ({site}).\n"
            "Báo cáo được lập tự động từ dữ liệu của hệ thống; phần cuối ghi nguồn gốc số liệu.\n\nTrung tâm IOC"
        ),
    },
    "en": {
        "kind_monthly": "Monthly report",
        "kind_quarterly": "Quarterly report",
        "quarter_label": "Q{number}/{year}",
        "centre": "Intelligent Operations Center (IOC)",
        "span": "From {start} to {end} · Scope: {unit}",
        "whole_site": "whole site",
        "summary": "Summary",
        "section_domains": "1. Alerts and incidents by domain",
        "section_figures": "2. Key figures of the domains (end of period)",
        "section_top": "3. Top incidents and handling time against the deadline",
        "section_agencies": "4. Results of the agencies",
        "provenance": "Provenance of the figures",
        "code_version": "Code version",
        "rendered_at": "Rendered at",
        "parameters": "Parameters",
        "snapshot": "Data snapshot (table versions in the lake; — is a table without data):",
        "no_data": "No data for the period.",
        "chart_domains": "Alerts by domain: this period against the previous one",
        "chart_daily": "Alerts per day by domain",
        "this_period": "This period",
        "axis_alerts": "Alerts",
        "axis_day": "Day",
        "col_domain": "Domain",
        "col_alerts": "Alerts",
        "col_previous": "Previous period",
        "col_change": "Change (%)",
        "col_incidents": "Incidents",
        "col_resolved": "Resolved",
        "col_on_time": "On time",
        "col_on_time_rate": "On-time rate (%)",
        "col_overdue": "Overdue, still open",
        "col_indicator": "Indicator",
        "col_end": "End of period",
        "col_end_previous": "End of previous period",
        "col_target": "Target",
        "col_met": "Target met",
        "col_unit": "Unit",
        "col_code": "Code",
        "col_subject": "Subject",
        "col_severity": "Severity",
        "col_received": "Received",
        "col_handling": "Handling (h)",
        "col_allowed": "Allowed (h)",
        "col_agency": "Agency",
        "col_assigned": "Assigned",
        "col_table": "Table",
        "col_version": "Version",
        "yes": "Yes",
        "no": "No",
        "error": "Error",
        "severity_critical": "Critical",
        "severity_high": "High",
        "severity_warning": "Warning",
        "severity_info": "Information",
        "n_empty": "{period}: no domain is installed.",
        "n_total": "In {period} the system recorded {alerts} {alerts_word} across {domains} {domains_word} "
        "(previous period: {previous}).",
        "n_domain": "{domain}: {alerts} {alerts_word}, {trend}.",
        "n_no_previous": "no previous period to compare with",
        "n_up": "up {pct}% on the previous period",
        "n_down": "down {pct}% on the previous period",
        "n_same": "unchanged on the previous period",
        "n_incidents": "{incidents} {incidents_word} received, {resolved} resolved, {on_time} of them on time.",
        "n_target_missed": "{indicator} ({domain}): {value} at the end of the period, target of {target} not met.",
        "n_agency": "Agency with the most overdue open incidents: {agency} ({overdue} {overdue_word}).",
        "mail_body": (
            "Dear leaders,\n\nThe IOC sends the attached {title} ({site}).\n"
            "The report is generated from the system's data; its last section gives the provenance.\n\nThe IOC"
        ),
    },
}

#: English nouns by count (Vietnamese nouns do not change).
_PLURALS = {"alert": "alerts", "domain": "domains", "incident": "incidents"}


def check_language(language: str) -> str:
    """``language`` if the reports speak it.

    Raises
    ------
    ValueError
        For a language the reports do not have, naming the ones they have.
    """
    if language not in TEXTS:
        raise ValueError(f"ngôn ngữ báo cáo không hợp lệ {language!r}: {', '.join(LANGUAGES)}")
    return language


def text(key: str, language: str = "vi", **values: Any) -> str:
    """The text of ``key`` in ``language`` with its placeholders filled."""
    return TEXTS[check_language(language)][key].format(**values)


def noun(word: str, count: Any, language: str) -> str:
    """An English noun in the singular or plural for ``count`` (Vietnamese has no plural)."""
    return word if language != "en" or count == 1 else _PLURALS.get(word, word + "s")


def number(value: Any, language: str = "vi") -> str:
    """A number as the report writes it in ``language`` (integers without decimals, else one)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    english = f"{int(value):,}" if float(value).is_integer() else f"{float(value):,.1f}"
    if language == "en":
        return english
    return english.replace(",", " ").replace(".", ",").replace(" ", ".")
