"""The leaders' overview ("Tổng quan"): one tile per domain, fused situations, hot incidents.

Every installed plugin that names an overview function (``Plugin.overview``) gets a tile
(:func:`ioc.overview.collect_tiles`), so a new domain appears here without editing this
module; a tile function that fails shows an error tile for its domain and the page goes on.
Below the tiles, the alerts and incidents of every domain in the last 24 hours are fused into
*situations* by place and time (:mod:`ioc.situations`) and drawn on one map and one list with
the evidence from each domain; then the leadership command view (hot and sensitive incidents,
high alerts — :class:`dashboards.command.CommandDashboard`) for those allowed to see it.

Tiles and lists are plain HTML built here with every text escaped (titles of alerts and
incidents are untrusted); the sparkline is an inline SVG (no script, nothing fetched).
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from typing import Any, ClassVar

import pandas as pd
import panel as pn
import param

from dashboards import plots, theme
from dashboards.base import BaseDashboard, query_time
from dashboards.command import SEVERITY_COLOURS, CommandDashboard
from dashboards.i18n import format_datetime, number_text, register_texts, translate
from geodata.boundaries import site_boundaries
from geodata.units import PERIODS, admin_units
from ioc.alerts import open_alerts
from ioc.overview import Tile, collect_tiles
from ioc.plugins import Registry, registry
from ioc.situations import Situation, current_situations, distance_km

register_texts(
    {
        "vi": {
            "overview_title": "Tổng quan — Trung tâm IOC",
            "overview_tiles": "Các lĩnh vực",
            "overview_situations": "Tình huống liên lĩnh vực (24 giờ qua)",
            "overview_no_situations": "Không có tình huống nào trong 24 giờ qua.",
            "overview_map": "Vị trí các tình huống",
            "overview_tile_error": "Không tính được ô tổng quan của lĩnh vực này",
            "overview_no_data": "Chưa có dữ liệu",
            "overview_as_of": "Số liệu đến {when}",
            "overview_status_ok": "Bình thường",
            "overview_status_watch": "Theo dõi",
            "overview_status_alert": "Cảnh báo",
            "overview_status_unknown": "Không rõ",
            "overview_col_severity": "Mức độ",
            "overview_col_place": "Địa bàn",
            "overview_col_time": "Thời gian",
            "overview_col_domains": "Lĩnh vực",
            "overview_col_evidence": "Bằng chứng",
            "overview_unknown_place": "Chưa xác định",
            "overview_command": "Chỉ huy — vụ việc nóng, nhạy cảm",
            "overview_near": "Khu vực {name}",
        },
        "en": {
            "overview_title": "Overview — IOC",
            "overview_tiles": "Domains",
            "overview_situations": "Cross-domain situations (last 24 hours)",
            "overview_no_situations": "No situation in the last 24 hours.",
            "overview_map": "Where the situations are",
            "overview_tile_error": "The overview tile of this domain could not be computed",
            "overview_no_data": "No data yet",
            "overview_as_of": "Data up to {when}",
            "overview_status_ok": "Normal",
            "overview_status_watch": "Watch",
            "overview_status_alert": "Alert",
            "overview_status_unknown": "Unknown",
            "overview_col_severity": "Severity",
            "overview_col_place": "Place",
            "overview_col_time": "Time",
            "overview_col_domains": "Domains",
            "overview_col_evidence": "Evidence",
            "overview_unknown_place": "Unknown",
            "overview_command": "Command — hot and sensitive incidents",
            "overview_near": "Near {name}",
        },
    }
)

#: Tile status colours (green, amber, red, grey), high contrast on the dark wall as well.
STATUS_COLOURS = {"ok": "#2e7d32", "watch": "#f9a825", "alert": "#c62828", "unknown": "#757575"}

OVERVIEW_CSS = """
.ioc-tiles {display:grid; grid-template-columns:repeat(auto-fill, minmax(320px, 1fr)); gap:14px;}
.ioc-tile {border-radius:10px; padding:12px 16px; border-left:10px solid #757575; background:#fff;
           color:#1a1a1a; box-shadow:0 1px 6px #0003; font-family:'Noto Sans','DejaVu Sans',sans-serif;}
.ioc-tile h3 {margin:0 0 6px 0; font-size:1.25em;}
.ioc-tile h3 a {color:inherit; text-decoration:none;}
.ioc-tile .status {float:right; padding:2px 10px; border-radius:12px; color:#fff; font-weight:700; font-size:.85em;}
.ioc-tile .status.watch {color:#222;}
.ioc-tile .figs {display:grid; grid-template-columns:1fr 1fr; gap:6px 12px; margin:6px 0;}
.ioc-tile .fig .v {font-size:1.7em; font-weight:700;}
.ioc-tile .fig .l {font-size:.85em; color:#555;}
.ioc-tile .fig .c.good {color:#2e7d32;} .ioc-tile .fig .c.bad {color:#c62828;}
.ioc-tile .asof, .ioc-tile .spark-label {font-size:.8em; color:#666;}
.ioc-tile .error {color:#c62828; font-weight:600;}
.ioc-dark .ioc-tile {background:#1b2836; color:#f5f5f5;}
.ioc-dark .ioc-tile .fig .l, .ioc-dark .ioc-tile .asof, .ioc-dark .ioc-tile .spark-label {color:#cfd8dc;}
.ioc-dark .ioc-tile .fig .v {font-size:2.2em;}
.ioc-sev {display:inline-block; padding:2px 10px; border-radius:12px; color:#fff; font-weight:700;}
.ioc-sev.warning {color:#222;}
.ioc-situations {border-collapse:collapse; width:100%; font-family:'Noto Sans','DejaVu Sans',sans-serif;}
.ioc-situations th, .ioc-situations td {border-bottom:1px solid #ccc; padding:6px 8px; text-align:left;
                                        vertical-align:top;}
.ioc-situations ul {margin:0; padding-left:18px;}
.ioc-dark .ioc-situations {color:#f5f5f5; font-size:1.15em;}
"""

#: The tiles on the video wall: five a row, the two headline figures of each in very large type
#: (the sparkline and the other figures stay on the desk's overview).
WALL_TILES_CSS = f"""
.ioc-tiles {{grid-template-columns:repeat(5, 1fr); gap:12px;}}
.ioc-tile {{padding:8px 14px; border-left-width:14px;}}
.ioc-tile h3 {{font-size:32px !important; margin:0 0 4px 0; line-height:1.15;}}
.ioc-tile .status {{font-size:24px;}}
.ioc-tile .figs {{grid-template-columns:1fr; gap:2px;}}
.ioc-tile .fig:nth-child(n+3), .ioc-tile svg.spark, .ioc-tile .spark-label {{display:none;}}
.ioc-tile .fig .v {{font-size:{theme.WALL_FIGURE_PX}px; line-height:1.1;}}
.ioc-tile .fig .v small, .ioc-tile .fig .c {{font-size:32px;}}
.ioc-tile .fig .l, .ioc-tile .asof {{font-size:24px; color:#222;}}
"""


@lru_cache(maxsize=1)
def _unit_names() -> dict[str, str]:
    """Names of every administrative unit of every catalogue period, by code."""
    names: dict[str, str] = {}
    for period in PERIODS:
        for level in ("province", "district", "commune"):
            try:
                units = admin_units(period, level)
            except (ValueError, KeyError, FileNotFoundError):
                continue
            names.update(zip(units["unit_code"].astype(str), units["name"].astype(str)))
    return names


def unit_name(code: str | None, language: str = "vi") -> str:
    """The name of an administrative unit (its code when unknown)."""
    if not code:
        return translate("overview_unknown_place", language)
    return _unit_names().get(str(code), str(code))


@lru_cache(maxsize=1)
def _centroids() -> list[tuple[str, float, float]]:
    """District-level units (before 2025, the level most site data still names) and their centres."""
    units = admin_units("pre2025", "district").dropna(subset=["lon", "lat"])
    return list(zip(units["name"].astype(str), units["lon"].astype(float), units["lat"].astype(float)))


def place_name(code: str | None, lon: float | None, lat: float | None, language: str = "vi") -> str:
    """The unit's name; without a code, "gần <nearest district>" from the position (within 25 km)."""
    if code or lon is None or lat is None:
        return unit_name(code, language)
    nearest = min(_centroids(), key=lambda u: distance_km(lon, lat, u[1], u[2]), default=None)
    if nearest is None or distance_km(lon, lat, nearest[1], nearest[2]) > 25:
        return unit_name(None, language)
    return translate("overview_near", language, name=nearest[0])


def severity_html(severity: str, language: str = "vi") -> str:
    """A coloured pill with the translated severity."""
    colour = SEVERITY_COLOURS.get(severity, "#757575")
    return (
        f'<span class="ioc-sev {escape(severity)}" style="background:{colour}">'
        f"{escape(translate(f'severity_{severity}', language))}</span>"
    )


def sparkline_svg(series: pd.Series | None, *, width: int = 280, height: int = 42, colour: str = "#1e88e5") -> str:
    """A sparkline as an inline SVG polyline (no script); empty for fewer than two points."""
    if series is None or len(series.dropna()) < 2:
        return ""
    values = series.dropna().astype("float64").to_numpy()
    low, high = float(values.min()), float(values.max())
    span = (high - low) or 1.0
    step = width / (len(values) - 1)
    points = " ".join(
        f"{i * step:.1f},{height - 2 - (v - low) / span * (height - 4):.1f}" for i, v in enumerate(values)
    )
    return (
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">'
        f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="{points}"/></svg>'
    )


def tile_html(tile: Tile, *, timezone: str, language: str = "vi", link: bool = True) -> str:
    """One tile as HTML (status colour, up to four figures, sparkline, time of the data)."""
    colour = STATUS_COLOURS.get(tile.status, STATUS_COLOURS["unknown"])
    title = escape(tile.title)
    if link and tile.page:
        title = f'<a href="./{escape(tile.page)}">{title}</a>'
    status = translate(f"overview_status_{tile.status}", language)
    parts = [
        f'<div class="ioc-tile {escape(tile.status)}" data-domain="{escape(tile.domain)}" '
        f'style="border-left-color:{colour}">',
        f'<span class="status {escape(tile.status)}" style="background:{colour}">{escape(status)}</span>',
        f"<h3>{title}</h3>",
    ]
    if tile.error:
        parts.append(f'<div class="error">{escape(translate("overview_tile_error", language))}</div>')
        parts.append(f'<div class="asof">{escape(tile.error[:200])}</div>')
    else:
        figures = []
        for figure in tile.figures:
            change = ""
            if figure.change is not None:
                good = (figure.change >= 0) == (figure.better == "up")
                arrow = "▲" if figure.change >= 0 else "▼"
                change = (
                    f' <span class="c {"good" if good else "bad"}">{arrow} '
                    f"{number_text(round(abs(figure.change) * 100, 1))} %</span>"
                )
            unit = f" {escape(figure.unit_in(language))}" if figure.unit_in(language) else ""
            figures.append(
                f'<div class="fig"><div class="v">{escape(number_text(figure.value))}'
                f'<small>{unit}</small>{change}</div><div class="l">{escape(figure.label_in(language))}</div></div>'
            )
        parts.append(f'<div class="figs">{"".join(figures)}</div>')
        spark = sparkline_svg(tile.sparkline, colour=colour)
        if spark:
            parts.append(f'{spark}<div class="spark-label">{escape(tile.sparkline_label)}</div>')
        when = (
            translate("overview_as_of", language, when=format_datetime(tile.as_of, timezone))
            if tile.as_of is not None
            else translate("overview_no_data", language)
        )
        parts.append(f'<div class="asof">{escape(when)}</div>')
    parts.append("</div>")
    return "".join(parts)


def tiles_html(tiles: list[Tile], *, timezone: str, language: str = "vi", dark: bool = False) -> str:
    """The grid of tiles (each escaped), worst status first."""
    order = {"alert": 0, "watch": 1, "unknown": 2, "ok": 3}
    ordered = sorted(tiles, key=lambda t: (order.get(t.status, 9), t.title))
    cells = "".join(tile_html(t, timezone=timezone, language=language) for t in ordered)
    return f'<div class="{"ioc-dark " if dark else ""}ioc-wrap"><div class="ioc-tiles">{cells}</div></div>'


def situations_html(
    situations: list[Situation], *, timezone: str, titles: dict[str, str], language: str = "vi", dark: bool = False
) -> str:
    """The situations as a table: severity, place, time span, domains, evidence per domain."""
    if not situations:
        return f'<p class="muted">{escape(translate("overview_no_situations", language))}</p>'
    head = "".join(
        f"<th>{escape(translate(f'overview_col_{c}', language))}</th>"
        for c in ("severity", "place", "time", "domains", "evidence")
    )
    rows = []
    for s in situations:
        span = format_datetime(s.start, timezone)
        if s.end != s.start:
            span += " – " + format_datetime(s.end, timezone)
        evidence = "".join(
            f"<li><b>{escape(titles.get(domain, domain))}</b>: "
            + "; ".join(escape(str(item["title"])) for item in items[:3])
            + (f" (+{len(items) - 3})" if len(items) > 3 else "")
            + "</li>"
            for domain, items in s.evidence.items()
        )
        rows.append(
            f'<tr data-situation="{escape(s.key)}"><td>{severity_html(s.severity, language)}</td>'
            f"<td>{escape(place_name(s.unit_code, s.lon, s.lat, language))}</td><td>{escape(span)}</td>"
            f"<td>{escape(', '.join(titles.get(d, d) for d in s.domains))}</td><td><ul>{evidence}</ul></td></tr>"
        )
    return (
        f'<div class="{"ioc-dark" if dark else ""}"><table class="ioc-situations"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


class OverviewDashboard(BaseDashboard):
    """The leaders' overview: a tile per installed domain, fused situations, the command view."""

    domain: ClassVar[str] = ""
    title_key: ClassVar[str] = "overview_title"

    plugins = param.ClassSelector(
        class_=Registry,
        default=None,
        precedence=-1,
        doc="""
        The plugins whose tiles are shown; the process's registry by default.""",
    )
    now = param.Parameter(
        default=None,
        precedence=-1,
        doc="""
        Draw the overview for this time (UTC) instead of the current time (reports, tests).""",
    )

    def __init__(self, **params: Any) -> None:
        self._command = None
        super().__init__(**params)

    # ------------------------------------------------------------------ data
    @property
    def registry(self) -> Registry:
        return self.plugins if self.plugins is not None else registry()

    def current_time(self) -> pd.Timestamp:
        """``now``, else :func:`dashboards.base.query_time` (the minute: one cached answer per minute)."""
        return pd.Timestamp(self.now) if self.now is not None else query_time()

    def tiles(self) -> list[Tile]:
        """Every installed plugin's tile, now (error tiles for broken ones).

        One collection per data version and clock tick: the tiles and the freshness badge
        both read them, and each tile queries its domain's tables."""
        key = (self.data_version, self.clock, self.now, id(self.plugins))
        memo = self.__dict__.get("_tiles_memo")
        if memo is None or memo[0] != key:
            memo = self.__dict__["_tiles_memo"] = (
                key,
                collect_tiles(self.datalayer, self.current_time(), self.registry),
            )
        return list(memo[1])

    def situations(self) -> list[Situation]:
        """Alerts and incidents of the last 24 hours fused by place and time."""
        return current_situations(self.datalayer.store, self.current_time())

    def domain_titles(self) -> dict[str, str]:
        return {plugin.name: plugin.title for plugin in self.registry}

    def latest_time(self, table: str | None = None) -> pd.Timestamp | None:
        """The newest data any tile was computed from."""
        times = [t.as_of for t in self.tiles() if t.as_of is not None]
        return max(pd.Timestamp(t) for t in times) if times else None

    def data_signature(self) -> tuple[Any, ...]:
        """Every table's version and the open alerts of every domain."""
        versions = tuple(self.datalayer.version(name) for name in sorted(self.datalayer.tables))
        alerts = open_alerts(self.datalayer.store, None, limit=1000)
        return versions, tuple(sorted(alerts["id"].tolist())), self.command.data_signature()

    @property
    def command(self) -> CommandDashboard:
        """The embedded leadership command view (its data follow this page's refresh)."""
        if self._command is None:
            self._command = CommandDashboard(
                datalayer=self.datalayer,
                refresh_period=0,
                language=self.language,
                username=self.username,
                dark=self.dark,
            )
        return self._command

    # ------------------------------------------------------------------ components
    def main_area(self) -> list[Any]:
        tiles = pn.bind(self._tiles_view, self.param.data_version, self.param.clock, self.param.language)
        situations = pn.bind(self._situations_view, self.param.data_version, self.param.language)
        parts: list[Any] = [
            theme.html_pane(
                pn.bind(lambda language: f"<h3>{escape(self.t('overview_tiles'))}</h3>", self.param.language)
            ),
            theme.html_pane(tiles, stylesheets=[OVERVIEW_CSS], sizing_mode="stretch_width", name="tiles"),
            theme.html_pane(
                pn.bind(lambda language: f"<h3>{escape(self.t('overview_situations'))}</h3>", self.param.language)
            ),
            pn.panel(situations, sizing_mode="stretch_width"),
        ]
        command = pn.bind(self._command_view, self.param.data_version, self.param.language)
        parts.append(
            theme.html_pane(
                pn.bind(lambda language: f"<h3>{escape(self.t('overview_command'))}</h3>", self.param.language)
            )
        )
        parts.append(pn.panel(command, sizing_mode="stretch_width"))
        return parts

    def wall_area(self) -> list[Any]:
        """On the wall: the tiles, five a row, each with its two headline figures in very large
        type (the situations and the command view are pages of their own: ``command``)."""
        tiles = pn.bind(self._tiles_view, self.param.data_version, self.param.clock, self.param.language)
        return [
            theme.html_pane(
                tiles, stylesheets=[OVERVIEW_CSS, WALL_TILES_CSS], sizing_mode="stretch_width", name="tiles"
            )
        ]

    def _command_view(self, data_version: int, language: str) -> Any:
        self.command.language = language
        return self.command.command_view(data_version, language)

    def _tiles_view(self, data_version: int, clock: int, language: str) -> str:
        return tiles_html(self.tiles(), timezone=self.timezone, language=language, dark=self.dark)

    def _situations_view(self, data_version: int, language: str) -> Any:
        situations = self.situations()
        table = theme.html_pane(
            situations_html(
                situations, timezone=self.timezone, titles=self.domain_titles(), language=language, dark=self.dark
            ),
            stylesheets=[OVERVIEW_CSS],
            sizing_mode="stretch_width",
            name="situations",
        )
        if not any(s.lon is not None for s in situations):
            return table  # nothing to place on a map
        return pn.Row(self.situation_map(situations), table, sizing_mode="stretch_width")

    def situation_map(self, situations: list[Situation]) -> Any:
        """The situations on the units' map, coloured by severity, sized by the domains involved."""
        titles = self.domain_titles()
        placed = [s for s in situations if s.lon is not None and s.lat is not None]
        frame = pd.DataFrame(
            {
                "station_id": [s.key for s in placed],
                "lon": [s.lon for s in placed],
                "lat": [s.lat for s in placed],
                "place": [place_name(s.unit_code, s.lon, s.lat, self.language) for s in placed],
                "domains": [", ".join(titles.get(d, d) for d in s.domains) for s in placed],
                "colour": [SEVERITY_COLOURS.get(s.severity, "#757575") for s in placed],
                "value_text": [str(len(s.domains)) for s in placed],
                "text_colour": ["#fff" for _ in placed],
            },
            columns=["station_id", "lon", "lat", "place", "domains", "colour", "value_text", "text_colour"],
        )
        points = plots.map_points(
            frame,
            tooltips=[(self.t("overview_col_place"), "@place"), (self.t("overview_col_domains"), "@domains")],
        )
        units = site_boundaries(self.datalayer.settings)
        overlay = plots.point_map(
            [plots.unit_names(units), points, plots.map_labels(frame)],
            units=units,
            title=self.t("overview_map"),
            frame=frame,
            bbox=plots.land_bbox(units, self.datalayer.settings.site.center) or self.datalayer.settings.site.bbox,
        )
        return self.plot_pane(overlay, name="situation-map", width=560, sizing_mode="fixed", height=420)
