"""Notification templates (Vietnamese first, English available), rendered with Jinja2.

Each template has a subject, a plain-text body and an HTML body. The HTML body is
rendered with autoescaping, so any value from the context (alert payloads, citizen text,
agency names) is HTML-escaped; the text body and subject are plain text (an email client
never interprets them as markup) and the subject is folded onto one line.

Context values: strings, numbers, ``date``/``datetime`` (shown as ``dd/mm/yyyy HH:MM`` in
the site time zone via the ``vn_datetime`` filter). A missing required field raises a
``ValueError`` naming it; optional fields are tested with ``is defined``. An optional
``link`` is kept only when it is an http(s) URL.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import jinja2
from jinja2 import meta

from ioc.config import site_zone

__all__ = ["render", "template_fields", "TEMPLATE_NAMES", "LANGUAGES"]

LANGUAGES = ("vi", "en")


def _vn_datetime(value: Any) -> str:
    """dd/mm/yyyy HH:MM in site time (aware datetimes converted); dates as dd/mm/yyyy."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(site_zone())
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _safe_url(value: Any) -> str:
    """``value`` if it is an http(s) link, else "" (``javascript:`` links never reach HTML)."""
    text = str(value).strip()
    return text if re.match(r"^https?://", text, re.IGNORECASE) else ""


# name -> lang -> (subject, text, html). Kept in code: they are short, and the HTML is
# deliberately plain (inline styles only) because mail clients strip style sheets.
_SOURCES: dict[str, dict[str, tuple[str, str, str]]] = {
    "alert_raised": {
        "vi": (
            "[IOC] Cảnh báo {{ severity }}: {{ alert_name }}",
            "Hệ thống IOC vừa phát sinh cảnh báo.\n\n"
            "Cảnh báo: {{ alert_name }}\nLĩnh vực: {{ domain }}\nMức độ: {{ severity }}\n"
            "Thời điểm: {{ raised_at | vn_datetime }}\n"
            "{% if location is defined %}Địa điểm: {{ location }}\n{% endif %}"
            "Nội dung: {{ message }}\n"
            "{% if link is defined %}Xem chi tiết: {{ link }}\n{% endif %}",
            "<p>Hệ thống IOC vừa phát sinh cảnh báo.</p><table>"
            "<tr><th align=left>Cảnh báo</th><td>{{ alert_name }}</td></tr>"
            "<tr><th align=left>Lĩnh vực</th><td>{{ domain }}</td></tr>"
            "<tr><th align=left>Mức độ</th><td>{{ severity }}</td></tr>"
            "<tr><th align=left>Thời điểm</th><td>{{ raised_at | vn_datetime }}</td></tr>"
            "{% if location is defined %}<tr><th align=left>Địa điểm</th>"
            "<td>{{ location }}</td></tr>{% endif %}"
            "</table><p>{{ message }}</p>"
            "{% if link is defined %}"
            '<p><a href="{{ link }}">Xem chi tiết</a></p>{% endif %}',
        ),
        "en": (
            "[IOC] {{ severity }} alert: {{ alert_name }}",
            "The IOC raised an alert.\n\nAlert: {{ alert_name }}\nDomain: {{ domain }}\n"
            "Severity: {{ severity }}\nAt: {{ raised_at | vn_datetime }}\n"
            "{% if location is defined %}Location: {{ location }}\n{% endif %}"
            "Details: {{ message }}\n"
            "{% if link is defined %}Open: {{ link }}\n{% endif %}",
            "<p>The IOC raised an alert.</p><table>"
            "<tr><th align=left>Alert</th><td>{{ alert_name }}</td></tr>"
            "<tr><th align=left>Domain</th><td>{{ domain }}</td></tr>"
            "<tr><th align=left>Severity</th><td>{{ severity }}</td></tr>"
            "<tr><th align=left>At</th><td>{{ raised_at | vn_datetime }}</td></tr>"
            "{% if location is defined %}<tr><th align=left>Location</th>"
            "<td>{{ location }}</td></tr>{% endif %}"
            "</table><p>{{ message }}</p>"
            "{% if link is defined %}"
            '<p><a href="{{ link }}">Open</a></p>{% endif %}',
        ),
    },
    "citizen_warning": {
        "vi": (
            "[Cảnh báo] {{ title }}",
            "CẢNH BÁO: {{ title }}\n\nKhu vực: {{ area }}\n{{ message }}\n"
            "{% if advice is defined %}\nKhuyến cáo: {{ advice }}\n{% endif %}"
            "{% if valid_until is defined %}Hiệu lực đến: {{ valid_until | vn_datetime }}\n"
            "{% endif %}\nPhát hành: {{ issued_at | vn_datetime }} - {{ issuer }}\n",
            "<h2>Cảnh báo: {{ title }}</h2><p><b>Khu vực:</b> {{ area }}</p>"
            "<p>{{ message }}</p>"
            "{% if advice is defined %}<p><b>Khuyến cáo:</b> {{ advice }}</p>{% endif %}"
            "{% if valid_until is defined %}<p>Hiệu lực đến: "
            "{{ valid_until | vn_datetime }}</p>{% endif %}"
            "<p><small>Phát hành: {{ issued_at | vn_datetime }} - {{ issuer }}</small></p>",
        ),
        "en": (
            "[Warning] {{ title }}",
            "WARNING: {{ title }}\n\nArea: {{ area }}\n{{ message }}\n"
            "{% if advice is defined %}\nAdvice: {{ advice }}\n{% endif %}"
            "{% if valid_until is defined %}Valid until: {{ valid_until | vn_datetime }}\n"
            "{% endif %}\nIssued: {{ issued_at | vn_datetime }} - {{ issuer }}\n",
            "<h2>Warning: {{ title }}</h2><p><b>Area:</b> {{ area }}</p><p>{{ message }}</p>"
            "{% if advice is defined %}<p><b>Advice:</b> {{ advice }}</p>{% endif %}"
            "{% if valid_until is defined %}<p>Valid until: "
            "{{ valid_until | vn_datetime }}</p>{% endif %}"
            "<p><small>Issued: {{ issued_at | vn_datetime }} - {{ issuer }}</small></p>",
        ),
    },
    "incident_forwarded": {
        "vi": (
            "[IOC] Chuyển xử lý vụ việc {{ incident_code }} - hạn {{ deadline | vn_datetime }}",
            "Kính gửi: {{ agency }}\n\nTrung tâm IOC chuyển vụ việc sau để quý cơ quan xử lý:\n"
            "Mã vụ việc: {{ incident_code }}\nTiêu đề: {{ title }}\n"
            "Nội dung: {{ description }}\nHạn xử lý: {{ deadline | vn_datetime }}\n"
            "{% if link is defined %}Cập nhật kết quả tại: {{ link }}\n{% endif %}",
            "<p>Kính gửi: <b>{{ agency }}</b></p>"
            "<p>Trung tâm IOC chuyển vụ việc sau để quý cơ quan xử lý:</p><table>"
            "<tr><th align=left>Mã vụ việc</th><td>{{ incident_code }}</td></tr>"
            "<tr><th align=left>Tiêu đề</th><td>{{ title }}</td></tr>"
            "<tr><th align=left>Nội dung</th><td>{{ description }}</td></tr>"
            "<tr><th align=left>Hạn xử lý</th><td><b>{{ deadline | vn_datetime }}</b></td></tr>"
            "</table>{% if link is defined %}"
            '<p><a href="{{ link }}">Cập nhật kết quả</a></p>{% endif %}',
        ),
        "en": (
            "[IOC] Incident {{ incident_code }} forwarded - due {{ deadline | vn_datetime }}",
            "To: {{ agency }}\n\nThe IOC forwards this incident for handling:\n"
            "Incident: {{ incident_code }}\nTitle: {{ title }}\n"
            "Details: {{ description }}\nDeadline: {{ deadline | vn_datetime }}\n"
            "{% if link is defined %}Report the result at: {{ link }}\n{% endif %}",
            "<p>To: <b>{{ agency }}</b></p><p>The IOC forwards this incident for handling:</p>"
            "<table><tr><th align=left>Incident</th><td>{{ incident_code }}</td></tr>"
            "<tr><th align=left>Title</th><td>{{ title }}</td></tr>"
            "<tr><th align=left>Details</th><td>{{ description }}</td></tr>"
            "<tr><th align=left>Deadline</th><td><b>{{ deadline | vn_datetime }}</b></td></tr>"
            "</table>{% if link is defined %}"
            '<p><a href="{{ link }}">Report the result</a></p>{% endif %}',
        ),
    },
    "incident_overdue": {
        "vi": (
            "[IOC] QUÁ HẠN: vụ việc {{ incident_code }} ({{ agency }})",
            "Vụ việc {{ incident_code }} - {{ title }} đã quá hạn xử lý.\n"
            "Cơ quan xử lý: {{ agency }}\nHạn xử lý: {{ deadline | vn_datetime }}\n"
            "{% if overdue_days is defined %}Quá hạn: {{ overdue_days }} ngày làm việc\n"
            "{% endif %}Đề nghị đôn đốc, báo cáo kết quả.\n"
            "{% if link is defined %}Chi tiết: {{ link }}\n{% endif %}",
            "<p><b>Vụ việc {{ incident_code }} - {{ title }}</b> đã quá hạn xử lý.</p><table>"
            "<tr><th align=left>Cơ quan xử lý</th><td>{{ agency }}</td></tr>"
            "<tr><th align=left>Hạn xử lý</th><td>{{ deadline | vn_datetime }}</td></tr>"
            "{% if overdue_days is defined %}<tr><th align=left>Quá hạn</th>"
            "<td>{{ overdue_days }} ngày làm việc</td></tr>{% endif %}"
            "</table><p>Đề nghị đôn đốc, báo cáo kết quả.</p>"
            "{% if link is defined %}"
            '<p><a href="{{ link }}">Chi tiết</a></p>{% endif %}',
        ),
        "en": (
            "[IOC] OVERDUE: incident {{ incident_code }} ({{ agency }})",
            "Incident {{ incident_code }} - {{ title }} is overdue.\nAgency: {{ agency }}\n"
            "Deadline: {{ deadline | vn_datetime }}\n"
            "{% if overdue_days is defined %}Overdue by: {{ overdue_days }} working days\n"
            "{% endif %}Please follow up and report.\n"
            "{% if link is defined %}Details: {{ link }}\n{% endif %}",
            "<p><b>Incident {{ incident_code }} - {{ title }}</b> is overdue.</p><table>"
            "<tr><th align=left>Agency</th><td>{{ agency }}</td></tr>"
            "<tr><th align=left>Deadline</th><td>{{ deadline | vn_datetime }}</td></tr>"
            "{% if overdue_days is defined %}<tr><th align=left>Overdue by</th>"
            "<td>{{ overdue_days }} working days</td></tr>{% endif %}"
            "</table><p>Please follow up and report.</p>"
            "{% if link is defined %}"
            '<p><a href="{{ link }}">Details</a></p>{% endif %}',
        ),
    },
    "report_status_changed": {
        "vi": (
            "Phản ánh {{ tracking_code }}: {{ status }}",
            "Phản ánh của bạn (mã tra cứu {{ tracking_code }}) đã được cập nhật.\n"
            "Trạng thái: {{ status }}\nThời điểm: {{ changed_at | vn_datetime }}\n"
            "{% if note is defined %}Ghi chú: {{ note }}\n{% endif %}"
            "{% if link is defined %}Tra cứu: {{ link }}\n{% endif %}"
            "\nCảm ơn bạn đã phản ánh.\n",
            "<p>Phản ánh của bạn (mã tra cứu <b>{{ tracking_code }}</b>) đã được cập nhật.</p>"
            "<p>Trạng thái: <b>{{ status }}</b><br>Thời điểm: {{ changed_at | vn_datetime }}</p>"
            "{% if note is defined %}<p>Ghi chú: {{ note }}</p>{% endif %}"
            "{% if link is defined %}"
            '<p><a href="{{ link }}">Tra cứu</a></p>{% endif %}'
            "<p>Cảm ơn bạn đã phản ánh.</p>",
        ),
        "en": (
            "Report {{ tracking_code }}: {{ status }}",
            "Your report (tracking code {{ tracking_code }}) was updated.\n"
            "Status: {{ status }}\nAt: {{ changed_at | vn_datetime }}\n"
            "{% if note is defined %}Note: {{ note }}\n{% endif %}"
            "{% if link is defined %}Track it: {{ link }}\n{% endif %}"
            "\nThank you for your report.\n",
            "<p>Your report (tracking code <b>{{ tracking_code }}</b>) was updated.</p>"
            "<p>Status: <b>{{ status }}</b><br>At: {{ changed_at | vn_datetime }}</p>"
            "{% if note is defined %}<p>Note: {{ note }}</p>{% endif %}"
            "{% if link is defined %}"
            '<p><a href="{{ link }}">Track it</a></p>{% endif %}'
            "<p>Thank you for your report.</p>",
        ),
    },
}

#: Names accepted by :func:`render`.
TEMPLATE_NAMES = tuple(_SOURCES)


def _environment(autoescape: bool) -> jinja2.Environment:
    sources = {
        f"{name}.{lang}.{part}": text
        for name, langs in _SOURCES.items()
        for lang, parts in langs.items()
        for part, text in zip(("subject", "text", "html"), parts)
    }
    env = jinja2.Environment(
        loader=jinja2.DictLoader(sources),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters.update(vn_datetime=_vn_datetime)
    return env


_TEXT_ENV = _environment(autoescape=False)
_HTML_ENV = _environment(autoescape=True)


def _check_names(template_name: str, lang: str) -> None:
    if template_name not in _SOURCES:
        raise ValueError(
            f"Không có mẫu thông báo {template_name!r} / unknown template "
            f"{template_name!r}; available: {', '.join(TEMPLATE_NAMES)}"
        )
    if lang not in LANGUAGES:
        raise ValueError(
            f"Ngôn ngữ không hỗ trợ {lang!r} / unsupported language {lang!r}; available: {', '.join(LANGUAGES)}"
        )


def template_fields(template_name: str, lang: str = "vi") -> frozenset[str]:
    """Every context field a template uses (required and optional)."""
    _check_names(template_name, lang)
    fields: set[str] = set()
    for source in _SOURCES[template_name][lang]:  # subject, text, html
        fields |= meta.find_undeclared_variables(_TEXT_ENV.parse(source))
    return frozenset(fields)


def render(template_name: str, context: Mapping[str, Any], lang: str = "vi") -> tuple[str, str, str]:
    """Render a notification.

    Parameters
    ----------
    template_name : str
        One of :data:`TEMPLATE_NAMES`.
    context : mapping
        Field values; every value is HTML-escaped in the HTML part.
    lang : str
        ``"vi"`` (default) or ``"en"``.

    Returns
    -------
    (subject, body_text, body_html) : tuple of str

    Raises
    ------
    ValueError
        Unknown template or language, or a required field missing from ``context``.
    """
    _check_names(template_name, lang)
    context = dict(context)
    # Links end up in href attributes: keep only http(s) ones (no "javascript:" links).
    if "link" in context and not _safe_url(context["link"]):
        del context["link"]
    prefix = f"{template_name}.{lang}"
    try:
        subject = _TEXT_ENV.get_template(f"{prefix}.subject").render(context)
        text = _TEXT_ENV.get_template(f"{prefix}.text").render(context)
        html = _HTML_ENV.get_template(f"{prefix}.html").render(context)
    except jinja2.UndefinedError as error:
        raise ValueError(
            f"Mẫu {template_name!r} thiếu dữ liệu: {error} / template "
            f"{template_name!r} is missing a context field: {error}"
        ) from None
    # One line: a header cannot carry a newline, and a long subject is folded by email.
    subject = " ".join(subject.split())
    return subject, text, html
