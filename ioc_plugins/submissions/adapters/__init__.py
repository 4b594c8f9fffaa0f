"""Source adapters of the submissions domain: a returned template, alone or attached to e-mails.

* ``template_xlsx`` (:func:`.intake.read_values`): one returned workbook.
* ``template_email`` (:mod:`.mail`): ``.eml`` files, an mbox or a Maildir folder; every ``.xlsx``
  attachment is read as a template, the sender's address must be the agency's focal point.

Rows become ``submissions.values``; the plugin's ``derive`` writes a receipt per workbook. A
whole workbook that is refused raises :class:`ioc.plugins.AdapterError` (file adapter) or is
quarantined with its reason (e-mail, so one bad attachment never blocks the others).
"""

from __future__ import annotations

from ioc.plugins import Adapter
from ioc_plugins.submissions.adapters.mail import read_mail
from ioc_plugins.submissions.intake import read_values

VALUES = "submissions.values"

ADAPTERS: tuple[Adapter, ...] = (
    Adapter(
        "template_xlsx",
        VALUES,
        read_values,
        "Biểu mẫu số liệu thứ Hai/thứ Năm đã điền (returned IOC template, .xlsx)",
        ("*bieu_mau*.xlsx", "*template*.xlsx", "ioc-bm-*.xlsx"),
    ),
    Adapter(
        "template_email",
        VALUES,
        read_mail,
        "Thư điện tử đính kèm biểu mẫu: .eml, mbox hoặc Maildir (templates attached to e-mails)",
        ("*bao_cao*.eml", "*bieu_mau*.eml", "*submission*.eml", "*bao_cao*.mbox"),
    ),
)

__all__ = ["ADAPTERS", "read_mail", "read_values"]
