"""A throwaway Dovecot IMAP server on loopback, for testing the IMAP intake for real.

Everything lives in one temp folder: its own ``dovecot.conf`` (started with ``-c``), a
passwd-file with one user, the Maildirs, sockets, state and log. The server listens on
127.0.0.1 on a free port, plaintext (loopback only), and never touches a system Dovecot.

Dovecot refuses to give mail access to root and to run login processes as root, so
when the tests run as root the mail processes run as ``nobody`` (the mail folder is
handed to it) and the login processes as ``nobody`` too; as an ordinary user every
process simply runs as that user.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

#: Set in CI: a missing ``dovecot`` binary is then a failure, not a skip.
REQUIRE_ENV = "IOC_REQUIRE_IMAP"


@dataclass(frozen=True)
class ImapServer:
    """Where the throwaway server listens and who may log in."""

    host: str
    port: int
    username: str
    password: str
    log_path: Path

    def log_tail(self, lines: int = 30) -> str:
        """The end of the server log (for failure messages)."""
        if not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def dovecot_binary() -> str:
    """The ``dovecot`` executable; skips the test (or fails it under ``IOC_REQUIRE_IMAP``) when absent."""
    # /usr/sbin is not on every user's PATH, but that is where Debian puts it.
    found = shutil.which("dovecot", path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin"]))
    if found:
        return found
    reason = "dovecot not installed (apt-get install dovecot-imapd): no IMAP server to test fetch_imap against"
    if os.environ.get(REQUIRE_ENV):
        pytest.fail(f"{REQUIRE_ENV} is set but {reason}")
    pytest.skip(reason)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _accounts(root: Path) -> dict[str, str]:
    """Which system accounts the server's processes run as (see the module docstring)."""
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.getuid()).pw_name
        group = grp.getgrgid(os.getgid()).gr_name
        return {"internal": me, "internal_group": group, "login": me, "mail_uid": me, "mail_gid": group}
    nobody = pwd.getpwnam("nobody")
    mail_group = grp.getgrgid(nobody.pw_gid).gr_name
    # nobody must be able to reach <root>/mail; the temp folder is private (0700) otherwise.
    root.chmod(0o755)
    os.chown(root / "mail", nobody.pw_uid, nobody.pw_gid)
    return {
        "internal": "root",
        "internal_group": "root",
        "login": "nobody",
        "mail_uid": "nobody",
        "mail_gid": mail_group,
    }


def write_config(root: Path, port: int, username: str, password: str) -> Path:
    """Write the passwd-file and ``dovecot.conf`` for a loopback-only server under ``root``."""
    for folder in ("mail", "run", "state"):
        (root / folder).mkdir()
    (root / "users").write_text(f"{username}:{{PLAIN}}{password}::::::\n", encoding="utf-8")
    who = _accounts(root)
    config = root / "dovecot.conf"
    config.write_text(
        f"""\
# Throwaway test server (tests/ioc_plugins/feedback/imap_server.py); loopback only.
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
default_internal_user = {who["internal"]}
default_internal_group = {who["internal_group"]}
default_login_user = {who["login"]}
first_valid_uid = 0
first_valid_gid = 0
mail_uid = {who["mail_uid"]}
mail_gid = {who["mail_gid"]}
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {root}/users
}}
userdb {{
  driver = passwd-file
  args = {root}/users
}}
# No chroot: an unprivileged dovecot may not chroot (the login processes reach the sockets by path).
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
# No growing delay after a failed login from 127.0.0.1: the tests log in right after one on purpose.
service anvil {{
  chroot =
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
""",
        encoding="utf-8",
    )
    return config


def _wait_until_ready(process: subprocess.Popen, server: ImapServer, timeout: float = 10.0) -> None:
    """Wait until the server greets on its port (a bare TCP accept is not enough: login may still fail)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dovecot exited with {process.returncode}:\n{server.log_tail()}")
        try:
            with socket.create_connection((server.host, server.port), timeout=1) as connection:
                if connection.recv(64).startswith(b"* OK"):
                    connection.sendall(b"a LOGOUT\r\n")
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(
        f"dovecot did not answer on {server.host}:{server.port} in {timeout:.0f} s:\n{server.log_tail()}"
    )


@contextmanager
def dovecot_server(username: str = "phananh", password: str = "mat-khau-thu-nghiem") -> Iterator[ImapServer]:
    """Run a throwaway Dovecot in the foreground (``dovecot -F -c``) and stop it on exit."""
    binary = dovecot_binary()
    # A short path under /tmp: Unix socket paths are limited to ~108 bytes.
    root = Path(tempfile.mkdtemp(prefix="ioc-imap-"))
    process = None
    try:
        port = free_port()
        config = write_config(root, port, username, password)
        server = ImapServer("127.0.0.1", port, username, password, root / "dovecot.log")
        process = subprocess.Popen(
            [binary, "-F", "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _wait_until_ready(process, server)
        yield server
    finally:
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)  # dovecot's master stops its children on TERM
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        shutil.rmtree(root, ignore_errors=True)
