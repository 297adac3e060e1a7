"""Built-in aggregation rules: combine weighted child scores into a parent score.

Each function takes ``scores`` and ``weights``, two ``(villages, children)`` arrays. A
child that is absent for a village (missing or not applicable) has weight 0 and score
NaN. Weights need not sum to 1: each rule renormalises over the children present. A
row with no weight gives NaN. The semantics are documented in ``docs/scoring.md``.
"""

from __future__ import annotations

import numpy as np

from .objects import Aggregator, QuasiMean

__all__ = [
    "weighted_arithmetic",
    "weighted_geometric",
    "minimum",
    "BUILTIN_AGGREGATORS",
    "DEFAULT_AGGREGATOR",
]

#: The rule a framework uses where it names none.
DEFAULT_AGGREGATOR = "weighted_arithmetic"


def _prepare(scores: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    w = np.where(np.isnan(scores), 0.0, weights)
    total = w.sum(axis=1)
    s = np.where(w > 0, scores, 0.0)
    return s, w, total


def weighted_arithmetic(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted mean: Σ wᵢ·sᵢ / Σ wᵢ (compensatory: a strength offsets a weakness)."""
    s, w, total = _prepare(scores, weights)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (s * w).sum(axis=1) / total
    out[total <= 0] = np.nan
    return out


def weighted_geometric(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted geometric mean: Π sᵢ^(wᵢ/Σw) (penalises imbalance; any 0 gives 0)."""
    s, w, total = _prepare(scores, weights)
    with np.errstate(invalid="ignore", divide="ignore"):
        logs = np.where(w > 0, np.log(np.where(s > 0, s, 1.0)), 0.0)
        zero = ((s <= 0) & (w > 0)).any(axis=1)
        out = np.exp((logs * w).sum(axis=1) / total)
    out[zero] = 0.0
    out[total <= 0] = np.nan
    return out


def minimum(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Minimum over the children with positive weight (strong sustainability)."""
    present = (weights > 0) & ~np.isnan(scores)
    masked = np.where(present, scores, np.inf)
    out = masked.min(axis=1)
    out[~present.any(axis=1)] = np.nan
    return out


#: The engine computes these rules from their capabilities (``mean``, ``reduce``) child column by
#: child column, with the same arithmetic as the functions above (``tests/test_aggregation.py``).
BUILTIN_AGGREGATORS: tuple[Aggregator, ...] = (
    Aggregator("weighted_arithmetic", weighted_arithmetic, "Weighted arithmetic mean (default).",
               mean=QuasiMean(), interchangeable=("weighted_geometric",),
               label={"vi": "trung bình cộng có trọng số", "en": "weighted arithmetic mean"}),
    Aggregator("weighted_geometric", weighted_geometric, "Weighted geometric mean: penalises imbalance.",
               mean=QuasiMean(np.log, np.exp, zero_absorbs=True), interchangeable=("weighted_arithmetic",),
               label={"vi": "trung bình nhân có trọng số", "en": "weighted geometric mean"}),
    Aggregator("minimum", minimum, "Minimum of the children: strong sustainability.", reduce=np.minimum,
               label={"vi": "giá trị nhỏ nhất", "en": "minimum"}),
)
