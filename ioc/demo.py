"""Demo data: run every plugin's generator through the normal ingestion path.

Profiles size the data for a purpose. ``province-year`` is the load of a province's IOC
over one year (the figures of issue 17: about 42 M sensor readings, 5 M camera events,
10 M social items, 50 k citizen reports, 500 k dossiers with 5 M events, 2 M security
events); ``--scale F`` takes the fraction F of it. Each plugin's generator is *calibrated*
(four and five days at scale 1, counted, not stored) and then run for the year at the scale that
reaches its target, so a new plugin joins the profile without any change here. Batches
stream from the generator into the lake one at a time (memory stays bounded by a batch
and the month it touches); the progress bar counts the rows stored (derived ones
included) against an estimate that firms up as each plugin runs (:class:`ProfileProgress`),
so it shows the time left. The data is deterministic for a seed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd
from tqdm.auto import tqdm

from ioc.datalayer import DataLayer, WriteResult, new_batch_id
from ioc.demo_checkpoints import Checkpoints, PluginProgress, run_key
from ioc.ingest import finish_derivations, process_batch
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
            _add_results(totals, process_batch(datalayer, table, frame, source=f"demo:{plugin.name}", plugins=reg))
    return totals


@dataclass(frozen=True)
class Profile:
    """A demo size: how many days, and rows per year each plugin aims at."""

    name: str
    days: int
    rows_per_year: dict[str, int] = field(default_factory=dict)
    default_rows_per_year: int = 1_000_000


PROFILES = {
    "province-year": Profile(
        "province-year",
        days=365,
        # issue 17's yearly figures for a province, keyed by plugin name, or by
        # ``plugin.table`` where the figure counts one table (camera events, not the cameras'
        # minute counters; social items, not their labels); a plugin not listed aims at the default
        rows_per_year={
            "environment": 42_000_000,
            "public_order.camera_events": 5_000_000,
            "social.items": 10_000_000,
            "feedback.submissions": 50_000,
            "public_admin": 5_500_000,
            "infosec.events": 2_000_000,
            # 0: the plugin's own demo size over the days (scale 1) — statistics and agency
            # submissions are as many as the province's indicators and agencies, not a volume
            "economy": 0,
            "submissions": 0,
        },
    )
}


def profile_target(profile: Profile, plugin_name: str) -> tuple[int, tuple[str, ...]]:
    """Rows a year the profile aims at for a plugin, and the tables they are counted in (all: ``()``)."""
    tables = tuple(key for key in profile.rows_per_year if key.partition(".")[0] == plugin_name and "." in key)
    if tables:
        return sum(profile.rows_per_year[t] for t in tables), tables
    return profile.rows_per_year.get(plugin_name, profile.default_rows_per_year), ()


def calibrate(
    plugin,
    *,
    scale: float = 1.0,
    seed: int = 7,
    now: pd.Timestamp | None = None,
    settings=None,
    tables: Sequence[str] = (),
    days: int = 1,
) -> float:
    """Rows ``days`` of the plugin's profile demo give at ``scale`` (generated and counted, not stored).

    Only the rows of ``tables`` are counted when given.
    """
    context = DemoContext(
        start=demo_start(days, now), days=days, scale=scale, seed=seed, settings=settings, full_span=True
    )
    return float(sum(len(frame) for table, frame in plugin.demo(context) if not tables or table in tables))


#: Days of the shorter calibration run (the longer one has a day more). Project choice: past
#: the parts of a demo that cover only its last days (public order's minute counters: 3),
#: which calibrated on one and two days were taken for daily rows — 5.4 M rows planned for a
#: tenth of the year's public order, 0.56 M generated.
CALIBRATION_DAYS = 4


def rows_for(plugin, days: int, **options) -> float:
    """Rows of a ``days``-long profile demo: ``fixed + per_day × days``, from two short runs.

    A generator may give rows that do not grow with the days (a catalogue, an indicator
    history, a registry, a demo's last few days); counting them per day would take them for
    daily rows. The runs are :data:`CALIBRATION_DAYS` and one day more.
    """
    first = CALIBRATION_DAYS
    shorter = calibrate(plugin, days=first, **options)
    per_day = max(calibrate(plugin, days=first + 1, **options) - shorter, 0.0)
    return max(shorter - per_day * first, 0.0) + per_day * days


def profile_plan(
    profile: Profile, fraction: float, reg: Registry, *, seed: int = 7, now: pd.Timestamp | None = None, settings=None
) -> dict[str, tuple[float, int]]:
    """Per plugin with a demo: ``(scale, estimated rows)`` reaching ``fraction`` of the profile.

    The scale is chosen on the counted tables (rows taken as linear in ``scale``); the
    estimate (for the progress bar) is the larger of the target and all the plugin's rows of
    the profile's days at that scale.
    """
    plan = {}
    for plugin in reg:
        if plugin.demo is None:
            continue
        yearly, tables = profile_target(profile, plugin.name)
        options = {"seed": seed, "now": now, "settings": settings}
        target = fraction * yearly * profile.days / 365
        # yearly 0: the plugin's own size, whatever the fraction
        scale = 1.0 if yearly == 0 else target / max(rows_for(plugin, profile.days, tables=tables, **options), 1.0)
        # a generator with a floor (a real station network) gives more than asked: count the
        # rows at the chosen scale so the progress bar's total and time left are honest
        at_scale = rows_for(plugin, profile.days, scale=scale, **options)
        plan[plugin.name] = (scale, int(max(at_scale, target)))
    return plan


class ProfileProgress:
    """Rows *stored* by a profile run (derived rows included) against an estimate that firms up.

    The plan knows the rows each generator gives (calibrated), not what the plugins derive
    from them (labels, story memberships and spread of social items; hourly AQI of readings),
    which at scale 0.1 were a third of what was stored. The estimate of a plugin is
    therefore its planned rows × the stored/generated ratio seen so far *for that plugin*
    (1 before it starts), and exactly what it stored once it is done; the bar's total is
    their sum, in the same unit as its count.

    The time left (:meth:`seconds_left`) is not the bar's recent rate: a row costs a hundred
    times more in one plugin than in another (a citizen report goes through the desk, an
    air reading is appended), so that rate swings from hours to seconds between plugins.
    The running plugin's rest is timed at *its own* rate, the plugins still to come at the
    run's average so far — rough before the slow plugins have run, exact at the end.

    Parameters
    ----------
    plan
        :func:`profile_plan`'s ``{plugin: (scale, generated rows)}``.
    clock
        Seconds (``time.monotonic``; a test gives its own).
    """

    def __init__(self, plan: dict[str, tuple[float, int]], clock: Callable[[], float] = time.monotonic) -> None:
        self.planned = {name: rows for name, (_scale, rows) in plan.items()}
        self.generated = dict.fromkeys(self.planned, 0)
        self.stored = dict.fromkeys(self.planned, 0)
        self.earlier = dict.fromkeys(self.planned, 0)  # stored before a resume
        self.done: set[str] = set()
        self.clock = clock
        self.began = clock()
        self.started: dict[str, float] = {}

    def start(self, plugin: str) -> None:
        """``plugin``'s generator starts now (again, once a resumed run has generated the
        batches stored before: from here on its rate is this run's own)."""
        self.started[plugin] = self.clock()
        if self.count == sum(self.earlier.values()):  # nothing stored by this run yet
            self.began = self.started[plugin]

    def resume(self, plugin: str, generated: int, stored: int) -> None:
        """``plugin`` had generated and stored this much before the run was resumed: counted, but
        not in the rates (the time it took is not this run's)."""
        self.generated[plugin] += generated
        self.stored[plugin] += stored
        self.earlier[plugin] += stored

    def batch(self, plugin: str, generated: int, stored: int) -> None:
        """One generated batch of ``plugin`` and the rows it (and its derived batches) stored."""
        self.generated[plugin] += generated
        self.stored[plugin] += stored

    def finish(self, plugin: str) -> None:
        """``plugin``'s generator is exhausted: its estimate is what it stored."""
        self.done.add(plugin)

    def seconds_left(self) -> float | None:
        """Estimated seconds to the end of the run (``None`` before any row is stored)."""
        now = self.clock()
        new = self.count - sum(self.earlier.values())
        if not new or now <= self.began:
            return None
        average = new / (now - self.began)  # rows a second over the run so far
        left = 0.0
        for plugin in self.planned:
            if plugin in self.done:
                continue
            rest = self.estimate(plugin) - self.stored[plugin]
            since = now - self.started[plugin] if plugin in self.started else 0.0
            own_rows = self.stored[plugin] - self.earlier[plugin]
            own = own_rows / since if own_rows and since > 0 else None
            left += rest / (own or average)
        return left

    def estimate(self, plugin: str) -> int:
        """Rows ``plugin`` will have stored when done (what it stored so far, at least)."""
        if plugin in self.done:
            return self.stored[plugin]
        ratio = self.stored[plugin] / self.generated[plugin] if self.generated[plugin] else 1.0
        return max(round(self.planned[plugin] * ratio), self.stored[plugin])

    @property
    def total(self) -> int:
        """Estimated rows stored by the whole run."""
        return sum(self.estimate(plugin) for plugin in self.planned)

    @property
    def count(self) -> int:
        """Rows stored so far."""
        return sum(self.stored.values())


def run_profile(
    datalayer: DataLayer,
    profile: str | Profile = "province-year",
    *,
    fraction: float = 1.0,
    seed: int = 7,
    plugins: Sequence[str] | None = None,
    reg: Registry | None = None,
    progress: bool = True,
    now: pd.Timestamp | None = None,
    resume: bool = False,
) -> dict[str, dict[str, int]]:
    """Generate ``fraction`` of a profile for every plugin (or the chosen ones), streaming.

    Each plugin's progress is recorded in the state store after each batch; with ``resume``
    a run stopped part-way goes on from there with the year it started with
    (:mod:`ioc.demo_checkpoints`). The counts returned cover the whole run, the part
    stored before a resume included.
    """
    reg = reg or registry()
    profile = PROFILES[profile] if isinstance(profile, str) else profile
    chosen = Registry([reg.get(name) for name in plugins]) if plugins else reg
    checkpoints = Checkpoints(datalayer.store, run_key(profile.name, fraction, seed))
    now, resuming = checkpoints.begin(now, resume=resume)
    plan = profile_plan(profile, fraction, chosen, seed=seed, now=now, settings=datalayer.settings)
    context_start = demo_start(profile.days, now)
    totals: dict[str, dict[str, int]] = {}
    progress_rows = ProfileProgress(plan)
    bar = tqdm(
        total=progress_rows.total,
        desc=f"Dữ liệu mẫu {profile.name} ×{fraction:g}",
        unit="dòng",
        unit_scale=True,
        disable=not progress,
        # the time left is ProfileProgress's (in the postfix), not tqdm's recent rate
        bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}, {rate_fmt}{postfix}]",
    )
    with bar:
        for plugin in chosen:
            if plugin.name not in plan:
                continue
            scale, _rows = plan[plugin.name]
            context = DemoContext(
                start=context_start,
                days=profile.days,
                scale=scale,
                seed=seed,
                settings=datalayer.settings,
                full_span=True,
            )
            done = checkpoints.progress(plugin.name) if resuming else PluginProgress()
            progress_rows.resume(plugin.name, done.generated, done.stored)
            if not done.finished:
                progress_rows.start(plugin.name)
                if done.batches:
                    _show(bar, progress_rows, plugin.name, f"bỏ qua {done.batches} lô đã lưu")
                _run_plugin(datalayer, plugin, context, reg, done, checkpoints, progress_rows, bar)
            _add(totals, done.totals)
            progress_rows.finish(plugin.name)
            _show(bar, progress_rows, plugin.name)
    return totals


def _run_plugin(
    datalayer: DataLayer,
    plugin,
    context: DemoContext,
    reg: Registry,
    done: PluginProgress,
    checkpoints: Checkpoints,
    progress_rows: ProfileProgress,
    bar: tqdm,
) -> None:
    """Store ``plugin``'s batches after the ``done.batches`` already stored, recording each in
    ``done`` and in ``checkpoints``; the generator runs from its start (see
    :mod:`ioc.demo_checkpoints` for why)."""
    stored_before = done.batches
    for number, (table, frame) in enumerate(plugin.demo(context)):  # one batch in memory at a time
        if number < stored_before:
            continue
        if number == stored_before and number:  # the stored batches are behind: time from here
            progress_rows.start(plugin.name)
        if done.in_flight and len(committed := datalayer.written_rows(table, done.in_flight)):
            # stored by the stopped run, not counted yet: its derivations finished, not sent
            # again (see ioc.demo_checkpoints)
            results = [WriteResult(table=table, batch_id=done.in_flight, rows_in=len(frame), accepted=len(committed))]
            results += finish_derivations(datalayer, plugins=reg)
        else:
            done.in_flight = new_batch_id(pd.Timestamp.now(tz="UTC"))
            checkpoints.record(plugin.name, done)
            results = process_batch(
                datalayer, table, frame, source=f"demo:{plugin.name}", plugins=reg, batch_id=done.in_flight
            )
        stored = _add_results(done.totals, results)
        done.batches, done.generated, done.stored = number + 1, done.generated + len(frame), done.stored + stored
        done.in_flight = None
        checkpoints.record(plugin.name, done)
        progress_rows.batch(plugin.name, len(frame), stored)
        _show(bar, progress_rows, plugin.name)
    done.finished = True
    checkpoints.record(plugin.name, done)


#: The counts kept per table (those of :class:`~ioc.datalayer.WriteResult`).
COUNTED = ("accepted", "rejected", "duplicate", "superseded")


def _add_results(totals: dict[str, dict[str, int]], results: list[WriteResult]) -> int:
    """Add each result's counts to its table's in ``totals``; the rows the results stored."""
    for result in results:
        into = totals.setdefault(result.table, dict.fromkeys(COUNTED, 0))
        for key in COUNTED:
            into[key] += getattr(result, key)
    return sum(result.accepted for result in results)


def _add(totals: dict[str, dict[str, int]], counts: dict[str, dict[str, int]]) -> None:
    """Add per-table ``counts`` into ``totals``."""
    for table, values in counts.items():
        into = totals.setdefault(table, dict.fromkeys(COUNTED, 0))
        for key in COUNTED:
            into[key] += values.get(key, 0)


def _show(bar: tqdm, rows: ProfileProgress, plugin: str, doing: str | None = None) -> None:
    """Move the bar to the rows stored, against the current estimate of the total, with the time
    left (or what is being ``doing`` instead)."""
    left = rows.seconds_left()
    bar.total = rows.total
    status = doing or f"còn lại ~{'?' if left is None else tqdm.format_interval(left)}"
    bar.set_postfix_str(f"{plugin}, {status}", refresh=doing is not None)
    bar.update(rows.count - bar.n)
