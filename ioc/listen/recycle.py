"""A long-running listener starts afresh, in place, when its memory passes a bound.

Why: a process that commits to the lake every few seconds keeps ≈ 0.05 MB more native
memory per commit (measured over 2 000 commits; deltalake's own, cause not found:
``docs/scale-and-reliability.md``), ≈ 2 GB a day at one commit every 2 s. Between two
batches, once its resident memory is past its bound, ``ioc listen mqtt`` / ``ioc listen
file`` re-executes itself with the very command line it was started with (``os.execv``:
the same process id, so systemd, Docker or a terminal see one process that never exits):

* the batch in hand is committed and acknowledged first, like on SIGTERM;
* MQTT: the broker queues what arrives meanwhile for the persistent session (QoS 1), and a
  message received but not yet acknowledged is sent again (the lake drops the duplicate);
* file: the tailer resumes from the position it committed with its last batch;
* SIGTERM / SIGINT sent while the next image still imports wait (blocked across the exec)
  until it has its handlers: the stop is as clean as between two batches.

The bound (``max_rss_mb``) is by default :data:`DEFAULT_GROWTH_MB` above what the process
held after its first batch (a listener whose plugins load an NLP model starts far higher than
one that parses camera events); a number sets it in MB outright, ``0`` turns it off. The same
idea as gunicorn's ``max_requests`` or Celery's ``worker_max_memory_per_child``; the project's
choice is the in-place ``exec`` (no supervisor needed).
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Callable

import psutil

from ioc.store import close_stores

log = logging.getLogger(__name__)

#: Project choice: at 0.05 MB a commit and one commit every 2 s a listener grows this much in
#: about half a day, and a restart costs a few seconds of imports.
DEFAULT_GROWTH_MB = 1024
#: How many times this process restarted itself (handed to the next image; logs, tests).
RESTARTS_ENV = "IOC_LISTEN_RESTARTS"
#: The stop signals: held back across the restart (see :func:`restart_in_place`).
STOP_SIGNALS = frozenset({signal.SIGTERM, signal.SIGINT})


def resident_mb() -> float:
    """This process's resident memory, in MB."""
    return psutil.Process().memory_info().rss / 2**20


class MemoryBound:
    """The resident memory past which a listener should start afresh.

    Parameters
    ----------
    limit_mb
        The bound in MB; ``None``: ``growth_mb`` above the resident memory at the first
        :meth:`passed` (called after the first batch); ``0``: never.
    growth_mb
        See ``limit_mb``.
    """

    def __init__(self, limit_mb: float | None, growth_mb: float = DEFAULT_GROWTH_MB) -> None:
        self.limit_mb = limit_mb
        self.growth_mb = growth_mb
        self.passed_at_mb: float | None = None

    def passed(self) -> bool:
        """Whether the process is past the bound now (then ``passed_at_mb`` says by how much)."""
        if self.limit_mb == 0:
            return False
        resident = resident_mb()
        if self.limit_mb is None:  # the first batch is done: what the process needs to run is loaded
            self.limit_mb = resident + self.growth_mb
            return False
        if resident > self.limit_mb:
            self.passed_at_mb = resident
            return True
        return False

    def reason(self) -> str:
        """The log line's reason, in Vietnamese with the English gloss."""
        return (
            f"bộ nhớ {self.passed_at_mb or 0:,.0f} MB vượt giới hạn {self.limit_mb:,.0f} MB "
            f"(resident memory past listen max_rss_mb)"
        )


def restarts() -> int:
    """How many times this process has restarted itself so far."""
    try:
        return int(os.environ.get(RESTARTS_ENV, "0"))
    except ValueError:
        return 0


def restart_in_place(reason: str, *closers: object, stop_requested: Callable[[], bool] = lambda: False) -> None:
    """Close what holds connections (``close()`` / ``dispose()`` of each of ``closers``),
    then replace this process by a fresh run of its own command line.

    Returns (nothing restarted) only when ``stop_requested()`` says a stop was asked for
    before the stop signals were held: the caller then ends as on that stop.
    """
    # from here a stop asked for waits, blocked, for the next image (the signal mask survives
    # exec; accept_stop_signals once its handlers are installed): delivered here, between the
    # decision and the exec, the handler would stop a listener that has already stopped and
    # the next image would run on as if no stop had been asked for
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    if stop_requested():
        accept_stop_signals()
        return
    count = restarts() + 1
    log.warning("listen: %s — khởi động lại tiến trình, lần %d (restarting in place)", reason, count)
    for closer in closers:
        for name in ("close", "dispose"):
            method = getattr(closer, name, None)
            if callable(method):
                method()
                break
    close_stores()  # pooled database connections would outlive the exec
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    for handler in logging.getLogger().handlers:
        handler.flush()
    os.environ[RESTARTS_ENV] = str(count)
    # sys.orig_argv: the interpreter's own command line (``python -m ioc.listen.cli mqtt``,
    # ``…/bin/ioc listen file …``), so the new image is started exactly as this one was
    os.execv(sys.executable, sys.orig_argv)


def accept_stop_signals() -> None:
    """Let SIGTERM / SIGINT through again (held back by a restart in place: one sent
    meanwhile is delivered now, to the handlers the caller installed)."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


__all__ = ["accept_stop_signals", "DEFAULT_GROWTH_MB", "MemoryBound", "resident_mb", "restart_in_place", "restarts"]
