"""Per-minute counts kept up to date between writes, so a batch costs what it brings.

Counting from every stored event of a minute on each write (what :func:`.derive.minute_counts`
does over a frame) reads back more rows the longer a live stream runs: at 5,000 events/s a
minute holds 300,000 events. :class:`MinuteCounter` keeps, per camera, the minutes of a
short window in memory (for each ``camera_id``/``zone``/``label``/minute: the objects in
view and the sum of their dwell) together with each recent event's contribution, so a
written event only subtracts its previous version and adds its new one.

What the memory holds is checked against the lake, never trusted blindly:

- it is filled from the stored events the first time a camera's minutes are touched
  (after a start or a restart, a killed listener included), and extended from the store
  when a write reaches minutes outside the window (late or re-ingested events);
- it is dropped whenever the events table changed other than by the previous write seen
  here (another process wrote or compacted: the lake version moved by more than one), and
  after any error inside an update;
- a write above a camera's window reads the minutes it reaches only where the lake held
  something this counter did not write (each camera's last minute of stored events and of
  counts over zero, read at the first update after a reset): a live stream moving forward
  reads nothing back.

One case is not reconciled: an event id whose previous version this process never saw
(before a restart, or older than the window) and that now names another camera leaves its
count on the first camera. Frigate and DeepStream never move an event id between cameras.

The window's invariant: every stored event overlapping a camera's loaded minutes
``[lo, hi]`` is in :attr:`MinuteCounter.events`, and the totals of those minutes are the
sums of their contributions, so the counts written are those a full recount would give.
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ioc_plugins.public_order.tables import CAMERA_EVENTS, COUNTS

MAX_MINUTES = 60
NO_ZONE = "*"
MINUTE_NS = 60_000_000_000
_NEVER = np.iinfo("int64").min
#: Minutes behind a camera's newest one that stay in memory (project choice: Frigate sends an
#: object's ``end`` within seconds to minutes; later ones are read back from the lake).
WINDOW_MINUTES = 3

Key = tuple[str, str, str, int]  # camera_id, zone, label, minute (ns since epoch)
Part = tuple[Key, str, int]  # key, object, dwell (ns)


def _ns(values: pd.Series) -> np.ndarray:
    """UTC times as int64 nanoseconds (a missing time must have been filled before)."""
    stamps = pd.to_datetime(values, utc=True).dt.tz_localize(None)
    return stamps.to_numpy(dtype="datetime64[ns]").view("int64")


def contributions(events: pd.DataFrame) -> dict[str, list[Part]]:
    """Each event's share of the counts: ``event_id`` → [(key, object, dwell ns), …].

    An object is counted in every minute it was in view, from its start to its end (or its
    latest frame), at most :data:`MAX_MINUTES` + 1 minutes; an object that left at 10:01:00
    was not in view during 10:01. ``empty`` rows (a parking spot left empty) count nothing.
    The dwell of an object in a minute is how long it had been in view at the minute's end.
    """
    if events.empty:
        return {}
    events = events.drop_duplicates(subset="event_id", keep="last")
    shown = events[events["event_type"].fillna("") != "empty"]
    parts: dict[str, list[Part]] = {str(e): [] for e in events["event_id"]}
    if shown.empty:
        return parts
    start_time = _ns(shown["time"])
    end_source = _ns(shown["end_time"].fillna(shown["last_seen"]).fillna(shown["time"]))
    start = start_time - start_time % MINUTE_NS
    last = np.maximum(end_source - 1000, start_time)  # one microsecond before the end
    end = last - last % MINUTE_NS
    spans = np.minimum((end - start) // MINUTE_NS, MAX_MINUTES) + 1
    index = np.repeat(np.arange(len(shown)), spans)
    offsets = np.arange(len(index)) - np.repeat(np.cumsum(spans) - spans, spans)
    minutes = start[index] + offsets * MINUTE_NS
    dwell = np.maximum(np.minimum(minutes + MINUTE_NS, end_source[index]) - start_time[index], 0)
    ids = shown["event_id"].astype(str).to_numpy()
    cameras = shown["camera_id"].astype(str).to_numpy()
    zones = shown["zone"].fillna(NO_ZONE).astype(str).to_numpy()
    labels = shown["label"].astype(str).to_numpy()
    # one object is one track (DeepStream sends an event id per detection of a track); without
    # a track the event is the object, and its id string is shared rather than copied
    tracks = shown["track_id"].to_numpy(dtype=object) if "track_id" in shown else [None] * len(shown)
    objects = [ids[i] if t is None or pd.isna(t) or t == ids[i] else str(t) for i, t in enumerate(tracks)]
    shared: dict[Key, Key] = {}  # one tuple per key: memory holds minutes of a live stream
    for i, minute, dwell_ns in zip(index.tolist(), minutes.tolist(), dwell.tolist(), strict=True):
        key = (cameras[i], zones[i], labels[i], minute)
        parts[ids[i]].append((shared.setdefault(key, key), objects[i], dwell_ns))
    return parts


@dataclass
class _Total:
    objects: Counter = field(default_factory=Counter)
    dwell_ns: int = 0
    rows: int = 0


def counts_frame(totals: dict[Key, _Total], keys: list[Key]) -> pd.DataFrame:
    """Count rows (the :data:`~.tables.COUNTS` columns) for ``keys``; a key left empty counts 0."""
    if not keys:
        return COUNTS.empty_frame()
    rows = []
    for key in sorted(keys):
        total = totals.get(key)
        count = len(total.objects) if total else 0
        # the same float operations as a recount over a frame (float sum / rows / 1e9)
        dwell = float(total.dwell_ns) / total.rows / 1e9 if total and total.rows else None
        rows.append((key[0], key[1], key[2], key[3], count, dwell))
    frame = pd.DataFrame(rows, columns=["camera_id", "zone", "label", "time", "count", "dwell_s"])
    frame["time"] = pd.to_datetime(frame["time"].astype("int64"), unit="ns", utc=True)
    frame["place"] = frame["camera_id"] + "/" + frame["zone"]
    return frame[COUNTS.column_names]


class MinuteCounter:
    """The counts of each camera's recent minutes and the events behind them (see module)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.version: int | None = None
        self.window: dict[str, list[int]] = {}  # camera → [lo, hi] minutes loaded
        self.totals: dict[Key, _Total] = {}
        self.keys: dict[tuple[str, int], set[Key]] = {}  # (camera, minute) → its keys
        self.events: dict[str, list[Part]] = {}
        self.ending: dict[tuple[str, int], set[str]] = {}  # (camera, last minute) → events
        self.loaded: list[tuple[str, int, int]] = []  # minutes read from the lake by this update
        # camera → the last minute where the lake held events or counts this counter did not
        # write (read at the first update after a reset; None: not read yet)
        self.foreign: dict[str, int] | None = None

    # ------------------------------------------------------------------ totals
    def _add(self, parts: list[Part], low: int, high: int | None = None) -> None:
        for key, obj, dwell in parts:
            if key[3] < low or (high is not None and key[3] >= high):
                continue
            total = self.totals.get(key)
            if total is None:
                total = self.totals[key] = _Total()
                self.keys.setdefault((key[0], key[3]), set()).add(key)
            total.objects[obj] += 1
            total.dwell_ns += dwell
            total.rows += 1

    def _subtract(self, parts: list[Part], low: int) -> None:
        for key, obj, dwell in parts:
            if key[3] < low:
                continue
            total = self.totals[key]
            total.objects[obj] -= 1
            if total.objects[obj] <= 0:
                del total.objects[obj]
            total.dwell_ns -= dwell
            total.rows -= 1

    def _index(self, event_id: str, parts: list[Part]) -> None:
        if not parts:  # an emptied parking spot counts nothing: nothing to take back later
            self.events.pop(event_id, None)
            return
        self.events[event_id] = parts
        if parts:
            self.ending.setdefault((parts[-1][0][0], parts[-1][0][3]), set()).add(event_id)

    # ------------------------------------------------------------------ the lake
    def _read(self, datalayer: Any, camera: str, start: int, end: int, overlapping: int | None) -> pd.DataFrame:
        """Stored events of ``camera`` that start in ``[start, end)`` (ns), ending at or after ``overlapping``."""
        where = "camera_id = '" + camera.replace("'", "''") + "'"
        if overlapping is not None:
            moment = pd.Timestamp(overlapping, unit="ns", tz="UTC").isoformat()
            where += f" AND (coalesce(end_time, last_seen, time) >= '{moment}' OR time >= '{moment}')"
        return datalayer.read(
            CAMERA_EVENTS.name,
            start=pd.Timestamp(start, unit="ns", tz="UTC"),
            end=pd.Timestamp(end, unit="ns", tz="UTC"),
            where=where,
        )

    def _load(self, datalayer: Any, camera: str, low: int, high: int) -> None:
        """Fill the camera's minutes ``[low, high]`` from the lake (the first touch)."""
        stored = self._read(datalayer, camera, low - (MAX_MINUTES + 1) * MINUTE_NS, high + MINUTE_NS, low)
        for event_id, parts in contributions(stored).items():
            self._index(event_id, parts)
            self._add(parts, low)
        self.window[camera] = [low, high]
        self.loaded.append((camera, low, high))

    def _extend_down(self, datalayer: Any, camera: str, low: int) -> None:
        """Minutes ``[low, lo)`` from the lake: a late event, or a file of older ones."""
        old = self.window[camera][0]
        stored = self._read(datalayer, camera, low - (MAX_MINUTES + 1) * MINUTE_NS, old, low)
        for event_id, parts in contributions(stored).items():
            if event_id not in self.events:  # an indexed event is in the totals from ``old`` on
                self._index(event_id, parts)
            self._add(parts, low, old)
        self.window[camera][0] = low
        self.loaded.append((camera, low, old - MINUTE_NS))

    def _read_above(self, datalayer: Any, highs: dict[str, int]) -> dict[str, pd.DataFrame]:
        """What :meth:`_extend_up` reads for each camera of ``highs`` (camera → new high), in one query.

        A day's batch of a sizing profile reaches above every camera's window: one read per
        camera was most of the cost of a write there.
        """
        ranges = {camera: (self.window[camera][1] + MINUTE_NS, high + MINUTE_NS) for camera, high in highs.items()}
        if len(ranges) < 2:
            return {camera: self._read(datalayer, camera, *span, None) for camera, span in ranges.items()}
        stored = datalayer.read(
            CAMERA_EVENTS.name,
            start=pd.Timestamp(min(start for start, _ in ranges.values()), unit="ns", tz="UTC"),
            end=pd.Timestamp(max(end for _, end in ranges.values()), unit="ns", tz="UTC"),
            where='"camera_id" IN (SELECT UNNEST(?::VARCHAR[]))',
            where_params=[sorted(ranges)],
        )
        times = _ns(stored["time"]) if len(stored) else np.zeros(0, dtype="int64")
        cameras = stored["camera_id"].astype(str).to_numpy()
        # each camera's own range, as its own query would have cut it (time ordered, as read)
        return {
            camera: stored[(cameras == camera) & (times >= start) & (times < end)]
            for camera, (start, end) in ranges.items()
        }

    def _read_foreign(self, datalayer: Any) -> dict[str, int]:
        """Per camera, the last minute of its stored events and of its counts over zero, read
        at the first update after a reset (this write's events included: they are loaded).

        From then on every write to the events passes here (the lake version moves by one
        each time, or the counter resets), so minutes above a camera's last foreign minute
        hold nothing stored but what this counter indexed: a window moved up into them has
        nothing to read, and no count there to find stale (:meth:`_update`). A live stream
        and a day's batch of a sizing profile move every window up on most writes.
        """
        last: dict[str, int] = {}
        for table, condition in ((CAMERA_EVENTS, ""), (COUNTS, ' WHERE "count" > 0')):
            if datalayer.version(table.name) is None:
                continue
            stored = datalayer.sql(
                f'SELECT camera_id, max("time") AS last FROM {table.name}{condition} GROUP BY camera_id'
            ).dropna(subset=["last"])
            for camera, moment in zip(stored["camera_id"].astype(str), _ns(stored["last"]).tolist(), strict=True):
                minute = moment - moment % MINUTE_NS
                last[camera] = max(last.get(camera, minute), minute)
        return last

    def _extend_up(self, datalayer: Any, camera: str, high: int, stored: pd.DataFrame | None = None) -> None:
        """Minutes ``(hi, high]``: events starting there that this process did not write.

        Every event overlapping these minutes that started at or before ``hi`` overlaps
        ``hi`` too (a track is one span), so it is already indexed. ``stored``: those events
        already read (:meth:`_read_above`).
        """
        low, old = self.window[camera]
        if stored is None:
            stored = self._read(datalayer, camera, old + MINUTE_NS, high + MINUTE_NS, None)
        for event_id, parts in contributions(stored).items():
            if event_id not in self.events:
                self._index(event_id, parts)
                self._add(parts, low)
        self.window[camera][1] = high
        self.loaded.append((camera, old + MINUTE_NS, high))

    def _evict(self, camera: str) -> None:
        low, high = self.window[camera]
        keep = high - WINDOW_MINUTES * MINUTE_NS
        if low >= keep:
            return
        for minute in range(low, keep, MINUTE_NS):
            for key in self.keys.pop((camera, minute), ()):
                self.totals.pop(key, None)
            for event_id in self.ending.pop((camera, minute), ()):
                parts = self.events.get(event_id)
                if parts and parts[-1][0][3] < keep and parts[-1][0][0] == camera:
                    del self.events[event_id]
        self.window[camera][0] = keep

    # ------------------------------------------------------------------ one write
    def update(self, datalayer: Any, written: pd.DataFrame) -> pd.DataFrame:
        """The counts of every minute the written events (and their previous versions) touch."""
        with self.lock:
            version = datalayer.version(CAMERA_EVENTS.name)
            if self.version is None or version is None or version != self.version + 1:
                self.reset()  # another writer, a compaction or a fresh start: the lake decides
            try:
                frame = self._update(datalayer, written)
            except BaseException:
                self.reset()
                raise
            self.version = version
            return frame

    def _stale(self, datalayer: Any) -> set[Key]:
        """Stored count keys of the minutes just read from the lake that no object is in any more.

        A previous version this process never saw (before a restart, evicted from memory,
        written by another process) may have counted an object in a zone or minute it has
        left; those keys are written again as 0.
        """
        if not self.loaded or datalayer.version(COUNTS.name) is None:
            return set()
        ranges = []
        for camera, low, high in self.loaded:
            first = pd.Timestamp(low, unit="ns", tz="UTC").isoformat()
            after = pd.Timestamp(high + MINUTE_NS, unit="ns", tz="UTC").isoformat()
            quoted = camera.replace("'", "''")
            ranges.append(f"(camera_id = '{quoted}' AND time >= '{first}' AND time < '{after}')")
        stored = datalayer.read(
            COUNTS.name,
            start=pd.Timestamp(min(r[1] for r in self.loaded), unit="ns", tz="UTC"),
            end=pd.Timestamp(max(r[2] for r in self.loaded) + MINUTE_NS, unit="ns", tz="UTC"),
            columns=["camera_id", "zone", "label", "time"],
            where=f"count > 0 AND ({' OR '.join(ranges)})",
        )
        if stored.empty:
            return set()
        minutes = _ns(stored["time"]).tolist()
        keys = zip(stored["camera_id"].astype(str), stored["zone"].astype(str), stored["label"].astype(str), minutes)
        return {key for key in keys if key not in self.totals or self.totals[key].rows == 0}

    def _update(self, datalayer: Any, written: pd.DataFrame) -> pd.DataFrame:
        self.loaded = []
        if self.foreign is None:
            self.foreign = self._read_foreign(datalayer)
        new = contributions(written)
        needed: dict[str, set[int]] = {}  # camera → minutes whose counts this write may change
        for event_id in new:
            old = self.events.pop(event_id, None)
            if old:  # an indexed event's camera is loaded
                self._subtract(old, self.window[old[0][0][0]][0])
                for key, _, _ in old:
                    needed.setdefault(key[0], set()).add(key[3])
        emptied = written[written["event_type"].fillna("") == "empty"]
        if not emptied.empty:  # their previous version may be unknown here: recount where they were
            for parts in contributions(emptied.assign(event_type=None)).values():
                for key, _, _ in parts:
                    needed.setdefault(key[0], set()).add(key[3])
        by_camera: dict[str, list[str]] = {}
        for event_id, parts in new.items():
            if parts:
                by_camera.setdefault(parts[0][0][0], []).append(event_id)
                needed.setdefault(parts[0][0][0], set()).update(k[3] for k, _, _ in parts)
        # the windows' tops do not move before ``_extend_up`` (loads and downward extensions
        # touch other cameras or the bottom only): what it reads can be read for all at once;
        # a window whose top is past all the camera holds of others' has nothing to read
        above = self._read_above(
            datalayer,
            {
                camera: max(minutes)
                for camera, minutes in needed.items()
                if camera in self.window
                and max(minutes) > self.window[camera][1]
                and self.foreign.get(camera, _NEVER) > self.window[camera][1]
            },
        )
        for camera, minutes in needed.items():
            low, high = min(minutes), max(minutes)
            ids = by_camera.get(camera, [])
            window = self.window.get(camera)
            if window is None:
                self._load(datalayer, camera, low, high)  # the lake already holds this batch
                continue
            start = window[0]
            if low < start:
                self._extend_down(datalayer, camera, low)
            for event_id in ids:
                self._index(event_id, new[event_id])
                self._add(new[event_id], start)
            if high > window[1]:
                if camera in above:
                    self._extend_up(datalayer, camera, high, above[camera])
                else:  # only events indexed here start above the window's top
                    window[1] = high
        touched = {(camera, m) for camera, minutes in needed.items() for m in minutes}
        for camera, low, high in self.loaded:  # recounted from the lake: write them all
            touched.update((camera, m) for m in range(low, high + MINUTE_NS, MINUTE_NS))
        keys = [key for place in touched for key in self.keys.get(place, ())]
        keys = list(dict.fromkeys([*keys, *self._stale(datalayer)]))
        frame = counts_frame(self.totals, keys)
        for key in keys:  # emptied keys are written once with 0, then forgotten
            total = self.totals.get(key)
            if total is not None and total.rows == 0:
                del self.totals[key]
                self.keys[(key[0], key[3])].discard(key)
        for camera in needed:
            self._evict(camera)
        return frame


_COUNTERS: weakref.WeakKeyDictionary[Any, MinuteCounter] = weakref.WeakKeyDictionary()
_GUARD = threading.Lock()


def counter_for(datalayer: Any) -> MinuteCounter:
    """The counter of one data layer (one per lake connection, dropped with it)."""
    with _GUARD:
        counter = _COUNTERS.get(datalayer)
        if counter is None:
            counter = _COUNTERS[datalayer] = MinuteCounter()
        return counter
