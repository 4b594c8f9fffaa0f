"""Watch-lists: find followed keywords and entities in Vietnamese text, with their spans.

A watch-list (*từ khóa theo dõi*) is a set of :class:`WatchEntry` — a keyword, organisation,
person or place — each with the spellings people use for it. Vietnamese names come in many
spellings: with or without diacritics (``Vũng Tàu`` / ``Vung Tau``), abbreviated
(``Ủy ban nhân dân tỉnh`` / ``UBND tỉnh`` / ``ubnd tinh``), with different separators
(``Bà Rịa - Vũng Tàu`` / ``Bà Rịa-Vũng Tàu`` / ``BR-VT`` / ``BRVT``) and with the tone mark on
either vowel (``Thuỳ Vân`` / ``Thùy Vân``). With ``auto_variants=True`` an entry gets these
spellings generated from its name and variants.

:class:`Watchlist` compiles every spelling of every entry into one regular expression shaped like
a trie (common prefixes shared), so a text is scanned once however many entries there are.
Matching is case-insensitive (except for two-letter all-capital abbreviations such as ``VT``,
which would otherwise match ordinary words), respects word boundaries, and reports each match
with its span in the *original* text, even when that text was not in NFC.

Examples
--------
>>> wl = Watchlist([WatchEntry("brvt", "Bà Rịa - Vũng Tàu", "place"),
...                 WatchEntry("ubnd", "UBND tỉnh", "organisation")])
>>> [(m.text, m.entry_id) for m in wl.find("ubnd tinh BRVT vừa họp")]
[('ubnd tinh', 'ubnd'), ('BRVT', 'brvt')]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from nlp.preprocess import normalize_tone_marks, strip_diacritics

__all__ = ["KINDS", "Match", "WatchEntry", "Watchlist", "spelling_variants"]

#: What an entry can be.
KINDS = ("keyword", "organisation", "person", "place")

# Long form ↔ abbreviation, both directions. Lower case; matched as whole words.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("ủy ban nhân dân", "ubnd"),
    ("hội đồng nhân dân", "hđnd"),
    ("thành phố hồ chí minh", "tp.hcm"),
    ("thành phố", "tp"),
    ("thị xã", "tx"),
    ("bà rịa - vũng tàu", "br-vt"),
    ("cảnh sát giao thông", "csgt"),
    ("phòng cháy chữa cháy", "pccc"),
    ("khu công nghiệp", "kcn"),
    ("quốc lộ", "ql"),
    ("tỉnh lộ", "tl"),
    ("bệnh viện", "bv"),
    ("trung tâm y tế", "ttyt"),
    ("sở tài nguyên và môi trường", "sở tn&mt"),
    ("sở giao thông vận tải", "sở gtvt"),
    ("sở giáo dục và đào tạo", "sở gd&đt"),
    ("sở kế hoạch và đầu tư", "sở kh&đt"),
    ("sở lao động - thương binh và xã hội", "sở lđtb&xh"),
    ("trung tâm giám sát, điều hành đô thị thông minh", "ioc"),
)

# Characters that separate the words of a name; any run of them (or none) matches any other.
_SEPARATORS = r"\s\-–—_.,&/"
_SEP_PATTERN = f"[{_SEPARATORS}]*"
_TOKEN_SPLIT_RE = re.compile(f"[{_SEPARATORS}]+")


@dataclass(frozen=True)
class WatchEntry:
    """One followed keyword or entity.

    Parameters
    ----------
    id : str
        Stable identifier, unique within a watch-list (e.g. ``"ubnd-tinh"``).
    name : str
        Display name (e.g. ``"UBND tỉnh Bà Rịa - Vũng Tàu"``); always matched.
    kind : {"keyword", "organisation", "person", "place"}
        What the entry is.
    variants : tuple of str, optional
        Other spellings to match (abbreviations, nicknames, old names).
    auto_variants : bool, default True
        Also match spellings generated from ``name`` and ``variants``: without diacritics, with
        abbreviations expanded or contracted, and (for places and organisations with a
        title-case name of three words or more) initials such as ``BRVT``. Two-letter
        abbreviations such as ``VT`` must be listed in ``variants``. See :func:`spelling_variants`.
    """

    id: str
    name: str
    kind: str
    variants: tuple[str, ...] = ()
    auto_variants: bool = True

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id.strip():
            raise ValueError(f"a watch-list entry needs a non-empty id, got {self.id!r}")
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"watch-list entry {self.id!r} needs a non-empty name")
        if self.kind not in KINDS:
            raise ValueError(f"watch-list entry {self.id!r}: kind {self.kind!r} is not one of {KINDS}")
        variants = (self.variants,) if isinstance(self.variants, str) else tuple(self.variants)
        if not all(isinstance(v, str) for v in variants):
            raise ValueError(f"watch-list entry {self.id!r}: variants must be strings")
        object.__setattr__(self, "variants", variants)

    def spellings(self) -> set[str]:
        """Every spelling this entry matches (before case folding)."""
        base = {self.name, *self.variants}
        if not self.auto_variants:
            return {s for s in base if s.strip()}
        return spelling_variants(base, with_initials=self.kind in ("place", "organisation"))


@dataclass(frozen=True)
class Match:
    """A watch-list hit: the span in the original text and the entry it belongs to."""

    start: int
    end: int
    text: str
    entry_id: str
    kind: str
    name: str


def _normalise(text: str) -> str:
    return normalize_tone_marks(unicodedata.normalize("NFC", text))


def _replace_word(text: str, old: str, new: str) -> str:
    pattern = r"(?<!\w)" + re.escape(old).replace(r"\ ", r"\s+") + r"(?!\w)"
    return re.sub(pattern, new, text, flags=re.IGNORECASE)


def _initials(name: str) -> set[str]:
    """``Bà Rịa - Vũng Tàu`` → {``BRVT``, ``BR-VT``}; ``Vũng Tàu`` → nothing (two letters)."""
    parts = [p for p in re.split(r"\s*[-–—]\s*", name) if p.strip()]
    words_per_part = [[w for w in p.split() if w[:1].isalpha()] for p in parts]
    if sum(len(w) for w in words_per_part) < 2 or any(not w for w in words_per_part):
        return set()
    # Only proper names in title case: "Sở Tài nguyên…" or "UBND tỉnh" have no initials in use.
    if not all(w[0].isupper() and not (len(w) > 1 and w.isupper()) for ws in words_per_part for w in ws):
        return set()
    per_part = ["".join(strip_diacritics(w[0]).upper() for w in words) for words in words_per_part]
    joined = "".join(per_part)
    # Two letters ("VT", "TV") are too ambiguous to add unasked; list them as variants instead.
    return {joined, "-".join(per_part)} if len(joined) >= 3 else set()


def spelling_variants(spellings: Iterable[str], *, with_initials: bool = False) -> set[str]:
    """Generate the spellings people use for a Vietnamese name.

    For each spelling: the spelling itself, abbreviations from ``ABBREVIATIONS`` contracted and
    expanded (``Ủy ban nhân dân tỉnh`` ↔ ``UBND tỉnh``), optionally the initials of a
    title-case name of three words or more (``Bà Rịa - Vũng Tàu`` → ``BRVT``, ``BR-VT``; two-letter initials
    such as ``VT`` are too ambiguous and must be listed as variants), and all of these without
    diacritics (``UBND tinh``, ``Ba Ria - Vung Tau``).

    Parameters
    ----------
    spellings : iterable of str
        Known spellings (name and variants).
    with_initials : bool, default False
        Add initials; meant for places and organisations.

    Returns
    -------
    set of str
    """
    out = {_normalise(s).strip() for s in spellings if s and s.strip()}
    frontier = set(out)
    for _ in range(3):  # a name may hold several abbreviable parts ("UBND tỉnh BR-VT")
        added = set()
        for spelling in frontier:
            lowered = spelling.lower()
            for long_form, short_form in ABBREVIATIONS:
                if re.search(r"(?<!\w)" + re.escape(long_form).replace(r"\ ", r"\s+") + r"(?!\w)", lowered):
                    added.add(_replace_word(spelling, long_form, short_form.upper()))
                if re.search(r"(?<!\w)" + re.escape(short_form) + r"(?!\w)", lowered):
                    added.add(_replace_word(spelling, short_form, long_form))
        frontier = added - out
        out |= added
        if not frontier:
            break
    if with_initials:
        out |= {initials for spelling in list(out) for initials in _initials(spelling)}
    out |= {strip_diacritics(s) for s in out}
    return {s for s in out if s.strip()}


def _tokens(spelling: str, *, keep_case: bool = False) -> tuple[str, ...]:
    normalised = _normalise(spelling)
    return tuple(t for t in _TOKEN_SPLIT_RE.split(normalised if keep_case else normalised.lower()) if t)


def _is_case_sensitive(spelling: str) -> bool:
    # "VT", "CA": two capitals would otherwise match everyday words ("vt", "ca").
    compact = re.sub(f"[{_SEPARATORS}]", "", spelling)
    return len(compact) <= 2 and compact.isupper()


class _Trie:
    """Token trie compiled into one regular expression with shared prefixes."""

    def __init__(self) -> None:
        self.root: dict = {}

    def add(self, tokens: tuple[str, ...]) -> None:
        node = self.root
        for token in tokens:
            node = node.setdefault(token, {})
        node[""] = True  # end of a spelling

    def pattern(self) -> str | None:
        return self._node_pattern(self.root) if self.root else None

    def _node_pattern(self, node: dict) -> str:
        branches = []
        # Longer tokens first so that "vũng" is tried before "vũ" would be.
        for token in sorted((t for t in node if t), key=lambda t: (-len(t), t)):
            child = node[token]
            tail = [k for k in child if k]
            if not tail:
                branches.append(re.escape(token))
                continue
            rest = f"{_SEP_PATTERN}{self._node_pattern(child)}"
            # Greedy optional continuation: the longest spelling at a position wins.
            branches.append(re.escape(token) + (f"(?:{rest})?" if "" in child else f"(?:{rest})"))
        return "(?:" + "|".join(branches) + ")"


class Watchlist:
    """A compiled set of watch-list entries.

    Parameters
    ----------
    entries : iterable of WatchEntry
        The entries; ids must be unique.

    Raises
    ------
    ValueError
        On duplicate ids.
    """

    def __init__(self, entries: Iterable[WatchEntry]) -> None:
        self.entries: tuple[WatchEntry, ...] = tuple(entries)
        by_id: dict[str, WatchEntry] = {}
        for entry in self.entries:
            if not isinstance(entry, WatchEntry):
                raise TypeError(f"expected WatchEntry, got {type(entry).__name__}")
            if entry.id in by_id:
                raise ValueError(f"duplicate watch-list entry id {entry.id!r}")
            by_id[entry.id] = entry
        self._by_id = by_id
        # Key: the spelling's tokens joined without separators ("brvt" for BR-VT and BRVT).
        self._owners: dict[str, list[str]] = {}
        tries = {False: _Trie(), True: _Trie()}
        for entry in self.entries:
            for spelling in entry.spellings():
                case_sensitive = _is_case_sensitive(spelling)
                tokens = _tokens(spelling)
                if not tokens:
                    continue
                tries[case_sensitive].add(_tokens(spelling, keep_case=True) if case_sensitive else tokens)
                owners = self._owners.setdefault("".join(tokens), [])
                if entry.id not in owners:
                    owners.append(entry.id)
        # (regex, the same without IGNORECASE for text in lower case, or None): the tokens of the
        # case-insensitive trie are lower case already, and a plain match over ``text.lower()``
        # runs three times as fast as IGNORECASE's folding of every character
        self._regexes: list[tuple[re.Pattern, re.Pattern | None]] = []
        self._folding_otherwise: re.Pattern | None = None
        for case_sensitive, trie in tries.items():
            body = trie.pattern()
            if body:
                pattern = rf"(?<!\w){body}(?!\w)"
                if case_sensitive:
                    self._regexes.append((re.compile(pattern), None))
                else:
                    self._regexes.append((re.compile(pattern, re.IGNORECASE), re.compile(pattern)))
                    self._folding_otherwise = _folding_otherwise(body)

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return f"Watchlist({len(self.entries)} entries)"

    def entry(self, entry_id: str) -> WatchEntry:
        """The entry with this id (``KeyError`` naming the id when absent)."""
        try:
            return self._by_id[entry_id]
        except KeyError:
            raise KeyError(f"no watch-list entry {entry_id!r}") from None

    def find(self, text: str) -> list[Match]:
        """Find every entry mentioned in ``text``.

        Parameters
        ----------
        text : str
            Any text, in any Unicode normalisation form.

        Returns
        -------
        list of Match
            Sorted by start. Spans index into ``text`` as given. Where spellings overlap, the
            longest wins (``Bà Rịa - Vũng Tàu`` rather than ``Vũng Tàu`` inside it). A spelling
            shared by several entries yields one match per entry.
        """
        if not isinstance(text, str):
            raise TypeError(f"Watchlist.find expects str, got {type(text).__name__}")
        normalised, starts, ends = _normalise_with_offsets(text)  # offsets None: the identity
        found: list[tuple[int, int]] = []
        lowered = _lower_case(normalised, self._folding_otherwise) if self._folding_otherwise else None
        for regex, plain in self._regexes:
            subject = normalised
            if plain is not None and lowered is not None:
                regex, subject = plain, lowered
            for hit in regex.finditer(subject):
                span = (hit.start(), hit.end())
                if not any(s < span[1] and span[0] < e for s, e in found):
                    found.append(span)
        matches = []
        for start, end in sorted(found):
            key = "".join(_tokens(normalised[start:end]))
            original_start, original_end = (start, end) if starts is None else (starts[start], ends[end - 1])
            for entry_id in self._owners.get(key, ()):
                entry = self._by_id[entry_id]
                matches.append(
                    Match(
                        original_start,
                        original_end,
                        text[original_start:original_end],
                        entry.id,
                        entry.kind,
                        entry.name,
                    )
                )
        return matches

    @classmethod
    def from_records(cls, records: Iterable[Mapping]) -> Watchlist:
        """Build from mappings with keys ``id, name, kind`` and optional ``variants, auto_variants``."""
        entries = []
        for number, record in enumerate(records, start=1):
            if not isinstance(record, Mapping):
                raise ValueError(f"watch-list record {number} is not a mapping: {record!r}")
            missing = [k for k in ("id", "name", "kind") if not record.get(k)]
            if missing:
                raise ValueError(f"watch-list record {number} lacks {', '.join(missing)}: {dict(record)!r}")
            unknown = set(record) - {"id", "name", "kind", "variants", "auto_variants"}
            if unknown:
                raise ValueError(f"watch-list record {number} ({record['id']}) has unknown keys {sorted(unknown)}")
            entries.append(
                WatchEntry(
                    id=str(record["id"]),
                    name=str(record["name"]),
                    kind=str(record["kind"]),
                    variants=tuple(record.get("variants") or ()),
                    auto_variants=bool(record.get("auto_variants", True)),
                )
            )
        return cls(entries)

    @classmethod
    def from_yaml(cls, path: str | Path) -> Watchlist:
        """Load a YAML file: a list of records, or a mapping with an ``entries`` list."""
        import yaml  # PyYAML is a workbench dependency; imported here to keep `nlp` light

        path = Path(path)
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, Mapping):
            data = data.get("entries")
        if not isinstance(data, list):
            raise ValueError(f"{path}: expected a list of entries (or a mapping with 'entries')")
        try:
            return cls.from_records(data)
        except ValueError as error:
            raise ValueError(f"{path}: {error}") from None


#: ``re``'s extra case equivalences under IGNORECASE (``s`` and ``ſ``, ``i`` and ``ı``,
#: Greek letter forms …): pairs a plain match of lower-case text does not take as equal.
#: ``re._casefix`` is private (CPython 3.11 on); where it is missing, ``None``: every text is
#: then matched with IGNORECASE itself (slower, never another span).
try:
    from re._casefix import _EXTRA_CASES
except ImportError:
    _EXTRA_CASES = None
#: Any character at all: every text takes IGNORECASE's way (:func:`_folding_otherwise`).
_ANY_CHARACTER = re.compile(r"[\s\S]")


def _folding_otherwise(pattern_text: str) -> re.Pattern:
    """The characters of a text after which a plain match of its lower case could differ from
    IGNORECASE's over a pattern made of ``pattern_text``'s characters: those equivalent to a
    pattern character other than their own lower case (``ſ`` where the pattern has ``s``),
    ``İ`` (two characters in lower case) and ``Σ`` (``str.lower`` writes a final sigma by context)."""
    if _EXTRA_CASES is None:  # re's equivalences unknown here
        return _ANY_CHARACTER
    used = {ord(c) for c in pattern_text}
    unsafe = {0x130, 0x3A3}
    for code, extra in _EXTRA_CASES.items():
        lowered = chr(code).lower()
        if any(other in used and chr(other) != lowered for other in extra):
            unsafe.add(code)
    return re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(unsafe)) + "]")


def _lower_case(text: str, folding_otherwise: re.Pattern) -> str | None:
    """``text.lower()`` when a plain match over it finds what IGNORECASE finds over ``text``
    (``None``: a character folds otherwise, or the length changes)."""
    if folding_otherwise.search(text):
        return None
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else None


def _normalise_with_offsets(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """NFC + tone-mark normalisation, with each output character's span in the input.

    Returns the normalised text and, per normalised character, the start and end offsets of the
    input characters it came from (a base letter and its combining marks become one character);
    ``None, None`` when each character is its own (no list of offsets built for every text
    read: most texts mention nothing on the list).
    """
    if unicodedata.is_normalized("NFC", text):  # the common case: offsets are the identity
        toned = normalize_tone_marks(text)
        if len(toned) == len(text):
            return toned, None, None
    pieces, starts, ends = [], [], []
    for cluster in re.finditer(r".[\u0300-\u036f]*", text, flags=re.DOTALL):
        composed = unicodedata.normalize("NFC", cluster.group(0))
        pieces.append(composed)
        starts += [cluster.start()] * len(composed)
        ends += [cluster.end()] * len(composed)
    nfc = "".join(pieces)
    toned = normalize_tone_marks(nfc)
    # Moving a tone mark never changes the length of NFC text; if it ever did, match on NFC.
    return (toned if len(toned) == len(nfc) else nfc), starts, ends
