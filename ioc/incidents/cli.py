"""``ioc incidents …`` and ``ioc audit …``: incidents and the audit log from the shell.

Mounted by :mod:`ioc.cli` as ``incidents`` (``list``, ``show``, ``transition``,
``escalate``) and ``audit`` (``verify``). A step is always taken as a named user
(``--user``), so the audit log says who did it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from ioc.auth import Principal, get_principal
from ioc.config import settings, site_zone
from ioc.incidents.audit import verify_chain
from ioc.incidents.service import AccessDenied, IncidentInputError, IncidentService, NotFound, notifier_from_settings
from ioc.incidents.workflow import TransitionError
from ioc.store import open_store

incidents_app = typer.Typer(help="Vụ việc và quy trình xử lý (incidents).", no_args_is_help=True)
audit_app = typer.Typer(help="Nhật ký kiểm toán (audit log).", no_args_is_help=True)
console = Console()


@audit_app.callback()
def _audit() -> None:
    """Nhật ký kiểm toán (audit log)."""  # keeps `verify` a sub-command even while it is the only one


def _fail(message: str) -> None:
    console.print(f"[bold red]Lỗi:[/] {escape(message)}", highlight=False)
    raise typer.Exit(code=1)


def _service():

    cfg = settings()
    return IncidentService(open_store(cfg.state_url), settings=cfg, notifier=notifier_from_settings(cfg))


def _principal(service, username: str | None):

    if username is None:
        return Principal.system()
    principal = get_principal(service.store, username)
    if principal is None:
        _fail(f"không có người dùng đang hoạt động {username!r} (unknown user)")
    return principal


def _local(value: str | None) -> str:
    if not value:
        return ""

    return datetime.fromisoformat(value).astimezone(site_zone()).strftime("%d/%m/%Y %H:%M")


@incidents_app.command("list")
def list_incidents(
    state: Annotated[list[str] | None, typer.Option(help="Trạng thái (state), lặp lại được")] = None,
    domain: Annotated[str | None, typer.Option(help="Lĩnh vực (domain)")] = None,
    agency: Annotated[str | None, typer.Option(help="Mã cơ quan (agency code)")] = None,
    hot: Annotated[bool, typer.Option(help="Chỉ vụ việc nóng (hot only)")] = False,
    user: Annotated[str | None, typer.Option(help="Xem với quyền của người dùng này")] = None,
    limit: int = 50,
) -> None:
    """Liệt kê vụ việc, mới nhất trước (list incidents, newest first)."""
    service = _service()
    rows = service.list(
        _principal(service, user),
        state=state or None,
        domain=domain,
        agency=agency,
        hot=True if hot else None,
        limit=limit,
    )
    if not rows:
        console.print("Không có vụ việc nào.")
        return
    table = RichTable("id", "mã", "trạng thái", "loại", "cơ quan", "hạn xử lý", "tiêu đề")
    for column in table.columns[:2]:  # codes are typed back by people: never wrap them
        column.no_wrap = True
    for row in rows:
        flag = " [red]QUÁ HẠN[/]" if row["overdue"] else ""
        table.add_row(
            str(row["id"]),
            escape(row["tracking_code"] or ""),
            escape(row["state_label"]) + flag,
            escape(row["category"]),
            escape(row["agency_code"] or ""),
            _local(row["deadline"]),
            escape(row["title"]),  # a citizen's words: printed as written, never as markup
        )
    console.print(table)


@incidents_app.command("show")
def show(
    incident_id: int, user: Annotated[str | None, typer.Option(help="Xem với quyền của người dùng này")] = None
) -> None:
    """Chi tiết và lịch sử một vụ việc (one incident and its history)."""

    service = _service()
    principal = _principal(service, user)
    try:
        record = service.get(incident_id, principal)
        history = service.history(incident_id, principal)
    except (NotFound, AccessDenied) as error:
        _fail(str(error))
    for key in (
        "id",
        "tracking_code",
        "procedure",
        "state_label",
        "domain",
        "category",
        "title",
        "description",
        "address",
        "reporter_name",
        "reporter_phone",
        "agency_code",
        "deadline",
        "overdue",
        "hot",
    ):
        value = _local(record[key]) if key == "deadline" else record[key]
        console.print(f"[bold]{key}[/]: {escape(str(value)) if value is not None else ''}", highlight=False)
    table = RichTable("#", "thời điểm", "người thực hiện", "thao tác", "trạng thái", "ý kiến")
    for column in table.columns[1:5]:
        column.no_wrap = True
    for row in history:
        table.add_row(
            str(row["id"]),
            _local(row["at"]),
            escape(row["actor"]),
            escape(row["action"]),
            escape(row["state"] or ""),
            escape(row["comment"] or ""),
        )
    console.print(table)


@incidents_app.command("transition")
def transition(
    incident_id: int,
    action: Annotated[str, typer.Argument(help="Thao tác, ví dụ verify, approve, forward")],
    user: Annotated[str, typer.Option(help="Người thực hiện (username), bắt buộc")],
    comment: Annotated[str | None, typer.Option(help="Ý kiến / lý do")] = None,
    agency: Annotated[str | None, typer.Option(help="Mã cơ quan nhận (forward, dispatch)")] = None,
    deadline: Annotated[str | None, typer.Option(help="Hạn xử lý dd/mm/yyyy (mặc định theo SLA)")] = None,
) -> None:
    """Thực hiện một bước của quy trình (take one step of the procedure)."""

    due: date | None = None
    if deadline:
        try:
            due = datetime.strptime(deadline, "%d/%m/%Y").date()
        except ValueError:
            _fail(f"hạn xử lý phải có dạng dd/mm/yyyy, không phải {deadline!r}")
    service = _service()
    try:
        incident = service.transition(
            incident_id, action, _principal(service, user), comment=comment, agency=agency, deadline=due
        )
    except TransitionError as error:
        _fail(error.message_vi)
    except (NotFound, AccessDenied, IncidentInputError) as error:
        _fail(str(error))
    console.print(
        f"Vụ việc {incident.id}: {incident.state}"
        + (f", hạn {_local(incident.deadline.isoformat())}" if incident.deadline else "")
    )


@incidents_app.command("escalate")
def escalate() -> None:
    """Đánh dấu vụ việc quá hạn và gửi thông báo (mark overdue incidents, notify)."""
    notifications = _service().escalate_overdue()
    console.print(f"{len(notifications)} vụ việc quá hạn được báo cáo.")
    for note in notifications:
        sent = sum(r.status == "sent" for r in note.results)
        console.print(f"  {note.context['incident_code']}: {sent}/{len(note.recipients)} e-mail đã gửi")


@audit_app.command("verify")
def verify() -> None:
    """Kiểm tra chuỗi băm của nhật ký kiểm toán (verify the audit hash chain)."""

    problems = verify_chain(open_store(settings().state_url))
    if problems:
        for problem in problems:
            console.print(f"[red]✗[/] {escape(str(problem))}", highlight=False)
        raise typer.Exit(code=1)
    console.print("[green]✓[/] Nhật ký kiểm toán toàn vẹn (audit chain intact).")
