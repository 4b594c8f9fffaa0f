"""The analyst notebook ``notebooks/explore/environment.ipynb`` runs top to bottom (nbval, lax).

It runs in a subprocess with scratch HOME / Jupyter / IPython directories and
``IOC_DATA_DIR`` pointing at an empty temporary directory, so the notebook has to generate
and ingest its own demo data through the data layer (and must not touch the real one).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from notebook_env import scratch_environment

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = REPO / "notebooks" / "explore" / "environment.ipynb"

pytestmark = pytest.mark.notebook


def test_explore_notebook_runs_with_nbval(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-q", str(NOTEBOOK)],
        cwd=REPO,
        env=scratch_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and "failed" not in result.stdout
    # the demo went into the configured data directory, through the data layer
    assert (tmp_path / "data" / "lake").is_dir() and (tmp_path / "data" / "state.db").is_file()


def test_notebook_is_stored_executed_and_reads_only_through_the_data_layer():
    import nbformat

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in code), "store the notebook executed"
    assert not [o for cell in code for o in cell.outputs if o.output_type == "error"]
    source = "\n".join(cell.source for cell in code)
    assert 'dl.cube("environment.air_readings", ["station_id", "parameter", "time"], "value")' in source
    assert "assign_units" in source
    for forbidden in ("read_parquet", "read_csv", "open(", "DeltaTable"):
        assert forbidden not in source, f"the notebook reads files directly: {forbidden}"
