"""The data sheet's cells a reader must not take as values, and rows it must say: formulas, errors, merges, hidden rows.

Found with regular expressions over the sheet's XML (:mod:`villagescore.datasets.workbook` reads
the archive); each problem names its cell reference.
"""

from __future__ import annotations

import re

from ..errors import Problem, SaidText, problem, said
from ..i18n import N_
from .csv_rows import SHOWN
from .formula_cells import formula_refs

__all__ = ["cell_problems", "hidden_rows"]

#: A row that Excel hides (``<row r="7" hidden="1" …>``): its number.
_HIDDEN_ROW = re.compile(r'<row\b(?=[^>]*\bhidden="(?:1|true)")[^>]*?\br="([0-9]+)"')
#: Hidden rows a note names one by one.
_HIDDEN_SHOWN = 20


def hidden_rows(sheet: str, xml: str) -> list[str]:
    """A note naming the hidden rows of the data sheet: they are read and scored like the others.

    Hidden is how a sheet looks, not what it holds (a filter or a collapsed group hides rows
    too): the rows are kept, and said, as a hidden sheet is.
    """
    if "hidden=" not in xml:  # a sheet without hidden rows costs one substring search
        return []
    rows = [int(r) for r in _HIDDEN_ROW.findall(xml)]
    if not rows:
        return []
    shown = ", ".join(map(str, rows[:_HIDDEN_SHOWN])) + (f" … ({len(rows)})" if len(rows) > _HIDDEN_SHOWN else "")
    return [said(SaidText, N_("hidden row(s) {rows} of sheet {sheet} were read and scored like the others: unhide "
                              "them to check them, or delete them if they should not be scored"),
                 rows=shown, sheet=repr(sheet))]


def cell_problems(name: str, sheet: str, xml: str) -> list[Problem]:
    """Formula, error and merged cells of the data sheet (each named by its cell reference)."""
    problems = _error_cells(name, sheet, xml)
    for ref in formula_refs(xml, SHOWN):
        problems.append(problem(name, f"sheet {sheet!r} cell {ref}", N_("formula cells are not allowed in the data "
                                                                         "sheet: paste the values instead"),
                                rule="formula"))
    for ref in re.findall(r'<mergeCell ref="([A-Z0-9:]+)"', xml):
        problems.append(problem(name, f"sheet {sheet!r} cells {ref}", N_("merged cells are not allowed in the data "
                                                                          "sheet: unmerge them"), rule="merged"))
    return problems


#: An error cell (``t="e"``): its reference and the error Excel shows (``#DIV/0!``, ``#N/A`` …).
_ERROR_CELL = re.compile(r'<c\b(?=[^>]*\bt="e")[^>]*?\br="([A-Z]+[0-9]+)"[^>]*?(?:/>|>(.*?)</c>)', re.DOTALL)
#: Error cells named one by one (as formula cells are).


def _error_cells(name: str, sheet: str, xml: str) -> list[Problem]:
    """The data sheet's cells that hold an Excel error (``#DIV/0!``): read as empty, they would silently be missing."""
    if 't="e"' not in xml:  # a clean sheet costs one substring search
        return []
    import html

    msg = N_("the cell holds the Excel error {error}, not a value: correct the formula or the data it was computed "
             "from in the original workbook and paste the value, or leave the cell empty if the value is unknown")
    found = _ERROR_CELL.findall(xml)
    problems = []
    for ref, inner in found[:SHOWN]:
        shown = re.search(r"<v>(.*?)</v>", inner, re.DOTALL)
        error = html.unescape(shown.group(1)) if shown is not None else "#ERROR"
        problems.append(problem(name, f"sheet {sheet!r} cell {ref}", msg, params={"error": error}, value=error,
                                rule="error_cell"))
    if len(found) > SHOWN:
        problems.append(problem(name, f"sheet {sheet!r}", N_("… and {n} more cells holding an Excel error"),
                                params={"n": len(found) - SHOWN}, rule="error_cell"))
    return problems
