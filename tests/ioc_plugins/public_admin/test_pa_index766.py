"""The Decision 766 index against a hand-computed month (:mod:`pa_oracle`), to 2 decimals."""

from __future__ import annotations

import pandas as pd
import pytest
from pa_oracle import (
    EXPECTED_A,
    GROUPS_A,
    POINTS_B,
    TOTAL_A,
    TOTAL_B,
    ZONE,
    dossiers,
    events,
    feedback,
    procedures,
)

from ioc.calendar import WorkingCalendar
from ioc.datalayer import DataLayer
from ioc_plugins.public_admin import index766
from ioc_plugins.public_admin.tables import TABLES


@pytest.fixture(scope="module")
def march(tmp_path_factory):
    """The oracle written through the data layer, and the index of March 2026 computed from the lake."""
    from ioc.config import load_settings

    settings = load_settings(data_dir=tmp_path_factory.mktemp("pa766") / "data")
    layer = DataLayer(settings, tables=TABLES)
    for name, frame in (
        ("public_admin.procedures", procedures()),
        ("public_admin.dossiers", dossiers()),
        ("public_admin.dossier_events", events()),
        ("public_admin.feedback", feedback()),
    ):
        result = layer.write(name, frame)
        assert result.rejected == 0, result.quarantine_path
    table = index766.index_for(layer, "month", 2026, 3)
    layer.close()
    return table


@pytest.mark.parametrize("code", sorted(EXPECTED_A), ids=sorted(EXPECTED_A))
def test_every_indicator_matches_the_hand_computed_value(march, code):
    row = march[(march["entity"] == "A") & (march["code"] == code)].iloc[0]
    numerator, denominator, ratio, points = EXPECTED_A[code]
    assert (row["numerator"], row["denominator"]) == (pytest.approx(numerator), denominator)
    assert row["ratio"] == pytest.approx(ratio, abs=1e-9)
    assert row["points"] == pytest.approx(points, abs=1e-9)


def test_groups_and_total_match_to_two_decimals(march):
    league = index766.summary(march).set_index("entity")
    for group, expected in GROUPS_A.items():
        assert league.loc["A", group] == pytest.approx(expected, abs=1e-9), group
    assert league.loc["A", "total"] == pytest.approx(TOTAL_A, abs=1e-9)
    assert league.loc["B", "total"] == pytest.approx(TOTAL_B, abs=1e-9)
    assert list(league.index) == ["A", "B"]  # best first


@pytest.mark.parametrize("code", sorted(POINTS_B), ids=sorted(POINTS_B))
def test_zero_denominator_rules_are_pinned(march, code):
    """5.2, 5.3 full with 0 PAKN (portal, 6/6); every other empty indicator 0 and N/A (1.4 too)."""
    row = march[(march["entity"] == "B") & (march["code"] == code)].iloc[0]
    assert row["points"] == POINTS_B[code]
    if code in ("1.3", "3.1"):  # B's one TTHC: 1/1 in full, 0/1 online
        assert row["ratio"] == (100.0 if code == "1.3" else 0.0)
    else:
        assert row["ratio"] is None or pd.isna(row["ratio"])


def test_explanation_names_numerator_denominator_target_and_points(march):
    table = index766.explain(march, "A").set_index("Chỉ số")
    assert list(table.columns) == ["Tên chỉ số", "Tử số", "Mẫu số", "Tỷ lệ", "Mục tiêu", "Điểm tối đa", "Điểm"]
    assert table.loc["3.3", "Tỷ lệ"] == "32.81%" and table.loc["3.3", "Mục tiêu"] == "50%"
    assert table.loc["2.2", "Tỷ lệ"] == "7.01 ngày"
    empty = index766.explain(march, "B").set_index("Chỉ số")
    assert empty.loc["1.4", "Tỷ lệ"] == "N/A" and empty.loc["5.2", "Điểm"] == 6


def test_by_unit_splits_the_dossiers(march, tmp_path):
    from ioc.config import load_settings

    layer = DataLayer(load_settings(data_dir=tmp_path / "data"), tables=TABLES)
    layer.write("public_admin.procedures", procedures())
    layer.write("public_admin.dossiers", dossiers())
    layer.write("public_admin.dossier_events", events())
    units = index766.index_for(layer, "month", 2026, 3, by="unit_code")
    layer.close()
    sync = units[units["code"] == "1.4"].set_index("entity")
    assert (sync.loc["U1", "numerator"], sync.loc["U1", "denominator"]) == (3, 4)  # D4 not synced
    assert (sync.loc["U2", "numerator"], sync.loc["U2", "denominator"]) == (4, 4)


@pytest.mark.parametrize(
    ("code", "numerator", "denominator", "points"),
    [
        ("2.1", 653, 654, 19.97),  # the reference's worked example
        ("4.1", 9327, 10000, 5.60),
        ("4.2", 9220, 10000, 3.69),  # linear, as the portal scores it (not full at ≥ 80 %)
        ("4.2", 5806, 10000, 2.32),
        ("4.3", 5894, 10000, 1.47),  # target 80 %
        ("4.3", 9725, 10000, 2.00),
    ],
)
def test_portal_examples(code, numerator, denominator, points):
    assert index766.score(code, numerator, denominator).points == points


def test_rounding_is_half_up():
    assert index766.round2(99.845) == 99.85
    assert index766.round2(0.125) == 0.13


@pytest.mark.parametrize(
    ("kind", "index", "start", "end"),
    [
        ("month", 2, "2026-02-01", "2026-03-01"),
        ("quarter", 4, "2026-10-01", "2027-01-01"),
        ("6months", 1, "2026-01-01", "2026-07-01"),
        ("9months", 1, "2026-01-01", "2026-10-01"),
        ("year", 1, "2026-01-01", "2027-01-01"),
    ],
)
def test_periods_start_at_local_midnight(kind, index, start, end):
    bounds = index766.period_bounds(kind, 2026, index, ZONE)
    assert bounds == (
        pd.Timestamp(start).tz_localize(ZONE).tz_convert("UTC"),
        pd.Timestamp(end).tz_localize(ZONE).tz_convert("UTC"),
    )


def test_unknown_period_is_refused():
    with pytest.raises(ValueError, match="period kind"):
        index766.period_bounds("week", 2026)


def test_on_time_takes_the_statutory_duration_without_due_date():
    frame = dossiers().set_index("code", drop=False).loc[["D6"]].reset_index(drop=True)
    for column in ("ev_finished", "ev_returned", "ev_stopped", "ev_withdrawn", "supplement_requested", "supplement_returned"):  # fmt: skip
        frame[column] = None
    frame["supplement_requests"] = 0
    frame["ev_finished"] = pd.Timestamp("2026-03-20 02:00", tz="UTC")  # 16/3 + 3 wd = 19/3 09:00 local: late
    late = index766.on_time(frame, procedures(), pd.Timestamp("2026-04-01", tz="UTC"), WorkingCalendar(time_zone=ZONE))
    assert not late.iloc[0]
