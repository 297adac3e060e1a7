"""Gates and ratings: the one implementation, for one result or a batch of samples.

Shapes: ``(villages,)`` for an evaluation, ``(samples, villages)`` for a batch of the
sensitivity analysis; pillar arrays carry the pillars first (``(pillars, …, villages)``).
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

__all__ = ["OPS", "gate_fires", "gate_caps", "rate"]

OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt,
       "==": operator.eq, "!=": operator.ne}


def gate_fires(gate: Any, x: np.ndarray, present: np.ndarray, applicable: np.ndarray) -> np.ndarray:
    """Where the gate fires: an applicable value breaks the rule, or is missing (unless ``on_missing: ignore``)."""
    with np.errstate(invalid="ignore"):
        holds = OPS[gate.op](x, gate.value)
    fails = present & ~holds
    if gate.on_missing == "fire":
        fails = fails | ~present
    return applicable & fails


def gate_caps(framework: Any, fired: np.ndarray) -> np.ndarray:
    """The best tier index each village-year may reach: the worst cap among the gates that fired (…, gates)."""
    position = {t.id: i for i, t in enumerate(framework.tiers)}
    cap = np.zeros(fired.shape[:-1], dtype=int)
    for g, gate in enumerate(framework.gates):
        cap = np.where(fired[..., g], np.maximum(cap, position[gate.cap]), cap)
    return cap


def rate(framework: Any, overall: np.ndarray, pillars: np.ndarray, pillar_na: np.ndarray, cap: np.ndarray,
         *, dtype: Any = int) -> np.ndarray:
    """The outcome: the best tier whose minimums hold and that no fired gate forbids.

    Returns the tier index, ``len(tiers)`` for the framework's unrated outcome, ``-1`` where
    the overall score is missing. A pillar that does not apply (``pillar_na``) is ignored; an
    applicable pillar without a score fails every minimum set on it.
    """
    tiers = framework.tiers
    column = {p.id: k for k, p in enumerate(framework.pillars)}
    rating = np.full(overall.shape, len(tiers), dtype=dtype)
    lowest = None
    for t in range(len(tiers) - 1, -1, -1):  # the best tier that qualifies is written last
        tier = tiers[t]
        ok = overall >= tier.min_score - 1e-9
        if tier.min_pillar_score is not None:
            if lowest is None:
                lowest = _lowest_applicable(pillars, pillar_na, overall.shape)
            ok &= lowest >= tier.min_pillar_score - 1e-9
        for pillar, required in tier.min_pillar_scores.items():
            k = column[pillar]
            ok &= pillar_na[k] | (pillars[k] >= required - 1e-9)
        ok &= t >= cap
        rating[ok] = t
    rating[np.isnan(overall)] = -1
    return rating


def _lowest_applicable(pillars: np.ndarray, pillar_na: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """The lowest score among applicable pillars (NaN when one of them has none; +inf when none applies)."""
    lowest = np.full(shape, np.inf)
    for k in range(pillars.shape[0]):
        na = np.broadcast_to(pillar_na[k], shape)
        if na.all():
            continue
        score = np.where(na, np.inf, pillars[k]) if na.any() else pillars[k]
        np.minimum(lowest, score, out=lowest)  # NaN (an applicable pillar without a score) fails every minimum
    return lowest
