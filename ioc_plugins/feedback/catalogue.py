"""The categories of citizen field reports (the Open311 services) and their SLA.

Categories ship in ``data/categories.yaml``; a deployment overrides the SLA of any
category in ``ioc.yaml`` (``plugins.feedback.sla.<code>: {resolve_days: 3}``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ioc.config import suggest
from ioc.incidents.deadlines import Sla

DATA_DIR = Path(__file__).resolve().parent / "data"
CATEGORIES_YAML = DATA_DIR / "categories.yaml"
DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")


@dataclass(frozen=True)
class Attribute:
    """An extra question of a category (an Open311 service attribute)."""

    code: str
    description: str
    datatype: str = "string"
    required: bool = False
    values: tuple[tuple[str, str], ...] = ()
    order: int = 1

    def check(self, value: str | list[str] | None) -> str | None:
        """The reason ``value`` is not acceptable, or ``None``.

        A ``multivaluelist`` answer is a list of keys (Open311 sends
        ``attribute[code][]=a&attribute[code][]=b``) or one comma-separated text; every
        other datatype takes one text.
        """
        if value is None or value == "" or value == []:
            return f"attribute[{self.code}]: bắt buộc (required)" if self.required else None
        if self.datatype == "multivaluelist":
            chosen = value if isinstance(value, list) else [v.strip() for v in value.split(",")]
        elif isinstance(value, list):
            return f"attribute[{self.code}]: chỉ nhận một giá trị (datatype {self.datatype}: one value)"
        else:
            chosen = [value] if self.datatype == "singlevaluelist" else []
        keys = [key for key, _ in self.values]
        for item in chosen:
            if item not in keys:
                return f"attribute[{self.code}]: giá trị {item!r} không hợp lệ (valid: {', '.join(keys)})"
        return _datatype_problem(self.code, self.datatype, value)


def _datatype_problem(code: str, datatype: str, value: str | list[str]) -> str | None:
    """Whether a free value fits its datatype (the specification's ``string``/``number``/``datetime``)."""
    if datatype == "number":
        try:
            float(str(value))
        except ValueError:
            return f"attribute[{code}]: cần một số (a number is required)"
    elif datatype == "datetime":
        try:
            datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            return f"attribute[{code}]: cần thời điểm ISO 8601 (e.g. 2026-03-01T08:00:00+07:00)"
    elif datatype == "string" and "\n" in str(value):
        return f"attribute[{code}]: không được xuống dòng (string: no line breaks)"
    return None


@dataclass(frozen=True)
class Category:
    """One report category: code, Vietnamese name and group, keywords, SLA, attributes."""

    code: str
    name: str
    group: str
    description: str
    keywords: tuple[str, ...] = ()
    sla: Sla = field(default_factory=Sla)
    attributes: tuple[Attribute, ...] = ()


def _attribute(raw: Mapping[str, Any], order: int) -> Attribute:
    datatype = raw.get("datatype", "string")
    if datatype not in DATATYPES:
        raise ValueError(
            f"attribute {raw.get('code')!r}: datatype {datatype!r} không hợp lệ{suggest(datatype, DATATYPES)}"
        )
    values = tuple((str(v["key"]), str(v["name"])) for v in raw.get("values", ()))
    return Attribute(
        code=str(raw["code"]),
        description=str(raw["description"]),
        datatype=datatype,
        required=bool(raw.get("required", False)),
        values=values,
        order=order,
    )


def read_yaml(path: str | Path) -> Any:
    """The parsed YAML file at ``path``, parsed once per version of the file (treat it as read-only).

    The desk is built for every written batch (a year's demo writes one a day), and parsing
    the catalogue each time cost more than the reports themselves; a changed file (another
    modification time or size) is read again.
    """
    stat = Path(path).stat()
    return _parsed_yaml(str(Path(path).resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _parsed_yaml(path: str, _mtime_ns: int, _size: int) -> Any:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def load_categories(
    path: str | Path = CATEGORIES_YAML, sla_overrides: Mapping[str, Mapping[str, Any]] | None = None
) -> dict[str, Category]:
    """Read the category catalogue; ``sla_overrides`` (from config) replace SLA fields."""
    raw = read_yaml(path) or []
    categories: dict[str, Category] = {}
    for item in raw:
        code = str(item["code"])
        if code in categories:
            raise ValueError(f"{path}: loại phản ánh {code!r} bị lặp (duplicate category)")
        sla = dict(item.get("sla", {}))
        categories[code] = Category(
            code=code,
            name=str(item["name"]),
            group=str(item.get("group", "")),
            description=str(item.get("description", "")),
            keywords=tuple(item.get("keywords", ())),
            sla=Sla.from_mapping(sla),
            attributes=tuple(_attribute(a, i + 1) for i, a in enumerate(item.get("attributes", ()))),
        )
    for code, fields in (sla_overrides or {}).items():
        if code not in categories:
            raise ValueError(f"plugins.feedback.sla: loại phản ánh không có {code!r}{suggest(code, list(categories))}")
        current = categories[code]
        merged = {
            "verify_days": current.sla.verify_days,
            "resolve_days": current.sla.resolve_days,
            "response_minutes": current.sla.response_minutes,
            **dict(fields),
        }
        categories[code] = Category(**{**current.__dict__, "sla": Sla.from_mapping(merged)})
    return categories


@lru_cache(maxsize=1)
def default_categories() -> dict[str, Category]:
    """The bundled catalogue (cached)."""
    return load_categories()


def category_label(code: str, categories: Mapping[str, Category] | None = None) -> str:
    """The Vietnamese name of a category (the code itself when unknown)."""
    category = (categories or default_categories()).get(code)
    return category.name if category else code
