"""Voila offline (``ioc voila``): Panel's files are served by Voila, and the kernel links them there.

The browser check (nothing leaves 127.0.0.1) is ``tests/ui/test_environment_ui.py``.
"""

from __future__ import annotations

import json

import pytest
from bokeh.models import ImportedStyleSheet

from dashboards import offline_voila
from dashboards.offline_voila import PANEL_STATIC, panel_static_dir, show, voila_argv, voila_environment


def test_panel_files_are_copied_once_per_version(tmp_path):
    first = panel_static_dir(tmp_path)
    for part in ("css/loading.css", "bundled/theme/default.css", "bundled/font-awesome/css/all.min.css"):
        assert (first / PANEL_STATIC / part).is_file(), part
    assert not (first / PANEL_STATIC / "panel.min.js").exists()  # only what pages link
    marker = first / PANEL_STATIC / "css" / "marker"
    marker.write_text("x")
    assert panel_static_dir(tmp_path) == first and marker.exists()  # not copied again
    assert [p.name for p in tmp_path.iterdir()] == [first.name]  # no staging folder left


def test_voila_runs_with_the_template_and_panels_files(tmp_path):
    argv = voila_argv("dashboards/voila/environment.ipynb", port=8899, static_root=tmp_path)
    assert "--template=ioc" in argv and "--port=8899" in argv and argv[-1].endswith("environment.ipynb")
    paths = next(a for a in argv if a.startswith("--VoilaConfiguration.extra_labextensions_path="))
    assert json.loads(paths.split("=", 1)[1]) == [str(panel_static_dir(tmp_path))]
    env = voila_environment({"JUPYTER_PATH": "/elsewhere"})
    assert env["JUPYTER_PATH"].split(":") == [str(offline_voila.SHARE), "/elsewhere"]
    template = offline_voila.SHARE / "voila" / "templates" / "ioc"
    assert json.loads((template / "conf.json").read_text())["base_template"] == "lab"
    assert "https://" not in (template / "index.html.j2").read_text().replace(
        "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@^5/css/", ""
    )


def test_outside_voila_show_returns_the_object(monkeypatch):
    import panel as pn

    monkeypatch.delenv("VOILA_BASE_URL", raising=False)
    column = pn.Column("a")
    assert show(column) is column


@pytest.mark.parametrize("base", ["/", "/wall/"], ids=["root", "behind-a-prefix"])
def test_under_voila_every_stylesheet_comes_from_the_voila_server(monkeypatch, base):
    import panel as pn

    pytest.importorskip("jupyter_bokeh")
    monkeypatch.setenv("VOILA_BASE_URL", base)
    layout = pn.Column(pn.widgets.Select(options=["a", "b"]), pn.Card(pn.pane.Markdown("**x**")))
    widget = show(layout)
    prefix = f"{base}voila/labextensions/{PANEL_STATIC}/"
    urls = linked_stylesheets(widget._model)
    assert any(url.split("?")[0].endswith("css/loading.css") for url in urls), urls
    assert all(url.startswith(prefix) for url in urls), [u for u in urls if not u.startswith(prefix)]
    # a widget added later (a periodic refresh) is linked from the server too
    layout.append(pn.widgets.MultiChoice(options=["c"]))
    later = linked_stylesheets(widget._model)
    assert any("multichoice.css" in url for url in later), later
    assert all(url.startswith(prefix) for url in later)


def test_plain_panel_in_a_notebook_links_its_cdn():
    """What ``show`` prevents (if Panel stopped doing this, ``show`` could go)."""
    import panel as pn

    pytest.importorskip("jupyter_bokeh")
    urls = linked_stylesheets(pn.ipywidget(pn.Column(pn.widgets.Select(options=["a"])))._model)
    assert any(url.startswith("https://cdn.holoviz.org/") for url in urls), urls


def linked_stylesheets(root) -> list[str]:
    """The URLs of every stylesheet the models under ``root`` link."""
    return sorted(
        {
            sheet.url
            for model in root.references()
            for sheet in getattr(model, "stylesheets", [])
            if isinstance(sheet, ImportedStyleSheet)
        }
    )
