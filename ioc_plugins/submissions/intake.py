"""Intake of a returned template: read, validate, store values and a receipt.

Whole-workbook refusals (the receipt says ``rejected`` and why): not a template, headers
edited, an agency or a report date that differs from what the template was made for (or from
the agency expected, e.g. the sender's), a report date that is not a Monday or Thursday.
Row refusals (quarantined with a reason, the rest kept; the receipt says ``partial``): text in a
number cell, an indicator that is not the agency's, a reference period edited, a value outside
the catalogue's bounds or implausible against its history (more than ``plausible_ratio`` times
above or below the median of its last 12 values). The same workbook sent twice is a duplicate
(nothing new is stored); a later workbook for the same report date is a correction: its values
supersede the earlier ones, which stay in the table's history.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import load_workbook

from ioc.datalayer import DataLayer
from ioc.ingest import process_batch
from ioc.plugins import AdapterError
from ioc.tables import ERROR_COLUMN
from ioc_plugins.submissions.agencies import CATALOGUE_TABLE, CatalogueMissing, indicators_of
from ioc_plugins.submissions.config import submissions_config
from ioc_plugins.submissions.template import (
    DATA_SHEET,
    FIRST_ROW,
    HEADER_ROW,
    HEADERS,
    META_SHEET,
    WEEKDAY_NAMES,
    period_label,
    reference_period,
)

HISTORY_LENGTH = 12
_MISSING = {"", "-", "..", "…"}


class SubmissionRejected(AdapterError):
    """The whole workbook is refused (the reason is the message)."""


@dataclass
class Parsed:
    """A returned workbook as read: who, for which report date, and its rows (``_error`` set on bad ones)."""

    agency: str
    report_date: date
    submission_id: str
    rows: pd.DataFrame
    file_name: str
    notes: list[str] = field(default_factory=list)


def submission_id(path: Path) -> str:
    """A content hash of the workbook: the same file sent twice has the same id."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""  # an empty cell (pandas reads it as NaN)
    return str(value).strip()


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return datetime.strptime(_text(value), "%d/%m/%Y").date()
    except ValueError:
        return None


def parse_workbook(path: str | Path) -> Parsed:
    """Read a returned template; raise :class:`SubmissionRejected` when the workbook as a whole is wrong."""
    path = Path(path)
    try:
        book = load_workbook(path, data_only=True)
    except Exception as exc:
        raise SubmissionRejected(f"{path.name}: không đọc được tệp Excel ({exc})") from exc
    if DATA_SHEET not in book.sheetnames:
        raise SubmissionRejected(f"{path.name}: không phải biểu mẫu IOC (thiếu sheet '{DATA_SHEET}')")
    sheet = book[DATA_SHEET]
    header = tuple(_text(sheet.cell(row=HEADER_ROW, column=c).value) for c in range(1, len(HEADERS) + 1))
    if header != HEADERS:
        changed = [f"{want!r}→{got!r}" for want, got in zip(HEADERS, header) if want != got]
        raise SubmissionRejected(f"Tiêu đề cột đã bị sửa (edited headers): {', '.join(changed)}")
    agency = _text(sheet["C2"].value)
    report_date = _date(sheet["C4"].value)
    meta = {}
    if META_SHEET in book.sheetnames:
        meta = {_text(r[0]): _text(r[1]) for r in book[META_SHEET].iter_rows(values_only=True) if r and r[0]}
    if report_date is None:
        raise SubmissionRejected(f"Ngày báo cáo không đọc được: {sheet['C4'].value!r} (cần dd/mm/yyyy)")
    if meta and meta.get("agency") != agency:
        raise SubmissionRejected(
            f"Sai cơ quan: biểu mẫu lập cho {meta.get('agency')!r} nhưng ghi {agency!r} (wrong agency)"
        )
    if meta and meta.get("report_date") != report_date.isoformat():
        raise SubmissionRejected(
            f"Sai kỳ báo cáo: biểu mẫu lập cho ngày {meta.get('report_date')} nhưng ghi "
            f"{report_date:%d/%m/%Y} (wrong period)"
        )
    if report_date.weekday() not in WEEKDAY_NAMES:
        raise SubmissionRejected(f"Ngày báo cáo {report_date:%d/%m/%Y} không phải thứ Hai hoặc thứ Năm (wrong period)")
    records = []
    for r, values in enumerate(sheet.iter_rows(min_row=FIRST_ROW, max_col=len(HEADERS), values_only=True), FIRST_ROW):
        cells = dict(zip(HEADERS, values))
        if not _text(cells["Mã chỉ tiêu"]):
            continue
        records.append({"row": r, **cells})
    return Parsed(agency, report_date, submission_id(path), pd.DataFrame(records), path.name)


def _history(datalayer: DataLayer | None, agency: str) -> pd.DataFrame:
    """Earlier values of the agency's indicators: its own submissions and the observations table."""
    frames = []
    if datalayer is not None:
        if datalayer.version("submissions.values") is not None:
            frames.append(
                datalayer.read("submissions.values", columns=["indicator_code", "unit_code", "period", "value"])
            )
        if "economy.observations" in datalayer.tables and datalayer.version("economy.observations") is not None:
            frames.append(
                datalayer.read("economy.observations", columns=["indicator_code", "unit_code", "period", "value"])
            )
    if not frames:
        return pd.DataFrame(columns=["indicator_code", "unit_code", "period", "value"])
    return pd.concat(frames, ignore_index=True)


def _implausible(value: float, history: pd.Series, ratio: float) -> bool:
    recent = history.dropna().astype("float64").tail(HISTORY_LENGTH)
    if len(recent) < 3:
        return False
    median = float(np.median(recent))
    if median <= 0 or value <= 0:
        return False
    return value > median * ratio or value < median / ratio


def validate(
    parsed: Parsed,
    catalogue: pd.DataFrame,
    history: pd.DataFrame,
    *,
    received_at: pd.Timestamp,
    expected_agency: str | None = None,
    plausible_ratio: float = 3.0,
) -> pd.DataFrame:
    """Rows of ``submissions.values`` with a reason in ``_error`` for the refused ones.

    Raises
    ------
    SubmissionRejected
        When the agency is not the one expected.
    """
    if expected_agency is not None and parsed.agency != expected_agency:
        raise SubmissionRejected(f"Sai cơ quan: cần {expected_agency!r}, biểu mẫu của {parsed.agency!r} (wrong agency)")
    own = catalogue.set_index("code")
    rows = []
    for cell in parsed.rows.itertuples(index=False):
        cells = dict(zip(["row", *HEADERS], cell))
        code, raw = _text(cells["Mã chỉ tiêu"]), cells["Giá trị"]
        if _text(raw) in _MISSING:
            continue  # not filled in: nothing reported for this row
        error, value, period = None, None, None
        if code not in own.index:
            error = f"indicator_code: {code!r} không thuộc danh mục của {parsed.agency} (not the agency's indicator)"
        else:
            info = own.loc[code]
            period = reference_period(parsed.report_date, info["frequency"])
            if _text(cells["Kỳ số liệu"]) != period_label(period, info["frequency"]):
                error = f"period: kỳ số liệu {cells['Kỳ số liệu']!r} khác kỳ của biểu mẫu (wrong period)"
            value, number_error = _number(raw)
            error = error or number_error
            if error is None:
                error = _bounds(value, info, history, code, _text(cells["Mã đơn vị hành chính"]), plausible_ratio)
        rows.append(
            {
                "agency": parsed.agency,
                "report_date": pd.Timestamp(parsed.report_date),
                "indicator_code": code,
                "unit_code": _text(cells["Mã đơn vị hành chính"]),
                "period": period,
                "value": value if error is None else _text(raw),
                "status": _text(cells["Tình trạng"]) or None,
                "note": _text(cells["Ghi chú"]) or None,
                "submission_id": parsed.submission_id,
                "received_at": received_at,
                ERROR_COLUMN: f"dòng {cells['row']}: {error}" if error else None,
            }
        )
    return pd.DataFrame(rows, columns=[*VALUE_COLUMNS, ERROR_COLUMN])


VALUE_COLUMNS = [
    "agency",
    "report_date",
    "indicator_code",
    "unit_code",
    "period",
    "value",
    "status",
    "note",
    "submission_id",
    "received_at",
]


def _number(raw: Any) -> tuple[float | None, str | None]:
    if isinstance(raw, bool):
        return None, f"value: {raw!r} không phải số (text in a number cell)"
    if isinstance(raw, int | float):
        return float(raw), None
    text = _text(raw).replace(" ", "")
    if text.count(",") == 1 and text.replace(".", "").replace(",", "").lstrip("-").isdigit():
        text = text.replace(".", "").replace(",", ".")
    try:
        return float(text), None
    except ValueError:
        return None, f"value: {raw!r} không phải số (text in a number cell)"


def _bounds(value: float, info: pd.Series, history: pd.DataFrame, code: str, unit: str, ratio: float) -> str | None:
    low, high = info.get("minimum"), info.get("maximum")
    if (low is not None and pd.notna(low) and value < low) or (high is not None and pd.notna(high) and value > high):
        return f"value: {value} ngoài khoảng [{low}, {high}] của chỉ tiêu (implausible value)"
    past = history[(history["indicator_code"] == code) & (history["unit_code"] == unit)].sort_values("period")
    if _implausible(value, past["value"], ratio):
        median = float(np.median(past["value"].astype("float64").tail(HISTORY_LENGTH)))
        return f"value: {value:g} bất thường so với các kỳ trước (trung vị {median:g}) (implausible vs history)"
    return None


def read_values(
    path: str | Path, *, settings: Any = None, datalayer: DataLayer | None = None, **_: Any
) -> pd.DataFrame:
    """The file adapter: a returned workbook → rows of ``submissions.values`` (history checked when the
    deployment's data layer is at hand)."""
    parsed = parse_workbook(path)
    owner = datalayer
    if owner is None and settings is not None:
        owner = DataLayer(settings)
    try:
        catalogue = _catalogue(owner, parsed.agency)
        received = pd.Timestamp.now(tz="UTC")
        plausible = submissions_config(owner.settings if owner is not None else None).plausible_ratio
        return validate(
            parsed, catalogue, _history(owner, parsed.agency), received_at=received, plausible_ratio=plausible
        )
    finally:
        if owner is not None and datalayer is None:
            owner.close()


def _catalogue(datalayer: DataLayer | None, agency: str) -> pd.DataFrame:
    if datalayer is None:
        raise SubmissionRejected("Cần kho dữ liệu để đọc danh mục chỉ tiêu (economy.indicators)")
    try:
        return indicators_of(datalayer, agency)
    except CatalogueMissing as exc:
        raise SubmissionRejected(str(exc)) from exc


@dataclass(frozen=True)
class Receipt:
    """What intake did with one workbook."""

    submission_id: str
    agency: str
    report_date: date | None
    status: str
    rows_accepted: int
    rows_rejected: int
    reason: str | None
    duplicate: bool = False


def ingest_submission(
    datalayer: DataLayer,
    path: str | Path,
    *,
    channel: str = "file",
    sender: str | None = None,
    expected_agency: str | None = None,
    now: pd.Timestamp | None = None,
) -> Receipt:
    """Validate a returned workbook, store its values and a receipt; never raises for a bad workbook."""
    path = Path(path)
    now = now or pd.Timestamp.now(tz="UTC")
    sid = submission_id(path)
    if datalayer.version("submissions.receipts") is not None:
        earlier = datalayer.read("submissions.receipts", where=f"submission_id = '{sid}'")
        if len(earlier):
            first = earlier.iloc[0]
            return Receipt(
                sid,
                first["agency"],
                first["report_date"],
                first["status"],
                0,
                0,
                "Biểu mẫu này đã được nhận trước đó (duplicate submission)",
                duplicate=True,
            )
    try:
        parsed = parse_workbook(path)
        rows = validate(
            parsed,
            _catalogue(datalayer, parsed.agency),
            _history(datalayer, parsed.agency),
            received_at=now,
            expected_agency=expected_agency,
            plausible_ratio=submissions_config(datalayer.settings).plausible_ratio,
        )
        if rows.empty:
            raise SubmissionRejected("Biểu mẫu chưa có số liệu nào (empty template: no value filled in)")
    except SubmissionRejected as exc:
        agency = expected_agency or _guess_agency(path)
        receipt = Receipt(sid, agency, None, "rejected", 0, 0, str(exc))
        _store_receipt(datalayer, receipt, now, channel, path.name, sender)
        return receipt
    results = process_batch(datalayer, "submissions.values", rows, source=f"submission:{channel}", path=path, now=now)
    rejected = results[0].rejected if results else 0
    accepted = len(rows) - rejected
    reasons = rows[ERROR_COLUMN].dropna().tolist()
    status = "accepted" if not rejected else ("partial" if accepted else "rejected")
    receipt = Receipt(sid, parsed.agency, parsed.report_date, status, accepted, rejected, "; ".join(reasons) or None)
    _store_receipt(datalayer, receipt, now, channel, path.name, sender)
    return receipt


def _guess_agency(path: Path) -> str:
    try:
        book = load_workbook(path, read_only=True)
        return _text(book[DATA_SHEET]["C2"].value) or "?"
    except Exception:  # noqa: BLE001 - only a label for the refusal's receipt
        return "?"


def _store_receipt(
    datalayer: DataLayer, receipt: Receipt, now: pd.Timestamp, channel: str, file_name: str, sender: str | None
) -> None:
    frame = pd.DataFrame(
        [
            {
                "submission_id": receipt.submission_id,
                "agency": receipt.agency,
                "report_date": pd.Timestamp(receipt.report_date) if receipt.report_date else pd.NaT,
                "received_at": now,
                "channel": channel,
                "file_name": file_name,
                "sender": sender,
                "status": receipt.status,
                "rows_accepted": receipt.rows_accepted,
                "rows_rejected": receipt.rows_rejected,
                "detail": receipt.reason,
            }
        ]
    )
    if receipt.report_date is None:
        frame["report_date"] = pd.Timestamp(now.tz_convert(None).date())  # the day it was refused
    # the derive hook already stored a plain receipt for this workbook at ``now``: this
    # fuller one, written later with the same ``now``, supersedes it (the data layer's
    # write ordinal breaks the tie)
    process_batch(datalayer, "submissions.receipts", frame, source=f"submission:{channel}", now=now)


__all__ = [
    "CATALOGUE_TABLE",
    "Parsed",
    "Receipt",
    "SubmissionRejected",
    "ingest_submission",
    "parse_workbook",
    "read_values",
    "validate",
]
