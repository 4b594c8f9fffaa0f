"""Helpers shared by the benchmarks: demo-sized data and a best-of-N timer."""

from __future__ import annotations

import atexit
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd


def best_of(function: Callable[[], object], repeat: int = 3) -> float:
    """Minimum wall time of ``repeat`` runs (the least disturbed measurement)."""
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)


def paired_best(baseline: Callable[[], object], ours: Callable[[], object], repeat: int = 15) -> tuple[float, float]:
    """Minimum wall times of ``baseline`` and ``ours``, run alternately ``repeat`` times each.

    Alternating puts both through the same moments of a shared machine's load, so their
    ratio is steadier than that of two separate best-of runs.
    """
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for function, timings in zip((baseline, ours), times, strict=True):
            started = time.perf_counter()
            function()
            timings.append(time.perf_counter() - started)
    return min(times[0]), min(times[1])


def demo_air_frame(scale: float, days: int = 14, seed: int = 7) -> pd.DataFrame:
    """Long air readings of the demo generator at ``scale`` (site-local naive times)."""
    from ioc.plugins import DemoContext
    from ioc_plugins.environment.demo import generate

    start = pd.Timestamp.now(tz="UTC").floor("D") - pd.Timedelta(days=days)
    frames = [
        frame
        for table, frame in generate(DemoContext(start=start, days=days, scale=scale, seed=seed))
        if table == "environment.air_readings"
    ]
    return pd.concat(frames, ignore_index=True)


def station_frame(scale: float, days: int = 14, seed: int = 7) -> pd.DataFrame:
    """The demo's station registry at ``scale`` (clones and modelled points included)."""
    from ioc.plugins import DemoContext
    from ioc_plugins.environment.demo import generate

    start = pd.Timestamp.now(tz="UTC").floor("D") - pd.Timedelta(days=days)
    frames = [
        frame
        for table, frame in generate(DemoContext(start=start, days=days, scale=scale, seed=seed))
        if table == "environment.stations"
    ]
    return pd.concat(frames, ignore_index=True)


def scratch_dir(prefix: str = "ioc-bench-") -> Path:
    """A new temp folder, removed when the benchmark's process exits.

    A benchmark's lake is hundreds of MB: left behind, a few runs fill the disk that the
    tests and CI share.
    """
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def scratch_settings(root: Path | None = None):
    """Settings for a throw-away deployment in a temp dir (removed at exit unless given)."""
    from ioc.config import load_settings

    root = root or scratch_dir()
    return load_settings(data_dir=root / "data", database_url=f"sqlite:///{root / 'state.db'}")
