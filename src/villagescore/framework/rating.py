"""The rating of a framework: its tiers, best first, and the outcome when no tier qualifies."""

from __future__ import annotations

from typing import Any

from ..i18n import N_
from ..model import Tier

__all__ = ["resolve_tiers"]


def resolve_tiers(resolver: Any, pillar_ids: set[str]) -> tuple[tuple[Tier, ...], Tier | None]:
    """The rating tiers of ``resolver``'s document and its unrated outcome (problems go to ``resolver``)."""
    rating = resolver.doc["rating"]
    tiers = []
    seen: dict[str, str] = {}
    previous = None
    overlaid = resolver.overlaid
    for i, t in enumerate(rating["tiers"]):
        path = f"$.rating.tiers[{i}]"
        resolver.unique(seen, t["id"], path, "tier")
        if previous is not None and t["min_score"] >= previous:
            at = f"{path}.min_score"
            above = f"$.rating.tiers[{i - 1}].min_score"
            if above in overlaid and at not in overlaid:  # said where the overlay set the score that breaks the order
                at = above
            resolver.problem(at, N_("tiers must be listed best first with strictly decreasing "
                                                     "min_score ({score} ≥ {previous})"),
                             params={"score": t["min_score"], "previous": previous})
        previous = t["min_score"]
        named = {k: float(v) for k, v in t.get("min_pillar_scores", {}).items()}
        for key in sorted(set(named) - pillar_ids):
            resolver.unknown(f"{path}.min_pillar_scores.{key}", N_("unknown pillar {pillar!r}"), key,
                             sorted(pillar_ids), {"pillar": key})
        pillar_min = t.get("min_pillar_score")
        tiers.append(Tier(t["id"], t["label"], float(t["min_score"]),
                          None if pillar_min is None else float(pillar_min), named))
    unrated = None
    if "unrated" in rating:
        spec = rating["unrated"]
        resolver.unique(seen, spec["id"], "$.rating.unrated", "tier")
        unrated = Tier(spec["id"], spec["label"], 0.0)
    elif tiers and not tiers[-1].unconditional:
        last = len(tiers) - 1
        where = f"$.rating.tiers[{last}]" + (".min_score" if tiers[-1].min_score > 0 else "")
        resolver.problem(where, N_("the last tier must have min_score 0 and no pillar minimum, so that every scored "
                                   "village gets a tier; or declare the outcome when no tier qualifies in "
                                   "rating.unrated"), params={})
    return tuple(tiers), unrated
