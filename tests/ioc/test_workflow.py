"""Tests for ioc.incidents.workflow: the Điều 7 procedures as state machines."""

import re
from datetime import date

import pytest

from ioc.incidents.workflow import (
    HOT_NOTIFY_ROLES,
    STATE_LABELS_VI,
    TRANSITIONS,
    Procedure,
    Role,
    State,
    TransitionError,
    allowed_transitions,
    check_transition,
    command_view,
    diagram,
    is_hot,
    procedure_for_category,
)

DEADLINE = date(2026, 2, 27)


def run(procedure, steps, state=State.RECEIVED):
    """Apply (action, role, kwargs) steps and return the visited states."""
    visited = [state]
    for action, role, extra in steps:
        state = check_transition(procedure, state, action, role, **extra)
        visited.append(state)
    return visited


def test_timed_happy_path_end_to_end():
    visited = run(
        Procedure.TIMED,
        [
            ("start_verification", Role.DOMAIN_STAFF, {}),
            ("verify", Role.DOMAIN_STAFF, {}),
            ("approve", Role.IOC_LEAD, {}),
            ("forward", Role.DOMAIN_STAFF, {"agency": "Sở Giao thông vận tải", "deadline": DEADLINE}),
            ("accept", Role.FOCAL_POINT, {}),
            ("resolve", Role.FOCAL_POINT, {"comment": "Đã sửa đèn tín hiệu"}),
            ("close", Role.DOMAIN_STAFF, {}),
        ],
    )
    assert visited == [
        State.RECEIVED,
        State.VERIFYING,
        State.VERIFIED,
        State.APPROVED,
        State.FORWARDED,
        State.IN_PROGRESS,
        State.RESOLVED,
        State.CLOSED,
    ]


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (State.RECEIVED, "verify"),
        (State.RECEIVED, "approve"),
        (State.RECEIVED, "dismiss"),
        (State.VERIFYING, "approve"),
        (State.VERIFIED, "forward"),
        (State.RECEIVED, "forward"),
        (State.REOPENED, "approve"),
    ],
    ids=lambda v: str(v),
)
def test_timed_cannot_skip_verification_or_approval(state, action):
    with pytest.raises(TransitionError) as caught:
        check_transition("timed", state, action, Role.IOC_LEAD, comment="x", agency="Sở Y tế", deadline=DEADLINE)
    assert caught.value.code == "wrong_state"
    assert STATE_LABELS_VI[state] in caught.value.message_vi


@pytest.mark.parametrize("role", [Role.IOC_LEAD, Role.IOC_DEPUTY])
def test_only_lead_or_deputy_approve(role):
    assert check_transition("timed", "verified", "approve", role) is State.APPROVED


@pytest.mark.parametrize("role", [Role.DOMAIN_STAFF, Role.FOCAL_POINT, Role.SYSADMIN, Role.LEADER])
def test_others_cannot_approve(role):
    with pytest.raises(TransitionError) as caught:
        check_transition("timed", "verified", "approve", role)
    assert caught.value.code == "role_not_allowed"
    assert "Tổ trưởng IOC" in str(caught.value) and "ioc_lead" in str(caught.value)


def test_forward_names_every_missing_field():
    with pytest.raises(TransitionError) as caught:
        check_transition("timed", "approved", "forward", "domain_staff")
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.code == "missing_fields" and error.missing == ("agency", "deadline")
    assert "cơ quan xử lý" in error.message_vi and "hạn xử lý" in error.message_vi
    assert "agency" in error.message_en and "deadline" in error.message_en
    with pytest.raises(TransitionError) as caught:
        check_transition("timed", "approved", "forward", "domain_staff", agency="Sở Y tế")
    assert caught.value.missing == ("deadline",)


@pytest.mark.parametrize("comment", [None, "", "   "], ids=["none", "empty", "blank"])
def test_dismiss_requires_a_reason(comment):
    with pytest.raises(TransitionError) as caught:
        check_transition("timed", "verifying", "dismiss", "domain_staff", comment=comment)
    assert caught.value.missing == ("comment",)
    assert (
        check_transition("timed", "verifying", "dismiss", "domain_staff", comment="Tin giả, đã xác minh")
        is State.DISMISSED
    )


def test_deadline_must_be_a_date():
    with pytest.raises(TransitionError) as caught:
        check_transition("timed", "approved", "forward", "ioc_lead", agency="Sở Y tế", deadline="27/02/2026")
    assert caught.value.code == "invalid_value"


@pytest.mark.parametrize("start", [State.CLOSED, State.RESOLVED, State.DISMISSED])
def test_reopen_goes_back_through_verification(start):
    visited = run(
        Procedure.TIMED,
        [
            ("reopen", Role.IOC_DEPUTY, {"comment": "Người dân phản ánh lại"}),
            ("restart_verification", Role.DOMAIN_STAFF, {}),
        ],
        state=start,
    )
    assert visited[1:] == [State.REOPENED, State.VERIFYING]


def test_focal_point_can_return_a_wrongly_forwarded_incident():
    assert (
        check_transition("timed", "forwarded", "return_to_ioc", "focal_point", comment="Không thuộc thẩm quyền")
        is State.APPROVED
    )
    with pytest.raises(TransitionError):
        check_transition("timed", "forwarded", "return_to_ioc", "domain_staff", comment="x")


def test_immediate_happy_path_and_reopen():
    visited = run(
        Procedure.IMMEDIATE,
        [
            ("dispatch", Role.DOMAIN_STAFF, {"agency": "Công an phường Vũng Tàu"}),
            ("arrive", Role.FOCAL_POINT, {}),
            ("resolve", Role.FOCAL_POINT, {"comment": "Đã dập tắt đám cháy"}),
            ("close", Role.IOC_LEAD, {}),
            ("reopen", Role.IOC_LEAD, {"comment": "Cháy lại"}),
            ("redispatch", Role.DOMAIN_STAFF, {"agency": "Cảnh sát PCCC"}),
        ],
    )
    assert visited == [
        State.RECEIVED,
        State.DISPATCHED,
        State.ON_SCENE,
        State.RESOLVED,
        State.CLOSED,
        State.REOPENED,
        State.DISPATCHED,
    ]


def test_immediate_dispatch_needs_an_agency_and_has_no_verification_step():
    with pytest.raises(TransitionError) as caught:
        check_transition("immediate", "received", "dispatch", "domain_staff")
    assert caught.value.missing == ("agency",)
    with pytest.raises(TransitionError) as caught:
        check_transition("immediate", "received", "start_verification", "domain_staff")
    assert caught.value.code == "unknown_action" and "dispatch" in str(caught.value)


@pytest.mark.parametrize("procedure", list(Procedure))
@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("role", [Role.LEADER, Role.SYSADMIN])
def test_leader_and_sysadmin_only_view(procedure, state, role):
    assert allowed_transitions(procedure, state, role) == []


def test_allowed_transitions_depend_on_state_and_role():
    assert [t.action for t in allowed_transitions("timed", "verified", "ioc_lead")] == ["approve"]
    assert allowed_transitions("timed", "verified", "domain_staff") == []
    assert [t.action for t in allowed_transitions("timed", "forwarded", "focal_point")] == ["return_to_ioc", "accept"]
    assert {t.action for t in allowed_transitions("timed", "verifying")} == {"verify", "dismiss"}


@pytest.mark.parametrize("procedure", list(Procedure))
def test_tables_are_consistent(procedure):
    table = TRANSITIONS[procedure]
    actions = [t.action for t in table]
    assert len(actions) == len(set(actions))
    # Every state in the table is reachable from "received", and every state except the
    # end of the line has a way out.
    edges = {(s, t.target) for t in table for s in t.sources}
    reachable, frontier = {State.RECEIVED}, [State.RECEIVED]
    while frontier:
        here = frontier.pop()
        for source, target in edges:
            if source == here and target not in reachable:
                reachable.add(target)
                frontier.append(target)
    assert reachable == {s for edge in edges for s in edge}
    assert all(any(s == state for s, _ in edges) for state in reachable)
    assert all(t.roles and t.label_vi for t in table)
    assert all(state in STATE_LABELS_VI for state in reachable)


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({"procedure": "slow"}, "procedure"),
        ({"state": "lost"}, "state"),
        ({"role": "mayor"}, "role"),
    ],
)
def test_unknown_enum_values_are_clear_errors(value, field):
    arguments = {"procedure": "timed", "state": "verified", "role": "ioc_lead", **value}
    with pytest.raises(TransitionError, match=field) as caught:
        check_transition(arguments["procedure"], arguments["state"], "approve", arguments["role"])
    assert caught.value.code == "invalid_value"


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("fire", Procedure.IMMEDIATE),
        ("Traffic Accident", Procedure.IMMEDIATE),
        ("theft", Procedure.IMMEDIATE),
        ("public-disorder", Procedure.IMMEDIATE),
        ("pothole", Procedure.TIMED),
        ("flood", Procedure.TIMED),
        ("epidemic", Procedure.TIMED),
    ],
)
def test_procedure_for_category(category, expected):
    assert procedure_for_category(category) is expected


def test_procedure_for_category_with_a_site_table_and_bad_input():
    assert procedure_for_category("pothole", immediate={"pothole"}) is Procedure.IMMEDIATE
    with pytest.raises(ValueError, match="empty or invalid category"):
        procedure_for_category("  ")


@pytest.mark.parametrize("category", ["protest", "riot", "flood", "storm", "epidemic"])
def test_hot_categories_open_the_command_view(category):
    assert is_hot(category)
    view = command_view(category)
    assert view.opens and view.notify_roles == HOT_NOTIFY_ROLES
    assert set(view.notify_roles) == {Role.LEADER, Role.IOC_LEAD}


def test_ordinary_categories_do_not_open_the_command_view():
    assert not is_hot("pothole") and not is_hot("fire")
    assert command_view("fire").opens is False and command_view("fire").notify_roles == ()


@pytest.mark.parametrize("procedure", list(Procedure))
def test_diagram_lists_exactly_the_table(procedure):
    text = diagram(procedure)
    assert text.startswith("stateDiagram-v2\n")
    drawn = set(re.findall(r"^\s+(\w+) --> (\w+) : (\w+)", text, flags=re.MULTILINE))
    expected = {(s.value, t.target.value, t.action) for t in TRANSITIONS[procedure] for s in t.sources}
    assert drawn == expected
    assert "[*] --> received" in text
    for state in {s for t in TRANSITIONS[procedure] for s in (*t.sources, t.target)}:
        assert f'state "{STATE_LABELS_VI[state]}" as {state.value}' in text
