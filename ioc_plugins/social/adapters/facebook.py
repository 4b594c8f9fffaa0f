"""Facebook Graph API answers: a page's posts with nested comments and replies.

The format is what ``GET /{page-id}/posts?fields=id,created_time,message,permalink_url,from,
shares,reactions.summary(total_count),comments.summary(true){id,created_time,message,from,
like_count,comments{…}}`` returns: ``{"data": [post, …], "paging": {"cursors": {"before",
"after"}, "next": url}}``. A post's id is ``<page-id>_<post-id>``; comments nest under
``comments.data`` with their own paging, replies under each comment's ``comments.data``.

A saved file holds one answer page, a JSON list of pages, or one page per line (what
:func:`ioc_plugins.social.collect.graph_pages` writes while it follows the ``paging.next``
cursor). Only what the Graph API gives for public pages is read: no logged-in scraping.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from ioc.config import Settings
from ioc.plugins import AdapterError
from ioc.tables import ERROR_COLUMN
from ioc_plugins.social.adapters.common import items_frame


def _count(node: Any, *path: str) -> int | None:
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return int(node) if isinstance(node, int | float) else None


def _author(node: dict[str, Any]) -> str | None:
    author = node.get("from")
    if isinstance(author, dict):
        return author.get("name") or author.get("id")
    return None


def _comments(node: dict[str, Any], source: str, parent: str, depth: int) -> Iterator[dict[str, Any]]:
    block = node.get("comments")
    for comment in block.get("data", []) if isinstance(block, dict) else []:
        if not isinstance(comment, dict):
            continue
        record = {
            "item_id": f"fb:{comment.get('id')}" if comment.get("id") else None,
            "source_id": source,
            "kind": "comment" if depth == 0 else "reply",
            "parent_id": parent,
            "author": _author(comment),
            "published_at": comment.get("created_time"),
            "text": comment.get("message"),
            "url": comment.get("permalink_url"),
            "reactions": _count(comment, "like_count")
            if "like_count" in comment
            else _count(comment, "reactions", "summary", "total_count"),
            "comments": _count(comment, "comment_count") or _count(comment, "comments", "summary", "total_count"),
        }
        if record["item_id"] is None:
            record[ERROR_COLUMN] = "bình luận không có id (comment without id)"
        yield record
        if record["item_id"]:
            yield from _comments(comment, source, record["item_id"], depth + 1)


def graph_records(page: dict[str, Any]) -> list[dict[str, Any]]:
    """Item records of one Graph API answer page: each post, then its comments and replies."""
    if not isinstance(page, dict) or not isinstance(page.get("data"), list):
        raise AdapterError("không phải trang kết quả Graph API: thiếu 'data' (not a Graph API page)")
    records = []
    for post in page["data"]:
        if not isinstance(post, dict):
            continue
        post_id = str(post.get("id") or "")
        source = f"fb:{post_id.split('_')[0]}" if "_" in post_id else "fb:unknown"
        record = {
            "item_id": f"fb:{post_id}" if post_id else None,
            "source_id": source,
            "kind": "post",
            "author": _author(post),
            "published_at": post.get("created_time"),
            "title": None,
            "text": post.get("message") or post.get("story"),
            "url": post.get("permalink_url"),
            "reactions": _count(post, "reactions", "summary", "total_count"),
            "shares": _count(post, "shares", "count") or 0,
            "comments": _count(post, "comments", "summary", "total_count"),
        }
        if not post_id:
            record[ERROR_COLUMN] = "bài đăng không có id (post without id)"
        records.append(record)
        if post_id:
            records.extend(_comments(post, source, f"fb:{post_id}", 0))
    return records


def graph_pages(text: str) -> list[dict[str, Any]]:
    """The answer pages in a saved file: one page, a list of pages, or one page per line."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        try:
            return [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as error:
            raise AdapterError(f"JSON không hợp lệ (invalid JSON): {error}") from None
    return data if isinstance(data, list) else [data]


def next_page_url(page: dict[str, Any]) -> str | None:
    """The ``paging.next`` URL of an answer page (``None`` on the last page)."""
    paging = page.get("paging") if isinstance(page, dict) else None
    return paging.get("next") if isinstance(paging, dict) else None


def read_graph_json(path: str | Path, *, settings: Settings | None = None, **_options: Any) -> pd.DataFrame:
    """Read a saved Graph API answer (posts with comments) into ``social.items`` rows."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:  # the Graph API answers in UTF-8 only
        raise AdapterError(f"{path}: không phải UTF-8 (not UTF-8: {error.reason} at byte {error.start})") from None
    if not text.strip():
        raise AdapterError(f"{path}: tệp rỗng (empty file)")
    try:
        records = [record for page in graph_pages(text) for record in graph_records(page)]
    except AdapterError as error:
        raise AdapterError(f"{path}: {error}") from None
    return items_frame(records, collector="facebook_graph", settings=settings)
