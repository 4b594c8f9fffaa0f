"""Service attributes as Open311 sends them: ``attribute[code]`` and ``attribute[code][]``."""

from __future__ import annotations

import pytest

from ioc_plugins.feedback.catalogue import Attribute
from ioc_plugins.feedback.open311 import Open311Error, form_fields

KINDS = Attribute("kinds", "Loại rác", "multivaluelist", values=(("household", "Sinh hoạt"), ("building", "Xây dựng")))
SEEN = Attribute("seen_at", "Thấy lúc nào?", "datetime")
DEPTH = Attribute("depth", "Sâu bao nhiêu (cm)?", "number", required=True)
NOTE = Attribute("note", "Ghi chú ngắn", "string")

CHECKS = [
    (KINDS, ["household", "building"], None),
    (KINDS, "household, building", None),  # the web form sends one comma-separated text
    (KINDS, ["household", "toxic"], "'toxic'"),
    (KINDS, [], None),
    (SEEN, "2026-03-01T08:00:00+07:00", None),
    (SEEN, "2026-03-01T01:00:00Z", None),
    (SEEN, "sáng nay", "ISO 8601"),
    (SEEN, ["2026-03-01"], "một giá trị"),
    (DEPTH, "12.5", None),
    (DEPTH, "sâu", "số"),
    (DEPTH, None, "bắt buộc"),
    (NOTE, "hai\ndòng", "xuống dòng"),
]


@pytest.mark.parametrize(
    ("attribute", "value", "problem"), CHECKS, ids=[f"{a.code}-{i}" for i, (a, _, _) in enumerate(CHECKS)]
)
def test_attribute_check(attribute, value, problem):
    found = attribute.check(value)
    assert found is None if problem is None else problem in found


def test_form_items_become_fields_and_attributes():
    fields, attributes = form_fields(
        [
            ("service_code", "waste"),
            ("attribute[kinds][]", "household"),
            ("attribute[kinds][]", "building"),
            ("attribute[hazard]", "yes"),
        ]
    )
    assert fields == {"service_code": "waste"}
    assert attributes == {"kinds": ["household", "building"], "hazard": "yes"}


@pytest.mark.parametrize(
    "items",
    [
        [("phone", "0912345678"), ("phone", "0987654321")],
        [("attribute[hazard]", "yes"), ("attribute[hazard]", "no")],
        [("attribute[kinds][]", "household"), ("attribute[kinds]", "building")],
        [("attribute[kinds]", "household"), ("attribute[kinds][]", "building")],
        [("attribute[kinds", "household")],
    ],
    ids=["field-twice", "attribute-twice", "list-then-single", "single-then-list", "malformed"],
)
def test_ambiguous_form_items_are_refused(items):
    with pytest.raises(Open311Error) as error:
        form_fields(items)
    assert error.value.status_code == 400
