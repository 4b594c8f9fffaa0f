"""The report notebooks run with papermill on demo data, print to PDF, and are e-mailed on schedule.

The PDF's text (``pdftotext``) must carry the Vietnamese headings, the figures the report
computed and the lake's table versions of the provenance block.
"""

from __future__ import annotations

import email
import email.policy
import re
import shutil
import socket
import subprocess

import pandas as pd
import pytest

pytestmark = pytest.mark.notebook

aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller")


def pdf_text(path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Collecting:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def demo(tmp_path, monkeypatch):
    """Three days of the environment and feedback demo, ending 20/11/2026, and an SMTP server."""
    from ioc.config import load_settings
    from ioc.datalayer import DataLayer
    from ioc.demo import run_demo

    if shutil.which("chromium") is None:
        pytest.skip("chromium is not installed; PDF printing needs it")
    for name in ("JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "MPLCONFIGDIR"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    handler = Collecting()
    controller = aiosmtpd_controller.Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings = load_settings(
        data_dir=tmp_path / "data",
        notify={"smtp_host": "127.0.0.1", "smtp_port": controller.port, "sender": "IOC <ioc@brvt.gov.vn>"},
        reports={"recipients": ["lanh.dao@brvt.gov.vn"], "kinds": ["monthly"]},
    )
    layer = DataLayer(settings)
    run_demo(layer, days=3, plugins=["environment", "feedback"], progress=False, now=pd.Timestamp("2026-11-20T05:00Z"))
    handler.messages.clear()  # the demo's own forwarding e-mails
    try:
        yield settings, layer, handler
    finally:
        layer.close()
        controller.stop()


def test_monthly_report_is_rendered_on_schedule_and_mailed_as_pdf(demo):
    from ioc.reports.content import build_report
    from ioc.reports.schedule import run_schedule

    settings, layer, handler = demo
    expected = build_report(layer, "monthly", "11/2026")
    # 01/12/2026 is a Tuesday, the first working day of December: November's report is due
    outcomes = run_schedule(settings, pd.Timestamp("2026-12-01T01:00Z"))
    assert [(o.kind, o.period.label) for o in outcomes] == [("monthly", "11/2026")]
    result = outcomes[0].result
    html = result.html.read_text("utf-8")
    assert "Báo cáo tháng 11/2026" in html and "import " not in html  # code hidden
    assert not re.search(r"""(src|href)=["']https?://""", html)  # nothing fetched from the internet
    text = pdf_text(result.pdf)
    for heading in ("Báo cáo tháng 11/2026", "Tóm tắt", "Cảnh báo và vụ việc theo lĩnh vực", "Nguồn gốc số liệu"):
        assert heading in text, heading
    assert "Tài nguyên - Môi trường" in text and "Phản ánh hiện trường" in text
    for sentence in expected.narrative[:1] + expected.narrative[-1:]:
        assert " ".join(sentence.split()) in " ".join(text.split()), sentence
    for name in ("environment.aqi_hourly", "feedback.submissions"):
        assert f"{name}" in text and str(layer.version(name)) in text
    # e-mailed with the PDF attached, once
    assert len(handler.messages) == 1 and handler.messages[0].rcpt_tos == ["lanh.dao@brvt.gov.vn"]
    message = email.message_from_bytes(handler.messages[0].original_content, policy=email.policy.default)
    assert message["Subject"] == "[IOC] Báo cáo tháng 11/2026"
    attachment = next(message.iter_attachments())
    assert attachment.get_filename() == "monthly-2026-11.pdf" and attachment.get_content()[:4] == b"%PDF"
    # a second run the same morning sends nothing more
    again = run_schedule(settings, pd.Timestamp("2026-12-01T02:00Z"))
    assert again[0].skipped and len(handler.messages) == 1
    assert run_schedule(settings, pd.Timestamp("2026-12-02T01:00Z")) == []  # not due the next day


def test_quarterly_report_renders_to_html_and_pdf(demo):
    from ioc.reports.render import render_report

    settings, _, _ = demo
    result = render_report(settings, "quarterly", "Q4/2026")
    text = pdf_text(result.pdf)
    assert "Báo cáo quý Quý IV/2026" in text and "Vụ việc nổi bật" in text and "Kết quả xử lý của các cơ quan" in text
    assert result.notebook.exists() and result.html.exists()
