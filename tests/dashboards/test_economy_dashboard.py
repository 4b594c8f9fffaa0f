"""The economy and submissions dashboards in Python: KPI cards, forecast notes, drill-down,
sector tabs, compliance grid, upload, and untrusted text shown as text."""

from __future__ import annotations

import shutil
from datetime import date

import pandas as pd
import panel as pn
import pytest
from openpyxl import load_workbook

from dashboards.economy import EconomyDashboard, SectorsDashboard, number, period_text
from dashboards.submissions import SubmissionsDashboard
from ioc.config import load_settings
from ioc.datalayer import DataLayer
from ioc.demo import run_demo
from ioc.ingest import process_batch

XSS = '<img src=x onerror="window.__xss=1">'
NOW = pd.Timestamp.now(tz="UTC").floor("h")


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    """The economy and submissions demo, generated once (it fits Prophet) and copied per test."""
    data_dir = tmp_path_factory.mktemp("economy_demo") / "data"
    layer = DataLayer(load_settings(data_dir=data_dir))
    run_demo(layer, days=14, scale=0.2, plugins=["economy", "submissions"], progress=False, now=NOW)
    layer.close()
    return data_dir


@pytest.fixture
def demo_layer(demo_dir, tmp_path):
    shutil.copytree(demo_dir, tmp_path / "data")
    layer = DataLayer(load_settings(data_dir=tmp_path / "data"))
    yield layer
    layer.close()


def test_numbers_and_periods_are_written_the_vietnamese_way():
    assert number(1234567.891) == "1.234.567,9" and number(None) == "—" and number(float("nan")) == "—"
    assert period_text(pd.Timestamp("2026-10-01"), "quarter") == "Quý IV/2026"
    assert period_text(pd.Timestamp("2026-03-01")) == "03/2026"


def test_economy_page_cards_trend_note_and_drill_down(demo_layer):
    board = EconomyDashboard(datalayer=demo_layer, refresh_period=0, indicator="tourist_arrivals")
    assert board.freshness().state in ("fresh", "late")
    cards = board.kpi_cards(["tourist_arrivals", "budget_revenue"]).object
    assert "Tổng lượt khách du lịch" in cards and "so với cùng kỳ" in cards and "Kế hoạch" in cards
    note = board._model_note("tourist_arrivals", "77", 12)
    assert note.startswith(("Dự báo Prophet", "Prophet không tốt hơn"))
    assert board._model_note("cpi", "77", 0).startswith("Chưa có dự báo")
    # the unit choices cover the 2024 districts and the communes from 07/2025
    units = board.param.unit.objects
    assert {"77", "747", "752", "26506"} <= set(units)
    board._drill_down([{"unit_code": "747"}, {"unit_code": "99999"}], [0])
    assert board.unit == "747"
    board._drill_down([{"unit_code": "747"}, {"unit_code": "99999"}], [1])  # a unit without data: ignored
    assert board.unit == "747"
    assert pn.panel(board.trend("tourist_arrivals", "747")).get_root() is not None
    assert pn.panel(board.map_view("retail_sales", None, 0)).get_root() is not None
    board.indicator = "retail_sales"
    assert "2024-06-01" in board.param.map_period.objects
    assert board.map_period == max(board.param.map_period.objects)
    assert board.progress_table(0, "vi").value.shape[0] >= 5


def test_markup_in_an_indicator_name_is_escaped(demo_layer):
    from ioc_plugins.economy.catalogue import catalogue_frame

    catalogue = catalogue_frame()
    catalogue.loc[catalogue["code"] == "cpi", "name_vi"] = XSS
    process_batch(demo_layer, "economy.indicators", catalogue)
    html = EconomyDashboard(datalayer=demo_layer, refresh_period=0).kpi_cards(["cpi"]).object
    assert "<img" not in html and "&lt;img" in html


def test_sector_page_has_a_tab_per_sector(demo_layer):
    board = SectorsDashboard(datalayer=demo_layer, refresh_period=0)
    tabs = board.main_area()[0]
    root = tabs.get_root()
    assert root is not None
    tab = board.sector_tab("tourism")
    assert tab.name == "Du lịch" and "Tổng lượt khách du lịch" in tab[0].object


def test_submissions_page_grid_and_upload(demo_layer, tmp_path):
    from ioc_plugins.submissions.template import DATA_SHEET, FIRST_ROW, VALUE_COLUMN, write_template

    board = SubmissionsDashboard(datalayer=demo_layer, refresh_period=0)
    grid = board.grid(4, "vi", 0).object
    assert "Sở Tài chính (STC)" in grid and ("Đúng hạn" in grid or "Muộn" in grid)
    assert board.monthly("vi", 0).value.shape[0] >= 9
    today = pd.Timestamp.now(tz="Asia/Ho_Chi_Minh").date()
    monday = today - pd.Timedelta(days=today.weekday())
    path = write_template(demo_layer, "SYT", date(monday.year, monday.month, monday.day), tmp_path / "t.xlsx")
    book = load_workbook(path)
    book[DATA_SHEET].cell(row=FIRST_ROW, column=VALUE_COLUMN, value=XSS)
    book.save(path)
    form = board.upload_form()
    chooser, result = form[1], form[2]
    chooser.filename = "bieu_mau.xlsx"
    chooser.value = path.read_bytes()
    assert "Một phần" in result.object or "Từ chối" in result.object
    assert "<img" not in result.object and "&lt;img" in result.object
    receipts = board.receipts("vi", 0).value
    assert (receipts["Kênh"] == "upload").any()


def test_an_indicator_without_data_says_so_instead_of_an_empty_1970_axis(sqlite_settings):
    layer = DataLayer(sqlite_settings)
    try:
        board = EconomyDashboard(datalayer=layer, refresh_period=0, indicator="cpi")
        column = board.trend("cpi")
        assert not [p for p in column.objects if isinstance(p, pn.pane.HoloViews)]
        assert "Chưa có số liệu" in column.objects[0].object and "Chỉ số giá tiêu dùng" in column.objects[0].object
    finally:
        layer.close()
