"""The Decision 766/QĐ-TTg index: scores of service quality per agency or unit and period.

Quyết định 766/QĐ-TTg (23/6/2022) scores every agency on 100 points in 5 groups from the
TTHC catalogue, the synced dossiers and the feedback (PAKN) system. This module computes it
from the lake (DuckDB over ``public_admin.*``) for a month, quarter, 6 months, 9 months or a
year, with one :class:`Score` per indicator that explains itself (numerator, denominator,
ratio, target, points).

The formulas are those of ``shared/reference/public-admin.md``. Every number is rounded to
2 decimals, half up: first the ratio (in %), then the points ``min(max, ratio / target × max)``,
then each group as the sum of its rounded indicators, the total as the sum of the groups.

Readings the reference leaves open, taken here and pinned in the tests (project choices):

- *Dossiers of a period* are those with ``NgayTiepNhan`` in it; events are read up to the
  period's end. 6 and 9 months run from 1 January.
- 2.1: the end of processing is the first "finished", else "result returned", else
  paused/refused, else withdrawn, else (a single supplement request not yet answered) the
  request, else ``NgayKetThucXuLy`` of a closed dossier, else the end of the period. The time
  between one supplement request and its return is subtracted; more than one request is late.
  Without NgayHenTra the statutory duration (working days from NgayTiepNhan) is the limit;
  without either the dossier counts as late.
- 3.1–3.3 share the group's 12 points equally (4 each): the sources give only the group.
- 3.3 counts an online dossier only if the TTHC returns no paper result or the dossier has
  an electronic result (``MaKetQua`` and a link), and multiplies by the 1.4 sync ratio.
- 3.6 leaves out dossiers whose fees are all 0 (also those listing no fee at all).
- 4.1: dossiers with an electronic result / dossiers finished (status 9 or 10).
- 4.2 is scored linearly (the portal's behaviour, not the document's "full at ≥ 80 %").
- 4.3 counts documents (TaiLieuNop reused from the Kho / all); 4.4 counts digitized dossiers
  with at least one document from the Kho; 4.6 (portal only, "chứng thực bản sao điện tử")
  counts dossiers of certification TTHC with an electronic result.
- 5.2: an unanswered PAKN whose deadline is after the period's end is not late; a PAKN
  without an action is given the answer deadline (15 working days).
- 5.3: a PAKN counts once as unsatisfied (dislikes > likes, late, or repeated).
- 5.4: 100 % − (late-dossier rate + rate of dossiers with a PAKN or a dislike), at least 0.
- Zero denominators: 5.2 and 5.3 get **full points** (the portal: 6/6 with 0/0); every
  other indicator gets 0 and shows its ratio as N/A ("hiển thị 0 hoặc N/A"). 1.4 with no
  synced and no reported dossier is 0 (last year's average only changes the denominator).
- Per unit, the catalogue indicators (1.x, 3.1, 3.2, 3.5, 4.5a) use the TTHC the unit has
  dossiers of; per agency, the TTHC of the agency. The province-level publication deadlines
  apply (announcement ≥ 5 working days before effect, publication ≤ 5 after it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ioc.calendar import WorkingCalendar
from ioc.config import site_timezone
from ioc.tables import text_isin
from ioc_plugins.public_admin.codes import PAKN_DEADLINES

if TYPE_CHECKING:
    from ioc.datalayer import DataLayer

PERIOD_KINDS = ("month", "quarter", "6months", "9months", "year")
PERIOD_LABELS = {"month": "Tháng", "quarter": "Quý", "6months": "6 tháng", "9months": "9 tháng", "year": "Năm"}
#: Days of notice a province gives before a TTHC takes effect / for publication (reference, 1.1, 1.2).
ANNOUNCE_NOTICE_DAYS = 5
PUBLISH_WITHIN_DAYS = 5
CITIZEN_SUBJECTS = ("citizen", "overseas_vietnamese", "foreigner")


@dataclass(frozen=True)
class Indicator:
    """One indicator of the index: its code, group, name, maximum points and target ratio."""

    code: str
    group: str
    name: str
    points: float
    target: float = 100.0
    full_when_empty: bool = False


GROUPS: dict[str, tuple[str, float]] = {
    "CKMB": ("Công khai, minh bạch", 18),
    "TDGQ": ("Tiến độ, kết quả giải quyết", 20),
    "ONLINE_SERVICE": ("Cung cấp dịch vụ công trực tuyến", 22),
    "MDSH": ("Số hóa hồ sơ", 22),
    "MDHL": ("Mức độ hài lòng", 18),
}

INDICATORS: tuple[Indicator, ...] = (
    Indicator("1.1", "CKMB", "Tỷ lệ TTHC công bố đúng hạn", 6),
    Indicator("1.2", "CKMB", "Tỷ lệ TTHC cập nhật, công khai đúng hạn", 4),
    Indicator("1.3", "CKMB", "Tỷ lệ TTHC công khai đầy đủ nội dung", 2),
    Indicator("1.4", "CKMB", "Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG", 6),
    Indicator("2.1", "TDGQ", "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn", 20),
    Indicator("2.2", "TDGQ", "Thời gian giải quyết trung bình (ngày, tham khảo)", 0),
    Indicator("3.1", "ONLINE_SERVICE", "Tỷ lệ TTHC cung cấp DVCTT", 4, 80),
    Indicator("3.2", "ONLINE_SERVICE", "Tỷ lệ DVCTT có phát sinh hồ sơ", 4),
    Indicator("3.3", "ONLINE_SERVICE", "Tỷ lệ hồ sơ nộp trực tuyến", 4, 50),
    Indicator("3.5", "ONLINE_SERVICE", "Tỷ lệ TTHC có NVTC tích hợp thanh toán trên DVCQG", 2, 80),
    Indicator("3.5b", "ONLINE_SERVICE", "Tỷ lệ TTHC có giao dịch thanh toán trực tuyến", 2, 80),
    Indicator("3.6", "ONLINE_SERVICE", "Tỷ lệ hồ sơ thanh toán trực tuyến", 6),
    Indicator("4.1", "MDSH", "Tỷ lệ hồ sơ có kết quả giải quyết điện tử", 6),
    Indicator("4.2", "MDSH", "Tỷ lệ hồ sơ thực hiện số hóa", 4),
    Indicator("4.3", "MDSH", "Tỷ lệ khai thác, sử dụng lại dữ liệu số hóa", 2, 80),
    Indicator("4.4", "MDSH", "Tỷ lệ hồ sơ số hóa kết nối, chia sẻ với Kho dữ liệu", 4),
    Indicator("4.5a", "MDSH", "Tỷ lệ TTHC kết nối dữ liệu dân cư", 2),
    Indicator("4.5b", "MDSH", "Tỷ lệ hồ sơ sử dụng dữ liệu CSDLQG dân cư", 2),
    Indicator("4.6", "MDSH", "Tỷ lệ chứng thực bản sao điện tử từ bản chính", 2),
    Indicator("5.1", "MDHL", "Tỷ lệ PAKN về quy định TTHC (tham khảo)", 0),
    Indicator("5.2", "MDHL", "Tỷ lệ PAKN xử lý đúng hạn", 6, full_when_empty=True),
    Indicator("5.3", "MDHL", "Tỷ lệ hài lòng xử lý PAKN", 6, full_when_empty=True),
    Indicator("5.4", "MDHL", "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC", 6, 90),
)
BY_CODE = {indicator.code: indicator for indicator in INDICATORS}


def round2(value: float) -> float:
    """Round half up to 2 decimals (as the portal shows: 99.845 → 99.85, not banker's rounding)."""
    return float(Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Score:
    """One indicator's result for one agency or unit, with what it was computed from."""

    code: str
    numerator: float | None
    denominator: float | None
    ratio: float | None  # percent, 2 decimals; None = N/A (zero denominator)
    points: float

    @property
    def indicator(self) -> Indicator:
        return BY_CODE[self.code]


def score(code: str, numerator: float, denominator: float) -> Score:
    """Points of one indicator: ``min(max, ratio / target × max)``, with the zero-denominator rule."""
    indicator = BY_CODE[code]
    if not denominator:
        return Score(code, numerator, denominator, None, indicator.points if indicator.full_when_empty else 0.0)
    ratio = round2(100 * numerator / denominator)
    return Score(
        code, numerator, denominator, ratio, round2(min(indicator.points, ratio / indicator.target * indicator.points))
    )


def ratio_score(code: str, ratio: float | None, numerator: float, denominator: float) -> Score:
    """Points from a ratio (in %) computed by a composite formula (3.3, 5.4)."""
    indicator = BY_CODE[code]
    if ratio is None:
        return Score(code, numerator, denominator, None, 0.0)
    ratio = round2(max(ratio, 0.0))
    return Score(
        code, numerator, denominator, ratio, round2(min(indicator.points, ratio / indicator.target * indicator.points))
    )


# ---------------------------------------------------------------------------- periods
def period_bounds(
    kind: str, year: int, index: int = 1, time_zone: str | None = None
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """``[start, end)`` in UTC of a reporting period, from local midnight (site time zone).

    ``index`` is the month (1–12) or quarter (1–4); 6 and 9 months and the year start on 1 January.
    """
    if kind not in PERIOD_KINDS:
        raise ValueError(f"kỳ không hợp lệ {kind!r} (period kind: one of {PERIOD_KINDS})")
    if kind == "month":
        first, months = index, 1
    elif kind == "quarter":
        first, months = 3 * (index - 1) + 1, 3
    else:
        first, months = 1, {"6months": 6, "9months": 9, "year": 12}[kind]
    if not 1 <= first <= 12:
        raise ValueError(f"chỉ số kỳ không hợp lệ {index} (period index)")
    zone = time_zone or site_timezone()
    start = pd.Timestamp(year=year, month=first, day=1).tz_localize(zone)
    end = start + pd.DateOffset(months=months)
    return start.tz_convert("UTC"), end.tz_convert("UTC")


def period_label(kind: str, year: int, index: int = 1) -> str:
    """Vietnamese name of a period: ``Tháng 3/2026``, ``Quý 1/2026``, ``6 tháng 2026``."""
    if kind in ("month", "quarter"):
        return f"{PERIOD_LABELS[kind]} {index}/{year}"
    return f"{PERIOD_LABELS[kind]} {year}"


# ---------------------------------------------------------------------------- inputs from the lake
@dataclass
class Inputs:
    """What the index is computed from: catalogue, dossier facts, feedback of one period."""

    procedures: pd.DataFrame
    dossiers: pd.DataFrame
    feedback: pd.DataFrame
    start: pd.Timestamp
    end: pd.Timestamp


_DOSSIER_FACTS = """
WITH ev AS (
  SELECT dossier_code,
    min("at") FILTER (WHERE action = 'finished') AS ev_finished,
    min("at") FILTER (WHERE action = 'result_returned') AS ev_returned,
    min("at") FILTER (WHERE action IN ('paused', 'refused')) AS ev_stopped,
    min("at") FILTER (WHERE action = 'withdrawn') AS ev_withdrawn,
    count(*) FILTER (WHERE action = 'supplement_requested') AS supplement_requests,
    min("at") FILTER (WHERE action = 'supplement_requested') AS supplement_requested,
    min("at") FILTER (WHERE action = 'supplement_returned') AS supplement_returned
  FROM {events} WHERE "at" < ? GROUP BY dossier_code)
SELECT d.code, d.procedure_code, d.agency_code, d.unit_code, d.channel, d.received_at, d.due_at,
  d.finished_at, d.status, d.result_code, d.result_url, d.digitized, d.documents, d.documents_reused,
  d.vneid, d.fee_total, d.paid_online, d.synced, d.disliked,
  ev.* EXCLUDE (dossier_code)
FROM {dossiers} d LEFT JOIN ev ON ev.dossier_code = d.code
WHERE d.received_at >= ? AND d.received_at < ?
"""


def load_inputs(datalayer: DataLayer, start: pd.Timestamp, end: pd.Timestamp) -> Inputs:
    """Read one period's inputs from the lake (empty frames where a table has no data yet)."""

    def has(name: str) -> bool:
        return datalayer.version(name) is not None

    procedures = datalayer.read("public_admin.procedures") if has("public_admin.procedures") else None
    if procedures is None:
        procedures = datalayer.table("public_admin.procedures").empty_frame()
    if has("public_admin.dossiers"):
        events = "public_admin.dossier_events" if has("public_admin.dossier_events") else _NO_EVENTS
        query = _DOSSIER_FACTS.format(events=events, dossiers="public_admin.dossiers")
        dossiers = datalayer.sql(query, [end, start, end])
    else:
        dossiers = pd.DataFrame(columns=_FACT_COLUMNS)
    feedback = (
        datalayer.read("public_admin.feedback", start=start, end=end)
        if has("public_admin.feedback")
        else datalayer.table("public_admin.feedback").empty_frame()
    )
    return Inputs(procedures, dossiers, feedback, start, end)


_NO_EVENTS = '(SELECT NULL::VARCHAR AS dossier_code, NULL::VARCHAR AS action, NULL::TIMESTAMPTZ AS "at" WHERE false)'
_FACT_COLUMNS = [
    "code", "procedure_code", "agency_code", "unit_code", "channel", "received_at", "due_at", "finished_at",
    "status", "result_code", "result_url", "digitized", "documents", "documents_reused", "vneid", "fee_total",
    "paid_online", "synced", "disliked", "ev_finished", "ev_returned", "ev_stopped", "ev_withdrawn",
    "supplement_requests", "supplement_requested", "supplement_returned",
]  # fmt: skip


# ---------------------------------------------------------------------------- per-dossier facts
def _utc(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, utc=True)


def on_time(
    dossiers: pd.DataFrame, procedures: pd.DataFrame, period_end: pd.Timestamp, calendar: WorkingCalendar
) -> pd.Series:
    """Indicator 2.1 per dossier: processed before or on its deadline (see the module notes)."""
    if dossiers.empty:
        return pd.Series(dtype=bool)
    frame = dossiers
    closed_end = _utc(frame["finished_at"]).where(frame["status"].isin([3, 7, 8, 9, 10]))
    requests = frame["supplement_requests"].fillna(0).astype(int)
    requested, returned = _utc(frame["supplement_requested"]), _utc(frame["supplement_returned"])
    waiting = (requests == 1) & (returned.isna() | (returned < requested))
    end = (
        _utc(frame["ev_finished"])
        .fillna(_utc(frame["ev_returned"]))
        .fillna(_utc(frame["ev_stopped"]))
        .fillna(_utc(frame["ev_withdrawn"]))
        .fillna(requested.where(waiting))
        .fillna(closed_end)
        .fillna(period_end)
    )
    paused = ((returned - requested).where((requests == 1) & ~waiting & (returned <= end))).fillna(pd.Timedelta(0))
    effective = end - paused
    due = _utc(frame["due_at"])
    result = (effective <= due).where(due.notna(), False)
    durations = dict(zip(procedures["code"], procedures["duration_days"]))
    for index in frame.index[due.isna()]:
        days = durations.get(frame.at[index, "procedure_code"])
        received = frame.at[index, "received_at"]
        if days is None or pd.isna(days) or pd.isna(received):
            continue  # no deadline at all: late (module notes)
        limit = calendar.add_working_days(pd.Timestamp(received).to_pydatetime(), int(days))
        result.at[index] = effective.at[index] <= pd.Timestamp(limit)
    return result.astype(bool) & (requests <= 1)


# ---------------------------------------------------------------------------- scoring
def _in_period(values: pd.Series, start: date, end: date) -> pd.Series:
    days = pd.to_datetime(values).astype("datetime64[us]")
    return (days.notna() & (days >= pd.Timestamp(start)) & (days < pd.Timestamp(end))).fillna(False).astype(bool)


def score_entity(
    procedures: pd.DataFrame,
    dossiers: pd.DataFrame,
    feedback: pd.DataFrame,
    start: pd.Timestamp,
    end: pd.Timestamp,
    calendar: WorkingCalendar,
) -> list[Score]:
    """Every indicator for one agency or unit, from its own catalogue, dossiers and feedback."""
    zone = calendar.time_zone
    local_start, local_end = start.tz_convert(zone).date(), end.tz_convert(zone).date()
    scores = _publication(procedures, local_start, local_end, calendar)
    synced = int(dossiers["synced"].fillna(False).astype(bool).sum())
    sync_score = score("1.4", synced, max(len(dossiers), synced))
    scores.append(sync_score)
    timely = on_time(dossiers, procedures, end, calendar)
    scores.append(score("2.1", int(timely.sum()), len(dossiers)))
    scores.append(_average_days(dossiers))
    scores.extend(_online(procedures, dossiers, sync_score))
    scores.extend(_digitization(procedures, dossiers))
    scores.extend(_satisfaction(dossiers, feedback, timely, end, calendar))
    return scores


def _flag(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].astype("boolean").fillna(False).astype(bool) if len(frame) else pd.Series(dtype=bool)


def _publication(procedures: pd.DataFrame, start: date, end: date, calendar: WorkingCalendar) -> list[Score]:
    announced = procedures[_in_period(procedures["announced_on"], start, end)]
    on_time = [
        pd.notna(row.effective_on)
        and pd.Timestamp(row.announced_on).date()
        <= calendar.add_working_days(pd.Timestamp(row.effective_on).date(), -ANNOUNCE_NOTICE_DAYS)
        for row in announced.itertuples()
    ]
    published = procedures[_in_period(procedures["published_on"], start, end)]
    published_on_time = [
        pd.notna(row.announced_on)
        and pd.Timestamp(row.published_on).date()
        <= calendar.add_working_days(pd.Timestamp(row.announced_on).date(), PUBLISH_WITHIN_DAYS)
        for row in published.itertuples()
    ]
    announced_before_end = pd.to_datetime(procedures["announced_on"]).astype("datetime64[us]") < pd.Timestamp(end)
    waiting = procedures[
        procedures["published_on"].isna()
        & procedures["publication_status"].isin(["public", "public_amended", "repealed"]).fillna(False)
        & announced_before_end.fillna(False)
    ]
    full = int((procedures["content_parts"].fillna(0) >= 7).sum())
    return [
        score("1.1", sum(on_time), len(announced)),
        score("1.2", sum(published_on_time), len(published) + len(waiting)),
        score("1.3", full, len(procedures)),
    ]


def _average_days(dossiers: pd.DataFrame) -> Score:
    if dossiers.empty:
        return Score("2.2", None, 0, None, 0.0)
    end = _utc(dossiers["ev_finished"]).fillna(_utc(dossiers["finished_at"]))
    days = ((end - _utc(dossiers["received_at"])).dt.total_seconds() / 86400).dropna()
    return Score(
        "2.2", round2(days.sum()) if len(days) else None, len(days), round2(days.mean()) if len(days) else None, 0.0
    )


def _online(procedures: pd.DataFrame, dossiers: pd.DataFrame, sync: Score) -> list[Score]:
    online_procedures = procedures[procedures["online_level"].isin(["partial", "full"]).fillna(False)]
    live = online_procedures[online_procedures["publication_status"].fillna("public") != "repealed"]
    e_result = dossiers["result_code"].notna() & dossiers["result_url"].notna()
    paper = dossiers["procedure_code"].map(dict(zip(procedures["code"], _flag(procedures, "paper_result"))))
    online = (dossiers["channel"] == 2).fillna(False) & (~paper.fillna(False).astype(bool) | e_result)
    with_online = set(dossiers.loc[(dossiers["channel"] == 2).fillna(False), "procedure_code"])
    share = 100 * online.sum() / len(dossiers) if len(dossiers) else None
    ratio_33 = None if share is None or sync.ratio is None else share * sync.ratio / 100
    fee_procedures = procedures[_flag(procedures, "has_fee")]
    fee_codes = set(fee_procedures["code"])
    fee_dossiers = dossiers[dossiers["procedure_code"].isin(fee_codes)]
    charged = fee_dossiers[fee_dossiers["fee_total"].fillna(0) > 0]
    paid = charged["paid_online"].notna()
    paying_procedures = set(fee_dossiers.loc[fee_dossiers["paid_online"].notna(), "procedure_code"])
    return [
        score("3.1", len(online_procedures), len(procedures)),
        score("3.2", int(live["code"].isin(with_online).sum()), len(live)),
        ratio_score("3.3", ratio_33, int(online.sum()), len(dossiers)),
        score("3.5", int(_flag(fee_procedures, "payment_integrated").sum()), len(fee_procedures)),
        score("3.5b", len(paying_procedures & fee_codes), len(fee_procedures)),
        score("3.6", int(paid.sum()), len(charged)),
    ]


def _digitization(procedures: pd.DataFrame, dossiers: pd.DataFrame) -> list[Score]:
    e_result = dossiers["result_code"].notna() & dossiers["result_url"].notna()
    finished = dossiers["status"].isin([9, 10]).fillna(False)
    digitized = _flag(dossiers, "digitized")
    reused = dossiers["documents_reused"].fillna(0)
    subjects = procedures["subjects"].fillna("").str.split(";")
    for_citizens = subjects.map(lambda parts: any(p.strip() in CITIZEN_SUBJECTS for p in parts)).astype(bool)
    certification = set(procedures.loc[_flag(procedures, "certification"), "code"])
    certified = dossiers["procedure_code"].isin(certification)
    population = _flag(dossiers, "vneid") | (reused > 0)
    return [
        score("4.1", int((e_result & finished).sum()), int(finished.sum())),
        score("4.2", int(digitized.sum()), len(dossiers)),
        score("4.3", int(reused.sum()), int(dossiers["documents"].fillna(0).sum())),
        score("4.4", int((digitized & (reused > 0)).sum()), int(digitized.sum())),
        score("4.5a", int(_flag(procedures[for_citizens], "population_data").sum()), int(for_citizens.sum())),
        score("4.5b", int(population.sum()), len(dossiers)),
        score("4.6", int((certified & e_result).sum()), int(certified.sum())),
    ]


def pakn_on_time(feedback: pd.DataFrame, period_end: pd.Timestamp, calendar: WorkingCalendar) -> pd.Series:
    """Indicator 5.2 per PAKN: handled within its action's deadline (working days)."""
    result = []
    for row in feedback.itertuples():
        start = row.forwarded_at if pd.notna(row.forwarded_at) else row.sent_at
        days = PAKN_DEADLINES.get(row.action if isinstance(row.action, str) else "answer", 15)
        deadline = pd.Timestamp(calendar.add_working_days(pd.Timestamp(start).to_pydatetime(), days))
        if pd.notna(row.handled_at):
            result.append(pd.Timestamp(row.handled_at) <= deadline)
        else:
            result.append(deadline >= period_end)  # not due yet at the end of the period
    return pd.Series(result, index=feedback.index, dtype=bool)


def _satisfaction(
    dossiers: pd.DataFrame, feedback: pd.DataFrame, timely: pd.Series, end: pd.Timestamp, calendar: WorkingCalendar
) -> list[Score]:
    punctual = pakn_on_time(feedback, end, calendar)
    disliked = feedback["dislikes"].fillna(0) > feedback["likes"].fillna(0)
    unhappy = disliked | ~punctual | _flag(feedback, "repeated_dissatisfied")
    about_tthc = int((feedback["kind"] == "tthc").fillna(False).sum())
    complained = text_isin(dossiers["code"], feedback["dossier_code"].dropna()) | _flag(dossiers, "disliked")
    late = int((~timely).sum()) if len(dossiers) else 0
    ratio_54 = 100 - 100 * late / len(dossiers) - 100 * complained.sum() / len(dossiers) if len(dossiers) else None
    return [
        Score("5.1", about_tthc, len(feedback), _share(about_tthc, len(feedback)), 0.0),
        score("5.2", int(punctual.sum()), len(feedback)),
        score("5.3", int((~unhappy).sum()), len(feedback)),
        ratio_score("5.4", ratio_54, late + int(complained.sum()), len(dossiers)),
    ]


def _share(numerator: int, denominator: int) -> float | None:
    return round2(100 * numerator / denominator) if denominator else None


# ---------------------------------------------------------------------------- the index
def compute(
    inputs: Inputs,
    by: str = "agency_code",
    calendar: WorkingCalendar | None = None,
    entities: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The index per agency (``by="agency_code"``) or unit (``by="unit_code"``), one row per indicator.

    Returns
    -------
    pandas.DataFrame
        ``entity, group, code, name, numerator, denominator, ratio, target, max_points, points``.
    """
    calendar = calendar or WorkingCalendar()
    procedures, dossiers, feedback = inputs.procedures, inputs.dossiers, inputs.feedback
    if entities is None:
        found = set(dossiers[by].dropna()) | set(feedback[by].dropna())
        if by == "agency_code":
            found |= set(procedures["agency_code"].dropna())
        entities = sorted(found)
    rows = []
    for entity in entities:
        if by == "agency_code":
            own = procedures[procedures["agency_code"] == entity]
        else:
            own = procedures[procedures["code"].isin(set(dossiers.loc[dossiers[by] == entity, "procedure_code"]))]
        scores = score_entity(
            own,
            dossiers[(dossiers[by] == entity).fillna(False)].reset_index(drop=True),
            feedback[(feedback[by] == entity).fillna(False)].reset_index(drop=True),
            inputs.start,
            inputs.end,
            calendar,
        )
        for item in scores:
            indicator = item.indicator
            rows.append(
                {
                    "entity": entity,
                    "group": indicator.group,
                    "code": item.code,
                    "name": indicator.name,
                    "numerator": item.numerator,
                    "denominator": item.denominator,
                    "ratio": item.ratio,
                    "target": indicator.target,
                    "max_points": indicator.points,
                    "points": item.points,
                }
            )
    columns = ["entity", "group", "code", "name", "numerator", "denominator", "ratio", "target", "max_points", "points"]
    return pd.DataFrame(rows, columns=columns)


def summary(indicators: pd.DataFrame) -> pd.DataFrame:
    """Group scores and the total per entity, best total first (the league table)."""
    columns = ["entity", *GROUPS, "total"]
    if indicators.empty:
        return pd.DataFrame(columns=columns)
    groups = indicators.pivot_table(index="entity", columns="group", values="points", aggfunc="sum").reindex(
        columns=list(GROUPS), fill_value=0.0
    )
    groups = groups.map(round2)
    groups["total"] = groups.sum(axis=1).map(round2)
    table = groups.reset_index().sort_values(["total", "entity"], ascending=[False, True], kind="stable")
    return table[columns].reset_index(drop=True)


def explain(indicators: pd.DataFrame, entity: str) -> pd.DataFrame:
    """One entity's indicators as a table people read: Vietnamese headers, N/A where no data."""
    own = indicators[indicators["entity"] == entity]

    def shown(code: str, ratio: float | None) -> str:
        if ratio is None or (isinstance(ratio, float) and np.isnan(ratio)):
            return "N/A"
        return f"{ratio:.2f} ngày" if code == "2.2" else f"{ratio:.2f}%"

    ratio = pd.Series([shown(c, r) for c, r in zip(own["code"], own["ratio"])], index=own.index, dtype=object)
    return pd.DataFrame(
        {
            "Chỉ số": own["code"].to_numpy(),
            "Tên chỉ số": own["name"].to_numpy(),
            "Tử số": own["numerator"].to_numpy(),
            "Mẫu số": own["denominator"].to_numpy(),
            "Tỷ lệ": ratio.to_numpy(),
            "Mục tiêu": own["target"].map(lambda t: f"{t:g}%").to_numpy(),
            "Điểm tối đa": own["max_points"].to_numpy(),
            "Điểm": own["points"].to_numpy(),
        }
    )


def index_for(datalayer: DataLayer, kind: str, year: int, index: int = 1, by: str = "agency_code") -> pd.DataFrame:
    """The index of one period from the lake (see :func:`compute`)."""
    start, end = period_bounds(kind, year, index, datalayer.settings.site.timezone)
    calendar = WorkingCalendar(time_zone=datalayer.settings.site.timezone)
    return compute(load_inputs(datalayer, start, end), by=by, calendar=calendar)


__all__ = [
    "BY_CODE",
    "GROUPS",
    "INDICATORS",
    "PERIOD_KINDS",
    "Indicator",
    "Inputs",
    "Score",
    "compute",
    "explain",
    "index_for",
    "load_inputs",
    "on_time",
    "period_bounds",
    "period_label",
    "round2",
    "score",
    "summary",
]
