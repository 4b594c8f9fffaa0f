"""Tests for nlp.preprocess on real-looking Vietnamese posts."""

from __future__ import annotations

import importlib.util
import sys
import unicodedata

import pytest

from nlp import preprocess as pp
from nlp.preprocess import (
    DiacriticRestorer,
    augment_without_diacritics,
    mask_pii,
    normalize_tone_marks,
    preprocess,
    restore_diacritics,
    squeeze_repeats,
    strip_diacritics,
)

requires_pyvi = pytest.mark.skipif(
    importlib.util.find_spec("pyvi") is None, reason="pyvi not installed (pip install pyvi==0.1.1)"
)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("hoà bình", "hòa bình"),
        ("sức khoẻ", "sức khỏe"),
        ("thuỷ triều", "thủy triều"),
        ("Thuỳ Vân", "Thùy Vân"),
        ("HOÀ", "HÒA"),
        ("hoàn thành", "hoàn thành"),  # closed syllable: the mark stays on the second vowel
        ("toán", "toán"),
        ("quả", "quả"),  # "qu" onset: the u never carries the mark
        ("quý", "quý"),
        ("quyển", "quyển"),
        ("già", "già"),  # "gi" onset
        ("gìn giữ", "gìn giữ"),  # "gì": i is the only vowel
        ("giường", "giường"),
        ("thuở", "thuở"),  # quality vowel ơ carries it
        ("khuỷu", "khuỷu"),
        ("khoái", "khoái"),
        ("mùa", "mùa"),
        ("xoong", "xoong"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_tone_marks_follow_one_convention(written, expected):
    assert normalize_tone_marks(written) == expected


def test_both_conventions_give_the_same_preprocessed_text():
    old = "Người dân phường Thắng Tam khoẻ mạnh, hoà thuận; đường Thuỳ Vân"
    new = "Người dân phường Thắng Tam khỏe mạnh, hòa thuận; đường Thùy Vân"
    assert preprocess(old) == preprocess(new)


def test_decomposed_input_equals_composed_input():
    text = "Đường Thùy Vân ngập nặng, UBND phường chưa xử lý"
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    assert preprocess(decomposed) == preprocess(text)
    assert unicodedata.is_normalized("NFC", preprocess(decomposed))


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("ko đi dc", "không đi được"),
        ("k bít j hết", "không biết gì hết"),
        ("hok có ai ntn", "không có ai như thế nào"),
        ("mn ơi, mng ơi", "mọi người ơi, mọi người ơi"),
        ("UBND tp Vũng Tàu", "ủy ban nhân dân thành phố vũng tàu"),
        ("csgt đứng ở bv Bà Rịa", "cảnh sát giao thông đứng ở bệnh viện bà rịa"),
        ("gửi sdt cho ad r", "gửi số điện thoại cho quản trị viên rồi"),
        ("z là bt", "vậy là bình thường"),
        ("đi vs ng nhà", "đi với người nhà"),
        ("kẹt xe QL51 quá", "kẹt xe quốc lộ 51 quá"),
        ("ổ bánh mì 50k, xe 2tr", "ổ bánh mì 50 nghìn, xe 2 triệu"),
    ],
)
def test_teencode_and_abbreviations_are_expanded(written, expected):
    assert preprocess(written) == expected


def test_teencode_needs_whole_tokens():
    # "ko" inside "kon" or "k" inside "kẹt" must stay as written.
    assert preprocess("kẹt xe ở kon tum") == "kẹt xe ở kon tum"


@pytest.mark.parametrize(
    ("written", "placeholder"),
    [
        ("xem https://baria-vungtau.gov.vn/tin-tuc?id=12 nha", "<url>"),
        ("xem www.facebook.com/groups/vungtau", "<url>"),
        ("trang baria-vungtau.gov.vn có thông báo", "<url>"),
        ("gửi về gopy@baria-vungtau.gov.vn", "<email>"),
        ("gọi 0912 345 678", "<phone>"),
        ("gọi 0912.345.678", "<phone>"),
        ("gọi +84 912345678", "<phone>"),
        ("gọi 028 3822 1234", "<phone>"),
        ("gọi 0254 3852 123", "<phone>"),
        ("tổng đài 1900 1234", "<phone>"),
        ("@nguyenvana nói đúng", "<mention>"),
        ("xe 72A-123.45 chạy ẩu", "<plate>"),
        ("xe 51F1-12345 chạy ẩu", "<plate>"),
        ("xe 72-B1 234.56 chạy ẩu", "<plate>"),
        ("xe 72LD 01234 chạy ẩu", "<plate>"),
    ],
)
def test_details_become_placeholders(written, placeholder):
    out = preprocess(written)
    assert placeholder in out.split()
    assert not any(ch.isdigit() for ch in out.replace("1900", "")) or placeholder == "<url>"


def test_numbers_that_are_not_phones_stay():
    out = preprocess("ngập 40cm lúc 7h, 113 người, năm 2025, giá 150.000 đồng")
    assert "<phone>" not in out and "<plate>" not in out
    assert "2025" in out and "150.000" in out and "113" in out


def test_email_is_not_also_a_mention_or_url():
    assert preprocess("liên hệ an.nguyen@gmail.com") == "liên hệ <email>"


def test_emoji_are_separate_tokens_and_emoticons_become_emoji():
    out = preprocess("Đẹp quá😍😍😍 tuyệt vời👍🏻 :)) buồn :(")
    tokens = out.split()
    assert tokens.count("😍") == 1  # a run of one emoji is one token
    assert "👍" in tokens  # skin tone dropped, emoji kept
    assert "😆" in tokens and "🙁" in tokens


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("quáaaa", "quá"),
        ("quáa", "quá"),
        ("đẹppppp", "đẹp"),
        ("điiii", "đi"),
        ("xoong", "xoong"),
        ("soóc", "soóc"),
        ("pccc", "pccc"),
        ("!!!!!", "!"),
        ("chờ.......", "chờ..."),
    ],
)
def test_stretched_letters_are_squeezed(written, expected):
    assert squeeze_repeats(written) == expected


def test_lowercase_is_optional():
    assert preprocess("Đường Thùy Vân", lowercase=False) == "Đường Thùy Vân"
    assert preprocess("Đường Thùy Vân") == "đường thùy vân"


def test_full_post():
    post = "Đường Thuỳ Vân ngập quáaaa 😭😭 ko đi dc, gọi 0912 345 678 hoặc xem https://vnexpress.net/x"
    assert preprocess(post) == "đường thùy vân ngập quá 😭 không đi được, gọi <phone> hoặc xem <url>"


def test_preprocess_rejects_non_text():
    with pytest.raises(TypeError, match="expects str"):
        preprocess(None)  # type: ignore[arg-type]


def test_strip_diacritics_removes_every_mark_and_d_bar():
    assert strip_diacritics("Đường Thùy Vân ngập nước, ưu tiên ở Bà Rịa") == (
        "Duong Thuy Van ngap nuoc, uu tien o Ba Ria"
    )
    assert strip_diacritics(unicodedata.normalize("NFD", "Phường Thắng Nhì")) == "Phuong Thang Nhi"


def test_text_without_diacritics_passes_through_preprocess():
    out = preprocess("Duong Thuy Van ngap qua, ko ai xu ly")
    assert out == "duong thuy van ngap qua, không ai xu ly"  # only teencode expands


def test_augment_without_diacritics_appends_stripped_copies():
    texts = ["Đường ngập", "Rác bốc mùi", "Cán bộ tận tình", "Giá xăng tăng"]
    labels = ["flooding", "waste", "public_service", "prices"]
    out_texts, out_labels = augment_without_diacritics(texts, labels, fraction=0.5, seed=3)
    assert out_texts[:4] == texts and out_labels[:4] == labels
    assert len(out_texts) == 6
    for text, label in zip(out_texts[4:], out_labels[4:]):
        original = texts[labels.index(label)]
        assert text == strip_diacritics(original)
    again = augment_without_diacritics(texts, labels, fraction=0.5, seed=3)
    assert again == (out_texts, out_labels)


@pytest.mark.parametrize(("fraction", "message"), [(1.5, "fraction"), (-0.1, "fraction")])
def test_augment_rejects_bad_fraction(fraction, message):
    with pytest.raises(ValueError, match=message):
        augment_without_diacritics(["a"], ["b"], fraction=fraction)


def test_augment_rejects_length_mismatch():
    with pytest.raises(ValueError, match="differ in length"):
        augment_without_diacritics(["a", "b"], ["x"])


def test_restorer_puts_diacritics_back_from_what_it_learnt():
    restorer = DiacriticRestorer(
        ["Đường Thùy Vân ngập nước", "Nước thải chảy ra sông", "Đường ngập sâu", "Giá xăng tăng"]
    )
    assert restorer.restore("duong thuy van ngap nuoc") == "đường thùy vân ngập nước"
    assert restorer.restore("gia xang tang manh") == "giá xăng tăng manh"  # unknown word kept
    assert restorer.restore("đường ngap") == "đường ngập"  # typed diacritics are kept


def test_default_restorer_learns_from_the_seed_corpus():
    assert restore_diacritics("ket xe tren quoc lo 51") == "kẹt xe trên quốc lộ 51"


def test_mask_pii_masks_phones_emails_and_ids():
    text = "Tôi Lan, CCCD 079123456789, CMND 273456789, sđt 0912 345 678, mail lan.nguyen@gmail.com"
    masked = mask_pii(text)
    assert "079123456789" not in masked and "079*******89" in masked
    assert "273456789" not in masked and "273****89" in masked
    assert "0912 345 678" not in masked and masked.count("*") >= 20
    assert "lan.nguyen@" not in masked and "@gmail.com" in masked
    assert masked.startswith("Tôi Lan, CCCD")


def test_mask_pii_keeps_ordinary_numbers():
    text = "Ngập 40cm, 15 hộ dân, năm 2025, giá 150.000 đồng, mã BRVT-1234"
    assert mask_pii(text) == text


@requires_pyvi
def test_segmentation_joins_words_and_keeps_placeholders():
    out = preprocess("Thành phố Vũng Tàu ngập nặng, gọi 0912 345 678", segment=True)
    assert "thành_phố" in out.split() and "vũng_tàu" in out.split()
    assert "<phone>" in out.split()


def test_segmentation_without_pyvi_names_the_install_step(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyvi", None)  # makes `import pyvi` fail
    pp._pyvi_tokenizer.cache_clear()
    try:
        with pytest.raises(ImportError, match="pip install pyvi"):
            preprocess("thành phố", segment=True)
    finally:
        pp._pyvi_tokenizer.cache_clear()


def test_teencode_lexicon_lines_are_well_formed():
    lines = (pp.RESOURCES / "teencode.txt").read_text(encoding="utf-8").splitlines()
    entries = [line for line in lines if line.strip() and not line.startswith("#")]
    assert len(entries) > 80
    for line in entries:
        short, tab, expansion = line.partition("\t")
        assert tab and short and expansion.strip(), line
        assert short == short.lower()


def _stripped_one_by_one(text):
    """The plain statement of strip_diacritics: NFD, drop the marks Vietnamese uses, NFC."""
    import unicodedata

    marks = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"}
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in marks))


def test_strip_diacritics_equals_the_character_by_character_statement():
    import random

    from nlp.preprocess import strip_diacritics

    rng = random.Random(3)
    alphabet = [chr(c) for c in [*range(32, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00)]] + list("đĐ") * 20
    for _ in range(5_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert strip_diacritics(text) == _stripped_one_by_one(text)


def test_tone_marks_moved_word_by_word_as_a_substitution_would():
    import re

    from nlp.corpus import load_corpus
    from nlp.preprocess import _normalize_syllable, normalize_tone_marks

    word = re.compile(r"[^\W\d_]+")
    texts = [*load_corpus("all")["text"].tolist()[:2000], "hoà thuỷ 12ab_cd Quí khoẻ", "", "123", "óa"]
    for text in texts:
        assert normalize_tone_marks(text) == word.sub(lambda m: _normalize_syllable(m.group(0)), text)
