"""Spaces inside identity texts made plain: a no-break space or a run of spaces is one ' '.

The same place typed with a no-break space (pasted from Word or a web page) or two spaces is the
same place in a result, as it already is in a comparison's groups. A column is first searched at
C level for such a space (most national files hold none), and rewritten through its distinct
texts only when one has it.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .text import factorize, joined_cells

__all__ = ["PLAIN_SPACED", "plain_spaces"]

#: Identity texts whose inner spaces are made plain: the same place typed with a no-break space (pasted from Word
#: or a web page) or two spaces is the same place in a result, as it already is in a comparison's groups.
PLAIN_SPACED = ("name", "commune", "province", "former_commune", "former_district", "former_province")
_ODD_SPACE = re.compile(r"[^\S ]| {2,}")  # any space but a single plain one (the distinct texts are joined by NUL)
_SPACES = re.compile(r"\s+")


#: Single-byte spaces other than ' ' (tab, line feed, carriage return, VT, FF, the separators 1C–1F) and every other
#: byte, deleted by ``bytes.translate`` to find the former.
_SPACE_BYTES = bytes([9, 10, 11, 12, 13, 0x1C, 0x1D, 0x1E, 0x1F])
_NOT_SPACE_BYTES = bytes(sorted(set(range(256)) - set(_SPACE_BYTES)))
#: How the other spaces start in UTF-8 (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000): a hit is confirmed by
#: :data:`_ODD_SPACE` (U+2000–U+203F also holds dashes and quotes).
_SPACE_LEADS = (b"\xc2\x85", b"\xc2\xa0", b"\xe1\x9a\x80", b"\xe2\x80", b"\xe2\x81", b"\xe3\x80\x80")


def _has_odd_space(series: pd.Series) -> bool:
    """Whether a text of ``series`` holds a space other than a single plain one (C-level searches, no regex pass)."""
    if isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "python":
        _, cells, joined = joined_cells(series)  # joined by line breaks once for every identity check
        if joined.count("\n") != max(len(cells) - 1, 0):  # a cell holding a line break
            return True
        joined = joined.replace("\n", "\x00") if "\n" in joined else joined
    else:
        cells = series.dropna().tolist()
        try:
            joined = "\x00".join(cells)
        except TypeError:  # a cell that is not text
            joined = "\x00".join(map(str, cells))
    if "  " in joined:
        return True
    data = joined.encode("utf-8", "surrogatepass")
    if data.translate(None, _NOT_SPACE_BYTES):
        return True
    return any(lead in data for lead in _SPACE_LEADS) and _ODD_SPACE.search(joined) is not None


def plain_spaces(series: pd.Series, values: pd.Series) -> pd.Series:
    """``values`` (``series`` as objects) with each run of spaces inside a text one plain space (U+00A0 → ' ').

    Looked at through the column's texts joined (one regular expression over them), and rewritten
    from its distinct texts by their codes only when one has such a space.
    """
    if not _has_odd_space(series):
        return values  # the common case, found without factorising (100,000 names)
    codes, uniques = factorize(series)
    texts = uniques.tolist() if hasattr(uniques, "tolist") else list(uniques)
    fixed = np.array([_SPACES.sub(" ", t) if isinstance(t, str) else t for t in texts] + [None], dtype=object)
    return pd.Series(fixed[codes], index=values.index, name=values.name, dtype=object)  # code -1 (empty): None
