"""The columns of the survey workbook: fields in tree order, the sector filter, plain numbers."""

import re

import pytest

from tests.template.helpers import TOY_FIELDS, _book, _codes
from villagescore.errors import UnknownIdError
from villagescore.template import IDENTITY, build_template, template_fields


def test_fields_follow_the_tree_and_the_sector_filter(toy_registry, toy_framework):
    assert [f.id for f in template_fields(toy_framework, toy_registry)] == TOY_FIELDS
    # beta villages: toy.b (alpha only) is left out, so is its field b
    assert [f.id for f in template_fields(toy_framework, toy_registry, ["beta"])] == \
        ["a", "c", "zone", "flag", "craft", "total", "kind"]
    assert [f.id for f in template_fields(toy_framework, toy_registry, ["alpha"])] == TOY_FIELDS

def test_unknown_sector_names_the_known_ones(toy_registry, toy_framework):
    with pytest.raises(UnknownIdError, match="unknown sector 'gamma'; known sectors: alpha, beta"):
        template_fields(toy_framework, toy_registry, ["gamma"])

def test_identity_columns_are_the_readers():
    from villagescore.datasets import IDENTITY_COLUMNS

    assert set(IDENTITY) == set(IDENTITY_COLUMNS)

def test_numbers_are_written_plainly_never_in_exponent_form():
    from villagescore.framework import load_framework
    from villagescore.registry import Registry
    from villagescore.template import plain_number

    assert plain_number(500_000_000, "vi") == "500.000.000" and plain_number(500_000_000, "en") == "500,000,000"
    assert plain_number(0.5, "vi") == "0,5" and plain_number(-100, "en") == "-100"
    registry = Registry.default()
    wb = _book(build_template(load_framework(None, registry), registry, lang="vi"))
    data = wb.worksheets[0]
    income = data.cell(1, _codes(data).index("income_per_capita_vnd_month") + 1)
    assert "từ 0 đến 500.000.000 VND/person/month" in income.comment.text
    every = " ".join(str(c.comment.text) for c in data[1]) + " ".join(
        str(dv.prompt) + str(dv.formula1) + str(dv.formula2) for dv in data.data_validations.dataValidation)
    assert not re.search(r"\de[+-]?\d", every)  # no 5e+08 anywhere
