"""TCVN3 (ABC) legacy text: detection and conversion to Unicode."""

import unicodedata

import pytest

from ioc_plugins.economy.adapters.tcvn3 import TCVN3_TO_UNICODE, is_tcvn3, tcvn3_to_unicode


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("Bµ RÞa - Vòng Tµu", "Bà Rịa - Vũng Tàu"),
        ("Th¸ng 10 n¨m 2024", "Tháng 10 năm 2024"),
        ("Tæng møc b¸n lÎ hµng hãa", "Tổng mức bán lẻ hàng hóa"),
        ("HuyÖn Xuyªn Méc", "Huyện Xuyên Mộc"),
        ("§¬n vÞ tÝnh: Tû ®ång", "Đơn vị tính: Tỷ đồng"),
    ],
)
def test_legacy_text_converts_to_unicode(legacy, unicode):
    assert is_tcvn3(legacy)
    assert tcvn3_to_unicode(legacy) == unicode


@pytest.mark.parametrize("text", ["Bà Rịa - Vũng Tàu", "Xuyên Mộc", "Cafe 2024", "", "Ông Bình"])
def test_unicode_and_ascii_text_is_left_alone(text):
    assert not is_tcvn3(text)
    assert tcvn3_to_unicode(text) == text


def test_the_mapping_covers_every_vietnamese_letter_once():
    letters = set(TCVN3_TO_UNICODE.values())
    # 12 vowels × 5 tone marks + 6 base letters ă â ê ô ơ ư + đ = 67 lower case, and 7 base capitals
    assert len(letters) == len(TCVN3_TO_UNICODE) == 67 + 7
    assert all(unicodedata.is_normalized("NFC", letter) for letter in letters)
    assert set("ăâđêôơưạặậẹệịọộợụựỵĂÂÊÔƠƯĐ") <= letters
