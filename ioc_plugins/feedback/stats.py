"""Statistics of citizen reports (Điều 6.3, 11.3): received, processed, on time, overdue.

Counted from the state store (always current), grouped by category, commune, agency,
channel or month (site time). Definitions:

* ``received``: reports received in the period (duplicates included, also counted apart);
* ``processed``: resolved, closed or dismissed;
* ``on_time`` / ``late``: resolved by the agency before / after its deadline;
* ``overdue``: still being handled and past the deadline now;
* ``pending``: neither processed nor a duplicate.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import select

from geodata.units import admin_units
from ioc.config import settings, site_zone
from ioc.incidents.models import FINISHED_STATES, Incident
from ioc.store import Store
from ioc.timestamps import as_utc
from ioc_plugins.feedback.catalogue import category_label

GROUPINGS = ("category", "unit_code", "agency_code", "channel", "month")
COUNTS = ("received", "processed", "on_time", "late", "overdue", "pending", "duplicates")
#: Vietnamese column headers for exports.
HEADERS_VI = {
    "category": "Loại phản ánh",
    "unit_code": "Đơn vị hành chính",
    "agency_code": "Cơ quan xử lý",
    "channel": "Kênh tiếp nhận",
    "month": "Tháng",
    "label": "Tên",
    "received": "Tiếp nhận",
    "processed": "Đã xử lý",
    "on_time": "Đúng hạn",
    "late": "Trễ hạn",
    "overdue": "Đang quá hạn",
    "pending": "Đang xử lý",
    "duplicates": "Trùng lặp",
    "on_time_rate": "Tỷ lệ đúng hạn (%)",
}
CHANNEL_LABELS = {
    "web": "Cổng thông tin",
    "email": "Thư điện tử",
    "hotline": "Tổng đài",
    "open311": "Open311",
    "app": "Ứng dụng di động",
    "staff": "Cán bộ nhập",
}


def _bounds(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    lower = datetime.combine(start, time(0), tzinfo=site_zone()).astimezone(UTC) if start else None
    upper = datetime.combine(end + timedelta(days=1), time(0), tzinfo=site_zone()).astimezone(UTC) if end else None
    return lower, upper


def report_frame(
    store: Store, *, start: date | None = None, end: date | None = None, agency: str | None = None
) -> pd.DataFrame:
    """One row per citizen report of the period, without personal data."""
    lower, upper = _bounds(start, end)
    query = select(
        Incident.id,
        Incident.tracking_code,
        Incident.category,
        Incident.unit_code,
        Incident.agency_code,
        Incident.suggested_agency,
        Incident.channel,
        Incident.state,
        Incident.received_at,
        Incident.deadline,
        Incident.resolved_at,
        Incident.on_time,
        Incident.overdue,
        Incident.duplicate_of,
    ).where(Incident.tracking_code.is_not(None))
    if lower is not None:
        query = query.where(Incident.received_at >= lower)
    if upper is not None:
        query = query.where(Incident.received_at < upper)
    if agency is not None:
        query = query.where(Incident.agency_code == agency)
    with store.engine.connect() as connection:
        frame = pd.DataFrame(connection.execute(query).mappings().all())
    if frame.empty:
        return pd.DataFrame(columns=[c.name for c in query.selected_columns])
    for column in ("received_at", "deadline", "resolved_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True, format="mixed")
    return frame


def report_statistics(
    store: Store,
    by: str = "category",
    *,
    start: date | None = None,
    end: date | None = None,
    agency: str | None = None,
    now: datetime | None = None,
    agency_names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Counts per group (see the module docstring), with a Vietnamese ``label`` column.

    ``agency`` limits the figures to one agency's incidents; ``agency_names`` (code →
    name) labels the agency grouping (the configured site's agencies by default).
    """
    if by not in GROUPINGS:
        raise ValueError(f"by phải là một trong {GROUPINGS} (got {by!r})")
    frame = report_frame(store, start=start, end=end, agency=agency)
    columns = [by, "label", *COUNTS, "on_time_rate"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    now = as_utc(now or datetime.now(UTC))
    duplicate = frame["duplicate_of"].notna()
    processed = frame["state"].isin(FINISHED_STATES)
    flags = pd.DataFrame(
        {
            "received": True,
            "processed": processed & ~duplicate,
            "on_time": frame["on_time"].eq(True) & frame["resolved_at"].notna(),
            "late": frame["on_time"].eq(False) & frame["resolved_at"].notna(),
            "overdue": ~processed & ~duplicate & frame["deadline"].notna() & (frame["deadline"] < now),
            "pending": ~processed & ~duplicate,
            "duplicates": duplicate,
        }
    )
    if by == "month":
        keys = frame["received_at"].dt.tz_convert(site_zone()).dt.strftime("%m/%Y")
    else:
        keys = frame[by].fillna("(chưa có)" if by != "agency_code" else "(chưa chuyển)").astype(str)
    counts = flags.astype(int).groupby(keys.rename(by)).sum().reset_index()
    resolved = counts["on_time"] + counts["late"]
    counts["on_time_rate"] = (100 * counts["on_time"] / resolved.where(resolved > 0)).round(1)
    counts.insert(1, "label", counts[by].map(_labeller(by, agency_names)))
    if by == "month":  # chronological, not alphabetical
        counts = counts.sort_values(by, key=lambda s: pd.to_datetime(s, format="%m/%Y"))
    else:
        counts = counts.sort_values(["received", by], ascending=[False, True])
    return counts[columns].reset_index(drop=True)


def _labeller(by: str, agency_names: Mapping[str, str] | None):
    if by == "category":
        return category_label
    if by == "channel":
        return lambda key: CHANNEL_LABELS.get(key, key)
    if by == "agency_code":
        if agency_names is None:
            agency_names = {a.code: a.name for a in settings().site.agencies}
        return lambda key: agency_names.get(key, key)
    if by == "unit_code":
        return _unit_name
    return lambda key: key


def _unit_name(key: str) -> str:
    try:
        units = admin_units("post2025", "commune").set_index("unit_code")["name"]
        return str(units.get(key, key))
    except Exception:  # noqa: BLE001 - the catalogue is optional for a label
        return key


def export_bytes(frame: pd.DataFrame, fmt: str) -> tuple[bytes, str]:
    """The statistics as CSV (UTF-8 with BOM, for Excel) or XLSX, with Vietnamese headers."""
    renamed = frame.rename(columns=HEADERS_VI)
    if fmt == "csv":
        return renamed.to_csv(index=False).encode("utf-8-sig"), "text/csv; charset=utf-8"
    if fmt == "xlsx":
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            renamed.to_excel(writer, index=False, sheet_name="Thống kê")
        return buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    raise ValueError(f"định dạng xuất {fmt!r} không hỗ trợ (csv, xlsx)")


def export_statistics(frame: pd.DataFrame, path: str) -> None:
    """Write the statistics to ``path`` (``.csv`` or ``.xlsx``)."""
    suffix = str(path).rsplit(".", 1)[-1].lower()
    data, _ = export_bytes(frame, suffix)
    with open(path, "wb") as handle:
        handle.write(data)
