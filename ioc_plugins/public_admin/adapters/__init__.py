"""Source adapters of the public-administration domain, one per real format.

- ``portal_json``: the national portal's dossier-sync batch (:mod:`.portal`);
- ``onestop_export``: the one-stop-shop dossier book, CSV or Excel (:mod:`.onestop`);
- ``events_ndjson``: the live stream of dossier events (:mod:`.stream`).
"""

from __future__ import annotations

from ioc.plugins import Adapter
from ioc_plugins.public_admin.adapters.onestop import read_onestop
from ioc_plugins.public_admin.adapters.portal import read_portal_json
from ioc_plugins.public_admin.adapters.stream import read_events_ndjson

ADAPTERS: tuple[Adapter, ...] = (
    Adapter(
        "portal_json",
        "public_admin.dossiers",
        read_portal_json,
        "Đồng bộ hồ sơ Cổng DVCQG: MaHoSo, TrangThaiHoSo, NgayTiepNhan, TaiLieuNop[] … (dossier-sync JSON batch)",
        ("*dvcqg*.json", "*dong_bo_ho_so*.json", "*dossier*sync*.json"),
    ),
    Adapter(
        "onestop_export",
        "public_admin.dossiers",
        read_onestop,
        "Sổ theo dõi hồ sơ Một cửa: Mã hồ sơ, Ngày tiếp nhận (dd/mm/yyyy HH:mm) … (one-stop export CSV/Excel)",
        ("*mot_cua*.csv", "*mot_cua*.xlsx", "*onestop*.csv", "*onestop*.xlsx"),
    ),
    Adapter(
        "events_ndjson",
        "public_admin.dossier_events",
        read_events_ndjson,
        "Luồng sự kiện xử lý hồ sơ, mỗi dòng một JSON (dossier events, NDJSON)",
        ("*su_kien*.ndjson", "*dossier*events*.ndjson"),
    ),
)

__all__ = ["ADAPTERS", "read_events_ndjson", "read_onestop", "read_portal_json"]
