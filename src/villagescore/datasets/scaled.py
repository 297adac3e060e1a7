"""How a problem quotes a % cell the percent scale ``fraction`` multiplied by 100 (``52.8 × 100 = 5280``).

A value refused after the scale was applied is quoted with the value the scale made, so that
``52.8`` out of the range 0 to 100 reads as what it is: a column already in per cent, read as
fractions (``--percent-scale fraction`` applies to every % column).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import SaidText, Texts, said
from ..i18n import LANGS, N_

__all__ = ["SCALED_OUT_OF_RANGE", "scaled_cells"]

SCALED_OUT_OF_RANGE = N_(
    "out of range once read as a fraction and multiplied by 100 (percent scale 'fraction'); if this column is in "
    "per cent already, give it \"scale\": \"percent\" in the metadata's \"columns\", or leave --percent-scale "
    "fraction out (it reads every percentage column as fractions)")


def scaled_cells(written: Any, values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The cells of ``written``, those of ``mask`` as ``written × 100 = scaled`` in each language (objects)."""
    cells = np.asarray(written, dtype=object).copy()
    for pos in np.flatnonzero(mask).tolist():  # only the refused cells
        cells[pos] = said(SaidText, N_("{written} × 100 = {scaled}"), written=_number(cells[pos]),
                          scaled=_number(values[pos]))
    return cells


def _number(value: Any) -> Any:
    """A number as each language writes it (``52.8``, ``52,8``); a text as it is."""
    if isinstance(value, np.generic):
        value = value.item()
    if not isinstance(value, int | float) or isinstance(value, bool):
        return str(value)
    text = f"{value:g}" if abs(value) < 1e15 else f"{value:.6g}"
    return Texts({lang: text.replace(".", ",") if lang == "vi" else text for lang in LANGS})
