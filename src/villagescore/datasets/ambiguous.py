"""Numbers like ``7.000`` (7 or 7000?) in a number column: which are ambiguous, which the field's range decides.

A dot before one group of three digits reads as a decimal point or as a thousands separator.
Such a text cell is refused, never read silently, unless the field's range leaves one reading:
``1.125`` in a field of maximum 50 cannot be 1125, so it is the decimal written (the dot is the
file's decimal mark, nothing is reinterpreted).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .numbers import DOT_GROUPS, DOT_GROUPS_IN_TEXT

__all__ = ["ambiguous_cells", "ambiguous_text", "refuse_ambiguous", "thousands_out_of_range"]


def refuse_ambiguous(values: np.ndarray, bad: np.ndarray, positions: np.ndarray, text: np.ndarray, fld: Any
                     ) -> tuple[np.ndarray, np.ndarray]:
    """``(values, bad)`` of a number column with its :func:`ambiguous_cells` made NaN and flagged."""
    ambiguous = ambiguous_cells(values, positions, text, fld)
    if not ambiguous.any():
        return values, bad
    return np.where(ambiguous, np.nan, values), bad | ambiguous


def ambiguous_cells(values: np.ndarray, positions: np.ndarray, text: np.ndarray, fld: Any) -> np.ndarray:
    """The cells of a column to refuse as ambiguous: :func:`ambiguous_text` less :func:`thousands_out_of_range`.

    ``values`` holds each cell's plain reading, ``positions``/``text`` the column's text cells.
    """
    ambiguous = ambiguous_text(len(values), positions, text)
    if ambiguous.any():
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
    times 1000 (``1125``: three digits follow the one dot).
    """
    none = np.zeros(len(values), dtype=bool)
    if fld.minimum is None and fld.maximum is None:
        return none
    thousands = np.round(np.where(ambiguous, values, np.nan) * 1000.0)
    with np.errstate(invalid="ignore"):
        low = thousands < fld.minimum if fld.minimum is not None else none
        high = thousands > fld.maximum if fld.maximum is not None else none
    return ambiguous & (low | high)
