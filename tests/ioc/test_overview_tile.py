"""The overview tile contract: plain data, checked when it is built."""

import pandas as pd
import pytest

from ioc.overview import Figure, Tile
from ioc.plugins import Plugin, Registry
from ioc.tables import Column, Table


def test_tile_rejects_an_unknown_status():
    with pytest.raises(ValueError, match="status 'red'"):
        Tile(domain="x", title="X", status="red")


def test_tile_keeps_at_most_four_figures():
    figures = tuple(Figure(label=str(i), value=i) for i in range(5))
    with pytest.raises(ValueError, match="at most 4"):
        Tile(domain="x", title="X", figures=figures)


def test_registry_lists_overview_functions_of_plugins_that_have_one():
    table = Table(name="a.rows", columns=(Column("id", "string"),), key=("id",))
    with_tile = Plugin(name="a", title="A", tables=(table,), overview="somewhere:tile")
    without = Plugin(
        name="b", title="B", tables=(Table(name="b.rows", columns=(Column("id", "string"),), key=("id",)),)
    )
    assert Registry([with_tile, without]).overviews() == {"a": "somewhere:tile"}


# --------------------------------------------------------------------------- collect_tiles
def good_tile(datalayer, now):
    return Tile(domain="good", title="Tốt", status="ok", as_of=now)


def broken_tile(datalayer, now):
    raise RuntimeError("hỏng")


def not_a_tile(datalayer, now):
    return {"status": "ok"}


def _plugin(name: str, overview: str | None) -> Plugin:
    return Plugin(
        name=name,
        title=name.upper(),
        tables=(Table(name=f"{name}.rows", columns=(Column("id", "string"),), key=("id",)),),
        overview=overview,
    )


def test_collect_tiles_gives_an_error_tile_for_a_broken_function_and_keeps_the_others():
    from ioc.overview import collect_tiles

    reg = Registry(
        [
            _plugin("a", f"{__name__}:good_tile"),
            _plugin("b", f"{__name__}:broken_tile"),
            _plugin("c", f"{__name__}:not_a_tile"),
            _plugin("d", None),
        ]
    )
    tiles = collect_tiles(None, "2026-11-30T17:00:00", reg)
    assert [t.domain for t in tiles] == ["good", "b", "c"]
    assert tiles[0].as_of == pd.Timestamp("2026-11-30T17:00:00Z") and not tiles[0].error
    assert "RuntimeError: hỏng" in tiles[1].error and tiles[1].status == "unknown" and tiles[1].title == "B"
    assert "not an ioc.overview.Tile" in tiles[2].error


def test_every_built_in_plugin_contributes_a_tile():
    from ioc.plugins import registry

    overviews = registry().overviews()
    assert {"environment", "feedback"} <= set(overviews)
