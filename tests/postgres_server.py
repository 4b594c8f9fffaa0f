"""A private PostgreSQL server a test may stop and start (like the throw-away Mosquitto).

A pytest plugin module (``pytest_plugins`` in ``tests/conftest.py``): ``private_postgres``
runs ``initdb`` and ``pg_ctl`` from the system's PostgreSQL into the test's temporary
folder, on a free loopback port, so a test can take the database away under a running
API or dashboard server (the shared test server of ``IOC_TEST_POSTGRES_URL`` must never be
stopped). Without the server binaries the test is skipped with the reason; with
``IOC_REQUIRE_POSTGRES`` set it fails instead.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest


def _bindir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    return found[-1] if found and (found[-1] / "pg_ctl").exists() else None


class PrivateServer:
    """A throw-away PostgreSQL cluster that a test may stop and start (same port, same data)."""

    def __init__(self, root: Path) -> None:
        self.bindir = _bindir()
        self.root = root
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(root, "postgres")
            root.chmod(0o755)
            for parent in root.parents:  # pytest's tmp dirs are 0700: let postgres through
                if parent == Path(parent.anchor) or parent.stat().st_uid != 0:
                    break
                parent.chmod(parent.stat().st_mode | 0o011)
        self._run("initdb", "-D", str(root / "pg"), "-U", "ioc", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        self.start()

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://ioc@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.bindir / tool), *args], check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        options = f"-h 127.0.0.1 -p {self.port} -k {self.root} -c fsync=off"
        self._run(
            "pg_ctl", "-D", str(self.root / "pg"), "-l", str(self.root / "server.log"), "-w", "-o", options, "start"
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.root / "pg"), "-m", mode, "-w", "stop")


@pytest.fixture
def private_postgres(tmp_path_factory):
    """A running private server (:class:`PrivateServer`), stopped after the test."""
    if _bindir() is None:
        if os.environ.get("IOC_REQUIRE_POSTGRES"):
            pytest.fail("IOC_REQUIRE_POSTGRES is set but the PostgreSQL server binaries are missing")
        pytest.skip("no PostgreSQL server binaries (apt-get install postgresql)")
    server = PrivateServer(tmp_path_factory.mktemp("pg-private"))
    yield server
    with contextlib.suppress(subprocess.CalledProcessError):  # already stopped by a failed test
        server.stop("immediate")
