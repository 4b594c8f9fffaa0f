"""What every social adapter shares: item records → the ``social.items`` frame.

An adapter turns its format into plain records (dicts with the item columns, values possibly
raw) and calls :func:`items_frame`, which fills the derived columns the same way for every
source: the normalised URL, the item id of a web page when the format has none, the text's
SimHash fingerprint, and times in UTC (a naive time is the site's local time).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ioc.config import Settings, site_timezone
from ioc.tables import ERROR_COLUMN
from ioc_plugins.social.tables import ITEMS
from ioc_plugins.social.text import fingerprints_hex, mark_near_duplicates, normalise_url, short_hash, url_item_id

_DAY_FIRST = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}")
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\r\f\v\xa0\u200b]+")


def plain_text(value: Any) -> str | None:
    """HTML fragments (RSS summaries, Graph API messages) as plain text; ``None`` when empty.

    Markup is removed and entities decoded, so what is stored is text; the dashboards escape
    it again before it reaches a page.
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = html.unescape(_TAG.sub(" ", str(value)))
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.splitlines())
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text or None


def host_of(url: str | None) -> str | None:
    """The host of ``url`` without ``www.``/``m.`` (an outlet's source id)."""
    normalised = normalise_url(url)
    return urlsplit(normalised).hostname if normalised else None


def to_utc(values: pd.Series, settings: Settings | None) -> pd.Series:
    """Parse times; aware ones are converted to UTC, naive ones are the site's local time."""
    at_once = _at_once(values, settings)
    if at_once is not None:
        return at_once

    def one(value: Any) -> pd.Timestamp | None:
        if value is None or (not isinstance(value, pd.Timestamp) and pd.isna(value)) or value == "":
            return None
        try:
            if isinstance(value, str) and _DAY_FIRST.match(value.strip()):  # dd/mm/yyyy, as Vietnamese write it
                stamp = pd.Timestamp(pd.to_datetime(value.strip(), dayfirst=True))
            else:
                stamp = pd.Timestamp(value)
        except (ValueError, TypeError):
            try:
                stamp = pd.Timestamp(pd.to_datetime(str(value), dayfirst=True))
            except (ValueError, TypeError):
                return None
        if pd.isna(stamp):
            return None
        if stamp.tzinfo is None:
            stamp = stamp.tz_localize(site_timezone(settings), ambiguous="NaT", nonexistent="NaT")
        return stamp.tz_convert("UTC")

    return pd.Series([one(v) for v in values], index=values.index, dtype="object")


#: An ISO 8601 time with its offset (what feeds, the Graph API and exports mostly give).
_ISO_AWARE = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$"
#: Day-first local times as Vietnamese exports write them, to the minute or the second.
_DAY_FIRST_FORMATS = {
    r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$": "%d/%m/%Y %H:%M",
    r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2}$": "%d/%m/%Y %H:%M:%S",
}


def _at_once(values: pd.Series, settings: Settings | None) -> pd.Series | None:
    """:func:`to_utc` of a column of one usual kind, converted in one call (``None``: any
    other column, read cell by cell; cell by cell, pandas parsed each text on its own: 5 %
    of a social batch). The kinds: timestamps that all carry a zone, ISO 8601 texts that all
    carry an offset, and day-first local texts of one of :data:`_DAY_FIRST_FORMATS`."""
    if not len(values):
        return None
    cells = values.to_numpy(dtype=object)
    kinds = set(map(type, cells))
    if kinds == {pd.Timestamp}:
        if any(cell.tzinfo is None for cell in cells):
            return None
        parsed = pd.to_datetime(values, utc=True)
    elif kinds == {str}:
        texts = pa.array(cells, type=pa.string())
        try:
            if pc.all(pc.match_substring_regex(texts, _ISO_AWARE)).as_py():
                parsed = pd.to_datetime(texts.to_pandas(), utc=True, format="ISO8601")
            else:
                form = next(
                    (
                        form
                        for shape, form in _DAY_FIRST_FORMATS.items()
                        if pc.all(pc.match_substring_regex(texts, shape)).as_py()
                    ),
                    None,
                )
                if form is None:
                    return None
                local = pd.to_datetime(texts.to_pandas(), format=form)
                zone = site_timezone(settings)
                parsed = local.dt.tz_localize(zone, ambiguous="NaT", nonexistent="NaT").dt.tz_convert("UTC")
        except (ValueError, OverflowError):  # 31 February, hour 25 …: each cell's own way says None
            return None
    else:
        return None
    converted = parsed.to_numpy(dtype=object)
    converted[pd.isna(parsed).to_numpy()] = None  # a local time the zone skips or repeats
    return pd.Series(converted, index=values.index, dtype="object")


def items_frame(records: Iterable[Mapping[str, Any]], *, collector: str, settings: Settings | None) -> pd.DataFrame:
    """The ``social.items`` frame of ``records``, with the derived columns filled.

    Records may carry ``_error`` (a reason the row is quarantined); a record without a time
    gets one. A record without ``item_id`` gets the id of its URL, else a hash of its source
    and text.
    """
    frame = pd.DataFrame(list(records))
    if "author" in frame:  # the formats say "author"; the table's PII column name says what it holds
        frame = frame.rename(columns={"author": "author_name"})
    columns = [*ITEMS.column_names, ERROR_COLUMN]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    for column in columns:
        if column not in frame:
            frame[column] = None
    for column in ("title", "text"):
        frame[column] = frame[column].map(plain_text)
    frame["url_normalised"] = frame["url"].map(normalise_url)
    missing_id = frame["item_id"].isna() | (frame["item_id"].astype(str) == "")
    frame.loc[missing_id, "item_id"] = [
        url_item_id(url) or f"txt:{short_hash(f'{source}|{title}|{text}')}"
        for url, source, title, text in frame.loc[missing_id, ["url", "source_id", "title", "text"]].itertuples(
            index=False
        )
    ]
    frame["published_at"] = to_utc(frame["published_at"], settings)
    no_time = frame["published_at"].isna() & frame[ERROR_COLUMN].isna()
    frame.loc[no_time, ERROR_COLUMN] = "published_at: không đọc được thời điểm đăng (unreadable time)"
    body = frame["title"].fillna("") + "\n" + frame["text"].fillna("")
    frame["fingerprint"] = fingerprints_hex(body)
    # copies inside the file (a story syndicated to several outlets of one feed); copies of
    # items stored earlier are found when the batch is written (see ``derive``)
    times = pd.to_datetime(frame["published_at"], utc=True)
    ordered = frame.assign(_time=times).sort_values("_time", na_position="last", kind="stable")
    found = mark_near_duplicates(ordered["item_id"].tolist(), ordered["fingerprint"].tolist())
    frame.loc[ordered.index, "duplicate_of"] = [
        given if isinstance(given, str) and given else copy for given, copy in zip(ordered["duplicate_of"], found)
    ]
    frame["collector"] = frame["collector"].fillna(collector)
    frame["language"] = frame["language"].fillna("vi")
    return frame[columns]
