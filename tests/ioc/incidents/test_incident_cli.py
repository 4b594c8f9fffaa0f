"""``ioc incidents …`` and ``ioc audit verify`` (typer apps, run in-process)."""

from __future__ import annotations

import sqlalchemy as sa
from typer.testing import CliRunner

from ioc.auth import Principal
from ioc.incidents.cli import audit_app, incidents_app

runner = CliRunner()


def test_list_show_transition_and_verify(service, people, citizen_draft, store):
    incident = service.open_incident(citizen_draft(), Principal.system())
    listed = runner.invoke(incidents_app, ["list"])
    assert listed.exit_code == 0 and incident.tracking_code in listed.output

    step = runner.invoke(incidents_app, ["transition", str(incident.id), "start_verification", "--user", "staff"])
    assert step.exit_code == 0, step.output
    assert "verifying" in step.output
    refused = runner.invoke(incidents_app, ["transition", str(incident.id), "approve", "--user", "staff"])
    assert refused.exit_code == 1 and "Không thể" in refused.output
    unknown = runner.invoke(incidents_app, ["transition", str(incident.id), "verify", "--user", "nobody"])
    assert unknown.exit_code == 1 and "nobody" in unknown.output

    shown = runner.invoke(incidents_app, ["show", str(incident.id), "--user", "sgtvt"])
    assert shown.exit_code == 1  # not forwarded to SGTVT: the agency may not see it
    shown = runner.invoke(incidents_app, ["show", str(incident.id), "--user", "leader"])
    assert shown.exit_code == 0 and "start_verification" in shown.output and "0912345678" not in shown.output

    assert runner.invoke(audit_app, ["verify"]).exit_code == 0
    with store.engine.begin() as connection:  # tamper: drop the guard, then edit a row
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("DROP TRIGGER audit_log_no_change ON audit_log"))
        else:
            connection.execute(sa.text("DROP TRIGGER audit_log_no_update"))
        connection.execute(sa.text("UPDATE audit_log SET actor = 'lead' WHERE action = 'start_verification'"))
    broken = runner.invoke(audit_app, ["verify"])
    assert broken.exit_code == 1 and "hash mismatch" in broken.output


def test_a_citizen_s_words_that_look_like_console_markup_are_printed_as_written(service, people, citizen_draft):
    """Rich reads ``[bold]`` and ``[/]`` in printed text as markup: a title with them lost its
    words in ``list``, and a closing tag made ``show`` crash (MarkupError)."""
    title = "Đèn [bold]hỏng[/] ở [red]ngã tư"
    incident = service.open_incident(citizen_draft(title=title, description="xem ảnh [/]"), Principal.system())
    listed = runner.invoke(incidents_app, ["list"])
    assert listed.exit_code == 0, listed.output
    assert "[red]ngã" in listed.output  # a narrow table wraps the title, word by word
    shown = runner.invoke(incidents_app, ["show", str(incident.id), "--user", "leader"])
    assert shown.exit_code == 0, shown.output
    assert title in shown.output and "xem ảnh [/]" in shown.output
