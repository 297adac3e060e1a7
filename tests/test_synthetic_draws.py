"""villagescore.synthetic_draws: values drawn per field, redrawn inside the plausibility checks."""

import numpy as np

from villagescore.objects import Check, Field
from villagescore.synthetic_draws import plausible


def _check(left, right, op, factor):
    return Check(id=f"t.{left}_{'max' if op == '<=' else 'min'}", left=left, right=right, op=op, factor=factor,
                 message={"vi": "x", "en": "x"}, source="[E] test")


def test_values_outside_a_check_are_redrawn_inside_it_and_the_others_kept():
    rng = np.random.default_rng(1)
    workers = np.array([10.0, 500.0, 3.0, np.nan, 40.0])
    households = np.array([5.0, 10.0, 10.0, 4.0, np.nan])
    columns = {"workers": workers.copy(), "households": households}
    fmap = {"workers": Field("workers", {"vi": "Lao động", "en": "Workers"}, "integer", minimum=0)}
    plausible(columns, fmap, [_check("workers", "households", "<=", 20.0), _check("workers", "households", ">=", 1.0)],
              rng)
    got = columns["workers"]
    assert got[0] == 10.0  # inside both bounds: unchanged
    assert 10.0 <= got[1] <= 200.0 and got[1] == int(got[1])  # above 20 × households: redrawn under it
    assert got[2] >= 10.0  # below 1 × households: redrawn above it
    assert np.isnan(got[3]) and got[4] == 40.0  # a missing value, or a missing bound: never touched
    assert np.array_equal(workers[[0, 4]], got[[0, 4]])


def test_a_redraw_that_breaks_a_check_met_earlier_in_the_round_is_redrawn_until_none_breaks():
    """Audit 13 #5: two passes left a check broken by a later redraw (a chain of three bounds here)."""
    columns = {"a": np.array([9.0]), "b": np.array([9.5]), "c": np.array([10.0]), "d": np.array([2.0])}
    checks = [_check("a", "b", "<=", 1.0), _check("b", "c", "<=", 1.0), _check("c", "d", "<=", 1.0)]
    plausible(columns, {}, checks, np.random.default_rng(3))
    assert columns["a"][0] <= columns["b"][0] <= columns["c"][0] <= 2.0


def test_checks_that_contradict_each_other_stop_after_the_last_round_and_are_said():
    from villagescore.synthetic_draws import broken_checks

    columns = {"w": np.array([5.0, 50.0]), "h": np.array([1.0, 10.0]), "k": np.array([100.0, 3.0])}
    checks = [_check("w", "h", "<=", 2.0), _check("w", "k", ">=", 1.0)]  # row 1: w ≤ 2 and w ≥ 100, never both
    plausible(columns, {}, checks, np.random.default_rng(1))
    broken = broken_checks(columns, checks)
    assert set(broken) <= {"t.w_max", "t.w_min"} and sum(broken.values()) == 1  # row 2 fits both in the end
    assert 3.0 <= columns["w"][1] <= 20.0


def test_the_checks_see_the_values_as_written():
    """Review 7 #5: bod5 176.7675 passed 0.8 × cod 220.96 (176.768), then was written 176.77 and broke it."""
    from villagescore.synthetic_draws import DECIMALS, broken_checks

    label = {"vi": "x", "en": "x"}
    fmap = {"bod5": Field("bod5", label, minimum=0), "cod": Field("cod", label, minimum=0)}
    columns = {"bod5": np.array([176.7675, 100.0]), "cod": np.array([220.96, 220.96])}
    checks = [_check("bod5", "cod", "<=", 0.8)]
    plausible(columns, fmap, checks, np.random.default_rng(1))
    written = {k: np.round(v, DECIMALS) for k, v in columns.items()}
    assert broken_checks(written, checks) == {}
    assert columns["bod5"][1] == 100.0  # met as written: kept
