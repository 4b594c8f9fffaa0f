"""The dashboards only render: they reach data through query and service APIs (checked with ``ast``).

A dashboard module may import Panel/HoloViz, the core ``ioc`` package, ``geodata`` (unit
lists) and the plugins' ``queries`` modules; it never imports an ORM or a plugin's other
modules, and never calls SQL, opens files or loads boundary files itself. The core's
auth module knows nothing of Panel.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import dashboards

MODULES = sorted(Path(dashboards.__file__).parent.glob("*.py"))
FORBIDDEN_IMPORTS = ("sqlalchemy", "duckdb", "geopandas", "pyarrow", "deltalake")
FORBIDDEN_CALLS = {
    "sql",
    "cached_sql",
    "session",
    "open",
    "read_parquet",
    "read_file",
    "read_bytes",
    "write_bytes",
    "load_boundaries",
    "save_photo",
    "photo_path",
    "execute",
    "write",
}


def _imports(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", MODULES, ids=[p.stem for p in MODULES])
def test_dashboard_modules_import_only_queries_of_plugins(path):
    imports = _imports(ast.parse(path.read_text("utf-8")))
    plugin_modules = [name for name in imports if name.startswith("ioc_plugins")]
    assert all(name.endswith(".queries") or name.count(".") == 1 for name in plugin_modules), plugin_modules
    assert not [name for name in imports if name.split(".")[0] in FORBIDDEN_IMPORTS]


@pytest.mark.parametrize("path", MODULES, ids=[p.stem for p in MODULES])
def test_dashboard_modules_run_no_queries_and_touch_no_files(path):
    calls = {
        node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Call)
    }
    assert not calls & FORBIDDEN_CALLS, sorted(calls & FORBIDDEN_CALLS)


def test_plugin_imports_name_a_queries_module():
    """``from ioc_plugins.feedback import queries`` is the only form of a bare package import."""
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.count(".") == 1
                and node.module.startswith("ioc_plugins.")
            ):
                assert [alias.name for alias in node.names] == ["queries"], (path.name, node.module)


def test_core_auth_has_no_panel():
    import ioc.auth

    assert not [
        name
        for name in _imports(ast.parse(Path(ioc.auth.__file__).read_text("utf-8")))
        if name.split(".")[0] in ("panel", "bokeh", "holoviews", "jinja2")
    ]
    assert not hasattr(ioc.auth, "panel_authorize") and not hasattr(ioc.auth, "panel_auth_options")
