"""The incident procedures of the regulation (Điều 7) as declarative state machines.

Two procedures exist:

* **timed** (xử lý có thời gian): received → verifying → verified (or dismissed) →
  approved by the IOC lead or deputy → forwarded to an agency with a deadline → in
  progress → resolved → closed; resolved, closed and dismissed incidents can be reopened,
  which sends them back through verification;
* **immediate** (xử lý tức thời; fire, traffic accident, theft, public disorder …):
  received → dispatched → on scene → resolved → closed (reopenable).

Each procedure is a table of :class:`Transition` rows; nothing else encodes the rules, so
:func:`check_transition`, :func:`allowed_transitions` and :func:`diagram` always agree.
The module is pure: it decides whether a step is allowed and what state it leads to;
storing the incident and writing the audit log is the caller's job.

Two additions to the brief's outline, both marked in the tables: an agency focal point may
hand a forwarded incident back (``return_to_ioc``, reason required: forwarded to the
wrong agency), and an immediate incident may be dismissed as a false alarm before
dispatch (``dismiss``, reason required), which matters for camera-generated incidents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum

__all__ = [
    "Procedure",
    "State",
    "Role",
    "Transition",
    "TransitionError",
    "CommandView",
    "STATE_LABELS_VI",
    "ROLE_LABELS_VI",
    "PROCEDURE_LABELS_VI",
    "TRANSITIONS",
    "IMMEDIATE_CATEGORIES",
    "HOT_CATEGORIES",
    "HOT_NOTIFY_ROLES",
    "allowed_transitions",
    "check_transition",
    "procedure_for_category",
    "is_hot",
    "command_view",
    "diagram",
]


class Procedure(str, Enum):
    """The two handling procedures of Điều 7."""

    TIMED = "timed"
    IMMEDIATE = "immediate"

    def __str__(self) -> str:
        return self.value


class State(str, Enum):
    """Incident states (the union over both procedures); values are stored as-is."""

    RECEIVED = "received"
    VERIFYING = "verifying"
    VERIFIED = "verified"
    DISMISSED = "dismissed"
    APPROVED = "approved"
    FORWARDED = "forwarded"
    IN_PROGRESS = "in_progress"
    DISPATCHED = "dispatched"
    ON_SCENE = "on_scene"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REOPENED = "reopened"

    def __str__(self) -> str:
        return self.value


class Role(str, Enum):
    """Roles of Điều 9 that take part in incident handling."""

    IOC_LEAD = "ioc_lead"
    IOC_DEPUTY = "ioc_deputy"
    SYSADMIN = "sysadmin"
    DOMAIN_STAFF = "domain_staff"
    FOCAL_POINT = "focal_point"
    LEADER = "leader"

    def __str__(self) -> str:
        return self.value


PROCEDURE_LABELS_VI = {
    Procedure.TIMED: "Xử lý có thời gian",
    Procedure.IMMEDIATE: "Xử lý tức thời",
}

STATE_LABELS_VI = {
    State.RECEIVED: "Đã tiếp nhận",
    State.VERIFYING: "Đang xác minh",
    State.VERIFIED: "Đã xác minh",
    State.DISMISSED: "Không xử lý (bác bỏ)",
    State.APPROVED: "Đã phê duyệt",
    State.FORWARDED: "Đã chuyển xử lý",
    State.IN_PROGRESS: "Đang xử lý",
    State.DISPATCHED: "Đã điều động lực lượng",
    State.ON_SCENE: "Lực lượng đã có mặt",
    State.RESOLVED: "Đã xử lý xong",
    State.CLOSED: "Đã đóng",
    State.REOPENED: "Mở lại",
}

ROLE_LABELS_VI = {
    Role.IOC_LEAD: "Tổ trưởng IOC",
    Role.IOC_DEPUTY: "Tổ phó IOC",
    Role.SYSADMIN: "Quản trị hệ thống",
    Role.DOMAIN_STAFF: "Cán bộ theo dõi lĩnh vực",
    Role.FOCAL_POINT: "Đầu mối cơ quan, đơn vị",
    Role.LEADER: "Lãnh đạo",
}


@dataclass(frozen=True)
class Transition:
    """One allowed step of a procedure.

    Attributes
    ----------
    action : str
        Name of the step (``"approve"``); unique within a procedure.
    sources : frozenset of State
        States the step may start from.
    target : State
        State it leads to.
    roles : frozenset of Role
        Roles allowed to take it.
    label_vi : str
        What the user sees on the button.
    requires_comment : bool
        A comment or reason is mandatory (dismiss, reopen, report a result …).
    requires_agency : bool
        The agency (cơ quan, đơn vị) receiving the incident must be named.
    requires_deadline : bool
        A deadline (hạn xử lý) must be given.
    """

    action: str
    sources: frozenset[State]
    target: State
    roles: frozenset[Role]
    label_vi: str
    requires_comment: bool = False
    requires_agency: bool = False
    requires_deadline: bool = False


def _t(
    action: str, sources: Iterable[State], target: State, roles: Iterable[Role], label_vi: str, **requires: bool
) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(roles), label_vi, **requires)


# IOC monitoring staff who run the procedure day to day.
_IOC_STAFF = (Role.DOMAIN_STAFF, Role.IOC_LEAD, Role.IOC_DEPUTY)
_IOC_MANAGERS = (Role.IOC_LEAD, Role.IOC_DEPUTY)
_S = State

_TIMED = (
    _t("start_verification", [_S.RECEIVED], _S.VERIFYING, _IOC_STAFF, "Bắt đầu xác minh"),
    _t("verify", [_S.VERIFYING], _S.VERIFIED, _IOC_STAFF, "Xác nhận đã xác minh"),
    _t("dismiss", [_S.VERIFYING], _S.DISMISSED, _IOC_STAFF, "Bác bỏ", requires_comment=True),
    _t("approve", [_S.VERIFIED], _S.APPROVED, _IOC_MANAGERS, "Phê duyệt"),
    _t(
        "forward",
        [_S.APPROVED],
        _S.FORWARDED,
        _IOC_STAFF,
        "Chuyển cơ quan xử lý",
        requires_agency=True,
        requires_deadline=True,
    ),
    # Addition: the agency says it is not theirs; the IOC forwards it again.
    _t(
        "return_to_ioc",
        [_S.FORWARDED],
        _S.APPROVED,
        [Role.FOCAL_POINT],
        "Trả lại IOC (không thuộc thẩm quyền)",
        requires_comment=True,
    ),
    _t("accept", [_S.FORWARDED], _S.IN_PROGRESS, [Role.FOCAL_POINT], "Tiếp nhận xử lý"),
    _t("resolve", [_S.IN_PROGRESS], _S.RESOLVED, [Role.FOCAL_POINT], "Báo cáo đã xử lý xong", requires_comment=True),
    _t("close", [_S.RESOLVED], _S.CLOSED, _IOC_STAFF, "Đóng vụ việc"),
    _t("reopen", [_S.RESOLVED, _S.CLOSED, _S.DISMISSED], _S.REOPENED, _IOC_STAFF, "Mở lại", requires_comment=True),
    _t("restart_verification", [_S.REOPENED], _S.VERIFYING, _IOC_STAFF, "Xác minh lại"),
)

# Field forces (police, fire brigade) report through their agency focal point; IOC staff
# may also record what the field force reported by phone.
_RESPONDERS = (Role.FOCAL_POINT, *_IOC_STAFF)

_IMMEDIATE = (
    _t("dispatch", [_S.RECEIVED], _S.DISPATCHED, _IOC_STAFF, "Điều động lực lượng", requires_agency=True),
    # Addition: false alarms (e.g. a camera misdetection) are closed with a reason.
    _t("dismiss", [_S.RECEIVED], _S.DISMISSED, _IOC_STAFF, "Bác bỏ (báo động giả)", requires_comment=True),
    _t("arrive", [_S.DISPATCHED], _S.ON_SCENE, _RESPONDERS, "Xác nhận có mặt tại hiện trường"),
    _t("resolve", [_S.ON_SCENE], _S.RESOLVED, _RESPONDERS, "Báo cáo đã xử lý xong", requires_comment=True),
    _t("close", [_S.RESOLVED], _S.CLOSED, _IOC_STAFF, "Đóng vụ việc"),
    _t("reopen", [_S.RESOLVED, _S.CLOSED, _S.DISMISSED], _S.REOPENED, _IOC_STAFF, "Mở lại", requires_comment=True),
    _t("redispatch", [_S.REOPENED], _S.DISPATCHED, _IOC_STAFF, "Điều động lại", requires_agency=True),
)

#: The transition tables, one per procedure.
TRANSITIONS: Mapping[Procedure, tuple[Transition, ...]] = {
    Procedure.TIMED: _TIMED,
    Procedure.IMMEDIATE: _IMMEDIATE,
}

#: Categories handled with the immediate procedure; every other category is timed.
IMMEDIATE_CATEGORIES = frozenset({"fire", "traffic_accident", "theft", "public_disorder", "riot"})

#: Hot or sensitive categories (vụ việc nóng, nhạy cảm) that open the command view.
HOT_CATEGORIES = frozenset(
    {
        "riot",
        "protest",
        "mass_gathering",
        "natural_disaster",
        "storm",
        "flood",
        "landslide",
        "earthquake",
        "tsunami",
        "epidemic",
        "mass_poisoning",
    }
)

#: Who is notified when a hot incident opens the command view.
HOT_NOTIFY_ROLES = (Role.LEADER, Role.IOC_LEAD)


class TransitionError(ValueError):
    """A state change that the procedure does not allow.

    Attributes
    ----------
    code : str
        Machine-readable reason: ``unknown_action``, ``wrong_state``, ``role_not_allowed``,
        ``missing_fields``, ``invalid_value``.
    missing : tuple of str
        For ``missing_fields``: which of ``comment``, ``agency``, ``deadline``.
    message_vi, message_en : str
        The explanation in Vietnamese (shown to users) and English (logs).
    """

    def __init__(self, code: str, message_vi: str, message_en: str, missing: tuple[str, ...] = ()):
        super().__init__(f"{message_vi} / {message_en}")
        self.code, self.missing = code, missing
        self.message_vi, self.message_en = message_vi, message_en


def _coerce(enum: type[Enum], value: object, what_vi: str, what_en: str) -> Enum:
    try:
        return enum(value)
    except ValueError:
        valid = ", ".join(member.value for member in enum)
        raise TransitionError(
            "invalid_value",
            f"{what_vi} không hợp lệ: {value!r} ({valid})",
            f"invalid {what_en} {value!r}; expected one of: {valid}",
        ) from None


def allowed_transitions(
    procedure: Procedure | str, state: State | str, role: Role | str | None = None
) -> list[Transition]:
    """The steps that can be taken from ``state`` (by ``role`` when given), in table order."""
    procedure = _coerce(Procedure, procedure, "Quy trình", "procedure")
    state = _coerce(State, state, "Trạng thái", "state")
    role = None if role is None else _coerce(Role, role, "Vai trò", "role")
    return [t for t in TRANSITIONS[procedure] if state in t.sources and (role is None or role in t.roles)]


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check_transition(
    procedure: Procedure | str,
    state: State | str,
    action: str,
    role: Role | str,
    comment: str | None = None,
    agency: str | None = None,
    deadline: date | None = None,
) -> State:
    """Validate one step and return the state it leads to.

    Parameters
    ----------
    procedure, state : Procedure, State or their string values
        Where the incident is now.
    action : str
        The step (``Transition.action``), e.g. ``"approve"``.
    role : Role or str
        Role of the person taking the step.
    comment, agency, deadline : optional
        Required by some steps (see :class:`Transition`); a ``deadline`` is a ``date`` or
        ``datetime``, usually from ``WorkingCalendar.add_working_days``.

    Returns
    -------
    State
        The new state.

    Raises
    ------
    TransitionError
        With a Vietnamese and English message naming what is wrong or missing.
    """
    procedure = _coerce(Procedure, procedure, "Quy trình", "procedure")
    state = _coerce(State, state, "Trạng thái", "state")
    role = _coerce(Role, role, "Vai trò", "role")
    table = {t.action: t for t in TRANSITIONS[procedure]}
    transition = table.get(action)
    if transition is None:
        actions = ", ".join(table)
        raise TransitionError(
            "unknown_action",
            f"Thao tác {action!r} không có trong quy trình "
            f"'{PROCEDURE_LABELS_VI[procedure]}' (các thao tác: {actions})",
            f"unknown action {action!r} for the {procedure.value} procedure ({actions})",
        )
    if state not in transition.sources:
        sources_vi = ", ".join(f"'{STATE_LABELS_VI[s]}'" for s in sorted(transition.sources))
        sources_en = ", ".join(s.value for s in sorted(transition.sources))
        raise TransitionError(
            "wrong_state",
            f"Không thể '{transition.label_vi}' khi vụ việc đang ở trạng thái "
            f"'{STATE_LABELS_VI[state]}'; chỉ thực hiện được từ: {sources_vi}",
            f"cannot {action} an incident in state '{state.value}'; allowed from: {sources_en}",
        )
    if role not in transition.roles:
        roles_vi = ", ".join(ROLE_LABELS_VI[r] for r in sorted(transition.roles))
        roles_en = ", ".join(r.value for r in sorted(transition.roles))
        raise TransitionError(
            "role_not_allowed",
            f"Vai trò '{ROLE_LABELS_VI[role]}' không được '{transition.label_vi}'; chỉ dành cho: {roles_vi}",
            f"role '{role.value}' may not {action}; allowed roles: {roles_en}",
        )
    _check_required(transition, comment, agency, deadline)
    return transition.target


_FIELD_LABELS_VI = {"comment": "ý kiến/lý do", "agency": "cơ quan xử lý", "deadline": "hạn xử lý"}


def _check_required(transition: Transition, comment: object, agency: object, deadline: object) -> None:
    if deadline is not None and not isinstance(deadline, date):
        raise TransitionError(
            "invalid_value",
            f"Hạn xử lý phải là ngày/giờ, không phải {deadline!r}",
            f"deadline must be a date or datetime, got {type(deadline).__name__}",
        )
    missing = tuple(
        name
        for name, needed, value in (
            ("comment", transition.requires_comment, comment),
            ("agency", transition.requires_agency, agency),
            ("deadline", transition.requires_deadline, deadline),
        )
        if needed and _blank(value)
    )
    if missing:
        names_vi = ", ".join(_FIELD_LABELS_VI[name] for name in missing)
        raise TransitionError(
            "missing_fields",
            f"Thao tác '{transition.label_vi}' cần nhập: {names_vi}",
            f"action '{transition.action}' requires: {', '.join(missing)}",
            missing=missing,
        )


def _normalise_category(category: str) -> str:
    if not isinstance(category, str) or not category.strip():
        raise ValueError(f"Loại vụ việc trống hoặc không hợp lệ / empty or invalid category {category!r}")
    return category.strip().lower().replace("-", "_").replace(" ", "_")


def procedure_for_category(category: str, immediate: Iterable[str] = IMMEDIATE_CATEGORIES) -> Procedure:
    """The procedure for an incident category: immediate for ``immediate``, else timed.

    Pass ``immediate`` to use a site's own category table.
    """
    return Procedure.IMMEDIATE if _normalise_category(category) in set(immediate) else Procedure.TIMED


def is_hot(category: str, hot: Iterable[str] = HOT_CATEGORIES) -> bool:
    """True for a hot or sensitive category (riots, protests, disasters, epidemics …)."""
    return _normalise_category(category) in set(hot)


@dataclass(frozen=True)
class CommandView:
    """Whether an incident opens the leadership command view, and who is told.

    Attributes
    ----------
    opens : bool
    notify_roles : tuple of Role
        Empty when ``opens`` is False.
    """

    opens: bool
    notify_roles: tuple[Role, ...] = ()


def command_view(category: str, hot: Iterable[str] = HOT_CATEGORIES) -> CommandView:
    """The command-view decision for an incident category."""
    if is_hot(category, hot):
        return CommandView(True, HOT_NOTIFY_ROLES)
    return CommandView(False)


def diagram(procedure: Procedure | str) -> str:
    """Mermaid ``stateDiagram-v2`` text of a procedure, for the documentation.

    States carry their Vietnamese labels; edges are labelled with the action name, the
    roles allowed and what must be supplied.
    """
    procedure = _coerce(Procedure, procedure, "Quy trình", "procedure")
    table = TRANSITIONS[procedure]
    states = [State.RECEIVED]
    for transition in table:
        for state in (*sorted(transition.sources), transition.target):
            if state not in states:
                states.append(state)
    lines = ["stateDiagram-v2", f"    %% {PROCEDURE_LABELS_VI[procedure]} ({procedure.value})"]
    lines += [f'    state "{STATE_LABELS_VI[s]}" as {s.value}' for s in states]
    lines.append(f"    [*] --> {State.RECEIVED.value}")
    for transition in table:
        needs = [name for name in ("comment", "agency", "deadline") if getattr(transition, f"requires_{name}")]
        roles = "/".join(r.value for r in sorted(transition.roles))
        label = f"{transition.action} ({roles})" + (f" needs {'+'.join(needs)}" if needs else "")
        for source in sorted(transition.sources):
            lines.append(f"    {source.value} --> {transition.target.value} : {label}")
    lines.append(f"    {State.CLOSED.value} --> [*]")
    return "\n".join(lines) + "\n"
