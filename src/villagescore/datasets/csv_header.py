"""Where a CSV's column names are when row 1 does not hold them: a title, notes or blank rows above the table.

Said as for a workbook (:func:`~villagescore.datasets.messages.header_row_below`), instead of
what pandas makes of such a file (every row "longer than the header", or "no columns").
"""

from __future__ import annotations

import csv
import io
import itertools

import pandas as pd

from ..errors import DatasetError, problem
from ..i18n import N_
from .csv_rows import csv_field_limit
from .files import fail
from .messages import header_row_below

__all__ = ["header_further_down", "blank_rows_above"]


def header_further_down(text: str, name: str, sep: str) -> DatasetError | None:
    """The error for column names below row 1 (a title, notes or blank rows above the table); ``None`` if not found.

    The first 11 rows are looked at, as a workbook's are (:func:`~villagescore.datasets.messages.header_row_below`).
    """
    try:
        with csv_field_limit(len(text)):
            head = list(itertools.islice(csv.reader(io.StringIO(text), delimiter=sep), 11))
    except csv.Error:  # a quote astray in the first rows: said by the caller
        return None
    width = max((len(r) for r in head), default=0)
    frame = pd.DataFrame([r + [None] * (width - len(r)) for r in head[1:]], columns=range(width),
                         index=range(len(head) - 1))
    row = header_row_below(frame)
    if row is None:
        return None
    if not any(cell.strip() for r in head[: row - 1] for cell in r):
        msg = N_("the column names are on row {row}, not on row 1: the row(s) above them are blank; delete them, "
                 "so that row 1 holds the column names")
        return DatasetError([problem(name, "row 1", msg, params={"row": row}, rule="header_row")])
    msg = N_("the column names are on row {row}, not on row 1: delete the row(s) above them (a title or notes above "
             "the table); row 1 must hold the column names")
    return DatasetError([problem(name, "row 1", msg, params={"row": row}, rule="header_row")])


def blank_rows_above(text: str, name: str) -> DatasetError:
    """The error for a file whose first row is blank and whose column names were not found below it."""
    lines = text.splitlines()
    blank = next(k for k, line in enumerate(lines) if line.strip())  # the file is not blank (checked on reading)
    msg = N_("the first {n} row(s) are blank: the file must start with the column names on row 1; delete the blank "
             "rows")
    return fail(name, msg, "row 1", {"n": blank})
