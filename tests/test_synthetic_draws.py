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
