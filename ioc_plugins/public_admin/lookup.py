"""The citizen's dossier look-up: by dossier code and the last 4 digits of the phone number.

What comes back is public: the procedure, the status in Vietnamese, the received and due
dates and the history of the *public* steps (no officer, no applicant data). A wrong code
and a wrong phone get the same answer, and the same work is done for both as for a right
pair (the same two queries, a digest comparison in constant time, the same formatting on
a decoy record), so the answer time does not tell whether a code exists;
:func:`answer_no_faster_than` pads every answer to a minimum duration on top. Clients are
limited to a number of look-ups per minute (:class:`RateLimiter`).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd

from ioc_plugins.public_admin.codes import ACTIONS, CHANNEL_LABELS, status_label

if TYPE_CHECKING:
    from ioc.datalayer import DataLayer

T = TypeVar("T")
NOT_FOUND = "Không tìm thấy hồ sơ với mã và số điện thoại đã nhập. Vui lòng kiểm tra lại."
RATE_LIMITED = "Bạn tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút."
_CODE = re.compile(r"^[A-Za-z0-9._/-]{1,60}$")
_DECOY = {
    "code": "000000000000",
    "procedure_code": "0",
    "procedure_name": "—",
    "status": 4,
    "channel": 1,
    "received_at": pd.Timestamp("2000-01-03 01:00", tz="UTC"),
    "due_at": pd.Timestamp("2000-01-10 01:00", tz="UTC"),
    "applicant_phone": "0000000000",
}

_DOSSIER_SQL = """
SELECT d.code, d.procedure_code, p.name AS procedure_name, d.status, d.channel, d.received_at, d.due_at,
       d.finished_at, d.applicant_phone
FROM public_admin.dossiers d LEFT JOIN public_admin.procedures p ON p.code = d.procedure_code
WHERE d.code = ?
"""
_EVENTS_SQL = 'SELECT action, "at" FROM public_admin.dossier_events WHERE dossier_code = ? ORDER BY "at"'


def _digest(digits: str) -> bytes:
    return hashlib.sha256(digits.encode()).digest()


def last_digits(phone: Any, n: int = 4) -> str:
    """The last ``n`` digits of a phone number (``""`` when it has fewer)."""
    digits = re.sub(r"\D", "", str(phone or ""))
    return digits[-n:] if len(digits) >= n else ""


def public_view(dossier: dict[str, Any], events: pd.DataFrame) -> dict[str, Any]:
    """The public part of a dossier: no applicant data, no officer, public steps only."""
    steps = [
        {"at": pd.Timestamp(row["at"]).isoformat(), "label": ACTIONS[row["action"]][0]}
        for _, row in events.iterrows()
        if row["action"] in ACTIONS and ACTIONS[row["action"]][2]
    ]

    def iso(value: Any) -> str | None:
        return None if value is None or pd.isna(value) else pd.Timestamp(value).isoformat()

    channel = dossier.get("channel")
    return {
        "code": str(dossier["code"]),
        "procedure": dossier.get("procedure_name") or dossier.get("procedure_code"),
        "status": status_label(dossier.get("status")),
        "channel": CHANNEL_LABELS.get(int(channel), "") if channel is not None and not pd.isna(channel) else "",
        "received_at": iso(dossier.get("received_at")),
        "due_at": iso(dossier.get("due_at")),
        "finished_at": iso(dossier.get("finished_at")),
        "steps": steps,
    }


def lookup(datalayer: DataLayer, code: str, phone_last4: str) -> dict[str, Any] | None:
    """A dossier's public view when ``code`` and the phone's last 4 digits match, else ``None``.

    The same queries and the same formatting run whether the code exists or not.
    """
    code = (code or "").strip()
    wanted = re.sub(r"\D", "", phone_last4 or "")[-4:]
    query_code = code if _CODE.match(code) else _DECOY["code"]
    ready = datalayer.version("public_admin.dossiers") is not None
    found = datalayer.sql(_DOSSIER_SQL, [query_code]) if ready else pd.DataFrame()
    events_ready = datalayer.version("public_admin.dossier_events") is not None
    events = datalayer.sql(_EVENTS_SQL, [query_code]) if events_ready else pd.DataFrame(columns=["action", "at"])
    exists = len(found) == 1
    dossier = found.iloc[0].to_dict() if exists else dict(_DECOY)
    stored = last_digits(dossier.get("applicant_phone"))
    # compare digests of equal length whatever the input, in constant time
    matches = hmac.compare_digest(_digest(stored or "\x00"), _digest(wanted if len(wanted) == 4 else "\x01"))
    view = public_view(dossier, events)
    return view if exists and matches and stored else None


def answer_no_faster_than(seconds: float, work: Callable[[], T]) -> T:
    """Run ``work`` and return its result no sooner than ``seconds`` after starting."""
    started = time.perf_counter()
    try:
        return work()
    finally:
        left = seconds - (time.perf_counter() - started)
        if left > 0:
            time.sleep(left)


class RateLimiter:
    """At most ``per_minute`` calls per client key in any sliding minute (thread-safe)."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._calls: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Record one call of ``key``; ``False`` when it is over the limit."""
        now = self.clock()
        with self._lock:
            calls = self._calls.setdefault(key, deque())
            while calls and now - calls[0] >= 60:
                calls.popleft()
            if len(calls) >= self.per_minute:
                return False
            calls.append(now)
            if len(self._calls) > 10_000:  # forget idle clients so memory stays bounded
                for other in [k for k, v in self._calls.items() if not v or now - v[-1] >= 60]:
                    del self._calls[other]
            return True
