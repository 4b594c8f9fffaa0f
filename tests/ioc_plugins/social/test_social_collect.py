"""Collecting over HTTP from a loopback server: conditional feeds, article pages, Graph API paging."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ioc_plugins.social.collect import PoliteFetcher, collect_feeds, collect_graph, fetch_articles
from ioc_plugins.social.text import url_item_id


class _Site:
    """What the loopback server serves, and the requests it saw."""

    def __init__(self, files):
        self.files = files
        self.requests: list[tuple[str, dict[str, str]]] = []


@pytest.fixture
def site(data_file):
    files = {
        "/rss/xa-hoi.rss": data_file("rss_malformed_baobrvt.xml").read_bytes(),
        "/xa-hoi/202512/ngap-sau-1234.html": data_file("article_ngap_thuy_van.html").read_bytes(),
    }
    site = _Site(files)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep the test output clean
            pass

        def do_GET(self):
            site.requests.append((self.path, dict(self.headers)))
            path, _, query = self.path.partition("?")
            if path == "/graph/104857600/posts":
                number = 2 if "after=QVFIUkFGVEVS" in query else 1
                page = json.loads(data_file(f"graph_page{number}.json").read_text("utf-8"))
                if number == 1:  # the cursor points back at this server
                    page["paging"]["next"] = f"{site.base}/graph/104857600/posts?limit=2&after=QVFIUkFGVEVS"
                return self._send(200, json.dumps(page).encode(), {"Content-Type": "application/json"})
            body = site.files.get(path)
            if body is None:
                return self._send(404, b"not found", {})
            etag = '"v1"'
            if self.headers.get("If-None-Match") == etag:
                return self._send(304, b"", {"ETag": etag})
            return self._send(200, body, {"ETag": etag, "Last-Modified": "Mon, 01 Dec 2025 09:00:00 GMT"})

        def _send(self, status, body, headers):
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()


def _fetcher():
    return PoliteFetcher(min_interval_s=0, timeout_s=5)


def test_feed_is_collected_once_then_answered_not_modified(social_layer, site):
    url = f"{site.base}/rss/xa-hoi.rss"
    first = collect_feeds(social_layer, [url], fetcher=_fetcher())
    assert first[0].status == "new" and first[0].entries == 3 and first[0].accepted == 2
    assert len(social_layer.read("social.items")) == 2
    state = social_layer.read("social.feed_state").iloc[0]
    assert state["etag"] == '"v1"' and state["last_modified"].startswith("Mon, 01 Dec 2025")

    second = collect_feeds(social_layer, [url], fetcher=_fetcher())
    assert second[0].status == "not_modified"
    assert site.requests[-1][1].get("If-None-Match") == '"v1"'
    assert site.requests[-1][1].get("If-Modified-Since") == "Mon, 01 Dec 2025 09:00:00 GMT"
    assert len(social_layer.read("social.items")) == 2


def test_a_missing_feed_is_logged_and_the_others_go_on(social_layer, site):
    results = collect_feeds(
        social_layer, [f"{site.base}/rss/khong-co.rss", f"{site.base}/rss/xa-hoi.rss"], fetcher=_fetcher()
    )
    assert [r.status for r in results] == ["error", "new"]
    assert "404" in results[0].message


def test_article_pages_fetched_from_urls(social_layer, site):
    results = fetch_articles(social_layer, [f"{site.base}/xa-hoi/202512/ngap-sau-1234.html"], fetcher=_fetcher())
    assert results[0].accepted == 1
    row = social_layer.read("social.items").iloc[0]
    assert row["item_id"] == url_item_id("https://baobariavungtau.com.vn/xa-hoi/202512/ngap-sau-1234.html")
    assert "Sở Xây dựng" in row["text"] and "Trang chủ" not in row["text"]


def test_graph_api_pages_are_followed_by_their_cursor(social_layer, site):
    collect_graph(social_layer, f"{site.base}/graph/104857600/posts?limit=2", fetcher=_fetcher())
    paths = [path for path, _ in site.requests]
    assert paths == ["/graph/104857600/posts?limit=2", "/graph/104857600/posts?limit=2&after=QVFIUkFGVEVS"]
    stored = set(social_layer.read("social.items")["item_id"])
    assert {"fb:104857600_998877", "fb:998877_1002", "fb:104857600_998800"} <= stored


def test_requests_to_one_host_keep_their_distance():
    now = [100.0]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    fetcher = PoliteFetcher(min_interval_s=2.0, sleep=sleep, clock=lambda: now[0])
    for host in ("a.vn", "a.vn", "b.vn", "a.vn"):
        fetcher._wait(host)
        now[0] += 0.5
    assert slept == [1.5, 1.0]  # a.vn again after 0.5 s waits the remaining 1.5 s; after b.vn only 1 s


def test_ioc_collect_rss_joins_the_shared_collect_group(site, social_registry, sqlite_settings, monkeypatch):
    import typer
    from typer.testing import CliRunner

    from ioc.cli import mount_plugin_commands
    from ioc.datalayer import DataLayer

    cli = typer.Typer()
    cli.add_typer(typer.Typer(), name="collect")
    mount_plugin_commands(cli, social_registry)
    monkeypatch.setenv("IOC_DATA_DIR", str(sqlite_settings.data_dir))
    monkeypatch.setenv("IOC_CONFIG", str(sqlite_settings.data_dir / "absent.yaml"))
    url = f"{site.base}/rss/xa-hoi.rss"
    first = CliRunner().invoke(cli, ["collect", "rss", url])
    assert first.exit_code == 0, first.output
    assert "new — 3 mục, 2 mới" in first.output
    again = CliRunner().invoke(cli, ["collect", "rss", url])
    assert "not_modified" in again.output
    layer = DataLayer(sqlite_settings)
    assert len(layer.read("social.items")) == 2
    layer.close()
    empty = CliRunner().invoke(cli, ["collect", "rss"])
    # no feed configured: a notice, not a failure, so `ioc collect all` from cron stays green
    assert empty.exit_code == 0 and "plugins.social.feeds" in empty.output and "bỏ qua" in empty.output
