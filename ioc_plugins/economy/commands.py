"""``ioc economy …``: load the catalogue, forecast series."""

from __future__ import annotations

from typing import Annotated

import typer

from ioc.config import settings
from ioc.datalayer import DataLayer
from ioc.ingest import process_batch
from ioc_plugins.economy.catalogue import catalogue_frame
from ioc_plugins.economy.service import run_forecasts
from ioc_plugins.economy.units import SITE_CODE

app = typer.Typer(help="Chỉ tiêu kinh tế - xã hội (economy indicators).", no_args_is_help=True)


@app.command("catalogue")
def load_catalogue() -> None:
    """Nạp danh mục chỉ tiêu (catalogue.yaml) vào bảng economy.indicators."""
    layer = DataLayer(settings())
    try:
        results = process_batch(layer, "economy.indicators", catalogue_frame(), source="catalogue.yaml")
        typer.echo(results[0].summary())
    finally:
        layer.close()


@app.command("forecast")
def forecast(
    indicators: Annotated[list[str], typer.Argument(help="Mã chỉ tiêu, ví dụ tourist_arrivals retail_sales")],
    unit: Annotated[str, typer.Option(help="Mã đơn vị hành chính (mặc định: toàn tỉnh)")] = SITE_CODE,
) -> None:
    """Kiểm định và dự báo các chỉ tiêu (Prophet nếu tốt hơn mô hình mùa vụ ngây thơ)."""
    layer = DataLayer(settings())
    try:
        done = run_forecasts(layer, [(code, unit) for code in indicators], source="cli")
        typer.echo(f"Đã dự báo {done}/{len(indicators)} chuỗi.")
    finally:
        layer.close()
