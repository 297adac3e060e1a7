"""A row that repeats the column names (two files pasted one under the other): said once, not cell by cell.

Such a row's ``year`` cell is refused as not a number, so only the rows refused there are looked
at (no pass over the whole file): a row whose cells name their own columns (``year``,
``village_id``, a BOM or a survey label before the id allowed) is one problem, "the row repeats
the column names of row 1: delete it", instead of one per cell.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import problem
from ..i18n import N_
from .collector import Collector

__all__ = ["say_repeated_headers"]

#: Rows checked at most (a file with more refused years has other troubles to say).
_LOOKED_AT = 1_000

_MESSAGE = N_("the row repeats the column names of row 1 (two files pasted one under the other?): delete it; the "
              "column names belong in row 1 only")


def say_repeated_headers(frame: pd.DataFrame, col: Collector) -> None:
    """Replace the problems of each row that repeats the column names with one problem saying so."""
    positions = np.concatenate(col.refused.get("year", [np.zeros(0, dtype=np.intp)]))
    if positions.size == 0:
        return
    positions = np.unique(positions)[:_LOOKED_AT]
    repeated = [p for p in positions.tolist() if _names_its_columns(frame.iloc[p])]
    if not repeated:
        return
    wheres = dict.fromkeys(col.where_of(int(col.rows[p])) for p in repeated)  # in the file's order
    kept = [p for p in col.problems if p.where not in wheres]
    first = next(k for k, p in enumerate(col.problems) if p.where in wheres)
    said = [problem(col.name, where, _MESSAGE, rule="repeated_header") for where in wheres]
    col.problems[:] = kept[:first] + said + kept[first:]


def _names_its_columns(row: pd.Series) -> bool:
    """Whether the row's ``year`` cell and most of its other filled cells are their own columns' names."""
    named = filled = 0
    for column, cell in row.items():
        if not isinstance(cell, str) or not cell.strip():
            continue
        filled += 1
        named += _as_name(cell) == column
    return _as_name(row.get("year")) == "year" and 2 * named > filled


def _as_name(cell: object) -> str:
    """A header cell as a column name: its last line (a survey label's id), without a BOM or spaces."""
    if not isinstance(cell, str):
        return ""
    return cell.replace("\ufeff", "").strip().splitlines()[-1].strip() if cell.strip() else ""
