"""Which ``7.000``-like cells are ambiguous: the field's range may leave the decimal reading alone."""

from types import SimpleNamespace

import numpy as np

from villagescore.datasets.ambiguous import ambiguous_cells


def _cells(texts, minimum=None, maximum=None):
    text = np.array(texts, dtype=object)
    values = np.array([float(t) for t in texts])
    field = SimpleNamespace(minimum=minimum, maximum=maximum)
    return ambiguous_cells(values, np.arange(len(texts)), text, field).tolist()


def test_a_thousands_reading_beyond_the_maximum_leaves_the_decimal():
    assert _cells(["1.125", "7.000", "0.125", "1.1250"], minimum=0, maximum=50) == [False, False, False, False]


def test_a_thousands_reading_within_the_range_stays_ambiguous():
    assert _cells(["1.125", "7.000", "0.125"], minimum=0, maximum=10000) == [True, True, False]
    assert _cells(["1.125", "-7.000"]) == [True, True]
    assert _cells(["-7.000"], minimum=-100) == [False]
