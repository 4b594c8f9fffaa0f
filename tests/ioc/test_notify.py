"""Tests for ioc.notify against a real SMTP server and a real HTTP server on loopback."""

import email
import email.policy
import json
import socket
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ioc.notify import EmailSender, Notifier, Throttle, WebhookError, WebhookSender, render
from ioc.notify.templates import TEMPLATE_NAMES, template_fields
from ioc.notify.webhook import DELIVERY_HEADER, SIGNATURE_HEADER, verify_signature

aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller")

RAISED_AT = datetime(2025, 5, 1, 3, 0, tzinfo=UTC)  # 10:00 in Vietnam
EVIL = "<script>alert('x')</script>"

CONTEXTS = {
    "alert_raised": {
        "alert_name": f"AQI vượt ngưỡng {EVIL}",
        "domain": "Môi trường",
        "severity": "cao",
        "raised_at": RAISED_AT,
        "location": "Trạm Bà Rịa",
        "message": "VN_AQI = 205 (rất xấu)",
        "link": "https://ioc.example.vn/a/1",
    },
    "citizen_warning": {
        "title": "Triều cường",
        "area": "Phường Vũng Tàu",
        "message": "Nước dâng cao 0,5 m",
        "advice": "Hạn chế đi lại",
        "valid_until": RAISED_AT,
        "issued_at": RAISED_AT,
        "issuer": "Trung tâm IOC",
    },
    "incident_forwarded": {
        "incident_code": "VV-2026-0042",
        "title": "Ngập đường 3/2",
        "agency": "Sở Xây dựng",
        "description": "Ngập 40 cm",
        "deadline": datetime(2026, 2, 27, 9, 30),
    },
    "incident_overdue": {
        "incident_code": "VV-2026-0042",
        "title": "Ngập đường 3/2",
        "agency": "Sở Xây dựng",
        "deadline": datetime(2026, 2, 27, 9, 30),
        "overdue_days": 2,
    },
    "report_status_changed": {
        "tracking_code": "PA-7F3K9",
        "status": "Đang xử lý",
        "changed_at": RAISED_AT,
        "note": "Đã chuyển Sở Xây dựng",
    },
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- templates --------------------------------------------------------------------------


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_template_renders(name, lang):
    subject, text, html = render(name, CONTEXTS[name], lang=lang)
    assert subject and "\n" not in subject
    assert text.strip() and html.strip().startswith("<")
    assert set(CONTEXTS[name]) <= template_fields(name, lang)


def test_html_part_escapes_every_context_value():
    subject, text, html = render("alert_raised", CONTEXTS["alert_raised"])
    assert EVIL not in html and "&lt;script&gt;" in html
    assert EVIL in text and EVIL in subject  # plain text stays as written
    assert "01/05/2025 10:00" in text  # UTC stored, site time shown
    assert subject.startswith("[IOC] Cảnh báo cao: AQI vượt ngưỡng")


def test_unsafe_links_are_dropped():
    context = {**CONTEXTS["alert_raised"], "link": "javascript:alert(1)"}
    _, text, html = render("alert_raised", context)
    assert "javascript" not in html and "javascript" not in text
    _, _, html = render("alert_raised", CONTEXTS["alert_raised"])
    assert 'href="https://ioc.example.vn/a/1"' in html


def test_optional_fields_may_be_left_out():
    context = {k: v for k, v in CONTEXTS["incident_overdue"].items() if k != "overdue_days"}
    _, text, _ = render("incident_overdue", context)
    assert "Quá hạn:" not in text and "27/02/2026 09:30" in text


@pytest.mark.parametrize(
    ("name", "context", "lang", "match"),
    [
        ("incident_forwarded", {"incident_code": "VV-1"}, "vi", "title|agency|deadline"),
        ("no_such_template", {}, "vi", "unknown template"),
        ("alert_raised", CONTEXTS["alert_raised"], "fr", "unsupported language"),
    ],
    ids=["missing-field", "unknown-template", "unknown-language"],
)
def test_render_errors_are_clear(name, context, lang, match):
    with pytest.raises(ValueError, match=match):
        render(name, context, lang=lang)


# -- email against a real SMTP server ---------------------------------------------------


class CollectingHandler:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture(scope="module")
def smtp_server():
    handler = CollectingHandler()
    controller = aiosmtpd_controller.Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


@pytest.fixture
def smtp(smtp_server):
    controller, handler = smtp_server
    handler.messages.clear()
    return controller, handler


def test_email_arrives_with_utf8_subject_and_escaped_html(smtp):
    controller, handler = smtp
    subject, text, html = render("alert_raised", CONTEXTS["alert_raised"])
    sender = EmailSender(controller.hostname, controller.port, "IOC BR-VT <ioc@brvt.gov.vn>")
    message_id = sender.send("truc.ban@brvt.gov.vn", subject, text, html)
    assert len(handler.messages) == 1
    envelope = handler.messages[0]
    assert envelope.rcpt_tos == ["truc.ban@brvt.gov.vn"]
    raw = envelope.original_content
    assert b"=?utf-8?" in raw.lower()  # subject travelled RFC 2047-encoded
    received = email.message_from_bytes(raw, policy=email.policy.default)
    assert received["Subject"] == subject
    assert received["Message-ID"] == message_id
    assert received.get_body("plain").get_content().replace("\r\n", "\n") == text
    received_html = received.get_body("html").get_content()
    assert "&lt;script&gt;" in received_html and "<script>" not in received_html
    assert "Môi trường" in received_html


def test_email_rejects_bad_addresses():
    with pytest.raises(ValueError, match="invalid sender address"):
        EmailSender("127.0.0.1", 25, "not-an-address")
    sender = EmailSender("127.0.0.1", 25, "ioc@brvt.gov.vn")
    with pytest.raises(ValueError, match="invalid recipient"):
        sender.build(["ok@brvt.gov.vn", ""], "s", "t")
    with pytest.raises(ValueError, match="together"):
        EmailSender("127.0.0.1", 25, "ioc@brvt.gov.vn", username="ioc")


# -- webhook against a real HTTP server -------------------------------------------------


@pytest.fixture
def http_server():
    """A loopback server answering with the scripted statuses, recording requests."""
    script, requests = [], []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            requests.append((dict(self.headers), body))
            status = script.pop(0) if script else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):  # keep test output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", script, requests
    finally:
        server.shutdown()
        server.server_close()


def test_webhook_retries_a_500_then_succeeds_with_a_valid_signature(http_server):
    url, script, requests = http_server
    script.extend([500, 200])
    waits = []
    sender = WebhookSender(url, secret="bí-mật", sleep=waits.append)
    payload = {"event": "alert_raised", "station": "Bà Rịa", "aqi": 205}
    result = sender.send(payload)
    assert (result.status_code, result.attempts) == (200, 2)
    assert waits == [0.5]
    assert len(requests) == 2
    (first_headers, first_body), (headers, body) = requests
    assert json.loads(body.decode("utf-8")) == payload
    assert body == first_body
    assert headers[DELIVERY_HEADER] == first_headers[DELIVERY_HEADER] == result.delivery_id
    assert verify_signature("bí-mật", body, headers[SIGNATURE_HEADER])
    assert not verify_signature("wrong", body, headers[SIGNATURE_HEADER])
    assert not verify_signature("bí-mật", body + b" ", headers[SIGNATURE_HEADER])


def test_webhook_without_secret_is_unsigned(http_server):
    url, _, requests = http_server
    WebhookSender(url).send({"a": 1})
    assert SIGNATURE_HEADER not in requests[0][0]


def test_webhook_client_error_is_not_retried(http_server):
    url, script, requests = http_server
    script.append(400)
    with pytest.raises(WebhookError) as caught:
        WebhookSender(url, sleep=lambda s: None).send({"a": 1})
    assert caught.value.status_code == 400 and caught.value.attempts == 1
    assert len(requests) == 1


def test_webhook_gives_up_after_bounded_attempts(http_server):
    url, script, requests = http_server
    script.extend([503, 502, 500, 200])
    waits = []
    with pytest.raises(WebhookError) as caught:
        WebhookSender(url, max_attempts=3, backoff=0.25, sleep=waits.append).send({"a": 1})
    assert caught.value.attempts == 3 and caught.value.status_code == 500
    assert waits == [0.25, 0.5] and len(requests) == 3


def test_webhook_connection_refused_is_retried_then_reported():
    waits = []
    sender = WebhookSender(f"http://127.0.0.1:{free_port()}/", timeout=1, sleep=waits.append)
    with pytest.raises(WebhookError, match="ConnectError") as caught:
        sender.send({"a": 1})
    assert caught.value.status_code is None and waits == [0.5, 1.0]


def test_webhook_rejects_bad_urls():
    with pytest.raises(ValueError, match="must start with http:// or https://"):
        WebhookSender("ftp://example.vn/hook")


# -- throttle ---------------------------------------------------------------------------


class FakeClock:
    def __init__(self):
        self.now = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)


def test_flapping_rule_sends_once_per_key():
    clock = FakeClock()
    throttle = Throttle(clock=clock)
    sent = []
    for i in range(50):  # 50 alerts in 10 minutes from two flapping rules
        key = "rule:aqi-high" if i % 2 else "rule:flood-level"
        if throttle.allow("truc.ban@brvt.gov.vn", key):
            sent.append(key)
        clock.advance(seconds=12)
    assert sorted(sent) == ["rule:aqi-high", "rule:flood-level"]
    assert throttle.suppressed_count("truc.ban@brvt.gov.vn") == 48
    assert throttle.allow("other@brvt.gov.vn", "rule:aqi-high")  # per recipient


def test_same_key_is_sent_again_after_the_dedupe_window():
    clock = FakeClock()
    throttle = Throttle(dedupe_window=timedelta(minutes=30), clock=clock)
    assert throttle.allow("a@x.vn", "k")
    clock.advance(minutes=29)
    assert not throttle.allow("a@x.vn", "k")
    clock.advance(minutes=2)
    assert throttle.allow("a@x.vn", "k")


def test_rate_cap_per_recipient_and_window():
    clock = FakeClock()
    throttle = Throttle(max_per_window=10, window=timedelta(hours=1), clock=clock)
    answers = []
    for i in range(15):  # 15 different alerts in 15 minutes
        answers.append(throttle.allow("a@x.vn", f"rule:{i}"))
        clock.advance(minutes=1)
    assert answers == [True] * 10 + [False] * 5
    assert throttle.suppressed_count("a@x.vn") == 5
    assert throttle.reset_suppressed("a@x.vn") == 5 and throttle.suppressed_count("a@x.vn") == 0
    clock.advance(minutes=46)  # the first ten sends have left the one-hour window
    assert throttle.allow("a@x.vn", "rule:new")


def test_release_undoes_a_failed_send_and_state_is_portable():
    clock = FakeClock()
    state = {}
    throttle = Throttle(clock=clock, state=state)
    assert throttle.allow("a@x.vn", "k")
    throttle.release("a@x.vn", "k")
    assert throttle.allow("a@x.vn", "k")
    # The state is plain JSON: a second throttle reading it continues where it stopped.
    restored = Throttle(clock=clock, state=json.loads(json.dumps(state)))
    assert not restored.allow("a@x.vn", "k")


def test_throttle_rejects_bad_settings():
    with pytest.raises(ValueError, match="max_per_window must be >= 1"):
        Throttle(max_per_window=0)
    with pytest.raises(ValueError, match="windows must be positive"):
        Throttle(window=timedelta(0))


# -- notifier ---------------------------------------------------------------------------


def test_notifier_delivers_throttles_and_survives_a_dead_channel(smtp, http_server):
    controller, handler = smtp
    url, _, requests = http_server
    clock = FakeClock()
    notifier = Notifier(
        email=EmailSender(controller.hostname, controller.port, "ioc@brvt.gov.vn"),
        webhook=WebhookSender(url, secret="s"),
        throttle=Throttle(clock=clock),
    )
    recipients = ["a@brvt.gov.vn", "b@brvt.gov.vn"]
    outcomes = []
    for i in range(50):  # a flapping rule: the value changes, the key does not
        context = {**CONTEXTS["alert_raised"], "message": f"VN_AQI = {200 + i % 3}"}
        outcomes.append(notifier.notify(recipients, "alert_raised", context, key="rule:aqi"))
        clock.advance(seconds=12)
    first, rest = outcomes[0], [r for results in outcomes[1:] for r in results]
    assert [(r.channel, r.status) for r in first] == [("email", "sent"), ("email", "sent"), ("webhook", "sent")]
    assert {r.status for r in rest} == {"suppressed"}
    assert sorted(m.rcpt_tos[0] for m in handler.messages) == recipients
    assert len(requests) == 1
    payload = json.loads(requests[0][1])
    assert payload["event"] == "alert_raised" and payload["key"] == "rule:aqi"


def test_notifier_reports_failures_without_raising(http_server):
    url, _, _requests = http_server
    dead_smtp = EmailSender("127.0.0.1", free_port(), "ioc@brvt.gov.vn", timeout=2)
    throttle = Throttle()
    notifier = Notifier(email=dead_smtp, webhook=WebhookSender(url), throttle=throttle)
    results = notifier.notify(["a@brvt.gov.vn"], "report_status_changed", CONTEXTS["report_status_changed"], key="pa:1")
    assert [(r.channel, r.status) for r in results] == [("email", "failed"), ("webhook", "sent")]
    assert "ConnectionRefusedError" in results[0].error
    # The failed email was released, so a retry is not swallowed as a duplicate.
    assert throttle.allow("a@brvt.gov.vn", "pa:1")
    # A bad context fails every delivery with the reason instead of raising.
    results = Notifier(email=dead_smtp).notify(["a@brvt.gov.vn"], "incident_overdue", {})
    assert results[0].status == "failed" and "incident_code" in results[0].error


def test_notifier_without_email_sender():
    results = Notifier().notify(["a@brvt.gov.vn"], "report_status_changed", CONTEXTS["report_status_changed"])
    assert results[0].status == "failed" and "no email sender" in results[0].error
