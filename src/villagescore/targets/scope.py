"""Who is in a target's population, and what the village-years that cannot be placed could change.

A population (``measure.population``) keeps the village-years of some sectors and those
meeting ``where`` conditions. A village-year whose sectors are not recorded, or whose value
for a ``where`` condition is empty, cannot be placed in or out of the population: it is
**unclassified** ("in scope unknown"). It is not measured, the coverage counts it apart, the
report warns of it, and the value it could give is bounded: the lowest and the highest value
of the statistic over every choice of unclassified village-years (with a value) put in scope.
A verdict that depends on that choice is ``insufficient_data`` (:mod:`villagescore.targets.verdict`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["population", "value_range"]


def population(data: Any, target: Any, condition: Callable[[Any, dict[str, Any]], pd.Series]
               ) -> tuple[pd.Series, pd.Series, list[str]]:
    """``(in scope, unclassified, empty fields)`` per village-year of ``data`` for ``target``'s population.

    ``condition`` evaluates a ``where`` condition (1.0, 0.0, NaN when the value is unknown).
    """
    v = data.villages
    surely = pd.Series(True, index=v.index)
    maybe = pd.Series(True, index=v.index)
    empty: list[str] = []
    spec = (target.measure or {}).get("population") or {}
    if spec.get("sectors"):
        hit, unknown = _sectors(data, set(spec["sectors"]))
        surely &= hit
        maybe &= hit | unknown
        if (unknown & ~hit).any():
            empty.append("sectors")
    for cond in spec.get("where") or []:
        c = condition(data, cond)
        surely &= c.fillna(0.0).astype(bool)
        maybe &= c.fillna(1.0).astype(bool)
        if c.isna().any():
            empty.append(str(cond.get("indicator") or cond.get("field") or cond.get("rating_at_least")))
    unclassified = maybe & ~surely
    if not unclassified.any():
        empty = []
    return surely, unclassified, empty


def _sectors(data: Any, wanted: set[str]) -> tuple[pd.Series, pd.Series]:
    """``(names one of wanted, not recorded)`` per village-year, decided once per distinct ``sectors`` value.

    The column is factorised once per ``data`` (:meth:`~villagescore.targets.data.TargetData.sector_codes`)
    and reused by every target; a missing value (code -1) is not recorded.
    """
    codes, distinct = data.sector_codes()
    hit = np.array([bool(wanted & set(s)) for s in distinct] + [False], dtype=bool)
    unknown = np.array([not s for s in distinct] + [True], dtype=bool)
    index = data.villages.index
    return pd.Series(hit[codes], index=index), pd.Series(unknown[codes], index=index)


def _mean_range(bx: np.ndarray, bw: np.ndarray, cx: np.ndarray, cw: np.ndarray) -> tuple[float | None, float | None]:
    """Lowest and highest weighted mean of the base values with any subset of the candidates added.

    Vectorised: the candidates (weight > 0) are sorted by value, the running sums of the base plus
    the k largest (resp. smallest) are taken with ``np.cumsum``, and the extreme is the running
    mean where it peaks (resp. bottoms out): at the first candidate not above (resp. below) it.
    """
    # Proof: at the best mean M each candidate above M is in (adding it raises the mean), each below is out
    # (removing it does), so the best subset is the k largest (resp. smallest) for some k; the running mean
    # rises while the next value is above it and never again after, so that k is where it stops rising.
    # (Taking that k, not the argmax of the running means, keeps every float as the former loop computed it.)
    s0, w0 = float(np.sum(bx * bw)), float(np.sum(bw))
    keep = cw > 0
    cx, cw = cx[keep], cw[keep]

    def extreme(sign: float) -> float | None:
        order = np.argsort(-sign * cx, kind="stable")
        x = cx[order]
        s = np.cumsum(np.concatenate(([s0], x * cw[order])))
        w = np.cumsum(np.concatenate(([w0], cw[order])))
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = s / w
        rising = (w[:-1] <= 0) | (sign * (x - mean[:-1]) > 0)
        k = int(np.argmin(rising)) if not rising.all() else len(x)
        return float(mean[k]) if w[k] > 0 else None

    return extreme(-1.0), extreme(1.0)


def value_range(statistic: str, base: pd.DataFrame, candidates: pd.DataFrame) -> tuple[float | None, float | None]:
    """The lowest and highest value of ``statistic`` over ``base`` plus any subset of ``candidates``.

    ``base``: the measured village-years in scope; ``candidates``: the unclassified ones with a
    value (columns ``x``, ``w`` in both).
    """
    bx, bw = base["x"].to_numpy(float), base["w"].to_numpy(float)
    cx, cw = candidates["x"].to_numpy(float), candidates["w"].to_numpy(float)
    if statistic in ("count", "sum"):
        total = float(np.sum(bx))
        return total + float(np.sum(cx[cx < 0])), total + float(np.sum(cx[cx > 0]))
    low, high = _mean_range(bx, bw, cx, cw)
    if statistic == "share":
        return (None if low is None else 100.0 * low), (None if high is None else 100.0 * high)
    return low, high
