"""VN_WQI (QĐ 1460/QĐ-TCMT): sub-index tables, DO saturation, aggregation, bands.

Expected values are worked out by hand in each test from the decision's tables.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from ioc_plugins.environment.wqi import (
    do_saturation,
    saturated_do_mg_l,
    vn_wqi,
    wqi_band,
    wqi_frame,
    wqi_parameter,
)

# --------------------------------------------------------------------------- pH and DO


@pytest.mark.parametrize(
    ("ph", "expected"),
    [
        (5.4, 10),
        (5.5, 50),
        (5.75, 75),
        (6.0, 100),
        (7.0, 100),
        (8.5, 100),
        (8.75, 75),
        (9.0, 50),
        (9.1, 10),
        (2.0, 10),
        (12.0, 10),
    ],
)
def test_ph_table(ph, expected):
    assert wqi_parameter("pH", ph) == pytest.approx(expected)


def test_ph_outside_0_to_14_is_an_error():
    with pytest.raises(ValueError, match="pH"):
        wqi_parameter("pH", 15)


def test_saturated_do_follows_the_decisions_polynomial():
    # 14.652 − 0.41022·20 + 0.0079910·400 − 0.000077774·8000
    assert saturated_do_mg_l(20) == pytest.approx(14.652 - 8.2044 + 3.1964 - 0.622192)
    assert saturated_do_mg_l(25) == pytest.approx(8.17565625)
    assert do_saturation(9.021808, 20) == pytest.approx(100.0, abs=1e-4)
    assert do_saturation(4.5, 25) == pytest.approx(4.5 / 8.17565625 * 100)


@pytest.mark.parametrize(
    ("percent", "expected"),
    [
        (10, 10),
        (19.9, 10),
        (20, 25),
        (35, 37.5),
        (50, 50),
        (81.5, 87.5),
        (88, 100),
        (100, 100),
        (112, 100),
        (118.5, 87.5),
        (150, 50),
        (200, 25),
        (201, 10),
    ],
)
def test_do_saturation_table(percent, expected):
    assert wqi_parameter("do_pct", percent) == pytest.approx(expected)


def test_do_in_mg_per_litre_needs_the_temperature():
    with pytest.raises(ValueError, match="temperature"):
        wqi_parameter("DO", 7.0)
    percent = 7.0 / saturated_do_mg_l(28.0) * 100  # ≈ 89.6 % → 100
    assert wqi_parameter("DO", 7.0, temperature_c=28.0) == 100
    assert wqi_parameter("DO", 4.0, temperature_c=28.0) == pytest.approx(
        50 + 25 * (4.0 / saturated_do_mg_l(28.0) * 100 - 50) / 25
    )
    assert 88 <= percent <= 112


# --------------------------------------------------------------------------- falling tables


@pytest.mark.parametrize(
    ("parameter", "value", "expected"),
    [
        ("BOD5", 3, 100),
        ("BOD5", 4, 100),
        ("BOD5", 10.5, 62.5),
        ("BOD5", 50, 10),
        ("BOD5", 80, 10),
        ("COD", 22.5, 62.5),
        ("TOC", 20, 37.5),
        ("N-NH4", 0.2, 100),
        ("N-NH4", 0.3, 75),
        ("N-NH4", 0.45, 62.5),
        ("N-NH4", 6, 10),
        ("N-NO3", 15, 25),
        ("N-NO3", 15.1, 10),
        ("N-NO2", 0.05, 100),
        ("N-NO2", 0.06, 10),
        ("P-PO4", 0.15, 87.5),
        ("Coliform", 3750, 87.5),
        ("Coliform", 10000, 25),
        ("Coliform", 10001, 10),
        ("E.coli", 150, 37.5),
        ("As", 0.01, 100),
        ("As", 0.03, 75 - 25 / 3),
        ("As", 0.2, 10),
        ("Cd", 0.004, 100),
        ("Cd", 0.005, 75),
        ("Cd", 0.0065, 62.5),
        ("Cd", 0.2, 10),
        ("Pb", 0.03, 62.5),
        ("Cr6+", 0.015, 87.5),
        ("Cu", 1.5, 17.5),
        ("Zn", 2.5, 17.5),
        ("Hg", 0.00125, 62.5),
        ("Aldrin", 0.1, 100),
        ("Aldrin", 0.11, 10),
        ("BHC", 0.03, 10),
        ("DDTs", 0.9, 100),
        ("Heptachlor & Heptachlorepoxide", 0.25, 10),
    ],
)
def test_sub_index_tables(parameter, value, expected):
    assert wqi_parameter(parameter, value) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("parameter", "value", "message"),
    [
        ("turbidity", 3, "unknown VN_WQI parameter"),
        ("BOD5", -1, ">= 0"),
        ("BOD5", "abc", "number"),
        ("BOD5", float("inf"), "finite"),
    ],
    ids=["not-a-wqi-parameter", "negative", "text", "infinite"],
)
def test_bad_parameter_values_raise(parameter, value, message):
    with pytest.raises(ValueError, match=message):
        wqi_parameter(parameter, value)


def test_missing_value_has_no_sub_index():
    assert wqi_parameter("COD", None) is None
    assert wqi_parameter("COD", float("nan")) is None


# --------------------------------------------------------------------------- aggregation

SAMPLE = {"pH": 7.0, "BOD5": 10.5, "COD": 22.5, "N-NH4": 0.45, "P-PO4": 0.15, "Coliform": 3750, "As": 0.03}
#: by hand: I = 100; III = 66.67 (As); IV = mean(62.5, 62.5, 62.5, 87.5) = 68.75; V = 87.5
SAMPLE_III = 75 - 25 / 3
SAMPLE_IV = 68.75
SAMPLE_V = 87.5


def test_standard_formula_uses_the_square_root_of_groups_iv_and_v():
    result = vn_wqi(SAMPLE)
    expected = 1.0 * SAMPLE_III / 100 * math.sqrt(SAMPLE_IV * SAMPLE_V)
    assert result.raw == pytest.approx(expected)  # ≈ 51.71
    assert result.value == 52 and result.band.name_vi == "Trung bình"
    assert result.groups == pytest.approx({"I": 100, "III": SAMPLE_III, "IV": SAMPLE_IV, "V": SAMPLE_V})
    assert result.groups_used == ("I", "III", "IV", "V")
    assert result.parameters["bod5"] == pytest.approx(62.5)
    assert any("nhóm II" in w for w in result.warnings)  # the missing group is reported


def test_weighted_formula_uses_the_cube_root_with_group_iv_squared():
    result = vn_wqi(SAMPLE, formula="weighted")
    expected = SAMPLE_III / 100 * (SAMPLE_IV**2 * SAMPLE_V) ** (1 / 3)
    assert result.raw == pytest.approx(expected)  # ≈ 49.67
    assert result.value == 50 and result.band.name_vi == "Xấu"


def test_without_group_v_the_standard_formula_uses_group_iv_alone():
    sample = {k: v for k, v in SAMPLE.items() if k != "Coliform"}
    assert vn_wqi(sample).raw == pytest.approx(SAMPLE_III / 100 * SAMPLE_IV)
    weighted = vn_wqi(sample, formula="weighted")
    assert weighted.value is None and any("nhóm V" in w for w in weighted.warnings)


def test_group_iv_needs_three_parameters():
    result = vn_wqi({"pH": 7.0, "BOD5": 3, "COD": 8, "Coliform": 100, "As": 0.001})
    assert result.value is None and result.band is None
    assert any("Nhóm IV" in w and "2 thông số" in w for w in result.warnings)


def test_at_least_three_groups_are_needed():
    result = vn_wqi({"pH": 7.0, "BOD5": 3, "COD": 8, "TOC": 3})
    assert result.value is None
    assert any("2/5 nhóm" in w for w in result.warnings)
    assert vn_wqi({"pH": 7.0, "BOD5": 3, "COD": 8, "TOC": 3, "E.coli": 10}).value == 100


def test_pesticides_and_metals_use_geometric_means():
    sample = {"BOD5": 3, "COD": 8, "TOC": 3, "Aldrin": 0.05, "BHC": 0.5, "Cu": 0.1, "Zn": 3.0}
    result = vn_wqi(sample)
    assert result.groups["II"] == pytest.approx(math.sqrt(100 * 10))
    assert result.groups["III"] == pytest.approx(math.sqrt(100 * 10))
    assert result.raw == pytest.approx(math.sqrt(1000) / 100 * math.sqrt(1000) / 100 * 100)  # = 10


def test_ph_outside_its_range_pulls_the_index_down():
    good = vn_wqi({**SAMPLE, "pH": 7.5})
    acid = vn_wqi({**SAMPLE, "pH": 5.0})
    assert acid.raw == pytest.approx(good.raw * 10 / 100)
    assert acid.band.name_vi == "Ô nhiễm rất nặng"


def test_do_without_temperature_is_left_out_with_a_warning():
    result = vn_wqi({"pH": 7, "DO": 6.0, "BOD5": 3, "COD": 8, "Coliform": 100})
    assert result.value is None  # DO not counted → group IV has 2 parameters
    assert any("nhiệt độ" in w for w in result.warnings)
    with_temperature = vn_wqi({"pH": 7, "DO": 6.0, "temperature": 25, "BOD5": 3, "COD": 8, "Coliform": 100})
    assert with_temperature.parameters["do"] == pytest.approx(wqi_parameter("DO", 6.0, temperature_c=25))
    assert with_temperature.value is not None


def test_names_that_are_not_wqi_parameters_are_reported():
    result = vn_wqi({**SAMPLE, "turbidity": 12})
    assert any("turbidity" in w for w in result.warnings)
    assert result.raw == pytest.approx(vn_wqi(SAMPLE).raw)


def test_matches_an_independent_implementation():
    # two samples and the WQI values (20 and 34) from the tests of tranxuanthuy/vnwqi, an
    # independent VN_WQI (QĐ 1460) implementation; its heptachlor key never matched, so
    # heptachlor is left out here as it was there
    first = {
        "pH": 8.88,
        "Aldrin": 0.021,
        "BHC": 0.048,
        "Dieldrin": 0.047,
        "DDTs": 0.052,
        "As": 0.021,
        "Cd": 0.004,
        "Pb": 0.009,
        "Cr6": 0.007,
        "Cu": 0.001,
        "Zn": 0.074,
        "Hg": 0.002,
        "DO": 7.095,
        "T": 25,
        "BOD5": 8.28,
        "COD": 23.253,
        "TOC": 17.855,
        "N_NH4": 0.163,
        "N_NO3": 0.93,
        "N_NO2": 0.18,
        "P_PO4": 0,
        "Coliform": 1300,
        "Ecoli": 92,
    }
    second = {
        **first,
        "pH": 8.3,
        "Aldrin": 0.022,
        "BHC": 0.021,
        "Dieldrin": 0.019,
        "DDTs": 0.019,
        "Cd": 0.006,
        "Cr6": 0.008,
        "Zn": 0.019,
        "DO": 6.913,
        "BOD5": 8.3,
        "COD": 20.133,
        "TOC": 16.598,
        "N_NH4": 0.53,
        "N_NO3": 0.88,
        "N_NO2": 0.2,
        "Coliform": 1100,
        "Ecoli": 24,
    }
    assert (vn_wqi(first).value, vn_wqi(first).band.name_vi) == (20, "Kém")
    assert (vn_wqi(second).value, vn_wqi(second).band.name_vi) == (34, "Xấu")


# --------------------------------------------------------------------------- bands


@pytest.mark.parametrize(
    ("value", "name", "rgb"),
    [
        (100, "Rất tốt", (51, 51, 255)),
        (91, "Rất tốt", (51, 51, 255)),
        (90, "Tốt", (0, 228, 0)),
        (76, "Tốt", (0, 228, 0)),
        (75, "Trung bình", (255, 255, 0)),
        (51, "Trung bình", (255, 255, 0)),
        (50, "Xấu", (255, 126, 0)),
        (26, "Xấu", (255, 126, 0)),
        (25, "Kém", (255, 0, 0)),
        (10, "Kém", (255, 0, 0)),
        (9.5, "Kém", (255, 0, 0)),
        (9.4, "Ô nhiễm rất nặng", (126, 0, 35)),
        (0, "Ô nhiễm rất nặng", (126, 0, 35)),
    ],
)
def test_wqi_band_edges(value, name, rgb):
    band = wqi_band(value)
    assert (band.name_vi, band.rgb) == (name, rgb)
    assert band.usage_vi


def test_wqi_band_rejects_values_outside_0_to_100():
    with pytest.raises(ValueError, match="WQI must be between 0 and 100"):
        wqi_band(101)
    with pytest.raises(ValueError, match="WQI must be a finite number >= 0"):
        wqi_band(-1)


# --------------------------------------------------------------------------- frames


def test_wqi_frame_agrees_with_vn_wqi_and_keeps_other_columns():
    rows = [SAMPLE, {**SAMPLE, "pH": 5.0}, {"pH": 7.0, "BOD5": 3}]
    frame = pd.DataFrame(rows)
    frame.insert(0, "station_id", ["W1", "W2", "W3"])
    result = wqi_frame(frame)
    assert result["station_id"].tolist() == ["W1", "W2", "W3"]
    for i, row in enumerate(rows):
        single = vn_wqi(row)
        assert pd.isna(result["wqi"][i]) if single.value is None else result["wqi"][i] == single.value
    assert result["band"][0] == "Trung bình" and result["colour"][0] == "#ffff00"
    assert pd.isna(result["wqi"][2]) and "Nhóm IV" in result["note"][2]
    assert result["si_bod5"][0] == pytest.approx(62.5)


def test_wqi_frame_reads_the_water_quality_table_names():
    # parameter names of environment.water_quality, as derive.py pivots them
    frame = pd.DataFrame(
        {
            "station_id": ["W1"],
            "time": [pd.Timestamp("2024-05-01", tz="UTC")],
            "ph": [7.0],
            "do": [6.5],
            "temperature": [29.0],
            "bod5": [5.0],
            "cod": [12.0],
            "nh4": [0.2],
            "no3": [1.0],
            "no2": [0.01],
            "po4": [0.1],
            "coliform": [2000.0],
            "ecoli": [10.0],
            "turbidity": [30.0],
            "tss": [40.0],
        }
    )
    result = wqi_frame(frame)
    do_percent = 6.5 / saturated_do_mg_l(29.0) * 100
    assert result["do_saturation_pct"][0] == pytest.approx(do_percent)
    iv = np.mean([wqi_parameter("do_pct", do_percent), 87.5, 90.0, 100, 100, 100, 100])
    assert result["wqi_IV"][0] == pytest.approx(iv)
    assert result["wqi_raw"][0] == pytest.approx(math.sqrt(iv * 100))
    assert result["turbidity"][0] == 30.0


def test_wqi_frame_rejects_bad_columns():
    with pytest.raises(ValueError, match="both mean"):
        wqi_frame(pd.DataFrame({"nh4": [0.1], "N-NH4": [0.1]}))
    with pytest.raises(ValueError, match="non-numeric"):
        wqi_frame(pd.DataFrame({"bod5": ["KPH"]}))
    with pytest.raises(ValueError, match="formula"):
        wqi_frame(pd.DataFrame({"bod5": [1.0]}), formula="cubic")
