"""The survey's text cells: a text starting like a formula is written as Excel writes a typed ``'- Không``.

Everywhere else villagescore neutralises such a text with a leading ``'`` (:func:`villagescore.outputs.neutralise`).
In the survey that ``'`` would become part of the value: a dropdown would offer ``'- Không`` and the
category read back would not be ``- Không``. So the survey writes the text as it is, typed as a
string (never a formula), with Excel's ``quotePrefix`` style: Excel shows ``- Không``, offers it so in a
dropdown, and keeps it text when the cell is edited, as it does for a text typed with a leading ``'``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..outputs import FORMULA_PREFIXES

__all__ = ["survey_cells", "append_survey_row"]


def survey_cells(ws: Any, values: Iterable[Any]) -> list[Any]:
    """Safe cells for one row of the survey: as :func:`villagescore.reports.xlsx.append_row`, quotePrefix for ``'``."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from ..reports.xlsx import cell_value

    out: list[Any] = []
    for value in values:
        safe = cell_value(value)
        if not isinstance(safe, str):
            out.append(safe)
            continue
        text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
        formula_like = text.startswith(FORMULA_PREFIXES)
        cell = WriteOnlyCell(ws, value=text if formula_like else safe)
        cell.data_type = "s"  # a string cell: Excel never evaluates it
        if formula_like:
            cell.quotePrefix = True
        out.append(cell)
    return out


def append_survey_row(ws: Any, values: Iterable[Any]) -> None:
    """Append one row of :func:`survey_cells` to ``ws``."""
    ws.append(survey_cells(ws, values))
