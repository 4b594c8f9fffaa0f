"""``ioc submissions …``: write a template, ingest returned workbooks, remind, show compliance."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from ioc.config import settings
from ioc.datalayer import DataLayer
from ioc.incidents.service import notifier_from_settings
from ioc_plugins.submissions.adapters.mail import ingest_mail
from ioc_plugins.submissions.agencies import CatalogueMissing
from ioc_plugins.submissions.intake import ingest_submission
from ioc_plugins.submissions.queries import monthly_compliance
from ioc_plugins.submissions.reminders import send_reminders
from ioc_plugins.submissions.template import write_template

app = typer.Typer(help="Biểu mẫu thứ Hai, thứ Năm của các cơ quan (agency submissions).", no_args_is_help=True)


def _date(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%d/%m/%Y")
    except ValueError:
        raise typer.BadParameter(f"{text!r}: cần ngày dạng dd/mm/yyyy") from None


@app.command("template")
def template(
    agency: Annotated[str, typer.Argument(help="Mã cơ quan, ví dụ STC, SYT, SDL")],
    date: Annotated[str, typer.Option("--date", help="Ngày báo cáo (thứ Hai/thứ Năm), dd/mm/yyyy")],
    output: Annotated[Path | None, typer.Option(help="Tệp .xlsx (mặc định: bieu_mau_<CQ>_<ngày>.xlsx)")] = None,
) -> None:
    """Tạo biểu mẫu .xlsx cho một cơ quan và một kỳ báo cáo."""
    day = _date(date).date()
    output = output or Path(f"bieu_mau_{agency}_{day:%Y%m%d}.xlsx")
    layer = DataLayer(settings())
    try:
        write_template(layer, agency, day, output)
    except (CatalogueMissing, ValueError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(code=1) from None
    finally:
        layer.close()
    typer.echo(f"Đã tạo {output}")


@app.command("ingest")
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Biểu mẫu .xlsx đã điền, hoặc thư .eml/.mbox/Maildir")],
    agency: Annotated[str | None, typer.Option(help="Cơ quan phải là (expected agency)")] = None,
) -> None:
    """Nhận biểu mẫu đã điền: kiểm tra, lưu số liệu và biên nhận."""
    layer = DataLayer(settings())
    try:
        for path in paths:
            if path.is_dir() or path.suffix.lower() in (".eml", ".mbox"):
                receipts = ingest_mail(layer, path)
            else:
                receipts = [ingest_submission(layer, path, expected_agency=agency)]
            for receipt in receipts:
                typer.echo(
                    f"{path.name}: {receipt.agency} {receipt.status} — nhận {receipt.rows_accepted}, "
                    f"từ chối {receipt.rows_rejected}{'; ' + receipt.reason if receipt.reason else ''}"
                )
    finally:
        layer.close()


@app.command("compliance")
def show_compliance(months: Annotated[int, typer.Option(help="Số tháng")] = 3) -> None:
    """Bảng tuân thủ gửi báo cáo theo cơ quan và tháng."""
    layer = DataLayer(settings())
    try:
        table = monthly_compliance(layer, pd.Timestamp.now(tz="UTC"), months=months)
        typer.echo(table.to_string(index=False) if len(table) else "Chưa có kỳ báo cáo nào đến hạn.")
    finally:
        layer.close()


@app.command("remind")
def remind() -> None:
    """Gửi thư nhắc các cơ quan có báo cáo đến hạn vào ngày làm việc kế tiếp (chạy hằng ngày)."""
    deployment = settings()
    notifier = notifier_from_settings(deployment)
    if notifier is None:
        typer.echo("Chưa cấu hình máy chủ thư (notify.smtp_host / IOC_SMTP_HOST).", err=True)
        raise typer.Exit(code=1)
    layer = DataLayer(deployment)
    try:
        for reminder in send_reminders(layer, notifier, pd.Timestamp.now(tz="UTC")):
            typer.echo(f"{reminder.agency} {reminder.email}: {reminder.status} (kỳ {reminder.report_date:%d/%m/%Y})")
    finally:
        layer.close()
