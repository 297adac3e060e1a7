"""Score cells shown with the decimals that keep them on their side of a tier minimum (79.96, never 80.0).

A workbook's score column has one number format (one decimal). The few cells whose one-decimal
display would reach a minimum their published score misses get a format with more decimals
(:func:`~villagescore.published.decisive_digits`); the value in the cell stays the published score.
A difference column (two decimals, signed) gives a change that would show ``+0.00`` or ``-0.00``
the decimals, up to 4, that show a digit other than zero (:func:`difference_formats`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np

from ...i18n.numbers import rounded_as_shown
from ...published import PUBLISHED_DECIMALS, decisive_digits

#: The decimals a score column shows (its format ``0.0``).
SHOWN_DECIMALS = 1
#: The decimals a difference column shows (its format ``+0.00;-0.00;0.00``).
DIFFERENCE_DECIMALS = 2


class Finer(NamedTuple):
    """A score column's minimums, and the style id of a format with each number of decimals beyond the column's."""

    bounds: tuple[float, ...]
    styles: tuple[tuple[int, int], ...]  # (decimals, style id) of those needed, from SHOWN_DECIMALS + 1 on
    #: A difference column: the decimals are those that show a change other than zero (:func:`change_digits`).
    changes: bool = False

    def style(self, value: Any, default: int | None) -> int | None:
        """The style of one number cell: ``default`` unless its one-decimal display would reach a minimum it misses."""
        v = float(value)
        if self.changes:
            if v == 0 or abs(v) >= 0.5 * 10.0 ** -DIFFERENCE_DECIMALS:  # most cells: decided without numpy
                return default
            return dict(self.styles).get(int(change_digits(v)), default)
        half = 0.5 * 10.0 ** -SHOWN_DECIMALS
        if not any(b - half <= v < b for b in self.bounds):  # most cells: decided without numpy
            return default
        return dict(self.styles).get(int(decisive_digits(v, self.bounds, SHOWN_DECIMALS)), default)

    def attrs(self) -> tuple[tuple[int, str], ...]:
        """``(decimals, ' s="ID"')`` of each finer format, as a cell's attribute."""
        return tuple((d, f' s="{s}"') for d, s in self.styles)


def finer_formats(bounds: Sequence[float], values: Any, style_of: Callable[[str], int]) -> Finer | None:
    """The :class:`Finer` of a score column of ``values`` decided against ``bounds`` (``None``: no cell needs one).

    Only the formats some value needs are registered (``style_of`` registers one): a workbook
    whose scores are all clear of the minimums is the workbook written before. ``values``: the
    column (an array or a list; ``None`` and text are no scores). Whole columns: one pass per minimum.
    """
    kept = tuple(float(b) for b in bounds if b is not None)
    v = np.asarray(values if getattr(values, "dtype", None) is not None and values.dtype.kind == "f" else
                   [x if isinstance(x, (int, float)) and not isinstance(x, bool) else np.nan for x in values],
                   dtype=float)
    half = 0.5 * 10.0 ** -SHOWN_DECIMALS
    with np.errstate(invalid="ignore"):
        near = np.zeros(v.shape, dtype=bool)
        for b in kept:
            near |= (v >= b - half) & (v < b)
    digits = sorted(set(decisive_digits(v[near], kept, SHOWN_DECIMALS).tolist()) - {SHOWN_DECIMALS})
    if not digits:
        return None
    return Finer(kept, tuple((d, style_of("0." + "0" * d)) for d in digits))


def refined(pieces: list[Any], uniques: np.ndarray, finite: np.ndarray, attrs: tuple[tuple[int, str], ...],
            bounds: tuple[float, ...], make: Callable[[np.ndarray, str], list[str]]) -> list[Any]:
    """A column's cells ``pieces`` (one per distinct value), those needing more decimals remade with their format.

    ``uniques``: the distinct values (``finite`` marks those with a cell); ``make(values, attr)``
    makes cells as text. The decimals are decided for every distinct value at once.
    """
    at = np.flatnonzero(finite)
    need = decisive_digits(uniques[at], bounds, SHOWN_DECIMALS)
    as_bytes = bool(pieces) and isinstance(pieces[0], bytes)
    for d, attr in attrs:
        chosen = at[need == d]
        if chosen.size:
            for i, cell in zip(chosen.tolist(), make(uniques[chosen], attr), strict=True):
                pieces[i] = cell.encode("utf-8") if as_bytes else cell
    return pieces


def change_digits(values: Any) -> np.ndarray:
    """Per change, the fewest decimals (2 to 4) that show it other than zero: 0.004 needs 3, never ``+0.00``."""
    v = np.asarray(values, dtype=float)
    need = np.full(v.shape, DIFFERENCE_DECIMALS, dtype=int)
    with np.errstate(invalid="ignore"):
        for d in range(DIFFERENCE_DECIMALS + 1, PUBLISHED_DECIMALS + 1):
            need[(v != 0) & ~np.isnan(v) & (rounded_as_shown(v, d - 1) == 0)] = d
    return need


def difference_formats(values: Any, style_of: Callable[[str], int]) -> Finer | None:
    """The :class:`Finer` of a difference column: a format with the decimals a small change needs (``None``: none).

    ``+0.004`` where two decimals would show ``+0.00``, ``-0.0003`` where they would show ``-0.00``.
    """
    v = np.asarray([x if isinstance(x, (int, float)) and not isinstance(x, bool) else np.nan for x in values],
                   dtype=float)
    with np.errstate(invalid="ignore"):
        small = v[(v != 0) & (np.abs(v) < 0.5 * 10.0 ** -DIFFERENCE_DECIMALS)]
    digits = sorted(set(change_digits(small).tolist()) - {DIFFERENCE_DECIMALS})
    if not digits:
        return None
    return Finer((), tuple((d, style_of("+0.{0};-0.{0};0.{0}".format("0" * d))) for d in digits), changes=True)
