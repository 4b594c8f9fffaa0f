"""A throw-away Mosquitto broker on a free loopback port (like the PostgreSQL tier).

``mosquitto_broker`` starts ``/usr/sbin/mosquitto`` with its own configuration file in the
test's temporary folder: persistence on (so queued messages of a persistent session survive
:meth:`Broker.restart`), no limits on queued or in-flight messages, anonymous loopback only.
Without Mosquitto the tests that use it are skipped with the reason; with ``IOC_REQUIRE_MQTT=1``
(CI) they fail instead, so CI never passes by skipping them.
"""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

MOSQUITTO = os.environ.get("IOC_MOSQUITTO", "/usr/sbin/mosquitto")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Broker:
    """One Mosquitto process; :meth:`restart` keeps its port, configuration and persistence file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = _free_port()
        self.config = folder / "mosquitto.conf"
        self.log = folder / "mosquitto.log"
        (folder / "db").mkdir(parents=True, exist_ok=True)
        self.config.write_text(
            "\n".join(
                [
                    f"listener {self.port} 127.0.0.1",
                    # run as whoever runs the tests (as root Mosquitto would switch to its own user,
                    # who cannot write the test's folder)
                    f"user {getpass.getuser()}",
                    "allow_anonymous true",
                    "persistence true",
                    f"persistence_location {folder / 'db'}/",
                    "autosave_interval 1",
                    "max_queued_messages 0",
                    "max_inflight_messages 0",
                    "persistent_client_expiration 1d",
                    f"log_dest file {self.log}",
                    "log_type error",
                    "log_type warning",
                    "log_type notice",
                    "",
                ]
            )
        )
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [MOSQUITTO, "-c", str(self.config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"mosquitto exited: {self.log.read_text() if self.log.exists() else ''}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("mosquitto did not start listening")

    def stop(self) -> None:
        """SIGTERM: Mosquitto saves its persistence file and exits."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture
def mosquitto_broker(tmp_path):
    """A running throw-away broker (:class:`Broker`), stopped after the test."""
    if not (Path(MOSQUITTO).exists() or shutil.which("mosquitto")):
        if os.environ.get("IOC_REQUIRE_MQTT") == "1":
            pytest.fail(f"IOC_REQUIRE_MQTT=1 but {MOSQUITTO} is missing: install the mosquitto package")
        pytest.skip(f"{MOSQUITTO} not installed: no MQTT broker for this run")
    broker = Broker(tmp_path / "mosquitto")
    broker.start()
    yield broker
    broker.stop()
