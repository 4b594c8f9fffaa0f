"""Rules of the infosec domain, all over the one event model (:mod:`.model`).

* :class:`SeverityRule` — a detection at or above the agency's severity threshold;
* :class:`BurstRule` — one signature from one source, ``count`` times within ``minutes``;
* :class:`CampaignRule` — one source attacking several agencies within ``hours``;
* :class:`MalwareRule` — malware seen on a host (``infosec.malware``);
* :class:`BlocklistRule` — an agency host talking to a blocklisted address (events and Zeek
  connections);
* :class:`SilentSensorRule` — a sensor that stopped sending (scheduled).

Thresholds come from ``plugins.infosec`` at evaluation time, so an admin's change applies
without a restart. Agency alerts are addressed to the agency (its focal point receives the
warning); their evidence rows carry normalised fields only, never the raw record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ioc.rules import AlertDraft, Audience
from ioc.timestamps import as_utc
from ioc_plugins.infosec.blocklist import load_blocklist
from ioc_plugins.infosec.config import SEVERITY_LEVELS, InfosecConfig, infosec_config
from ioc_plugins.infosec.model import SEVERITY_LABELS_VI

if TYPE_CHECKING:
    from ioc.datalayer import DataLayer

DOMAIN = "infosec"
EVENTS = "infosec.events"
#: Evidence columns copied into alerts (never ``raw``: it may hold personal data).
EVIDENCE = (
    "event_id",
    "time",
    "event_module",
    "rule_id",
    "rule_name",
    "severity",
    "source_ip",
    "destination_ip",
    "agency",
    "host_name",
)


def _config(datalayer: DataLayer | None) -> InfosecConfig:
    return infosec_config(datalayer.settings if datalayer is not None else None)


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value.item() if hasattr(value, "item") else value


def _records(rows: pd.DataFrame) -> list[dict[str, Any]]:
    """Evidence records: the normalised columns only, as JSON-ready values."""
    return [{k: _plain(v) for k, v in r.items()} for r in rows[[c for c in EVIDENCE if c in rows]].to_dict("records")]


def _evidence(rows: pd.DataFrame, limit: int = 5) -> list[dict[str, Any]]:
    return _records(rows.head(limit))


def _alert_severity(level: int) -> str:
    return "critical" if level >= 4 else "high" if level >= 3 else "warning"


def _lookback(detections: pd.DataFrame, datalayer: DataLayer | None, window: timedelta) -> pd.DataFrame:
    """A batch's detections plus the stored detections (severity 1 or more) of ``window``
    before them, for the rules that count over time, in the :data:`EVIDENCE` columns.

    Those rules read nothing else, and the raw records are most of a table's bytes: a batch
    of a year (200 000 events) read back its whole table twice, every column, 1.9 s.
    """
    if datalayer is None or detections.empty:
        return detections
    history = datalayer.read(
        EVENTS,
        start=detections["time"].min() - window,
        end=detections["time"].max() + pd.Timedelta(microseconds=1),
        columns=list(EVIDENCE),
        where="severity >= 1",
    )
    detections = detections[[name for name in EVIDENCE if name in detections]]
    combined = pd.concat([history, detections], ignore_index=True) if len(history) else detections
    return combined.drop_duplicates(subset=["event_id"], keep="last")


def _each_distinct(values: pd.Series, function: Callable[[Any], Any], missing: Any = None) -> pd.Series:
    """``function`` of each value, called once per distinct value (a batch repeats a few
    dozen addresses and agencies over its rows; ``Series.map`` calls it row by row, then
    builds a column of the results in Python: 0.35 s for 200 000 events); ``missing`` where
    a value is null."""
    codes, distinct = pd.factorize(values)  # a null: -1, the last of the results
    results = np.array([*(function(value) for value in distinct), missing], dtype=object)
    return pd.Series(results[codes], index=values.index).infer_objects()


@dataclass(frozen=True)
class SeverityRule:
    """Detections at or above the agency's threshold: one alert per agency and signature."""

    id: str = "infosec.severity_threshold"
    table: str = EVENTS
    domain: str = DOMAIN

    def evaluate(self, batch: pd.DataFrame, datalayer: DataLayer | None = None) -> list[AlertDraft]:
        config = _config(datalayer)
        rows = batch[batch["agency"].notna() & (batch["severity"] >= 1)]
        if rows.empty:
            return []
        default = SEVERITY_LEVELS[config.severity_threshold]
        limits = _each_distinct(
            rows["agency"], lambda a: SEVERITY_LEVELS.get(config.agency_thresholds.get(a, ""), default)
        )
        hits = rows[rows["severity"].astype(int) >= limits.astype(int)]
        if hits.empty:
            return []
        # one pass, not one pandas operation per group: worst first, then per (agency, rule)
        hits = hits.assign(_rule=hits["rule_id"].fillna("-").astype(str), _agency=hits["agency"].astype(str))
        hits = hits.sort_values(["_agency", "_rule", "severity", "time"], ascending=[True, True, False, False])
        keys = ["_agency", "_rule"]
        worst = hits.drop_duplicates(keys).set_index(keys)
        counts = hits.groupby(keys, sort=False).size()
        sources = hits.dropna(subset=["source_ip"]).groupby(keys, sort=False)["source_ip"].unique()
        evidence: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for key, record in zip(
            zip(*(hits.groupby(keys, sort=False).head(5)[k] for k in keys), strict=True),
            _records(hits.groupby(keys, sort=False).head(5)),
            strict=True,
        ):
            evidence.setdefault(key, []).append(record)
        drafts = []
        for (agency, rule_id), row in worst.iterrows():
            level = int(row["severity"])
            found = sorted(map(str, sources.get((agency, rule_id), [])))
            count = int(counts[(agency, rule_id)])
            drafts.append(
                AlertDraft(
                    rule_id=self.id,
                    domain=DOMAIN,
                    category="intrusion",
                    severity=_alert_severity(level),
                    title=f"ATTT mức {SEVERITY_LABELS_VI[level]}: {row['rule_name'] or rule_id} ({agency})",
                    message=(
                        f"{count} sự kiện mức {SEVERITY_LABELS_VI[level].lower()} tại {agency} từ "
                        f"{', '.join(found[:5]) or '—'}{' …' if len(found) > 5 else ''} "
                        f"(nguồn: {row['event_module']})."
                    ),
                    observed_at=row["time"],
                    table_name=EVENTS,
                    entity_id=f"{agency}|{rule_id}",
                    value=float(count),
                    source_rows=evidence[(agency, rule_id)],
                    audiences=(Audience("agency", agency),),
                )
            )
        return drafts


def _window_counts(times: pd.Series, window: timedelta) -> np.ndarray:
    """For each time (sorted), how many times fall in the ``window`` ending at it."""
    values = times.sort_values().to_numpy(dtype="datetime64[us]")
    starts = np.searchsorted(values, values - np.timedelta64(int(window.total_seconds() * 1e6), "us"), side="left")
    return np.arange(1, len(values) + 1) - starts


def _busiest_window(frame: pd.DataFrame, keys: list[str], window: timedelta) -> np.ndarray:
    """For each row, the most rows of its group (same ``keys``) within any ``window`` ending
    at one of them: :func:`_window_counts`' maximum, for every group at once."""
    if frame.empty:
        return np.zeros(0, dtype="int64")
    codes = frame.groupby(keys, sort=False).ngroup().to_numpy()
    times = frame["time"].to_numpy(dtype="datetime64[us]").astype("int64")
    order = np.lexsort((times, codes))
    group, time = codes[order], times[order] - times.min()
    width = int(window.total_seconds() * 1e6)
    span = int(time.max()) + width + 1
    if (int(group.max()) + 1) * span >= 2**62:  # too long a stretch to lay the groups end to end
        return np.full(len(frame), np.iinfo("int64").max)
    # the groups one after the other on one time line, far enough apart that a window never
    # reaches into the group before: one search gives each row's window start
    line = group * span + time
    counts = np.arange(1, len(line) + 1) - np.searchsorted(line, line - width, side="left")
    busiest = np.zeros(int(group.max()) + 1, dtype="int64")
    np.maximum.at(busiest, group, counts)
    return busiest[codes]


@dataclass(frozen=True)
class BurstRule:
    """One signature from one source at least ``burst.count`` times within ``burst.minutes``."""

    id: str = "infosec.signature_burst"
    table: str = EVENTS
    domain: str = DOMAIN

    def evaluate(self, batch: pd.DataFrame, datalayer: DataLayer | None = None) -> list[AlertDraft]:
        config = _config(datalayer).burst
        window = timedelta(minutes=config.minutes)
        detections = batch[(batch["severity"] >= 1) & batch["source_ip"].notna() & batch["rule_id"].notna()]
        if detections.empty:
            return []
        frame = _lookback(detections, datalayer, window)
        frame = frame[(frame["severity"] >= 1) & frame["source_ip"].notna() & frame["rule_id"].notna()]
        wanted = set(zip(detections["source_ip"], detections["rule_id"], strict=True))
        # only the pairs whose busiest window reaches the count are looked at one by one (a
        # year's batch holds thousands of pairs; pandas makes a frame for each it iterates)
        frame = frame[_busiest_window(frame, ["source_ip", "rule_id"], window) >= config.count]
        drafts = []
        for (source, rule_id), group in frame.groupby(["source_ip", "rule_id"], sort=True):
            if (source, rule_id) not in wanted or len(group) < config.count:
                continue
            counts = _window_counts(group["time"], window)
            if counts.max() < config.count:
                continue
            ordered = group.sort_values("time")
            peak = ordered.iloc[int(np.argmax(counts))]
            in_peak = ordered[(ordered["time"] >= peak["time"] - window) & (ordered["time"] <= peak["time"])]
            agencies = sorted(in_peak["agency"].dropna().astype(str).unique())
            drafts.append(
                AlertDraft(
                    rule_id=self.id,
                    domain=DOMAIN,
                    category="intrusion",
                    severity="high",
                    title=f"Tấn công dồn dập: {peak['rule_name'] or rule_id} từ {source}",
                    message=(
                        f"{int(counts.max())} lần trong {config.minutes} phút (ngưỡng {config.count}) từ {source}"
                        f"{' vào ' + ', '.join(agencies) if agencies else ''}."
                    ),
                    observed_at=peak["time"],
                    table_name=EVENTS,
                    entity_id=f"{agencies[0] if len(agencies) == 1 else '*'}|{source}|{rule_id}",
                    value=float(counts.max()),
                    source_rows=_evidence(ordered.tail(5)),
                    audiences=tuple(Audience("agency", a) for a in agencies),
                    dedupe_window=timedelta(hours=1),
                )
            )
        return drafts


def _campaign_candidates(frame: pd.DataFrame, window: timedelta, agencies: int) -> list[Any]:
    """The sources that may reach ``agencies`` agencies in the ``window`` before their last
    detection, counted for all sources at once; :class:`CampaignRule` checks each one as
    before (a row with no destination counts here, whatever it does there)."""
    if frame.empty:
        return []
    ends = frame.groupby("source_ip", sort=False)["time"].transform("max")
    own = (frame["destination_ip"] == frame["source_ip"]).fillna(False).to_numpy(dtype=bool)
    recent = frame[(frame["time"] >= ends - window).to_numpy(dtype=bool) & ~own]
    reached = recent.groupby("source_ip", sort=False)["agency"].nunique()
    return reached.index[reached >= agencies].tolist()


@dataclass(frozen=True)
class CampaignRule:
    """One source attacking at least ``campaign.agencies`` agencies within ``campaign.hours``."""

    id: str = "infosec.multi_agency_source"
    table: str = EVENTS
    domain: str = DOMAIN

    def evaluate(self, batch: pd.DataFrame, datalayer: DataLayer | None = None) -> list[AlertDraft]:
        config = _config(datalayer).campaign
        window = timedelta(hours=config.hours)
        detections = batch[(batch["severity"] >= 1) & batch["source_ip"].notna() & batch["agency"].notna()]
        if detections.empty:
            return []
        frame = _lookback(detections, datalayer, window)
        frame = frame[
            (frame["severity"] >= 1) & frame["agency"].notna() & frame["source_ip"].isin(set(detections["source_ip"]))
        ]
        frame = frame[frame["source_ip"].isin(_campaign_candidates(frame, window, config.agencies))]
        drafts = []
        for source, group in frame.groupby("source_ip", sort=True):
            end = group["time"].max()
            recent = group[group["time"] >= end - window]
            # a source inside one agency's own range is that agency's host, not a campaign
            recent = recent[recent["destination_ip"] != source]
            agencies = sorted(recent["agency"].astype(str).unique())
            if len(agencies) < config.agencies:
                continue
            drafts.append(
                AlertDraft(
                    rule_id=self.id,
                    domain=DOMAIN,
                    category="campaign",
                    severity="critical",
                    title=f"Chiến dịch tấn công nhiều cơ quan từ {source}",
                    message=f"{source} tấn công {len(agencies)} cơ quan trong {config.hours} giờ: {', '.join(agencies)}.",
                    observed_at=end,
                    table_name=EVENTS,
                    entity_id=f"*|{source}",
                    value=float(len(agencies)),
                    source_rows=_evidence(recent.sort_values("time").drop_duplicates("agency")),
                    audiences=tuple(Audience("agency", a) for a in agencies),
                    dedupe_window=timedelta(hours=24),
                )
            )
        return drafts


@dataclass(frozen=True)
class MalwareRule:
    """Malware seen on an agency host: one alert per host and indicator."""

    id: str = "infosec.malware_on_host"
    table: str = "infosec.malware"
    domain: str = DOMAIN

    def evaluate(self, batch: pd.DataFrame, datalayer: DataLayer | None = None) -> list[AlertDraft]:
        drafts = []
        for row in batch.to_dict("records"):
            agency = row.get("agency") if isinstance(row.get("agency"), str) else None
            drafts.append(
                AlertDraft(
                    rule_id=self.id,
                    domain=DOMAIN,
                    category="malware",
                    severity="critical",
                    title=f"Mã độc {row.get('family') or row['indicator']} trên máy {row['host']}",
                    message=(
                        f"Phát hiện mã độc {row.get('family') or '—'} (mã băm {row.get('file_hash') or '—'}) trên "
                        f"{row['host']}{' của ' + agency if agency else ''}, {row.get('sightings') or 1} lần."
                    ),
                    observed_at=row["last_seen"],
                    table_name=self.table,
                    entity_id=f"{agency or '-'}|{row['host']}|{row['indicator']}",
                    value=float(row.get("sightings") or 1),
                    source_rows=_evidence(pd.DataFrame([row]).drop(columns=["raw"], errors="ignore")),
                    audiences=(Audience("agency", agency),) if agency else (),
                    dedupe_window=timedelta(hours=24),
                )
            )
        return drafts


@dataclass(frozen=True)
class BlocklistRule:
    """An agency host talking to (or contacted by) a blocklisted address."""

    id: str = "infosec.blocklisted_address"
    table: str = EVENTS
    domain: str = DOMAIN

    def evaluate(self, batch: pd.DataFrame, datalayer: DataLayer | None = None) -> list[AlertDraft]:
        blocklist = load_blocklist(_config(datalayer).blocklist)
        if not len(blocklist) or batch.empty:
            return []
        src_hit, dst_hit = (
            _each_distinct(batch[name], lambda a: a in blocklist) for name in ("source_ip", "destination_ip")
        )
        rows = batch[(src_hit | dst_hit) & batch["agency"].notna()].copy()
        if rows.empty:
            return []
        rows["listed"] = np.where(dst_hit[rows.index], rows["destination_ip"], rows["source_ip"])
        rows["inside"] = np.where(dst_hit[rows.index], rows["source_ip"], rows["destination_ip"])
        drafts = []
        for (agency, inside, listed), group in rows.groupby(["agency", "inside", "listed"], sort=True):
            drafts.append(
                AlertDraft(
                    rule_id=self.id,
                    domain=DOMAIN,
                    category="blocklist",
                    severity="high",
                    title=f"Máy {inside} ({agency}) kết nối địa chỉ bị chặn {listed}",
                    message=f"{len(group)} kết nối/sự kiện giữa {inside} và {listed} (danh sách chặn).",
                    observed_at=group["time"].max(),
                    table_name=self.table,
                    entity_id=f"{agency}|{inside}|{listed}",
                    value=float(len(group)),
                    source_rows=_evidence(group),
                    audiences=(Audience("agency", str(agency)),),
                )
            )
        return drafts


@dataclass(frozen=True)
class SilentSensorRule:
    """A sensor that stopped sending: silent for longer than its own rhythm allows.

    A sensor is watched once it sent at least ``min_events`` events in the last
    ``watch_days`` days; it is silent when nothing came for longer than
    ``sensor_silence_hours`` or ``rhythm`` times its mean interval, whichever is longer (a
    host agent that logs a few alerts a day is not silent after two hours). Project choices.
    """

    id: str = "infosec.silent_sensor"
    table: str = EVENTS
    domain: str = DOMAIN
    watch_days: int = 30
    min_events: int = 10
    rhythm: float = 5.0

    def evaluate_at(self, datalayer: DataLayer, now: pd.Timestamp) -> list[AlertDraft]:
        floor = timedelta(hours=_config(datalayer).sensor_silence_hours)
        last = datalayer.sql(
            "SELECT observer_name, min(time) AS first_seen, max(time) AS last_seen, count(*) AS n FROM infosec.events "
            "WHERE time >= ? AND time <= ? AND observer_name IS NOT NULL GROUP BY 1 ORDER BY 1",
            [now - timedelta(days=self.watch_days), now],
        )
        drafts = []
        for row in last.to_dict("records"):
            if row["n"] < self.min_events:
                continue
            first, seen = (as_utc(row[c]) for c in ("first_seen", "last_seen"))
            allowed = max(floor, (seen - first) / max(row["n"] - 1, 1) * self.rhythm)
            quiet = now - seen
            if quiet <= allowed:
                continue
            hours = round(quiet.total_seconds() / 3600, 1)
            drafts.append(
                AlertDraft(
                    rule_id=self.id,
                    domain=DOMAIN,
                    category="sensor",
                    severity="warning",
                    title=f"Cảm biến {row['observer_name']} im lặng {hours} giờ",
                    message=f"Không nhận dữ liệu từ {row['observer_name']} từ {seen:%d/%m/%Y %H:%M} UTC.",
                    observed_at=now,
                    table_name=EVENTS,
                    entity_id=f"-|{row['observer_name']}",
                    value=hours,
                    source_rows=[{"observer_name": row["observer_name"], "last_seen": seen.isoformat()}],
                    dedupe_window=timedelta(hours=24),
                )
            )
        return drafts


def default_rules() -> tuple[Any, ...]:
    """The rules the plugin registers."""
    return (
        SeverityRule(),
        BurstRule(),
        CampaignRule(),
        MalwareRule(),
        BlocklistRule(),
        BlocklistRule(id="infosec.blocklisted_address_conn", table="infosec.connections"),
        SilentSensorRule(),
    )


__all__ = [
    "BlocklistRule",
    "BurstRule",
    "CampaignRule",
    "MalwareRule",
    "SeverityRule",
    "SilentSensorRule",
    "default_rules",
]
