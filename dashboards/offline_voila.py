"""Voila with nothing fetched from the internet: the video wall's notebooks, offline.

Inside Voila a Panel object is drawn by ``jupyter_bokeh`` (``comms="ipywidgets"``), and Panel
then links the stylesheets of its widgets (``loading.css``, ``listpanel.css``, its theme …)
from its CDN; Voila's own page template links an icon font from another CDN. On a wall with
no internet those requests fail and the widgets lose their styles. Two halves fix it:

* **Server** (:func:`voila_argv`, ``ioc voila NOTEBOOK``): Voila runs with the project's page
  template ``ioc`` (``dashboards/voila/share/voila/templates/ioc``: Voila's ``lab`` template
  with the icon font taken from the server) and serves a copy of the files of Panel's
  ``dist`` folder that pages use (:func:`panel_static_dir`) under
  ``<base>/voila/labextensions/ioc-panel/``. Panel's JupyterLab extension is left out: it
  fails inside Voila (``@pyviz/jupyterlab_pyviz``).
* **Kernel** (:func:`show`): the notebook displays its dashboard through ``show``, which tells
  Panel to take its stylesheets from that URL of the Voila server (the Bokeh document's
  ``dist_url``, which Panel applies to every model it renders, now and on later updates).

Outside Voila (JupyterLab) ``show`` returns the object unchanged.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

#: URL folder (under ``<base>/voila/labextensions/``) of Panel's files on the Voila server.
PANEL_STATIC = "ioc-panel"
#: The project's Voila page template (``dashboards/voila/share/voila/templates/ioc``).
TEMPLATE = "ioc"
#: A Jupyter data folder holding the template (put in front of ``JUPYTER_PATH``).
SHARE = Path(__file__).resolve().parent / "voila" / "share"
#: Panel's Jupyter extension, broken inside Voila 0.5 (widgets would never reach Python).
DENYLIST = '["@pyviz/jupyterlab_pyviz"]'
#: The parts of Panel's ``dist`` folder a page links: widget and theme stylesheets, their
#: images and spinners, the icon font.
PANEL_PARTS = ("css", "assets", "images", "bundled/theme", "bundled/font-awesome")


def panel_dist() -> Path:
    """Panel's ``dist`` folder (the files its CDN serves)."""
    from panel.io.resources import DIST_DIR

    return Path(DIST_DIR)


def panel_static_dir(root: Path | None = None) -> Path:
    """A folder whose ``ioc-panel/`` holds the page files of Panel's ``dist``; made once per version.

    The folder lives under the Jupyter runtime directory (``root`` in tests) and is named
    after Panel's version; it is filled in a temporary folder and renamed, so a concurrent or
    interrupted start never leaves it half-filled.
    """
    import panel
    from jupyter_core.paths import jupyter_runtime_dir

    base = Path(root or jupyter_runtime_dir()) / f"ioc-voila-static-{panel.__version__}"
    if (base / PANEL_STATIC).is_dir():
        return base
    base.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".ioc-voila-static-", dir=base.parent))
    source = panel_dist()
    for part in PANEL_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, staging / PANEL_STATIC / part)
    try:
        staging.rename(base)
    except OSError:  # another start finished first
        shutil.rmtree(staging, ignore_errors=True)
    return base


def voila_argv(
    notebook: str | Path, *, port: int, address: str = "127.0.0.1", static_root: Path | None = None
) -> list[str]:
    """Voila's arguments for an offline notebook page (see the module docstring)."""
    static = panel_static_dir(static_root)
    return [
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={address}",
        f"--template={TEMPLATE}",
        f"--VoilaConfiguration.extension_denylist={DENYLIST}",
        f'--VoilaConfiguration.extra_labextensions_path=["{static}"]',
        str(notebook),
    ]


def voila_environment(environ: dict[str, str] | None = None) -> dict[str, str]:
    """``environ`` with the project's Jupyter data folder first on ``JUPYTER_PATH`` (the template)."""
    env = dict(os.environ if environ is None else environ)
    paths = [str(SHARE), *[p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]]
    env["JUPYTER_PATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


def run_voila(notebook: str | Path, *, port: int, address: str = "127.0.0.1") -> None:
    """Serve ``notebook`` with Voila, offline, in this process (until SIGTERM or Ctrl+C)."""
    from voila.app import Voila

    os.environ.update(voila_environment())  # read when Voila looks for its templates
    Voila.launch_instance(argv=voila_argv(notebook, port=port, address=address))


def show(obj: Any) -> Any:
    """What a Voila notebook displays for ``obj``: a widget whose styles come from the Voila server.

    Under Voila (the kernel has ``VOILA_BASE_URL``) Panel's stylesheets are linked from
    ``<base>voila/labextensions/ioc-panel/`` instead of its CDN; elsewhere ``obj`` is returned
    as it is (JupyterLab has Panel's own extension).
    """
    base = os.environ.get("VOILA_BASE_URL")
    if base is None:
        return obj
    import panel as pn
    from bokeh.document import Document

    document = Document()
    # Panel rewrites every stylesheet URL of its CDN (and of its server's static folder) to
    # the document's dist_url, for the first render and for every later update.
    document.template_variables["dist_url"] = f"{base.rstrip('/')}/voila/labextensions/{PANEL_STATIC}/"
    return pn.ipywidget(obj, doc=document)
