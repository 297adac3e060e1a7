"""Sibling weights that look like a slip: a weight of 0, or one over 20 times another (a percentage among fractions).

Weights are relative by design (0.35 beside 0.15 weighs as 35 beside 15), so no weight is
refused; but a pillar weighted 0 counts for nothing, and a criterion weighted 25 beside others of
0.1 to 0.25 (25 % typed among fractions) makes 97 % of its pillar, which only ``framework show``
would reveal. ``validate`` says these as warnings (:class:`WeightSlip`); the file stays valid.
"""

from __future__ import annotations

from typing import Any

from ..catalogue.requires import ProblemAsWarning
from ..errors import Texts, problem
from ..i18n import LANGS, N_

__all__ = ["WeightSlip", "weight_slips", "MOST_RATIO"]

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


class WeightSlip(ProblemAsWarning):
    """A weight that looks like a slip, said by ``validate`` as a warning (``check``: its kind in JSON)."""

    check = "weights"


def weight_slips(framework: Any, name: str) -> list[WeightSlip]:
    """The pillars, a pillar's own criteria and a criterion's indicators whose weights look like a slip."""
    groups = [("pillars", "", [(p.id, p.weight) for p in framework.pillars])]
    for pillar in framework.pillars:
        own = [(c.id, c.weight) for c in pillar.criteria if not getattr(c, "sector", None)]
        groups.append(("criteria", pillar.id, own))
    for criterion in framework.criteria:
        groups.append(("indicators", criterion.id, [(n.id, n.weight) for n in criterion.indicators]))
    return [WeightSlip(found) for kind, parent, weights in groups for found in _slips(kind, parent, weights, name)]


def _slips(kind: str, parent: str, weights: list[tuple[str, float]], name: str) -> list[Any]:
    positive = [(ident, w) for ident, w in weights if w > 0]
    if not positive:
        return []  # all 0: an error of the file, said by resolving
    out = []
    for ident, w in weights:
        if w == 0:
            others = Texts({lang: ", ".join(f"{other} {_texts(x)[lang]}" for other, x in positive) for lang in LANGS})
            out.append(problem(name, "", _ZERO[kind], params={"id": ident, "parent": parent, "others": others}))
    (big_id, big), (small_id, small) = max(positive, key=lambda p: p[1]), min(positive, key=lambda p: p[1])
    if big > MOST_RATIO * small:
        share = round(100 * big / sum(w for _id, w in positive))
        out.append(problem(name, "", _RATIO[kind], params={
            "id": big_id, "weight": _texts(big), "small_id": small_id, "small": _texts(small), "parent": parent,
            "share": share, "fraction": _number(big / 100)}))  # as the file writes it, with a point
    return out


def _number(x: float) -> str:
    return f"{x:g}"


def _texts(x: float) -> Texts:
    """``0.25`` / ``0,25``: a weight in each language's decimal mark."""
    return Texts({lang: _number(x).replace(".", ",") if lang == "vi" else _number(x) for lang in LANGS})
