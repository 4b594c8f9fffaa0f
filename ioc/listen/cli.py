"""``ioc listen …``: the live listeners' sub-commands (one per transport)."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from ioc.config import ConfigError, settings
from ioc.datalayer import DataLayer
from ioc.listen.mqtt import BatchReport, listen, mqtt_config

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
            settings(), host=host, port=port, client_id=client_id, topics=topics, batch_seconds=batch_seconds
        )
        datalayer = DataLayer(settings())

        def progress(report: BatchReport) -> None:
            accepted = sum(r.accepted for r in report.results)
            rejected = sum(r.rejected for r in report.results)
            typer.echo(
                f"lô {report.messages} tin: {accepted} nhận, {rejected} loại, trễ {report.delay_s:.1f} s", err=True
            )

        typer.echo(f"Đang nghe mqtt://{config.host}:{config.port} ({', '.join(config.topics)})", err=True)
        batches = listen(datalayer, config, progress=progress)
    except ConfigError as error:
        typer.echo(f"Lỗi cấu hình: {error}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"Đã dừng sau {batches} lô (stopped).", err=True)


if __name__ == "__main__":  # pragma: no cover - `python -m ioc.listen.cli mqtt …` (tests, services)
    app()
