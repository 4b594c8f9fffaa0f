"""Execute notebooks/nlp/retrain.ipynb end to end on tiny settings in a scratch data directory.

Equivalent to ``pytest --nbval-lax notebooks/nlp/retrain.ipynb`` with ``IOC_NB_TINY=1``; run
here with papermill so the parameters and the data directory are explicit.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "nlp" / "retrain.ipynb"


@pytest.mark.notebook
def test_retrain_notebook_runs_and_registers_a_new_version(tmp_path, monkeypatch):
    papermill = pytest.importorskip("papermill")
    from nlp.registry import ModelRegistry

    # Kernels write runtime files under HOME/JUPYTER_*: keep them in the scratch directory.
    for name in ("HOME", "JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR", "IPYTHONDIR", "MPLCONFIGDIR"):
        scratch = tmp_path / "home" / name.lower()
        scratch.mkdir(parents=True)
        monkeypatch.setenv(name, str(scratch))
    monkeypatch.setenv("IOC_NB_TINY", "1")
    monkeypatch.setenv("IOC_DATA_DIR", str(tmp_path / "data"))
    output = tmp_path / "retrain.out.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK),
        str(output),
        parameters={"task": "sentiment", "data_dir": str(tmp_path / "data")},
        kernel_name="python3",
        cwd=str(NOTEBOOK.parent),
        progress_bar=False,
    )
    registry = ModelRegistry(tmp_path / "data" / "models")
    versions = [entry.id for entry in registry.list("sentiment")]
    # v0001: the default model built on first use; v0002: the retrained candidate
    assert versions == ["sentiment/v0001", "sentiment/v0002"]
    assert registry.current("sentiment") is not None
    text = output.read_text(encoding="utf-8")
    assert "Đã đăng ký sentiment/v0002" in text and "Đang dùng: sentiment/v0" in text
    assert os.environ["IOC_NB_TINY"] == "1"
