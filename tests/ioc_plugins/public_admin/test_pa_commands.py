"""``ioc public_admin …`` on the oracle's March 2026: the 766 table, a look-up, the violations."""

from __future__ import annotations

import pandas as pd
import pytest
import typer
from pa_oracle import dossiers, events, feedback, procedures
from typer.testing import CliRunner

from ioc.alerts import store_alerts
from ioc.datalayer import DataLayer
from ioc.plugins import Registry
from ioc.rules import evaluate_schedule
from ioc_plugins.public_admin import plugin
from ioc_plugins.public_admin.commands import app, period_of
from ioc_plugins.public_admin.tables import TABLES

runner = CliRunner()
PII = ("Người nộp", "0912345678", "345678")


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False, env={"COLUMNS": "250"})


@pytest.fixture
def oracle():
    """The oracle's data in the deployment the commands open (the test's data dir)."""
    from ioc.config import settings

    layer = DataLayer(settings(), tables=TABLES)
    for name, frame in (
        ("public_admin.procedures", procedures()),
        ("public_admin.dossiers", dossiers()),
        ("public_admin.dossier_events", events()),
        ("public_admin.feedback", feedback()),
    ):
        layer.write(name, frame)
    yield layer
    layer.close()


def test_the_766_table_of_a_month_with_each_indicator_explained(oracle):
    result = invoke("index766", "--agency", "--period", "month", "--at", "15/03/2026")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Bộ chỉ số 766 — Tháng 3/2026" in out and "Tổng điểm" in out
    assert out.index("64.13") < out.index("│ 2    │ B")  # A first (64.13), then B (14)
    assert "Giải trình chỉ số: A (Tháng 3/2026)" in out and "Giải trình chỉ số: B (Tháng 3/2026)" in out
    assert "Tỷ lệ TTHC công bố đúng hạn" in out and "66.67%" in out  # 1.1 of A: 2 of 3


def test_one_unit_of_a_quarter_without_the_explanation(oracle):
    result = invoke("index766", "--unit", "-p", "quarter", "--at", "02/01/2026", "-e", "U2", "--no-explain")
    assert result.exit_code == 0, result.output
    assert "Quý 1/2026" in result.output and "U2" in result.output and "62.71" in result.output
    assert "U1" not in result.output and "Giải trình" not in result.output
    unknown = invoke("index766", "--unit", "-p", "quarter", "--at", "02/01/2026", "-e", "U3")
    assert unknown.exit_code == 1 and "không có đơn vị 'U3'" in unknown.output


@pytest.mark.parametrize(
    ("period", "day", "expected"),
    [
        ("month", "2026-03-15", ("month", 2026, 3)),
        ("quarter", "2026-08-01", ("quarter", 2026, 3)),
        ("6m", "2026-05-31", ("6months", 2026, 1)),
        ("9m", "2026-09-30", ("9months", 2026, 1)),
        ("year", "2026-12-31", ("year", 2026, 1)),
    ],
)
def test_the_period_holding_a_day(period, day, expected):
    assert period_of(period, pd.Timestamp(day)) == expected


def test_wrong_period_and_date_are_clear_errors(oracle):
    wrong = invoke("index766", "--period", "mnth")
    assert wrong.exit_code == 1 and "did you mean 'month'" in wrong.output
    bad_day = invoke("index766", "--at", "2026-03-15")
    assert bad_day.exit_code == 1 and "dd/mm/yyyy" in bad_day.output


def test_lookup_shows_public_steps_only(oracle):
    found = invoke("lookup", "D4", "--phone-last4", "5678")
    assert found.exit_code == 0, found.output
    assert "Đã trả kết quả" in found.output and "19/03/2026" in found.output and "Yêu cầu bổ sung" in found.output
    assert not any(secret in found.output for secret in PII)
    for code, phone in (("D4", "0000"), ("NOPE", "5678")):
        missing = invoke("lookup", code, "--phone-last4", phone)
        assert missing.exit_code == 1 and "không tìm thấy hồ sơ" in missing.output


def test_violations_since_a_day_for_one_agency(oracle):
    assert "Không có cảnh báo" in invoke("violations").output
    store_alerts(oracle.store, evaluate_schedule(Registry([plugin()]).rules(), oracle, pd.Timestamp("2026-03-24 03:00", tz="UTC")))  # fmt: skip
    everything = invoke("violations", "--since", "01/03/2026")
    assert everything.exit_code == 0, everything.output
    assert "Hồ sơ xử lý quá hạn" in everything.output and "D5" in everything.output
    assert "D5" in invoke("violations", "--agency", "A").output
    assert "D5" not in invoke("violations", "--agency", "B").output
    assert "Không có cảnh báo" in invoke("violations", "--since", "25/03/2026").output


def test_the_host_mounts_the_commands():
    from ioc.cli import mount_plugin_commands
    from workbench.cli import app as host

    alone = typer.Typer()
    mount_plugin_commands(alone, Registry([plugin()]))
    for target in (host, alone):
        result = runner.invoke(target, ["public_admin", "--help"], env={"COLUMNS": "250"})
        assert result.exit_code == 0, result.output
        assert "Bộ chỉ số 766" in result.output and "violations" in result.output
