"""Gates and ratings: the one implementation, for one result or a batch of samples.

Shapes: ``(villages,)`` for an evaluation, ``(samples, villages)`` for a batch of the
sensitivity analysis; pillar arrays carry the pillars first (``(pillars, …, villages)``).
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from ..published import published

__all__ = ["OPS", "GATE_STATUSES", "gate_fires", "gate_statuses", "gate_fires_on", "gate_caps", "rate"]

#: Gate status codes: the rule does not apply, it holds, it is broken, or it cannot be judged because the
#: value is missing (``missing``) or the context its limit depends on is (``unknown``).
GATE_STATUSES = ("not_applicable", "passed", "failed", "missing", "unknown")
NA, PASSED, FAILED, MISSING, UNKNOWN = range(5)

OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt,
       "==": operator.eq, "!=": operator.ne}


def gate_fires(gate: Any, x: np.ndarray, present: np.ndarray, applicable: np.ndarray,
               limit_unknown: np.ndarray | None = None, bound: Any = None) -> np.ndarray:
    """Where the gate fires (:func:`gate_statuses`, then :func:`gate_fires_on`); arrays broadcast."""
    return gate_fires_on(gate, gate_statuses(gate, x, present, applicable, limit_unknown, bound))


def gate_statuses(gate: Any, x: np.ndarray, present: np.ndarray, applicable: np.ndarray,
                  limit_unknown: np.ndarray | None = None, bound: Any = None) -> np.ndarray:
    """Per village-year, the gate's status code (:data:`GATE_STATUSES`).

    ``x`` is compared with ``bound``: the gate's written ``value`` when ``None``, else a
    number or one per village-year (a legal limit, NaN where unknown). Fail-safe: where
    ``limit_unknown`` (no regulation version in force, or a missing context such as the
    discharge column), the rule cannot be judged and is ``unknown`` — whatever the value —
    rather than silently passed; a missing value is ``missing``. Whether those fire is the
    gate's policy (:func:`gate_fires_on`). Arrays broadcast: ``x`` may be (samples, villages).
    """
    with np.errstate(invalid="ignore"):
        holds = OPS[gate.op](x, gate.value if bound is None else bound)
    out = np.where(present, np.where(holds, PASSED, FAILED), MISSING)
    if limit_unknown is not None:
        out = np.where(limit_unknown & (out != MISSING), UNKNOWN, out)
    return np.where(np.asarray(applicable, dtype=bool), out, NA).astype(np.int8)


def gate_fires_on(gate: Any, status: np.ndarray) -> np.ndarray:
    """Where a gate fires: failed; missing under ``on_missing: fire``; unknown under ``on_unknown: fire``."""
    fires = status == FAILED
    if gate.on_missing == "fire":
        fires = fires | (status == MISSING)
    if getattr(gate, "on_unknown", "fire") == "fire":
        fires = fires | (status == UNKNOWN)
    return fires


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
    applicable pillar without a score fails every minimum set on it. Scores are compared as
    published (:func:`villagescore.published.published`, 4 decimals), exactly: a published
    ``60.0`` reaches a minimum of 60, a published ``59.9999`` does not.
    """
    tiers = framework.tiers
    column = {p.id: k for k, p in enumerate(framework.pillars)}
    rating = np.full(overall.shape, len(tiers), dtype=dtype)
    overall = published(overall)
    if any(t.min_pillar_score is not None or t.min_pillar_scores for t in tiers):
        pillars = published(pillars)
    lowest = None
    for t in range(len(tiers) - 1, -1, -1):  # the best tier that qualifies is written last
        tier = tiers[t]
        ok = overall >= tier.min_score
        if tier.min_pillar_score is not None:
            if lowest is None:
                lowest = _lowest_applicable(pillars, pillar_na, overall.shape)
            ok &= lowest >= tier.min_pillar_score
        for pillar, required in tier.min_pillar_scores.items():
            k = column[pillar]
            ok &= pillar_na[k] | (pillars[k] >= required)
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
