"""The cells of a column's distinct numbers as UTF-8, cut out of one orjson text.

:func:`~villagescore.reports.xlsx.cells.number_cells` gives them as ``str``, which the
column's table then joins, encodes and splits again; a national summary has columns of
100,000 distinct scores. Here the numbers' text stays bytes from orjson to the cells.
"""

from __future__ import annotations

from typing import Any


def number_cell_bytes(values: Any, attr: str) -> list[bytes] | None:
    """``number_cells(values, attr)`` encoded as UTF-8, or ``None`` where orjson's spelling is not used.

    ``values``: finite floats. orjson writes ``repr``'s text of every number in the range where
    :func:`~villagescore.float_text.orjson_spells_like_repr` holds; the numbers outside it, and
    those ``repr`` writes with more than 16 characters, are written with ``.15g`` one by one,
    as :func:`~villagescore.reports.xlsx.cells.number_cells` writes them.
    """
    import numpy as np
    import orjson

    from ...float_text import orjson_spells_like_repr

    values = np.ascontiguousarray(values, dtype=float)
    if len(values) == 0 or not orjson_spells_like_repr():
        return None
    body = orjson.dumps(values, option=orjson.OPT_SERIALIZE_NUMPY)[1:-1] + b","
    ends = np.flatnonzero(np.frombuffer(body, dtype=np.uint8) == ord(","))  # numbers hold no comma
    lengths = np.diff(ends, prepend=-1) - 1
    body = body.replace(b".0,", b",")[:-1]
    head = b"<c" + attr.encode("utf-8") + b"><v>"
    cells = (head + body.replace(b",", b"</v></c>," + head) + b"</v></c>").split(b",")
    magnitude = np.abs(values)
    # outside [1e-4, 1e15) orjson may spell a number otherwise than repr: written one by one, as number_cells does
    odd = (lengths > 16) | ((magnitude < 1e-4) & (magnitude > 0)) | (magnitude >= 1e15)
    for i in np.flatnonzero(odd).tolist():
        cells[i] = f"<c{attr}><v>{values[i]:.15g}</v></c>".encode()
    return cells
