"""Demo data: a procedure catalogue, dossiers with their events and PAKN, with planted violations.

The load follows the working-day calendar: dossiers are received on working days only (online
submissions also on days off, received on the next working day), the three weeks before Tết
carry half as much again (people settle papers before the holiday), the Tết holiday itself
nothing. About one dossier in twelve carries a planted violation (a late reception, a late
finish with or without an apology letter, two supplement requests, a stop without a reason, a
step held past its quota, a withdrawal after the due date), so the rules have something to find.
The default scale (~30 dossiers per working day) keeps ``make demo`` quick; ``scale`` multiplies it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
import pandas as pd

from ioc.calendar import WorkingCalendar, lunar_new_year
from ioc.config import site_timezone
from ioc.plugins import DemoContext
from ioc_plugins.public_admin.codes import ACTIONS

UNITS = ("P.VUNGTAU", "P.BARIA", "X.LONGHAI", "X.NGAIGIAO", "X.PHUMY")
# code, name, agency, duration (working days), fee, online level, subjects, paper result, certification
# (illustrative codes in the national catalogue's format; agencies of the site profile)
# fmt: off
PROCEDURES = (
    ("1.003047", "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh", "SYT", 20, 360_000, "partial", "citizen", True, False),
    ("2.000815", "Chứng thực bản sao từ bản chính", "UBND_VT", 1, 2_000, "full", "citizen;foreigner", False, True),
    ("1.001193", "Đăng ký khai sinh", "UBND_VT", 1, 0, "full", "citizen", False, False),
    ("1.009972", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "SXD", 15, 75_000, "partial", "citizen", True, False),
    ("1.009994", "Cấp chứng chỉ hành nghề hoạt động xây dựng", "SXD", 20, 300_000, "partial", "citizen", True, False),
    ("1.004227", "Đăng ký biến động quyền sử dụng đất", "STNMT", 10, 50_000, "partial", "citizen;business", True, False),
    ("2.000889", "Cấp giấy phép khai thác nước dưới đất", "STNMT", 30, 600_000, "none", "business", True, False),
    ("2.001610", "Đăng ký thành lập doanh nghiệp tư nhân", "SKHDT", 3, 50_000, "full", "business", False, False),
    ("2.002042", "Đăng ký thay đổi nội dung đăng ký doanh nghiệp", "SKHDT", 3, 50_000, "full", "business", False, False),
)
# fmt: on
OFFICERS = ("cb.an", "cb.binh", "cb.chi", "cb.dung", "cb.giang", "cb.hoa")
PLANTS = ("late_reception", "overdue", "overdue_apology", "repeated_supplement", "missing_reason", "step_over_quota", "withdrawal_after_due")  # fmt: skip


#: Project choice: the demo hands its dossiers on whenever their events reach this many (at a
#: day's end), so that a province's year (5 M events) is generated in bounded memory; in one
#: batch its rows as Python objects took 11.7 GB at province-year ×1.
EVENTS_PER_BATCH = 250_000


def generate(context: DemoContext) -> Iterator[tuple[str, pd.DataFrame]]:
    """Yield the catalogue, then dossiers, their events and PAKN over ``context``'s span."""
    zone = site_timezone(context.settings)
    calendar = WorkingCalendar(time_zone=zone)
    rng = np.random.default_rng(context.seed)
    end = context.start + pd.Timedelta(days=context.days)
    yield "public_admin.procedures", _procedures(context.start, calendar)
    dossiers, events, feedback = [], [], []
    number = 0
    for day in pd.date_range(context.start.tz_convert(zone).normalize(), end.tz_convert(zone), freq="D"):
        local_day = day.date()
        if not calendar.is_working_day(local_day):
            continue
        if len(events) >= EVENTS_PER_BATCH:  # a day's dossiers and all their events stay together
            yield from _batches(dossiers, events, feedback)
            dossiers, events, feedback = [], [], []
        count = rng.poisson(30 * context.scale * _season(local_day))
        for _ in range(count):
            number += 1
            built = _dossier(number, local_day, zone, calendar, rng, end)
            if built is None:
                continue
            dossier, its_events = built
            dossiers.append(dossier)
            events.extend(its_events)
            if rng.random() < 0.04:
                feedback.append(_pakn(number, dossier, rng, calendar, end))
    yield from _batches(dossiers, events, feedback)


def _batches(
    dossiers: list[dict[str, Any]], events: list[dict[str, Any]], feedback: list[dict[str, Any]]
) -> Iterator[tuple[str, pd.DataFrame]]:
    """The collected rows as batches: dossiers before the events and feedback that name them."""
    if dossiers:
        yield "public_admin.dossiers", pd.DataFrame(dossiers)
    if events:
        yield "public_admin.dossier_events", pd.DataFrame(events)
    if feedback:
        yield "public_admin.feedback", pd.DataFrame(feedback)


def _season(day: date) -> float:
    """Load factor: ×1.5 in the three weeks before Tết (lunar new year), ×1 otherwise."""
    for year in (day.year, day.year + 1):
        tet = lunar_new_year(year)
        if timedelta(0) < tet - day <= timedelta(days=21):
            return 1.5
    return 1.0


def _procedures(start: pd.Timestamp, calendar: WorkingCalendar) -> pd.DataFrame:
    rows = []
    base = start.date() - timedelta(days=60)
    for i, (code, name, agency, days, fee, online, subjects, paper, certification) in enumerate(PROCEDURES):
        effective = base + timedelta(days=30)
        announced = calendar.add_working_days(effective, -(8 if i % 4 else 3))  # every 4th announced late
        published = calendar.add_working_days(announced, 2 if i % 3 else 7)  # every 3rd published late
        rows.append(
            {
                "code": code,
                "name": name,
                "agency_code": agency,
                "level": "province",
                "duration_days": days,
                "fee": fee,
                "has_fee": fee > 0,
                "online_level": online,
                "subjects": subjects,
                "paper_result": paper,
                "announced_on": announced.isoformat(),
                "effective_on": effective.isoformat(),
                "published_on": published.isoformat(),
                "publication_status": "public",
                "content_parts": 7 if i % 5 else 6,
                "payment_integrated": fee > 0 and i % 2 == 0,
                "population_data": "citizen" in subjects and i % 3 != 2,
                "certification": certification,
            }
        )
    return pd.DataFrame(rows)


def _at(day: date, zone: str, rng: np.random.Generator) -> pd.Timestamp:
    minutes = int(rng.integers(7 * 60 + 30, 16 * 60 + 30))
    local = datetime.combine(day, time(minutes // 60, minutes % 60))
    return pd.Timestamp(local).tz_localize(zone).tz_convert("UTC")


def _dossier(
    number: int, day: date, zone: str, calendar: WorkingCalendar, rng: np.random.Generator, end: pd.Timestamp
) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    code, _name, agency, duration, fee, online_level, *_ = PROCEDURES[int(rng.integers(len(PROCEDURES)))]
    channel = 2 if online_level != "none" and rng.random() < 0.5 else (3 if rng.random() < 0.05 else 1)
    plant = PLANTS[int(rng.integers(len(PLANTS)))] if rng.random() < 0.08 else None
    received = _at(day, zone, rng)
    submitted = None
    if channel == 2:
        submitted = (received - pd.Timedelta(hours=float(rng.uniform(1, 20)))).floor("s")
        if plant == "late_reception":
            submitted = pd.Timestamp(calendar.add_working_days(received.to_pydatetime(), -3))
    if received > end:
        return None
    due = pd.Timestamp(calendar.add_working_days(received.to_pydatetime(), duration))
    dossier_code = f"H{received.tz_convert(zone):%y%m%d}{number:06d}"
    officer = OFFICERS[int(rng.integers(len(OFFICERS)))]
    quota = max(1, duration // 2)
    timeline: list[tuple[str, pd.Timestamp, dict[str, Any]]] = []
    if submitted is not None:
        timeline.append(("submitted", submitted, {}))
    timeline.append(("received", received, {"actor": "mot.cua"}))
    assigned = received + pd.Timedelta(hours=1)
    timeline.append(("assigned", assigned, {"actor": officer, "step": "Thẩm định", "quota_days": quota}))

    def workday(start: pd.Timestamp, days: int) -> pd.Timestamp:
        return pd.Timestamp(calendar.add_working_days(start.to_pydatetime(), days))

    finish_days = int(rng.integers(0, quota + 1)) if duration > 1 else 0  # within the step's quota
    finished = workday(assigned, finish_days) + pd.Timedelta(hours=2)
    if plant == "step_over_quota":
        finished = max(finished, workday(assigned, quota + 2))
        due = max(due, workday(finished, 1))
    if plant in ("overdue", "overdue_apology"):
        if plant == "overdue_apology":
            timeline.append(("apology_issued", due - pd.Timedelta(hours=3), {"actor": officer}))
        finished = workday(due, 2)
    if plant == "repeated_supplement":
        timeline.append(("supplement_requested", assigned + pd.Timedelta(hours=2), {"actor": officer, "stated_reason": "Thiếu bản sao"}))  # fmt: skip
        timeline.append(("supplement_returned", assigned + pd.Timedelta(hours=20), {}))
        timeline.append(("supplement_requested", assigned + pd.Timedelta(hours=26), {"actor": officer, "stated_reason": "Thiếu chữ ký"}))  # fmt: skip
    if plant == "missing_reason":
        timeline.append(("paused", finished, {"actor": officer, "stated_reason": ""}))
    elif plant == "withdrawal_after_due":
        timeline.append(("withdrawn", workday(due, 1), {}))
    else:
        timeline.append(("transferred", finished - pd.Timedelta(hours=1), {"actor": "lanh.dao", "step": "Phê duyệt", "quota_days": 1}))  # fmt: skip
        timeline.append(("finished", finished, {"actor": "lanh.dao"}))
        timeline.append(("result_returned", finished + pd.Timedelta(hours=1), {"actor": "mot.cua"}))
    timeline = sorted((t for t in timeline if t[1] <= end), key=lambda t: t[1])
    status, finished_at = 2, None
    for action, at, _ in timeline:
        status = ACTIONS[action][1] or status
        if action in ("finished", "paused", "withdrawn"):
            finished_at = at
    unit = UNITS[int(rng.integers(len(UNITS)))]
    documents = int(rng.integers(1, 6))
    digitized = int(rng.binomial(documents, 0.7))
    done = status in (9, 10)
    dossier = {
        "code": dossier_code,
        "procedure_code": code,
        "agency_code": agency,
        "unit_code": unit,
        "channel": channel,
        "submitted_at": submitted,
        "received_at": received,
        "due_at": due,
        "finished_at": finished_at,
        "status": status,
        "duration": duration,
        "duration_unit": "Ngày làm việc",
        "result_code": f"KQ{number:06d}" if done and rng.random() < 0.85 else None,
        "result_url": f"https://dichvucong.example.gov.vn/kq/{number:06d}.pdf" if done else None,
        "digitized": digitized > 0,
        "documents": documents,
        "documents_digitized": digitized,
        "documents_reused": int(rng.binomial(digitized, 0.4)),
        "vneid": channel == 2 and rng.random() < 0.8,
        "fee_total": float(fee),
        "fee_lines": 1 if fee else 0,
        "paid_online": 1 if fee and channel == 2 and rng.random() < 0.7 else None,
        "synced": rng.random() < 0.95,
        "disliked": rng.random() < 0.02,
        "applicant_name": f"Nguyễn Văn Mẫu {number}",
        "applicant_phone": f"09{int(rng.integers(10_000_000, 99_999_999))}",
        "applicant_id": f"0770{int(rng.integers(10_000_000, 99_999_999))}",
    }
    events = [
        {
            "event_id": f"{dossier_code}-{i:02d}",
            "dossier_code": dossier_code,
            "action": action,
            "at": at,
            "agency_code": agency,
            "unit_code": unit,
            **extra,
        }
        for i, (action, at, extra) in enumerate(timeline)
    ]
    return dossier, events


def _pakn(
    number: int, dossier: dict[str, Any], rng: np.random.Generator, calendar: WorkingCalendar, end: pd.Timestamp
) -> dict[str, Any]:
    sent = (dossier["received_at"] + pd.Timedelta(hours=float(rng.uniform(2, 48)))).floor("s")
    sent = min(sent, end.floor("s"))
    handled = pd.Timestamp(calendar.add_working_days(sent.to_pydatetime(), int(rng.integers(1, 20))))
    return {
        "feedback_id": f"PAKN{number:06d}",
        "agency_code": dossier["agency_code"],
        "unit_code": dossier["unit_code"],
        "dossier_code": dossier["code"],
        "kind": "tthc" if rng.random() < 0.7 else "staff",
        "sent_at": sent,
        "action": "answer",
        "handled_at": handled if handled <= end else None,
        "likes": int(rng.integers(0, 5)),
        "dislikes": int(rng.integers(0, 3)),
        "repeated_dissatisfied": rng.random() < 0.1,
        "content": "Hồ sơ của tôi chậm, đề nghị xem xét",
    }
