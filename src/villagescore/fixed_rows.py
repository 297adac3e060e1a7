"""Rows of text from fixed-width cells: numpy copies the cells' bytes, the padding is then deleted.

Joining a chunk of a national output cell by cell touches a Python object per cell. Here each
column is a table of UTF-8 cells padded with NUL to the column's widest (:func:`fixed`) and the
place of each row's cell in it; a chunk of rows is one numpy record array filled a column at a
time by ``numpy.take``, and ``bytes.translate`` deletes the padding (:func:`packed_rows`): the
same bytes, without an object per cell, for text that never holds a NUL of its own (CSV cells
that the csv module writes unquoted, JSON). The XLSX writer's rows are made the same way
(:mod:`villagescore.reports.xlsx.packed`). It pays while the padding stays small: a chunk
whose padded rows would be more than ``most_padded`` times the bytes they hold is declined.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["MANY", "cut_texts", "fixed", "packed_rows"]


def fixed(texts: list[str], end: str = "", most_padded: float | None = None) -> np.ndarray | None:
    """Each of ``texts`` (none holding a NUL) then ``end``, as UTF-8 padded with NUL to the widest (numpy ``S``).

    ``most_padded``: ``None`` instead when the table would be more than that many times the
    text it holds (one long text among many short ones; counted before the table is made, in
    UTF-8 bytes from :data:`MANY` texts on, in characters below). Many texts are cut out of
    their one encoded join by numpy (:func:`_windows`), without a ``bytes`` object per text.
    Only which way a caller goes depends on the count, never the bytes of a table made.
    """
    if not texts:
        return np.zeros(0, dtype="S1")
    if len(texts) >= MANY:
        try:
            return _windows(texts, end, most_padded)
        except UnicodeEncodeError:  # a lone surrogate: declined or said as below, the padding judged first
            pass
    if most_padded is not None:
        widest, held = max(map(len, texts)) + len(end), sum(map(len, texts)) + len(end) * len(texts)
        if widest * len(texts) > most_padded * held + 2**16:
            return None
    table = np.array(((end + "\0").join(texts) + end).encode("utf-8").split(b"\0"))  # as wide as the widest
    return table if table.itemsize else table.astype("S1")


#: From this many texts on, :func:`fixed` cuts them out of one buffer (fewer: one ``bytes`` each costs less).
MANY = 64


def _windows(texts: list[str], end: str, most_padded: float | None) -> np.ndarray | None:
    """:func:`fixed` of many texts, cut out of their one NUL-separated UTF-8 (:func:`cut_texts`)."""
    return cut_texts(((end + "\0").join(texts) + end + "\0").encode("utf-8"), most_padded)


def cut_texts(data: bytes, most_padded: float | None = None) -> np.ndarray | None:
    """Each text of ``data`` (each followed by a NUL, none holding one) padded with NUL to the widest (numpy ``S``).

    Each text's window of ``data`` with what follows it cleared: no ``bytes`` object per text.
    ``None`` when the table would be more than ``most_padded`` times the bytes it holds. Bytes
    after the last NUL are no text; a NUL inside a text would split it in two (the caller's
    texts hold none).
    """
    buffer = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(buffer == 0)  # after each text
    if not len(ends):
        return np.zeros(0, dtype="S1")
    starts = np.zeros_like(ends)
    starts[1:] = ends[:-1] + 1
    sizes = ends - starts
    width = max(int(sizes.max()), 1)
    if most_padded is not None and width * len(sizes) > most_padded * (len(buffer) - len(sizes)) + 2**16:
        return None
    padded = np.concatenate([buffer, np.zeros(width, dtype=np.uint8)])  # the last window fits
    table = np.lib.stride_tricks.sliding_window_view(padded, width)[starts]  # a copy
    table *= np.arange(width) < sizes[:, None]
    return table.view(f"S{width}").reshape(-1)


def packed_rows(coded: Sequence[tuple[np.ndarray | None, np.ndarray]], n: int, most_padded: float) -> bytes | None:
    """``n`` rows, each the concatenation of its cell in each column of ``coded``; ``None`` when too padded.

    ``coded`` holds per column its codes (each row's place in the table) and its table of
    fixed-width cells (numpy ``S``, from :func:`fixed`); codes ``None``: the table holds each
    row's cell in order, or one cell that every row has (text between the cells).
    """
    # the bytes of every 16th row tell the padding well enough (it decides the way, never the bytes)
    sample = slice(None, None, 16)
    sampled = len(range(n)[sample])
    held = sum(_held(codes, table, sample, sampled) for codes, table in coded)
    if sampled * sum(table.itemsize for _codes, table in coded) > most_padded * held + 2**16:
        return None
    names = [f"c{k}" for k in range(len(coded))]
    # void fields: numpy copies their bytes as they are (a bytes field would be copied as text)
    record = np.dtype({"names": names, "formats": [f"V{table.itemsize}" for _codes, table in coded]})
    out = np.empty(n, dtype=record)
    for name, (codes, table) in zip(names, coded, strict=True):
        cells = table.view(f"V{table.itemsize}")
        if codes is None:
            out[name] = cells if len(cells) == n else cells[0]
        else:  # every code is a place in the table: "clip" clips nothing, and takes straight into ``out``
            np.take(cells, codes, out=out[name], mode="clip")
    return out.tobytes().translate(None, b"\0")


def _held(codes: np.ndarray | None, table: np.ndarray, sample: slice, sampled: int) -> int:
    """The bytes a column's cells hold on the ``sampled`` rows of ``sample`` (a table's rows measured only there)."""
    if codes is not None:
        return int(np.char.str_len(table)[codes[sample]].sum())
    if len(table) > 1:  # each row's cell
        return int(np.char.str_len(table[sample]).sum())
    return sampled * len(table[0])  # one cell every row has
