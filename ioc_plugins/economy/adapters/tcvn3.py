"""TCVN3 (ABC, the ``.VnTime`` fonts) legacy text: detection and conversion to Unicode.

Before Unicode became mandatory in Vietnamese government documents (Quyết định
72/2002/QĐ-TTg), spreadsheets were typed in the 8-bit TCVN 5712:1993 "VN3" code table with
``.VnTime`` fonts. Excel stored those bytes as the Windows-1252 / Latin-1 characters with the
same code points, so an old GSO workbook read today shows ``"Bµ RÞa - Vòng Tµu"`` for
"Bà Rịa - Vũng Tàu".

The table below maps each VN3 code point (as the Latin-1 character Excel shows) to its Unicode
letter. Source: TCVN 5712:1993 "Công nghệ thông tin - Bộ mã chuẩn 8-bit kí tự Việt dùng trong
trao đổi thông tin", table VN3, as implemented by the Unikey/UniKey toolkit converter
(``vnconv``, charset "TCVN3 (ABC)"). Capitals with tone marks only existed in the separate
``.VnTimeH`` font, whose text uses the lower-case codes; such text converts to lower case.
"""

from __future__ import annotations

import re

#: VN3 code point → Unicode (NFC). Lower-case letters, then the seven base capitals.
TCVN3_TO_UNICODE: dict[int, str] = {
    # a à ả ã á ạ / ă ằ ẳ ẵ ắ ặ / â ầ ẩ ẫ ấ ậ
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xA8: "ă", 0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xA9: "â", 0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xAE: "đ",
    # e è ẻ ẽ é ẹ / ê ề ể ễ ế ệ
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xAA: "ê", 0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    # i ì ỉ ĩ í ị
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    # o ò ỏ õ ó ọ / ô ồ ổ ỗ ố ộ / ơ ờ ở ỡ ớ ợ
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xAB: "ô", 0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xAC: "ơ", 0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    # u ù ủ ũ ú ụ / ư ừ ử ữ ứ ự
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xAD: "ư", 0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    # y ỳ ỷ ỹ ý ỵ
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
    # capitals Ă Â Ê Ô Ơ Ư Đ
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
}  # fmt: skip

_TABLE = str.maketrans({chr(code): letter for code, letter in TCVN3_TO_UNICODE.items()})

#: Latin-1 letters Vietnamese Unicode text uses itself (À Á Â Ã È É Ê Ì Í Ò Ó Ô Õ Ù Ú Ý and lower
#: case): their presence proves nothing. Every other VN3 code point is a marker of legacy text.
_VIETNAMESE_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_MARKERS = {chr(code) for code in TCVN3_TO_UNICODE} - _VIETNAMESE_LATIN1
_BEYOND_LATIN1 = re.compile(r"[^\x00-\xff]")


def is_tcvn3(text: str) -> bool:
    """Whether ``text`` looks like TCVN3 bytes shown as Latin-1.

    It must contain a VN3 code point that Unicode Vietnamese never uses (``µ``, ``¸``, ``Þ`` …)
    and no character beyond Latin-1: Unicode Vietnamese almost always has one (đ, ư, ơ, ạ …),
    legacy text never does.
    """
    return bool(text) and not _BEYOND_LATIN1.search(text) and any(ch in _MARKERS for ch in text)


def tcvn3_to_unicode(text: str) -> str:
    """Convert TCVN3 text to Unicode (NFC); other text is returned unchanged."""
    return text.translate(_TABLE) if is_tcvn3(text) else text
