"""What a domain plugin contributes to the leaders' overview: one :class:`Tile`.

A plugin names a ``"module:function"`` as ``Plugin.overview``; the function is called with the
:class:`ioc.datalayer.DataLayer` and the time the overview is drawn for, and returns a
:class:`Tile`. The overview page, the video wall and the reports draw every installed plugin's
tile the same way, so a new plugin appears there without editing any of them. A tile is plain
data (no Panel object): the dashboards decide how it looks.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ioc.plugins import Registry, registry, resolve
from ioc.timestamps import as_utc

logger = logging.getLogger(__name__)

#: Status colours, from calm to urgent (the overview sorts by it).
STATUSES = ("ok", "watch", "alert", "unknown")


@dataclass(frozen=True)
class Figure:
    """One headline figure: a Vietnamese label, its value and unit, and an optional change.

    ``change`` is the relative change against the previous period (0.12 = +12 %), ``None``
    where there is no previous period; ``better`` says which direction is good ("up"/"down").

    What the reports also use (all optional):

    ``key``
        A stable name of the figure within its plugin (one of ``Plugin.figures``): the reports
        match a figure with the previous period's by it, and ``reports.targets`` in
        ``ioc.yaml`` names it as ``"<plugin>.<key>"``.
    ``labels``, ``units``
        The label and the unit in other languages by language code (``{"en": "Open reports"}``);
        a report in that language prints them, else the Vietnamese ``label`` and ``unit``.
    ``target``, ``met``
        A target the plugin's own data holds for the figure (e.g. the economy's yearly plan),
        in the figure's unit, and the plugin's verdict on it where that is not simply the value
        against the target (e.g. the year's projection against a yearly plan); ``met=None``
        lets the report compare the value with the target in the ``better`` direction.
    """

    label: str
    value: float | int | str | None
    unit: str = ""
    change: float | None = None
    better: str = "up"
    key: str = ""
    labels: dict[str, str] = field(default_factory=dict, compare=False)
    units: dict[str, str] = field(default_factory=dict, compare=False)
    target: float | None = None
    met: bool | None = None

    def label_in(self, language: str) -> str:
        """The label in ``language`` (:attr:`labels`), the Vietnamese :attr:`label` by default."""
        return self.labels.get(language) or self.label

    def unit_in(self, language: str) -> str:
        """The unit in ``language`` (:attr:`units`), the Vietnamese :attr:`unit` by default."""
        return self.units.get(language, self.unit)


@dataclass(frozen=True)
class Tile:
    """A domain's summary on the overview.

    Parameters
    ----------
    domain
        The plugin's name (links the tile to the domain's page and alerts).
    title
        Vietnamese title shown on the tile.
    figures
        At most four headline figures, the most important first.
    status
        One of :data:`STATUSES`; ``"unknown"`` when the domain has no recent data.
    sparkline
        A short time series (index: time, values: one measure) drawn under the figures.
    sparkline_label
        What the sparkline measures, in Vietnamese.
    as_of
        Time of the newest data the tile was computed from (``None``: no data yet).
    page
        The dashboard a click on the tile opens.
    error
        Set (by :func:`collect_tiles`) when the plugin's tile function failed: the overview
        then shows an error tile for the domain instead of breaking the page.
    """

    domain: str
    title: str
    figures: tuple[Figure, ...] = ()
    status: str = "unknown"
    sparkline: pd.Series | None = field(default=None, compare=False)
    sparkline_label: str = ""
    as_of: pd.Timestamp | None = None
    page: str | None = None
    error: str = ""

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"tile {self.domain!r}: status {self.status!r} is not one of {STATUSES}")
        if len(self.figures) > 4:
            raise ValueError(f"tile {self.domain!r}: at most 4 headline figures (got {len(self.figures)})")


def error_tile(domain: str, title: str, error: str) -> Tile:
    """The tile shown for a domain whose tile function failed (status ``unknown``)."""
    return Tile(domain=domain, title=title, status="unknown", error=error, page=None)


def collect_tiles(datalayer: Any, now: Any, plugins: Registry | None = None) -> list[Tile]:
    """Every installed plugin's tile for ``now``, in the registry's (name) order.

    A tile function that raises, or returns something that is not a :class:`Tile`, gives
    an :func:`error_tile` naming the error: one broken domain never hides the others.

    Parameters
    ----------
    datalayer : ioc.datalayer.DataLayer
        Passed to each tile function.
    now : timestamp-like
        The time the tiles are drawn for (UTC; reports pass the end of their period).
    plugins : Registry, optional
        The plugins (the process's registry by default).
    """
    reg = plugins if plugins is not None else registry()
    stamp = as_utc(now)
    tiles: list[Tile] = []
    for plugin in reg:
        if not plugin.overview:
            continue
        try:
            tile = resolve(plugin.overview)(datalayer, stamp)
            if not isinstance(tile, Tile):
                raise TypeError(f"{plugin.overview} returned {type(tile).__name__}, not an ioc.overview.Tile")
        except Exception as exc:
            logger.warning("overview tile of %s failed: %s", plugin.name, exc, exc_info=True)
            tile = error_tile(plugin.name, plugin.title, f"{type(exc).__name__}: {exc}")
        tiles.append(tile)
    return tiles
