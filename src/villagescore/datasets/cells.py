"""Cells that hold several values (a list, a dict, an array …) where a dataset has one value per cell.

Only a DataFrame built in Python can hold them (``df["sectors"].str.split(";")``); no file
can. They are found before anything reads the cells as texts or numbers, all at once: each
is a problem of its row and column, and the frame is refused with every one of them.
"""

from __future__ import annotations

import reprlib
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DatasetError
from ..i18n import N_
from .collector import Collector

__all__ = ["holds_several", "refuse_non_scalar_cells"]

#: What :func:`pandas.api.types.infer_dtype` says of a column that holds no list, dict or array.
_SCALAR_KINDS = frozenset({"empty", "string", "bytes", "integer", "floating", "mixed-integer-float", "decimal",
                           "complex", "boolean", "datetime64", "datetime", "date", "timedelta64", "timedelta",
                           "time", "period", "interval", "categorical"})
_SEVERAL = (list, tuple, set, frozenset, dict, np.ndarray, pd.Series, pd.Index, pd.DataFrame)
_SHORT = reprlib.Repr()  # keyword arguments only from Python 3.12
_SHORT.maxlist = _SHORT.maxtuple = _SHORT.maxset = _SHORT.maxdict = 4
_SHORT.maxstring, _SHORT.maxother = 30, 60

_ONE_VALUE = N_("the cell holds a Python {kind}, not one value: give one value per cell")
_SECTORS_AS_TEXT = N_("the cell holds a Python {kind}, not one value: write the sectors as one text separated "
                      "by ';' (weaving;sericulture), e.g. df[\"sectors\"] = df[\"sectors\"].str.join(\";\")")


def refuse_non_scalar_cells(frame: pd.DataFrame, name: str, row_labels: Any = None) -> None:
    """Raise :class:`DatasetError` listing every cell of ``frame`` that holds several values.

    Only columns of ``object`` dtype are looked into, and only those whose values
    :func:`~pandas.api.types.infer_dtype` does not find all of one scalar kind; a column of
    pyarrow's nested types (a list, a struct) is refused cell by cell where not empty.
    """
    col = None  # made only for a frame with such a cell (it reads every village id)
    for position, column in enumerate(frame.columns):
        series = frame.iloc[:, position]
        mask = _several(series)
        if mask is None or not mask.any():
            continue
        col = col or Collector(name, frame, row_labels)
        values = series.to_numpy(dtype=object)
        positions = np.flatnonzero(mask)
        kinds = np.array([type(v).__name__ for v in values[positions]])
        shown = values.copy()
        shown[positions] = [_SHORT.repr(v) for v in values[positions]]
        for kind in sorted(set(kinds.tolist())):  # one template per kind of container, each cell its own problem
            of_kind = np.zeros(len(values), dtype=bool)
            of_kind[positions[kinds == kind]] = True
            col.cells(of_kind, str(column), shown, "one_value", _SECTORS_AS_TEXT if column == "sectors" else _ONE_VALUE,
                      params={"kind": kind})
    if col is not None:
        raise DatasetError(col.problems)


def holds_several(series: pd.Series) -> bool:
    """Whether a cell of ``series`` holds several values (a list, a dict, an array …)."""
    mask = _several(series)
    return mask is not None and bool(mask.any())


def _several(series: pd.Series) -> np.ndarray | None:
    """Mask of the cells of ``series`` holding several values; ``None`` when the column cannot hold any."""
    dtype = series.dtype
    pyarrow_type = getattr(dtype, "pyarrow_dtype", None)
    if pyarrow_type is not None:
        import pyarrow as pa

        return series.notna().to_numpy(dtype=bool) if pa.types.is_nested(pyarrow_type) else None
    if not pd.api.types.is_object_dtype(dtype) or pd.api.types.infer_dtype(series, skipna=True) in _SCALAR_KINDS:
        return None
    # each distinct type of the column judged once (a mixed column of 10**6 cells has a handful), not each cell
    values = series.to_numpy(dtype=object)
    codes, types = pd.factorize(np.fromiter(map(type, values), dtype=object, count=len(values)))
    several = np.array([issubclass(kind, _SEVERAL) for kind in types] + [False], dtype=bool)
    return several[codes]

