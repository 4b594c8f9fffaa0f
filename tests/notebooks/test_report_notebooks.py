"""The report notebooks run on demo data: under nbval (as CI runs notebooks), and with
papermill as ``ioc report`` renders them, printed to PDF and e-mailed on schedule.

The PDF's text (``pdftotext``) must carry the headings in the report's language, the
figures the report computed and the lake's table versions of the provenance block.
"""

from __future__ import annotations

import email
import email.policy
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from notebook_env import scratch_environment

pytestmark = pytest.mark.notebook

REPO = Path(__file__).resolve().parents[2]
DEMO_END = pd.Timestamp("2026-11-20T05:00Z")

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
    run_demo(layer, days=3, plugins=["environment", "feedback"], progress=False, now=DEMO_END)
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
    # the two charts (alerts by domain, alerts per day) are in the page, as images it carries
    assert len(re.findall(r'<img alt="[^"]+" src="data:image/png;base64,', html)) == 2
    text = pdf_text(result.pdf)
    for heading in ("Báo cáo tháng 11/2026", "Tóm tắt", "Cảnh báo và vụ việc theo lĩnh vực", "Nguồn gốc số liệu"):
        assert heading in text, heading
    assert "Tài nguyên - Môi trường" in text and "Phản ánh hiện trường" in text
    for sentence in expected.narrative[:1] + expected.narrative[-1:]:
        assert " ".join(sentence.split()) in " ".join(text.split()), sentence
    assert_provenance(text, layer)
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


def assert_provenance(text: str, layer) -> None:
    """Each lake table's line of the provenance block gives the table's version (— without data)."""
    for name in sorted(layer.tables):
        version = layer.version(name)
        shown = "—" if version is None else str(version)
        assert re.search(rf"^\s*{re.escape(name)}\s+{re.escape(shown)}\s*$", text, re.MULTILINE), (name, shown)
    assert any(layer.version(name) is not None for name in layer.tables)  # the demo wrote some


def test_an_english_report_renders_with_english_headings_and_narrative(demo):
    from ioc.reports.content import build_report
    from ioc.reports.render import render_report

    settings, layer, _ = demo
    result = render_report(settings, "monthly", "11/2026", language="en")
    assert result.pdf.name == "monthly-2026-11-en.pdf"
    text = " ".join(pdf_text(result.pdf).split())
    for heading in ("Monthly report 11/2026", "Summary", "Alerts and incidents by domain", "Provenance of the figures"):
        assert heading in text, heading
    assert "Natural resources and environment" in text and "Tóm tắt" not in text
    for sentence in build_report(layer, "monthly", "11/2026", language="en").narrative:
        assert " ".join(sentence.split()) in text, sentence


def test_nbval_runs_the_report_notebooks_on_the_demo_data(tmp_path):
    """``pytest --nbval-lax notebooks/reports/``: every cell of both templates runs without error
    on the demo data (their default periods, 11/2026 and Q4/2026, hold the demo's days)."""
    import nbformat

    from ioc.config import load_settings
    from ioc.datalayer import DataLayer
    from ioc.demo import run_demo
    from ioc.reports.content import build_report

    pytest.importorskip("nbval")
    data_dir = tmp_path / "data"
    layer = DataLayer(load_settings(data_dir=data_dir))
    try:
        run_demo(layer, days=3, plugins=["environment", "feedback"], progress=False, now=DEMO_END)
        # the report has something to say: November's alerts and citizen reports
        assert build_report(layer, "monthly", "11/2026").domains[["Cảnh báo", "Vụ việc"]].to_numpy().sum() > 0
    finally:
        layer.close()
    notebooks = [REPO / "notebooks" / "reports" / f"{kind}.ipynb" for kind in ("monthly", "quarterly")]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-q", *map(str, notebooks)],
        cwd=REPO,
        env=scratch_environment(tmp_path, data_dir),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    cells = sum(1 for path in notebooks for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code")
    assert re.search(rf"\b{cells} passed\b", result.stdout), result.stdout[-2000:]
