"""The layering of the code base, checked on its source with ``ast`` (no import needed).

The rules (README, "Architecture"):

- ``ioc`` is the core: it imports no other project package and no UI library;
- ``geodata`` and ``nlp`` are libraries: they may use the core, nothing above it;
- each domain plugin ``ioc_plugins.<name>`` uses the core and the libraries, never another
  plugin, never the dashboards, never a UI library (its dashboards are ``"module:Class"``
  strings of the plugin contract);
- ``dashboards`` render everything below them; only they (and the assembly) import Panel,
  Bokeh, HoloViews or hvPlot;
- ``workbench`` is the assembly (the console script): the one package that may import all.

Imports of project modules sit at module top level (only ``if TYPE_CHECKING:`` blocks are
exempt): an import hidden in a function is how cycles hide. And there is no import cycle
between project modules.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("ioc", "geodata", "nlp", "ioc_plugins", "dashboards", "workbench")
UI_LIBRARIES = frozenset({"panel", "bokeh", "holoviews", "hvplot", "geoviews", "datashader"})
MAY_IMPORT = {  # layer → project packages it may import (its own included)
    "ioc": {"ioc"},
    "geodata": {"geodata", "ioc"},
    "nlp": {"nlp", "ioc"},
    "ioc_plugins": {"ioc_plugins", "ioc", "geodata", "nlp"},
    "dashboards": {"dashboards", "ioc", "geodata", "nlp", "ioc_plugins"},
    "workbench": set(PACKAGES),
}
MAY_IMPORT_UI = {"dashboards", "workbench"}


@dataclass(frozen=True)
class Import:
    """One import statement of a module."""

    module: str  # the importing module
    target: str  # the imported module (a submodule when ``from package import submodule``)
    line: int
    in_function: bool


def module_name(path: Path) -> str:
    name = ".".join(path.relative_to(REPO).with_suffix("").parts)
    return name.removesuffix(".__init__")


def project_modules() -> dict[str, Path]:
    """Every Python module of the project packages, by dotted name."""
    return {module_name(path): path for package in PACKAGES for path in sorted((REPO / package).rglob("*.py"))}


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imports_of(module: str, source: str, *, is_package: bool = False, known: Iterable[str] = ()) -> Iterator[Import]:
    """The imports of one module's source, with submodules resolved against ``known``."""
    known = set(known)
    tree = ast.parse(source)

    def visit(node: ast.AST, in_function: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            if _is_type_checking(child):
                continue  # annotations only: never executed
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield Import(module, alias.name, child.lineno, in_function)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parts = module.split(".")
                    parts = parts if is_package else parts[:-1]
                    parts = parts[: len(parts) - (child.level - 1)]
                    base = ".".join([*parts, *([child.module] if child.module else [])])
                for alias in child.names:
                    submodule = f"{base}.{alias.name}"
                    yield Import(module, submodule if submodule in known else base, child.lineno, in_function)
            else:
                nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
                yield from visit(child, nested)

    yield from visit(tree, False)


def layer_of(module: str) -> str:
    return module.split(".")[0]


def violations(found: Iterable[Import]) -> list[str]:
    """Every import that breaks a layering rule, as readable lines."""
    problems = []
    for item in found:
        layer, root = layer_of(item.module), item.target.split(".")[0]
        where = f"{item.module}:{item.line} imports {item.target}"
        if root in UI_LIBRARIES and layer not in MAY_IMPORT_UI:
            problems.append(f"{where}: only dashboards may import a UI library")
        if root not in PACKAGES:
            continue
        if root not in MAY_IMPORT[layer]:
            problems.append(f"{where}: {layer} may import only {sorted(MAY_IMPORT[layer])}")
        elif (
            layer == "ioc_plugins"
            and root == "ioc_plugins"
            and item.target.split(".")[:2] != item.module.split(".")[:2]
        ):
            problems.append(f"{where}: a plugin never imports another plugin")
        if item.in_function:
            problems.append(f"{where} inside a function: project imports go at module top level")
    return problems


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in edges.get(node, ()):
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return found


def project_imports() -> list[Import]:
    modules = project_modules()
    found = []
    for name, path in modules.items():
        found.extend(
            imports_of(name, path.read_text(encoding="utf-8"), is_package=path.name == "__init__.py", known=modules)
        )
    return found


def import_graph(found: Iterable[Import], modules: Iterable[str]) -> dict[str, set[str]]:
    modules = set(modules)
    edges: dict[str, set[str]] = {}
    for item in found:
        if item.target in modules and item.target != item.module:
            edges.setdefault(item.module, set()).add(item.target)
    return edges


# --------------------------------------------------------------------------- the real tree
def test_every_import_respects_the_layers():
    problems = violations(project_imports())
    assert not problems, "layering broken:\n  " + "\n  ".join(problems)


def test_no_import_cycle_between_project_modules():
    found = cycles(import_graph(project_imports(), project_modules()))
    assert not found, "import cycles: " + "; ".join(" ↔ ".join(c) for c in found)


def test_every_package_is_checked():
    modules = project_modules()
    for package in PACKAGES:
        assert package in modules, f"{package}/__init__.py missing: the package would escape the checks"


# --------------------------------------------------------------------------- the checker itself
@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("ioc.datalayer", "from geodata.lookup import assign_units\n", "ioc may import only"),
        ("ioc.auth", "import panel as pn\n", "only dashboards may import a UI library"),
        ("ioc_plugins.environment.rules", "import hvplot.pandas\n", "only dashboards may import a UI library"),
        ("ioc_plugins.environment.queries", "from ioc_plugins.feedback import queries\n", "another plugin"),
        ("nlp.registry", "from dashboards.base import BaseDashboard\n", "nlp may import only"),
        ("geodata.units", "from ioc_plugins.environment import stations\n", "geodata may import only"),
        ("dashboards.environment", "from workbench.cli import app\n", "dashboards may import only"),
        ("ioc.rules", "def f():\n    from ioc.alerts import Alert\n", "inside a function"),
        ("ioc.rules", "def f():\n    from .alerts import Alert\n", "inside a function"),
    ],
)
def test_a_forbidden_import_is_reported(module, source, expected):
    problems = violations(imports_of(module, source))
    assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize(
    ("module", "source"),
    [
        (
            "ioc_plugins.environment.rules",
            "from ioc.rules import ThresholdRule\nfrom nlp.preprocess import preprocess\n",
        ),
        ("ioc.datalayer", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import geopandas\n"),
        ("nlp.train", "def train():\n    import torch\n"),  # heavy third-party libraries may stay lazy
        ("dashboards.environment", "import panel as pn\nfrom ioc_plugins.environment import queries\n"),
        ("workbench.cli", "from dashboards.serve import serve\nfrom nlp.cli import app\n"),
    ],
)
def test_an_allowed_import_passes(module, source):
    assert violations(imports_of(module, source)) == []


def test_a_cycle_is_found_also_through_relative_imports():
    modules = {"ioc.a", "ioc.b", "ioc.c"}
    found = [
        *imports_of("ioc.a", "from ioc import b\n", known=modules),
        *imports_of("ioc.b", "from .c import x\n", known=modules),
        *imports_of("ioc.c", "import ioc.a\n", known=modules),
    ]
    assert cycles(import_graph(found, modules)) == [["ioc.a", "ioc.b", "ioc.c"]]
    assert cycles(import_graph(found[:2], modules)) == []
