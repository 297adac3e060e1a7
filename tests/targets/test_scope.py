"""Unclassified village-years and the range of values they leave open: hand-computed cases."""

import pandas as pd
import pytest

from villagescore.targets.measure import _condition
from villagescore.targets.model import Target
from villagescore.targets.scope import population, value_range

from .test_measure import _data


def _xw(x, w=None):
    return pd.DataFrame({"x": x, "w": w or [1.0] * len(x)}, dtype=float)


def test_share_range():
    # 1 of 2 measured; unclassified: 1, 0, 1. Highest: both 1s in, 3/4; lowest: the 0 in, 1/3
    low, high = value_range("share", _xw([1, 0]), _xw([1, 0, 1]))
    assert (low, high) == (pytest.approx(100 / 3), 75.0)


def test_weighted_mean_range():
    # base 10 (w 1); candidates 20 (w 1), 0 (w 3): highest (10 + 20) / 2 = 15, lowest 10 / 4 = 2.5
    assert value_range("mean", _xw([10]), _xw([20, 0], [1, 3])) == (2.5, 15.0)


def test_sum_and_count_ranges():
    assert value_range("sum", _xw([5, 5]), _xw([3, -2])) == (8.0, 13.0)
    assert value_range("count", _xw([1, 0, 1]), _xw([1, 0])) == (2.0, 3.0)


def test_an_empty_filter_value_or_no_sectors_is_unclassified_not_out_of_scope():
    rows = [("A", 2025, "good", ("w",)), ("A", 2025, "good", ("w",)), ("A", 2025, "good", ()),
            ("A", 2025, "good", ("r",))]
    data = _data(rows, indicators={"status": ["t", None, "t", "t"]})
    target = Target(id="t", label={}, source={}, confidence="secondary", year=2025, unit="share_of_villages", op=">=",
                    value=50.0, measure={"statistic": "share", "condition": {"rating_at_least": "good"},
                                         "population": {"sectors": ["w"],
                                                        "where": [{"indicator": "status", "op": "==", "value": "t"}]}})
    surely, unclassified, empty = population(data, target, _condition)
    assert surely.tolist() == [True, False, False, False]
    assert unclassified.tolist() == [False, True, True, False]  # status empty; sectors not recorded
    assert empty == ["sectors", "status"]
