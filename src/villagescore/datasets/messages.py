"""Layout mistakes in plain words: a title above the table, notes beside it, a misspelt column name.

What people do to a table in a spreadsheet, said the way they would fix it (never pandas'
``Unnamed: 81``).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from ..errors import Count
from ..i18n import N_
from .collector import Collector, shown_value
from .model import MAX_COLUMNS, REQUIRED_IDENTITY
from .sheet_tail import UNNAMED_VALUE, UNNAMED_VALUES
from .workbook import column_letters

_UNNAMED = re.compile(r"Unnamed: [0-9]+(?:[._][0-9]+)?")

_SAVED_INDEX = N_("column {column} has no name in row 1 and holds the numbers 0, 1, 2 …: the table was saved with "
                  "pandas' index; save it with index=False (df.to_csv(path, index=False)), or delete that column")


def refuse_wide_header(name: str, columns: int) -> None:
    """Refuse a header of more than :data:`MAX_COLUMNS` columns at once, in one problem (before any cell is read)."""
    if columns <= MAX_COLUMNS:
        return
    from ..errors import DatasetError, problem

    msg = N_("the header has {n} columns; a dataset has at most {limit} (one per field, as in Excel): check that this "
             "is a dataset with one row per village-year and one column per field, and that its columns are "
             "separated as expected")
    raise DatasetError([problem(name, "row 1", msg, params={"n": Count(columns), "limit": Count(MAX_COLUMNS)},
                                rule="too_many_columns")])


def is_blank_header(name: Any) -> bool:
    """A header cell left empty (pandas calls it ``Unnamed: 3`` in a workbook)."""
    text = str(name).strip()
    return not text or _UNNAMED.fullmatch(text) is not None


def header_row_below(frame: pd.DataFrame) -> int | None:
    """The sheet row that holds the column names when row 1 does not (a title above the table)."""
    if sum(c in frame.columns for c in REQUIRED_IDENTITY) >= 3:
        return None
    for k in range(min(10, len(frame))):
        cells = {_header_id(v) for v in frame.iloc[k].tolist() if isinstance(v, str)}
        if len(cells & set(REQUIRED_IDENTITY)) >= 3:
            return int(frame.index[k]) + 2 if pd.api.types.is_integer_dtype(frame.index.dtype) else k + 2
    return None


def _header_id(cell: str) -> str:
    """The column id a header cell names: the id itself, the survey's ``label`` over ``id``, or an identity label."""
    from ..catalogue.aliases import alias_key
    from ..template import identity_labels

    lines = [line.strip() for line in cell.replace("\r", "\n").split("\n") if line.strip()]
    last = lines[-1].strip("[]() ") if lines else ""
    if last in REQUIRED_IDENTITY:
        return last
    by_label = {alias_key(text): cid for cid, texts in identity_labels().items() for text in texts.values()}
    return by_label.get(alias_key(" ".join(lines)), last)


def report_blank_headers(frame: pd.DataFrame, blank: list[int], col: Collector, workbook: bool) -> bool:
    """Report columns without a name that hold values (notes beside the table); empty ones are ignored.

    A first column of the numbers 0, 1, 2 … is pandas' index, written by ``to_csv`` without
    ``index=False``: said so, with that fix.
    """
    found = False
    for j in blank:
        values = frame.iloc[:, j]
        filled = np.flatnonzero(values.notna().to_numpy())
        if filled.size == 0:
            continue
        where = column_letters(j + 1) if workbook else str(j + 1)
        if j == 0 and filled.size == len(values) and _counts_from_zero(values):
            col.file(_SAVED_INDEX, "row 1", "no_header", params={"column": where})
            found = True
            continue
        first = values.iloc[filled[0]]
        params = {"column": where, "row": col.rows[filled[0]], "value": repr(shown_value(first)),
                  "more": Count(filled.size - 1)}
        col.file(UNNAMED_VALUES if filled.size > 1 else UNNAMED_VALUE, "row 1", "no_header", params=params)
        found = True
    return found


def _counts_from_zero(values: pd.Series) -> bool:
    """Whether ``values`` are the whole numbers 0, 1, 2 … in order (as text or numbers): a saved pandas index."""
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    return bool(np.array_equal(numbers, np.arange(len(numbers), dtype=float)))
