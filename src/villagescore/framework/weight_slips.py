"""Sibling weights that look like a slip: a weight of 0, or one over 20 times another (a percentage among fractions).

Weights are relative by design (0.35 beside 0.15 weighs as 35 beside 15), so no weight is
refused; but a pillar weighted 0 counts for nothing, and a criterion weighted 25 beside others of
0.1 to 0.25 (25 % typed among fractions) makes 97 % of its pillar, which only ``framework show``
would reveal. ``validate`` says these as warnings (:class:`WeightSlip`); the file stays valid.

A pillar's ``sector_criteria`` block is one of its criteria here: weighted 0 it gives the
installed sectors' criteria nothing, and beside own criteria all weighted 0 it is the pillar's
only part, so a village-year whose sectors bring no criteria there gets no score in that pillar.
"""

from __future__ import annotations

from typing import Any

from ..catalogue.requires import ProblemAsWarning
from ..errors import Texts, problem
from ..i18n import LANGS, N_

__all__ = ["WeightSlip", "weight_slips", "MOST_RATIO", "SECTOR_BLOCK"]

#: A sibling weighing more than this many times another is said.
MOST_RATIO = 20

#: A sibling weighted 0 beside positive ones, by what the siblings are.
_ZERO = {
    "pillars": N_("pillar {id!r} weighs 0, so it counts for nothing in the overall score: if that is meant, leave "
                  "it; otherwise give it a weight beside the others ({others})"),
    "criteria": N_("criterion {id!r} weighs 0, so it counts for nothing in pillar {parent!r}: if that is meant, "
                   "leave it; otherwise give it a weight beside the others ({others})"),
    "indicators": N_("indicator {id!r} weighs 0, so it counts for nothing in criterion {parent!r}: if that is "
                     "meant, leave it; otherwise give it a weight beside the others ({others})"),
}
#: How a pillar's block of sector criteria is named among its criteria (the key the file writes).
SECTOR_BLOCK = "sector_criteria"
#: The sector block of a pillar weighted 0 beside its positive own criteria.
_ZERO_BLOCK = N_("the sector criteria of pillar {parent!r} weigh 0, so the criteria installed sectors bring count for "
                 "nothing in it: if that is meant, leave it; otherwise give sector_criteria a weight beside the "
                 "others ({others})")
#: A pillar's own criteria all weighted 0 beside a positive sector block.
_ONLY_SECTORS = N_("the own criteria of pillar {parent!r} all weigh 0, so only its sector criteria (weight {block}) "
                   "count: a village-year whose sectors bring no criteria into it gets no {parent!r} score (and "
                   "fails a tier's pillar minimum): if that is meant, leave it; otherwise give its criteria weights")
#: A sibling weighing over :data:`MOST_RATIO` times another.
_RATIO = {
    "pillars": N_("pillar {id!r} weighs {weight}, over 20 times pillar {small_id!r} ({small}), so it makes {share} % "
                  "of the overall score: weights are relative; if {weight} is a percentage among fractions, write "
                  "{fraction}"),
    "criteria": N_("criterion {id!r} weighs {weight}, over 20 times criterion {small_id!r} ({small}), so it makes "
                   "{share} % of pillar {parent!r}: weights are relative; if {weight} is a percentage among "
                   "fractions, write {fraction}"),
    "indicators": N_("indicator {id!r} weighs {weight}, over 20 times indicator {small_id!r} ({small}), so it makes "
                     "{share} % of criterion {parent!r}: weights are relative; if {weight} is a percentage among "
                     "fractions, write {fraction}"),
}
#: … when the heavier or the lighter of the two is a pillar's sector block.
_RATIO_BLOCK = {
    "big": N_("the sector criteria of pillar {parent!r} weigh {weight}, over 20 times criterion {small_id!r} "
              "({small}), so they make {share} % of the pillar where a village's sectors bring criteria: weights are "
              "relative; if {weight} is a percentage among fractions, write {fraction}"),
    "small": N_("criterion {id!r} weighs {weight}, over 20 times the sector criteria of pillar {parent!r} ({small}), "
                "so it makes {share} % of the pillar where a village's sectors bring criteria: weights are relative; "
                "if {weight} is a percentage among fractions, write {fraction}"),
}


class WeightSlip(ProblemAsWarning):
    """A weight that looks like a slip, said by ``validate`` as a warning (``check``: its kind in JSON)."""

    check = "weights"


def weight_slips(framework: Any, name: str) -> list[WeightSlip]:
    """Weights that look slipped among pillars, a pillar's criteria (its sector block too), a criterion's indicators."""
    groups = [("pillars", "", [(p.id, p.weight) for p in framework.pillars])]
    for pillar in framework.pillars:
        own = [(c.id, c.weight) for c in pillar.criteria if not getattr(c, "sector", None)]
        block = [] if pillar.sector_weight is None else [(SECTOR_BLOCK, pillar.sector_weight)]
        groups.append(("criteria", pillar.id, own + block))
    for criterion in framework.criteria:
        groups.append(("indicators", criterion.id, [(n.id, n.weight) for n in criterion.indicators]))
    return [WeightSlip(found) for kind, parent, weights in groups for found in _slips(kind, parent, weights, name)]


def _slips(kind: str, parent: str, weights: list[tuple[str, float]], name: str) -> list[Any]:
    positive = [(ident, w) for ident, w in weights if w > 0]
    if not positive:
        return []  # all 0 (a sector block too): an error of the file, said by resolving
    out = []
    if positive == [(ident, w) for ident, w in weights if ident == SECTOR_BLOCK] and len(weights) > 1:
        out.append(problem(name, "", _ONLY_SECTORS, params={"parent": parent, "block": _texts(positive[0][1])}))
    else:
        for ident, w in weights:
            if w == 0:
                others = Texts({lang: ", ".join(f"{other} {_texts(x)[lang]}" for other, x in positive)
                                for lang in LANGS})
                out.append(problem(name, "", _ZERO_BLOCK if ident == SECTOR_BLOCK else _ZERO[kind],
                                   params={"id": ident, "parent": parent, "others": others}))
    (big_id, big), (small_id, small) = max(positive, key=lambda p: p[1]), min(positive, key=lambda p: p[1])
    if big > MOST_RATIO * small:
        share = round(100 * big / sum(w for _id, w in positive))
        template = _RATIO_BLOCK["big" if big_id == SECTOR_BLOCK else "small"] if SECTOR_BLOCK in (big_id, small_id) \
            else _RATIO[kind]
        out.append(problem(name, "", template, params={
            "id": big_id, "weight": _texts(big), "small_id": small_id, "small": _texts(small), "parent": parent,
            "share": share, "fraction": _number(big / 100)}))  # as the file writes it, with a point
    return out


def _number(x: float) -> str:
    return f"{x:g}"


def _texts(x: float) -> Texts:
    """``0.25`` / ``0,25``: a weight in each language's decimal mark."""
    return Texts({lang: _number(x).replace(".", ",") if lang == "vi" else _number(x) for lang in LANGS})
