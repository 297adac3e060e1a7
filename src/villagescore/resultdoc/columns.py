"""The JSON text of a result's columns of few kinds of cells, each distinct value encoded once per document.

The village ids, the identity texts and sectors, the years, the counts of estimates and the columns of
indicator values that are texts or integers are written into every record. Instead of turning
each cell into text in every chunk, :func:`column_texts` factorises the whole column once and
encodes each distinct value once; a chunk takes its cells by index
(:meth:`ColumnTexts.cells`). A column is taken only when every cell is of a kind whose text
the factorisation cannot confuse (texts with missing cells, integers) and, for texts, when
its distinct values are few (:data:`MOST_DISTINCT`); any other column is left to the chunks,
which encode it cell by cell as before (``None`` here).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .codes import _IDENTITY
from .records import _text_column

if TYPE_CHECKING:
    from ..results import Result

_STR = json.encoder.encode_basestring
#: A column of texts is taken when at most this share of its cells are distinct: ids, names and communes
#: (all distinct) would hold a text per village-year for little gain, and are left to the chunks.
MOST_DISTINCT = 0.25
#: The first cells of a column of texts looked at first: mostly distinct there, the column is left to the chunks.
SAMPLE = 1000


@dataclass
class ColumnTexts:
    """A column as codes into its distinct texts (UTF-8 ``bytes``); code ``-1`` is the last text (``null``)."""

    codes: np.ndarray
    texts: np.ndarray

    def cells(self, rows: slice) -> np.ndarray:
        """The texts of the cells of ``rows`` (an object array of ``bytes``)."""
        return self.texts[self.codes[rows]]


def column_texts(result: Result) -> dict[Any, ColumnTexts]:
    """The :class:`ColumnTexts` of the columns of ``result`` that can be taken (see the module).

    Keys: ``"village_id"``, the identity columns, ``"year"``, ``"inputs"``, ``"estimated"``
    and ``("value", j)`` for indicator ``j``.
    """
    f = result.frame
    n = len(result)
    out: dict[Any, ColumnTexts | None] = {}
    ids = f["village_id"]
    if not _mostly_distinct(ids.iloc[:SAMPLE].to_numpy(dtype=object)):  # ids are: not converted whole for nothing
        out["village_id"] = _texts(ids.to_numpy(dtype=object), missing=False)
    for name in _IDENTITY:
        if not _mostly_distinct(_cells(f, name, min(n, SAMPLE))):
            out[name] = _texts(_cells(f, name, n), missing=True)
    out["sectors"] = _texts(_cells(f, "sectors", n), missing=True, text=sectors_text)
    out["year"] = _integers(f["year"].to_numpy(), floats=True)
    if result.inputs is not None and result.estimated is not None:
        out["inputs"] = _integers(np.asarray(result.inputs))
        out["estimated"] = _integers(np.asarray(result.estimated))
    for j, column in enumerate(result.matrix.values):
        column = np.asarray(column)
        if column.dtype.kind in "iu":
            out["value", j] = _integers(column)
        elif column.dtype.kind == "O":
            out["value", j] = _texts(column, missing=True, values=True)
    return {k: v for k, v in out.items() if v is not None}


def sectors_text(cell: str) -> str:
    """The ``sectors`` array of a record from its cell (sector ids separated by ``;``)."""
    return "[" + ",".join(_STR(s) for s in cell.split(";") if s) + "]"


def _cells(frame: Any, name: str, n: int) -> np.ndarray:
    """The first ``n`` cells of a text column as an object array, ``None`` where missing."""
    cells = np.empty(n, dtype=object)
    cells[:] = _text_column(frame, name, slice(0, n))
    return cells


def _mostly_distinct(sample: np.ndarray) -> bool:
    """Whether the first cells of a column (``sample``) are not all texts, or mostly distinct: left to the chunks."""
    import pandas as pd

    if pd.api.types.infer_dtype(sample, skipna=True) not in ("string", "empty"):
        return True
    return len(pd.factorize(sample)[1]) > len(sample) * MOST_DISTINCT


def _texts(column: np.ndarray, *, missing: bool, values: bool = False, text: Any = _STR) -> ColumnTexts | None:
    """A column of texts: each as ``text`` writes it (``encode_basestring``), missing cells as ``text(None)``.

    ``missing``: whether cells may be missing; ``values``: the cells are indicator values, whose
    missing cells must be ``None`` or NaN (``results._value`` writes anything else as text).
    ``text`` other than ``encode_basestring`` writes a missing cell as it writes ``""``.
    """
    import pandas as pd

    if _mostly_distinct(column[:SAMPLE]) or pd.api.types.infer_dtype(column, skipna=True) not in ("string", "empty"):
        return None
    codes, uniques = pd.factorize(column)
    if len(uniques) > len(column) * MOST_DISTINCT:
        return None
    lost = codes < 0
    # a missing cell of a column of values must be None or NaN: the cells factorize loses are NA, a lost float is NaN
    if lost.any() and (not missing or values and not all(
            kind is type(None) or issubclass(kind, float) for kind in set(map(type, column[lost].tolist())))):
        return None
    if any(type(u) is not str for u in uniques.tolist()):
        return None
    texts = [text(u) for u in uniques.tolist()]
    texts.append("null" if text is _STR else text(""))
    return ColumnTexts(_small(codes, len(texts)), utf8_table(texts))


def _integers(column: np.ndarray, *, floats: bool = False) -> ColumnTexts | None:
    """A column of integers (or, with ``floats``, of whole floats written as integers), none missing."""
    import pandas as pd

    if column.dtype.kind not in ("iuf" if floats else "iu"):
        return None
    codes, uniques = pd.factorize(column)
    if (codes < 0).any():
        return None
    uniques = np.asarray(uniques)
    if uniques.dtype.kind == "f" and not (np.isfinite(uniques).all() and (uniques == np.floor(uniques)).all()):
        return None
    texts = [str(int(u)) for u in uniques.tolist()]
    return ColumnTexts(_small(codes, len(texts)), utf8_table([*texts, "null"]))


def utf8_cells(texts: list[str]) -> list[bytes]:
    """Each of ``texts`` in UTF-8, encoded in one call: JSON texts, none holding a NUL (the encoder escapes it)."""
    return "\0".join(texts).encode("utf-8").split(b"\0") if texts else []


def quoted_cells(cells: list[Any]) -> list[bytes] | None:
    """Each of ``cells`` as a JSON string in UTF-8, in one call; ``None`` unless all are texts that need no escape.

    The JSON string of a text that needs no escape is the text between quotes (``encode_basestring``
    escapes character by character: the cells need none when their concatenation needs none).
    """
    try:
        joined = "".join(cells)
    except TypeError:  # a cell that is not a text (missing, a number)
        return None
    if len(_STR(joined)) != len(joined) + 2:
        return None
    return ('"' + '"\0"'.join(cells) + '"').encode("utf-8").split(b"\0") if cells else []


def utf8_table(texts: list[str]) -> np.ndarray:
    """``texts`` (JSON texts) as an object array of their UTF-8 ``bytes`` (the tables of the chunks' pieces)."""
    out = np.empty(len(texts), dtype=object)
    out[:] = utf8_cells(texts)
    return out


def _small(codes: np.ndarray, count: int) -> np.ndarray:
    """``codes`` (from -1 to ``count - 1``) in the smallest integers that hold them: a column of them is kept."""
    return codes.astype(np.int8 if count < 2**7 else np.int16 if count < 2**15 else np.int32)
