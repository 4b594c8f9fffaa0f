"""Code lists of the public-administration domain: dossier statuses, channels, actions.

Status codes (``TrangThaiHoSo`` 1–10) and channels (``KenhThucHien``) are those of the
national public-service portal's dossier sync (Cổng DVCQG, "Hệ thống điều phối"), as listed
in ``shared/reference/public-admin.md``. The action names of dossier events are the project's
own vocabulary (the portal syncs states, not actions); each maps to the status it leads to.
"""

from __future__ import annotations

#: ``TrangThaiHoSo`` of the DVCQG dossier sync → Vietnamese label.
STATUS_LABELS: dict[int, str] = {
    1: "Mới đăng ký",
    2: "Được tiếp nhận",
    3: "Không được tiếp nhận",
    4: "Đang xử lý",
    5: "Yêu cầu bổ sung giấy tờ",
    6: "Yêu cầu thực hiện nghĩa vụ tài chính",
    7: "Công dân yêu cầu rút hồ sơ",
    8: "Dừng xử lý",
    9: "Đã xử lý xong",
    10: "Đã trả kết quả",
}

#: ``KenhThucHien``: 1 (or null) = at the desk, 2 = online, 3 = public postal service.
CHANNEL_LABELS: dict[int, str] = {1: "Trực tiếp", 2: "Trực tuyến", 3: "Bưu chính công ích"}
ONLINE = 2

#: Event actions → (Vietnamese label, dossier status after it, shown to the citizen).
ACTIONS: dict[str, tuple[str, int | None, bool]] = {
    "submitted": ("Nộp hồ sơ trực tuyến", 1, True),
    "received": ("Tiếp nhận hồ sơ", 2, True),
    "assigned": ("Phân công xử lý", 4, False),
    "transferred": ("Chuyển bước xử lý", 4, False),
    "supplement_requested": ("Yêu cầu bổ sung giấy tờ", 5, True),
    "supplement_returned": ("Công dân đã bổ sung giấy tờ", 4, True),
    "financial_obligation": ("Yêu cầu thực hiện nghĩa vụ tài chính", 6, True),
    "paused": ("Dừng xử lý", 8, True),
    "refused": ("Không được tiếp nhận", 3, True),
    "withdrawn": ("Công dân rút hồ sơ", 7, True),
    "finished": ("Đã xử lý xong", 9, True),
    "result_returned": ("Đã trả kết quả", 10, True),
    "apology_issued": ("Phiếu xin lỗi và hẹn lại ngày trả kết quả", None, True),
}

#: Actions that end processing (Decision 766 indicator 2.1 takes the end in this priority).
END_PRIORITY = ("finished", "result_returned", "paused", "refused", "withdrawn")

#: Actions whose ``reason`` must not be empty (Nghị định 61/2018, Điều 19: a refusal or a
#: stop is notified with its reason).
NEED_REASON = ("paused", "refused")

#: Statuses after which a dossier is no longer being processed.
CLOSED_STATUSES = (3, 7, 8, 9, 10)

#: Procedure online levels (Nghị định 42/2022: một phần / toàn trình; else none).
ONLINE_LEVELS = ("none", "partial", "full")

#: Feedback (PAKN) handling actions and their deadlines in working days (Decision 766, 5.2).
PAKN_DEADLINES: dict[str, int] = {"refuse": 2, "supplement": 5, "answer": 15, "publish": 2}
PAKN_KINDS = ("tthc", "staff")


def status_label(code: object) -> str:
    """Vietnamese label of a ``TrangThaiHoSo`` code (``"Không rõ"`` for anything else)."""
    try:
        return STATUS_LABELS[int(code)]  # type: ignore[call-overload]
    except (KeyError, TypeError, ValueError):
        return "Không rõ"


def action_label(action: str) -> str:
    """Vietnamese label of an event action."""
    return ACTIONS.get(action, (action, None, False))[0]
