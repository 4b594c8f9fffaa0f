"""E-mail (Maildir, mbox, .eml) and hotline (CSV, Excel) adapters, on tiny files built here."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage

import pandas as pd
import pytest

from ioc.plugins import AdapterError
from ioc_plugins.feedback.adapters import read_email, read_hotline


def citizen_mail(message_id: str, subject: str, body: str, html: bool = False) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Phạm Minh Tuấn <tuan.pham@example.vn>"
    message["To"] = "phananh@ioc.example.vn"
    message["Subject"] = subject
    message["Date"] = "Mon, 02 Mar 2026 08:15:00 +0700"
    message["Message-ID"] = message_id
    if html:  # an HTML-only message, as some webmail clients send
        message.set_content(body, subtype="html")
    else:
        message.set_content(body)
    return message


BODY = (
    "Kính gửi Trung tâm IOC,\nCống thoát nước trước nhà tôi bị tắc, nước thải tràn ra đường bốc mùi.\n"
    "Địa chỉ: 27 Nguyễn An Ninh, Phường Rạch Dừa\nVị trí: 10.3921, 107.1080\nSĐT liên hệ 0987 654 321, "
    "CCCD 077201234567\n"
)


def test_maildir_messages(tmp_path):
    box = mailbox.Maildir(tmp_path / "maildir", create=True)
    box.add(citizen_mail("<m1@example.vn>", "Cống tắc, nước thải tràn", BODY))
    box.add(
        citizen_mail(
            "<m2@example.vn>",
            "Đèn đường hỏng",
            "<p>Đèn đường <b>không sáng</b></p><script>alert(1)</script>",
            html=True,
        )
    )
    frame = read_email(tmp_path / "maildir").set_index("source_id")
    first = frame.loc["<m1@example.vn>"]
    assert first["channel"] == "email" and first["title"] == "Cống tắc, nước thải tràn"
    assert first["reporter_email"] == "tuan.pham@example.vn" and first["reporter_name"] == "Phạm Minh Tuấn"
    assert first["reporter_phone"] == "0987654321" and first["reporter_national_id"] == "077201234567"
    assert first["address"] == "27 Nguyễn An Ninh, Phường Rạch Dừa"
    assert (first["lat"], first["lon"]) == (10.3921, 107.108)
    assert first["received_at"] == pd.Timestamp("2026-03-02T01:15:00Z")
    second = frame.loc["<m2@example.vn>"]
    assert "không sáng" in second["description"] and "alert" not in second["description"]


def test_mbox_and_eml(tmp_path):
    box = mailbox.mbox(tmp_path / "phan-anh.mbox")
    box.add(citizen_mail("<m3@example.vn>", "Rác", "Rác tồn đọng ở chợ Xóm Lưới nhiều ngày."))
    box.flush()
    box.close()
    assert read_email(tmp_path / "phan-anh.mbox")["source_id"].tolist() == ["<m3@example.vn>"]
    eml = tmp_path / "one.eml"
    eml.write_bytes(citizen_mail("<m4@example.vn>", "Ồn", "Karaoke hát khuya.").as_bytes())
    assert read_email(eml)["description"].tolist() == ["Karaoke hát khuya."]


def test_unusable_mail_sources(tmp_path):
    (tmp_path / "notes.txt").write_text("không phải thư", encoding="utf-8")
    with pytest.raises(AdapterError, match="mbox"):
        read_email(tmp_path / "notes.txt")
    (tmp_path / "empty").mkdir()
    with pytest.raises(AdapterError, match="Maildir"):
        read_email(tmp_path / "empty")
    with pytest.raises(AdapterError, match="not found"):
        read_email(tmp_path / "missing.mbox")


HOTLINE_CSV = """Mã cuộc gọi,Thời gian,Số gọi đến,Họ tên,Nội dung,Địa chỉ,Loại phản ánh
HL-0001,02/03/2026 07:45,0909111222,Võ Thị Hạnh,Cây xanh gãy cành đè lên dây điện,12 Lê Hồng Phong,Cây xanh gãy đổ nguy hiểm
HL-0002,03/03/2026 21:10,0909333444,,Mất nước từ chiều,Khu phố 3,water_supply
HL-0003,hôm qua,0909555666,,Tiếng ồn karaoke,,
"""


def test_hotline_csv_with_vietnamese_headers(tmp_path):
    path = tmp_path / "hotline_2026-03.csv"
    path.write_text(HOTLINE_CSV, encoding="utf-8-sig")
    frame = read_hotline(path).set_index("source_id")
    assert frame.loc["HL-0001", "received_at"] == pd.Timestamp("2026-03-02T00:45:00Z")
    assert frame.loc["HL-0001", "category"] == "trees"  # the Vietnamese name, without its comma
    assert frame.loc["HL-0002", "category"] == "water_supply" and frame.loc["HL-0002", "channel"] == "hotline"
    assert frame.loc["HL-0003", "_error"].startswith("received_at")
    assert frame.loc["HL-0001", "_error"] is None or pd.isna(frame.loc["HL-0001", "_error"])


def test_hotline_excel_and_missing_columns(tmp_path):
    rows = pd.DataFrame(
        {
            "call_id": ["X1"],
            "time": ["05/03/2026 10:00"],
            "content": ["Đèn đỏ ngã tư hỏng"],
            "caller_number": ["0911222333"],
        }
    )
    path = tmp_path / "hotline.xlsx"
    rows.to_excel(path, index=False)
    frame = read_hotline(path)
    assert frame["description"].tolist() == ["Đèn đỏ ngã tư hỏng"] and frame["reporter_phone"].tolist() == [
        "0911222333"
    ]
    bad = tmp_path / "hotline_bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(AdapterError, match="thiếu cột"):
        read_hotline(bad)
