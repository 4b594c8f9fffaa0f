"""The hotline's call log: CSV or Excel, with Vietnamese or English headers."""

import csv
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd

from ioc.config import Settings, site_timezone
from ioc.plugins import AdapterError
from ioc_plugins.feedback.adapters.rows import submission_frame
from ioc_plugins.feedback.catalogue import default_categories
from ioc_plugins.feedback.duplicates import plain_words

#: Header aliases (folded to lowercase ASCII) → submission columns.
HOTLINE_COLUMNS = {
    "source_id": ("call_id", "ma cuoc goi", "id"),
    "received_at": ("time", "thoi gian", "thoi diem", "ngay gio", "received_at"),
    "reporter_phone": ("caller_number", "so goi den", "so dien thoai", "phone"),
    "reporter_name": ("caller_name", "ho ten", "ho va ten", "name"),
    "description": ("content", "noi dung", "description"),
    "address": ("address", "dia chi", "dia diem"),
    "category": ("category", "loai", "loai phan anh", "linh vuc"),
    "lat": ("lat", "vi do"),
    "lon": ("lon", "long", "kinh do"),
    "unit_code": ("unit_code", "ma don vi", "ma xa"),
}


def _fold_header(name: str) -> str:

    return " ".join(plain_words(str(name))) or str(name).strip().lower()


def read_hotline(path: str | Path, *, settings: Settings | None = None, **_options: Any) -> pd.DataFrame:
    """Read the hotline call log (CSV or Excel; times as dd/mm/yyyy HH:MM site time)."""
    path = Path(path)
    if not path.exists():
        raise AdapterError(f"không tìm thấy {path} (not found)")
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
            raw = pd.read_excel(path, dtype=str)
        else:
            raw = pd.read_csv(path, dtype=str, encoding="utf-8-sig", sep=None, engine="python")
    except (UnicodeDecodeError, ValueError, csv.Error, zipfile.BadZipFile, pd.errors.ParserError) as error:
        # csv.Error: the sniffer finds no delimiter (empty or binary file); BadZipFile: not an .xlsx
        raise AdapterError(f"{path}: không đọc được nhật ký tổng đài (unreadable call log): {error}") from None
    folded = {_fold_header(c): c for c in raw.columns}
    mapping = {}
    for target, aliases in HOTLINE_COLUMNS.items():
        for alias in aliases:
            if _fold_header(alias) in folded:
                mapping[folded[_fold_header(alias)]] = target
                break
    missing = {"source_id", "received_at", "description"} - set(mapping.values())
    if missing:
        raise AdapterError(f"{path}: thiếu cột {sorted(missing)} (cần: mã cuộc gọi, thời gian, nội dung)")
    frame = raw.rename(columns=mapping)[list(mapping.values())].copy()
    frame["channel"] = "hotline"
    times = pd.to_datetime(frame["received_at"], dayfirst=True, errors="coerce", format="mixed")
    frame["_error"] = None
    frame.loc[times.isna(), "_error"] = "received_at: không đọc được thời gian (cannot parse; dd/mm/yyyy HH:MM)"
    frame["received_at"] = (
        times.dt.tz_localize(site_timezone(settings), ambiguous="NaT", nonexistent="NaT")
        if times.dt.tz is None
        else times
    )
    if "category" in frame:
        frame["category"] = frame["category"].map(_category_code)
    return submission_frame(frame.to_dict(orient="records"))


def _category_code(value: Any) -> Any:
    """Accept a category code or its Vietnamese name (with or without diacritics)."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or not str(value).strip():
        return None

    text = str(value).strip()
    categories = default_categories()
    if text in categories:
        return text
    by_name = {" ".join(plain_words(c.name)): code for code, c in categories.items()}
    return by_name.get(" ".join(plain_words(text)), text)  # an unknown value stays, and validation names it
