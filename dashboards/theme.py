"""The look of the dashboards: offline resources, the page template, colours and small HTML bits.

Everything is served from the Panel server itself (``inline`` resources, no CDN) because the
IOC's video wall and analysts' machines may have no internet. The template is Panel's
``FastListTemplate``, whose scripts and styles ship inside the ``panel`` package; its dark
variant is the video-wall theme.
"""

from __future__ import annotations

from html import escape
from typing import Any

import panel as pn
from panel.theme.base import Inherit
from panel.theme.fast import Fast
from panel.viewable import Viewable

#: Header colour of the light theme (a dark blue that keeps white text readable) and the wall.
ACCENT = "#0b4f8a"
ACCENT_DARK = "#0d2b45"
NO_DATA_COLOUR = "#9e9e9e"

#: System fonts with Vietnamese diacritics (nothing is downloaded).
FONT = "'Noto Sans', 'DejaVu Sans', 'Segoe UI', Arial, sans-serif"

#: Badge colours of the data-freshness states.
FRESHNESS_COLOURS = {"fresh": "#2e7d32", "late": "#f9a825", "stale": "#c62828", "empty": "#757575"}

#: Styles of the HTML bits below; attached to each pane, so they reach its shadow DOM everywhere
#: (served page, JupyterLab, Voila).
CSS = """
.ioc-badge {display:inline-block; padding:4px 12px; border-radius:14px; color:#fff;
            font-weight:600; font-size:0.95em; white-space:nowrap;}
.ioc-badge.late {color:#222;}
.ioc-legend {font-size:0.9em; line-height:1.6;}
.ioc-legend .swatch {display:inline-block; width:14px; height:14px; margin-right:6px;
                     vertical-align:middle; border:1px solid #555; border-radius:3px;}
.ioc-card h3 {margin:0 0 4px 0;}
.ioc-card .index {display:inline-block; padding:6px 14px; border-radius:6px; font-size:1.4em;
                  font-weight:700; margin:6px 0;}
.ioc-card table {border-collapse:collapse; width:100%; font-size:0.92em;}
.ioc-card td, .ioc-card th {border-bottom:1px solid #ddd; padding:2px 6px; text-align:left;}
.ioc-card .muted {color:#777; font-size:0.9em;}
"""


class OfflineFast(Fast):
    """Panel's Fast design without its Google Fonts stylesheet (the only resource it fetches online)."""

    _resources = {**Fast._resources, "font": {}}  # noqa: RUF012 - Panel's own class attribute, overridden


# Panel finds a design's bundled files under the lower-cased class name ("fast/js/…").
OfflineFast.__name__ = "Fast"

#: Type sizes of the video wall, read from 5 m on a 1920×1080 screen (project choice: body
#: text 28 px, headline figures 56 px and more).
WALL_TEXT_PX = 28
WALL_FIGURE_PX = 56

#: Large type and high contrast for every component of a wall page: the wall's design adds it
#: to each component's own shadow root (page CSS written for a desk does not reach in there).
WALL_SHEET = f"""
:host {{ font-size:{WALL_TEXT_PX}px; color:#000; --wall-text:{WALL_TEXT_PX}px; }}
p, li, td, th, label, .ioc-note, .ioc-legend {{ font-size:{WALL_TEXT_PX}px !important; line-height:1.3; }}
h1 {{ font-size:52px !important; }} h2 {{ font-size:44px !important; margin:4px 0; }}
h3 {{ font-size:36px !important; margin:4px 0; }}
.ioc-table td, .ioc-table th {{ padding:4px 10px; color:#000; border-bottom-color:#444; }}
.ioc-badge, .ioc-sev {{ font-size:{WALL_TEXT_PX}px !important; }}
.muted {{ color:#222 !important; }}
.tabulator, .tabulator .tabulator-row, .tabulator .tabulator-cell, .tabulator .tabulator-col-title
    {{ font-size:{WALL_TEXT_PX}px !important; color:#000; }}
.tabulator .tabulator-footer, .tabulator .tabulator-col-sorter {{ display:none; }}
.bk-btn, .bk-input, select {{ font-size:{WALL_TEXT_PX}px; }}
"""


def wall_figures_html(figures: Any) -> str:
    """Headline figures for the video wall, side by side: each label above its value in
    :data:`WALL_FIGURE_PX` type (both escaped); ``figures`` is ``[(label, value), …]``."""
    cells = "".join(
        '<div style="flex:1 1 0;min-width:0;border-left:10px solid #0b4f8a;padding:2px 14px;">'
        f'<div style="font-size:{WALL_TEXT_PX}px;line-height:1.2;color:#222">{escape(str(label))}</div>'
        f'<div style="font-size:{WALL_FIGURE_PX}px;font-weight:700;line-height:1.15;color:#000">'
        f"{escape(str(value))}</div></div>"
        for label, value in figures
    )
    return f'<div class="ioc-figures" style="display:flex;gap:16px;">{cells}</div>'


class WallDesign(OfflineFast):
    """The video wall's design: the offline Fast look plus :data:`WALL_SHEET` on every component."""

    # Panel merges a design's modifiers along its class hierarchy; ``Inherit`` keeps Fast's own.
    modifiers = {Viewable: {"stylesheets": [Inherit, WALL_SHEET]}}  # noqa: RUF012 - Panel's class attribute


WallDesign.__name__ = "Fast"


def use_offline_resources() -> None:
    """Serve Bokeh/Panel JavaScript and CSS from the local server, never from a CDN."""
    pn.config.inline = True


def html_pane(content: Any, **params: Any) -> pn.pane.HTML:
    """An HTML pane with the dashboards' styles (plus any ``stylesheets`` given); ``content`` must
    already be escaped."""
    extra = [sheet for sheet in params.pop("stylesheets", []) if sheet != CSS]
    return pn.pane.HTML(content, stylesheets=[CSS, *extra], **params)


def note(text: str, **params: Any) -> pn.pane.HTML:
    """A short line of plain text ("no data yet") in the dashboards' proportional font.

    Not ``pn.pane.Str``: that is a monospace ``<pre>``, where Vietnamese diacritics are drawn
    apart from their letters. ``text`` is escaped here.
    """
    return html_pane(f'<p class="ioc-note">{escape(text)}</p>', stylesheets=[TABLE_CSS], **params)


def text_colour(background_hex: str) -> str:
    """Black or white, whichever reads better on ``background_hex`` (e.g. black on yellow)."""
    value = background_hex.lstrip("#")
    if len(value) != 6:
        return "#000"
    red, green, blue = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    luminance = 0.299 * red + 0.587 * green + 0.114 * blue
    return "#000" if luminance > 128 else "#fff"


def badge_html(text: str, state: str) -> str:
    """A coloured pill with escaped ``text``; ``state`` is a key of :data:`FRESHNESS_COLOURS`."""
    colour = FRESHNESS_COLOURS.get(state, FRESHNESS_COLOURS["empty"])
    return (
        f'<span class="ioc-badge {escape(state)}" style="background:{colour}; color:{text_colour(colour)}">'
        f"{escape(text)}</span>"
    )


def legend_html(title: str, items: list[tuple[str, str]]) -> str:
    """A legend: ``(colour, label)`` rows under a title, all text escaped."""
    rows = "".join(
        f'<div><span class="swatch" style="background:{escape(colour)}"></span>{escape(label)}</div>'
        for colour, label in items
    )
    return f'<div class="ioc-legend"><b>{escape(title)}</b>{rows}</div>'


def make_template(
    title: str,
    *,
    sidebar: list[Any],
    main: list[Any],
    header: list[Any] | None = None,
    dark: bool = False,
    **extra: Any,
) -> pn.template.FastListTemplate:
    """The page template every dashboard uses (dark for the video wall); ``extra`` goes to the template."""
    use_offline_resources()
    # no busy indicator: Panel's is one flag for the whole process, and every session's
    # indicator is set on each start and end of any session's refresh (a callback queued on
    # each other session's page): with 20 pages refreshing every 2 s the server fell behind,
    # queued tens of thousands of callbacks and its memory grew without bound (issue 17's
    # load run). The spinner also showed other users' work, not the page's own.
    extra.setdefault("busy_indicator", None)
    return pn.template.FastListTemplate(
        title=title,
        sidebar=sidebar,
        main=main,
        header=header or [],
        theme="dark" if dark else "default",
        accent=ACCENT_DARK if dark else ACCENT,
        header_background=ACCENT_DARK if dark else ACCENT,
        sidebar_width=320,
        design=OfflineFast,
        font=FONT,
        **extra,
    )


#: Tabulator's own words (pager, empty table) in Vietnamese: its default locale is English.
TABULATOR_LANGS = {
    "vi": {
        "pagination": {
            "first": "Đầu",
            "first_title": "Trang đầu",
            "last": "Cuối",
            "last_title": "Trang cuối",
            "prev": "Trước",
            "prev_title": "Trang trước",
            "next": "Sau",
            "next_title": "Trang sau",
            "all": "Tất cả",
            "page_size": "Số dòng",
            "page_title": "Xem trang",
            "counter": {"showing": "Hiển thị", "of": "trên", "rows": "dòng", "pages": "trang"},
        },
        "data": {"loading": "Đang tải", "error": "Lỗi"},
    },
}


def tabulator_configuration(language: str = "vi") -> dict[str, Any]:
    """Tabulator options that put its pager and messages in ``language`` (English: its default)."""
    if language not in TABULATOR_LANGS:
        return {}
    return {"locale": language, "langs": {language: TABULATOR_LANGS[language]}}


#: Severity colours shared by every leaders' surface (worst is darkest red).
SEVERITY_COLOURS = {"critical": "#b71c1c", "high": "#e65100", "warning": "#f9a825", "info": "#1565c0"}

#: Styles of :func:`html_table` (proportional Noto type, severity pills); attached per pane.
TABLE_CSS = """
.ioc-table {border-collapse:collapse; width:100%; font-family:'Noto Sans','DejaVu Sans',sans-serif;}
.ioc-table th {text-align:left; border-bottom:2px solid #888; padding:6px 8px;}
.ioc-table td {border-bottom:1px solid #ccc; padding:6px 8px; vertical-align:top;}
.ioc-sev {display:inline-block; padding:2px 10px; border-radius:12px; color:#fff; font-weight:700;}
.ioc-sev.warning {color:#222;}
.ioc-note {font-family:'Noto Sans','DejaVu Sans',sans-serif; font-size:1.1em;}
"""


def severity_pill(severity: str, label: str) -> str:
    """A coloured pill (escaped label) for a severity."""
    colour = SEVERITY_COLOURS.get(severity, "#757575")
    return f'<span class="ioc-sev {escape(severity)}" style="background:{colour}">{escape(label)}</span>'


def html_table(frame: Any, *, raw: tuple[str, ...] = ()) -> str:
    """A frame as an HTML table that needs no stylesheet from anywhere: every cell escaped
    except the columns in ``raw`` (HTML built by the caller, e.g. :func:`severity_pill`)."""
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{v if c in raw else escape(str(v))}</td>" for c, v in row.items()) + "</tr>"
        for _, row in frame.iterrows()
    )
    return f'<table class="ioc-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
