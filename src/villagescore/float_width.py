"""Narrow floats (float16, float32) widened to float64 at the number they print as, not at their binary value.

``pandas.DataFrame.to_csv`` writes a float32 cell ``52.8`` as ``52.8`` (its shortest text), and the CSV
reader reads that text as the float64 ``52.8``; converting the float32 to float64 directly gives
``52.79999923706055`` instead. A DataFrame is scored as the CSV written of it (whose hash is the dataset's),
so narrow floats are widened through that same text: numpy's ``astype(str)``, which is what ``to_csv``
calls, whole arrays at a time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["is_narrow_float", "widened", "widen_frame_floats"]


def is_narrow_float(dtype: object) -> bool:
    """Whether ``dtype`` (numpy or pandas) is a float narrower than float64 (float16, float32, ``Float32``)."""
    numpy_dtype = getattr(dtype, "numpy_dtype", dtype)  # pandas' nullable Float32 keeps its numpy dtype here
    return isinstance(numpy_dtype, np.dtype) and numpy_dtype.kind == "f" and numpy_dtype.itemsize < 8


def widened(values: np.ndarray) -> np.ndarray:
    """``values`` (a float16 or float32 array) as float64, each the number its shortest text says."""
    return values.astype(str).astype(np.float64)


def widen_frame_floats(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its narrow float columns widened by :func:`widened` (the frame itself if it has none)."""
    narrow = [i for i, dtype in enumerate(frame.dtypes) if is_narrow_float(dtype)]
    if not narrow:
        return frame
    frame = frame.copy(deep=False)
    for i in narrow:
        column = frame.iloc[:, i]
        values = column.to_numpy(dtype=getattr(column.dtype, "numpy_dtype", column.dtype), na_value=np.nan)
        frame.isetitem(i, pd.Series(widened(values), index=frame.index, name=column.name))
    return frame
