"""A wide sheet's rows made from fixed-width cells: numpy copies bytes, the padding is then deleted.

Joining a chunk of a national sheet cell by cell touches a Python object per cell (about
25 million at 100,000 village-years). Here each column's distinct cells are held as
fixed-width byte strings (padded with NUL, which XML never holds), a chunk of rows is one
record array filled a column at a time by ``numpy.take``, and ``bytes.translate`` deletes
the padding: the same bytes, without an object per cell. It pays while the padding stays
small: :func:`packed_rows` declines a sheet whose padded rows would be more than
:data:`MOST_PADDED` times the bytes they hold (a column with a few long texts among short ones).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

#: The padded rows are at most this many times the bytes they hold (else cells are joined one by one).
MOST_PADDED = 2.0
#: The empty cell (``<c/>``): trailing ones are left out of a row.
EMPTY = b"<c/>"


def piece_table(pieces: list[str]) -> Any:
    """A column's pieces of XML as UTF-8, then a cell left out (``b""``), then the last piece (a missing value's).

    Fixed-width bytes (``S``) unless that would pad the table to more than twice its bytes
    (then an object array of ``bytes``): :func:`packed_rows` reads the first kind only.
    """
    # one encoding of them all (no piece holds a NUL: XML cannot, and cells are cleaned of it)
    return bytes_table("\0".join([*pieces[:-1], "", pieces[-1]]).encode("utf-8").split(b"\0"))


def bytes_table(data: list[bytes]) -> Any:
    """The table of :func:`piece_table` from its pieces already in UTF-8 (the cell left out, ``b""``, included)."""
    import numpy as np

    sizes = list(map(len, data))
    widest = max(sizes)
    if widest * len(data) > MOST_PADDED * sum(sizes) + 2**20:
        return np.array(data, dtype=object)
    return np.array(data, dtype=f"S{max(1, widest)}")


def packed_rows(coded: Sequence[tuple[Any, Any]], first_row: int, n: int) -> Callable[[int, int], bytes] | None:
    """``rows(lo, hi)``: the UTF-8 ``<row>`` elements of rows ``lo`` to ``hi`` of the columns ``coded``.

    ``coded`` holds, per column, the code of each row's cell (its place in the table, never
    negative) and the column's :func:`piece_table`. A row's trailing empty cells are left out, as
    :func:`~villagescore.reports.xlsx.cells.columns_xml_chunks` leaves them out. ``None`` when
    a table is not of fixed width, or the padding would cost more than it saves (see the module).
    """
    import numpy as np

    if any(table.dtype.kind != "S" for _codes, table in coded):
        return None
    row_start = len(b'<row r="%d">' % (first_row + n - 1))
    # the bytes of every 16th row tell the padding well enough (it decides the way, never the bytes)
    sample = slice(None, None, 16)
    held = sum(int(np.char.str_len(table)[codes[sample]].sum()) for codes, table in coded)
    padded = len(range(n)[sample]) * sum(table.itemsize for _codes, table in coded)
    if padded > MOST_PADDED * held:
        return None
    names = ["row", *(f"c{k}" for k in range(len(coded))), "end"]
    # void fields: numpy copies their bytes as they are (a bytes field would be copied as text)
    record = np.dtype({"names": names, "formats": [f"V{row_start}", *(f"V{t.itemsize}" for _c, t in coded), "V6"]})
    cells = [table.view(f"V{table.itemsize}") for _codes, table in coded]
    filled = [table != EMPTY for _codes, table in coded]
    end = np.array(b"</row>").view("V6")
    width = len(coded)
    places = np.arange(width)[None, :]

    def rows(lo: int, hi: int) -> bytes:
        out = np.empty(hi - lo, dtype=record)
        out["row"] = np.array([b'<row r="%d">' % r for r in range(first_row + lo, first_row + hi)],
                              dtype=f"S{row_start}").view(f"V{row_start}")
        out["end"] = end
        full = np.empty((hi - lo, width), dtype=bool)
        # every code is a place in its table: "clip" clips nothing, and takes straight into ``out``
        for k, (codes, _table) in enumerate(coded):
            np.take(filled[k], codes[lo:hi], out=full[:, k], mode="clip")
        # the last cell that is not empty in each row (-1: none); the cells after it are left out
        last = width - 1 - np.argmax(full[:, ::-1], axis=1)
        last[~full.any(axis=1)] = -1
        after = places > last[:, None]
        for k, (codes, _table) in enumerate(coded):
            chunk = codes[lo:hi]
            if after[:, k].any():
                chunk = np.where(after[:, k], len(cells[k]) - 2, chunk)
            np.take(cells[k], chunk, out=out[names[k + 1]], mode="clip")
        return out.tobytes().translate(None, b"\0")

    return rows
