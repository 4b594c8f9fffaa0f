"""Adapters of the economy domain against real-format files.

The World Bank long CSVs are the shared samples; GSO-style workbooks are built here the way
the statistics office lays them out: a title block, a merged two-row header (years over months),
a units row, footnotes, unit names with and without diacritics, TCVN3 legacy text, ``1.234,5``
numbers, ``-``/``..`` for missing values, and a few malformed cells.
"""

import pandas as pd
import pytest
from openpyxl import Workbook

from ioc.config import load_settings
from ioc.plugins import AdapterError
from ioc_plugins.economy.adapters.gso_excel import parse_period, read_gso_excel
from ioc_plugins.economy.adapters.numbers import NotANumber, parse_number
from ioc_plugins.economy.adapters.targets import read_targets
from ioc_plugins.economy.adapters.worldbank import read_worldbank
from ioc_plugins.economy.tables import OBSERVATIONS, TARGETS


@pytest.mark.requires_sample("stats/gdp.csv", "stats/population.csv")
def test_world_bank_csvs_keep_viet_nam_as_the_benchmark(sample_path):
    gdp = read_worldbank(sample_path("stats/gdp.csv"))
    population = read_worldbank(sample_path("stats/population.csv"))
    assert set(gdp["unit_code"]) == {"VNM"} and set(gdp["indicator_code"]) == {"national_gdp_usd"}
    assert set(population["indicator_code"]) == {"national_population"}
    good, rejected = OBSERVATIONS.validate(gdp)
    assert rejected.empty and len(good) >= 20
    value_2023 = good.loc[good["period"] == pd.Timestamp("2023-01-01"), "value"].iloc[0]
    assert 4.0e11 < value_2023 < 4.6e11  # Viet Nam's GDP in 2023, current US$
    people, _ = OBSERVATIONS.validate(population)
    assert people["value"].max() > 9.0e7


@pytest.mark.requires_sample("stats/gdp.csv")
def test_world_bank_countries_come_from_the_settings(sample_path, tmp_path):
    settings = load_settings(tmp_path / "none.yaml", plugins={"economy": {"benchmark_countries": ["VNM", "THA"]}})
    frame = read_worldbank(sample_path("stats/gdp.csv"), settings=settings)
    assert set(frame["unit_code"]) == {"VNM", "THA"}


def test_world_bank_bad_rows_are_quarantined_and_a_wrong_file_refused(tmp_path):
    path = tmp_path / "gdp.csv"
    path.write_text(
        "Country Name,Country Code,Year,Value\nViet Nam,VNM,2020,3.4e11\nViet Nam,VNM,20x1,3.6e11\n"
        "Viet Nam,VNM,2022,\nThailand,THA,2020,5e11\n",
        encoding="utf-8",
    )
    frame = read_worldbank(path)
    good, rejected = OBSERVATIONS.validate(frame)
    assert len(good) == 1 and len(rejected) == 1 and "năm không hợp lệ" in rejected["reason"].iloc[0]
    other = tmp_path / "gdp_other.csv"
    other.write_text("country,year,gdp\nVN,2020,1\n", encoding="utf-8")
    with pytest.raises(AdapterError, match="not a World Bank long CSV"):
        read_worldbank(other)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.234.567,8", 1234567.8), ("512,0", 512.0), ("1.234", 1234.0), ("12", 12.0), (3.5, 3.5), ("-", None),
     ("..", None), ("…", None), ("x", None), ("1.234*", 1234.0), (" 7 ", 7.0)],
)  # fmt: skip
def test_vietnamese_numbers(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["n/d", "năm trăm", "1,2,3", "12a"])
def test_text_is_not_a_number(text):
    with pytest.raises(NotANumber):
        parse_number(text)


@pytest.mark.parametrize(
    ("label", "period"),
    [
        ("Năm 2024 Tháng 3", pd.Timestamp("2024-03-01")),
        ("Tháng 12/2023", pd.Timestamp("2023-12-01")),
        ("Quý II/2024", pd.Timestamp("2024-04-01")),
        ("Năm 2024 Q4", pd.Timestamp("2024-10-01")),
        ("2022", pd.Timestamp("2022-01-01")),
        ("So với cùng kỳ 2024 (%)", None),
        ("Cộng dồn 10 tháng 2024", None),
    ],
)
def test_period_headers(label, period):
    assert parse_period(label) == period


def gso_workbook(path, *, legacy=True, unit_row=True, unit_text="Tỷ đồng", bad_cells=True):
    """A GSO-style retail table: rows = units, columns = 2024 months (merged year header)."""
    book = Workbook()
    sheet = book.active
    title = "Tæng møc b¸n lÎ hµng hãa vµ doanh thu dÞch vô tiªu dïng" if legacy else (
        "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng"
    )  # fmt: skip
    sheet["A1"] = title
    sheet["A2"] = "Th¸ng 3 n¨m 2024" if legacy else "Tháng 3 năm 2024"
    sheet["A4"] = "Đơn vị hành chính"
    sheet.merge_cells("A4:A5")
    sheet["B4"] = "Năm 2024"
    sheet.merge_cells("B4:D4")
    sheet["E4"] = "So với cùng kỳ (%)"
    sheet.merge_cells("E4:E5")
    for column, month in zip("BCD", ("Tháng 1", "Tháng 2", "Tháng 3")):
        sheet[f"{column}5"] = month
    rows = [
        ("Toµn tØnh" if legacy else "Toàn tỉnh", "8.123,4", "7.950,0", "..", "105,2"),
        ("Thµnh phè Vòng Tµu" if legacy else "Thành phố Vũng Tàu", "2.100,5", "2.000", "2.050,25", "104"),
        ("Xuyen Moc", 512, "-", "530,5", "101"),
        ("H. Côn Đảo", "40,1", "39,9", "n/a?" if bad_cells else "41", ""),
        ("Huyện Không Có", "10", "11", "12", ""),
        ("Ghi chú: (*) Số liệu sơ bộ", None, None, None, None),
        ("Nguồn: Cục Thống kê tỉnh", None, None, None, None),
    ]
    start = 6
    if unit_row:
        for column in "BCD":
            sheet[f"{column}6"] = unit_text
        start = 7
    for offset, row in enumerate(rows):
        for column, value in zip("ABCDE", row):
            if value is not None:
                sheet[f"{column}{start + offset}"] = value
    book.save(path)
    return path


def test_gso_workbook_with_tcvn3_merged_headers_units_and_footnotes(tmp_path):
    frame = read_gso_excel(gso_workbook(tmp_path / "bieu_ban_le.xlsx"))
    assert set(frame["indicator_code"]) == {"retail_sales"}
    good, rejected = OBSERVATIONS.validate(frame)
    value = good.set_index(["unit_code", "period"])["value"]
    assert value[("77", pd.Timestamp("2024-01-01"))] == pytest.approx(8123.4)
    assert value[("747", pd.Timestamp("2024-03-01"))] == pytest.approx(2050.25)
    assert value[("751", pd.Timestamp("2024-01-01"))] == 512  # "Xuyen Moc" without diacritics
    assert ("751", pd.Timestamp("2024-02-01")) not in value.index  # "-" is no value, not an error
    assert ("77", pd.Timestamp("2024-03-01")) not in value.index  # ".." likewise
    reasons = " | ".join(rejected["reason"])
    assert "text in a number cell" in reasons and "'n/a?'" in reasons
    assert "unknown administrative unit" in reasons and "Huyện Không Có" in reasons
    assert len(rejected) == 4  # n/a? + the unknown unit's three months; footnotes are not rows
    assert good["period"].dt.year.eq(2024).all()  # the "%" column is not a period


def test_gso_workbook_units_are_converted_or_refused(tmp_path):
    frame = read_gso_excel(gso_workbook(tmp_path / "a.xlsx", legacy=False, unit_text="Triệu đồng", bad_cells=False))
    good, _ = OBSERVATIONS.validate(frame)
    first = good[(good["unit_code"] == "77") & (good["period"] == pd.Timestamp("2024-01-01"))]["value"].iloc[0]
    assert first == pytest.approx(8.1234)  # triệu đồng → tỷ đồng
    with pytest.raises(AdapterError, match="unit mismatch"):
        read_gso_excel(gso_workbook(tmp_path / "b.xlsx", legacy=False, unit_text="Lượt người"))


def test_gso_workbook_names_follow_the_unit_catalogue_of_their_period(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "Số doanh nghiệp thành lập mới"
    sheet["A3"], sheet["B3"], sheet["C3"] = "Đơn vị", "Tháng 6/2025", "Tháng 7/2025"
    sheet["A4"], sheet["B4"], sheet["C4"] = "Xuyên Mộc", 20, 21
    sheet["A5"], sheet["B5"], sheet["C5"] = "Long Đất", 9, 10
    book.save(tmp_path / "dn.xlsx")
    good, rejected = OBSERVATIONS.validate(read_gso_excel(tmp_path / "dn.xlsx"))
    codes = good.set_index("period")["unit_code"].groupby(level=0).apply(set)
    assert codes[pd.Timestamp("2025-06-01")] == {"751", "753"}  # districts of the first half of 2025
    assert codes[pd.Timestamp("2025-07-01")] == {"26632"}  # xã Xuyên Mộc; Long Đất is no unit from 07/2025
    assert len(rejected) == 1


def test_gso_workbook_whole_file_errors(tmp_path):
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(AdapterError, match="không đọc được"):
        read_gso_excel(tmp_path / "broken.xlsx")
    book = Workbook()
    book.active["A1"] = "Một bảng không có tiêu đề cột"
    book.save(tmp_path / "nohead.xlsx")
    with pytest.raises(AdapterError, match="header row"):
        read_gso_excel(tmp_path / "nohead.xlsx")
    book = Workbook()
    book.active["A1"], book.active["A2"], book.active["B2"] = "Chỉ tiêu lạ", "Đơn vị", "Tháng 1/2024"
    book.save(tmp_path / "unknown.xlsx")
    with pytest.raises(AdapterError, match="indicator not recognised"):
        read_gso_excel(tmp_path / "unknown.xlsx")


def test_targets_csv(tmp_path):
    path = tmp_path / "ke_hoach_2026.csv"
    path.write_text(
        'indicator_code,unit_code,year,target,decision\nbudget_revenue,77,2026,"93.500,5",NQ 12/NQ-HĐND\n'
        "retail_sales,77,2026,nhiều,\nnot_an_indicator,77,2026,5,\n",
        encoding="utf-8",
    )
    good, rejected = TARGETS.validate(read_targets(path), known={"indicator_code": {"budget_revenue", "retail_sales"}})
    assert good["target"].tolist() == [93500.5]
    assert len(rejected) == 2
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(AdapterError, match="thiếu cột"):
        read_targets(tmp_path / "bad.csv")
