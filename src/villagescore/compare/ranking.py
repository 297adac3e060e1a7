"""Rankings: competition ranks of the overall and pillar scores within each period."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..fixed_rows import cut_texts, fixed, packed_rows
from ..float_text import float_reprs
from ..resultdoc.encoding import encode, encode_text
from .column_rows import ColumnRows
from .common import LazyColumn, _one_value, column_of, factorize_texts, sorted_keys
from .ranks import competition_rank, pillars_as_printed, ranked_within
from .table import ScoreTable

__all__ = ["RankingRows"]

#: The columns of ``a;b`` texts each row gives as a list of ids.
LISTED = ("sectors", "pillars_unscored")


class RankingRows(ColumnRows):
    """The ranked rows of a comparison, held column by column; each row is a dict when it is read.

    A national comparison ranks 100,000 village-years: building a dict per row (and encoding
    those dicts) took longer than ranking them. The rows behave as a read-only list of dicts
    (``len``, indexing, slicing, iteration, ``==`` with a list) whose keys are those of
    ``compare.schema.json``'s ranked rows; :meth:`json_text` gives the compact JSON array
    without building them. ``list(rows)`` gives a plain list.
    """

    def __init__(self, columns: Mapping[str, Any], pillars: Mapping[str, tuple[Any, Any]],
                 listed_at: np.ndarray | None = None) -> None:
        """``columns`` and each pillar's (score, rank) are lists, or :class:`LazyColumn` (listed when read).

        ``listed_at``: the position among these rows of each row of the frame ranked (-1: not listed), when known.
        """
        self._listed_at = listed_at
        self._given = dict(columns)
        self._given_pillars = dict(pillars)
        self._lists: dict[Any, list[Any]] = {}
        self._n = len(next(iter(self._given.values()), []))
        self._whole: list[Any] | None = None  # each column's cells for every row, while json_bytes runs

    _index_error = "ranking row index out of range"

    def column(self, name: str) -> list[Any]:
        """The values of one key of every row (``period``, ``village_id``, ``rank`` …), without building the rows."""
        return self._listed(name, self._given[name])

    def numbers(self, name: str) -> np.ndarray:
        """A column of numbers (``rank``, ``score`` …) as floats, NaN for ``None``, without a list of them."""
        values = self._given[name]
        if isinstance(values, LazyColumn) and values.kind in ("float", "int"):
            return values.values
        return np.array(self.column(name), dtype=float)

    def _listed(self, key: Any, values: Any) -> list[Any]:
        """``values`` as a list (a :class:`LazyColumn`'s made once, kept under ``key``)."""
        if not isinstance(values, LazyColumn):
            return values
        made = self._lists.get(key)
        if made is None:
            made = self._lists[key] = values.tolist()
        return made

    @property
    def _columns(self) -> dict[str, list[Any]]:
        return {name: self.column(name) for name in self._given}

    @property
    def _pillars(self) -> dict[str, tuple[list[Any], list[Any]]]:
        return {p: (self._listed((p, 0), score), self._listed((p, 1), rank))
                for p, (score, rank) in self._given_pillars.items()}

    def texts(self, name: str) -> np.ndarray:
        """A column of texts (``period``, ``village_id`` …) as objects, ``None`` for a missing one, without a list."""
        values = self._given[name]
        if isinstance(values, LazyColumn) and values.kind == "text":
            return values.texts()
        return np.asarray(self.column(name), dtype=object)

    def positions_of(self, rows: np.ndarray) -> np.ndarray | None:
        """The positions among these rows of the frame's rows ``rows`` (-1: not listed); ``None``: not known."""
        return None if self._listed_at is None else self._listed_at[rows]

    def select(self, positions: Sequence[int]) -> RankingRows:
        """The rows at ``positions`` (in that order; one may come twice), as another :class:`RankingRows`."""
        at = list(positions)
        return RankingRows({k: _picked(v, at) for k, v in self._given.items()},
                           {p: (_picked(score, at), _picked(rank, at))
                            for p, (score, rank) in self._given_pillars.items()})

    def _rows_at(self, at: Any) -> Iterator[dict[str, Any]]:
        cols = self._columns
        names = list(cols)
        pillars = list(self._pillars.items())
        listed = [name for name in LISTED if name in cols]
        for i in at:
            row = {name: cols[name][i] for name in names}
            for name in listed:
                row[name] = [x for x in row[name].split(";") if x]
            row["pillars"] = {p: {"score": score[i], "rank": rank[i]} for p, (score, rank) in pillars}
            yield row

    def _template(self) -> str:
        """A row's JSON text as a ``%`` template: the text before each cell, then ``%s``."""
        keys, end = self._keys()
        return "".join(key.replace("%", "%%") + "%s" for key in keys) + end.replace("%", "%%")

    def _keys(self) -> tuple[list[str], str]:
        """The JSON text of a row before each cell, and after the last."""
        keys: list[str] = []
        for k, name in enumerate(self._given):
            keys.append(("{" if k == 0 else ",") + encode(name) + ":")
        opening = ',"pillars":{' if self._given else '{"pillars":{'
        for k, pillar in enumerate(self._given_pillars):
            keys.append(opening + encode(pillar) + ':{"score":' if k == 0 else "}," + encode(pillar) + ':{"score":')
            keys.append(',"rank":')
        return keys, "}}}" if self._given_pillars else opening + "}}"

    def _cells(self, lo: int, hi: int) -> list[tuple[Any, list[str]]]:
        """Each cell column of rows ``lo:hi`` as :func:`_coded` gives it (codes into texts, or a text per row)."""
        rows = slice(lo, hi)
        cells = [(None, _sectors_texts(values[rows])) if name in LISTED else _coded(values[rows])
                 for name, values in self._columns.items()]
        for score, rank in self._pillars.values():
            cells += [_coded(score[rows]), _coded(rank[rows])]
        return cells

    def _all_columns(self) -> list[tuple[str | None, Any]]:
        """Each cell column (name, values) in the order of a row's cells; a pillar's score and rank unnamed."""
        return [*self._given.items(), *((None, c) for pair in self._given_pillars.values() for c in pair)]

    def _cell_tables(self, lo: int, hi: int) -> list[tuple[Any, Any]]:
        """:meth:`_cells` as fixed-width tables; numbers written by :func:`_number_table`, without a text each.

        A column made whole before the pieces were shared (:meth:`json_bytes`) gives its rows' cells.
        """
        whole = self._whole or [None] * len(self._all_columns())
        return [made.piece(lo, hi) if made is not None else _cell_table(name, values, slice(lo, hi))
                for (name, values), made in zip(self._all_columns(), whole, strict=True)]

    def json_bytes(self, size: int = 10_000, workers: int | None = None) -> Iterator[bytes]:
        """:meth:`ColumnRows.json_bytes`, each column's cells made once for every row first (:mod:`.ranking_cells`).

        The pieces then only take their rows' cells (the bytes of making each piece on its own),
        and are made here unless ``workers`` or ``VILLAGESCORE_WORKERS`` asks for more processes:
        a forked copy's first piece, copying the pages either process writes, took longer than
        the pieces it spared this one.
        """
        from ..environment import workers as workers_asked
        from .ranking_cells import whole_cells

        if self._n > size:
            # a column named sectors is written as sectors, whatever it holds (as the pieces do)
            ranges: dict[tuple[int, int], np.ndarray] = {}  # the ranks' texts, written once for every rank column
            self._whole = [whole_cells(values, _sectors_texts, ranges) if (name in LISTED) == (
                getattr(values, "kind", None) == "sectors") else None for name, values in self._all_columns()]
            if workers is None and workers_asked() is None:
                workers = 1
        try:
            yield from super().json_bytes(size, workers)
        finally:
            self._whole = None

    def _piece(self, template: str, lo: int, hi: int) -> str:
        """Rows ``lo:hi`` as JSON texts joined by commas, after ``[`` (the first piece) or ``,``."""
        columns = [texts if codes is None else np.array(texts, dtype=object)[codes].tolist()
                   for codes, texts in self._cells(lo, hi)]
        return ("[" if lo == 0 else ",") + ",".join(map(template.__mod__, zip(*columns, strict=True)))

    def _piece_bytes(self, template: str, lo: int, hi: int) -> bytes:
        """The UTF-8 of :meth:`_piece`, from fixed-width cells (:func:`~villagescore.fixed_rows.packed_rows`).

        JSON text holds no NUL (a text's is escaped), so the padding is the only NUL there is;
        a piece whose padding would cost too much is joined as :meth:`_piece` joins it.
        """
        keys, end = self._keys()
        coded: list[tuple[Any, Any]] = []
        tables = self._cell_tables(lo, hi)
        for k, cells in enumerate(tables):
            coded.append((None, fixed(["," + keys[k] if k == 0 else keys[k]])))  # rows joined by commas
            coded.append(cells)
        coded.append((None, fixed([end])))
        too_padded = any(table is None for _codes, table in tables)  # one long text among short ones
        made = packed_rows(coded, hi - lo, MOST_PADDED) if len(coded) > 1 and not too_padded else None
        if made is None:
            return self._piece(template, lo, hi).encode("utf-8")
        return b"[" + made[1:] if lo == 0 else made


#: A piece of ranked rows padded to more than this many times its bytes is joined text by text.
MOST_PADDED = 3.0


#: Texts of a column read first to tell ids and names (each encoded as it comes) from repeated texts.
_PROBE = 1_000


def _picked(values: Any, at: list[int]) -> Any:
    """The values at positions ``at`` of a list or of a :class:`LazyColumn` (a lazy one: taken when read)."""
    if isinstance(values, LazyColumn):
        return values.take(np.asarray(at, dtype=np.intp))
    return [values[i] for i in at]


def _cell_table(name: str | None, values: Any, rows: slice) -> tuple[Any, Any]:
    """One column's cells of ``rows``, ``(codes, table)`` as :func:`~villagescore.fixed_rows.packed_rows` takes them.

    The table is ``None`` when it would be too padded.
    """
    if name in LISTED:
        cells = values.take(rows).tolist() if isinstance(values, LazyColumn) else values[rows]
        codes, uniques = pd.factorize(np.asarray(cells, dtype=object))  # "a;b" texts, none missing
        return codes, fixed(_sectors_texts(uniques.tolist()), "", MOST_PADDED)
    if isinstance(values, LazyColumn):  # numbers as floats, no list to read back; texts listed piece by piece
        part = values.take(rows)
        numbers = None if part.kind not in ("float", "int") or np.isnan(part.values).all() else _number_table(
            part.values, "integer" if part.kind == "int" else "floating")
        if numbers is not None:
            return None, numbers
        cells, kind = _lazy_cells(part)
    else:
        cells, kind = values[rows], None
    kind = kind or pd.api.types.infer_dtype(cells, skipna=True)
    table = _distinct_table(cells) if kind == "string" and _mostly_distinct(cells) else None
    if table is not None:
        return None, table
    if kind != "string" and isinstance(cells, np.ndarray):  # the encoder takes lists
        cells = cells.tolist()
    numbers = _number_table(cells, kind)
    return (None, numbers) if numbers is not None else _fixed_coded(*_coded(cells, kind))


def _lazy_cells(part: LazyColumn) -> tuple[Any, str | None]:
    """A piece of a :class:`LazyColumn` as :func:`_coded` takes it (texts: an array), and their kind when known."""
    if part.kind != "text":  # no number at all, or one written on its own
        return part.tolist(), None
    if pd.api.types.infer_dtype(part.values, skipna=False) == "string":  # texts without a gap: as they are
        return part.values, "string"
    return part.texts(), None


def _texts(values: list[Any]) -> Any:
    """The JSON text of each value of a column (one kind per column: texts, or numbers, with ``None``)."""
    codes, texts = _coded(values)
    return texts if codes is None else np.array(texts, dtype=object)[codes]


def _fixed_coded(codes: Any, texts: list[str]) -> tuple[Any, Any]:
    return codes, fixed(texts, "", MOST_PADDED)


def _coded(values: list[Any], kind: str | None = None) -> tuple[Any, list[str]]:
    """``(codes, texts)``: the JSON text of each distinct value and each value's place among them.

    ``codes`` ``None``: ``texts`` holds each value's text, in order (mostly distinct texts, or
    a column of several kinds). The last text of a coded column is ``null``. ``kind``: the
    values' ``infer_dtype`` (skipping missing ones), when it is known.
    """
    kind = pd.api.types.infer_dtype(values, skipna=True) if kind is None else kind
    if kind == "string" and _mostly_distinct(values):
        # mostly distinct texts (village ids, names): finding the repeats would cost more than it saves
        return None, _distinct_texts(values)
    if kind in ("string", "integer", "floating"):  # one type and None: each distinct value encoded once
        if kind == "floating":  # as floats, so that factorising is C; NaN stands for None (floats here are finite)
            cells = np.array(values, dtype=float)  # numpy reads None as NaN
            if not np.isfinite(cells[~np.isnan(cells)]).all() or np.signbit(cells[cells == 0]).any():
                return None, [encode(v) for v in values]  # inf (refused by the encoder) or -0.0: one at a time
        else:
            cells = np.asarray(values, dtype=object)
        codes, uniques = pd.factorize(cells, use_na_sentinel=True)
        if kind == "string":
            texts = [encode_text(u) for u in uniques.tolist()]
        elif kind == "floating":  # finite, no -0.0 (checked above): spelled as the encoder spells them
            texts = float_reprs(np.asarray(uniques, dtype=float), "")
        else:  # integers hold no comma: one call of the C encoder, split
            texts = encode(uniques.tolist())[1:-1].split(",") if len(uniques) else []
        codes[codes < 0] = len(texts)
        return codes, [*texts, "null"]
    if kind in ("mixed-integer-float", "empty"):  # numbers hold no comma: one call of the C encoder, split
        return None, encode(values)[1:-1].split(",")
    return None, [encode(v) for v in values]


def _mostly_distinct(values: Any) -> bool:
    """Whether the texts read first are mostly distinct (ids, names): then each is written, none looked for again."""
    return 2 * len(set(values[:_PROBE])) > min(len(values), _PROBE)


def _distinct_table(values: Any) -> np.ndarray | None:
    """The JSON text of each text of ``values`` as UTF-8 padded with NUL to the widest (numpy ``S``).

    The texts of :func:`_distinct_texts`, cut out of one joined text by numpy
    (:func:`~villagescore.fixed_rows.cut_texts`, as :func:`~villagescore.float_text.float_table`
    cuts numbers), without a Python object per cell. ``None`` when a value is not a text, a text
    holds a character JSON escapes (the encoder then writes the joined text longer than its
    quotes and NULs make it), or padding would cost more than :data:`MOST_PADDED` times the bytes.
    """
    listed = values.tolist() if isinstance(values, np.ndarray) else values  # joined faster as a list
    try:
        joined = '"' + '"\0"'.join(listed) + '"\0'
    except TypeError:  # None (or NaN) among the texts
        return None
    if not len(listed):
        return None
    try:
        data = joined.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: judged and refused as before
        data = None
    if data is None or not _escapes_nothing(data, len(listed)):
        # each quote written \" (one more), each NUL \u0000 (five more): any other escape makes it longer still
        if len(encode_text(joined)) != len(joined) + 2 + 7 * len(listed):
            return None
    return cut_texts(joined.encode("utf-8") if data is None else data, MOST_PADDED)


def _escapes_nothing(data: bytes, n: int) -> bool:
    """Whether the JSON encoder would escape nothing in the UTF-8 ``data`` of ``n`` texts but their quotes and NULs.

    It escapes the quote, the backslash and the control characters below U+0020 only (``ensure_ascii=False``),
    each a byte of its own in UTF-8 (every byte of a longer character is 0x80 or above): ``data``
    holds exactly the ``n`` NULs and ``2 n`` quotes put there, and no backslash.
    """
    buffer = np.frombuffer(data, dtype=np.uint8)
    return (int(np.count_nonzero(buffer < 0x20)) == n and int(np.count_nonzero(buffer == 0x22)) == 2 * n
            and not (buffer == 0x5C).any())


def _number_table(values: list[Any], kind: str) -> Any:
    """The JSON text of each value of a column of floats or of integers (and ``None``: ``null``), fixed-width.

    ``kind``: the values' ``infer_dtype`` (skipping missing ones). ``None`` for any other column,
    or a float the encoder refuses or :func:`_coded` writes one at a time (infinite, -0.0), or an
    integer beyond 2**53 (read through a float here).
    """
    from ..float_text import float_table

    if kind not in ("floating", "integer") or len(values) == 0:
        return None
    cells = np.array(values, dtype=float)  # numpy reads None as NaN
    missing = np.isnan(cells)
    given = cells[~missing]
    if kind == "integer":
        if (np.abs(given) >= 2.0**53).any():
            return None
        given = given.astype(np.int64)
    elif not np.isfinite(given).all() or np.signbit(given[given == 0]).any():
        return None
    table = float_table(given)
    if not missing.any():
        return table
    out = np.full(len(cells), b"null", dtype=f"S{max(4, table.itemsize)}")
    out[~missing] = table
    return out


def _distinct_texts(values: list[Any]) -> list[str]:
    """The JSON text of each of ``values`` (texts and ``None``), each escaped on its own only if one must be.

    When no text holds a character JSON escapes (a quote, a backslash, a control character:
    the encoder then writes the joined texts longer than themselves plus their quotes), each
    text is itself between quotes, cut out of one joined string.
    """
    try:
        joined = "".join(values)  # a TypeError: None (or NaN) among the texts
    except TypeError:
        joined = None
    if joined is not None and len(encode_text(joined)) == len(joined) + 2:
        return ('"' + '"\0"'.join(values) + '"').split("\0")  # no NUL inside: it would have been escaped
    return [encode_text(v) if type(v) is str else "null" for v in values]


def _sectors_texts(values: list[str]) -> list[str]:
    """The JSON array of each ``a;b`` sectors cell (empty parts dropped)."""
    memo: dict[str, str] = {}
    out = []
    for v in values:
        text = memo.get(v)
        if text is None:
            text = memo[v] = encode([x for x in v.split(";") if x])
        out.append(text)
    return out


def _ranked_order(s: pd.DataFrame, in_order: bool = False) -> np.ndarray:
    """The positions of ``s``'s rows sorted by period, ranked first, rank, then village id, year and run (stable).

    Rows already in village order (a snapshot's) keep it among equal ranks: the first three
    keys, as whole-column integers, suffice. ``in_order``: the caller knows they are.
    """
    order = ["period", "_unranked", "rank", "village_id", "year", "run"]
    if not in_order and sorted_keys([s[k].to_numpy() for k in order[3:]]) is None:
        return s.reset_index(drop=True).sort_values(order, kind="stable").index.to_numpy()
    rank = s["rank"].to_numpy(dtype=float, na_value=0.0)
    periods = factorize_texts(s["period"].to_numpy(dtype=object), sort=True)[0]  # codes in the order of the labels
    return np.lexsort((rank, s["_unranked"].to_numpy(dtype=bool), periods))


def _rankings(snap: pd.DataFrame, table: ScoreTable, pillars: list[str], only: set[int] | None, lang: str = "en",
              in_order: bool = False, minimums: Any = (), pillar_minimums: Any = None) -> dict[str, Any]:
    """The rankings of ``snap`` (labels: ``rating_label``); ``in_order``: its rows are in village, year, run order."""
    s = snap.copy(deep=False)  # columns added here only (copy on write)
    one = _one_value(s["period"])  # one period (the latest): ranked whole, counted without grouping
    s["rank"] = competition_rank(s["overall_score"], None if one else s["period"], minimums)
    wide = table.scores("pillar", pillars, obs=s["obs"].to_numpy())
    shown = pd.DataFrame(pillars_as_printed(wide, pillars, pillar_minimums), index=s.index, columns=pillars)
    ranks = ranked_within(shown, None if one else s["period"]).to_numpy()
    if one:
        periods = [{"period": s["period"].to_numpy(dtype=object)[0], "villages": len(s),
                    "ranked": int(s["overall_score"].notna().sum())}]
    else:
        counts = s.groupby("period", sort=True).agg(villages=("obs", "size"), ranked=("overall_score", "count"))
        periods = [{"period": p, "villages": int(c.villages), "ranked": int(c.ranked)} for p, c in counts.iterrows()]
    s["_unranked"] = s["rank"].isna()
    at = _ranked_order(s, in_order)  # positions in s, best first in each period
    if only is not None:
        at = at[s["obs"].isin(only).to_numpy()[at]]
    # each column converted whole, then its rows taken in rank order (no frame of every column reordered)
    # texts taken in rank order when read (in the pieces of a national JSON, on the processors writing them)
    text = {c: column_of(s[c].to_numpy(dtype=object)).take(at) for c in ("period", "village_id", "name", "run_label",
                                                                         "commune", "province", "province_current",
                                                                         "former_province", "rating")}
    # a store or an old result file may not say: then unknown (None)
    estimated = (column_of(s["estimated_share"], "float").take(at) if "estimated_share" in s.columns
                 else [None] * len(at))
    columns = {"period": text["period"], "village_id": text["village_id"], "name": text["name"],
               "year": column_of(s["year"], "int").take(at), "run": text["run_label"], "commune": text["commune"],
               "province": text["province"], "province_current": text["province_current"],
               "former_province": text["former_province"],
               "sectors": LazyColumn(s["sectors"].to_numpy(dtype=object), "sectors").take(at),
               "rank": column_of(s["rank"], "int").take(at), "score": column_of(s["overall_score"], "float").take(at),
               "coverage": column_of(s["overall_coverage"], "float").take(at), "rating": text["rating"],
               "rating_label": column_of(s["rating_label"].to_numpy(dtype=object)).take(at),
               "estimated_share": estimated}
    if "pillars_unscored" in s.columns:  # ids "a;b" (compare/unscored.py), a list each in JSON
        columns["pillars_unscored"] = LazyColumn(s["pillars_unscored"].to_numpy(dtype=object), "sectors").take(at)
    pillar_columns = {p: (column_of(wide[at, k], "float"), column_of(pd.Series(ranks[at, k]), "int"))
                      for k, p in enumerate(pillars)}
    listed_at = np.full(len(s), -1, dtype=np.intp)
    listed_at[at] = np.arange(len(at))
    rows = RankingRows(columns, pillar_columns, listed_at)
    from ..i18n import t

    # the rule in words, for people, in the language of the comparison (table.TIE_RULE is its English text)
    return {"tie_rule": t("compare.tie_rule", lang), "periods": periods, "rows": rows}
