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


EXPECTED_SENTENCES = {
    "vi": (
        "Trong kỳ 11/2026, hệ thống ghi nhận 8 cảnh báo trên 2 lĩnh vực (kỳ trước: 4).",
        "Lĩnh vực Tài nguyên - Môi trường: 3 cảnh báo, giảm 25% so với kỳ trước.",
        "Lĩnh vực Phản ánh hiện trường: 5 cảnh báo, không có số liệu kỳ trước để so sánh.",
        "Tiếp nhận 3 vụ việc, đã giải quyết 0, trong đó 0 đúng hạn.",
    ),
    "en": (
        "In 11/2026 the system recorded 8 alerts across 2 domains (previous period: 4).",
        "Natural resources and environment: 3 alerts, down 25% on the previous period.",
        "Citizen reports: 5 alerts, no previous period to compare with.",
        "3 incidents received, 0 resolved, 0 of them on time.",
    ),
}


def numbers_in(sentence: str, language: str) -> list[float]:
    """The numbers of a sentence as the language writes them (vi: 1.234 and 12,5; en: 1,234 and 12.5)."""
    thousands, decimal = (".", ",") if language == "vi" else (",", ".")
    found = re.findall(rf"\d+(?:\{thousands}\d{{3}})*(?:\{decimal}\d+)?", sentence)
    return [float(n.replace(thousands, "").replace(decimal, ".")) for n in found]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_number_of_the_narrative_is_in_the_tables(filled, language):
    report = build_report(filled, "monthly", "11/2026", language=language)
    assert list(report.narrative) == list(EXPECTED_SENTENCES[language])
    domains, agencies = report.domains, report.agencies
    numeric = pd.concat([domains, agencies]).select_dtypes("number")
    table_numbers = {abs(float(v)) for v in numeric.stack()}
    # the totals row of the domain table and the count of its rows with alerts
    table_numbers |= {float(domains[report.col(k)].sum()) for k in ("alerts", "previous", "incidents", "resolved")}
    table_numbers |= {float(domains[report.col("on_time")].sum()), float((domains[report.col("alerts")] > 0).sum())}
    for sentence in report.narrative:
        for value in numbers_in(sentence.replace(report.period.label_in(language), ""), language):
            assert value in table_numbers, (value, sentence)


def test_an_english_report_has_english_headings_columns_and_values(filled):
    from ioc.reports import html

    report = build_report(filled, "quarterly", "Q4/2026", language="en")
    assert report.title == "Quarterly report Q4/2026"
    assert list(report.domains.columns[:4]) == ["domain", "Domain", "Alerts", "Previous period"]
    assert set(report.top_incidents["Severity"]) == {"Critical", "High", "Warning"}
    assert report.provenance["parameters"]["unit"] == "whole site"
    page = html.header(report, "BRVT") + html.report_section(report, "section_domains", report.domains)
    assert "Alerts and incidents by domain" in page and "From 01/10/2026 to 31/12/2026" in page
    assert "Lĩnh vực" not in page and "Cảnh báo" not in page


@pytest.mark.parametrize(("language", "expected"), [("vi", "1.234,5"), ("en", "1,234.5")], ids=["vi", "en"])
def test_numbers_are_written_the_languages_way(language, expected):
    from ioc.reports.html import table

    cells = table(pd.DataFrame({"x": [1234.5], "y": [True]}), language)
    assert expected in cells and ("Có" if language == "vi" else "Yes") in cells


def test_both_languages_have_the_same_texts_and_an_unknown_one_is_refused(filled):
    from ioc.reports.texts import TEXTS

    assert set(TEXTS["vi"]) == set(TEXTS["en"])
    with pytest.raises(ValueError, match="vi, en"):
        build_report(filled, "monthly", "11/2026", language="fr")


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


def parking_tile(datalayer, now):
    """The tile of a plugin that exists only in this test."""
    from ioc.overview import Figure, Tile

    return Tile(domain="parking", title="Bãi đỗ xe", figures=(Figure("Chỗ trống", 1234, "chỗ"),), as_of=now)


def test_a_plugin_added_in_the_tests_is_in_the_report(filled):
    from ioc.plugins import Plugin, Registry, registry
    from ioc.tables import Column, Table

    parking = Plugin(
        name="parking",
        title="Bãi đỗ xe",
        titles={"en": "Parking"},
        tables=(Table(name="parking.rows", columns=(Column("id", "string"),), key=("id",)),),
        overview=f"{__name__}:parking_tile",
    )
    for language, title in (("vi", "Bãi đỗ xe"), ("en", "Parking")):
        report = build_report(filled, "monthly", "11/2026", language=language, plugins=Registry([*registry(), parking]))
        assert title in set(report.domains[report.col("domain")])
        row = report.figures[report.figures[report.col("domain")] == title]
        assert row[report.col("end")].tolist() == [1234]


def with_targets(layer, targets):
    """A second data layer on ``layer``'s deployment whose ``ioc.yaml`` declares ``reports.targets``."""
    from ioc.config import load_settings
    from ioc.datalayer import DataLayer

    base = layer.settings
    return DataLayer(
        load_settings(data_dir=base.data_dir, database_url=base.database_url, reports={"targets": targets})
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_declared_target_is_in_the_table_and_a_missed_one_in_the_narrative(filled, language):
    from ioc.auth import Principal
    from ioc.incidents.service import IncidentDraft, IncidentService

    # three citizen reports of November are still open at its end: "pending" misses 2, "overdue" meets 5
    service = IncidentService(filled.store, settings=filled.settings)
    for day in (15, 16, 17):
        draft = IncidentDraft(
            domain="feedback",
            category="waste",
            title=f"Rác {day}",
            origin="citizen_report",
            received_at=pd.Timestamp(f"2026-11-{day}T02:00:00Z").to_pydatetime(),
        )
        service.open_incident(draft, Principal.system())
    layer = with_targets(filled, {"feedback.pending": 2, "feedback.overdue": 5})
    try:
        report = build_report(layer, "monthly", "11/2026", language=language)
    finally:
        layer.close()
    figures = report.figures
    c = report.col
    assert list(figures.columns) == [
        c(k) for k in ("domain", "indicator", "end", "end_previous", "target", "met", "unit")
    ]
    mine = figures[figures[c("domain")] == report.domains.set_index("domain").loc["feedback", c("domain")]]
    rows = mine.set_index(c("indicator"))
    pending = rows.loc["Đang xử lý" if language == "vi" else "In progress"]
    overdue = rows.loc["Quá hạn" if language == "vi" else "Overdue"]
    assert (pending[c("end")], pending[c("target")], pending[c("met")]) == (3, 2, False)
    assert overdue[c("target")] == 5 and overdue[c("met")] is True
    assert figures.loc[~figures.index.isin(mine.index), c("target")].isna().all()
    missed = [s for s in report.narrative if pending.name in s]
    assert len(missed) == 1 and numbers_in(missed[0], language) == [pending[c("end")], pending[c("target")]]
    assert not [s for s in report.narrative if overdue.name + " (" in s]


def test_without_targets_the_table_has_no_target_columns(filled):
    report = build_report(filled, "monthly", "11/2026")
    assert "Mục tiêu" not in report.figures.columns and "Đạt mục tiêu" not in report.figures.columns


def test_a_misspelt_target_key_is_refused_with_a_suggestion(filled):
    from ioc.config import ConfigError

    with pytest.raises(
        ConfigError, match=r"reports\.targets\.feedback\.pendng: no such figure; did you mean 'feedback\.pending'"
    ):
        with_targets(filled, {"feedback.pendng": 2})
    with pytest.raises(ConfigError, match="no such figure"):
        with_targets(filled, {"pending": 2})


VIETNAMESE = re.compile("[À-ỹĐđ]")


def test_an_english_report_names_every_plugins_figures_in_english(tmp_path):
    """Every installed plugin on its demo: each figure of its tile has a declared key and an
    English label, and the English report's figure table has no Vietnamese left."""
    from ioc.config import load_settings
    from ioc.datalayer import DataLayer
    from ioc.demo import run_demo
    from ioc.plugins import registry

    layer = DataLayer(load_settings(data_dir=tmp_path / "data"))
    try:
        run_demo(layer, days=1, scale=0.2, progress=False, now=pd.Timestamp("2026-11-20T05:00Z"))
        report = build_report(layer, "monthly", "11/2026", language="en")
        vietnamese = build_report(layer, "monthly", "11/2026")
    finally:
        layer.close()
    plugins = {p.name: p for p in registry()}
    assert {t.domain for t in report.tiles} == {name for name, p in plugins.items() if p.overview}
    for tile in report.tiles:
        assert tile.figures and not tile.error, tile.domain
        for figure in tile.figures:
            assert figure.key in plugins[tile.domain].figures, (tile.domain, figure.key)
            assert figure.labels.get("en"), (tile.domain, figure.label)
    shown = report.figures
    assert len(shown) == sum(len(t.figures) for t in report.tiles)
    labels = [*shown.columns, *shown["Domain"], *shown["Indicator"], *shown["Unit"]]
    assert not [label for label in labels if VIETNAMESE.search(str(label))]
    # the Vietnamese report keeps the plugins' own labels, row for row
    assert list(vietnamese.figures["Chỉ tiêu"]) == [f.label for t in report.tiles for f in t.figures]
