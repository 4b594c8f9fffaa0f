"""GSO-style statistical workbooks (biểu số liệu thống kê) → ``economy.observations``.

The layout the provincial statistics office and the agencies use for a table of one
indicator by administrative unit and period::

    TỔNG MỨC BÁN LẺ HÀNG HÓA VÀ DOANH THU DỊCH VỤ TIÊU DÙNG      ← title block (names the indicator)
    Đơn vị tính: Tỷ đồng                                          ← unit (or a units row below)
    ┌──────────────┬──────────── Năm 2024 ───────────┐             ← merged two-row header:
    │ Đơn vị       │ Tháng 1 │ Tháng 2 │ … │ Quý I   │               years on top, months/quarters below
    │              │ Tỷ đồng │ Tỷ đồng │ …           │             ← optional units row
    │ Toàn tỉnh    │ 8.123,4 │   ..    │ …           │             ← values: "." thousands, "," decimals,
    │ Xuyen Moc    │   512,0 │    -    │ …           │               "-"/".." missing; names with or
    Ghi chú: (*) số liệu sơ bộ                                    ← footnotes        without diacritics
    Nguồn: Cục Thống kê

Legacy files typed with ``.VnTime`` fonts are TCVN3 text; every text cell is converted to
Unicode first (:mod:`.tcvn3`). Columns that are not one period's value ("So với cùng kỳ (%)",
"Cộng dồn") are skipped. Missing values are skipped; a unit name, period or number that
cannot be read gives a row with a reason (quarantined, the rest is kept).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from ioc.plugins import AdapterError
from ioc.tables import ERROR_COLUMN
from ioc_plugins.economy.adapters.numbers import NotANumber, parse_number
from ioc_plugins.economy.adapters.tcvn3 import tcvn3_to_unicode
from ioc_plugins.economy.catalogue import catalogue_frame
from ioc_plugins.economy.units import fold, unit_code_for

_HEADER_FIRST = ("don vi", "dia phuong", "tinh thanh pho", "huyen", "chi tieu", "dia ban", "ten don vi")
_FOOTNOTE_FIRST = ("ghi chu", "nguon", "(*)", "*", "so lieu so bo", "luu y", "nguoi lap", "ngay ")
_NOT_A_PERIOD = ("%", "so voi", "cong don", "luy ke", "cung ky", "ke hoach", "uoc tinh ca nam")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
#: Scale from a unit a workbook may use to the catalogue's unit (folded names).
UNIT_SCALES = {
    ("trieu dong", "ty dong"): 1e-3,
    ("nghin ty dong", "ty dong"): 1e3,
    ("nghin usd", "trieu usd"): 1e-3,
    ("ty usd", "trieu usd"): 1e3,
    ("nghin luot", "luot"): 1e3,
    ("nghin nguoi", "nguoi"): 1e3,
}


def _text(value: Any) -> str:
    return tcvn3_to_unicode(str(value)).strip() if value is not None else ""


def _grid(path: Path, sheet: str | None) -> list[list[Any]]:
    """The sheet's cells with merged ranges filled from their top-left cell, TCVN3 converted."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, data_only=True)
    except Exception as exc:
        raise AdapterError(f"{path.name}: không đọc được tệp Excel ({exc})") from exc
    ws = book[sheet] if sheet else book.worksheets[0]
    grid = [list(row) for row in ws.iter_rows(values_only=True)]
    for merged in ws.merged_cells.ranges:
        top = grid[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                grid[r - 1][c - 1] = top
    return [[tcvn3_to_unicode(v) if isinstance(v, str) else v for v in row] for row in grid]


def _header_row(grid: list[list[Any]]) -> int:
    for i, row in enumerate(grid):
        first = fold(_text(row[0])) if row else ""
        if first.startswith(_HEADER_FIRST) and any(v not in (None, "") for v in row[1:]):
            return i
    raise AdapterError("không tìm thấy dòng tiêu đề cột (header row 'Đơn vị …' not found)")


def _indicator(title: str, given: str | None) -> dict[str, Any]:
    catalogue = catalogue_frame()
    if given:
        found = catalogue[catalogue["code"] == given]
        if found.empty:
            raise AdapterError(f"chỉ tiêu {given!r} không có trong danh mục (unknown indicator)")
        return found.iloc[0].to_dict()
    folded = fold(title)
    best = None
    for row in catalogue.itertuples():
        name = fold(re.sub(r"\(.*?\)", "", row.name_vi))
        if name and name in folded and (best is None or len(name) > len(best[0])):
            best = (name, row._asdict())
    if best is None:
        raise AdapterError(f"không nhận ra chỉ tiêu từ tiêu đề {title!r} (indicator not recognised)")
    return best[1]


def _unit_in(texts: list[str]) -> str | None:
    for text in texts:
        match = re.search(r"(?:đơn vị tính|đvt)\s*:\s*(.+)$", text, flags=re.IGNORECASE)
        if match:
            return match.group(1).strip()
    return None


def parse_period(text: str) -> pd.Timestamp | None:
    """The first day of the period a header names ("Năm 2024 Tháng 3", "Quý II/2024", "2023")."""
    folded = fold(text)
    if not folded or any(word in folded for word in _NOT_A_PERIOD):
        return None
    years = re.findall(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", folded)
    if not years:
        return None
    year = int(years[-1])
    month = re.search(r"(?:thang|t)\s*\.?\s*(\d{1,2})(?!\d)", folded)
    if month and 1 <= int(month.group(1)) <= 12:
        return pd.Timestamp(year, int(month.group(1)), 1)
    quarter = re.search(r"(?:quy|q)\s*\.?\s*(iv|iii|ii|i|[1-4])\b", folded)
    if quarter:
        q = _ROMAN.get(quarter.group(1)) or int(quarter.group(1))
        return pd.Timestamp(year, 3 * (q - 1) + 1, 1)
    if re.fullmatch(r"(nam\s*)?(19|20)\d\d( ca nam)?", folded) or "ca nam" in folded:
        return pd.Timestamp(year, 1, 1)
    return None


def read_gso_excel(
    path: str | Path, *, indicator: str | None = None, sheet: str | None = None, **_: Any
) -> pd.DataFrame:
    """Read one GSO-style workbook sheet into rows of ``economy.observations``.

    Parameters
    ----------
    path
        The ``.xlsx`` file.
    indicator
        Catalogue code; by default recognised from the title block.
    sheet
        Sheet name (default: the first sheet).
    """
    path = Path(path)
    grid = _grid(path, sheet)
    if not grid:
        raise AdapterError(f"{path.name}: tệp trống (empty workbook)")
    head = _header_row(grid)
    title_texts = [_text(v) for row in grid[:head] for v in row if v not in (None, "")]
    ind = _indicator(" ".join(title_texts), indicator)
    top, bottom = grid[head], grid[head + 1] if head + 1 < len(grid) else []
    two_rows = bool(bottom) and _text(bottom[0]) in ("", _text(top[0]))  # "Đơn vị" merged down, or blank
    if not two_rows:
        bottom = []
    columns: dict[int, pd.Timestamp] = {}
    for j in range(1, len(top)):
        label = " ".join(dict.fromkeys(t for t in (_text(top[j]), _text(bottom[j] if j < len(bottom) else None)) if t))
        period = parse_period(label)
        if period is not None:
            columns[j] = period
    if not columns:
        raise AdapterError(f"{path.name}: không có cột kỳ số liệu nào (no period columns in the header)")
    first_data = head + 2 if two_rows else head + 1
    unit_row = grid[first_data] if first_data < len(grid) else []
    unit_texts = [_text(v) for j, v in enumerate(unit_row) if j in columns and v not in (None, "")]
    unit = _unit_in(title_texts)
    if unit_texts and all(parse_number_or_none(v) is None and not _is_missing(v) for v in unit_texts):
        unit = unit or unit_texts[0].strip("() ")
        first_data += 1
    scale = _scale(unit, ind["unit"], path)
    return _rows(grid[first_data:], columns, ind["code"], scale, path.name, first_data)


def parse_number_or_none(text: str) -> float | None:
    try:
        return parse_number(text)
    except NotANumber:
        return None


def _is_missing(text: str) -> bool:
    try:
        return parse_number(text) is None
    except NotANumber:
        return False


def _scale(unit: str | None, wanted: str, path: Path) -> float:
    if unit is None or fold(unit) == fold(wanted):
        return 1.0
    scale = UNIT_SCALES.get((fold(unit), fold(wanted)))
    if scale is None:
        raise AdapterError(f"{path.name}: đơn vị tính {unit!r} khác danh mục ({wanted!r}) (unit mismatch)")
    return scale


def _rows(
    body: list[list[Any]], columns: dict[int, pd.Timestamp], code: str, scale: float, source: str, offset: int
) -> pd.DataFrame:
    records = []
    for i, row in enumerate(body):
        name = _text(row[0]) if row else ""
        values = [row[j] if j < len(row) else None for j in columns]
        if not name and all(v in (None, "") for v in values):
            continue
        if fold(name).startswith(_FOOTNOTE_FIRST) or (name and all(v in (None, "") for v in values)):
            continue  # a footnote or a section caption
        for j, period in columns.items():
            cell = row[j] if j < len(row) else None
            record = {"indicator_code": code, "unit_code": None, "period": period, "value": None, "source": source}
            record[ERROR_COLUMN] = None
            try:
                number = parse_number(cell)
            except NotANumber:
                record[ERROR_COLUMN] = f"value: ô dòng {offset + i + 1} không phải số: {cell!r} (text in a number cell)"
                number = None
            if number is None and record[ERROR_COLUMN] is None:
                continue  # "-", "..": no value
            record["value"] = number * scale if number is not None else cell
            unit_code = unit_code_for(name, period)
            if unit_code is None:
                record[ERROR_COLUMN] = record[ERROR_COLUMN] or (
                    f"unit_code: không nhận ra đơn vị hành chính {name!r} (unknown administrative unit)"
                )
                record["unit_code"] = name
            else:
                record["unit_code"] = unit_code
            records.append(record)
    frame = pd.DataFrame(records, columns=["indicator_code", "unit_code", "period", "value", "source", ERROR_COLUMN])
    frame["status"] = "official"
    return frame
