"""Queries of the submissions domain: compliance by agency and report date, receipts, the tile."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from ioc.config import site_timezone
from ioc.datalayer import DataLayer
from ioc.overview import Figure, Tile
from ioc_plugins.submissions.agencies import agencies, agency_name
from ioc_plugins.submissions.compliance import STATE_LABELS, STATES, compliance, monthly_table, receipts
from ioc_plugins.submissions.intake import Receipt, ingest_submission

__all__ = [
    "STATES",
    "STATE_LABELS",
    "agency_list",
    "compliance_states",
    "latest_receipt_time",
    "monthly_compliance",
    "overview_tile",
    "recent_receipts",
    "upload",
]


def _today(now: Any) -> date:
    return pd.Timestamp(now).tz_convert(site_timezone()).date()


def agency_list(datalayer: DataLayer) -> pd.DataFrame:
    """``agency``, ``name``, ``email`` of the agencies that submit templates."""
    return agencies(datalayer.settings)


def compliance_states(datalayer: DataLayer, now: Any, weeks: int = 8) -> pd.DataFrame:
    """Every agency × Monday/Thursday of the last ``weeks`` weeks: state, due date, days late."""
    today = _today(now)
    frame = compliance(
        receipts(datalayer),
        agency_list(datalayer)["agency"].tolist(),
        today - timedelta(weeks=weeks),
        today,
        pd.Timestamp(now),
    )
    frame.insert(1, "name", [agency_name(a) for a in frame["agency"]])
    return frame


def monthly_compliance(datalayer: DataLayer, now: Any, months: int = 3) -> pd.DataFrame:
    """The leaders' table: per agency and month, reports due, on time, late, missing, on-time rate."""
    today = _today(now)
    start = (pd.Timestamp(today) - pd.DateOffset(months=months - 1)).replace(day=1).date()
    states = compliance(receipts(datalayer), agency_list(datalayer)["agency"].tolist(), start, today, pd.Timestamp(now))
    table = monthly_table(states)
    table.insert(1, "name", [agency_name(a) for a in table["agency"]])
    return table


def recent_receipts(datalayer: DataLayer, limit: int = 50) -> pd.DataFrame:
    """The newest receipts, refused ones included (without the sender)."""
    columns = ["received_at", "agency", "report_date", "channel", "status", "rows_accepted", "rows_rejected", "detail"]
    if datalayer.version("submissions.receipts") is None:
        return pd.DataFrame(columns=columns)
    frame = datalayer.read("submissions.receipts", columns=columns)  # the sender (PII) is never shown
    return frame.sort_values("received_at", ascending=False).head(limit)[columns].reset_index(drop=True)


def latest_receipt_time(datalayer: DataLayer) -> pd.Timestamp | None:
    """When the newest workbook arrived (``None`` before the first)."""
    if datalayer.version("submissions.receipts") is None:
        return None
    frame = datalayer.sql("SELECT max(received_at) AS latest FROM submissions.receipts")
    latest = frame["latest"].iloc[0] if len(frame) else None
    return None if latest is None or pd.isna(latest) else pd.Timestamp(latest)


def upload(datalayer: DataLayer, name: str, content: bytes, folder: Path) -> Receipt:
    """Ingest a workbook uploaded on the agencies' page (kept in ``folder``)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{pd.Timestamp.now(tz='UTC'):%Y%m%dT%H%M%S}-{Path(name).name}"
    target.write_bytes(content)
    return ingest_submission(datalayer, target, channel="upload")


def overview_tile(datalayer: DataLayer, now: Any) -> Tile:
    """The submissions tile: on-time rate over four weeks, missing and late reports."""
    states = compliance_states(datalayer, now, weeks=4)
    due = states[states["state"] != "pending"]
    if due.empty or datalayer.version("submissions.receipts") is None:
        return Tile(domain="submissions", title="Báo cáo của đơn vị", page="submissions")
    counts = due["state"].value_counts()
    rate = round(100 * counts.get("on_time", 0) / len(due), 1)
    missing = int(counts.get("missing", 0))
    weekly = due.assign(week=pd.to_datetime(due["report_date"]).dt.to_period("W").dt.start_time)
    spark = weekly.groupby("week")["state"].apply(lambda s: 100 * (s == "on_time").mean())
    return Tile(
        domain="submissions",
        title="Báo cáo của đơn vị",
        figures=(
            Figure("Đúng hạn (4 tuần)", rate, "%", None, "up", key="on_time_4w", labels={"en": "On time (4 weeks)"}),
            Figure(
                "Không gửi",
                missing,
                "báo cáo",
                None,
                "down",
                key="missing",
                labels={"en": "Not sent"},
                units={"en": "reports"},
            ),
            Figure(
                "Gửi muộn",
                int(counts.get("late", 0)),
                "báo cáo",
                None,
                "down",
                key="late",
                labels={"en": "Sent late"},
                units={"en": "reports"},
            ),
        ),
        status="alert" if missing else "watch" if counts.get("late", 0) else "ok",
        sparkline=spark,
        sparkline_label="Tỷ lệ đúng hạn theo tuần (%)",
        as_of=latest_receipt_time(datalayer),
        page="submissions",
    )
