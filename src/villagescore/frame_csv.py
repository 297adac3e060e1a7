"""The CSV lines of a chunk of a frame's rows from fixed-width cells: numpy copies bytes, the padding is then deleted.

Joining a chunk of a national CSV report cell by cell touches a Python object per cell
(2.2 million at 100,000 village-years). Here each column of a chunk becomes a table of UTF-8
cells, each followed by its delimiter (or the line end) and padded with NUL to the column's
widest: a column of few distinct values is factorised and each distinct cell written once, a
column of mostly distinct ones (ids, names, scores) is written cell by cell, floats by
:func:`~villagescore.float_text.float_table` without an object per number. The rows are one
numpy record array filled a column at a time by ``numpy.take``, and ``bytes.translate`` deletes
the padding (:func:`villagescore.fixed_rows.packed_rows`, as the XLSX writer's rows are made).

:func:`packed_chunk` gives the csv module's bytes for the rows, as
:func:`villagescore.outputs.write_frame_csv` promises: a cell is formatted as the csv module
formats it (``repr`` of a float, ``str`` of anything else, text neutralised), and a cell the
csv module quotes is written by the csv module. It gives ``None`` where the padding could not
be told from the cells (a cell holding a NUL, which the csv module writes as it is) or would cost
more than :data:`MOST_PADDED` times the bytes held (a few long texts among short ones): the
caller then joins the cells one by one.

:func:`frame_columns` factorises each column of repeated cells for the whole frame once, before
the chunks (and before they are shared with forked copies): a chunk then only takes its rows'
cells. A column of mostly distinct texts or floats (ids, names, scores) is made chunk by chunk: its table
would cost as much and be held whole. A column whose cells cannot be made whole (a cell holding a NUL, too much padding,
numbers or dates among texts …) is made chunk by chunk as before; the bytes never depend on
the way taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .fixed_rows import fixed, packed_rows
from .outputs import FORMULA_PREFIXES

__all__ = ["MOST_PADDED", "FrameColumns", "frame_columns", "packed_chunk"]

#: A chunk's padded rows are at most this many times the bytes they hold (else its cells are joined).
MOST_PADDED = 3.0


@dataclass
class FrameColumns:
    """A frame's columns as numpy arrays, taken once before the chunks are made (and shared with forked copies).

    ``values[j]``: column ``j`` (numbers as they are, anything else as objects); ``texts[j]``:
    whether it is taken as objects; ``distinct[j]``: whether its first cells are mostly distinct
    (ids, names: not worth factorising); ``whole[j]``: a factorised column's cells for the whole
    frame as ``(codes, table)``, or ``None``: made per chunk (a column of mostly distinct cells
    too). ``style``: the delimiter and decimal mark the whole cells were made with.
    """

    frame: Any
    values: list[np.ndarray]
    texts: list[bool]
    distinct: list[bool]
    whole: list[tuple[np.ndarray | None, np.ndarray] | None] = field(default_factory=list)
    style: tuple[str, str] = (",", ".")


#: A column whose first :data:`SAMPLE` cells hold more than this share of distinct values is taken cell by cell.
MOST_DISTINCT = 0.25
SAMPLE = 1000


def frame_columns(frame: Any, delimiter: str = ",", decimal: str = ".") -> FrameColumns:
    """The :class:`FrameColumns` of a pandas frame, its repeated cells made whole for ``delimiter`` and ``decimal``."""
    import pandas as pd

    columns = FrameColumns(frame, [], [], [], style=(delimiter, decimal))
    for j in range(frame.shape[1]):
        series = frame.iloc[:, j]
        numbers = isinstance(series.dtype, np.dtype) and series.dtype.kind in "fbiu"
        values = series.to_numpy() if numbers else series.to_numpy(dtype=object)
        columns.values.append(values)
        columns.texts.append(not numbers)
        sample = values[:SAMPLE]
        try:
            columns.distinct.append(len(pd.factorize(sample)[1]) > MOST_DISTINCT * len(sample))
        except TypeError:  # cells that cannot be hashed (a list …): written cell by cell
            columns.distinct.append(True)
    n, width = len(frame), frame.shape[1]
    for j in range(width if n and width >= 2 else 0):
        end = delimiter if j < width - 1 else "\n"
        if columns.distinct[j] and (columns.texts[j] or columns.values[j].dtype.kind == "f"):
            columns.whole.append(None)  # each row's cell: made per chunk (below)
            continue
        made = _number_cells(columns.values[j], columns.distinct[j], end, decimal) if not columns.texts[j] else \
            _text_cells(columns, j, 0, n, end, delimiter, decimal)
        # a table of each row's cell (ids, names, scores) costs as much made per chunk and would be held whole
        # (a column of distinct integers is rare, and kept: its codes and table, ≈ 1 MB at 100,000 rows);
        # only factorised columns are kept, their codes as small as numpy takes them
        columns.whole.append(None if made is None or made[0] is None else
                             (made[0].astype(np.min_scalar_type(-len(made[1]) - 1), copy=False), made[1]))
    return columns


def packed_chunk(columns: FrameColumns, start: int, stop: int, delimiter: str = ",",
                 decimal: str = ".") -> bytes | None:
    """The UTF-8 CSV lines of rows ``start:stop``, or ``None`` (see the module).

    ``delimiter`` separates the cells, ``decimal`` is a float's decimal mark (one character each).
    """
    width = len(columns.values)
    whole = columns.whole if columns.style == (delimiter, decimal) else []
    coded: list[tuple[np.ndarray | None, np.ndarray]] = []
    for j in range(width):
        end = delimiter if j < width - 1 else "\n"
        cells = whole[j] if whole else None
        if cells is not None:
            codes, table = cells
            coded.append((codes[start:stop], table) if codes is not None else (None, table[start:stop]))
            continue
        made = _number_cells(columns.values[j][start:stop], columns.distinct[j], end, decimal) \
            if not columns.texts[j] else \
            _text_cells(columns, j, start, stop, end, delimiter, decimal)
        if made is None:
            return None
        coded.append(made)
    return packed_rows(coded, stop - start, MOST_PADDED)


def _number_cells(values: np.ndarray, distinct: bool, end: str, decimal: str) -> tuple[np.ndarray | None, np.ndarray]:
    """``(codes, table)`` of a column of numbers: its distinct cells (then a missing one) and each row's place.

    ``distinct`` floats: ``codes`` ``None``, the table holds each row's cell, in order.
    """
    import pandas as pd

    from .float_text import float_table, ten_thousandths_table

    if distinct and values.dtype.kind == "f":
        present = ~np.isnan(values)
        given = values[present]
        texts = ten_thousandths_table(given, end.encode("ascii"), decimal.encode("ascii"))  # scores: NULs inside
        if texts is None:
            texts = float_table(given, end.encode("ascii"), decimal.encode("ascii"))
        if present.all():
            return None, texts
        table = np.full(len(values), end.encode("ascii"), dtype=f"S{max(texts.itemsize, len(end))}")
        table[present] = texts
        return None, table
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if values.dtype.kind != "f":
        return codes, fixed([*map(str, uniques.tolist()), ""], end)
    uniques = np.asarray(uniques, dtype=float)
    zero = values == 0
    if zero.any():  # -0.0 and 0.0 are one value to factorize, two texts
        sign = np.signbit(values)
        codes[zero & sign] = len(uniques)
        codes[zero & ~sign] = len(uniques) + 1
        uniques = np.concatenate([uniques, [-0.0, 0.0]])
    table = float_table(uniques, end.encode("ascii"), decimal.encode("ascii"))
    codes[codes < 0] = len(table)  # a missing cell: the end alone
    return codes, _with_piece(table, end.encode("ascii"))


#: The start of a line (of a cell, joined by line ends after one) that a spreadsheet would read as a formula.
_FORMULA = re.compile("\n[" + re.escape("".join(FORMULA_PREFIXES)) + "]")


def _text_cells(columns: FrameColumns, j: int, start: int, stop: int, end: str, delimiter: str,
                decimal: str) -> tuple[np.ndarray | None, np.ndarray] | None:
    """``(codes, table)`` of column ``j`` of objects on rows ``start:stop``; ``None``: a cell holds a NUL.

    ``codes`` ``None``: the table holds each row's cell, in order. A cell the csv module quotes
    is written by the csv module.
    """
    import pandas as pd

    from .factorize import factorize
    from .outputs import _SPECIAL, _csv_lines, _csv_texts, neutralise

    values = columns.values[j][start:stop]
    codes, joined, neutralised = None, None, False
    if columns.distinct[j]:
        texts = values.tolist()
        try:  # no cell missing: all are texts
            joined = "\n".join(texts)
        except TypeError:
            for k in np.flatnonzero(pd.isna(values)).tolist():  # what Series.isna says of the same objects
                texts[k] = ""
    else:  # factorize's missing cells (-1) are those of pandas.isna
        try:
            codes, uniques = factorize(values)  # pandas' codes, cells grouped by object first
        except TypeError:  # a cell that cannot be hashed (a list …): the column-by-column writer writes it
            return None
        codes[codes < 0] = len(uniques)
        texts = [*uniques.tolist(), ""]
    try:
        joined = "\n".join(texts) if joined is None else joined
    except TypeError:  # numbers, dates … among the texts: as the column-by-column writer writes each cell
        codes, texts, neutralised = None, _csv_texts(columns.frame.iloc[start:stop, j], decimal), True
        joined = "\n".join(texts)
    if "\0" in joined:  # the csv module writes it as it is: the padding could not be told from it
        return None
    if not neutralised and _FORMULA.search("\n" + joined) is not None:
        texts = list(map(neutralise, texts))
    if joined.count("\n") != len(texts) - 1 or delimiter in joined or '"' in joined or "\r" in joined:
        texts = [_csv_lines([[t]], delimiter)[:-1] if _SPECIAL[delimiter].search(t) else t for t in texts]
    table = fixed(texts, end, MOST_PADDED)
    return None if table is None else (codes, table)


def _with_piece(table: np.ndarray, piece: bytes) -> np.ndarray:
    """``table`` (numpy ``S``) with ``piece`` appended, at the wider of the two widths."""
    out = np.empty(len(table) + 1, dtype=f"S{max(table.itemsize, len(piece))}")
    out[:-1] = table
    out[-1] = piece
    return out
