"""Webhook delivery: a JSON POST, signed with HMAC-SHA256, retried with backoff.

The body is the UTF-8 JSON of the payload. With a secret, the request carries
``X-IOC-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`` (the GitHub convention,
so existing receivers can verify it) and every attempt of one delivery carries the same
``X-IOC-Delivery`` id, so a receiver can drop a retry it already processed.

Connection errors, timeouts, 429 and 5xx answers are retried a bounded number of times
with exponential backoff; other 4xx answers are final (retrying cannot fix them).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

__all__ = [
    "WebhookSender",
    "WebhookError",
    "WebhookResult",
    "sign",
    "verify_signature",
    "SIGNATURE_HEADER",
    "DELIVERY_HEADER",
]

SIGNATURE_HEADER = "X-IOC-Signature-256"
DELIVERY_HEADER = "X-IOC-Delivery"
_MAX_BACKOFF_S = 30.0


def sign(secret: str | bytes, body: bytes) -> str:
    """The signature header value for ``body``: ``"sha256=<hex>"``."""
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    return "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()


def verify_signature(secret: str | bytes, body: bytes, header: str | None) -> bool:
    """True when ``header`` is the right signature of ``body`` (constant-time compare)."""
    return header is not None and hmac.compare_digest(sign(secret, body), header)


@dataclass(frozen=True)
class WebhookResult:
    """A delivered webhook: the final HTTP status and how many attempts it took."""

    status_code: int
    attempts: int
    delivery_id: str


class WebhookError(RuntimeError):
    """A webhook that could not be delivered.

    Attributes
    ----------
    attempts : int
    status_code : int or None
        The last HTTP status, None when the last attempt got no answer.
    """

    def __init__(self, message: str, attempts: int, status_code: int | None = None):
        super().__init__(message)
        self.attempts, self.status_code = attempts, status_code


class WebhookSender:
    """Posts JSON payloads to one URL.

    Parameters
    ----------
    url : str
        ``http://`` or ``https://`` endpoint.
    timeout : float
        Seconds per attempt.
    secret : str, optional
        Shared secret for the HMAC-SHA256 signature header.
    max_attempts : int
        Attempts in all (first try included), at least 1.
    backoff : float
        Seconds before the first retry; doubles each retry (capped at 30 s).
    sleep : callable
        Used to wait between attempts (tests pass a recorder instead of ``time.sleep``).
    """

    def __init__(
        self,
        url: str,
        timeout: float = 5,
        secret: str | None = None,
        max_attempts: int = 3,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ):
        if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
            raise ValueError(
                f"URL webhook phải bắt đầu bằng http:// hoặc https:// / "
                f"webhook URL must start with http:// or https://: {url!r}"
            )
        if max_attempts < 1 or backoff < 0:
            raise ValueError("max_attempts >= 1 và backoff >= 0 / max_attempts must be >= 1 and backoff >= 0")
        self.url, self.timeout, self._secret = url, timeout, secret
        self.max_attempts, self.backoff, self._sleep = max_attempts, backoff, sleep

    def __repr__(self) -> str:  # never shows the secret
        return f"WebhookSender({self.url!r}, signed={self._secret is not None})"

    def _encode(self, payload: Mapping[str, Any]) -> bytes:
        if not isinstance(payload, Mapping):
            raise TypeError(f"payload phải là dict / payload must be a mapping, got {type(payload).__name__}")
        # default=str: datetimes and decimals become strings instead of failing the alert.
        return json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")

    def send(self, payload: Mapping[str, Any]) -> WebhookResult:
        """POST ``payload`` as JSON, retrying transient failures.

        Raises
        ------
        WebhookError
            A 4xx answer (other than 429), or every attempt failed.
        """
        body = self._encode(payload)
        delivery_id = uuid.uuid4().hex
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "ioc-workbench",
            DELIVERY_HEADER: delivery_id,
        }
        if self._secret is not None:
            headers[SIGNATURE_HEADER] = sign(self._secret, body)
        problem, status = "", None
        with httpx.Client(timeout=self.timeout) as client:
            for attempt in range(1, self.max_attempts + 1):
                if attempt > 1:
                    self._sleep(min(self.backoff * 2 ** (attempt - 2), _MAX_BACKOFF_S))
                try:
                    response = client.post(self.url, content=body, headers=headers)
                except httpx.TransportError as error:  # connection refused, timeout, …
                    problem, status = f"{type(error).__name__}: {error}", None
                    continue
                status = response.status_code
                if status < 400:
                    return WebhookResult(status, attempt, delivery_id)
                problem = f"HTTP {status}"
                if status != 429 and status < 500:
                    raise WebhookError(f"Webhook bị từ chối / webhook rejected: {problem}", attempt, status)
        raise WebhookError(
            f"Webhook thất bại sau {self.max_attempts} lần / webhook failed "
            f"after {self.max_attempts} attempts: {problem}",
            self.max_attempts,
            status,
        )
