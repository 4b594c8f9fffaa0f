"""Fixtures of the submissions tests: a deployment with the indicator catalogue in the lake, and
a helper that fills a template the way an agency would."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ioc.datalayer import DataLayer
from ioc.ingest import process_batch
from ioc_plugins.economy.catalogue import catalogue_frame
from ioc_plugins.submissions.template import DATA_SHEET, FIRST_ROW, VALUE_COLUMN, write_template


@pytest.fixture
def layer(sqlite_settings):
    """Every registered table; the catalogue loaded as ``ioc economy catalogue`` would."""
    datalayer = DataLayer(sqlite_settings)
    process_batch(datalayer, "economy.indicators", catalogue_frame())
    yield datalayer
    datalayer.close()


def fill(template: Path, target: Path, values: dict[str, object], edit=None) -> Path:
    """Write ``values`` (indicator code → cell value) into a template, optionally ``edit(sheet)``."""
    book = load_workbook(template)
    sheet = book[DATA_SHEET]
    for row in range(FIRST_ROW, sheet.max_row + 1):
        code = sheet.cell(row=row, column=2).value
        if code in values:
            sheet.cell(row=row, column=VALUE_COLUMN, value=values[code])
            sheet.cell(row=row, column=VALUE_COLUMN + 1, value="Ước tính")
    if edit is not None:
        edit(sheet)
    book.save(target)
    return target


@pytest.fixture
def template(layer, tmp_path):
    """Make an agency's template for a report date (``template("SDL", date(2026, 2, 12))``)."""

    def make(agency: str, day: date) -> Path:
        return write_template(layer, agency, day, tmp_path / f"bieu_mau_{agency}_{day:%Y%m%d}.xlsx")

    return make
