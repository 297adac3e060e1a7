"""Competition ranks ("1224"), best first, decided on the scores as the comparison prints them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..printed import printed_scores
from .common import _one_value

__all__ = ["as_printed", "competition_rank", "hundredths_ranks", "pillars_as_printed", "ranked_within"]


def competition_rank(scores: pd.Series, partition: pd.Series | None = None,
                     minimums: Iterable[float] = ()) -> pd.Series:
    """Competition ranks ("1224"), best first, of ``scores`` as printed (:func:`as_printed`).

    Missing scores get no rank (``<NA>``). With ``partition``, ranks restart in each part.
    ``minimums``: the tiers' minimums an overall score is rated against (see :func:`as_printed`).
    """
    rounded = pd.Series(as_printed(scores.to_numpy(dtype=float, na_value=np.nan), minimums), index=scores.index)
    return ranked_within(rounded, partition).astype("Int64")


def as_printed(scores: Any, minimums: Iterable[float] = ()) -> np.ndarray:
    """``scores`` as the comparison prints them: 4 decimals (its outputs), shown with 2 (a half away from zero).

    Ranks, ties, best and worst are decided on these, so scores printed alike tie and a
    higher printed score ranks higher (``round(x, 2)``, a binary tie to even, splits some).
    With ``minimums`` (an overall score's tiers), a score that 2 decimals would lift onto a
    minimum it misses keeps the decimals it needs (59.9999, not 60.00: :mod:`villagescore.printed`), so
    village-years tie only when they are printed alike and on the same side of every minimum.
    """
    return printed_scores(scores, minimums)


def pillars_as_printed(wide: np.ndarray, pillars: Sequence[str], minimums: Mapping[str, Any] | None) -> np.ndarray:
    """Each pillar's column of ``wide`` as printed against its own ``minimums[pillar]`` (none: 2 decimals)."""
    if not len(pillars):
        return np.asarray(wide, dtype=float)
    return np.column_stack([as_printed(wide[:, k], (minimums or {}).get(p, ())) for k, p in enumerate(pillars)])


def ranked_within(scores: Any, partition: pd.Series | None = None) -> Any:
    """``scores.rank(method="min", ascending=False)`` (a Series or a frame's columns), restarting in each part.

    One part (a comparison of the latest village-years has one period) is ranked whole: the
    same ranks, without grouping 100,000 rows by a column of one value.
    """
    if partition is None or _one_value(partition):
        return _ranked_whole(scores)
    return scores.groupby(partition, sort=False).rank(method="min", ascending=False)


def _ranked_whole(scores: Any) -> Any:
    """``scores.rank(method="min", ascending=False)``, counted (:func:`hundredths_ranks`) where it can be."""
    columns = [scores] if isinstance(scores, pd.Series) else [scores[c] for c in scores.columns]
    if not all(c.dtype == np.float64 for c in columns):
        return scores.rank(method="min", ascending=False)
    ranks = [hundredths_ranks(c.to_numpy()) for c in columns]
    if any(r is None for r in ranks):
        return scores.rank(method="min", ascending=False)
    if isinstance(scores, pd.Series):
        return pd.Series(ranks[0], index=scores.index, name=scores.name)
    return pd.DataFrame(dict(enumerate(ranks)), index=scores.index).set_axis(scores.columns, axis=1)


def hundredths_ranks(values: np.ndarray) -> np.ndarray | None:
    """Competition ranks, best first, of floats that are all hundredths (``k / 100``), by counting; NaN: NaN.

    What ``Series.rank(method="min", ascending=False)`` gives (one more than the values above),
    without sorting: ``k`` is exact (``rint(x * 100)``, checked by dividing back), so equal values
    have equal ``k`` and larger values larger ``k``. ``None`` (rank otherwise) when a value is
    not such a float, is huge or infinite, when there is none, or when ``k`` spans far more than
    there are values.
    """
    given = ~np.isnan(values)
    v = values[given]
    if len(v) == 0:
        return None
    with np.errstate(invalid="ignore", over="ignore"):
        k = np.rint(v * 100)
        if not (np.abs(k) < 2.0**50).all() or not (k / 100 == v).all():
            return None
    top = k.max()
    if top - k.min() > max(4 * len(v), 1 << 16):
        return None
    below_top = (top - k).astype(np.intp)  # 0: the best
    counts = np.bincount(below_top)
    out = np.full(len(values), np.nan)
    out[given] = (np.cumsum(counts) - counts)[below_top] + 1  # the values above, plus one
    return out
