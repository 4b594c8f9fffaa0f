"""Exports of social-listening tools (CSV or Excel, Vietnamese headers) and JSON Lines.

Social-listening services used by Vietnamese agencies export mentions as a sheet with
Vietnamese column names whose spelling varies between tools and versions ("Thời gian đăng",
"Ngày đăng", "Thoi gian"; "Nội dung", "Nội dung bài viết"; "Lượt tương tác" …). Headers are
matched without diacritics, case and punctuation against :data:`HEADER_SYNONYMS`; the tool's
own sentiment column is ignored (the workbench labels every item with its own models).

JSON Lines: one object per line with the item columns (``source``/``source_id``, ``kind``,
``author``, ``published_at``/``time``, ``title``, ``text``, ``url``, counts); a line that is
not JSON is quarantined with its line number.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from ioc.config import Settings
from ioc.plugins import AdapterError
from ioc.tables import ERROR_COLUMN
from ioc_plugins.social.adapters.common import host_of, items_frame
from nlp.preprocess import strip_diacritics

#: Item column → header spellings (compared without diacritics, case, spaces and punctuation).
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "item_id": ("id", "mã bài", "mã bài viết", "post id", "mention id"),
    "source_id": ("nguồn", "tên nguồn", "trang", "kênh", "source", "site", "page"),
    "platform": ("nền tảng", "mạng xã hội", "loại nguồn", "platform", "channel"),
    "kind": ("loại bài", "loại", "dạng bài", "type"),
    "author": ("tác giả", "người đăng", "tài khoản", "author", "user"),
    "published_at": ("thời gian", "thời gian đăng", "ngày đăng", "ngày giờ đăng", "thời điểm", "date", "time"),
    "title": ("tiêu đề", "title"),
    "text": ("nội dung", "nội dung bài viết", "nội dung bình luận", "content", "message", "text"),
    "url": ("đường dẫn", "liên kết", "link", "url"),
    "reactions": ("lượt thích", "lượt cảm xúc", "cảm xúc", "tương tác", "lượt tương tác", "likes", "reactions"),
    "shares": ("lượt chia sẻ", "chia sẻ", "shares"),
    "comments": ("lượt bình luận", "bình luận", "số bình luận", "comments"),
    "parent_id": ("bài gốc", "mã bài gốc", "parent id"),
}
#: Kinds as the tools write them.
KIND_SYNONYMS = {
    "bai bao": "article",
    "bao dien tu": "article",
    "tin tuc": "article",
    "news": "article",
    "article": "article",
    "bai dang": "post",
    "bai viet": "post",
    "post": "post",
    "status": "post",
    "binh luan": "comment",
    "comment": "comment",
    "tra loi": "reply",
    "phan hoi": "reply",
    "reply": "reply",
}


def _key(header: Any) -> str:
    return re.sub(r"[^a-z0-9]", "", strip_diacritics(str(header)).lower())


_LOOKUP = {_key(spelling): column for column, spellings in HEADER_SYNONYMS.items() for spelling in spellings}


def map_headers(headers: list[Any]) -> dict[Any, str]:
    """Header → item column for the headers that are known (the first spelling of a column wins)."""
    mapping: dict[Any, str] = {}
    for header in headers:
        column = _LOOKUP.get(_key(header))
        if column and column not in mapping.values():
            mapping[header] = column
    return mapping


def _kind(value: Any, platform: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return KIND_SYNONYMS.get(strip_diacritics(value).lower().strip(), value.strip().lower())
    platform = strip_diacritics(str(platform or "")).lower()
    return "article" if ("bao" in platform or "news" in platform or "web" in platform) else "post"


def _count(value: Any) -> Any:
    """``1.234`` and ``1,234`` are thousands in these exports; ``2,5K`` is 2 500."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, int | float):
        return int(value)
    text = str(value).strip().lower().replace(" ", "")
    match = re.fullmatch(r"(\d+(?:[.,]\d+)?)([km])", text)
    if match:
        return int(float(match.group(1).replace(",", ".")) * (1000 if match.group(2) == "k" else 1_000_000))
    digits = re.sub(r"[.,]", "", text)
    return int(digits) if digits.isdigit() else value


def export_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Item records from an export sheet (headers in Vietnamese or English)."""
    mapping = map_headers(list(frame.columns))
    if "text" not in mapping.values() or "published_at" not in mapping.values():
        raise AdapterError(
            "thiếu cột 'Nội dung' hoặc 'Thời gian' (missing content or time column); "
            f"các cột: {', '.join(map(str, frame.columns))}"
        )
    renamed = frame[list(mapping)].rename(columns=mapping)
    records = []
    for row in renamed.to_dict("records"):
        source = row.get("source_id")
        if source is None or (not isinstance(source, str) and pd.isna(source)) or not str(source).strip():
            source = host_of(row.get("url")) or "export"
        record = {
            **{k: v for k, v in row.items() if k not in ("platform",)},
            "source_id": str(source).strip(),
            "kind": _kind(row.get("kind"), row.get("platform")),
            "item_id": f"export:{row['item_id']}" if pd.notna(row.get("item_id")) and row.get("item_id") else None,
        }
        for column in ("reactions", "shares", "comments"):
            record[column] = _count(record.get(column))
        records.append(record)
    return records


def read_listening_export(path: str | Path, *, settings: Settings | None = None, **_options: Any) -> pd.DataFrame:
    """Read a social-listening export (``.csv`` in UTF-8 or UTF-8 with BOM, or ``.xlsx``)."""
    path = Path(path)
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            frame = pd.read_excel(path, dtype=object)
        else:
            frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as error:
        raise AdapterError(f"{path}: không đọc được tệp xuất (unreadable export): {error}") from None
    if frame.empty:
        raise AdapterError(f"{path}: tệp không có dòng dữ liệu (no rows)")
    frame = frame.replace("", None)
    try:
        records = export_records(frame)
    except AdapterError as error:
        raise AdapterError(f"{path}: {error}") from None
    return items_frame(records, collector="export", settings=settings)


_JSONL_ALIASES = {"source": "source_id", "time": "published_at", "created_at": "published_at", "id": "item_id"}


def read_jsonl(path: str | Path, *, settings: Settings | None = None, **_options: Any) -> pd.DataFrame:
    """Read JSON Lines of items (see the module docstring)."""
    path = Path(path)
    # decoded line by line: one line in a wrong encoding is quarantined, the others are kept
    lines = path.read_bytes().removeprefix(b"\xef\xbb\xbf").splitlines()
    if not any(line.strip() for line in lines):
        raise AdapterError(f"{path}: tệp rỗng (empty file)")
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not an object")
        except ValueError as error:
            records.append(
                {
                    "source_id": "jsonl",
                    "kind": "post",
                    "published_at": None,
                    ERROR_COLUMN: f"dòng {number}: không phải đối tượng JSON (line {number}: {error})",
                }
            )
            continue
        record = {_JSONL_ALIASES.get(k, k): v for k, v in data.items()}
        record.setdefault("kind", "post")
        if not record.get("source_id"):
            record["source_id"] = host_of(record.get("url")) or "jsonl"
        for column in ("item_id", "parent_id"):  # ids of this file: prefixed unless already qualified
            value = record.get(column)
            if value is not None and str(value).strip():
                record[column] = str(value) if ":" in str(value) else f"jsonl:{value}"
        records.append(record)
    return items_frame(records, collector="jsonl", settings=settings)
