"""Tests for nlp.watchlist: Vietnamese spelling variants, word boundaries and original spans."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from nlp.preprocess import RESOURCES
from nlp.watchlist import Match, WatchEntry, Watchlist, spelling_variants

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def watchlist() -> Watchlist:
    return Watchlist(
        [
            WatchEntry("ubnd-tinh", "UBND tỉnh", "organisation"),
            WatchEntry("brvt", "Bà Rịa - Vũng Tàu", "place"),
            WatchEntry("vung-tau", "Vũng Tàu", "place", variants=("VT",)),
            WatchEntry("thuy-van", "Thùy Vân", "place"),
            WatchEntry("ql51", "Quốc lộ 51", "place", variants=("QL51",)),
            WatchEntry("chay", "cháy", "keyword"),
            WatchEntry("nguyen-van-a", "Nguyễn Văn An", "person"),
        ]
    )


def found(watchlist: Watchlist, text: str) -> list[tuple[str, str]]:
    return [(m.entry_id, m.text) for m in watchlist.find(text)]


@pytest.mark.parametrize(
    "text",
    [
        "UBND tỉnh họp",
        "Ủy ban nhân dân tỉnh họp",
        "Uỷ ban nhân dân tỉnh họp",
        "ubnd tinh họp",
        "UY BAN NHAN DAN TINH họp",
        "ubnd  tỉnh họp",
    ],
)
def test_organisation_variants(watchlist, text):
    assert [entry for entry, _ in found(watchlist, text)] == ["ubnd-tinh"]


@pytest.mark.parametrize(
    "text",
    [
        "Bà Rịa - Vũng Tàu",
        "Bà Rịa-Vũng Tàu",
        "Bà Rịa – Vũng Tàu",
        "Ba Ria Vung Tau",
        "BR-VT",
        "BRVT",
        "brvt",
        "Bà Rịa Vũng Tàu",
    ],
)
def test_province_variants_match_whole(watchlist, text):
    assert found(watchlist, f"Tỉnh {text} mưa lớn") == [("brvt", text)]


@pytest.mark.parametrize("text", ["Vũng Tàu", "Vung Tau", "VUNG TAU", "vũng tàu", "VT"])
def test_city_variants(watchlist, text):
    assert found(watchlist, f"đi {text} chơi") == [("vung-tau", text)]


def test_two_letter_abbreviation_is_case_sensitive(watchlist):
    assert found(watchlist, "viết vt là sai") == []


def test_word_boundaries(watchlist):
    assert found(watchlist, "BRVTX và xBRVT và VũngTàuu") == []
    assert found(watchlist, "(BRVT), #BRVT.") == [("brvt", "BRVT"), ("brvt", "BRVT")]


def test_diacritics_are_not_ignored_in_text_that_has_them(watchlist):
    # "chạy" (run) is not "cháy" (fire); only the spelling without any diacritics is accepted.
    assert found(watchlist, "xe chạy nhanh") == []
    assert found(watchlist, "Cháy lớn, chay to") == [("chay", "Cháy"), ("chay", "chay")]


def test_tone_mark_convention_does_not_matter(watchlist):
    assert found(watchlist, "đường Thuỳ Vân ngập") == [("thuy-van", "Thuỳ Vân")]


def test_road_numbers(watchlist):
    text = "kẹt xe QL51, ql 51 và quoc lo 51"
    assert found(watchlist, text) == [("ql51", "QL51"), ("ql51", "ql 51"), ("ql51", "quoc lo 51")]


def test_spans_index_the_original_text(watchlist):
    text = "Sáng nay UBND tỉnh Bà Rịa - Vũng Tàu họp về đường Thùy Vân."
    matches = watchlist.find(text)
    assert [m.entry_id for m in matches] == ["ubnd-tinh", "brvt", "thuy-van"]
    for match in matches:
        assert text[match.start : match.end] == match.text
    assert matches[1] == Match(19, 36, "Bà Rịa - Vũng Tàu", "brvt", "place", "Bà Rịa - Vũng Tàu")


def test_spans_index_decomposed_text(watchlist):
    text = unicodedata.normalize("NFD", "Ở Vũng Tàu, ông Nguyễn Văn An nói")
    matches = watchlist.find(text)
    assert [m.entry_id for m in matches] == ["vung-tau", "nguyen-van-a"]
    for match in matches:
        assert match.text == text[match.start : match.end]
        assert unicodedata.normalize("NFC", match.text) in ("Vũng Tàu", "Nguyễn Văn An")


def test_longest_spelling_wins(watchlist):
    assert found(watchlist, "Vũng Tàu và Bà Rịa - Vũng Tàu") == [
        ("vung-tau", "Vũng Tàu"),
        ("brvt", "Bà Rịa - Vũng Tàu"),
    ]


def test_shared_spelling_reports_every_entry():
    wl = Watchlist([WatchEntry("a", "Long Hải", "place"), WatchEntry("b", "Long Hai", "keyword")])
    assert sorted(m.entry_id for m in wl.find("bien Long Hai")) == ["a", "b"]


def test_without_auto_variants_only_listed_spellings_match():
    wl = Watchlist([WatchEntry("vt", "Vũng Tàu", "place", auto_variants=False)])
    assert len(wl.find("Vũng Tàu")) == 1
    assert wl.find("Vung Tau") == []


def test_spelling_variants():
    variants = spelling_variants(["Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"], with_initials=False)
    assert "UBND tỉnh Bà Rịa - Vũng Tàu" in variants
    assert "UBND tỉnh BR-VT" in variants
    assert "UBND tinh BR-VT" in variants
    assert "Uy ban nhan dan tinh Ba Ria - Vung Tau" in variants
    assert spelling_variants(["Bà Rịa - Vũng Tàu"], with_initials=True) >= {"BRVT", "BR-VT"}
    assert "VT" not in spelling_variants(["Vũng Tàu"], with_initials=True)


def test_many_entries_compile_into_one_scan():
    entries = [WatchEntry(f"street-{i}", f"đường số {i}", "place") for i in range(2000)]
    entries.append(WatchEntry("thuy-van", "Thùy Vân", "place"))
    wl = Watchlist(entries)
    assert [m.entry_id for m in wl.find("ngập ở đường số 1234 và đường số 7, gần Thùy Vân")] == [
        "street-1234",
        "street-7",
        "thuy-van",
    ]
    assert len(wl._regexes) <= 2  # one case-insensitive trie (plus one for two-letter capitals)


def test_from_records_and_yaml(tmp_path):
    path = tmp_path / "wl.yaml"
    path.write_text(
        "entries:\n"
        "  - {id: csgt, name: Cảnh sát giao thông, kind: organisation}\n"
        "  - {id: bai-sau, name: Bãi Sau, kind: place, variants: [Back Beach]}\n",
        encoding="utf-8",
    )
    wl = Watchlist.from_yaml(path)
    assert len(wl) == 2
    assert found(wl, "CSGT ở bai sau, back beach") == [
        ("csgt", "CSGT"),
        ("bai-sau", "bai sau"),
        ("bai-sau", "back beach"),
    ]


def test_default_watchlist_file_loads_and_matches():
    wl = Watchlist.from_yaml(RESOURCES / "watchlist_brvt.yaml")
    assert len(wl) >= 20
    ids = {m.entry_id for m in wl.find("UBND tỉnh BRVT chỉ đạo xử lý vụ cháy lớn ở Bãi Sau, Vung Tau")}
    assert {"ubnd-tinh", "bai-sau", "vung-tau", "chay-no"} <= ids


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ([{"id": "a", "name": "x", "kind": "city"}], "kind 'city'"),
        ([{"id": "a", "kind": "place"}], "lacks name"),
        ([{"id": "a", "name": "x", "kind": "place"}, {"id": "a", "name": "y", "kind": "place"}], "duplicate"),
        ([{"id": "a", "name": "x", "kind": "place", "alias": "y"}], "unknown keys"),
        (["BRVT"], "not a mapping"),
    ],
    ids=["bad-kind", "no-name", "duplicate-id", "unknown-key", "not-a-mapping"],
)
def test_bad_records_give_clear_errors(records, message):
    with pytest.raises(ValueError, match=message):
        Watchlist.from_records(records)


def test_bad_yaml_shape(tmp_path):
    path = tmp_path / "wl.yaml"
    path.write_text("name: not a list\n", encoding="utf-8")
    with pytest.raises(ValueError, match="expected a list of entries"):
        Watchlist.from_yaml(path)


def test_find_rejects_non_text(watchlist):
    with pytest.raises(TypeError, match="expects str"):
        watchlist.find(b"BRVT")  # type: ignore[arg-type]


FOLDING_TEXTS = [
    "Sập giàn giáo ở BÀ RỊA - VŨNG TÀU, VT và vt",
    "ſập giàn giáo ở Vũng Tàu",  # long s: IGNORECASE matches it to "s"
    "KHU CÔNG NGHIỆP ở Bà Rịa",  # Kelvin sign
    "İSTANBUL và Vũng Tàu",  # two characters in lower case
    "ΟΔΟΣ Vũng Tàu",
    "UBND TỈNH Bà Rịa–Vũng Tàu",
]


def test_matching_lower_case_text_finds_what_ignorecase_finds(watchlist, monkeypatch):
    from nlp import watchlist as module
    from nlp.corpus import load_corpus

    texts = [*FOLDING_TEXTS, *load_corpus("all")["text"].tolist()[:1500]]
    texts += [text.upper() for text in texts[:300]]
    fast = [watchlist.find(text) for text in texts]
    unsafe = watchlist._folding_otherwise
    assert (
        module._lower_case(FOLDING_TEXTS[0], unsafe) is not None
        and module._lower_case(FOLDING_TEXTS[1], unsafe) is None
    )
    monkeypatch.setattr(module, "_lower_case", lambda text, unsafe: None)
    assert fast == [watchlist.find(text) for text in texts]
    assert sum(map(len, fast)) > 100


def test_without_res_case_table_every_text_is_matched_with_ignorecase():
    # re._casefix is private: a Python without it imports the module and still finds
    # upper-case spellings, every text then taking IGNORECASE's own way
    code = """
import sys
sys.modules["re._casefix"] = None  # what a Python without the module does on import
from nlp import watchlist as module
w = module.Watchlist([module.WatchEntry("vt", "Vũng Tàu", "place"), module.WatchEntry("s", "sập", "keyword")])
assert module._EXTRA_CASES is None and module._lower_case("vt", w._folding_otherwise) is None
print([m.entry_id for m in w.find("SẬP giàn giáo ở VŨNG TÀU")], [m.entry_id for m in w.find("")])
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == "['s', 'vt'] []"
