"""villagescore.numbers: the one JSON rounding rule."""

import math
import random

import numpy as np
import pytest

from villagescore.numbers import json_number, json_numbers, round_like_python


def test_rounding_is_pythons_round_for_every_element():
    rng = random.Random(5)
    values = [rng.uniform(-1e3, 1e3) for _ in range(20_000)]
    values += [k / 1e4 + 0.00005 for k in range(2_000)] + [k / 1e6 + 5e-7 for k in range(2_000)]
    values += [0.0, -0.0, 1e12 + 0.123456789, -1e-9, float("nan")]
    for digits in (4, 6):
        got = round_like_python(np.array(values), digits)
        for x, y in zip(values, got.tolist(), strict=True):
            if math.isnan(x):
                assert math.isnan(y)
                continue
            want = round(x, digits)
            assert y == want, (x, y, want)
            assert math.copysign(1, y) == 1 or y != 0, x  # no -0.0


@pytest.mark.parametrize(("x", "digits", "want"), [
    (None, 4, None), (float("nan"), 4, None), (np.float64("nan"), 6, None), (-0.00001, 4, 0.0), (-0.0, 4, 0.0),
    (53.74999, 2, 53.75), (1.23456789, 6, 1.234568), (np.int64(7), 4, 7.0), (2.5, 0, 2.0),
])
def test_json_number(x, digits, want):
    got = json_number(x, digits)
    assert got == want and (got is None) == (want is None)
    if got == 0:
        assert math.copysign(1, got) == 1  # never -0.0


def test_json_numbers_is_json_number_for_every_element():
    rng = random.Random(7)
    values = [rng.uniform(-10, 10) for _ in range(5_000)] + [k / 1e4 + 0.00005 for k in range(500)]
    values += [-1e-9, float("nan"), 0.0]
    for digits in (4, 6):
        got = json_numbers(np.array(values), digits).tolist()
        assert got == [json_number(v, digits) for v in values]


def test_round_like_python_is_numpys_round_where_python_agrees_and_pythons_elsewhere():
    rng = np.random.default_rng(11)
    values = rng.random((2000, 50)) * 10.0 ** rng.integers(-3, 12, (2000, 50))
    values[rng.random(values.shape) < 0.1] = np.nan
    values[0, :6] = [np.inf, -np.inf, 1e308, -1e-9, 0.5, 2.675]
    for digits in (0, 2, 4, 6):
        got = round_like_python(values, digits)
        with np.errstate(over="ignore", invalid="ignore"):
            expected = np.where(np.isfinite(values), [[round(x, digits) if math.isfinite(x) else x
                                                       for x in row] for row in values.tolist()], values) + 0.0
        assert np.array_equal(got, expected, equal_nan=True)
        assert not np.signbit(got[got == 0]).any()
    with pytest.raises(ValueError, match="0 or more"):
        round_like_python(values, -1)


def _next_to_halves(rng, digits, count):
    """Values on, and a few doubles either side of, halves ``(k + 0.5) / 10**digits`` of all magnitudes."""
    out = []
    for _ in range(count):
        x = (rng.randint(-10 ** rng.randint(0, 13), 10 ** rng.randint(0, 13)) + 0.5) / 10 ** digits
        for _ in range(rng.randint(0, 3)):
            x = math.nextafter(x, math.inf if rng.random() < 0.5 else -math.inf)
        out.append(x)
    return out


@pytest.mark.parametrize("digits", range(10))
def test_values_next_to_a_half_are_rounded_as_python_rounds_them(digits):
    from villagescore.numbers import _halves

    values = _next_to_halves(random.Random(digits), digits, 20_000) + [0.5, -0.5, 2.5, 1.5 / 10 ** digits]
    want = np.array([round(x, digits) for x in values]) + 0.0
    got = round_like_python(np.array(values), digits)
    assert got.tobytes() == want.tobytes()
    matrix = np.asfortranarray(np.array(values[:20_000]).reshape(200, 100))  # column-major, as the engine's
    assert round_like_python(matrix, digits).tobytes() == want[:20_000].tobytes()
    decided = _halves(np.array(values), digits)  # the exact path alone: Python's answer, or NaN (asks Python)
    known = ~np.isnan(decided)
    assert (decided[known] + 0.0).tobytes() == want[known].tobytes()
    assert known.any() == (digits <= 7)


@pytest.mark.parametrize("digits", [7, 9, 11])
def test_beyond_six_decimals_every_element_is_rounded_by_python(digits):
    rng = np.random.default_rng(digits)
    values = np.concatenate([[988084500.0000001, -2.5e-8, 1e15 + 0.5, 0.0, -0.0, np.nan, np.inf],
                             rng.uniform(-1e9, 1e9, 2_002), rng.uniform(-1, 1, 2_002)]).reshape(-1, 7)
    got = round_like_python(values, digits)
    want = [round(x, digits) + 0.0 if np.isfinite(x) else x for x in values.reshape(-1).tolist()]
    assert got.shape == values.shape
    assert got.reshape(-1).tobytes() == np.array(want).tobytes()
