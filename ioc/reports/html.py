"""The report's blocks as HTML for the notebooks: every value escaped, every word in the
report's language, numbers written the way that language reads them (``1.234`` and ``12,5``
in Vietnamese, ``1,234`` and ``12.5`` in English)."""

from __future__ import annotations

import base64
import io
from html import escape
from typing import Any

import pandas as pd

from ioc.reports.content import ReportData
from ioc.reports.texts import number, text

#: JupyterLab's output styles give tables fixed, equal columns and right-aligned text (with
#: more specific selectors): the report's tables size columns by content, text on the left.
STYLE = """
<style>
.ioc-report { font-family: 'Noto Sans', 'DejaVu Sans', sans-serif; color: #1a1a1a; }
.ioc-report h1 { color: #0b4f8a; font-size: 1.8em; margin-bottom: 0; }
.ioc-report h2 { color: #0b4f8a; border-bottom: 2px solid #0b4f8a; padding-bottom: 2px; }
.ioc-report table { border-collapse: collapse; width: 100%; font-size: 0.92em; margin: 6px 0 14px;
                    table-layout: auto !important; }
.ioc-report th { background: #e8eef5; text-align: left !important; padding: 4px 6px;
                 border-bottom: 2px solid #0b4f8a; }
.ioc-report td { border-bottom: 1px solid #ccc; padding: 4px 6px; text-align: left !important; }
.ioc-report td.num { text-align: right !important; white-space: nowrap; }
.ioc-report .muted { color: #666; font-size: 0.9em; }
.ioc-report .narrative p { margin: 4px 0; }
</style>
"""


def _cell(value: Any, language: str) -> tuple[str, bool]:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—", False
    if isinstance(value, bool):
        return text("yes" if value else "no", language), False
    if isinstance(value, (int, float)):
        return number(value, language), True
    return escape(str(value)), False


def table(frame: pd.DataFrame, language: str = "vi", *, hide: tuple[str, ...] = ("domain",)) -> str:
    """A frame as a report table (numbers right-aligned); an empty frame says so."""
    columns = [c for c in frame.columns if c not in hide]
    if frame.empty:
        return f'<p class="muted">{escape(text("no_data", language))}</p>'
    head = "".join(f"<th>{escape(str(c))}</th>" for c in columns)
    rows = []
    for record in frame[columns].itertuples(index=False):
        cells = [_cell(v, language) for v in record]
        rows.append("<tr>" + "".join(f'<td class="{"num" if n else ""}">{t}</td>' for t, n in cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def figure(fig: Any, alt: str) -> str:
    """A matplotlib figure as an ``<img>`` holding its PNG (the page stays self-contained and
    offline, and the chart does not depend on the kernel's plotting backend); closes ``fig``."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<div class="ioc-report"><img alt="{escape(alt)}" src="data:image/png;base64,{data}"></div>'


def section(title: str, body: str) -> str:
    return f'<div class="ioc-report">{STYLE}<h2>{escape(title)}</h2>{body}</div>'


def report_section(report: ReportData, key: str, frame: pd.DataFrame) -> str:
    """A numbered section of the report: its heading (text ``key``) and ``frame`` as a table."""
    return section(report.t(key), table(frame, report.language))


def header(report: ReportData, site_name: str) -> str:
    unit = report.provenance.get("parameters", {}).get("unit", "")
    start = report.period.start.tz_convert(report.period.timezone).strftime("%d/%m/%Y")
    end = (report.period.end.tz_convert(report.period.timezone) - pd.Timedelta(days=1)).strftime("%d/%m/%Y")
    return (
        f'<div class="ioc-report">{STYLE}<h1>{escape(report.title)}</h1>'
        f"<p><b>{escape(report.t('centre'))} — {escape(site_name)}</b><br>"
        f"{escape(report.t('span', start=start, end=end, unit=unit))}</p></div>"
    )


def narrative(report: ReportData) -> str:
    paragraphs = "".join(f"<p>{escape(sentence)}</p>" for sentence in report.narrative)
    return section(report.t("summary"), f'<div class="narrative">{paragraphs}</div>')


def provenance(report: ReportData, timezone: str) -> str:
    info = report.provenance
    # a version is an identifier, not a quantity: written as it is (no thousands separator)
    numbers = ["—" if v is None else str(v) for v in info["table_versions"].values()]
    versions = pd.DataFrame({report.col("table"): list(info["table_versions"]), report.col("version"): numbers})
    params = "".join(f"<li>{escape(str(k))}: {escape(str(v))}</li>" for k, v in info["parameters"].items())
    rendered = pd.Timestamp(info["rendered_at"]).tz_convert(timezone).strftime("%d/%m/%Y %H:%M")
    body = (
        f"<p>{escape(report.t('code_version'))}: <code>{escape(info['code_version'])}</code><br>"
        f"{escape(report.t('rendered_at'))}: {rendered}</p><p>{escape(report.t('parameters'))}:</p><ul>{params}</ul>"
        f"<p>{escape(report.t('snapshot'))}</p>{table(versions, report.language)}"
    )
    return section(report.t("provenance"), body)
