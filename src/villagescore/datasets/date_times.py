"""The cells of a date column that hold a moment rather than a day: a time of day, or a time zone.

A CSV's ``survey_date`` is a day written ``YYYY-MM-DD``; ``2024-06-15 13:45`` is refused. A DataFrame
(or a workbook) hands over datetimes instead: cutting a time off, or taking a zoned moment's day in its
own zone (06:30 in Hà Nội is 23:30 the day before in UTC), would choose the day silently, and the CSV
``to_csv`` writes of such a frame is refused. So these cells are found here, to be refused too.
Whole columns are looked at, by dtype, or for an object column through ``map`` in C: no Python step
per row.
"""

from __future__ import annotations

import datetime
import itertools
import operator

import numpy as np
import pandas as pd

__all__ = ["moments"]


def moments(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``(zoned, timed)``: the cells of ``column`` that are datetimes with a time zone, and naive ones with a time.

    A naive datetime at midnight is a day (a workbook's date cell), neither; text is neither (the
    date format checks it).
    """
    n = len(column)
    none = np.zeros(n, dtype=bool)
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        return column.notna().to_numpy(), none
    if pd.api.types.is_datetime64_dtype(column.dtype):
        return none, _with_time(column.to_numpy())
    if column.dtype != object:
        return none, none
    cells = column.to_numpy(dtype=object)
    if not any(issubclass(kind, datetime.datetime) for kind in set(map(type, cells))):
        return none, none
    is_datetime = np.fromiter(map(isinstance, cells, itertools.repeat(datetime.datetime)), dtype=bool, count=n)
    positions = np.flatnonzero(is_datetime)
    found = cells[positions]
    zones = np.fromiter(map(operator.attrgetter("tzinfo"), found), dtype=object, count=len(found))
    has_zone = np.not_equal(zones, None)
    zoned, timed = none.copy(), none.copy()
    zoned[positions[has_zone]] = True
    naive = found[~has_zone]
    if len(naive):
        stamps = pd.to_datetime(pd.Series(naive, dtype=object), errors="coerce").to_numpy()
        timed[positions[~has_zone]] = _with_time(stamps)
    return zoned, timed


def _with_time(values: np.ndarray) -> np.ndarray:
    """Which ``datetime64`` values are not at midnight (NaT: none)."""
    days = values.astype("datetime64[D]")
    return ~np.isnat(values) & (values != days.astype(values.dtype))
