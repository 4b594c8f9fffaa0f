"""What a monthly or quarterly report says: figures per domain, comparisons, top incidents,
agency compliance, a generated narrative (Vietnamese or English) and the provenance of the
numbers.

:func:`build_report` reads everything through the plugin contract and the core's records:
each installed plugin's overview tile (:func:`ioc.overview.collect_tiles`) drawn at the end
of the period and at the end of the previous period, the alerts observed in each period
(:func:`ioc.alerts.alerts_between`) and the incidents received in it (the incident
records). So a new domain appears in the report without editing it. The narrative is built
from the same frames the tables show (:func:`narrative`), so every number in the text is a
number in a table. Headings, column names, values and sentences come in the report's
``language`` (:mod:`ioc.reports.texts`: ``vi`` or ``en``). Re-running a closed period on the same lake snapshot gives the same
numbers: nothing depends on the time of rendering except the provenance line that says when
it was rendered (a period still running is reported as of the time of rendering).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import select

from ioc.alerts import alerts_between
from ioc.incidents.models import FINISHED_STATES, Incident
from ioc.overview import Tile, collect_tiles
from ioc.plugins import Registry, registry
from ioc.reports.texts import TEXTS, check_language, noun, number, text
from ioc.timestamps import as_utc

KINDS = ("monthly", "quarterly")


@dataclass(frozen=True)
class Period:
    """A report period in the site's time zone: ``[start, end)`` as UTC timestamps.

    ``label`` is what a Vietnamese report prints (``"11/2026"``, ``"Quý IV/2026"``);
    :meth:`label_in` gives it in another language (``"Q4/2026"``).
    """

    kind: str
    year: int
    number: int  # month 1-12 or quarter 1-4
    timezone: str

    @property
    def first_month(self) -> int:
        return self.number if self.kind == "monthly" else 3 * (self.number - 1) + 1

    @property
    def months(self) -> int:
        return 1 if self.kind == "monthly" else 3

    @property
    def start(self) -> pd.Timestamp:
        return pd.Timestamp(year=self.year, month=self.first_month, day=1, tz=self.timezone).tz_convert("UTC")

    @property
    def end(self) -> pd.Timestamp:
        local = pd.Timestamp(year=self.year, month=self.first_month, day=1, tz=self.timezone)
        return (local + pd.DateOffset(months=self.months)).tz_convert("UTC")

    @property
    def label(self) -> str:
        return self.label_in("vi")

    def label_in(self, language: str) -> str:
        """The period as a report in ``language`` prints it."""
        if self.kind == "monthly":
            return f"{self.number:02d}/{self.year}"
        roman = ("I", "II", "III", "IV")[self.number - 1]
        return text("quarter_label", language, roman=roman, number=self.number, year=self.year)

    @property
    def code(self) -> str:
        """A file-name-safe code: ``2026-11`` or ``2026-Q4``."""
        return f"{self.year}-{self.number:02d}" if self.kind == "monthly" else f"{self.year}-Q{self.number}"

    def previous(self) -> Period:
        limit = 12 if self.kind == "monthly" else 4
        if self.number == 1:
            return Period(self.kind, self.year - 1, limit, self.timezone)
        return Period(self.kind, self.year, self.number - 1, self.timezone)


def parse_period(kind: str, text: str, timezone: str) -> Period:
    """Read a period as the users write it: ``11/2026`` (month), ``Q4/2026`` or ``4/2026`` (quarter).

    Raises
    ------
    ValueError
        For an unknown kind or a period that does not parse.
    """
    if kind not in KINDS:
        raise ValueError(f"loại báo cáo không hợp lệ {kind!r}: {', '.join(KINDS)}")
    cleaned = text.strip().upper().replace(" ", "")
    match = re.fullmatch(r"Q?(\d{1,2})[/-](\d{4})", cleaned)
    reverse = re.fullmatch(r"(\d{4})-Q?(\d{1,2})", cleaned)
    if match:
        number, year = int(match.group(1)), int(match.group(2))
    elif reverse:
        year, number = int(reverse.group(1)), int(reverse.group(2))
    else:
        raise ValueError(f"kỳ báo cáo không hợp lệ {text!r} (ví dụ 11/2026, Q4/2026)")
    if not 1 <= number <= (12 if kind == "monthly" else 4):
        raise ValueError(f"kỳ báo cáo không hợp lệ {text!r}")
    return Period(kind, year, number, timezone)


def period_containing(kind: str, day: date, timezone: str) -> Period:
    """The period of ``kind`` that contains ``day``."""
    number = day.month if kind == "monthly" else (day.month - 1) // 3 + 1
    return Period(kind, day.year, number, timezone)


@dataclass
class ReportData:
    """Everything a report shows, as frames and plain values (the notebooks render it)."""

    kind: str
    period: Period
    unit: str | None
    language: str
    domains: pd.DataFrame
    figures: pd.DataFrame
    top_incidents: pd.DataFrame
    agencies: pd.DataFrame
    daily_alerts: pd.DataFrame
    narrative: list[str]
    provenance: dict[str, Any] = field(default_factory=dict)
    tiles: list[Tile] = field(default_factory=list)

    @property
    def title(self) -> str:
        return report_title(self.kind, self.period, self.language)

    def t(self, key: str, **values: Any) -> str:
        """A text of the report in its language (:func:`ioc.reports.texts.text`)."""
        return text(key, self.language, **values)

    def col(self, key: str) -> str:
        """The name, in the report's language, of the column ``col_<key>``."""
        return text(f"col_{key}", self.language)


def report_title(kind: str, period: Period, language: str = "vi") -> str:
    """``"Báo cáo tháng 11/2026"``, ``"Quarterly report Q4/2026"``."""
    return f"{text(f'kind_{kind}', language)} {period.label_in(language)}"


def _columns(language: str) -> dict[str, str]:
    """Column key → its name in ``language`` (the ``col_*`` texts without the prefix)."""
    return {key[4:]: value for key, value in TEXTS[check_language(language)].items() if key.startswith("col_")}


def _utc(value: Any) -> pd.Timestamp | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return as_utc(value)


def incidents_between(store: Any, start: pd.Timestamp, end: pd.Timestamp, unit: str | None = None) -> pd.DataFrame:
    """Incidents received in ``[start, end)`` (duplicates left out), no personal data."""
    columns = (
        "id",
        "tracking_code",
        "domain",
        "category",
        "severity",
        "hot",
        "title",
        "state",
        "unit_code",
        "agency_code",
        "received_at",
        "deadline",
        "resolved_at",
        "on_time",
        "overdue",
    )
    query = select(*(getattr(Incident, c) for c in columns)).where(
        Incident.received_at >= start.to_pydatetime(),
        Incident.received_at < end.to_pydatetime(),
        Incident.duplicate_of.is_(None),
    )
    if unit:
        query = query.where(Incident.unit_code == unit)
    with store.session() as session:
        rows = session.execute(query.order_by(Incident.received_at, Incident.id)).all()
    frame = pd.DataFrame(rows, columns=list(columns))
    for column in ("received_at", "deadline", "resolved_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def _alerts(store: Any, period: Period, unit: str | None) -> pd.DataFrame:
    frame = alerts_between(store, period.start, period.end)
    return frame[frame["unit_code"] == unit] if unit else frame


def _change(current: float, previous: float) -> float | None:
    return None if not previous else round(100 * (current - previous) / previous, 1)


def domain_table(
    plugins: Registry,
    alerts: pd.DataFrame,
    before: pd.DataFrame,
    incidents: pd.DataFrame,
    now: pd.Timestamp,
    language: str = "vi",
) -> pd.DataFrame:
    """Per domain: alerts (and the change against the previous period), incidents, resolution.

    The first column, ``domain``, is the plugin's name (hidden in the printed table); the
    others are named in ``language``.
    """
    c = _columns(language)
    rows = []
    for plugin in plugins:
        mine = incidents[incidents["domain"] == plugin.name]
        resolved = mine[mine["resolved_at"].notna()]
        on_time = int(resolved["on_time"].fillna(False).astype(bool).sum())
        late = ~mine["state"].isin(FINISHED_STATES) & mine["deadline"].notna() & (mine["deadline"] < now)
        count, previous = int((alerts["domain"] == plugin.name).sum()), int((before["domain"] == plugin.name).sum())
        rows.append(
            {
                "domain": plugin.name,
                c["domain"]: plugin.title_in(language),
                c["alerts"]: count,
                c["previous"]: previous,
                c["change"]: _change(count, previous),
                c["incidents"]: len(mine),
                c["resolved"]: len(resolved),
                c["on_time"]: on_time,
                c["on_time_rate"]: round(100 * on_time / len(resolved), 1) if len(resolved) else None,
                c["overdue"]: int(late.sum()),
            }
        )
    keys = ("domain", "alerts", "previous", "change", "incidents", "resolved", "on_time", "on_time_rate", "overdue")
    return pd.DataFrame(rows, columns=["domain", *(c[k] for k in keys)])


def figures_table(
    current: list[Tile],
    previous: list[Tile],
    titles: dict[str, str] | None = None,
    language: str = "vi",
    targets: dict[str, float] | None = None,
) -> pd.DataFrame:
    """The plugins' headline figures at the end of the period and of the previous one.

    ``titles`` names the domains in the report's language (the tile's own title otherwise);
    a figure's label and unit are the plugin's own in that language (``Figure.label_in``).
    A figure is matched with the previous period's by its ``key`` (by its label without one).

    ``targets`` (``reports.targets`` of ``ioc.yaml``: ``"<plugin>.<figure key>"`` → value)
    takes the place of a target the plugin gives itself (``Figure.target``). Only when some
    figure has a target, the table has a target column and a "met" column: ``True`` when
    the value is at or beyond the target in the figure's ``better`` direction (or the
    plugin's own verdict ``Figure.met`` on its own target), ``None`` where it cannot be said.
    """
    c = _columns(language)
    titles, targets = titles or {}, targets or {}
    before = {(t.domain, f.key or f.label): f.value for t in previous for f in t.figures}
    rows = []
    for tile in current:
        title = titles.get(tile.domain, tile.title)
        for figure in tile.figures:
            target, met = _target(tile.domain, figure, targets)
            rows.append(
                {
                    c["domain"]: title,
                    c["indicator"]: figure.label_in(language),
                    c["end"]: figure.value,
                    c["end_previous"]: before.get((tile.domain, figure.key or figure.label)),
                    c["target"]: target,
                    c["met"]: met,
                    c["unit"]: figure.unit_in(language),
                }
            )
        if tile.error:
            rows.append({c["domain"]: title, c["indicator"]: text("error", language), c["end"]: tile.error[:120]})
    keys = ["domain", "indicator", "end", "end_previous", "target", "met", "unit"]
    if not any(row.get(c["target"]) is not None for row in rows):
        keys = [k for k in keys if k not in ("target", "met")]
    frame = pd.DataFrame(rows, columns=[c[k] for k in keys])
    if c["met"] in frame:  # yes / no / unknown, never NaN
        frame[c["met"]] = frame[c["met"]].astype(object).where(frame[c["met"]].notna(), None)
    return frame


def _target(domain: str, figure: Any, targets: dict[str, float]) -> tuple[float | None, bool | None]:
    """A figure's target (the deployment's over the plugin's) and whether its value meets it."""
    declared = targets.get(f"{domain}.{figure.key}") if figure.key else None
    if declared is None and figure.target is None:
        return None, None
    if declared is None and figure.met is not None:
        return figure.target, bool(figure.met)
    target = float(declared if declared is not None else figure.target)
    value = figure.value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or pd.isna(value):
        return target, None
    return target, bool(value <= target if figure.better == "down" else value >= target)


def top_incidents(
    incidents: pd.DataFrame, titles: dict[str, str], timezone: str, limit: int = 10, language: str = "vi"
) -> pd.DataFrame:
    """The most serious incidents of the period with their handling time against the deadline.

    Handling time and allowed time are in hours from reception (to resolution, to the
    deadline); the "on time" column says whether it was resolved by the deadline.
    """
    c = _columns(language)
    keys = ("code", "domain", "subject", "severity", "received", "handling", "allowed", "on_time")
    columns = [c[k] for k in keys]
    if incidents.empty:
        return pd.DataFrame(columns=columns)
    rank = {"critical": 0, "high": 1, "warning": 2, "info": 3}
    ordered = incidents.assign(
        _hot=~incidents["hot"].fillna(False).astype(bool), _rank=incidents["severity"].map(rank).fillna(9)
    ).sort_values(["_hot", "_rank", "received_at", "id"])
    head = ordered.head(limit)
    handling = (head["resolved_at"] - head["received_at"]).dt.total_seconds() / 3600
    allowed = (head["deadline"] - head["received_at"]).dt.total_seconds() / 3600
    yes, no = text("yes", language), text("no", language)
    on_time = ["—" if pd.isna(r) else (yes if (pd.isna(d) or r <= d) else no) for r, d in zip(handling, allowed)]
    values = [
        [code or f"#{i}" for code, i in zip(head["tracking_code"], head["id"])],
        [titles.get(d, d) for d in head["domain"]],
        head["title"].astype(str).to_numpy(),
        [severity_text(s, language) for s in head["severity"]],
        [t.tz_convert(timezone).strftime("%d/%m/%Y %H:%M") for t in head["received_at"]],
        handling.round(1).to_numpy(),
        allowed.round(1).to_numpy(),
        on_time,
    ]
    return pd.DataFrame(dict(zip(columns, values)), columns=columns)


def severity_text(severity: str, language: str = "vi") -> str:
    """A severity's name in ``language`` (the code itself when it is not a known one)."""
    return TEXTS[language].get(f"severity_{severity}", severity)


def agency_table(
    incidents: pd.DataFrame, names: dict[str, str], now: pd.Timestamp, language: str = "vi"
) -> pd.DataFrame:
    """Per agency: incidents forwarded to it, resolved, resolved on time, overdue (Điều 16 compliance)."""
    c = _columns(language)
    columns = [c[k] for k in ("agency", "assigned", "resolved", "on_time", "overdue", "on_time_rate")]
    forwarded = incidents[incidents["agency_code"].notna()]
    rows = []
    for code, mine in forwarded.groupby("agency_code", sort=True):
        resolved = mine[mine["resolved_at"].notna()]
        on_time = int(resolved["on_time"].fillna(False).astype(bool).sum())
        late = ~mine["state"].isin(FINISHED_STATES) & mine["deadline"].notna() & (mine["deadline"] < now)
        rate = round(100 * on_time / len(resolved), 1) if len(resolved) else None
        values = [names.get(code, code), len(mine), len(resolved), on_time, int(late.sum()), rate]
        rows.append(dict(zip(columns, values)))
    return pd.DataFrame(rows, columns=columns)


def narrative(
    period: Period,
    domains: pd.DataFrame,
    agencies: pd.DataFrame,
    language: str = "vi",
    figures: pd.DataFrame | None = None,
) -> list[str]:
    """Template sentences in ``language`` built only from the numbers of the report's tables.

    The frames are those :func:`domain_table`, :func:`agency_table` and :func:`figures_table`
    gave in the same language (``figures``: one sentence per missed target); numbers are
    written with :func:`ioc.reports.texts.number`, as the tables print them.
    """
    c, label = _columns(language), period.label_in(language)
    if domains.empty:
        return [text("n_empty", language, period=label)]

    def n(value: Any) -> str:
        return number(value, language)

    total_alerts, total_before = int(domains[c["alerts"]].sum()), int(domains[c["previous"]].sum())
    total_incidents, resolved = int(domains[c["incidents"]].sum()), int(domains[c["resolved"]].sum())
    on_time = int(domains[c["on_time"]].sum())
    # the domains the alerts came from, not every installed plugin: "8 alerts across 2 domains"
    alerting = int((domains[c["alerts"]] > 0).sum())
    sentences = [
        text(
            "n_total",
            language,
            period=label,
            alerts=n(total_alerts),
            alerts_word=noun("alert", total_alerts, language),
            domains=n(alerting),
            domains_word=noun("domain", alerting, language),
            previous=n(total_before),
        )
    ]
    for _, row in domains.iterrows():
        sentence = _domain_sentence(row, c, language)
        if sentence:
            sentences.append(sentence)
    sentences.append(
        text(
            "n_incidents",
            language,
            incidents=n(total_incidents),
            incidents_word=noun("incident", total_incidents, language),
            resolved=n(resolved),
            on_time=n(on_time),
        )
    )
    sentences.extend(_missed_targets(figures, c, language))
    if len(agencies):
        worst = agencies.sort_values([c["overdue"], c["agency"]], ascending=[False, True]).iloc[0]
        overdue = int(worst[c["overdue"]])
        if overdue:
            sentences.append(
                text(
                    "n_agency",
                    language,
                    agency=worst[c["agency"]],
                    overdue=n(overdue),
                    overdue_word=noun("incident", overdue, language),
                )
            )
    return sentences


def _missed_targets(figures: pd.DataFrame | None, c: dict[str, str], language: str) -> list[str]:
    """One sentence per figure of ``figures`` whose value misses its target (value and target as printed)."""
    if figures is None or c["met"] not in figures:
        return []
    sentences = []
    for _, row in figures[figures[c["met"]].eq(False)].iterrows():
        unit = str(row[c["unit"]] or "")
        joined = unit if unit in ("%", "") or unit.startswith("/") else f" {unit}"
        sentences.append(
            text(
                "n_target_missed",
                language,
                indicator=row[c["indicator"]],
                domain=row[c["domain"]],
                value=number(row[c["end"]], language) + joined,
                target=number(row[c["target"]], language) + joined,
            )
        )
    return sentences


def _domain_sentence(row: pd.Series, c: dict[str, str], language: str) -> str | None:
    """One domain's alerts and their trend (``None`` for a domain without alerts in either period)."""
    count, previous, change = int(row[c["alerts"]]), int(row[c["previous"]]), row[c["change"]]
    if count == 0 and previous == 0:
        return None
    if change is None or pd.isna(change):
        trend = text("n_no_previous", language)
    elif change == 0:
        trend = text("n_same", language)
    else:
        trend = text("n_up" if change > 0 else "n_down", language, pct=number(abs(change), language))
    return text(
        "n_domain",
        language,
        domain=row[c["domain"]],
        alerts=number(count, language),
        alerts_word=noun("alert", count, language),
        trend=trend,
    )


def code_version(root: Path | None = None) -> str:
    """The git commit of the code (``+dirty`` with local changes), or the package version."""
    root = root or Path(__file__).resolve().parents[2]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=root, capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        return commit + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        from importlib.metadata import PackageNotFoundError, version

        try:
            return f"ioc-workbench {version('ioc-workbench')}"
        except PackageNotFoundError:
            return "không xác định"


def provenance(datalayer: Any, parameters: dict[str, Any], rendered_at: pd.Timestamp | None = None) -> dict[str, Any]:
    """The data snapshot (each lake table's version), code version, parameters and rendering time."""
    versions = {name: datalayer.version(name) for name in sorted(datalayer.tables)}
    return {
        "table_versions": versions,
        "code_version": code_version(),
        "parameters": dict(parameters),
        "rendered_at": rendered_at if rendered_at is not None else pd.Timestamp.now(tz="UTC"),
    }


def build_report(
    datalayer: Any,
    kind: str,
    period: str | Period,
    *,
    unit: str | None = None,
    language: str = "vi",
    plugins: Registry | None = None,
) -> ReportData:
    """Compute one report (see the module docstring).

    Parameters
    ----------
    datalayer : ioc.datalayer.DataLayer
        The deployment.
    kind : {"monthly", "quarterly"}
        Report kind.
    period : str or Period
        ``"11/2026"`` for a month, ``"Q4/2026"`` for a quarter.
    unit : str, optional
        Only alerts and incidents of this administrative unit (tiles stay site-wide).
    language : {"vi", "en"}
        Language of the headings, column names, values and narrative.
    plugins : Registry, optional
        The domains (the process's registry by default).
    """
    check_language(language)
    reg = plugins if plugins is not None else registry()
    zone = datalayer.settings.site.timezone
    current = period if isinstance(period, Period) else parse_period(kind, period, zone)
    before = current.previous()
    store = datalayer.store
    alerts, alerts_before = _alerts(store, current, unit), _alerts(store, before, unit)
    incidents = incidents_between(store, current.start, current.end, unit)
    titles = {p.name: p.title_in(language) for p in reg}
    # a period still running is reported as of now: nothing is overdue in the future
    as_of = min(current.end, pd.Timestamp.now(tz="UTC").floor("min"))
    domains = domain_table(reg, alerts, alerts_before, incidents, as_of, language)
    tiles = collect_tiles(datalayer, as_of, reg)
    targets = datalayer.settings.reports.targets
    figures = figures_table(tiles, collect_tiles(datalayer, before.end, reg), titles, language, targets)
    names = {a.code: a.name for a in datalayer.settings.site.agencies}
    agencies = agency_table(incidents, names, as_of, language)
    local_days = pd.to_datetime(alerts["observed_at"], utc=True).dt.tz_convert(zone).dt.strftime("%d/%m")
    daily = (
        alerts.assign(day=local_days).groupby(["day", "domain"]).size().unstack(fill_value=0) if len(alerts) else None
    )
    scope = unit or text("whole_site", language)
    parameters = {"kind": kind, "period": current.label_in(language), "unit": scope, "language": language}
    return ReportData(
        kind=kind,
        period=current,
        unit=unit,
        language=language,
        domains=domains,
        figures=figures,
        top_incidents=top_incidents(incidents, titles, zone, language=language),
        agencies=agencies,
        # the chart's legend lists the domains by title, without a heading of its own
        daily_alerts=daily.rename(columns=titles).rename_axis(columns=None) if daily is not None else pd.DataFrame(),
        narrative=narrative(current, domains, agencies, language, figures),
        provenance=provenance(datalayer, parameters),
        tiles=tiles,
    )
