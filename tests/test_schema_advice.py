"""What to write instead of a value of the wrong type (``villagescore.schema_advice``), said by schema_messages."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from villagescore.schema_advice import bare_weight, misread_digits
from villagescore.schema_messages import schema_problem

CHANGE = {"type": "object", "properties": {"change": {"type": "object", "properties": {
    kind: {"type": "object", "additionalProperties": {"type": "object"}}
    for kind in ("pillars", "criteria", "indicators", "tiers")}}, "min_score": {"type": "number"}}}


def _said(doc):
    (err,) = Draft202012Validator(CHANGE).iter_errors(doc)
    return schema_problem("ov.yaml", "$", err)


def test_a_weight_written_without_its_key_is_said_with_the_mapping_to_write():
    """The reviewer's a2.yaml: `wastewater: 0.3` was said "is not a mapping (key: value)", with nothing to write."""
    found = _said({"change": {"criteria": {"wastewater": 0.3}}})
    assert found.message == "0.3 is not a mapping (key: value): to give the weight, write {weight: 0.3}"
    assert "để cho trọng số, hãy viết {weight: 0.3}" in found.format("vi")
    assert _said({"change": {"tiers": {"high": 80}}}).message == "80 is not a mapping (key: value)"  # not a weight


@pytest.mark.parametrize(("value", "number"), [("8O", "80"), ("6o.5", "60.5"), ("l5", "15"), ("1I0", "110"),
                                               ("lOl", None), ("80", None), ("8O%", None), ("abc", None), (80, None)])
def test_digits_with_a_letter_for_a_zero_or_a_one_are_read_only_where_certain(value, number):
    assert misread_digits(value) == number


def test_a_min_score_8O_is_said_with_80_to_write():
    """The audit's min_score '8O' was said "is not a number", with no value to write."""
    found = _said({"min_score": "8O"})
    assert found.message == "'8O' is not a number: a letter where a digit belongs; write 80"
    assert "hãy viết 80" in found.format("vi")


def test_a_bare_weight_is_a_number_given_as_the_change_of_a_weighted_node():
    assert bare_weight(0.3, ["change", "pillars", "economy"])
    assert not bare_weight(True, ["change", "pillars", "economy"])
    assert not bare_weight(0.3, ["change", "tiers", "high"])
    assert not bare_weight(0.3, ["pillars", 0, "weight"])
