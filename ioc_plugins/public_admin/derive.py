"""Events implied by the portal's dossier sync, so the per-action rules see every status change.

The national portal syncs *states* (``TrangThaiHoSo``), not actions: a dossier can go from
"Đang xử lý" (4) to "Dừng xử lý" (8) or "Đã trả kết quả" (10) in the sync with no event on
the live stream. After each write of ``public_admin.dossiers`` the host calls :func:`derive`,
which compares each written row with the dossier's previous version (the
``public_admin.dossiers__history`` view) and yields the events the transition implies to
``public_admin.dossier_events``, where :class:`~.rules.DossierEventRule` checks them like any
other. Each implied event carries the reason it was derived (``implied_by``, e.g. "Đồng bộ
Cổng DVCQG: trạng thái 4 (Đang xử lý) → 8 (Dừng xử lý)") and the actor ``Cổng DVCQG``.

Readings that are project choices:

- the time of an implied event is the row's own time when it has one (``received`` at
  ``NgayTiepNhan``, the end of processing — finished, paused, refused, withdrawn — at
  ``NgayKetThucXuLy``), otherwise the time of the sync that revealed the change (the write's
  ``_ingested_at``: the status changed between the two syncs, at the latest then);
- a dossier's *first* sync implies nothing: it does not say when the status it already has
  was reached (a result return stamped with the sync time would make every historical
  dossier look late), and the index reads its times from the row itself;
- nothing is derived when the stored events already lead to the new status (the stream told
  it first); a step from ``1`` implies ``received``; a step to ``10`` also implies
  ``finished`` when no finish is known; ``4`` after ``5`` is the citizen's supplement;
- when the stream tells a change *after* the sync implied it, the replay skips the implied
  event once the real one has led the dossier to that status (:class:`~.checks.DossierTracker`);
  the 766 index still counts both supplement requests of such a pair (a known limit);
- a pause or refusal seen only in the sync is not reported as "without a reason": the sync has
  no reason field, so its absence proves nothing (see :mod:`.checks`).

Re-syncing the same rows derives nothing new (a duplicate row is not written again, and the
event ids are deterministic: ``sync:<code>:<action>:<time>``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pandas as pd

from ioc.timestamps import as_utc
from ioc_plugins.public_admin.codes import ACTIONS, status_label

if TYPE_CHECKING:
    from ioc.datalayer import DataLayer

DOSSIERS = "public_admin.dossiers"
EVENTS = "public_admin.dossier_events"
#: The actor of an implied event.
PORTAL = "Cổng DVCQG (đồng bộ)"
#: Status reached → the action that leads to it (4 only from 5: the citizen supplemented).
_ACTION_TO = {
    1: "submitted",
    2: "received",
    3: "refused",
    5: "supplement_requested",
    6: "financial_obligation",
    7: "withdrawn",
    8: "paused",
    9: "finished",
    10: "result_returned",
}
#: Actions stamped with NgayKetThucXuLy when the row has it (the end of processing).
_AT_FINISH = ("finished", "paused", "refused", "withdrawn")
_COLUMNS = [
    "event_id",
    "dossier_code",
    "action",
    "at",
    "actor",
    "step",
    "quota_days",
    "stated_reason",
    "agency_code",
    "unit_code",
    "implied_by",
]


def _status(value: Any) -> int | None:
    return None if value is None or value is pd.NA or value != value else int(value)


def _stamp(value: Any) -> pd.Timestamp | None:
    return None if value is None or value is pd.NA or value != value else pd.Timestamp(value)


def implied_actions(
    previous: int | None, current: int, row: dict[str, Any], synced_at: pd.Timestamp, known: set[str]
) -> list[tuple[str, pd.Timestamp]]:
    """The ``(action, time)`` a status change ``previous → current`` implies, in order.

    ``known`` holds the actions already stored for the dossier; ``previous`` is ``None`` on a
    first sync, which implies nothing.
    """
    if previous is None or current == previous or current not in (*_ACTION_TO, 4):
        return []
    received_at, finished_at = _stamp(row.get("received_at")), _stamp(row.get("finished_at"))
    found: list[tuple[str, pd.Timestamp]] = []
    # a dossier that left "Mới đăng ký" for anything but a refusal was received, at NgayTiepNhan
    if previous == 1 and current != 3 and "received" not in known:
        found.append(("received", received_at or synced_at))
    if current == 2:
        return found
    if current == 4:
        if previous == 5:
            found.append(("supplement_returned", synced_at))
        return found
    if current == 10 and previous != 9 and "finished" not in known:
        found.append(("finished", finished_at or synced_at))
    action = _ACTION_TO[current]
    found.append((action, finished_at if action in _AT_FINISH and finished_at is not None else synced_at))
    return found


def _versions(datalayer: DataLayer, codes: list[str]) -> pd.DataFrame:
    listed = ", ".join("'" + c.replace("'", "''") + "'" for c in codes)
    return datalayer.sql(
        f"""SELECT code, status, _ingested_at, row_number() OVER (PARTITION BY code ORDER BY _ingested_at DESC, _seq DESC)
                   AS version
            FROM {DOSSIERS}__history WHERE code IN ({listed}) QUALIFY version <= 2"""
    )


def _last_events(datalayer: DataLayer, codes: list[str]) -> dict[str, tuple[set[str], int | None]]:
    """Per dossier: the actions stored, and the status its latest status-changing event leads to."""
    if datalayer.version(EVENTS) is None:
        return {}
    listed = ", ".join("'" + c.replace("'", "''") + "'" for c in codes)
    frame = datalayer.sql(
        f'SELECT dossier_code, action, "at", event_id FROM {EVENTS} WHERE dossier_code IN ({listed}) '
        'ORDER BY dossier_code, "at", event_id'
    )
    found: dict[str, tuple[set[str], int | None]] = {}
    for code, action in zip(frame["dossier_code"], frame["action"], strict=True):
        actions, status = found.get(code, (set(), None))
        actions.add(action)
        leads_to = ACTIONS.get(action, (None, None, False))[1]
        found[code] = (actions, leads_to if leads_to is not None else status)
    return found


def implied_events(datalayer: DataLayer, written: pd.DataFrame) -> pd.DataFrame:
    """The events implied by the dossier rows ``written`` (just stored), one row per event."""
    if written.empty or "status" not in written:
        return pd.DataFrame(columns=_COLUMNS)
    codes = sorted({str(c) for c in written["code"]})
    versions = _versions(datalayer, codes)
    current_at = {c: t for c, t, v in zip(versions["code"], versions["_ingested_at"], versions["version"], strict=True) if v == 1}  # fmt: skip
    previous = {c: _status(s) for c, s, v in zip(versions["code"], versions["status"], versions["version"], strict=True) if v == 2}  # fmt: skip
    stored = _last_events(datalayer, codes)
    rows = []
    for row in written.astype(object).where(written.notna(), None).to_dict(orient="records"):
        code, status = str(row["code"]), _status(row.get("status"))
        if status is None or code not in current_at:
            continue
        known, told = stored.get(code, (set(), None))
        if told == status:
            continue  # the stream already said so
        before = previous.get(code)
        synced_at = as_utc(current_at[code])
        reason = f"Đồng bộ Cổng DVCQG: trạng thái {_shown(before)} → {_shown(status)}"
        for action, at in implied_actions(before, status, row, synced_at, known):
            at = as_utc(at)
            rows.append(
                {
                    "event_id": f"sync:{code}:{action}:{at:%Y%m%dT%H%M%S}",
                    "dossier_code": code,
                    "action": action,
                    "at": at,
                    "actor": PORTAL,
                    "step": None,
                    "quota_days": None,
                    "stated_reason": None,
                    "agency_code": row.get("agency_code"),
                    "unit_code": row.get("unit_code"),
                    "implied_by": reason,
                }
            )
    frame = pd.DataFrame(rows, columns=_COLUMNS)
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    return frame


def _shown(status: int | None) -> str:
    return "— (lần đồng bộ đầu)" if status is None else f"{status} ({status_label(status)})"


def derive(datalayer: DataLayer, table: str, written: pd.DataFrame) -> Iterator[tuple[str, pd.DataFrame]]:
    """The host's derive hook: implied events after each write of dossiers."""
    if table != DOSSIERS:
        return
    events = implied_events(datalayer, written)
    if len(events):
        yield EVENTS, events
