"""A constructed month (March 2026) where every Decision 766 indicator is known by hand.

Agency ``A`` has 4 procedures, 8 dossiers received in March (one more in February, outside
the period) and 5 PAKN; agency ``B`` has one draft procedure and nothing else, which pins
the zero-denominator rules. The expected points, worked by hand, are in :data:`EXPECTED`;
the comments beside each row say how.
"""

from __future__ import annotations

import pandas as pd

ZONE = "Asia/Ho_Chi_Minh"


def t(text: str) -> pd.Timestamp:
    """A site-local time (``"2026-03-02 09:00"``) in UTC."""
    return pd.Timestamp(text).tz_localize(ZONE).tz_convert("UTC")


def procedures() -> pd.DataFrame:
    base = {"level": "province", "fee": 0.0, "paper_result": False, "certification": False}
    rows = [
        # announced 2/3 ≤ 16/3 − 5 wd (9/3): on time; published 5/3 ≤ 2/3 + 5 wd (9/3): on time
        dict(code="P1", name="Thủ tục 1", agency_code="A", duration_days=5, has_fee=True, fee=100000.0,
             online_level="full", subjects="citizen", announced_on="2026-03-02", effective_on="2026-03-16",
             published_on="2026-03-05", publication_status="public", content_parts=7, payment_integrated=True,
             population_data=True),
        # announced 12/3 > 9/3: late; published 25/3 > 12/3 + 5 wd (19/3): late; paper result
        dict(code="P2", name="Thủ tục 2", agency_code="A", duration_days=10, has_fee=True, fee=50000.0,
             online_level="partial", subjects="business", announced_on="2026-03-12", effective_on="2026-03-16",
             published_on="2026-03-25", publication_status="public", content_parts=6, payment_integrated=False,
             population_data=False, paper_result=True),
        # announced in February, never published although public: waits for publication (1.2)
        dict(code="P3", name="Thủ tục 3", agency_code="A", duration_days=3, has_fee=False, online_level="none",
             subjects="citizen;foreigner", announced_on="2026-02-02", effective_on="2026-02-20", published_on=None,
             publication_status="public", content_parts=7, payment_integrated=False, population_data=False,
             certification=True),
        # announced 20/3 ≤ 1/4 − 5 wd (25/3): on time; published 23/3 ≤ 27/3: on time
        dict(code="P4", name="Thủ tục 4", agency_code="A", duration_days=2, has_fee=False, online_level="full",
             subjects="foreigner", announced_on="2026-03-20", effective_on="2026-04-01", published_on="2026-03-23",
             publication_status="public", content_parts=7, payment_integrated=False, population_data=True),
        dict(code="Q1", name="Thủ tục B", agency_code="B", duration_days=5, has_fee=False, online_level="none",
             subjects="business", publication_status="draft", content_parts=7),
    ]  # fmt: skip
    return pd.DataFrame([{**base, **row} for row in rows])


def _dossier(code, procedure, channel, received, due, status, **extra):
    row = {
        "code": code,
        "procedure_code": procedure,
        "agency_code": "A",
        "unit_code": "U1" if code in ("D1", "D2", "D3", "D4") else "U2",
        "channel": channel,
        "received_at": t(received),
        "due_at": t(due) if due else None,
        "status": status,
        "documents": 0,
        "documents_reused": 0,
        "digitized": False,
        "vneid": False,
        "fee_total": 0.0,
        "synced": True,
        "disliked": False,
        "applicant_name": f"Người nộp {code}",
        "applicant_phone": "0912345678",
    }
    row.update(extra)
    return row


def dossiers() -> pd.DataFrame:
    url = "https://dvc.example/kq.pdf"
    rows = [
        _dossier("D0", "P1", 2, "2026-02-20 09:00", "2026-02-27 09:00", 10),  # February: outside the period
        _dossier("D1", "P1", 2, "2026-03-02 09:00", "2026-03-09 09:00", 10, finished_at=t("2026-03-05 09:00"),
                 result_code="K1", result_url=url, digitized=True, documents=4, documents_reused=2, vneid=True,
                 fee_total=100000.0, fee_lines=1, paid_online=1),
        _dossier("D2", "P1", 2, "2026-03-03 09:00", "2026-03-10 09:00", 9, finished_at=t("2026-03-12 09:00"),
                 result_code="K2", result_url=url, digitized=True, documents=2, fee_total=100000.0, fee_lines=1),
        _dossier("D3", "P2", 2, "2026-03-04 09:00", "2026-03-18 09:00", 10, finished_at=t("2026-03-10 09:00"),
                 result_code="K3", documents=3, fee_total=0.0, fee_lines=1),
        _dossier("D4", "P2", 1, "2026-03-05 09:00", "2026-03-19 09:00", 10, finished_at=t("2026-03-20 10:00"),
                 result_code="K4", result_url=url, digitized=True, documents=2, documents_reused=1,
                 fee_total=50000.0, fee_lines=1, paid_online=2, synced=False),
        _dossier("D5", "P3", 1, "2026-03-09 09:00", "2026-03-12 09:00", 5, documents=1),
        _dossier("D6", "P3", 1, "2026-03-16 09:00", None, 9, finished_at=t("2026-03-18 09:00"), result_code="K6",
                 result_url=url, digitized=True, documents=2, documents_reused=2),
        _dossier("D7", "P4", 2, "2026-03-23 09:00", "2026-03-25 09:00", 4, vneid=True, disliked=True),
        _dossier("D8", "P4", 3, "2026-03-24 09:00", "2026-03-26 09:00", 8, documents=1),
    ]  # fmt: skip
    return pd.DataFrame(rows)


def events() -> pd.DataFrame:
    rows = [
        ("D1", "finished", "2026-03-05 09:00"),
        ("D1", "result_returned", "2026-03-05 10:00"),
        ("D2", "finished", "2026-03-12 09:00"),
        ("D3", "finished", "2026-03-10 09:00"),
        ("D4", "supplement_requested", "2026-03-06 09:00"),
        ("D4", "supplement_returned", "2026-03-09 09:00"),
        ("D4", "finished", "2026-03-20 10:00"),  # 3 days of supplement off: 17/3 10:00 ≤ 19/3 09:00
        ("D5", "supplement_requested", "2026-03-10 09:00"),
        ("D5", "supplement_requested", "2026-03-11 09:00"),  # a second request: late
        ("D6", "finished", "2026-03-18 09:00"),  # no NgayHenTra: 16/3 + 3 wd = 19/3 limit
        ("D8", "paused", "2026-03-25 09:00"),
        ("D7", "finished", "2026-04-02 09:00"),  # after the period: D7 is open at its end
    ]
    return pd.DataFrame(
        [
            {"event_id": f"E{i}", "dossier_code": d, "action": a, "at": t(at), "stated_reason": "lý do"}
            for i, (d, a, at) in enumerate(rows)
        ]
    )


def feedback() -> pd.DataFrame:
    rows = [
        # answer within 15 wd of 2/3 (23/3): on time; likes ≥ dislikes: satisfied
        dict(feedback_id="F1", kind="tthc", sent_at=t("2026-03-02 09:00"), action="answer",
             handled_at=t("2026-03-20 09:00"), likes=3, dislikes=1),
        # refuse within 2 wd of 3/3 (5/3): handled 6/3, late
        dict(feedback_id="F2", kind="staff", sent_at=t("2026-03-03 09:00"), action="refuse",
             handled_at=t("2026-03-06 09:00"), likes=0, dislikes=0, dossier_code="D5"),
        # counted from the forwarding (16/3 + 5 wd = 23/3): on time; dislikes > likes
        dict(feedback_id="F3", kind="tthc", sent_at=t("2026-03-10 09:00"), forwarded_at=t("2026-03-16 09:00"),
             action="supplement", handled_at=t("2026-03-20 09:00"), likes=1, dislikes=2),
        # unanswered but due after the period: not late; repeated dissatisfied feedback
        dict(feedback_id="F4", kind="tthc", sent_at=t("2026-03-27 09:00"), action="answer", likes=0, dislikes=0,
             repeated_dissatisfied=True),
        # publish within 2 wd of 2/3 (4/3), never done: late
        dict(feedback_id="F5", kind="tthc", sent_at=t("2026-03-02 09:00"), action="publish", likes=0, dislikes=0),
    ]  # fmt: skip
    return pd.DataFrame([{"agency_code": "A", "unit_code": "U1", **row} for row in rows])


#: (code → expected numerator, denominator, ratio %, points) for agency A, March 2026.
EXPECTED_A = {
    "1.1": (2, 3, 66.67, 4.00),  # P1, P4 on time of P1, P2, P4
    "1.2": (2, 4, 50.00, 2.00),  # P1, P4 of published P1, P2, P4 + waiting P3
    "1.3": (3, 4, 75.00, 1.50),  # P1, P3, P4 have all 7 parts
    "1.4": (7, 8, 87.50, 5.25),  # all but D4 synced
    "2.1": (5, 8, 62.50, 12.50),  # D2 late, D5 two requests, D7 open past due
    "2.2": (35.04, 5, 7.01, 0.00),  # (3 + 9 + 6 + 15.04 + 2) days / 5 finished
    "3.1": (3, 4, 75.00, 3.75),  # target 80 %: 75/80 × 4
    "3.2": (3, 3, 100.00, 4.00),  # P1, P2, P4 all got an online dossier
    "3.3": (3, 8, 32.81, 2.62),  # D1, D2, D7 (D3 paper without e-result): 37.5 % × 87.5 %; target 50 %
    "3.5": (1, 2, 50.00, 1.25),  # P1 of P1, P2; target 80 %
    "3.5b": (2, 2, 100.00, 2.00),  # D1 (P1), D4 (P2) paid online; capped at 2
    "3.6": (2, 3, 66.67, 4.00),  # D1, D4 of D1, D2, D4 (D3's fees are all 0)
    "4.1": (4, 5, 80.00, 4.80),  # D3 has no result link
    "4.2": (4, 8, 50.00, 2.00),  # D1, D2, D4, D6
    "4.3": (5, 15, 33.33, 0.83),  # documents reused 2 + 1 + 2 of 15; target 80 %
    "4.4": (3, 4, 75.00, 3.00),  # D1, D4, D6 of the 4 digitized
    "4.5a": (2, 3, 66.67, 1.33),  # P1, P4 of P1, P3, P4 (for citizens/foreigners)
    "4.5b": (4, 8, 50.00, 1.00),  # D1, D4, D6 (Kho), D7 (VNeID)
    "4.6": (1, 2, 50.00, 1.00),  # D6 of D5, D6 (certification TTHC)
    "5.1": (4, 5, 80.00, 0.00),
    "5.2": (3, 5, 60.00, 3.60),  # F1, F3, F4
    "5.3": (1, 5, 20.00, 1.20),  # only F1 satisfied
    "5.4": (5, 8, 37.50, 2.50),  # 100 − 37.5 (late) − 25 (D5 PAKN, D7 dislike); target 90 %
}
GROUPS_A = {"CKMB": 12.75, "TDGQ": 12.50, "ONLINE_SERVICE": 17.62, "MDSH": 13.96, "MDHL": 7.30}
TOTAL_A = 64.13

#: Agency B: nothing to count. 5.2 and 5.3 full (the portal's 6/6 with 0/0), 1.3 from its one TTHC.
POINTS_B = dict.fromkeys(EXPECTED_A, 0.0) | {"1.3": 2.00, "5.2": 6.00, "5.3": 6.00}
TOTAL_B = 14.00
