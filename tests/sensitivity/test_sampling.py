"""villagescore.sensitivity.sampling: the draws of every group, rules drawn among interchangeable ones."""

from __future__ import annotations

import dataclasses

import numpy as np

from villagescore import sensitivity as sa
from villagescore.sensitivity.sampling import Draws

OFF = dict(weights="off", aggregation=False, threshold_spread=0.0, missing=False, data=False)


def _plan(toy_registry, toy_result, framework):
    return sa.Plan.build(framework, toy_result.matrix, toy_registry.aggregators)


def test_the_rule_is_drawn_among_the_interchangeable_rules(toy_registry, toy_result, toy_framework):
    plan = _plan(toy_registry, toy_result, toy_framework)
    assert [r.name for r in plan.alternatives] == ["weighted_arithmetic", "weighted_geometric"]
    draws = Draws(plan, sa.Settings(**dict(OFF, aggregation=True)), 400)
    chosen = np.array([plan.alternatives[c].name for c in draws.rule_choice])
    assert 0.4 < (chosen == "weighted_geometric").mean() < 0.6
    ids = np.repeat(np.arange(400)[:, None], len(sa.GROUPS), axis=1)
    # the toy framework is arithmetic: its ratings count in the samples that keep that rule
    np.testing.assert_array_equal(draws.keeps_rule(ids), chosen == "weighted_arithmetic")


def test_a_framework_without_interchangeable_rules_keeps_its_rules(toy_registry, toy_result, toy_framework):
    minimum = toy_registry.aggregators["minimum"]
    pillars = tuple(dataclasses.replace(p, aggregator=minimum) for p in toy_framework.pillars)
    framework = dataclasses.replace(toy_framework, aggregator=minimum, pillars=pillars)
    criteria_rules = {c.aggregator.name for c in framework.criteria}
    plan = _plan(toy_registry, toy_result, framework)
    # the criteria are still arithmetic: their rule and its alternative remain the choices
    assert criteria_rules == {"weighted_arithmetic"} and len(plan.alternatives) == 2
    draws = Draws(plan, sa.Settings(**dict(OFF, aggregation=True)), 50)
    ids = np.repeat(np.arange(50)[:, None], len(sa.GROUPS), axis=1)
    assert draws.keeps_rule(ids).all()  # the overall node (minimum) never changes: every rating counts


def test_switching_a_group_off_leaves_the_other_draws_alone(toy_registry, toy_result, toy_framework):
    plan = _plan(toy_registry, toy_result, toy_framework)
    both = Draws(plan, sa.Settings(**dict(OFF, weights="dirichlet", missing=True)), 30)
    weights_only = Draws(plan, sa.Settings(**dict(OFF, weights="dirichlet")), 30)
    np.testing.assert_array_equal(both.w_ind, weights_only.w_ind)
    assert weights_only.zero is None and both.zero is not None
