"""What keeps a village from the next tier: the overall minimum, pillar minimums, gates that cap it."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..numbers import json_number
from ..published import reaches
from .model import Explanation


def _blockers(exp: Explanation) -> None:
    """What keeps the village from the next tier (score, pillar minimums, gates)."""
    res, i, fw = exp.result, exp.row, exp.framework
    tier = int(res.rating[i])
    if tier < 0:
        exp.note_key = "unrated"
        exp.blockers.append({"kind": "overall", "score": None, "required": None,
                             "missing": _missing(exp, None)})
        return
    if tier == 0:
        exp.note_key = "best"
        return
    target = tier - 1
    exp.target_tier = target
    tt = fw.tiers[target]
    overall = float(res.tree.overall_score[i])
    if not reaches(overall, tt.min_score):
        exp.blockers.append({"kind": "overall", "score": json_number(overall), "required": tt.min_score})
        if np.isnan(overall):
            exp.blockers[-1]["missing"] = _missing(exp, None)
    for k, p in enumerate(fw.pillars):
        required = _pillar_minimum(tt, p.id)
        if required is None or res.tree.pillar_na[i, k]:
            continue
        score = res.tree.pillar_score[i, k]
        if not reaches(score, required):
            exp.blockers.append({"kind": "pillar", "pillar": p.id, "score": json_number(score), "required": required})
            if np.isnan(score):  # no score: its data are missing, the plan cannot change that
                exp.blockers[-1]["missing"] = _missing(exp, p.id)
    tier_pos = {t.id: n for n, t in enumerate(fw.tiers)}
    for g_idx, g in enumerate(fw.gates):
        if res.fired[i, g_idx] and tier_pos[g.cap] > target:
            exp.blockers.append({"kind": "gate", "gate": g.id, "indicator": g.indicator, "rule": g.rule,
                                 "condition": g.condition, "cap": g.cap, "status": res.gate_state(i, g_idx),
                                 **({"limit": g.limit.to_dict()} if g.limit is not None else {})})


def _missing(exp: Explanation, pillar: str | None) -> list[str]:
    """The applicable indicators of ``pillar`` (of every pillar when ``None``) whose value is missing."""
    res, i = exp.result, exp.row
    return [n.id for j, n in enumerate(exp.framework.indicators)
            if (pillar is None or n.pillar == pillar) and res.matrix.applicable[i, j]
            and np.isnan(res.matrix.scores[i, j])]


def missing_data(exp: Explanation) -> list[str]:
    """The pillars (or ``overall``) that block the next tier because they have no score: their data are missing."""
    return [b.get("pillar", "overall") for b in exp.blockers if "missing" in b]


def _pillar_minimum(tier: Any, pillar: str) -> float | None:
    """The score a tier requires of a pillar (the stricter of its general and named minimums)."""
    found = [m for m in (tier.min_pillar_score, tier.min_pillar_scores.get(pillar)) if m is not None]
    return max(found) if found else None


def _shortfall(fw: Any, target: int, out: dict[str, np.ndarray]) -> np.ndarray:
    tt = fw.tiers[target]
    short = np.maximum(0.0, tt.min_score - np.nan_to_num(out["overall"], nan=0.0))
    for k, p in enumerate(fw.pillars):
        required = _pillar_minimum(tt, p.id)
        if required is not None:
            pill = np.where(out["pillar_na"][:, k], required, np.nan_to_num(out["pillars"][:, k], nan=0.0))
            short = short + np.maximum(0.0, required - pill)
    return short
