"""Public feeds pulled over HTTP: a polite JSON/text client and each feed's state.

Collectors (``ioc collect <x>``, contributed by plugins) fetch from public APIs. They share:

- :class:`HttpClient`: GET with a polite rate (at least ``min_interval`` seconds between
  requests), retries with exponential back-off on network errors, 5xx answers and truncated
  bodies, and on ``429 Too Many Requests`` a wait of the server's ``Retry-After`` (seconds or
  an HTTP date, capped at ``max_wait``). Other 4xx answers fail at once with the server's
  reason (JSON ``reason``/``message``/``detail`` or the text of an HTML error page).
- :class:`FeedState` in the state store: per feed a ``cursor`` (JSON, e.g. the last hour
  fetched per point), the time of the newest data, the last run and its outcome. A collector
  saves the cursor after each piece it has written, so a collector killed mid-run resumes
  where it stopped; ``ioc doctor`` shows every feed's freshness from here.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import pandas as pd
from sqlalchemy import JSON, DateTime, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from ioc import __version__
from ioc.store import Base, Store, utcnow
from ioc.timestamps import as_utc

USER_AGENT = f"ioc-workbench/{__version__} (smart-city IOC; polite collector)"
#: A feed whose newest data is older than this is reported stale by ``ioc doctor`` (project choice:
#: hourly feeds normally lag 1–3 hours).
STALE_AFTER = pd.Timedelta(hours=6)


class FeedError(RuntimeError):
    """A feed could not be fetched (after the retries), or answered something unusable."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class FeedState(Base):
    """Where one feed stands: its cursor and its last run."""

    __tablename__ = "feed_state"
    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    cursor: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    last_data_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_run_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20), default="never")
    message: Mapped[str | None] = mapped_column(Text)
    rows: Mapped[int] = mapped_column(Integer, default=0)


def load_cursor(store: Store, name: str) -> dict[str, Any]:
    """The saved cursor of a feed (empty before its first run)."""
    with store.session() as session:
        state = session.get(FeedState, name)
        return dict(state.cursor or {}) if state is not None else {}


def save_state(
    store: Store,
    name: str,
    *,
    cursor: Mapping[str, Any] | None = None,
    last_data_at: datetime | pd.Timestamp | None = None,
    status: str | None = None,
    message: str | None = None,
    rows: int | None = None,
) -> None:
    """Update a feed's state; ``cursor`` entries are merged into the saved ones."""
    now = utcnow()
    with store.session() as session:
        state = session.get(FeedState, name)
        if state is None:
            state = FeedState(name=name, cursor={}, status="never", rows=0)
            session.add(state)
        if cursor:
            state.cursor = {**(state.cursor or {}), **cursor}
        if last_data_at is not None:
            stamp = as_utc(last_data_at)
            previous = _aware(state.last_data_at)
            if previous is None or stamp.to_pydatetime() > previous:
                state.last_data_at = stamp.to_pydatetime()
        if status is not None:
            state.status = status
            state.last_run_at = now
            if status == "ok":
                state.last_success_at = now
        if message is not None or status == "ok":
            state.message = message
        if rows is not None:
            state.rows = rows
        session.commit()


def _aware(value: datetime | None) -> datetime | None:
    """SQLite gives naive UTC datetimes back."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def feed_states(store: Store) -> pd.DataFrame:
    """Every feed's state, one row each, by name."""
    with store.session() as session:
        states = session.scalars(select(FeedState).order_by(FeedState.name)).all()
        rows = [
            {
                "name": s.name,
                "status": s.status,
                "last_data_at": _aware(s.last_data_at),
                "last_run_at": _aware(s.last_run_at),
                "last_success_at": _aware(s.last_success_at),
                "rows": s.rows,
                "message": s.message,
            }
            for s in states
        ]
    return pd.DataFrame(
        rows, columns=["name", "status", "last_data_at", "last_run_at", "last_success_at", "rows", "message"]
    )


def freshness(state: Mapping[str, Any], now: pd.Timestamp | None = None) -> tuple[str, str]:
    """``(status, detail)`` of one feed for ``ioc doctor``: ok, or warn when stale or failing."""
    now = now or pd.Timestamp.now(tz="UTC")
    last = state.get("last_data_at")
    age = now - pd.Timestamp(last) if last is not None and not pd.isna(last) else None
    detail = f"dữ liệu đến {pd.Timestamp(last):%Y-%m-%d %H:%M} UTC" if age is not None else "chưa có dữ liệu"
    run = state.get("last_run_at")
    if run is not None and not pd.isna(run):
        detail += f"; lần chạy cuối {pd.Timestamp(run):%Y-%m-%d %H:%M} UTC ({state.get('status')})"
    if state.get("status") == "failed" and state.get("message"):
        detail += f": {state['message']}"
    fresh = age is not None and age < STALE_AFTER and state.get("status") != "failed"
    if age is not None and age >= STALE_AFTER:
        detail += f" — cũ hơn {int(STALE_AFTER.total_seconds() // 3600)} giờ (stale)"
    return ("ok" if fresh else "warn"), detail


# --------------------------------------------------------------------------- HTTP


class _Text(HTMLParser):
    """The visible text of an HTML error page (for the message)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = False

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self._skip = tag in {"script", "style"}

    def handle_endtag(self, tag: str) -> None:
        self._skip = False

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def reason_of(body: bytes, limit: int = 300) -> str:
    """A short reason from an error body: a JSON ``reason``/``message``/``detail``, else the page's text."""
    text = body.decode("utf-8", errors="replace")
    try:
        document = json.loads(text)
    except ValueError:
        document = None
    if isinstance(document, dict):
        for key in ("reason", "message", "detail", "error"):
            if isinstance(document.get(key), str | list) and document.get(key):
                return str(document[key])[:limit]
    parser = _Text()
    parser.feed(text)
    return (" ".join(parser.parts) or text.strip())[:limit]


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


class HttpClient:
    """A polite GET client with retries (see the module docstring).

    Parameters
    ----------
    min_interval
        Seconds between the starts of two requests (polite rate).
    retries
        Further attempts after the first on a retryable failure.
    backoff
        First back-off in seconds; doubled at each retry.
    max_wait
        Longest wait honoured from ``Retry-After``; a longer one fails the request.
    sleep, clock
        Injected by tests.
    """

    def __init__(
        self,
        *,
        min_interval: float = 1.0,
        retries: int = 4,
        backoff: float = 2.0,
        timeout: float = 30.0,
        max_wait: float = 300.0,
        headers: Mapping[str, str] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.min_interval = min_interval
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.max_wait = max_wait
        self.headers = {"User-Agent": USER_AGENT, **(headers or {})}
        self.sleep = sleep
        self.clock = clock
        self.requests = 0
        self.waited: list[float] = []
        self._last: float | None = None

    def _pace(self) -> None:
        if self._last is not None:
            wait = self.min_interval - (self.clock() - self._last)
            if wait > 0:
                self._wait(wait)
        self._last = self.clock()

    def _wait(self, seconds: float) -> None:
        self.waited.append(seconds)
        self.sleep(seconds)

    def get_bytes(self, url: str, params: Mapping[str, Any] | None = None) -> bytes:
        """The body of a successful GET (2xx), after retries."""
        if params:
            url = f"{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode(params, safe=',:')}"
        attempt = 0
        while True:
            self._pace()
            self.requests += 1
            request = urllib.request.Request(url, headers=self.headers)
            delay = self.backoff * (2**attempt)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return response.read()
            except urllib.error.HTTPError as exc:
                body = exc.read() if exc.fp is not None else b""
                if exc.code == 429:
                    asked = retry_after(exc.headers.get("Retry-After"))
                    if asked is not None and asked > self.max_wait:
                        raise FeedError(
                            f"{_where(url)}: máy chủ yêu cầu chờ {asked:.0f} s (429 Too Many Requests)", 429
                        ) from None
                    delay = asked if asked is not None else delay
                    problem = FeedError(f"{_where(url)}: 429 quá nhiều yêu cầu (rate limited)", 429)
                elif exc.code >= 500:
                    problem = FeedError(f"{_where(url)}: lỗi máy chủ {exc.code}: {reason_of(body)}", exc.code)
                else:
                    raise FeedError(f"{_where(url)}: HTTP {exc.code}: {reason_of(body)}", exc.code) from None
            except (http.client.IncompleteRead, http.client.RemoteDisconnected, ConnectionError) as exc:
                problem = FeedError(f"{_where(url)}: nội dung bị cắt ngang ({type(exc).__name__}) (truncated body)")
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                problem = FeedError(f"{_where(url)}: không kết nối được ({exc})")
            if attempt >= self.retries:
                raise problem
            attempt += 1
            self._wait(delay)

    def get_json(self, url: str, params: Mapping[str, Any] | None = None) -> Any:
        """A successful GET decoded as JSON; a body that is not JSON (cut off, an HTML page) is retried."""
        attempt = 0
        while True:
            body = self.get_bytes(url, params)
            try:
                return json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                if attempt >= self.retries:
                    raise FeedError(
                        f"{_where(url)}: câu trả lời không phải JSON hợp lệ (bị cắt hoặc trang lỗi): {reason_of(body, 120)}"
                    ) from None
                attempt += 1
                self._wait(self.backoff * (2**attempt))


def _where(url: str) -> str:
    """The URL without its query (which may carry keys)."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"
