"""RSS 2.0 and Atom feeds of news sites, read with ``feedparser`` after repairing what they break.

Vietnamese news feeds often are not well-formed XML: a bare ``&`` in a title ("Giao thông &
đô thị"), HTML entities XML does not know (``&nbsp;``, ``&hellip;``), or a declared encoding
that is not the real one (``encoding="iso-8859-1"`` on UTF-8 bytes, or Windows-1258 bytes
declared UTF-8). :func:`repair_feed` fixes these before parsing, so the strict XML parser
reads the feed and nothing is lost to feedparser's lenient fallback: it decodes the bytes with
the first of (UTF-8, the declared encoding, Windows-1258, Windows-1252) that works, rewrites
the declaration to UTF-8, turns named HTML entities into characters and escapes stray ``&``.
"""

from __future__ import annotations

import html.entities
import re
import unicodedata
from pathlib import Path
from typing import Any

import feedparser
import pandas as pd

from ioc.config import Settings
from ioc.plugins import AdapterError
from ioc.tables import ERROR_COLUMN
from ioc_plugins.social.adapters.common import host_of, items_frame

_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?\?>", re.S)
_DECLARED_ENCODING = re.compile(rb"encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_ENTITY = re.compile(r"&(#\d+;|#x[0-9A-Fa-f]+;|[A-Za-z][A-Za-z0-9]*;)?")
_XML_ENTITIES = {"amp;", "lt;", "gt;", "quot;", "apos;"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _decode(data: bytes) -> str:
    """The feed's text: UTF-8 when the bytes are UTF-8 whatever the declaration says."""
    declared = _DECLARED_ENCODING.search(data[:200])
    candidates = ["utf-8"]
    if declared:
        candidates.append(declared.group(1).decode("ascii"))
    candidates += ["cp1258", "cp1252"]
    for encoding in candidates:
        try:
            return data.decode(encoding.lower().replace("utf8", "utf-8"))
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace")


def _entity(match: re.Match) -> str:
    tail = match.group(1)
    if tail is None:
        return "&amp;"  # a bare ampersand
    if tail.startswith("#") or tail in _XML_ENTITIES:
        return match.group(0)
    character = html.entities.html5.get(tail)
    return character if character is not None else "&amp;" + tail


def repair_feed(data: bytes) -> bytes:
    """UTF-8 bytes of a well-formed feed made from the broken ``data`` (see the module docstring)."""
    # Windows-1258 writes most tone marks as combining characters: compose them (NFC)
    text = unicodedata.normalize("NFC", _decode(data.lstrip(b"\xef\xbb\xbf")))
    text = _CONTROL.sub("", text)
    text = re.sub(r"^\s*<\?xml[^>]*?\?>", "", text, flags=re.S)
    # entities inside CDATA sections are text already: leave them alone
    parts = re.split(r"(<!\[CDATA\[.*?\]\]>)", text, flags=re.S)
    text = "".join(part if part.startswith("<![CDATA[") else _ENTITY.sub(_entity, part) for part in parts)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + text.lstrip()).encode("utf-8")


def parse_feed(data: bytes) -> Any:
    """``feedparser``'s result for repaired ``data``.

    Raises
    ------
    AdapterError
        When nothing in it is a feed (an HTML error page, an empty answer).
    """
    parsed = feedparser.parse(repair_feed(data))
    if not parsed.entries and not parsed.feed.get("title"):
        reason = parsed.get("bozo_exception") or "no channel or entries"
        raise AdapterError(f"không phải nguồn cấp RSS/Atom (not a feed): {reason}")
    return parsed


def _entry_time(entry: Any) -> Any:
    for key in ("published", "updated", "created"):
        value = entry.get(key)
        if value:
            parsed = entry.get(f"{key}_parsed")
            if parsed is not None:  # feedparser normalised it to UTC
                return pd.Timestamp(*parsed[:6], tz="UTC")
            return value
    return None


def feed_records(parsed: Any, feed_url: str | None = None) -> list[dict[str, Any]]:
    """One item record per feed entry (``kind=article``)."""
    link = parsed.feed.get("link") or feed_url
    feed_source = host_of(link)
    records = []
    for entry in parsed.entries:
        url = entry.get("link") or (entry.get("id") if str(entry.get("id", "")).startswith("http") else None)
        source = host_of(url) or feed_source or parsed.feed.get("title") or "rss"
        content = entry.get("content")
        text = content[0].get("value") if content else entry.get("summary")
        record = {
            "source_id": source,
            "kind": "article",
            "author": entry.get("author"),
            "published_at": _entry_time(entry),
            "title": entry.get("title"),
            "text": text,
            "url": url,
        }
        if not url and not entry.get("title"):
            record[ERROR_COLUMN] = "mục không có liên kết và tiêu đề (entry without link or title)"
        records.append(record)
    return records


def read_rss(path: str | Path, *, settings: Settings | None = None, **_options: Any) -> pd.DataFrame:
    """Read a saved RSS 2.0 / Atom feed into ``social.items`` rows."""
    path = Path(path)
    data = path.read_bytes()
    if not data.strip():
        raise AdapterError(f"{path}: tệp rỗng (empty file)")
    try:
        parsed = parse_feed(data)
    except AdapterError as error:
        raise AdapterError(f"{path}: {error}") from None
    return items_frame(feed_records(parsed), collector="rss", settings=settings)
