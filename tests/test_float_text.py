"""orjson's numbers, used where they are spelled exactly as json.dumps spells them."""

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from villagescore.float_text import (
    HIGH,
    LOW,
    float_reprs,
    float_rows,
    float_table,
    orjson_spells_like_repr,
    ten_thousandths_table,
)

#: Values at and around every boundary of both spellings (positional / scientific notation).
EDGES = [0.0, 1.0, -1.0, 0.1, 0.1 + 0.2, 1 / 3, 2.5, 100.0, 123456789.0, 4690145.66,
         LOW, -LOW, math.nextafter(LOW, 0), math.nextafter(LOW, 1), 1e-5, 5e-05, 1e-7, 5.73e-08, 5e-324,
         HIGH, -HIGH, math.nextafter(HIGH, 0), math.nextafter(HIGH, math.inf), 1e15, 9999999999999998.0,
         1.2345678901234568e17, 1e21, 1.7976931348623157e308, -1.7976931348623157e308]


def _json_texts(values):
    return [json.dumps(x) for x in values]


def test_every_edge_value_is_written_as_repr():
    assert [t[:-1] for t in float_reprs(np.array(EDGES))] == _json_texts(EDGES)


def test_a_million_random_magnitudes_are_written_as_repr():
    rng = np.random.default_rng(7)
    values = rng.random(1_000_000) * 10.0 ** rng.integers(-12, 22, 1_000_000) * rng.choice([-1, 1], 1_000_000)
    values[::97] = np.round(values[::97], 4)
    assert [t[:-1] for t in float_reprs(values)] == [repr(x) for x in values.tolist()]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=50))
def test_any_finite_floats_are_written_as_repr(values):
    assert [t[:-1] for t in float_reprs(np.array(values))] == _json_texts(values)


def test_rows_are_the_json_arrays_of_the_rows_with_null_for_nan():
    a = np.array([[1.5, math.nan, 0.0], [100.0, 0.1234, 4690145.66]])
    expected = [json.dumps(r, separators=(",", ":")).replace("NaN", "null") for r in a.tolist()]
    assert [b"[" + r + b"]" for r in float_rows(a)] == [e.encode("ascii") for e in expected]


@pytest.mark.parametrize("shape", [(1, 1), (1, 5), (6, 1), (40, 7)])
def test_rows_of_any_shape_are_cut_where_they_end(shape):
    a = np.round(np.random.default_rng(5).normal(0, 100, size=shape), 3)
    a[::3, ::2] = math.nan
    expected = [json.dumps(r, separators=(",", ":")).replace("NaN", "null")[1:-1].encode("ascii") for r in a.tolist()]
    assert float_rows(a) == expected


def test_rows_are_refused_when_a_cell_would_be_spelled_otherwise():
    for odd in (1e-5, math.inf, -math.inf, -0.0, 1e16):
        assert float_rows(np.array([[1.0, odd]])) is None
    assert float_rows(np.empty((3, 0))) is None
    assert float_rows(np.empty((0, 3))) is None


def test_the_installed_orjson_passes_the_probe():
    assert orjson_spells_like_repr()


def test_an_orjson_that_spells_otherwise_is_not_used(monkeypatch):
    from villagescore import float_text as floats

    monkeypatch.setattr(floats, "orjson_spells_like_repr", lambda: False)
    values = np.array([1.5, 20.0, 1e-5])
    assert float_reprs(values) == ["1.5,", "20.0,", "1e-05,"]
    assert float_rows(np.array([[1.5, 20.0]])) is None
    assert float_table(values, b";", b",").tolist() == [b"1,5;", b"20,0;", b"1e-05;"]


def _table_texts(values, end=b"", decimal=b"."):
    return [t.decode("ascii") for t in float_table(np.asarray(values, dtype=float), end, decimal).tolist()]


def test_the_fixed_width_table_holds_repr_of_every_edge_value_then_the_end():
    edges = [*EDGES, -0.0, math.inf, -math.inf, *(-x for x in EDGES)]
    assert _table_texts(edges) == [repr(x) for x in edges]
    assert _table_texts(edges, b",") == [repr(x) + "," for x in edges]
    assert _table_texts(edges, b"\n", b",") == [repr(x).replace(".", ",") + "\n" for x in edges]
    assert float_table(np.array([1.0, 123.25]), b",").dtype == np.dtype("S7")
    assert float_table(np.array([]), b",").tolist() == []


def test_the_fixed_width_table_of_a_million_random_magnitudes_is_repr():
    rng = np.random.default_rng(11)
    values = rng.random(1_000_000) * 10.0 ** rng.integers(-12, 22, 1_000_000) * rng.choice([-1, 1], 1_000_000)
    values[::97] = np.round(values[::97], 4)
    assert _table_texts(values, b";") == [repr(x) + ";" for x in values.tolist()]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(allow_nan=False), min_size=1, max_size=50), st.sampled_from([b"", b",", b";", b"\n"]))
def test_the_fixed_width_table_of_any_floats_is_repr(values, end):
    assert _table_texts(values, end) == [repr(x) + end.decode() for x in values]


def _tenths_texts(values, end=b"", decimal=b"."):
    """The cells of :func:`ten_thousandths_table` without their NULs (as the packed rows delete them) and ``end``."""
    table = ten_thousandths_table(np.asarray(values, dtype=float), end, decimal)
    if table is None:
        return None
    texts = [bytes(row).replace(b"\0", b"").decode("ascii") for row in table.view(np.uint8).reshape(len(table), -1)]
    assert all(t.endswith(end.decode()) for t in texts)
    return [t[:len(t) - len(end)] for t in texts]


def test_ten_thousandths_are_written_as_repr_at_their_edges():
    edges = [0.0, -0.0, 1.0, -1.0, 0.0001, -0.0001, 0.001, 0.1, 0.12, 1.2345, 10.5, 38.4663, 99.9999, 100.0,
             999999999.9999, -999999999.9999, 123456789.0, 1000.0, 0.5, 7.07, 1000001.0, 1001.0, 1000000.5,
             100200300.0042, -20000.03]
    for end, decimal in ((b"", b"."), (b",", b"."), (b"\n", b","), (b";", b",")):
        assert _tenths_texts(edges, end, decimal) == [repr(x).replace(".", decimal.decode()) for x in edges]


def test_random_ten_thousandths_are_written_as_repr():
    rng = np.random.default_rng(5)
    for high in (10**6, 10**13 - 1):  # scores, and up to the largest magnitude written so
        values = rng.integers(-high, high, 200_000) / 1e4
        assert _tenths_texts(values, b",") == [repr(x) for x in values.tolist()]
    scores = np.round(rng.random(200_000) * 100, 4)
    assert _tenths_texts(scores, b"\n") == [repr(x) for x in scores.tolist()]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=30))
def test_any_floats_are_written_as_repr_or_declined(values):
    texts = _tenths_texts(values, b",")
    assert texts is None or texts == [repr(x) for x in values]
    rounded = [round(x, 4) for x in values if math.isfinite(x) and abs(x) < 1e9]
    assert not rounded or _tenths_texts(rounded, b",") == [repr(x) for x in rounded]


def test_numbers_of_more_decimals_or_too_large_are_declined():
    for values in ([1e-5], [0.1 + 0.2], [1 / 3], [math.nan], [math.inf], [1e9], [5e-324], [1.0, 2.00001], []):
        assert ten_thousandths_table(np.array(values, dtype=float)) is None
