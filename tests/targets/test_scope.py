"""Unclassified village-years and the range of values they leave open: hand-computed cases, and the
vectorised ranges and sector tests against the former per-row loops."""

import itertools

import numpy as np
import pandas as pd
import pytest

from villagescore.targets.measure import _condition
from villagescore.targets.model import Target
from villagescore.targets.scope import _mean_range, _sectors, population, value_range

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


def _greedy_mean_range(bx, bw, cx, cw):
    """The former per-candidate loop of ``_mean_range``: the reference the vectorised one must equal."""
    def extreme(sign):
        s, w = float(np.sum(bx * bw)), float(np.sum(bw))
        for k in np.argsort(-sign * cx, kind="stable"):
            x, wt = float(cx[k]), float(cw[k])
            if wt <= 0:
                continue
            if w <= 0 or sign * (x - s / w) > 0:
                s, w = s + x * wt, w + wt
            else:
                break
        return s / w if w > 0 else None

    return extreme(-1.0), extreme(1.0)


def _every_subset_mean_range(bx, bw, cx, cw):
    """Lowest and highest weighted mean over every subset of the candidates, by enumeration."""
    means = []
    for pick in itertools.product([False, True], repeat=len(cx)):
        p = np.array(pick, dtype=bool)
        w = np.sum(bw) + np.sum(cw[p])
        if w > 0:
            means.append((np.sum(bx * bw) + np.sum(cx[p] * cw[p])) / w)
    return (min(means), max(means)) if means else (None, None)


def _running_mean_extremes(bx, bw, cx, cw):
    """Min and max of the running mean of the base plus the k smallest / k largest candidates, over every k."""
    out = []
    for sign in (-1.0, 1.0):
        order = np.argsort(-sign * cx, kind="stable")
        s = np.cumsum(np.concatenate(([np.sum(bx * bw)], cx[order] * cw[order])))
        w = np.cumsum(np.concatenate(([np.sum(bw)], cw[order])))
        out.append(float(sign * np.max(sign * s[w > 0] / w[w > 0])) if (w > 0).any() else None)
    return tuple(out)


def _close(got, want, tol):
    return all((g is None and w is None) or (None not in (g, w) and g == pytest.approx(w, rel=tol, abs=tol))
               for g, w in zip(got, want, strict=True))


def _case(rng, integer):
    nb, nc = int(rng.integers(0, 4)), int(rng.integers(0, 7))
    if integer:  # shares (0/1) and counts of households: every sum is exact
        bx, cx = rng.integers(0, 2, nb).astype(float), rng.integers(0, 2, nc).astype(float)
        bw, cw = rng.integers(0, 5, nb).astype(float), rng.integers(0, 5, nc).astype(float)
    else:
        bx, cx = rng.normal(0, 50, nb).round(int(rng.integers(0, 4))), rng.normal(0, 50, nc)
        bw, cw = rng.choice([0.0, 0.5, 1.0, 3.25], nb), rng.choice([0.0, 1.0, 2.0, 7.5], nc)
        cx[rng.random(nc) < 0.3] = bx[0] if nb else 0.0  # ties with a base value
    return bx, bw, cx, cw


@pytest.mark.parametrize("integer", [True, False])
def test_vectorised_mean_range_equals_the_former_loop_the_running_mean_extremes_and_every_subset(integer):
    rng = np.random.default_rng(20261206)
    for _ in range(1500):
        bx, bw, cx, cw = _case(rng, integer)
        got = _mean_range(bx, bw, cx, cw)
        want = _greedy_mean_range(bx, bw, cx, cw)
        assert got == want  # every float as the former loop computed it
        assert _close(got, _running_mean_extremes(bx, bw, cx, cw), 1e-12)
        assert _close(got, _every_subset_mean_range(bx, bw, cx, cw), 1e-9)


def test_mean_range_when_every_village_year_is_a_candidate():
    # no measured village-year (blank sectors column): the range spans the candidates alone
    cx, cw = np.array([3.0, 1.0, 2.0, 5.0]), np.array([1.0, 1.0, 0.0, 1.0])
    assert _mean_range(np.array([]), np.array([]), cx, cw) == (1.0, 5.0) == _greedy_mean_range(
        np.array([]), np.array([]), cx, cw)
    assert _mean_range(np.array([]), np.array([]), cx[:0], cw[:0]) == (None, None)
    assert _mean_range(np.array([]), np.array([]), cx[2:3], cw[2:3]) == (None, None)  # weight 0 only


def test_sectors_decided_once_per_distinct_value_equal_the_former_per_row_test():
    rng = np.random.default_rng(5)
    kinds = [(), ("w",), ("r",), ("w", "r"), ("x", "w"), ("x",)]
    rows = [("A", 2025, "good", kinds[k]) for k in rng.integers(0, len(kinds), 300)]
    data = _data(rows)
    for wanted in ({"w"}, {"r", "x"}, {"z"}):
        hit, unknown = _sectors(data, wanted)
        column = data.villages["sectors"]
        assert hit.tolist() == column.map(lambda s, wanted=wanted: bool(wanted & set(s))).tolist()
        assert unknown.tolist() == column.map(lambda s: not s).tolist()
        assert hit.index.equals(column.index)
    first = data.sector_codes()
    assert data.sector_codes() is first  # factorised once, reused by every target
    hit, unknown = _sectors(_data([("A", 2025, "good", None), ("A", 2025, "good", ("w",))]), {"w"})
    assert (hit.tolist(), unknown.tolist()) == ([False, True], [True, False])  # a missing value: not recorded


def test_a_sector_population_target_with_blank_sectors_is_measured_as_before():
    rows = [("A", 2025, "good", ("w",)), ("A", 2025, "poor", ()), ("A", 2025, "good", ()),
            ("A", 2025, "poor", ("r",))]
    target = Target(id="t", label={}, source={}, confidence="secondary", year=2025, unit="share_of_villages", op=">=",
                    value=50.0, measure={"statistic": "share", "condition": {"rating_at_least": "good"},
                                         "population": {"sectors": ["w"]}})
    surely, unclassified, empty = population(_data(rows), target, _condition)
    assert surely.tolist() == [True, False, False, False]
    assert unclassified.tolist() == [False, True, True, False]
    assert empty == ["sectors"]
