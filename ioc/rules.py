"""Declarative rules evaluated on each written batch (and on a schedule) into alerts.

A rule is anything that satisfies one of two small protocols: a :class:`BatchRule`
(``evaluate(batch, datalayer)``, run on every written batch of its table) or a
:class:`ScheduledRule` (``evaluate_at(datalayer, now)``, run by ``ioc rules check``).
The declarative kinds here are :class:`ThresholdRule` (optionally held for a duration),
:class:`RateOfChangeRule` (batch) and :class:`StalenessRule` (an entity silent for longer
than its expected interval; scheduled); a plugin may write its own (the feedback plugin's
hot-topic rule). A declarative rule only *describes* a condition; :func:`evaluate_batch` and
:func:`evaluate_schedule` turn matches into :class:`AlertDraft` records, and
:mod:`ioc.alerts` stores them. Rules can be backtested by evaluating them on history.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import pandas as pd

if TYPE_CHECKING:
    from ioc.datalayer import DataLayer

SEVERITIES = ("info", "warning", "high", "critical")
_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}


@dataclass(frozen=True)
class Audience:
    """Who a rule's warning goes to: an agency (by code) or the citizens of the area."""

    kind: str  # "agency" | "citizens"
    agency_code: str | None = None


@dataclass
class AlertDraft:
    """An alert before it is stored (see :class:`ioc.store.Alert`)."""

    rule_id: str
    domain: str
    category: str
    severity: str
    title: str
    message: str
    observed_at: pd.Timestamp
    table_name: str | None = None
    entity_id: str | None = None
    value: float | None = None
    unit_code: str | None = None
    lon: float | None = None
    lat: float | None = None
    source_rows: list[dict[str, Any]] = field(default_factory=list)
    audiences: tuple[Audience, ...] = ()
    dedupe_window: timedelta = timedelta(hours=6)

    @property
    def dedupe_key(self) -> str:
        """Same rule, same entity, same window → one alert (a flapping rule stays one alert)."""
        window = int(self.dedupe_window.total_seconds()) or 1
        bucket = int(pd.Timestamp(self.observed_at).timestamp()) // window
        return f"{self.rule_id}|{self.entity_id or '-'}|{bucket}"


@runtime_checkable
class Rule(Protocol):
    """What every rule has: an id, the table it watches and its domain."""

    id: str
    table: str
    domain: str


@runtime_checkable
class BatchRule(Rule, Protocol):
    """A rule evaluated on each newly written batch of ``table``."""

    def evaluate(self, batch: pd.DataFrame, datalayer: DataLayer | None = None) -> list[AlertDraft]:
        """Alerts for the rows of ``batch`` that match (``datalayer`` for rules that look back)."""


@runtime_checkable
class ScheduledRule(Rule, Protocol):
    """A rule evaluated on a schedule, over the stored data (silence, bursts …)."""

    def evaluate_at(self, datalayer: DataLayer, now: pd.Timestamp) -> list[AlertDraft]:
        """Alerts for the situation at ``now``."""


def check_rule(rule: object) -> Rule:
    """Return ``rule`` if it satisfies :class:`BatchRule` or :class:`ScheduledRule`, else raise."""
    if not isinstance(rule, BatchRule | ScheduledRule):
        raise TypeError(
            f"{rule!r} is not a rule: it needs id, table, domain and evaluate(batch, datalayer) "
            f"or evaluate_at(datalayer, now)"
        )
    return rule


@dataclass(frozen=True)
class DeclarativeRule:
    """Fields every declarative rule shares.

    ``title`` and ``message`` are ``str.format`` templates over the matched row plus
    ``value`` and ``threshold``; ``severity`` may be a callable of the matched row.
    """

    id: str
    table: str
    domain: str
    category: str
    title: str
    message: str
    entity: str
    severity: str | Callable[[Mapping[str, Any]], str] = "warning"
    audiences: tuple[Audience, ...] = ()
    dedupe_window: timedelta = timedelta(hours=6)
    where: Callable[[pd.DataFrame], pd.Series] | None = None

    def _draft(
        self, row: Mapping[str, Any], observed_at: Any, value: Any, threshold: Any, table_time: str | None
    ) -> AlertDraft:
        context = {**{k: _plain(v) for k, v in row.items()}, "value": _plain(value), "threshold": threshold}
        severity = self.severity(row) if callable(self.severity) else self.severity
        return AlertDraft(
            rule_id=self.id,
            domain=self.domain,
            category=self.category,
            severity=severity,
            title=_render(self.title, context),
            message=_render(self.message, context),
            observed_at=pd.Timestamp(observed_at),
            table_name=self.table,
            entity_id=str(row.get(self.entity)),
            value=None if value is None or pd.isna(value) else float(value),
            unit_code=_plain(row.get("unit_code")),
            lon=_plain(row.get("lon")),
            lat=_plain(row.get("lat")),
            source_rows=[{k: _json(v) for k, v in row.items()}],
            audiences=self.audiences,
            dedupe_window=self.dedupe_window,
        )

    def _filtered(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame[self.where(frame).fillna(False).astype(bool)] if self.where is not None else frame


@dataclass(frozen=True)
class ThresholdRule(DeclarativeRule):
    """``column <op> threshold``; with ``duration``, held at every observation over that span."""

    column: str = "value"
    op: str = ">="
    threshold: float | str = 0.0
    time_column: str = "time"
    duration: timedelta | None = None

    def evaluate(self, batch: pd.DataFrame, datalayer: DataLayer | None = None) -> list[AlertDraft]:
        frame = self._filtered(batch)
        if frame.empty:
            return []
        threshold = frame[self.threshold] if isinstance(self.threshold, str) else self.threshold
        hit = _OPERATORS[self.op](frame[self.column], threshold).fillna(False).astype(bool)
        matches = frame[hit]
        drafts = []
        # one draft per entity, from its worst matching row (highest for >=, lowest for <=)
        worst_first = matches.sort_values([self.column, self.time_column], ascending=[self.op in ("<", "<="), False])
        for _, row in worst_first.groupby(self.entity, sort=False).head(1).iterrows():
            limit = row[self.threshold] if isinstance(self.threshold, str) else self.threshold
            if self.duration and not self._held(row, limit, frame, datalayer):
                continue
            drafts.append(self._draft(row.to_dict(), row[self.time_column], row[self.column], limit, self.time_column))
        return drafts

    def _held(self, row: pd.Series, limit: Any, batch: pd.DataFrame, datalayer: DataLayer | None) -> bool:
        end = row[self.time_column]
        start = end - self.duration
        history = batch
        if datalayer is not None:
            history = datalayer.read(
                self.table,
                start=start,
                end=end + pd.Timedelta(microseconds=1),
                where=f"\"{self.entity}\" = '{str(row[self.entity]).replace(chr(39), '')}'",
            )
        window = history[
            (history[self.entity] == row[self.entity])
            & (history[self.time_column] >= start)
            & (history[self.time_column] <= end)
        ]
        window = self._filtered(window)
        if window.empty or window[self.time_column].min() > start + pd.Timedelta(minutes=1):
            return False
        return bool(_OPERATORS[self.op](window[self.column], limit).fillna(False).all())


@dataclass(frozen=True)
class RateOfChangeRule(DeclarativeRule):
    """Change of ``column`` per hour at or above ``rate`` (e.g. water rising ≥ 0.2 m/h)."""

    column: str = "value"
    rate_per_hour: float = 0.0
    time_column: str = "time"
    lookback: timedelta = timedelta(hours=1)

    def evaluate(self, batch: pd.DataFrame, datalayer: DataLayer | None = None) -> list[AlertDraft]:
        frame = self._filtered(batch)
        if frame.empty:
            return []
        if datalayer is not None:
            start = frame[self.time_column].min() - self.lookback
            history = self._filtered(
                datalayer.read(
                    self.table, start=start, end=frame[self.time_column].max() + pd.Timedelta(microseconds=1)
                )
            )
            frame = pd.concat([history, frame]).drop_duplicates(subset=[self.entity, self.time_column], keep="last")
        drafts = []
        for _entity, group in frame.sort_values(self.time_column).groupby(self.entity):
            group = group.set_index(self.time_column)
            values = group[self.column].astype(float)
            earlier = values.rolling(self.lookback, closed="both").apply(lambda w: w[0], raw=True)
            elapsed_h = (
                pd.Series(group.index, index=group.index)
                .diff()
                .dt.total_seconds()
                .rolling(self.lookback, closed="both")
                .sum()
                / 3600
            )
            rate = (values - earlier) / elapsed_h.where(elapsed_h > 0)
            hits = rate[rate >= self.rate_per_hour]
            if hits.empty:
                continue
            when = hits.index[-1]
            row = group.loc[when]
            row = (row.iloc[-1] if isinstance(row, pd.DataFrame) else row).to_dict()
            row[self.time_column] = when
            drafts.append(self._draft(row, when, float(hits.iloc[-1]), self.rate_per_hour, self.time_column))
        return drafts


@dataclass(frozen=True)
class StalenessRule(DeclarativeRule):
    """An entity silent for longer than its expected interval (evaluated on a schedule).

    ``expected`` maps entity → expected interval (or is a function of the data layer
    returning that mapping); entities not in it use ``default``, or
    are not watched when ``default`` is ``None`` (archives, stations without a schedule).
    The silence threshold is ``tolerance × expected``.
    """

    time_column: str = "time"
    expected: Mapping[str, timedelta] | Callable[[DataLayer], Mapping[str, timedelta]] = field(default_factory=dict)
    default: timedelta | None = None
    tolerance: float = 3.0

    def evaluate_at(self, datalayer: DataLayer, now: pd.Timestamp) -> list[AlertDraft]:
        last = datalayer.sql(
            f'SELECT "{self.entity}" AS entity, max("{self.time_column}") AS last_seen FROM {self.table} GROUP BY 1'
        )
        seen = dict(zip(last["entity"].astype(str), pd.to_datetime(last["last_seen"], utc=True)))
        expected = self.expected(datalayer) if callable(self.expected) else self.expected
        drafts = []
        for entity in sorted(set(expected) | set(seen)):
            interval = expected.get(entity, self.default)
            if interval is None:
                continue
            last_seen = seen.get(entity)
            silence = now - last_seen if last_seen is not None else None
            if silence is not None and silence <= interval * self.tolerance:
                continue
            row = {
                self.entity: entity,
                "last_seen": last_seen,
                "silence_hours": None if silence is None else round(silence.total_seconds() / 3600, 1),
            }
            drafts.append(self._draft(row, now, row["silence_hours"], interval * self.tolerance, None))
        return drafts


def evaluate_batch(
    rules: Iterable[Rule], table: str, batch: pd.DataFrame, datalayer: DataLayer | None = None
) -> list[AlertDraft]:
    """Evaluate every batch rule on ``table`` against newly written rows."""
    drafts: list[AlertDraft] = []
    for rule in rules:
        if rule.table == table and isinstance(rule, BatchRule) and len(batch):
            drafts.extend(rule.evaluate(batch, datalayer))
    return drafts


def evaluate_schedule(rules: Iterable[Rule], datalayer: DataLayer, now: pd.Timestamp | None = None) -> list[AlertDraft]:
    """Evaluate the scheduled rules (staleness) at ``now``."""
    now = now or pd.Timestamp.now(tz="UTC")
    drafts: list[AlertDraft] = []
    for rule in rules:
        if isinstance(rule, ScheduledRule):
            drafts.extend(rule.evaluate_at(datalayer, now))
    return drafts


def backtest(
    rules: Iterable[Rule], datalayer: DataLayer, table: str, start: Any = None, end: Any = None
) -> pd.DataFrame:
    """Evaluate batch rules over history day by day, without storing anything."""
    history = datalayer.read(table, start=start, end=end)
    rows = []
    rules = [r for r in rules if r.table == table]
    time_column = datalayer.table(table).time_column
    for _, day in history.groupby(history[time_column].dt.floor("D")):
        for draft in evaluate_batch(rules, table, day, None):
            rows.append(
                {
                    "rule_id": draft.rule_id,
                    "entity_id": draft.entity_id,
                    "observed_at": draft.observed_at,
                    "severity": draft.severity,
                    "value": draft.value,
                    "title": draft.title,
                }
            )
    return pd.DataFrame(rows)


def _render(template: str, context: dict[str, Any]) -> str:
    """Fill a rule's text template; a missing value shows as "—", never an exception."""
    try:
        return template.format_map(_Lenient({k: v for k, v in context.items() if v is not None}))
    except (ValueError, TypeError):  # e.g. "{level:.2f}" with a missing level
        plain = re.sub(r"\{(\w+)(?:![rsa])?(?::[^{}]*)?\}", r"{\1}", template)
        return plain.format_map(_Lenient({k: "—" if v is None else v for k, v in context.items()}))


class _Lenient(dict):
    def __missing__(self, key: str) -> str:
        return "—"


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):
        return value.item()
    return value


def _json(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, (pd.Timestamp,)):
        return value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
