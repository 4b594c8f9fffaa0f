"""The Monday/Thursday template (biểu mẫu) an agency fills in (Điều 15.2), written with openpyxl.

Sheet "Số liệu": a title block with the agency and the report date pre-filled, a header row,
then one row per indicator (× administrative unit) with the reference period pre-filled. Only
the cells to fill ("Giá trị", "Tình trạng", "Ghi chú") are unlocked; the sheet is protected so
the headers and the pre-filled cells cannot be edited by mistake (project choice: the password
only prevents accidents, it is no security). "Giá trị" accepts a number within the catalogue's
plausibility bounds, "Tình trạng" a value from a list. Sheet "Hướng dẫn" explains the workflow
in Vietnamese; a hidden sheet "_meta" records what the template was made for, so that intake can
tell an edited header, agency or date from the original.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from ioc.calendar import WorkingCalendar
from ioc.datalayer import DataLayer
from ioc_plugins.submissions.agencies import agency_name, indicators_of

VERSION = "IOC-BM-01 v1"
DATA_SHEET = "Số liệu"
HELP_SHEET = "Hướng dẫn"
META_SHEET = "_meta"
#: Header of the value rows (intake refuses a workbook whose header differs).
HEADERS = (
    "STT",
    "Mã chỉ tiêu",
    "Tên chỉ tiêu",
    "Đơn vị tính",
    "Mã đơn vị hành chính",
    "Kỳ số liệu",
    "Giá trị",
    "Tình trạng",
    "Ghi chú",
)
HEADER_ROW = 6
FIRST_ROW = HEADER_ROW + 1
VALUE_COLUMN = HEADERS.index("Giá trị") + 1
STATUS_CHOICES = ("Ước tính", "Chính thức")
SITE_CODE = "77"
WEEKDAY_NAMES = {0: "Thứ Hai", 3: "Thứ Năm"}
PROTECTION_PASSWORD = "ioc"  # project choice: guards against accidental edits only
INSTRUCTIONS = (
    "HƯỚNG DẪN ĐIỀN BIỂU MẪU SỐ LIỆU GỬI TRUNG TÂM IOC",
    "",
    "1. Biểu mẫu gửi định kỳ vào thứ Hai và thứ Năm hằng tuần (Quy chế vận hành IOC, Điều 15.2). "
    "Nếu ngày đó là ngày nghỉ lễ, Tết, hạn gửi là ngày làm việc kế tiếp.",
    "2. Chỉ điền vào các cột 'Giá trị', 'Tình trạng' và 'Ghi chú' của sheet 'Số liệu'. "
    "Không sửa tên cột, mã chỉ tiêu, mã đơn vị, kỳ số liệu, tên đơn vị và ngày báo cáo.",
    "3. 'Giá trị' là một số, đúng đơn vị tính ghi ở cột 'Đơn vị tính'. Dùng dấu phẩy cho phần thập phân "
    "(ví dụ 1234,5); không ghi chữ, không ghi đơn vị vào ô số. Bỏ trống nếu chưa có số liệu.",
    "4. 'Tình trạng': chọn 'Ước tính' hoặc 'Chính thức' trong danh sách.",
    "5. Gửi tệp qua thư điện tử cho IOC hoặc tải lên trang 'Báo cáo của đơn vị'. Muốn sửa số đã gửi, "
    "gửi lại biểu mẫu của cùng kỳ báo cáo: số mới thay thế số cũ, số cũ vẫn được lưu lại.",
    "6. Số liệu bất thường so với các kỳ trước (gấp hoặc bằng một phần ba trở xuống) sẽ bị từ chối "
    "và cần kiểm tra lại trước khi gửi.",
    "7. Đơn vị gửi sau hạn được ghi nhận là gửi muộn (tính theo ngày làm việc); không gửi là thiếu báo cáo.",
)


def reference_period(report_date: date, frequency: str) -> pd.Timestamp:
    """The period a report of ``report_date`` gives values for: the previous month, quarter or year."""
    day = pd.Timestamp(report_date)
    if frequency == "month":
        return day.to_period("M").to_timestamp() - pd.offsets.MonthBegin(1)
    if frequency == "quarter":
        return day.to_period("Q").to_timestamp() - pd.offsets.QuarterBegin(1, startingMonth=1)
    return pd.Timestamp(day.year - 1, 1, 1)


def period_label(period: pd.Timestamp, frequency: str) -> str:
    """How the template writes a period: ``10/2024``, ``Quý III/2024``, ``2024``."""
    if frequency == "month":
        return f"{period.month:02d}/{period.year}"
    if frequency == "quarter":
        return f"Quý {('I', 'II', 'III', 'IV')[(period.month - 1) // 3]}/{period.year}"
    return str(period.year)


def check_report_date(report_date: date) -> None:
    """A report date must be a Monday or a Thursday."""
    if report_date.weekday() not in WEEKDAY_NAMES:
        raise ValueError(f"Ngày báo cáo {report_date:%d/%m/%Y} không phải thứ Hai hoặc thứ Năm")


def template_rows(datalayer: DataLayer, agency: str, report_date: date) -> pd.DataFrame:
    """The pre-filled rows of an agency's template: one per indicator of the agency, site total."""
    indicators = indicators_of(datalayer, agency)
    rows = []
    for row in indicators.itertuples():
        period = reference_period(report_date, row.frequency)
        rows.append(
            {
                "indicator_code": row.code,
                "name": row.name_vi,
                "unit": row.unit,
                "unit_code": SITE_CODE,
                "period": period_label(period, row.frequency),
                "minimum": row.minimum,
                "maximum": row.maximum,
            }
        )
    return pd.DataFrame(rows)


def write_template(datalayer: DataLayer, agency: str, report_date: date, path: str | Path) -> Path:
    """Write ``agency``'s template for ``report_date`` to ``path`` (an ``.xlsx``)."""
    check_report_date(report_date)
    rows = template_rows(datalayer, agency, report_date)
    if rows.empty:
        raise ValueError(f"Cơ quan {agency!r} không có chỉ tiêu nào trong danh mục")
    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    sheet["A1"] = "BIỂU MẪU SỐ LIỆU GỬI TRUNG TÂM GIÁM SÁT, ĐIỀU HÀNH ĐÔ THỊ THÔNG MINH (IOC)"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    due = WorkingCalendar().next_working_day(report_date) if not _working(report_date) else report_date
    for row, (label, value) in enumerate(
        [
            ("Cơ quan báo cáo:", agency),
            ("Tên cơ quan:", agency_name(agency)),
            ("Ngày báo cáo:", report_date.strftime("%d/%m/%Y")),
            ("Hạn gửi:", f"{due:%d/%m/%Y} ({WEEKDAY_NAMES.get(report_date.weekday(), '')}) — mẫu {VERSION}"),
        ],
        start=2,
    ):
        sheet.cell(row=row, column=1, value=label).font = Font(bold=True)
        sheet.cell(row=row, column=3, value=value)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for column, title in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=title)
        cell.font, cell.fill = Font(bold=True), header_fill
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    statuses = DataValidation(type="list", formula1='"' + ",".join(STATUS_CHOICES) + '"', allow_blank=True)
    sheet.add_data_validation(statuses)
    for offset, item in enumerate(rows.itertuples()):
        r = FIRST_ROW + offset
        for column, value in enumerate(
            (offset + 1, item.indicator_code, item.name, item.unit, item.unit_code, item.period, None, None, None),
            start=1,
        ):
            sheet.cell(row=r, column=column, value=value)
        for column in (VALUE_COLUMN, VALUE_COLUMN + 1, VALUE_COLUMN + 2):
            sheet.cell(row=r, column=column).protection = Protection(locked=False)
        numbers = DataValidation(
            type="decimal",
            operator="between",
            formula1=str(_bound(item.minimum, -1e15)),
            formula2=str(_bound(item.maximum, 1e15)),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Giá trị không hợp lệ",
            error="Nhập một số trong khoảng hợp lý của chỉ tiêu (không nhập chữ).",
        )
        sheet.add_data_validation(numbers)
        numbers.add(sheet.cell(row=r, column=VALUE_COLUMN))
        statuses.add(sheet.cell(row=r, column=VALUE_COLUMN + 1))
    for column, width in zip("ABCDEFGHI", (5, 26, 48, 14, 12, 12, 16, 14, 30)):
        sheet.column_dimensions[column].width = width
    sheet.protection.sheet = True
    sheet.protection.password = PROTECTION_PASSWORD
    _instructions(book)
    meta = book.create_sheet(META_SHEET)
    for row, (key, value) in enumerate(
        [("agency", agency), ("report_date", report_date.isoformat()), ("version", VERSION), ("rows", len(rows))], 1
    ):
        meta.cell(row=row, column=1, value=key)
        meta.cell(row=row, column=2, value=value)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    path = Path(path)
    book.save(path)
    return path


def _working(day: date) -> bool:
    return WorkingCalendar().is_working_day(day)


def _bound(value: object, default: float) -> float:
    return default if value is None or pd.isna(value) else float(value)


def _instructions(book: Workbook) -> None:
    sheet = book.create_sheet(HELP_SHEET)
    for row, text in enumerate(INSTRUCTIONS, start=1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row == 1:
            cell.font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 120
    sheet.protection.sheet = True
