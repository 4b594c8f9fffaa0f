"""E-mail reports: a Maildir folder, an mbox file or single ``.eml`` files.

Standard library :mod:`mailbox` / :mod:`email`; :func:`fetch_imap` pulls unread messages
from an IMAP mailbox into a Maildir first. One row per message, keyed by its Message-ID;
the first image attachment is kept as the report's photo (re-encoded, EXIF dropped).
"""

import contextlib
import email
import email.policy
import hashlib
import html
import mailbox
import re
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import Any

import pandas as pd

from ioc.config import Settings, settings, site_timezone
from ioc.plugins import AdapterError
from ioc_plugins.feedback.adapters.rows import submission_frame
from ioc_plugins.feedback.media import MediaError, save_photo

_PHONE = re.compile(r"(?<!\d)(?:\+84|0)(?:[\s.-]?\d){8,10}(?!\d)")
_NATIONAL_ID = re.compile(r"(?i)(?:cccd|cmnd|căn cước)[^\d]{0,20}(\d{12}|\d{9})(?!\d)")
_ADDRESS = re.compile(r"(?im)^\s*(?:địa chỉ|dia chi|địa điểm|dia diem|vị trí|vi tri)\s*[:\-]\s*(.+)$")
_COORDS = re.compile(
    r"(?:@|q=|(?:tọa độ|toa do|vị trí|vi tri)\s*[:\-]?\s*)(-?\d{1,2}\.\d{3,}),\s*(-?\d{2,3}\.\d{3,})", re.IGNORECASE
)


# --------------------------------------------------------------------------- e-mail
def _body_text(message: EmailMessage) -> tuple[str, int]:
    """The readable text of a message and its number of attachments."""
    attachments = sum(1 for part in message.walk() if part.get_content_disposition() == "attachment")
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return "", attachments
    text = part.get_content()
    if part.get_content_subtype() == "html":
        text = re.sub(r"(?is)<(script|style).*?</\1>", " ", text)
        text = html.unescape(re.sub(r"(?s)<[^>]+>", " ", re.sub(r"(?i)<br\s*/?>|</p>", "\n", text)))
    return re.sub(r"[ \t]+", " ", text).strip(), attachments


def _first_photo(message: EmailMessage, config: Settings) -> str | None:
    """Keep the first image attachment as the report's photo (re-encoded, EXIF dropped);
    an attachment that is not a readable image is counted but not kept."""

    for part in message.walk():
        if part.get_content_disposition() == "attachment" and part.get_content_maintype() == "image":
            try:
                return save_photo(config, part.get_content(), content_named=True)
            except MediaError:
                continue
    return None


def message_row(raw: bytes | EmailMessage, config: Settings | None = None) -> dict[str, Any]:
    """One ``feedback.submissions`` row from an e-mail (``_error`` set when unusable).

    ``config`` is the deployment (where photos are kept, the site time zone of dates
    without one); the configured deployment's by default.
    """
    config = config or settings()
    message = raw if isinstance(raw, EmailMessage) else email.message_from_bytes(raw, policy=email.policy.default)
    row: dict[str, Any] = {"channel": "email", "_error": None}
    try:
        message_id = (message.get("Message-ID") or "").strip()
        body, attachments = _body_text(message)
        row["source_id"] = message_id or "sha256:" + hashlib.sha256(message.as_bytes()).hexdigest()[:32]
        row["title"] = (message.get("Subject") or "").strip() or None
        row["description"] = body or row["title"]
        row["attachments"] = attachments
        row["media_url"] = _first_photo(message, config)
        senders = getaddresses([message.get("From", "")])
        if senders:
            row["reporter_name"] = senders[0][0] or None
            row["reporter_email"] = senders[0][1] or None
        row["received_at"] = _message_time(message, site_timezone(config))
        row.update(_details_in_text(body))
    except Exception as error:  # noqa: BLE001 - one broken message must not stop the mailbox
        row.setdefault("source_id", "sha256:" + hashlib.sha256(bytes(str(raw), "utf-8")).hexdigest()[:32])
        row["_error"] = f"không đọc được thư (unreadable message): {type(error).__name__}: {error}"
    if not row.get("description") and row["_error"] is None:
        row["_error"] = "thư không có nội dung (empty message)"
    return row


def _message_time(message: EmailMessage, timezone: str) -> pd.Timestamp | None:
    for header in ("Date", "Received"):
        value = message.get(header)
        if not value:
            continue
        try:
            stamp = parsedate_to_datetime(value.split(";")[-1].strip())
        except (TypeError, ValueError):
            continue
        return pd.Timestamp(stamp).tz_localize(timezone) if stamp.tzinfo is None else pd.Timestamp(stamp)
    return None


def _details_in_text(text: str) -> dict[str, Any]:
    """Phone, national ID, address and coordinates written in the body of a message."""
    found: dict[str, Any] = {}
    if match := _PHONE.search(text):
        found["reporter_phone"] = re.sub(r"[\s.-]", "", match.group())
    if match := _NATIONAL_ID.search(text):
        found["reporter_national_id"] = match.group(1)
    if match := _ADDRESS.search(text):
        found["address"] = match.group(1).strip()[:300]
    if match := _COORDS.search(text):
        found["lat"], found["lon"] = float(match.group(1)), float(match.group(2))
    return found


def read_email(path: str | Path, *, settings: Settings | None = None, **_options: Any) -> pd.DataFrame:
    """Read a Maildir folder, an mbox file or an ``.eml`` file into submission rows."""
    path = Path(path)
    if not path.exists():
        raise AdapterError(f"không tìm thấy {path} (not found)")
    if path.is_dir():
        if not (path / "cur").is_dir() and not (path / "new").is_dir():
            raise AdapterError(f"{path}: không phải thư mục Maildir (cần cur/ và new/)")
        box: Any = mailbox.Maildir(path, factory=None, create=False)
    elif path.suffix.lower() == ".eml":
        return submission_frame([message_row(path.read_bytes(), settings)])
    else:
        head = path.read_bytes()[:5]
        if head != b"From ":
            raise AdapterError(f"{path}: không phải tệp mbox (an mbox file starts with 'From ')")
        box = mailbox.mbox(path, create=False)
    try:
        rows = [message_row(message.as_bytes(), settings) for message in box]
    finally:
        box.close()
    if not rows:
        raise AdapterError(f"{path}: hộp thư trống (no messages)")
    return submission_frame(rows)


def fetch_imap(
    host: str,
    username: str,
    password: str,
    maildir: str | Path,
    *,
    folder: str = "INBOX",
    port: int = 993,
    use_ssl: bool = True,
    mark_seen: bool = True,
) -> int:
    """Copy unread messages of an IMAP folder into a Maildir (then ``read_email`` it).

    Returns the number of messages copied. Messages are marked as seen only after they
    are safely in the Maildir, so a crash never loses one.
    """
    import imaplib

    try:
        client = imaplib.IMAP4_SSL(host, port) if use_ssl else imaplib.IMAP4(host, port)
    except OSError as error:
        raise AdapterError(f"IMAP: không kết nối được {host}:{port} (cannot connect): {error}") from None
    copied = 0
    try:
        try:
            client.login(username, password)
        except imaplib.IMAP4.error as error:
            reason = error.args[0] if error.args else ""
            reason = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else reason
            raise AdapterError(
                f"IMAP: đăng nhập {username}@{host} thất bại, kiểm tra tên đăng nhập và mật khẩu "
                f"(login failed): {reason}"
            ) from None
        status, _ = client.select(folder)
        if status != "OK":
            raise AdapterError(f"IMAP: không mở được thư mục {folder!r} (cannot select folder)")
        # The Maildir is made only once the server let us in, so a bad login leaves nothing behind.
        box = mailbox.Maildir(maildir, create=True)
        status, data = client.search(None, "UNSEEN")
        if status != "OK":
            raise AdapterError(f"IMAP: không tìm được thư chưa đọc ({status})")
        for number in data[0].split():
            status, parts = client.fetch(number, "(BODY.PEEK[])")
            if status != "OK" or not parts or not isinstance(parts[0], tuple):
                continue
            box.add(parts[0][1])
            copied += 1
            if mark_seen:
                client.store(number, "+FLAGS", "\\Seen")
    finally:
        with contextlib.suppress(Exception):  # the copy has already succeeded or failed
            client.logout()
    return copied
