"""Fan a rendered notification out to email recipients and a webhook.

One failing channel or recipient never stops the others and never raises: every
delivery comes back as a :class:`DeliveryResult` with ``sent``, ``suppressed`` (by the
throttle) or ``failed`` and the error text.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from ioc.notify.email import EmailSender
from ioc.notify.templates import render
from ioc.notify.throttle import Throttle
from ioc.notify.webhook import WebhookSender

__all__ = ["Notifier", "DeliveryResult"]

log = logging.getLogger(__name__)

Status = Literal["sent", "suppressed", "failed"]


@dataclass(frozen=True)
class DeliveryResult:
    """What happened to one delivery.

    Attributes
    ----------
    channel : str
        ``"email"`` or ``"webhook"``.
    recipient : str
        Email address or webhook URL.
    status : str
        ``"sent"``, ``"suppressed"`` or ``"failed"``.
    error : str or None
        Why it failed.
    """

    channel: str
    recipient: str
    status: Status
    error: str | None = None


def _default_key(template: str, context: Mapping[str, Any]) -> str:
    digest = hashlib.sha256(json.dumps(dict(context), sort_keys=True, default=str).encode("utf-8")).hexdigest()[:16]
    return f"{template}:{digest}"


class Notifier:
    """Renders a template and delivers it by email and/or webhook, throttled.

    Parameters
    ----------
    email : EmailSender, optional
    webhook : WebhookSender, optional
        Receives one JSON delivery per :meth:`notify` call.
    throttle : Throttle, optional
        Without one, nothing is suppressed.
    """

    def __init__(
        self, email: EmailSender | None = None, webhook: WebhookSender | None = None, throttle: Throttle | None = None
    ):
        self.email, self.webhook, self.throttle = email, webhook, throttle

    def notify(
        self,
        recipients: Iterable[str],
        template: str,
        context: Mapping[str, Any],
        *,
        lang: str = "vi",
        key: str | None = None,
    ) -> list[DeliveryResult]:
        """Send ``template`` rendered with ``context``.

        Parameters
        ----------
        recipients : iterable of str
            Email addresses (one message each, so no one sees the others).
        template : str
            A name from ``ioc.notify.templates.TEMPLATE_NAMES``.
        context : mapping
        lang : str
        key : str, optional
            De-duplication key, e.g. ``"rule:aqi-high:station-12"``. Pass a stable key:
            the default hashes the whole context, so a flapping value defeats it.

        Returns
        -------
        list of DeliveryResult
            One per email recipient, then one for the webhook if configured.
        """
        recipients = list(recipients)
        targets = [("email", r) for r in recipients]
        if self.webhook is not None:
            targets.append(("webhook", self.webhook.url))
        try:
            subject, text, html = render(template, context, lang)
        except ValueError as error:  # bad template name or context: report, do not raise
            log.warning("notification not rendered: %s", error)
            return [DeliveryResult(c, r, "failed", str(error)) for c, r in targets]
        key = key or _default_key(template, context)
        payload = {
            "event": template,
            "key": key,
            "subject": subject,
            "text": text,
            "recipients": recipients,
            "context": dict(context),
            "sent_at": datetime.now(UTC).isoformat(),
        }
        results = []
        for channel, recipient in targets:
            if self.throttle is not None and not self.throttle.allow(recipient, key):
                results.append(DeliveryResult(channel, recipient, "suppressed"))
                continue
            error = self._deliver(channel, recipient, subject, text, html, payload)
            if error is None:
                results.append(DeliveryResult(channel, recipient, "sent"))
                continue
            log.warning("notification %s to %s via %s failed: %s", key, recipient, channel, error)
            if self.throttle is not None:
                self.throttle.release(recipient, key)
            results.append(DeliveryResult(channel, recipient, "failed", error))
        return results

    def _deliver(
        self, channel: str, recipient: str, subject: str, text: str, html: str, payload: Mapping[str, Any]
    ) -> str | None:
        """Deliver one message; return None on success or the error text."""
        try:
            if channel == "email":
                if self.email is None:
                    return "no email sender configured / chưa cấu hình máy chủ email"
                self.email.send(recipient, subject, text, html)
            else:
                self.webhook.send(payload)
        except Exception as error:  # noqa: BLE001 - any channel failure is reported, not raised
            return f"{type(error).__name__}: {error}"
        return None
