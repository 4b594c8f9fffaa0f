"""Helpers of the browser tests: servers in subprocesses, a watched Chromium page.

Chromium comes from the system (``apt-get install chromium``); Playwright never downloads a
browser here. Every request the page makes is recorded: requests to any host other than
127.0.0.1 / localhost are aborted and reported, so a test can assert the dashboards work
offline.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url: str) -> bool:
    """Whether ``url`` answers 200 (``tcp://host:port``: whether the port accepts connections)."""
    parsed = urlparse(url)
    try:
        if parsed.scheme == "tcp":
            with socket.create_connection((parsed.hostname, parsed.port), timeout=2):
                return True
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def wait_until_ready(url: str, process: subprocess.Popen, log: Path, timeout: float = 90.0) -> None:
    """Wait until ``url`` answers; fail with the server's log if it dies or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited with {process.returncode}:\n{log.read_text(errors='replace')[-4000:]}")
        if _answers(url):
            return
        time.sleep(0.3)
    pytest.fail(f"{url} did not answer within {timeout} s:\n{log.read_text(errors='replace')[-4000:]}")


def scratch_env(root: Path, data_dir: Path) -> dict[str, str]:
    """Environment for a server subprocess: scratch HOME/Jupyter dirs, the test's data dir."""
    home = root / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        {
            "HOME": str(home),
            "IOC_DATA_DIR": str(data_dir),
            "IOC_CONFIG": str(root / "absent.yaml"),
            "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "JUPYTER_CONFIG_DIR": str(home / "config"),
            "IPYTHONDIR": str(home / "ipython"),
            "MPLCONFIGDIR": str(home / "mpl"),
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.pop("IOC_DATABASE_URL", None)
    return env


@dataclass
class Server:
    """A server subprocess and where it answers."""

    url: str
    process: subprocess.Popen
    log: Path


def start_server(
    command: list[str], *, url: str, env: dict[str, str], log: Path, cwd: Path = REPO, ready: str | None = None
) -> Server:
    """Start ``command`` in its own process group and wait until ``ready`` (default ``url``) answers."""
    handle = open(log, "wb")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )
    handle.close()
    wait_until_ready(ready or url, process, log)
    return Server(url, process, log)


def stop_server(server: Server) -> None:
    """SIGTERM the server's process group (voila shuts its kernels down) and wait."""
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=10)


@dataclass
class PageWatch:
    """Everything a page did on the network and in its console."""

    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    served_locally: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


def watch_page(page, local_copies: dict[str, Path] | None = None) -> PageWatch:
    """Record requests and console errors; abort every request that would leave the machine.

    ``local_copies`` maps URL prefixes to local folders: a matching external request is
    answered from the local copy (and listed in ``served_locally``, not ``external``).
    """
    watch = PageWatch()
    page.on("request", lambda request: watch.requests.append(request.url))
    page.on("console", lambda message: watch.console_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: watch.page_errors.append(str(error)))

    def route(route):
        url = route.request.url
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob") or parsed.hostname in LOCAL_HOSTS:
            return route.continue_()
        for prefix, folder in (local_copies or {}).items():
            if url.startswith(prefix):
                path = folder / parsed.path[len(urlparse(prefix).path) :]
                if path.is_file():
                    watch.served_locally.append(url)
                    return route.fulfill(path=str(path))
        watch.external.append(url)
        return route.abort()

    page.route("**/*", route)
    return watch


#: Text the page shows in a monospace font, through every open shadow root (Bokeh/Panel draw
#: inside them): a Vietnamese sentence in a monospace <pre> has its diacritics drawn apart.
MONOSPACE_TEXTS = """() => {
    const found = [];
    const skip = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);
    const walk = (root) => {
        for (const element of root.querySelectorAll('*')) {
            if (element.shadowRoot) { walk(element.shadowRoot); }
            if (skip.has(element.tagName) || element.getClientRects().length === 0) { continue; }
            const own = Array.from(element.childNodes)
                .filter((node) => node.nodeType === Node.TEXT_NODE)
                .map((node) => node.textContent.trim()).join(' ').trim();
            if (own && /mono/i.test(getComputedStyle(element).fontFamily)) { found.push(own.slice(0, 80)); }
        }
    };
    walk(document);
    return found;
}"""


def monospace_texts(page) -> list[str]:
    """The visible texts of ``page`` set in a monospace font (see :data:`MONOSPACE_TEXTS`)."""
    return page.evaluate(MONOSPACE_TEXTS)


#: The layout of a video-wall screen, through every open shadow root: the visible elements
#: whose box leaves the viewport (cut off: the wall has no scrollbars), the effective font size
#: of every visible table cell and paragraph (computed size × any CSS scaling on the way), the
#: visible texts, whether a template header or theme toggle is visible, and the pairs of
#: visible leaf blocks that overlap (a chart drawn over a card's text): blocks are charts
#: (Bokeh canvases), tables, cards, tiles, paragraphs and headings; a block inside another one
#: (a paragraph in a card) makes the outer one no leaf. Bokeh's renderer placeholders
#: (``bk-…Renderer`` divs, drawn on the canvas, not as boxes) are left out.
WALL_LAYOUT = """() => {
    const height = window.innerHeight, width = window.innerWidth;
    const found = {outside: [], fonts: [], texts: [], chrome: [], overlaps: []};
    const blocks = [];
    const isBlock = (element, name) => ['TABLE', 'P', 'H1', 'H2', 'H3', 'LI', 'IMG'].includes(element.tagName)
        || /(^|\\s)(bk-Canvas|ioc-card|ioc-tile|tabulator|ioc-badge)(\\s|$)/.test(name);
    const inside = (inner, outer) => {  // through shadow roots: a host is its shadow tree's parent
        for (let node = inner.parentNode || inner.host; node; node = node.parentNode || node.host) {
            if (node === outer) { return true; }
        }
        return false;
    };
    const skip = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);
    const walk = (root) => {
        for (const element of root.querySelectorAll('*')) {
            if (element.shadowRoot) { walk(element.shadowRoot); }
            const name = typeof element.className === 'string' ? element.className : '';
            if (skip.has(element.tagName) || /Renderer/.test(name)) { continue; }
            const style = getComputedStyle(element);
            if (style.visibility === 'hidden' || element.getClientRects().length === 0) { continue; }
            const box = element.getBoundingClientRect();
            if (box.width < 1 || box.height < 1) { continue; }
            if (element.id === 'header' || /theme-toggle|pn-theme/.test(name)) { found.chrome.push(element.tagName); }
            if (isBlock(element, name)) { blocks.push([element, box, `${element.tagName}.${name.slice(0, 30)}`]); }
            if (box.bottom > height + 1 || box.right > width + 1 || box.top < -1 || box.left < -1) {
                found.outside.push(`${element.tagName}.${name.slice(0, 40)} ${Math.round(box.left)},${Math.round(box.top)}–${Math.round(box.right)},${Math.round(box.bottom)}`);
            }
            const own = Array.from(element.childNodes)
                .filter((node) => node.nodeType === Node.TEXT_NODE)
                .map((node) => node.textContent.trim()).join(' ').trim();
            if (!own) { continue; }
            found.texts.push(own);
            if (['TD', 'TH', 'P', 'LI'].includes(element.tagName) || /tabulator-cell/.test(name)) {
                const scale = element.offsetHeight ? box.height / element.offsetHeight : 1;
                found.fonts.push([parseFloat(style.fontSize) * scale, own.slice(0, 60)]);
            }
        }
    };
    walk(document);
    const leaves = blocks.filter(([outer]) => !blocks.some(([inner]) => inner !== outer && inside(inner, outer)));
    const slack = 4;  // px: borders and rounding
    for (let i = 0; i < leaves.length; i++) {
        for (let j = i + 1; j < leaves.length; j++) {
            const [, a, an] = leaves[i], [, b, bn] = leaves[j];
            const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (across > slack && down > slack) {
                found.overlaps.push(`${an} ${Math.round(a.left)},${Math.round(a.top)}–${Math.round(a.right)},${Math.round(a.bottom)} × ${bn} ${Math.round(b.left)},${Math.round(b.top)}–${Math.round(b.right)},${Math.round(b.bottom)}`);
            }
        }
    }
    return found;
}"""


def wall_layout(page) -> dict:
    """What :data:`WALL_LAYOUT` finds on ``page``."""
    return page.evaluate(WALL_LAYOUT)
