"""The memory bound of long-running listeners (the in-place restart itself runs in the
listener tests: ``test_mqtt_listener.py`` and ``tests/ioc_plugins/infosec/test_infosec_tail.py``)."""

from __future__ import annotations

from ioc.listen.recycle import RESTARTS_ENV, MemoryBound, resident_mb, restarts


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
