"""Concurrent dashboard sessions while ingest runs: errors, torn reads, server memory.

Shared by ``bench/bench_load.py`` (the 10-minute run) and ``tests/dashboards/test_load.py``
(a short run in the normal suite). Everything runs on loopback:

* **the server** is the real ``serve()`` (what ``ioc serve`` runs) in its own process, with
  every installed dashboard, the video wall, and one more: :class:`ProbeDashboard` of a
  probe plugin (:data:`PROBE_PLUGIN`), a page that shows, per batch tag, how many rows of
  ``loadprobe.batches`` its query sees (``data-counts`` on ``#probe``);
* **the sessions** are Bokeh websocket clients (``bokeh.client.pull_session``, as a browser
  tab's connection, without a browser): each of ``sessions`` clients keeps one page open
  for a few seconds (its server-side live refresh running, as in a browser), re-reads the
  page every second (``ClientSession.pull``), closes it and opens the next page of its
  round (mostly the probe page; some clients go round the real pages: environment,
  overview, command, the wall);
* **the ingest** is a loop of :meth:`ioc.datalayer.DataLayer.write` batches of ``rows`` rows
  each, tagged with their batch number and spread over three months (three partitions per
  commit), in this process.

A **torn read** is a page that shows a batch tag with fewer (or more) rows than the batch
has: half a commit. An **error** is a session that could not be opened or read, a probe
page without its counts, or a stack trace or ``ERROR`` line in the server's log. The
server's RSS is sampled every second (psutil, else ``/proc``).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path
from typing import Any

import pandas as pd
import panel as pn

from dashboards import theme
from dashboards.base import BaseDashboard
from dashboards.wall import VideoWall  # noqa: F401 - defines the wall's page models a client must know
from ioc.plugins import Plugin
from ioc.tables import Column, Table

REPO = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent

PROBE = Table(
    name="loadprobe.batches",
    columns=(
        Column("batch", "int", required=True),
        Column("row", "int", required=True),
        Column("time", "timestamp", required=True),
        Column("value", "float"),
    ),
    key=("batch", "row"),
    time_column="time",
)
PROBE_PLUGIN = Plugin(
    name="loadprobe",
    title="Load probe",
    tables=(PROBE,),
    dashboards={"loadprobe": "load_harness:ProbeDashboard"},
)
#: The real pages some clients go round (the wall's first screen as ``wall``).
REAL_PAGES = ("environment", "overview", "command", "wall")
#: Seconds past its dwell time after which a visit without an answer is left behind as stalled.
VISIT_STALL_S = 60
_COUNTS = re.compile(r'id="probe" data-counts="([^"]*)"')


class ProbeDashboard(BaseDashboard):
    """The probe page: rows per batch tag as its query sees them, redrawn when the table changes."""

    domain = "loadprobe"
    freshness_table = PROBE.name

    def latest_time(self, table: str | None = None) -> pd.Timestamp | None:
        return None

    def counts(self) -> dict[str, int]:
        """Rows per batch tag in the current view (one query, one snapshot of the table)."""
        if self.datalayer.version(PROBE.name) is None:
            return {}
        # cached per table version, as the dashboards' queries are: the sessions share one answer
        frame = self.datalayer.cached_sql(f"SELECT batch, count(*) AS n FROM {PROBE.name} GROUP BY batch")
        return {str(b): int(n) for b, n in zip(frame["batch"], frame["n"], strict=True)}

    def main_area(self) -> list[Any]:
        def render(data_version: int) -> str:
            return f'<div id="probe" data-counts="{escape(json.dumps(self.counts()))}"></div>'

        return [theme.html_pane(pn.bind(render, self.param.data_version), name="probe")]


def probe_batch(number: int, rows: int, start: pd.Timestamp) -> pd.DataFrame:
    """Batch ``number``: ``rows`` rows tagged with it, their times spread over three months."""
    offsets = pd.to_timedelta([(i % 3) * 31 for i in range(rows)], unit="D") + pd.to_timedelta(number, unit="s")
    return pd.DataFrame(
        {
            "batch": [number] * rows,
            "row": list(range(rows)),
            "time": start + offsets,
            "value": [float(number + i) for i in range(rows)],
        }
    )


def seen_counts(session: Any) -> dict[str, int] | None:
    """The probe's counts in a pulled document (``None`` when the page has none)."""
    for model in session.document.models:
        text = getattr(model, "text", None)
        if isinstance(text, str) and "probe" in text:
            found = _COUNTS.search(unescape(text))
            if found:
                return {k: int(v) for k, v in json.loads(unescape(found.group(1))).items()}
    return None


@dataclass
class LoadReport:
    """What one run measured (see the module docstring)."""

    sessions: int
    seconds: float
    opened: int = 0
    reads: int = 0
    batches: int = 0
    rows_per_batch: int = 0
    errors: list[str] = field(default_factory=list)
    torn: list[str] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    open_s: list[float] = field(default_factory=list)
    max_batch_seen: int = 0
    visited: set[int] = field(default_factory=set)
    stalled: list[str] = field(default_factory=list)
    baseline_open_s: list[float] = field(default_factory=list)

    def rss_quarters(self) -> list[float]:
        """The server's peak RSS in each quarter of the samples (MB)."""
        samples = self.rss_mb or [0.0]
        bounds = [round(len(samples) * q / 4) for q in range(5)]
        return [max(samples[a:b] or samples[-1:]) for a, b in itertools.pairwise(bounds)]

    def lines(self) -> list[str]:
        rss = self.rss_mb or [0.0]
        opens = sorted(self.open_s) or [0.0]
        return [
            f"sessions: {self.sessions} concurrent for {self.seconds:.0f} s; {self.opened} page sessions opened, "
            f"open p50 {opens[len(opens) // 2]:.2f} s, p95 {opens[int(len(opens) * 0.95)]:.2f} s",
            f"queries seen: {self.reads} probe reads; batches written: {self.batches} × {self.rows_per_batch} rows "
            f"(newest batch seen by a page: {self.max_batch_seen})",
            f"errors: {len(self.errors)}; torn reads: {len(self.torn)}; stalled visits: {len(self.stalled)}",
            f"server RSS: start {rss[0]:.0f} MB, peak {max(rss):.0f} MB, end {rss[-1]:.0f} MB; "
            f"by quarter of the run {' / '.join(f'{q:.0f}' for q in self.rss_quarters())} MB "
            f"(peak of each quarter: bounded when the last ones stop growing)",
        ] + (
            [
                f"baseline: one probe session alone opens in {min(self.baseline_open_s):.2f} s (best of "
                f"{len(self.baseline_open_s)}); under load p50 = {opens[len(opens) // 2] / min(self.baseline_open_s):.1f}×"
            ]
            if self.baseline_open_s
            else []
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


SERVER = """
import faulthandler, signal
faulthandler.register(signal.SIGUSR1)  # `kill -USR1 <pid>` prints every thread's stack to the log
import collections, ctypes, gc


def _holdings(*_):  # `kill -USR2 <pid>`: what the server holds, to the log (how the busy-indicator storm was found)
    try:
        import panel as pn
        from dashboards.serve import _DATALAYERS

        gc.collect()
        objects = gc.get_objects()
        kinds = collections.Counter(
            str(getattr(type(o), "__module__", "")) + "." + str(getattr(type(o), "__qualname__", "")) for o in objects
        )
        print("HOLDS objects", len(objects), kinds.most_common(25), flush=True)
        print(
            "HOLDS panel: views", len(pn.state._views), "periodic", sum(map(len, pn.state._periodic.values())),
            "documents", len(pn.state._locations), "busy indicators", len(pn.state._indicators), flush=True,
        )
        for layer in _DATALAYERS.values():
            print("HOLDS cached answers", len(layer._cache), flush=True)
        ctypes.CDLL("libc.so.6").malloc_stats()  # glibc's arenas, to stderr (the same log)
    except Exception as error:  # never take the server down
        print("HOLDS failed:", repr(error), flush=True)


signal.signal(signal.SIGUSR2, _holdings)
from dashboards.serve import serve, shared_datalayer
from ioc.config import settings
from ioc.plugins import Registry, registry
from load_harness import PROBE, PROBE_PLUGIN

deployment = settings()
shared_datalayer(deployment).register_table(PROBE)
serve(deployment, port={port}, plugins=Registry([*registry(), PROBE_PLUGIN]), refresh_period={refresh})
"""


class Server:
    """``serve()`` in its own process group, its log in ``folder``."""

    def __init__(self, folder: Path, data_dir: Path, *, refresh_s: int = 1) -> None:
        self.port = free_port()
        self.log = folder / "serve.log"
        env = dict(os.environ)
        env.update(
            {
                "IOC_DATA_DIR": str(data_dir),
                "IOC_CONFIG": str(folder / "absent.yaml"),
                "PYTHONPATH": os.pathsep.join([str(REPO), str(BENCH)]),
                "HOME": str(folder),
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.pop("IOC_DATABASE_URL", None)
        with open(self.log, "wb") as output:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(
                [sys.executable, "-c", SERVER.format(port=self.port, refresh=refresh_s)],
                cwd=REPO,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: {self.log.read_text(errors='replace')[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/loadprobe", timeout=10) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"the server did not answer: {self.log.read_text(errors='replace')[-3000:]}")

    def rss_mb(self) -> float:
        """Resident memory of the server process (psutil where installed, else ``/proc``)."""
        try:
            import psutil
        except ImportError:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
            return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024
        return psutil.Process(self.process.pid).memory_info().rss / 2**20

    def log_errors(self) -> list[str]:
        lines = self.log.read_text(errors="replace").splitlines()
        return [line for line in lines if "Traceback" in line or line.startswith("ERROR")]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def _document_ready(session: Any) -> None:
    """Tell the server the page is shown (as a browser does): its live refresh starts."""
    from bokeh.document.events import MessageSentEvent
    from bokeh.events import DocumentReady

    session.document.callbacks.trigger_on_change(MessageSentEvent(session.document, "bokeh_event", DocumentReady()))


class Client(threading.Thread):
    """One user: a page at a time, kept open ``dwell_s`` seconds and re-read every ``read_s`` seconds."""

    report_lock = threading.Lock()  # one report for every client

    def __init__(
        self, number: int, server: Server, report: LoadReport, stop: threading.Event, dwell_s: int, read_s: float
    ) -> None:
        super().__init__(name=f"load-client-{number}", daemon=True)
        self.number, self.server, self.report, self.stop_event = number, server, report, stop
        self.dwell_s, self.read_s = dwell_s, read_s
        # every fifth user goes round a real page and the probe; the others watch the probe
        self.pages = [REAL_PAGES[(number // 5) % len(REAL_PAGES)], "loadprobe"] if number % 5 == 0 else ["loadprobe"]
        self.page = self.pages[0]

    def check(self, session: Any, page: str) -> None:
        if page != "loadprobe":
            return
        counts = seen_counts(session)
        with self.report_lock:
            if counts is None:
                self.report.errors.append(f"client {self.number}: the probe page shows no counts")
                return
            self.report.reads += 1
            for tag, rows in counts.items():
                if rows != self.report.rows_per_batch:
                    self.report.torn.append(f"client {self.number}: batch {tag} seen with {rows} rows")
            if counts:
                self.report.max_batch_seen = max(self.report.max_batch_seen, max(int(t) for t in counts))

    def visit(self, page: str) -> None:
        from bokeh.client import pull_session

        self.page = page  # where the user is now (named when a run cannot finish)
        arguments = {"screen": "0"} if page == "wall" else None
        started = time.monotonic()
        session = pull_session(url=f"{self.server.url}/{page}", arguments=arguments)
        try:
            with self.report_lock:
                self.report.opened += 1
                self.report.open_s.append(time.monotonic() - started)
            self.check(session, page)
            _document_ready(session)
            leave = time.monotonic() + self.dwell_s
            while time.monotonic() < leave:
                if self.stop_event.wait(self.read_s):
                    break
                session.pull()  # the page as the server has it now (its refresh ran meanwhile)
                self.check(session, page)
        finally:
            session.close()
        with self.report_lock:
            self.report.visited.add(self.number)

    def run(self) -> None:
        turn = 0
        while not self.stop_event.is_set():
            page = self.pages[turn % len(self.pages)]
            turn += 1
            failure: list[BaseException] = []
            # Bokeh's Python client has no timeout: a visit that gets no answer is left behind
            # (a browser user reloads) and counted as stalled, so one silent socket cannot
            # hold the run up for ever
            visit = threading.Thread(target=self._visit_catching, args=(page, failure), daemon=True)
            visit.start()
            visit.join(self.dwell_s + VISIT_STALL_S)
            if visit.is_alive():
                with self.report_lock:
                    self.report.stalled.append(f"client {self.number} on {page}")
                # a user whose page hangs reloads it, and the old connection goes with the old
                # page: the next page opens only once the hung one has ended (here: when its
                # answer finally comes and the visit closes it), so a client never holds two
                # sessions and the server never has more than ``sessions`` at once (opening
                # another one beside it grew the server's sessions, and memory, under load)
                while visit.is_alive() and not self.stop_event.is_set():
                    visit.join(1.0)
                continue
            if not failure:
                continue
            if self.stop_event.is_set():
                return  # cut off by the end of the run (the server stops under it): not a failure
            error = failure[0]
            with self.report_lock:
                self.report.errors.append(f"client {self.number} on {page}: {type(error).__name__}: {error}")
            self.stop_event.wait(1.0)

    def _visit_catching(self, page: str, failure: list[BaseException]) -> None:
        try:
            self.visit(page)
        except Exception as error:  # noqa: BLE001 - every failure is counted; the user goes on (reloads)
            failure.append(error)


def ingest_loop(layer: Any, report: LoadReport, stop: threading.Event, every_s: float) -> None:
    """Write tagged batches until ``stop`` (each one atomic commit, three partitions)."""
    start = pd.Timestamp("2025-01-01T00:00Z")
    while not stop.is_set():
        number = report.batches + 1
        result = layer.write(PROBE.name, probe_batch(number, report.rows_per_batch, start), source="load")
        if result.accepted != report.rows_per_batch:
            report.errors.append(f"batch {number}: {result.accepted} of {report.rows_per_batch} rows accepted")
        report.batches = number
        stop.wait(every_s)


def _enough(report: LoadReport, min_batches: int) -> bool:
    """Every client finished a visit, enough batches were written and a page saw one written meanwhile."""
    return len(report.visited) == report.sessions and report.batches >= min_batches and report.max_batch_seen > 1


def run_load(
    folder: Path,
    *,
    sessions: int = 20,
    seconds: float = 40,
    rows: int = 200,
    batch_every_s: float = 2.0,
    dwell_s: int = 6,
    read_s: float = 3.0,
    refresh_s: int = 2,
    demo_days: int = 0,
    min_batches: int = 10,
    baseline_opens: int = 0,
    progress: bool = False,
) -> LoadReport:
    """Serve, open ``sessions`` concurrent clients and ingest for ``seconds``; return the figures.

    The run goes on past ``seconds`` (up to five minutes more) until every client has
    finished one visit, ``min_batches`` batches are written and a page has shown a batch
    written during the run: on a slow machine it takes longer, it does not end emptier.
    """
    from ioc.config import load_settings
    from ioc.datalayer import DataLayer

    data_dir = folder / "data"
    layer = DataLayer(load_settings(data_dir=data_dir))
    layer.register_table(PROBE)
    if demo_days:
        from ioc.demo import run_demo

        run_demo(layer, days=demo_days, plugins=["environment"], progress=progress)
    layer.write(PROBE.name, probe_batch(0, rows, pd.Timestamp("2025-01-01T00:00Z")), source="load")
    report = LoadReport(sessions=sessions, seconds=seconds, rows_per_batch=rows)
    server = Server(folder, data_dir, refresh_s=refresh_s)
    stop = threading.Event()
    try:
        for _ in range(baseline_opens):  # the same page, alone and without ingest
            from bokeh.client import pull_session

            started = time.monotonic()
            pull_session(url=f"{server.url}/loadprobe").close()
            report.baseline_open_s.append(time.monotonic() - started)
        report.rss_mb.append(server.rss_mb())
        clients = [Client(n, server, report, stop, dwell_s, read_s) for n in range(sessions)]
        writer = threading.Thread(target=ingest_loop, args=(layer, report, stop, batch_every_s), daemon=True)
        for client in clients:
            client.start()
        writer.start()
        ends, cap = time.monotonic() + seconds, time.monotonic() + seconds + 300
        while time.monotonic() < ends or not _enough(report, min_batches):
            if time.monotonic() > cap:
                stuck = [f"client {c.number} on {c.page}" for c in clients if c.number not in report.visited]
                report.errors.append(
                    f"the run did not reach its minimum in {seconds + 300:.0f} s (never finished a visit: "
                    f"{', '.join(stuck) or 'none'}): {report.lines()}"
                )
                break
            time.sleep(1.0)
            report.rss_mb.append(server.rss_mb())
            if progress:
                print(
                    f"\r{time.monotonic() - ends + seconds:5.0f} s: {report.opened} sessions, "
                    f"{report.reads} reads, {report.batches} batches, {len(report.errors)} errors, "
                    f"{len(report.torn)} torn, RSS {report.rss_mb[-1]:.0f} MB",
                    end="",
                    flush=True,
                )
        stop.set()
        writer.join(timeout=60)
        # a client still waiting for a page the busy server has not built yet is left to the
        # server's stop (its thread is a daemon); its figures so far are in the report
        leave = time.monotonic() + 15
        for client in clients:
            client.join(timeout=max(0.0, leave - time.monotonic()))
        report.rss_mb.append(server.rss_mb())
        if progress:
            print()
    finally:
        stop.set()
        server.stop()
        layer.close()
    report.errors += [f"server log: {line}" for line in server.log_errors()]
    return report
