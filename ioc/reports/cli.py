"""``ioc report``: render a report now, or run the schedule (from cron)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from ioc.config import settings
from ioc.reports.content import KINDS
from ioc.reports.render import RenderError, render_report
from ioc.reports.schedule import run_schedule

app = typer.Typer(help="Báo cáo tháng, quý từ notebook (reports).", no_args_is_help=True)
console = Console()


@app.command("render")
def render(
    kind: Annotated[str, typer.Argument(help="monthly (tháng) hoặc quarterly (quý)")],
    period: Annotated[str, typer.Option(help="Kỳ báo cáo: 11/2026 (tháng), Q4/2026 (quý)")],
    unit: Annotated[str | None, typer.Option(help="Chỉ một đơn vị hành chính (mã)")] = None,
    language: Annotated[str | None, typer.Option(help="Ngôn ngữ: vi hoặc en (mặc định: reports.language)")] = None,
    output: Annotated[Path | None, typer.Option(help="Thư mục kết quả (mặc định: <data>/reports)")] = None,
    pdf: Annotated[bool, typer.Option("--pdf/--no-pdf", help="In PDF bằng Chromium")] = True,
) -> None:
    """Lập một báo cáo: notebook → HTML (ẩn mã) → PDF."""
    if kind not in KINDS:
        console.print(f"[bold red]Lỗi:[/] loại báo cáo {kind!r} không có; chọn: {', '.join(KINDS)}")
        raise typer.Exit(code=1)
    try:
        cfg = settings()
        language = language or cfg.reports.language
        result = render_report(cfg, kind, period, unit=unit, language=language, output_dir=output, pdf=pdf)
    except (ValueError, RenderError) as exc:
        console.print(f"[bold red]Lỗi:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(code=1) from None
    console.print(
        escape(f"Báo cáo {result.period.label}: {result.html}" + (f" · {result.pdf}" if result.pdf else "")),
        highlight=False,
    )


@app.command("schedule")
def schedule(
    once: Annotated[
        bool, typer.Option("--once/--due", help="--once: lập ngay các báo cáo của kỳ gần nhất, dù hôm nay chưa đến hạn")
    ] = False,
    send: Annotated[
        bool, typer.Option("--send/--no-send", help="Gửi thư PDF cho người nhận (reports.recipients)")
    ] = True,
    now: Annotated[str | None, typer.Option(help="Coi như bây giờ là thời điểm này (kiểm thử), ISO 8601")] = None,
) -> None:
    """Chạy lịch báo cáo (cron mỗi sáng ngày làm việc): lập và gửi báo cáo đến hạn.

    Đến hạn vào ngày làm việc đầu tiên của tháng (báo cáo tháng trước; đầu quý: cả báo cáo quý trước).
    Ví dụ cron:  30 7 * * 1-6  cd /srv/ioc && .venv/bin/ioc report schedule
    """
    try:
        outcomes = run_schedule(settings(), now, force=once, send=send)
    except (ValueError, RenderError, RuntimeError, OSError) as exc:
        console.print(f"[bold red]Lỗi:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(code=1) from None
    if not outcomes:
        console.print("Hôm nay không có báo cáo đến hạn.")
    for outcome in outcomes:
        if outcome.skipped:
            console.print(escape(f"{outcome.kind} {outcome.period.label}: bỏ qua ({outcome.skipped})"), highlight=False)
        else:
            to = f" → gửi {', '.join(outcome.sent_to)}" if outcome.sent_to else ""
            console.print(escape(f"{outcome.kind} {outcome.period.label}: {outcome.result.pdf}{to}"), highlight=False)
