"""Problems collected column by column, each with its spreadsheet row, village, column, value and rule."""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import Count, Problem, SaidText, problem, said
from ..i18n import N_


def row_where(labels: Sequence[Any] | None = None) -> Callable[[int], str]:
    """How problems name the row numbered ``n`` (the header is row 1): ``row n``.

    With ``labels`` — the index labels of a DataFrame given in Python, by position — the row's
    label is named beside its number (``row 4 (index 12)``), the label a user looks the row up by.
    """
    if labels is None:
        return lambda n: f"row {n}"
    return lambda n: f"row {n} (index {index_label_text(labels[int(n) - 2])})"


def index_label_text(label: Any) -> str:
    """An index label as a user types it: ``12``, ``'a'``, ``2024-01-31`` (a date as its text), ``(2, 'a')``."""
    if isinstance(label, np.generic):
        label = label.item()
    if isinstance(label, tuple):  # a MultiIndex's: each part as a user types it, not numpy's repr (np.int64(2))
        parts = [index_label_text(part) for part in label]
        return f"({parts[0]},)" if len(parts) == 1 else f"({', '.join(parts)})"
    if isinstance(label, (datetime.date, pd.Period)):
        return str(label)
    return str(label) if isinstance(label, int) and not isinstance(label, bool) else repr(label)

def id_texts(ids: pd.Series) -> np.ndarray:
    """Each row's village id as text, an empty cell ``""`` (read-only).

    A column of pandas' ``str`` dtype stored as Python ``str`` objects (a CSV's) gives its own
    objects, without a text conversion of each cell.
    """
    if isinstance(ids.dtype, pd.StringDtype) and ids.dtype.storage == "python":
        values = ids.to_numpy(dtype=object).view()  # the column's own array: not written to
        missing = pd.isna(values)
        if missing.any():
            values = values.copy()
            values[missing] = ""
    else:
        values = ids.astype(object).fillna("").astype(str).to_numpy()
    values.flags.writeable = False
    return values


class Collector:
    """Collects problems as column-wise batches, rows numbered as in a spreadsheet.

    The built-in readers keep each row's position under the header as the frame's index
    (empty rows are dropped, not renumbered), so row = index + 2; a frame with another
    kind of index (a plugin's reader) is numbered by position.
    """

    def __init__(self, name: str, frame: pd.DataFrame, row_labels: Sequence[Any] | None = None) -> None:
        self.name = name
        self.frame = frame
        self.problems: list[Problem] = []
        self.bad_rows: set[int] = set()
        #: column → the positions of its refused cells, one array per check that refused some
        self.refused: dict[str, list[np.ndarray]] = {}
        self.column_level = False  # a problem that concerns a whole column (keep_going cannot drop rows for it)
        #: groups of cells that are warned of, not refused (:class:`~villagescore.datasets.percent_mix.FractionCells`)
        self.cell_warnings: list[Any] = []
        #: each field column's label ({vi, en}), named beside the column in its problems (set once per column)
        self.labels: dict[str, Mapping[str, str]] = {}
        columns = list(frame.columns)
        ids = frame.iloc[:, columns.index("village_id")] if "village_id" in columns else pd.Series([""] * len(frame))
        self.ids = id_texts(ids)
        index = frame.index
        numbered = (pd.api.types.is_integer_dtype(index.dtype) and index.is_unique
                    and (len(index) == 0 or index.min() >= 0))
        self.rows = (index.to_numpy(dtype=np.int64) if numbered else np.arange(len(frame))) + 2
        #: a row's place as problems say it (``row 5``; ``row 5 (index 'a')`` for a DataFrame's row)
        self.where_of = row_where(row_labels)

    def cells(self, mask: np.ndarray, column: str, values: Iterable[Any], rule: str, message: str,
              allowed: str = "", params: dict[str, Any] | None = None,
              each: Sequence[Mapping[str, Any]] | None = None) -> None:
        """One problem per cell of ``mask``, showing the cell's value from ``values`` (the column or its parse).

        ``message`` and ``allowed`` are English sentences marked for translation (:func:`villagescore.i18n.N_`);
        with ``params`` they are templates filled with them, and with ``each`` (one mapping per cell of
        ``mask``, in order) with the cell's own fields too.
        """
        positions = np.flatnonzero(mask)
        if positions.size == 0:
            return
        if isinstance(values, np.ndarray):
            picked = values[positions]
        elif hasattr(values, "iloc"):  # a Series: take only the flagged cells, not the whole column
            picked = values.iloc[positions].to_numpy(dtype=object)
        else:
            picked = np.asarray(list(values), dtype=object)[positions]
        if each is None:
            said_of = [problem(self.name, "", message, params=params, allowed=allowed)] * positions.size
        else:
            said_of = [problem(self.name, "", message, params={**(params or {}), **own}, allowed=allowed)
                       for own in each]
        for pos, value, cell in zip(positions.tolist(), picked, said_of, strict=True):
            text, extra = cell.message, (cell.template, cell.allowed_template, cell.params)  # translated: a template
            self.problems.append(Problem(self.name, self.where_of(self.rows[pos]), text, column, _shown(value), rule,
                                         self.ids[pos], cell.allowed, *extra, self.labels.get(column)))
        self.bad_rows.update(positions.tolist())
        self.refused.setdefault(column, []).append(positions)

    def file(self, message: str, where: str = "", rule: str = "", column: str = "",
             params: dict[str, Any] | None = None) -> None:
        """A problem of the file (a column name, the header …), not of a cell (``params``: as for :meth:`cells`)."""
        self.problems.append(problem(self.name, where, message, params=params, column=column, rule=rule,
                                     column_label=self.labels.get(column) if column else None))

    def column(self, message: str, column: str, rule: str, params: dict[str, Any] | None = None) -> None:
        """A problem with a whole column (e.g. percentages written as fractions)."""
        self.column_level = True
        self.file(message, "", rule, column, params)


def shown_value(value: Any) -> Any:
    """A cell's value as problems show it (``0``, not ``np.int64(0)``); see :func:`_shown`."""
    return _shown(value)


def _shown(value: Any) -> Any:
    """A cell's value as a problem shows it: a long text by its start, a whole float as an int, empty as None."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, str) and len(value) > 80:  # a pasted block of text: show its start
        value = said(SaidText, N_("{start}… ({n} characters)"), start=value[:40], n=Count(len(value)))
    elif isinstance(value, int) and abs(value) >= 10**30:
        value = _digits(value)
    elif isinstance(value, datetime.datetime):  # a workbook's date: as a date, not as Python writes it
        value = value.date().isoformat() if _a_day(value) else value.isoformat(" ")  # else its time and zone too
    elif isinstance(value, (datetime.date, datetime.time)):
        value = value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    elif value is not None and not isinstance(value, str) and pd.isna(value):
        value = None  # an empty cell: shown as no value, not 'nan'
    return value


def _a_day(value: datetime.datetime) -> bool:
    """Whether ``value`` is a day: naive, at midnight to the nanosecond (a pandas Timestamp has nanoseconds)."""
    return value.tzinfo is None and value.time() == datetime.time() and not getattr(value, "nanosecond", 0)


def _digits(value: int) -> str:
    """``an integer of N digits``, said in any language."""
    try:
        return said(SaidText, N_("an integer of {n} digits"), n=Count(len(str(abs(value)))))
    except ValueError:  # more digits than Python converts to text
        return said(SaidText, N_("an integer of about {n} digits"),
                    n=Count(int(abs(value).bit_length() * math.log10(2))))


def is_blank(series: pd.Series) -> np.ndarray:
    """Mask of the empty cells of a column."""
    return series.isna().to_numpy()
