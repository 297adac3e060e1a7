"""Codes of a column of text cells, grouped by the identity of the cells first.

A validated category column, the ``sectors`` column or a context column of 100,000 village-years
holds a handful of distinct Python objects (validation gives every cell of one value the same
string), yet :func:`pandas.factorize` hashes each cell's text: ≈ 3 ms per column, paid by every
``categorical`` indicator and every threshold chosen by a context column. :func:`factorize` first
groups the cells by the object they are (their addresses, hashed as integers: ≈ 0.5 ms), then
lets pandas factorise one cell of each object: the same codes and uniques as
``pandas.factorize(values, use_na_sentinel=True)``, whatever the cells (``tests/test_factorize.py``).
"""

from __future__ import annotations

import ctypes
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["factorize", "MIN_CELLS", "FEW"]

#: Below this many cells pandas factorises the column itself (the first grouping would not pay).
MIN_CELLS = 4096
#: Up to this many distinct objects, each one's first cell is looked for on its own (one pass each).
FEW = 64


def factorize(values: Any) -> tuple[np.ndarray, Any]:
    """``pandas.factorize(values, use_na_sentinel=True)``: codes (``-1``: a missing cell) and uniques.

    ``values``: a 1-d array or Series. An array of Python objects is grouped by object first;
    one object may stand for many cells, and equal objects still share one code (pandas
    factorises one cell of each object, in the order they first appear, so its uniques are the
    same objects in the same order). Any other column (a Series of another dtype: text, category,
    nullable numbers …) goes to pandas as it is.
    """
    if isinstance(values, pd.Series) and values.dtype != object:  # text, category, nullable …: pandas' own way
        return pd.factorize(values, use_na_sentinel=True)
    cells = values.to_numpy() if isinstance(values, pd.Series) else values
    if not isinstance(cells, np.ndarray) or cells.dtype != object or cells.ndim != 1 or len(cells) < MIN_CELLS:
        return pd.factorize(values, use_na_sentinel=True)
    cells = np.ascontiguousarray(cells)
    # each cell's address (the array holds the objects' pointers): read while ``cells`` holds the objects
    addresses = np.frombuffer((ctypes.c_size_t * len(cells)).from_address(cells.ctypes.data), dtype=np.uintp)
    which, objects = pd.factorize(addresses)  # numbered in the order each object first appears
    if len(objects) > len(cells) // 2:  # mostly distinct objects: grouping them first would not pay
        return pd.factorize(values, use_na_sentinel=True)
    if len(objects) <= FEW:  # where each object first appears: argmax stops at the first match
        first = np.array([np.argmax(which == k) for k in range(len(objects))], dtype=np.intp)
    else:  # where the running highest number rises
        first = np.flatnonzero(np.diff(np.maximum.accumulate(which), prepend=-1))
    codes, uniques = pd.factorize(cells[first], use_na_sentinel=True)
    return codes[which], uniques
