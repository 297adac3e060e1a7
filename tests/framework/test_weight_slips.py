"""Sibling weights that look like a slip: said as warnings, never refused."""

from __future__ import annotations

import dataclasses

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


def _with_sector_block(fw, pillar_id, block, *, own=None):
    """``fw`` with a sector block of weight ``block`` in pillar ``pillar_id`` (its own criteria weighted ``own``)."""
    def changed(p):
        if p.id != pillar_id:
            return p
        criteria = p.criteria if own is None else tuple(dataclasses.replace(c, weight=own) for c in p.criteria)
        return dataclasses.replace(p, sector_weight=block, criteria=criteria)
    return dataclasses.replace(fw, pillars=tuple(changed(p) for p in fw.pillars))


def test_the_sector_block_is_one_of_its_pillar_s_criteria(toy_registry):
    """The reviewer's sc25.yaml: a block weighted 25 among 0.1–0.3, and one weighted 0, validated without a word."""
    fw = load_framework(SUPPORT / "toy-framework.yaml", toy_registry)
    big = [w.problem for w in weight_slips(_with_sector_block(fw, "env", 25, own=0.5), "sc.yaml")]
    assert [p.message for p in big] == [
        "the sector criteria of pillar 'env' weigh 25, over 20 times criterion 'env.one' (0.5), so they make 96 % of "
        "the pillar where a village's sectors bring criteria: weights are relative; if 25 is a percentage among "
        "fractions, write 0.25"]
    zero = [w.problem for w in weight_slips(_with_sector_block(fw, "soc", 0), "sc.yaml")]
    assert [p.message for p in zero] == [
        "the sector criteria of pillar 'soc' weigh 0, so the criteria installed sectors bring count for nothing in "
        "it: if that is meant, leave it; otherwise give sector_criteria a weight beside the others (soc.one 3, "
        "soc.two 1)"]
    assert "khối tiêu chí ngành nghề của trụ cột 'soc' có trọng số 0" in zero[0].format("vi")


def test_own_criteria_all_weighted_0_beside_a_sector_block_are_said_once(toy_registry):
    """The reviewer's ov0.yaml: every own criterion of environment at 0 beside its sector block: not a word."""
    fw = load_framework(SUPPORT / "toy-framework.yaml", toy_registry)
    said = [w.problem for w in weight_slips(_with_sector_block(fw, "env", 0.25, own=0), "ov0.yaml")]
    assert [p.message for p in said] == [
        "the own criteria of pillar 'env' all weigh 0, so only its sector criteria (weight 0.25) count: a village-year "
        "whose sectors bring no criteria into it gets no 'env' score (and fails a tier's pillar minimum): if that is "
        "meant, leave it; otherwise give its criteria weights"]
    assert "(trọng số 0,25)" in said[0].format("vi")
