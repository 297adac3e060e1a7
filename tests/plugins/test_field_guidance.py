"""Every first-party field tells a surveyor how to collect it (``guidance``), in both languages, with its source."""

import re

import pytest

from tests.plugins.registry_dump import first_party_registry

SOURCE = re.compile(r"\[E\]|QCVN|Decree|Decision|Circular|LEP 2020|Law|Labour Code|VNTLAS")


@pytest.fixture(scope="module")
def fields():
    registry = first_party_registry()
    return [f for f in registry.fields.values() if f.plugin != "external_demo"]


def test_every_first_party_field_has_guidance(fields):
    assert len(fields) >= 120
    missing = [f.id for f in fields if not f.guidance]
    assert not missing, f"fields without guidance: {missing}"


def test_guidance_says_what_where_how_the_unit_and_an_example(fields):
    for f in fields:
        vi, en, source = f.guidance["vi"], f.guidance["en"], f.guidance["source"]
        assert "Ví dụ:" in vi and "Example:" in en, f.id
        if f.unit and f.type in ("number", "integer"):
            assert "Đơn vị:" in vi and "Unit:" in en, f.id
        assert SOURCE.search(source), f"{f.id}: source {source!r} names no document and is not marked [E]"


def test_the_example_is_a_valid_value(fields):
    for f in (f for f in fields if f.type in ("number", "integer")):
        found = re.search(r"Example: (-?[\d,]+(?:\.\d+)?)", f.guidance["en"])
        assert found, f.id
        value = float(found.group(1).replace(",", ""))
        assert f.minimum is None or value >= f.minimum, f.id
        assert f.maximum is None or value <= f.maximum, f.id
        vi = re.search(r"Ví dụ: (-?[\d.]+(?:,\d+)?)", f.guidance["vi"])  # 1.250 and 9,5 in Vietnamese
        assert vi and float(vi.group(1).replace(".", "").replace(",", ".")) == value, f.id


def test_category_fields_label_every_category_in_both_languages(fields):
    for f in (f for f in fields if f.type == "category"):
        assert f.category_labels is not None and set(f.category_labels) == set(f.categories), f.id
        for code in f.categories:
            assert f.category_label(code, "vi") and f.category_label(code, "en"), (f.id, code)
        words = [f.category_label(c, "vi").casefold() for c in f.categories]
        assert len(set(words)) == len(words), f.id  # a word maps back to one code only
