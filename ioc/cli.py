"""The core's sub-commands of the ``ioc`` command line.

Only what the core knows: the data directory, ingest, export, plugins, rules, alerts,
incidents, the HTTP API and the doctor. Each plugin's own sub-commands (``Plugin.commands``)
are mounted by :func:`mount_plugin_commands`; the commands that need the libraries above
the core (dashboards, NLP, geography) are added by :mod:`workbench.cli`, the console
script, which is the one module that assembles every layer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable
from sqlalchemy import select

from ioc.alerts import open_alerts, store_alerts
from ioc.api.cli import app as api_app
from ioc.auth import User, set_password
from ioc.config import settings, suggest
from ioc.datalayer import DataLayer, StorageFullError, UnknownTableError
from ioc.doctor import run_checks
from ioc.incidents.cli import audit_app, incidents_app
from ioc.ingest import finish_derivations, ingest_files, parse_pairs, table_summaries, totals
from ioc.listen.cli import app as listen_app
from ioc.plugins import AdapterError, Registry, UnknownNameError, registry, resolve
from ioc.reports.cli import app as report_app
from ioc.rules import evaluate_schedule
from ioc.store import current_revision, open_store

app = typer.Typer(
    help="IOC Workbench — trung tâm giám sát, điều hành đô thị thông minh.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
rules_app = typer.Typer(help="Quy tắc cảnh báo (rules).", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
app.add_typer(incidents_app, name="incidents", help="Vụ việc và quy trình xử lý (incidents).")
app.add_typer(audit_app, name="audit", help="Nhật ký kiểm toán (audit log).")
app.add_typer(api_app, name="api", help="Giao diện lập trình HTTP (HTTP API).")
app.add_typer(listen_app, name="listen")
app.add_typer(report_app, name="report")
collect_app = typer.Typer(help="Thu thập từ nguồn công khai (collect from public feeds).", no_args_is_help=True)
app.add_typer(collect_app, name="collect")
console = Console()


def datalayer() -> DataLayer:
    """The data layer of the configured deployment."""
    return DataLayer(settings())


def fail(message: str) -> None:
    """Print a clear Vietnamese error and exit with status 1."""
    console.print(f"[bold red]Lỗi:[/] {escape(message)}", highlight=False)  # a message may quote untrusted text
    raise typer.Exit(code=1)


def mount_plugin_commands(target: typer.Typer, plugins: Registry | None = None) -> None:
    """Mount every plugin's sub-commands (``Plugin.commands``: name → ``"module:Typer"``).

    A name with a space mounts into one of the host's shared groups, so several plugins can
    contribute to it: ``"collect rss"`` becomes ``ioc collect rss``, ``"listen mqtt"`` becomes
    ``ioc listen mqtt``. The target may then also be a plain function (one command).
    """
    groups = {info.name: info.typer_instance for info in target.registered_groups}
    for plugin in plugins if plugins is not None else registry():
        for name, where in plugin.commands.items():
            group_name, _, sub = name.partition(" ")
            if not sub:
                target.add_typer(resolve(where), name=name)
                continue
            if group_name not in groups:
                raise UnknownNameError(
                    f"plugin {plugin.name!r}: no command group {group_name!r} for {name!r}"
                    f"{suggest(group_name, sorted(groups))}"
                )
            command = resolve(where)
            if isinstance(command, typer.Typer):
                groups[group_name].add_typer(command, name=sub)
            else:
                groups[group_name].command(sub)(command)


@app.command()
def init() -> None:
    """Tạo thư mục dữ liệu và cơ sở dữ liệu trạng thái (create the data dir and migrate the store)."""
    cfg = settings()
    for folder in (cfg.data_dir, cfg.paths.lake, cfg.paths.quarantine):
        folder.mkdir(parents=True, exist_ok=True)
    store = open_store(cfg.state_url)
    # soft_wrap: a long path is printed whole, so that it can be copied and grepped.
    console.print(f"Dữ liệu: {cfg.data_dir.resolve()}", soft_wrap=True)
    console.print(
        f"CSDL trạng thái: {store.engine.url.render_as_string(hide_password=True)} (revision {current_revision(store.engine)})",
        soft_wrap=True,
    )


DEMO_PASSWORD = "demo1234"


def demo_logins(store) -> None:
    """Give the demo accounts a known password (demo data only, never production)."""
    with store.session() as session:
        names = session.scalars(select(User.username).where(User.username.like("demo.%"))).all()
    for name in names:
        set_password(store, name, DEMO_PASSWORD, actor="demo")
    if names:
        console.print(f"Tài khoản mẫu (mật khẩu '{DEMO_PASSWORD}'): {', '.join(sorted(names))}", highlight=False)


@app.command()
def ingest(
    source: Annotated[str, typer.Argument(help="Tên nguồn, ví dụ healthyair_csv (see `ioc plugins`)")],
    paths: Annotated[list[Path], typer.Argument(help="Tệp cần nạp (files)")],
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help="Cột của tệp=cột của nguồn, ví dụ timestamp=time (lặp lại được)"),
    ] = None,
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="Cột hằng: tên=giá_trị cho mọi dòng, ví dụ unit=ug/m3")
    ] = None,
    tz: Annotated[str | None, typer.Option("--tz", help="Múi giờ của thời điểm không ghi múi (IANA)")] = None,
    profile: Annotated[str | None, typer.Option("--profile", help="Hồ sơ ánh xạ trong ingest_profiles")] = None,
) -> None:
    """Nạp tệp dữ liệu qua bộ chuyển đổi (ingest files through a source adapter).

    Tệp có tên cột khác: --map cột_tệp=cột_nguồn, --set cột=giá_trị, --tz múi_giờ, hoặc
    --profile TÊN (ingest_profiles trong ioc.yaml).
    """
    dl = datalayer()
    try:
        results = ingest_files(
            dl,
            source,
            paths,
            mapping=parse_pairs(map_ or [], "--map"),
            constants=parse_pairs(set_ or [], "--set"),
            tz=tz,
            profile=profile,
        )
    except (AdapterError, UnknownNameError, StorageFullError) as exc:
        fail(str(exc))
    for line in table_summaries(results):
        console.print(escape(line), highlight=False)  # file and quarantine paths, as written
    summary = totals(results)
    console.print(
        f"Tổng: {summary['accepted']} nhận, {summary['rejected']} loại, {summary['duplicate']} trùng, "
        f"{summary['superseded']} thay thế",
        highlight=False,
    )


@app.command()
def export(
    table: Annotated[str, typer.Argument(help="Tên bảng, ví dụ feedback.submissions")],
    path: Annotated[Path, typer.Argument(help="Tệp .csv, .xlsx hoặc .parquet")],
    start: Annotated[str | None, typer.Option(help="Từ thời điểm (ISO)")] = None,
    end: Annotated[str | None, typer.Option(help="Đến trước thời điểm (ISO)")] = None,
    with_pii: Annotated[bool, typer.Option(help="Giữ nguyên dữ liệu cá nhân (chỉ người có quyền)")] = False,
) -> None:
    """Xuất một bảng; dữ liệu cá nhân được che mặc định (export a table, PII masked by default)."""
    dl = datalayer()
    try:
        frame = dl.read(table, start=start, end=end, mask_pii=not with_pii)
    except UnknownTableError as exc:
        fail(str(exc))
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
        fail(f"định dạng không hỗ trợ {suffix!r}; dùng .csv, .xlsx hoặc .parquet")
    masked = "" if with_pii or not dl.table(table).pii_columns else " (đã che dữ liệu cá nhân)"
    console.print(
        f"Đã xuất {len(frame)} dòng của {table} → {escape(str(path))}{masked}", highlight=False, soft_wrap=True
    )


@app.command()
def plugins() -> None:
    """Liệt kê plugin, bảng, nguồn và bảng điều khiển (list plugins)."""
    reg = registry()
    for plugin in reg:
        console.print(f"[bold]{plugin.name}[/] — {plugin.title}", highlight=False)
        console.print(
            "  bảng (tables):     " + ", ".join(t.name for t in plugin.tables), highlight=False, soft_wrap=True
        )
        if plugin.adapters:
            console.print(
                "  nguồn (sources):   " + ", ".join(a.name for a in plugin.adapters), highlight=False, soft_wrap=True
            )
        if plugin.dashboards:
            console.print("  bảng điều khiển:   " + ", ".join(plugin.dashboards), highlight=False, soft_wrap=True)
    for name, error in reg.failures.items():
        console.print(f"[yellow]Bỏ qua plugin {escape(name)}:[/] {escape(str(error))}", highlight=False)


@app.command()
def doctor() -> None:
    """Kiểm tra cài đặt và dữ liệu (check the installation and the data)."""
    problems = 0
    for check in run_checks():
        mark = {"ok": "[green]✓[/]", "warn": "[yellow]![/]", "fail": "[red]✗[/]"}[check.status]
        console.print(f"{mark} {escape(check.name)}: {escape(check.detail)}", highlight=False)
        problems += check.status == "fail"
    if problems:
        raise typer.Exit(code=1)


@collect_app.command("all")
def collect_all() -> None:
    """Chạy mọi bộ thu thập với cấu hình mặc định, cho cron (run every collector, for cron).

    Ví dụ crontab mỗi giờ: ``5 * * * * cd /srv/ioc && .venv/bin/ioc collect all && .venv/bin/ioc rules check``.
    Một nguồn lỗi không chặn các nguồn khác; mã thoát 1 khi có nguồn lỗi.
    """
    group = typer.main.get_command(collect_app)
    failed = []
    for name in sorted(getattr(group, "commands", {})):
        if name == "all":
            continue
        if any(param.required for param in group.commands[name].params):
            # a one-off fetch (an article URL, a saved answer) is not a feed: nothing to poll
            console.print(f"ioc collect {name}: bỏ qua, cần tham số (needs arguments; not a feed)", highlight=False)
            continue
        console.print(f"[bold]ioc collect {name}[/]", highlight=False)
        try:
            code = group.commands[name].main(args=[], prog_name=f"ioc collect {name}", standalone_mode=False)
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - one failing feed must not stop the others
            code = getattr(exc, "code", getattr(exc, "exit_code", 1))
            console.print(f"[red]✗ {name}:[/] {escape(str(exc))}", highlight=False)
        if code not in (0, None):
            failed.append(name)
    if failed:
        fail(f"bộ thu thập lỗi: {', '.join(failed)}")


@rules_app.command("list")
def rules_list() -> None:
    """Liệt kê quy tắc mặc định (list the rules)."""
    for rule in registry().rules():
        console.print(f"{rule.id} [{type(rule).__name__}] → {rule.table}", highlight=False)


@rules_app.command("check")
def rules_check() -> None:
    """Chạy quy tắc định kỳ (mất tín hiệu …) ngay bây giờ (evaluate scheduled rules now)."""
    dl = datalayer()
    created = store_alerts(dl.store, evaluate_schedule(registry().rules(), dl))
    console.print(f"{len(created)} cảnh báo mới")


@app.command()
def alerts(domain: Annotated[str | None, typer.Option(help="Lĩnh vực (domain)")] = None, limit: int = 30) -> None:
    """Liệt kê cảnh báo đang mở (list open alerts)."""
    frame = open_alerts(datalayer().store, domain=domain, limit=limit)
    if frame.empty:
        console.print("Không có cảnh báo đang mở.")
        return
    zone = settings().site.timezone
    table = RichTable("id", "mức", f"thời điểm ({zone})", "nội dung")
    for row in frame.itertuples():
        when = pd.Timestamp(row.observed_at)
        when = (when.tz_localize("UTC") if when.tzinfo is None else when).tz_convert(zone)
        table.add_row(str(row.id), escape(row.severity), f"{when:%d/%m/%Y %H:%M}", escape(row.title))
    console.print(table)


lake_app = typer.Typer(help="Bảo trì kho dữ liệu (lake maintenance).", no_args_is_help=True)
app.add_typer(lake_app, name="lake")
TableArg = Annotated[list[str] | None, typer.Argument(help="Bảng, ví dụ environment.air_readings (mặc định: tất cả)")]


def _chosen_tables(dl: DataLayer, names: list[str] | None) -> list[str]:
    try:
        chosen = [dl.table(n).name for n in names] if names else list(dl.tables)
    except UnknownTableError as exc:
        fail(str(exc))
    return [n for n in chosen if dl.version(n) is not None]


@lake_app.command("compact")
def lake_compact(tables: TableArg = None) -> None:
    """Gộp tệp nhỏ và chuyển dòng đã bị thay thế sang kho lưu (rewrite superseded rows and small files)."""
    dl = datalayer()
    for name in _chosen_tables(dl, tables):
        done = dl.compact(name)
        console.print(
            f"{name}: {done['files_before']} → {done['files_after']} tệp, "
            f"{done['superseded']} dòng cũ chuyển sang {name}__superseded",
            highlight=False,
        )


@lake_app.command("optimize")
def lake_optimize(tables: TableArg = None) -> None:
    """Gộp tệp Parquet nhỏ (Delta OPTIMIZE, bin-packing small files)."""
    dl = datalayer()
    for name in _chosen_tables(dl, tables):
        done = dl.optimize(name)
        console.print(f"{name}: {done['files_before']} → {done['files_after']} tệp", highlight=False)


@lake_app.command("vacuum")
def lake_vacuum(
    tables: TableArg = None,
    retention_hours: Annotated[
        int, typer.Option(help="Giữ tệp còn được tham chiếu trong N giờ (mặc định 7 ngày)")
    ] = 168,
) -> None:
    """Xoá tệp không còn được tham chiếu (Delta VACUUM; cả tệp mồ côi của lần ghi bị ngắt)."""
    dl = datalayer()
    for name in _chosen_tables(dl, tables):
        console.print(f"{name}: xoá {dl.vacuum(name, retention_hours)} tệp", highlight=False)


def _finish_derivations(dl: DataLayer) -> None:
    try:
        results = finish_derivations(dl)
    except Exception as error:  # noqa: BLE001 - a hook's own error: what it says, where to look next
        fail(
            f"Dẫn xuất dở dang vẫn lỗi (a pending derivation failed again): {type(error).__name__}: {error}. "
            "Chuỗi được đánh dấu lỗi và sẽ được thử lại; xem `ioc doctor` và nhật ký"
        )
    written = sum(result.accepted for result in results)
    console.print(
        f"Dẫn xuất dở dang đã hoàn tất: {len(results)} lô, {written} dòng mới (pending derivations finished)",
        highlight=False,
    )


@lake_app.command("recover")
def lake_recover() -> None:
    """Hoàn tất dẫn xuất mà tiến trình bị ngắt để dở (finish what a killed process left half derived).

    Lần ghi kế tiếp của bất kỳ tiến trình nào cũng làm việc này trước; lệnh này làm ngay.
    """
    _finish_derivations(datalayer())


@lake_app.command("maintain")
def lake_maintain(
    retention_hours: Annotated[int, typer.Option(help="VACUUM giữ tệp trong N giờ")] = 168,
) -> None:
    """Bảo trì định kỳ: dẫn xuất dở dang, thời hạn lưu trữ, gộp, dọn tệp (recover, retention, compact,
    vacuum; run nightly)."""
    dl = datalayer()
    _finish_derivations(dl)  # first: compaction leaves a table with a derived write pending alone
    for name, done in dl.maintain(retention_hours=retention_hours).items():
        console.print(
            f"{name}: hết hạn {done['retention_deleted']}, {done['files_before']} → {done['files_after']} tệp, "
            f"{done['superseded']} dòng cũ, xoá {done['vacuumed']} tệp",
            highlight=False,
        )
