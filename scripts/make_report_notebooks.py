"""Write the report templates notebooks/reports/{monthly,quarterly}.ipynb (run from the repository root)."""

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


def build(kind, period, title):
    cells = [
        new_markdown_cell(
            f"# {title}\n\nMẫu báo cáo ({kind}) chạy bằng papermill: `ioc report render {kind} --period {period}`. "
            "Ô dưới đây chứa các tham số (kỳ, địa bàn, ngôn ngữ `vi`/`en`, cấu hình triển khai); "
            "khi xuất HTML/PDF các ô mã được ẩn. Mọi tiêu đề và lời văn lấy theo ngôn ngữ của báo cáo "
            "(`report.t(...)`, `ioc/reports/texts.py`)."
        ),
        new_code_cell(
            f'# unit: mã đơn vị hành chính ("" = toàn địa bàn); settings_json: cấu hình ("" = ioc.yaml)\n'
            f'kind = "{kind}"\nperiod = "{period}"\nunit = ""\nlanguage = "vi"\nsettings_json = ""',
            metadata={"tags": ["parameters"]},
        ),
        new_code_cell(
            "# the charts go into the report as PNG images (html.figure), whatever the kernel's backend\n"
            "import matplotlib\n\n"
            'matplotlib.use("Agg")\n'
            "import matplotlib.pyplot as plt\n"
            "from IPython.display import HTML, display\n\n"
            "from ioc.config import Settings, load_settings\n"
            "from ioc.datalayer import DataLayer\n"
            "from ioc.reports import html\n"
            "from ioc.reports.content import build_report\n\n"
            "settings = Settings.model_validate_json(settings_json) if settings_json else load_settings()\n"
            "datalayer = DataLayer(settings)\n"
            "report = build_report(datalayer, kind, period, unit=unit or None, language=language)\n"
            "zone = settings.site.timezone\n"
            "display(HTML(html.header(report, settings.site.name)))\n"
            "display(HTML(html.narrative(report)))"
        ),
        new_code_cell('display(HTML(html.report_section(report, "section_domains", report.domains)))'),
        new_code_cell(
            "if len(report.domains):\n"
            '    plt.rcParams["font.family"] = ["Noto Sans", "DejaVu Sans"]\n'
            "    fig, ax = plt.subplots(figsize=(9, 3.2))\n"
            '    frame = report.domains.set_index(report.col("domain"))[[report.col("previous"), report.col("alerts")]]\n'
            '    frame.columns = [report.col("previous"), report.t("this_period")]\n'
            '    frame.plot.barh(ax=ax, color=["#90a4ae", "#0b4f8a"])\n'
            '    ax.set_xlabel(report.t("axis_alerts"))\n'
            '    ax.set_ylabel("")\n'
            '    ax.set_title(report.t("chart_domains"))\n'
            '    display(HTML(html.figure(fig, report.t("chart_domains"))))'
        ),
        new_code_cell('display(HTML(html.report_section(report, "section_figures", report.figures)))'),
        new_code_cell(
            "if len(report.daily_alerts):\n"
            "    fig, ax = plt.subplots(figsize=(9, 3))\n"
            '    report.daily_alerts.plot(ax=ax, marker="o")\n'
            '    ax.set_xlabel(report.t("axis_day"))\n'
            '    ax.set_ylabel(report.t("axis_alerts"))\n'
            '    ax.set_title(report.t("chart_daily"))\n'
            '    display(HTML(html.figure(fig, report.t("chart_daily"))))'
        ),
        new_code_cell('display(HTML(html.report_section(report, "section_top", report.top_incidents)))'),
        new_code_cell('display(HTML(html.report_section(report, "section_agencies", report.agencies)))'),
        new_code_cell("display(HTML(html.provenance(report, zone)))\ndatalayer.close()"),
    ]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


nbformat.write(build("monthly", "11/2026", "Báo cáo tháng — Trung tâm IOC"), "notebooks/reports/monthly.ipynb")
nbformat.write(build("quarterly", "Q4/2026", "Báo cáo quý — Trung tâm IOC"), "notebooks/reports/quarterly.ipynb")
