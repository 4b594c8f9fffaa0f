"""What every infosec adapter shares: settings → resolver, a record loop with quarantine."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ioc.config import Settings
from ioc.plugins import BATCH_ROWS, AdapterError
from ioc_plugins.infosec.assets import AgencyResolver, resolver_for
from ioc_plugins.infosec.config import infosec_config
from ioc_plugins.infosec.model import EVENT_FIELDS, error_row, parse_times, to_frame
from ioc_plugins.infosec.records import paused_gc, require_records

Mapper = Callable[[Mapping[str, Any], str], dict[str, Any] | None]


def resolver_from(settings: Settings | None) -> AgencyResolver:
    """The agency resolver of the deployment (its ``assets`` file, or the shipped demo registry)."""
    return resolver_for(infosec_config(settings).assets)


def sensor_name(path: str | Path) -> str:
    """A sensor's name from where its log lives: ``<folder>/<file stem>`` (e.g. ``ids-stttt/eve``);
    a file rotated by number (``eve.json.1``, logrotate's default) names the sensor of ``eve.json``."""
    path = Path(path)
    stem = Path(_ROTATION.sub("", path.name)).stem
    return f"{path.parent.name}/{stem}" if path.parent.name else stem


#: logrotate's numbered suffix of a rotated log.
_ROTATION = re.compile(r"(?<=.)\.\d+$")


def collect(
    path: str | Path,
    records: Iterator[tuple[int, str, Mapping[str, Any] | str]],
    mapper: Mapper,
    *,
    module: str,
    fields: tuple[str, ...] = EVENT_FIELDS,
    raw_time: str | None = None,
    rows: int = BATCH_ROWS,
) -> Iterator[pd.DataFrame]:
    """Map every record; unreadable ones become quarantine rows; ``None`` from the mapper skips.

    Yields frames of ``rows`` rows (the last one shorter; one frame, perhaps empty, at least):
    :func:`whole` joins them for ``read``, ``ioc ingest`` stores each as it comes.
    With ``raw_time`` (the source's name of the field), the mapper leaves ``time`` as the
    source's text and it is parsed here for the whole column at once (much faster than one
    record at a time); an unreadable time quarantines its row with the reason.
    A frame's ``attrs["skipped"]`` counts records skipped on purpose (e.g. Suricata ``stats``).
    """
    mapped: list[dict[str, Any]] = []
    seen = skipped = handed = 0
    source = str(path)

    def frame() -> pd.DataFrame:
        out = to_frame(mapped, (*fields, "_line"))
        if raw_time is not None:
            parse_raw_times(out, raw_time)
        out = out.drop(columns="_line")
        out.attrs["skipped"] = skipped
        return out

    records = iter(records)
    while True:
        # thousands of row dicts alive: see paused_gc; the collector runs again while a frame
        # is out (the caller stores it, with its rules and derived tables, before the next)
        with paused_gc():
            for line, text, record in records:
                seen += 1
                row = map_record(line, text, record, mapper, module=module, source=source)
                if row is None:
                    skipped += 1
                    continue
                mapped.append(row)
                if len(mapped) >= rows:
                    break
            full = frame() if len(mapped) >= rows else None
        if full is None:
            break
        yield full
        mapped, skipped, handed = [], 0, handed + 1
    require_records(path, seen)
    if mapped or skipped or not handed:
        with paused_gc():
            last = frame()
        yield last


#: ``rows`` for one frame of the whole file (``read``): its batches joined once, as before
#: batches existed, not twice.
ALL_ROWS = sys.maxsize


def whole(frames: Iterator[pd.DataFrame]) -> pd.DataFrame:
    """The frames of one file (an adapter's ``batches``) as the one frame ``read`` returns;
    ``attrs["skipped"]`` adds theirs up."""
    parts = list(frames)
    filled = [part for part in parts if len(part)] or parts[:1]
    frame = filled[0] if len(filled) == 1 else pd.concat(filled, ignore_index=True)
    frame.attrs["skipped"] = sum(part.attrs.get("skipped", 0) for part in parts)
    return frame


def map_record(
    line: int, text: str, record: Mapping[str, Any] | str, mapper: Mapper, *, module: str, source: str
) -> dict[str, Any] | None:
    """One record through ``mapper``: its row (with ``_line``), a quarantine row, or ``None`` (skipped)."""
    if isinstance(record, str):
        return error_row(record, text, module=module, line=line, source=source)
    try:
        row = mapper(record, text)
    except AdapterError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        return error_row(
            f"bản ghi không đúng cấu trúc (malformed record: {exc!r})", text, module=module, line=line, source=source
        )
    if row is None:
        return None
    if row.get("_error"):
        row["_error"] = f"dòng {line}: {row['_error']}"
    row["_line"] = line
    return row


def parse_raw_times(frame: pd.DataFrame, raw_time: str) -> None:
    """Parse the source's time texts of ``frame["time"]`` in place, in one vectorised pass;
    a row whose time cannot be read gets the reason in ``_error`` (with ``_line``)."""
    if not len(frame):
        return
    original = frame["time"]
    frame["time"] = parse_times(original)
    # rows already quarantined (unreadable JSON) have no _line: only the others are checked
    bad = frame["time"].isna() & original.notna() & frame["_error"].isna()
    if bad.any():
        frame.loc[bad, "_error"] = [
            f"dòng {int(line)}: {raw_time}: thời điểm không đọc được {value!r} (unreadable timestamp)"
            for line, value in zip(frame.loc[bad, "_line"], original[bad], strict=True)
        ]
