"""``ioc api …``: serve the HTTP API, manage users and API tokens.

Mounted by :mod:`ioc.cli` as ``api``: ``serve``, ``add-user``, ``token``, ``revoke``.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from ioc.api import create_app
from ioc.auth import AuthError, create_user, issue_token, revoke_token
from ioc.config import settings
from ioc.store import open_store

app = typer.Typer(help="Giao diện lập trình HTTP / Open311 (HTTP API).", no_args_is_help=True)
console = Console()


def _fail(message: str) -> None:
    console.print(f"[bold red]Lỗi:[/] {escape(message)}", highlight=False)
    raise typer.Exit(code=1)


def _store():

    return open_store(settings().state_url)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Địa chỉ lắng nghe (bind address)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Cổng (port)")] = 8000,
    workers: Annotated[int, typer.Option(help="Số tiến trình (uvicorn workers)")] = 1,
) -> None:
    """Chạy API HTTP bằng uvicorn (Open311 tại /open311/v2, tài liệu tại /docs)."""
    import uvicorn

    if workers > 1:  # several processes need an import string and a shared (PostgreSQL) store
        uvicorn.run("ioc.api.cli:_app_from_settings", factory=True, host=host, port=port, workers=workers)
    else:
        uvicorn.run(_app_from_settings(), host=host, port=port)


def _app_from_settings():

    return create_app(settings())


@app.command("add-user")
def add_user(
    username: str,
    role: Annotated[
        list[str],
        typer.Option(
            help="Vai trò: ioc_lead, ioc_deputy, sysadmin, domain_staff, "
            "focal_point, leader, intake_client (lặp lại được)"
        ),
    ],
    full_name: Annotated[str, typer.Option(help="Họ tên")] = "",
    email: Annotated[str | None, typer.Option(help="Thư điện tử (nhận thông báo)")] = None,
    agency: Annotated[str | None, typer.Option(help="Mã cơ quan (đầu mối)")] = None,
    domain: Annotated[list[str] | None, typer.Option(help="Lĩnh vực theo dõi (domain_staff)")] = None,
    password: Annotated[bool, typer.Option(help="Đặt mật khẩu đăng nhập bảng điều khiển")] = True,
) -> None:
    """Tạo người dùng (create a user); mật khẩu được hỏi, không ghi vào lịch sử lệnh."""

    secret = typer.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True) if password else None
    try:
        create_user(
            _store(),
            username,
            secret,
            role,
            full_name=full_name,
            email=email,
            agency_code=agency,
            domains=domain or [],
            agencies=[a.code for a in settings().site.agencies],
            actor="cli",
        )
    except AuthError as error:
        _fail(str(error))
    console.print(f"Đã tạo người dùng {escape(username)} ({escape(', '.join(role))}).", highlight=False)


@app.command()
def token(
    username: str,
    name: Annotated[str, typer.Option(help="Ghi chú (ví dụ: ứng dụng di động)")] = "",
    days: Annotated[int | None, typer.Option(help="Hết hạn sau số ngày (mặc định: không hết hạn)")] = None,
) -> None:
    """Cấp token API cho người dùng; token chỉ hiện một lần (issue an API token)."""

    try:
        value = issue_token(_store(), username, name, expires_in_days=days, actor="cli")
    except AuthError as error:
        _fail(str(error))
    console.print(value, highlight=False)


@app.command()
def revoke(token_value: Annotated[str, typer.Argument(metavar="TOKEN")]) -> None:
    """Thu hồi một token API (revoke a token)."""

    if not revoke_token(_store(), token_value, actor="cli"):
        _fail("token không tồn tại hoặc đã thu hồi (unknown or already revoked)")
    console.print("Đã thu hồi token.")
