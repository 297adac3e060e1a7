"""villagescore.factorize: grouping cells by object first gives exactly what pandas.factorize gives."""

import decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from villagescore.factorize import FEW, MIN_CELLS, factorize


def _same(values):
    codes, uniques = factorize(values)
    want_codes, want_uniques = pd.factorize(values, use_na_sentinel=True)
    assert codes.dtype == want_codes.dtype
    np.testing.assert_array_equal(codes, want_codes)
    assert len(uniques) == len(want_uniques)
    for got, want in zip(uniques, want_uniques, strict=True):
        assert got is want  # the same objects (the first cell of each value), in the same order


def _copies(text, n):
    """``n`` distinct str objects equal to ``text`` (as a parser that makes each cell anew would)."""
    return ["".join(list(text)) if len(text) > 1 else text for _ in range(n)]


# few objects, many cells, as validation leaves a category column; equal values as distinct objects; values equal
# across types (1, 1.0, True) whose text differs; every kind of missing cell
POOL = ["A", "B", "loai_a", "Cột A", "", " ", "nan", "None", 1, 1.0, True, 0, False, 2.5, None, np.nan, float("nan"),
        pd.NA, pd.NaT, decimal.Decimal("1"), decimal.Decimal("NaN"), ("t",), b"A"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(range(len(POOL))), min_size=1, max_size=12), st.integers(0, 2**32 - 1),
       st.booleans(), st.integers(0, 3 * MIN_CELLS))
def test_the_codes_and_uniques_are_pandas_own(picks, seed, text_only, n):
    rng = np.random.default_rng(seed)
    pool = [POOL[k] for k in picks]
    if text_only:
        pool = [v if isinstance(v, str) or v is None or v is np.nan else str(v) for v in pool]
    cells = np.empty(n, dtype=object)
    cells[:] = [pool[k] for k in rng.integers(0, len(pool), n)]
    # some cells as other objects of the same text
    for k in rng.integers(0, max(n, 1), min(n, 50)) if n else ():
        if isinstance(cells[k], str):
            cells[k] = _copies(cells[k], 1)[0]
    _same(cells)
    _same(pd.Series(cells))
    _same(cells[::3])  # not contiguous


def test_a_validated_category_column_and_its_edges():
    n = 3 * MIN_CELLS
    base = np.array(["loai_a", "loai_b", None, "loai_c"], dtype=object)
    _same(base[np.arange(n) % 4])
    _same(np.array(_copies("loai_a", n), dtype=object))  # one value, every cell its own object
    _same(np.array([str(k) for k in range(n)], dtype=object))  # every cell distinct: pandas on its own
    for distinct in (FEW, FEW + 1, 5 * FEW):  # each object's first cell looked for apart, or in one pass
        values = np.array([f"v{k}" for k in range(distinct)] + [None], dtype=object)
        _same(values[np.random.default_rng(distinct).integers(0, distinct + 1, n)])
    _same(np.full(n, np.nan, dtype=object))  # nothing but missing cells
    _same(np.array(["x"] * 5, dtype=object))  # short: pandas on its own
    _same(np.array([], dtype=object))


@pytest.mark.parametrize("values", [np.arange(MIN_CELLS * 2, dtype=float) % 7,
                                    pd.Series(["a", "b"] * MIN_CELLS, dtype="string"),
                                    pd.Series(pd.Categorical(["b", "a"] * MIN_CELLS))])
def test_other_columns_go_to_pandas_as_they_are(values, monkeypatch):
    import villagescore.factorize as module

    def no_addresses(*args, **kwargs):
        raise AssertionError("a column that is not of Python objects is grouped by address")

    monkeypatch.setattr(module.np, "frombuffer", no_addresses)
    codes, uniques = factorize(values)
    monkeypatch.undo()
    want_codes, want_uniques = pd.factorize(values, use_na_sentinel=True)
    np.testing.assert_array_equal(codes, want_codes)
    assert type(uniques) is type(want_uniques) and list(uniques) == list(want_uniques)
