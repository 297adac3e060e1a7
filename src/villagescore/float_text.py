"""Floats as ``float.__repr__`` writes them (as the JSON encoder and the csv module do), a whole array at a time.

Python's ``repr`` is the slowest part of writing a national result (tens of millions of
numbers). orjson writes the same shortest round-trip digits from compiled code, and spells a
number exactly as ``repr`` does whenever ``repr`` uses positional notation above 1e-4 or
writes zero (checked by ``tests/test_float_text.py`` on edge and random values); outside
that range (``1e-05`` against orjson's ``0.00001``) the numbers are written by ``repr``
itself. An orjson whose spelling differs anywhere on a probe of that range (another version
may format differently) is not used at all. Both functions here therefore give exactly the
text of ``json.dumps``.
"""

from __future__ import annotations

import functools

import numpy as np
import orjson

__all__ = ["float_reprs", "float_rows", "float_table", "orjson_spells_like_repr", "ten_thousandths_table"]

_NUMPY = orjson.OPT_SERIALIZE_NUMPY
_CLOSE = ord("]")
#: orjson and ``repr`` spell a finite float alike when it is zero or its magnitude lies in [LOW, HIGH).
LOW, HIGH = 1e-4, 1e16


def _spelled_alike(a: np.ndarray) -> np.ndarray:
    """Which elements of ``a`` orjson writes exactly as ``repr`` does (NaN: no)."""
    with np.errstate(invalid="ignore"):
        mag = np.abs(a)
        return ((mag >= LOW) & (mag < HIGH)) | (a == 0)


#: Numbers of the range where orjson is used, at its edges and where notations could change.
_PROBE = (0.0, 1.0, -1.0, 0.1, 0.30000000000000004, 1 / 3, 2.5, 100.0, 35.3516, 4690145.66, 123456789.0,
          1e15, 1234567890123456.8, 9999999999999998.0, LOW, 0.00012345, 0.001, 0.0009765625, 65536.0, 1e7)


@functools.lru_cache(maxsize=1)
def orjson_spells_like_repr() -> bool:
    """Whether the installed orjson writes every number of :data:`_PROBE` exactly as ``repr``."""
    probe = np.array(_PROBE + tuple(-x for x in _PROBE))
    texts = orjson.dumps(probe, option=_NUMPY)[1:-1].decode("ascii").split(",")
    return texts == [repr(x) for x in probe.tolist()]


def float_reprs(values: np.ndarray, end: str = ",") -> list[str]:
    """``repr(x) + end`` of every element of a 1-D array of floats (not NaN); ``end`` is ``","`` or ``""``."""
    values = np.ascontiguousarray(values, dtype=float)
    if len(values) == 0:
        return []
    if not orjson_spells_like_repr():
        body, odd = repr(values.tolist())[1:-1].replace(" ", ""), []
    else:
        body = orjson.dumps(values, option=_NUMPY)[1:-1].decode("ascii")
        odd = np.flatnonzero(~_spelled_alike(values)).tolist()
    # float texts hold no comma or space: "1.5,20.0" -> ["1.5,", "20.0,"] in C, without a loop
    texts = (body + ",").replace(",", end + " ").split(" ")[:-1] if end else body.split(",")
    for i in odd:
        texts[i] = repr(float(values[i])) + end
    return texts


def float_table(values: np.ndarray, end: bytes = b"", decimal: bytes = b".") -> np.ndarray:
    """``repr(x)`` of each float of a 1-D array (not NaN) then ``end``, as ASCII padded with NUL to one width.

    A numpy ``S`` array, without a Python object per number: the texts of :func:`float_reprs`,
    cut out of one orjson text by numpy. ``decimal`` (one byte) replaces the decimal point;
    ``end`` holds no ``.``. An array of integers (int64 or narrower) gives ``str`` of each.
    """
    integers = np.asarray(values).dtype.kind in "iu"
    values = np.ascontiguousarray(values, dtype=np.int64 if integers else float)
    if len(values) == 0:
        return np.zeros(0, dtype="S1")
    if integers:  # orjson writes an integer's decimal digits, as str does
        body, odd = orjson.dumps(values, option=_NUMPY)[1:-1], []
    elif not orjson_spells_like_repr():
        body, odd = repr(values.tolist())[1:-1].replace(" ", "").encode("ascii"), []
    else:
        body = orjson.dumps(values, option=_NUMPY)[1:-1]
        odd = np.flatnonzero(~_spelled_alike(values)).tolist()
    text = np.frombuffer(body + b",", dtype=np.uint8)
    ends = np.flatnonzero(text == ord(","))  # the comma after each number (a float's text holds none)
    starts = np.zeros_like(ends)
    starts[1:] = ends[:-1] + 1
    sizes = ends - starts
    fixes = [repr(float(values[i])).encode("ascii") for i in odd]
    width = max(int(sizes.max()), *map(len, fixes)) + len(end) if fixes else int(sizes.max()) + len(end)
    # each number's window of the text (the text padded so that the last one fits), what follows it cleared
    windows = np.lib.stride_tricks.sliding_window_view(np.frombuffer(body + bytes(width + 1), dtype=np.uint8), width)
    table = windows[starts]
    table *= np.arange(width) < sizes[:, None]
    for i, fix in zip(odd, fixes, strict=True):
        table[i] = 0
        table[i, :len(fix)] = np.frombuffer(fix, dtype=np.uint8)
        sizes[i] = len(fix)
    rows = np.arange(len(values))
    for k, byte in enumerate(end):
        table[rows, sizes + k] = byte
    if decimal != b".":
        table[table == ord(".")] = decimal[0]
    return table.view(f"S{table.shape[1]}").reshape(-1)


#: :func:`ten_thousandths_table` writes numbers of this many decimals at most, below :data:`FIXED_BELOW`.
DECIMALS = 4
#: Below this magnitude two numbers of :data:`DECIMALS` decimals are more than a float's spacing apart.
FIXED_BELOW = 1e9


def ten_thousandths_table(values: np.ndarray, end: bytes = b"", decimal: bytes = b".") -> np.ndarray | None:
    """:func:`float_table` of floats that each are a whole number of ten-thousandths, with NULs inside the cells.

    A score rounded to 4 decimals is the float nearest ``k / 10_000`` for a whole ``k``; below
    :data:`FIXED_BELOW` no other number of at most 4 decimals is that near it, so ``repr`` writes
    exactly ``k / 10_000``'s digits (trailing zeros dropped, one kept after the point). A cell is
    the sign, the whole part's digits three at a time, the point, the four decimals and ``end``,
    each piece taken from a table of its texts by numpy, where a leading or trailing zero not
    written is a NUL (so the cells are for a caller that deletes every NUL, as
    :func:`~villagescore.fixed_rows.packed_rows` does). ``None`` when some value is not such a
    number (NaN, infinite, 1e-05, 0.1 + 0.2 …).
    """
    values = np.asarray(values, dtype=float)
    if len(values) == 0:
        return None
    magnitude = np.abs(values)
    if not (magnitude < FIXED_BELOW).all():  # NaN too
        return None
    scaled = np.rint(magnitude * 1e4)
    if not np.array_equal(scaled / 1e4, magnitude):  # the float nearest k / 10_000 is k / 10_000 divided in floats
        return None
    whole = np.floor(magnitude)  # k // 10_000: a float of k / 10_000 never crosses a whole number
    groups = max(1, -(-len(str(int(whole.max()))) // 3))
    digit_groups, decimals = _digit_tables()
    fields = ["sign", *(f"g{g}" for g in range(groups)), "point", "decimals", "end"]
    out = np.empty(len(values), dtype=np.dtype({"names": fields, "formats": [
        "V1", *["V3"] * groups, "V1", "V4", f"V{max(len(end), 1)}"]}))
    out["sign"] = np.where(np.signbit(values), b"-", b"\0").view("V1")
    parts, rest = [], whole
    for _ in range(groups - 1):  # the lowest three digits first
        rest, part = np.divmod(rest, 1000.0)
        parts.append(part)
    parts.append(rest)
    begun = np.zeros(len(values), dtype=bool)  # a higher group was written
    for g, part in zip(range(groups), reversed(parts), strict=True):  # g0 the highest
        index = part.astype(np.intp)
        if g < groups - 1:  # not written at all before the first digit: the blank text after the others
            index[~begun & (index == 0)] = 2000
        index[begun] += 1000
        np.take(digit_groups, index, out=out[f"g{g}"])
        begun |= part > 0
    out["point"] = np.frombuffer(decimal[:1], dtype="V1")[0]
    np.take(decimals, (scaled - whole * 1e4).astype(np.intp), out=out["decimals"])
    out["end"] = np.frombuffer(end.ljust(1, b"\0"), dtype=f"V{max(len(end), 1)}")[0]
    return out.view(f"S{out.dtype.itemsize}")


@functools.lru_cache(maxsize=1)
def _digit_tables() -> tuple[np.ndarray, np.ndarray]:
    """Three digits' texts, and each of 0–9999 as four decimals (``V3`` and ``V4``, NUL where a digit is not written).

    The first: 0–999 without leading zeros (the units always), then 0–999 with them, then three
    NULs; the second without its trailing zeros but the first.
    """
    numbers = np.arange(10_000)
    digits = np.stack([numbers // 1000 % 10, numbers // 100 % 10, numbers // 10 % 10, numbers % 10], axis=1)
    text = (digits + ord("0")).astype(np.uint8)
    inner = text[:1000, 1:]
    lead = inner.copy()
    lead[:, 0][numbers[:1000] < 100] = 0
    lead[:, 1][numbers[:1000] < 10] = 0
    groups = np.concatenate([lead, inner, np.zeros((1, 3), dtype=np.uint8)])
    decimals = text.copy()
    for place, below in ((1, 1000), (2, 100), (3, 10)):
        decimals[:, place][numbers % below == 0] = 0
    return groups.view("V3").ravel(), decimals.view("V4").ravel()


def float_rows(matrix: np.ndarray) -> list[bytes] | None:
    """Each row of a 2-D float array as the comma-separated JSON of its cells (NaN: ``null``), in ASCII.

    ``None`` when some cell is infinite, negative zero, or spelled differently by orjson and
    ``repr``: the caller then writes the cells one distinct value at a time. Rows must have
    at least one cell.
    """
    a = np.ascontiguousarray(matrix, dtype=float)
    if a.ndim != 2 or a.shape[0] == 0 or a.shape[1] == 0 or not orjson_spells_like_repr():
        return None
    if not (_spelled_alike(a) | np.isnan(a)).all() or (np.signbit(a) & (a == 0)).any():
        return None
    text = orjson.dumps(a, option=_NUMPY)  # [[row],[row],...]: a row holds no "]"
    # the rows cut out at the places of "]" found by numpy: splitting at "],[" looked for three bytes (2.3x slower)
    ends = np.flatnonzero(np.frombuffer(text, dtype=np.uint8) == _CLOSE)[:-1]
    starts = [2, *(ends[:-1] + 3).tolist()]
    return list(map(text.__getitem__, map(slice, starts, ends.tolist())))
