"""De-duplication and rate limiting of notifications, so a flapping rule floods no one.

Two limits, per recipient:

* **de-duplication**: the same key (e.g. one rule's alert) is sent at most once per
  ``dedupe_window``, measured from the last time it was actually sent;
* **rate cap**: at most ``max_per_window`` messages in any sliding ``window``.

Suppressed messages are counted per recipient so a later digest can say "and 37 more".

The state lives in a plain mutable mapping (a dict by default) holding JSON-compatible
values, one entry per recipient that is always written back whole; a database-backed
mapping can therefore replace the dict without changes here.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from datetime import UTC, datetime, timedelta
from typing import Any

__all__ = ["Throttle"]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Throttle:
    """Decides whether a notification may go out now.

    Parameters
    ----------
    dedupe_window : timedelta
        Same recipient + same key within this time of the last send → suppressed.
    max_per_window : int
        Most messages per recipient within ``window``.
    window : timedelta
        The sliding window of the rate cap.
    clock : callable, optional
        Returns the current time as an aware datetime (tests inject a fake clock).
    state : mutable mapping, optional
        ``{recipient: {"last": {key: epoch_s}, "sent": [epoch_s, ...], "suppressed": n}}``.

    Examples
    --------
    >>> t = Throttle()
    >>> t.allow("ops@example.vn", "rule:aqi-high"), t.allow("ops@example.vn", "rule:aqi-high")
    (True, False)
    """

    def __init__(
        self,
        dedupe_window: timedelta = timedelta(minutes=30),
        max_per_window: int = 10,
        window: timedelta = timedelta(hours=1),
        clock: Callable[[], datetime] | None = None,
        state: MutableMapping[str, Any] | None = None,
    ):
        if dedupe_window < timedelta(0) or window <= timedelta(0):
            raise ValueError("Cửa sổ thời gian phải dương / windows must be positive")
        if max_per_window < 1:
            raise ValueError("max_per_window phải >= 1 / max_per_window must be >= 1")
        self.dedupe_window, self.max_per_window, self.window = dedupe_window, max_per_window, window
        self._clock = clock or _utc_now
        self.state: MutableMapping[str, Any] = {} if state is None else state

    def _now(self) -> float:
        return self._clock().timestamp()

    def _entry(self, recipient: str, now: float) -> dict[str, Any]:
        entry = self.state.get(recipient) or {}
        # Copy and prune: old entries are useless and would grow without bound.
        dedupe_s, window_s = self.dedupe_window.total_seconds(), self.window.total_seconds()
        return {
            "last": {k: t for k, t in entry.get("last", {}).items() if now - t < dedupe_s},
            "sent": [t for t in entry.get("sent", []) if now - t < window_s],
            "suppressed": int(entry.get("suppressed", 0)),
        }

    def allow(self, recipient: str, key: str) -> bool:
        """True if a message with ``key`` may go to ``recipient`` now (and record it).

        A False answer adds one to :meth:`suppressed_count`. If the send then fails, call
        :meth:`release` so the failure does not suppress the retry.
        """
        if not recipient or not key:
            raise ValueError("Cần recipient và key / recipient and key are required")
        now = self._now()
        entry = self._entry(recipient, now)
        if key in entry["last"] or len(entry["sent"]) >= self.max_per_window:
            entry["suppressed"] += 1
            self.state[recipient] = entry
            return False
        entry["last"][key] = now
        entry["sent"].append(now)
        self.state[recipient] = entry
        return True

    def release(self, recipient: str, key: str) -> None:
        """Undo the last :meth:`allow` of ``key`` for ``recipient`` (the send failed)."""
        now = self._now()
        entry = self._entry(recipient, now)
        sent_at = entry["last"].pop(key, None)
        if sent_at is not None and sent_at in entry["sent"]:
            entry["sent"].remove(sent_at)
        self.state[recipient] = entry

    def suppressed_count(self, recipient: str) -> int:
        """Messages suppressed for ``recipient`` since the last :meth:`reset_suppressed`."""
        return int((self.state.get(recipient) or {}).get("suppressed", 0))

    def reset_suppressed(self, recipient: str) -> int:
        """Return the suppressed count and start it again at 0 (after sending a digest)."""
        count = self.suppressed_count(recipient)
        entry = self._entry(recipient, self._now())
        entry["suppressed"] = 0
        self.state[recipient] = entry
        return count
