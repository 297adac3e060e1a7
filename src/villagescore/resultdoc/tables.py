"""What the records of a result document share, worked out once for the document instead of once per chunk.

:func:`record_tables` runs before the chunks are shared out between processes (a forked copy
reads the tables without making them again):

* the overall indicator weights: each village-year's row among the distinct rows of the
  effective weights (a national result has a few dozen), so a chunk takes its weights by index
  instead of rebuilding them from the tree, and the document's ``weight_profiles``;
* the end of each record from ``regulations`` to ``gates``: the versions applied, the flags and
  the gates follow the sectors, the dates and a few limits, so the document has few distinct
  patterns of them; each pattern's text is written once and a record takes its own by index.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..numbers import round_like_python
from .codes import CHUNK
from .columns import ColumnTexts, column_texts, utf8_table
from .records import NOT_APPLICABLE, _regulated

if TYPE_CHECKING:
    from ..results import Result

_STR = json.encoder.encode_basestring
#: The ``flags`` codes of the flag matrix, by its cell values 1 to 6 (0: no flag).
_FLAG_CODES = ('"no_regulation"', '"limit_unknown"', '"limit_unverified"', '"transitional"',
               '"limit_unverified_scored"', '"pinned_past_validity"')
#: Distinct rows of weights kept for the chunks; beyond (weights that vary village by village) each
#: chunk builds its own again (a row of the table costs 8 bytes an indicator).
MOST_WEIGHT_ROWS = 10_000
#: Rows whose tails are found at a time (bounds the memory of the masks and codes).
TAIL_BLOCK = 8 * CHUNK
#: Patterns of weight inputs whose overall weights are built at a time (a national result has a few
#: hundred; many more when weights vary village by village), ≈ 16 MB of arrays a block.
WEIGHT_BLOCK = 4 * CHUNK


@dataclass
class RecordTables:
    """The tables of rows ``start:start + len(weight_rows)`` of a result (see the module)."""

    start: int
    #: per row, its row of the document's ``weight_profiles``
    weight_rows: np.ndarray
    #: per row, its row of ``weight_table`` (the distinct unrounded weights); ``None``: too many to keep
    weight_class: np.ndarray | None
    weight_table: np.ndarray | None
    #: per row, its pattern of ``tail_texts``: the record's text (UTF-8) from its ``regulations``
    #: array to the end of its ``gates.fired`` array
    tail_class: np.ndarray
    tail_texts: np.ndarray
    #: the document's ``weight_profiles`` (``None``: tables of a part of a result)
    profiles: list[list[Any]] | None = None
    #: the columns written from their distinct texts (:func:`~villagescore.resultdoc.columns.column_texts`;
    #: none for tables of a part of a result)
    columns: dict[Any, ColumnTexts] = field(default_factory=dict)

    def weights(self, result: Result, rows: slice) -> np.ndarray:
        """The overall weights of ``rows`` (:meth:`Result.overall_weights`, the same numbers)."""
        if self.weight_table is None or self.weight_class is None:
            return result.overall_weights(rows)
        return self.weight_table[self.weight_class[rows.start - self.start:rows.stop - self.start]]

    def cells(self, key: Any, rows: slice) -> np.ndarray | None:
        """The texts of column ``key`` of ``rows`` (``bytes``, an object array); ``None``: the chunk encodes them."""
        column = self.columns.get(key)
        return None if column is None else column.cells(slice(rows.start - self.start, rows.stop - self.start))

    def tail(self, rows: slice) -> np.ndarray:
        """The tail text of each record of ``rows`` (an object array of ``bytes``)."""
        return self.tail_texts[self.tail_class[rows.start - self.start:rows.stop - self.start]]


def record_tables(result: Result, weight_rows: np.ndarray | None = None, rows: slice | None = None) -> RecordTables:
    """The :class:`RecordTables` of ``rows`` of ``result`` (all by default).

    ``weight_rows``: the records' rows of the weight profiles, numbered over the whole result
    as :func:`~villagescore.resultdoc.header.weight_profiles` numbers them; by default those of
    :func:`weight_classes`, which needs ``rows`` to be all.
    """
    n = len(result)
    rows = slice(0, n) if rows is None else slice(rows.start, min(rows.stop, n))
    span = rows.stop - rows.start
    weight_class, weight_table, profiles = None, None, None
    if span == n:
        classes = weight_classes(result)
        weight_class, weight_table, profiles = classes.codes, classes.table, classes.profiles
        weight_rows = classes.profile_rows if weight_rows is None else weight_rows
    elif weight_rows is None:
        msg = "weight_rows must be given for a part of a result"
        raise ValueError(msg)
    if weight_table is None and span <= MOST_WEIGHT_ROWS:
        weight_table, weight_class = result.overall_weights(rows), np.arange(span)
    tail_class, tail_texts = _tails(result, rows)
    weight_rows = np.asarray(weight_rows)[rows]
    columns = column_texts(result) if span == n else {}
    numbers = [str(k) for k in range(int(weight_rows.max()) + 1 if span > 0 else 0)]
    columns["weights"] = ColumnTexts(weight_rows, utf8_table([*numbers, "null"]))
    return RecordTables(rows.start, weight_rows, weight_class, weight_table, tail_class, tail_texts, profiles, columns)


@dataclass
class WeightClasses:
    """The village-years' classes of equal overall weights (unrounded), and their profiles (rounded)."""

    #: per row, its class; ``None`` when the classes were too many to keep (:data:`MOST_WEIGHT_ROWS`)
    codes: np.ndarray | None
    #: the classes' weights, one row each (``None`` as ``codes``)
    table: np.ndarray | None
    #: per row, its row of ``profiles`` (numbered in order of first appearance)
    profile_rows: np.ndarray
    #: the distinct rows of the weights rounded to 6 decimals (NaN as ``None``)
    profiles: list[list[Any]]


def weight_classes(result: Result) -> WeightClasses:
    """The :class:`WeightClasses` of a result: each distinct row of weights built and rounded once.

    The weights are built for one village-year of each pattern of weight inputs
    (:meth:`~villagescore.engine.TreeScores.weight_patterns`, numbered in order of first
    appearance, so the classes and profiles are numbered as over the rows themselves),
    :data:`WEIGHT_BLOCK` patterns at a time.
    """
    import pandas as pd

    which, first = result.tree.weight_patterns()
    n = len(result)
    pattern_class = np.zeros(len(first), dtype=np.int64)
    profile_of: list[int] = []
    found: dict[bytes, int] = {}
    seen: dict[bytes, int] = {}
    distinct: list[np.ndarray] = []
    profiles: list[list[Any]] = []
    for start in range(0, len(first) if n else 0, WEIGHT_BLOCK):
        stop = min(start + WEIGHT_BLOCK, len(first))
        w = np.ascontiguousarray(result.overall_weights(first[start:stop]))
        keys = w.view(np.dtype((np.void, w.dtype.itemsize * w.shape[1]))).reshape(-1) if w.shape[1] else (
            np.zeros(stop - start, dtype="V1"))
        local, uniques = pd.factorize(keys)
        number = np.empty(len(uniques), dtype=np.int64)
        new = []
        for k, key in enumerate(uniques.tolist()):
            key = bytes(key)
            if key not in found:
                found[key] = len(found)
                new.append(k)
            number[k] = found[key]
        if new:
            _, firsts = np.unique(local, return_index=True)
            rows = w[firsts[new]]
            rounded = np.ascontiguousarray(round_like_python(rows, 6))
            for row, exact in zip(rounded, rows, strict=True):
                key = row.tobytes()
                if key not in seen:
                    seen[key] = len(profiles)
                    cells = row.astype(object)
                    cells[np.isnan(row)] = None
                    profiles.append(cells.tolist())
                profile_of.append(seen[key])
                if len(distinct) <= MOST_WEIGHT_ROWS:
                    distinct.append(exact)
        pattern_class[start:stop] = number[local]
    codes = pattern_class[which] if n else np.zeros(0, dtype=np.int64)
    profile_rows = np.asarray(profile_of, dtype=np.int64)[codes]
    if len(distinct) > MOST_WEIGHT_ROWS:
        return WeightClasses(None, None, profile_rows, profiles)
    k = len(result.framework.indicators)
    table = np.array(distinct, dtype=float).reshape(len(distinct), k)
    return WeightClasses(codes, table, profile_rows, profiles)


def _tails(result: Result, rows: slice) -> tuple[np.ndarray, np.ndarray]:
    """``(class, texts)``: each row's pattern of regulations, flags and gates, and each pattern's text.

    Found :data:`TAIL_BLOCK` rows at a time (a block's arrays are small), the patterns of the
    blocks numbered together by their values, each pattern's text written once.
    """
    which = np.zeros(max(rows.stop - rows.start, 0), dtype=np.int64)
    number: dict[bytes, int] = {}
    texts: list[str] = []
    for start in range(rows.start, rows.stop, TAIL_BLOCK):
        block = slice(start, min(start + TAIL_BLOCK, rows.stop))
        which[block.start - rows.start:block.stop - rows.start] = _block_tails(result, block, number, texts)
    return which, utf8_table(texts)


def _block_tails(result: Result, rows: slice, number: dict[bytes, int], texts: list[str]) -> np.ndarray:
    """:func:`_tails` of the rows of one block: each row's pattern among ``texts``.

    ``number``: each pattern's number keyed by its values (the bytes of its versions, flags and
    gates); a pattern not seen in the blocks before is added to it and its text to ``texts``.
    """
    from ..kernel import GATE_STATUSES

    n = rows.stop - rows.start
    na = ~np.asarray(result.matrix.applicable[rows], dtype=bool)  # as _indicator_codes(...) == 2, in bools
    keys: list[str] = []
    applied: list[np.ndarray] = []
    flags: list[np.ndarray] = []
    for node, versions, none_in_force, unknown, left_out, kept, marked, pinned in _regulated(result, rows, na):
        applied.append(versions)
        keys.append(_STR(node.id) + ":")
        code = np.zeros(n, dtype=np.int8)
        code[pinned] = 6  # the others win, as in records._regulations
        code[kept] = 4
        code[marked] = 5
        code[none_in_force] = 1
        code[unknown] = 2
        code[left_out] = 3
        flags.append(code)
    if result.gate_status is None:
        gstat = np.where(result.fired[rows], 2, 1)
    else:
        gstat = np.asarray(result.gate_status[rows], dtype=int)
    gstat = gstat.reshape(n, -1)
    fired = np.asarray(result.fired[rows], dtype=bool).reshape(n, -1)
    given = [v != NOT_APPLICABLE for v in applied]
    lowest = min([int(v[g].min()) for v, g in zip(applied, given, strict=True) if g.any()], default=0)
    # small codes from 0, a column at a time: the patterns are found without a matrix of the whole result
    columns = [np.where(g, v - lowest + 1, 0) for v, g in zip(applied, given, strict=True)]
    which, first = _row_patterns([*columns, *flags, *gstat.T, *fired.T], n)
    values = np.column_stack([*(v[first] for v in applied), *(c[first] for c in flags), gstat[first], fired[first]])
    codes = np.empty(len(first), dtype=np.int64)
    statuses = [_STR(s) for s in GATE_STATUSES]
    for p, (i, row) in enumerate(zip(first.tolist(), values.astype(np.int64), strict=True)):
        key = row.tobytes()
        code = number.get(key)
        if code is not None:
            codes[p] = code
            continue
        codes[p] = number[key] = len(texts)
        cells = ["null" if v[i] == NOT_APPLICABLE else str(int(v[i])) for v in applied]
        marks = [keys[k] + _FLAG_CODES[c[i] - 1] for k, c in enumerate(flags) if c[i]]
        texts.append("[" + ",".join(cells) + '],"flags":{' + ",".join(marks) + '},"gates":{"status":['
                     + ",".join(statuses[s] for s in gstat[i].tolist()) + '],"fired":['
                     + ",".join("true" if f else "false" for f in fired[i].tolist()) + "]")
    return codes[which]


def _row_patterns(columns: Sequence[np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
    """``(which, first)``: each row's pattern number and the first row of each pattern, of ``n`` rows.

    ``columns``: the rows' cells, a column at a time, small integers from 0. The columns are
    packed into int64 keys (as many as fit) and the keys' codes combined, all in numpy;
    patterns are numbered in order of first appearance.
    """
    import pandas as pd

    which = np.zeros(n, dtype=np.int64)
    key = np.zeros(n, dtype=np.int64)
    radixes = [int(c.max()) + 1 if n else 1 for c in columns]
    room = 1
    for j, column in enumerate(columns):
        key += column.astype(np.int64) * room
        room *= radixes[j]
        if j + 1 == len(columns) or room * radixes[j + 1] >= 2**62:
            part, uniques = pd.factorize(key)
            which, _ = pd.factorize(which * len(uniques) + part)
            key[:] = 0
            room = 1
    _, first = np.unique(which, return_index=True)
    return which, first
