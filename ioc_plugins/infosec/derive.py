"""Derived tables: malware sightings from events, and the posture of the days touched.

Called by the host after each write (``Plugin.derive``). A malware sighting is kept per
(indicator, host): the first and last time seen and how often, merged with what is stored,
so re-reading a log never inflates the count (the data layer passes only fresh rows).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pandas as pd

from ioc.config import site_timezone
from ioc_plugins.infosec.assets import AgencyResolver, resolver_for
from ioc_plugins.infosec.config import infosec_config
from ioc_plugins.infosec.posture import compute_posture

if TYPE_CHECKING:
    from ioc.datalayer import DataLayer

MALWARE = "infosec.malware"


def malware_sightings(
    events: pd.DataFrame, stored: pd.DataFrame | None = None, resolver: AgencyResolver | None = None
) -> pd.DataFrame:
    """Sightings of ``events`` with a malware family, merged with ``stored`` sightings.

    The infected host is the named host, else the address inside an agency's range (the
    destination of an inbound detection, the source of an outbound beacon).
    """
    resolver = resolver or resolver_for(None)
    found = events[events["malware_family"].notna()].copy()
    if found.empty:
        return pd.DataFrame(
            columns=[
                "indicator",
                "host",
                "agency",
                "family",
                "file_hash",
                "first_seen",
                "last_seen",
                "sightings",
                "event_module",
            ]
        )
    inside = [
        src if resolver.is_internal(src) and not resolver.is_internal(dst) else dst or src
        for src, dst in zip(_plain(found["source_ip"]), _plain(found["destination_ip"]), strict=True)
    ]
    found["host"] = found["host_name"].fillna(pd.Series(inside, index=found.index, dtype=object))
    found["indicator"] = found["file_hash"].fillna(found["malware_family"])
    grouped = (
        found.groupby(["indicator", "host"], dropna=True)
        .agg(
            agency=("agency", "last"),
            family=("malware_family", "last"),
            file_hash=("file_hash", "last"),
            first_seen=("time", "min"),
            last_seen=("time", "max"),
            sightings=("event_id", "count"),
            event_module=("event_module", "last"),
        )
        .reset_index()
    )
    if stored is not None and len(stored):
        merged = grouped.merge(
            stored[["indicator", "host", "first_seen", "last_seen", "sightings"]],
            on=["indicator", "host"],
            how="left",
            suffixes=("", "_old"),
        )
        merged["first_seen"] = merged[["first_seen", "first_seen_old"]].min(axis=1)
        merged["last_seen"] = merged[["last_seen", "last_seen_old"]].max(axis=1)
        merged["sightings"] = merged["sightings"] + merged["sightings_old"].fillna(0).astype(int)
        grouped = merged.drop(columns=["first_seen_old", "last_seen_old", "sightings_old"])
    return grouped


def _plain(values: pd.Series) -> list[str | None]:
    return [None if pd.isna(v) else str(v) for v in values]


def derive(datalayer: DataLayer, table: str, written: pd.DataFrame) -> Iterator[tuple[str, pd.DataFrame]]:
    """Plugin hook: malware sightings and posture from newly written events."""
    if table == MALWARE and len(written):  # malware changes the score of the days it was seen
        days = (
            written["last_seen"]
            .dt.tz_convert(site_timezone(datalayer.settings))
            .dt.tz_localize(None)
            .dt.normalize()
            .unique()
        )
        posture = compute_posture(datalayer, list(days))
        if len(posture):
            yield "infosec.posture", posture
    if table == "infosec.events" and len(written):
        if written["malware_family"].notna().any():
            resolver = resolver_for(infosec_config(datalayer.settings).assets)
            sightings = malware_sightings(written, None, resolver)
            stored = datalayer.read(MALWARE)
            stored = stored.merge(sightings[["indicator", "host"]], on=["indicator", "host"])
            sightings = malware_sightings(written, stored, resolver)
            if len(sightings):
                yield MALWARE, sightings
        days = (
            written.loc[written["agency"].notna(), "time"]
            .dt.tz_convert(site_timezone(datalayer.settings))
            .dt.tz_localize(None)
            .dt.normalize()
            .unique()
        )
        if len(days):
            posture = compute_posture(datalayer, list(days))
            if len(posture):
                yield "infosec.posture", posture
