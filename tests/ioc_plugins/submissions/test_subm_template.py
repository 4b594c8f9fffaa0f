"""The Monday/Thursday template: what it contains, how it is protected, and the round trip
generate → fill programmatically → ingest → values in the lake (also through the CLI)."""

from datetime import date

import pandas as pd
import pytest
from conftest import fill
from openpyxl import load_workbook
from typer.testing import CliRunner

from ioc.config import load_settings
from ioc.datalayer import DataLayer
from ioc_plugins.submissions.agencies import CatalogueMissing
from ioc_plugins.submissions.intake import ingest_submission
from ioc_plugins.submissions.template import (
    DATA_SHEET,
    FIRST_ROW,
    HEADER_ROW,
    HEADERS,
    HELP_SHEET,
    META_SHEET,
    VALUE_COLUMN,
    reference_period,
    write_template,
)

NOW = pd.Timestamp("2026-02-12 03:00", tz="UTC")  # Thursday 12/02/2026, 10:00 site time


def test_template_is_prefilled_locked_and_validated(template):
    path = template("SDL", date(2026, 2, 12))
    book = load_workbook(path)
    assert book.sheetnames == [DATA_SHEET, HELP_SHEET, META_SHEET]
    sheet = book[DATA_SHEET]
    assert sheet["C2"].value == "SDL" and sheet["C4"].value == "12/02/2026"
    assert tuple(c.value for c in sheet[HEADER_ROW][: len(HEADERS)]) == HEADERS
    rows = {sheet.cell(row=r, column=2).value: r for r in range(FIRST_ROW, sheet.max_row + 1)}
    assert {"tourist_arrivals", "hotel_occupancy", "accommodation_rooms"} <= set(rows)
    assert sheet.cell(row=rows["tourist_arrivals"], column=6).value == "01/2026"  # previous month
    assert sheet.cell(row=rows["accommodation_rooms"], column=6).value == "Quý IV/2025"
    assert sheet.protection.sheet and sheet.cell(row=HEADER_ROW, column=2).protection.locked
    value_cell = sheet.cell(row=rows["tourist_arrivals"], column=VALUE_COLUMN)
    assert not value_cell.protection.locked
    assert sheet.cell(row=rows["tourist_arrivals"], column=2).protection.locked
    kinds = {v.type for v in sheet.data_validations.dataValidation}
    assert {"decimal", "list"} <= kinds
    occupancy = next(
        v for v in sheet.data_validations.dataValidation
        if v.type == "decimal" and f"G{rows['hotel_occupancy']}" in str(v.sqref)
    )  # fmt: skip
    assert (occupancy.formula1, occupancy.formula2) == ("0.0", "100.0")
    assert "thứ Hai và thứ Năm" in book[HELP_SHEET]["A3"].value
    assert book[META_SHEET].sheet_state == "hidden"


def test_template_needs_a_monday_or_thursday_and_the_catalogue(template, sqlite_settings, tmp_path):
    with pytest.raises(ValueError, match="không phải thứ Hai hoặc thứ Năm"):
        template("SDL", date(2026, 2, 11))
    with pytest.raises(ValueError, match="không có chỉ tiêu"):
        template("NOPE", date(2026, 2, 12))
    empty = DataLayer(load_settings(data_dir=tmp_path / "empty"))
    try:
        with pytest.raises(CatalogueMissing, match="ioc economy catalogue"):
            write_template(empty, "SDL", date(2026, 2, 12), tmp_path / "x.xlsx")
    finally:
        empty.close()


@pytest.mark.parametrize(
    ("day", "frequency", "period"),
    [
        (date(2026, 2, 12), "month", "2026-01-01"),
        (date(2026, 1, 5), "month", "2025-12-01"),
        (date(2026, 5, 4), "quarter", "2026-01-01"),
        (date(2026, 2, 12), "year", "2025-01-01"),
    ],
)
def test_reference_period(day, frequency, period):
    assert reference_period(day, frequency) == pd.Timestamp(period)


def test_round_trip_generate_fill_ingest_values_in_the_lake(layer, template, tmp_path):
    filled = fill(
        template("SDL", date(2026, 2, 12)),
        tmp_path / "filled.xlsx",
        {"tourist_arrivals": 1450000, "tourism_revenue": "2.850,5", "hotel_occupancy": 61.5},
    )
    receipt = ingest_submission(layer, filled, now=NOW)
    assert receipt.status == "accepted" and receipt.rows_accepted == 3 and receipt.rows_rejected == 0
    values = layer.read("submissions.values").set_index("indicator_code")
    assert values.loc["tourist_arrivals", "value"] == 1450000
    assert values.loc["tourism_revenue", "value"] == pytest.approx(2850.5)
    assert values.loc["hotel_occupancy", "period"] == pd.Timestamp("2026-01-01")
    assert set(values["agency"]) == {"SDL"} and set(values["report_date"]) == {pd.Timestamp("2026-02-12")}
    assert set(values["status"]) == {"Ước tính"}
    receipts = layer.read("submissions.receipts")
    assert receipts["status"].tolist() == ["accepted"] and receipts["report_date"].iloc[0] == pd.Timestamp("2026-02-12")
    # the economy pages read the reported values by table name
    from ioc_plugins.economy import queries

    assert queries.series(layer, "tourist_arrivals")["value"].tolist() == [1450000]


def test_cli_writes_the_template(layer, tmp_path, monkeypatch):
    from ioc_plugins.submissions.commands import app

    monkeypatch.setenv("IOC_DATA_DIR", str(layer.settings.data_dir))
    target = tmp_path / "t.xlsx"
    result = CliRunner().invoke(app, ["template", "SYT", "--date", "16/02/2026", "--output", str(target)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(target)[DATA_SHEET]
    assert sheet["C2"].value == "SYT" and sheet["C4"].value == "16/02/2026"
    assert "23/02/2026" in sheet["C5"].value  # Monday of Tết: due the next working day
    bad = CliRunner().invoke(app, ["template", "SYT", "--date", "2026-02-16"])
    assert bad.exit_code != 0 and "dd/mm/yyyy" in bad.output


def test_returned_templates_are_recognised_by_their_file_name():
    from pathlib import Path

    from ioc.plugins import detect_source

    assert detect_source(Path("bieu_mau_SDL_20260216.xlsx")) == "submissions.template_xlsx"
    assert detect_source(Path("bieu_so_lieu_ban_le_2024.xlsx")) == "economy.gso_excel"
    assert detect_source(Path("gdp.csv")) == "economy.worldbank_csv"
