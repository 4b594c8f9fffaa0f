"""Which agency an address or host belongs to, from the agencies' declared network ranges.

The asset registry (``infosec.assets``: agency, CIDR range, host names, criticality) comes
from a CSV the IOC keeps with the agencies (``plugins.infosec.assets`` in ``ioc.yaml``), or
the demo registry shipped in ``data/assets.csv`` (10.77.x.0/24 per agency: invented, marked
"demo"). Resolution takes the most specific range (longest prefix) that holds the address.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ioc.plugins import AdapterError

DEFAULT_ASSETS = Path(__file__).resolve().parent / "data" / "assets.csv"
CRITICALITIES = ("low", "medium", "high", "critical")


def read_assets(path: str | Path = DEFAULT_ASSETS, *, settings: object = None) -> pd.DataFrame:
    """An asset registry CSV (``agency, cidr, hostnames, criticality, description``).

    Also the ``infosec_assets_csv`` source adapter (``ioc ingest infosec_assets_csv FILE``):
    a row whose range is not an address range is quarantined with its reason.
    """
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, comment=None)
    except (OSError, ValueError) as exc:
        raise AdapterError(f"{path}: không đọc được danh mục tài sản (cannot read asset registry: {exc})") from exc
    missing = {"agency", "cidr"} - set(frame.columns)
    if missing:
        raise AdapterError(f"{path}: thiếu cột {sorted(missing)} (missing columns)")
    for column in ("hostnames", "criticality", "description"):
        if column not in frame:
            frame[column] = ""
    frame["criticality"] = frame["criticality"].replace("", None)
    frame["_error"] = [
        None if _is_network(c) else f"cidr: {c!r} không phải dải địa chỉ (not a network range)" for c in frame["cidr"]
    ]
    return frame


def _is_network(value: str) -> bool:
    try:
        ipaddress.ip_network(str(value).strip(), strict=False)
    except ValueError:
        return False
    return True


class AgencyResolver:
    """Map addresses and host names to agency codes (longest matching prefix wins)."""

    def __init__(self, assets: pd.DataFrame) -> None:
        networks = []
        self.hosts: dict[str, str] = {}
        for row in assets.itertuples(index=False):
            try:
                networks.append((ipaddress.ip_network(str(row.cidr).strip(), strict=False), str(row.agency)))
            except ValueError:
                continue  # a bad range in the registry is reported by the assets table's validation
            for host in str(getattr(row, "hostnames", "") or "").split(";"):
                if host.strip():
                    self.hosts[host.strip().lower()] = str(row.agency)
        self.networks = sorted(networks, key=lambda item: -item[0].prefixlen)
        self._cache: dict[str, str | None] = {}

    def agency_of_ip(self, address: str | None) -> str | None:
        """The agency whose range holds ``address`` (``None``: external or unknown)."""
        if not address:
            return None
        if address in self._cache:
            return self._cache[address]
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            found = None
        else:
            found = next(
                (agency for network, agency in self.networks if ip.version == network.version and ip in network), None
            )
        if len(self._cache) < 200_000:
            self._cache[address] = found
        return found

    def agency_of_host(self, host: str | None) -> str | None:
        return self.hosts.get(str(host).lower()) if host else None

    def resolve(
        self, *, destination: str | None = None, source: str | None = None, host: str | None = None
    ) -> str | None:
        """The agency concerned by an event: the targeted address first, then the source, then the host."""
        return self.agency_of_ip(destination) or self.agency_of_ip(source) or self.agency_of_host(host)

    def resolve_many(
        self,
        destinations: list[str | None] | pa.Array | pa.ChunkedArray,
        sources: list[str | None] | pa.Array | pa.ChunkedArray,
    ) -> pa.Array:
        """:meth:`resolve` (without host) for whole columns of address texts: each distinct
        address is looked up once, then the answers are spread back with one ``take``."""

        def agencies(addresses: list[str | None] | pa.Array | pa.ChunkedArray) -> pa.Array:
            if isinstance(addresses, pa.ChunkedArray):
                addresses = addresses.combine_chunks()
            encoded = (
                addresses if isinstance(addresses, pa.Array) else pa.array(addresses, type=pa.string())
            ).dictionary_encode()
            found = [self.agency_of_ip(address) or None for address in encoded.dictionary.to_pylist()]
            return pa.array(found, type=pa.string()).take(encoded.indices)

        return pc.coalesce(agencies(destinations), agencies(sources))

    def is_internal(self, address: str | None) -> bool:
        return self.agency_of_ip(address) is not None


@lru_cache(maxsize=8)
def _cached_resolver(path: str, mtime: float) -> AgencyResolver:
    return AgencyResolver(read_assets(path))


def resolver_for(path: str | Path | None = None) -> AgencyResolver:
    """The resolver of a registry file, re-read when the file changes."""
    path = Path(path or DEFAULT_ASSETS)
    return _cached_resolver(str(path), path.stat().st_mtime)


def external_sources(addresses: Iterable[str | None], resolver: AgencyResolver) -> set[str]:
    """The addresses that belong to no agency and are not private ranges."""
    out = set()
    for address in addresses:
        if not address or resolver.is_internal(address):
            continue
        try:
            if ipaddress.ip_address(address).is_private:
                continue
        except ValueError:
            continue
        out.add(address)
    return out
