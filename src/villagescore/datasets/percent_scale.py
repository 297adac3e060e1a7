"""A percentage column's scale: fractions (0.45 for 45 %) multiplied, refused or warned of, never guessed.

Under the ``auto`` scale a % column whose bare values all lie between 0 and 1 is refused with
the way out (the metadata's ``scale``, ``--percent-scale``, or, in a workbook, what to type); a
few bare fractions among cells written as percentages are warned of
(:mod:`~villagescore.datasets.percent_mix`). ``45%`` typed as text in a % column is read as 45.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

from ..errors import Texts
from ..i18n import LANGS, N_
from .collector import Collector
from .percent_mix import fraction_cells

__all__ = ["percent_scale", "strip_percent_signs"]


def percent_scale(values: np.ndarray, plain: np.ndarray, fld: Any, col: Collector, ctx: Any,
                   as_percent: np.ndarray | None = None, unread: np.ndarray | None = None) -> tuple[np.ndarray, bool]:
    """Apply the column's scale to the cells not formatted as percentages; refuse a column of fractions.

    Returns the values and whether the column was refused (its cells are then not warned of one by one).

    ``plain`` marks the numeric cells without a percent format and without a ``%`` sign
    (``as_percent``: the cells with one, left as they are). Under the ``auto``
    scale a share (a % field that cannot be negative) whose plain values all lie in [0, 1], one
    of them strictly inside, is taken for fractions (0.45 meaning 45 %) and refused, however few
    they are (a file of one village-year is one value: 0.45 typed for 45 % must not be scored as
    0.45 %) — unless they are fewer than the cells written as percentages and each is one
    :func:`~villagescore.datasets.percent_mix.mixed_fractions` warns of (0.9 beside 62.4 %,
    95 %, 71 %: a cell typed by mistake, scored as written and warned of). With cells refused as
    unreadable (``unread``: a refused 1.5 would make it per cent), such a column is refused as not
    judged yet, without advice to scale (a column's problem: ``keep_going`` stops too, rather than
    score fractions as per cent).
    """
    scale = ctx.scales.get(fld.id, ctx.default_scale)
    if scale == "fraction":
        return np.where(plain, values * 100.0, values), False
    if scale == "percent" or (fld.minimum is not None and fld.minimum < 0):
        return values, False
    # over the plain cells, without copying them out
    low = np.min(values, where=plain, initial=np.inf)
    high = np.max(values, where=plain, initial=-np.inf)
    if low >= 0 and high <= 1 and np.any((values > 0) & (values < 1), where=plain):
        signed = as_percent is not None and bool(as_percent.any())
        if signed and _typed_by_mistake(values, plain, as_percent):
            return values, False
        x = values[plain]
        rows = col.rows[np.flatnonzero(plain)]
        examples = _examples(list(zip(rows.tolist(), x.tolist(), strict=True))[:3])
        params = {"examples": examples, "field": repr(fld.id), "key": json.dumps(fld.id, ensure_ascii=False)}
        if unread is not None:
            refused = col.rows[np.flatnonzero(unread)]
            params["rows"] = _row_list(refused[:3].tolist(), len(refused))
            col.column(_UNJUDGED_FRACTIONS, fld.id, "fraction_scale_unjudged", params)
            return values, True
        template = ((_WORKBOOK_UNFORMATTED_FRACTIONS if signed else _WORKBOOK_FRACTIONS) if ctx.workbook else
                    _SIGNED_FRACTIONS if signed else _FRACTIONS)
        col.column(template, fld.id, "fraction_scale", params)
        return values, True
    return values, False


#: Fractions, maybe, but a refused cell may be above 1 (the column in per cent): no advice to scale anything.
_UNJUDGED_FRACTIONS = N_(
    "{field} cannot be judged until the cells refused as unreadable are fixed ({rows}): every other value is "
    "between 0 and 1 ({examples}), which would make the column fractions (0.45 for 45 %) unless a refused cell "
    "is above 1, and then they are per cent below 1. Fix those cells and run again: the column is then judged on "
    "all its values")

_FRACTIONS = N_(
    "every value is between 0 and 1 ({examples}), but {field} is a percentage from 0 to 100, so 0.45 would be scored "
    "as 0.45 % instead of 45 %. If the values are fractions, multiply them by 100, or say so for this column: "
    "\"columns\": {{{key}: {{\"scale\": \"fraction\"}}}} in the metadata (metadata={{\"columns\": …}} in Python); "
    "--percent-scale fraction reads every percentage column as fractions. If they really are below 1 %, say "
    "\"scale\": \"percent\" for this column (or --percent-scale percent)")
_SIGNED_FRACTIONS = N_(
    "every value written without a '%' sign is between 0 and 1 ({examples}), but {field} is a percentage from 0 to "
    "100, so 0.45 would be scored as 0.45 % instead of 45 %. If these values are fractions, multiply them by 100, or "
    "say so for this column: \"columns\": {{{key}: {{\"scale\": \"fraction\"}}}} in the metadata (metadata="
    "{{\"columns\": …}} in Python; the cells written with '%' are kept as they are); --percent-scale fraction reads "
    "every percentage column as fractions. If they really are below 1 %, write them with '%' or say \"scale\": "
    "\"percent\" for this column (or --percent-scale percent)")

#: For a workbook: the template has no 'scale' column, so the advice is what to type and the option to use.
_WORKBOOK_FRACTIONS = N_(
    "every value is between 0 and 1 ({examples}), but {field} is a percentage from 0 to 100, so 0.45 would be scored "
    "as 0.45 % instead of 45 %. If the values are fractions, type them as percentages (45 for 45 %) or, when every "
    "percentage column holds fractions, run the command with --percent-scale fraction; if they really are below 1 %, "
    "type them with the % sign (0.8 %: Excel then keeps the cell as a percentage) or run the command with "
    "--percent-scale percent")


#: For a workbook whose column has cells formatted as percentages (or typed with '%'): the others are said.
_WORKBOOK_UNFORMATTED_FRACTIONS = N_(
    "every value not formatted as a percentage is between 0 and 1 ({examples}), but {field} is a percentage from 0 "
    "to 100, so 0.45 would be scored as 0.45 % instead of 45 %. If these values are fractions, type them as "
    "percentages (45 for 45 %, or 45 % as the other cells) or, when every percentage column holds fractions, run "
    "the command with --percent-scale fraction; if they really are below 1 %, type them with the % sign (0.8 %: "
    "Excel then keeps the cell as a percentage) or run the command with --percent-scale percent")


def _typed_by_mistake(values: np.ndarray, plain: np.ndarray, as_percent: np.ndarray) -> bool:
    """Whether the plain cells (all in [0, 1]) are fewer than the cells written as per cent, each warned of."""
    if np.count_nonzero(plain) >= np.count_nonzero(as_percent):
        return False
    suspect = fraction_cells(values, plain, as_percent)
    return suspect is not None and not (plain & (values > 0) & ~suspect).any()


def _row_list(rows: list[int], total: int) -> Texts:
    """``row 2, row 7`` in each language, ``…`` after them when there are more than shown (``total``)."""
    from ..i18n import gettext

    more = " …" if total > len(rows) else ""
    return Texts({lang: ", ".join(gettext("row {n}", lang).format(n=r) for r in rows) + more for lang in LANGS})


def _examples(cells: list[tuple[int, float]]) -> Texts:
    """``row 2: 0.45, row 3: 0.75`` in each language (``dòng 2: 0,45; dòng 3: 0,75`` in Vietnamese)."""
    from ..i18n import LANGS, gettext

    def number(v: float, lang: str) -> str:
        return f"{v:g}".replace(".", ",") if lang == "vi" else f"{v:g}"

    # a decimal comma asks for another separator between the examples
    return Texts({lang: ("; " if lang == "vi" else ", ").join(
        f"{gettext('row {n}', lang).format(n=r)}: {number(v, lang)}" for r, v in cells) for lang in LANGS})


def strip_percent_signs(series: pd.Series, positions: np.ndarray, text: np.ndarray
                        ) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """``45%`` or ``45 %`` typed as text in a percentage column is 45 (a number typed as a percent).

    ``positions``/``text`` are the column's text cells
    (:func:`~villagescore.datasets.numbers.text_cells`); returns the column
    and its text cells after the change, and the mask of the column's cells that carried a
    ``%`` sign (they are per cent as written: never scaled, never taken for fractions).
    """
    signed_cells = np.zeros(len(series), dtype=bool)
    if not len(text) or "%" not in "\n".join(text):
        return series, text, signed_cells
    signed = np.fromiter((v.rstrip().endswith("%") for v in text), dtype=bool, count=len(text))
    text = text.copy()
    text[signed] = [v.rstrip()[:-1].strip() for v in text[signed]]
    cells = series.to_numpy(dtype=object).copy()
    cells[positions] = text
    signed_cells[positions[signed]] = True
    return pd.Series(cells, index=series.index, dtype=object), text, signed_cells
