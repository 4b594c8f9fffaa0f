"""A served process does not keep what its sessions no longer use (issue 17: server memory).

Three holders found under load (``bench/bench_load.py``):

* the shared data layer's query cache kept one answer per refresh of every session when a
  page's query took the exact clock as a parameter (the overview tiles' windows ending
  "now"): the dashboards now ask with the time rounded up to the minute
  (:func:`dashboards.base.query_time`), so one minute's sessions share one answer;
* every page's busy indicator: Panel sets all of them on each start and end of any session's
  refresh, so each refresh queued a callback on every other open page;
* the video wall's pages: Panel keeps each ``pn.state.add_periodic_callback`` (and so the
  page whose ``refresh`` it calls) until the session ends, stopped or not; a wall session
  runs for days and shows a new page object every few seconds.
"""

from __future__ import annotations

import gc
import socket
import sys
import time
import urllib.request
import weakref
from pathlib import Path

import panel as pn
import pytest
from bokeh.document import Document
from panel.io.state import set_curdoc

from dashboards import serve as serving
from dashboards.base import query_time
from dashboards.overview import OverviewDashboard
from dashboards.serve import dashboard_class
from dashboards.wall import VideoWall, ensure_wall_account

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))


def test_overview_refreshes_of_one_minute_share_the_cached_answers(env_layer):
    pages = [OverviewDashboard(datalayer=env_layer) for _ in range(5)]  # five sessions' pages
    minutes = {query_time()}
    pages[0].tiles()
    per_refresh = len(env_layer._cache)
    assert per_refresh > 0  # the tiles' queries go through the cache
    for page in pages:
        for _ in range(2):
            page.tiles()
            minutes.add(query_time())
    # one set of answers per minute the calls spanned (two when a minute turned meanwhile);
    # with the exact clock as parameter it was one set per call: eleven here
    assert len(env_layer._cache) <= per_refresh * len(minutes), len(env_layer._cache)


def test_query_time_is_the_next_whole_minute():
    import pandas as pd

    before = pd.Timestamp.now(tz="UTC")
    rounded = query_time()
    assert rounded.second == 0 and rounded.microsecond == 0 and rounded.nanosecond == 0
    assert before <= rounded + pd.Timedelta(seconds=1) and rounded - before <= pd.Timedelta(minutes=1)


@pytest.fixture
def wall_layer(sqlite_settings):
    from ioc.config import load_settings
    from ioc.datalayer import DataLayer

    settings = load_settings(
        data_dir=sqlite_settings.data_dir,
        wall={
            "screens": [
                {"name": "một", "playlist": [{"page": "overview", "dwell": 5}, {"page": "command", "dwell": 5}]}
            ]
        },
    )
    layer = DataLayer(settings)
    ensure_wall_account(layer)
    yield layer
    layer.close()


def test_the_wall_lets_go_of_the_pages_it_no_longer_shows(wall_layer):
    document = Document()  # as in a served session: the pages' refresh callbacks belong to it
    with set_curdoc(document):
        wall = VideoWall(datalayer=wall_layer, screen=0, page_class=dashboard_class)
        shown = []
        for turn in range(6):
            wall.show_page(turn % 2)
            assert wall._page._refresh_callback is not None  # the page refreshes itself while shown
            shown.append(weakref.ref(wall._page))
    try:
        gc.collect()
        alive = [ref() for ref in shown if ref() is not None]
        assert alive == [wall._page], f"{len(alive)} of 6 pages still in memory"
    finally:
        pn.state._periodic.pop(document, None)  # what the session's end does in a server


def _live_overviews() -> int:
    gc.collect()
    return sum(isinstance(o, OverviewDashboard) for o in gc.get_objects())


def test_served_overview_sessions_leave_nothing_behind(sqlite_settings):
    """Six overview sessions opened and closed against the real server (``serve()``, threaded)."""
    from bokeh.client import pull_session
    from env_lake import fill_lake
    from load_harness import _document_ready

    layer = serving.shared_datalayer(sqlite_settings)
    fill_lake(layer)  # the environment tile's queries go through the cache
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # a closed page's session is destroyed 0.5 s after its socket closed (Bokeh's default: 15 s)
    server = serving.serve(sqlite_settings, port=port, threaded=True, refresh_period=1, unused_session_lifetime_ms=500)
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).close()
                break
            except OSError:
                time.sleep(0.2)
        baseline = _live_overviews()
        minutes = {query_time()}  # every minute a page may have asked its queries for
        per_set = 0
        for number in range(6):
            session = pull_session(url=f"http://127.0.0.1:{port}/overview")
            try:
                _document_ready(session)  # the page is shown: its refresh runs
                time.sleep(1.5)
                session.pull()
                # no page registers Panel's process-wide busy indicator: each one was set on
                # every start and end of any session's refresh, a callback queued on every
                # other open page (20 pages refreshing every 2 s: tens of thousands queued)
                assert not pn.state._indicators, f"{len(pn.state._indicators)} busy indicators shared"
            finally:
                session.close()
            minutes.add(query_time())
            if number == 1:  # what two sessions' pages asked for (the second's refresh included)
                per_set = len(layer._cache)
        assert per_set > 0
        # the server destroys the closed sessions, and their pages with them
        for _ in range(60):
            if _live_overviews() <= baseline:
                break
            time.sleep(0.5)
        assert _live_overviews() <= baseline, f"{_live_overviews()} overview pages alive, {baseline} before"
        minutes.add(query_time())  # a closed page may refresh until its session is destroyed
        # one set of cached answers per minute, whatever the number of sessions (it was one per
        # refresh: 110 entries here for 14 per set)
        assert len(layer._cache) <= per_set * len(minutes), (len(layer._cache), per_set, sorted(minutes))
    finally:
        server.stop()
        serving.close_shared_datalayers()
