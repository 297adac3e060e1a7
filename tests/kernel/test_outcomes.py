"""Rating semantics: minimums for named pillars, and an explicit outcome when no tier qualifies."""

from __future__ import annotations

import copy

import pytest

from villagescore.errors import FrameworkError
from villagescore.framework import resolve_framework
from villagescore.testing import evaluate_rows

LABEL = {"vi": "Nhãn", "en": "Label"}
BASE = {
    "id": "tiers", "version": "1.0", "title": LABEL,
    "pillars": [
        {"id": "p", "label": LABEL, "weight": 1,
         "criteria": [{"id": "p.c", "label": LABEL, "weight": 1, "indicators": [{"id": "toy.a", "weight": 1}]}]},
        {"id": "q", "label": LABEL, "weight": 1,
         "criteria": [{"id": "q.c", "label": LABEL, "weight": 1, "indicators": [{"id": "toy.flag", "weight": 1}]}]},
    ],
    "rating": {"tiers": [
        {"id": "good", "label": LABEL, "min_score": 60, "min_pillar_scores": {"p": 70}},
        {"id": "fair", "label": LABEL, "min_score": 0, "min_pillar_scores": {"p": 20}},
    ], "unrated": {"id": "unrated", "label": {"vi": "Chưa xếp hạng", "en": "Not rated"}}},
}


def test_a_minimum_for_one_named_pillar_and_the_unrated_outcome(toy_registry):
    fw = resolve_framework(BASE, toy_registry, name="tiers.yaml")
    rows = [{"village_id": "v1", "a": 80, "flag": 1},   # 90, p = 80 ≥ 70 → good
            {"village_id": "v2", "a": 60, "flag": 1},   # 80 but p = 60 < 70 → fair
            {"village_id": "v3", "a": 10, "flag": 1}]   # 55, p = 10 < 20 → no tier: unrated
    result = evaluate_rows(fw, rows, toy_registry)
    assert [result.rating_id(i) for i in range(3)] == ["good", "fair", "unrated"]
    assert result.village_dict(2)["overall"]["rating_label"] == "Not rated"


def test_without_an_unrated_outcome_the_last_tier_must_be_unconditional(toy_registry):
    doc = copy.deepcopy(BASE)
    del doc["rating"]["unrated"]
    with pytest.raises(FrameworkError, match=r"\$\.rating\.tiers\[1\]: the last tier must have min_score 0 and no "
                                             r"pillar minimum.*rating\.unrated"):
        resolve_framework(doc, toy_registry, name="tiers.yaml")


def test_a_minimum_for_an_unknown_pillar_is_reported(toy_registry):
    doc = copy.deepcopy(BASE)
    doc["rating"]["tiers"][0]["min_pillar_scores"] = {"environment": 50}
    with pytest.raises(FrameworkError, match=r"min_pillar_scores\.environment: unknown pillar 'environment'"):
        resolve_framework(doc, toy_registry, name="tiers.yaml")


def test_gate_statuses_compare_with_a_bound_per_village_and_broadcast_over_samples():
    """One implementation for one evaluation (villages,) and a batch (samples, villages): a bound per village."""
    import numpy as np

    from villagescore.gate import Gate
    from villagescore.kernel import GATE_STATUSES, gate_fires, gate_statuses

    gate = Gate("g", "x", "value", "<=", None, "low", on_missing="ignore")
    bound = np.array([150.0, np.nan, 60.0, 150.0])
    unknown = np.isnan(bound)
    applicable = np.array([True, True, True, False])
    x = np.array([[100.0, 100.0, 100.0, 100.0], [200.0, np.nan, 50.0, 200.0]])
    present = ~np.isnan(x)
    batch = gate_statuses(gate, x, present, applicable, unknown, bound)
    rows = [gate_statuses(gate, x[e], present[e], applicable, unknown, bound) for e in range(2)]
    assert np.array_equal(batch, np.array(rows))
    names = np.asarray(GATE_STATUSES)[batch].tolist()
    assert names == [["passed", "unknown", "failed", "not_applicable"],
                     ["failed", "missing", "passed", "not_applicable"]]
    assert gate_fires(gate, x, present, applicable, unknown, bound).tolist() == [[False, True, True, False],
                                                                                 [True, False, False, False]]
    # a written number is the bound when none is given
    assert gate_statuses(Gate("g", "x", "value", "<=", 120.0, "low"), x[1], present[1], applicable).tolist() == [
        GATE_STATUSES.index(s) for s in ("failed", "missing", "passed", "not_applicable")]
