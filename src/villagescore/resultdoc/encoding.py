"""The village records of a chunk as compact JSON text, built column by column without a dict per record.

:func:`encoded_records` gives exactly the bytes of encoding each record of
:func:`~villagescore.resultdoc.records.village_records` with the compact encoder of the
writers (``ensure_ascii=False``, separators ``,`` and ``:``), but builds them from the
engine's arrays a whole chunk at a time:

* every float matrix is rounded once (:func:`~villagescore.numbers.round_like_python`); a
  matrix of numbers is written a row at a time by orjson, which spells each number as the
  JSON encoder does (``float.__repr__``; ``null`` for NaN: see
  :mod:`~villagescore.float_text`); a mixed one has its distinct values found with
  ``pandas.factorize``, turned to text once each, and its cells taken from that small table;
* texts are escaped by the standard library's own ``encode_basestring`` (the function the
  encoder uses with ``ensure_ascii=False``), anything unusual by the encoder itself;
* the pieces of all records (constant key text, per-record texts, matrix cells with their
  comma) are UTF-8 ``bytes`` from the start (orjson's rows as it writes them, the document's
  tables encoded once), laid out as one ``(records, pieces)`` object array and joined once:
  joining ``str`` pieces widened every ASCII piece of a record holding a Vietnamese name,
  and the joined text was then encoded again.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import numpy as np

from ..float_text import float_reprs, float_rows
from ..numbers import round_like_python
from .codes import _CODES, _IDENTITY
from .columns import quoted_cells, sectors_text, utf8_cells
from .records import _indicator_codes, _node_codes, _text_column
from .tables import RecordTables, record_tables

if TYPE_CHECKING:
    from ..results import Result

_COMPACT = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))
_STR = json.encoder.encode_basestring
_LETTERS = _CODES.astype("S1")


def encode(obj: Any) -> str:
    """``obj`` as compact JSON text (the writers' encoder)."""
    return _COMPACT.encode(obj)


def encode_text(text: str) -> str:
    """``text`` (a ``str``) as a JSON string, as the writers' encoder writes it."""
    return _STR(text)


def _text(x: Any) -> str:
    return _STR(x) if type(x) is str else encode(x)


def number_texts(values: Any, digits: int) -> tuple[np.ndarray, np.ndarray]:
    """``(texts, codes)``: the JSON text of each distinct value of a float array, comma included, and each cell's index.

    ``values`` are rounded to ``digits`` decimals (:func:`~villagescore.numbers.round_like_python`)
    and written as ``float.__repr__`` writes them, like the JSON encoder
    (:func:`~villagescore.float_text.float_reprs`), each text followed by ``,``; NaN
    cells get code ``-1``, the last text (``null,``). Infinities raise ``ValueError`` like the
    encoder with ``allow_nan=False``.
    """
    return _distinct_texts(round_like_python(values, digits))


def _distinct_texts(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`number_texts` of values rounded already."""
    import pandas as pd

    codes, uniques = pd.factorize(a.reshape(-1))
    uniques = np.asarray(uniques, dtype=float)
    if np.isinf(uniques).any():
        msg = f"Out of range float values are not JSON compliant: {uniques[np.isinf(uniques)][0]!r}"
        raise ValueError(msg)
    texts = utf8_cells(float_reprs(uniques))
    texts.append(b"null,")
    return np.array(texts, dtype=object), codes.reshape(a.shape)


def float_texts(values: Any, digits: int) -> tuple[list[str], np.ndarray]:
    """:func:`number_texts` without the commas: ``(texts, codes)``, NaN cells with code ``-1`` (``null``)."""
    texts, codes = number_texts(values, digits)
    return [t[:-1].decode("ascii") for t in texts.tolist()], codes


def _block(texts: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Cells ``texts[codes]`` of a ``(records, k)`` array, the comma that ends each text cut from the last of a row."""
    out = texts[codes]
    if out.shape[1]:
        out[:, -1] = [t[:-1] for t in out[:, -1].tolist()]
    return out


def _float_array(p: _Pieces, values: Any, digits: int) -> None:
    """Each record's row of ``values`` as a JSON array of numbers rounded to ``digits`` decimals.

    Written a row at a time by :func:`~villagescore.float_text.float_rows` when it can,
    else a cell at a time from the distinct values.
    """
    p.const("[")
    _float_run(p, values, digits)
    p.const("]")


def _float_run(p: _Pieces, values: Any, digits: int) -> None:
    """The cells of ``values`` rounded to ``digits`` decimals, comma-separated (no brackets)."""
    rounded = round_like_python(values, digits)
    rows = float_rows(rounded)  # None for a block it cannot write (no cells, a number spelled otherwise)
    if rows is None:
        p.block(_block(*_distinct_texts(rounded)))
    else:
        p.column(rows)


def _status_texts(code: np.ndarray) -> list[bytes]:
    """Each row of codes as a JSON string of one letter per node (:data:`~.codes.STATUS_CODES`)."""
    n, k = code.shape
    letters = np.empty((n, k + 2), dtype="S1")
    letters[:, 0] = letters[:, -1] = b'"'
    letters[:, 1:-1] = _LETTERS[code]
    return letters.view(f"S{k + 2}").reshape(-1).tolist()


class _Pieces:
    """The UTF-8 pieces of ``n`` records in order: constant texts, one text per record, or blocks per record."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.parts: list[Any] = []

    def const(self, text: str) -> None:
        data = text.encode("utf-8")
        if self.parts and isinstance(self.parts[-1], bytes):
            self.parts[-1] += data
        else:
            self.parts.append(data)

    def column(self, texts: Any) -> None:
        self.parts.append(np.asarray(texts, dtype=object).reshape(self.n, 1))

    def block(self, texts: np.ndarray) -> None:
        if texts.shape[1]:
            self.parts.append(texts)

    def array(self, texts: np.ndarray) -> None:
        """A JSON array of the cells of ``texts`` (a :func:`_block`)."""
        self.const("[")
        self.block(texts)
        self.const("]")

    def join(self) -> bytes:
        widths = [1 if isinstance(p, bytes) else p.shape[1] for p in self.parts]
        out = np.empty((self.n, sum(widths)), dtype=object)
        k = 0
        for part, width in zip(self.parts, widths, strict=True):
            out[:, k:k + width] = part
            k += width
        return b"".join(out.reshape(-1).tolist())


def _value_array(p: _Pieces, result: Result, rows: slice, na: np.ndarray, tables: RecordTables) -> None:
    """The ``indicators.value`` array of each record (``records._values``): floats to 6 decimals, n/a as null.

    Consecutive float columns are written together (:func:`_float_array`); a column of
    integers or texts from the document's distinct texts (``tables``), any other a cell at a
    time, each distinct value encoded once.
    """
    from ..results import _value

    columns = [np.asarray(c[rows]) for c in result.matrix.values]
    p.const("[")
    j = 0
    known: dict[Any, str] = {}
    while j < len(columns):
        if j:
            p.const(",")
        if columns[j].dtype.kind == "f":
            k = j
            while k < len(columns) and columns[k].dtype.kind == "f":
                k += 1
            run = np.stack(columns[j:k], axis=1).astype(float)
            run[na[:, j:k]] = np.nan
            _float_run(p, run, 6)
            j = k
            continue
        col, cells = columns[j], tables.cells(("value", j), rows)
        if cells is not None:
            cells[na[:, j]] = b"null"
            p.column(cells)
            j += 1
            continue
        cells = []
        if col.dtype.kind in "iu":
            cells = [str(x) for x in col.tolist()]
        else:
            for x, skip in zip(col.tolist(), na[:, j].tolist(), strict=True):
                if skip:  # written as null: never encoded (a text no file could hold may sit there)
                    cells.append("null")
                    continue
                key = (type(x), x)  # 1, True and 1.0 are equal keys, yet written differently
                try:
                    text = known.get(key)
                except TypeError:
                    text = None
                if text is None:
                    text = encode(_value(x))
                    try:
                        known.setdefault(key, text)
                    except TypeError:
                        pass
                cells.append(text)
        cells = np.array(utf8_cells(cells), dtype=object)
        cells[na[:, j]] = b"null"
        p.column(cells)
        j += 1
    p.const("]")


def _identity_cells(column: list[Any]) -> list[bytes]:
    """The JSON of an identity column's cells (texts, ``None`` where missing), each distinct cell encoded once."""
    quoted = quoted_cells(column)
    if quoted is not None:
        return quoted
    cache: dict[Any, str] = {}
    cells = []
    for x in column:
        text = cache.get(x) if type(x) is str or x is None else None
        if text is None:
            text = _text(x)
            if type(x) is str or x is None:
                cache[x] = text
        cells.append(text)
    return utf8_cells(cells)


def _counts(tables: RecordTables, name: str, counts: np.ndarray, rows: slice) -> Any:
    """The texts of a column of counts of estimates, from the document's distinct texts when it has them."""
    given = tables.cells(name, rows)
    return utf8_cells([str(x) if type(x) is int else encode(x) for x in counts[rows].tolist()]) if given is None else (
        given)


def encoded_records(result: Result, start: int, stop: int, tables: RecordTables | np.ndarray, end: str = "\n"
                    ) -> bytes:
    """The compact JSON of the records of rows ``start:stop`` in UTF-8, each followed by ``end``.

    The same bytes as ``"".join(encode(r) + end for r in village_records(result, start, stop,
    weight_rows)).encode("utf-8")``, built without the records. ``tables``: the document's
    :func:`~villagescore.resultdoc.tables.record_tables` (made once for all the chunks), or
    its ``weight_rows`` (the tables are then made for these rows alone).
    """
    from ..quality import ESTIMATED_WARNING

    stop = min(stop, len(result))
    n = stop - start
    if n <= 0:
        return b""
    rows = slice(start, stop)
    if not isinstance(tables, RecordTables):
        tables = record_tables(result, tables, rows)
    fw, t, f = result.framework, result.tree, result.frame
    p = _Pieces(n)

    p.const('{"village_id":')
    given = tables.cells("village_id", rows)
    if given is None:
        ids = f["village_id"].iloc[rows].tolist()
        given = quoted_cells(ids)
        if given is None:
            given = utf8_cells([_STR(str(x)) for x in ids])
    p.column(given)
    for c in _IDENTITY:
        p.const(f',"{c}":')
        given = tables.cells(c, rows)
        p.column(_identity_cells(_text_column(f, c, rows)) if given is None else given)
    p.const(',"sectors":')
    cells = tables.cells("sectors", rows)
    if cells is None:
        sectors: dict[str, str] = {}
        cells = []
        for x in _text_column(f, "sectors", rows):
            key = str(x or "")
            if key not in sectors:
                sectors[key] = sectors_text(key)
            cells.append(sectors[key])
        cells = utf8_cells(cells)
    p.column(cells)
    p.const(',"year":')
    given = tables.cells("year", rows)
    p.column([b"%d" % int(x) for x in f["year"].iloc[rows].tolist()] if given is None else given)

    p.const(',"overall":{"score":')
    _float_run(p, t.overall_score[rows].reshape(n, 1), 4)
    p.const(',"coverage":')
    _float_run(p, t.overall_coverage[rows].reshape(n, 1), 4)
    p.const(',"rating":')
    ratings = result.rating[rows]
    rating_text = {}
    for r in np.unique(ratings).tolist():
        tier = fw.outcome(int(r))
        rating_text[r] = b"null" if tier is None else _text(tier.id).encode("utf-8")
    p.column([rating_text[r] for r in ratings.tolist()])

    p.const('},"estimates":')
    if result.inputs is None or result.estimated is None:
        p.const('{"inputs":null,"estimated":null,"share":null,"warning":false}')
    else:
        share = result.estimated_shares(rows)
        p.const('{"inputs":')
        p.column(_counts(tables, "inputs", result.inputs, rows))
        p.const(',"estimated":')
        p.column(_counts(tables, "estimated", result.estimated, rows))
        p.const(',"share":')
        _float_run(p, share.reshape(n, 1), 4)
        p.const(',"warning":')
        warn = np.nan_to_num(share, nan=-1.0) >= ESTIMATED_WARNING
        p.column(np.where(warn, b"true", b"false").astype(object))
        p.const("}")

    for name, score, coverage, na in (("pillars", t.pillar_score, t.pillar_coverage, t.pillar_na),
                                      ("criteria", t.criterion_score, t.criterion_coverage, t.criterion_na)):
        p.const(f',"{name}":{{"score":')
        _float_array(p, score[rows], 4)
        p.const(',"coverage":')
        _float_array(p, coverage[rows], 4)
        p.const(',"status":')
        p.column(_status_texts(_node_codes(score[rows], na[rows])))
        p.const("}")

    code = _indicator_codes(result, rows)
    na = code == 2
    weights = tables.weights(result, rows)
    scores = result.matrix.scores[rows]
    p.const(',"indicators":{"value":')
    _value_array(p, result, rows, na, tables)
    p.const(',"score":')
    _float_array(p, scores, 4)
    p.const(',"status":')
    p.column(_status_texts(code))
    p.const(',"weights":')
    p.column(tables.cells("weights", rows))
    p.const(',"contribution":')
    _float_array(p, np.nan_to_num(weights * scores), 4)

    p.const('},"regulations":')
    p.column(tables.tail(rows))
    p.const("}}" + end)
    return p.join()
