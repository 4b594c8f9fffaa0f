"""The memory bound of long-running listeners (the in-place restart itself runs in the
listener tests: ``test_mqtt_listener.py`` and ``tests/ioc_plugins/infosec/test_infosec_tail.py``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ioc.listen.recycle import RESTARTS_ENV, STOP_PIPE_ENV, MemoryBound, accept_stop_signals, resident_mb, restarts

REPO = Path(__file__).resolve().parents[3]

#: A process that restarts itself in place once, a SIGTERM being sent while it does, after
#: the decision; the next image says whether its handler saw that stop.
RESTARTING = textwrap.dedent(
    """
    import os, signal, sys, threading, time
    from ioc.listen.recycle import accept_stop_signals, restart_in_place, restarts

    stopped = []
    signal.signal(signal.SIGTERM, lambda *_: stopped.append(True))
    accept_stop_signals()
    if restarts() == 0:
        if sys.argv[1] == "thread":  # started before the restart: it does not block the stop signals
            threading.Thread(target=time.sleep, args=(60,), daemon=True).start()

        class SendsAStop:
            def close(self):
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(0.3)  # whatever handler takes it, it has run by now

        restart_in_place("test", SendsAStop())
        sys.exit("not restarted")
    print("stopped" if stopped else "ran on", restarts(), flush=True)
    """
)


def test_the_bound_is_passed_only_above_the_resident_memory():
    resident = resident_mb()
    assert 10 < resident < 100_000  # this interpreter, pandas and friends loaded
    assert not MemoryBound(0).passed()  # 0: never
    assert not MemoryBound(resident * 4 + 1024).passed()
    low = MemoryBound(1)
    assert low.passed()
    assert low.passed_at_mb > 1
    assert "vượt giới hạn 1 MB" in low.reason() and f"{low.passed_at_mb:,.0f} MB" in low.reason()


def test_by_default_the_bound_is_set_above_the_memory_after_the_first_batch():
    bound = MemoryBound(None, growth_mb=64)
    assert not bound.passed()  # the first call (after the first batch) sets the bound
    assert bound.limit_mb > 64 + 10
    assert not bound.passed()  # nothing grew by 64 MB since
    ballast = b"\x01" * (96 * 2**20)  # 96 MB written: resident
    try:
        assert bound.passed() and bound.passed_at_mb > bound.limit_mb
    finally:
        del ballast


def test_the_restart_count_is_read_from_the_environment(monkeypatch):
    monkeypatch.delenv(RESTARTS_ENV, raising=False)
    assert restarts() == 0
    monkeypatch.setenv(RESTARTS_ENV, "4")
    assert restarts() == 4
    monkeypatch.setenv(RESTARTS_ENV, "nonsense")
    assert restarts() == 0


@pytest.mark.parametrize("threads", ["main", "thread"])
def test_a_stop_sent_during_the_restart_reaches_the_next_image(tmp_path, threads):
    """With only the main thread, the stop waits blocked across the exec. With another thread
    that does not block it, the kernel hands it to that thread; it reaches the next image
    through the wake-up pipe (without it the next image ran on: a 60 s hang in CI)."""
    script = tmp_path / "restarting.py"
    script.write_text(RESTARTING)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop(RESTARTS_ENV, None)
    done = subprocess.run(
        [sys.executable, str(script), threads], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["stopped", "1"], done.stderr[-3000:]
    assert "restarting in place" in done.stderr


def test_a_stop_pipe_named_for_another_process_is_ignored(monkeypatch):
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, bytes([signal.SIGTERM]))
        monkeypatch.setenv(STOP_PIPE_ENV, f"{os.getpid() + 1}:{read_end}")  # a parent's, inherited
        received = []
        previous = signal.signal(signal.SIGTERM, lambda *_: received.append(True))
        try:
            accept_stop_signals()
        finally:
            signal.signal(signal.SIGTERM, previous)
        assert received == []
        assert STOP_PIPE_ENV not in os.environ
        assert os.read(read_end, 16) == bytes([signal.SIGTERM])  # not read, not closed
    finally:
        os.close(read_end)
        os.close(write_end)
