"""``ioc listen …``: the live listeners' sub-commands (one per transport)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Annotated

import typer

from ioc.config import ConfigError, settings
from ioc.datalayer import DataLayer
from ioc.listen.mqtt import BatchReport, listen, mqtt_config
from ioc.listen.recycle import MemoryBound, on_stop_signals, restart_in_place, restarts
from ioc.listen.tail import follow_file

MAX_RSS_HELP = (
    "Bộ nhớ (MB) mà quá thì tiến trình tự khởi động lại giữa hai lô, không mất tin; mặc định: 1024 MB trên "
    "mức sau lô đầu; 0: không bao giờ (resident memory past which the listener restarts in place between "
    "batches; default 1024 MB above its size after the first batch)"
)

app = typer.Typer(help="Nhận dữ liệu trực tiếp (live intake: MQTT, tệp đang ghi).", no_args_is_help=True)


@app.callback()
def group() -> None:
    """Nhận dữ liệu trực tiếp (live intake)."""


@app.command("mqtt")
def mqtt(
    host: Annotated[str | None, typer.Option(help="Máy chủ MQTT (broker host)")] = None,
    port: Annotated[int | None, typer.Option(help="Cổng (port)")] = None,
    client_id: Annotated[str | None, typer.Option(help="Mã client cố định (persistent session id)")] = None,
    topic: Annotated[
        list[str] | None, typer.Option(help="chủ_đề=nguồn, ví dụ frigate/events=public_order.frigate_events")
    ] = None,
    batch_seconds: Annotated[float | None, typer.Option(help="Độ trễ tối đa của một lô (giây)")] = None,
    max_rss_mb: Annotated[int | None, typer.Option(help=MAX_RSS_HELP)] = None,
) -> None:
    """Nghe MQTT (Frigate, DeepStream …) và ghi theo lô nhỏ vào kho dữ liệu (section listen.mqtt)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    topics = None
    if topic:
        pairs = [t.split("=", 1) for t in topic]
        if any(len(p) != 2 for p in pairs):
            raise typer.BadParameter("--topic cần dạng chủ_đề=nguồn (topic=adapter)")
        topics = dict(pairs)
    try:
        config = mqtt_config(
            settings(),
            host=host,
            port=port,
            client_id=client_id,
            topics=topics,
            batch_seconds=batch_seconds,
            max_rss_mb=max_rss_mb,
        )
        datalayer = DataLayer(settings())

        def progress(report: BatchReport) -> None:
            accepted = sum(r.accepted for r in report.results)
            rejected = sum(r.rejected for r in report.results)
            typer.echo(
                f"lô {report.messages} tin: {accepted} nhận, {rejected} loại, trễ {report.delay_s:.1f} s", err=True
            )

        typer.echo(f"Đang nghe mqtt://{config.host}:{config.port} ({', '.join(config.topics)}){_since()}", err=True)
        listener = listen(datalayer, config, progress=progress)
    except ConfigError as error:
        typer.echo(f"Lỗi cấu hình: {error}", err=True)
        raise typer.Exit(2) from None
    if listener.restart_due:
        restart_in_place(listener.memory.reason(), datalayer, stop_requested=lambda: listener.stop_requested)
    typer.echo(f"Đã dừng sau {listener.batches} lô (stopped).", err=True)


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
    max_rss_mb: Annotated[int | None, typer.Option(min=0, help=MAX_RSS_HELP)] = None,
) -> None:
    """Theo dõi một tệp đang ghi (tail a growing file: rotation and truncation handled, position kept)."""
    # a stop ends the reading after the batch in hand (committed with its position); after an
    # in-place restart, one sent meanwhile arrives now
    stopping = threading.Event()
    on_stop_signals(stopping.set)
    if not once:
        typer.echo(f"Đang theo dõi {path} ({adapter}){_since()}", err=True)
    datalayer = DataLayer(settings())
    memory = MemoryBound(max_rss_mb)
    tailer = follow_file(
        datalayer, path, adapter, records=records, once=once, interval=interval, memory=memory, stop=stopping.is_set
    )
    if tailer.restart_due:
        restart_in_place(f"{path}: {memory.reason()}", datalayer, stop_requested=stopping.is_set)
    accepted = sum(r.accepted for r in tailer.results if r.table == tailer.adapter.table)
    typer.echo(f"{path}: {accepted} dòng mới được ghi (new rows written)")


def _since() -> str:
    """`` — khởi động lại lần N`` after an in-place restart (:mod:`ioc.listen.recycle`)."""
    count = restarts()
    return f" — khởi động lại lần {count} (restart {count})" if count else ""


if __name__ == "__main__":  # pragma: no cover - `python -m ioc.listen.cli mqtt …` (tests, services)
    app()
