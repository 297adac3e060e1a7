"""A result or report that villagescore wrote, given where a dataset is read: refused in one message, not 14.

A result table (``evaluate --format csv``), a comparison's rankings or a report workbook read
as a dataset gave one "unknown column" per score column, or advice to rename a sheet: none of
it helps. Such a file is recognised by what its writer put there — the result table's columns
(:func:`villagescore.compare.result_csv.is_result_csv`), a report's leading header cells
(:mod:`villagescore.report_heads`), a report workbook's mark in its properties — and the
user is told to give the dataset it was made from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..i18n import N_
from .files import fail

#: What to do with a result or report given as a dataset.
NOT_A_DATASET = N_("this is a result or report written by villagescore, not a dataset: give the dataset it was made "
                   "from (villagescore compare reads results written with --format json or jsonl)")


def refuse_our_header(name: str, header: Sequence[Any]) -> None:
    """Raise a :class:`~villagescore.errors.DatasetError` when ``header`` is that of a result or report table."""
    from ..protected import report_header

    cells = ["" if c is None else str(c) for c in header]
    if report_header(cells):
        raise fail(name, NOT_A_DATASET)
    if "overall_score" in cells:  # a result table has it; a dataset's read does not import compare for nothing
        from ..compare.result_csv import is_result_csv

        if is_result_csv(cells):
            raise fail(name, NOT_A_DATASET)


def refuse_report_workbook(name: str, mark: str | None) -> None:
    """Raise a :class:`~villagescore.errors.DatasetError` when a workbook's properties carry the report mark."""
    from ..protected import REPORT_MARK

    if mark == REPORT_MARK:
        raise fail(name, NOT_A_DATASET)
