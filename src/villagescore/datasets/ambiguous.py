"""Numbers like ``7.000`` (7 or 7000?) in a number column: which are ambiguous, which the field's range decides.

A dot before one group of three digits reads as a decimal point or as a thousands separator.
Such a text cell is refused, never read silently, unless the field's range leaves one reading:
``1.125`` in a field of maximum 50 cannot be 1125, so it is the decimal written (the dot is the
file's decimal mark, nothing is reinterpreted) — but never a cell ending in a zero (``150.000``),
and only when nothing in the file shows the dot as a thousands separator
(:func:`shows_dot_thousands`): then every such cell is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from .numbers import DOT_GROUPS, DOT_GROUPS_IN_TEXT, text_cells

__all__ = ["ambiguous_cells", "ambiguous_text", "refuse_ambiguous", "shows_dot_thousands",
           "thousands_out_of_range"]


def refuse_ambiguous(values: np.ndarray, bad: np.ndarray, positions: np.ndarray, text: np.ndarray, fld: Any,
                     range_decides: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """``(values, bad)`` of a number column with its :func:`ambiguous_cells` made NaN and flagged.

    ``range_decides``: whether the field's range may pick the decimal reading (false when the
    file shows the dot as a thousands separator: every ``d.ddd`` cell is then refused).
    """
    ambiguous = ambiguous_cells(values, positions, text, fld, range_decides)
    if not ambiguous.any():
        return values, bad
    return np.where(ambiguous, np.nan, values), bad | ambiguous


def ambiguous_cells(values: np.ndarray, positions: np.ndarray, text: np.ndarray, fld: Any,
                    range_decides: bool = True) -> np.ndarray:
    """The cells of a column to refuse as ambiguous: :func:`ambiguous_text` less :func:`thousands_out_of_range`.

    ``values`` holds each cell's plain reading, ``positions``/``text`` the column's text cells;
    with ``range_decides`` false no cell is left to the field's range.
    """
    ambiguous = ambiguous_text(len(values), positions, text)
    if ambiguous.any() and range_decides:
        ambiguous &= ~thousands_out_of_range(values, ambiguous, fld)
    return ambiguous


def ambiguous_text(n: int, positions: np.ndarray, text: np.ndarray) -> np.ndarray:
    """Text cells like ``7.000`` (7 or 7000?) that a plain number parser would silently read as 7."""
    mask = np.zeros(n, dtype=bool)
    if not len(text) or DOT_GROUPS_IN_TEXT.search("\n".join(text)) is None:
        return mask  # one scan of the column's text finds no such number
    found = np.fromiter((DOT_GROUPS.fullmatch(v.strip()) is not None for v in text), dtype=bool, count=len(text))
    mask[positions[found]] = True
    return mask


def thousands_out_of_range(values: np.ndarray, ambiguous: np.ndarray, fld: Any) -> np.ndarray:
    """Of the ``ambiguous`` cells, those whose thousands reading lies outside ``fld``'s ``minimum``/``maximum``.

    ``values`` holds each cell's decimal reading (``1.125``); the thousands reading is that
    times 1000 (``1125``: three digits follow the one dot). A cell whose last digit is a zero
    (``150.000``, ``2.500``) is left out: people write such a decimal without its trailing zeros, so
    it is far likelier a thousand typed beyond the range (150,000 in a field of maximum 100,000)
    than the decimal it reads as, and it stays refused.
    """
    none = np.zeros(len(values), dtype=bool)
    if fld.minimum is None and fld.maximum is None:
        return none
    thousands = np.round(np.where(ambiguous, values, np.nan) * 1000.0)
    with np.errstate(invalid="ignore"):
        low = thousands < fld.minimum if fld.minimum is not None else none
        high = thousands > fld.maximum if fld.maximum is not None else none
        decimal_like = np.mod(thousands, 10.0) != 0  # 1.125, not 150.000
    return ambiguous & (low | high) & decimal_like


def shows_dot_thousands(columns: Iterable[tuple[pd.Series, Any]]) -> bool:
    """Whether a text cell of the file's number columns (``(column, field)`` pairs) uses '.' for thousands.

    A cell like ``4.500.000`` (several dot groups) does, and so does a ``d.ddd`` cell whose
    thousands reading fits its field's range (its decimal reading is then ambiguous or refused):
    in such a file ``150.000`` may be 150000 even where the range would take 150, so the range
    no longer picks the decimal reading of any cell. Only columns with text cells are looked at,
    and a cell one by one only in a column whose text holds such a number.
    """
    for series, fld in columns:
        _, text = text_cells(series)
        if not len(text) or DOT_GROUPS_IN_TEXT.search("\n".join(text)) is None:
            continue
        for cell in text:
            cell = cell.strip()
            if DOT_GROUPS.fullmatch(cell) is None:
                continue
            thousands = float(cell.replace(".", ""))
            if cell.count(".") > 1 or ((fld.minimum is None or thousands >= fld.minimum)
                                       and (fld.maximum is None or thousands <= fld.maximum)):
                return True
    return False
