"""A GeoReport v2 client's round trip over real HTTP on loopback, in JSON and in XML.

No client library on PyPI covers the whole round trip: ``georeport`` 0.3.1 (maintained)
only reads (no POST, no token lookup); ``open311`` 1.1 and ``three`` 0.8.0 are Python 2
code. So :class:`SpecClient` below is a minimal client written from the specification
pages (GeoReport v2, Service Discovery, JSON and XML Conversion), not from the server's
code: it imports nothing of the project, starts from the discovery document, reads XML by
the Spark convention and converts the specification's typed fields itself.
"""

from __future__ import annotations

import io
from typing import Any
from xml.etree import ElementTree as ET

import httpx
import pytest

GEOREPORT_V2 = "http://wiki.open311.org/GeoReport_v2"
MEDIA_TYPES = {"json": "application/json", "xml": "text/xml"}
# fields whose XML text the client turns into the JSON type the specification gives them
BOOLEANS = {"metadata", "variable", "required"}
INTEGERS = {"order"}
NUMBERS = {"lat", "long"}


def spark(element: ET.Element) -> Any:
    """XML → JSON by the Spark convention: an element whose children are all of one kind is
    an array (even of one), other parents are objects, an empty element is null."""
    children = list(element)
    if not children:
        text = (element.text or "").strip()
        return _typed(element.tag, text) if text else None
    if len({child.tag for child in children}) == 1:
        return [spark(child) for child in children]
    return {child.tag: spark(child) for child in children}


def _typed(name: str, text: str) -> Any:
    if name in BOOLEANS:
        return text == "true"
    if name in INTEGERS:
        return int(text)
    if name in NUMBERS:
        return float(text)
    return text


class Open311Error(Exception):
    """An error answer: the HTTP status and the (code, description) list of the body."""

    def __init__(self, status: int, errors: list[dict[str, Any]]) -> None:
        super().__init__(f"{status}: {errors}")
        self.status, self.errors = status, errors


class SpecClient:
    """GeoReport v2 as the specification describes it, in one of the advertised formats."""

    def __init__(self, discovery_url: str, fmt: str, api_key: str | None = None) -> None:
        self.http = httpx.Client(timeout=30)
        self.fmt, self.api_key = fmt, api_key
        discovery = self._decode(self.http.get(discovery_url.rsplit(".", 1)[0] + f".{fmt}"), "discovery")
        [endpoint] = [e for e in discovery["endpoints"] if e["specification"] == GEOREPORT_V2]
        assert MEDIA_TYPES[fmt] in endpoint["formats"], f"{fmt} not advertised"
        self.endpoint = endpoint["url"].rstrip("/")

    def close(self) -> None:
        self.http.close()

    def _decode(self, response: httpx.Response, root: str) -> Any:
        if self.fmt == "json":
            body = response.json()
        else:
            assert response.headers["content-type"].split(";")[0] == "text/xml"
            document = ET.fromstring(response.content)
            assert document.tag in (root, "errors"), document.tag
            body = spark(document)
            if document.tag == "errors":  # error codes are numbers, as in the JSON
                body = [{**e, "code": int(e["code"]) if e["code"].isdigit() else e["code"]} for e in body]
            elif body is None and root in ("services", "service_requests"):
                body = []  # <service_requests/>: an empty list
        if response.is_error:
            raise Open311Error(response.status_code, body)
        return body

    def _get(self, path: str, root: str, **params: str) -> Any:
        query = {k: v for k, v in params.items() if v is not None}
        return self._decode(self.http.get(f"{self.endpoint}/{path}.{self.fmt}", params=query), root)

    def services(self) -> list[dict[str, Any]]:
        return self._get("services", "services")

    def definition(self, service_code: str) -> dict[str, Any]:
        return self._get(f"services/{service_code}", "service_definition")

    def requests(self, **filters: str) -> list[dict[str, Any]]:
        return self._get("requests", "service_requests", **filters)

    def request(self, service_request_id: str) -> dict[str, Any]:
        [found] = self._get(f"requests/{service_request_id}", "service_requests")
        return found

    def request_id(self, token: str) -> str:
        [found] = self._get(f"tokens/{token}", "service_requests")
        assert found["token"] == token
        return found["service_request_id"]

    def post(
        self,
        service_code: str,
        attributes: dict[str, str | list[str]],
        photo: bytes | None = None,
        **fields: str,
    ) -> dict[str, Any]:
        """POST a request: form-encoded, ``attribute[code]=value`` (``attribute[code][]`` per
        value of a multivaluelist); a photo goes as multipart ``media`` (this server's
        extension, documented in its OpenAPI; the specification itself has ``media_url``)."""
        form: dict[str, str | list[str]] = {"api_key": self.api_key or "", "service_code": service_code, **fields}
        for code, value in attributes.items():
            form[f"attribute[{code}][]" if isinstance(value, list) else f"attribute[{code}]"] = value
        files = {"media": ("photo.png", photo, "image/png")} if photo is not None else None
        response = self.http.post(f"{self.endpoint}/requests.{self.fmt}", data=form, files=files)
        [receipt] = self._decode(response, "service_requests")
        return receipt


def _photo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def spec_client(deployment):
    clients = []

    def make(fmt: str, api_key: str | None = None) -> SpecClient:
        clients.append(SpecClient(f"{deployment.base_url}/open311/discovery.json", fmt, api_key))
        return clients[-1]

    yield make
    for client in clients:
        client.close()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_round_trip(deployment, spec_client, fmt):
    """List services, read a definition, post with attributes and media, look up by token, read back."""
    client = spec_client(fmt, api_key=deployment.tokens["mobile_app"])
    services = client.services()
    service = next(s for s in services if s["metadata"])
    assert isinstance(service["keywords"], str) and ", " in service["keywords"]
    definition = client.definition(service["service_code"])
    assert definition["service_code"] == service["service_code"]
    answers = {a["code"]: a["values"][0]["key"] for a in definition["attributes"] if a["variable"] and a["values"]}
    assert answers, "a service with metadata asks something"

    media = {"photo": _photo()} if fmt == "json" else {"media_url": "https://example.org/anh/o-ga.jpg"}
    receipt = client.post(
        service["service_code"],
        answers,
        lat="10.3460",
        long="107.0843",
        address_string="Đường Lê Lợi, Phường Vũng Tàu",
        description="Ổ gà lớn giữa đường, xe máy dễ ngã.",
        email="nguoidan@example.vn",
        device_id="thiet-bi-01",
        **media,
    )
    assert receipt["service_notice"] and receipt["account_id"] is None
    code = client.request_id(receipt["token"])
    assert code == receipt["service_request_id"]

    found = client.request(code)
    assert found["service_request_id"] == code and found["status"] == "open"
    assert found["service_code"] == service["service_code"] and found["service_name"] == service["service_name"]
    assert found["lat"] == pytest.approx(10.346) and found["long"] == pytest.approx(107.084)
    assert found["description"].startswith("Ổ gà lớn")
    assert "nguoidan@example.vn" not in str(found)
    if fmt == "json":  # the uploaded photo is served, re-encoded
        photo = httpx.get(found["media_url"], timeout=10)
        assert photo.status_code == 200 and photo.headers["content-type"] == "image/jpeg"
    else:
        assert found["media_url"] == "https://example.org/anh/o-ga.jpg"
    listed = client.requests(service_code=service["service_code"], status="open")
    assert code in {r["service_request_id"] for r in listed}
    assert client.requests(service_request_id=code) == [found]


def test_json_and_xml_say_the_same(deployment, spec_client):
    """Read through the Spark convention, the XML answers equal the JSON ones."""
    as_json, as_xml = spec_client("json", api_key=deployment.tokens["mobile_app"]), spec_client("xml")
    assert as_xml.requests() == as_json.requests() == []
    receipt = as_json.post("road_damage", {"hazard": "no"}, lat="10.35", long="107.08", description="Nứt mặt đường")
    assert as_xml.services() == as_json.services()
    assert as_xml.definition("road_damage") == as_json.definition("road_damage")
    assert as_xml.requests() == as_json.requests() == [as_json.request(receipt["service_request_id"])]
    with pytest.raises(Open311Error) as xml_error:
        as_xml.request("PA000000-XXXX")
    with pytest.raises(Open311Error) as json_error:
        as_json.request("PA000000-XXXX")
    assert xml_error.value.status == json_error.value.status == 404
    assert xml_error.value.errors == json_error.value.errors
