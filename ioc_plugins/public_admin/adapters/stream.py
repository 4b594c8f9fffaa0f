"""Dossier events for live intake: newline-delimited JSON (NDJSON), one action per line.

Each line is an object with the project's event fields (the portal syncs states, not
actions): ``MaHoSo``, ``HanhDong`` (an action of :data:`~ioc_plugins.public_admin.codes.ACTIONS`),
``ThoiGian`` and optionally ``MaSuKien``, ``CanBo``, ``BuocXuLy``, ``DinhMucNgay``, ``LyDo``,
``MaCoQuan``, ``MaDonVi``; the table's own English names are accepted as well.

What a live stream does wrong is handled here, never by crashing:

- a line that is not JSON, or lacks the dossier, action or time → a row with ``_error``;
- an unknown action → quarantined by the table check;
- the same event sent twice → counted once (the data layer drops exact duplicates); the
  same ``MaSuKien`` with *different* content in one file → the later line is quarantined;
- events out of order → sorted by dossier and time (the reorder is noted in
  ``frame.attrs["notes"]``); rules always read a dossier's events in time order;
- an event whose dossier is not in the lake → quarantined by the table's reference check,
  with the reason, to be ingested again once the dossier arrived.

An event without ``MaSuKien`` gets a stable id from its content, so re-sending it is idempotent.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pandas as pd

from ioc.config import Settings
from ioc.plugins import AdapterError
from ioc_plugins.public_admin.adapters.common import ParseError, blank, frame_of, parse_time
from ioc_plugins.public_admin.tables import EVENTS

FIELDS = {
    "event_id": ("MaSuKien", "event_id"),
    "dossier_code": ("MaHoSo", "dossier_code"),
    "action": ("HanhDong", "action"),
    "at": ("ThoiGian", "at"),
    "actor": ("CanBo", "actor"),
    "step": ("BuocXuLy", "step"),
    "quota_days": ("DinhMucNgay", "quota_days"),
    "stated_reason": ("LyDo", "stated_reason", "reason"),
    "agency_code": ("MaCoQuan", "agency_code"),
    "unit_code": ("MaDonVi", "unit_code"),
}


def event_id(row: dict[str, Any]) -> str:
    """A stable id for an event sent without one: a digest of what it says."""
    text = "|".join(str(row.get(k) or "") for k in ("dossier_code", "action", "at", "actor", "step"))
    return "ev-" + hashlib.sha256(text.encode()).hexdigest()[:20]


def event_row(record: Any, line: int, settings: Settings | None = None) -> dict[str, Any]:
    """One decoded event object as a table row (``_error`` when it cannot be read)."""
    if not isinstance(record, dict):
        return {"event_id": f"line-{line}", "_error": f"dòng {line}: không phải đối tượng JSON (not an object)"}
    row = {
        column: next((record[n] for n in names if not blank(record.get(n))), None) for column, names in FIELDS.items()
    }
    try:
        for column in ("dossier_code", "action"):
            if row[column] is None:
                raise ParseError(f"dòng {line}: thiếu {FIELDS[column][0]} (missing {column})")
        row["at"] = parse_time(row["at"], "ThoiGian", settings)
        if row["at"] is None:
            raise ParseError(f"dòng {line}: thiếu ThoiGian (missing time)")
    except ParseError as error:
        row["_error"] = str(error)
    row["event_id"] = str(row["event_id"]) if row["event_id"] is not None else event_id(row)
    return row


def read_events_ndjson(path: str | Path, settings: Settings | None = None, **_: Any) -> pd.DataFrame:
    """Read an NDJSON event file into rows of ``public_admin.dossier_events``.

    Raises
    ------
    AdapterError
        When the file cannot be decoded as UTF-8.
    """
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as error:
        raise AdapterError(f"{path}: không phải UTF-8 ({error})") from error
    return parse_lines(lines, settings)


def parse_lines(lines: list[str], settings: Settings | None = None) -> pd.DataFrame:
    """Event rows from NDJSON lines (blank lines skipped), deduplicated and in time order."""
    rows: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            rows.append({"event_id": f"line-{number}", "_error": f"dòng {number}: JSON hỏng ({error.msg})"})
            continue
        row = event_row(record, number, settings)
        content = json.dumps({k: row.get(k) for k in FIELDS}, sort_keys=True, default=str)
        earlier = seen.get(row["event_id"])
        if earlier is not None and earlier != content and not row.get("_error"):
            row["_error"] = (
                f"dòng {number}: MaSuKien {row['event_id']} đã có với nội dung khác (conflicting duplicate event)"
            )
            row["event_id"] = f"{row['event_id']}#line-{number}"
        seen.setdefault(row["event_id"], content)
        rows.append(row)
    frame = frame_of(rows, EVENTS.column_names)
    return in_time_order(frame)


def in_time_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Sort events by dossier and time; note in ``attrs`` how many arrived out of order."""
    times = pd.to_datetime(frame["at"], utc=True, errors="coerce")
    ordered = frame.assign(_t=times).sort_values(["dossier_code", "_t"], kind="stable", na_position="last")
    moved = int((ordered.index.to_numpy() != frame.sort_values("dossier_code", kind="stable").index.to_numpy()).sum())
    result = ordered.drop(columns="_t").reset_index(drop=True)
    result.attrs["notes"] = (
        [f"{moved} sự kiện đến không theo thứ tự thời gian đã được sắp xếp lại (reordered out-of-order events)"]
        if moved
        else []
    )
    return result
