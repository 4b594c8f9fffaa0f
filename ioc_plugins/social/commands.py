"""Command line of the social domain.

- ``ioc collect rss [URL …] [--every 15] [--full-text]``: fetch the feeds (default:
  ``plugins.social.feeds``) once, or every N minutes (the scheduled job: run it under systemd
  or cron with ``--every 0`` instead if the host schedules it);
- ``ioc collect article URL …``: fetch article pages and extract their main text;
- ``ioc collect facebook PAGE_ID``: a page's posts and comments from the Graph API (token in
  ``IOC_FACEBOOK_TOKEN``);
- ``ioc social relabel``: label the stored items again with the models promoted now.
"""

from __future__ import annotations

import os
import time
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from ioc.config import settings
from ioc.datalayer import DataLayer
from ioc.plugins import AdapterError
from ioc_plugins.social.collect import collect_feeds, collect_graph, fetch_articles
from ioc_plugins.social.config import social_config
from ioc_plugins.social.labels import NO_MODEL_MESSAGE, load_watchlist, promoted_models, relabel

console = Console()
app = typer.Typer(help="Mạng xã hội và báo chí (social media and news).", no_args_is_help=True)
GRAPH_URL = "https://graph.facebook.com/v19.0"
GRAPH_FIELDS = (
    "id,created_time,message,permalink_url,from,shares,reactions.summary(total_count),"
    "comments.summary(true){id,created_time,message,from,like_count,comments{id,created_time,message,from,like_count}}"
)


def collect_rss(
    urls: Annotated[list[str] | None, typer.Argument(help="Địa chỉ nguồn cấp (mặc định: plugins.social.feeds)")] = None,
    every: Annotated[int, typer.Option(help="Lặp lại mỗi N phút (0: chạy một lần)", min=0)] = 0,
    full_text: Annotated[bool, typer.Option(help="Tải trang bài báo để lấy toàn văn")] = False,
) -> None:
    """Thu thập nguồn cấp RSS/Atom (collect RSS/Atom feeds, conditionally, politely)."""
    dl = DataLayer(settings())
    feeds = urls or social_config(dl.settings).feeds
    if not feeds:
        # like a feed without its API key: a notice, not a failure (`ioc collect all` runs it from cron)
        console.print("rss: chưa có nguồn cấp nào (no feed): truyền URL hoặc khai báo plugins.social.feeds — bỏ qua")
        return
    while True:
        for result in collect_feeds(dl, feeds, full_text=full_text):
            console.print(
                f"{result.url}: {result.status} — {result.entries} mục, {result.accepted} mới {result.message}",
                highlight=False,
            )
        if not every:
            return
        time.sleep(every * 60)


def collect_article(urls: Annotated[list[str], typer.Argument(help="Địa chỉ các trang bài báo")]) -> None:
    """Tải trang bài báo và trích nội dung chính (fetch article pages, extract main text)."""
    results = fetch_articles(DataLayer(settings()), urls)
    for result in results:
        console.print(escape(f"{result.table}: {result.summary()}"), highlight=False)


def collect_facebook(
    page_id: Annotated[str, typer.Argument(help="Mã trang Facebook")],
    graph_url: Annotated[str, typer.Option(help="Địa chỉ Graph API")] = GRAPH_URL,
    max_pages: Annotated[int, typer.Option(help="Số trang kết quả tối đa", min=1)] = 20,
) -> None:
    """Bài đăng và bình luận của một trang qua Graph API (token: IOC_FACEBOOK_TOKEN)."""
    token = os.environ.get("IOC_FACEBOOK_TOKEN")
    if not token:
        console.print("[bold red]Lỗi:[/] đặt biến môi trường IOC_FACEBOOK_TOKEN (page access token)")
        raise typer.Exit(code=1)
    url = f"{graph_url.rstrip('/')}/{page_id}/posts?fields={GRAPH_FIELDS}&limit=50&access_token={token}"
    try:
        results = collect_graph(DataLayer(settings()), url, max_pages=max_pages)
    except (AdapterError, OSError) as error:
        console.print(f"[bold red]Lỗi:[/] {escape(str(error))}", highlight=False)
        raise typer.Exit(code=1) from None
    for result in results:
        console.print(escape(f"{result.table}: {result.summary()}"), highlight=False)


@app.command("relabel")
def relabel_command() -> None:
    """Gắn nhãn lại mọi bài bằng mô hình đang được công bố (after a promotion; idempotent)."""
    dl = DataLayer(settings())
    models = promoted_models(dl.settings.paths.models)
    if not models:
        console.print(f"[yellow]{NO_MODEL_MESSAGE}[/]", highlight=False)
    else:
        console.print("Mô hình: " + ", ".join(models.values()), highlight=False)
    result = relabel(dl, watchlist=load_watchlist(social_config(dl.settings).watchlist))
    console.print(
        f"{result.accepted - result.superseded} nhãn mới, {result.superseded} thay nhãn cũ, {result.duplicate} không đổi",
        highlight=False,
    )
