"""Vietnamese text normalisation shared by training and inference.

:func:`preprocess` is the one function every model in :mod:`nlp` applies to its input, both when
it is trained and when it labels new posts, so the two never drift apart. The steps, in order:

1. Unicode NFC (posts typed on some keyboards arrive decomposed, NFD).
2. Emoticons such as ``:)`` become emoji; URLs, e-mails, licence plates, phone numbers and
   @mentions become the placeholders ``<url>``, ``<email>``, ``<plate>``, ``<phone>``,
   ``<mention>``.
3. Lower case (optional), repeated letters squeezed (``quáaaa`` → ``quá``), emoji split off as
   tokens of their own.
4. Tone marks placed by one convention (see below), teencode and abbreviations expanded from
   ``nlp/resources/teencode.txt`` (``ko`` → ``không``, ``ubnd`` → ``ủy ban nhân dân``).
5. Optional word segmentation with pyvi (``thành_phố``), imported only when asked for.

Tone-mark convention
--------------------
Vietnamese is written with two conventions for where the tone mark sits on the open syllables
``oa``, ``oe`` and ``uy``: on the first vowel (``hòa``, ``khỏe``, ``thủy``) or on the second
(``hoà``, ``khoẻ``, ``thuỷ``). Both are correct and both are common; a model that sees both
learns two spellings of every such word. We normalise to the **first-vowel form** (``hòa``,
``khỏe``, ``thủy``) because it is the one most Vietnamese news sites, government documents
("Cộng hòa") and keyboard defaults produce. In every other case the mark goes where both
conventions agree: on the vowel carrying a quality mark (``ê ơ ô â ă ư``; ``ơ`` in ``ươ``), on
the second vowel when the syllable ends in a consonant (``hoàn``, ``thuận``) and on the middle
of three vowels (``khoái``). The ``u`` of ``qu`` and the ``i`` of ``gi`` before another vowel
belong to the onset (``quả``, ``già``), so they never carry the mark.

Text typed without diacritics is common on social media; :func:`strip_diacritics` and
:func:`augment_without_diacritics` let training data include such text, and
:func:`restore_diacritics` is a small dictionary-based restorer (learnt from the seed corpus unless
given another :class:`DiacriticRestorer`).
"""

from __future__ import annotations

import functools
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from nlp.corpus import load_corpus

__all__ = [
    "PLACEHOLDERS",
    "augment_without_diacritics",
    "expand_teencode",
    "mask_pii",
    "normalize_tone_marks",
    "preprocess",
    "replace_entities",
    "restore_diacritics",
    "DiacriticRestorer",
    "segment_words",
    "squeeze_repeats",
    "strip_diacritics",
]

RESOURCES = Path(__file__).resolve().parent / "resources"

#: Placeholder tokens that replace personal or volatile details.
PLACEHOLDERS = ("<url>", "<email>", "<phone>", "<mention>", "<plate>")

# --------------------------------------------------------------------------------------------
# Characters
# --------------------------------------------------------------------------------------------

# Combining marks for the five tones; the quality marks (circumflex U+0302, breve U+0306,
# horn U+031B) are part of the letter and stay.
_TONE_MARKS = {
    "\u0300": "grave",  # huyền
    "\u0301": "acute",  # sắc
    "\u0303": "tilde",  # ngã
    "\u0309": "hook",  # hỏi
    "\u0323": "dot",  # nặng
}
_VOWELS = set("aăâeêioôơuưy")

# Emoji: pictographs, dingbats, flags, plus the joiners that glue multi-part emoji together.
_EMOJI_RE = re.compile(
    "[\U0001f1e6-\U0001f1ff\U0001f300-\U0001f5ff\U0001f600-\U0001f64f\U0001f680-\U0001f6ff"
    "\U0001f700-\U0001f77f\U0001f780-\U0001f7ff\U0001f800-\U0001f8ff\U0001f900-\U0001f9ff"
    "\U0001fa00-\U0001faff\u2600-\u26ff\u2700-\u27bf\u2b50\u2b55\u231a\u231b\u23f0-\u23fa]"
)
_EMOJI_GLUE_RE = re.compile("[\ufe0e\ufe0f\u200d\U0001f3fb-\U0001f3ff]")
_EMOJI_RUN_RE = re.compile("(" + _EMOJI_RE.pattern + r")(?:\s*\1)+")

# Text emoticons mapped onto the emoji with the same meaning, so both spellings share a token.
_EMOTICONS = {
    ":)": "🙂",
    ":-)": "🙂",
    ":))": "😆",
    ":)))": "😆",
    "=))": "😆",
    "=)))": "😆",
    ":(": "🙁",
    ":-(": "🙁",
    ":((": "😢",
    ":(((": "😢",
    ":'(": "😢",
    ":D": "😀",
    ":-D": "😀",
    "xD": "😆",
    "XD": "😆",
    ":v": "😆",
    "<3": "❤",
    ":|": "😐",
    "-_-": "😑",
    "-.-": "😑",
    ":@": "😡",
    ">:(": "😡",
    ":P": "😛",
    ":p": "😛",
}
_EMOTICON_RE = re.compile(
    r"(?<![\w:=<>])(" + "|".join(re.escape(e) for e in sorted(_EMOTICONS, key=len, reverse=True)) + r")(?![\w)(])"
)

# --------------------------------------------------------------------------------------------
# Placeholders: URLs, e-mails, plates, phones, mentions
# --------------------------------------------------------------------------------------------

_URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|gov|edu|info|io|vn)(?:\.vn)?(?:/[^\s<>\"']*)?(?!\w)",
    re.IGNORECASE,
)
_EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# Vietnamese plates: province code, series (letter, optional second letter or digit), number
# of 4–5 digits written 12345 or 123.45: 72A-123.45, 51F1-12345, 72-B1 234.56, 51LD 01234.
_PLATE_RE = re.compile(
    r"(?<![\w.])\d{2}\s?-?\s?[A-Z][A-Z0-9]?\s?[-.]?\s?(?:\d{3}\.\d{2}|\d{4,5})(?![\w.]|\.\d)",
    re.IGNORECASE,
)
# Phones: mobile 0 + 9 digits, landline 0 + 10 digits (028 3822 1234), or +84/0084 + 9–10
# digits; groups may be separated by a space, dot or dash. Hotlines 1800/1900 + 4–6 digits.
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:(?:\+84|0084)[\s.-]?\(?0?\)?|0)(?:[\s.-]?\d){9,10}(?![\w])"
    r"|(?<![\w+])(?:\+84|0084)[\s.-]?\d(?:[\s.-]?\d){7,9}(?![\w])"
    r"|(?<![\w])1[89]00[\s.-]?\d{2,3}[\s.-]?\d{2,3}(?![\w])"
)
_MENTION_RE = re.compile(r"(?<![\w@])@[\w.]*\w")

# National IDs for masking: CCCD 12 digits, CMND 9 digits, standing alone.
_NATIONAL_ID_RE = re.compile(r"(?<![\w.,])(?:\d{12}|\d{9})(?![\w]|[.,]\d)")


def replace_entities(text: str) -> str:
    """Replace URLs, e-mails, plates, phones and @mentions with placeholders.

    Parameters
    ----------
    text : str
        NFC text.

    Returns
    -------
    str
        The text with ``<url>``, ``<email>``, ``<plate>``, ``<phone>`` and ``<mention>`` in
        place of the details. Each placeholder is padded with spaces so it stays a token.
    """
    # Order matters: an e-mail contains something that looks like a domain and a mention.
    text = _EMAIL_RE.sub(" <email> ", text)
    text = _URL_RE.sub(" <url> ", text)
    text = _PLATE_RE.sub(" <plate> ", text)
    text = _PHONE_RE.sub(" <phone> ", text)
    text = _MENTION_RE.sub(" <mention> ", text)
    return text


def _mask_digits(match: re.Match, keep_head: int = 3, keep_tail: int = 3) -> str:
    """Mask the digits of a match except the first and last few, keeping separators."""
    value = match.group(0)
    digit_positions = [i for i, ch in enumerate(value) if ch.isdigit()]
    hidden = set(digit_positions[keep_head : len(digit_positions) - keep_tail])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(value))


def _mask_email(match: re.Match) -> str:
    local, _, domain = match.group(0).partition("@")
    return local[:1] + "*" * max(len(local) - 1, 3) + "@" + domain


def mask_pii(text: str) -> str:
    """Mask personal details in text for display: phones, e-mails and national ID numbers.

    Phone numbers keep their first three and last three digits (``0912 *** 678``), national
    ID numbers (CCCD, 12 digits; CMND, 9 digits) their first three and last two, and e-mails
    their first letter and domain (``n***@gmail.com``). Any standalone 9- or 12-digit number is
    treated as an ID: masking a number that was not one is the safe mistake.

    Parameters
    ----------
    text : str
        Text as written (it is NFC-normalised first).

    Returns
    -------
    str
        The masked text; everything else is unchanged.
    """
    if not isinstance(text, str):
        raise TypeError(f"mask_pii expects str, got {type(text).__name__}")
    text = unicodedata.normalize("NFC", text)
    text = _EMAIL_RE.sub(_mask_email, text)
    text = _PHONE_RE.sub(_mask_digits, text)
    return _NATIONAL_ID_RE.sub(lambda m: _mask_digits(m, keep_head=3, keep_tail=2), text)


# --------------------------------------------------------------------------------------------
# Diacritics
# --------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _split_tone(char: str) -> tuple[str, str]:
    """Split one letter into (letter without tone, tone mark or '')."""
    decomposed = unicodedata.normalize("NFD", char)
    tone = "".join(c for c in decomposed if c in _TONE_MARKS)
    base = "".join(c for c in decomposed if c not in _TONE_MARKS)
    return unicodedata.normalize("NFC", base), tone


def _with_tone(letter: str, tone: str) -> str:
    return unicodedata.normalize("NFC", letter + tone)


#: The combining marks Vietnamese uses: tones, circumflex, breve, horn.
_VIETNAMESE_MARK = re.compile("[" + "".join(_TONE_MARKS) + "\u0302\u0306\u031b]")


def strip_diacritics(text: str) -> str:
    """Remove every Vietnamese diacritic, as text typed without them looks.

    Tone marks and quality marks go, and ``đ``/``Đ`` become ``d``/``D``:
    ``"Đường Thùy Vân ngập nước"`` → ``"Duong Thuy Van ngap nuoc"``.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The text in NFC with only base Latin letters where Vietnamese letters were.
    """
    # ``str.replace`` and a regular expression run in C; ``str.translate`` with a table and
    # a join character by character ran in Python: 3.7× slower (a social batch's labelling
    # strips every item's text several times)
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    # Drop only the combining marks Vietnamese uses, so other scripts keep theirs.
    return unicodedata.normalize("NFC", _VIETNAMESE_MARK.sub("", decomposed))


_ONSETS = (
    "ngh",
    "ng",
    "nh",
    "ch",
    "gh",
    "kh",
    "ph",
    "th",
    "tr",
    "gi",
    "qu",
    "b",
    "c",
    "d",
    "đ",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "q",
    "r",
    "s",
    "t",
    "v",
    "x",
)
_CODAS = ("ng", "nh", "ch", "c", "m", "n", "p", "t", "")
_SYLLABLE_RE = re.compile(
    r"^(?P<onset>"
    + "|".join(_ONSETS)
    + r")?(?P<nucleus>[aăâeêioôơuưy]{1,3})(?P<coda>"
    + "|".join(c for c in _CODAS if c)
    + r")?$"
)
_WORD_RE = re.compile(r"[^\W\d_]+")
_WORD_SPLIT_RE = re.compile(f"({_WORD_RE.pattern})")


def _tone_position(onset: str, nucleus: str, coda: str) -> int:
    """Index in the nucleus where the tone mark belongs (first-vowel convention)."""
    for quality_vowel in ("ơ", "ê", "ô", "â", "ă", "ư"):
        # "ươ" carries the mark on ơ; any single quality vowel carries it.
        if quality_vowel in nucleus:
            return nucleus.index(quality_vowel)
    if len(nucleus) == 3:
        return 1
    if len(nucleus) == 2:
        return 1 if coda else 0
    return 0


@functools.lru_cache(maxsize=65536)  # words repeat a lot; caching makes this nearly free
def _normalize_syllable(word: str) -> str:
    letters = [_split_tone(c) for c in word]
    tones = [t for _, t in letters if t]
    if len(tones) != 1:
        return word  # no tone to move, or not a Vietnamese syllable
    base = "".join(b for b, _ in letters)
    lower = base.lower()
    match = _SYLLABLE_RE.match(lower)
    if not match:
        return word
    onset, nucleus, coda = match.group("onset") or "", match.group("nucleus"), match.group("coda") or ""
    if onset == "gi" and not nucleus:
        return word
    # "gì", "gìn": the regex took "gi" as onset but "i" is the only vowel there.
    if onset == "g" and nucleus.startswith("i") and len(nucleus) > 1:
        onset, nucleus = "gi", nucleus[1:]
    if onset == "q" and nucleus.startswith("u") and len(nucleus) > 1:
        onset, nucleus = "qu", nucleus[1:]
    if nucleus in ("oo",):  # "xoong", "boong": loanwords with their own rules
        return word
    target = len(onset) + _tone_position(onset, nucleus, coda)
    current = next(i for i, (_, t) in enumerate(letters) if t)
    if target == current:
        return word
    chars = [b for b, _ in letters]
    chars[target] = _with_tone(chars[target], tones[0])
    return "".join(chars)


def normalize_tone_marks(text: str) -> str:
    """Move tone marks to one convention: ``hoà`` → ``hòa``, ``thuỷ`` → ``thủy``.

    See the module docstring for the rules. Words that are not a single Vietnamese syllable
    (foreign words, several tone marks) are left as they are.

    Parameters
    ----------
    text : str
        NFC text, any case.

    Returns
    -------
    str
        The text with every Vietnamese syllable's tone mark on its conventional vowel.
    """
    # split around the words (odd places: the words ``_WORD_RE`` finds) and looked up in a
    # list: 1.4× the speed of a ``sub`` calling back into Python for every word
    parts = _WORD_SPLIT_RE.split(text)
    parts[1::2] = [_normalize_syllable(word) for word in parts[1::2]]
    return "".join(parts)


def _tone_strip(char: str) -> str:
    return _split_tone(char)[0].lower()


@functools.lru_cache(maxsize=65536)
def _squeeze_word(word: str) -> str:
    """Squeeze stretched letters inside one word (see :func:`squeeze_repeats`)."""
    if not any(_tone_strip(c) in _VOWELS for c in word):
        return word  # consonant-only abbreviations spell doubles on purpose: "pccc", "cccd"
    out: list[str] = []
    i = 0
    while i < len(word):
        j = i + 1
        key = _tone_strip(word[i])
        while j < len(word) and _tone_strip(word[j]) == key:
            j += 1
        run = word[i:j]
        stretched = len(run) >= 3 or (len(run) == 2 and _split_tone(run[0])[1] and not _split_tone(run[1])[1])
        out.append(run[0] if stretched else run)
        i = j
    return "".join(out)


_MARK_RUN_RE = re.compile(r"([!?,~])\1+|\.{4,}")


def squeeze_repeats(text: str) -> str:
    """Squeeze letters stretched for emphasis: ``quáaaa`` → ``quá``, ``đẹppp`` → ``đẹp``.

    A run of three or more copies of a letter (tone marks ignored) becomes one letter, the first
    of the run; a toned vowel followed by its bare copy (``quáa``) also becomes one. Pairs that
    Vietnamese spells on purpose (``xoong``, ``soóc``) and consonant-only abbreviations
    (``pccc``) stay. Runs of ``! ? , ~`` become one mark, runs of four or more dots an ellipsis,
    and runs of the same emoji one emoji.

    Parameters
    ----------
    text : str
        NFC text.

    Returns
    -------
    str
        The squeezed text.
    """
    text = _WORD_RE.sub(lambda m: _squeeze_word(m.group(0)), text)
    text = _MARK_RUN_RE.sub(lambda m: "..." if m.group(0).startswith(".") else m.group(1), text)
    return _EMOJI_RUN_RE.sub(lambda m: m.group(1), text)


# --------------------------------------------------------------------------------------------
# Teencode
# --------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _teencode_table() -> dict[str, str]:
    table: dict[str, str] = {}
    path = RESOURCES / "teencode.txt"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        short, sep, expansion = line.partition("\t")
        if not sep or not expansion.strip():
            raise ValueError(f"{path}:{number}: expected 'short<TAB>expansion', got {line!r}")
        # Keys go through the same normalisation as the text they are matched against.
        table[normalize_tone_marks(unicodedata.normalize("NFC", short.strip().lower()))] = expansion.strip()
    return table


_TOKEN_RE = re.compile(r"(?<![\w<])[\w][\w\-]*(?![\w>])")
# Numbers with a money or road suffix: 50k, 2tr, 3 tỷ; QL51, TL 44A.
_AMOUNT_RE = re.compile(r"\b(\d+(?:[.,]\d+)?)\s?(k|tr|ty|tỷ)\b", re.IGNORECASE)
_AMOUNT_WORDS = {"k": "nghìn", "tr": "triệu", "ty": "tỷ", "tỷ": "tỷ"}
_ROAD_RE = re.compile(r"\b(ql|tl|qlộ)\s?\.?\s?(\d+[a-z]?)\b", re.IGNORECASE)
_ROAD_WORDS = {"ql": "quốc lộ", "qlộ": "quốc lộ", "tl": "tỉnh lộ"}


def expand_teencode(text: str) -> str:
    """Expand teencode and abbreviations from ``nlp/resources/teencode.txt``.

    Whole tokens only, matched case-insensitively: ``ko dc`` → ``không được``,
    ``UBND tp`` → ``ủy ban nhân dân thành phố``. Money and road numbers are spelled out too:
    ``50k`` → ``50 nghìn``, ``QL51`` → ``quốc lộ 51``.

    Parameters
    ----------
    text : str
        NFC text.

    Returns
    -------
    str
        The expanded text; expansions are lower case.
    """
    table = _teencode_table()
    text = _AMOUNT_RE.sub(lambda m: f"{m.group(1)} {_AMOUNT_WORDS[m.group(2).lower()]}", text)
    text = _ROAD_RE.sub(lambda m: f"{_ROAD_WORDS[m.group(1).lower()]} {m.group(2)}", text)

    def expand(match: re.Match) -> str:
        token = match.group(0)
        return table.get(token.lower(), token)

    return _TOKEN_RE.sub(expand, text)


# --------------------------------------------------------------------------------------------
# Segmentation
# --------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _pyvi_tokenizer():
    try:
        from pyvi import ViTokenizer  # heavy (CRF model), so only when asked for
    except ImportError as error:
        raise ImportError("Word segmentation needs pyvi: install it with `pip install pyvi==0.1.1`.") from error
    return ViTokenizer


def segment_words(text: str) -> str:
    """Join the syllables of multi-syllable words with ``_`` using pyvi.

    ``"thành phố vũng tàu"`` → ``"thành_phố vũng_tàu"``. Placeholders such as ``<url>`` are kept
    whole.

    Parameters
    ----------
    text : str
        Preprocessed text.

    Returns
    -------
    str
        The segmented text.

    Raises
    ------
    ImportError
        When pyvi is not installed; the message names the install step.
    """
    tokenizer = _pyvi_tokenizer()
    pieces = re.split(r"(<[a-z]+>)", text)
    segmented = [
        piece if piece in PLACEHOLDERS else tokenizer.tokenize(piece) if piece.strip() else piece for piece in pieces
    ]
    return re.sub(r"\s+", " ", " ".join(p.strip() for p in segmented if p.strip())).strip()


# --------------------------------------------------------------------------------------------
# The pipeline
# --------------------------------------------------------------------------------------------


def _emoticons_to_emoji(text: str) -> str:
    return _EMOTICON_RE.sub(lambda m: f" {_EMOTICONS[m.group(1)]} ", text)


def _split_emoji(text: str) -> str:
    return _EMOJI_RE.sub(lambda m: f" {m.group(0)} ", text)


def preprocess(text: str, *, segment: bool = False, lowercase: bool = True) -> str:
    """Normalise one Vietnamese post or report for the models.

    The single normalisation shared by training and inference; the module docstring lists the
    steps.

    Parameters
    ----------
    text : str
        Raw text as written by its author (any Unicode normalisation form).
    segment : bool, default False
        Join multi-syllable words with ``_`` using pyvi (needs ``pyvi==0.1.1``).
    lowercase : bool, default True
        Lower-case the text. Expansions of abbreviations are lower case either way.

    Returns
    -------
    str
        Normalised text, tokens separated by single spaces.

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> preprocess("Đường Thuỳ Vân ngập quáaaa 😭😭 ko đi dc, gọi 0912 345 678")
    'đường thùy vân ngập quá 😭 không đi được, gọi <phone>'
    """
    if not isinstance(text, str):
        raise TypeError(f"preprocess expects str, got {type(text).__name__}")
    text = unicodedata.normalize("NFC", text)
    text = _emoticons_to_emoji(text)
    text = replace_entities(text)
    if lowercase:
        text = text.lower()
    text = _EMOJI_GLUE_RE.sub("", text)  # skin tones and joiners would break emoji runs
    text = squeeze_repeats(text)
    text = _split_emoji(text)
    text = normalize_tone_marks(text)
    text = expand_teencode(text)
    text = re.sub(r"\s+", " ", text).strip()
    if segment:
        text = segment_words(text)
    return text


# --------------------------------------------------------------------------------------------
# Text without diacritics
# --------------------------------------------------------------------------------------------


def augment_without_diacritics(
    texts: Sequence[str], labels: Sequence, fraction: float = 0.3, seed: int = 0
) -> tuple[list[str], list]:
    """Add copies of some training texts with their diacritics stripped.

    Social-media users often type without diacritics; a model that has seen such copies of its
    training texts handles them. The originals are kept and the copies appended.

    Parameters
    ----------
    texts : sequence of str
        Training texts.
    labels : sequence
        Their labels (any type; copied with the texts).
    fraction : float, default 0.3
        Share of texts to copy, in [0, 1].
    seed : int, default 0
        Seed of the random choice of texts.

    Returns
    -------
    (list of str, list)
        Texts and labels: the originals followed by the stripped copies.
    """
    if len(texts) != len(labels):
        raise ValueError(f"texts and labels differ in length: {len(texts)} != {len(labels)}")
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"fraction must be within [0, 1], got {fraction}")
    rng = random.Random(seed)
    chosen = sorted(rng.sample(range(len(texts)), round(fraction * len(texts))))
    out_texts = list(texts) + [strip_diacritics(texts[i]) for i in chosen]
    out_labels = list(labels) + [labels[i] for i in chosen]
    return out_texts, out_labels


class DiacriticRestorer:
    """A dictionary-based restorer of diacritics, learnt from text that has them.

    For each stripped word it remembers the accented forms seen, with their counts, and for
    neighbouring words which forms followed which. Restoring picks, word by word, the form that
    best fits both neighbours: how often it followed the previous word's restored form, how often
    it preceded the next word (stripped), and, to break ties, how frequent it is overall.
    Unknown words are left as they are.

    Parameters
    ----------
    texts : iterable of str
        Text with diacritics (it is lower-cased and tone-normalised).
    """

    def __init__(self, texts: Iterable[str]) -> None:
        self.unigrams: dict[str, Counter] = {}
        self.left: dict[tuple[str, str], Counter] = {}  # (previous form, key) → forms
        self.right: dict[tuple[str, str], Counter] = {}  # (key, next key) → forms
        for text in texts:
            words = _WORD_RE.findall(normalize_tone_marks(unicodedata.normalize("NFC", text).lower()))
            keys = [strip_diacritics(w) for w in words]
            for key, word in zip(keys, words):
                self.unigrams.setdefault(key, Counter())[word] += 1
            for i in range(len(words) - 1):
                self.left.setdefault((words[i], keys[i + 1]), Counter())[words[i + 1]] += 1
                self.right.setdefault((keys[i], keys[i + 1]), Counter())[words[i]] += 1

    def _choose(self, key: str, previous: str | None, next_key: str | None) -> str:
        forms = self.unigrams.get(key)
        if not forms:
            return key
        total = sum(forms.values())
        left = self.left.get((previous, key), Counter()) if previous else Counter()
        right = self.right.get((key, next_key), Counter()) if next_key else Counter()
        return max(forms, key=lambda f: (2 * left[f] + right[f] + forms[f] / total, f))

    def to_dict(self) -> dict:
        """The restorer as plain JSON-able data (see :meth:`from_dict`).

        Only what can change a choice is kept: words with one known form equal to the word
        itself and the neighbour counts of words with a single form never alter the result.
        """
        ambiguous = {key for key, forms in self.unigrams.items() if len(forms) > 1}
        return {
            "unigrams": {
                key: dict(forms) for key, forms in self.unigrams.items() if key in ambiguous or next(iter(forms)) != key
            },
            "left": [[prev, key, dict(forms)] for (prev, key), forms in self.left.items() if key in ambiguous],
            "right": [[key, nxt, dict(forms)] for (key, nxt), forms in self.right.items() if key in ambiguous],
        }

    @classmethod
    def from_dict(cls, data: dict) -> DiacriticRestorer:
        """A restorer from the output of :meth:`to_dict`."""
        restorer = cls(())
        restorer.unigrams = {key: Counter(forms) for key, forms in data["unigrams"].items()}
        restorer.left = {(prev, key): Counter(forms) for prev, key, forms in data["left"]}
        restorer.right = {(key, nxt): Counter(forms) for key, nxt, forms in data["right"]}
        return restorer

    def restore(self, text: str) -> str:
        """Restore diacritics in ``text`` (lower-cased), keeping everything that is not a word."""
        text = unicodedata.normalize("NFC", text).lower()
        matches = list(_WORD_RE.finditer(text))
        keys = [strip_diacritics(m.group(0)) for m in matches]
        out: list[str] = []
        previous: str | None = None
        last = 0
        for i, match in enumerate(matches):
            word = match.group(0)
            # A word that already carries diacritics was typed with them: keep it.
            if keys[i] != word:
                restored = word
            else:
                restored = self._choose(word, previous, keys[i + 1] if i + 1 < len(keys) else None)
            out.append(text[last : match.start()] + restored)
            last = match.end()
            previous = restored
        out.append(text[last:])
        return "".join(out)


@functools.lru_cache(maxsize=1)
def _default_restorer() -> DiacriticRestorer:
    # Learnt from the seed corpus's train split (its texts typed with diacritics) on first
    # use, so that importing `nlp.preprocess` loads neither pandas nor the corpus splits.
    texts = [t for t in load_corpus("train")["text"] if strip_diacritics(t) != t]
    return DiacriticRestorer(texts)


def restore_diacritics(text: str, restorer: DiacriticRestorer | None = None) -> str:
    """Put diacritics back on Vietnamese typed without them (dictionary-based, approximate).

    Words that already carry diacritics are kept; unknown words are left as they are. On the
    seed corpus's dev split, restoring text typed without diacritics before classification
    helped a TF-IDF model more than pyvi's general-purpose restorer did (see
    ``nlp/corpus/diacritics_experiment.py``).

    Parameters
    ----------
    text : str
        Text, typically without diacritics (``"duong ngap nuoc"``).
    restorer : DiacriticRestorer, optional
        A restorer learnt from in-domain text; by default one learnt from the seed corpus's
        train split (built on first use).

    Returns
    -------
    str
        Lower-case text with restored diacritics (``"đường ngập nước"``).
    """
    if not isinstance(text, str):
        raise TypeError(f"restore_diacritics expects str, got {type(text).__name__}")
    return (restorer or _default_restorer()).restore(text)
