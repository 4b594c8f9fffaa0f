"""Plugin discovery and the conformance of every registered plugin, table and dashboard.

Every built-in plugin has the one plugin shape (README, "Writing a plugin"): ``tables.py``,
``adapters`` (a module or a package), ``rules.py``, ``derive.py`` and ``demo.py`` where it
has those hooks, ``queries.py`` for its dashboards, ``api.py`` / ``commands.py`` where it
contributes routes or sub-commands, and its dashboards in ``dashboards/<domain>.py``.
"""

import dataclasses
import importlib.metadata as md
from pathlib import Path

import pandas as pd
import pytest

from ioc.config import ConfigError, load_settings
from ioc.datalayer import DataLayer
from ioc.demo import run_demo
from ioc.plugins import DemoContext, Plugin, PluginWarning, Registry, UnknownNameError, discover, registry, resolve
from ioc.rules import BatchRule, ScheduledRule
from ioc.tables import Column, Table

REPO = Path(__file__).resolve().parents[2]

TABLE = Table(name="fake.items", columns=(Column("id", required=True),), key=("id",))


class _EntryPoint:
    def __init__(self, name, value, loader):
        self.name, self.value, self._loader = name, value, loader

    def load(self):
        return self._loader()


def _boom():
    raise ImportError("module is broken")


def test_a_broken_plugin_warns_and_is_skipped(monkeypatch):
    points = [
        _EntryPoint("good", "x:good", lambda: Plugin(name="good", title="Tốt", tables=(TABLE,))),
        _EntryPoint("broken", "x:broken", _boom),
    ]
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


def test_every_installed_plugin_loaded():
    """A plugin that fails to import is skipped at run time: here it is a failure, not a skip."""
    reg = registry()
    assert not reg.failures, reg.failures
    assert set(reg.names()) == {e.name for e in md.entry_points(group="ioc")}


def test_a_rule_that_is_no_rule_refuses_the_plugin():
    with pytest.raises(TypeError, match="is not a rule"):
        Registry([Plugin(name="fake", title="Giả", tables=(TABLE,), rules=(object(),))])


def test_plugin_sections_are_validated_with_suggestions(tmp_path):
    reg = Registry([Plugin(name="environment", title="Môi trường", tables=(TABLE,))])
    with pytest.raises(ConfigError, match="no such plugin; did you mean 'environment'"):
        reg.check_settings(load_settings(tmp_path / "none.yaml", plugins={"enviroment": {}}))
    with pytest.raises(ConfigError, match="has no settings"):
        reg.check_settings(load_settings(tmp_path / "none.yaml", plugins={"environment": {"x": 1}}))
    reg.check_settings(load_settings(tmp_path / "none.yaml"))  # no section, no model: fine


PLUGINS = list(registry())


@pytest.mark.parametrize("plugin", PLUGINS, ids=[p.name for p in PLUGINS])
def test_plugin_contract(plugin, tmp_path):
    assert plugin.title and plugin.tables
    for table in plugin.tables:
        assert table.name.startswith(plugin.name + "."), "tables are namespaced by their plugin"
        assert table.description, f"{table.name} needs a description"
    names = {t.name for t in plugin.tables}
    for adapter in plugin.adapters:
        assert adapter.table in names and callable(adapter.read) and adapter.description
    for rule in plugin.rules:
        assert isinstance(rule, BatchRule | ScheduledRule)
        assert rule.table in names and rule.id.startswith(plugin.name + ".")
    for name in plugin.public_dashboards:
        assert name in plugin.dashboards
    for target in plugin.routes:
        assert callable(resolve(target))
    plugin.options(load_settings(tmp_path / "none.yaml"))  # the defaults are a valid section


BUILTIN = [p for p in PLUGINS if (REPO / "ioc_plugins" / p.name).is_dir()]


@pytest.mark.parametrize("plugin", BUILTIN, ids=[p.name for p in BUILTIN])
def test_builtin_plugins_have_the_one_shape(plugin):
    package = f"ioc_plugins.{plugin.name}"
    folder = REPO / "ioc_plugins" / plugin.name
    has = {path.stem for path in folder.iterdir() if path.suffix == ".py" or (path / "__init__.py").exists()}
    assert {"tables", "queries"} <= has, f"{package} needs tables.py and queries.py"
    assert {t.name for t in plugin.tables} == {t.name for t in resolve(f"{package}.tables:TABLES")}
    expected = {
        "adapters": plugin.adapters,
        "rules": plugin.rules,
        "derive": plugin.derive,
        "demo": plugin.demo,
        "api": plugin.routes,
        "commands": plugin.commands,
    }
    for module, given in expected.items():
        assert bool(given) == (module in has), f"{package}.{module}: present exactly when the plugin has it"
    if plugin.demo:
        assert plugin.demo.__module__ == f"{package}.demo"
    if plugin.derive:
        assert plugin.derive.__module__ == f"{package}.derive"
    for rule in plugin.rules:
        assert type(rule).__module__ in (f"{package}.rules", "ioc.rules")
    for target in [*plugin.dashboards.values(), *plugin.routes, *plugin.commands.values()]:
        module = target.partition(":")[0]
        assert module.startswith((f"{package}.", "dashboards.")), target


@pytest.mark.parametrize("plugin", PLUGINS, ids=[p.name for p in PLUGINS])
def test_demo_and_derive_yield_only_declared_tables(plugin, sqlite_settings):
    if plugin.demo is None:
        pytest.skip(f"{plugin.name} has no demo")
    yielded = []

    def recording_derive(datalayer, table, rows):
        for name, frame in plugin.derive(datalayer, table, rows):
            yielded.append(name)
            yield name, frame

    recording = dataclasses.replace(plugin, derive=recording_derive if plugin.derive else None)
    start = pd.Timestamp.now(tz="UTC").floor("h") - pd.Timedelta(days=2)
    demo_tables = {name for name, _ in plugin.demo(DemoContext(start=start, days=1, scale=0.2))}
    declared = {t.name for t in plugin.tables}
    assert demo_tables and demo_tables <= declared
    totals = run_demo(
        DataLayer(sqlite_settings, tables=plugin.tables), days=1, scale=0.2, reg=Registry([recording]), progress=False
    )
    assert set(totals) <= declared and set(yielded) <= declared


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
