"""``ioc listen …``: the live listeners' sub-commands (one per transport)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Nhận dữ liệu trực tiếp (live intake: MQTT, tệp đang ghi).", no_args_is_help=True)
