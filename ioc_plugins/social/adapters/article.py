"""News article pages: the main text extracted with ``trafilatura`` (boilerplate, menus and
comments left out), with the title, author, date and canonical address from the page's
metadata (``<meta property="og:…">``, ``<link rel="canonical">``, JSON-LD).

Works on saved HTML files (this adapter, ``ioc ingest --source social.article_html``) and on
pages fetched from their URL (:func:`ioc_plugins.social.collect.fetch_articles`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from ioc.config import Settings
from ioc.plugins import AdapterError
from ioc.tables import ERROR_COLUMN
from ioc_plugins.social.adapters.common import host_of, items_frame

# The publication time to the minute: trafilatura's date is a day; these carry the time too.
_PUBLISHED = re.compile(
    r"""(?:property|name|itemprop)=["'](?:article:published_time|datePublished|pubdate|og:published_time)["']"""
    r"""[^>]*?content=["']([^"']+)["']|"datePublished"\s*:\s*"([^"]+)\"""",
    re.I,
)


def published_time(html: str | bytes) -> str | None:
    """The page's publication time from its metadata (``article:published_time``, JSON-LD)."""
    text = html.decode("utf-8", errors="replace") if isinstance(html, bytes) else html
    match = _PUBLISHED.search(text)
    return (match.group(1) or match.group(2)) if match else None


def article_record(html: str | bytes, url: str | None = None) -> dict[str, Any]:
    """One ``kind=article`` item record from a page's HTML (``_error`` when no text is found)."""
    import trafilatura  # a few hundred ms to import: only where pages are read

    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    record: dict[str, Any] = {"kind": "article", "url": url}
    if document is None:
        record[ERROR_COLUMN] = "không tìm thấy nội dung chính của trang (no main text)"
        record["source_id"] = host_of(url) or "web"
        return record
    found = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    page_url = found.get("url") or url
    record.update(
        {
            "url": page_url,
            "source_id": host_of(page_url) or found.get("hostname") or found.get("sitename") or "web",
            "title": found.get("title"),
            "text": found.get("text") or found.get("raw_text"),
            "author": found.get("author"),
            "published_at": published_time(html) or found.get("date"),
        }
    )
    if not record["text"]:
        record[ERROR_COLUMN] = "không tìm thấy nội dung chính của trang (no main text)"
    return record


def read_article_html(
    path: str | Path, *, settings: Settings | None = None, url: str | None = None, **_options: Any
) -> pd.DataFrame:
    """Read one saved article page (``.html``) into a ``social.items`` row."""
    path = Path(path)
    data = path.read_bytes()
    if not data.strip():
        raise AdapterError(f"{path}: tệp rỗng (empty file)")
    return items_frame([article_record(data, url)], collector="article", settings=settings)
