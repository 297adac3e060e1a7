"""The ranked rows' JSON cells made whole-column once, before the pieces are shared out.

A national comparison's ranked rows are written 10,000 at a time (:meth:`RankingRows.json_bytes
<villagescore.compare.ranking.RankingRows.json_bytes>`). Made piece by piece, each piece took its
texts in rank order (a Python object touched per cell: in a forked copy, a page copied for each
object's count), looked at their kind, hashed its repeated texts and encoded them again. Here each
column's cells are made once, for every row, as fixed-width UTF-8 (:mod:`villagescore.fixed_rows`):
numbers by :func:`~villagescore.float_text.float_table` in rank order; texts from the column as it
was before ranking (the snapshot's order), repeated ones factorised and each distinct text encoded
once, mostly distinct ones (ids, names) cut out of one joined text. A piece then only takes its rows'
cells (numpy, no Python object), here and in the copies, which share these tables with this process
and never write to them.

The cells are those of making each piece on its own (:meth:`RankingRows._cell_tables`): a column
this cannot make so (a value of another kind, a number the encoder refuses or writes otherwise,
too much padding) is left to the pieces, which make it as before.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..fixed_rows import fixed
from ..resultdoc.encoding import encode_text
from .common import LazyColumn, factorize_texts

__all__ = ["WholeCells", "whole_cells"]

#: A whole column's table padded to more than this many times its bytes is left to the pieces.
MOST_PADDED = 3.0
#: Texts read first to tell ids and names (cut out of one text) from repeated texts (factorised).
_PROBE = 1_000


class WholeCells:
    """One column's cells for every ranked row: a table and each row's place in it (``codes``).

    ``codes`` ``None``: the table holds each row's cell, in rank order.
    """

    __slots__ = ("codes", "table")

    def __init__(self, codes: np.ndarray | None, table: np.ndarray) -> None:
        self.codes = codes
        self.table = table

    def piece(self, lo: int, hi: int) -> tuple[np.ndarray | None, np.ndarray]:
        """Rows ``lo:hi`` as :func:`~villagescore.fixed_rows.packed_rows` takes a column: ``(codes, table)``."""
        if self.codes is None:
            return None, self.table[lo:hi]
        codes = self.codes[lo:hi]
        if len(self.table) > 4 * len(codes):  # mostly distinct cells: the piece's own, in order (a copy)
            return None, self.table.take(codes)
        return codes, self.table


def whole_cells(values: Any, sectors: Any = None, ranges: dict[tuple[int, int], np.ndarray] | None = None
                ) -> WholeCells | None:
    """The cells of a ranked column (a :class:`LazyColumn`) for every row; ``None``: left to the pieces.

    ``sectors``: the function writing the JSON array of each ``a;b`` sectors text (a column of
    kind ``sectors``). ``ranges``: the tables of integer ranges made for the columns before (the
    ranks of the overall and pillar scores span the same ``1 … n``), each made once.
    """
    if not isinstance(values, LazyColumn) or len(values) == 0:
        return None
    base, at = values.source()
    if values.kind in ("float", "int"):
        return _numbers(base if at is None else base[at], values.kind, {} if ranges is None else ranges)
    if values.kind not in ("sectors", "text") or base.dtype != object:
        return None
    try:
        if values.kind == "sectors":
            codes, uniques = factorize_texts(np.asarray(LazyColumn(base, "sectors").tolist(), dtype=object))
            table = fixed(sectors(uniques.tolist()), "", MOST_PADDED)
            return None if table is None else _placed(codes, table, at)
        return _texts(base, at)
    except (TypeError, ValueError):
        # a value that cannot be hashed (a list, a dict) or encoded (a lone surrogate), or NA among sectors —
        # perhaps in a row left out of the ranking, which the pieces never read: the pieces write the column
        return None


def _placed(codes: np.ndarray, table: np.ndarray, at: np.ndarray | None) -> WholeCells:
    """Cells of the rows before ranking (``codes`` into ``table``), placed in rank order (``at``)."""
    return WholeCells(codes if at is None else codes[at], table)


def _numbers(values: np.ndarray, kind: str, ranges: dict[tuple[int, int], np.ndarray]) -> WholeCells | None:
    """A column of floats (NaN: ``null``) as :func:`~villagescore.compare.ranking._number_table` writes it.

    Years, ranks and shares repeat: each distinct number is written once (integers of a range
    little wider than the column: by their place in it, from :func:`_range_table`; floats: factorised).
    """
    from .ranking import _number_table

    missing = np.isnan(values)
    if missing.all():  # no number: every cell null (the pieces write each None so)
        return WholeCells(np.zeros(len(values), dtype=np.intp), np.array([b"null"]))
    given = values[~missing]
    low, high = given.min(), given.max()
    if kind == "int" and np.isfinite([low, high]).all() and high - low <= len(values) and max(-low, high) < 2.0**53:
        codes = np.where(missing, high - low + 1, values - low).astype(np.intp)
        return _range_table(int(low), int(high), codes, ranges)
    if kind == "float" and 4 * len(np.unique(values[:_PROBE])) <= min(len(values), _PROBE) and \
            not np.signbit(given[given == 0]).any():  # repeated (factorising takes -0.0 for 0.0)
        codes, distinct = pd.factorize(values, use_na_sentinel=True)
        codes[codes < 0] = len(distinct)
    else:
        return _whole_numbers(values, kind)
    table = _number_table(np.asarray(distinct, dtype=float), "integer" if kind == "int" else "floating")
    if table is None:
        return None
    return WholeCells(codes, np.concatenate([table, np.array([b"null"])]))


def _range_table(low: int, high: int, codes: np.ndarray, ranges: dict[tuple[int, int], np.ndarray]
                 ) -> WholeCells | None:
    """The integers ``low … high`` written, then ``null`` (``codes``: each row's place among them).

    A table made for a wider range of the same start and width (``ranges``, by ``(low, width)``)
    gives its first cells: the same texts, the same padding.
    """
    from .ranking import _number_table

    width = max(len(str(low)), len(str(high)))  # the widest integer of a range is at one of its ends
    made = ranges.get((low, width))
    if made is None or len(made) < high - low + 1:
        made = _number_table(np.arange(low, high + 1, dtype=float), "integer")
        if made is None:
            return None
        ranges[(low, width)] = made
    return WholeCells(codes, np.concatenate([made[:high - low + 1], np.array([b"null"])]))


def _whole_numbers(values: np.ndarray, kind: str) -> WholeCells | None:
    """Each number of ``values`` written in its place (as a piece writes its own)."""
    from .ranking import _number_table

    table = _number_table(values, "integer" if kind == "int" else "floating")
    return None if table is None else WholeCells(None, table)


def _texts(base: np.ndarray, at: np.ndarray | None) -> WholeCells | None:
    """Texts (``None``, NaN or NA: ``null``) as their JSON text, from the column before ranking.

    A column holding anything but ``str`` and missing values is left to the pieces.
    """
    from .ranking import _distinct_table

    probe = base[:_PROBE] if at is None else base[at[:_PROBE]]
    if 2 * len(set(probe.tolist())) > len(probe):  # mostly distinct (ids, names): cut out of one text
        table = _distinct_table(base)  # None: a gap, a character escaped, or too padded
        if table is not None:
            return WholeCells(at, table) if at is not None else WholeCells(None, table)
    codes, uniques = factorize_texts(base)  # None, NaN and NA: -1
    listed = uniques.tolist()
    if not all(type(u) is str for u in listed):
        return None
    table = fixed([*map(encode_text, listed), "null"], "", MOST_PADDED)
    if table is None:
        return None
    codes[codes < 0] = len(listed)
    return _placed(codes, table, at)
