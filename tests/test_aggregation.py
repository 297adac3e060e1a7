"""Built-in aggregation rules, against values worked out by hand."""

import numpy as np

from villagescore import aggregation

nan = np.nan


def test_weighted_arithmetic_renormalises_over_present_children():
    scores = np.array([[80.0, 40.0, 100.0], [80.0, nan, 100.0]])
    weights = np.array([[1.0, 1.0, 2.0], [1.0, 0.0, 2.0]])
    out = aggregation.weighted_arithmetic(scores, weights)
    # row 0: (80 + 40 + 200) / 4 = 80 ; row 1: (80 + 200) / 3 = 93.333…
    np.testing.assert_allclose(out, [80.0, 280 / 3])


def test_weighted_geometric_penalises_imbalance_and_zero():
    scores = np.array([[100.0, 25.0], [50.0, 50.0], [0.0, 100.0]])
    weights = np.ones((3, 2))
    out = aggregation.weighted_geometric(scores, weights)
    # sqrt(100·25) = 50 < arithmetic 62.5 ; sqrt(50·50) = 50 ; any zero → 0
    np.testing.assert_allclose(out, [50.0, 50.0, 0.0])
    weighted = aggregation.weighted_geometric(np.array([[100.0, 10.0]]), np.array([[3.0, 1.0]]))
    # 100^(3/4) · 10^(1/4) = 10^(1.5 + 0.25) = 10^1.75
    np.testing.assert_allclose(weighted, [10 ** 1.75])


def test_minimum_ignores_absent_children():
    scores = np.array([[70.0, 20.0, 90.0], [70.0, nan, 90.0]])
    weights = np.array([[1.0, 1.0, 1.0], [1.0, 0.0, 1.0]])
    np.testing.assert_allclose(aggregation.minimum(scores, weights), [20.0, 70.0])


def test_rows_without_weight_are_missing_for_every_rule():
    scores = np.array([[nan, nan]])
    weights = np.zeros((1, 2))
    for agg in aggregation.BUILTIN_AGGREGATORS:
        assert np.isnan(agg.function(scores, weights)).all(), agg.name
