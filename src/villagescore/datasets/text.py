"""Text as read: Unicode NFC, no surrounding spaces, rows with no value dropped."""

from __future__ import annotations

import datetime
import operator
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import repeat
from typing import Any

import numpy as np
import pandas as pd

from ..factorize import factorize as factorize_objects


def nfc(value: Any) -> Any:
    """``value`` in Unicode normal form C when it is text; anything else unchanged."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def nfc_tree(value: Any) -> Any:
    """A parsed document (dicts, lists, scalars) with every key and text value in NFC."""
    if isinstance(value, dict):
        return {nfc(k): nfc_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc_tree(v) for v in value]
    return nfc(value)


#: Whether pandas is older than 3: its readers then need help to read a file as pandas 3 does (NUL bytes in a CSV,
#: TRUE below a 1 in a workbook, the last digit of a 17-digit number).
PANDAS_2 = int(pd.__version__.split(".")[0]) < 3

#: The dtype of a dataset's text columns: pandas' ``str`` stored as Python ``str`` objects, whatever pandas'
#: default string storage is (pyarrow's where pyarrow is installed), so a dataset behaves the same either way.
try:
    PYTHON_TEXT: Any = pd.StringDtype("python", na_value=np.nan)
except TypeError:  # pragma: no cover - pandas < 2.3 reads text as object arrays, never as this dtype
    PYTHON_TEXT = object

#: What :func:`shared_factorization` keeps: (kind, id of a column's array) → (array, result).
_SHARED: ContextVar[dict[tuple[str, int], tuple[Any, Any]] | None] = ContextVar("factorized", default=None)


@contextmanager
def shared_factorization() -> Iterator[dict[tuple[str, int], tuple[Any, Any]]]:
    """Within the block, :func:`factorize` and :func:`joined_cells` of a text column are worked out once.

    Reading and validating a dataset factorises each text column several times (tidying,
    labels, identity checks, categories) and joins the cells of some twice (tidying, identity
    checks); inside this block each is done once per column. A column is recognised by its
    array (the same object, held until the block ends, so that its id is not reused); the
    arrays given out are read-only. The columns must not be changed in place inside the block
    (replacing a column gives it a new array, which is worked out anew). Blocks may be nested:
    the outermost one holds the results. The block gives the store of results (the outermost
    block's): a caller may hold it beyond the block, to decide when it is freed.
    """
    store = _SHARED.get()
    token = None
    if store is None:
        store = {}
        token = _SHARED.set(store)
    try:
        yield store
    finally:
        if token is not None:
            _SHARED.reset(token)


def _python_str(column: pd.Series) -> bool:
    """Whether ``column`` has pandas' ``str`` dtype stored as Python ``str`` objects (as CSV text columns are)."""
    return isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "python"


def _default_str(column: pd.Series) -> bool:
    """Whether ``column`` has pandas' ``str`` dtype (missing cells NaN), in either storage."""
    return isinstance(column.dtype, pd.StringDtype) and column.dtype.na_value is np.nan


def _shared(kind: str, column: pd.Series, make: Any) -> Any:
    """``make()``, or what it gave for the same column earlier in the :func:`shared_factorization` block."""
    shared = _SHARED.get()
    if shared is None:
        return make()
    array = column.array
    found = shared.get((kind, id(array)))
    if found is None or found[0] is not array:
        found = shared[(kind, id(array))] = (array, make())
    return found[1]


def factorize(column: pd.Series) -> tuple[np.ndarray, Any]:
    """``pd.factorize(column, use_na_sentinel=True)``: each cell's code (-1 empty) and the distinct values.

    A text column (pandas' ``str`` dtype) is factorised from its array of ``str`` objects,
    which gives the same codes and values as pandas' own path for the dtype in half the time
    (that path checks for missing values first), grouped by object first where the parser gave
    one object to many cells (:func:`villagescore.factorize.factorize`: a column of a few
    categories in 1.2–1.7 ms instead of 2–5); any other column goes to pandas as it is.
    Inside :func:`shared_factorization` a text column is factorised once.
    """
    if _python_str(column):
        return _shared("codes", column, lambda: _read_only(*factorize_objects(column.to_numpy(dtype=object))))
    return pd.factorize(column, use_na_sentinel=True)


def joined_cells(column: pd.Series) -> tuple[np.ndarray | None, np.ndarray, str]:
    """The text cells of a column of pandas' ``str`` dtype, and their text joined by line breaks.

    Returns ``(positions, cells, joined)``: the positions of the cells that are not empty
    (``None`` when no cell is), those cells (a read-only array of objects) and those cells joined
    by line breaks. Inside :func:`shared_factorization` the cells of each column stored as Python
    ``str`` are joined once. The cells are held as an array, not a list: the garbage collector
    walks a list of 100,000 texts at each collection while it is young (≈ 20 ns a text), an array
    never.
    """
    return _shared("joined", column, lambda: _joined(column)) if _python_str(column) else _joined(column)


def _joined(column: pd.Series) -> tuple[np.ndarray | None, np.ndarray, str]:
    values = column.to_numpy(dtype=object)
    present = None
    try:
        joined = "\n".join(values.tolist())  # every cell is text: none is empty (NaN is not)
        cells = values.view()
    except TypeError:
        present = np.flatnonzero(~column.isna().to_numpy())
        present.flags.writeable = False
        cells = values[present]
        joined = "\n".join(cells.tolist())
    cells.flags.writeable = False
    return present, cells, joined


def _read_only(codes: np.ndarray, uniques: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    codes.flags.writeable = uniques.flags.writeable = False
    return codes, uniques


def drop_empty_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop rows with no value at all (blank lines, ``,,,`` rows, empty sheet rows, rows of spaces only).

    A cell of spaces only (no-break and other spaces too) is empty, as tidying makes it
    (:func:`tidy_columns`). The index keeps each row's position in the file (0 = the first
    row under the header), so problems are reported with the row number a spreadsheet shows.
    """
    if frame.shape[1] == 0:
        return frame
    maybe = _blank(frame.iloc[:, 0])  # an empty row is empty in its first cell: check those only
    if not maybe.any():
        return frame
    rows = frame.iloc[maybe]
    empty = np.zeros(len(frame), dtype=bool)
    empty[maybe] = np.logical_and.reduce([_blank(rows.iloc[:, j]) for j in range(rows.shape[1])])
    return frame[~empty] if empty.any() else frame


def _blank(column: pd.Series) -> np.ndarray:
    """Mask of the cells of ``column`` that are missing, empty text or text of spaces only (``str.isspace``)."""
    blank = column.isna().to_numpy()
    if not (pd.api.types.is_object_dtype(column.dtype) or isinstance(column.dtype, pd.StringDtype)):
        return blank  # numbers, dates …: missing or not
    cells = column.to_numpy(dtype=object)
    present = None if not blank.any() else np.flatnonzero(~blank)  # every cell is there (ids): no copy of them
    cells = cells if present is None else cells[present]
    try:  # text of spaces starts with one: the ASCII ones sort before '!', the others from U+0085 (C-level compares)
        spaces = (cells < "!") | (cells >= "\x85")
    except TypeError:  # a cell that is not text (a number in an object column): only text can be spaces
        spaces = np.fromiter(map(isinstance, cells, repeat(str)), dtype=bool, count=len(cells))
    at = np.flatnonzero(spaces)
    spaces[at] = [not c.strip() for c in cells[at]]  # the few cells that may be spaces (or names such as 'Đồng')
    if spaces.any():
        blank = blank.copy()  # isna's array may be read-only
        blank[spaces if present is None else present[spaces]] = True
    return blank


def tidy_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Column names and text cells in NFC without surrounding spaces; a cell left empty becomes NaN.

    A text column (pandas' ``str`` dtype, as CSV columns are) is checked as a whole and only
    the cells that change are rewritten; other columns holding text go cell by cell. The
    column's dtype is what mapping every cell would give (all empty: ``float64``); a ``str``
    column stored by pyarrow comes out stored as Python ``str`` objects (:data:`PYTHON_TEXT`).
    """
    frame.columns = [nfc(str(c)).strip() for c in frame.columns]
    dtypes = frame.dtypes.tolist()
    for i in range(frame.shape[1]):  # by position: a repeated column name must not break this
        if not (pd.api.types.is_object_dtype(dtypes[i]) or pd.api.types.is_string_dtype(dtypes[i])):
            continue  # numbers, dates …: no text to tidy (looked up without taking the column out)
        series = frame.iloc[:, i]
        if isinstance(series.dtype, pd.StringDtype):
            stored = series.astype(PYTHON_TEXT) if _default_str(series) and not _python_str(series) else series
            tidy = _tidy_text(stored)
            if tidy is not series:
                frame.isetitem(i, tidy)
        elif series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            frame.isetitem(i, _map_cells(series, _nfc_strip))
    return frame


def _map_cells(series: pd.Series, func: Any) -> pd.Series:
    """``series.map(func, na_action="ignore")``; a column holding an integer too large for a float stays objects.

    pandas 3 keeps such a column as objects; pandas 2 raises OverflowError while inferring its dtype.
    A column that mapping would make complex (one complex cell among numbers) stays objects too:
    inferring complex128 would make every number of it a complex number, each then refused.
    """
    try:
        mapped = series.map(func, na_action="ignore")
    except OverflowError:
        return _objects(series, func)
    if series.dtype == object and pd.api.types.is_complex_dtype(mapped.dtype):
        return _objects(series, func)
    return mapped


def _objects(series: pd.Series, func: Any) -> pd.Series:
    """``series`` with ``func`` applied to every cell that is not missing, held as objects."""
    return pd.Series([v if pd.isna(v) else func(v) for v in series.tolist()], index=series.index,
                     dtype=object, name=series.name)


#: Cells read first to tell a column of a few distinct texts (checked through them) from the others.
_PROBE = 1_000
#: At most this many distinct texts among the probed cells, and the column is checked through its distinct texts.
_FEW = 100


def _tidy_text(series: pd.Series) -> pd.Series:
    """``series.map(_nfc_strip)`` for a column of text, with C-level scans instead of a call per cell.

    A column of a few distinct texts (categories, provinces, years) is found unchanged from
    those texts alone; any other, or one with something to change, is scanned cell by cell.
    """
    if few_distinct(series) and _distinct_texts_tidy(series):
        return series
    present, held, joined = joined_cells(series)
    cells = held.tolist()  # a list while it is read here (faster to walk than an array)
    stripped = list(map(str.strip, cells))  # the same object when there is nothing to strip
    nfc = unicodedata.is_normalized("NFC", joined)  # '\n' never composes: true when every cell is
    if cells and nfc and stripped == cells and all(stripped):
        return series  # nothing to change (list == compares identical objects without looking at them)
    values = series.to_numpy(dtype=object)
    if present is None:
        present = np.arange(len(values))
    change = np.fromiter(map(operator.is_not, stripped, cells), dtype=bool, count=len(cells))
    change |= np.fromiter(map(operator.not_, stripped), dtype=bool, count=len(cells))  # empty once stripped
    if not nfc:
        change |= ~np.fromiter(map(_is_nfc, cells), dtype=bool, count=len(cells))
    if not cells and len(values):  # a column without any text: mapping gives float64 NaN, as pandas does
        return pd.Series(np.nan, index=series.index, name=series.name, dtype=float)
    if change.all():
        return series.map(_nfc_strip, na_action="ignore")
    values = values.copy()
    at = present[change]
    values[at] = [_nfc_strip(v) for v in values[at]]
    return pd.Series(pd.array(values, dtype=series.dtype), index=series.index, name=series.name)


def few_distinct(series: pd.Series) -> bool:
    """Whether the first :data:`_PROBE` cells of a text column hold at most :data:`_FEW` distinct texts.

    Only a column of pandas' ``str`` dtype (Python storage) can be; the answer is a guess that
    chooses between two paths giving the same results (through the distinct texts, or cell by cell).
    """
    if not _python_str(series):
        return False  # pyarrow's strings, another dtype: the cell-by-cell scan
    return len(pd.unique(series.to_numpy(dtype=object)[:_PROBE])) <= _FEW


def _distinct_texts_tidy(series: pd.Series) -> bool:
    """Whether ``series`` holds text, every distinct text in NFC, without surrounding spaces, not empty."""
    _, uniques = factorize(series)
    texts = uniques.tolist()
    # NFC and strip give back the same object when there is nothing to change; no text at all: float64 (mapped)
    return bool(texts) and all(_nfc_strip(t) is t for t in texts)


def _is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def _nfc_strip(value: Any) -> Any:
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value).strip()
        return value if value else np.nan
    return value


def identity_text(value: Any) -> Any:
    """An identity cell as text (a workbook's 2024.0 is ``"2024"``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()  # a date cell: '2025-01-01', not '2025-01-01 00:00:00'
    return value if isinstance(value, str) else str(value)

