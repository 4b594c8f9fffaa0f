"""The socio-economic dashboards: "Kinh tế - xã hội" and "Y tế – Giáo dục – Du lịch".

"Kinh tế - xã hội": KPI cards (latest value, change on the previous period and on the same
period a year earlier, progress against the year's plan target), the chosen indicator's trend
with its forecast and 95 % interval (the model the backtest chose, and a note when Prophet did
not beat the seasonal-naive baseline), a choropleth by administrative unit that follows the unit
catalogue of the period shown (2024 districts, 2025 districts, communes from 01/07/2025), where a
click drills down from the province to the unit, the plan-progress table and the domain's alerts.
"Y tế – Giáo dục – Du lịch": one tab per sector with its KPI cards, trends and alerts.

Data come from :mod:`ioc_plugins.economy.queries`; this module only labels and draws them
(HoloViews). Untrusted text (names, alert messages) is escaped or shown as Tabulator text.
"""

from __future__ import annotations

from html import escape
from typing import Any, ClassVar

import holoviews as hv
import pandas as pd
import panel as pn
import param
from bokeh.models import NumeralTickFormatter

from dashboards import plots, theme
from dashboards.base import BaseDashboard, alerts_for_display
from dashboards.i18n import register_texts
from ioc_plugins.economy import queries
from ioc_plugins.economy.queries import HEADLINE, SECTOR_PAGES, SITE_CODE

register_texts(
    {
        "vi": {
            "economy_title": "Kinh tế - xã hội",
            "economy_sectors_title": "Y tế – Giáo dục – Du lịch",
            "economy_indicator": "Chỉ tiêu",
            "economy_unit": "Đơn vị hành chính",
            "economy_forecast_now": "Tính dự báo",
            "economy_previous": "so với kỳ trước",
            "economy_yoy": "so với cùng kỳ",
            "economy_target": "Kế hoạch {year}: {ratio} ({left} kỳ còn lại)",
            "economy_no_target": "Chưa có kế hoạch năm",
            "economy_trend_title": "{name} — {unit}",
            "economy_observed": "Thực hiện",
            "economy_forecast": "Dự báo",
            "economy_interval": "Khoảng tin cậy 95%",
            "economy_model_prophet": "Dự báo Prophet (sMAPE {p:.1f}% < mô hình mùa vụ ngây thơ {b:.1f}%, {folds} lần kiểm định).",
            "economy_model_baseline": "Prophet không tốt hơn mô hình mùa vụ ngây thơ (sMAPE {p} so với {b}): chỉ hiển thị mô hình cơ sở.",
            "economy_model_short": "Chuỗi quá ngắn để kiểm định dự báo Prophet: hiển thị mô hình mùa vụ ngây thơ.",
            "economy_no_forecast": "Chưa có dự báo cho chuỗi này (nút 'Tính dự báo' của trang Kinh tế - xã hội).",
            "economy_map_title": "{name} theo đơn vị, kỳ {period}",
            "economy_map_empty": "Chưa có số liệu theo đơn vị cho chỉ tiêu này.",
            "economy_map_period": "Kỳ của bản đồ",
            "economy_progress_title": "Tiến độ thực hiện kế hoạch năm",
            "economy_col_indicator": "Chỉ tiêu",
            "economy_col_observed": "Thực hiện",
            "economy_col_target": "Kế hoạch",
            "economy_col_ratio": "Đạt (%)",
            "economy_col_projected": "Ước cả năm",
            "economy_col_left": "Kỳ còn lại",
            "economy_col_track": "Đánh giá",
            "economy_on_track": "Đạt",
            "economy_off_track": "Không đạt",
            "economy_unknown_track": "Chưa dự báo",
            "economy_sector_health": "Y tế",
            "economy_sector_education": "Giáo dục",
            "economy_sector_tourism": "Du lịch",
            "economy_benchmark_title": "Chuẩn so sánh quốc gia (Ngân hàng Thế giới)",
            "economy_no_values": "Chưa có số liệu.",
        },
        "en": {
            "economy_title": "Socio-economic indicators",
            "economy_sectors_title": "Health – Education – Tourism",
            "economy_indicator": "Indicator",
            "economy_unit": "Administrative unit",
            "economy_forecast_now": "Compute forecast",
            "economy_previous": "on previous period",
            "economy_yoy": "year on year",
            "economy_target": "Plan {year}: {ratio} ({left} periods left)",
            "economy_no_target": "No yearly target",
            "economy_trend_title": "{name} — {unit}",
            "economy_observed": "Observed",
            "economy_forecast": "Forecast",
            "economy_interval": "95 % interval",
            "economy_model_prophet": "Prophet forecast (sMAPE {p:.1f}% < seasonal naive {b:.1f}%, {folds} folds).",
            "economy_model_baseline": "Prophet did not beat the seasonal-naive baseline (sMAPE {p} vs {b}): baseline shown.",
            "economy_model_short": "Series too short to backtest Prophet: seasonal-naive baseline shown.",
            "economy_no_forecast": "No forecast for this series yet (button 'Compute forecast' of the economy page).",
            "economy_map_title": "{name} by unit, {period}",
            "economy_map_empty": "No values by unit for this indicator.",
            "economy_map_period": "Period of the map",
            "economy_progress_title": "Progress against the yearly plan",
            "economy_col_indicator": "Indicator",
            "economy_col_observed": "Observed",
            "economy_col_target": "Target",
            "economy_col_ratio": "Reached (%)",
            "economy_col_projected": "Projected year",
            "economy_col_left": "Periods left",
            "economy_col_track": "Assessment",
            "economy_on_track": "On track",
            "economy_off_track": "Off track",
            "economy_unknown_track": "No forecast",
            "economy_sector_health": "Health",
            "economy_sector_education": "Education",
            "economy_sector_tourism": "Tourism",
            "economy_benchmark_title": "National benchmark (World Bank)",
            "economy_no_values": "No data yet.",
        },
    }
)

UP, DOWN, NEUTRAL = "#2e7d32", "#c62828", "#616161"
BAND = "#90caf9"
FORECAST_LINE = "#1565c0"
CHOROPLETH_CMAP = "Blues"


def number(value: Any, digits: int = 1) -> str:
    """A number written the Vietnamese way: ``1.234,5``; ``—`` when missing."""
    if value is None or pd.isna(value):
        return "—"
    text = f"{float(value):,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def period_text(period: Any, frequency: str = "month") -> str:
    """``11/2026``, ``Quý IV/2026`` or ``2026``."""
    if period is None or pd.isna(period):
        return "—"
    stamp = pd.Timestamp(period)
    if frequency == "quarter":
        return f"Quý {('I', 'II', 'III', 'IV')[(stamp.month - 1) // 3]}/{stamp.year}"
    return str(stamp.year) if frequency == "year" else f"{stamp.month:02d}/{stamp.year}"


def _change_html(change: Any, direction: str, label: str) -> str:
    if change is None or pd.isna(change):
        return f'<span style="color:{NEUTRAL}">— {escape(label)}</span>'
    good = (change >= 0) == (direction == "up")
    arrow = "▲" if change >= 0 else "▼"
    colour = UP if good else DOWN
    return f'<span style="color:{colour}">{arrow} {number(change * 100)}% {escape(label)}</span>'


class _IndicatorViews(BaseDashboard):
    """What both economy pages share: KPI cards, trend with forecast band, alerts by indicator."""

    domain = "economy"
    fresh_within: ClassVar[pd.Timedelta] = pd.Timedelta(days=45)  # monthly statistics
    late_within: ClassVar[pd.Timedelta] = pd.Timedelta(days=75)

    def latest_time(self, table: str | None = None) -> pd.Timestamp | None:
        """The first day after the newest observed period (when its value could be known), UTC."""
        latest = queries.latest_period(self.datalayer)
        if latest is None:
            return None
        return (latest + pd.offsets.MonthBegin(1)).tz_localize("UTC")

    def kpi_cards(self, codes: tuple[str, ...] | list[str], unit: str = SITE_CODE) -> pn.pane.HTML:
        """One card per indicator: value, changes, target progress (text escaped)."""
        frame = queries.kpis(self.datalayer, codes, unit)
        cards = []
        for row in frame.itertuples():
            if row.value is None or pd.isna(row.value):
                continue
            if row.target is not None and pd.notna(row.target) and row.ratio is not None and pd.notna(row.ratio):
                target = self.t(
                    "economy_target",
                    year=pd.Timestamp(row.period).year,
                    ratio=f"{number(row.ratio * 100)}%",
                    left=row.periods_left,
                )
                colour = DOWN if row.on_track is False else UP if row.on_track else NEUTRAL
            else:
                target, colour = self.t("economy_no_target"), NEUTRAL
            cards.append(
                '<div class="kpi-card" style="border:1px solid #ddd;border-radius:6px;padding:8px 12px;'
                'min-width:200px;flex:1">'
                f'<div style="font-size:0.85em;color:#555">{escape(str(row.name))}</div>'
                f'<div style="font-size:1.5em;font-weight:bold">{number(row.value)} '
                f'<span style="font-size:0.55em">{escape(str(row.unit))}</span></div>'
                f'<div style="font-size:0.8em">{period_text(row.period, row.frequency)}</div>'
                f'<div style="font-size:0.8em">{_change_html(row.previous, row.direction, self.t("economy_previous"))}</div>'
                f'<div style="font-size:0.8em">{_change_html(row.yoy, row.direction, self.t("economy_yoy"))}</div>'
                f'<div style="font-size:0.8em;color:{colour}">{escape(target)}</div></div>'
            )
        body = "".join(cards) or f"<i>{escape(self.t('economy_no_values'))}</i>"
        return theme.html_pane(
            f'<div style="display:flex;flex-wrap:wrap;gap:8px">{body}</div>', sizing_mode="stretch_width", name="kpis"
        )

    def trend(self, code: str, unit: str = SITE_CODE, height: int = 300) -> pn.Column:
        """Observed values, the forecast and its 95 % band, and what the backtest chose."""
        info = queries.catalogue(self.datalayer).set_index("code")
        name = info.loc[code, "name_vi"] if code in info.index else code
        unit_label = info.loc[code, "unit"] if code in info.index else ""
        observed = queries.series(self.datalayer, code, unit)
        predicted = queries.forecast(self.datalayer, code, unit)
        names = queries.unit_names()
        title = self.t("economy_trend_title", name=name, unit=names.get(unit, unit))
        if observed.empty and predicted.empty:
            # an empty curve gets Bokeh's default axis, 01/01/1970: say there is nothing instead
            return pn.Column(
                theme.note(f"{title}: {self.t('economy_no_values')}", name=f"trend-{code}-empty"),
                sizing_mode="stretch_width",
            )
        layers: list[Any] = []
        if len(predicted):
            band = predicted.astype({"lower": "float64", "upper": "float64", "yhat": "float64"})
            layers.append(
                hv.Area(band, "period", ["lower", "upper"], label=self.t("economy_interval")).opts(
                    backend=plots.BACKEND, color=BAND, alpha=0.5, line_alpha=0
                )
            )
            layers.append(
                hv.Curve(band, "period", "yhat", label=self.t("economy_forecast")).opts(
                    backend=plots.BACKEND, color=FORECAST_LINE, line_dash="dashed", line_width=2
                )
            )
        layers.append(
            hv.Curve(observed, "period", "value", label=self.t("economy_observed")).opts(
                backend=plots.BACKEND, color=plots.SERIES_LINE, line_width=2, tools=["hover"]
            )
        )
        overlay = hv.Overlay(layers).opts(
            backend=plots.BACKEND,
            title=title,
            height=height,
            responsive=True,
            show_grid=True,
            xlabel="",
            ylabel=unit_label,
            legend_position="top_left",
            toolbar="right",
            shared_axes=False,  # each indicator has its own unit and scale
            # numbro has no Vietnamese locale; German writes numbers the same way (1.234,5)
            yformatter=NumeralTickFormatter(format="0,0.[0]", language="de"),
            **plots.date_axis(),
        )
        note = theme.html_pane(
            f'<span class="muted">{escape(self._model_note(code, unit, len(predicted)))}</span>', name="model-note"
        )
        if self.wall:  # the model note is for analysts; the chart fills its box on the wall
            return self.plot_pane(overlay, name=f"trend-{code}")
        return pn.Column(self.plot_pane(overlay, name=f"trend-{code}"), note, sizing_mode="stretch_width")

    def wall_figures(self, codes: tuple[str, ...] | list[str]) -> list[tuple[str, str]]:
        """The latest value of the first four of ``codes`` that have one, unit in the label (the wall)."""
        frame = queries.kpis(self.datalayer, codes)
        shown = [row for row in frame.itertuples() if row.value is not None and pd.notna(row.value)][:4]
        return [(f"{row.name} ({row.unit})" if row.unit else str(row.name), number(row.value)) for row in shown]

    def _model_note(self, code: str, unit: str, forecast_rows: int) -> str:
        test = queries.backtest(self.datalayer, code, unit)
        if not forecast_rows or test is None:
            return self.t("economy_no_forecast")
        if test["chosen"] == "prophet":
            return self.t(
                "economy_model_prophet", p=test["prophet_smape"], b=test["baseline_smape"], folds=test["folds"]
            )
        if test["prophet_smape"] is None or pd.isna(test["prophet_smape"]):
            return self.t("economy_model_short")
        return self.t(
            "economy_model_baseline", p=f"{number(test['prophet_smape'])}%", b=f"{number(test['baseline_smape'])}%"
        )

    def alerts_about(self, codes: list[str] | tuple[str, ...]) -> Any:
        """Open alerts about ``codes`` as a read-only table."""
        frame = alerts_for_display(
            queries.indicator_alerts(self.datalayer, codes), timezone=self.timezone, language=self.language
        )
        if frame.empty:
            return theme.note(self.t("no_alerts"), name="no-alerts")
        return pn.widgets.Tabulator(
            frame,
            disabled=True,
            show_index=False,
            page_size=6,
            pagination="local",
            layout="fit_data_stretch",
            sizing_mode="stretch_width",
        )


class EconomyDashboard(_IndicatorViews):
    """ "Kinh tế - xã hội": KPIs, targets, forecasts and the map of the economy and society indicators.

    Filters are parameters: ``indicator`` (catalogue code) and ``unit`` (GSO code; the site
    total by default). Clicking a unit on the map selects it (drill-down), as does the sidebar.
    """

    title_key = "economy_title"

    indicator = param.Selector(
        default="retail_sales",
        objects=list(queries.catalogue()["code"]),
        doc="""
        Code of the indicator drawn in the trend and the map (every sector; the national benchmark aside).""",
    )
    unit = param.Selector(
        default=SITE_CODE,
        objects=[SITE_CODE],
        doc="""
        GSO code of the unit the trend shows: the site total ('77') or a district/commune (drill-down).""",
    )

    map_period = param.Selector(
        default=None,
        objects=[],
        allow_None=True,
        doc="""
        Period the map shows ('YYYY-MM-DD'; default the newest). Its unit catalogue follows the period:
        2024 districts, the districts of the first half of 2025, or the communes from 01/07/2025.""",
    )

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        self._load_choices()

    @param.depends("data_version", "indicator", watch=True)
    def _load_choices(self) -> None:
        info = queries.catalogue(self.datalayer)
        chosen = info[~info["code"].str.startswith("national_")]
        self.param.indicator.objects = dict(zip(chosen["name_vi"], chosen["code"]))
        if self.indicator not in chosen["code"].tolist():
            self.indicator = "retail_sales"
        units = queries.units_with_data(self.datalayer, self.indicator)
        names = queries.unit_names()
        choices = {names[SITE_CODE]: SITE_CODE}
        choices.update({f"{n} ({c})": c for c, n in zip(units["unit_code"], units["name"]) if c != SITE_CODE})
        self.param.unit.objects = choices
        if self.unit not in choices.values():
            self.unit = SITE_CODE
        periods = {period_text(p): f"{p:%Y-%m-%d}" for p in queries.unit_periods(self.datalayer, self.indicator)}
        self.param.map_period.objects = periods
        if self.map_period not in periods.values():
            self.map_period = next(iter(periods.values()), None)

    def filters(self) -> list[Any]:
        button = pn.widgets.Button(label=self.t("economy_forecast_now"), color="primary")
        button.on_click(lambda _: self._forecast_now())
        return [
            pn.widgets.Select.from_param(self.param.indicator, label=self.t("economy_indicator")),
            pn.widgets.Select.from_param(self.param.unit, label=self.t("economy_unit")),
            pn.widgets.Select.from_param(self.param.map_period, label=self.t("economy_map_period")),
            button,
        ]

    def _forecast_now(self) -> None:
        if queries.forecast_now(self.datalayer, self.indicator, self.unit):
            self.data_version += 1

    def map_view(self, indicator: str, map_period: str | None, data_version: int) -> Any:
        """The choropleth of ``map_period`` (default the newest with unit values); a click drills down."""
        boundaries, values, period = queries.map_layer(self.datalayer, indicator, map_period)
        if values.empty or boundaries is None or not len(boundaries):
            return theme.note(self.t("economy_map_empty"), name="map-empty")
        joined = boundaries.merge(values, on="unit_code", how="left")
        rings = []
        for code, name, value, geometry in zip(joined["unit_code"], joined["name"], joined["value"], joined.geometry):
            for polygon in getattr(geometry, "geoms", [geometry]):
                if polygon is None or polygon.is_empty:
                    continue
                lon, lat = polygon.exterior.coords.xy
                rings.append(
                    {
                        "lon": list(lon),
                        "lat": list(lat),
                        "unit_code": str(code),
                        "name": str(name),
                        "value": float(value) if pd.notna(value) else float("nan"),
                        "value_text": number(value),
                    }
                )
        polygons = hv.Polygons(rings, kdims=["lon", "lat"], vdims=["value", "unit_code", "name", "value_text"])
        polygons = polygons.opts(
            backend=plots.BACKEND,
            color="value",
            cmap=CHOROPLETH_CMAP,
            colorbar=True,
            line_color=plots.BORDER,
            tools=["hover", "tap"],
            hover_tooltips=[(self.t("economy_unit"), "@name"), ("", "@value_text")],
            clipping_colors={"NaN": "#eeeeee"},
        )
        taps = hv.streams.Selection1D(source=polygons)
        taps.add_subscriber(lambda index: self._drill_down(rings, index))
        info = queries.catalogue(self.datalayer).set_index("code")
        title = self.t(
            "economy_map_title",
            name=info.loc[indicator, "name_vi"] if indicator in info.index else indicator,
            period=period_text(period),
        )
        overlay = polygons.opts(
            backend=plots.BACKEND,
            title=title,
            height=420,
            responsive=True,
            xaxis=None,
            yaxis=None,
            shared_axes=False,
            bgcolor=plots.SEA,
            toolbar="right",
        )
        return self.plot_pane(overlay, name="map")

    def _drill_down(self, rings: list[dict[str, Any]], index: list[int]) -> None:
        """A click on a unit of the map shows that unit's trend (units without data are ignored)."""
        if index and rings[index[0]]["unit_code"] in self.param.unit.objects:
            self.unit = rings[index[0]]["unit_code"]

    def progress_frame(self) -> pd.DataFrame | None:
        """Plan progress of the indicators (site total) with translated headers; ``None`` without targets."""
        frame = queries.target_progress(self.datalayer)
        if frame.empty:
            return None
        track = {True: self.t("economy_on_track"), False: self.t("economy_off_track")}
        return pd.DataFrame(
            {
                self.t("economy_col_indicator"): frame["name"],
                self.t("economy_col_observed"): [number(v) for v in frame["observed"]],
                self.t("economy_col_target"): [number(v) for v in frame["target"]],
                self.t("economy_col_ratio"): [number(r * 100 if r is not None else None) for r in frame["ratio"]],
                self.t("economy_col_projected"): [number(v) for v in frame["projected"]],
                self.t("economy_col_left"): frame["periods_left"],
                self.t("economy_col_track"): [track.get(v, self.t("economy_unknown_track")) for v in frame["on_track"]],
            }
        )

    def progress_table(self, data_version: int, language: str) -> Any:
        """Plan progress of the economy and society indicators (site total)."""
        shown = self.progress_frame()
        if shown is None:
            return theme.note(self.t("economy_no_target"), name="no-progress")
        return pn.widgets.Tabulator(
            shown,
            disabled=True,
            show_index=False,
            pagination="local",
            page_size=10,
            layout="fit_data_stretch",
            sizing_mode="stretch_width",
        )

    def benchmark_view(self, data_version: int) -> Any:
        """The national benchmark lines (World Bank GDP and population of Viet Nam)."""
        frame = queries.benchmark(self.datalayer)
        if frame.empty:
            return theme.note("")
        curves = [
            hv.Curve(group, "period", "value", label=code).opts(backend=plots.BACKEND, line_width=2)
            for code, group in frame.groupby("indicator_code")
        ]
        layout = hv.Layout([c.opts(backend=plots.BACKEND, height=220, responsive=True, title=c.label) for c in curves])
        return self.plot_pane(layout.cols(2), name="benchmark")

    def main_area(self) -> list[Any]:
        cards = pn.panel(pn.bind(lambda *_: self.kpi_cards(HEADLINE), self.param.data_version, self.param.language))
        trend = pn.panel(
            pn.bind(
                lambda code, unit, *_: self.trend(code, unit),
                self.param.indicator,
                self.param.unit,
                self.param.data_version,
                self.param.language,
            )
        )
        map_view = pn.panel(
            pn.bind(self.map_view, self.param.indicator, self.param.map_period, self.param.data_version)
        )
        progress = pn.panel(pn.bind(self.progress_table, self.param.data_version, self.param.language))
        benchmark = pn.panel(pn.bind(self.benchmark_view, self.param.data_version))
        return [
            cards,
            pn.Row(
                pn.Column(trend, sizing_mode="stretch_width"),
                pn.Column(map_view, sizing_mode="stretch_width"),
                sizing_mode="stretch_width",
            ),
            theme.html_pane(f"<h3>{escape(self.t('economy_progress_title'))}</h3>"),
            progress,
            theme.html_pane(f"<h3>{escape(self.t('economy_benchmark_title'))}</h3>"),
            benchmark,
            self.alert_table(),
        ]

    #: The indicators' names are long: their labels take up to three lines on the wall.
    wall_figures_height: ClassVar[int] = 200

    def wall_area(self) -> list[Any]:
        """On the wall: four headline figures, the chosen indicator's trend beside the plan's
        progress (indicator, share of the plan, assessment: the first rows)."""

        def progress(data_version: int, language: str) -> Any:
            shown = self.progress_frame()
            if shown is None:
                return theme.note(self.t("economy_no_target"), name="no-progress")
            columns = [self.t(k) for k in ("economy_col_indicator", "economy_col_ratio", "economy_col_track")]
            return self.wall_table(shown[columns], name="progress")

        p = self.param
        return self.wall_panels(
            figures=lambda: self.wall_figures(HEADLINE),
            chart=pn.bind(
                lambda code, unit, *_: self.trend(code, unit), p.indicator, p.unit, p.data_version, p.language
            ),
            chart_name="trend",
            side=pn.bind(progress, p.data_version, p.language),
        )


class SectorsDashboard(_IndicatorViews):
    """ "Y tế – Giáo dục – Du lịch": one tab per sector with its indicators, trends and alerts."""

    title_key = "economy_sectors_title"

    sector = param.Selector(
        default="health",
        objects=list(SECTOR_PAGES),
        doc="""
        The sector whose tab is open: 'health', 'education' or 'tourism'.""",
    )

    def _codes(self, sector: str) -> list[str]:
        info = queries.catalogue(self.datalayer)
        return info.loc[info["sector"] == sector, "code"].tolist()

    def sector_tab(self, sector: str) -> pn.Column:
        """KPI cards, the trends of the sector's monthly/quarterly indicators, the sector's alerts."""
        codes = self._codes(sector)
        info = queries.catalogue(self.datalayer).set_index("code")
        charted = [c for c in codes if info.loc[c, "frequency"] != "year"][:4]
        trends = [self.trend(code, height=240) for code in charted]
        return pn.Column(
            self.kpi_cards(codes),
            pn.GridBox(*trends, ncols=2, sizing_mode="stretch_width"),
            theme.html_pane(f"<h3>{escape(self.t('alerts'))}</h3>"),
            self.alerts_about(codes),
            name=self.t(f"economy_sector_{sector}"),
            sizing_mode="stretch_width",
        )

    def filters(self) -> list[Any]:
        return []

    wall_figures_height: ClassVar[int] = 200

    def wall_area(self) -> list[Any]:
        """On the wall (the chosen sector): its headline figures, the trend of its first monthly or
        quarterly indicator beside its open alerts (time and title, the first rows)."""
        codes = self._codes(self.sector)
        info = queries.catalogue(self.datalayer).set_index("code")
        charted = [c for c in codes if info.loc[c, "frequency"] != "year"][:1]

        def alerts(language: str, data_version: int) -> Any:
            frame = alerts_for_display(
                queries.indicator_alerts(self.datalayer, codes), timezone=self.timezone, language=self.language
            )
            if frame.empty:
                return theme.note(self.t("no_alerts"), name="no-alerts")
            return self.wall_table(frame[[self.t("col_time"), self.t("col_title")]], name="sector-alerts")

        p = self.param
        trend = pn.bind(lambda *_: self.trend(charted[0]), p.data_version, p.language) if charted else None
        return self.wall_panels(
            figures=lambda: self.wall_figures(codes),
            chart=trend,
            chart_name="trend",
            side=pn.bind(alerts, p.language, p.data_version),
        )

    def main_area(self) -> list[Any]:
        def tabs(language: str, data_version: int) -> pn.Tabs:
            built = pn.Tabs(
                *[self.sector_tab(s) for s in SECTOR_PAGES], sizing_mode="stretch_width", name="sectors", dynamic=True
            )
            built.active = list(SECTOR_PAGES).index(self.sector)
            built.param.watch(lambda event: setattr(self, "sector", SECTOR_PAGES[event.new]), "active")
            return built

        return [pn.panel(pn.bind(tabs, self.param.language, self.param.data_version))]
