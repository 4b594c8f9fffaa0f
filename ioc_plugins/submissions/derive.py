"""Derived rows: a receipt for every workbook whose values arrived through the generic file adapter.

:func:`ioc_plugins.submissions.intake.ingest_submission` writes its own, fuller receipt (with the
refused rows and their reasons), which supersedes this one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd


def derive(datalayer: Any, table: str, written: pd.DataFrame) -> Iterator[tuple[str, pd.DataFrame]]:
    """Plugin hook: receipts of the submissions that values were just written for."""
    if table != "submissions.values" or written.empty:
        return
    known = set()
    if datalayer.version("submissions.receipts") is not None:
        known = set(datalayer.read("submissions.receipts", columns=["submission_id"])["submission_id"])
    fresh = written[~written["submission_id"].isin(known)]
    if fresh.empty:
        return
    grouped = fresh.groupby("submission_id").agg(
        agency=("agency", "first"),
        report_date=("report_date", "first"),
        received_at=("received_at", "min"),
        rows_accepted=("value", "size"),
    )
    yield "submissions.receipts", grouped.reset_index().assign(channel="file", status="accepted", rows_rejected=0)
