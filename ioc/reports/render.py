"""Rendering a report notebook: papermill → HTML (code hidden) → PDF (Chromium print-to-PDF).

The templates are the notebooks under ``notebooks/reports/`` (``monthly.ipynb``,
``quarterly.ipynb``), parameterised by ``kind``, ``period``, ``unit``, ``language`` and the
deployment's settings. papermill executes a copy with the parameters; nbconvert turns it
into HTML without the code cells; Debian's Chromium prints that HTML to PDF with the
system's Noto fonts (``fonts-noto-core``), which carry every Vietnamese diacritic. The
machine may be offline: the HTML references nothing outside itself (any remote
``<script>``/``<link>`` nbconvert adds is removed) and Chromium runs with every host name
resolving to nothing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ioc.config import Settings
from ioc.reports.content import KINDS, Period, parse_period
from ioc.reports.texts import check_language

#: Where the report templates live (the repository's ``notebooks/reports``).
TEMPLATES = Path(__file__).resolve().parents[2] / "notebooks" / "reports"

#: Chromium flags for a headless, offline print (no sandbox inside containers, no network).
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)

_REMOTE = re.compile(
    r"<script[^>]*\ssrc=[\"']https?://[^>]*>\s*</script>|<link[^>]*\shref=[\"']https?://[^>]*>", re.IGNORECASE
)

#: Print styles added to the HTML: A4, readable type, tables that do not split rows.
PRINT_CSS = """
<style>
@page { size: A4; margin: 16mm 14mm; }
body { font-family: 'Noto Sans', 'DejaVu Sans', sans-serif; }
.jp-Cell, .jp-OutputArea-output { overflow: visible !important; }
table { page-break-inside: auto; } tr { page-break-inside: avoid; }
/* JupyterLab keeps each output on one page: a long table then leaves the page before it blank */
.jp-OutputArea-child { break-inside: auto !important; }
h2 { break-after: avoid; }
</style>
"""


class RenderError(RuntimeError):
    """A report could not be executed or printed."""


@dataclass(frozen=True)
class RenderResult:
    """The files one rendering wrote."""

    notebook: Path
    html: Path
    pdf: Path | None
    period: Period
    language: str = "vi"


def template_path(kind: str) -> Path:
    if kind not in KINDS:
        raise ValueError(f"loại báo cáo không hợp lệ {kind!r}: {', '.join(KINDS)}")
    return TEMPLATES / f"{kind}.ipynb"


def chromium() -> str:
    """The system Chromium (``apt-get install chromium``); never downloaded."""
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not found:
        raise RenderError("Không tìm thấy Chromium để in PDF (apt-get install chromium fonts-noto-core)")
    return found


def execute(kind: str, period: Period, settings: Settings, target: Path, *, unit: str | None, language: str) -> Path:
    """Run the template with papermill into ``target`` (an .ipynb)."""
    import papermill

    parameters = {
        "kind": kind,
        "period": period.label if kind == "monthly" else period.code,
        "unit": unit or "",
        "language": language,
        "settings_json": settings.model_dump_json(),
    }
    try:
        papermill.execute_notebook(
            str(template_path(kind)),
            str(target),
            parameters=parameters,
            kernel_name="python3",
            cwd=str(TEMPLATES.parents[1]),  # the kernel imports the project from the repository root
            progress_bar=False,
            log_output=False,
        )
    except Exception as exc:
        raise RenderError(f"Không chạy được báo cáo {kind} {period.label}: {exc}") from exc
    return target


def to_html(notebook: Path, target: Path) -> Path:
    """The executed notebook as self-contained HTML without code cells or prompts."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        exclude_input=True,
        exclude_markdown=True,  # the template's notes for analysts
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nbformat.read(str(notebook), as_version=4))
    body = _REMOTE.sub("", body).replace("</head>", PRINT_CSS + "</head>", 1)
    target.write_text(body, encoding="utf-8")
    return target


def to_pdf(html: Path, target: Path, timeout: float = 120) -> Path:
    """Print ``html`` to PDF with headless Chromium (A4, no header/footer, offline)."""
    with tempfile.TemporaryDirectory(prefix="ioc-print-") as profile:
        command = [
            chromium(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={target}",
            html.resolve().as_uri(),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0 or not target.exists() or target.stat().st_size == 0:
        raise RenderError(f"Chromium không in được PDF: {result.stderr[-2000:]}")
    return target


def render_report(
    settings: Settings,
    kind: str,
    period: str | Period,
    *,
    unit: str | None = None,
    language: str = "vi",
    output_dir: Path | None = None,
    pdf: bool = True,
) -> RenderResult:
    """Render one report to .ipynb, .html and (``pdf``) .pdf under ``output_dir``.

    ``output_dir`` defaults to the deployment's reports folder (``<data>/reports``).
    File names: ``<kind>-<period code>[-<unit>][-<language>].{ipynb,html,pdf}`` (the language
    only when it is not Vietnamese).

    Raises
    ------
    ValueError
        For an unknown kind, period or language (before anything runs).
    RenderError
        When the notebook fails or Chromium cannot print.
    """
    check_language(language)
    parsed = period if isinstance(period, Period) else parse_period(kind, period, settings.site.timezone)
    folder = Path(output_dir or settings.paths.reports)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{kind}-{parsed.code}" + (f"-{unit}" if unit else "") + (f"-{language}" if language != "vi" else "")
    notebook = execute(kind, parsed, settings, folder / f"{stem}.ipynb", unit=unit, language=language)
    html = to_html(notebook, folder / f"{stem}.html")
    printed = to_pdf(html, folder / f"{stem}.pdf") if pdf else None
    return RenderResult(notebook=notebook, html=html, pdf=printed, period=parsed, language=language)
