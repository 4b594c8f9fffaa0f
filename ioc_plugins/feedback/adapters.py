"""Source adapters of the feedback domain: e-mail and the hotline call log.

* ``email``: a Maildir folder, an mbox file or single ``.eml`` files (standard library
  :mod:`mailbox` / :mod:`email`); :func:`fetch_imap` pulls unread messages from an IMAP
  mailbox into a Maildir first. One row per message, keyed by its Message-ID.
* ``hotline``: the call-centre log as CSV or Excel, with Vietnamese or English headers.

Rows become ``feedback.submissions``; the plugin's ``derive`` hook opens one citizen
report per new row. A message or call that cannot be read is kept with a reason in
``_error`` (it ends in the quarantine file, never silently dropped).
"""

from __future__ import annotations

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

from ioc.plugins import Adapter, AdapterError
from ioc_plugins.feedback.tables import SUBMISSIONS

SITE_ZONE = "Asia/Ho_Chi_Minh"
_PHONE = re.compile(r"(?<!\d)(?:\+84|0)(?:[\s.-]?\d){8,10}(?!\d)")
_NATIONAL_ID = re.compile(r"(?i)(?:cccd|cmnd|căn cước)[^\d]{0,20}(\d{12}|\d{9})(?!\d)")
_ADDRESS = re.compile(r"(?im)^\s*(?:địa chỉ|dia chi|địa điểm|dia diem|vị trí|vi tri)\s*[:\-]\s*(.+)$")
_COORDS = re.compile(r"(?:@|q=|(?:tọa độ|toa do|vị trí|vi tri)\s*[:\-]?\s*)(-?\d{1,2}\.\d{3,}),\s*(-?\d{2,3}\.\d{3,})",
                     re.IGNORECASE)


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


def _first_photo(message: EmailMessage) -> str | None:
    """Keep the first image attachment as the report's photo (re-encoded, EXIF dropped);
    an attachment that is not a readable image is counted but not kept."""
    from ioc.config import settings
    from ioc_plugins.feedback.media import MediaError, save_photo

    for part in message.walk():
        if part.get_content_disposition() == "attachment" and part.get_content_maintype() == "image":
            try:
                return save_photo(settings(), part.get_content(), content_named=True)
            except MediaError:
                continue
    return None


def message_row(raw: bytes | EmailMessage) -> dict[str, Any]:
    """One ``feedback.submissions`` row from an e-mail (``_error`` set when unusable)."""
    message = raw if isinstance(raw, EmailMessage) else email.message_from_bytes(raw, policy=email.policy.default)
    row: dict[str, Any] = {"channel": "email", "_error": None}
    try:
        message_id = (message.get("Message-ID") or "").strip()
        body, attachments = _body_text(message)
        row["source_id"] = message_id or "sha256:" + hashlib.sha256(message.as_bytes()).hexdigest()[:32]
        row["title"] = (message.get("Subject") or "").strip() or None
        row["description"] = body or row["title"]
        row["attachments"] = attachments
        row["media_url"] = _first_photo(message)
        senders = getaddresses([message.get("From", "")])
        if senders:
            row["reporter_name"] = senders[0][0] or None
            row["reporter_email"] = senders[0][1] or None
        row["received_at"] = _message_time(message)
        row.update(_details_in_text(body))
    except Exception as error:  # noqa: BLE001 - one broken message must not stop the mailbox
        row.setdefault("source_id", "sha256:" + hashlib.sha256(bytes(str(raw), "utf-8")).hexdigest()[:32])
        row["_error"] = f"không đọc được thư (unreadable message): {type(error).__name__}: {error}"
    if not row.get("description") and row["_error"] is None:
        row["_error"] = "thư không có nội dung (empty message)"
    return row


def _message_time(message: EmailMessage) -> pd.Timestamp | None:
    for header in ("Date", "Received"):
        value = message.get(header)
        if not value:
            continue
        try:
            stamp = parsedate_to_datetime(value.split(";")[-1].strip())
        except (TypeError, ValueError):
            continue
        return pd.Timestamp(stamp).tz_localize(SITE_ZONE) if stamp.tzinfo is None else pd.Timestamp(stamp)
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


def read_email(path: str | Path, **_options: Any) -> pd.DataFrame:
    """Read a Maildir folder, an mbox file or an ``.eml`` file into submission rows."""
    path = Path(path)
    if not path.exists():
        raise AdapterError(f"không tìm thấy {path} (not found)")
    if path.is_dir():
        if not (path / "cur").is_dir() and not (path / "new").is_dir():
            raise AdapterError(f"{path}: không phải thư mục Maildir (cần cur/ và new/)")
        box: Any = mailbox.Maildir(path, factory=None, create=False)
    elif path.suffix.lower() == ".eml":
        return _frame([message_row(path.read_bytes())])
    else:
        head = path.read_bytes()[:5]
        if head != b"From ":
            raise AdapterError(f"{path}: không phải tệp mbox (an mbox file starts with 'From ')")
        box = mailbox.mbox(path, create=False)
    try:
        rows = [message_row(message.as_bytes()) for message in box]
    finally:
        box.close()
    if not rows:
        raise AdapterError(f"{path}: hộp thư trống (no messages)")
    return _frame(rows)


def fetch_imap(host: str, username: str, password: str, maildir: str | Path, *, folder: str = "INBOX",
               port: int = 993, use_ssl: bool = True, mark_seen: bool = True) -> int:
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
            raise AdapterError(f"IMAP: đăng nhập {username}@{host} thất bại, kiểm tra tên đăng nhập và mật khẩu "
                               f"(login failed): {reason}") from None
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


# --------------------------------------------------------------------------- hotline
#: Header aliases (folded to lowercase ASCII) → submission columns.
HOTLINE_COLUMNS = {
    "source_id": ("call_id", "ma cuoc goi", "id"),
    "received_at": ("time", "thoi gian", "thoi diem", "ngay gio", "received_at"),
    "reporter_phone": ("caller_number", "so goi den", "so dien thoai", "phone"),
    "reporter_name": ("caller_name", "ho ten", "ho va ten", "name"),
    "description": ("content", "noi dung", "description"),
    "address": ("address", "dia chi", "dia diem"),
    "category": ("category", "loai", "loai phan anh", "linh vuc"),
    "lat": ("lat", "vi do"),
    "lon": ("lon", "long", "kinh do"),
    "unit_code": ("unit_code", "ma don vi", "ma xa"),
}


def _fold_header(name: str) -> str:
    from ioc_plugins.feedback.duplicates import plain_words

    return " ".join(plain_words(str(name))) or str(name).strip().lower()


def read_hotline(path: str | Path, **_options: Any) -> pd.DataFrame:
    """Read the hotline call log (CSV or Excel; times as dd/mm/yyyy HH:MM site time)."""
    path = Path(path)
    if not path.exists():
        raise AdapterError(f"không tìm thấy {path} (not found)")
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
            raw = pd.read_excel(path, dtype=str)
        else:
            raw = pd.read_csv(path, dtype=str, encoding="utf-8-sig", sep=None, engine="python")
    except (UnicodeDecodeError, ValueError, pd.errors.ParserError) as error:
        raise AdapterError(f"{path}: không đọc được nhật ký tổng đài (unreadable call log): {error}") from None
    folded = {_fold_header(c): c for c in raw.columns}
    mapping = {}
    for target, aliases in HOTLINE_COLUMNS.items():
        for alias in aliases:
            if _fold_header(alias) in folded:
                mapping[folded[_fold_header(alias)]] = target
                break
    missing = {"source_id", "received_at", "description"} - set(mapping.values())
    if missing:
        raise AdapterError(f"{path}: thiếu cột {sorted(missing)} (cần: mã cuộc gọi, thời gian, nội dung)")
    frame = raw.rename(columns=mapping)[list(mapping.values())].copy()
    frame["channel"] = "hotline"
    times = pd.to_datetime(frame["received_at"], dayfirst=True, errors="coerce", format="mixed")
    frame["_error"] = None
    frame.loc[times.isna(), "_error"] = "received_at: không đọc được thời gian (cannot parse; dd/mm/yyyy HH:MM)"
    frame["received_at"] = times.dt.tz_localize(SITE_ZONE, ambiguous="NaT", nonexistent="NaT") \
        if times.dt.tz is None else times
    if "category" in frame:
        frame["category"] = frame["category"].map(_category_code)
    return _frame(frame.to_dict(orient="records"))


def _category_code(value: Any) -> Any:
    """Accept a category code or its Vietnamese name (with or without diacritics)."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or not str(value).strip():
        return None
    from ioc_plugins.feedback.catalogue import default_categories
    from ioc_plugins.feedback.duplicates import plain_words

    text = str(value).strip()
    categories = default_categories()
    if text in categories:
        return text
    by_name = {" ".join(plain_words(c.name)): code for code, c in categories.items()}
    return by_name.get(" ".join(plain_words(text)), text)  # an unknown value stays, and validation names it


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for column in [*SUBMISSIONS.column_names, "_error"]:
        if column not in frame:
            frame[column] = None
    return frame[[*SUBMISSIONS.column_names, "_error"]]


ADAPTERS: tuple[Adapter, ...] = (
    Adapter("email", SUBMISSIONS.name, read_email,
            "Thư điện tử phản ánh: thư mục Maildir, tệp mbox hoặc .eml (citizen e-mail)",
            ("*.mbox", "*.eml", "*maildir*")),
    Adapter("hotline", SUBMISSIONS.name, read_hotline,
            "Nhật ký tổng đài: CSV/Excel với mã cuộc gọi, thời gian, nội dung … (hotline call log)",
            ("*hotline*.csv", "*hotline*.xlsx", "*tong_dai*.csv", "*tong_dai*.xlsx")),
)
