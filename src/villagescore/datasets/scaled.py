"""How a problem quotes a % cell the percent scale ``fraction`` multiplied by 100 (``52.8 × 100 = 5,280``).

A value refused after the scale was applied is quoted, in the message, with the value the scale
made, so that ``52.8`` out of the range 0 to 100 reads as what it is: a column already in per cent,
read as fractions (``--percent-scale fraction`` applies to every % column). The problem's value
stays the cell as written, for programs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import SaidText, Texts, said
from ..i18n import LANGS, N_
from ..i18n.numbers import format_exact
from .collector import Collector

__all__ = ["SCALED_OUT_OF_RANGE", "refuse_scaled", "scaled_product"]

SCALED_OUT_OF_RANGE = N_(
    "out of range once read as a fraction and multiplied by 100 ({product}, percent scale 'fraction'); if this "
    "column is in per cent already, give it \"scale\": \"percent\" in the metadata's \"columns\", or leave "
    "--percent-scale fraction out (it reads every percentage column as fractions)")

#: Significant digits of the scaled value: enough for any cell, none of a product's float noise (100.00001000000001).
_DIGITS = 12


def refuse_scaled(col: Collector, mask: np.ndarray, column: str, written: Any, values: np.ndarray, allowed: str,
                  params: dict[str, Any]) -> None:
    """One ``range`` problem per cell of ``mask``: the value as ``written``, the message saying ``written × 100``.

    ``values`` are the scaled numbers; ``allowed`` and ``params`` the field's range (as for :meth:`Collector.cells`).
    """
    cells = np.asarray(written, dtype=object)
    each = [{"product": scaled_product(cells[pos], values[pos])} for pos in np.flatnonzero(mask).tolist()]
    col.cells(mask, column, cells, "range", SCALED_OUT_OF_RANGE, allowed, params, each=each)


def scaled_product(written: Any, scaled: Any) -> SaidText:
    """``written × 100 = scaled`` in each language's digits (``52,8 × 100 = 5.280``); a text cell as it is written."""
    return said(SaidText, N_("{written} × 100 = {scaled}"), written=_number(written, exact=True),
                scaled=_number(scaled, exact=False))


def _number(value: Any, exact: bool) -> Any:
    """A number as each language writes it, every digit (``exact``) or to :data:`_DIGITS` significant digits."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return value
    if not isinstance(value, int | float) or isinstance(value, bool):
        return str(value)
    if not exact and isinstance(value, float):
        value = float(f"{value:.{_DIGITS}g}")
    return Texts({lang: format_exact(value, lang) for lang in LANGS})
