"""IMAP intake (``fetch_imap``) against a real Dovecot server on loopback, then ingest.

The mailbox is filled by IMAP APPEND (nothing is written to the server's disk by hand);
the Maildir that ``fetch_imap`` fills is ingested through the data layer like
``ioc ingest email <maildir>``.
"""

from __future__ import annotations

import imaplib
import io
import mailbox
import re
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime

import pytest
from imap_server import dovecot_server, free_port
from PIL import Image, ImageDraw
from sqlalchemy import select

from ioc.datalayer import DataLayer
from ioc.incidents.models import Incident
from ioc.ingest import ingest_files
from ioc.plugins import AdapterError
from ioc_plugins.feedback.adapters import fetch_imap


@pytest.fixture
def imap():
    """A throwaway Dovecot on 127.0.0.1 (skipped when dovecot is not installed)."""
    with dovecot_server() as server:
        yield server


def _photo_jpeg() -> bytes:
    """A small photo of a pothole, drawn with Pillow."""
    image = Image.new("RGB", (160, 120), (120, 120, 120))
    ImageDraw.Draw(image).ellipse((40, 40, 120, 90), fill=(40, 30, 25))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def _message(number: int, subject: str, body: str, photo: bytes | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = f"Nguyễn Thị Lan {number} <lan{number}@example.vn>"
    message["To"] = "phananh@ioc.baria-vungtau.gov.vn"
    message["Subject"] = subject
    message["Message-ID"] = f"<imap-{number}@example.vn>"
    message["Date"] = format_datetime(datetime.now(UTC) - timedelta(hours=3 - number))
    message.set_content(body)
    if photo is not None:
        message.add_attachment(photo, maintype="image", subtype="jpeg", filename="o-ga-le-loi.jpg")
    return message.as_bytes(policy=policy.SMTP)


def _append(server, raw: bytes, flags: str | None = None) -> None:
    client = imaplib.IMAP4(server.host, server.port)
    try:
        client.login(server.username, server.password)
        status, detail = client.append("INBOX", flags, None, raw)
        assert status == "OK", detail
    finally:
        client.logout()


def _server_flags(server) -> list[str]:
    """The flags the server holds for each message of INBOX, in order."""
    client = imaplib.IMAP4(server.host, server.port)
    try:
        client.login(server.username, server.password)
        client.select("INBOX", readonly=True)
        _, data = client.fetch("1:*", "(FLAGS)")
    finally:
        client.logout()
    return [re.search(rb"FLAGS \(([^)]*)\)", line).group(1).decode() for line in data]


def _attachment(raw: bytes) -> bytes | None:
    message = message_from_bytes(raw, policy=policy.default)
    for part in message.iter_attachments():
        return part.get_content()
    return None


def test_fetch_imap_copies_unseen_once_and_ingests(imap, tmp_path, sqlite_settings, feedback_registry):
    photo = _photo_jpeg()
    _append(
        imap,
        _message(
            1,
            "Ổ gà lớn trên đường Lê Lợi",
            "Ổ gà sâu giữa đường, xe máy dễ ngã.\nVị trí: 10.3440, 107.0850\nSố điện thoại: 0912 345 678",
            photo=photo,
        ),
    )
    _append(imap, _message(2, "Rác thải tồn đọng ở chợ", "Rác thải bốc mùi ở chợ, không có xe thu gom."))
    # Already read in the mail client: the intake must leave it alone.
    _append(imap, _message(3, "Thư đã đọc", "Thư này đã được cán bộ đọc và xử lý."), flags=r"(\Seen)")
    assert ["\\Seen" in flags for flags in _server_flags(imap)] == [False, False, True]

    maildir = tmp_path / "hop-thu"
    copied = fetch_imap(imap.host, imap.username, imap.password, maildir, port=imap.port, use_ssl=False)

    assert copied == 2
    assert all("\\Seen" in flags for flags in _server_flags(imap)), imap.log_tail()
    box = mailbox.Maildir(maildir, factory=None, create=False)
    copies = {message_from_bytes(m.as_bytes(), policy=policy.default)["Subject"]: m.as_bytes() for m in box}
    box.close()
    assert set(copies) == {"Ổ gà lớn trên đường Lê Lợi", "Rác thải tồn đọng ở chợ"}
    assert _attachment(copies["Ổ gà lớn trên đường Lê Lợi"]) == photo  # byte for byte
    assert Image.open(io.BytesIO(photo)).size == (160, 120)
    assert _attachment(copies["Rác thải tồn đọng ở chợ"]) is None

    assert fetch_imap(imap.host, imap.username, imap.password, maildir, port=imap.port, use_ssl=False) == 0
    assert len(mailbox.Maildir(maildir, create=False)) == 2

    layer = DataLayer(sqlite_settings, tables=feedback_registry.tables())
    try:
        [result] = ingest_files(layer, "email", [maildir], plugins=feedback_registry, progress=False)
        assert (result.accepted, result.rejected) == (2, 0)
        submissions = layer.read("feedback.submissions").set_index("title")
        with layer.store.session() as session:
            reports = {i.title: i for i in session.scalars(select(Incident))}
    finally:
        layer.close()
    assert submissions.loc["Ổ gà lớn trên đường Lê Lợi", "attachments"] == 1
    assert submissions.loc["Rác thải tồn đọng ở chợ", "attachments"] == 0
    assert set(submissions["channel"]) == {"email"}
    pothole, waste = reports["Ổ gà lớn trên đường Lê Lợi"], reports["Rác thải tồn đọng ở chợ"]
    assert pothole.channel == waste.channel == "email"
    assert pothole.reporter_email == "lan1@example.vn" and pothole.unit_code == "26506"
    assert pothole.category == "road_damage" and waste.category == "waste"
    assert pothole.tracking_code.startswith("PA") and len(reports) == 2
    # the JPEG attachment is kept as the report's photo (re-encoded, under the data dir)
    assert pothole.media_url and pothole.media_url.startswith("/media/feedback/") and waste.media_url is None
    photo = sqlite_settings.data_dir / "media" / "feedback" / pothole.media_url.rsplit("/", 1)[-1]
    with Image.open(photo) as image:
        assert image.format == "JPEG" and image.size[0] > 0


def test_wrong_password_is_a_clear_error_and_copies_nothing(imap, tmp_path):
    _append(imap, _message(1, "Đèn đường không sáng", "Đèn đường trước số 10 Hoàng Hoa Thám không sáng."))
    maildir = tmp_path / "hop-thu"

    with pytest.raises(AdapterError, match=r"đăng nhập .* thất bại.*\(login failed\)"):
        fetch_imap(imap.host, imap.username, "sai-mat-khau", maildir, port=imap.port, use_ssl=False)

    assert not maildir.exists() or len(mailbox.Maildir(maildir, create=False)) == 0
    assert ["\\Seen" in flags for flags in _server_flags(imap)] == [False]  # still unread on the server


def test_missing_folder_is_a_clear_error(imap, tmp_path):
    with pytest.raises(AdapterError, match=r"không mở được thư mục 'Phan-anh-cu'"):
        fetch_imap(
            imap.host,
            imap.username,
            imap.password,
            tmp_path / "hop-thu",
            folder="Phan-anh-cu",
            port=imap.port,
            use_ssl=False,
        )


def test_unreachable_server_is_a_clear_error(tmp_path):
    with pytest.raises(AdapterError, match=r"không kết nối được .*\(cannot connect\)"):
        fetch_imap("127.0.0.1", "phananh", "x", tmp_path / "hop-thu", port=free_port(), use_ssl=False)
