"""The boundaries a deployment's maps are drawn over: imported or approximate, never a crash."""

from __future__ import annotations

from geodata import boundaries
from geodata.boundaries import site_boundaries


def test_site_boundaries_default_to_the_approximate_set(sqlite_settings):
    units = site_boundaries(sqlite_settings)
    assert len(units) == 8 and {"unit_code", "name"} <= set(units.columns)
    assert units.geometry.notna().all() and bool(units["approximate"].all())
    units["name"] = "đổi tên"  # a copy: the next map still gets the real names
    assert "đổi tên" not in set(site_boundaries(sqlite_settings)["name"])


def test_a_broken_boundary_source_gives_an_empty_frame(sqlite_settings, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise OSError("disk on fire")

    monkeypatch.setattr(boundaries, "load_boundaries", broken)
    boundaries._cached_boundaries.cache_clear()
    try:
        units = site_boundaries(sqlite_settings, "commune", "post2025")
    finally:
        boundaries._cached_boundaries.cache_clear()
    assert units.empty and "disk on fire" in caplog.text
