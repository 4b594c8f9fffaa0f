"""What follows the arrival of new items: near-duplicates, labels, stories and spread.

The plugin's ``derive`` hook runs after each write of ``social.items`` with the rows that
were new or changed (the data layer drops exact repeats):

1. copies of items stored earlier or earlier in the batch (same text on another outlet, a
   shared post) get ``duplicate_of`` (a superseding row, only for those items);
2. every item is labelled (:mod:`.labels`: promoted NLP models and watch-lists);
3. items join stories and the touched stories get their totals and hourly spread
   (:mod:`.stories`); the spread rule (:mod:`.rules`) then runs on the new snapshots;
4. a source seen for the first time gets a row in ``social.sources``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pandas as pd

from ioc.tables import text_isin
from ioc_plugins.social.config import social_config
from ioc_plugins.social.labels import label_items, load_watchlist
from ioc_plugins.social.stories import update_stories
from ioc_plugins.social.tables import ITEMS, LABELS, SOURCES
from ioc_plugins.social.text import mark_near_duplicates

log = logging.getLogger(__name__)
#: How far back a copy looks for its original (project choice: syndication happens within days).
DUPLICATE_LOOKBACK = pd.Timedelta(days=7)
_SOURCE_KINDS = {"facebook_graph": "facebook_page", "rss": "news", "article": "news"}


def earlier_copies(datalayer: Any, items: pd.DataFrame) -> pd.DataFrame:
    """The new items that copy an earlier item (stored, or earlier in the batch), ``duplicate_of`` set.

    The adapters mark copies inside one file; a batch may join several files, and the
    originals of others were stored by earlier batches.
    """
    candidates = items[items["duplicate_of"].isna() & items["fingerprint"].notna()]
    if candidates.empty:
        return items.iloc[0:0]
    start = candidates["published_at"].min() - DUPLICATE_LOOKBACK
    stored = datalayer.read(ITEMS.name, start=start, columns=["item_id", "fingerprint", "published_at"])
    stored = stored[~text_isin(stored["item_id"], items["item_id"]) & stored["fingerprint"].notna()]
    ordered = candidates.sort_values(["published_at", "item_id"])
    found = mark_near_duplicates(
        ordered["item_id"].tolist(),
        ordered["fingerprint"].tolist(),
        # as lists: iterating an Arrow-backed column makes a pandas scalar per value (a week
        # of a province's items is ~200 000 pairs a batch)
        earlier=zip(stored["item_id"].tolist(), stored["fingerprint"].tolist()),
    )
    copies = ordered.assign(duplicate_of=found)
    return copies[copies["duplicate_of"].notna()]


def new_sources(datalayer: Any, items: pd.DataFrame) -> pd.DataFrame:
    """Rows for the sources the items name that ``social.sources`` does not list yet."""
    seen = items.drop_duplicates("source_id")
    if datalayer.version(SOURCES.name) is not None:
        known = set(datalayer.read(SOURCES.name, columns=["source_id"])["source_id"])
        seen = seen[~seen["source_id"].isin(known)]
    if seen.empty:
        return SOURCES.empty_frame()
    return pd.DataFrame(
        {
            "source_id": seen["source_id"].to_numpy(),
            "name": seen["source_id"].to_numpy(),
            "kind": [
                "facebook_page" if str(s).startswith("fb:") else _SOURCE_KINDS.get(str(c), "other")
                for s, c in zip(seen["source_id"], seen["collector"])
            ],
            "platform": ["facebook" if str(s).startswith("fb:") else "web" for s in seen["source_id"]],
        }
    )


def derive(datalayer: Any, table: str, written: pd.DataFrame) -> Iterator[tuple[str, pd.DataFrame]]:
    """Plugin hook: labels, stories, spread and new sources for newly written items."""
    if table != ITEMS.name or written.empty:
        return
    items = written[ITEMS.column_names].drop_duplicates("item_id", keep="last")
    copies = earlier_copies(datalayer, items)
    if len(copies):
        items = items.set_index("item_id")
        items.loc[copies["item_id"], "duplicate_of"] = copies["duplicate_of"].to_numpy()
        items = items.reset_index()[ITEMS.column_names]
    options = social_config(datalayer.settings)
    labels = label_items(items, datalayer.settings.paths.models, load_watchlist(options.watchlist))
    if len(labels):
        yield LABELS.name, labels
    hashes = (
        written.drop_duplicates("item_id", keep="last").set_index("item_id")["_row_hash"]
        if "_row_hash" in written
        else None
    )
    yield from update_stories(datalayer, items, labels, row_hashes=hashes)
    sources = new_sources(datalayer, items)
    if len(sources):
        yield SOURCES.name, sources
    if len(copies):
        # last: derived batches are written in the order they are yielded, and the copies'
        # own derive must find their story memberships (written above) already stored —
        # otherwise it would cluster them a second time without this batch's stories and
        # that later write would win
        yield ITEMS.name, copies[ITEMS.column_names]
