"""Many rows inserted by statements of many rows each: ``INSERT … VALUES (…), (…), …``.

Binding a row's parameters and stepping its statement cost Python's ``sqlite3`` about as much
again as SQLite's own work of storing the row; a statement of a hundred rows pays the statement
once for all of them. A national ``store add`` inserts about eight million rows, and spent most of
its time so. The rows are inserted in the order given, the same as one statement per row would
insert them, so the store holds the same rows in the same order either way.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Sequence
from typing import Any

__all__ = ["ROWS_AT_ONCE", "MOST_PARAMETERS", "insert_rows"]

#: Rows of one statement at most.
ROWS_AT_ONCE = 128
#: Parameters of one statement at most: SQLite's limit before 3.32 (some systems still ship such a SQLite).
MOST_PARAMETERS = 999


def insert_rows(con: sqlite3.Connection, insert: str, row: str, columns: Sequence[Sequence[Any]]) -> None:
    """Run ``{insert} VALUES {row}`` for every row made of ``columns``, many rows a statement.

    ``row`` is one row's values, ``?`` for a parameter (``"(7, ?, ?, NULL)"``); ``columns`` holds
    one sequence per ``?``, all of one length. A row's values are the columns' items at its index.
    """
    width = row.count("?")
    if len(columns) != width:
        msg = f"{width} parameters in {row!r}, {len(columns)} columns given"
        raise ValueError(msg)
    lengths = {len(c) for c in columns}
    if len(lengths) > 1:
        msg = f"columns of different lengths: {sorted(lengths)}"
        raise ValueError(msg)
    n = lengths.pop() if lengths else 0
    per = max(1, min(ROWS_AT_ONCE, MOST_PARAMETERS // max(width, 1)))
    whole = n // per * per if width else 0
    if whole:
        flat = list(itertools.chain.from_iterable(zip(*(c[:whole] for c in columns), strict=True)))
        step = width * per
        statements = map(flat.__getitem__, map(slice, range(0, len(flat), step), range(step, len(flat) + step, step)))
        con.executemany(f"{insert} VALUES {', '.join([row] * per)}", statements)
    if whole < n:
        con.executemany(f"{insert} VALUES {row}", zip(*(c[whole:] for c in columns), strict=True))
