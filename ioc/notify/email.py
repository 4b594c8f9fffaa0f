"""Email delivery over SMTP (standard library ``smtplib`` + ``email.message``).

Messages are built with :class:`email.message.EmailMessage` and the default (SMTPUTF8-
aware) policy, so Vietnamese subjects are encoded as RFC 2047 UTF-8 words and bodies as
UTF-8; an HTML body is sent as a ``multipart/alternative`` next to the plain text.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterable
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

__all__ = ["EmailSender"]


class EmailSender:
    """Sends email through one SMTP server.

    Parameters
    ----------
    host : str
    port : int
    sender : str
        The From address (``"IOC <ioc@example.gov.vn>"`` is fine).
    username, password : str, optional
        SMTP AUTH credentials; secrets come from the environment via the config, never
        from code.
    starttls : bool
        Upgrade the connection with STARTTLS (certificate verified) before logging in.
    timeout : float
        Socket timeout in seconds.
    """

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = False,
        timeout: float = 10,
    ):
        if not host or not isinstance(port, int) or not 0 < port < 65536:
            raise ValueError(f"Máy chủ SMTP không hợp lệ / invalid SMTP server {host!r}:{port!r}")
        if not sender or "@" not in sender:
            raise ValueError(f"Địa chỉ gửi không hợp lệ / invalid sender address {sender!r}")
        if (username is None) != (password is None):
            raise ValueError(
                "Cần cả tên đăng nhập và mật khẩu SMTP / SMTP username and password must be given together"
            )
        self.host, self.port, self.sender = host, port, sender
        self.username, self._password = username, password
        self.starttls, self.timeout = starttls, timeout

    def __repr__(self) -> str:  # never shows the password
        return f"EmailSender({self.host!r}, {self.port}, sender={self.sender!r})"

    def build(
        self,
        to: str | Iterable[str],
        subject: str,
        text: str,
        html: str | None = None,
        attachments: Iterable[tuple[str, bytes, str]] = (),
    ) -> EmailMessage:
        """The message :meth:`send` would send (useful to inspect or archive).

        ``attachments`` are ``(file name, content, MIME type)``, e.g. a report's PDF.
        """
        recipients = [to] if isinstance(to, str) else list(to)
        if not recipients or any(not r or "@" not in r for r in recipients):
            raise ValueError(f"Địa chỉ nhận không hợp lệ / invalid recipient(s) {recipients!r}")
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = ", ".join(recipients)
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = make_msgid(domain=self.sender.rsplit("@", 1)[1].strip("> "))
        message.set_content(text)
        if html is not None:
            message.add_alternative(html, subtype="html")
        for name, content, mime in attachments:
            maintype, _, subtype = mime.partition("/")
            message.add_attachment(content, maintype=maintype, subtype=subtype or "octet-stream", filename=name)
        return message

    def send(
        self,
        to: str | Iterable[str],
        subject: str,
        text: str,
        html: str | None = None,
        attachments: Iterable[tuple[str, bytes, str]] = (),
    ) -> str:
        """Send one message; returns its Message-ID.

        Raises
        ------
        ValueError
            Bad addresses.
        smtplib.SMTPException, OSError
            The server refused the message or could not be reached.
        """
        message = self.build(to, subject, text, html, attachments)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self.username is not None:
                smtp.login(self.username, self._password)
            smtp.send_message(message)
        return message["Message-ID"]
