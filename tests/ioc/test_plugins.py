"""Plugin discovery and the conformance of every registered plugin, table and dashboard."""

import importlib.metadata as md

import pytest

from ioc.plugins import Plugin, PluginWarning, Registry, UnknownNameError, discover, registry
from ioc.tables import Column, Table

TABLE = Table(name="fake.items", columns=(Column("id", required=True),), key=("id",))


class _EntryPoint:
    def __init__(self, name, value, loader):
        self.name, self.value, self._loader = name, value, loader

    def load(self):
        return self._loader()


def _boom():
    raise ImportError("module is broken")


def test_a_broken_plugin_warns_and_is_skipped(monkeypatch):
    points = [_EntryPoint("good", "x:good", lambda: Plugin(name="good", title="Tốt", tables=(TABLE,))),
              _EntryPoint("broken", "x:broken", _boom)]
    monkeypatch.setattr("ioc.plugins.entry_points", lambda group: points)
    with pytest.warns(PluginWarning, match="broken"):
        reg = discover()
    assert reg.names() == ["good"]
    assert "module is broken" in reg.failures["broken"]


def test_unknown_names_suggest_the_nearest():
    reg = Registry([Plugin(name="environment", title="Môi trường", tables=(TABLE,))])
    with pytest.raises(UnknownNameError, match="did you mean 'environment'"):
        reg.get("enviroment")
    with pytest.raises(ValueError, match="declares no table"):
        reg.add(Plugin(name="empty", title="Rỗng", tables=()))


def test_builtin_plugins_register_through_the_entry_point_group():
    declared = {e.name: e.value for e in md.entry_points(group="ioc")}
    assert declared["environment"] == "ioc_plugins.environment:plugin"
    assert "environment" in registry().names()


PLUGINS = list(registry())


@pytest.mark.parametrize("plugin", PLUGINS, ids=[p.name for p in PLUGINS])
def test_plugin_contract(plugin):
    assert plugin.title and plugin.tables
    for table in plugin.tables:
        assert table.name.startswith(plugin.name + "."), "tables are namespaced by their plugin"
        assert table.description, f"{table.name} needs a description"
    names = {t.name for t in plugin.tables}
    for adapter in plugin.adapters:
        assert adapter.table in names and callable(adapter.read) and adapter.description
    for rule in plugin.rules:
        assert rule.table in names and rule.id.startswith(plugin.name + ".")


TABLES = [t for p in PLUGINS for t in p.tables]


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_table_contract(table):
    frame = table.empty_frame()
    assert list(frame.columns) == table.column_names
    good, rejected = table.validate(frame)
    assert good.empty and rejected.empty


DASHBOARDS = sorted(registry().dashboards().items())


@pytest.mark.parametrize(("name", "target"), DASHBOARDS, ids=[d[0] for d in DASHBOARDS])
def test_dashboard_contract(name, target):
    import panel as pn

    from ioc.plugins import resolve

    cls = resolve(target)
    assert issubclass(cls, pn.viewable.Viewer)
    assert cls.__doc__
