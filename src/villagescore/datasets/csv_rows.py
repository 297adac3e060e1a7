"""CSV rows shorter than the header: a missing comma shifts every later value one column left.

pandas fills the cells a short row lacks with nothing, so ``v1,Làng,…,80,90`` one comma short
would be scored with each value under the wrong column. Only the rows whose last cell came out
empty can be short; those are counted, line by line (the whole file only when a quoted cell
spans lines). :func:`csv_field_limit` lets the csv module read the long fields a file may hold,
here and in the reader's slow paths.
"""

from __future__ import annotations

import contextlib
import csv
import io
import sys
from collections.abc import Iterator

import numpy as np
import pandas as pd

from ..errors import DatasetError, problem
from ..i18n import N_

__all__ = ["short_rows", "refuse_short_rows", "ragged_rows", "csv_field_limit"]

#: Short rows named one by one in the error (the count says how many more).
SHOWN = 1_000


def short_rows(data: bytes, start: int, frame: pd.DataFrame, sep: str) -> list[tuple[int, int]]:
    """``(row as the sheet numbers it, fields)`` of each row with fewer fields than the header.

    ``frame`` is pandas' parse of ``data[start:]`` with blank lines kept as rows (row ``k`` is
    the ``k + 1``-th line after the header when no quoted cell spans lines).
    """
    width = frame.shape[1]
    if width < 2 or len(frame) == 0:
        return []
    candidates = np.flatnonzero(frame.iloc[:, -1].isna().to_numpy())
    if candidates.size == 0:
        return []
    candidates = candidates[frame.iloc[candidates].notna().any(axis=1).to_numpy()]  # a blank row is not short
    if candidates.size == 0:
        return []
    fields = _fields_by_line(data, start, candidates, sep)
    if fields is None:
        fields = _fields_by_record(data[start:].decode("utf-8"), candidates, sep)
    rows = frame.index.to_numpy()[candidates] + 2
    return [(int(r), n) for r, n in zip(rows.tolist(), fields, strict=True) if n < width]


#: What a row shorter and a row longer than the header are told, by the file's separator (',' or ';').
_SHORT = {",": N_("the row has {n} fields but the header has {width}: a missing comma shifts every later value one "
                  "column left; add the missing cells (an empty cell is written as nothing between two commas)"),
          ";": N_("the row has {n} fields but the header has {width}: a missing ';' shifts every later value one "
                  "column left; add the missing cells (an empty cell is written as nothing between two ';')")}
_LONG = {",": N_("the row has {n} fields but the header has {width} (a stray comma?)"),
         ";": N_("the row has {n} fields but the header has {width} (a stray ';'?)")}
_LONG_DECIMAL_COMMA = N_("the row has {n} fields but the header has {width}: a stray comma, or a number with a "
                         "decimal comma that is not quoted (with ',' between the columns, write it in quotes, "
                         "\"4,5\", as Google Sheets and LibreOffice save it)")


def refuse_short_rows(name: str, short: list[tuple[int, int]], width: int, sep: str = ",") -> None:
    """Raise the error naming every short row (the first :data:`SHOWN`, then how many more) of a ``sep`` file."""
    if not short:
        return
    problems = [problem(name, f"row {row}", _SHORT[sep], params={"n": n, "width": width}, rule="short_row")
                for row, n in short[:SHOWN]]
    if len(short) > SHOWN:
        problems.append(problem(name, "", N_("… and {n} more rows shorter than the header"),
                                params={"n": len(short) - SHOWN}, rule="short_row"))
    raise DatasetError(problems)


def ragged_rows(text: str, sep: str, name: str, decimal_comma: bool = False) -> DatasetError:
    """The error naming every row longer or shorter than the header (slow path: pandas refused a long row).

    One pass with the csv module over the records; the first :data:`SHOWN` rows are named, then
    how many more. A blank row is not short. Rows are numbered as the sheet numbers them
    (the header is row 1). ``decimal_comma``: the file's numbers have decimal commas (``--csv-locale
    vi`` with ',' between columns), so a longer row is told to quote them.
    """
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    number = 1
    width = 0
    found: list[tuple[int, int]] = []
    more = 0
    try:
        with csv_field_limit(len(text)):
            width = len(next(rows, []))
            for number, row in enumerate(rows, start=2):
                n = len(row)
                if n == width or (n < width and not any(cell.strip() for cell in row)):
                    continue
                if len(found) < SHOWN:
                    found.append((number, n))
                else:
                    more += 1
    except csv.Error as exc:
        msg = N_("the CSV cannot be read near this row ({reason}); a cell may be far too long or a quote may be "
                 "missing: check the row in a text editor")
        return DatasetError([problem(name, f"row {number + 1}", msg, params={"reason": exc})])
    if not found:
        return DatasetError([problem(name, "", N_("a row has more fields than the header ({width})"),
                                     params={"width": width})])
    long = _LONG_DECIMAL_COMMA if decimal_comma else _LONG[sep]
    problems = [problem(name, f"row {row}", long if n > width else _SHORT[sep], params={"n": n, "width": width},
                        rule="long_row" if n > width else "short_row") for row, n in found]
    if more:
        problems.append(problem(name, "", N_("… and {n} more rows longer or shorter than the header"),
                                params={"n": more}, rule="ragged_row"))
    return DatasetError(problems)


def _fields_by_line(data: bytes, start: int, rows: np.ndarray, sep: str) -> list[int] | None:
    """Fields of each row of ``rows``, read from its line; ``None`` when a quoted cell spans lines."""
    raw = np.frombuffer(data, dtype=np.uint8)[start:]
    eol = ord("\n") if b"\n" in data else ord("\r")
    breaks = np.flatnonzero(raw == eol)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [len(raw)]))
    if b'"' in data:
        quotes = np.flatnonzero(raw == ord('"'))
        per_line = np.diff(np.searchsorted(quotes, np.concatenate(([0], ends))))
        if (per_line % 2).any():  # a quoted cell holds a line break: lines are not rows
            return None
    lines = rows + 1  # line 0 is the header
    if lines.max() >= len(starts):  # pragma: no cover - pandas and the line count disagree
        return None
    out = []
    separator = sep.encode("utf-8")
    for line in lines.tolist():
        text = data[start + int(starts[line]): start + int(ends[line])]
        if b'"' in text:
            out.append(len(next(csv.reader([text.decode("utf-8").rstrip("\r")], delimiter=sep), [])))
        else:
            out.append(text.count(separator) + 1)
    return out


def _fields_by_record(text: str, rows: np.ndarray, sep: str) -> list[int]:
    """Fields of each row of ``rows``, read record by record with the csv module (quoted line breaks)."""
    wanted = set((rows + 1).tolist())
    found: dict[int, int] = {}
    with csv_field_limit(len(text)):
        for k, record in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=sep)):
            if k in wanted:
                found[k] = len(record)
                if len(found) == len(wanted):
                    break
    return [found.get(k, 0) for k in (rows + 1).tolist()]


@contextlib.contextmanager
def csv_field_limit(size: int) -> Iterator[None]:
    """Let the csv module read fields up to ``size`` characters (its default limit is 131,072)."""
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, min(size + 1, sys.maxsize)))
    try:
        yield
    finally:
        csv.field_size_limit(old)
