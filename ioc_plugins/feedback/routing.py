"""Routing citizen reports to the agency that handles them: category × unit → agency.

The table is YAML (``default`` plus ``rules`` of ``{category, unit, agency}``) or CSV
(``category,unit,agency``; a row with category ``*`` and unit ``*`` is the default).
A unit-specific row wins over ``unit: "*"``; categories without a row go to the default.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ioc.config import suggest
from ioc_plugins.feedback.catalogue import read_yaml

ROUTING_YAML = Path(__file__).resolve().parent / "data" / "routing.yaml"


class RoutingError(ValueError):
    """The routing table is malformed or names an unknown agency or category."""


@dataclass(frozen=True)
class RoutingTable:
    """Who handles what, where."""

    default: str
    rules: dict[tuple[str, str], str]

    @classmethod
    def load(cls, path: str | Path = ROUTING_YAML) -> RoutingTable:
        """Read a YAML or CSV routing table."""
        path = Path(path)
        if not path.exists():
            raise RoutingError(f"không tìm thấy bảng phân công {path} (routing table not found)")
        if path.suffix.lower() == ".csv":
            return cls._from_csv(path)
        raw = read_yaml(path) or {}
        if not isinstance(raw, dict) or "default" not in raw:
            raise RoutingError(f"{path}: cần khóa 'default' và 'rules' (needs default and rules)")
        return cls._build(path, raw["default"], raw.get("rules", []))

    @classmethod
    def _from_csv(cls, path: Path) -> RoutingTable:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"category", "unit", "agency"} - set(reader.fieldnames or [])
            if missing:
                raise RoutingError(f"{path}: thiếu cột {sorted(missing)} (columns: category,unit,agency)")
            rows = [row for row in reader if any((v or "").strip() for v in row.values())]
        defaults = [r["agency"].strip() for r in rows if r["category"].strip() == "*"]
        if len(defaults) != 1:
            raise RoutingError(f"{path}: cần đúng một dòng mặc định category='*' (one default row)")
        return cls._build(path, defaults[0], [r for r in rows if r["category"].strip() != "*"])

    @classmethod
    def _build(cls, path: Path, default: str, rows: Iterable[dict]) -> RoutingTable:
        rules: dict[tuple[str, str], str] = {}
        for number, row in enumerate(rows, start=1):
            try:
                key = (str(row["category"]).strip(), str(row.get("unit", "*") or "*").strip())
                agency = str(row["agency"]).strip()
            except (KeyError, TypeError, AttributeError):
                raise RoutingError(f"{path}: dòng {number} cần category, unit, agency") from None
            if not key[0] or not agency:
                raise RoutingError(f"{path}: dòng {number} thiếu category hoặc agency")
            if key in rules and rules[key] != agency:
                raise RoutingError(f"{path}: dòng {number} mâu thuẫn cho {key} ({rules[key]} / {agency})")
            rules[key] = agency
        return cls(str(default).strip(), rules)

    def agency_for(self, category: str, unit_code: str | None = None) -> str:
        """The agency for a report of ``category`` in ``unit_code``."""
        if unit_code and (category, str(unit_code)) in self.rules:
            return self.rules[(category, str(unit_code))]
        return self.rules.get((category, "*"), self.default)

    def check(self, agencies: Iterable[str], categories: Iterable[str] | None = None) -> None:
        """Raise :class:`RoutingError` if an agency or category is unknown to the site."""
        agencies = list(agencies)
        for agency in {self.default, *self.rules.values()}:
            if agency not in agencies:
                raise RoutingError(
                    f"bảng phân công: cơ quan {agency!r} không có trong cấu hình site{suggest(agency, agencies)}"
                )
        if categories is not None:
            categories = list(categories)
            for category, _unit in self.rules:
                if category not in categories:
                    raise RoutingError(
                        f"bảng phân công: loại phản ánh {category!r} không tồn tại{suggest(category, categories)}"
                    )
