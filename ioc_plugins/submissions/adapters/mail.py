"""Templates attached to e-mails: ``.eml`` files, an mbox file or a Maildir folder (standard library).

Each ``.xlsx`` attachment is read as a returned template. The sender must be the focal point of
the agency the template is for (``agencies.yaml`` / ``plugins.submissions.emails``); a template
sent from another agency's address is refused as "wrong agency".
"""

from __future__ import annotations

import email
import email.policy
import mailbox
import tempfile
from collections.abc import Iterator
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from typing import Any

import pandas as pd

from ioc.datalayer import DataLayer
from ioc.plugins import AdapterError
from ioc.tables import ERROR_COLUMN
from ioc_plugins.submissions.agencies import agencies
from ioc_plugins.submissions.intake import VALUE_COLUMNS, SubmissionRejected, ingest_submission, read_values

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def messages(path: str | Path) -> Iterator[EmailMessage]:
    """The messages of an ``.eml`` file, an mbox file or a Maildir folder."""
    path = Path(path)
    if path.is_dir():
        box = mailbox.Maildir(path, factory=None, create=False)
        for key in box.iterkeys():
            yield email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
    elif path.suffix.lower() == ".mbox":
        for message in mailbox.mbox(path, create=False):
            yield email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    else:
        yield email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def attachments(message: EmailMessage) -> Iterator[tuple[str, bytes]]:
    """``(file name, content)`` of each ``.xlsx`` attachment."""
    for part in message.iter_attachments():
        name = part.get_filename() or "bieu_mau.xlsx"
        if part.get_content_type() == XLSX or name.lower().endswith(".xlsx"):
            yield name, part.get_content()


def sender_agency(message: EmailMessage, settings: Any = None) -> tuple[str, str | None]:
    """The sender's address and the agency whose focal point it is (``None`` when unknown)."""
    address = parseaddr(str(message.get("From", "")))[1].lower()
    listed = agencies(settings)
    found = listed[listed["email"].str.lower() == address]
    return address, (found["agency"].iloc[0] if len(found) else None)


def read_mail(path: str | Path, *, settings: Any = None, **_: Any) -> pd.DataFrame:
    """The file adapter: every attached template's rows; a refused attachment becomes one quarantined row."""
    frames = []
    with tempfile.TemporaryDirectory(prefix="ioc-mail-") as folder:
        for index, message in enumerate(messages(path)):
            address, agency = sender_agency(message, settings)
            for name, content in attachments(message):
                target = Path(folder) / f"{index}-{Path(name).name}"
                target.write_bytes(content)
                try:
                    rows = read_values(target, settings=settings)
                    if agency is not None and len(rows) and (rows["agency"] != agency).any():
                        raise SubmissionRejected(f"Sai cơ quan: thư từ {address} ({agency}) (wrong agency)")
                    frames.append(rows)
                except AdapterError as exc:
                    frames.append(pd.DataFrame([{ERROR_COLUMN: f"{name} từ {address}: {exc}"}]))
    if not frames:
        raise AdapterError(f"{Path(path).name}: không có thư nào đính kèm biểu mẫu .xlsx")
    return pd.concat(frames, ignore_index=True).reindex(columns=[*VALUE_COLUMNS, ERROR_COLUMN])


def ingest_mail(datalayer: DataLayer, path: str | Path, now: pd.Timestamp | None = None) -> list[Any]:
    """Ingest every attached template with a full receipt each (the sender's agency is expected)."""
    receipts = []
    with tempfile.TemporaryDirectory(prefix="ioc-mail-") as folder:
        for index, message in enumerate(messages(path)):
            address, agency = sender_agency(message, datalayer.settings)
            for name, content in attachments(message):
                target = Path(folder) / f"{index}-{Path(name).name}"
                target.write_bytes(content)
                receipts.append(
                    ingest_submission(
                        datalayer, target, channel="email", sender=address, expected_agency=agency, now=now
                    )
                )
    return receipts
