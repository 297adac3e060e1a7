"""A percentage column that mixes values between 0 and 1 with values above 1: a fraction typed by mistake.

``0.85`` in a column where the other rows hold ``95`` is most likely 85 % typed as a
fraction, but 0.85 % can be real: each such cell is a warning (never a refusal, never a
changed value) that says the row, the value and what to type. The check is whole-column
numpy: a column whose values do not straddle 1 costs nothing beyond the reductions the
validator already makes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..i18n import N_
from .collector import row_where

__all__ = ["FractionCells", "FractionWarning", "mixed_fractions", "fraction_cells", "CHECK"]

#: A % column whose values above 1 all reach this: a value at most 1 beside them is an order-of-magnitude jump.
JUMP = 10.0

#: The warning's check id (``villagescore validate --format json``).
CHECK = "percent_fraction"

_MESSAGE = N_("{value} lies between 0 and 1 while this percentage column has values above 1 (row {row}: {other}): "
              "it may be {percent} % typed as a fraction")
_ADVICE = N_("if you meant {percent} %, type {percent} (or {percent} %) in the cell; if it really is {value} %, "
             "leave it as it is")


def mixed_fractions(values: np.ndarray, plain: np.ndarray, scored: np.ndarray, fld: Any, col: Any,
                    scale: str) -> None:
    """Record, on ``col.cell_warnings``, the plain cells in (0, 1] of a % column that also has values above 1.

    A cell is recorded when the column's values above 1 are all at least :data:`JUMP` (10) and the
    cell's value × 100 lies among them (between half the least and twice the greatest): 0.85
    beside 95, not 0.8 beside 1.5, nor 0.09 in a share spread continuously from 0.1 to 20.

    ``plain``: the cells written as bare numbers (no percent format, no ``%`` sign); ``scored``:
    every valid number of the column, as scored. Only under the ``auto`` scale, and only for a
    share (a % field that cannot be negative: 0.5 % growth next to 8 % is ordinary).
    """
    if scale != "auto" or (fld.minimum is not None and fld.minimum < 0):
        return
    small = fraction_cells(values, plain, scored)
    if small is None or not small.any():
        return
    large = np.flatnonzero(scored & (values > 1))[0]
    positions = np.flatnonzero(small)
    col.cell_warnings.append(FractionCells(fld.id, dict(fld.label or {}), positions, values[positions].copy(),
                                           int(col.rows[large]), float(values[large])))


def fraction_cells(values: np.ndarray, plain: np.ndarray, scored: np.ndarray) -> np.ndarray | None:
    """The plain cells :func:`mixed_fractions` warns of (``None`` when the column has no values to jump to)."""
    above = scored & (values > 1)  # whole-array passes: a reduction with where= costs 20-30 times as much
    if not above.any():
        return None
    # 0.85 beside 95 reads as 85 %; 0.8 beside 1.5 (a poverty rate), or a share spread from 0.1 to 20, does not:
    # a cell is suspect only when the column jumps from it to values of 10 or more (nothing between 1 and 10)
    # and, read as a fraction, it would fall among them (from half the least to twice the greatest)
    if (above & (values < JUMP)).any():  # the least value above 1 is below JUMP
        return None
    least = np.minimum.reduce(np.where(above, values, np.inf))
    high = np.maximum.reduce(np.where(above, values, -np.inf)) * 2
    return plain & (values > 0) & (values <= 1) & (values * 100 >= least / 2) & (values * 100 <= high)


@dataclass(frozen=True)
class FractionWarning:
    """One cell of a % column that may hold a fraction: its row, village, column, value and what to type."""

    file: str
    where: str
    village_id: str
    column: str
    value: float
    other_row: int
    other: float
    label: Any = None
    check: str = CHECK
    severity: str = "warning"

    def _fields(self, lang: str) -> dict[str, str]:
        from ..i18n import format_value

        return {"value": format_value(self.value, lang), "percent": format_value(round(self.value * 100, 6), lang),
                "row": str(self.other_row), "other": format_value(self.other, lang)}

    def message(self, lang: str) -> str:
        """What the cell holds and why it looks like a fraction, in ``lang``."""
        from ..i18n import gettext

        return gettext(_MESSAGE, lang).format(**self._fields(lang))

    def what_to_do(self, lang: str) -> str:
        """What to type, in ``lang``."""
        from ..i18n import gettext

        return gettext(_ADVICE, lang).format(**self._fields(lang))

    def format(self, lang: str) -> str:
        """One line: ``file: row 2 (village): warning: column 'x' (X): message. what to do: advice``."""
        from ..errors import column_text, where_text
        from ..i18n import gettext
        from ..limit_gaps import WARNING, WHAT_TO_DO

        village = f" ({self.village_id})" if self.village_id else ""
        head = ": ".join(p for p in (self.file, f"{where_text(self.where, lang)}{village}") if p)
        return (f"{head}: {gettext(WARNING, lang)}: {column_text(self.column, self.label, lang)}: "
                f"{self.message(lang)}. {gettext(WHAT_TO_DO, lang)}: {self.what_to_do(lang)}")

    def to_dict(self, lang: str) -> dict[str, Any]:
        """A JSON-ready mapping in ``lang`` (``villagescore validate --format json``)."""
        return {"where": self.where, "village_id": self.village_id or None, "check": self.check,
                "severity": self.severity, "columns": [self.column], "values": {self.column: self.value},
                "message": self.message(lang), "advice": self.what_to_do(lang)}


@dataclass(frozen=True)
class FractionCells:
    """The cells of one column that :func:`mixed_fractions` found; their warnings are built when read."""

    column: str
    label: Any
    positions: np.ndarray
    values: np.ndarray
    other_row: int
    other: float
    check: str = CHECK

    def __len__(self) -> int:
        return len(self.positions)

    def build(self, name: str, rows: np.ndarray, ids: np.ndarray, limit: int | None = None,
              where: Callable[[int], str] | None = None) -> list[FractionWarning]:
        """The first ``limit`` warnings (all with ``None``), in file order."""
        k = len(self.positions) if limit is None else min(limit, len(self.positions))
        where = where or row_where()
        return [FractionWarning(name, where(rows[p]), str(ids[p]), self.column, float(v), self.other_row, self.other,
                                self.label)
                for p, v in zip(self.positions[:k].tolist(), self.values[:k].tolist(), strict=True)]
