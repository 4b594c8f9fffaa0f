"""Notifications: Vietnamese templates, email (SMTP), webhooks, throttling.

* :mod:`ioc.notify.templates` - ``render(name, context, lang)`` → subject, text, HTML.
* :mod:`ioc.notify.email` - :class:`EmailSender` (smtplib).
* :mod:`ioc.notify.webhook` - :class:`WebhookSender` (httpx, HMAC-signed, retried).
* :mod:`ioc.notify.throttle` - :class:`Throttle` (de-duplication and rate cap).
* :mod:`ioc.notify.notifier` - :class:`Notifier`, which ties them together.

Settings (SMTP host, webhook URL, secrets) are passed in as arguments; nothing here
reads the configuration.
"""

from ioc.notify.email import EmailSender
from ioc.notify.notifier import DeliveryResult, Notifier
from ioc.notify.templates import TEMPLATE_NAMES, render
from ioc.notify.throttle import Throttle
from ioc.notify.webhook import WebhookError, WebhookResult, WebhookSender

__all__ = [
    "DeliveryResult",
    "EmailSender",
    "Notifier",
    "TEMPLATE_NAMES",
    "Throttle",
    "WebhookError",
    "WebhookResult",
    "WebhookSender",
    "render",
]
