"""Safe cell values and the SpreadsheetML rows written around openpyxl (row by row or column by column)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ...chunks import chunks_in_order
from ...errors import Count, OutputError, said
from ...i18n import N_
from ...outputs import neutralise

# the limits are read from the package at call time: villagescore.reports.xlsx.MAX_ROWS set by a
# caller (or a test) is the one that counts
from .. import xlsx as _limits
from .decisive import Finer, refined
from .number_bytes import number_cell_bytes
from .packed import bytes_table, packed_rows, piece_table
from .plain import PLAIN_TEXT, plain_cells

#: What a sheet too long for Excel says.
_TOO_MANY_ROWS = N_("sheet {sheet!r} would need more rows than Excel's limit of {limit}; choose villages with "
                    "--village or use --format csv, jsonl or json")



def cell_value(value: Any) -> Any:
    """Return ``value`` as a safe cell value: None for missing, plain numbers, neutralised text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if type(value).__module__ == "numpy":
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, int):
        return value
    if type(value).__name__ == "NAType":
        return None
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return neutralise(text)


def _cells(ws: Any, values: Iterable[Any]) -> list[Any]:
    """Safe openpyxl cells for one row: text as string cells (never a formula), numbers as they are."""
    from openpyxl.cell import WriteOnlyCell

    out: list[Any] = []
    for value in values:
        value = cell_value(value)
        if isinstance(value, str):
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"
            out.append(cell)
        else:
            out.append(value)
    return out


def append_row(ws: Any, values: Iterable[Any]) -> None:
    """Append one row of safe cells to ``ws``: text is neutralised and typed as a string."""
    ws.append(_cells(ws, values))


def _xml_text(text: str) -> str:
    """An inline-string cell body (as openpyxl writes it: ``xml:space`` kept for edge spaces)."""
    body = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if text.strip() and text.strip() != text else ""
    return f' t="inlineStr"><is><t{space}>{body}</t></is></c>'


def rows_xml(rows: Iterable[Sequence[Any]], styles: dict[int, int], *, first_row: int = 2, sheet: str = "",
             max_rows: int | None = None, whole: dict[int, int] | None = None,
             finer: dict[int, Finer] | None = None, each: dict[int, list[int | None]] | None = None
             ) -> tuple[str, int]:
    """Serialise data rows as SpreadsheetML ``<row>`` elements; return ``(xml, number of rows)``.

    Every value goes through :func:`cell_value` (text neutralised, cleaned of characters
    XML cannot hold; NaN and missing values leave the cell empty). Text cells are inline
    strings (never a formula), booleans ``t="b"``, numbers ``t="n"`` written with 15
    significant digits (what Excel keeps; ``8.720000000000001`` is written ``8.72``).
    ``styles`` maps a 0-based column to the style id of its number format (numbers only);
    ``whole`` the style of a whole number in that column instead (``#,##0``: no spurious ``.0``);
    ``finer`` a score column's formats with more decimals, for the cells that need them (:class:`Finer`);
    ``each`` a column's style per row (``None``: the column's), counted from the first row given.
    """
    from openpyxl.utils import get_column_letter

    whole, finer, each = whole or {}, finer or {}, each or {}

    limit = _limits.MAX_ROWS if max_rows is None else max_rows
    letters: list[str] = []
    texts: dict[str, str] = {}  # the same labels and ids repeat on every row: escape each once
    parts: list[str] = []
    r = first_row - 1
    for r, row in enumerate(rows, start=first_row):  # after the loop, r is the last row written
        if r >= limit:
            raise said(OutputError, _TOO_MANY_ROWS, sheet=sheet, limit=Count(limit - 1))
        parts.append(f'<row r="{r}">')
        for k, value in enumerate(row):
            value = cell_value(value)
            if value is None or value == "":
                continue
            while len(letters) <= k:
                letters.append(get_column_letter(len(letters) + 1))
            ref = f"{letters[k]}{r}"
            if isinstance(value, str):
                body = texts.get(value)
                if body is None:
                    if len(value) > _limits.MAX_TEXT:
                        raise said(OutputError, N_("sheet {sheet!r}, cell {cell}: text longer than Excel's {limit} "
                                                   "characters"), sheet=sheet, cell=ref, limit=Count(_limits.MAX_TEXT))
                    body = texts[value] = _xml_text(value)
                parts.append(f'<c r="{ref}"{body}')
            elif isinstance(value, bool):
                parts.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
            else:
                style = whole.get(k) if k in whole and float(value).is_integer() else styles.get(k)
                if k in finer:
                    style = finer[k].style(value, style)
                if k in each and each[k][r - first_row] is not None:
                    style = each[k][r - first_row]
                attr = "" if style is None else f' s="{style}"'
                parts.append(f'<c r="{ref}"{attr} t="n"><v>{value:.15g}</v></c>')
        parts.append("</row>")
    return "".join(parts), r - first_row + 1


def columns_xml(columns: Sequence[Any], styles: dict[int, int], *, first_row: int = 2,
                sheet: str = "", cache: dict[tuple[int, str], Any] | None = None) -> tuple[str, int]:
    """Serialise data rows given as columns (equal-length sequences); return ``(xml, number of rows)``.

    The same cells as :func:`rows_xml` (text neutralised and inline, booleans, numbers with
    15 significant digits, NaN and ``None`` empty), built column by column: each distinct
    value of a column is turned into XML once (and a column object given again with the
    same style, through ``cache``, is not serialised again). Cells carry no ``r``
    reference; an empty cell is written ``<c/>`` (trailing ones are left out); numbers
    leave out ``t="n"`` (the default type). :func:`columns_xml_chunks` gives the same XML
    piece by piece.
    """
    chunks, n = columns_xml_chunks(columns, styles, first_row=first_row, sheet=sheet, cache=cache)
    return b"".join(chunks).decode("utf-8"), n


#: Rows serialised at a time by :func:`columns_xml_chunks` (their XML is held only that long; a chunk of
#: the indicator sheet fits in a processor cache better than twice as many rows: 0.8× the time).
CHUNK_ROWS = 2048


def columns_xml_chunks(columns: Sequence[Any], styles: dict[int, int], *, first_row: int = 2, sheet: str = "",
                       cache: dict[tuple[int, str], Any] | None = None, chunk_rows: int = CHUNK_ROWS,
                       decimals: int | None = None, later: list[Any] | None = None,
                       finer: dict[int, Finer] | None = None) -> tuple[Iterable[bytes], int]:
    """:func:`columns_xml` as ``(pieces of UTF-8 XML, number of rows)``: the rows are joined a chunk at a time.

    Every column is checked and its distinct values serialised at once (a text too long for
    Excel fails here, before anything is written); the rows are built as the pieces are read,
    on several processors from the command line (:func:`~villagescore.chunks.chunks_in_order`).
    ``decimals``: float columns are rounded so (``numpy.round``) a column at a time as their
    distinct values are found, so that a caller need not hold a rounded copy of a whole matrix.
    ``later``: the columns are serialised by :func:`code_later` (with other sheets' columns, in
    one round of forked copies), which fails instead; the pieces must not be read before.
    ``finer``: per score column, the formats of the cells that need more decimals (:class:`Finer`).
    """
    if not columns:
        return iter(()), 0
    n = len(columns[0])
    if n == 0:
        return iter(()), 0
    if first_row + n - 1 >= _limits.MAX_ROWS:
        raise said(OutputError, _TOO_MANY_ROWS, sheet=sheet, limit=Count(_limits.MAX_ROWS - 1))
    cache = {} if cache is None else cache
    finer = finer or {}
    keys = [(id(column), _style_attr(styles, k) if k not in finer else (_style_attr(styles, k), finer[k].bounds,
                                                                         finer[k].attrs()),
             decimals if _is_float(column) else None) for k, column in enumerate(columns)]
    missing = {}  # the columns not serialised before (by this sheet or an earlier one): key -> place
    for k, key in enumerate(keys):
        if key not in cache:
            missing.setdefault(key, k)
    jobs = [(key, columns[k], decimals, sheet) for key, k in missing.items()]
    rows = ChunkedRows(None, n, chunk_rows)
    for key, column, _decimals, _sheet in jobs:
        cache[key] = (column, None, None)  # keeps the column alive (its id is a key); serialised below or later
    if later is None:
        code_later([(jobs, lambda: _rows_of(rows, [cache[key][1:] for key in keys], first_row))], cache)
    else:
        later.append((jobs, lambda: _rows_of(rows, [cache[key][1:] for key in keys], first_row)))
    return rows, n


def code_later(later: list[Any], cache: dict[tuple[int, str], Any]) -> None:
    """Serialise the columns :func:`columns_xml_chunks` left for ``later`` (every sheet's in one round); their rows."""
    jobs = [job for sheet_jobs, _finish in later for job in sheet_jobs]
    try:
        made = _coded_columns(_column_jobs(jobs))
    except BaseException:
        for key, *_job in jobs:  # not serialised: no sheet finds them in the cache
            cache.pop(key, None)
        raise
    for (key, column, _decimals, _sheet), (codes, table) in zip(jobs, made, strict=True):
        cache[key] = (column, codes, table)
    for _jobs, finish in later:
        finish()
    later.clear()


def fail_as_later(later: list[Any]) -> None:
    """Serialise the columns left for ``later`` only to raise what the first of them fails with; keep nothing.

    A sheet built row by row fails as its rows are made, before the columns of the sheets before it
    (left for :func:`code_later`) are serialised: called then, the workbook's first failure is said,
    in the order of its sheets and of their columns.
    """
    _coded_columns(_column_jobs([job for sheet_jobs, _finish in later for job in sheet_jobs]))


def _column_jobs(jobs: list[Any]) -> list[tuple[Any, str, int | None, str]]:
    """``(column, attr, decimals, sheet)`` of each job left for later (``(key, column, decimals, sheet)``)."""
    return [(column, key[1], decimals, sheet) for key, column, decimals, sheet in jobs]


def _rows_of(rows: ChunkedRows, coded: list[tuple[Any, Any]], first_row: int) -> None:
    """Give ``rows`` the way to make its chunks from its columns ``coded``: per column, (codes, its piece_table)."""
    import numpy as np

    n, chunk_rows = rows.n, rows.size
    fast = packed_rows(coded, first_row, n)  # the same bytes, without an object per cell
    if fast is not None:
        rows.make = fast
        return
    coded = [(codes, table.astype(object)) for codes, table in coded]  # pieces of bytes, the same as the table's
    # per column, which of its pieces is an empty cell (trailing empty cells of a row are left out)
    empty = [pieces == b"<c/>" for _codes, pieces in coded]

    width = len(coded)
    grid = np.empty((min(chunk_rows, n), width + 2), dtype=object)  # row start, cells, row end
    grid[:, -1] = b"</row>"
    filled = np.empty((min(chunk_rows, n), width), dtype=bool)

    def joined(lo: int, hi: int) -> bytes:
        part, full = grid[: hi - lo], filled[: hi - lo]  # the buffers of this process (a fork has its own)
        part[:, 0] = [b'<row r="%d">' % r for r in range(first_row + lo, first_row + hi)]
        for k, (codes, pieces) in enumerate(coded):
            chunk = codes[lo:hi]
            part[:, k + 1] = pieces[chunk]
            np.logical_not(empty[k][chunk], out=full[:, k])
        # the last cell that is not empty in each row (-1: none); the cells after it are dropped
        last = width - 1 - np.argmax(full[:, ::-1], axis=1)
        last[~full.any(axis=1)] = -1
        cells = part[:, 1:-1]
        cells[np.arange(width)[None, :] > last[:, None]] = b""
        return b"".join(part.ravel().tolist())

    rows.make = joined


def _style_attr(styles: dict[int, int], k: int) -> str:
    style = styles.get(k)
    return "" if style is None else f' s="{style}"'


def _coded_columns(jobs: Sequence[tuple[Any, str, int | None, str]]) -> list[Any]:
    """:func:`_coded_column` of each ``(column, attr, decimals, sheet)``, on several processors (as the rows are)."""
    import os

    here = os.getpid()

    def make(lo: int, hi: int) -> Any:
        made = [_coded_column(*jobs[k]) for k in range(lo, hi)]
        # a forked copy hands its columns back through a pipe, as bytes; this process keeps its own
        return made if os.getpid() == here else b"".join(map(_column_bytes, made))

    return [coded for made in chunks_in_order(make, len(jobs), 1)
            for coded in (made if isinstance(made, list) else _columns_from_bytes(made))]


def _column_bytes(coded: tuple[Any, Any]) -> bytes:
    """A column's ``(codes, piece_table)`` as bytes (read back by :func:`_columns_from_bytes`)."""
    import numpy as np

    codes, table = coded
    if table.dtype.kind == "S":
        body, sizes = table.tobytes(), np.zeros(0, dtype=np.int64)
    else:  # pieces of bytes of any length
        body, sizes = b"".join(table.tolist()), np.fromiter(map(len, table.tolist()), dtype=np.int64)
    head = np.array([codes.dtype.itemsize, len(codes), table.itemsize if table.dtype.kind == "S" else 0,
                     len(table), len(body)], dtype=np.int64)
    return head.tobytes() + codes.tobytes() + sizes.tobytes() + body


def _columns_from_bytes(data: bytes) -> list[tuple[Any, Any]]:
    """The columns of :func:`_column_bytes`, one after another in ``data``."""
    import numpy as np

    out, at = [], 0
    while at < len(data):
        width, n, itemsize, count, size = np.frombuffer(data, dtype=np.int64, count=5, offset=at).tolist()
        at += 40
        codes = np.frombuffer(data, dtype=f"u{width}", count=n, offset=at)
        at += width * n
        if itemsize:
            table = np.frombuffer(data, dtype=f"S{itemsize}", count=count, offset=at)
        else:
            ends = np.frombuffer(data, dtype=np.int64, count=count, offset=at).cumsum().tolist()
            at += 8 * count
            table = np.empty(count, dtype=object)
            table[:] = [data[at + a: at + b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]
        at += size
        out.append((codes, table))
    return out


def _coded_column(column: Any, attr: Any, decimals: int | None, sheet: str) -> tuple[Any, Any]:
    """``(codes, piece_table)`` of a column: each distinct value's cell once, each row's place in the table.

    ``attr``: the cells' style attribute, or ``(attr, bounds, finer attrs)`` for a score column
    whose cells near a minimum take a format with more decimals (:func:`~.decisive.refined`).
    """
    import numpy as np
    import pandas as pd

    attr, bounds, finer = attr if isinstance(attr, tuple) else (attr, (), ())
    if _is_float(column):
        values = np.asarray(column, dtype=float)
        codes, uniques = pd.factorize(values if decimals is None else np.round(values, decimals), use_na_sentinel=True)
        uniques = np.asarray(uniques, dtype=float)
        finite = np.isfinite(uniques)
        made = number_cell_bytes(uniques[finite], attr)  # UTF-8 from the start: no joining and encoding again
        if made is not None and finite.all():
            pieces = [*made, b"<c/>"]
        else:
            pieces = np.full(len(uniques) + 1, "<c/>" if made is None else b"<c/>", dtype=object)
            pieces[:-1][finite] = number_cells(uniques[finite], attr) if made is None else made
            pieces = pieces.tolist()
        if bounds:
            pieces = refined(pieces, uniques, finite, finer, bounds, number_cells)
    else:
        codes, uniques = pd.factorize(pd.Series(column, dtype=object), use_na_sentinel=True)
        pieces = _text_column_cells(uniques.tolist(), attr, sheet)
    table = piece_table(pieces) if type(pieces[0]) is str else bytes_table([*pieces[:-1], b"", pieces[-1]])
    # a missing value's code (-1) is its piece's place, so that numpy need not wrap it; every
    # sheet's codes are held until the workbook is written: 2 bytes a cell for most columns
    codes[codes < 0] = len(table) - 1
    return codes.astype(np.min_scalar_type(len(table) - 1)), table


class ChunkedRows:
    """The rows of :func:`columns_xml_chunks`, made a chunk at a time as they are read.

    Iterated: each chunk's UTF-8 XML. :meth:`deflated`: each chunk deflated by the process that
    made it (:func:`~villagescore.reports.xlsx.deflate.deflated`), for a large workbook.
    """

    def __init__(self, make: Any, n: int, size: int) -> None:
        self.make, self.n, self.size = make, n, size

    def __iter__(self) -> Iterator[bytes]:
        return chunks_in_order(self.make, self.n, self.size)

    def deflated(self) -> Iterator[bytes]:
        """Each chunk deflated where it is made (in a forked copy for the chunks a copy makes)."""
        from .deflate import deflated

        return chunks_in_order(lambda lo, hi: deflated(self.make(lo, hi)), self.n, self.size)


def _text_column_cells(values: list[Any], attr: str, sheet: str) -> list[str] | list[bytes]:
    """The cells of :func:`_text_column_xml`, then a missing value's (``<c/>``): UTF-8 when the values are all text.

    Texts: :func:`~villagescore.reports.xlsx.plain.plain_cells` makes the plain ones' cells at once.
    """
    made = plain_cells(values, _limits.MAX_TEXT) if values and all(type(v) is str for v in values) else None
    if made is None:
        return [*_text_column_xml(values, attr, sheet), "<c/>"]
    cells, odd = made
    for i in odd:
        cells[i] = _cell_xml(values[i], attr, sheet).encode("utf-8")
    return [*cells, b"<c/>"]


def _text_column_xml(values: list[Any], attr: str, sheet: str) -> list[str]:
    """The cell XML of each distinct value of a column that is not all numbers.

    Most values are plain text (no character to escape or remove, no formula start, no
    space at either end): their cell is written directly; any other value goes through
    :func:`_cell_xml` (and :func:`cell_value`), which gives plain text the same cell.
    """
    out = []
    plain, limit = PLAIN_TEXT.fullmatch, _limits.MAX_TEXT
    for v in values:
        if type(v) is str and len(v) <= limit and plain(v):
            out.append(f'<c t="inlineStr"><is><t>{v}</t></is></c>')
        else:
            out.append(_cell_xml(v, attr, sheet))
    return out


def _is_float(column: Any) -> bool:
    return getattr(getattr(column, "dtype", None), "kind", "") == "f"


def number_cells(values: Any, attr: str) -> list[str]:
    """``f"<c{attr}><v>{x:.15g}</v></c>"`` of each finite float of ``values``, most of them without a format call.

    ``.15g`` gives ``repr``'s digits whenever ``repr`` has at most 15 of them (its text is
    then at most 16 characters), in positional notation from 1e-4 to 1e15, without ``repr``'s
    ``.0``: those cells are built from :func:`~villagescore.float_text.float_reprs` by
    replacing text in one string; the others are formatted one by one.
    """
    import numpy as np

    from ...float_text import float_reprs

    values = np.ascontiguousarray(values, dtype=float)
    if len(values) == 0:
        return []
    texts = float_reprs(values, "")
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    body = (",".join(texts) + ",").replace(".0,", ",")[:-1]  # numbers hold no comma
    cells = (f"<c{attr}><v>" + body.replace(",", f"</v></c>,<c{attr}><v>") + "</v></c>").split(",")
    magnitude = np.abs(values)
    odd = (lengths > 16) | ((magnitude < 1e-4) & (magnitude > 0)) | (magnitude >= 1e15)
    for i in np.flatnonzero(odd).tolist():
        cells[i] = f"<c{attr}><v>{values[i]:.15g}</v></c>"
    return cells


def _cell_xml(value: Any, attr: str, sheet: str) -> str:
    value = cell_value(value)
    if value is None or value == "":
        return "<c/>"
    if isinstance(value, str):
        if len(value) > _limits.MAX_TEXT:
            raise said(OutputError, N_("sheet {sheet!r}: text longer than Excel's {limit} characters"), sheet=sheet,
                       limit=Count(_limits.MAX_TEXT))
        return "<c" + _xml_text(value)
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    return f"<c{attr}><v>{value:.15g}</v></c>"
