"""One-stop-shop (Bộ phận Một cửa) dossier export: CSV or Excel with Vietnamese headers.

The province's one-stop-shop software exports the dossier book ("Sổ theo dõi hồ sơ") with
a title block above the header row, Vietnamese column names and times written
``dd/mm/yyyy HH:mm`` in site local time. The header row is found by its ``Mã hồ sơ``
cell; columns are matched by name (case, accents as typed, surrounding spaces ignored).
The channel and status may be written as codes or as their Vietnamese labels.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd

from ioc.config import Settings
from ioc.plugins import AdapterError
from ioc_plugins.public_admin.adapters.common import ParseError, blank, frame_of, parse_status, parse_time
from ioc_plugins.public_admin.codes import CHANNEL_LABELS
from ioc_plugins.public_admin.tables import DOSSIERS

#: Vietnamese header → table column.
HEADERS = {
    "mã hồ sơ": "code",
    "số hồ sơ": "code",
    "mã tthc": "procedure_code",
    "mã thủ tục": "procedure_code",
    "cơ quan": "agency_code",
    "cơ quan giải quyết": "agency_code",
    "đơn vị": "unit_code",
    "đơn vị tiếp nhận": "unit_code",
    "kênh nộp": "channel",
    "kênh thực hiện": "channel",
    "ngày nộp": "submitted_at",
    "ngày tiếp nhận": "received_at",
    "ngày hẹn trả": "due_at",
    "ngày kết thúc xử lý": "finished_at",
    "ngày hoàn thành": "finished_at",
    "trạng thái": "status",
    "người nộp": "applicant_name",
    "chủ hồ sơ": "applicant_name",
    "số điện thoại": "applicant_phone",
    "số cccd": "applicant_id",
    "số định danh": "applicant_id",
    "mã kết quả": "result_code",
}
TIME_COLUMNS = ("submitted_at", "received_at", "due_at", "finished_at")
_CHANNELS = {label.lower(): code for code, label in CHANNEL_LABELS.items()}


def _norm(text: Any) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).strip().lower().split())


def read_onestop(path: str | Path, settings: Settings | None = None, **_: Any) -> pd.DataFrame:
    """Read a one-stop-shop export (``.csv``, ``.xlsx``) into rows of ``public_admin.dossiers``.

    Raises
    ------
    AdapterError
        Unreadable file, no ``Mã hồ sơ`` header, or no status column.
    """
    path = Path(path)
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
            raw = pd.read_excel(path, header=None, dtype=object)
        else:
            # csv, not pandas: title rows above the header have fewer cells than the table
            lines = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
            width = max((len(line) for line in lines), default=0)
            raw = pd.DataFrame([line + [None] * (width - len(line)) for line in lines], dtype=object)
    except (UnicodeDecodeError, ValueError, csv.Error, OSError) as error:
        raise AdapterError(f"{path}: không đọc được tệp xuất Một cửa ({error})") from error
    header_row = next((i for i, row in raw.iterrows() if "mã hồ sơ" in {_norm(v) for v in row if not blank(v)}), None)
    if header_row is None:
        raise AdapterError(f"{path}: không thấy dòng tiêu đề có cột 'Mã hồ sơ' (no header row)")
    names = [HEADERS.get(_norm(v)) if not blank(v) else None for v in raw.iloc[header_row]]
    if "status" not in names:
        raise AdapterError(f"{path}: thiếu cột 'Trạng thái' (no status column)")
    rows = []
    for offset, values in enumerate(raw.iloc[header_row + 1 :].itertuples(index=False), start=header_row + 2):
        record = {name: value for name, value in zip(names, values) if name}
        if all(blank(v) for v in record.values()):
            continue  # blank separator or footer line
        rows.append(_row(record, offset, settings))
    return frame_of(rows, DOSSIERS.column_names)


def _row(record: dict[str, Any], line: int, settings: Settings | None) -> dict[str, Any]:
    row = {k: (None if blank(v) else v) for k, v in record.items()}
    try:
        if row.get("code") is None:
            raise ParseError(f"dòng {line}: thiếu 'Mã hồ sơ' (missing dossier code)")
        row["status"] = parse_status(row.get("status"), "Trạng thái")
        for column in TIME_COLUMNS:
            row[column] = parse_time(row.get(column), column, settings)
        channel = row.get("channel")
        if channel is not None and not str(channel).strip().isdigit():
            if _norm(channel) not in _CHANNELS:
                raise ParseError(f"Kênh nộp: không rõ kênh {channel!r} (unknown channel)")
            channel = _CHANNELS[_norm(channel)]
        row["channel"] = 1 if channel is None else channel
    except ParseError as error:
        row["_error"] = str(error)
        row["code"] = row.get("code") or f"dòng {line}"
    for column in ("applicant_phone", "applicant_id", "code"):
        value = row.get(column)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value == int(value):
            row[column] = str(int(row[column]))  # Excel turns digit strings into numbers
    row["synced"] = False  # a local export: not known to be on the portal
    return row
