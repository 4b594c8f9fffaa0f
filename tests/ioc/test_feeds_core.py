"""The core of public feeds and column mapping: HTTP client rules, feed state, mapped files."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pandas as pd
import pytest

from ioc.feeds import FeedError, HttpClient, feed_states, freshness, load_cursor, reason_of, retry_after, save_state
from ioc.ingest import ColumnMapping, mapped_text, parse_pairs
from ioc.plugins import AdapterError
from ioc.store import open_store


class Scripted(BaseHTTPRequestHandler):
    """Answers from ``server.script`` in order: ``(status, headers, body)``."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        status, headers, body = self.server.script.pop(0)
        self.send_response(status)
        for key, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def scripted():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
    server.script = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def url(server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/data"


def test_retry_after_in_seconds_or_as_an_http_date():
    assert retry_after("120") == 120.0
    assert retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=pd.Timestamp("2015-10-21T07:28:00Z").timestamp()) == 10.0
    assert retry_after("soon") is None and retry_after(None) is None


def test_reasons_come_from_json_or_the_text_of_an_html_page():
    assert reason_of(b'{"error": true, "reason": "bad hourly"}') == "bad hourly"
    page = b"<html><head><style>p{}</style><title>502 Bad Gateway</title></head><body><h1>Oops</h1></body></html>"
    assert reason_of(page) == "502 Bad Gateway Oops"


def test_a_429_waits_as_told_and_5xx_backs_off_exponentially(scripted):
    scripted.script = [
        (429, {"Retry-After": "3"}, b"{}"),
        (503, {}, b"<h1>busy</h1>"),
        (500, {}, b"{}"),
        (200, {}, b'{"ok": 1}'),
    ]
    waits = []
    client = HttpClient(min_interval=0, backoff=1.0, retries=3, sleep=waits.append)
    assert client.get_json(url(scripted)) == {"ok": 1}
    assert waits == [3.0, 2.0, 4.0] and client.requests == 4


def test_too_long_a_retry_after_and_a_4xx_fail_at_once(scripted):
    scripted.script = [(429, {"Retry-After": "3600"}, b"{}"), (404, {}, b'{"detail": "Not Found"}')]
    client = HttpClient(min_interval=0, retries=3, sleep=lambda s: None)
    with pytest.raises(FeedError, match="3600") as first:
        client.get_json(url(scripted))
    assert first.value.status == 429
    with pytest.raises(FeedError, match="Not Found"):
        client.get_json(url(scripted) + "?key=secret")
    assert client.requests == 2


def test_the_polite_rate_spaces_requests():
    clock = iter([0.0, 0.2, 1.0, 5.0, 5.0]).__next__  # start, check, after the wait, check, start
    waits = []
    client = HttpClient(min_interval=1.0, sleep=waits.append, clock=clock)
    client._pace()
    client._pace()
    client._pace()
    assert waits == [pytest.approx(0.8)]


def test_feed_state_keeps_cursor_newest_data_and_outcome(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'state.db'}")
    save_state(store, "demo", cursor={"a": "2025-03-01T10:00:00+00:00"}, last_data_at=pd.Timestamp("2025-03-01T10:00Z"))
    save_state(store, "demo", cursor={"b": "x"}, last_data_at=pd.Timestamp("2025-03-01T08:00Z"), status="ok", rows=5)
    assert load_cursor(store, "demo") == {"a": "2025-03-01T10:00:00+00:00", "b": "x"}
    state = feed_states(store).iloc[0].to_dict()
    assert state["last_data_at"] == pd.Timestamp("2025-03-01T10:00Z")  # never goes back
    assert freshness(state, pd.Timestamp("2025-03-01T12:00Z"))[0] == "ok"
    status, detail = freshness(state, pd.Timestamp("2025-03-02T12:00Z"))
    assert status == "warn" and "stale" in detail


def test_mapped_text_renames_adds_constants_and_keeps_line_numbers(tmp_path):
    path = tmp_path / "x.tsv"
    path.write_text("When\tWhere\tunit\tv\n2025-01-01\tA\tmg\t1\n\n2025-01-02\tB\tmg\t2\n", encoding="utf-8")
    mapping = ColumnMapping(rename={"when": "time", "Where": "station_id"}, constants={"unit": "ug/m3"})
    text = mapped_text(path, mapping)
    assert text.splitlines() == ["time,station_id,v,unit", "2025-01-01,A,1,ug/m3", "", "2025-01-02,B,2,ug/m3"]


def test_mapping_errors_are_clear(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(AdapterError, match=r"không có cột \['c'\]"):
        mapped_text(path, ColumnMapping(rename={"c": "d"}))
    with pytest.raises(AdapterError, match="nhiều cột"):
        ColumnMapping.build(mapping={"a": "x", "b": "x"})
    with pytest.raises(AdapterError, match="ingest_profiles"):
        ColumnMapping.build(profile="nope")
    with pytest.raises(AdapterError, match="a=b"):
        parse_pairs(["a"], "--map")
    assert parse_pairs([" a = b "], "--set") == {"a": "b"}


def test_mapped_text_finds_the_delimiter_of_the_header_and_keeps_leading_blank_lines(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("\nNgày giờ;Trạm;pm25\n01/03/2025 08:00;A;21,5\n", encoding="utf-8")
    text = mapped_text(path, ColumnMapping(rename={"Ngày giờ": "time", "Trạm": "station_id"}))
    assert text.splitlines() == ["", "time,station_id,pm25", '01/03/2025 08:00,A,"21,5"']


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1258"])
def test_mapped_text_reads_the_encoding_of_the_whole_file_in_blocks(tmp_path, encoding):
    # the first 1 MiB block is plain ASCII; the letter that tells the encodings apart starts
    # at its last byte (in UTF-8 it is split across the blocks)
    head = "tram,time,pm25\n" + "A,2025-01-01T00:00,1\n" * 49_000
    head += "x" * (1_048_575 - len(head.encode(encoding)) - 5) + ",t,1\n"
    text = head + "Đà Nẵng,2025-01-01T01:00,2\n".replace("ẵ", "a" if encoding == "cp1258" else "ẵ")
    path = tmp_path / "x.csv"
    path.write_bytes(text.encode(encoding))
    assert len(head.encode(encoding)) == 1_048_575
    mapped = mapped_text(path, ColumnMapping(rename={"tram": "station_id"}))
    assert mapped.splitlines()[0] == "station_id,time,pm25"
    assert mapped.splitlines()[1:] == text.splitlines()[1:]
