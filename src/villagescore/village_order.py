"""The order the engine scores rows in: by village id, then year (found without sorting the frame itself)."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["sorted_by_village_year", "village_year_order"]


def sorted_by_village_year(frame: pd.DataFrame) -> bool:
    """True when rows are already in (village_id, year) order, so no sort (and copy) is needed."""
    if len(frame) < 2:
        return True
    ids = frame["village_id"].to_numpy(dtype=object)
    years = frame["year"].to_numpy(dtype=float, na_value=np.nan)
    if any(not isinstance(v, str) for v in (ids[0], ids[-1])):
        return False
    try:
        after = ids[1:] > ids[:-1]
        same = ids[1:] == ids[:-1]
    except TypeError:  # mixed types: let sort_values decide
        return False
    return bool(np.all(after | (same & (years[1:] >= years[:-1]))))


def village_year_order(frame: pd.DataFrame) -> np.ndarray:
    """The row order of ``frame.sort_values(["village_id", "year"], kind="stable")``, computed on integer codes.

    Village ids are factorised in sorted order once, then rows are ordered by (code, year)
    with a stable lexicographic sort: no comparison of Python strings per pair, and only
    one copy of the frame (the caller's ``take``). Missing years go last, as with pandas.
    """
    ids = frame["village_id"]
    if pd.api.types.infer_dtype(ids, skipna=False) != "string":  # mixed or missing ids: pandas decides
        return frame.reset_index(drop=True).sort_values(["village_id", "year"], kind="stable").index.to_numpy()
    codes, _ = pd.factorize(ids, sort=True)
    years = frame["year"].to_numpy(dtype=float, na_value=np.nan)
    return np.lexsort((years, codes))
