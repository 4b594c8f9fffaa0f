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
  until it has its handlers: the stop is as clean as between two batches. One the kernel
  hands, meanwhile, to another thread of the old image (a thread started before the block,
  e.g. deltalake's runtime, still takes it) is written by Python's C-level handler to a pipe
  (:func:`signal.set_wakeup_fd`) that the next image inherits and reads: no stop is lost,
  whichever thread it reached and however close to the exec.

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
import stat
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
#: The descriptor, inherited across the exec, of the pipe holding the stop signals the old
#: image received while it restarted (see :func:`restart_in_place`).
STOP_PIPE_ENV = "IOC_LISTEN_STOP_PIPE"


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
    # a stop signal the kernel hands to a thread other than this one (any thread that does not
    # block it) is only noted there by Python's C handler; that handler also writes it to the
    # wake-up pipe, in whichever thread, up to the exec (which ends the other threads before it
    # closes anything): the next image reads the pipe. Set before the block, so that no stop
    # falls between the two.
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    os.set_inheritable(read_end, True)
    previous = signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
    # from here a stop asked for waits, blocked, for the next image (the signal mask survives
    # exec; accept_stop_signals once its handlers are installed): delivered here, between the
    # decision and the exec, the handler would stop a listener that has already stopped and
    # the next image would run on as if no stop had been asked for
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    if stop_requested():
        signal.set_wakeup_fd(previous)
        os.close(read_end)
        os.close(write_end)
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
    # the process id too: exec keeps it, a child given this environment has another
    os.environ[STOP_PIPE_ENV] = f"{os.getpid()}:{read_end}"  # the write end closes on exec
    # sys.orig_argv: the interpreter's own command line (``python -m ioc.listen.cli mqtt``,
    # ``…/bin/ioc listen file …``), so the new image is started exactly as this one was
    os.execv(sys.executable, sys.orig_argv)


def on_stop_signals(handler: Callable[[], None]) -> None:
    """Call ``handler`` on SIGTERM / SIGINT from now on, then let them through
    (:func:`accept_stop_signals`): in that order, so that a stop held back across an in-place
    restart reaches the handler, not the signal's default action."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, lambda _signum, _frame: handler())
    accept_stop_signals()


def accept_stop_signals() -> None:
    """Let SIGTERM / SIGINT through again (held back by a restart in place: one sent
    meanwhile is delivered now, to the handlers the caller installed, and so is one that
    reached another thread of the previous image, from the pipe it left)."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    for signum in _stops_carried_over():
        signal.raise_signal(signum)


def _stops_carried_over() -> list[int]:
    """The stop signals the previous image wrote to its wake-up pipe while it restarted
    (each once, in order); the pipe is closed and forgotten."""
    pid, _, descriptor = os.environ.pop(STOP_PIPE_ENV, "").partition(":")
    if pid != str(os.getpid()):  # none, or another process's
        return []
    try:
        fd = int(descriptor)
        if not stat.S_ISFIFO(os.fstat(fd).st_mode):
            return []
    except (ValueError, OSError):
        return []
    received = b""
    try:
        os.set_blocking(fd, False)
        while chunk := _read_available(fd):
            received += chunk
    finally:
        os.close(fd)
    return list(dict.fromkeys(n for n in received if n in STOP_SIGNALS))


def _read_available(fd: int) -> bytes:
    try:
        return os.read(fd, 4096)
    except BlockingIOError:  # nothing (more) written
        return b""


__all__ = [
    "accept_stop_signals",
    "DEFAULT_GROWTH_MB",
    "MemoryBound",
    "on_stop_signals",
    "resident_mb",
    "restart_in_place",
    "restarts",
]
