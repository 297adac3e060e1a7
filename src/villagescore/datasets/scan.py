"""One pass over the text of an identity column: control characters, U+FFFD, the longest cell, slugs.

The checks of :mod:`villagescore.datasets.identity` need to know only whether a column holds
such a cell (the cells themselves are found, rarely, cell by cell). A column of a few
distinct texts is looked at through them (its shared factorisation); any other column's
cells are joined once, and the joined text is looked at in bytes with C-level scans.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .text import factorize, few_distinct, joined_cells

#: The control characters identity cells may not hold: C0 but tab, line feed and carriage return, and DEL.
CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
#: The direction embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) in UTF-8.
BIDI_BYTES = re.compile(rb"\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")
#: Every other byte (deleted by ``bytes.translate``: what remains are control characters).
_NOT_CONTROL = bytes(sorted(set(range(256)) - set(CONTROL_BYTES)))
#: Bytes of a slug (``[a-z0-9._-]``), and those it may start with (``[a-z0-9]``).
_SLUG = np.zeros(256, dtype=bool)
_SLUG[list(b"abcdefghijklmnopqrstuvwxyz0123456789._-")] = True
_SLUG_START = _SLUG.copy()
_SLUG_START[list(b"._-")] = False


class TextScan(NamedTuple):
    """What one scan of a column's text cells found (cells that are not text are left out)."""

    control: bool  #: a cell holds a control character (:data:`CONTROL_BYTES`) or a direction override
    replacement: bool  #: a cell holds U+FFFD
    all_text: bool  #: every cell that is not empty is text
    longest: int  #: the length of the longest text cell, or an upper bound of it (0: no text cell)


def scan_text(series: pd.Series) -> TextScan:
    """Scan the text cells of ``series`` once."""
    if few_distinct(series):
        _, uniques = factorize(series)
        texts = uniques.tolist()
        joined = "\n".join(texts)
        return TextScan(_has_control(_utf8(joined)), "\ufffd" in joined, True, max(map(len, texts), default=0))
    if isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "python":
        _, cells, joined = joined_cells(series)  # as tidying joined them
        data = _utf8(joined)
        return TextScan(_has_control(data), "\ufffd" in joined, True, _longest(data, cells))
    cells = series.dropna().to_numpy(dtype=object).tolist()
    texts = [v for v in cells if isinstance(v, str)]
    joined = "\n".join(texts)
    longest = max(map(len, texts), default=0)
    return TextScan(_has_control(_utf8(joined)), "\ufffd" in joined, len(texts) == len(cells), longest)


def _utf8(text: str) -> bytes:
    """``text`` in UTF-8 (a lone surrogate, which no control character is, as its three bytes)."""
    return text.encode("utf-8", "surrogatepass")


def _has_control(data: bytes) -> bool:
    """Whether the UTF-8 text ``data`` holds a control character or a direction override (:data:`BIDI_BYTES`).

    In UTF-8 the control characters are single bytes below 0x80, which no other character's bytes
    are: what is left of ``data`` without the other bytes. An override (U+202E shows a name
    backwards) is three bytes, looked for with one scan where their first two bytes are.
    """
    if data.translate(None, _NOT_CONTROL):
        return True
    return (b"\xe2\x80" in data or b"\xe2\x81" in data) and BIDI_BYTES.search(data) is not None


def _longest(data: bytes, cells: Any) -> int:
    """The longest of the ``cells``, joined by line breaks in the UTF-8 ``data``, in characters or more.

    The cells' UTF-8 lengths (at least their lengths in characters) are found between the
    line breaks; when a cell holds a line break itself, each cell is measured.
    """
    at = np.frombuffer(data, dtype=np.uint8)
    breaks = np.flatnonzero(at == ord("\n"))
    if len(cells) == 0 or len(breaks) != len(cells) - 1:  # no cell, or a cell holding a line break
        return max(map(len, cells), default=0)
    bounds = np.concatenate(([-1], breaks, [len(at)]))
    return int(np.max(np.diff(bounds))) - 1


def all_slugs(ids: np.ndarray) -> bool:
    """Whether every id is a slug (``[a-z0-9][a-z0-9._-]*``): one pass over the joined ids' bytes."""
    if len(ids) == 0:
        return False
    try:
        joined = "\n".join(ids.tolist())
    except TypeError:  # an id that is not text
        return False
    if not joined.isascii():
        return False
    data = np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
    breaks = np.flatnonzero(data == ord("\n"))
    if len(breaks) != len(ids) - 1:  # an id holding a line break
        return False
    starts = np.concatenate(([0], breaks + 1))
    if starts[-1] >= len(data):  # the last id is empty
        return False
    inner = _SLUG[data]
    inner[breaks] = True
    return bool(inner.all() and _SLUG_START[data[starts]].all())

