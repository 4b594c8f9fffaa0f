"""What a monthly or quarterly report says: figures per domain, comparisons, top incidents,
agency compliance, a generated Vietnamese narrative and the provenance of the numbers.

:func:`build_report` reads everything through the plugin contract and the core's records:
each installed plugin's overview tile (:func:`ioc.overview.collect_tiles`) drawn at the end
of the period and at the end of the previous period, the alerts observed in each period
(:func:`ioc.alerts.alerts_between`) and the incidents received in it (the incident
records). So a new domain appears in the report without editing it. The narrative is built
from the same frames the tables show (:func:`narrative`), so every number in the text is a
number in a table. Re-running a closed period on the same lake snapshot gives the same
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

KINDS = ("monthly", "quarterly")
KIND_TITLES = {"monthly": "Báo cáo tháng", "quarterly": "Báo cáo quý"}
SEVERITY_VI = {"critical": "Nghiêm trọng", "high": "Cao", "warning": "Cảnh báo", "info": "Thông tin"}


@dataclass(frozen=True)
class Period:
    """A report period in the site's time zone: ``[start, end)`` as UTC timestamps.

    ``label`` is what the report prints (``"11/2026"``, ``"Quý IV/2026"``).
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
        if self.kind == "monthly":
            return f"{self.number:02d}/{self.year}"
        return f"Quý {('I', 'II', 'III', 'IV')[self.number - 1]}/{self.year}"

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
        return f"{KIND_TITLES[self.kind]} {self.period.label}"


def _utc(value: Any) -> pd.Timestamp | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    stamp = pd.Timestamp(value)
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


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
    plugins: Registry, alerts: pd.DataFrame, before: pd.DataFrame, incidents: pd.DataFrame, now: pd.Timestamp
) -> pd.DataFrame:
    """Per domain: alerts (and the change against the previous period), incidents, resolution."""
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
                "Lĩnh vực": plugin.title,
                "Cảnh báo": count,
                "Kỳ trước": previous,
                "Thay đổi (%)": _change(count, previous),
                "Vụ việc": len(mine),
                "Đã giải quyết": len(resolved),
                "Đúng hạn": on_time,
                "Tỉ lệ đúng hạn (%)": round(100 * on_time / len(resolved), 1) if len(resolved) else None,
                "Quá hạn chưa xong": int(late.sum()),
            }
        )
    return pd.DataFrame(rows)


def figures_table(current: list[Tile], previous: list[Tile]) -> pd.DataFrame:
    """The plugins' headline figures at the end of the period and of the previous one."""
    before = {(t.domain, f.label): f.value for t in previous for f in t.figures}
    rows = []
    for tile in current:
        for figure in tile.figures:
            rows.append(
                {
                    "Lĩnh vực": tile.title,
                    "Chỉ tiêu": figure.label,
                    "Cuối kỳ": figure.value,
                    "Cuối kỳ trước": before.get((tile.domain, figure.label)),
                    "Đơn vị": figure.unit,
                }
            )
        if tile.error:
            rows.append({"Lĩnh vực": tile.title, "Chỉ tiêu": "Lỗi", "Cuối kỳ": tile.error[:120]})
    return pd.DataFrame(rows, columns=["Lĩnh vực", "Chỉ tiêu", "Cuối kỳ", "Cuối kỳ trước", "Đơn vị"])


def top_incidents(incidents: pd.DataFrame, titles: dict[str, str], timezone: str, limit: int = 10) -> pd.DataFrame:
    """The most serious incidents of the period with their handling time against the deadline.

    Handling time and allowed time are in hours from reception (to resolution, to the
    deadline); "Đúng hạn" says whether it was resolved by the deadline.
    """
    columns = ["Mã", "Lĩnh vực", "Nội dung", "Mức độ", "Tiếp nhận", "Xử lý (giờ)", "Hạn (giờ)", "Đúng hạn"]
    if incidents.empty:
        return pd.DataFrame(columns=columns)
    rank = {"critical": 0, "high": 1, "warning": 2, "info": 3}
    ordered = incidents.assign(
        _hot=~incidents["hot"].fillna(False).astype(bool), _rank=incidents["severity"].map(rank).fillna(9)
    ).sort_values(["_hot", "_rank", "received_at", "id"])
    head = ordered.head(limit)
    handling = (head["resolved_at"] - head["received_at"]).dt.total_seconds() / 3600
    allowed = (head["deadline"] - head["received_at"]).dt.total_seconds() / 3600
    on_time = ["—" if pd.isna(r) else ("Có" if (pd.isna(d) or r <= d) else "Không") for r, d in zip(handling, allowed)]
    return pd.DataFrame(
        {
            "Mã": [c or f"#{i}" for c, i in zip(head["tracking_code"], head["id"])],
            "Lĩnh vực": [titles.get(d, d) for d in head["domain"]],
            "Nội dung": head["title"].astype(str).to_numpy(),
            "Mức độ": [SEVERITY_VI.get(s, s) for s in head["severity"]],
            "Tiếp nhận": [t.tz_convert(timezone).strftime("%d/%m/%Y %H:%M") for t in head["received_at"]],
            "Xử lý (giờ)": handling.round(1).to_numpy(),
            "Hạn (giờ)": allowed.round(1).to_numpy(),
            "Đúng hạn": on_time,
        },
        columns=columns,
    )


def agency_table(incidents: pd.DataFrame, names: dict[str, str], now: pd.Timestamp) -> pd.DataFrame:
    """Per agency: incidents forwarded to it, resolved, resolved on time, overdue (Điều 16 compliance)."""
    columns = ["Cơ quan", "Được giao", "Đã giải quyết", "Đúng hạn", "Quá hạn chưa xong", "Tỉ lệ đúng hạn (%)"]
    forwarded = incidents[incidents["agency_code"].notna()]
    rows = []
    for code, mine in forwarded.groupby("agency_code", sort=True):
        resolved = mine[mine["resolved_at"].notna()]
        on_time = int(resolved["on_time"].fillna(False).astype(bool).sum())
        late = ~mine["state"].isin(FINISHED_STATES) & mine["deadline"].notna() & (mine["deadline"] < now)
        rows.append(
            {
                "Cơ quan": names.get(code, code),
                "Được giao": len(mine),
                "Đã giải quyết": len(resolved),
                "Đúng hạn": on_time,
                "Quá hạn chưa xong": int(late.sum()),
                "Tỉ lệ đúng hạn (%)": round(100 * on_time / len(resolved), 1) if len(resolved) else None,
            }
        )
    return pd.DataFrame(rows, columns=columns)


def _num(value: Any) -> str:
    """A number as the narrative (and the tables' HTML) writes it: ``1.234`` and ``12,5``."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{float(value):,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def narrative(period: Period, domains: pd.DataFrame, agencies: pd.DataFrame) -> list[str]:
    """Template sentences in Vietnamese built only from the numbers of ``domains`` and ``agencies``."""
    if domains.empty:
        return [f"Kỳ {period.label}: chưa có lĩnh vực nào được cài đặt."]
    total_alerts, total_before = int(domains["Cảnh báo"].sum()), int(domains["Kỳ trước"].sum())
    total_incidents, resolved = int(domains["Vụ việc"].sum()), int(domains["Đã giải quyết"].sum())
    on_time = int(domains["Đúng hạn"].sum())
    # the domains the alerts came from, not every installed plugin: "8 alerts across 2 domains"
    alerting = int((domains["Cảnh báo"] > 0).sum())
    sentences = [
        f"Trong kỳ {period.label}, hệ thống ghi nhận {_num(total_alerts)} cảnh báo trên "
        f"{_num(alerting)} lĩnh vực (kỳ trước: {_num(total_before)})."
    ]
    for row in domains.itertuples(index=False):
        change = row[4]
        if row[2] == 0 and row[3] == 0:
            continue
        trend = (
            "không có số liệu kỳ trước để so sánh"
            if change is None or pd.isna(change)
            else ("tăng" if change > 0 else "giảm" if change < 0 else "không đổi")
            + (f" {_num(abs(change))}%" if change else "")
            + " so với kỳ trước"
        )
        sentences.append(f"Lĩnh vực {row[1]}: {_num(row[2])} cảnh báo, {trend}.")
    sentences.append(
        f"Tiếp nhận {_num(total_incidents)} vụ việc, đã giải quyết {_num(resolved)}, trong đó {_num(on_time)} đúng hạn."
    )
    if len(agencies):
        worst = agencies.sort_values(["Quá hạn chưa xong", "Cơ quan"], ascending=[False, True]).iloc[0]
        if worst["Quá hạn chưa xong"]:
            sentences.append(
                f"Cơ quan có nhiều vụ việc quá hạn chưa xong nhất: {worst['Cơ quan']} "
                f"({_num(worst['Quá hạn chưa xong'])} vụ việc)."
            )
    return sentences


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
    language : str
        Language of the report (only Vietnamese texts are generated so far).
    plugins : Registry, optional
        The domains (the process's registry by default).
    """
    reg = plugins if plugins is not None else registry()
    zone = datalayer.settings.site.timezone
    current = period if isinstance(period, Period) else parse_period(kind, period, zone)
    before = current.previous()
    store = datalayer.store
    alerts, alerts_before = _alerts(store, current, unit), _alerts(store, before, unit)
    incidents = incidents_between(store, current.start, current.end, unit)
    titles = {p.name: p.title for p in reg}
    # a period still running is reported as of now: nothing is overdue in the future
    as_of = min(current.end, pd.Timestamp.now(tz="UTC").floor("min"))
    domains = domain_table(reg, alerts, alerts_before, incidents, as_of)
    tiles = collect_tiles(datalayer, as_of, reg)
    figures = figures_table(tiles, collect_tiles(datalayer, before.end, reg))
    names = {a.code: a.name for a in datalayer.settings.site.agencies}
    agencies = agency_table(incidents, names, as_of)
    local_days = pd.to_datetime(alerts["observed_at"], utc=True).dt.tz_convert(zone).dt.strftime("%d/%m")
    daily = (
        alerts.assign(day=local_days).groupby(["day", "domain"]).size().unstack(fill_value=0) if len(alerts) else None
    )
    parameters = {"kind": kind, "period": current.label, "unit": unit or "toàn địa bàn", "language": language}
    return ReportData(
        kind=kind,
        period=current,
        unit=unit,
        language=language,
        domains=domains,
        figures=figures,
        top_incidents=top_incidents(incidents, titles, zone),
        agencies=agencies,
        daily_alerts=daily.rename(columns=titles) if daily is not None else pd.DataFrame(),
        narrative=narrative(current, domains, agencies),
        provenance=provenance(datalayer, parameters),
        tiles=tiles,
    )
