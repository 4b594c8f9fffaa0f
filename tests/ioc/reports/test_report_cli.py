"""``ioc report``: clear errors for bad input; the schedule does nothing on a day nothing is due."""

from __future__ import annotations

from typer.testing import CliRunner

from ioc.cli import app

runner = CliRunner()


def test_a_bad_period_is_a_clear_error():
    result = runner.invoke(app, ["report", "render", "monthly", "--period", "13/2026"])
    assert result.exit_code == 1 and "không hợp lệ" in result.output


def test_an_unknown_kind_is_a_clear_error():
    result = runner.invoke(app, ["report", "render", "weekly", "--period", "11/2026"])
    assert result.exit_code == 1 and "monthly, quarterly" in result.output


def test_the_schedule_on_an_ordinary_day_does_nothing():
    # 02/12/2026 is a Wednesday, not the first working day of December
    result = runner.invoke(app, ["report", "schedule", "--now", "2026-12-02T01:00:00Z", "--no-send"])
    assert result.exit_code == 0 and "không có báo cáo đến hạn" in result.output


def test_an_unknown_language_is_a_clear_error():
    result = runner.invoke(app, ["report", "render", "monthly", "--period", "11/2026", "--language", "fr"])
    assert result.exit_code == 1 and "vi, en" in result.output
