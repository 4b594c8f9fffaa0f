"""URL normalisation, item ids and SimHash near-duplicates."""

import pytest

from ioc_plugins.social.text import (
    NEAR_DUPLICATE_BITS,
    fingerprint_hex,
    hamming,
    mark_near_duplicates,
    normalise_url,
    simhash,
    url_item_id,
)

ARTICLE = (
    "Tuyến đường ven biển mới nối Vũng Tàu với Long Hải được khởi công hôm nay, dự kiến hoàn thành sau "
    "24 tháng, góp phần giảm ùn tắc cho quốc lộ 51 vào mùa du lịch. Tổng vốn đầu tư hơn 2.000 tỉ đồng "
    "từ ngân sách tỉnh, đi qua địa bàn thành phố Vũng Tàu, thị xã Phú Mỹ và huyện Long Điền."
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://vnexpress.net/a-123.html", "https://vnexpress.net/a-123.html"),
        ("HTTP://WWW.VnExpress.net/a-123.html#comments", "https://vnexpress.net/a-123.html"),
        ("https://m.vnexpress.net/a-123.html?utm_source=facebook&utm_campaign=x", "https://vnexpress.net/a-123.html"),
        ("https://vnexpress.net/a-123.html/amp", "https://vnexpress.net/a-123.html"),
        ("https://vnexpress.net/a-123.html?fbclid=IwAR0xyz&b=2&a=1", "https://vnexpress.net/a-123.html?a=1&b=2"),
        ("vnexpress.net/a-123.html/", "https://vnexpress.net/a-123.html"),
        ("mailto:toasoan@vnexpress.net", None),
        ("", None),
    ],
    ids=["plain", "case-www-fragment", "mobile-utm", "amp", "tracking-sorted", "no-scheme", "mailto", "empty"],
)
def test_normalise_url(url, expected):
    assert normalise_url(url) == expected


def test_item_id_is_the_same_for_every_spelling_of_one_page():
    spellings = [
        "https://baobariavungtau.com.vn/xa-hoi/202512/ngap-1.html",
        "https://www.baobariavungtau.com.vn/xa-hoi/202512/ngap-1.html?utm_source=rss&utm_medium=feed",
        "http://m.baobariavungtau.com.vn/xa-hoi/202512/ngap-1.html/amp#top",
    ]
    assert len({url_item_id(u) for u in spellings}) == 1
    assert url_item_id("https://baobariavungtau.com.vn/xa-hoi/202512/ngap-2.html") != url_item_id(spellings[0])


def test_a_syndicated_copy_is_a_near_duplicate_and_other_news_is_not():
    # another outlet: two words edited, other case
    copy = ARTICLE.replace("hôm nay", "sáng nay").replace("2.000", "2.100").upper()
    without_diacritics = "tuyen duong ven bien moi noi vung tau voi long hai duoc khoi cong hom nay"
    other = "Lễ hội Nghinh Ông Thắng Tam thu hút hàng nghìn du khách về Vũng Tàu dịp cuối tuần này."
    assert hamming(simhash(ARTICLE), simhash(ARTICLE + "  ")) == 0
    assert hamming(simhash(ARTICLE), simhash(copy)) <= NEAR_DUPLICATE_BITS
    head = ARTICLE.split(",")[0]
    assert hamming(simhash(head), simhash(without_diacritics)) == 0  # diacritics do not count
    assert hamming(simhash(ARTICLE), simhash(other)) > 10
    assert simhash("   ") is None


def test_mark_near_duplicates_points_every_copy_at_the_first():
    ids = ["a", "b", "c", "d"]
    prints = [
        fingerprint_hex(ARTICLE),
        fingerprint_hex("Một bài hoàn toàn khác về giá xăng dầu hôm nay tại Bà Rịa"),
        fingerprint_hex(ARTICLE.replace("hôm nay", "sáng nay")),
        None,
    ]
    assert mark_near_duplicates(ids, prints) == [None, None, "a", None]
    # an item stored earlier is the original of a new copy
    assert mark_near_duplicates(["x"], [fingerprint_hex(ARTICLE)], earlier=[("old", fingerprint_hex(ARTICLE))]) == [
        "old"
    ]


def _charikar(text):
    """SimHash written out bit by bit (Charikar 2002), to check the vectorised one against."""
    import hashlib

    from ioc_plugins.social.text import words

    weights = [0] * 64
    for token in words(text):
        value = int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if value >> bit & 1 else -1
    return sum(1 << bit for bit, weight in enumerate(weights) if weight > 0) if any(words(text)) else None


def test_fingerprints_of_a_batch_are_those_of_each_text_written_out_bit_by_bit():
    """Texts without words between others and across chunk ends must not shift the others' bits."""
    from ioc_plugins.social.text import fingerprints_hex, simhashes

    texts = [ARTICLE, None, "", "!!!", "ngập", ARTICLE.upper(), "Lễ hội Nghinh Ông", "   ", "a b a b a"]
    expected = [_charikar(text) for text in texts]
    assert simhashes(texts, chunk=2) == simhashes(texts) == expected
    assert fingerprints_hex(texts)[0] == f"{expected[0]:016x}" and fingerprints_hex(texts)[1] is None
