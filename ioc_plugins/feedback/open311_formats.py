"""JSON and XML bodies in the shapes of Open311 GeoReport v2.

The XML follows the published examples (codeforamerica/open311 ``spec/fixtures``): a
root element (``services``, ``service_requests``, ``service_definition``, ``errors``)
with one child element per record; ``None`` becomes an empty element, lists become
repeated elements (``<value>``), booleans ``true``/``false``. Text is escaped by
ElementTree, so citizen text can never break the document.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any
from xml.etree import ElementTree as ET

from fastapi.responses import Response

XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
FORMATS = ("json", "xml")

#: List fields in XML: (element of each item, whether a wrapper element holds them).
#: ``attributes`` are repeated directly under ``service_definition`` as in the spec's
#: fixture; ``values`` sit in a ``<values>`` wrapper; ``keywords`` is one text.
_LISTS = {"values": ("value", True), "attributes": ("attribute", False), "keywords": (None, False)}


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _append(parent: ET.Element, name: str, value: Any) -> None:
    if isinstance(value, Mapping):
        element = ET.SubElement(parent, name)
        for key, item in value.items():
            _append(element, key, item)
    elif isinstance(value, list | tuple):
        item_name, wrapped = _LISTS.get(name, (name, False))
        if item_name is None:  # keywords: one comma-separated text
            ET.SubElement(parent, name).text = ", ".join(map(str, value)) or None
            return
        container = ET.SubElement(parent, name) if wrapped else parent
        for item in value:
            _append(container, item_name, item)
    else:
        ET.SubElement(parent, name).text = _scalar(value) or None


def to_xml(root: str, item: str | None, payload: Any) -> str:
    """Serialise ``payload`` (a list of records under ``root``/``item``, or one mapping)."""
    element = ET.Element(root)
    if item is None:
        for key, value in payload.items():
            _append(element, key, value)
    else:
        for record in payload:
            _append(element, item, record)
    ET.indent(element, space="\t")
    return XML_DECLARATION + ET.tostring(element, encoding="unicode") + "\n"


def respond(fmt: str, payload: Any, *, root: str, item: str | None, status_code: int = 200) -> Response:
    """A JSON or XML response of ``payload``."""
    if fmt == "xml":
        return Response(
            to_xml(root, item, payload), status_code=status_code, media_type="application/xml; charset=utf-8"
        )
    body = json.dumps(payload, ensure_ascii=False)
    return Response(body, status_code=status_code, media_type="application/json; charset=utf-8")


def error_response(fmt: str, status_code: int, descriptions: str | Iterable[str]) -> Response:
    """The Open311 error body: ``[{"code": 400, "description": "..."}]`` or ``<errors>``."""
    if isinstance(descriptions, str):
        descriptions = [descriptions]
    payload = [{"code": status_code, "description": text} for text in descriptions]
    return respond(fmt if fmt in FORMATS else "json", payload, root="errors", item="error", status_code=status_code)


def format_of(path: str) -> str:
    """The response format a path asks for (``.xml`` → xml, anything else → json)."""
    return "xml" if path.rstrip("/").lower().endswith(".xml") else "json"
