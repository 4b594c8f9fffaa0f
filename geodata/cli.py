"""``ioc geodata …``: administrative units and the import of official boundaries."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from geodata.boundaries import import_boundaries
from geodata.units import admin_units
from ioc.config import settings

app = typer.Typer(help="Đơn vị hành chính và ranh giới (administrative units, boundaries).", no_args_is_help=True)
console = Console()


@app.command("import")
def geodata_import(
    path: Annotated[Path, typer.Argument(help="GeoJSON, Shapefile (.shp/.zip) hoặc GeoPackage")],
    level: Annotated[str, typer.Option(help="district | commune")] = "district",
    period: Annotated[str, typer.Option(help="pre2025 | current")] = "pre2025",
) -> None:
    """Nhập ranh giới hành chính chính thức (import official boundaries)."""
    try:
        frame = import_boundaries(path, settings().paths.geodata, level=level, period=period)
    except (FileNotFoundError, ValueError) as exc:
        console.print(f"[bold red]Lỗi:[/] {exc}", highlight=False)
        raise typer.Exit(code=1) from None
    console.print(f"Đã nhập {len(frame)} đơn vị ({level}, {period}) từ {path}")


@app.command("units")
def geodata_units(period: str = "current", level: str = "commune") -> None:
    """Liệt kê đơn vị hành chính (list administrative units)."""
    frame = admin_units(period=period, level=level)
    console.print(frame[["unit_code", "name", "unit_type"]].to_string(index=False))
