"""From raw submissions (e-mail, hotline, demo) to citizen reports in the state store.

The plugin's ``derive`` hook runs after each write of ``feedback.submissions``: every
*new* row (the data layer drops exact duplicates) becomes a citizen report through the
desk. Opening is idempotent on ``channel:source_id``, so re-ingesting a mailbox never
opens a report twice. A row the desk refuses (e.g. coordinates outside the site) stays
in the lake and is reported in the log with its reason.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ioc.incidents.service import IncidentInputError
from ioc_plugins.feedback.desk import CitizenDesk, CitizenReport, SubmitResult
from ioc_plugins.feedback.labels import label_submissions
from ioc_plugins.feedback.tables import SUBMISSIONS, TEXT_LABELS

log = logging.getLogger(__name__)


@dataclass
class IntakeResult:
    """What one intake run did."""

    opened: list[SubmitResult] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (source_id, reason)


def _value(row: pd.Series, name: str) -> Any:
    value = row.get(name)
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def report_from_row(row: pd.Series, desk: CitizenDesk) -> CitizenReport:
    """A :class:`CitizenReport` from one ``feedback.submissions`` row."""
    text = " ".join(filter(None, [_value(row, "title"), _value(row, "description")]))
    lon, lat = _value(row, "lon"), _value(row, "lat")
    return CitizenReport(
        category=_value(row, "category") or desk.classify(text),
        description=_value(row, "description") or "",
        channel=row["channel"],
        title=_value(row, "title"),
        lon=None if lon is None else float(lon),
        lat=None if lat is None else float(lat),
        address=_value(row, "address"),
        unit_code=_value(row, "unit_code"),
        name=_value(row, "reporter_name"),
        phone=_value(row, "reporter_phone"),
        email=_value(row, "reporter_email"),
        national_id=_value(row, "reporter_national_id"),
        media_url=_value(row, "media_url"),
        received_at=pd.Timestamp(row["received_at"]).to_pydatetime(),
        source_key=str(row["source_id"]),
    )


def intake_submissions(desk: CitizenDesk, frame: pd.DataFrame) -> IntakeResult:
    """Open one citizen report per submission row (oldest first, so duplicates link forward)."""
    result = IntakeResult()
    for _, row in frame.sort_values("received_at").iterrows():
        try:
            result.opened.append(desk.submit(report_from_row(row, desk)))
        except IncidentInputError as error:
            result.refused.append((str(row["source_id"]), str(error)))
            log.warning("feedback: submission %s not opened: %s", row["source_id"], error)
    return result


def derive(datalayer: Any, table: str, written: pd.DataFrame) -> Iterator[tuple[str, pd.DataFrame]]:
    """Plugin hook: new submissions become citizen reports, labelled by the NLP models."""
    if table != SUBMISSIONS.name or written.empty:
        return
    desk = CitizenDesk.from_settings(datalayer.settings, datalayer.store)
    intake_submissions(desk, written)
    labels = label_submissions(written, datalayer.settings.paths.models)
    if not labels.empty:
        yield TEXT_LABELS.name, labels
