"""The scratch environment a notebook runs in under the tests (nbval in a subprocess)."""

from __future__ import annotations

import os
from pathlib import Path


def scratch_environment(root: Path, data_dir: Path | None = None) -> dict[str, str]:
    """``os.environ`` with HOME, Jupyter, IPython and matplotlib directories under ``root``,
    the data directory at ``data_dir`` (``root/data`` by default), no config file and no
    ``IOC_DATABASE_URL``, so a notebook never touches the real data or state store."""
    home = root / "home"
    home.mkdir()
    env = dict(os.environ)
    env.update(
        {
            "HOME": str(home),
            "TMPDIR": str(root),
            "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "JUPYTER_CONFIG_DIR": str(home / "config"),
            "IPYTHONDIR": str(home / "ipython"),
            "MPLCONFIGDIR": str(home / "mpl"),
            "IOC_DATA_DIR": str(data_dir or root / "data"),
            "IOC_CONFIG": str(root / "absent.yaml"),
            "HF_HUB_OFFLINE": "1",
        }
    )
    env.pop("IOC_DATABASE_URL", None)
    return env
