"""Source adapters of the feedback domain: e-mail and the hotline call log.

* ``email`` (:mod:`.mail`): a Maildir folder, an mbox file or single ``.eml`` files;
  :func:`fetch_imap` pulls unread messages from an IMAP mailbox into a Maildir first.
* ``hotline`` (:mod:`.hotline`): the call-centre log as CSV or Excel.

Rows become ``feedback.submissions``; the plugin's ``derive`` hook opens one citizen
report per new row. A message or call that cannot be read is kept with a reason in
``_error`` (it ends in the quarantine file, never silently dropped).
"""

from __future__ import annotations

from ioc.plugins import Adapter
from ioc_plugins.feedback.adapters.hotline import read_hotline
from ioc_plugins.feedback.adapters.mail import fetch_imap, message_row, read_email
from ioc_plugins.feedback.tables import SUBMISSIONS

__all__ = ["ADAPTERS", "fetch_imap", "message_row", "read_email", "read_hotline"]

ADAPTERS: tuple[Adapter, ...] = (
    Adapter(
        "email",
        SUBMISSIONS.name,
        read_email,
        "Thư điện tử phản ánh: thư mục Maildir, tệp mbox hoặc .eml (citizen e-mail)",
        ("*.mbox", "*.eml", "*maildir*"),
    ),
    Adapter(
        "hotline",
        SUBMISSIONS.name,
        read_hotline,
        "Nhật ký tổng đài: CSV/Excel với mã cuộc gọi, thời gian, nội dung … (hotline call log)",
        ("*hotline*.csv", "*hotline*.xlsx", "*tong_dai*.csv", "*tong_dai*.xlsx"),
    ),
)
