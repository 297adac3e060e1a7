"""The engine's column-by-column path for built-in rules equals the general ``score_level`` path.

``Engine.aggregate`` computes nodes whose rule is built in one child column at a time (for speed);
any other rule goes through ``score_level``. Both must give the same scores, coverage, flags and
normalised weights, for every built-in rule, missing-data policy, memory layout and node size.
"""

import numpy as np
import pytest

from villagescore.aggregation import BUILTIN_AGGREGATORS
from villagescore.kernel import LevelWeights, aggregate_node, score_level
from villagescore.model import MissingDataPolicy

POLICIES = [MissingDataPolicy("exclude", 2 / 3), MissingDataPolicy("exclude", 0.0), MissingDataPolicy("zero"),
            MissingDataPolicy("fail")]
RULES = list(BUILTIN_AGGREGATORS)


def _case(n, k, seed, order):
    rng = np.random.default_rng(seed)
    scores = np.round(rng.uniform(0, 100, (n, k)), 1)
    scores[rng.random((n, k)) < 0.05] = 0.0
    applicable = rng.random((n, k)) > 0.15
    present = applicable & (rng.random((n, k)) > 0.2)
    scores = np.where(present, scores, np.nan)
    weights = rng.uniform(0.1, 3.0, k)
    weights[rng.random(k) < 0.1] = 0.0
    return (np.asarray(scores, order=order), weights, np.asarray(applicable, order=order),
            np.asarray(present, order=order))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: f"{p.policy}-{p.min_coverage:.2f}")
@pytest.mark.parametrize("k", [1, 2, 5, 17, 129])
@pytest.mark.parametrize("by_column", [True, False])
def test_fast_path_equals_score_level(rule, policy, k, by_column):
    scores, weights, applicable, present = _case(300, k, seed=k, order="F" if by_column else "C")
    want_score, want_cov, want_na, want_norm = score_level(scores, weights, applicable, present, policy, rule)
    score = np.full(300, np.nan)
    coverage = np.full(300, np.nan)
    na = np.zeros(300, dtype=bool)
    kept = aggregate_node(scores, weights, applicable, present, policy, rule, score, coverage, na, slice(0, k),
                 by_column=by_column)
    level = LevelWeights((300, k), [kept])
    np.testing.assert_allclose(score, want_score, rtol=1e-12, atol=1e-12, equal_nan=True)
    np.testing.assert_allclose(coverage, want_cov, rtol=1e-12, atol=1e-12, equal_nan=True)
    np.testing.assert_array_equal(na, want_na)
    np.testing.assert_allclose(level.build(), want_norm, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: f"{p.policy}-{p.min_coverage:.2f}")
@pytest.mark.parametrize("per_village", [False, True])
def test_villages_taken_a_block_at_a_time_give_the_same_bits(rule, policy, per_village, monkeypatch):
    from villagescore.kernel import node

    n, k = 1000, 9
    scores, weights, applicable, present = _case(n, k, seed=3, order="F")
    if per_village:  # per-village weights (a pillar's sector block): some villages weigh a child 0
        weights = np.asarray(np.outer(np.random.default_rng(4).uniform(0, 2, n), weights), order="F")
        weights[:300, 2] = 0.0

    def run():
        out = (np.full(n, np.nan), np.full(n, np.nan), np.zeros(n, dtype=bool))
        kept = aggregate_node(scores, weights, applicable, present, policy, rule, *out, slice(0, k),
                              by_column=True)
        return (*out, LevelWeights((n, k), [kept]).build())

    whole = run()
    monkeypatch.setattr(node, "ROW_BLOCK", 128)  # 1,000 villages: 8 blocks, the last one short
    blocked = run()
    for a, b in zip(whole, blocked, strict=True):
        np.testing.assert_array_equal(a, b)  # bit for bit: every operation is per village
