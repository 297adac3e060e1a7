"""villagescore.kernel.batch and .patterns: the batched tree equals Engine.aggregate, sample by sample.

Both methods (node by node, pattern folding), every built-in rule, plugin rules (a
quasi-arithmetic mean, a reduce rule, a plain function), both policies, the geometric
floor, and the sector blocks of the default framework on the bundled villages.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from villagescore.aggregation import BUILTIN_AGGREGATORS
from villagescore.engine import Engine
from villagescore.kernel.batch import Plan, aggregate_batch, shared_mean_rule
from villagescore.objects import Aggregator, QuasiMean

RULES = {a.name: a for a in BUILTIN_AGGREGATORS}
ARITH, GEO = RULES["weighted_arithmetic"], RULES["weighted_geometric"]


@pytest.fixture
def toy_engine(toy_registry):
    return Engine(toy_registry)


def _nominal(plan, e=1):
    return np.tile(plan.ind_w, (e, 1)), np.tile(plan.crit_w, (e, 1)), np.tile(plan.pill_w, (e, 1))


def _perturbed_weights(plan, e, seed):
    rng = np.random.default_rng(seed)
    return tuple(w * rng.uniform(0.5, 1.5, w.shape) for w in _nominal(plan, e))


def _with_rule(framework, rule):
    """The framework with every node's rule replaced by ``rule`` (what the engine's overrides do too)."""
    pillars = tuple(dataclasses.replace(p, aggregator=rule, criteria=tuple(
        dataclasses.replace(c, aggregator=rule) for c in p.criteria)) for p in framework.pillars)
    return dataclasses.replace(framework, aggregator=rule, pillars=pillars)


@pytest.mark.parametrize("method", ["nodes", "patterns"])
def test_zero_perturbation_equals_the_engine(toy_result, toy_framework, method):
    plan = Plan.build(toy_framework, toy_result.matrix)
    out = aggregate_batch(plan, *_nominal(plan, 3), method=method)
    # hand-computed toy scores: v1 (2·82.5 + 100)/3, v2 (2·32.5 + 23.75)/3, v3 (2·50 + 30)/3
    expected = np.array([265 / 3, 88.75 / 3, 130 / 3])
    for row in out.overall:
        np.testing.assert_allclose(row, expected, rtol=0, atol=1e-9)
        np.testing.assert_allclose(row, toy_result.tree.overall_score, rtol=0, atol=1e-12)
    np.testing.assert_allclose(out.pillars[:, 0, :], toy_result.tree.pillar_score.T, rtol=0, atol=1e-12)


@pytest.mark.parametrize("method", ["nodes", "patterns"])
@pytest.mark.parametrize("rule", [ARITH, GEO], ids=lambda r: r.name)
def test_per_sample_weights_and_rules_match_the_engine(toy_engine, toy_result, toy_framework, method, rule):
    plan = Plan.build(toy_framework, toy_result.matrix)
    iw, cw, pw = _perturbed_weights(plan, 4, seed=3)
    out = aggregate_batch(plan, iw, cw, pw, rule=rule, method=method)
    for e in range(4):
        tree = toy_engine.aggregate(toy_framework, toy_result.matrix,
                                    weights={"indicator": iw[e], "criterion": cw[e], "pillar": pw[e]},
                                    aggregators={"criterion": rule, "pillar": rule, "overall": rule})
        np.testing.assert_allclose(out.overall[e], tree.overall_score, rtol=0, atol=1e-9)
        np.testing.assert_allclose(out.pillars[:, e], tree.pillar_score.T, rtol=0, atol=1e-9)


@pytest.mark.parametrize("rule", [ARITH, GEO], ids=lambda r: r.name)
def test_zero_policy_pattern_and_node_methods_agree(toy_result, toy_framework, rule):
    plan = Plan.build(toy_framework, toy_result.matrix)
    a = aggregate_batch(plan, *_nominal(plan), rule=rule, policy="zero", method="nodes")
    b = aggregate_batch(plan, *_nominal(plan), rule=rule, policy="zero", method="patterns")
    np.testing.assert_allclose(a.overall, b.overall, rtol=0, atol=1e-9)
    if rule is ARITH:
        # v3 misses toy.a: under 'zero' it scores 0, so env.one = (0 + 50)/2 = 25, env = 37.5 and
        # overall = (2·37.5 + 30)/3 = 35 (instead of 43.33 under 'exclude')
        assert a.overall[0, 2] == pytest.approx(35.0)


@pytest.mark.parametrize("method", ["nodes", "patterns"])
def test_the_geometric_floor_is_the_strict_rule_on_floored_scores(toy_engine, toy_result, toy_framework, method):
    # v2's toy.flag scores 0: the strict geometric rule turns its criterion, pillar and overall score into 0
    plan = Plan.build(toy_framework, toy_result.matrix)
    strict = aggregate_batch(plan, *_nominal(plan), rule=GEO, method=method)
    assert strict.overall[0, 1] == 0.0
    floored = aggregate_batch(plan, *_nominal(plan), rule=GEO, method=method, floor=5.0)
    m = toy_result.matrix
    lifted = dataclasses.replace(m, scores=np.where(m.present, np.maximum(m.scores, 5.0), m.scores))
    tree = toy_engine.aggregate(toy_framework, lifted, aggregators={"criterion": GEO, "pillar": GEO, "overall": GEO})
    np.testing.assert_allclose(floored.overall[0], tree.overall_score, rtol=0, atol=1e-9)
    assert floored.overall[0, 1] > 0.0


@pytest.mark.parametrize("policy", ["exclude", "zero"])
def test_the_floor_gives_the_same_scores_by_patterns_and_by_nodes(toy_result, toy_framework, policy):
    plan = Plan.build(toy_framework, toy_result.matrix)
    iw, cw, pw = _perturbed_weights(plan, 5, seed=7)
    a = aggregate_batch(plan, iw, cw, pw, rule=GEO, policy=policy, method="nodes", floor=2.0)
    b = aggregate_batch(plan, iw, cw, pw, rule=GEO, policy=policy, method="patterns", floor=2.0)
    np.testing.assert_allclose(a.overall, b.overall, rtol=0, atol=1e-9)
    np.testing.assert_allclose(a.pillars, b.pillars, rtol=0, atol=1e-9)
    assert (a.overall[~np.isnan(a.overall)] > 0).all()  # a missing or zero child no longer zeroes a node


def test_perturbed_columns_replace_the_nominal_ones(toy_engine, toy_result, toy_framework):
    plan = Plan.build(toy_framework, toy_result.matrix)
    m = toy_result.matrix
    j = 1  # toy.c
    shifted = np.where(m.present[:, j], np.clip(m.scores[:, j] - 20.0, 0, 100), np.nan)
    scores = m.scores.copy(order="F")
    scores[:, j] = shifted
    tree = toy_engine.aggregate(toy_framework, dataclasses.replace(m, scores=scores))
    for method in ("nodes", "patterns"):
        out = aggregate_batch(plan, *_nominal(plan, 2), perturbed={j: np.tile(shifted, (2, 1))}, method=method)
        np.testing.assert_allclose(out.overall, np.tile(tree.overall_score, (2, 1)), rtol=0, atol=1e-9)


# ---- rules are used through their capabilities, never by name ----

def _power_mean(scores, weights):
    w = np.where(np.isnan(scores), 0.0, weights)
    total = w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.sqrt((np.where(w > 0, scores, 0.0) ** 2 * w).sum(axis=1) / total)
    out[total <= 0] = np.nan
    return out


QUADRATIC = Aggregator("quadratic", _power_mean, "Quadratic mean (a plugin's quasi-arithmetic mean).",
                       mean=QuasiMean(np.square, np.sqrt), plugin="toy")
MIDRANGE = Aggregator("midrange", lambda s, w: (np.nanmax(np.where(w > 0, s, np.nan), axis=1)
                                                + np.nanmin(np.where(w > 0, s, np.nan), axis=1)) / 2,
                      "A plugin rule with neither capability.", plugin="toy")


@pytest.mark.filterwarnings("ignore:All-NaN slice:RuntimeWarning")
@pytest.mark.parametrize("rule", [QUADRATIC, RULES["minimum"], MIDRANGE], ids=lambda r: r.name)
@pytest.mark.parametrize("policy", ["exclude", "zero"])
def test_any_rule_is_batched_from_its_capabilities(toy_engine, toy_result, toy_framework, rule, policy):
    framework = _with_rule(toy_framework, rule)
    plan = Plan.build(framework, toy_result.matrix)
    assert (shared_mean_rule(plan, None) is not None) == (rule.mean is not None)
    iw, cw, pw = _perturbed_weights(plan, 3, seed=11)
    methods = ["nodes", "patterns"] if rule.mean is not None else ["nodes"]
    zero = {"policy": "zero", "min_coverage": 0.0} if policy == "zero" else None
    engine_fw = framework if zero is None else _with_policy(framework, zero)
    for method in methods:
        out = aggregate_batch(plan, iw, cw, pw, policy=policy, method=method)
        for e in range(3):
            tree = toy_engine.aggregate(engine_fw, toy_result.matrix,
                                        weights={"indicator": iw[e], "criterion": cw[e], "pillar": pw[e]})
            np.testing.assert_allclose(out.overall[e], tree.overall_score, rtol=0, atol=1e-9, err_msg=method)
            np.testing.assert_allclose(out.pillars[:, e], tree.pillar_score.T, rtol=0, atol=1e-9, err_msg=method)


def _with_policy(framework, policy):
    from villagescore.model import MissingDataPolicy

    pol = MissingDataPolicy(**policy)
    pillars = tuple(dataclasses.replace(p, missing=pol, criteria=tuple(
        dataclasses.replace(c, missing=pol) for c in p.criteria)) for p in framework.pillars)
    return dataclasses.replace(framework, missing=pol, pillars=pillars)


def test_a_rule_replaces_only_the_rules_that_name_it_interchangeable(toy_result, toy_framework):
    framework = _with_rule(toy_framework, RULES["minimum"])
    plan = Plan.build(framework, toy_result.matrix, {r.name: r for r in BUILTIN_AGGREGATORS})
    assert plan.alternatives == ()  # minimum declares no interchangeable rule
    nominal = aggregate_batch(plan, *_nominal(plan))
    swapped = aggregate_batch(plan, *_nominal(plan), rule=GEO)
    np.testing.assert_array_equal(nominal.overall, swapped.overall)
    plan = Plan.build(toy_framework, toy_result.matrix, {r.name: r for r in BUILTIN_AGGREGATORS})
    assert [r.name for r in plan.alternatives] == ["weighted_arithmetic", "weighted_geometric"]


# ---- the default framework: sector blocks split per village ----


def _multi_sector(result):
    return result.frame["sectors"].str.contains(";").to_numpy()


def test_the_default_framework_has_sector_blocks(bundled):
    _engine, framework, result = bundled
    assert any(p.sector_weight is not None for p in framework.pillars)
    assert _multi_sector(result).sum() >= 3


@pytest.mark.parametrize("method", ["nodes", "patterns"])
def test_nominal_batch_equals_the_engine_on_the_bundled_villages(bundled, method):
    _engine, framework, result = bundled
    plan = Plan.build(framework, result.matrix)
    out = aggregate_batch(plan, *_nominal(plan, 2), method=method)
    for e in range(2):
        np.testing.assert_allclose(out.overall[e], result.tree.overall_score, rtol=0, atol=1e-9)
        np.testing.assert_allclose(out.pillars[:, e], result.tree.pillar_score.T, rtol=0, atol=1e-9)


@pytest.mark.parametrize("method", ["nodes", "patterns"])
@pytest.mark.parametrize(("rule", "policy", "floor"), [(ARITH, None, 0.0), (ARITH, "zero", 0.0), (GEO, None, 0.0),
                                                       (GEO, "zero", 0.0), (GEO, None, 1.0)],
                         ids=["arithmetic", "arithmetic-zero", "geometric", "geometric-zero", "geometric-floor"])
def test_perturbed_batch_equals_the_engine_on_the_bundled_villages(bundled, method, rule, policy, floor):
    engine, framework, result = bundled
    plan = Plan.build(framework, result.matrix)
    iw, cw, pw = _perturbed_weights(plan, 3, seed=5)
    out = aggregate_batch(plan, iw, cw, pw, rule=rule, policy=policy, method=method, floor=floor)
    fw = framework if policy is None else _with_policy(framework, {"policy": "zero", "min_coverage": 0.0})
    m = result.matrix
    if floor:  # the floor is the strict rule on floored scores
        m = dataclasses.replace(m, scores=np.where(m.present, np.maximum(m.scores, floor), m.scores))
    multi = _multi_sector(result)
    for e in range(3):
        tree = engine.aggregate(fw, m, weights={"indicator": iw[e], "criterion": cw[e], "pillar": pw[e]},
                                aggregators={"criterion": rule, "pillar": rule, "overall": rule})
        np.testing.assert_allclose(out.overall[e], tree.overall_score, rtol=0, atol=1e-9)
        np.testing.assert_allclose(out.pillars[:, e], tree.pillar_score.T, rtol=0, atol=1e-9)
        if rule is ARITH or floor:  # the split block shows in the scores of villages with two sectors
            assert (tree.pillar_score[multi][:, :3] > 0).all()
