"""The admin-maintained blocklist of addresses (known C2 servers, scanners, phishing hosts).

A plain list (one address or CIDR range a line; ``#`` starts a comment) or a CSV with an
``ip`` (or ``address``/``indicator``/``cidr``) column. The file named by
``plugins.infosec.blocklist`` is re-read whenever it changes, so the admin updates it in
place without restarting anything; without one, the shipped demo list (RFC 5737
documentation ranges only) is used.
"""

from __future__ import annotations

import csv
import io
import ipaddress
from functools import lru_cache
from pathlib import Path

DEFAULT_BLOCKLIST = Path(__file__).resolve().parent / "data" / "blocklist.txt"
_COLUMNS = ("ip", "address", "indicator", "cidr")


class Blocklist:
    """A set of networks; ``address in blocklist`` tests membership."""

    def __init__(self, networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> None:
        self.networks = networks
        self.exact = {n.network_address.compressed for n in networks if n.num_addresses == 1}
        self.ranges = [n for n in networks if n.num_addresses > 1]
        self._seen: dict[str, bool] = {}  # the same addresses recur in every batch

    def __contains__(self, address: object) -> bool:
        if not isinstance(address, str) or not address:
            return False
        if address in self.exact:
            return True
        if address not in self._seen:
            try:
                ip = ipaddress.ip_address(address)
            except ValueError:
                found = False
            else:
                found = any(ip.version == n.version and ip in n for n in self.ranges)
            if len(self._seen) < 200_000:
                self._seen[address] = found
            return found
        return self._seen[address]

    def __len__(self) -> int:
        return len(self.networks)


def parse_blocklist(text: str) -> Blocklist:
    """Parse a plain list or a CSV; unreadable entries are ignored (the list is the admin's)."""
    lines = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    entries: list[str] = []
    if lines and "," in lines[0] and any(c in lines[0].lower() for c in _COLUMNS):
        reader = csv.DictReader(io.StringIO("\n".join(lines)))
        column = next((c for c in reader.fieldnames or [] if c.strip().lower() in _COLUMNS), None)
        entries = [row[column].strip() for row in reader if column and row.get(column)]
    else:
        entries = [line.split()[0] for line in lines]
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            continue
    return Blocklist(networks)


@lru_cache(maxsize=8)
def _cached(path: str, mtime_ns: int, size: int) -> Blocklist:
    return parse_blocklist(Path(path).read_text(encoding="utf-8", errors="replace"))


def load_blocklist(path: str | Path | None = None) -> Blocklist:
    """The blocklist at ``path`` (default: the shipped demo list), re-read when it changes."""
    path = Path(path or DEFAULT_BLOCKLIST)
    if not path.exists():
        return Blocklist([])
    stat = path.stat()
    return _cached(str(path), stat.st_mtime_ns, stat.st_size)
