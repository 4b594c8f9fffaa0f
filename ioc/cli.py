"""The ``ioc`` command line: one console script of small sub-commands."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table as RichTable

app = typer.Typer(help="IOC Workbench — trung tâm giám sát, điều hành đô thị thông minh.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
geodata_app = typer.Typer(help="Đơn vị hành chính và ranh giới (administrative units, boundaries).", no_args_is_help=True)
rules_app = typer.Typer(help="Quy tắc cảnh báo (rules).", no_args_is_help=True)
app.add_typer(geodata_app, name="geodata")
app.add_typer(rules_app, name="rules")
console = Console()


def _mount(module: str, attribute: str, name: str, help_text: str) -> None:
    """Mount an optional sub-application; a missing one must not break the CLI."""
    try:
        sub = getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError):
        return
    app.add_typer(sub, name=name, help=help_text)


def _datalayer():
    from ioc.config import settings
    from ioc.datalayer import DataLayer

    return DataLayer(settings())


def _fail(message: str) -> None:
    console.print(f"[bold red]Lỗi:[/] {message}", highlight=False)
    raise typer.Exit(code=1)


@app.command()
def init() -> None:
    """Tạo thư mục dữ liệu và cơ sở dữ liệu trạng thái (create the data dir and migrate the store)."""
    from ioc.config import settings
    from ioc.store import current_revision, open_store

    cfg = settings()
    for folder in (cfg.data_dir, cfg.lake_dir, cfg.quarantine_dir):
        folder.mkdir(parents=True, exist_ok=True)
    store = open_store(cfg.state_url)
    console.print(f"Dữ liệu: {cfg.data_dir.resolve()}")
    console.print(f"CSDL trạng thái: {store.engine.url.render_as_string(hide_password=True)} (revision {current_revision(store.engine)})")


@app.command()
def demo(days: Annotated[int, typer.Option(help="Số ngày dữ liệu mẫu (days of demo data)")] = 14,
         scale: Annotated[float, typer.Option(help="Hệ số quy mô (scale factor)")] = 1.0,
         seed: Annotated[int, typer.Option(help="Hạt giống ngẫu nhiên (random seed)")] = 7,
         plugin: Annotated[list[str] | None, typer.Option(help="Chỉ các plugin này (only these plugins)")] = None,
         models: Annotated[bool, typer.Option(help="Huấn luyện mô hình NLP mặc định nếu chưa có")] = False,
         demo_logins: Annotated[bool, typer.Option(help="Đặt mật khẩu 'demo1234' cho các tài khoản mẫu demo.*")] = False) -> None:
    """Sinh và nạp dữ liệu mẫu (generate and ingest the site's demo data)."""
    from ioc.demo import run_demo

    if days < 1 or scale <= 0:
        _fail("--days phải ≥ 1 và --scale > 0")
    dl = _datalayer()
    if models:  # first, so the demo's citizen reports are labelled as they are ingested
        try:
            from nlp.defaults import ensure_default_models
        except ImportError as exc:
            _fail(f"không nạp được gói nlp: {exc}")
        ensure_default_models(dl.settings.data_dir / "models", progress=True)
    totals = run_demo(dl, days=days, scale=scale, seed=seed, plugins=plugin or None, progress=True)
    for table, counts in totals.items():
        console.print(f"{table}: {counts['accepted']} dòng mới, {counts['rejected']} loại, {counts['duplicate']} trùng")
    if demo_logins:
        _demo_logins(dl.store)


DEMO_PASSWORD = "demo1234"


def _demo_logins(store) -> None:
    """Give the demo accounts a known password (demo data only, never production)."""
    from sqlalchemy import select

    from ioc.auth import User, set_password

    with store.session() as session:
        names = session.scalars(select(User.username).where(User.username.like("demo.%"))).all()
    for name in names:
        set_password(store, name, DEMO_PASSWORD, actor="demo")
    if names:
        console.print(f"Tài khoản mẫu (mật khẩu '{DEMO_PASSWORD}'): {', '.join(sorted(names))}", highlight=False)


@app.command()
def ingest(source: Annotated[str, typer.Argument(help="Tên nguồn, ví dụ healthyair_csv (see `ioc plugins`)")],
           paths: Annotated[list[Path], typer.Argument(help="Tệp cần nạp (files)")]) -> None:
    """Nạp tệp dữ liệu qua bộ chuyển đổi (ingest files through a source adapter)."""
    from ioc.ingest import ingest_files, totals
    from ioc.plugins import AdapterError, UnknownNameError

    dl = _datalayer()
    try:
        results = ingest_files(dl, source, paths)
    except (AdapterError, UnknownNameError) as exc:
        _fail(str(exc))
    for result in results:
        console.print(result.summary(), highlight=False)
    summary = totals(results)
    console.print(f"Tổng: {summary['accepted']} nhận, {summary['rejected']} loại, {summary['duplicate']} trùng, "
                  f"{summary['superseded']} thay thế", highlight=False)


@app.command()
def export(table: Annotated[str, typer.Argument(help="Tên bảng, ví dụ feedback.submissions")],
           path: Annotated[Path, typer.Argument(help="Tệp .csv, .xlsx hoặc .parquet")],
           start: Annotated[str | None, typer.Option(help="Từ thời điểm (ISO)")] = None,
           end: Annotated[str | None, typer.Option(help="Đến trước thời điểm (ISO)")] = None,
           with_pii: Annotated[bool, typer.Option(help="Giữ nguyên dữ liệu cá nhân (chỉ người có quyền)")] = False) -> None:
    """Xuất một bảng; dữ liệu cá nhân được che mặc định (export a table, PII masked by default)."""
    from ioc.datalayer import UnknownTableError

    dl = _datalayer()
    try:
        frame = dl.read(table, start=start, end=end, mask_pii=not with_pii)
    except UnknownTableError as exc:
        _fail(str(exc))
    suffix = path.suffix.lower()
    for column in frame.select_dtypes("datetimetz"):
        if suffix == ".xlsx":  # Excel has no time zones: write site-local times
            frame[column] = frame[column].dt.tz_convert(dl.settings.site.timezone).dt.tz_localize(None)
    if suffix == ".csv":
        frame.to_csv(path, index=False, encoding="utf-8-sig")
    elif suffix == ".xlsx":
        frame.to_excel(path, index=False)
    elif suffix == ".parquet":
        frame.to_parquet(path, index=False)
    else:
        _fail(f"định dạng không hỗ trợ {suffix!r}; dùng .csv, .xlsx hoặc .parquet")
    masked = "" if with_pii or not dl.table(table).pii_columns else " (đã che dữ liệu cá nhân)"
    console.print(f"Đã xuất {len(frame)} dòng của {table} → {path}{masked}", highlight=False)


@app.command()
def serve(port: Annotated[int | None, typer.Option(help="Cổng (port)")] = None,
          address: Annotated[str | None, typer.Option(help="Địa chỉ (address)")] = None,
          show: Annotated[bool, typer.Option(help="Mở trình duyệt")] = False,
          auth: Annotated[bool | None, typer.Option("--auth/--no-auth", help="Bắt buộc đăng nhập (mặc định: khi đã có tài khoản có mật khẩu)")] = None,
          wall: Annotated[bool, typer.Option(help="Giao diện tối cho màn hình lớn (video wall)")] = False) -> None:
    """Chạy các bảng điều khiển (serve the dashboards)."""
    from dashboards.serve import serve as serve_dashboards
    from ioc.config import settings

    cfg = settings()
    extra = {"dark": True} if wall else {}
    serve_dashboards(cfg, port=port or cfg.port, address=address or cfg.host, show=show, auth=auth, **extra)


@app.command()
def plugins() -> None:
    """Liệt kê plugin, bảng, nguồn và bảng điều khiển (list plugins)."""
    from ioc.plugins import registry

    reg = registry()
    for plugin in reg:
        console.print(f"[bold]{plugin.name}[/] — {plugin.title}", highlight=False)
        console.print("  bảng (tables):     " + ", ".join(t.name for t in plugin.tables), highlight=False, soft_wrap=True)
        if plugin.adapters:
            console.print("  nguồn (sources):   " + ", ".join(a.name for a in plugin.adapters), highlight=False, soft_wrap=True)
        if plugin.dashboards:
            console.print("  bảng điều khiển:   " + ", ".join(plugin.dashboards), highlight=False, soft_wrap=True)
    for name, error in reg.failures.items():
        console.print(f"[yellow]Bỏ qua plugin {name}:[/] {error}", highlight=False)


@app.command()
def doctor() -> None:
    """Kiểm tra cài đặt và dữ liệu (check the installation and the data)."""
    from ioc.doctor import run_checks

    problems = 0
    for check in run_checks():
        mark = {"ok": "[green]✓[/]", "warn": "[yellow]![/]", "fail": "[red]✗[/]"}[check.status]
        console.print(f"{mark} {check.name}: {check.detail}", highlight=False)
        problems += check.status == "fail"
    if problems:
        raise typer.Exit(code=1)


@geodata_app.command("import")
def geodata_import(path: Annotated[Path, typer.Argument(help="GeoJSON, Shapefile (.shp/.zip) hoặc GeoPackage")],
                   level: Annotated[str, typer.Option(help="district | commune")] = "district",
                   period: Annotated[str, typer.Option(help="pre2025 | current")] = "pre2025") -> None:
    """Nhập ranh giới hành chính chính thức (import official boundaries)."""
    from geodata.boundaries import import_boundaries
    from ioc.config import settings

    try:
        frame = import_boundaries(path, settings().data_dir, level=level, period=period)
    except (FileNotFoundError, ValueError) as exc:
        _fail(str(exc))
    console.print(f"Đã nhập {len(frame)} đơn vị ({level}, {period}) từ {path}")


@geodata_app.command("units")
def geodata_units(period: str = "current", level: str = "commune") -> None:
    """Liệt kê đơn vị hành chính (list administrative units)."""
    from geodata.units import admin_units

    frame = admin_units(period=period, level=level)
    console.print(frame[["unit_code", "name", "unit_type"]].to_string(index=False))


@rules_app.command("list")
def rules_list() -> None:
    """Liệt kê quy tắc mặc định (list the rules)."""
    from ioc.plugins import registry

    for rule in registry().rules():
        console.print(f"{rule.id} [{type(rule).__name__}] → {rule.table}", highlight=False)


@rules_app.command("check")
def rules_check() -> None:
    """Chạy quy tắc định kỳ (mất tín hiệu …) ngay bây giờ (evaluate scheduled rules now)."""
    from ioc.alerts import store_alerts
    from ioc.plugins import registry
    from ioc.rules import evaluate_schedule

    dl = _datalayer()
    created = store_alerts(dl.store, evaluate_schedule(registry().rules(), dl))
    console.print(f"{len(created)} cảnh báo mới")


@app.command()
def alerts(domain: Annotated[str | None, typer.Option(help="Lĩnh vực (domain)")] = None,
           limit: int = 30) -> None:
    """Liệt kê cảnh báo đang mở (list open alerts)."""
    from ioc.alerts import open_alerts

    frame = open_alerts(_datalayer().store, domain=domain, limit=limit)
    if frame.empty:
        console.print("Không có cảnh báo đang mở.")
        return
    from ioc.config import settings

    zone = settings().site.timezone
    table = RichTable("id", "mức", f"thời điểm ({zone})", "nội dung")
    for row in frame.itertuples():
        when = pd.Timestamp(row.observed_at)
        when = (when.tz_localize("UTC") if when.tzinfo is None else when).tz_convert(zone)
        table.add_row(str(row.id), row.severity, f"{when:%d/%m/%Y %H:%M}", row.title)
    console.print(table)


_mount("nlp.cli", "app", "nlp", "Xử lý ngôn ngữ tiếng Việt: huấn luyện, đánh giá, mô hình (Vietnamese NLP).")
_mount("ioc.incidents.cli", "incidents_app", "incidents", "Vụ việc và quy trình xử lý (incidents).")
_mount("ioc.incidents.cli", "audit_app", "audit", "Nhật ký kiểm toán (audit log).")
_mount("ioc.api.cli", "app", "api", "Giao diện lập trình HTTP / Open311 (HTTP API).")


def main() -> None:  # pragma: no cover - console entry point
    app(prog_name="ioc")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
