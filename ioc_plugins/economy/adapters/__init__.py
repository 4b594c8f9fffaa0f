"""Source adapters of the economy domain, one per real format.

Each adapter reads a file into rows of one table (values may still be text: validation types
them), marks rows it cannot parse with a reason in ``_error`` (quarantined, never silently
dropped) and raises :class:`ioc.plugins.AdapterError` when the whole file is unusable.
"""

from __future__ import annotations

from ioc.plugins import Adapter
from ioc_plugins.economy.adapters.gso_excel import read_gso_excel
from ioc_plugins.economy.adapters.targets import read_targets
from ioc_plugins.economy.adapters.worldbank import read_worldbank

OBSERVATIONS = "economy.observations"

ADAPTERS: tuple[Adapter, ...] = (
    Adapter(
        "worldbank_csv",
        OBSERVATIONS,
        read_worldbank,
        "Ngân hàng Thế giới WDI, dạng dài: Country Name, Country Code, Year, Value (national benchmark)",
        ("gdp.csv", "population.csv", "*wdi*.csv", "*worldbank*.csv"),
    ),
    Adapter(
        "gso_excel",
        OBSERVATIONS,
        read_gso_excel,
        "Biểu số liệu thống kê Excel: chỉ tiêu theo đơn vị hành chính × kỳ (GSO-style workbook, TCVN3 ok)",
        ("*bieu_so_lieu*.xlsx", "*gso*.xlsx", "*thong_ke*.xlsx", "*thongke*.xlsx", "*nien_giam*.xlsx"),
    ),
    Adapter(
        "targets_csv",
        "economy.targets",
        read_targets,
        "Chỉ tiêu kế hoạch năm: indicator_code, unit_code, year, target (yearly plan targets CSV)",
        ("*ke_hoach*.csv", "*targets*.csv", "*chi_tieu*.csv"),
    ),
)

__all__ = ["ADAPTERS", "read_gso_excel", "read_targets", "read_worldbank"]
