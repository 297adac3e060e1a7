"""villagescore.explain: contributions, gates, blockers, improvement plans verified by the engine."""

from __future__ import annotations

import dataclasses

import pytest

from villagescore import explain as ex
from villagescore.engine import Engine


@pytest.fixture
def toy_engine(toy_registry):
    return Engine(toy_registry)


def _rescore(engine, framework, dataset, exp):
    v = exp.result.frame.iloc[exp.row]
    frame = ex.apply_plan(dataset.frame, v["village_id"], int(v["year"]), exp.steps)
    result = engine.evaluate(framework, dataclasses.replace(dataset, frame=frame))
    return result, result.row(v["village_id"], int(v["year"]))


def test_contributions_add_up_along_the_tree(toy_engine, toy_framework, toy_dataset):
    d = ex.explain(toy_engine, toy_framework, toy_dataset, "v1").to_dict(lang="en")
    # v1: env 82.5 (weight 2/3), soc 100 (weight 1/3): 55 + 33.33 = 88.33
    assert [p["contribution"] for p in d["pillars"]] == [55.0, 33.3333]
    total = sum(x["contribution"] for p in d["pillars"] for c in p["criteria"] for x in c["indicators"])
    assert total == pytest.approx(d["overall"]["score"], abs=1e-3)
    assert d["plan"]["steps"] == [] and d["plan"]["note"] == "the village already has the best tier"


def test_gate_is_fixed_first_and_the_plan_reaches_the_tier(toy_engine, toy_framework, toy_dataset):
    exp = ex.explain(toy_engine, toy_framework, toy_dataset, "v2")
    d = exp.to_dict(lang="en")
    assert d["gates_fired"][0]["id"] == "flag-required" and d["gates_fired"][0]["value"] == 0
    assert {"kind": "gate", "gate": "flag-required", "indicator": "toy.flag", "rule": "value == 1",
            "cap": "low"} in d["blockers"]
    steps = d["plan"]["steps"]
    assert (steps[0]["reason"], steps[0]["field"], steps[0]["to"]) == ("gate", "flag", 1)
    # flag 0 → 1: soc.one (100 + 3·20)/4 = 40, soc (3·40 + 50)/4 = 42.5, overall (2·32.5 + 42.5)/3 = 35.83;
    # mid needs 40, i.e. +4.17 overall = +12.5 points of toy.a (weight 1/2 · 2/3 · ... = 1/3): a 40 → 52.5
    assert steps[0]["overall_gain"] == pytest.approx(6.25)
    assert (steps[1]["field"], steps[1]["from"], steps[1]["to"]) == ("a", 40, 52.5)
    assert d["plan"]["target_tier"] == d["plan"]["reached_tier"] == "mid" and d["plan"]["reached"]
    result, i = _rescore(toy_engine, toy_framework, toy_dataset, exp)
    assert result.rating_id(i) == "mid"
    assert result.tree.overall_score[i] == pytest.approx(40.0)


def test_plan_respects_pillar_minimums_and_links_measures(toy_engine, toy_framework, toy_dataset):
    exp = ex.explain(toy_engine, toy_framework, toy_dataset, "v3")
    d = exp.to_dict(lang="vi")
    assert {"kind": "pillar", "pillar": "soc", "score": 30.0, "required": 50} in d["blockers"]
    assert d["plan"]["reached_tier"] == "high"
    fields = {s["field"] for s in d["plan"]["steps"]}
    assert fields <= {"a", "b", "c", "flag", "kind"}  # toy.share is computed: never moved
    assert d["plan"]["not_movable"] == ["toy.share"]
    for s in d["plan"]["steps"]:
        if s["indicator"] == "toy.b":
            assert s["measures"] == [{"id": "alpha.better_b", "label": "Cải thiện B"}]
    gains = [s["overall_gain"] for s in d["plan"]["steps"] if s["reason"] == "score"]
    assert gains == sorted(gains, reverse=True)
    result, i = _rescore(toy_engine, toy_framework, toy_dataset, exp)
    assert result.rating_id(i) == "high"


def test_values_stay_in_the_feasible_range(toy_engine, toy_framework, toy_dataset):
    exp = ex.explain(toy_engine, toy_framework, toy_dataset, "v3")
    for s in exp.steps:
        if s.field in ("a", "b"):
            assert 0 <= s.new <= 100
        if s.field == "c":
            assert s.new >= 0


def test_unknown_village_is_a_clear_error(toy_engine, toy_framework, toy_dataset):
    with pytest.raises(ex.ExplainError, match="village 'nope' is not in the dataset"):
        ex.explain(toy_engine, toy_framework, toy_dataset, "nope")


def test_measures_by_indicator(toy_registry, toy_framework):
    assert ex._measures_by_indicator(toy_registry, toy_framework) == {"toy.b": ["alpha.better_b"]}


def test_plan_note_follows_the_language(toy_engine, toy_framework, toy_dataset):
    exp = ex.explain(toy_engine, toy_framework, toy_dataset, "v1")  # v1 already has the best tier
    assert exp.to_dict(lang="vi")["plan"]["note"] == "làng nghề đã ở mức xếp hạng cao nhất"
    assert exp.plan_note == exp.to_dict(lang="en")["plan"]["note"] == "the village already has the best tier"
