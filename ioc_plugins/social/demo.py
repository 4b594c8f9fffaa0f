"""Demo data of the social domain, written in the real formats and read back by the adapters.

:func:`write_demo_files` writes what the collectors would have saved:

* one **RSS 2.0** feed per news outlet, broken the way real feeds are (a bare ``&`` in titles,
  ``&nbsp;``, one outlet declaring ``iso-8859-1`` for UTF-8 bytes);
* two **article pages** (HTML with menus and footers) of the spreading story, whose feed
  entries carry ``?utm_source=rss``: the same item, the page's full text supersedes the summary;
* one **Facebook Graph API** answer per page (posts with nested comments and replies,
  reactions summary), split in two answer pages joined by a ``paging`` cursor;
* a **social-listening export** with Vietnamese headers (CSV with BOM and an Excel copy of
  part of it) and a **JSON Lines** file.

Background texts come from the project's seed corpus (with and without diacritics, teencode,
emoji). Planted on top: a **spreading negative story** (scaffolding collapse on Trần Phú
street, Vũng Tàu) that reaches eight sources in the last hours of the span — the dashboard's
hot story and a spread alert; a **positive burst** (the Nghinh Ông festival) five days before
the end, which must not alert; and **syndicated duplicates** (one article copied word for
word by two outlets). :func:`generate` yields the sources and then each file's rows.
Everything is seeded: the same :class:`~ioc.plugins.DemoContext` gives the same files.
"""

from __future__ import annotations

import itertools
import json
import random
import tempfile
from collections import Counter
from collections.abc import Iterator
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

from ioc.config import site_timezone
from ioc.plugins import DemoContext
from ioc.timestamps import as_utc
from ioc_plugins.social.adapters.article import read_article_html
from ioc_plugins.social.adapters.export import read_jsonl, read_listening_export
from ioc_plugins.social.adapters.facebook import read_graph_json
from ioc_plugins.social.adapters.rss import read_rss
from ioc_plugins.social.tables import SOURCES
from ioc_plugins.social.text import words
from nlp.corpus import load_corpus

OUTLETS = (
    ("baobariavungtau.com.vn", "Báo Bà Rịa - Vũng Tàu", "Tỉnh ủy Bà Rịa - Vũng Tàu"),
    ("vnexpress.net", "VnExpress", "Bộ Khoa học và Công nghệ"),
    ("tuoitre.vn", "Tuổi Trẻ", "Thành ủy TP.HCM"),
    ("thanhnien.vn", "Thanh Niên", "Trung ương Hội LHTN Việt Nam"),
    ("nld.com.vn", "Người Lao Động", "Thành ủy TP.HCM"),
    ("plo.vn", "Pháp Luật TP.HCM", "Thành ủy TP.HCM"),
)
PAGES = (
    ("100001", "Vũng Tàu Online", "facebook_page"),
    ("100002", "Cộng đồng Bà Rịa", "facebook_group"),
    ("100003", "Phú Mỹ 24h", "facebook_page"),
    ("100004", "Tin nóng Vũng Tàu", "facebook_page"),
)
EXPORT_SOURCES = ("TikTok - vungtau.review", "YouTube - Vũng Tàu TV", "Diễn đàn otofun.net")
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Huỳnh", "Phan")
GIVEN = ("Minh Anh", "Thu Hà", "Quốc Bảo", "Ngọc Lan", "Văn Hùng", "Thanh Tâm", "Hải Yến", "Đức Thắng", "Kim Chi")

STORY_TITLES = (
    "Sập giàn giáo công trình trên đường Trần Phú, Vũng Tàu: 3 công nhân bị thương",
    "Vũng Tàu: sập giàn giáo công trình đường Trần Phú, nhiều công nhân nhập viện",
    "Công trình đường Trần Phú sập giàn giáo, người dân bức xúc vì thi công ẩu",
    "Sập giàn giáo ở Vũng Tàu, công trình đường Trần Phú thi công thiếu an toàn",
)
STORY_BODY = (
    "Sáng nay, giàn giáo tại công trình xây dựng trên đường Trần Phú, phường Vũng Tàu bất ngờ sập, "
    "3 công nhân bị thương phải nhập viện. Người dân phản ánh công trình thi công ẩu, không che chắn, "
    "vật liệu rơi xuống đường gây nguy hiểm cho người đi đường."
)
STORY_POSTS = (
    "Sập giàn giáo ở công trình đường Trần Phú Vũng Tàu, 3 công nhân bị thương nặng. Thi công ẩu quá, ai chịu trách nhiệm??",
    "sap gian giao cong trinh duong Tran Phu Vung Tau, 3 cong nhan bi thuong, thi cong au qua buc xuc",
    "Công trình đường Trần Phú sập giàn giáo mn ơi, ko ai kiểm tra an toàn hả, bức xúc wá",
    "Lại sập giàn giáo ở đường Trần Phú, công nhân bị thương, công trình thi công ẩu nguy hiểm quá",
)
STORY_COMMENTS = (
    "Thi công ẩu thế này thì ai chịu trách nhiệm, quá bức xúc",
    "Quá nguy hiểm, đề nghị đình chỉ công trình ngay",
    "thuong cho cac anh cong nhan, cong trinh nay lam au lau roi",
    "Đi qua đó sợ lắm, không che chắn gì cả",
    "Cơ quan chức năng phải vào cuộc xử lý nghiêm",
)
FESTIVAL_TITLES = (
    "Lễ hội Nghinh Ông Thắng Tam thu hút hàng nghìn du khách",
    "Vũng Tàu rộn ràng Lễ hội Nghinh Ông Thắng Tam, du khách hài lòng",
    "Lễ hội Nghinh Ông Thắng Tam năm nay tổ chức chu đáo, an toàn",
)
SYNDICATED = (
    "Vũng Tàu khởi công tuyến đường ven biển mới",
    "Tuyến đường ven biển mới nối Vũng Tàu với Long Hải được khởi công hôm nay, dự kiến hoàn thành sau 24 tháng, "
    "góp phần giảm ùn tắc cho quốc lộ 51 vào mùa du lịch.",
)
#: Hours before the end of the span when the spreading story starts (and its hourly sources).
STORY_START_HOURS = 9
#: Background posts an hour at scale 1: by day (site hours ``DAY_HOURS``) and at night.
DAY_RATE, NIGHT_RATE = 2.2, 0.4
DAY_HOURS = range(7, 23)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}"


def _slug(text: str, rng: random.Random) -> str:
    return "-".join(words(text)[:8]) + f"-{rng.randrange(10**6, 10**7)}.html"


class _Writer:
    """Collects demo records per format, then writes the files.

    Records are drawn from one seeded generator in time order, so a span written in
    several parts (:meth:`background` over consecutive ranges, :meth:`write` and
    :meth:`clear` after each) holds the same records as the span written at once: only
    the files they are written to differ. Ids are numbered across parts.
    """

    def __init__(self, ctx: DemoContext) -> None:
        self.rng = random.Random(ctx.seed)
        self.start = as_utc(ctx.start)
        self.end = self.start + pd.Timedelta(days=ctx.days)
        self.scale = ctx.scale
        self.zone = site_timezone(ctx.settings)
        self.rss: dict[str, list[dict[str, Any]]] = {host: [] for host, _, _ in OUTLETS}
        self.pages: dict[str, list[dict[str, Any]]] = {page: [] for page, _, _ in PAGES}
        self.export: list[dict[str, Any]] = []
        self.jsonl: list[dict[str, Any]] = []
        self.html: list[tuple[str, str, str, pd.Timestamp]] = []
        self.numbers: Counter[str] = Counter()  # per page / export / jsonl, across parts
        corpus = load_corpus("all")
        self.corpus = list(zip(corpus["text"], corpus["register"], corpus["topic"]))

    # ------------------------------------------------------------------ records
    def article(self, host: str, time: pd.Timestamp, title: str, text: str, url: str | None = None) -> str:
        url = url or f"https://{host}/{time:%Y%m}/{_slug(title, self.rng)}"
        self.rss[host].append({"title": title, "text": text, "time": time, "url": url, "author": _name(self.rng)})
        return url

    def post(self, page: str, time: pd.Timestamp, text: str, comments: list[tuple[pd.Timestamp, str]] = ()) -> None:
        number = self._next(page)
        local = f"{page[-2:]}{number:06d}"  # a post's own id, unique across pages (as the Graph API's)
        post_id = f"{page}_{local}"
        self.pages[page].append(
            {
                "id": post_id,
                "created_time": time.strftime("%Y-%m-%dT%H:%M:%S+0000"),
                "message": text,
                "permalink_url": f"https://www.facebook.com/{page}/posts/{local}",
                "from": {"name": _name(self.rng), "id": str(self.rng.randrange(10**14, 10**15))},
                "shares": {"count": self.rng.randrange(0, 40)},
                "reactions": {"data": [], "summary": {"total_count": self.rng.randrange(0, 300)}},
                "comments": {
                    "data": [
                        {
                            "id": f"{local}_{i:04d}",
                            "created_time": when.strftime("%Y-%m-%dT%H:%M:%S+0000"),
                            "message": message,
                            "from": {"name": _name(self.rng), "id": str(self.rng.randrange(10**14, 10**15))},
                            "like_count": self.rng.randrange(0, 30),
                            "comments": {"data": []},
                        }
                        for i, (when, message) in enumerate(comments, start=1)
                    ],
                    "summary": {"total_count": len(comments)},
                },
            }
        )

    def mention(self, source: str, time: pd.Timestamp, text: str, kind: str = "Bài đăng") -> None:
        number = self._next("export")
        self.export.append(
            {
                "Mã bài": f"m{number:06d}",
                "Nguồn": source,
                "Nền tảng": source.split(" - ")[0].split()[0],
                "Loại": kind,
                "Tác giả": _name(self.rng),
                "Thời gian đăng": time.tz_convert(self.zone).strftime("%d/%m/%Y %H:%M"),
                "Nội dung": text,
                "Đường dẫn": f"https://example.vn/{source.split()[-1].lower()}/{number}",
                "Lượt tương tác": f"{self.rng.randrange(0, 5000):,}".replace(",", "."),
                "Chia sẻ": self.rng.randrange(0, 200),
                "Bình luận": self.rng.randrange(0, 120),
                "Sắc thái (công cụ)": self.rng.choice(["Tích cực", "Tiêu cực", "Trung tính"]),
            }
        )

    def _next(self, series: str) -> int:
        self.numbers[series] += 1
        return self.numbers[series]

    # ------------------------------------------------------------------ content
    def background(self, start: pd.Timestamp | None = None, end: pd.Timestamp | None = None) -> None:
        """Corpus texts spread over the span (or its hours from ``start`` to ``end``), more by day than at night."""
        start = self.start if start is None else start
        hours = int(((self.end if end is None else end) - start) / pd.Timedelta(hours=1))
        for hour in range(hours):
            time = start + pd.Timedelta(hours=hour)
            local_hour = (time.hour + 7) % 24
            rate = (DAY_RATE if local_hour in DAY_HOURS else NIGHT_RATE) * self.scale
            for _ in range(self._poisson(rate)):
                when = time + pd.Timedelta(minutes=self.rng.randrange(60))
                text, register, _topic = self.rng.choice(self.corpus)
                channel = self.rng.random()
                if channel < 0.3 and register in ("news", "formal", "colloquial"):
                    host = self.rng.choice(OUTLETS)[0]
                    other = self.rng.choice(self.corpus)[0]
                    self.article(host, when, text.rstrip("."), f"{text} {other}")
                elif channel < 0.7:
                    comments = [
                        (when + pd.Timedelta(minutes=self.rng.randrange(5, 240)), self.rng.choice(self.corpus)[0])
                        for _ in range(self.rng.randrange(0, 3))
                    ]
                    self.post(self.rng.choice(PAGES)[0], when, text, [c for c in comments if c[0] < self.end])
                elif channel < 0.85:
                    self.mention(self.rng.choice(EXPORT_SOURCES), when, text)
                else:
                    self.jsonl.append(
                        {
                            "id": f"zalo-{self._next('jsonl'):06d}",
                            "source": "zalo:nhom-cu-dan-vung-tau",
                            "kind": "post",
                            "author": _name(self.rng),
                            "time": when.isoformat(),
                            "text": text,
                            "reactions": self.rng.randrange(0, 50),
                        }
                    )

    def _poisson(self, rate: float) -> int:
        count, threshold, product = 0, pow(2.718281828, -rate), self.rng.random()
        while product > threshold:
            count += 1
            product *= self.rng.random()
        return count

    def syndicated(self) -> None:
        """One article copied word for word by two other outlets (a near-duplicate each)."""
        time = self.start + pd.Timedelta(days=min(3, max(0, (self.end - self.start).days - 1)), hours=2)
        title, body = SYNDICATED
        for offset, host in enumerate(("baobariavungtau.com.vn", "nld.com.vn", "plo.vn")):
            self.article(host, time + pd.Timedelta(minutes=40 * offset), title, body)

    def festival(self) -> None:
        """A positive burst five days before the end: many items, many sources, no alert."""
        start = max(self.start, self.end - pd.Timedelta(days=5))
        for i in range(12):
            when = start + pd.Timedelta(minutes=25 * i)
            title = FESTIVAL_TITLES[i % len(FESTIVAL_TITLES)]
            if i % 3 == 0:
                self.article(OUTLETS[i % len(OUTLETS)][0], when, title, title + ". Du khách rất vui và hài lòng.")
            else:
                self.post(PAGES[i % len(PAGES)][0], when, title + " Đẹp quá, tự hào Vũng Tàu!")

    def spreading_story(self) -> None:
        """The negative story: one outlet first, then pages, other outlets and exports, hour by hour."""
        start = self.end - pd.Timedelta(hours=STORY_START_HOURS)
        step = pd.Timedelta(minutes=50)
        first = self.article(
            "baobariavungtau.com.vn",
            start,
            STORY_TITLES[0],
            STORY_BODY[:160] + "…",
            url=f"https://baobariavungtau.com.vn/xa-hoi/{start:%Y%m}/sap-gian-giao-tran-phu-{start:%d%H}.html",
        )
        self.html.append((first, STORY_TITLES[0], STORY_BODY, start))
        for i, (page, _, _) in enumerate(PAGES):
            when = start + step * (i + 1)
            comments = [
                (when + pd.Timedelta(minutes=6 * (j + 1)), STORY_COMMENTS[(i + j) % len(STORY_COMMENTS)])
                for j in range(4 + i)
            ]
            self.post(page, when, STORY_POSTS[i % len(STORY_POSTS)] + f" {first}", comments)
        for i, (host, _, _) in enumerate(OUTLETS[1:4], start=1):
            when = start + step * (3 + i)
            title = STORY_TITLES[i % len(STORY_TITLES)]
            url = self.article(host, when, title, STORY_BODY)
            if i == 1:
                self.html.append((url, title, STORY_BODY, when))
        for i, source in enumerate(EXPORT_SOURCES[:2]):
            self.mention(source, start + step * (5 + i), STORY_POSTS[(i + 1) % len(STORY_POSTS)])

    def planted(self) -> None:
        """The planted cases: syndicated copies, the positive burst, the spreading story."""
        self.syndicated()
        self.festival()
        self.spreading_story()

    # ------------------------------------------------------------------ files
    def clear(self) -> None:
        """Forget the records already written (their ids go on counting)."""
        for records in (*self.rss.values(), *self.pages.values(), self.export, self.jsonl, self.html):
            records.clear()

    def write(self, folder: Path) -> list[tuple[Any, Path]]:
        folder.mkdir(parents=True, exist_ok=True)
        files: list[tuple[Any, Path]] = []
        for number, (host, name, _) in enumerate(OUTLETS):
            path = folder / f"rss_{host.split('.')[0]}.xml"
            path.write_bytes(_rss(host, name, self.rss[host], self.zone, declare_latin1=number == 1))
            files.append((read_rss, path))
        for number, (url, title, body, time) in enumerate(self.html, start=1):
            path = folder / f"bai_bao_{number}.html"
            path.write_text(_page(url, title, body, time), encoding="utf-8")
            files.append((read_article_html, path))
        for page, _, _ in PAGES:
            posts = sorted(self.pages[page], key=lambda p: p["created_time"], reverse=True)
            path = folder / f"graph_{page}.json"
            # compact, as the Graph API answers (an indent would also take json's slow pure-Python encoder)
            path.write_text(json.dumps(_graph_pages(page, posts), ensure_ascii=False), encoding="utf-8")
            files.append((read_graph_json, path))
        export = pd.DataFrame(self.export)
        if len(export):
            half = len(export) // 2
            export.iloc[:half].to_csv(folder / "lang_nghe_mxh.csv", index=False, encoding="utf-8-sig")
            export.iloc[half:].to_excel(folder / "lang_nghe_mxh.xlsx", index=False)
            files += [(read_listening_export, folder / "lang_nghe_mxh.csv")]
            files += [(read_listening_export, folder / "lang_nghe_mxh.xlsx")]
        if self.jsonl:
            path = folder / "zalo_posts.jsonl"
            path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in self.jsonl) + "\n", encoding="utf-8")
            files.append((read_jsonl, path))
        return files


def _rss(host: str, name: str, entries: list[dict[str, Any]], zone: str, declare_latin1: bool = False) -> bytes:
    """An RSS 2.0 feed as news sites write it, with their usual faults."""
    items = []
    for entry in sorted(entries, key=lambda e: e["time"], reverse=True):
        title = escape(entry["title"], quote=False).replace("&amp;", "&")  # a bare & as real feeds have it
        items.append(
            "<item>"
            f"<title>{title}</title>"
            f"<link>{entry['url']}?utm_source=rss&amp;utm_medium=feed</link>"
            f'<guid isPermaLink="false">{entry["url"]}</guid>'
            f"<pubDate>{format_datetime(entry['time'].tz_convert(zone).to_pydatetime())}</pubDate>"
            f"<author>{escape(entry['author'])}</author>"
            f"<description><![CDATA[<p>{escape(entry['text'])}</p>]]>&nbsp;</description>"
            "</item>"
        )
    encoding = "iso-8859-1" if declare_latin1 else "utf-8"
    head = f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
    # a bare '&' in the channel title, as many Vietnamese feeds have
    body = f"<title>{escape(name)} - Xã hội & Đời sống</title><link>https://{host}/</link>" + "".join(items)
    return (head + body + "</channel></rss>\n").encode("utf-8")


def _page(url: str, title: str, body: str, time: pd.Timestamp) -> str:
    """A saved article page with the boilerplate trafilatura has to leave out."""
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in [body, "Cơ quan chức năng đang điều tra nguyên nhân vụ việc."])
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        f'<link rel="canonical" href="{escape(url)}">'
        f'<meta property="og:title" content="{escape(title)}">'
        f'<meta property="article:published_time" content="{time.isoformat()}">'
        '</head><body><nav><a href="/">Trang chủ</a> | <a href="/xa-hoi">Xã hội</a> | <a href="/kinh-te">Kinh tế</a></nav>'
        f"<article><h1>{escape(title)}</h1>{paragraphs}</article>"
        "<aside><h3>Tin liên quan</h3><ul><li>Giá vàng hôm nay</li><li>Thời tiết cuối tuần</li></ul></aside>"
        "<footer>© Bản quyền thuộc về tòa soạn. Ghi rõ nguồn khi phát hành lại.</footer></body></html>"
    )


def _graph_pages(page: str, posts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The posts as two Graph API answer pages joined by an ``after`` cursor."""
    half = max(1, len(posts) // 2)
    chunks = [posts[:half], posts[half:]] if len(posts) > 1 else [posts]
    pages = []
    for number, chunk in enumerate(chunks):
        cursor = f"QVFIU{page}{number:02d}"
        paging: dict[str, Any] = {"cursors": {"before": f"{cursor}b", "after": f"{cursor}a"}}
        if number + 1 < len(chunks):
            paging["next"] = f"https://graph.facebook.com/v19.0/{page}/posts?limit={half}&after={cursor}a"
        pages.append({"data": chunk, "paging": paging})
    return pages


def write_demo_files(ctx: DemoContext, folder: Path) -> list[tuple[Any, Path]]:
    """Write the demo's feeds, pages and exports into ``folder``; return ``(reader, path)`` pairs."""
    writer = _Writer(ctx)
    writer.background()
    writer.planted()
    return writer.write(folder)


def sources_frame() -> pd.DataFrame:
    """The demo's followed sources (outlets with their owners, pages and groups)."""
    rows = [
        {"source_id": host, "name": name, "kind": "news", "platform": "web", "url": f"https://{host}/", "owner": owner}
        for host, name, owner in OUTLETS
    ]
    rows += [
        {
            "source_id": f"fb:{page}",
            "name": name,
            "kind": kind,
            "platform": "facebook",
            "url": f"https://www.facebook.com/{page}",
            "owner": None,
        }
        for page, name, kind in PAGES
    ]
    return pd.DataFrame(rows, columns=SOURCES.column_names)


#: Project choice: a sizing profile's span is written and read back in parts of about this
#: many background posts (a week at least), so memory holds a part, not the year (a year at
#: province scale is 10 M items: files, records and one batch per format of all of them).
POSTS_PER_PART = 200_000


def parts(ctx: DemoContext) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """The consecutive time ranges the demo is written in: the whole span, or parts of it for a profile."""
    start = as_utc(ctx.start)
    end = start + pd.Timedelta(days=ctx.days)
    if not ctx.full_span:
        return [(start, end)]
    posts_a_day = ctx.scale * (len(DAY_HOURS) * DAY_RATE + (24 - len(DAY_HOURS)) * NIGHT_RATE)
    days = max(7, int(POSTS_PER_PART / max(posts_a_day, 1e-9)))
    edges = [start + pd.Timedelta(days=d) for d in range(0, ctx.days, days)] + [end]
    return list(itertools.pairwise(edges))


def generate(ctx: DemoContext) -> Iterator[tuple[str, pd.DataFrame]]:
    """Plugin hook: the sources, then the rows of the demo files, one batch per format.

    One batch per format (all feeds, then the article pages, the Graph API answers, the
    exports, the JSON Lines), as a collector run would bring them: fewer, larger batches.
    A sizing profile (``ctx.full_span``) writes and reads its span in :func:`parts`, one
    batch per format each, with the same records as a single part would hold.
    """
    yield SOURCES.name, sources_frame()
    settings = ctx.settings
    with tempfile.TemporaryDirectory(prefix="ioc-social-demo-") as scratch:
        folder = settings.data_dir / "demo" / "social" if settings is not None else Path(scratch)
        writer = _Writer(ctx)
        spans = parts(ctx)
        for number, (start, end) in enumerate(spans, start=1):
            writer.background(start, end)
            if number == len(spans):
                writer.planted()
            files = writer.write(folder)
            writer.clear()
            for reader in dict.fromkeys(reader for reader, _ in files):
                frames = [reader(path, settings=settings) for each, path in files if each is reader]
                yield "social.items", pd.concat(frames, ignore_index=True)
            if number < len(spans):  # the last part's files stay for the user to look at
                for _, path in files:
                    path.unlink(missing_ok=True)
