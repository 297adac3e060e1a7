"""What a plugin's function returned, checked before the engine uses it.

An indicator's ``compute``, a scorer and an aggregator each return one value per village.
When one returns something else (``None``, a table, the wrong number of values, a Series
indexed otherwise than the frame, text for numbers) the engine says so in a
:class:`~villagescore.errors.PluginError` naming the function and its plugin, instead of
spreading the values over the wrong villages or failing with numpy's words. The checks cost
a few whole-array operations, never a Python step per village.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .errors import PluginError, SaidText, Term, said
from .float_width import is_narrow_float, widened
from .i18n import N_

__all__ = ["computed_column", "numeric_column", "checked_scores", "aggregated", "nan_score_count", "said_nan_scores"]

#: How every message about a compute's return value ends.
_ONE_PER_ROW = N_("indicator {indicator!r} of plugin {plugin!r} returned {what}; its compute must return one value per "
                  "village: a Series with the frame's index, or an array of {n} values in the frame's order")


def _wrong(ind: Any, what: Any, n: int) -> PluginError:
    return said(PluginError, _ONE_PER_ROW, indicator=ind.id, plugin=ind.plugin, what=what, n=n)


def computed_column(ind: Any, returned: Any, frame: pd.DataFrame) -> np.ndarray:
    """The ``(villages,)`` values a ``compute`` returned, in the frame's row order.

    A :class:`pandas.Series` is matched to the frame by its index labels: one with the
    frame's labels in another order (after ``sort_values``, a ``concat`` of subsets) is put
    back in the frame's order; one whose labels are not exactly the frame's (missing, extra
    or repeated) is an error. Anything else (a numpy array, a list) is taken by position.
    Booleans and complex numbers are refused unless the indicator is boolean or a category.
    """
    n = len(frame)
    if returned is None:
        raise _wrong(ind, said(SaidText, N_("None (a missing 'return'?)")), n)
    if isinstance(returned, pd.DataFrame) or (np.ndim(returned) == 2 and not isinstance(returned, pd.Series)):
        shape = np.shape(returned)
        raise _wrong(ind, said(SaidText, N_("a table of shape {shape} ({columns} columns)"),
                               shape=shape, columns=shape[1]), n)
    if isinstance(returned, pd.Series):
        return _real_numbers(ind, _aligned(ind, returned, frame))
    arr = np.asarray(returned)
    if arr.shape != (n,):
        raise _wrong(ind, said(SaidText, N_("{count} values for {n} villages (shape {shape})"),
                               count=arr.size, n=n, shape=arr.shape), n)
    return _real_numbers(ind, arr)


#: Python and numpy types a compute may not return for an indicator that is neither boolean nor a category.
_NOT_REAL = (bool, np.bool_, complex, np.complexfloating)


def _real_numbers(ind: Any, arr: np.ndarray) -> np.ndarray:
    """``arr``, or a :class:`PluginError` when it holds booleans or complex numbers for a numeric indicator.

    ``True`` would be scored as 1 and ``52.8+30j`` as 52.8, silently (as :func:`checked_scores`
    refuses them from a scorer). Numeric arrays are judged by their dtype; object arrays by the
    set of their cells' types (taken in C, no Python step per village).
    """
    if ind.direction in ("boolean", "category"):
        return arr
    if arr.dtype.kind in "bc":
        wrong = np.ones(len(arr), dtype=bool)
    elif arr.dtype == object and any(issubclass(t, _NOT_REAL) for t in set(map(type, arr))):
        wrong = np.fromiter((isinstance(c, _NOT_REAL) for c in arr), dtype=bool, count=len(arr))  # only to say one
    else:
        return arr
    sample = _plain(arr[wrong][0])
    kind = N_("booleans") if isinstance(sample, bool | np.bool_) else N_("complex numbers")
    raise said(PluginError, N_("indicator {indicator!r} of plugin {plugin!r} returned {kind} such as {sample!r} for a "
                               "{direction!r} indicator; it must return real numbers (NaN for missing): convert "
                               "them in its compute to the numbers the indicator measures"),
               indicator=ind.id, plugin=ind.plugin, kind=Term(kind), sample=sample,
               direction=ind.direction)


def _aligned(ind: Any, series: pd.Series, frame: pd.DataFrame) -> np.ndarray:
    """A Series' values in the frame's row order, by index label."""
    n = len(frame)
    if series.index.equals(frame.index):  # the usual case: one comparison, no copy
        return series.to_numpy()
    if not series.index.is_unique:
        repeated = series.index[series.index.duplicated()]
        raise _wrong(ind, said(SaidText, N_("a Series whose index repeats labels (such as {label!r}, {count} "
                                            "repeats)"), label=_plain(repeated[0]), count=len(repeated)), n)
    positions = series.index.get_indexer(frame.index)
    lacking = positions < 0
    if lacking.any():
        raise _wrong(ind, said(SaidText, N_("a Series of {count} values for {n} villages whose index lacks "
                                            "{missing} of the frame's labels (such as {label!r})"),
                               count=len(series), n=n, missing=int(np.count_nonzero(lacking)),
                               label=_plain(frame.index[lacking][0])), n)
    if len(series) != n:
        extra = series.index.difference(frame.index, sort=False)
        raise _wrong(ind, said(SaidText, N_("a Series of {count} values for {n} villages whose index has {extra} "
                                            "labels that are not the frame's (such as {label!r})"),
                               count=len(series), n=n, extra=len(extra), label=_plain(extra[0])), n)
    return series.to_numpy()[positions]


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python value a message shows (``7``, not ``np.int64(7)``)."""
    return value.item() if isinstance(value, np.generic) else value


def numeric_column(ind: Any, arr: np.ndarray) -> np.ndarray:
    """``arr`` as the engine keeps an indicator's values: float, NaN where missing, or object for categories.

    Text for a numeric indicator is an error unless it reads as numbers (empty cells are
    missing); infinities become NaN; float32 and float16 are widened to the numbers they print as
    (:mod:`villagescore.float_width`). A read-only view of the frame stays a view.
    """
    if (arr.dtype == object or pd.api.types.is_string_dtype(arr.dtype)) and ind.direction != "category":
        text = pd.Series(arr, dtype=object)
        numbers = pd.to_numeric(text, errors="coerce")
        # a plugin bug must not pass as missing data: only empty cells may become NaN
        bad = numbers.isna() & text.notna() & (text.astype(str).str.strip() != "")
        if bad.any():
            sample = text[bad].iloc[0]
            raise said(PluginError, N_("indicator {indicator!r} of plugin {plugin!r} returned text such as "
                                       "{sample!r} for a {direction!r} indicator; it must return numbers (NaN "
                                       "for missing)"), indicator=ind.id, plugin=ind.plugin, sample=sample,
                       direction=ind.direction)
        arr = numbers.to_numpy(dtype=float)
    if arr.dtype != object:
        if is_narrow_float(arr.dtype):  # a float32 76.7 is 76.7, not 76.69999694824219
            arr = widened(arr)
        elif arr.dtype != np.float64:
            arr = arr.astype(float)
        infinite = np.isinf(arr)
        if infinite.any():
            arr = arr.copy()
            arr[infinite] = np.nan
        if arr.flags.writeable and not arr.flags.owndata:
            arr = arr.view()
            arr.flags.writeable = False  # a view of the frame: scorers must not write into it
    return arr


def checked_scores(scorer: Any, returned: Any, n: int, indicator: str) -> np.ndarray:
    """A scorer's ``(villages,)`` float scores, or a :class:`PluginError` for another shape or for text.

    Only numbers are scores: text (even ``"60"``), booleans and objects that are not real
    numbers are refused rather than converted, which would score ``"60"`` as 60 and ``True``
    as 1. Numeric arrays are checked by their dtype alone; object arrays cell by cell.
    """
    try:
        arr = np.asarray(returned)
    except ValueError:  # a ragged sequence: its cells, each as it is, are what is said
        cells = list(returned)
        arr = np.empty(len(cells), dtype=object)
        for i, cell in enumerate(cells):
            arr[i] = cell
    not_numbers = _cells_not_numbers(arr)
    if not_numbers is not None:
        sample = _plain(arr.ravel()[not_numbers][0])
        raise said(PluginError, N_("scorer {scorer!r} (plugin {plugin!r}) returned {sample!r} on indicator "
                                   "{indicator!r}; it must return one number from 0 to 100 per village (NaN "
                                   "where a value is missing)"),
                   scorer=scorer.name, plugin=scorer.plugin, sample=sample, indicator=indicator)
    if arr.dtype.kind == "O":
        arr = np.array([None if cell is pd.NA else cell for cell in arr.ravel()], dtype=object).reshape(arr.shape)
    scored = arr.astype(float, copy=False)
    if scored.shape != (n,):  # a scalar or a column would be broadcast silently over the villages
        raise said(PluginError, N_("scorer {scorer!r} (plugin {plugin!r}) returned shape {shape} for {n} "
                                   "villages on indicator {indicator!r}; expected ({n},)"),
                   scorer=scorer.name, plugin=scorer.plugin, shape=scored.shape, n=n, indicator=indicator)
    return scored


def _cells_not_numbers(arr: np.ndarray) -> np.ndarray | None:
    """Which cells of ``arr`` (flattened) are not real numbers, or ``None`` when all are.

    Integers and floats are numbers by their dtype (no look at the cells); missing cells
    (``None``, NaN, ``pd.NA``) count as numbers, to be NaN. Text, booleans, complex numbers
    and dates are not, whatever they would convert to.
    """
    kind = arr.dtype.kind
    flat = arr.ravel()
    if kind in "iuf" or flat.size == 0:
        return None
    if kind != "O":
        return np.ones(flat.shape, dtype=bool)
    real = (int, float, np.integer, np.floating)
    bad = np.fromiter(((not (cell is None or cell is pd.NA or isinstance(cell, real))
                        or isinstance(cell, (bool, np.bool_))) for cell in flat), dtype=bool, count=flat.size)
    return bad if bad.any() else None


def aggregated(aggregator: Any, returned: Any, n: int, node: str) -> np.ndarray:
    """An aggregator's ``(villages,)`` float scores of ``node``, or a :class:`PluginError` naming the rule.

    The wrong shape (the children's matrix, one number) or text is refused: numpy would
    broadcast the first and fail on the second in its own words.
    """
    arr = np.asarray(returned)
    if arr.shape != (n,):
        raise said(PluginError, N_("aggregator {aggregator!r} (plugin {plugin!r}) returned shape {shape} for {n} "
                                   "villages on node {node!r}; expected ({n},)"), aggregator=aggregator.name,
                   plugin=aggregator.plugin, shape=arr.shape, n=n, node=node)
    if arr.dtype.kind in "biuf":
        return arr.astype(float)
    try:
        if arr.dtype.kind == "O":
            return arr.astype(float)
    except (TypeError, ValueError):
        pass
    numbers = pd.to_numeric(pd.Series(arr.astype(object)), errors="coerce")
    sample = arr[numbers.isna().to_numpy()][0] if numbers.isna().any() else arr[0]
    sample = _plain(sample)
    raise said(PluginError, N_("aggregator {aggregator!r} (plugin {plugin!r}) returned {sample!r} on node {node!r}; "
                               "it must return one number per village (NaN where a village has no score)"),
               aggregator=aggregator.name, plugin=aggregator.plugin, sample=sample, node=node)


def nan_score_count(column: np.ndarray, absent: np.ndarray, present: np.ndarray,
                    unknown_limit: np.ndarray | None) -> int:
    """How many villages got a NaN score although their value is present and applicable.

    ``column`` is the indicator's scores after masking ``absent`` (missing or not applicable
    values) with NaN; ``present`` its non-NaN cells. Two counts, no temporary array, unless
    some village's legal limit is unknown (its NaN score is then expected).
    """
    if unknown_limit is not None:
        return int(np.count_nonzero(np.isnan(column) & ~absent & ~unknown_limit))
    return len(column) - int(np.count_nonzero(present)) - int(np.count_nonzero(absent))


def said_nan_scores(scorer: Any, indicator: str, count: int, *, strict: bool) -> None:
    """Say that ``scorer`` gave ``count`` present values of ``indicator`` no score: a warning, an error when strict.

    Those villages would otherwise lose the indicator as if its value were missing, with
    nothing to tell a NaN the scorer made from a gap in the data.
    """
    import warnings

    from .plugins import PluginLoadWarning

    hint = (said(SaidText, N_("Fix the scorer, or skip its plugin with VILLAGESCORE_DISABLE_PLUGINS={plugin}."),
                 plugin=scorer.plugin) if strict else
            said(SaidText, N_("They are scored as if the value were missing; --strict-plugins makes this an error.")))
    template = N_("scorer {scorer!r} (plugin {plugin!r}) returned NaN for {count} villages whose value of indicator "
                  "{indicator!r} is present: a scorer gives every present value a score from 0 to 100. {hint}")
    params = {"scorer": scorer.name, "plugin": scorer.plugin, "count": count, "indicator": indicator, "hint": hint}
    if strict:
        raise said(PluginError, template, **params)
    warnings.warn(said(PluginLoadWarning, template, **params), stacklevel=3)
