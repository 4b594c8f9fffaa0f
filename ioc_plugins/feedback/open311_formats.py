"""JSON and XML bodies in the shapes of Open311 GeoReport v2.

The specification defines the XML; the JSON is its programmatic mapping by the *Spark
convention* (http://wiki.open311.org/JSON_and_XML_Conversion): a container element
holding one kind of repeated child becomes a JSON array, and an empty element is
``null``. So a record is written with every field of the specification's response table,
``None`` as an empty element, booleans as ``true``/``false``, and each list under its
container element: ``<attributes><attribute>``, ``<values><value>``,
``<endpoints><endpoint>`` and ``<formats><format>`` (discovery). Text is escaped by
ElementTree, so citizen text can never break the document.

XML is served as ``text/xml; charset=utf-8`` and JSON as ``application/json;
charset=utf-8``, the content types the specification names (and the ones the discovery
document lists).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any
from xml.etree import ElementTree as ET

from fastapi.responses import Response

XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
FORMATS = ("json", "xml")
MEDIA_TYPES = {"xml": "text/xml", "json": "application/json"}

#: The element of each item of a list field; the list field itself is the container.
_LIST_ITEMS = {"values": "value", "attributes": "attribute", "endpoints": "endpoint", "formats": "format"}


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
        if name not in _LIST_ITEMS:  # a list the specification does not define would be ambiguous in XML
            raise TypeError(f"Open311 XML: no element name for the items of {name!r}")
        container = ET.SubElement(parent, name)
        for item in value:
            _append(container, _LIST_ITEMS[name], item)
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
    body = to_xml(root, item, payload) if fmt == "xml" else json.dumps(payload, ensure_ascii=False)
    return Response(body, status_code=status_code, media_type=f"{MEDIA_TYPES[fmt]}; charset=utf-8")


def error_response(fmt: str, status_code: int, descriptions: str | Iterable[str]) -> Response:
    """The Open311 error body: ``[{"code": 400, "description": "..."}]`` or ``<errors>``."""
    if isinstance(descriptions, str):
        descriptions = [descriptions]
    payload = [{"code": status_code, "description": text} for text in descriptions]
    return respond(fmt if fmt in FORMATS else "json", payload, root="errors", item="error", status_code=status_code)


def format_of(path: str) -> str:
    """The response format a path asks for (``.xml`` → xml, anything else → json)."""
    return "xml" if path.rstrip("/").lower().endswith(".xml") else "json"
