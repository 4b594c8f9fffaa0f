"""Intake of returned templates: every refusal, duplicates, corrections that supersede, e-mail."""

from datetime import date
from email.message import EmailMessage

import pandas as pd
import pytest
from conftest import fill

from ioc.ingest import process_batch
from ioc.plugins import AdapterError
from ioc_plugins.submissions.adapters.mail import ingest_mail, read_mail
from ioc_plugins.submissions.intake import ingest_submission, read_values
from ioc_plugins.submissions.template import HEADER_ROW

DAY = date(2026, 2, 12)
NOW = pd.Timestamp("2026-02-12 03:00", tz="UTC")
LATER = pd.Timestamp("2026-02-13 03:00", tz="UTC")


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (lambda s: s.cell(row=HEADER_ROW, column=7, value="Số liệu"), "edited headers"),
        (lambda s: s.__setitem__("C2", "SYT"), "wrong agency"),
        (lambda s: s.__setitem__("C4", "19/02/2026"), "wrong period"),
        (lambda s: s.__setitem__("C4", "ngày 12"), "dd/mm/yyyy"),
    ],
    ids=["edited-header", "other-agency", "other-date", "unreadable-date"],
)
def test_a_wrong_workbook_is_refused_whole_with_a_receipt(layer, template, tmp_path, edit, reason):
    filled = fill(template("SDL", DAY), tmp_path / "f.xlsx", {"tourist_arrivals": 1400000}, edit=edit)
    receipt = ingest_submission(layer, filled, now=NOW)
    assert receipt.status == "rejected" and reason in receipt.reason
    assert layer.version("submissions.values") is None
    stored = layer.read("submissions.receipts")
    assert stored["status"].tolist() == ["rejected"] and reason in stored["detail"].iloc[0]
    with pytest.raises(AdapterError, match=reason):
        read_values(filled, datalayer=layer)


def test_an_empty_template_does_not_count_as_sent(layer, template):
    receipt = ingest_submission(layer, template("SDL", DAY), now=NOW)
    assert receipt.status == "rejected" and "empty template" in receipt.reason


def test_the_expected_agency_is_checked(layer, template, tmp_path):
    filled = fill(template("SDL", DAY), tmp_path / "f.xlsx", {"tourist_arrivals": 1400000})
    receipt = ingest_submission(layer, filled, expected_agency="SYT", now=NOW)
    assert receipt.status == "rejected" and "wrong agency" in receipt.reason


def test_bad_cells_are_refused_and_the_rest_kept(layer, template, tmp_path):
    history = pd.DataFrame(
        {"indicator_code": "tourism_revenue", "unit_code": "77",
         "period": pd.date_range("2025-01-01", periods=12, freq="MS"), "value": 2500.0}
    )  # fmt: skip
    process_batch(layer, "economy.observations", history)

    def edit_period(sheet):
        for row in range(HEADER_ROW + 1, sheet.max_row + 1):
            if sheet.cell(row=row, column=2).value == "overnight_guests":
                sheet.cell(row=row, column=6, value="12/2025")

    filled = fill(
        template("SDL", DAY),
        tmp_path / "f.xlsx",
        {
            "tourist_arrivals": "một triệu",  # text in a number cell
            "hotel_occupancy": 130,  # outside the catalogue's bounds (%)
            "tourism_revenue": 25000,  # ten times its history: a slipped separator
            "overnight_guests": 400000,  # its reference period was edited
            "international_arrivals": 41000,  # fine
        },
        edit=edit_period,
    )
    receipt = ingest_submission(layer, filled, now=NOW)
    assert receipt.status == "partial" and receipt.rows_accepted == 1 and receipt.rows_rejected == 4
    for reason in ("text in a number cell", "implausible value", "implausible vs history", "wrong period"):
        assert reason in receipt.reason
    assert layer.read("submissions.values")["indicator_code"].tolist() == ["international_arrivals"]
    quarantined = list((layer.settings.quarantine_dir / "submissions.values").glob("*.csv"))
    assert quarantined and "một triệu" in quarantined[0].read_text(encoding="utf-8")


def test_duplicate_and_correction(layer, template, tmp_path):
    blank = template("SDL", DAY)
    first = fill(blank, tmp_path / "first.xlsx", {"tourist_arrivals": 1400000, "hotel_occupancy": 60})
    assert ingest_submission(layer, first, now=NOW).status == "accepted"
    again = ingest_submission(layer, first, now=LATER)
    assert again.duplicate and "duplicate" in again.reason
    assert len(layer.read("submissions.receipts")) == 1
    corrected = fill(blank, tmp_path / "second.xlsx", {"tourist_arrivals": 1410000, "hotel_occupancy": 60})
    receipt = ingest_submission(layer, corrected, now=LATER)
    assert receipt.status == "accepted" and not receipt.duplicate
    current = layer.read("submissions.values").set_index("indicator_code")["value"]
    assert current["tourist_arrivals"] == 1410000 and current["hotel_occupancy"] == 60
    history = layer.read("submissions.values", history=True)
    arrivals = history[history["indicator_code"] == "tourist_arrivals"].sort_values("received_at")
    assert arrivals["value"].tolist() == [1400000, 1410000]  # the earlier value stays in history
    assert len(layer.read("submissions.receipts")) == 2


def mail(sender: str, attachment: bytes, name: str = "bieu_mau.xlsx") -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, "ioc@example.gov.vn", "Báo cáo thứ Năm"
    message.set_content("Kính gửi IOC, đơn vị gửi biểu mẫu.")
    message.add_attachment(
        attachment, maintype="application", subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=name,
    )  # fmt: skip
    return bytes(message)


def test_templates_attached_to_e_mails(layer, template, tmp_path):
    filled = fill(template("SDL", DAY), tmp_path / "f.xlsx", {"tourist_arrivals": 1400000})
    good = tmp_path / "bao_cao_sdl.eml"
    good.write_bytes(mail("Đầu mối SDL <sdl@example.gov.vn>", filled.read_bytes()))
    receipts = ingest_mail(layer, good, now=NOW)
    assert [(r.agency, r.status) for r in receipts] == [("SDL", "accepted")]
    assert layer.read("submissions.receipts")["channel"].tolist() == ["email"]
    other = fill(template("SDL", DAY), tmp_path / "g.xlsx", {"tourist_arrivals": 1500000})
    wrong = tmp_path / "bao_cao_syt.eml"
    wrong.write_bytes(mail("syt@example.gov.vn", other.read_bytes()))
    refused = ingest_mail(layer, wrong, now=NOW)
    assert refused[0].status == "rejected" and "wrong agency" in refused[0].reason
    frame = read_mail(wrong, settings=layer.settings)
    assert frame["_error"].notna().all() and "wrong agency" in frame["_error"].iloc[0]


def test_the_file_adapter_path_writes_a_receipt_through_derive(layer, template, tmp_path):
    from ioc.ingest import ingest_files

    filled = fill(template("SDL", DAY), tmp_path / "bieu_mau_sdl.xlsx", {"tourist_arrivals": 1400000})
    ingest_files(layer, "submissions.template_xlsx", [filled], progress=False)
    receipts = layer.read("submissions.receipts")
    assert receipts["agency"].tolist() == ["SDL"] and receipts["rows_accepted"].tolist() == [1]
