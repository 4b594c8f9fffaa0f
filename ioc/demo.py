"""Demo data: run every plugin's generator through the normal ingestion path."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from tqdm.auto import tqdm

from ioc.datalayer import DataLayer
from ioc.ingest import process_batch
from ioc.plugins import DemoContext, Registry, registry


def demo_start(days: int, now: pd.Timestamp | None = None) -> pd.Timestamp:
    """Demo data ends at the current hour, so dashboards look live."""
    now = (now or pd.Timestamp.now(tz="UTC")).floor("h")
    return now - pd.Timedelta(days=days)


def run_demo(
    datalayer: DataLayer,
    *,
    days: int = 14,
    scale: float = 1.0,
    seed: int = 7,
    plugins: Sequence[str] | None = None,
    reg: Registry | None = None,
    progress: bool = True,
    now: pd.Timestamp | None = None,
) -> dict[str, dict[str, int]]:
    """Generate and ingest demo data for the chosen plugins; return counts per table."""
    reg = reg or registry()
    chosen = [reg.get(name) for name in plugins] if plugins else list(reg)
    context = DemoContext(start=demo_start(days, now), days=days, scale=scale, seed=seed, settings=datalayer.settings)
    totals: dict[str, dict[str, int]] = {}
    for plugin in chosen:
        if plugin.demo is None:
            continue
        batches = tqdm(plugin.demo(context), desc=f"Dữ liệu mẫu: {plugin.title}", unit="lô", disable=not progress)
        for table, frame in batches:
            for result in process_batch(datalayer, table, frame, source=f"demo:{plugin.name}", plugins=reg):
                counts = totals.setdefault(
                    result.table, dict.fromkeys(("accepted", "rejected", "duplicate", "superseded"), 0)
                )
                for key in counts:
                    counts[key] += getattr(result, key)
    return totals
