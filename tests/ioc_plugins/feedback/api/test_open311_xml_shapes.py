"""Our Open311 XML has the element structure of the spec's published fixtures.

The fixtures (codeforamerica/open311 ``spec/fixtures``) are read from ``../shared/data``;
each test declares the ones it reads with ``requires_sample``. Both documents are parsed and their
element trees compared by name and nesting (values differ, of course).
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest


def spec(*names: str) -> pytest.MarkDecorator:
    """Declare the spec fixtures a test reads (files of ``open311/`` in the shared samples)."""
    return pytest.mark.requires_sample(*(f"open311/{name}" for name in names))


@pytest.fixture
def spec_fixture(sample_path):
    """Parse one of the spec's fixtures by file name."""
    return lambda name: ET.fromstring(sample_path(f"open311/{name}").read_bytes())


def shape(element: ET.Element) -> tuple:
    """Element names and nesting, ignoring values, order and repetition."""
    return element.tag, tuple(sorted({shape(child) for child in element}))


def ours(client, path: str) -> ET.Element:
    response = client.get(path)
    assert response.headers["content-type"].startswith("application/xml"), response.text
    return ET.fromstring(response.content)


def _post(deployment, report_form) -> ET.Element:
    response = deployment.client().post("/open311/v2/requests.xml", data=report_form(deployment.tokens["mobile_app"]))
    assert response.status_code == 201, response.text
    return ET.fromstring(response.content)


@spec("services.xml")
def test_services_list(deployment, spec_fixture):
    assert shape(ours(deployment.client(), "/open311/v2/services.xml")) == shape(spec_fixture("services.xml"))


@spec("service_definition.xml")
def test_service_definition(deployment, spec_fixture):
    assert shape(ours(deployment.client(), "/open311/v2/services/road_damage.xml")) == shape(
        spec_fixture("service_definition.xml")
    )


@spec("get_service_request.xml", "service_requests.xml")
def test_request_and_request_list(deployment, report_form, spec_fixture):
    posted = _post(deployment, report_form)
    code = posted.findtext("request/service_request_id")
    single = ours(deployment.client(), f"/open311/v2/requests/{code}.xml")
    assert shape(single) == shape(spec_fixture("get_service_request.xml"))
    assert shape(ours(deployment.client(), "/open311/v2/requests.xml")) == shape(spec_fixture("service_requests.xml"))
    assert single.findtext("request/lat") and float(single.findtext("request/lat")) == pytest.approx(10.346)


@spec("post_service_request.xml", "request_id_from_token.xml")
def test_post_response_and_token(deployment, report_form, spec_fixture):
    posted = _post(deployment, report_form)
    expected = spec_fixture("post_service_request.xml")
    # The spec allows a token next to (or instead of) the id; we return both.
    assert {c.tag for c in posted.find("request")} == {c.tag for c in expected.find("request")} | {"token"}
    token = posted.findtext("request/token")
    assert shape(ours(deployment.client(), f"/open311/v2/tokens/{token}.xml")) == shape(
        spec_fixture("request_id_from_token.xml")
    )


@spec("service_requests_empty.xml", "get_service_request_not_found.xml")
def test_empty_list_and_errors(deployment, spec_fixture):
    empty = ours(deployment.client(), "/open311/v2/requests.xml?service_code=noise")
    assert shape(empty) == shape(spec_fixture("service_requests_empty.xml"))
    missing = deployment.client().get("/open311/v2/requests/not-an-id.xml")
    assert missing.status_code == 404
    assert shape(ET.fromstring(missing.content)) == shape(spec_fixture("get_service_request_not_found.xml"))
