"""Sibling weights that look like a slip: said as warnings, never refused."""

from __future__ import annotations

import yaml

from tests.conftest import SUPPORT
from villagescore.framework import load_framework
from villagescore.framework.weight_slips import weight_slips


def _variant(tmp_path, registry, change):
    (tmp_path / "toy-framework.yaml").write_bytes((SUPPORT / "toy-framework.yaml").read_bytes())
    doc = {"id": "toy-variant", "version": "0.1", "title": {"vi": "Biến thể", "en": "Variant"},
           "extends": {"framework": "toy-framework.yaml"}, "change": change}
    (tmp_path / "variant.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    return load_framework(tmp_path / "variant.yaml", registry)


def test_a_weight_of_0_and_a_percentage_among_fractions_are_said(tmp_path, toy_registry):
    """The audit's w2.yaml (a pillar weighted 0) and w3.yaml (a criterion weighted 25 among 0.1–0.25): silent."""
    fw = _variant(tmp_path, toy_registry, {"pillars": {"soc": {"weight": 0}},
                                           "criteria": {"soc.one": {"weight": 25}, "soc.two": {"weight": 0.25}}})
    said = [w.problem for w in weight_slips(fw, "variant.yaml")]
    assert [p.message for p in said] == [
        "pillar 'soc' weighs 0, so it counts for nothing in the overall score: if that is meant, leave it; otherwise "
        "give it a weight beside the others (env 2)",
        "criterion 'soc.one' weighs 25, over 20 times criterion 'soc.two' (0.25), so it makes 99 % of pillar 'soc': "
        "weights are relative; if 25 is a percentage among fractions, write 0.25"]
    assert "(0,25)" in said[1].format("vi") and "hãy viết 0.25" in said[1].format("vi")  # what to type: a point


def test_weights_that_differ_up_to_20_times_are_quiet(tmp_path, toy_registry):
    fw = _variant(tmp_path, toy_registry, {"criteria": {"soc.one": {"weight": 20}}})
    assert weight_slips(fw, "variant.yaml") == []
    assert weight_slips(load_framework(SUPPORT / "toy-framework.yaml", toy_registry), "toy-framework.yaml") == []
