"""Dependency audit: ``pip-audit`` against the lock file, where its advisory data can be had.

pip-audit needs the PyPI/OSV advisory service (no offline database exists for it), so the
test skips with a note when the tool is not installed or the service cannot be reached;
run ``pip-audit -r requirements.lock`` by hand or in a networked CI job instead.
"""

import importlib.util
import socket
import subprocess
import sys
from pathlib import Path

import pytest

LOCK = Path(__file__).resolve().parents[1] / "requirements.lock"


def _online(host: str = "pypi.org") -> bool:
    try:
        socket.create_connection((host, 443), timeout=2).close()
    except OSError:
        return False
    return True


def test_no_known_vulnerabilities_in_the_lock_file():
    if importlib.util.find_spec("pip_audit") is None:
        pytest.skip("pip-audit not installed: run `pip-audit -r requirements.lock` where PyPI is reachable")
    if not _online():
        pytest.skip("offline: pip-audit's advisory data (PyPI/OSV) cannot be reached; audit by hand")
    result = subprocess.run(
        [sys.executable, "-m", "pip_audit", "-r", str(LOCK), "--progress-spinner", "off"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
