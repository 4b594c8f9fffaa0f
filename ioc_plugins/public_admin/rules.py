"""The domain's rules: per-action checks on each batch of events, clock checks on a schedule.

Both replay a dossier's stored events through :class:`~.checks.DossierTracker` (so events
that arrived out of order or twice are checked in time order, once). Each violation becomes
an alert addressed to the dossier's agency (:class:`ioc.rules.Audience`); the IOC can open
a *timed* incident from it (:func:`ioc_plugins.public_admin.queries.open_incident`, the
incident service of :mod:`ioc.incidents`). One alert per dossier and kind: the dedupe window
spans years, so a re-sent batch never raises it again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pandas as pd

from ioc.calendar import WorkingCalendar
from ioc.config import Settings, site_timezone
from ioc.rules import AlertDraft, Audience
from ioc_plugins.public_admin.checks import DossierTracker, Violation, instant, new_violations
from ioc_plugins.public_admin.config import PublicAdminConfig, public_admin_config

if TYPE_CHECKING:
    from ioc.datalayer import DataLayer

DOMAIN = "public_admin"
#: Category of the alerts (and of incidents opened from them: the timed procedure).
CATEGORY = "administrative_procedure"
EVENTS = "public_admin.dossier_events"
DOSSIERS = "public_admin.dossiers"
#: One alert per dossier and kind, whenever it is found again.
DEDUPE = timedelta(days=3650)


@lru_cache(maxsize=4)
def _calendar_in(time_zone: str) -> WorkingCalendar:
    return WorkingCalendar(time_zone=time_zone)


def site_calendar(settings: Settings | None = None) -> WorkingCalendar:
    """The working-day calendar in the site's time zone (built once per zone)."""
    return _calendar_in(site_timezone(settings))


def draft_of(violation: Violation) -> AlertDraft:
    """The alert of a violation, addressed to the dossier's agency."""
    audiences = (Audience("agency", violation.agency_code),) if violation.agency_code else ()
    return AlertDraft(
        rule_id=f"{DOMAIN}.{violation.kind}",
        domain=DOMAIN,
        category=CATEGORY,
        severity=violation.severity,
        title=f"{violation.title}: hồ sơ {violation.dossier_code}",
        message=violation.detail,
        observed_at=pd.Timestamp(violation.at),
        table_name=EVENTS,
        entity_id=violation.dossier_code,
        value=violation.value,
        unit_code=violation.unit_code,
        source_rows=[{"kind": violation.kind, "event_id": violation.event_id, "agency_code": violation.agency_code}],
        audiences=audiences,
        dedupe_window=DEDUPE,
    )


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return frame.astype(object).where(frame.notna(), None).to_dict(orient="records")


def _sql_list(values: Iterable[str]) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)


def history(datalayer: DataLayer, codes: list[str]) -> tuple[dict[str, dict[str, Any]], dict[str, list[dict]]]:
    """The dossier rows and every stored event of the dossiers ``codes``."""
    if not codes or datalayer.version(DOSSIERS) is None:
        return {}, {}
    dossiers = datalayer.read(DOSSIERS, where=f"code IN ({_sql_list(codes)})")
    events = (
        datalayer.read(EVENTS, where=f"dossier_code IN ({_sql_list(codes)})")
        if datalayer.version(EVENTS) is not None
        else pd.DataFrame(columns=["dossier_code"])
    )
    by_dossier: dict[str, list[dict]] = {}
    for event in _records(events):
        by_dossier.setdefault(event["dossier_code"], []).append(event)
    return {row["code"]: row for row in _records(dossiers)}, by_dossier


@dataclass(frozen=True)
class DossierEventRule:
    """Checks each new batch of dossier events (a :class:`ioc.rules.BatchRule`)."""

    id: str = "public_admin.dossier_events"
    table: str = EVENTS
    domain: str = DOMAIN
    config: PublicAdminConfig | None = None
    calendar: WorkingCalendar | None = field(default=None, compare=False)

    def evaluate(self, batch: pd.DataFrame, datalayer: DataLayer | None = None) -> list[AlertDraft]:
        """Alerts for the violations the events of ``batch`` reveal (their dossier's history replayed)."""
        if batch.empty:
            return []
        config = self.config or public_admin_config(datalayer.settings if datalayer is not None else None)
        new_ids = set(batch["event_id"].astype(str))
        codes = sorted(set(batch["dossier_code"].astype(str)))
        if datalayer is not None:
            dossiers, events = history(datalayer, codes)
        else:  # backtest: only what the batch says
            dossiers, events = {}, {}
            for event in _records(batch):
                events.setdefault(event["dossier_code"], []).append(event)
        drafts = []
        for code in codes:
            dossier = dossiers.get(code, {"code": code})
            calendar = self.calendar or site_calendar(datalayer.settings if datalayer is not None else None)
            # what the stored history revealed before this batch was already reported
            drafts.extend(draft_of(v) for v in new_violations(dossier, events.get(code, []), new_ids, calendar, config))
        return drafts


@dataclass(frozen=True)
class DossierClockRule:
    """Overdue dossiers, warnings before NgayHenTra, steps held too long (a :class:`ioc.rules.ScheduledRule`)."""

    id: str = "public_admin.dossier_clock"
    table: str = DOSSIERS
    domain: str = DOMAIN
    config: PublicAdminConfig | None = None
    calendar: WorkingCalendar | None = field(default=None, compare=False)

    def evaluate_at(self, datalayer: DataLayer, now: pd.Timestamp) -> list[AlertDraft]:
        """Alerts for the open dossiers at ``now`` (status not closed)."""
        if datalayer.version(DOSSIERS) is None:
            return []
        config = self.config or public_admin_config(datalayer.settings)
        open_codes = datalayer.sql(f"SELECT code FROM {DOSSIERS} WHERE status NOT IN (3, 7, 8, 9, 10)")["code"]
        drafts = []
        codes = [str(c) for c in open_codes]
        for start in range(0, len(codes), 2000):
            dossiers, events = history(datalayer, codes[start : start + 2000])
            for code, dossier in dossiers.items():
                tracker = DossierTracker.for_dossier(
                    dossier, self.calendar or site_calendar(datalayer.settings), config
                )
                for event in sorted(events.get(code, []), key=lambda e: instant(e["at"])):
                    tracker.apply(event)
                tracker.fired.clear()  # the clock reports what holds now, whatever events said
                drafts.extend(draft_of(v) for v in tracker.at_time(now))
        return drafts


def default_rules() -> tuple[DossierEventRule, DossierClockRule]:
    """The domain's rules (on the working-day calendar of the deployment's site)."""
    return DossierEventRule(), DossierClockRule()
