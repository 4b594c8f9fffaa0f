"""Build the seed corpus: generate texts, split them, and write the datasheet.

Run ``python -m nlp.corpus.build_corpus`` from the repository root. The output is
deterministic for a given ``--seed``: ``train.csv``, ``dev.csv``, ``test.csv`` and
``DATASHEET.md`` in this folder are overwritten.

How a text is made
------------------
1. A core template (:mod:`nlp.corpus.templates`) of one topic, sentiment and sensitivity is
   expanded: ``[a|b]`` alternatives are chosen and ``{slot}`` fillers drawn from
   :mod:`nlp.corpus.slots`. Hand-written texts (:mod:`nlp.corpus.handwritten`) are taken whole.
2. A register is drawn (formal letter, colloquial post, news-like report, teencode, no
   diacritics, emoji) and a length: short texts are the bare core (sometimes only its first
   clause), medium ones get an opening and a closing of the register, long ones also a second
   sentence.
3. Exact duplicates (after :func:`nlp.preprocess.preprocess`) are dropped.

The labels come from the core (the wrappers never change what the text is about or its stance),
so a model can learn them from the content.

Splits
------
Texts from one template are near-paraphrases, so a random split would put paraphrases of every
dev text into train and flatter every model. Texts are therefore split **by template**: within
each (topic, sentiment, sensitivity) cell, whole templates go to train, dev or test, aiming at
70/15/15 of the texts. Cells with fewer than five templates (hand-written texts count one each) are split text by
text; the datasheet says how many texts that concerns.
"""

from __future__ import annotations

import argparse
import random
import re
from collections import defaultdict
from pathlib import Path

import pandas as pd

from nlp.corpus.annotator import annotate
from nlp.corpus.handwritten import HANDWRITTEN
from nlp.corpus.slots import SLOTS
from nlp.corpus.social import CLAIMS, HEADLINES, MAX_SHIFT_SIMILARITY, generate_social, shift_similarity
from nlp.corpus.templates import TEMPLATES
from nlp.preprocess import preprocess, strip_diacritics

HERE = Path(__file__).resolve().parent
SEED = 20250701
SENTIMENT_NAMES = {"neg": "negative", "neu": "neutral", "pos": "positive"}
SPLIT_SHARES = {"train": 0.70, "dev": 0.15, "test": 0.15}
#: Cells with fewer templates than this are split text by text (see the module docstring).
MIN_TEMPLATES_FOR_GROUP_SPLIT = 5
#: Texts generated per topic and their sentiment shares.
TEXTS_PER_TOPIC = {"other": 240}
DEFAULT_TEXTS_PER_TOPIC = 300
SENTIMENT_SHARES = {"neg": 0.45, "neu": 0.30, "pos": 0.25}
REGISTER_WEIGHTS = {
    "colloquial": 0.28,
    "formal": 0.14,
    "news": 0.13,
    "teencode": 0.13,
    "no_diacritics": 0.17,
    "emoji": 0.15,
}

# ------------------------------------------------------------------------------------------
# Register wrappers. Openings and closings are shared across topics; within a register they
# depend on the stance only loosely (several are used with every sentiment) so that no single
# wrapper word gives the label away.
# ------------------------------------------------------------------------------------------

OPENINGS = {
    "formal": {
        "neg": [
            "Kính gửi Trung tâm IOC tỉnh,",
            "Tôi xin phản ánh sự việc sau:",
            "Người dân {ward} phản ánh:",
            "Kính gửi các cơ quan chức năng,",
            "Phản ánh hiện trường:",
            "Tôi là người dân sống tại {ward}.",
            "",
        ],
        "neu": [
            "Kính gửi Trung tâm IOC tỉnh,",
            "Kính gửi các cơ quan chức năng,",
            "Tôi là người dân sống tại {ward}.",
            "Thông tin gửi bà con:",
            "",
        ],
        "pos": [
            "Kính gửi Trung tâm IOC tỉnh,",
            "Tôi xin được ghi nhận:",
            "Kính gửi các cơ quan chức năng,",
            "Tôi là người dân sống tại {ward}.",
            "Người dân {ward} gửi ý kiến:",
            "",
        ],
    },
    "colloquial": {
        "neg": [
            "Mọi người ơi,",
            "Trời ơi,",
            "Nói thật chứ,",
            "Ai ở {place} thì biết,",
            "Lại nữa rồi,",
            "Haiz,",
            "Cả nhà ơi,",
            "Xin phép admin,",
            "",
            "",
        ],
        "neu": ["Mọi người ơi,", "Cả nhà ơi,", "Alo,", "Xin phép admin,", "Tin cho ai cần:", "", ""],
        "pos": [
            "Mọi người ơi,",
            "Phải khen một câu,",
            "Nói thật chứ,",
            "Cả nhà ơi,",
            "Ghi nhận nè,",
            "Xin phép admin,",
            "",
            "",
        ],
    },
    "news": {
        "neg": [
            "{time_cap}, ",
            "Theo phản ánh của người dân, ",
            "Ghi nhận của phóng viên: ",
            "Tin nhanh: ",
            "Người dân {ward} cho biết, ",
        ],
        "neu": [
            "{time_cap}, ",
            "Theo thông tin từ cơ quan chức năng, ",
            "Tin nhanh: ",
            "Thông báo: ",
            "Ghi nhận của phóng viên: ",
        ],
        "pos": [
            "{time_cap}, ",
            "Theo ghi nhận, ",
            "Tin nhanh: ",
            "Người dân {ward} cho biết, ",
            "Ghi nhận của phóng viên: ",
        ],
    },
}
CLOSINGS = {
    "formal": {
        "neg": [
            "Đề nghị các cơ quan chức năng sớm kiểm tra, xử lý.",
            "Kính mong lãnh đạo quan tâm giải quyết.",
            "Rất mong nhận được phản hồi.",
            "Xin cảm ơn.",
            "Đề nghị xác minh và trả lời người dân.",
            "",
        ],
        "neu": ["Xin cảm ơn.", "Trân trọng.", ""],
        "pos": ["Xin chân thành cảm ơn.", "Trân trọng.", "Mong tiếp tục phát huy.", "Xin cảm ơn.", ""],
    },
    "colloquial": {
        "neg": [
            "Chán thật sự.",
            "Ai có cách gì không?",
            "Bao giờ mới hết đây?",
            "Mệt mỏi ghê.",
            "Mong được quan tâm.",
            "Ai lo cho dân đây?",
            "Nói hoài không ai nghe.",
            "",
            "",
        ],
        "neu": ["Mọi người lưu ý nha.", "Share cho ai cần.", "", ""],
        "pos": [
            "Thích ghê.",
            "Tuyệt vời.",
            "Cảm ơn nhiều nha.",
            "Mong giữ được như vậy.",
            "Share cho mọi người cùng biết.",
            "",
            "",
        ],
    },
    "news": {
        "neg": ["Cơ quan chức năng đang xác minh.", "Người dân mong sớm được giải quyết.", "", ""],
        "neu": ["Cơ quan chức năng đang xác minh.", "Người dân cần theo dõi thông tin chính thức.", "", ""],
        "pos": ["Người dân đánh giá cao sự việc này.", "Nhiều người bày tỏ đồng tình.", "", ""],
    },
}
# Wrappers for texts that ask something (the core ends with "?"), whatever the stance.
QUESTION_OPENINGS = {
    "formal": ["Tôi xin hỏi:", "Kính gửi Trung tâm IOC tỉnh, tôi muốn hỏi:", "Xin được hỏi:", ""],
    "colloquial": ["Hỏi chút,", "Mọi người ơi,", "Cả nhà ơi,", "Xin phép admin,", "Alo,", "", ""],
}
QUESTION_CLOSINGS = {
    "formal": ["Xin cảm ơn.", "Mong được hướng dẫn.", "Rất mong nhận được phản hồi.", ""],
    "colloquial": ["Cảm ơn mọi người.", "Ai biết chỉ giúp với.", "Mình cần gấp trong tuần này.", "", ""],
}
# Second sentences for longer texts, by stance.
DETAILS = {
    "neg": [
        "Tình trạng này đã kéo dài nhiều ngày.",
        "Đã phản ánh nhiều lần nhưng chưa được giải quyết.",
        "Người già và trẻ nhỏ chịu ảnh hưởng nhiều nhất.",
        "Hôm qua tôi đã gọi đường dây nóng {phone} nhưng không ai nghe.",
        "Tôi có chụp lại hình ảnh, cần thì gửi.",
        "Không biết cơ quan nào chịu trách nhiệm.",
    ],
    "neu": [
        "Thông tin chi tiết xem tại https://www.baria-vungtau.gov.vn.",
        "Cần thêm thông tin xin liên hệ {phone}.",
        "Thông tin được cập nhật lúc {hour}.",
        "Mọi thắc mắc gửi về hộp thư gopy@baria-vungtau.gov.vn.",
        "Nguồn: Cổng thông tin điện tử tỉnh.",
    ],
    "pos": [
        "Mong các nơi khác cũng làm được như vậy.",
        "Gia đình tôi rất cảm kích.",
        "Đây là việc nhỏ nhưng người dân rất trân trọng.",
        "Hy vọng sẽ duy trì lâu dài.",
        "Chia sẻ để mọi người cùng biết.",
    ],
}
EMOJI = {
    "neg": ["😡", "😤", "😠", "😭", "😢", "🙄", "😩", "😞", "🤬", "😒", ":((", "🙏", "📍", "🆘"],
    "neu": ["🤔", "📢", "📍", "🙏", "👉", "⏰", "ℹ️", "📌", ":)"],
    "pos": ["👍", "❤️", "😍", "👏", "🥰", "💯", "🎉", "😊", "🌊", "✨", ":))", "🙏", "📍"],
}
# Vietnamese word → teencode spellings; each occurrence is replaced with some probability.
TEENCODE = {
    "không": ["ko", "k", "hok", "khg", "hông"],
    "được": ["dc", "đc"],
    "gì": ["j"],
    "rồi": ["r", "rùi"],
    "vậy": ["z", "v"],
    "mọi người": ["mn", "mng"],
    "với": ["vs"],
    "biết": ["bít", "bik"],
    "quá": ["wá", "qá"],
    "người": ["ng"],
    "thành phố": ["tp"],
    "bệnh viện": ["bv"],
    "số điện thoại": ["sdt"],
    "bình thường": ["bt"],
    "UBND": ["ubnd"],
    "CSGT": ["csgt"],
    "như thế nào": ["ntn"],
    "trước": ["trc"],
    "mới": ["ms"],
    "cũng": ["cx"],
    "làm": ["lm"],
    "bây giờ": ["bh"],
    "nhiều": ["nhìu"],
    "thích": ["thik"],
    "yêu": ["iu"],
    "mình": ["mik"],
    "anh em": ["ae"],
    "nói": ["ns"],
}

# A first clause starting like this needs the rest of the sentence ("Nhờ …, ổ dịch đã …").
_SUBORDINATE_STARTS = (
    "Nhờ",
    "Sau khi",
    "Từ khi",
    "Từ ngày",
    "Bắt đầu",
    "Cuối cùng",
    "Sau bao",
    "Năm nay",
    "Mùa mưa",
    "Giờ tan",
    "Cuối tuần",
    "Dịp",
    "Gọi",
    "Phản ánh qua",
    "Thành phố mình",
    "Mưa",
    "Mới mưa",
    "Làm",
    "Nộp",
    "Đi khám",
    "Đưa con",
    "Ăn",
    "Thử",
    "Lên",
    "Ghé",
    "Đặt",
    "Thuê",
    "Ngồi",
    "Chờ",
    "Đợi",
)
_ALTERNATIVE_RE = re.compile(r"\[([^\[\]]*)\]")
_SLOT_RE = re.compile(r"\{([a-z_]+)\}")


class TextMaker:
    """Expands templates and applies register wrappers, drawing from one seeded RNG."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def expand(self, template: str) -> str:
        """Choose every ``[a|b]`` alternative and fill every ``{slot}``."""
        text = template
        while _ALTERNATIVE_RE.search(text):
            text = _ALTERNATIVE_RE.sub(lambda m: self.rng.choice(m.group(1).split("|")), text)
        for _ in range(3):  # fillers may contain slots themselves ("trạm y tế {ward}")
            text = _SLOT_RE.sub(lambda m: self.fill(m.group(1)), text)
        return re.sub(r"\s+", " ", text).strip()

    def fill(self, slot: str) -> str:
        if slot == "phone":
            return self.phone()
        if slot == "plate":
            return self.plate()
        if slot == "hour":
            return f"{self.rng.randint(6, 22)}h{self.rng.choice(['00', '15', '30', '45'])}"
        if slot == "time_cap":
            return self.rng.choice(SLOTS["time"]).capitalize()
        if slot not in SLOTS:
            raise KeyError(f"unknown slot {{{slot}}} in a template")
        return self.rng.choice(SLOTS[slot])

    def phone(self) -> str:
        r = self.rng
        digits = lambda n: "".join(str(r.randint(0, 9)) for _ in range(n))  # noqa: E731
        style = r.randrange(4)
        if style == 0:
            return f"09{r.randint(0, 9)}{digits(1)} {digits(3)} {digits(3)}"
        if style == 1:
            return f"+84 {r.choice('389')}{digits(8)}"
        if style == 2:
            return f"0254 {digits(3)} {digits(4)}"  # Bà Rịa - Vũng Tàu landline area code
        return f"03{digits(1)}.{digits(3)}.{digits(4)}"

    def plate(self) -> str:
        r = self.rng
        series = r.choice(["A", "B", "C", "F", "G", "H", "K", "LD"]) + r.choice(["", "", "1", "2"])
        number = f"{r.randint(100, 999)}.{r.randint(10, 99)}" if r.random() < 0.6 else f"{r.randint(10000, 99999)}"
        return f"72{series}-{number}"

    def shorten(self, core: str) -> str:
        """Keep only the first clause of a statement when it still carries the whole situation."""
        first, comma, _ = core.partition(",")
        if comma and len(first.split()) >= 7 and not first.startswith(_SUBORDINATE_STARTS):
            return first
        return core

    def wrap(self, core: str, register: str, sentiment: str, length: str) -> str:
        """Put ``core`` into ``register``: bare (``short``), wrapped, or with a second sentence."""
        question = core.rstrip().endswith("?")
        if length == "short":
            text = core if question else self.shorten(core)
            return self.apply_register(text, register, sentiment)
        frame = "colloquial" if register in ("teencode", "emoji", "no_diacritics") else register
        if frame == "news" and question:
            frame = "formal"
        if question:
            openings = QUESTION_OPENINGS[frame]
            if "hỏi" in core.split()[:4]:  # "Cho hỏi …" needs no "Tôi xin hỏi:" in front
                openings = [o for o in openings if "hỏi" not in o]
            opening = self.expand(self.rng.choice(openings))
            closing = self.expand(self.rng.choice(QUESTION_CLOSINGS[frame]))
        else:
            opening = self.expand(self.rng.choice(OPENINGS[frame][sentiment]))
            closing = self.expand(self.rng.choice(CLOSINGS[frame][sentiment]))
        body = core if question or core[-1] in ".!" else core + "."
        if opening and (opening.endswith((",", ", ", ": "))) and frame != "formal":
            body = body[0].lower() + body[1:] if not body[:2].isupper() else body
        parts = [opening, body]
        if length == "long" and not question:
            parts.append(self.expand(self.rng.choice(DETAILS[sentiment])))
        parts.append(closing)
        text = re.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip()
        return self.apply_register(text, register, sentiment)

    def apply_register(self, text: str, register: str, sentiment: str) -> str:
        r = self.rng
        if register == "teencode":
            original = text
            for word, spellings in TEENCODE.items():
                text = re.sub(
                    rf"(?<!\w){re.escape(word)}(?!\w)",
                    lambda m: r.choice(spellings) if r.random() < 0.75 else m.group(0),
                    text,
                    flags=re.IGNORECASE,
                )
            if text == original:  # nothing to abbreviate: people add a tag instead
                text = text.rstrip(".") + r.choice([" mn ơi", " z đó", " nha mn", " đó mng"])
            text = text.lower() if r.random() < 0.7 else text
        elif register == "no_diacritics":
            text = strip_diacritics(text)
            text = text.lower() if r.random() < 0.5 else text
        elif register == "emoji":
            marks = [r.choice(EMOJI[sentiment]) for _ in range(r.randint(1, 3))]
            if r.random() < 0.4:  # stretched letters and repeated emoji, as people type them
                text = re.sub(
                    r"(quá|lắm|ghê|thật)(?!\w)", lambda m: m.group(1) + m.group(1)[-1] * r.randint(2, 4), text, count=1
                )
                marks = marks + marks[-1:] * r.randint(1, 2)
            glued = "".join(m if not m.isascii() else f" {m} " for m in marks).strip()
            text = f"{text} {glued}" if r.random() < 0.8 else f"{marks[0]} {text}"
        elif register == "colloquial" and r.random() < 0.15:
            text = text.rstrip(".") + r.choice(["!!!", "...", " #vungtau", " #baria", " @UBNDtinh"])
        return text


def _texts_for_cell(maker: TextMaker, topic: str, sentiment: str, templates, count: int, seen: set):
    """Generate ``count`` texts for one (topic, sentiment) cell, cycling through its templates."""
    rows = []
    order = list(range(len(templates)))
    attempts = 0
    while len(rows) < count and attempts < count * 30:
        attempts += 1
        if attempts % len(order) == 1:
            maker.rng.shuffle(order)
        index = order[attempts % len(order)]
        _, sensitive, template = templates[index]
        register = maker.rng.choices(list(REGISTER_WEIGHTS), weights=list(REGISTER_WEIGHTS.values()))[0]
        length = maker.rng.choices(["short", "medium", "long"], weights=[0.25, 0.45, 0.30])[0]
        text = maker.wrap(maker.expand(template), register, sentiment, length)
        key = preprocess(text)
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            dict(
                text=text,
                sentiment=SENTIMENT_NAMES[sentiment],
                topic=topic,
                sensitivity="sensitive" if sensitive else "normal",
                register=register,
                group=f"{topic}:{sentiment}:{index}",
            )
        )
    if len(rows) < count:
        raise RuntimeError(f"templates of {topic}/{sentiment} gave only {len(rows)} unique texts")
    return rows


def _register_of(text: str) -> str:
    if strip_diacritics(text) == text:
        return "no_diacritics"
    if re.search(r"[\U0001F300-\U0001FAFF\u2600-\u27BF]", text):
        return "emoji"
    if re.match(r"(Theo|UBND|Sở|Công an|Trung tâm|Khoảng|Giá xăng|Dịp|Bão|Chiều nay)\b", text):
        return "news"
    return "colloquial"


def _handwritten_rows(maker: TextMaker, seen: set) -> list[dict]:
    rows = []
    for number, (topic, sentiment, sensitive, text) in enumerate(HANDWRITTEN):
        variants = [(text, _register_of(text))]
        # Some hand-written texts also appear as their author might have typed them.
        if _register_of(text) != "no_diacritics" and maker.rng.random() < 0.5:
            variants.append((strip_diacritics(text).lower(), "no_diacritics"))
        if maker.rng.random() < 0.3:
            variants.append((f"{text} {maker.rng.choice(EMOJI[sentiment])}", "emoji"))
        for variant, register in variants:
            key = preprocess(variant)
            if key in seen:
                continue
            seen.add(key)
            rows.append(
                dict(
                    text=variant,
                    sentiment=SENTIMENT_NAMES[sentiment],
                    topic=topic,
                    sensitivity="sensitive" if sensitive else "normal",
                    register=register,
                    group=f"hw:{number}",
                )
            )
    return rows


def generate(seed: int = SEED, scale: float = 1.0) -> pd.DataFrame:
    """Generate the whole labelled corpus (before splitting).

    ``scale`` multiplies the number of template texts per topic (``bench/bench_nlp.py --large``
    builds a bigger synthetic set this way; the shipped corpus uses 1).
    """
    maker = TextMaker(random.Random(seed))
    seen: set[str] = set()
    rows = _handwritten_rows(maker, seen)
    for topic, templates in TEMPLATES.items():
        total = round(scale * TEXTS_PER_TOPIC.get(topic, DEFAULT_TEXTS_PER_TOPIC))
        for sentiment, share in SENTIMENT_SHARES.items():
            cell = [t for t in templates if t[0] == sentiment]
            rows += _texts_for_cell(maker, topic, sentiment, cell, round(total * share), seen)
    return pd.DataFrame(rows)


def split(frame: pd.DataFrame, seed: int = SEED) -> pd.DataFrame:
    """Assign ``split`` by template within each (topic, sentiment, sensitivity) cell.

    Each template goes to the split that is furthest below its target, counting both the
    cell's own texts and, so that rounding does not pile up in one split, all texts of the same
    sentiment and of the same topic assigned so far.
    """
    rng = random.Random(seed + 1)
    frame = frame.copy()
    frame["split"] = ""
    # Running totals per (dimension value, split), to balance label shares across splits.
    ledger: dict[tuple[str, str], float] = defaultdict(float)
    cells = list(frame.groupby(["topic", "sentiment", "sensitivity"], sort=True))
    rng.shuffle(cells)
    for (topic, sentiment, _), cell in cells:
        groups = sorted(cell["group"].unique())
        rng.shuffle(groups)
        if len(groups) < MIN_TEMPLATES_FOR_GROUP_SPLIT:
            index = list(cell.index)
            rng.shuffle(index)
            cut_train = round(len(index) * SPLIT_SHARES["train"])
            cut_dev = cut_train + round(len(index) * SPLIT_SHARES["dev"])
            for position, row in enumerate(index):
                name = "train" if position < cut_train else "dev" if position < cut_dev else "test"
                frame.at[row, "split"] = name
                ledger[(sentiment, name)] += 1
                ledger[(topic, name)] += 1
            continue
        sizes = cell.groupby("group").size()
        assigned = dict.fromkeys(SPLIT_SHARES, 0)
        for group in sorted(groups, key=lambda g: -sizes[g]):  # largest templates first

            def deficit(name: str) -> float:
                own = SPLIT_SHARES[name] * len(cell) - assigned[name]
                balance = 0.0
                for value in (sentiment, topic):
                    total = sum(ledger[(value, s)] for s in SPLIT_SHARES) + sizes[group]
                    balance += SPLIT_SHARES[name] * total - ledger[(value, name)]
                return own + 0.5 * balance

            scores = {name: deficit(name) for name in SPLIT_SHARES}
            best = max(scores.values())
            name = rng.choice([s for s in SPLIT_SHARES if scores[s] == best])
            assigned[name] += sizes[group]
            ledger[(sentiment, name)] += sizes[group]
            ledger[(topic, name)] += sizes[group]
            frame.loc[cell.index[cell["group"] == group], "split"] = name
    return frame


# ------------------------------------------------------------------------------------------
# Writing the splits and the datasheet
# ------------------------------------------------------------------------------------------

COLUMNS = ["id", "text", "sentiment", "topic", "sensitivity", "register"]
KAPPA_SAMPLE_SIZE = 300


def assign_ids(frame: pd.DataFrame, seed: int = SEED, prefix: str = "brvt-") -> pd.DataFrame:
    """Shuffle within each split (deterministically) and number the texts ``brvt-00001`` …"""
    parts = []
    for name in SPLIT_SHARES:
        part = frame[frame["split"] == name].sample(frac=1.0, random_state=seed % (2**32))
        parts.append(part)
    frame = pd.concat(parts, ignore_index=True)
    frame["id"] = [f"{prefix}{number:05d}" for number in range(1, len(frame) + 1)]
    return frame


def social_part(template_part: pd.DataFrame, seed: int = SEED) -> pd.DataFrame:
    """The social/news-style texts (:mod:`nlp.corpus.social`), split and numbered ``brvt-s00001`` …

    Made after the template part, with an RNG of its own, so that adding or editing snippets
    leaves every template text, its split and its id as they were.
    """
    seen = set(template_part["text"].map(preprocess))
    frame = generate_social(TextMaker(random.Random(seed + 3)), seen, seed)
    numbered = assign_ids(frame, seed, prefix="brvt-s")
    numbered.attrs["shift_dropped"] = frame.attrs["shift_dropped"]  # concat drops attrs
    return numbered


def _markdown_table(table: pd.DataFrame) -> str:
    header = "| " + " | ".join([str(table.index.name or "")] + [str(c) for c in table.columns]) + " |"
    rule = "|" + "---|" * (len(table.columns) + 1)
    rows = ["| " + " | ".join([str(i)] + [str(v) for v in row]) + " |" for i, row in zip(table.index, table.values)]
    return "\n".join([header, rule, *rows])


def distribution_tables(frame: pd.DataFrame) -> str:
    """Markdown tables: each label dimension by split, and topic by sentiment."""
    out = []
    for column in ["sentiment", "topic", "sensitivity", "register"]:
        table = pd.crosstab(frame[column], frame["split"], margins=True, margins_name="all")
        table = table[["train", "dev", "test", "all"]]
        table.index.name = column
        out.append(f"**{column}**\n\n{_markdown_table(table)}")
    table = pd.crosstab(frame["topic"], frame["sentiment"], margins=True, margins_name="all")
    table.index.name = "topic \\ sentiment"
    out.append(f"**topic × sentiment (all splits)**\n\n{_markdown_table(table)}")
    words = frame["text"].str.split().str.len()
    out.append(
        f"Text length in words: median {int(words.median())}, 10th percentile {int(words.quantile(0.1))}, "
        f"90th percentile {int(words.quantile(0.9))}, longest {int(words.max())}."
    )
    return "\n\n".join(out)


def agreement(frame: pd.DataFrame, seed: int = SEED) -> tuple[str, dict[str, float]]:
    """Cohen's kappa between the generator's labels and the rule-based annotator on a sample."""
    from sklearn.metrics import cohen_kappa_score

    sample = frame.sample(n=min(KAPPA_SAMPLE_SIZE, len(frame)), random_state=seed % (2**32))
    second = pd.DataFrame([annotate(text) for text in sample["text"]], index=sample.index)
    rows, kappas = [], {}
    for column in ["sentiment", "topic", "sensitivity"]:
        kappa = cohen_kappa_score(sample[column], second[column])
        agree = float((sample[column] == second[column]).mean())
        kappas[column] = round(float(kappa), 3)
        rows.append(f"| {column} | {kappa:.3f} | {agree:.1%} |")
    table = "| label | Cohen's kappa | raw agreement |\n|---|---|---|\n" + "\n".join(rows)
    return table, kappas


def split_report(frame: pd.DataFrame) -> str:
    """Say how many texts were split by template and how many text by text."""
    groups = frame.groupby(["topic", "sentiment", "sensitivity"])["group"].transform("nunique")
    by_text = int((groups < MIN_TEMPLATES_FOR_GROUP_SPLIT).sum())
    shared = frame.groupby("group")["split"].nunique()
    return (
        f"{len(frame) - by_text} texts ({1 - by_text / len(frame):.1%}) were split by template; "
        f"{by_text} texts in cells with fewer than {MIN_TEMPLATES_FOR_GROUP_SPLIT} templates were split "
        f"text by text, so {int((shared > 1).sum())} of {len(shared)} templates and hand-written texts have variants in "
        "more than one split."
    )


def write_datasheet(frame: pd.DataFrame, path: Path, seed: int, shift_dropped: int = 0) -> dict[str, float]:
    """Fill ``datasheet_template.md`` with the tables computed from ``frame``."""
    kappa_table, kappas = agreement(frame, seed)
    social = frame["id"].str.startswith("brvt-s")
    table = pd.crosstab(frame.loc[social, "register"], frame.loc[social, "split"], margins=True, margins_name="all")
    table = table[["train", "dev", "test", "all"]]
    table.index.name = "register"
    closest = max(shift_similarity()(frame.loc[social, "text"].tolist()), default=0.0)
    template = (HERE / "datasheet_template.md").read_text(encoding="utf-8")
    values = {
        "TOTAL": str(len(frame)),
        "SEED": str(seed),
        "N_TEMPLATES": str(sum(len(t) for t in TEMPLATES.values())),
        "N_HANDWRITTEN": str(len(HANDWRITTEN)),
        "SPLIT_REPORT": split_report(frame[~social]),
        "N_SOCIAL": str(int(social.sum())),
        "N_CLAIMS": str(sum(len(c) for c in CLAIMS.values())),
        "N_HEADLINES": str(sum(len(h) for h in HEADLINES.values())),
        "SOCIAL_TABLE": _markdown_table(table),
        "SHIFT_LIMIT": f"{MAX_SHIFT_SIMILARITY:.2f}",
        "SHIFT_DROPPED": str(shift_dropped),
        "SHIFT_MAX": f"{closest:.3f}",
        "DISTRIBUTIONS": distribution_tables(frame),
        "KAPPA_SAMPLE": str(min(KAPPA_SAMPLE_SIZE, len(frame))),
        "KAPPA_TABLE": kappa_table,
        "TOPIC_TABLE": _markdown_table(pd.read_csv(HERE / "topics.csv").set_index("topic")[["name_vi", "agency"]]),
    }
    for key, value in values.items():
        template = template.replace("{{" + key + "}}", value)
    path.write_text(template, encoding="utf-8")
    return kappas


def build(out_dir: Path = HERE, seed: int = SEED) -> pd.DataFrame:
    """Generate, split and write the corpus and its datasheet; return the full frame."""
    template_part = assign_ids(split(generate(seed), seed), seed)
    social = social_part(template_part, seed)
    frame = pd.concat([template_part, social], ignore_index=True)  # per split: templates first
    for name in SPLIT_SHARES:
        part = frame.loc[frame["split"] == name, COLUMNS]
        part.to_csv(out_dir / f"{name}.csv", index=False, lineterminator="\n")
    kappas = write_datasheet(frame, out_dir / "DATASHEET.md", seed, social.attrs.get("shift_dropped", 0))
    print(f"{len(frame)} texts: " + ", ".join(f"{n} {(frame['split'] == n).sum()}" for n in SPLIT_SHARES))
    print("Cohen's kappa: " + ", ".join(f"{k} {v:.3f}" for k, v in kappas.items()))
    return frame


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Build the Vietnamese seed corpus and its datasheet.")
    parser.add_argument("--seed", type=int, default=SEED, help="seed of every random choice")
    parser.add_argument("--out", type=Path, default=HERE, help="folder for the CSV splits and DATASHEET.md")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    build(args.out, args.seed)


if __name__ == "__main__":
    main()
