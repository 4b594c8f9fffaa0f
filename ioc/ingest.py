"""Ingestion: adapter → validation → atomic write → derived tables → rules → alerts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from ioc.alerts import store_alerts
from ioc.datalayer import DataLayer, WriteResult, file_sha256
from ioc.plugins import AdapterError, Registry, registry
from ioc.rules import evaluate_batch


def process_batch(
    datalayer: DataLayer,
    table: str,
    frame: pd.DataFrame,
    *,
    source: str = "api",
    path: str | Path | None = None,
    file_hash: str | None = None,
    plugins: Registry | None = None,
    now: pd.Timestamp | None = None,
) -> list[WriteResult]:
    """Write one batch, then its derived batches, evaluating rules on each written set."""
    plugins = plugins or registry()
    results = []
    pending: list[tuple[str, pd.DataFrame, str | Path | None, str | None]] = [(table, frame, path, file_hash)]
    rules = plugins.rules()
    while pending:
        name, batch, batch_path, batch_hash = pending.pop(0)
        result = datalayer.write(name, batch, source=source, path=batch_path, file_hash=batch_hash, now=now)
        results.append(result)
        if result.written.empty:
            continue
        store_alerts(datalayer.store, evaluate_batch(rules, name, result.written, datalayer))
        for plugin in plugins:
            if plugin.derive is not None and name in {t.name for t in plugin.tables}:
                for derived_table, derived in plugin.derive(datalayer, name, result.written):
                    pending.append((derived_table, derived, batch_path, None))
    return results


def ingest_files(
    datalayer: DataLayer,
    source: str,
    paths: Sequence[str | Path],
    *,
    plugins: Registry | None = None,
    progress: bool = True,
) -> list[WriteResult]:
    """Read each file with the named source adapter and ingest it.

    A file that cannot be read at all raises :class:`AdapterError` after being
    recorded in the ingest log; nothing from it is written.
    """
    plugins = plugins or registry()
    adapter = plugins.adapter(source)
    results: list[WriteResult] = []
    for path in tqdm(list(map(Path, paths)), desc=f"Nhập {source}", unit="tệp", disable=not progress):
        if not path.exists():
            raise AdapterError(f"{path}: không tìm thấy tệp (file not found)")
        try:
            frame = adapter.read(path, settings=datalayer.settings)
        except AdapterError as exc:
            datalayer.log_failure(source=source, table=adapter.table, path=path, message=str(exc))
            raise
        results.extend(
            process_batch(
                datalayer, adapter.table, frame, source=source, path=path, file_hash=file_sha256(path), plugins=plugins
            )
        )
    return results


def totals(results: Iterable[WriteResult]) -> dict[str, int]:
    """Sum the counts of several write results."""
    keys = ("rows_in", "accepted", "rejected", "duplicate", "superseded")
    out = dict.fromkeys(keys, 0)
    for result in results:
        for key in keys:
            out[key] += getattr(result, key)
    return out
