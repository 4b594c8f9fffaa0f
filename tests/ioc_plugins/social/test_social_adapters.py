"""Each social adapter against saved files in the real formats (tests/ioc_plugins/social/data)."""

import pandas as pd
import pytest

from ioc.plugins import AdapterError
from ioc.tables import ERROR_COLUMN
from ioc_plugins.social.adapters.article import read_article_html
from ioc_plugins.social.adapters.export import read_jsonl, read_listening_export
from ioc_plugins.social.adapters.facebook import read_graph_json
from ioc_plugins.social.adapters.rss import read_rss, repair_feed
from ioc_plugins.social.tables import ITEMS
from ioc_plugins.social.text import url_item_id


def test_malformed_rss_is_read_whole(data_file):
    """Bare '&', '&nbsp;', '&hellip;', '&ndash;', UTF-8 declared as iso-8859-1, one broken entry."""
    frame = read_rss(data_file("rss_malformed_baobrvt.xml"))
    assert len(frame) == 3
    good = frame[frame[ERROR_COLUMN].isna()]
    assert good["title"].tolist() == [
        "Giao thông & đô thị: ngập sâu trên đường Thùy Vân sau mưa lớn",
        "UBND tỉnh họp về dự án cảng Cái Mép – Thị Vải …",
    ]
    first = good.iloc[0]
    assert first["source_id"] == "baobariavungtau.com.vn"
    assert first["author_name"] == "Minh Anh"
    assert first["published_at"] == pd.Timestamp("2025-12-01T08:30:00Z")
    assert first["text"] == "Chiều 1/12, mưa lớn khiến nhiều tuyến đường ở phường Thắng Tam ngập sâu 40 cm"
    assert first["item_id"] == url_item_id(
        "https://baobariavungtau.com.vn/xa-hoi/202512/ngap-sau-tren-duong-thuy-van-1234567"
    )
    assert "utm_source" not in first["url_normalised"]
    assert "©" in good.iloc[1]["text"]
    assert frame[ERROR_COLUMN].notna().sum() == 1  # the entry without link or title is quarantined


def test_repaired_feed_is_well_formed_xml(data_file):
    from xml.etree import ElementTree

    root = ElementTree.fromstring(repair_feed(data_file("rss_malformed_baobrvt.xml").read_bytes()))
    assert root.tag == "rss"


def test_windows_1258_bytes_declared_utf8_are_decoded():
    data = '<?xml version="1.0" encoding="utf-8"?><rss><channel><title>Tin</title><item><title>Cà phê & bánh mì</title><link>https://a.vn/1</link></item></channel></rss>'
    import unicodedata

    import feedparser

    # Windows-1258 has some toned letters precomposed and writes the others with a combining mark
    frame_bytes = b"".join(
        c.encode("cp1258") if c.encode("cp1258", "ignore") else unicodedata.normalize("NFD", c).encode("cp1258")
        for c in data
    )
    assert frame_bytes.decode("cp1258") != data  # really not UTF-8 and not NFC

    parsed = feedparser.parse(repair_feed(frame_bytes))
    assert parsed.entries[0].title == "Cà phê & bánh mì"


def test_atom_feed(data_file):
    frame = read_rss(data_file("atom_tinvungtau.xml"))
    row = frame.iloc[0]
    assert (row["source_id"], row["author_name"], row["text"]) == (
        "tinvungtau.vn",
        "Lê Hà",
        "Côn Đảo đón hàng nghìn khách.",
    )
    assert row["published_at"] == pd.Timestamp("2025-12-01T03:00:00Z")


@pytest.mark.parametrize("content", [b"", b"<html><body>404 Not Found</body></html>"], ids=["empty", "html-page"])
def test_a_file_that_is_no_feed_is_refused(tmp_path, content):
    path = tmp_path / "feed.xml"
    path.write_bytes(content)
    with pytest.raises(AdapterError):
        read_rss(path)


def test_saved_article_page_keeps_the_main_text_only(data_file):
    frame = read_article_html(data_file("article_ngap_thuy_van.html"))
    row = frame.iloc[0]
    assert row["title"] == "Ngập sâu trên đường Thùy Vân sau mưa lớn"
    assert row["source_id"] == "baobariavungtau.com.vn"
    assert row["published_at"] == pd.Timestamp("2025-12-01T01:30:00Z")
    assert "Sở Xây dựng cho biết" in row["text"]
    assert "Trang chủ" not in row["text"] and "Giá vàng" not in row["text"]  # menus and boxes left out
    assert row["item_id"] == url_item_id("https://baobariavungtau.com.vn/xa-hoi/202512/ngap-sau-1234.html")


def test_graph_api_posts_with_nested_comments_and_paging(tmp_path, data_file):
    import json

    pages = [json.loads(data_file(f"graph_page{n}.json").read_text("utf-8")) for n in (1, 2)]
    both = tmp_path / "graph_two_pages.json"
    both.write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
    frame = read_graph_json(both).set_index("item_id")
    post = frame.loc["fb:104857600_998877"]
    assert (post["kind"], post["source_id"], post["reactions"], post["shares"], post["comments"]) == (
        "post",
        "fb:104857600",
        412,
        57,
        3,
    )
    assert post["published_at"] == pd.Timestamp("2025-12-01T08:15:30Z")
    reply = frame.loc["fb:998877_1002"]
    assert (reply["kind"], reply["parent_id"], reply["author_name"]) == ("reply", "fb:998877_1001", "Lê Thị Lan")
    assert frame.loc["fb:998877_1001", "parent_id"] == "fb:104857600_998877"
    assert frame.loc["fb:104857600_998800", "kind"] == "post"  # from the second answer page
    assert frame[ERROR_COLUMN].notna().sum() == 1  # the post without id


def test_graph_api_file_with_no_data_is_refused(tmp_path):
    path = tmp_path / "graph.json"
    path.write_text('{"error": {"message": "Invalid OAuth access token", "code": 190}}', encoding="utf-8")
    with pytest.raises(AdapterError, match="Graph API"):
        read_graph_json(path)


def _check_export(frame):
    frame = frame.set_index("item_id")
    first = frame.loc["export:m0001"]
    assert (first["source_id"], first["kind"], first["author_name"]) == ("Vũng Tàu Online", "post", "Nguyễn Minh Anh")
    assert (first["reactions"], first["shares"], first["comments"]) == (1234, 56, 2500)
    assert first["published_at"] == pd.Timestamp("2025-12-01T08:20:00Z")  # local time of the site
    assert frame.loc["export:m0002", "kind"] == "article"
    assert frame.loc["export:m0003", "kind"] == "comment"
    assert "2025" not in str(frame.loc["export:m0004", ERROR_COLUMN]) and pd.notna(
        frame.loc["export:m0004", ERROR_COLUMN]
    )


def test_listening_export_csv_with_vietnamese_headers(data_file):
    _check_export(read_listening_export(data_file("lang_nghe_mxh.csv")))


def test_listening_export_excel(tmp_path, data_file):
    sheet = pd.read_csv(data_file("lang_nghe_mxh.csv"), dtype=str, encoding="utf-8-sig", keep_default_na=False)
    path = tmp_path / "lang_nghe_mxh.xlsx"
    sheet.to_excel(path, index=False)
    _check_export(read_listening_export(path))


def test_listening_export_without_content_column_is_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Nguồn,Tác giả\nA,B\n", encoding="utf-8")
    with pytest.raises(AdapterError, match="Nội dung"):
        read_listening_export(path)


def test_jsonl_items_and_a_broken_line(data_file):
    frame = read_jsonl(data_file("zalo_posts.jsonl"))
    assert len(frame) == 3
    assert frame[ERROR_COLUMN].notna().sum() == 1 and "dòng 2" in frame[ERROR_COLUMN].dropna().iloc[0]
    good = frame[frame[ERROR_COLUMN].isna()].set_index("item_id")
    assert good.loc["jsonl:z2", "parent_id"] == "jsonl:z1" and good.loc["jsonl:z2", "kind"] == "comment"
    assert good.loc["jsonl:z1", "published_at"] == pd.Timestamp("2025-12-01T02:10:00Z")


def test_adapter_output_validates_against_the_table(data_file):
    frame = read_rss(data_file("rss_malformed_baobrvt.xml"))
    good, rejected = ITEMS.validate(frame, now=pd.Timestamp("2026-01-01T00:00Z"))
    assert len(good) == 2 and len(rejected) == 1


AWARE_COLUMNS = [
    ["2026-12-05T16:00:00+0000", "2026-12-05T16:00:00.123456789+07:00", "2026-12-05T16:00Z", "2026-03-01T00:00-0530"],
    ["0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59+14:00"],
    [pd.Timestamp("2026-12-05 16:00", tz="Asia/Ho_Chi_Minh"), pd.Timestamp("2026-01-05 16:00", tz="America/New_York")],
    ["02/12/2026 10:56", "13/01/2026 23:05", "05/12/2026 00:00"],  # day first, the site's time
    ["02/12/2026 10:56:07", "31/12/2026 23:59:59"],
]
CELL_BY_CELL_COLUMNS = [
    ["2026-02-31T00:00:00+00:00", "2026-12-05T16:00:00+0000"],  # one impossible day
    ["2026-12-05T23:59:60+00:00"],  # a leap second
    ["2026-12-05T16:00:00", "2026-12-05T16:00:00+0000"],  # naive: the site's time
    [" 2026-12-05T16:00:00+0000"],
    ["05/12/2026 16:00", "2026-12-05T16:00:00+0000"],  # day first and ISO
    ["31/02/2026 10:00", "05/12/2026 16:00"],  # an impossible day
    ["5/12/2026 16:00", "05/12/2026 16:00"],  # one digit
    ["05/12/2026 16:00", "05/12/2026 16:00:30"],  # two forms
    [pd.Timestamp("2026-12-05 16:00"), pd.Timestamp("2026-01-05 16:00", tz="UTC")],
    [None, "2026-12-05T16:00:00+0000"],
]


@pytest.mark.parametrize("cells", AWARE_COLUMNS + CELL_BY_CELL_COLUMNS)
def test_times_read_at_once_equal_the_cell_by_cell_reading(cells, monkeypatch):
    from ioc_plugins.social.adapters import common

    values = pd.Series(cells, index=range(10, 10 + len(cells)), dtype=object)
    at_once = common.to_utc(values, None)
    assert (common._at_once(values, None) is not None) == (cells in AWARE_COLUMNS)
    monkeypatch.setattr(common, "_at_once", lambda values, settings: None)
    cell_by_cell = common.to_utc(values, None)
    assert at_once.dtype == object and at_once.index.equals(cell_by_cell.index)
    for ours, theirs in zip(at_once, cell_by_cell, strict=True):
        assert (ours is None and theirs is None) or (ours == theirs and str(ours.tz) == "UTC" == str(theirs.tz))
