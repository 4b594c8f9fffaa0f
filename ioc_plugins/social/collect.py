"""Collecting from the network: RSS/Atom feeds, article pages, the Facebook Graph API.

Politeness (these are other organisations' servers):

- one request at a time, and at least ``min_interval_s`` between two requests to one host;
- feeds are fetched conditionally: the ``ETag`` and ``Last-Modified`` of the last answer are
  kept in ``social.feed_state`` and sent back (``If-None-Match``, ``If-Modified-Since``), so a
  feed that did not change answers ``304 Not Modified`` with no body and nothing is parsed;
- a clear ``User-Agent`` naming the workbench; only public pages and the Graph API (with the
  page's token), never logged-in pages.

Everything collected goes through the normal ingestion path (:func:`ioc.ingest.process_batch`):
validation, quarantine, idempotent writes, labels, stories and rules.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from ioc.ingest import process_batch
from ioc.plugins import AdapterError
from ioc_plugins.social.adapters.article import article_record
from ioc_plugins.social.adapters.common import items_frame
from ioc_plugins.social.adapters.facebook import graph_records, next_page_url
from ioc_plugins.social.adapters.rss import feed_records, parse_feed
from ioc_plugins.social.config import SocialConfig, social_config
from ioc_plugins.social.tables import FEED_STATE, ITEMS

log = logging.getLogger(__name__)


@dataclass
class Response:
    """What a fetch returned: status, headers (lower-case names) and body."""

    status: int
    headers: dict[str, str]
    body: bytes = b""


class PoliteFetcher:
    """HTTP GET with a pause between requests to the same host.

    Parameters
    ----------
    min_interval_s
        Seconds between two requests to one host.
    timeout_s
        Seconds before a request is abandoned.
    user_agent
        The ``User-Agent`` sent.
    sleep, clock
        Injected in tests.
    """

    def __init__(
        self,
        min_interval_s: float = 2.0,
        timeout_s: float = 20.0,
        user_agent: str = "IOC-Workbench/1.0",
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.min_interval_s = min_interval_s
        self.timeout_s = timeout_s
        self.user_agent = user_agent
        self._sleep = sleep
        self._clock = clock
        self._last: dict[str, float] = {}
        self.waited_s = 0.0

    @classmethod
    def from_config(cls, options: SocialConfig) -> PoliteFetcher:
        return cls(options.min_interval_s, options.timeout_s, options.user_agent)

    def _wait(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = self.min_interval_s - (self._clock() - last)
            if pause > 0:
                self.waited_s += pause
                self._sleep(pause)
        self._last[host] = self._clock()

    def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        """GET ``url``; a 304 or an HTTP error is a :class:`Response`, a network failure raises ``OSError``."""
        self._wait(urlsplit(url).netloc.lower())
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as answer:
                return Response(answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, {k.lower(): v for k, v in (error.headers or {}).items()}, b"")


@dataclass
class FeedResult:
    """What collecting one feed did."""

    url: str
    status: str  # "new", "not_modified", "error"
    entries: int = 0
    accepted: int = 0
    message: str = ""
    results: list[Any] = field(default_factory=list)


def _feed_state(datalayer: Any) -> dict[str, dict[str, Any]]:
    if datalayer.version(FEED_STATE.name) is None:
        return {}
    state = datalayer.read(FEED_STATE.name)
    return {row["feed_url"]: row for row in state.to_dict("records")}


def _validators(state: dict[str, Any] | None) -> dict[str, str]:
    headers = {}
    if state:
        if isinstance(state.get("etag"), str) and state["etag"]:
            headers["If-None-Match"] = state["etag"]
        if isinstance(state.get("last_modified"), str) and state["last_modified"]:
            headers["If-Modified-Since"] = state["last_modified"]
    return headers


def collect_feeds(
    datalayer: Any,
    urls: Iterable[str] | None = None,
    *,
    fetcher: PoliteFetcher | None = None,
    full_text: bool = False,
    now: pd.Timestamp | None = None,
) -> list[FeedResult]:
    """Fetch each feed conditionally and ingest its new entries (see the module docstring).

    Parameters
    ----------
    datalayer
        The deployment's data layer.
    urls
        Feed addresses; default ``plugins.social.feeds``.
    fetcher
        How to fetch (default: a :class:`PoliteFetcher` from the settings).
    full_text
        Also fetch each entry's page and keep its main text instead of the feed's summary.
    """
    options = social_config(datalayer.settings)
    fetcher = fetcher or PoliteFetcher.from_config(options)
    urls = list(urls if urls is not None else options.feeds)
    state = _feed_state(datalayer)
    results = []
    for url in urls:
        result = FeedResult(url, "error")
        try:
            answer = fetcher.get(url, _validators(state.get(url)))
            if answer.status == 304:
                result.status, result.message = "not_modified", "304 Not Modified"
            elif answer.status != 200:
                result.message = f"HTTP {answer.status}"
            else:
                parsed = parse_feed(answer.body)
                records = feed_records(parsed, url)
                if full_text:
                    records = [_with_page_text(record, fetcher) for record in records]
                frame = items_frame(records, collector="rss", settings=datalayer.settings)
                result.results = process_batch(datalayer, ITEMS.name, frame, source=f"rss:{url}", now=now)
                result.status, result.entries = "new", len(records)
                result.accepted = result.results[0].accepted if result.results else 0
                validators = pd.DataFrame(
                    [
                        {
                            "feed_url": url,
                            "etag": answer.headers.get("etag"),
                            "last_modified": answer.headers.get("last-modified"),
                            "fetched_at": now or pd.Timestamp.now(tz="UTC"),
                            "entries": len(records),
                        }
                    ]
                )
                datalayer.write(FEED_STATE.name, validators, source="social:collect", now=now)
        except (OSError, AdapterError) as error:
            result.message = str(error)
            datalayer.log_failure(source=f"rss:{url}", table=ITEMS.name, path=url, message=str(error))
        if result.status == "error":
            log.warning("social: feed %s not collected: %s", url, result.message)
        results.append(result)
    return results


def _with_page_text(record: dict[str, Any], fetcher: PoliteFetcher) -> dict[str, Any]:
    """The record with its page's main text (kept as it was when the page cannot be read)."""
    url = record.get("url")
    if not url:
        return record
    try:
        answer = fetcher.get(url)
    except OSError as error:
        log.warning("social: page %s not fetched: %s", url, error)
        return record
    if answer.status != 200:
        return record
    page = article_record(answer.body, url)
    if page.get("text") and not page.get("_error"):
        return {**record, "text": page["text"], "author": record.get("author") or page.get("author")}
    return record


def fetch_articles(datalayer: Any, urls: Iterable[str], *, fetcher: PoliteFetcher | None = None) -> list[Any]:
    """Fetch article pages, extract their main text and ingest them (one batch)."""
    fetcher = fetcher or PoliteFetcher.from_config(social_config(datalayer.settings))
    records = []
    for url in urls:
        try:
            answer = fetcher.get(url)
        except OSError as error:
            records.append({"url": url, "kind": "article", "source_id": "web", "_error": f"không tải được: {error}"})
            continue
        if answer.status != 200:
            records.append({"url": url, "kind": "article", "source_id": "web", "_error": f"HTTP {answer.status}"})
            continue
        records.append(article_record(answer.body, url))
    frame = items_frame(records, collector="article", settings=datalayer.settings)
    return process_batch(datalayer, ITEMS.name, frame, source="social:article")


def graph_pages(first_url: str, fetcher: PoliteFetcher, max_pages: int = 50) -> Iterator[dict[str, Any]]:
    """Answer pages of a Graph API listing, following ``paging.next`` (the ``after`` cursor)."""
    url: str | None = first_url
    seen: set[str] = set()
    while url and url not in seen and len(seen) < max_pages:
        seen.add(url)
        answer = fetcher.get(url)
        if answer.status != 200:
            raise AdapterError(f"Graph API: HTTP {answer.status} cho {url.split('access_token')[0]}")
        page = json.loads(answer.body.decode("utf-8"))
        yield page
        url = next_page_url(page)


def collect_graph(
    datalayer: Any, first_url: str, *, fetcher: PoliteFetcher | None = None, max_pages: int = 50
) -> list[Any]:
    """Ingest a page's posts with comments from the Graph API, every answer page of it."""
    fetcher = fetcher or PoliteFetcher.from_config(social_config(datalayer.settings))
    records = [record for page in graph_pages(first_url, fetcher, max_pages) for record in graph_records(page)]
    frame = items_frame(records, collector="facebook_graph", settings=datalayer.settings)
    return process_batch(datalayer, ITEMS.name, frame, source="social:facebook_graph")
