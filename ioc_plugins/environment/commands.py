"""``ioc collect open-meteo`` and ``ioc collect openaq``: the environment plugin's collectors.

Mounted into the host's shared ``collect`` group (``Plugin.commands``); ``ioc collect all``
runs them (and every other plugin's collectors) from cron.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from ioc.config import settings
from ioc.datalayer import DataLayer
from ioc.feeds import FeedError
from ioc_plugins.environment.collectors import CollectResult, api_key, collect_open_meteo, collect_openaq
from ioc_plugins.environment.config import environment_config

console = Console()


def _report(result: CollectResult) -> None:
    console.print(escape(result.summary()), highlight=False)
    if not result.ok:
        raise typer.Exit(code=1)


def open_meteo(
    backfill_hours: Annotated[
        int | None, typer.Option(help="Lần đầu lấy lùi bao nhiêu giờ (mặc định theo cấu hình)")
    ] = None,
) -> None:
    """Lấy số liệu mô hình Open-Meteo (PM2.5, PM10, CO, NO2, O3, SO2) theo giờ cho các điểm (modelled)."""
    config = environment_config(settings()).open_meteo
    if not config.enabled:
        console.print("open-meteo: đã tắt trong cấu hình (disabled)")
        return
    if backfill_hours:
        config = config.model_copy(update={"backfill_hours": backfill_hours})
    dl = DataLayer(settings())
    try:
        _report(collect_open_meteo(dl, config=config, progress=console.print))
    finally:
        dl.close()


def openaq(
    backfill_hours: Annotated[
        int | None, typer.Option(help="Lần đầu lấy lùi bao nhiêu giờ (mặc định theo cấu hình)")
    ] = None,
) -> None:
    """Lấy số đo OpenAQ v3 theo giờ trong vùng của địa bàn (measured; cần OPENAQ_API_KEY)."""
    config = environment_config(settings()).openaq
    if not config.enabled:
        console.print("openaq: đã tắt trong cấu hình (disabled)")
        return
    if backfill_hours:
        config = config.model_copy(update={"backfill_hours": backfill_hours})
    if not api_key(config):  # not configured yet: a notice, not a failure of `ioc collect all`
        console.print(
            f"[yellow]openaq: chưa có khoá API ({config.api_key_env} hoặc plugins.environment.openaq.api_key) "
            "— bỏ qua (skipped)[/]",
            highlight=False,
        )
        return
    dl = DataLayer(settings())
    try:
        _report(collect_openaq(dl, config=config, progress=console.print))
    except FeedError as exc:
        console.print(f"[bold red]Lỗi:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(code=1) from None
    finally:
        dl.close()
