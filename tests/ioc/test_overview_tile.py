"""The overview tile contract: plain data, checked when it is built."""

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
