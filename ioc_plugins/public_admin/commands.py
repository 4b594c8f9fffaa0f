"""``ioc public_admin …``: the Decision 766 index, a dossier look-up and the violations, in a terminal.

Mounted by the host from ``Plugin.commands`` (``"public_admin": "ioc_plugins.public_admin.commands:app"``)::

    ioc public_admin index766 --agency --period quarter --at 15/03/2026
    ioc public_admin index766 --unit --period month --at 15/03/2026 --entity P.BARIA
    ioc public_admin lookup H-2026-000123 --phone-last4 5678
    ioc public_admin violations --since 01/03/2026 --agency STP

Every read goes through :mod:`.queries` (the same functions as the dashboard and the API);
dates are ``dd/mm/yyyy`` in site time; dossier lists never show the applicant's data.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from ioc.config import settings, site_timezone, suggest
from ioc.datalayer import DataLayer
from ioc_plugins.public_admin import queries
from ioc_plugins.public_admin.checks import KINDS
from ioc_plugins.public_admin.index766 import GROUPS

app = typer.Typer(
    help="Hành chính công: Bộ chỉ số 766, tra cứu hồ sơ, vi phạm khi giải quyết TTHC.", no_args_is_help=True
)


def console() -> Console:
    """A console sized when it prints (``COLUMNS`` of the caller), not when the module loads."""
    return Console()


#: ``--period`` values → the index's period kinds (6m and 9m run from 1 January).
PERIODS = {"month": "month", "quarter": "quarter", "6m": "6months", "9m": "9months", "year": "year"}


def _fail(message: str) -> None:
    console().print(f"[bold red]Lỗi:[/] {escape(message)}", highlight=False)
    raise typer.Exit(code=1)


def _layer() -> DataLayer:
    return DataLayer(settings())


def _day(text: str, option: str) -> pd.Timestamp:
    """``dd/mm/yyyy`` as the site's local midnight (aware)."""
    try:
        day = datetime.strptime(text.strip(), "%d/%m/%Y")
    except ValueError:
        _fail(f"{option} {text!r}: ngày phải có dạng dd/mm/yyyy (date must be dd/mm/yyyy)")
    return pd.Timestamp(day).tz_localize(site_timezone())


def period_of(period: str, at: pd.Timestamp) -> tuple[str, int, int]:
    """``(kind, year, index)`` of the ``period`` (``month``, ``quarter``, ``6m``, ``9m``, ``year``) holding ``at``."""
    if period not in PERIODS:
        _fail(f"--period {period!r} không hợp lệ (one of {', '.join(PERIODS)}){suggest(period, list(PERIODS))}")
    kind = PERIODS[period]
    index = at.month if kind == "month" else (at.month - 1) // 3 + 1 if kind == "quarter" else 1
    return kind, at.year, index


def _number(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _print_frame(frame: pd.DataFrame, title: str) -> None:
    table = RichTable(title=title, title_justify="left", show_lines=False)
    for column in frame.columns:
        table.add_column(escape(str(column)), overflow="fold")
    for row in frame.itertuples(index=False):  # cells hold source data: printed as written, never as markup
        table.add_row(*(escape(_number(v)) for v in row))
    console().print(table)


@app.command("index766")
def index766(
    agency: Annotated[
        bool, typer.Option("--agency/--unit", help="Chấm điểm theo cơ quan (mặc định) hoặc theo đơn vị.")
    ] = True,
    period: Annotated[str, typer.Option("--period", "-p", help="Kỳ đánh giá: month, quarter, 6m, 9m, year.")] = "month",
    at: Annotated[
        str | None,
        typer.Option("--at", help="Một ngày trong kỳ, dạng dd/mm/yyyy (mặc định: hôm nay)."),
    ] = None,
    entity: Annotated[
        str | None, typer.Option("--entity", "-e", help="Chỉ một cơ quan/đơn vị (mã); mặc định: tất cả.")
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain/--no-explain", help="In giải trình từng chỉ số (tử số, mẫu số, mục tiêu, điểm).")
    ] = True,
) -> None:
    """Bảng điểm Bộ chỉ số 766 (QĐ 766/QĐ-TTg) của kỳ chứa ngày --at, kèm giải trình từng chỉ số."""
    day = _day(at, "--at") if at else pd.Timestamp.now(tz=site_timezone()).normalize()
    kind, year, index = period_of(period, day)
    by = "agency_code" if agency else "unit_code"
    layer = _layer()
    try:
        indicators = queries.index_table(layer, kind, year, index, by=by)
    finally:
        layer.close()
    label = queries.period_label(kind, year, index)
    if entity is not None:
        known = sorted(set(indicators["entity"].astype(str)))
        if entity not in known:
            _fail(f"không có {'cơ quan' if agency else 'đơn vị'} {entity!r} trong {label}{suggest(entity, known)}")
        indicators = indicators[indicators["entity"] == entity]
    if indicators.empty:
        console().print(f"{label}: chưa có dữ liệu hồ sơ hay danh mục TTHC (no data for this period).")
        return
    league = queries.league_table(indicators).rename(
        columns={"rank": "Hạng", "entity": "Cơ quan" if agency else "Đơn vị", "name": "Tên", "total": "Tổng điểm"}
        | {group: f"{name} ({points:g})" for group, (name, points) in GROUPS.items()}
    )
    _print_frame(league.drop(columns=["Tên"]), f"Bộ chỉ số 766 — {label} — điểm tối đa 100")
    if explain:
        for name in league.iloc[:, 1]:
            _print_frame(queries.indicator_table(indicators, name), f"Giải trình chỉ số: {name} ({label})")


@app.command("lookup")
def lookup(
    code: Annotated[str, typer.Argument(help="Mã hồ sơ.")],
    phone_last4: Annotated[str, typer.Option("--phone-last4", help="4 số cuối điện thoại của người nộp.")],
) -> None:
    """Tra cứu một hồ sơ như người dân: trạng thái, ngày hẹn trả, các bước công khai (không có dữ liệu cá nhân)."""
    layer = _layer()
    try:
        answer = queries.lookup(layer, code, phone_last4)
    finally:
        layer.close()
    if answer is None:
        _fail("không tìm thấy hồ sơ, hoặc 4 số cuối điện thoại không khớp (not found)")
    zone = site_timezone()

    def local(value: str | None) -> str:
        return "—" if not value else pd.Timestamp(value).tz_convert(zone).strftime("%d/%m/%Y %H:%M")

    console().print(
        f"[bold]Hồ sơ {escape(str(answer['code']))}[/] — {escape(str(answer['procedure']))}", highlight=False
    )
    for label, value in (
        ("Trạng thái", answer["status"]),
        ("Kênh nộp", answer["channel"] or "—"),
        ("Ngày tiếp nhận", local(answer["received_at"])),
        ("Ngày hẹn trả", local(answer["due_at"])),
        ("Ngày kết thúc xử lý", local(answer["finished_at"])),
    ):
        console().print(f"  {label}: {escape(str(value))}", highlight=False)
    steps = pd.DataFrame(
        [{"Thời điểm": local(s["at"]), "Bước": s["label"]} for s in answer["steps"]], columns=["Thời điểm", "Bước"]
    )
    _print_frame(steps, "Quá trình xử lý")


@app.command("violations")
def violations(
    since: Annotated[
        str | None, typer.Option("--since", help="Từ ngày dd/mm/yyyy (theo thời điểm vi phạm); mặc định: tất cả.")
    ] = None,
    agency: Annotated[str | None, typer.Option("--agency", help="Chỉ hồ sơ của cơ quan này (mã).")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Số cảnh báo tối đa.")] = 200,
) -> None:
    """Các cảnh báo vi phạm đang mở khi giải quyết hồ sơ TTHC, mới nhất trước."""
    start = _day(since, "--since") if since else None
    layer = _layer()
    try:
        alerts = queries.violations(layer, limit=limit if agency is None else 100_000)
        agencies = queries.dossier_agencies(layer, alerts["entity_id"].dropna().astype(str).tolist())
    finally:
        layer.close()
    if start is not None:
        observed = pd.to_datetime(alerts["observed_at"], utc=True)
        alerts = alerts[observed >= start.tz_convert("UTC")]
    alerts = alerts.assign(agency_code=alerts["entity_id"].map(agencies))
    if agency is not None:
        alerts = alerts[alerts["agency_code"] == agency]
    alerts = alerts.head(limit)
    if alerts.empty:
        console().print("Không có cảnh báo vi phạm đang mở (no open violation).")
        return
    zone = site_timezone()
    shown = pd.DataFrame(
        {
            "Thời điểm": pd.to_datetime(alerts["observed_at"], utc=True)
            .dt.tz_convert(zone)
            .dt.strftime("%d/%m/%Y %H:%M"),
            "Vi phạm": alerts["rule_id"].str.removeprefix("public_admin.").map(lambda k: KINDS.get(k, (k,))[0]),
            "Mức độ": alerts["severity"],
            "Hồ sơ": alerts["entity_id"],
            "Cơ quan": alerts["agency_code"],
            "Chi tiết": alerts["message"],
        }
    )
    _print_frame(shown, f"Vi phạm đang mở: {len(shown)}")
