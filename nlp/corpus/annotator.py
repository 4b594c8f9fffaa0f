"""A second, independent annotator for the seed corpus: keyword and heuristic rules.

The generator's labels come from the templates (the writer's judgement of each template). To
estimate how well those labels agree with another reading of the labelling guide, this module
labels texts again with nothing but the guide's cues: lexicons of topic words, sentiment words
(with a few negation and sarcasm rules) and sensitive-event words. It never sees a template or
a generated label. ``build_corpus.py`` applies it to a fixed sample and reports Cohen's kappa per
label dimension in ``DATASHEET.md``.

It is deliberately simple; it is a measuring stick, not a model.
"""

from __future__ import annotations

import re

from nlp.preprocess import preprocess, strip_diacritics

# Topic cue words from the labelling guide (DATASHEET.md, "Topics"). Matched without diacritics.
TOPIC_CUES: dict[str, list[str]] = {
    "traffic": [
        "kẹt xe", "ùn tắc", "ùn ứ", "tắc nghẽn", "tai nạn", "đèn tín hiệu", "đèn đỏ", "ổ gà",
        "ổ voi", "xe container", "xe tải", "xe khách", "xe buýt", "csgt", "cảnh sát giao thông",
        "phân luồng", "lạng lách", "đua xe", "quốc lộ", "cao tốc", "giao lộ", "lòng đường",
        "biển số", "phạt nguội", "đăng kiểm", "giấy phép lái xe", "vòng xoay", "xe ben", "mặt đường",
        "thông xe", "đậu xe", "đỗ xe", "va chạm", "lưu thông", "plate",
    ],
    "flooding": [
        "ngập", "triều cường", "thoát nước", "cống", "mưa to", "mưa lớn", "bão", "lốc", "sạt lở",
        "lũ", "mực nước", "báo động", "sơ tán", "áp thấp", "thiên tai", "nước rút", "chống ngập",
        "trạm bơm", "kè",
    ],
    "environment": [
        "khói", "bụi", "mùi hôi", "mùi hóa chất", "mùi khét", "xả thải", "nước thải", "ô nhiễm",
        "tiếng ồn", "karaoke", "không khí", "vn_aqi", "aqi", "quan trắc", "cháy rừng", "rừng",
        "cây xanh", "cá chết", "rò rỉ", "hóa chất", "nước máy", "trong lành", "kiểm lâm",
    ],
    "waste": [
        "rác", "thu gom", "xà bần", "đổ trộm", "bãi rác", "thùng rác", "lao công", "vệ sinh môi trường",
        "phân loại rác", "chai nhựa", "túi ni lông", "nhặt rác", "quét dọn", "phí vệ sinh",
    ],
    "public_service": [
        "hồ sơ", "thủ tục", "một cửa", "dịch vụ công", "cán bộ", "giấy tờ", "căn cước",
        "khai sinh", "cư trú", "tiếp dân", "tiếp công dân", "trễ hẹn", "đúng hẹn", "trước hẹn",
        "bổ sung", "con dấu", "cải cách hành chính", "mã tra cứu", "đường dây nóng", "tổng đài",
        "hách dịch", "phong bì", "trả kết quả", "trình ký",
    ],
    "health": [
        "bệnh viện", "bác sĩ", "điều dưỡng", "khám", "bảo hiểm y tế", "bhyt", "thuốc", "vắc xin",
        "tiêm", "sốt xuất huyết", "dịch", "ngộ độc", "nhập viện", "trạm y tế", "trung tâm y tế",
        "bệnh nhân", "đột quỵ", "phẫu thuật", "ca mắc", "tay chân miệng", "sởi", "cúm", "y tế",
    ],
    "education": [
        "trường", "học sinh", "giáo viên", "cô giáo", "thầy", "phụ huynh", "học thêm", "lớp",
        "tuyển sinh", "bán trú", "khoản thu", "nhà trường", "ban giám hiệu", "điểm chuẩn",
        "năm học", "khai giảng", "học kỳ", "thi", "olympic",
    ],
    "tourism": [
        "du khách", "du lịch", "khách sạn", "homestay", "resort", "chặt chém", "hét giá",
        "chèo kéo", "bãi tắm", "tắm biển", "ghế bố", "hải sản", "ghẹ", "tôm hùm", "lễ hội",
        "tham quan", "ngắm", "view", "cứu hộ", "đặt phòng", "côn đảo", "bãi sau", "bãi trước",
        "hồ tràm", "long hải", "khu du lịch", "giá vé", "bánh khọt",
    ],
    "security": [
        "trộm", "cướp", "móc túi", "giật", "lừa đảo", "giả danh", "đánh nhau", "hỗn chiến",
        "chém", "đâm", "hung khí", "mã tấu", "công an", "cháy", "hỏa hoạn", "pccc", "chữa cháy",
        "tội phạm", "ma túy", "đánh bạc", "cho vay nặng lãi", "tín dụng đen", "án mạng",
        "an ninh", "mất trật tự", "tuần tra", "113", "otp",
    ],
    "prices": [
        "giá", "tăng giá", "giảm giá", "xăng", "dầu", "cân điêu", "cân thiếu", "hàng giả",
        "hàng nhái", "tiền điện", "tiền nước", "hóa đơn", "bình ổn", "quản lý thị trường",
        "chỉ số giá", "cpi", "đi chợ", "giá thuê", "găm hàng", "niêm yết", "đồng mỗi lít",
    ],
    "land": [
        "sổ đỏ", "đất", "quy hoạch", "thu hồi", "đền bù", "bồi thường", "giải phóng mặt bằng",
        "tái định cư", "tách thửa", "phân lô", "bán nền", "xây dựng trái phép", "lấn chiếm",
        "cưỡng chế", "khiếu kiện", "khiếu nại", "dự án treo", "địa chính", "thửa",
    ],
    "other": [
        "mất điện", "cúp điện", "điện lực", "mất nước", "cúp nước", "cấp nước", "đèn đường",
        "sóng điện thoại", "internet", "4g", "chó", "trạm biến áp", "đánh rơi", "tổ dân phố",
        "sửa xe", "máy lạnh", "ca nhạc",
    ],
}

NEGATIVE_CUES = [
    "ổ gà", "bức xúc", "chán", "tệ", "kém", "hỏng", "hư", "ngập", "kẹt", "ùn tắc", "ô nhiễm", "hôi",
    "thối", "bẩn", "chặt chém", "hét giá", "cắt cổ", "lừa", "trộm", "cướp", "mất", "chậm",
    "trễ hẹn", "quá hẹn", "chưa có kết quả", "không ai", "chưa ai", "làm ngơ", "hách dịch",
    "cửa quyền", "quát", "nạt", "thờ ơ", "nguy hiểm", "tai nạn", "bị thương", "tử vong",
    "lo lắng", "lo sợ", "hoang mang", "khổ", "mệt", "đói", "thiệt hại", "bị lừa", "phẫn nộ",
    "căng thẳng", "đe dọa", "đánh", "chém", "đâm", "cháy", "nổ", "sạt lở", "tốc mái",
    "ngộ độc", "bùng phát", "thiếu", "xuống cấp", "dột", "nứt", "gian lận", "cân điêu",
    "găm hàng", "vô lý", "bất công", "tăng vọt", "chóng mặt", "méo mặt", "kêu trời", "trù dập",
    "bắt nạt", "đổ trộm", "bừa bãi", "phản đối", "chống đối", "xô xát", "lấn chiếm", "trái phép",
    "treo", "không được", "không chịu", "khó thở", "ho", "mù mịt", "chết", "thất vọng",
    "ngán", "than trời", "sợ", "tối om", "chập chờn", "khó chịu", "đau đầu", "hết nói",
    "ai chịu trách nhiệm", "bao giờ", "muốn khóc", "như không", "làm gì",
]
POSITIVE_CUES = [
    "cảm ơn", "cám ơn", "biết ơn", "tuyệt vời", "hài lòng", "nhiệt tình", "tận tình", "chu đáo",
    "nhanh gọn", "sạch sẽ", "sạch đẹp", "thông thoáng", "đẹp", "mát", "trong lành", "an toàn",
    "yên tâm", "an tâm", "phấn khởi", "mừng", "tự hào", "đáng khen", "ghi nhận", "trân trọng",
    "hoan nghênh", "ưng", "thích", "ngon", "thân thiện", "dễ thương", "hợp lý", "phải chăng",
    "rẻ", "khang trang", "yên bình", "tiện lợi", "dễ dàng", "kịp thời", "cứu",
    "thành công", "đạt giải", "giảm hẳn", "hết ngập", "không còn", "đã được", "vừa được",
    "tận tâm", "cảm động", "tử tế", "người tốt", "yêu", "quay lại", "chuyên nghiệp", "văn minh",
    "dập tắt", "khống chế", "triệt phá", "tiến bộ", "ổn định",
]
# "Cảm ơn ... đã cho dân bơi" is a complaint: thanks next to a problem word is read as sarcasm.
SARCASM_CUES = ["🙂", "🙃", "👏", "rèn luyện", "tập lái", "chứ có phải", "ca nô", "thiên đường"]
NEGATION_CUES = ["không", "chưa", "chẳng", "chả", "đâu có"]

SENSITIVE_CUES = [
    "biểu tình", "tụ tập", "kéo đến", "căng băng rôn", "phản đối", "khiếu kiện", "chặn đường",
    "chặn xe", "cưỡng chế", "xô xát", "gây rối", "hỗn chiến", "đánh nhau", "đánh hội đồng",
    "chém", "đâm", "mã tấu", "hung khí", "súng", "cướp", "án mạng", "hành hung", "truy sát",
    "cháy", "hỏa hoạn", "nổ", "bão", "lốc", "sạt lở", "lũ", "sơ tán", "di dời", "thiên tai",
    "dịch", "ổ dịch", "sốt xuất huyết", "ngộ độc", "cá chết", "rò rỉ", "đua xe", "lật",
    "mắc kẹt", "tử vong", "mất tích", "chống trả", "chống đối", "ném đá", "áp thấp",
]


def _alternation(words: list[str], stripped: bool) -> str:
    forms = {strip_diacritics(w.lower()) if stripped else w.lower() for w in words}
    return "|".join(re.escape(w) for w in sorted(forms, key=len, reverse=True))


class _Cues:
    """One cue list compiled twice: with diacritics, and stripped for text typed without them."""

    def __init__(self, words: list[str], negated_by: list[str] | None = None) -> None:
        self.patterns = {}
        for stripped in (False, True):
            body = _alternation(words, stripped)
            if negated_by:
                # "không sạch", "chưa được giải quyết": a negated cue, one word in between at most.
                body = "(?:" + _alternation(negated_by, stripped) + r")\s+(?:\w+\s+)?(?:" + body + ")"
            self.patterns[stripped] = re.compile(r"(?<!\w)(?:" + body + r")(?!\w)")

    def count(self, text: str, stripped: bool) -> int:
        return len(self.patterns[stripped].findall(text))


_TOPIC_CUES = {topic: _Cues(words) for topic, words in TOPIC_CUES.items()}
_NEGATIVE = _Cues(NEGATIVE_CUES)
_POSITIVE = _Cues(POSITIVE_CUES)
_NEGATED_POSITIVE = _Cues(POSITIVE_CUES, negated_by=NEGATION_CUES)
_SARCASM = _Cues(SARCASM_CUES)
_SENSITIVE = _Cues(SENSITIVE_CUES)
_QUESTION = _Cues(["cho hỏi", "xin hỏi", "ai biết", "bao nhiêu", "ở đâu", "thế nào", "không ạ"])


def _normalise(text: str) -> tuple[str, bool]:
    """Preprocess; say whether the text was typed without diacritics (then match stripped cues)."""
    norm = preprocess(text)
    return norm, strip_diacritics(norm) == norm


def label_topic(text: str) -> str:
    """Label a text's topic by counting topic cue words; ``other`` when none match."""
    norm, stripped = _normalise(text)
    scores = {topic: cues.count(norm, stripped) for topic, cues in _TOPIC_CUES.items()}
    best = max(scores, key=lambda t: (scores[t], t == "other"))
    return best if scores[best] > 0 else "other"


def label_sentiment(text: str) -> str:
    """Label a text's sentiment from cue words, negation, sarcasm and question form."""
    norm, stripped = _normalise(text)
    negated = _NEGATED_POSITIVE.count(norm, stripped)
    positive = _POSITIVE.count(norm, stripped) - negated
    negative = _NEGATIVE.count(norm, stripped) + negated
    if positive > 0 and _SARCASM.count(norm, stripped):
        return "negative"
    if ("?" in norm or _QUESTION.count(norm, stripped)) and negative <= 1 and positive <= 0:
        return "neutral"
    if negative > positive:
        return "negative"
    if positive > negative:
        return "positive"
    return "neutral"


def label_sensitivity(text: str) -> str:
    """Label a text ``sensitive`` when it names a protest, riot, disaster, epidemic, fire or violence."""
    norm, stripped = _normalise(text)
    return "sensitive" if _SENSITIVE.count(norm, stripped) else "normal"


def annotate(text: str) -> dict[str, str]:
    """Label one text on the three dimensions: ``{"sentiment", "topic", "sensitivity"}``."""
    return {
        "sentiment": label_sentiment(text),
        "topic": label_topic(text),
        "sensitivity": label_sensitivity(text),
    }
