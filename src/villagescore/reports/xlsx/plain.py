"""The cells of a column of texts, most of them plain, made for the whole column at once.

A plain text is its own cell (:data:`PLAIN_TEXT`). A national sheet has columns of 100,000
distinct names and ids: matching each against the pattern, formatting its cell and encoding
it took Python calls per text. :func:`plain_cells` encodes the column's texts joined, looks
in those bytes for the characters no plain text holds and at each text's ends, and cuts the
cells of the plain ones out of one byte string.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: Text that is its own cell: not empty, no character XML escapes or cannot hold, no formula start
#: (:data:`~villagescore.outputs.FORMULA_PREFIXES`), no space at either end (``xml:space``).
PLAIN_TEXT = re.compile(r"(?![=+\-@\s])[^\x00-\x08\x0b\x0c\x0e-\x1f&<>]+(?<!\s)")
#: A character no plain text holds anywhere (all ASCII: found in UTF-8 as it is) but NUL, the separator here.
_INSIDE = re.compile(rb"[\x01-\x08\x0b\x0c\x0e-\x1f&<>]")
#: Every byte but NUL and those :data:`_INSIDE` finds (UTF-8 encodes every other character in them).
_HELD = bytes(b for b in range(1, 256) if not _INSIDE.match(bytes([b])))
#: What no plain text starts with; what none ends with.
_START = re.compile(r"[=+\-@\s]")
_END = re.compile(r"\s")
_OPEN = b'<c t="inlineStr"><is><t>'
_CLOSE = b"</t></is></c>"


def plain_cells(texts: Sequence[str], longest: int) -> tuple[list[bytes], list[int]] | None:
    """Each text's cell as UTF-8 (``b""`` where it is not plain), and the places of those that are not.

    ``texts``: ``str`` only. A text is plain when :data:`PLAIN_TEXT` matches it whole and it has
    at most ``longest`` characters; its cell is ``<c t="inlineStr"><is><t>TEXT</t></is></c>``.
    ``None`` when a text holds NUL or cannot be encoded (the caller takes them one by one).
    """
    import numpy as np

    count = len(texts)
    joined = "\0".join(texts)
    try:
        raw = joined.encode("utf-8")
    except UnicodeEncodeError:
        return None
    if raw.count(b"\0") != count - 1:
        return None
    sizes = np.fromiter(map(len, texts), dtype=np.int64, count=count)
    bad = (sizes == 0) | (sizes > longest)
    # what is left once every byte a plain text may hold is deleted: the NULs between texts, unless one is odd
    inside = [m.start() for m in _INSIDE.finditer(raw)] if len(raw.translate(None, _HELD)) >= count else []
    cells = (_OPEN + raw.replace(b"\0", _CLOSE + b"\0" + _OPEN) + _CLOSE).split(b"\0")
    if inside:
        ends = np.cumsum(np.fromiter(map(len, cells), dtype=np.int64, count=count) - len(_OPEN + _CLOSE) + 1)
        bad[np.searchsorted(ends, inside, side="right")] = True
    # each text's first (then last) character, as one string the patterns run over
    starts = np.cumsum(sizes + 1) - sizes - 1
    filled = np.flatnonzero(sizes > 0)
    chars = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    for place, pattern in ((starts[filled], _START), (starts[filled] + sizes[filled] - 1, _END)):
        edge = chars[place].tobytes().decode("utf-32-le")
        hits = [m.start() for m in pattern.finditer(edge)]
        if hits:
            bad[filled[hits]] = True
    odd = np.flatnonzero(bad).tolist()
    for i in odd:
        cells[i] = b""
    return cells, odd
