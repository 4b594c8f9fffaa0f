"""A real HTTP deployment for the API tests: uvicorn on loopback, an SMTP server, users.

A pytest plugin module (``pytest_plugins`` in ``tests/conftest.py``), so the core's API
tests (``tests/ioc/api``) and the feedback plugin's (``tests/ioc_plugins/feedback/api``)
share it.

Each test gets the API served by uvicorn on a free 127.0.0.1 port (in a thread), on the
parametrised state store (SQLite and PostgreSQL), with agencies whose e-mail goes to an
aiosmtpd server on loopback; tests talk to it with httpx like any client would.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Inbox:
    """aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        self.messages.append(message_from_bytes(envelope.original_content or envelope.content, policy=policy.default))
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m, (_, rcpts) in zip(self.messages, self.envelopes, strict=True) if address in rcpts]


@pytest.fixture
def smtp_server():
    """An SMTP server on loopback (aiosmtpd); yields (port, inbox)."""
    from aiosmtpd.controller import Controller

    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, inbox
    controller.stop()


@dataclass
class Deployment:
    """What a test needs: the base URL, one token per user, the SMTP inbox, the desk."""

    base_url: str
    tokens: dict[str, str]
    inbox: _Inbox
    desk: Any
    settings: Any
    clients: list[httpx.Client] = field(default_factory=list)

    def client(self, user: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[user]}"} if user else {}
        client = httpx.Client(base_url=self.base_url, headers=headers, timeout=30)
        self.clients.append(client)
        return client


USERS = {
    "lead": dict(roles=["ioc_lead"], email="truongnhom@ioc.example.vn"),
    "staff": dict(roles=["domain_staff"], domains=["feedback"]),
    "env_staff": dict(roles=["domain_staff"], domains=["environment"]),
    "sgtvt": dict(roles=["focal_point"], agency_code="SGTVT"),
    "sxd": dict(roles=["focal_point"], agency_code="SXD"),
    "leader": dict(roles=["leader"]),
    "admin": dict(roles=["sysadmin"]),
    "mobile_app": dict(roles=["intake_client"]),
}


def agency_email(code: str) -> str:
    return f"{code.lower()}@so.example.vn"


@pytest.fixture
def deployment(settings, smtp_server):
    """The API served over real HTTP by uvicorn (see the module docstring)."""
    import uvicorn

    from ioc.api import create_app
    from ioc.auth import create_user, issue_token
    from ioc.notify import EmailSender, Notifier
    from ioc_plugins.feedback.desk import CitizenDesk

    smtp_port, inbox = smtp_server
    for agency in settings.site.agencies:
        agency.email = agency_email(agency.code)
    notifier = Notifier(email=EmailSender("127.0.0.1", smtp_port, "IOC Bà Rịa - Vũng Tàu <ioc@ioc.example.vn>"))
    desk = CitizenDesk.from_settings(settings, notifier=notifier)
    tokens = {}
    for name, spec in USERS.items():
        create_user(desk.store, name, None, **spec)
        tokens[name] = issue_token(desk.store, name)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, store=desk.store, services={"feedback.desk": lambda: desk}),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="off",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    else:
        raise RuntimeError("uvicorn did not start")
    deployment = Deployment(f"http://127.0.0.1:{port}", tokens, inbox, desk, settings)
    yield deployment
    for client in deployment.clients:
        client.close()
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def report_form():
    """A factory of realistic Open311 POST bodies: ``report_form(api_key, **overrides)``."""
    return make_report_form


def make_report_form(api_key: str, **overrides: Any) -> dict[str, str]:
    """A realistic Open311 POST body (form fields)."""
    form = {
        "api_key": api_key,
        "service_code": "road_damage",
        "lat": "10.3460",
        "long": "107.0843",
        "address_string": "12/3 Lê Lợi, Phường Vũng Tàu",
        "description": "Ổ gà rất sâu trước nhà số 12 Lê Lợi, đã có người đi xe máy bị ngã. SĐT 0912345678.",
        "first_name": "An",
        "last_name": "Nguyễn Văn",
        "phone": "0912345678",
        "email": "an.nguyen@example.vn",
        "attribute[hazard]": "yes",
    }
    form.update(overrides)
    return {k: v for k, v in form.items() if v is not None}
