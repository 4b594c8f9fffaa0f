"""Plugin contract and discovery through the ``ioc`` entry-point group.

A domain plugin is one :class:`Plugin` object exposed under the entry-point group
``ioc`` (``[project.entry-points.ioc] name = "package.module:plugin"``). Built-in domains
register exactly like an external package. What a plugin

*must* provide: ``name``, ``title`` (Vietnamese) and at least one table;
*may* provide:

- ``titles`` (the title in other languages by language code, ``{"en": "Environment"}``;
  reports and pages in that language use it, else ``title``);

- ``adapters`` (:class:`Adapter`: one reader per real source format; the host calls
  ``read(path, settings=...)``; a live format also gives ``parse(payloads, settings=...,
  received=...)``, which a listener such as ``ioc listen mqtt`` calls with a micro-batch of
  message bodies as bytes); a reader of files that grow without bound (security and sensor
  logs) also gives ``batches(path, settings=...)``, the same rows in frames of about
  :data:`BATCH_ROWS`, which ``ioc ingest`` stores one commit each;
- ``rules`` (objects satisfying :class:`ioc.rules.BatchRule` or
  :class:`ioc.rules.ScheduledRule`);
- ``demo`` (a generator of ``(table, frame)`` demo batches, given a :class:`DemoContext`);
- ``derive`` (called after each write with ``(datalayer, table, written_rows)``; yields
  derived ``(table, frame)`` batches such as hourly AQI from raw readings; after a process
  was killed half-way, or after it raised, it is called again with the same rows once what
  it had written for them is undone, see :mod:`ioc.derivations`);
- ``prepare`` (called before a batch is written to one of the plugin's tables, with
  ``(datalayer, table, frame)``; yields ``(table, frame)`` batches to write first, such as the
  stations that new readings name with their coordinates);
- ``dashboards`` (name → ``"module:Class"``: plugins never import Panel) and
  ``public_dashboards`` (the names served without login);
- ``routes`` (``"module:install"`` callables given the FastAPI application of the HTTP API)
  and ``commands`` (sub-command name → ``"module:Typer"``, mounted as ``ioc <name> …``; a name
  ``"collect <x>"`` or ``"listen <x>"`` joins the host's shared ``collect``/``listen`` group);
- ``config`` (a pydantic model of the plugin's ``plugins.<name>`` section of ``ioc.yaml``);
- ``overview`` (``"module:function"``, called with ``(datalayer, now)``; returns the domain's
  :class:`ioc.overview.Tile` for the leaders' overview, the video wall and the reports) and
  ``figures`` (the ``key`` of each headline :class:`ioc.overview.Figure` the tile may give:
  ``reports.targets`` in ``ioc.yaml`` names them as ``"<plugin>.<key>"`` and is checked
  against them; a tile gives each figure's label in other languages as ``Figure.labels``).

Everything a plugin names as a string is imported only when it is used, so the core never
imports a domain module. Discovery never crashes the workbench: a plugin that fails to
load warns and is skipped; an unknown name lists what is installed and suggests the nearest.
"""

from __future__ import annotations

import fnmatch
import importlib
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict

from ioc.config import ConfigError, Settings, suggest, validate_section
from ioc.rules import Rule, check_rule
from ioc.tables import Table

ENTRY_POINT_GROUP = "ioc"


class PluginWarning(UserWarning):
    """A plugin could not be loaded and was skipped."""


class UnknownNameError(LookupError):
    """A plugin, source or dashboard name that nothing registers."""


class AdapterError(ValueError):
    """A whole source could not be read (empty file, wrong encoding, wrong format …)."""


@dataclass(frozen=True)
class Adapter:
    """Reads one real format and maps it onto one table.

    ``read(path, **options)`` returns a frame with the table's columns (values may still
    be raw strings: validation types them) and may set ``_error`` on rows it could not
    parse. It raises :class:`AdapterError` when the whole file is unusable.

    ``parse(payloads, **options)`` (optional, for live sources) does the same for a list of
    message bodies (``bytes``) received from a transport (MQTT …): one row per message at
    least, a message it cannot use becoming a row with ``_error``, never an exception.
    Listeners pass ``settings`` and ``received`` (the UTC time the batch arrived).

    ``batches(path, **options)`` (optional, for files of any size) yields the rows ``read``
    returns, in order, as frames of about :data:`BATCH_ROWS` rows (at least one frame, which
    may be empty); it raises :class:`AdapterError` where ``read`` would, possibly after some
    frames. ``ioc ingest`` then stores a file one frame per commit, so its memory no longer
    grows with the file; a crash leaves whole commits, and the re-run stores the rest once
    (rows identical to stored ones are duplicates).
    """

    name: str
    table: str
    read: Callable[..., pd.DataFrame]
    description: str = ""
    patterns: tuple[str, ...] = ()
    parse: Callable[..., pd.DataFrame] | None = None
    batches: Callable[..., Iterator[pd.DataFrame]] | None = None


#: About how many rows :attr:`Adapter.batches` hands over at once. Project choice: a Suricata
#: EVE log of 1.3 M records (444 MB) ingested as one frame peaked at 5.74 GB; in frames of
#: 131 072 records (four of its reading batches) at 2.80 GB, most of it the derived tables'
#: read-back, and each commit still writes files of useful size.
BATCH_ROWS = 131_072


@dataclass(frozen=True)
class DemoContext:
    """What a demo generator gets: time span, scale, seed and the deployment's settings.

    ``settings`` is ``None`` when a generator runs outside a deployment (tests of the
    generator alone); a generator that writes files (photos) then skips them.
    ``full_span`` is set by sizing profiles (``ioc demo --profile``): a generator that
    shortens the everyday demo (e.g. minute-level feeds for its last few days only) must
    then cover every day, with its rows growing linearly with ``scale``, and must not
    publish to live brokers (the profile writes straight to the lake).
    """

    start: pd.Timestamp
    days: int
    scale: float = 1.0
    seed: int = 7
    settings: Settings | None = None
    full_span: bool = False


class NoOptions(BaseModel):
    """The settings of a plugin that has none."""

    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class Plugin:
    """One IOC domain (see the module docstring for the contract)."""

    name: str
    title: str
    tables: tuple[Table, ...]
    adapters: tuple[Adapter, ...] = ()
    rules: tuple[Rule, ...] = ()
    demo: Callable[[DemoContext], Iterator[tuple[str, pd.DataFrame]]] | None = None
    dashboards: dict[str, str] = field(default_factory=dict)
    derive: Callable[[Any, str, pd.DataFrame], Iterable[tuple[str, pd.DataFrame]]] | None = None
    description: str = ""
    public_dashboards: tuple[str, ...] = ()
    routes: tuple[str, ...] = ()
    commands: dict[str, str] = field(default_factory=dict)
    config: type[BaseModel] | None = None
    overview: str | None = None
    prepare: Callable[[Any, str, pd.DataFrame], Iterable[tuple[str, pd.DataFrame]]] | None = None
    titles: dict[str, str] = field(default_factory=dict)
    figures: tuple[str, ...] = ()

    def title_in(self, language: str) -> str:
        """The title in ``language`` (:attr:`titles`), the Vietnamese :attr:`title` by default."""
        return self.titles.get(language) or self.title

    def options(self, settings: Settings) -> BaseModel:
        """This plugin's ``plugins.<name>`` section of ``ioc.yaml``, validated by :attr:`config`.

        A misspelt key is an error that suggests the nearest valid key; a plugin without a
        config model accepts no section at all.
        """
        values = settings.plugin_config(self.name)
        if self.config is None:
            if values:
                raise ConfigError(f"plugins.{self.name}: plugin {self.name!r} has no settings (got {sorted(values)})")
            return NoOptions()
        return validate_section(self.config, values, f"plugins.{self.name}")

    def adapter(self, name: str) -> Adapter:
        for adapter in self.adapters:
            if adapter.name == name:
                return adapter
        raise UnknownNameError(
            f"plugin {self.name!r} has no source {name!r}{suggest(name, [a.name for a in self.adapters])}"
        )


class Registry:
    """The loaded plugins, by name."""

    def __init__(self, plugins: Iterable[Plugin] = ()) -> None:
        self._plugins: dict[str, Plugin] = {}
        self.failures: dict[str, str] = {}
        for plugin in plugins:
            self.add(plugin)

    def add(self, plugin: Plugin) -> None:
        if not isinstance(plugin, Plugin):
            raise TypeError(f"{plugin!r} is not an ioc.plugins.Plugin")
        if not plugin.tables:
            raise ValueError(f"plugin {plugin.name!r} declares no table")
        for rule in plugin.rules:
            check_rule(rule)
        self._plugins[plugin.name] = plugin

    def __iter__(self) -> Iterator[Plugin]:
        return iter(self._plugins.values())

    def __len__(self) -> int:
        return len(self._plugins)

    def names(self) -> list[str]:
        return sorted(self._plugins)

    def get(self, name: str) -> Plugin:
        try:
            return self._plugins[name]
        except KeyError:
            raise UnknownNameError(f"unknown plugin {name!r}{suggest(name, self.names())}") from None

    def tables(self) -> list[Table]:
        return [table for plugin in self for table in plugin.tables]

    def adapters(self) -> dict[str, Adapter]:
        """Every source adapter as ``"<plugin>.<source>"`` (and the bare name when unique)."""
        found: dict[str, Adapter] = {}
        counts: dict[str, int] = {}
        for plugin in self:
            for adapter in plugin.adapters:
                found[f"{plugin.name}.{adapter.name}"] = adapter
                counts[adapter.name] = counts.get(adapter.name, 0) + 1
        for plugin in self:
            for adapter in plugin.adapters:
                if counts[adapter.name] == 1:
                    found.setdefault(adapter.name, adapter)
        return found

    def adapter(self, source: str) -> Adapter:
        adapters = self.adapters()
        try:
            return adapters[source]
        except KeyError:
            raise UnknownNameError(f"unknown source {source!r}{suggest(source, sorted(adapters))}") from None

    def rules(self) -> list[Rule]:
        return [rule for plugin in self for rule in plugin.rules]

    def dashboards(self) -> dict[str, str]:
        return {name: target for plugin in self for name, target in plugin.dashboards.items()}

    def overviews(self) -> dict[str, str]:
        """Every plugin's overview-tile function, by plugin name."""
        return {plugin.name: plugin.overview for plugin in self if plugin.overview}

    def public_dashboards(self) -> tuple[str, ...]:
        """Dashboards served without a login (e.g. the citizens' report form)."""
        return tuple(name for plugin in self for name in plugin.public_dashboards)

    def check_settings(self, settings: Settings) -> None:
        """Validate every ``plugins.<name>`` section; an unknown plugin name suggests the nearest.

        Raises
        ------
        ConfigError
            Naming the section and key, with the nearest valid name.
        """
        for name in settings.plugins:
            if name not in self._plugins and name not in self.failures:
                raise ConfigError(f"plugins.{name}: no such plugin{suggest(name, self.names())}")
        for plugin in self:
            plugin.options(settings)
        self.check_targets(settings.reports.targets)

    def check_targets(self, targets: dict[str, float]) -> None:
        """Check that every key of ``reports.targets`` names an installed plugin's headline figure.

        Raises
        ------
        ConfigError
            For a key that is not ``"<plugin>.<figure key>"`` of an installed plugin, with the
            nearest valid key (keys of a plugin that failed to load are left alone).
        """
        known = [f"{plugin.name}.{key}" for plugin in self for key in plugin.figures]
        for name in targets:
            plugin = name.partition(".")[0]
            if name not in known and plugin not in self.failures:
                raise ConfigError(f"reports.targets.{name}: no such figure{suggest(name, sorted(known))}")


def discover(group: str = ENTRY_POINT_GROUP) -> Registry:
    """Load every plugin registered under the entry-point ``group``; skip broken ones."""
    registry = Registry()
    for entry in sorted(entry_points(group=group), key=lambda e: e.name):
        try:
            plugin = entry.load()
            if callable(plugin) and not isinstance(plugin, Plugin):
                plugin = plugin()
            registry.add(plugin)
        except Exception as exc:  # noqa: BLE001 - a broken plugin must never take the workbench down
            registry.failures[entry.name] = f"{type(exc).__name__}: {exc}"
            warnings.warn(f"IOC plugin {entry.name!r} ({entry.value}) skipped: {exc}", PluginWarning, stacklevel=2)
    return registry


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The process-wide registry (tests clear it with ``registry.cache_clear()``)."""
    return discover()


def resolve(target: str) -> Any:
    """Import ``"package.module:attribute"``."""

    module, _, attribute = target.partition(":")
    value = importlib.import_module(module)
    for part in attribute.split(".") if attribute else []:
        value = getattr(value, part)
    return value


def detect_source(path: Path, reg: Registry | None = None) -> str | None:
    """Guess the source adapter for a file from the adapters' filename patterns."""

    for name, adapter in (reg or registry()).adapters().items():
        if "." in name and any(fnmatch.fnmatch(path.name.lower(), p) for p in adapter.patterns):
            return name
    return None
