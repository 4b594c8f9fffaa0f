"""``ioc listen …``: the live listeners' sub-commands (one per transport)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ioc.config import settings
from ioc.datalayer import DataLayer
from ioc.listen.tail import follow_file

app = typer.Typer(help="Nhận dữ liệu trực tiếp (live intake: MQTT, tệp đang ghi).", no_args_is_help=True)


@app.callback()
def listen() -> None:
    """Nhận dữ liệu trực tiếp (live intake): one sub-command per transport."""


@app.command("file")
def listen_file(
    path: Annotated[Path, typer.Argument(help="Tệp nhật ký cần theo dõi (the growing log file).")],
    adapter: Annotated[
        str, typer.Option("--adapter", "-a", help="Nguồn/adapter, ví dụ suricata_eve (source adapter).")
    ],
    records: Annotated[
        str, typer.Option(help="lines: mỗi dòng một bản ghi; blank: bản ghi cách nhau dòng trống.")
    ] = "lines",
    interval: Annotated[float, typer.Option(help="Giây giữa hai lần đọc (poll interval, seconds).")] = 1.0,
    once: Annotated[bool, typer.Option("--once", help="Đọc phần mới một lần rồi dừng (read once and exit).")] = False,
) -> None:
    """Theo dõi một tệp đang ghi (tail a growing file: rotation and truncation handled, position kept)."""
    tailer = follow_file(DataLayer(settings()), path, adapter, records=records, once=once, interval=interval)
    accepted = sum(r.accepted for r in tailer.results if r.table == tailer.adapter.table)
    typer.echo(f"{path}: {accepted} dòng mới được ghi (new rows written)")
