"""villagescore.framework.gates: a gate's condition compares with a number or its indicator's legal limit."""

from __future__ import annotations

import pytest

from tests.support import gate_limits as gl
from villagescore.errors import FrameworkError
from villagescore.framework import resolve_framework
from villagescore.gate import limit_columns


def _problems(registry, gate, **changes):
    with pytest.raises(FrameworkError) as info:
        resolve_framework(gl.document(gate=gate, **changes), registry, name="gated.yaml")
    return info.value.problems


def _gate(**condition):
    return {"id": "g", "indicator": "toy.c", "condition": {"on": "value", "op": "<=", **condition}, "cap": "low"}


@pytest.fixture
def registry(toy_registry):
    return gl.registry(toy_registry)


def test_a_limit_condition_resolves_to_the_indicator_s_threshold(registry):
    fw = resolve_framework(gl.document(gate=_gate(limit={"column": "A"})), registry, name="gated.yaml")
    gate = fw.gates[0]
    assert gate.value is None and gate.limit.column == "A"
    assert gate.limit.threshold is fw.indicator_node("toy.c").threshold
    assert resolve_framework(gl.document(gate=_gate(limit={})), registry, name="g.yaml").gates[0].limit.column == ""
    # the written number still works
    assert resolve_framework(gl.document(gate=_gate(value=10)), registry, name="g.yaml").gates[0].value == 10.0


@pytest.mark.parametrize(("condition", "message"), [
    ({"value": 150, "limit": {"column": "B"}}, "a gate condition compares with either 'value' (a number) or 'limit' "
                                               "(the indicator's legal limit), not both"),
    ({}, "'value' is a required key"),
    ({"limit": True}, "true is not a mapping (key: value)"),
    ({"limit": {"column": "B", "version": 1}}, "unknown key(s) 'version'; allowed keys: column"),
    ({"limit": {"column": ""}}, "the text is empty: write something"),
])
def test_the_schema_wants_exactly_one_of_value_and_limit(registry, condition, message):
    problems = _problems(registry, _gate(**condition))
    assert any(message in p.message and p.where.startswith("$.gates[0].condition") for p in problems), problems


def test_a_column_no_version_has_is_refused_with_a_suggestion(registry):
    problems = _problems(registry, _gate(limit={"column": "B1"}))
    assert [(p.where, p.message) for p in problems] == [(
        "$.gates[0].condition.limit.column",
        "gate 'g': no version of the limit of indicator 'toy.c' (rule-2011 cod, rule-2025 cod) has column 'B1'; "
        "did you mean 'B'?")]
    assert problems[0].allowed == "A, B"
    vi = problems[0].format("vi")
    assert "điều kiện bắt buộc 'g': không phiên bản nào của giới hạn của chỉ số 'toy.c'" in vi and "có cột 'B1'" in vi


def test_a_limit_on_an_indicator_without_threshold_is_refused(registry):
    gate = dict(_gate(limit={}), indicator="toy.a")
    problems = _problems(registry, gate)
    assert [p.where for p in problems] == ["$.gates[0].condition.limit"]
    assert problems[0].message == ("gate 'g' compares with the legal limit of indicator 'toy.a', which has no "
                                   "threshold: give the indicator a 'threshold' citing its regulation, or write the "
                                   "number in the condition ('value')")
    assert "không có ngưỡng" in problems[0].format("vi")


def test_a_limit_compares_the_value_not_the_score(registry):
    problems = _problems(registry, _gate(limit={"column": "B"}, on="score"))
    assert [p.where for p in problems] == ["$.gates[0].condition.on"]
    assert "a limit applies to the indicator's value" in problems[0].message
    assert "giới hạn áp dụng cho giá trị của chỉ số" in problems[0].format("vi")


def test_an_unknown_indicator_is_said_once(registry):
    problems = _problems(registry, dict(_gate(limit={"column": "B"}), indicator="toy.nowhere"))
    assert [p.where for p in problems] == ["$.gates[0].indicator"]


def test_an_unknown_indicator_is_said_with_the_likely_one_of_the_tree(registry):
    (slip,) = _problems(registry, dict(_gate(value=1), indicator="toy.cc"))
    assert slip.message == ("gate 'g' is on unknown indicator 'toy.cc': no installed plugin registers it; did you "
                            "mean 'toy.c'?")
    assert slip.allowed == "toy.a, toy.c, toy.flag"  # the indicators placed in the tree
    assert "có phải là 'toy.c'?" in slip.format("vi")


def test_the_columns_of_a_limit():
    assert limit_columns(gl.OLD.limit("cod")) == ["A", "B"]
    assert limit_columns(gl.NEW.limit("cod")) == ["A"]


def test_a_gate_on_an_indicator_whose_threshold_was_refused_is_not_said_again(registry):
    """The reviewer's held.yaml: a threshold citing limit 'codd' was followed by "… which has no threshold"."""
    doc = gl.document(gate=_gate(limit={"column": "B"}))
    doc["pillars"][0]["criteria"][0]["indicators"][1]["threshold"]["versions"][1]["limit"] = "codd"
    with pytest.raises(FrameworkError) as info:
        resolve_framework(doc, registry, name="gated.yaml")
    assert [(p.where, p.message) for p in info.value.problems] == [(
        "$.pillars[0].criteria[0].indicators[1].threshold.versions[1].limit",
        "regulation 'rule-2025' sets no limit 'codd'; did you mean 'cod'?")]
