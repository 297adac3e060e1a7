"""The terms of a weighted quasi-arithmetic mean, ``f⁻¹(Σ wᵢ·f(sᵢ) / Σ wᵢ)``, for batched aggregation.

An aggregator that declares a :class:`~villagescore.objects.QuasiMean` is batched from these
terms: a node is a weighted sum of ``f(score)`` (a matrix product when many nodes or samples
share the children) finished by ``f⁻¹``. Nothing here knows a rule by name: the weighted
arithmetic mean is the mean whose ``f`` is the identity, the geometric one a mean where a
child at 0 absorbs (``f(0) = -∞``), and a plugin's mean is computed the same way.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["mean_terms", "finish_mean", "floored"]


def floored(mean: Any, floor: float) -> bool:
    """Whether ``floor`` applies to ``mean``: only where a zero would absorb the whole node."""
    return floor > 0 and mean.zero_absorbs


def mean_terms(mean: Any, value: np.ndarray, counted: Any, floor: float = 0.0
               ) -> tuple[np.ndarray, np.ndarray | None]:
    """Per child cell: ``f(value)`` where the cell counts (0 elsewhere), and where a counted value absorbs.

    Parameters
    ----------
    mean : QuasiMean
    value : scores with 0 where the child is absent (an absent child that counts, under the
        ``zero`` policy, scores 0)
    counted : bool array broadcastable to ``value``: the cells whose term enters the sum
    floor : for a mean where a zero absorbs, scores below ``floor`` count as ``floor`` and
        nothing absorbs (``0``: the strict rule)

    Returns
    -------
    (terms, absorbs)
        ``absorbs`` marks the counted cells at or below 0 of a mean where a zero absorbs
        (they make the node 0); ``None`` when no cell can absorb.
    """
    if mean.linear:  # f is the identity and an absent child scores 0: nothing to mask
        return value, None
    with np.errstate(divide="ignore", invalid="ignore"):
        if floored(mean, floor):
            return np.where(counted, mean.forward(np.maximum(value, floor)), 0.0), None
        if mean.zero_absorbs:
            positive = counted & (value > 0)
            return np.where(positive, mean.forward(np.where(positive, value, 1.0)), 0.0), counted & ~positive
        return np.where(counted, mean.forward(np.where(counted, value, 1.0)), 0.0), None


def finish_mean(mean: Any, total: np.ndarray, weight: np.ndarray, absorbed: np.ndarray | None) -> np.ndarray:
    """``f⁻¹(total / weight)``: NaN where there is no weight, 0 where a counted child absorbed."""
    with np.errstate(invalid="ignore", divide="ignore"):
        score = total / weight
        if not mean.linear:
            score = mean.inverse(score)
    if absorbed is not None:
        score = np.where(absorbed, 0.0, score)
    return np.where(weight > 0, score, np.nan)
