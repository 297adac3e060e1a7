"""The weights built once per pattern of weight inputs are every village's weights, bit for bit."""

import dataclasses

import numpy as np
import pytest

from villagescore.aggregation import BUILTIN_AGGREGATORS
from villagescore.kernel import LevelWeights, aggregate_node
from villagescore.kernel import weight_rows as weight_rows_module
from villagescore.kernel.weight_rows import weight_patterns
from villagescore.model import MissingDataPolicy


def _same_bits(a, b):
    return a.shape == b.shape and np.ascontiguousarray(a).tobytes() == np.ascontiguousarray(b).tobytes()


def _check(levels, n):
    which, first = weight_patterns(levels, n)
    assert which.shape == (n,)
    assert first.tolist() == sorted(set(first.tolist()))
    assert which[first].tolist() == list(range(len(first)))  # numbered in order of first appearance
    if n:
        assert (np.maximum.accumulate(which)[1:] - np.maximum.accumulate(which)[:-1]).max(initial=0) <= 1
    for level in levels:
        assert _same_bits(level.build(first)[which], level.build())
    return which, first


def _level(n, k, seed, *, per_village=False, general=False, kinds=3):
    """One level of nodes of a few children, drawn from ``kinds`` patterns per column (so rows repeat)."""
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, kinds, n)
    scores = np.round(rng.uniform(0, 100, (kinds, k)), 1)[pick]
    applicable = (rng.random((kinds, k)) > 0.2)[pick]
    present = applicable & (rng.random((kinds, k)) > 0.25)[pick]
    scores[~present] = np.nan
    scores, applicable, present = (np.asfortranarray(a) for a in (scores, applicable, present))
    weights = rng.uniform(0.1, 3.0, (kinds, k))[pick] if per_village else rng.uniform(0.1, 3.0, k)
    rule = BUILTIN_AGGREGATORS[0]
    if general:  # a rule without capabilities: the general path keeps its effective weights
        rule = dataclasses.replace(rule, mean=None)
    level = LevelWeights((n, k))
    score, coverage, na = np.empty((n, 2)), np.empty((n, 2)), np.empty((n, 2), dtype=bool)
    for node, sl in enumerate((slice(0, k // 2), slice(k // 2, k))):
        w = weights[:, sl] if per_village else weights[sl]
        level.nodes.append(aggregate_node(scores[:, sl], w, applicable[:, sl], present[:, sl],
                                          MissingDataPolicy("exclude", 0.5), rule, score[:, node], coverage[:, node],
                                          na[:, node], sl, by_column=not general))
    return level


@pytest.mark.parametrize("n", [0, 1, 7, 8, 9, 1000, 1003])
@pytest.mark.parametrize("per_village", [False, True])
def test_patterns_rebuild_every_village_s_weights(n, per_village):
    levels = [_level(n, 9, 1, per_village=per_village), _level(n, 70, 2), _level(n, 5, 3, general=True)]
    assert levels[2].nodes[0].effective is not None and levels[1].nodes[0].effective is None
    which, first = _check(levels, n)
    assert len(first) <= min(n, 3 * 3 * 3)


def test_villages_of_distinct_inputs_are_distinct_patterns():
    levels = [_level(500, 6, 4, per_village=True, kinds=500)]
    which, first = _check(levels, 500)
    assert len(first) > 1


def test_a_hash_collision_falls_back_to_exact_numbering(monkeypatch):
    levels = [_level(1000, 9, 5, per_village=True, kinds=6), _level(1000, 12, 6)]
    want = weight_patterns(levels, 1000)
    monkeypatch.setattr(weight_rows_module, "_M", np.uint64(0))  # the hash is the last word alone: collisions
    exact, original = [], weight_rows_module._exact
    monkeypatch.setattr(weight_rows_module, "_exact", lambda *a: exact.append(1) or original(*a))
    got = _check(levels, 1000)
    assert exact
    assert got[0].tolist() == want[0].tolist() and got[1].tolist() == want[1].tolist()


def test_the_engine_s_tree_rebuilt_by_pattern(bundled):
    _, _, result = bundled
    tree = result.tree
    which, first = tree.weight_patterns()
    assert tree.weight_patterns() is tree.weight_patterns()  # worked out once
    _check(list(tree._weights.values()), len(result))
    assert _same_bits(result.overall_weights(), result.overall_weights(slice(0, len(result))))
    assert _same_bits(result.overall_weights(first[::-1]), result.overall_weights(slice(0, len(result)))[first[::-1]])
