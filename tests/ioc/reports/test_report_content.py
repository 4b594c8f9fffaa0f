"""What a report says: periods, domain figures, top incidents, narrative = table, provenance."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from ioc.reports.content import Period, build_report, parse_period
from ioc.reports.schedule import due_reports

ZONE = "Asia/Ho_Chi_Minh"


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("monthly", "11/2026", ("monthly", 2026, 11)),
        ("monthly", "2026-11", ("monthly", 2026, 11)),
        ("quarterly", "Q4/2026", ("quarterly", 2026, 4)),
        ("quarterly", "2026-Q4", ("quarterly", 2026, 4)),
    ],
    ids=["month", "iso-month", "quarter", "iso-quarter"],
)
def test_periods_parse(kind, text, expected):
    period = parse_period(kind, text, ZONE)
    assert (period.kind, period.year, period.number) == expected


@pytest.mark.parametrize("text", ["13/2026", "nov 2026", "Q5/2026"])
def test_bad_periods_are_refused(text):
    with pytest.raises(ValueError, match="không hợp lệ"):
        parse_period("quarterly" if text.startswith("Q") else "monthly", text, ZONE)


def test_a_period_is_local_months_in_utc():
    november = Period("monthly", 2026, 11, ZONE)
    assert november.start == pd.Timestamp("2026-10-31T17:00:00Z") and november.end == pd.Timestamp("2026-11-30T17:00Z")
    assert november.label == "11/2026" and november.previous().label == "10/2026"
    q1 = Period("quarterly", 2027, 1, ZONE)
    assert q1.label == "Quý I/2027" and q1.previous().label == "Quý IV/2026" and q1.code == "2027-Q1"
    assert Period("monthly", 2027, 1, ZONE).previous().label == "12/2026"


def test_reports_are_due_on_the_first_working_day_only():
    # 01/01/2027 is New Year's Day (a Friday), then a weekend: the first working day is Monday 04/01
    assert due_reports(date(2027, 1, 1), ZONE, ["monthly", "quarterly"]) == []
    due = due_reports(date(2027, 1, 4), ZONE, ["monthly", "quarterly"])
    assert [p.label for p in due] == ["12/2026", "Quý IV/2026"]
    assert [p.label for p in due_reports(date(2026, 12, 1), ZONE, ["monthly", "quarterly"])] == ["11/2026"]
    assert due_reports(date(2026, 12, 2), ZONE, ["monthly"]) == []


@pytest.fixture
def filled(datalayer):
    """Alerts of two domains in November and October, and three incidents in November (each
    incident opens its own alert too)."""
    from ioc.alerts import store_alerts
    from ioc.auth import Principal
    from ioc.incidents.service import IncidentDraft, IncidentService
    from ioc.rules import AlertDraft

    def alert(domain: str, day: str, i: int) -> AlertDraft:
        return AlertDraft(
            rule_id=f"t.{domain}.{i}",
            domain=domain,
            category="x",
            severity="high",
            title=f"{domain} {i}",
            message="",
            observed_at=pd.Timestamp(f"2026-{day}T03:00:00Z"),
        )

    store_alerts(
        datalayer.store,
        [alert("environment", "11-05", i) for i in range(3)]
        + [alert("feedback", "11-07", i) for i in range(2)]
        + [alert("environment", "10-10", i) for i in range(4)],
    )
    service = IncidentService(datalayer.store, settings=datalayer.settings)
    for i, (category, severity) in enumerate((("protest", "critical"), ("waste", "warning"), ("road_damage", "high"))):
        service.open_incident(
            IncidentDraft(
                domain="feedback",
                category=category,
                title=f"Vụ việc {i}",
                severity=severity,
                received_at=pd.Timestamp(f"2026-11-1{i}T02:00:00Z").to_pydatetime(),
            ),
            Principal.system(),
        )
    return datalayer


def test_build_report_counts_per_domain_and_compares(filled):
    report = build_report(filled, "monthly", "11/2026")
    rows = report.domains.set_index("domain")
    assert rows.loc["environment", "Cảnh báo"] == 3 and rows.loc["environment", "Kỳ trước"] == 4
    assert rows.loc["environment", "Thay đổi (%)"] == -25.0
    assert rows.loc["feedback", "Cảnh báo"] == 5 and rows.loc["feedback", "Vụ việc"] == 3
    assert report.top_incidents["Nội dung"].iloc[0] == "Vụ việc 0"  # the hot protest first
    assert report.title == "Báo cáo tháng 11/2026"
    assert set(report.figures["Lĩnh vực"]) >= {"Tài nguyên - Môi trường", "Phản ánh hiện trường"}


def test_every_number_of_the_narrative_is_in_the_tables(filled):
    report = build_report(filled, "monthly", "11/2026")
    text = " ".join(report.narrative)
    assert "8 cảnh báo trên 2 lĩnh vực (kỳ trước: 4)" in text
    assert "Tài nguyên - Môi trường: 3 cảnh báo, giảm 25% so với kỳ trước" in text
    assert "Tiếp nhận 3 vụ việc" in text
    table_numbers = {str(v).replace(".0", "").lstrip("-") for v in pd.concat([report.domains, report.agencies]).stack()}
    table_numbers |= {str(int(report.domains[c].sum())) for c in ("Cảnh báo", "Kỳ trước", "Vụ việc", "Đã giải quyết")}
    alerting = int((report.domains["Cảnh báo"] > 0).sum())  # the rows of the table with alerts
    table_numbers |= {str(int(report.domains["Đúng hạn"].sum())), str(alerting)}
    stripped = re.sub(r"\d{2}/\d{4}", "", text)  # the period's label
    for number in re.findall(r"\d+(?:,\d+)?", stripped):
        assert number.replace(",", ".") in table_numbers, number


def test_provenance_gives_the_lake_versions_and_the_parameters(filled):
    report = build_report(filled, "quarterly", "Q4/2026", unit="747")
    info = report.provenance
    assert info["table_versions"] == {name: filled.version(name) for name in sorted(filled.tables)}
    assert info["parameters"] == {"kind": "quarterly", "period": "Quý IV/2026", "unit": "747", "language": "vi"}
    assert info["code_version"] and pd.Timestamp(info["rendered_at"]).tzinfo is not None
    assert report.domains["Cảnh báo"].sum() == 0  # no alert names unit 747


def test_same_snapshot_same_numbers(filled):
    first, second = (build_report(filled, "monthly", "11/2026") for _ in range(2))
    pd.testing.assert_frame_equal(first.domains, second.domains)
    assert first.narrative == second.narrative
